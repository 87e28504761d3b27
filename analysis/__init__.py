"""Indicators, mismatch metrics and spatial statistics for RIES Atlas.

`analysis` is a pure library: it may use `geo`, and it never imports streamlit.
"""
