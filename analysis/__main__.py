"""``python -m analysis``: the command-line entry point, kept under the library's name.

This file is the one exception to the layering rule (``analysis`` never imports ``report``/``cli``): it is a
program, never imported by library code, and only hands over to :mod:`cli`, which sits above ``report``.
"""

if __name__ == "__main__":  # guarded: Dask's local worker processes are spawned and re-import the main module
    from cli import main

    raise SystemExit(main())
