"""Wheel build hook: what the atlas needs beside its Python packages, laid out as in the repository.

The packages find their files relative to themselves (``geo/boundaries.py`` reads ``../data/boundaries``) and
``ui.serve`` runs ``../app.py`` with Streamlit, which reads ``.streamlit/config.toml`` beside the script and serves
``static/`` beside it. So the wheel puts, next to the packages (metadata in ``pyproject.toml``):

* ``data/**`` (boundaries, indicators, codes, weights and their provenance notes);
* ``.streamlit/config.toml`` (static serving for Leaflet, upload limit, theme);
* ``static/leaflet`` (and ``static/leaflet/markercluster``): Leaflet from the xstatic packages that
  ``[build-system] requires`` pins to the releases in ``requirements.txt``, the layout ``geo.offline.copy_assets``
  writes at run time in a checkout. An installed app then finds them current and writes nothing, so a read-only
  site-packages works.

``MANIFEST.in`` puts the same files in the source distribution, so a wheel built from it is complete.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
FILES = [".streamlit/config.toml"]
TREES = ["data"]


class BuildPy(build_py):
    """``build_py`` plus the data tree, the Streamlit config and the Leaflet static files."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install runs from the checkout, which has them all
            return
        out = Path(self.build_lib)
        for rel in FILES:
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / rel, out / rel)
        for rel in TREES:
            shutil.copytree(ROOT / rel, out / rel, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        import xstatic.pkg.leaflet as leaflet
        import xstatic.pkg.leaflet_markercluster as cluster

        static = out / "static" / "leaflet"
        shutil.copytree(leaflet.BASE_DIR, static, dirs_exist_ok=True)
        shutil.copytree(cluster.BASE_DIR, static / "markercluster", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPy})
