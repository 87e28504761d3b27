"""Offline web assets: Leaflet served from the installed ``xstatic-leaflet`` package, never from a CDN.

folium asks for Leaflet, jQuery, Bootstrap and Font Awesome from CDNs. A RIES Atlas map needs only Leaflet's
JS and CSS, so :func:`use_local_assets` replaces folium's asset lists with Leaflet alone at a local URL, and
:func:`standalone_html` inlines Leaflet into a single HTML file that opens with no network.

folium's marker-cluster plugin asks cdnjs for Leaflet.markercluster; :func:`use_local_plugin_assets` points it
at the copy from the installed ``xstatic-leaflet-markercluster`` package (copied by :func:`copy_assets` into
``markercluster/`` beside Leaflet).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import folium
import xstatic.pkg.leaflet as _xleaflet
import xstatic.pkg.leaflet_markercluster as _xcluster

LEAFLET_VERSION: str = _xleaflet.VERSION
"""Version of the bundled Leaflet (folium 0.20 requests 1.9.3)."""

_ASSET_FILES = ("leaflet.js", "leaflet.css")
_CLUSTER_FILES = ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")
MARKERCLUSTER_VERSION: str = _xcluster.VERSION
"""Version of the bundled Leaflet.markercluster."""


def leaflet_dir() -> Path:
    """Folder of the installed Leaflet distribution (``leaflet.js``, ``leaflet.css``, ``images/``).

    Examples
    --------
    >>> (leaflet_dir() / "leaflet.js").exists()
    True
    """
    return Path(_xleaflet.BASE_DIR)


def copy_assets(dest: Path) -> Path:
    """Copy Leaflet's JS, CSS and marker images into ``dest`` (created if needed) unless already current.

    Parameters
    ----------
    dest : Path
        Target folder, e.g. the Streamlit app's ``static/leaflet`` folder.

    Returns
    -------
    Path
        ``dest``.
    """
    src = leaflet_dir()
    dest.mkdir(parents=True, exist_ok=True)
    for name in _ASSET_FILES:
        target = dest / name
        if not target.exists() or target.stat().st_size != (src / name).stat().st_size:
            shutil.copyfile(src / name, target)
    images = dest / "images"
    if not images.exists():
        shutil.copytree(src / "images", images)
    cluster_src, cluster_dest = Path(_xcluster.BASE_DIR), dest / "markercluster"
    cluster_dest.mkdir(exist_ok=True)
    for name in _CLUSTER_FILES:
        target = cluster_dest / name
        if not target.exists() or target.stat().st_size != (cluster_src / name).stat().st_size:
            shutil.copyfile(cluster_src / name, target)
    return dest


def use_local_plugin_assets(element: folium.MacroElement, base_url: str) -> folium.MacroElement:
    """Make a folium marker-cluster element load Leaflet.markercluster from ``base_url/markercluster``.

    Parameters
    ----------
    element : folium.plugins.MarkerCluster or FastMarkerCluster
        Modified in place (its class asks cdnjs).
    base_url : str
        The folder given to :func:`use_local_assets`.

    Returns
    -------
    folium.MacroElement
        The same element.
    """
    base = base_url.rstrip("/") + "/markercluster"
    element.default_js = [("markerclusterjs", f"{base}/leaflet.markercluster.js")]
    element.default_css = [("markerclustercss", f"{base}/MarkerCluster.css"),
                           ("markerclusterdefaultcss", f"{base}/MarkerCluster.Default.css")]
    return element


def use_local_assets(m: folium.Map, base_url: str) -> folium.Map:
    """Make ``m`` load Leaflet from ``base_url`` and nothing from the network.

    Parameters
    ----------
    m : folium.Map
        The map; modified in place.
    base_url : str
        URL folder where ``leaflet.js`` and ``leaflet.css`` are served, e.g. ``"/app/static/leaflet"``.

    Returns
    -------
    folium.Map
        The same map, for chaining.
    """
    base = base_url.rstrip("/")
    m.default_js = [("leaflet", f"{base}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{base}/leaflet.css")]
    return m


def standalone_html(m: folium.Map, title: str = "RIES Atlas") -> str:
    """Render ``m`` as one HTML document with Leaflet inlined, for use with no network.

    Parameters
    ----------
    m : folium.Map
        A map built by :mod:`geo.maps`; its asset lists are replaced by the inlined Leaflet.
    title : str
        The document title (HTML-escaped).

    Returns
    -------
    str
        A complete HTML document that references no external URL for scripts or styles.
    """
    import html

    m.default_js = []
    m.default_css = []
    src = leaflet_dir()
    js = (src / "leaflet.js").read_text(encoding="utf-8")
    css = (src / "leaflet.css").read_text(encoding="utf-8")
    doc = m.get_root().render()
    inline = f"<style>{css}</style>\n<script>{js}</script>\n"
    doc = doc.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>\n{inline}", 1)
    return doc
