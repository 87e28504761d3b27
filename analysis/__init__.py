"""Indicators, mismatch metrics and spatial statistics for RIES Atlas.

`analysis` is a pure library: it may use `geo`, and it never imports streamlit.
"""

import geo  # noqa: F401 - geo keeps libpysal, esda and mapclassify numba-free (geo/_numba.py); first, always
