"""Korean administrative boundaries, region codes and map building for RIES Atlas.

`geo` is a pure library: it never imports streamlit and never imports `analysis`.
"""
