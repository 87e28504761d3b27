"""The page (Streamlit): one module per tab, and what the tabs share.

Importing the package (``app.py`` and ``python -m ui.serve`` do, before any library) points numba's cache at a
writable directory first (:func:`analysis.caches.configure_numba`).
"""

from analysis.caches import configure_numba as _configure_numba

_configure_numba()
