"""``python -m analysis``: the command-line entry point, kept under the library's name.

This file is the one exception to the layering rule (``analysis`` never imports ``report``/``cli``): it is a
program, never imported by library code, and only hands over to :mod:`cli`, which sits above ``report``.
"""

from cli import main

raise SystemExit(main())
