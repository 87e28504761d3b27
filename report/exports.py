"""Exports of what a map shows: static figures, the table behind the map, analysis results, offline HTML.

Every export is built from the same objects the page uses — an :class:`analysis.views.IndicatorView`, a
:class:`geo.classify.Classification`, a :class:`analysis.mismatch.MismatchResult`, a
:class:`analysis.spatial.LocalResult` and the boundaries — so a saved file shows exactly the classes, colours and
legend of the screen. Functions return figures, frames or bytes; callers (the CLI, the page) write them.

Examples
--------
>>> from analysis.views import indicator_view
>>> from geo.boundaries import ATTRIBUTION, load_boundaries
>>> from geo.classify import classify
>>> view = indicator_view("gva_manufacturing_nominal_b2020", "sido", 2022)  # doctest: +SKIP
>>> gdf = load_boundaries("sido")  # doctest: +SKIP
>>> classes = classify(view.values.reindex(gdf.index), "quantiles", 5)  # doctest: +SKIP
>>> png = figure_bytes(indicator_map_figure(view, classes, gdf, sido=gdf), "png")  # doctest: +SKIP
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date

import folium
import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure

from analysis.cells import safe_frame
from analysis.errors import DataError
from analysis.mismatch import MismatchResult
from analysis.ranks import Rank
from analysis.spatial import LocalResult
from analysis.store import Store, bundled
from analysis.views import MODES, IndicatorView
from geo import maps
from geo.boundaries import ATTRIBUTION
from geo.classify import SCHEME_LABELS, Classification, cluster_fills, mismatch_classes
from geo.offline import standalone_html
from lang.numbers import unit_formatter
from report.static_map import FORMATS, MapText, figure_bytes, map_figure

__all__ = [
    "CAPITAL_LABEL",
    "BOUNDARY_SOURCE",
    "FORMATS",
    "LEVEL_NAMES",
    "cluster_map_figure",
    "cluster_table",
    "csv_bytes",
    "figure_bytes",
    "indicator_folium_map",
    "indicator_map_figure",
    "map_table",
    "mismatch_map_figure",
    "mismatch_table",
    "source_line",
    "sources_for",
    "standalone_map_html",
    "surplus_note",
    "xlsx_bytes",
]

LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "sido": ("시도", "sido (province level)"),
    "sigungu": ("시군구", "sigungu (district level)"),
    "emd": ("읍면동", "eup-myeon-dong"),
}
"""Boundary level → (Korean, English) name for subtitles."""

BOUNDARY_SOURCE: tuple[str, str] = ATTRIBUTION
"""Source line of the boundaries (as printed under the interactive map): :data:`geo.boundaries.ATTRIBUTION`."""

CAPITAL_LABEL = {"ko": "수도권 (서울·인천·경기)", "en": "Capital region (Seoul, Incheon, Gyeonggi)"}
"""Legend text of the capital-region outline on every static map."""
_CAPITAL_LABEL = CAPITAL_LABEL
_NO_DATA = {"ko": "자료 없음", "en": "no data"}
_SOURCE_WORD = {"ko": "출처", "en": "Source"}


def _lang(lang: str) -> int:
    if lang not in ("ko", "en"):
        raise DataError(f"unknown language {lang!r}; choose 'ko' or 'en'")
    return 0 if lang == "ko" else 1


def sources_for(indicator: str, level: str, year: int, store: Store | None = None) -> list[str]:
    """Publisher and table (with the year) behind an indicator's values (:meth:`Store.sources_for`)."""
    return (store or bundled()).sources_for(indicator, level, int(year))


def source_line(indicators_years: Mapping[str, int], level: str, lang: str = "ko", store: Store | None = None) -> str:
    """One line naming the data sources (with years) of the given indicators and the boundaries."""
    parts: list[str] = []
    for ind, year in indicators_years.items():
        parts += sources_for(ind, level, int(year), store)
    parts = list(dict.fromkeys(parts))
    return f"{_SOURCE_WORD[lang]}: " + " · ".join(parts) + " · " + BOUNDARY_SOURCE[_lang(lang)]


def _subtitle(level: str, extra: str, lang: str) -> str:
    i = _lang(lang)
    return f"{LEVEL_NAMES.get(level, (level, level))[i]} · {extra}"


def indicator_map_figure(
    view: IndicatorView,
    classes: Classification,
    boundaries: gpd.GeoDataFrame,
    *,
    sido: gpd.GeoDataFrame | None = None,
    lang: str = "ko",
    title: str | None = None,
    store: Store | None = None,
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
    store : Store, optional
        Where the view's indicator comes from, for its sources (default the bundled store).

    Returns
    -------
    matplotlib.figure.Figure
    """
    i = _lang(lang)
    label = view.label_ko if i == 0 else view.label_en
    scheme = SCHEME_LABELS.get(classes.scheme, (classes.scheme, classes.scheme))[i]
    k_word = f"{classes.k}구간" if i == 0 else f"{classes.k} classes"
    unit = view.unit.suffix_ko if i == 0 else view.unit.suffix_en
    note = ("연도 공통 구간 (Pooled)" if i == 0 else "classes pooled over all years") if classes.pooled else ""
    text = MapText(
        title=title or f"{label} ({view.year})",
        subtitle=_subtitle(view.level, f"{MODES[view.mode][i]} · {scheme} {k_word}", lang),
        legend_title=(f"{label}" + (f" ({unit})" if unit else "")),
        source=source_line({view.indicator: view.year}, view.level, lang, store),
        note=note,
        capital_label=_CAPITAL_LABEL[lang],
    )
    legend = maps.class_legend_items(classes, unit_formatter(view.unit, lang), missing_label=_NO_DATA[lang])
    if sido is None and view.level == "sido":
        sido = boundaries
    return map_figure(boundaries, classes.fills(), text, legend, capital=sido, slide=slide)


def surplus_note(x_label: str, y_label: str, lang: str = "ko") -> str:
    """The ln M legend's reading with the indicators' own names: orange = x surplus, purple = y surplus.

    Examples
    --------
    >>> surplus_note("Population", "Firms", "en")
    'ln M > 0 (orange): Population surplus · ln M < 0 (purple): Firms surplus'
    """
    if _lang(lang) == 0:
        return f"ln M > 0 (주황): {x_label} 초과 · ln M < 0 (보라): {y_label} 초과"
    return f"ln M > 0 (orange): {x_label} surplus · ln M < 0 (purple): {y_label} surplus"


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
    i = _lang(lang)
    logm = result.shares["log_ratio"].reindex(boundaries.index)
    classes = mismatch_classes(logm)
    legend = maps.class_legend_items(classes, lambda v: f"{v:+.2f}", missing_label=_NO_DATA[lang])
    text = MapText(
        title=(f"불일치 ln(X 비중 / Y 비중), {year}" if i == 0 else f"Mismatch ln(share X / share Y), {year}"),
        subtitle=_subtitle(level, f"X = {x_label} · Y = {y_label}", lang),
        legend_title="ln M (0 = 같은 비중)" if i == 0 else "ln M (0 = same share)",
        source=sources or BOUNDARY_SOURCE[i],
        note=surplus_note(x_label, y_label, lang),
        capital_label=_CAPITAL_LABEL[lang],
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
    i = _lang(lang)
    tab = local.table
    words = tab.drop_duplicates("cluster").set_index("cluster")["label_ko" if i == 0 else "label_en"]
    legend = maps.cluster_legend_items(tab["cluster"], words.to_dict())
    crit = f"p ≤ {local.crit_value:.3g}" + (" (FDR)" if local.fdr else "")
    perm = "회 순열" if i == 0 else " permutations"
    text = MapText(
        title=f"{title}, {year}",
        subtitle=_subtitle(level, f"{crit} · {local.permutations}{perm} · seed {local.seed} · n = {local.n}", lang),
        legend_title="군집 유형" if i == 0 else "Cluster",
        source=sources or BOUNDARY_SOURCE[i],
        note=(local.warning or "") if i == 1 else ("시도는 17개뿐이어서 순열검정의 검정력이 약합니다."
                                                  if local.warning else ""),
        capital_label=_CAPITAL_LABEL[lang],
    )
    return map_figure(boundaries, cluster_fills(tab["cluster"]), text, legend,
                      capital=sido if sido is not None else boundaries if level == "sido" else None,
                      line_color="#777777", slide=slide)


# ---------------------------------------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------------------------------------

_NAME_COLUMNS = ("name_ko", "name_en", "sido_code", "sido_name_ko", "capital_region")


def _names(boundaries: gpd.GeoDataFrame, index: pd.Index) -> pd.DataFrame:
    cols = [c for c in _NAME_COLUMNS if c in boundaries.columns]
    out = pd.DataFrame(boundaries[cols]).reindex(index)
    out.index.name = "code"
    return out


def map_table(view: IndicatorView, classes: Classification, boundaries: gpd.GeoDataFrame,
              lang: str = "ko") -> pd.DataFrame:
    """The table behind a choropleth: one row per region with value, formatted value, rank, class and colour.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``; columns ``name_ko``, ``name_en``, ``sido_code``, ``sido_name_ko``,
        ``capital_region``, ``indicator``, ``year``, ``mode``, ``value``, ``value_text``, ``rank``, ``class``
        (1 = lowest), ``class_range``, ``color``.
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
    out["rank"] = vals.rank(ascending=False, method="min").astype("Int64")
    out["class"] = (cls + 1).astype("Int64")
    out["class_range"] = [_NO_DATA[lang] if pd.isna(c) else ranges[int(c)] for c in cls]
    out["color"] = classes.fills().reindex(out.index).fillna(maps.MISSING_COLOR)
    return out


def mismatch_table(result: MismatchResult, boundaries: gpd.GeoDataFrame) -> pd.DataFrame:
    """Shares, ratio and log ratio of x and y per region (the table behind the mismatch map)."""
    out = _names(boundaries, result.shares.index)
    out = out.join(result.shares)
    out.insert(0, "x_indicator", result.x)
    out.insert(1, "y_indicator", result.y)
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


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame], *, about: Mapping[str, str] | None = None) -> bytes:
    """An Excel workbook with one sheet per frame (names cut to Excel's 31 characters) and an ``about`` sheet.

    The data comes first and the workbook opens on it; ``about`` (sources, date, settings) is the last sheet.

    Parameters
    ----------
    sheets : mapping of str to pandas.DataFrame
        Sheet name → table.
    about : mapping, optional
        Key → text rows of the last sheet (sources, date, settings).

    Text cells pass :func:`analysis.cells.safe_frame`: openpyxl writes a string that starts with ``=`` as a
    formula, so an uploaded indicator named ``=HYPERLINK(…)`` would have become a live link. No export holds a
    formula.
    """
    if not sheets:
        raise DataError("nothing to export: give at least one table")
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        for name, frame in sheets.items():  # openpyxl writes any text starting with '=' as a live formula
            safe_frame(frame).to_excel(xl, sheet_name=str(name)[:31], index=frame.index.name is not None)
        meta = {"exported": date.today().isoformat(), "by": "RIES Atlas", **(about or {})}
        safe_frame(pd.DataFrame({"key": list(meta), "value": list(meta.values())})).to_excel(
            xl, sheet_name="about", index=False)
        xl.book.active = 0  # opens on the data, not on "about"
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------------------
# interactive map, offline
# ---------------------------------------------------------------------------------------------------------


def indicator_folium_map(view: IndicatorView, classes: Classification, boundaries: gpd.GeoDataFrame, *,
                         sido: gpd.GeoDataFrame | None = None, lang: str = "ko") -> folium.Map:
    """The interactive choropleth of a view (regions, tooltips, capital outline, legend), Leaflet not yet set.

    For :func:`standalone_map_html`; the page builds its own map with overlays.
    """
    i = _lang(lang)
    fmt = unit_formatter(view.unit, lang)
    label = view.label_ko if i == 0 else view.label_en
    vals = view.values.reindex(boundaries.index)
    ranks = vals.rank(ascending=False, method="min")
    n = int(vals.notna().sum())
    name_col = "name_ko" if i == 0 else "name_en"
    tips = pd.Series({
        code: maps.tooltip_table(
            {label: fmt(vals.get(code)),
             ("순위" if i == 0 else "Rank"): "—" if pd.isna(ranks.get(code))
             else Rank(int(ranks[code]), n, max(len(boundaries), n)).text(lang),  # "#2 of 3 published (of 17)"
             ("연도" if i == 0 else "Year"): str(view.year)},
            str(boundaries.at[code, name_col]),
        )
        for code in boundaries.index
    })
    m = maps.base_map(tuple(boundaries.total_bounds), assets_url=None, lang=lang)
    maps.add_regions(m, boundaries, classes.fills(), tooltip_html=tips, name=label)
    outline = sido if sido is not None else boundaries if view.level == "sido" else None
    if outline is not None:
        maps.add_capital_outline(m, outline, label=_CAPITAL_LABEL[lang])
    maps.add_legend(m, f"{label} ({view.year})",
                    maps.class_legend_items(classes, fmt, missing_label=_NO_DATA[lang]))
    return m


def standalone_map_html(m: folium.Map, title: str = "RIES Atlas") -> bytes:
    """The map as one UTF-8 HTML file with Leaflet inlined: it opens with no network."""
    return standalone_html(m, title=title).encode("utf-8")
