"""Sub-commands of ``python -m analysis``; one module per command (see :mod:`cli`)."""
