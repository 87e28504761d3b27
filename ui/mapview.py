"""Showing the page's interactive maps: the Map tab's choropleth, region names, and a map on the page.

The builders are :mod:`geo.mapkinds` (one per kind of map, shared with the HTML export); :func:`build_map` hands
the Map tab's choices to the indicator one. :func:`show` puts a map on the page with the ``st_folium``
component and follows a click into the shared selection (:mod:`ui.selection`); :func:`show_cached` does the same
with the map's document rendered once per view (:mod:`ui.map_component`).
"""

from __future__ import annotations

from collections.abc import Callable

import folium
import streamlit as st

from analysis import views
from geo import mapkinds
from geo.names import both_place_names
from lang import attr, t
from ui import data, map_component
from ui.choices import label_of
from ui.colors import OVERLAY_COLORS
from ui.selection import follow_click


def region_name(gdf, code: str, lang: str) -> str:
    """Name of a region in both languages, the page's first, by the naming rule (:mod:`geo.names`):
    ``서울 중구 · Jung-gu, Seoul``."""
    return str(both_place_names(gdf.loc[[code]], lang).iloc[0])


def build_map(
    view: views.IndicatorView,
    gdf,
    classes,
    lang: str,
    *,
    overlays: list[views.IndicatorView] | tuple = (),
    tiles: bool = False,
    pooled: bool = False,
) -> folium.Map:
    """The Map tab's folium map: :func:`geo.mapkinds.indicator_map` of ``view`` with the overlays picked, the
    capital outline, the sido borders below the sido and the source line (the HTML export builds the same map:
    :mod:`report.exports`)."""
    return mapkinds.indicator_map(
        view, gdf, classes, lang=lang, source=data.source_line(view.indicator, view.level, view.year, lang),
        capital=data.sido_outline(), tiles=tiles, assets_url=data.STATIC_URL,
        note=t("pooled_note", lang) if pooled else "",
        overlays=[mapkinds.Overlay(ov, color, label_of(ov.indicator, lang))
                  for color, ov in zip(OVERLAY_COLORS, overlays, strict=False)],
        overlay_sources={attr(ov, "label", lang): data.source_line(ov.indicator, ov.level, ov.year, lang)
                         for ov in overlays})


def show(m: folium.Map, key: str, height: int, *, overlay: folium.FeatureGroup | None = None) -> dict | None:
    """Put ``m`` on the page (pans and zooms do not rerun the script); a click selects that region.

    Build ``m`` without the selection and pass the selection's layer as ``overlay``
    (:func:`geo.maps.selection_outline`, with any layer that follows the selection such as a region's peers):
    a new selection then changes only that layer, so the map keeps the user's zoom instead of being drawn anew.

    Returns
    -------
    dict or None
        The component's value (``st_folium``'s), after following a click.
    """
    return _display(map_component.document(m, key), key, height, overlay)


def show_cached(build: Callable[[], folium.Map], view_key: tuple, key: str, height: int, *,
                overlay: folium.FeatureGroup | None = None,
                focus: tuple[tuple[float, float], int] | None = None) -> dict | None:
    """:func:`show` the map ``build()`` returns, rendered once per ``view_key`` and shared by every session.

    ``view_key`` holds every setting the map depends on (hashable); the selection is not one of them (it is
    the ``overlay``, drawn over the cached map as in :func:`show`). Rendering the map is most of a rerun's server
    time (``bench/results.md``, "where the time goes"); a returning visitor gets the document from the cache. Only
    the bundled store's maps are cached; a session with uploads renders its own (it never enters a process-wide
    cache, as in :mod:`ui.data`). ``focus``: move the map to ``((lat, lon), zoom)`` (a region found by name).
    """
    s = data.store()
    doc = map_component.document(build(), key) if s.user else _document(s.key, view_key, key, build)
    return _display(doc, key, height, overlay, focus)


@st.cache_data(show_spinner=False, max_entries=64)
def _document(store_key: str, view_key: tuple, key: str, _build: Callable[[], folium.Map]
              ) -> map_component.MapDocument:
    return map_component.document(_build(), key)


def _display(doc: map_component.MapDocument, key: str, height: int,
             overlay: folium.FeatureGroup | None, focus: tuple[tuple[float, float], int] | None = None) -> dict | None:
    result = map_component.show(doc, key, height=height, returned_objects=["last_active_drawing"], overlay=overlay,
                                focus=focus)
    follow_click(result)
    return result
