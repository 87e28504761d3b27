"""One-page briefing: headline numbers of the capital-region mismatch, a generated caption, a map, as PDF.

The headline numbers are those of :func:`analysis.compare.compare` — the call behind ``python -m analysis
summary``, the app's tabs and the deck, with the same defaults (999 permutations, seed 12345) — so a briefing
and the summary JSON agree to the last digit.

Examples
--------
>>> from analysis.store import bundled  # doctest: +SKIP
>>> b = briefing(bundled(), "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020", "sido")  # doctest: +SKIP
>>> pdf = briefing_pdf(b, lang="ko")  # doctest: +SKIP
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
from libpysal.graph import Graph
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Patch

from analysis.compare import PERMUTATIONS, SEED, Comparison, compare, trend
from analysis.errors import DataError
from analysis.labels import role_names
from analysis.mismatch import MismatchResult
from analysis.spatial import GlobalResult
from analysis.store import Store
from geo import maps
from geo.classify import mismatch_classes
from geo.names import place_names
from report.exports import BOUNDARY_SOURCE, LEVEL_NAMES, surplus_note
from report.fonts import korean_font, rc_params
from report.static_map import draw_regions

__all__ = [
    "A4_LANDSCAPE",
    "Briefing",
    "Headline",
    "briefing",
    "briefing_figure",
    "briefing_of",
    "briefing_pdf",
    "briefing_png",
    "caption",
    "format_number",
    "headline_table",
]

A4_LANDSCAPE: tuple[float, float] = (11.69, 8.27)
"""Page size of the briefing in inches."""



@dataclass(frozen=True)
class Headline:
    """One headline number.

    Attributes
    ----------
    key : str
        Stable id (``capital_share_x``, ``capital_share_y``, ``hoover``, ``hoover_change``, ``moran_log_ratio``).
    label_ko, label_en : str
        What it is.
    value : float
        The number as computed (a fraction for shares).
    text : str
        The number as printed (see :func:`format_number`).
    detail_ko, detail_en : str
        A short second line (p-value, years compared ...).
    """

    key: str
    label_ko: str
    label_en: str
    value: float
    text: str
    detail_ko: str = ""
    detail_en: str = ""


def format_number(key: str, value: float | None) -> str:
    """How a headline value is printed: shares as ``63.4%``, indices as ``0.253``, changes as ``+0.012``.

    Examples
    --------
    >>> format_number("capital_share_x", 0.6342), format_number("hoover", 0.25349), format_number("hoover_change", -0.01)
    ('63.4%', '0.253', '-0.010')
    """
    if value is None or not np.isfinite(value):
        return "—"
    if key.startswith("capital_share"):
        return f"{value * 100:.1f}%"
    if key.endswith("_change"):
        return f"{value:+.3f}"
    return f"{value:.3f}"


@dataclass(frozen=True)
class Briefing:
    """Everything a one-page briefing shows.

    Attributes
    ----------
    level : str
    year : int
    x, y : str
        Indicator ids (x is e.g. R&D, y e.g. production).
    labels : dict
        ``{"x": (ko, en), "y": (ko, en)}`` catalogue labels.
    mismatch : MismatchResult
        Shares and log ratios per region for ``year``.
    capital_share_x, capital_share_y : float
        The capital region's share of x and of y (fractions).
    hoover : float
        Hoover index of x against y in ``year``.
    hoover_by_year : pandas.Series
        Hoover index in every year both indicators have for the same regions as ``year`` (index ``year``).
    moran_log_ratio : GlobalResult or None
        Global Moran's I of ln M (None where some ln M is infinite).
    headlines : tuple of Headline
    sources : tuple of str
        Data sources with years.
    boundaries : geopandas.GeoDataFrame
        Regions of the level used (for the map).
    weights : libpysal.graph.Graph
        Spatial weights on the regions of ``mismatch`` (:func:`analysis.spatial.weights_for_regions`), for
        Moran's I here and the cluster maps drawn from the briefing.
    comparison : Comparison
        The comparison every number comes from (:func:`analysis.compare.compare`).
    store : Store
        Where the indicators come from (for the deck's maps and sources).
    trend : pandas.DataFrame
        :attr:`analysis.compare.Trend.frame` of the years up to ``year`` comparable with it (drawn when there
        are two or more); ``hoover_by_year`` is its ``hoover`` column.
    """

    level: str
    year: int
    x: str
    y: str
    labels: dict[str, tuple[str, str]]
    mismatch: MismatchResult
    capital_share_x: float
    capital_share_y: float
    hoover: float
    hoover_by_year: pd.Series
    moran_log_ratio: GlobalResult | None
    headlines: tuple[Headline, ...]
    sources: tuple[str, ...]
    boundaries: gpd.GeoDataFrame = field(repr=False)
    weights: Graph = field(repr=False)
    comparison: Comparison = field(repr=False)
    store: Store = field(repr=False)
    trend: pd.DataFrame | None = field(default=None, repr=False)


def briefing(store: Store, x: str, y: str, level: str = "sido", year: int | None = None, *,
             permutations: int = PERMUTATIONS, seed: int = SEED) -> Briefing:
    """Compute the headline numbers of x against y at ``level`` in ``year`` (:func:`analysis.compare.compare`).

    Parameters
    ----------
    store : Store
        Where the indicators come from (bundled, plus any uploads).
    x, y : str
        Extensive indicator ids (e.g. ``rd_expenditure_from_share`` and ``gva_manufacturing_nominal_b2020``).
    level : str
        ``sido`` (or ``sigungu`` where both indicators have data there).
    year : int, optional
        Defaults to the latest year in which both indicators cover every region.
    permutations, seed : int
        Of every permutation test (the summary command's defaults).

    Returns
    -------
    Briefing

    Raises
    ------
    DataError
        Unknown ids, no comparable year (the message names the comparable years), too few regions.
    AggregationError
        An intensive indicator.
    """
    return briefing_of(store, compare(store, x, y, level, year, permutations=permutations, seed=seed))


def briefing_of(store: Store, c: Comparison) -> Briefing:
    """The briefing of a comparison: its numbers, the change of the Hoover index, captions and sources.

    The Hoover change compares ``c.year`` with the first year of :func:`analysis.compare.trend` (the same
    regions, no series break in between).
    """
    x, y, level, year = c.x, c.y, c.level, c.year
    by_year = trend(store, x, y, level, year, permutations=c.permutations, seed=c.seed, alpha=c.alpha,
                    fdr=c.fdr).frame
    by_year = by_year.loc[by_year.index <= year]  # a briefing of a year looks back, not ahead
    hoover_by_year = by_year["hoover"]
    share_x, share_y = c.capital_share_x, c.capital_share_y
    moran_res = c.moran["log_ratio"]
    labels = {k: (c.label(k, "ko"), c.label(k, "en")) for k in ("x", "y")}
    first = int(hoover_by_year.index[0])
    change = float(c.hoover - hoover_by_year.iloc[0]) if first != year else float("nan")
    heads = [
        Headline("capital_share_x", f"{labels['x'][0]}의 수도권 비중", f"Capital region's share of {labels['x'][1]}",
                 share_x, format_number("capital_share_x", share_x), f"{year}년", str(year)),
        Headline("capital_share_y", f"{labels['y'][0]}의 수도권 비중", f"Capital region's share of {labels['y'][1]}",
                 share_y, format_number("capital_share_y", share_y), f"{year}년", str(year)),
        Headline("hoover", "후버 불일치 지수 (X 대 Y)", "Hoover dissimilarity index (X vs Y)", c.hoover,
                 format_number("hoover", c.hoover),
                 "0 = 같은 분포, 1 = 완전히 다른 분포", "0 = same distribution, 1 = disjoint"),
    ]
    if np.isfinite(change):
        heads.append(Headline(
            "hoover_change", f"후버 지수 변화 ({first}→{year})", f"Change in the Hoover index ({first}→{year})",
            change, format_number("hoover_change", change),
            f"{first}년 {format_number('hoover', float(hoover_by_year.iloc[0]))}",
            f"{first}: {format_number('hoover', float(hoover_by_year.iloc[0]))}"))
    if moran_res is not None:
        heads.append(Headline(
            "moran_log_ratio", "불일치 ln M의 모란 I", "Moran's I of the mismatch ln M", moran_res.I,
            format_number("moran_log_ratio", moran_res.I),
            f"p = {moran_res.p_sim:.3f} ({moran_res.permutations}회 순열)",
            f"p = {moran_res.p_sim:.3f} ({moran_res.permutations} permutations)"))
    srcs = list(dict.fromkeys(store.sources_for(x, level, year) + store.sources_for(y, level, year)))
    if np.isfinite(change):
        srcs += [s for s in dict.fromkeys(store.sources_for(x, level, first) + store.sources_for(y, level, first))
                 if s not in srcs]
    return Briefing(level, year, x, y, labels, c.mismatch, share_x, share_y, c.hoover, hoover_by_year, moran_res,
                    tuple(heads), tuple(srcs), c.boundaries, c.weights, c, store, by_year)


def _extremes(b: Briefing, lang: str, n: int = 3) -> tuple[list[str], list[str]]:
    logm = b.mismatch.shares["log_ratio"].replace([np.inf, -np.inf], np.nan).dropna().sort_values()
    names = place_names(b.boundaries, lang)  # "중구 (서울)": a si-gun-gu names its sido
    top = [f"{names.get(c, c)} ({v:+.2f})" for c, v in logm.iloc[::-1].head(n).items() if v > 0]
    bottom = [f"{names.get(c, c)} ({v:+.2f})" for c, v in logm.head(n).items() if v < 0]
    return top, bottom


def caption(b: Briefing, lang: str = "ko") -> str:
    """A short generated caption stating the headline numbers in words (Korean or English)."""
    h = {x.key: x for x in b.headlines}
    # the sentences name both indicators (never "X" and "Y") by their short labels; the page's subtitle and the
    # deck's title slide give the full ones
    short = role_names(b.labels["x"], b.labels["y"])
    (xsk, xse), (ysk, yse) = short["a"], short["b"]
    top, bottom = _extremes(b, "ko" if lang == "ko" else "en", 2)
    m = b.moran_log_ratio
    if lang == "ko":
        parts = [f"{b.year}년 수도권(서울·인천·경기)은 {xsk}의 {h['capital_share_x'].text}, "
                 f"{ysk}의 {h['capital_share_y'].text}를 차지한다."]
        parts.append(f"후버 지수 {h['hoover'].text}: {xsk}의 {b.hoover * 100:.1f}%가 옮겨져야 {ysk}의 "
                     "지역 분포와 같아진다" + (f" ({h['hoover_change'].label_ko.split('(')[1].rstrip(')')} "
                                        f"{h['hoover_change'].text})." if "hoover_change" in h else "."))
        if top and bottom:
            parts.append(f"{xsk} 비중이 {ysk} 비중보다 상대적으로 큰 곳은 {', '.join(top)}, "
                         f"{ysk} 비중이 큰 곳은 {', '.join(bottom)}이다.")
        if m is not None:
            sig = "유의한 공간적 군집을 보인다" if m.p_sim <= 0.05 else "유의한 공간적 군집은 확인되지 않는다"
            parts.append(f"불일치(ln M)의 모란 I = {m.I:.3f} (p = {m.p_sim:.3f}): {sig}.")
            if m.warning:
                parts.append("지역 수가 적어 순열검정의 검정력이 약하므로 참고용으로 해석한다.")
        return " ".join(parts)
    parts = [f"In {b.year} the capital region (Seoul, Incheon, Gyeonggi) held {h['capital_share_x'].text} of "
             f"{xse} but {h['capital_share_y'].text} of {yse}."]
    change = (f" ({h['hoover_change'].text} since {b.hoover_by_year.index[0]})" if "hoover_change" in h else "")
    parts.append(f"Hoover index {h['hoover'].text}: {b.hoover * 100:.1f}% of {xse} would have to move to match "
                 f"the regional distribution of {yse}{change}.")
    if top and bottom:
        parts.append(f"The share of {xse} exceeds that of {yse} most in {', '.join(top)}; the share of {yse} "
                     f"exceeds that of {xse} most in {', '.join(bottom)}.")
    if m is not None:
        sig = "a significant spatial clustering" if m.p_sim <= 0.05 else "no significant spatial clustering"
        parts.append(f"Moran's I of the mismatch ln M = {m.I:.3f} (p = {m.p_sim:.3f}): {sig}.")
        if m.warning:
            parts.append("With few regions, permutation inference is weak: read it as indicative.")
    return " ".join(parts)


def _wrap(text: str, lang: str, width_en: int = 62, width_ko: int = 40) -> str:
    return textwrap.fill(text, width=width_ko if lang == "ko" else width_en, break_long_words=False)


def briefing_figure(b: Briefing, lang: str = "ko", on: date | None = None) -> Figure:
    """The briefing page as a matplotlib figure (A4 landscape): map of ln M left, numbers and caption right."""
    if lang not in ("ko", "en"):
        raise DataError(f"unknown language {lang!r}; choose 'ko' or 'en'")
    i = 0 if lang == "ko" else 1
    on = on or date.today()
    font = korean_font()
    (xk, xe), (yk, ye) = b.labels["x"], b.labels["y"]
    with matplotlib.rc_context(rc_params(font)):
        fig = Figure(figsize=A4_LANDSCAPE, facecolor="white")
        title = ("지역혁신 불일치 브리핑: " if i == 0 else "Regional innovation mismatch briefing: ") + str(b.year)
        fig.text(0.04, 0.95, title, fontsize=19, fontweight=font.bold_weight, va="center")
        sub = (f"X = {xk} · Y = {yk} · {LEVEL_NAMES[b.level][0]} {b.mismatch.n}개 지역" if i == 0
               else f"X = {xe} · Y = {ye} · {b.mismatch.n} {LEVEL_NAMES[b.level][1]} regions")
        fig.text(0.04, 0.91, _wrap(sub, lang, 120, 80), fontsize=10, color="#444444", va="top")

        # sources and date first: their height (long source lines wrap) decides where the rest can go
        src_word = "자료" if i == 0 else "Data"
        lines = [f"{src_word}: " + "; ".join(b.sources), BOUNDARY_SOURCE[i],
                 ("작성일 " if i == 0 else "Date: ") + on.isoformat() + " · RIES Atlas · "
                 + (f"모란 I: {b.moran_log_ratio.permutations}회 순열, seed {b.moran_log_ratio.seed}, 퀸 인접"
                    if i == 0 and b.moran_log_ratio else
                    f"Moran's I: {b.moran_log_ratio.permutations} permutations, seed {b.moran_log_ratio.seed}, "
                    "queen contiguity" if b.moran_log_ratio else "")]
        foot = fig.text(0.04, 0.035, "\n".join(_wrap(s, lang, 190, 120) for s in lines), fontsize=7,
                        color="#555555", va="bottom", linespacing=1.4)
        renderer = FigureCanvasAgg(fig).get_renderer()
        foot_top = max(0.10, fig.transFigure.inverted().transform(foot.get_window_extent(renderer))[1][1])

        # map of ln M (shorter when the trend is drawn under it)
        has_trend = b.trend is not None and len(b.trend) > 1
        trend_bottom = foot_top + 0.035
        ax = fig.add_axes((0.02, trend_bottom + 0.185, 0.44, 0.85 - trend_bottom - 0.185) if has_trend
                          else (0.02, foot_top + 0.07, 0.44, 0.78 - foot_top))
        gdf = b.boundaries
        logm = b.mismatch.shares["log_ratio"].reindex(gdf.index)
        classes = mismatch_classes(logm)
        draw_regions(ax, gdf, classes.fills(), capital=gdf if b.level == "sido" else None)
        ax.set_title("불일치 ln(X 비중 / Y 비중)" if i == 0 else "Mismatch ln(share X / share Y)",
                     fontsize=12, fontweight=font.bold_weight)
        items = maps.class_legend_items(classes, lambda v: f"{v:+.2f}",
                                        missing_label="자료 없음" if i == 0 else "no data")
        handles = [Patch(facecolor=it.color, edgecolor="#999999", label=f"{it.label} ({it.count})") for it in items]
        # the map sits at the left of its box and the legend in the sea to its lower right: a legend drawn over
        # the map hid the south-east (Busan's Jung-gu, the largest ln M at si-gun-gu level, was under it)
        ax.set_anchor("W")
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(0.478, ax.get_position().y0),
                  bbox_transform=fig.transFigure, fontsize=7.5, frameon=True,
                  framealpha=0.9, title_fontsize=7.5,
                  title=_wrap(surplus_note(*(v[i] for v in role_names(b.labels["x"], b.labels["y"]).values()),
                                           lang), lang, 38, 24))

        if has_trend:
            _draw_trend(fig.add_axes((0.075, trend_bottom, 0.37, 0.14)), b.trend, lang)

        # headline numbers
        y0, dy = 0.84, 0.105
        for n, h in enumerate(b.headlines):
            top = y0 - n * dy
            fig.patches.append(FancyBboxPatch((0.49, top - 0.085), 0.47, 0.09, boxstyle="round,pad=0.004",
                                              transform=fig.transFigure, facecolor="#f3f1f7",
                                              edgecolor="none"))
            fig.text(0.505, top - 0.04, h.text, fontsize=21, fontweight=font.bold_weight, color="#3f007d",
                     va="center")
            label = h.label_ko if i == 0 else h.label_en
            fig.text(0.655, top - 0.028, _wrap(label, lang, 58, 34), fontsize=9.5, va="center")
            fig.text(0.655, top - 0.065, h.detail_ko if i == 0 else h.detail_en, fontsize=8.5, color="#555555",
                     va="center")
        cap_top = y0 - len(b.headlines) * dy - 0.01
        words = caption(b, lang)
        # the caption stays above the sources: a long pair of labels gets a smaller font and wider lines
        for size, en_width, ko_width in ((9.5, 92, 50), (8.5, 102, 56), (7.5, 115, 63), (7.0, 122, 67)):
            cap = fig.text(0.49, cap_top, _wrap(words, lang, en_width, ko_width), fontsize=size, va="top",
                           linespacing=1.45)
            bottom = fig.transFigure.inverted().transform(cap.get_window_extent(renderer))[0][1]
            if bottom >= foot_top + 0.01 or size == 7.0:
                break
            cap.remove()
    return fig


TREND_SERIES: dict[str, tuple[str, str, str]] = {
    "hoover": ("후버 지수", "Hoover index", "#222222"),
    "capital_share_x": ("X의 수도권 비중", "Capital share of X", "#e66101"),
    "capital_share_y": ("Y의 수도권 비중", "Capital share of Y", "#5e3c99"),
    "moran_log_ratio": ("ln M의 모란 I", "Moran's I of ln M", "#4d9221"),
}
"""Columns of :attr:`Briefing.trend` drawn in the briefing's trend panel: (ko, en, colour)."""


def _draw_trend(ax, frame: pd.DataFrame, lang: str) -> None:
    """Hoover, the capital shares and Moran's I of ln M over the years (every value as computed by compare)."""
    i = 0 if lang == "ko" else 1
    years = frame.index.to_numpy(int)
    for key, (ko, en, color) in TREND_SERIES.items():
        vals = frame[key].to_numpy(float)
        if np.isfinite(vals).any():
            ax.plot(years, vals, marker="o", markersize=2.5, linewidth=1.3, color=color, label=(ko, en)[i])
    ax.set_xticks(years if len(years) <= 8 else years[:: max(1, len(years) // 6)])
    ax.tick_params(labelsize=7)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"{years[0]}–{years[-1]} " + ("추이" if i == 0 else "trend"), fontsize=8.5, loc="left")
    ax.legend(fontsize=6.5, ncol=2, frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), borderaxespad=0.2)


def briefing_pdf(b: Briefing, lang: str = "ko", on: date | None = None) -> bytes:
    """The one-page briefing as PDF bytes (Korean font embedded as TrueType, text extractable)."""
    from report.static_map import figure_bytes

    fig = briefing_figure(b, lang, on)
    return figure_bytes(fig, "pdf", dpi=200)


def briefing_png(b: Briefing, lang: str = "ko", on: date | None = None, dpi: int = 150) -> bytes:
    """The briefing page as PNG (for previews)."""
    from report.static_map import figure_bytes

    return figure_bytes(briefing_figure(b, lang, on), "png", dpi=dpi)


def headline_table(b: Briefing) -> pd.DataFrame:
    """Headline numbers as a table (for CSV/XLSX export)."""
    return pd.DataFrame([{"key": h.key, "label_ko": h.label_ko, "label_en": h.label_en, "value": h.value,
                          "text": h.text, "detail_en": h.detail_en} for h in b.headlines]).set_index("key")

