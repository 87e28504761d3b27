"""Korean administrative boundaries, region codes and map building for RIES Atlas.

`geo` is a pure library: it never imports streamlit and never imports `analysis`.
"""

from geo._numba import import_without_numba

import_without_numba()  # before anything imports libpysal, esda or mapclassify with numba (see geo/_numba.py)
