"""A folium map on the page in two halves: its document (cacheable) and its display (the ``st_folium`` component).

``streamlit_folium.st_folium(m)`` does two things on every rerun: it renders the folium map into the strings its
frontend needs (Jinja templates, the GeoJSON serialised to JSON, regular expressions over the whole script,
a SHA-256 of it), then sends them to the component. For the Map tab that first half cost 0.25–0.8 s per rerun
at 17–229 polygons on the shared 2-core machine (``bench/results.md``, "where the time goes") although the
strings only change with the view. :func:`document` does the first half with streamlit-folium's own helpers and
returns the strings as a :class:`MapDocument`, which a page can cache per view; :func:`show` does the second
half, exactly as ``st_folium`` would (same component, same arguments, same return value).

Hand-written because streamlit-folium has no public API for it; it follows ``st_folium`` of streamlit-folium
0.27 (``requirements.txt`` pins ``<0.28``), and ``tests/test_map_component.py`` checks that both give the
component the same arguments.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import folium
import folium.elements
import streamlit as st
import streamlit_folium as sf

__all__ = ["MapDocument", "document", "show"]

_KEEP_VIEW = """
(function (map, key) {
    // the view the user chose on this map widget, kept for the browser tab: a redrawn map (another year,
    // indicator or level) opens where the user was instead of at the full extent
    try {
        var saved = JSON.parse(window.sessionStorage.getItem(key));
        if (saved) { map.setView(saved.center, saved.zoom, {animate: false}); }
    } catch (e) {}
    map.on("moveend", function () {
        try {
            var c = map.getCenter();
            window.sessionStorage.setItem(key, JSON.stringify({center: [c.lat, c.lng], zoom: map.getZoom()}));
        } catch (e) {}
    });
})(map_div, %s);
"""


@dataclass(frozen=True)
class MapDocument:
    """What the ``st_folium`` frontend needs to draw one map: strings only, so it caches and pickles.

    Attributes
    ----------
    script : str
        The Leaflet script (``map_div`` and its layers).
    header : str
        The ``<head>`` additions (styles) without external links.
    html : str
        Extra HTML of the map (legend and other macro elements).
    id : str
        The map's element id.
    js_links, css_links : tuple of str
        Scripts and stylesheets the frame loads (local Leaflet for our maps).
    bounds : tuple
        ``((south, west), (north, east))`` of the map's layers.
    zoom : int or None
        The map's initial zoom.
    key : str
        The component's key: ``st_folium``'s hash of the script (random element ids left out) and the widget key.
    """

    script: str
    header: str
    html: str
    id: str
    js_links: tuple[str, ...]
    css_links: tuple[str, ...]
    bounds: tuple
    zoom: int | None
    key: str


def document(m: folium.Map, key: str) -> MapDocument:
    """Render ``m`` into the strings ``st_folium`` would send (``m`` is modified: use a fresh map).

    Parameters
    ----------
    m : folium.Map
        A map as a builder returns it.
    key : str
        The widget key the map will be shown under (see :func:`show`).

    Returns
    -------
    MapDocument
    """
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    bounds = _fitted_bounds(m)
    if bounds is None:
        try:
            bounds = m.get_bounds()
        except AttributeError:
            bounds = [[None, None], [None, None]]
    css: list[str] = []
    js: list[str] = []
    for elem in _walk(m):
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    return MapDocument(
        script=script, header=header, html=html, id=sf.get_full_id(m),
        js_links=tuple(dict.fromkeys(js)), css_links=tuple(dict.fromkeys(css)),
        bounds=(tuple(bounds[0]), tuple(bounds[1])), zoom=m.options.get("zoom"),
        key=sf.generate_js_hash(script, key, False),
    )


def _fitted_bounds(m: folium.Map) -> list[list[float]] | None:
    """The box ``m`` is fitted to (``fit_bounds``, as every builder of :mod:`geo.mapkinds` does with its regions'
    extent), or None. ``st_folium`` reports ``m.get_bounds()`` (the layers' extent) before the first move, which
    walks every coordinate in Python: 0.1 s of a first si-gun-gu map's 0.5 s (issue 28). For a map of the whole
    country the two are the same box; a map of some sido gives its own box, not that of the borders drawn round
    it. No page here asks for the bounds back."""
    fits = [c for c in m._children.values() if isinstance(c, folium.map.FitBounds)]
    return [[float(v) for v in p] for p in fits[-1].bounds] if fits else None


def _walk(fig):
    # st_folium also adds d3 from a CDN for branca colormaps; our maps draw their legends as HTML instead
    if isinstance(fig, folium.elements.JSCSSMixin):
        yield fig
    for child in getattr(fig, "_children", {}).values():
        yield from _walk(child)


def show(doc: MapDocument, key: str, *, height: int = 700, width: int | None = None,
         returned_objects: Iterable[str] | None = None, overlay: folium.FeatureGroup | None = None,
         keep_view: bool = True, focus: tuple[tuple[float, float], int] | None = None) -> dict | None:
    """Display ``doc`` with the ``st_folium`` component; returns what ``st_folium`` returns.

    Parameters
    ----------
    doc : MapDocument
        From :func:`document`.
    key : str
        Widget key, as for ``st_folium`` (the map's last result is kept in ``st.session_state[key]``); the one
        the document was made for.
    height : int
        Height in pixels.
    width : int or None
        Width in pixels; None fills the column (``st_folium``'s ``width``).
    returned_objects : iterable of str, optional
        Which interactions rerun the script and are returned (``st_folium``'s argument).
    overlay : folium.FeatureGroup, optional
        A layer drawn over the document and changed without drawing the map anew (``st_folium``'s
        ``feature_group_to_add``): the map keeps the user's zoom and position when only this layer changes.
    keep_view : bool
        Open a redrawn map (another year, indicator, level) at the zoom and position the user last chose on
        this widget in this browser tab (kept in the frame's ``sessionStorage`` under the widget key), instead
        of the map's full extent. The component's key is the document's, so the map is still drawn anew.
    focus : ((lat, lon), zoom), optional
        Move the shown map there (``st_folium``'s ``center`` and ``zoom``: the frame moves when they differ from
        the last ones it was given, without drawing the map anew). Pass it once, on the run that asks for it.

    Returns
    -------
    dict or None
    """
    (south, west), (north, east) = doc.bounds
    defaults = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}},
        "zoom": doc.zoom,
        "last_circle_radius": None,
        "last_circle_polygon": None,
        "selected_layers": None,
        "selected_tags": None,
        "last_geocoder_result": None,
    }
    if returned_objects is not None:
        returned_objects = list(returned_objects)
        defaults = {k: v for k, v in defaults.items() if k in returned_objects}
    hash_key = doc.key
    # st_folium's own conversion; it only needs a map to attach the group to and names that map "map_div"
    feature_group = None if overlay is None else sf._get_feature_group_string(overlay, folium.Map(tiles=None))

    def _on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

    script = doc.script + (_KEEP_VIEW % json.dumps(f"ries-view:{key}") if keep_view else "")
    return sf._component_func(
        script=script, header=doc.header, html=doc.html, id=doc.id, key=hash_key, height=height,
        width=width, returned_objects=returned_objects, default=defaults,
        zoom=None if focus is None else int(focus[1]), center=None if focus is None else list(focus[0]),
        feature_group=feature_group, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(doc.css_links), js_links=list(doc.js_links), on_change=_on_change, wrap_longitude=False,
    )
