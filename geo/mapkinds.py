"""One builder per kind of map: an indicator's choropleth, the mismatch ln M, clusters, location quotients, the
change between two years, and point files (the points and their count per region).

Each builder returns a :class:`folium.Map`; the page displays it (``st_folium``) and the HTML export writes it
(:func:`report.exports.standalone_map_html`), so a map reads the same wherever it is shown. Classes and colours
come from :mod:`geo.classify`, drawing primitives and escaping from :mod:`geo.maps`, region names from the naming
rule (:func:`geo.names.both_place_names`: "울산 북구 · Buk-gu, Ulsan" in every tooltip), numbers from
:mod:`lang.numbers` and words from :mod:`lang` in the page's language. Builders take plain values (a Series per
region, a frame of LISA results) or an object shaped like :class:`analysis.views.IndicatorView`, so ``geo``
needs nothing from the layers above it.

Examples
--------
>>> from geo.boundaries import load_boundaries
>>> import pandas as pd
>>> sido = load_boundaries("sido")
>>> shares = pd.DataFrame({"share_x": 1 / 17, "share_y": 1 / 17, "log_ratio": 0.0}, index=sido.index)
>>> m = log_ratio_map(sido, shares.assign(log_ratio=range(17)), year=2020, x_name="R&D", y_name="Firms",
...                   lang="en", assets_url=None)
>>> type(m).__name__
'Map'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo import maps
from geo.classify import (
    CLUSTER_LINE,
    Classification,
    classify,
    cluster_fills,
    difference_classes,
    lq_classification,
    mismatch_classes,
    palette,
)
from geo.names import both_place_names
from lang import attr, t
from lang.numbers import count, number, rank_texts, unit_formatter

__all__ = ["LOCAL_ASSETS", "MAX_MARKERS", "Overlay", "cluster_map", "count_map", "difference_map", "indicator_map",
           "log_ratio_map", "lq_map", "points_map", "surplus_note"]

LOCAL_ASSETS = "/app/static/leaflet"
"""Where the page serves Leaflet (:func:`geo.maps.base_map`); ``None`` for a file that inlines it."""

MAX_MARKERS = 20_000
"""Most points drawn one by one (clustered); larger files are drawn as cells of :data:`POINT_CELL` degrees."""

POINT_PAD = 0.02
"""Degrees added round a point file's positions when fitting the map (never a zero-size box)."""
POINT_CELL = 0.05
"""Side of a point cell in degrees (:func:`points_map` beyond :data:`MAX_MARKERS` points)."""


class Shown(Protocol):
    """What an indicator map reads of a view (:class:`analysis.views.IndicatorView`)."""

    values: pd.Series
    year: int
    label_ko: str
    label_en: str
    unit: object


@dataclass(frozen=True)
class Overlay:
    """An indicator drawn as proportional circles over a choropleth, in ``color``."""

    view: Shown
    color: str
    name: str = ""


def _frame(gdf: gpd.GeoDataFrame, *, tiles: bool, assets_url: str | None, lang: str) -> folium.Map:
    return maps.base_map(tuple(gdf.total_bounds), tiles=tiles, assets_url=assets_url, lang=lang)


def _tips(gdf: gpd.GeoDataFrame, rows: Mapping[str, pd.Series], lang: str) -> pd.Series:
    """Tooltip HTML per region: its name in both languages, then ``heading: text`` rows (``—`` where absent)."""
    titles = both_place_names(gdf, lang)
    cols = {k: v.reindex(gdf.index) for k, v in rows.items()}
    return pd.Series({c: maps.tooltip_table({k: "—" if pd.isna(v[c]) else str(v[c]) for k, v in cols.items()},
                                            titles[c]) for c in gdf.index})


def _outlines(m: folium.Map, gdf: gpd.GeoDataFrame, capital: gpd.GeoDataFrame | None, lang: str,
             label: str | None) -> None:
    """The sido borders over a map of smaller units (which sido a unit is in, at a glance), then the capital
    region's outline: both from ``capital``, the sido frame; nothing without it. Drawn before the legend and the
    layer control (st_folium sizes its frame only when the control is the map's last child)."""
    if capital is None:
        return
    if not gdf.index.isin(capital.index).all():  # si-gun-gu or eup-myeon-dong, not the sido themselves
        maps.add_sido_borders(m, capital, label=t("sido_borders", lang))
    maps.add_capital_outline(m, capital, label=label or t("capital", lang))


def _year_rows(gdf: gpd.GeoDataFrame, year: int, lang: str) -> dict[str, pd.Series]:
    return {t("year", lang): pd.Series(str(year), index=gdf.index)}


def _view_rows(view: Shown, gdf: gpd.GeoDataFrame, lang: str, source: str, units: int | None
               ) -> dict[str, pd.Series]:
    fmt = unit_formatter(view.unit, lang)
    vals = view.values.reindex(gdf.index)
    rows = {attr(view, "label", lang): pd.Series([fmt(v) for v in vals], index=gdf.index),
            t("rank", lang): rank_texts(vals, units or len(gdf), lang), **_year_rows(gdf, view.year, lang)}
    if source:
        rows[t("source", lang)] = pd.Series(source, index=gdf.index)
    return rows


def indicator_map(view: Shown, gdf: gpd.GeoDataFrame, classes: Classification, *, lang: str, source: str = "",
                  capital: gpd.GeoDataFrame | None = None, capital_label: str | None = None,
                  overlays: Sequence[Overlay] = (), note: str = "", tiles: bool = False,
                  assets_url: str | None = LOCAL_ASSETS, overlay_sources: Mapping[str, str] | None = None
                  ) -> folium.Map:
    """An indicator's choropleth: classes and colours of ``classes``, tooltips (name, value with its unit, rank
    with both denominators, year, source), overlay circles, the capital-region outline, legend and layers.

    Parameters
    ----------
    view : IndicatorView
        What is shown (values, year, label, unit).
    gdf : geopandas.GeoDataFrame
        Regions indexed by code (EPSG:4326).
    classes : Classification
        The classes drawn (:func:`geo.classify.classify`).
    lang : {"ko", "en"}
    source : str
        The values' source line (a tooltip row); empty leaves it out.
    capital : geopandas.GeoDataFrame, optional
        Sido with ``capital_region`` for the capital outline (and the sido borders over smaller units).
    overlays : sequence of Overlay
        Indicators drawn as circles (hidden layers shown on), each with its own tooltips.
    note : str
        Under the legend (e.g. classes pooled over the years).
    tiles : bool
        OpenStreetMap tiles (needs a network).
    assets_url : str or None
        Where Leaflet is served (:data:`LOCAL_ASSETS`), ``None`` for a file that inlines it.
    overlay_sources : mapping, optional
        Indicator label → source line of each overlay.
    """
    m = _frame(gdf, tiles=tiles, assets_url=assets_url, lang=lang)
    label = attr(view, "label", lang)
    maps.add_regions(m, gdf, classes.fills(), tooltip_html=_tips(gdf, _view_rows(view, gdf, lang, source, None), lang),
                     name=label)
    for ov in overlays:
        ov_label = attr(ov.view, "label", lang)
        src = (overlay_sources or {}).get(ov_label, "")
        maps.add_circles(m, gdf, ov.view.values, name=f"○ {ov.name or ov_label}", color=ov.color,
                         tooltip_html=_tips(gdf, _view_rows(ov.view, gdf, lang, src, None), lang), show=True)
    _outlines(m, gdf, capital, lang, capital_label)
    maps.add_legend(m, f"{label} ({view.year})",
                    maps.class_legend_items(classes, unit_formatter(view.unit, lang), missing_label=t("no_data", lang)),
                    note=note)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def surplus_note(x_name: str, y_name: str, lang: str) -> str:
    """The ln M legend's reading with the indicators' own names: orange = x surplus, purple = y surplus.

    Examples
    --------
    >>> surplus_note("Population", "Firms", "en")
    'ln M > 0 (orange): Population surplus · ln M < 0 (purple): Firms surplus'
    """
    return t("surplus_note", lang, x=x_name, y=y_name)


def log_ratio_map(gdf: gpd.GeoDataFrame, shares: pd.DataFrame, *, year: int, x_name: str, y_name: str, lang: str,
                  top: float | None = None, note: str = "", capital: gpd.GeoDataFrame | None = None,
                  assets_url: str | None = LOCAL_ASSETS) -> folium.Map:
    """The mismatch map: ln M = ln(share of x / share of y) in the diverging classes of
    :func:`geo.classify.mismatch_classes` (orange: x's share larger), tooltips with both shares.

    Parameters
    ----------
    shares : pandas.DataFrame
        ``share_x``, ``share_y`` (fractions) and ``log_ratio`` per region (:attr:`MismatchResult.shares`).
    x_name, y_name : str
        The indicators' names in the page's language (short labels).
    top : float, optional
        A fixed extent of the classes (max|ln M| over two years compared: both years share their classes).
    note : str
        Said after the legend's reading (e.g. that the classes are fixed over two years).

    Raises
    ------
    geo.classify.ClassificationError
        No finite ln M.
    """
    logm = shares["log_ratio"].replace([np.inf, -np.inf], np.nan).reindex(gdf.index)
    classes = mismatch_classes(logm, top=top)
    m = _frame(gdf, tiles=False, assets_url=assets_url, lang=lang)
    rows = {"ln M": logm.map(lambda v: number("log_ratio", v, lang)),
            t("share_of", lang, name=x_name): shares["share_x"].map(lambda v: number("share_fine", v, lang)),
            t("share_of", lang, name=y_name): shares["share_y"].map(lambda v: number("share_fine", v, lang)),
            **_year_rows(gdf, year, lang)}
    maps.add_regions(m, gdf, classes.fills(), tooltip_html=_tips(gdf, rows, lang), name="ln M")
    _outlines(m, gdf, capital, lang, None)
    maps.add_legend(m, "ln M " + t("log_ratio_zero", lang),
                    maps.class_legend_items(classes, lambda v: number("log_ratio", v, lang),
                                            missing_label=t("no_data", lang)),
                    note=" · ".join(p for p in (surplus_note(x_name, y_name, lang), note) if p))
    return m


def cluster_map(gdf: gpd.GeoDataFrame, table: pd.DataFrame, *, title: str, year: int, lang: str, note: str = "",
                layer_name: str = "", heading: str | None = None, rows: Mapping[str, pd.Series] | None = None,
                extra_legend: Sequence[maps.LegendItem] = (), capital: gpd.GeoDataFrame | None = None,
                assets_url: str | None = LOCAL_ASSETS) -> folium.Map:
    """A LISA / bivariate LISA / Gi* cluster map in GeoDa's colours (:func:`geo.classify.cluster_fills`).

    Parameters
    ----------
    table : pandas.DataFrame
        Per region: ``cluster`` (``HH`` … ``ns``), ``label_ko``/``label_en`` (its words), ``p_sim``.
    title : str
        The legend's heading (the statistic with the indicators in their roles).
    heading : str, optional
        The tooltip row of a region's cluster words (default "통계량" / "Statistic").
    rows : mapping, optional
        Tooltip rows before the cluster's (heading → text per region), e.g. the location quotient.
    extra_legend : sequence of LegendItem
        Rows after the clusters' (e.g. the peers' outline).
    """
    words = table[f"label_{lang}"] if f"label_{lang}" in table.columns else table["cluster"]
    m = _frame(gdf, tiles=False, assets_url=assets_url, lang=lang)
    tips = {**(rows or {}), (heading or t("statistic", lang)): words.astype(str),
            "p": table["p_sim"].map(lambda v: number("p", v, lang)), **_year_rows(gdf, year, lang)}
    maps.add_regions(m, gdf, cluster_fills(table["cluster"]).reindex(gdf.index), tooltip_html=_tips(gdf, tips, lang),
                     name=layer_name or title, line_color=CLUSTER_LINE)
    _outlines(m, gdf, capital, lang, None)
    legend_words = table.drop_duplicates("cluster").set_index("cluster")[words.name] if len(table) else {}
    items = maps.cluster_legend_items(table["cluster"], dict(legend_words)) + list(extra_legend)
    maps.add_legend(m, title, items, note=note)
    return m


def lq_map(gdf: gpd.GeoDataFrame, lq: pd.Series, *, label: str, year: int, lang: str,
           extra_legend: Sequence[maps.LegendItem] = (), capital: gpd.GeoDataFrame | None = None,
           line_color: str = "#999999", assets_url: str | None = LOCAL_ASSETS) -> folium.Map:
    """One industry's location quotients in the fixed LQ classes (:func:`geo.classify.lq_classification`)."""
    vals = lq.reindex(gdf.index)
    classes = lq_classification(vals)
    m = _frame(gdf, tiles=False, assets_url=assets_url, lang=lang)
    rows = {"LQ": vals.map(lambda v: number("lq", v, lang)), **_year_rows(gdf, year, lang)}
    maps.add_regions(m, gdf, classes.fills(), tooltip_html=_tips(gdf, rows, lang), name=label, line_color=line_color)
    _outlines(m, gdf, capital, lang, None)
    maps.add_legend(m, f"{label} ({year})", maps.lq_legend_items(classes, lang) + list(extra_legend),
                    note="LQ = (x_ir / x_r) / (x_i / x)")
    return m


class Change(Protocol):
    """What a difference map reads (:class:`analysis.difference.Difference`)."""

    how: str
    before: int
    after: int
    values_before: pd.Series
    values_after: pd.Series
    change: pd.Series


def difference_map(gdf: gpd.GeoDataFrame, d: Change, *, unit: object, lang: str,
                   capital: gpd.GeoDataFrame | None = None, assets_url: str | None = LOCAL_ASSETS) -> folium.Map:
    """The change of an indicator between two years (:class:`analysis.difference.Difference`) in the diverging
    classes of :func:`geo.classify.difference_classes`: blue up, red down.

    ``unit`` formats the values of the raw view (``how="raw"``); a share's change reads in percentage points.
    ``capital`` (the sido) adds the capital outline and, over smaller units, the sido borders.

    Raises
    ------
    geo.classify.ClassificationError
        No finite change.
    """
    change = d.change.reindex(gdf.index)
    classes = difference_classes(change)
    if d.how == "share":
        def value(v: float) -> str:
            return number("share_fine", v / 100.0, lang)

        def delta(v: float) -> str:
            return number("points", v, lang)
    else:
        value, delta = unit_formatter(unit, lang), unit_formatter(unit, lang, signed=True)
    m = _frame(gdf, tiles=False, assets_url=assets_url, lang=lang)
    rows = {str(d.before): d.values_before.map(value), str(d.after): d.values_after.map(value),
            "Δ": d.change.map(delta)}
    maps.add_regions(m, gdf, classes.fills(), tooltip_html=_tips(gdf, rows, lang), name="Δ")
    _outlines(m, gdf, capital, lang, None)
    maps.add_legend(m, f"Δ {d.before}→{d.after} ({t(f'chg_how_{d.how}', lang)})",
                    maps.with_percents(maps.class_legend_items(classes, delta, missing_label=t("no_data", lang))),
                    note=t("chg_up_down", lang))
    return m


def points_map(lon: np.ndarray, lat: np.ndarray, sido: gpd.GeoDataFrame, *, name: str, lang: str,
               assets_url: str | None = LOCAL_ASSETS, max_markers: int = MAX_MARKERS) -> tuple[folium.Map, int | None]:
    """A point file's positions over the sido outlines: clustered markers up to ``max_markers`` points, else every
    point binned into :data:`POINT_CELL`-degree cells (none sampled away). Only coordinates reach the page.

    Returns
    -------
    (folium.Map, int or None)
        The map and the number of occupied cells (None when the points are drawn one by one).
    """
    inside = (lon > 120) & (lon < 135) & (lat > 30) & (lat < 42)
    # padded: points all at one position would give a zero-size box, which Leaflet fits to NaN
    bounds = (float(lon[inside].min()) - POINT_PAD, float(lat[inside].min()) - POINT_PAD,
              float(lon[inside].max()) + POINT_PAD, float(lat[inside].max()) + POINT_PAD) if inside.any() \
        else (124.6, 33.1, 131.9, 38.6)
    m = maps.base_map(bounds, assets_url=assets_url, lang=lang)
    maps.add_regions(m, sido, pd.Series(dtype=object), name=t("points_sido_layer", lang), fill_opacity=0.05,
                     line_color="#777777")
    if len(lon) <= max_markers:
        maps.add_point_clusters(m, lon, lat, name=name, assets_url=assets_url)
        return m, None
    _, n = maps.add_point_cells(m, lon, lat, name=name, cell=POINT_CELL, label=t("points_rows", lang))
    return m, n


def count_map(gdf: gpd.GeoDataFrame, counts: pd.Series, *, lang: str,
              assets_url: str | None = LOCAL_ASSETS) -> folium.Map:
    """Points counted per region: natural-break classes (equal intervals for few distinct counts), zoomed to the
    regions that have points."""
    counts = counts.reindex(gdf.index).astype(float)
    distinct = int(counts.nunique())
    occupied = gdf.loc[counts > 0]
    m = _frame(occupied if len(occupied) else gdf, tiles=False, assets_url=assets_url, lang=lang)
    rows = {t("points_count_label", lang): counts.map(lambda v: count(v, lang))}
    name = f"{count(counts.sum(), lang)} · {t('points_agg_map', lang)}"
    if distinct < 2:  # every unit the same count (no point in any, all in one value): one class, no classifier
        colour = palette("YlGnBu", 1)[0]
        maps.add_regions(m, gdf, pd.Series(colour, index=gdf.index), tooltip_html=_tips(gdf, rows, lang), name=name)
        value = count(counts.iloc[0] if len(counts) else 0, lang)
        maps.add_legend(m, t("points_agg_map", lang), [maps.LegendItem(colour, value, len(gdf))])
        return m
    classes = classify(counts, "fisher_jenks" if distinct > 5 else "equal_interval", min(5, distinct))
    maps.add_regions(m, gdf, classes.fills(), tooltip_html=_tips(gdf, rows, lang), name=name)
    maps.add_legend(m, t("points_agg_map", lang), maps.class_legend_items(classes, lambda v: count(v, lang),
                                                                         missing_label=t("no_data", lang)))
    return m
