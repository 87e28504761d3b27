"""The story's trend slide: the mismatch over the years, honestly scaled, with the capital region's shares beside it.

Two panels side by side, both with their value axis starting at 0 (a Hoover index drawn on 0.500–0.535 made a flat
series look like wild swings): the Hoover index of x against y (left) and the capital region's share of x and of
y (right, in %), at the years observed only. Above them, the change explained in words — the sentences of
:func:`report.readings.change_lines` (the briefing's second paragraph, :func:`report.briefing.trend_reading`),
as many as fit; the whole paragraph goes into the slide's notes. Below, the sources.

Every number is a column of :attr:`report.briefing.Briefing.trend` (:func:`analysis.compare.trend`), so the slide,
the Mismatch tab's chart and ``analysis trend --json`` agree. Text sizes on a slide are those of
:data:`report.static_map.SLIDE_PT`.
"""

from __future__ import annotations

import math
import re

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.errors import DataError
from analysis.labels import role_names
from lang import pick, t
from report.briefing import TREND_SERIES, Briefing
from report.fonts import korean_font, rc_params
from report.static_map import FIGURE_INCHES, SLIDE_PT, fill_width

__all__ = ["hoover_top", "merged_sources", "trend_figure"]


def hoover_top(values: np.ndarray) -> float:
    """The top of the Hoover axis: 0.1 above the largest value, rounded up to a tenth, at most 1 (the axis starts
    at 0, so the top only gives the line room).

    >>> hoover_top(np.array([0.50, 0.535])), hoover_top(np.array([0.95]))
    (0.7, 1.0)
    """
    top = float(np.nanmax(values)) if len(values) else 0.0
    return min(1.0, math.ceil(round((top + 0.1) * 10, 6)) / 10)


def _year_ticks(ax, years: list[int]) -> None:
    """Ticks at the years observed only (nothing is claimed between them); labels thinned when they crowd."""
    ax.set_xticks(years)
    step = max(1, math.ceil(len(years) / 6))
    ax.set_xticklabels([str(y) if (len(years) - 1 - n) % step == 0 else "" for n, y in enumerate(years)])
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)


def _reading(fig: Figure, b: Briefing, lang: str, size: float, most_lines: int) -> str:
    """The change explained, as many whole sentences as fit in ``most_lines`` lines across the slide: how the
    Hoover index moved first, then which side's move made it, where and the biggest mover; the capital shares
    last (they are drawn beside)."""
    from report.readings import change_lines

    if b.change is None:
        return ""
    lines = change_lines(b.change, lang)
    order = [lines[0], *lines[2:], lines[1]] if len(lines) > 2 else lines
    kept: list[str] = []
    for line in order:
        if fill_width(fig, " ".join([*kept, line]), size, 0.94).count("\n") < most_lines:
            kept.append(line)
    return fill_width(fig, " ".join(kept), size, 0.94)


_YEAR = re.compile(r"^(.*) \((\d{4})\)$")


def merged_sources(sources: tuple[str, ...] | list[str]) -> list[str]:
    """Sources that differ only in their year, said once with the years: ``… (2015, 2020)``.

    >>> merged_sources(["KOSIS DT_1 (2023)", "MOIS DT_2 (2023)", "KOSIS DT_1 (2013)"])
    ['KOSIS DT_1 (2013, 2023)', 'MOIS DT_2 (2023)']
    """
    years: dict[str, list[str]] = {}
    for src in sources:
        m = _YEAR.match(src)
        base, year = (m.group(1), m.group(2)) if m else (src, "")
        years.setdefault(base, [])
        if year and year not in years[base]:
            years[base].append(year)
    return [f"{base} ({', '.join(sorted(ys))})" if ys else base for base, ys in years.items()]


def trend_figure(b: Briefing, lang: str = "ko", title: str = "", slide: bool = False) -> Figure:
    """Draw the trend of the briefing's pair: Hoover index and capital-region shares, axes from 0.

    Parameters
    ----------
    b : Briefing
        From :func:`report.briefing.briefing` (its ``trend``: the comparable years up to its year).
    lang : {"ko", "en"}
    title : str
        Drawn at the top unless ``slide`` (a slide shows its own heading).
    slide : bool
        Sizes for a slide (:data:`report.static_map.SLIDE_PT`).

    Raises
    ------
    DataError
        Fewer than two comparable years (a story never asks for it: :mod:`report.story_check`).
    """
    frame = b.trend if b.trend is not None else b.hoover_by_year.to_frame("hoover")
    frame = frame.dropna(subset=["hoover"])
    if len(frame) < 2:
        raise DataError(f"only {len(frame)} year compares {b.x} with {b.y} on the same regions: no trend to show")
    text_pt = SLIDE_PT["text"] if slide else 12.0
    legend_pt = SLIDE_PT["legend"] if slide else 13.0
    names = role_names(b.labels["x"], b.labels["y"])
    x_name, y_name = pick(names["a"], lang), pick(names["b"], lang)
    years = [int(v) for v in frame.index]
    font = korean_font()
    with matplotlib.rc_context(rc_params(font)):
        fig = Figure(figsize=FIGURE_INCHES, facecolor="white")
        renderer = FigureCanvasAgg(fig).get_renderer()

        def box(artist):
            return fig.transFigure.inverted().transform_bbox(artist.get_window_extent(renderer))

        # sources at the bottom, the reading at the top: their heights decide the panels' room
        said = pick((b.sources_ko or b.sources, b.sources), lang)  # the publishers and tables in the page's language
        sources = f"X = {x_name} · Y = {y_name} · " + "; ".join(merged_sources(said))
        src = fig.text(0.03, 0.015, fill_width(fig, sources, text_pt, 0.94), fontsize=text_pt, color="#555555",
                       va="bottom", linespacing=1.2)
        top = 0.985
        if not slide:
            head = fig.text(0.03, top, title, fontsize=20, fontweight=font.bold_weight, va="top")
            top = box(head).y0 - 0.015
        reading = _reading(fig, b, lang, text_pt, 3)
        if reading:
            said = fig.text(0.03, top, reading, fontsize=text_pt, va="top", linespacing=1.25)
            top = box(said).y0 - 0.03
        left, right, wide = 0.07, 0.58, 0.38
        heads = [fig.text(x0, top, t(key, lang), fontsize=legend_pt, fontweight=font.bold_weight, va="top")
                 for x0, key in ((left, "trend_hoover_title"), (right, "trend_share_title"))]
        lines = [(key, name) for key, name in (("capital_share_x", x_name), ("capital_share_y", y_name))
                 if key in frame and np.isfinite(frame[key].to_numpy(float)).any()]
        labels = [fill_width(fig, name, legend_pt, wide - 0.05) for _, name in lines]
        if any("\n" in label for label in labels):  # names too long for a line: X and Y (the sources say who)
            labels = [key[-1].upper() for key, _ in lines]
        handles = [Line2D([], [], color=TREND_SERIES[key], linewidth=3, marker="o", markersize=8, label=label)
                   for (key, _), label in zip(lines, labels, strict=True)]
        under = box(heads[1]).y0 - 0.01
        if handles:  # the shares' legend under their heading, never over the lines
            leg = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(right - 0.008, under),
                             frameon=False, fontsize=legend_pt, handlelength=1.6, borderaxespad=0.0,
                             labelspacing=0.3, ncols=2 if len(labels[0]) == 1 else 1, columnspacing=1.5)
            under = box(leg).y0
        bottom = box(src).y1 + 0.075
        ceiling = min(box(heads[0]).y0, under) - 0.025
        hoover = fig.add_axes((left + 0.02, bottom, wide - 0.02, ceiling - bottom))
        shares = fig.add_axes((right + 0.02, bottom, wide - 0.02, ceiling - bottom))
        h = frame["hoover"].to_numpy(float)
        hoover.plot(years, h, marker="o", markersize=9, color="#3f007d", linewidth=3)
        hoover.set_ylim(0, hoover_top(h))
        for n in (0, len(years) - 1):  # the first and last values, written at their points
            hoover.annotate(f"{h[n]:.3f}", (years[n], h[n]), textcoords="offset points", xytext=(0, 10),
                            ha="center", va="bottom", fontsize=text_pt, color="#3f007d")
        for key, _ in lines:
            shares.plot(years, frame[key].to_numpy(float) * 100, marker="o", markersize=8, linewidth=3,
                        color=TREND_SERIES[key])
        shares.set_ylim(0, 100)
        for ax in (hoover, shares):
            _year_ticks(ax, years)
            ax.tick_params(labelsize=text_pt)
            ax.grid(alpha=0.3)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
    return fig
