"""The page's interactive maps: the indicator choropleth, tooltips, region names, and showing a map.

Builders return a ``folium.Map`` (:func:`build_map`); :func:`show` puts one on the page with the ``st_folium``
component and follows a click into the shared selection (:mod:`ui.selection`); :func:`show_cached` does the same
with the map's document rendered once per view (:mod:`ui.map_component`). Drawing primitives are :mod:`geo.maps`.
"""

from __future__ import annotations

from collections.abc import Callable

import folium
import pandas as pd
import streamlit as st

from analysis import views
from analysis.ranks import Rank
from geo import maps
from geo.names import both_place_names
from lang import attr, t
from lang.numbers import unit_formatter
from ui import data, map_component
from ui.choices import label_of
from ui.colors import OVERLAY_COLORS
from ui.selection import follow_click


def region_name(gdf, code: str, lang: str) -> str:
    """Name of a region in both languages, the page's first, by the naming rule (:mod:`geo.names`):
    ``서울 중구 · Jung-gu, Seoul``."""
    return str(both_place_names(gdf.loc[[code]], lang).iloc[0])


def tooltips(gdf, view: views.IndicatorView, lang: str) -> pd.Series:
    """Tooltip HTML per region: name, value with unit, rank, year, source (all escaped)."""
    fmt = unit_formatter(view.unit, lang)
    vals = view.values.reindex(gdf.index)
    source = data.source_line(view.indicator, view.level, view.year)
    ranks = vals.rank(ascending=False, method="min")
    n = int(vals.notna().sum())
    units = len(gdf)
    label = attr(view, "label", lang)
    out = {}
    for code in gdf.index:
        v = vals.get(code)
        rank = "—" if pd.isna(ranks.get(code)) else Rank(int(ranks[code]), n, max(units, n)).text(lang)
        out[code] = maps.tooltip_table(
            {
                label: fmt(v),
                t("rank", lang): rank,
                t("year", lang): str(view.year),
                t("source", lang): source,
            },
            region_name(gdf, code, lang),
        )
    return pd.Series(out)


def build_map(
    view: views.IndicatorView,
    gdf,
    classes,
    lang: str,
    *,
    selected: str | None = None,
    overlays: list[views.IndicatorView] | tuple = (),
    tiles: bool = False,
    pooled: bool = False,
) -> folium.Map:
    """The Map tab's folium map: choropleth of ``view``, overlay circles, capital outline, legend, layers."""
    fmt = unit_formatter(view.unit, lang)
    m = maps.base_map(tuple(gdf.total_bounds), tiles=tiles, assets_url=data.STATIC_URL, lang=lang)
    label = attr(view, "label", lang)
    maps.add_regions(m, gdf, classes.fills(),
                     tooltip_html=tooltips(gdf, view, lang), name=label, selected=selected)
    for color, ov in zip(OVERLAY_COLORS, overlays, strict=False):
        maps.add_circles(m, gdf, ov.values, name=f"○ {label_of(ov.indicator, lang)}", color=color,
                         tooltip_html=tooltips(gdf, ov, lang), show=True)
    maps.add_capital_outline(m, data.sido_outline(), label=t("capital", lang))
    note = t("pooled_note", lang) if pooled else ""
    maps.add_legend(m, f"{label} ({view.year})", maps.class_legend_items(
        classes, fmt, missing_label=t("no_data", lang)), note=note)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


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
                overlay: folium.FeatureGroup | None = None) -> dict | None:
    """:func:`show` the map ``build()`` returns, rendered once per ``view_key`` and shared by every session.

    ``view_key`` holds every setting the map depends on (hashable); the selection is not one of them (it is
    the ``overlay``, drawn over the cached map as in :func:`show`). Rendering the map is most of a rerun's server
    time (``bench/results.md``, "where the time goes"); a returning visitor gets the document from the cache. Only
    the bundled store's maps are cached; a session with uploads renders its own (it never enters a process-wide
    cache, as in :mod:`ui.data`).
    """
    s = data.store()
    doc = map_component.document(build(), key) if s.user else _document(s.key, view_key, key, build)
    return _display(doc, key, height, overlay)


@st.cache_data(show_spinner=False, max_entries=64)
def _document(store_key: str, view_key: tuple, key: str, _build: Callable[[], folium.Map]
              ) -> map_component.MapDocument:
    return map_component.document(_build(), key)


def _display(doc: map_component.MapDocument, key: str, height: int,
             overlay: folium.FeatureGroup | None) -> dict | None:
    result = map_component.show(doc, key, height=height, returned_objects=["last_active_drawing"], overlay=overlay)
    follow_click(result)
    return result
