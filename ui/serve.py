"""Start RIES Atlas with its libraries loaded before the server listens (what ``make run`` does).

``streamlit run app.py`` imports a page's libraries only when the first visitor's script runs, so on a fresh
server the first map waited for ~4 s of imports and file reads (mapclassify → scikit-learn and SciPy, geopandas,
folium, the bundled indicator table and boundaries). This launcher does that work first, in the same process,
then hands over to Streamlit's own command line; the first visitor finds it done (``bench/results.md``:
first map painted on a fresh server, both ways).

Usage::

    python -m ui.serve [streamlit run options, e.g. --server.port 8501]
"""

from __future__ import annotations

import gc
import importlib
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"

#: Libraries whose imports the first script run would otherwise pay for. Streamlit itself is not among them:
#: it must first be configured by its command line (static file serving for Leaflet, upload limit).
PRELOAD = ("geo.maps", "geo.mapkinds", "geo.classify", "lang.numbers", "analysis.views", "analysis.store", "analysis.compare",
           "altair")

#: ``streamlit run`` options for serving rather than developing (any given on the command line wins). Both cost
#: every first visit time before the map iframe appears (``bench/results.md``, "where the time goes"):
#: the file watcher scans every imported module (~3,300 after the preload) for each new session, ~1 s holding the
#: event loop; the forced full garbage collection after each script run holds the GIL while the last messages
#: wait to be sent (0.6 s over the preloaded libraries' objects, which :func:`preload` also freezes).
SERVE_OPTIONS = {"--server.fileWatcherType": "none", "--runner.postScriptGC": "false"}


def preload() -> None:
    """Import the libraries and read the bundled files the first map needs into the libraries' caches."""
    for name in PRELOAD:
        importlib.import_module(name)
    from analysis.store import bundled
    from geo import boundaries

    store = bundled()  # catalogue, values (derived), sources: loaded and validated once per process
    for level in ("sido", "sigungu"):
        boundaries.load_boundaries(level, resolution="web")
        # which years of every indicator are complete (the 229-unit view dissolved on the way): each page view
        # picks its default indicator and year from them; two thirds of a first si-gun-gu view's server time
        store.coverage(level)
    gc.collect()
    gc.freeze()


def main(argv: list[str] | None = None) -> int:
    """Preload, then run ``streamlit run app.py`` with ``argv`` as its options."""
    preload()
    from streamlit.web import cli

    argv = list(sys.argv[1:] if argv is None else argv)
    for option, value in SERVE_OPTIONS.items():
        if not any(a.split("=")[0] == option for a in argv):
            argv = [option, value, *argv]
    sys.argv = ["streamlit", "run", str(APP), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
