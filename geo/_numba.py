"""Keep libpysal, esda and mapclassify on their NumPy code paths although numba is installed.

numba is in the environment only because PySAL giddy needs quantecon, which needs numba. Where numba is
importable, libpysal, esda and mapclassify switch to numba kernels at import: esda then draws its permutation
tables from numba's random generator (so ``analysis.permutation``, which reproduces esda's pseudo p-values,
no longer matches it: ``tests/test_permutation.py``) and mapclassify compiles its Fisher-Jenks kernel on every
start (measured: imports of ``analysis.compare`` + ``geo.classify`` 17.9 s with numba against 8.4 s without, on
the shared 2-core machine). :func:`import_without_numba` imports those modules once with numba hidden, so they
use their fallbacks, exactly as before giddy; quantecon still gets the real numba when giddy is imported.
"""

from __future__ import annotations

import importlib
import sys

NUMBA_FREE: tuple[str, ...] = (
    "libpysal.common", "libpysal.graph._utils", "libpysal.graph._triangulation", "libpysal.weights.gabriel",
    "esda.crand", "esda.significance", "mapclassify.classifiers",
)
"""Modules whose ``try: from numba import ...`` must take the fallback."""


def import_without_numba(modules: tuple[str, ...] = NUMBA_FREE) -> None:
    """Import ``modules`` (those not imported yet) with ``numba`` hidden from them."""
    todo = [m for m in modules if m not in sys.modules]
    if not todo:
        return
    saved = sys.modules.get("numba")
    sys.modules["numba"] = None  # `from numba import njit` raises ImportError: the libraries use their fallbacks
    try:
        for name in todo:
            try:
                importlib.import_module(name)
            except ImportError:  # an optional submodule missing in this version: nothing to protect
                continue
    finally:
        if saved is None:
            del sys.modules["numba"]
        else:
            sys.modules["numba"] = saved
