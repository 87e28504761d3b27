"""One-page briefing: headline numbers of the capital-region mismatch, a generated caption, a map, as PDF.

The headline numbers are those of :func:`analysis.compare.compare` — the call behind ``python -m analysis
summary``, the app's tabs and the deck, with the same defaults (:mod:`analysis.defaults`) — so a briefing
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

from analysis import regions
from analysis.change import HooverChange, change_between
from analysis.compare import Comparison, compare, trend
from analysis.defaults import PERMUTATIONS, SEED
from analysis.errors import DataError
from analysis.labels import role_names
from analysis.mismatch import MismatchResult
from analysis.spatial import GlobalResult
from analysis.store import Store
from geo import maps
from geo.classify import mismatch_classes
from geo.names import place_names
from lang import LANGS, pick, t
from lang.numbers import count, number
from report.exports import BOUNDARY_SOURCE, level_word
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
    "card_headlines",
    "format_number",
    "trend_reading",
]

A4_LANDSCAPE: tuple[float, float] = (11.69, 8.27)
"""Page size of the briefing in inches."""



HEADLINE_KINDS: dict[str, str] = {
    "capital_share_x": "share",
    "capital_share_y": "share",
    "hoover": "index",
    "hoover_change": "change",
    "moran_log_ratio": "index",
}
"""Each headline's kind of number (:data:`lang.numbers.NUMBER_KINDS`)."""

_HEADLINE_WORDS: dict[str, tuple[str, str]] = {
    "capital_share_x": ("cap_share_of", "headline_year"),
    "capital_share_y": ("cap_share_of", "headline_year"),
    "hoover": ("hoover", "headline_hoover_detail"),
    "hoover_change": ("headline_hoover_change", "headline_hoover_change_detail"),
    "moran_log_ratio": ("moran_metric", "headline_moran_detail"),
}
"""Each headline's catalogue entries: (label, detail). The page's metric cards say the same entries."""


@dataclass(frozen=True)
class Headline:
    """One headline number: what it is (a catalogue key and its fields), its value and its printed text.

    Attributes
    ----------
    key : str
        Stable id (``capital_share_x``, ``capital_share_y``, ``hoover``, ``hoover_change``, ``moran_log_ratio``).
    value : float
        The number as computed (a fraction for shares).
    text : str
        The number as printed (:func:`format_number`).
    fields : dict
        What the label and the detail name: years, p-value, permutations, and the indicator's short names as a
        ``(ko, en)`` pair under ``name`` (said in the reader's language).
    """

    key: str
    value: float
    text: str
    fields: dict = field(default_factory=dict)

    def _fields(self, lang: str) -> dict:
        return {k: pick(v, lang) if isinstance(v, tuple) else v for k, v in self.fields.items()}

    def label(self, lang: str) -> str:
        """What the number is, in ``lang`` ("연구개발비의 수도권 비중")."""
        return t(_HEADLINE_WORDS[self.key][0], lang, **self._fields(lang))

    def detail(self, lang: str) -> str:
        """Its second line in ``lang`` (the year, the p-value and permutations, the year compared with)."""
        return t(_HEADLINE_WORDS[self.key][1], lang, **self._fields(lang))


def format_number(key: str, value: float | None) -> str:
    """How a headline value is printed (:func:`lang.numbers.number` of its kind): shares as ``63.4%``, indices as
    ``0.253``, changes as ``+0.012``.

    Examples
    --------
    >>> format_number("capital_share_x", 0.6342), format_number("hoover", 0.25349), format_number("hoover_change", -0.01)
    ('63.4%', '0.253', '-0.010')
    """
    return number(HEADLINE_KINDS[key], value)


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
    change : HooverChange or None
        The change of the Hoover index from the trend's first year to ``year``, split into the parts due to x
        and to y (:func:`analysis.change.change_between`); None with a single year.
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
    change: HooverChange | None = field(default=None, repr=False)
    sources_ko: tuple[str, ...] = ()


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
    series = trend(store, x, y, level, year, permutations=c.permutations, seed=c.seed, alpha=c.alpha, fdr=c.fdr)
    by_year = series.frame
    by_year = by_year.loc[by_year.index <= year]  # a briefing of a year looks back, not ahead
    hoover_by_year = by_year["hoover"]
    share_x, share_y = c.capital_share_x, c.capital_share_y
    moran_res = c.moran["log_ratio"]
    labels = {k: (c.label(k, "ko"), c.label(k, "en")) for k in ("x", "y")}
    short = role_names(labels["x"], labels["y"])  # the names a card and a caption use (short unless alike)
    first = int(hoover_by_year.index[0])
    change = float(c.hoover - hoover_by_year.iloc[0]) if first != year else float("nan")

    def head(key: str, value: float, **fields) -> Headline:
        return Headline(key, value, format_number(key, value), fields)

    heads = [head("capital_share_x", share_x, name=short["a"], year=year),
             head("capital_share_y", share_y, name=short["b"], year=year),
             head("hoover", c.hoover)]
    if np.isfinite(change):
        heads.append(head("hoover_change", change, first=first, year=year,
                          then=format_number("hoover", float(hoover_by_year.iloc[0]))))
    if moran_res is not None:
        heads.append(head("moran_log_ratio", moran_res.I, p=number("p", moran_res.p_sim),
                          n=count(moran_res.permutations)))

    def sources(lang: str) -> tuple[str, ...]:
        srcs = list(dict.fromkeys(store.sources_for(x, level, year, lang) + store.sources_for(y, level, year, lang)))
        if np.isfinite(change):
            srcs += [s for s in dict.fromkeys(store.sources_for(x, level, first, lang)
                                              + store.sources_for(y, level, first, lang)) if s not in srcs]
        return tuple(srcs)

    earlier = [k for k in series.comparisons if k.year < year]
    explained = change_between(earlier[0], c) if earlier else None
    return Briefing(level, year, x, y, labels, c.mismatch, share_x, share_y, c.hoover, hoover_by_year, moran_res,
                    tuple(heads), sources("en"), c.boundaries, c.weights, c, store, by_year, explained, sources("ko"))


def card_headlines(b: Briefing) -> tuple[Headline, ...]:
    """The headlines shown as cards (the presenter's first slide, the deck's title slide, the PDF's boxes): all but
    a statistic that is not significant — Moran's I of ln M with a pseudo p-value above the comparison's alpha
    stays in the caption's words ("no significant spatial clustering"), never a headline number."""
    m = b.moran_log_ratio
    quiet = m is not None and not m.p_sim <= b.comparison.alpha
    return tuple(h for h in b.headlines if not (quiet and h.key == "moran_log_ratio"))


def trend_reading(b: Briefing, lang: str = "ko") -> str:
    """The change since the trend's first year in words (:func:`report.readings.change_sentence`): which side
    moved and where. The briefing's second paragraph, the trend slide's notes; empty with a single year.

    This is the one function the presenter's story (trend slide) calls for that sentence.
    """
    from report.readings import change_sentence

    return "" if b.change is None else change_sentence(b.change, lang)


def _extremes(b: Briefing, lang: str, n: int = 3) -> tuple[list[str], list[str]]:
    logm = b.mismatch.shares["log_ratio"].replace([np.inf, -np.inf], np.nan).dropna().sort_values()
    names = place_names(b.boundaries, lang)  # "울산 북구": a si-gun-gu names its sido
    top = [f"{names.get(c, c)} ({number('log_ratio', v, lang)})" for c, v in logm.iloc[::-1].head(n).items() if v > 0]
    bottom = [f"{names.get(c, c)} ({number('log_ratio', v, lang)})" for c, v in logm.head(n).items() if v < 0]
    return top, bottom


def caption(b: Briefing, lang: str = "ko") -> str:
    """A short generated caption stating the headline numbers in words (Korean or English).

    Every sentence is a catalogue entry (``caption_*``) filled with the headline's own fields and texts, so the
    caption, the headline cards and the summary say the same numbers.
    """
    h = {x.key: x for x in b.headlines}
    # the sentences name both indicators (never "X" and "Y") by their short labels; the page's subtitle and the
    # deck's title slide give the full ones
    short = role_names(b.labels["x"], b.labels["y"])
    x, y = pick(short["a"], lang), pick(short["b"], lang)
    top, bottom = _extremes(b, lang, 2)
    m = b.moran_log_ratio
    change = ""
    if "hoover_change" in h:
        change = t("caption_hoover_change", lang, first=h["hoover_change"].fields["first"],
                   change=h["hoover_change"].text)
    parts = [t("caption_shares", lang, year=b.year, members=pick(regions.capital_names(), lang), x=x, y=y,
               sx=h["capital_share_x"].text, sy=h["capital_share_y"].text),
             t("caption_hoover", lang, h=h["hoover"].text, pct=number("share", b.hoover, lang), x=x, y=y,
               change=change)]
    if top and bottom:
        parts.append(t("caption_extremes", lang, x=x, y=y, top=", ".join(top), bottom=", ".join(bottom)))
    if m is not None:
        parts.append(t("caption_moran_clustered" if m.p_sim <= 0.05 else "caption_moran_not_clustered", lang,
                       I=number("index", m.I, lang), p=number("p", m.p_sim, lang)))
        if m.warning:
            parts.append(t("caption_small_n", lang))
    return " ".join(parts)


def _wrap(text: str, lang: str, width_en: int = 62, width_ko: int = 40) -> str:
    return textwrap.fill(text, width=pick((width_ko, width_en), lang), break_long_words=False)


def briefing_figure(b: Briefing, lang: str = "ko", on: date | None = None) -> Figure:
    """The briefing page as a matplotlib figure (A4 landscape): map of ln M left, numbers and caption right."""
    if lang not in LANGS:
        raise DataError(f"unknown language {lang!r}; choose 'ko' or 'en'")
    on = on or date.today()
    font = korean_font()
    with matplotlib.rc_context(rc_params(font)):
        fig = Figure(figsize=A4_LANDSCAPE, facecolor="white")
        fig.text(0.04, 0.95, t("briefing_title", lang, year=b.year), fontsize=19, fontweight=font.bold_weight,
                 va="center")
        sub = t("briefing_sub", lang, x=pick(b.labels["x"], lang), y=pick(b.labels["y"], lang),
                level=level_word(b.level, lang), n=count(b.mismatch.n, lang))
        fig.text(0.04, 0.91, _wrap(sub, lang, 120, 80), fontsize=10, color="#444444", va="top")

        # sources and date first: their height (long source lines wrap) decides where the rest can go
        m = b.moran_log_ratio
        lines = [t("data_sources", lang, sources="; ".join(pick((b.sources_ko or b.sources, b.sources), lang))),
                 pick(BOUNDARY_SOURCE, lang), t("made_on", lang, date=on.isoformat()) + " · " + t("atlas_name", lang)
                 + (" · " + t("briefing_moran_method", lang, n=count(m.permutations, lang), seed=m.seed) if m else "")]
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
        ax.set_title(t("mismatch_map_title", lang), fontsize=12, fontweight=font.bold_weight)
        items = maps.class_legend_items(classes, lambda v: number("log_ratio", v, lang),
                                        missing_label=t("no_data", lang))
        handles = [Patch(facecolor=it.color, edgecolor="#999999", label=f"{it.label} ({it.count})") for it in items]
        # the map sits at the left of its box and the legend in the sea to its lower right: a legend drawn over
        # the map hid the south-east (Busan's Jung-gu, the largest ln M at si-gun-gu level, was under it)
        ax.set_anchor("W")
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(0.478, ax.get_position().y0),
                  bbox_transform=fig.transFigure, fontsize=7.5, frameon=True,
                  framealpha=0.9, title_fontsize=7.5,
                  title=_wrap(t("surplus_note", lang, **{r: pick(v, lang) for r, v in
                                                         zip("xy", role_names(b.labels["x"], b.labels["y"]).values(),
                                                             strict=True)}), lang, 38, 24))

        if has_trend:
            _draw_trend(fig.add_axes((0.075, trend_bottom, 0.37, 0.14)), b.trend, lang)

        # headline numbers
        y0, dy = 0.84, 0.105
        cards = card_headlines(b)
        for n, h in enumerate(cards):
            top = y0 - n * dy
            fig.patches.append(FancyBboxPatch((0.49, top - 0.085), 0.47, 0.09, boxstyle="round,pad=0.004",
                                              transform=fig.transFigure, facecolor="#f3f1f7",
                                              edgecolor="none"))
            fig.text(0.505, top - 0.04, h.text, fontsize=21, fontweight=font.bold_weight, color="#3f007d",
                     va="center")
            fig.text(0.655, top - 0.028, _wrap(h.label(lang), lang, 58, 34), fontsize=9.5, va="center")
            fig.text(0.655, top - 0.065, h.detail(lang), fontsize=8.5, color="#555555", va="center")
        cap_top = y0 - len(cards) * dy - 0.01
        # the caption, then the change since the first year explained (which side moved and where); when they
        # would reach the sources even in a small font, the change drops sentences (the biggest mover, the capital
        # shares, which the cards and the trend panel show, then where) but keeps which side moved
        from report.readings import change_lines

        lines = [] if b.change is None else change_lines(b.change, lang)
        variants = [lines]
        if len(lines) > 3:  # head, capital shares, parts, where, mover: drop from the end, the capital shares
            variants += [lines[:-1], [lines[0], *lines[2:-1]], lines[:1] + lines[2:3]]
        sizes = ((9.5, 92, 50), (8.5, 102, 56), (7.5, 115, 63), (7.0, 122, 67), (6.5, 132, 72))
        tries = [(v, sz) for n, v in enumerate(variants) for sz in (sizes if n == 0 else sizes[-2:])]
        for k, (change, (size, en_width, ko_width)) in enumerate(tries):
            words = [caption(b, lang), " ".join(change)]
            cap = fig.text(0.49, cap_top, "\n\n".join(_wrap(w, lang, en_width, ko_width) for w in words if w),
                           fontsize=size, va="top", linespacing=1.45)
            bottom = fig.transFigure.inverted().transform(cap.get_window_extent(renderer))[0][1]
            if bottom >= foot_top + 0.01 or k == len(tries) - 1:
                break
            cap.remove()
    return fig


TREND_SERIES: dict[str, str] = {
    "hoover": "#222222",
    "capital_share_x": "#e66101",
    "capital_share_y": "#5e3c99",
    "moran_log_ratio": "#4d9221",
}
"""Columns of :attr:`Briefing.trend` drawn in the briefing's trend panel (and the Mismatch tab's chart) and their
colours; their names are the catalogue's ``trend_<column>``."""


def _draw_trend(ax, frame: pd.DataFrame, lang: str) -> None:
    """Hoover, the capital shares and Moran's I of ln M over the years (every value as computed by compare)."""
    years = frame.index.to_numpy(int)
    for key, color in TREND_SERIES.items():
        vals = frame[key].to_numpy(float)
        if np.isfinite(vals).any():
            ax.plot(years, vals, marker="o", markersize=2.5, linewidth=1.3, color=color,
                    label=t(f"trend_{key}", lang))
    ax.set_xticks(years if len(years) <= 8 else years[:: max(1, len(years) // 6)])
    ax.tick_params(labelsize=7)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(t("trend_span", lang, first=years[0], last=years[-1]), fontsize=8.5, loc="left")
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


