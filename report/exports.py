"""Exports of what a map shows: static figures, the table behind the map, analysis results, offline HTML.

Every export is built from the same objects the page uses — an :class:`analysis.views.IndicatorView`, a
:class:`geo.classify.Classification`, a :class:`analysis.mismatch.MismatchResult`, a
:class:`analysis.spatial.LocalResult` and the boundaries — so a saved file shows exactly the classes, colours and
legend of the screen. Functions return figures, frames or bytes; callers (the CLI, the page) write them.

Examples
--------
>>> from analysis.store import bundled
>>> from geo.boundaries import ATTRIBUTION, load_boundaries
>>> from geo.classify import classify
>>> view = bundled().view("gva_manufacturing_nominal_b2020", "sido", 2022)  # doctest: +SKIP
>>> gdf = load_boundaries("sido")  # doctest: +SKIP
>>> classes = classify(view.values.reindex(gdf.index), "quantiles", 5)  # doctest: +SKIP
>>> png = figure_bytes(indicator_map_figure(view, classes, gdf, sido=gdf, store=bundled()), "png")  # doctest: +SKIP
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date

import folium
import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure

from analysis import regions
from analysis.cells import safe_frame
from analysis.errors import DataError
from analysis.mismatch import MismatchResult
from analysis.spatial import LocalResult
from analysis.store import Store
from analysis.views import IndicatorView
from geo import mapkinds, maps
from geo.boundaries import ATTRIBUTION
from geo.classify import CLUSTER_LINE, Classification, cluster_fills, mismatch_classes
from geo.names import place_names
from geo.offline import standalone_html
from lang import LANGS, attr, col, heads, pick, t, word
from lang.numbers import count, cut_off, number, positions, unit_formatter
from report.static_map import FORMATS, MapText, figure_bytes, map_figure

__all__ = [
    "BOUNDARY_SOURCE",
    "FORMATS",
    "capital_label",
    "cluster_map_figure",
    "cluster_settings",
    "cluster_table",
    "csv_bytes",
    "figure_bytes",
    "indicator_folium_map",
    "indicator_map_figure",
    "level_word",
    "map_table",
    "mismatch_map_figure",
    "source_line",
    "standalone_map_html",
    "xlsx_bytes",
]

BOUNDARY_SOURCE: tuple[str, str] = ATTRIBUTION
"""Source line of the boundaries (as printed under the interactive map): :data:`geo.boundaries.ATTRIBUTION`."""

def capital_label(lang: str) -> str:
    """The capital region's legend label, naming its members from ``data/region_groups.csv``
    (:func:`analysis.regions.capital_names`): ``수도권 (서울·인천·경기)``."""
    return t("capital_named", lang, names=pick(regions.capital_names(), lang))


def _lang(lang: str) -> None:
    if lang not in LANGS:
        raise DataError(f"unknown language {lang!r}; choose 'ko' or 'en'")


def level_word(level: str, lang: str) -> str:
    """A boundary level as a subtitle names it ("시군구" / "sigungu (district level)")."""
    return word("level_word", level, lang)


def source_line(indicators_years: Mapping[str, int], level: str, lang: str = "ko", *, store: Store) -> str:
    """One line naming the data sources (with years) of the given indicators (:meth:`Store.sources_for` of the
    store they were read from, in ``lang``) and the boundaries."""
    _lang(lang)
    parts: list[str] = []
    for ind, year in indicators_years.items():
        parts += store.sources_for(ind, level, int(year), lang)
    parts = list(dict.fromkeys(parts))
    return f"{t('source', lang)}: " + " · ".join(parts) + " · " + pick(BOUNDARY_SOURCE, lang)


def _subtitle(level: str, extra: str, lang: str) -> str:
    return f"{level_word(level, lang)} · {extra}"


def indicator_map_figure(
    view: IndicatorView,
    classes: Classification,
    boundaries: gpd.GeoDataFrame,
    *,
    sido: gpd.GeoDataFrame | None = None,
    lang: str = "ko",
    title: str | None = None,
    store: Store,
    slide: bool = False,
) -> Figure:
    """Static choropleth of a view with the page's classes, colours and legend.

    Parameters
    ----------
    view : IndicatorView
        What is shown (indicator, level, year, mode).
    classes : Classification
        The classification the page drew (same bins and colours).
    boundaries : geopandas.GeoDataFrame
        Regions of ``view.level`` indexed by code.
    sido : geopandas.GeoDataFrame, optional
        Sido boundaries (with ``capital_region``) for the capital outline; defaults to ``boundaries`` at sido
        level.
    lang : {"ko", "en"}
    title : str, optional
        Overrides the default "label (year)".
    store : Store
        Where the view's indicator comes from, for its sources.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _lang(lang)
    label = attr(view, "label", lang)
    scheme = word("scheme", classes.scheme, lang)
    unit = attr(view.unit, "suffix", lang)
    text = MapText(
        title=title or f"{label} ({view.year})",
        subtitle=_subtitle(view.level, f"{t(f'mode_{view.mode}', lang)} · {scheme} "
                                       f"{t('k_classes', lang, k=classes.k)}", lang),
        legend_title=(f"{label}" + (f" ({unit})" if unit else "")),
        source=source_line({view.indicator: view.year}, view.level, lang, store=store),
        note=t("pooled_note", lang) if classes.pooled else "",
        capital_label=capital_label(lang),
    )
    legend = maps.class_legend_items(classes, unit_formatter(view.unit, lang), missing_label=t("no_data", lang))
    if sido is None and view.level == "sido":
        sido = boundaries
    return map_figure(boundaries, classes.fills(), text, legend, capital=sido, slide=slide)


def mismatch_map_figure(
    result: MismatchResult,
    boundaries: gpd.GeoDataFrame,
    *,
    year: int,
    level: str = "sido",
    x_label: str,
    y_label: str,
    sido: gpd.GeoDataFrame | None = None,
    lang: str = "ko",
    sources: str = "",
    slide: bool = False,
) -> Figure:
    """Static map of the log share ratio ln(share x / share y), diverging around 0."""
    _lang(lang)
    logm = result.shares["log_ratio"].reindex(boundaries.index)
    classes = mismatch_classes(logm)
    legend = maps.class_legend_items(classes, lambda v: number("log_ratio", v, lang),
                                     missing_label=t("no_data", lang))
    text = MapText(
        title=f"{t('mismatch_map_title', lang)}, {year}",
        subtitle=_subtitle(level, f"X = {x_label} · Y = {y_label}", lang),
        legend_title="ln M " + t("log_ratio_zero", lang),
        source=sources or pick(BOUNDARY_SOURCE, lang),
        note=t("surplus_note", lang, x=x_label, y=y_label),
        capital_label=capital_label(lang),
    )
    return map_figure(boundaries, classes.fills(), text, legend,
                      capital=sido if sido is not None else boundaries if level == "sido" else None, slide=slide)


def cluster_map_figure(
    local: LocalResult,
    boundaries: gpd.GeoDataFrame,
    *,
    title: str,
    year: int,
    level: str = "sido",
    sido: gpd.GeoDataFrame | None = None,
    lang: str = "ko",
    sources: str = "",
    slide: bool = False,
) -> Figure:
    """Static LISA / bivariate LISA / Gi* cluster map in GeoDa's colours, with the cut-off in the legend."""
    _lang(lang)
    tab = local.table
    words = tab.drop_duplicates("cluster").set_index("cluster")[col("label", lang)]
    legend = maps.cluster_legend_items(tab["cluster"], words.to_dict())
    text = MapText(
        title=f"{title}, {year}",
        subtitle=_subtitle(level, cluster_settings(local, lang), lang),
        legend_title=t("cluster_legend", lang),
        source=sources or pick(BOUNDARY_SOURCE, lang),
        note=t("small_n", lang, detail=local.warning) if local.warning else "",
        capital_label=capital_label(lang),
    )
    return map_figure(boundaries, cluster_fills(tab["cluster"]), text, legend,
                      capital=sido if sido is not None else boundaries if level == "sido" else None,
                      line_color=CLUSTER_LINE, slide=slide)


def cluster_settings(local: LocalResult, lang: str) -> str:
    """The cut-off, permutations, seed and number of regions of a cluster map, in one line (the subtitle of a
    cluster map, the Clusters tab's caption): "p ≤ 0.05 · 999회 순열 · 시드 (the seed) · 지역 17개"."""
    return t("cluster_caption", lang, crit=cut_off(local.crit_value, local.fdr, lang), n=count(local.permutations, lang), seed=local.seed,
             n_regions=count(local.n, lang))


# ---------------------------------------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------------------------------------

_NAME_COLUMNS = ("name_ko", "name_en", "sido_code", "sido_name_ko", "capital_region")


def _names(boundaries: gpd.GeoDataFrame, index: pd.Index) -> pd.DataFrame:
    """Region names of ``index`` for a file people read: ``name_ko``/``name_en`` by the naming rule ("울산 북구",
    "Buk-gu, Ulsan"), then the sido's code and name and the capital-region flag."""
    cols = [c for c in _NAME_COLUMNS if c in boundaries.columns]
    out = pd.DataFrame(boundaries[cols]).reindex(index)
    for lang in LANGS:
        out[col("name", lang)] = place_names(boundaries, lang).reindex(index)
    out.index.name = "code"
    return out


def map_table(view: IndicatorView, classes: Classification, boundaries: gpd.GeoDataFrame,
              lang: str = "ko") -> pd.DataFrame:
    """The table behind a choropleth: one row per region with value, formatted value, rank, class and colour.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``; columns ``name_ko``, ``name_en`` (by the naming rule: "울산 북구", "Buk-gu, Ulsan"),
        ``sido_code``, ``sido_name_ko``, ``capital_region``, ``indicator``, ``year``, ``mode``, ``value``,
        ``value_text``, ``rank``, ``class`` (1 = lowest), ``class_range``, ``color``.
    """
    out = _names(boundaries, boundaries.index)
    vals = view.values.reindex(out.index).astype(float)
    fmt = unit_formatter(view.unit, lang)
    cls = classes.classes.reindex(out.index)
    ranges = [it.label for it in maps.class_legend_items(classes, fmt)][: classes.k]
    out["indicator"] = view.indicator
    out["year"] = view.year
    out["mode"] = view.mode
    out["value"] = vals
    out["value_text"] = [fmt(v) for v in vals]
    out["rank"] = positions(vals).reindex(out.index).astype("Int64")
    out["class"] = (cls + 1).astype("Int64")
    out["class_range"] = [t("no_data", lang) if pd.isna(c) else ranges[int(c)] for c in cls]
    out["color"] = classes.fills().reindex(out.index).fillna(maps.MISSING_COLOR)
    return out


def cluster_table(local: LocalResult, boundaries: gpd.GeoDataFrame) -> pd.DataFrame:
    """LISA table (value, lag, statistic, quadrant, p_sim, cluster, wording) with region names."""
    out = _names(boundaries, local.table.index).join(local.table)
    out["statistic_kind"] = local.statistic
    out["crit_value"] = local.crit_value
    out["permutations"] = local.permutations
    out["seed"] = local.seed
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel opens Hangul correctly; text that a spreadsheet would run as
    a formula (``=…``, ``@…``) is neutralised (:func:`analysis.cells.safe_frame`)."""
    return safe_frame(frame).to_csv(index=frame.index.name is not None).encode("utf-8-sig")


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame], *, about: Mapping[str, str] | None = None,
               lang: str | None = None) -> bytes:
    """An Excel workbook with one sheet per frame (names cut to Excel's 31 characters) and an ``about`` sheet.

    The data comes first and the workbook opens on it; ``about`` (sources, date, settings) is the last sheet.

    Parameters
    ----------
    sheets : mapping of str to pandas.DataFrame
        Sheet name → table.
    about : mapping, optional
        Key → text rows of the last sheet (sources, date, settings).
    lang : {"ko", "en"}, optional
        Head the columns (:func:`lang.heads`), the ``about`` sheet and its keys in the reader's language; without
        it, the column ids stay (a table for programs).

    Text cells pass :func:`analysis.cells.safe_frame`: openpyxl writes a string that starts with ``=`` as a
    formula, so an uploaded indicator named ``=HYPERLINK(…)`` would have become a live link. No export holds a
    formula.
    """
    if not sheets:
        raise DataError("nothing to export: give at least one table")
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        for name, frame in sheets.items():  # openpyxl writes any text starting with '=' as a live formula
            shown = heads(frame, lang) if lang else frame
            safe_frame(shown).to_excel(xl, sheet_name=str(name)[:31], index=frame.index.name is not None)
        meta = {"exported": date.today().isoformat(), "by": "RIES Atlas", **(about or {})}
        about_frame = pd.DataFrame({"key": list(meta), "value": list(meta.values())})
        if lang:
            about_frame["key"] = [word("about", k, lang) for k in about_frame["key"]]
            about_frame = heads(about_frame, lang)
        safe_frame(about_frame).to_excel(xl, sheet_name=t("sheet_about", lang) if lang else "about", index=False)
        xl.book.active = 0  # opens on the data, not on "about"
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------------------
# interactive map, offline
# ---------------------------------------------------------------------------------------------------------


def indicator_folium_map(view: IndicatorView, classes: Classification, boundaries: gpd.GeoDataFrame, *,
                         store: Store, sido: gpd.GeoDataFrame | None = None, lang: str = "ko") -> folium.Map:
    """The interactive choropleth of a view for :func:`standalone_map_html`: the page's builder
    (:func:`geo.mapkinds.indicator_map`: regions, tooltips with the source line, capital outline, legend) with
    Leaflet not yet set (the file inlines it)."""
    _lang(lang)
    outline = sido if sido is not None else boundaries if view.level == "sido" else None
    source = store.source_line(view.indicator, view.level, int(view.year), lang)
    return mapkinds.indicator_map(view, boundaries, classes, lang=lang, source=source, capital=outline,
                                  capital_label=capital_label(lang),
                                  note=t("pooled_note", lang) if classes.pooled else "", assets_url=None)


def standalone_map_html(m: folium.Map, title: str = "RIES Atlas") -> bytes:
    """The map as one UTF-8 HTML file with Leaflet inlined: it opens with no network."""
    return standalone_html(m, title=title).encode("utf-8")
