"""Static maps drawn server-side with geopandas/matplotlib, for slides, print and offline briefings.

The same inputs that build the interactive map (regions, one fill colour per region, legend rows from
:func:`geo.maps.class_legend_items`) produce a figure with a title, a legend, the capital-region outline and a
source line, in a Korean font (:mod:`report.fonts`). Figures are matplotlib :class:`~matplotlib.figure.Figure`
objects built without pyplot (no global state, safe in a server); :func:`figure_bytes` renders PNG, SVG or PDF.

Sizes: a figure is ``FIGURE_INCHES`` (12.8 × 7.2 in, 16:9) wide, so a PNG is 1920 × 1080 px at 150 dpi and
2560 × 1440 px at 200 dpi; :func:`png_size` gives the pixels for a dpi.

Examples
--------
>>> fig = map_figure(gdf, fill, MapText("R&D", "2022", "억원", "출처: KOSTAT"), capital=sido)  # doctest: +SKIP
>>> png = figure_bytes(fig, "png", dpi=200)  # doctest: +SKIP
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from geo.maps import CAPITAL_COLOR, MISSING_COLOR, LegendItem
from lang import bilingual
from report.fonts import korean_font, rc_params

__all__ = [
    "FIGURE_INCHES",
    "FORMATS",
    "MAX_DPI",
    "MIN_PNG_DPI",
    "MapText",
    "StaticMapError",
    "SLIDE_PT",
    "cell_width",
    "draw_regions",
    "figure_bytes",
    "fill_cells",
    "map_figure",
    "fill_width",
    "png_size",
    "slide_overflows",
]

FORMATS: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
"""Export formats → MIME type (for download buttons)."""

FIGURE_INCHES: tuple[float, float] = (12.8, 7.2)
"""Size of a map figure in inches (16:9)."""

MIN_PNG_DPI = 150
"""Smallest dpi for PNG exports: 150 dpi × :data:`FIGURE_INCHES` = 1920 × 1080 px."""

MAX_DPI = 600
"""Largest dpi of any export: 600 dpi = 7680 × 4320 px (poster print). Memory grows with the square of the dpi
(5,000 dpi took 9.4 GB), so a larger value is refused rather than allowed to exhaust the server."""

WORK_CRS = 5179  # UTM-K: Korea drawn with true shapes


class StaticMapError(ValueError):
    """A static map request that cannot be drawn (unknown format, too low a dpi, no regions)."""


@dataclass(frozen=True)
class MapText:
    """Texts around a static map.

    Attributes
    ----------
    title : str
        Main title (indicator and year).
    subtitle : str
        Second line (level, view mode, classification).
    legend_title : str
        Heading of the legend (e.g. the unit).
    source : str
        Source line printed at the bottom (data sources with years, boundaries).
    note : str
        Optional note under the legend (e.g. "classes pooled over all years").
    capital_label : str
        Legend text of the capital-region outline.
    """

    title: str
    subtitle: str
    legend_title: str
    source: str
    note: str = ""
    capital_label: str = field(default_factory=lambda: bilingual("capital"))


SLIDE_PT: dict[str, float] = {"legend": 21.0, "text": 18.5}
"""Text sizes of a slide picture (``slide=True``), in points of the 12.8 × 7.2 in figure: legends (rows and
headings) and every other text (subtitle, notes, sources, axis labels). A slide shows the picture at 85–95 % of its
size (the PPTX at 6.3 of 7.2 in high, the presenter page at 1280×720 at ~600 of 1080 px), so these are at least
18 pt and 16 pt on the screen (``tests/test_slide_text.py`` measures it in Chromium)."""

SOURCE_CELLS = 170
RIGHT_MARGIN = 0.97
"""Headings are kept left of this fraction of the figure width (:func:`_fit`)."""
"""Width of the source line in cells: a Latin character is one, a Hangul (wide) character two."""


def cell_width(text: str) -> int:
    """Display width of ``text`` in cells: East Asian wide and fullwidth characters (Hangul) count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fill_cells(text: str, width: int) -> str:
    """Wrap ``text`` at spaces into lines of at most ``width`` cells (:func:`cell_width`).

    ``textwrap.fill`` counts characters, so a line with Hangul in it runs about twice as wide as planned and
    off the figure. A single word longer than ``width`` gets a line of its own.
    """
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        w = cell_width(word)
        if line and used + 1 + w > width:
            lines.append(line)
            line, used = "", 0
        line, used = (f"{line} {word}", used + 1 + w) if line else (word, w)
    if line:
        lines.append(line)
    return "\n".join(lines)


def fill_width(fig: Figure, text: str, size: float, width: float, **props) -> str:
    """``text`` wrapped at spaces (:func:`fill_cells`) so that, at ``size`` points in ``fig``'s font, its widest
    line fits ``width`` (a fraction of the figure's width); measured with the Agg renderer like :func:`_fit`.

    >>> fig = Figure(figsize=FIGURE_INCHES)
    >>> lines = fill_width(fig, "word " * 60, 18.5, 0.5).splitlines()
    >>> 1 < len(lines) < 10
    True
    """
    renderer = FigureCanvasAgg(fig).get_renderer()
    room = width * fig.bbox.width
    cells = max(10, int(fig.get_figwidth() * 72 * width / (0.42 * size)))
    probe = fig.text(0, 0, "", fontsize=size, **props)
    try:
        while True:
            wrapped = fill_cells(text, cells)
            probe.set_text(wrapped)
            if probe.get_window_extent(renderer).width <= room or cells <= 10:
                return wrapped
            cells = max(10, int(cells * 0.93))
    finally:
        probe.remove()


def _fit(t: Text, min_size: float, right: float = RIGHT_MARGIN) -> None:
    """Keep a text inside the figure: shrink its font down to ``min_size``, then wrap it at spaces.

    Catalogue labels can be long ("R&D expenditure (derived: published share × published national total)"),
    so a title built from two of them may be wider than the slide. Widths are measured with the Agg renderer
    in the figure's own font, so the fit holds for PNG, SVG and PDF alike (same inches).
    """
    fig = t.get_figure()
    renderer = FigureCanvasAgg(fig).get_renderer()
    room = (right - t.get_position()[0]) * fig.bbox.width
    width = t.get_window_extent(renderer).width
    if width <= room:
        return
    t.set_fontsize(max(min_size, t.get_fontsize() * room / width))
    text = t.get_text()
    cells = cell_width(text)
    while t.get_window_extent(renderer).width > room and cells > 10:
        cells = int(cells * 0.9)
        t.set_text(fill_cells(text, cells))


def _split_long(text: str, width: int) -> str:
    """``text`` with every word wider than ``width`` cells cut into pieces that fit (for :func:`_fit_legend`)."""
    out = []
    for word in text.split(" "):
        piece, used = "", 0
        for ch in word:
            w = cell_width(ch)
            if piece and used + w > width:
                out.append(piece)
                piece, used = "", 0
            piece, used = piece + ch, used + w
        out.append(piece)
    return " ".join(out)


def _fit_legend(leg, right: float = RIGHT_MARGIN) -> None:
    """Keep a legend inside the figure: wrap its title and row labels until its right edge is left of ``right``.

    An uploaded indicator's name (up to 120 characters) and unit (up to 40) reach the legend title and every
    row; without wrapping they ran off the slide. Measured like :func:`_fit`; words longer than a line are cut.
    """
    fig = leg.get_figure()
    renderer = FigureCanvasAgg(fig).get_renderer()
    room = right * fig.bbox.width
    texts = [leg.get_title(), *leg.get_texts()]
    originals = [t.get_text() for t in texts]
    cells = max(cell_width(o) for o in originals)
    while leg.get_window_extent(renderer).x1 > room and cells > 12:
        cells = int(cells * 0.85)
        for t, o in zip(texts, originals, strict=True):
            if cell_width(o) > cells:
                t.set_text(fill_cells(_split_long(o, cells), cells))


def png_size(dpi: int, inches: tuple[float, float] = FIGURE_INCHES) -> tuple[int, int]:
    """Pixel size (width, height) of a PNG of a figure of ``inches`` at ``dpi``.

    Examples
    --------
    >>> png_size(150), png_size(200)
    ((1920, 1080), (2560, 1440))
    """
    return round(inches[0] * dpi), round(inches[1] * dpi)


def _linewidth(n: int) -> float:
    return 0.7 if n <= 60 else 0.3 if n <= 400 else 0.08


def draw_regions(
    ax: matplotlib.axes.Axes,
    gdf: gpd.GeoDataFrame,
    fill: pd.Series,
    *,
    capital: gpd.GeoDataFrame | None = None,
    line_color: str = "#ffffff",
) -> None:
    """Draw ``gdf`` on ``ax`` in UTM-K, filled with ``fill`` (hex per code; missing → grey), capital outlined.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Target axes (its frame is switched off).
    gdf : geopandas.GeoDataFrame
        Regions indexed by code.
    fill : pandas.Series
        Colour per code.
    capital : geopandas.GeoDataFrame, optional
        Regions with a boolean ``capital_region`` column (e.g. sido); their union is outlined, dashed.
    line_color : str
        Colour of the region borders.
    """
    if gdf.empty:
        raise StaticMapError("no regions to draw: the boundary table is empty")
    shapes = gdf.to_crs(WORK_CRS)
    colors = fill.reindex(shapes.index).fillna(MISSING_COLOR).astype(str)
    shapes.plot(ax=ax, color=colors.to_list(), edgecolor=line_color, linewidth=_linewidth(len(shapes)))
    if capital is not None and "capital_region" in capital:
        cap = capital.loc[capital["capital_region"].astype(bool)]
        if not cap.empty:
            outline = gpd.GeoSeries([cap.geometry.union_all()], crs=capital.crs).to_crs(WORK_CRS)
            outline.boundary.plot(ax=ax, color=CAPITAL_COLOR, linewidth=2.2, linestyle=(0, (5, 3)))
    ax.set_aspect("equal")
    ax.set_axis_off()


def map_figure(
    gdf: gpd.GeoDataFrame,
    fill: pd.Series,
    text: MapText,
    legend: Sequence[LegendItem],
    *,
    capital: gpd.GeoDataFrame | None = None,
    line_color: str = "#ffffff",
    inches: tuple[float, float] = FIGURE_INCHES,
    slide: bool = False,
) -> Figure:
    """A 16:9 static map: title, map, legend (swatch, range, count), capital outline and source line.

    With ``slide=True`` the figure is laid out for a slide whose title the slide itself shows (the presenter
    page, a PPTX slide): no title in the picture (titles once), the sources along the bottom, the map above them on
    the left, subtitle, legend and note in the column on its right, all at :data:`SLIDE_PT` (legend 21 pt, other
    text 18.5 pt: at least 18 and 16 pt on a 1280×720 screen).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Regions indexed by code (any CRS; drawn in EPSG:5179).
    fill : pandas.Series
        Fill colour per code, exactly as on the interactive map.
    text : MapText
        Title, subtitle, legend heading, source and note.
    legend : sequence of LegendItem
        Legend rows, e.g. :func:`geo.maps.class_legend_items` or :func:`geo.maps.cluster_legend_items`.
    capital : geopandas.GeoDataFrame, optional
        Sido boundaries with ``capital_region``, for the outline.
    line_color : str
        Region border colour.
    inches : tuple of float
        Figure size in inches.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KoreanFontError
        No Korean font is installed.
    """
    font = korean_font()
    with matplotlib.rc_context(rc_params(font)):
        fig = Figure(figsize=inches, facecolor="white")
        if slide:
            return _slide_map(fig, font, gdf, fill, text, legend, capital, line_color)
        ax = fig.add_axes((0.01, 0.07, 0.60, 0.78))
        draw_regions(ax, gdf, fill, capital=capital, line_color=line_color)
        _fit(fig.text(0.03, 0.945, text.title, fontsize=22, fontweight=font.bold_weight, va="center"), 15)
        _fit(fig.text(0.03, 0.885, text.subtitle, fontsize=13, color="#444444", va="center"), 10)
        leg = fig.legend(handles=_handles(text, legend, capital), loc="upper left", bbox_to_anchor=(0.62, 0.80),
                         frameon=False, fontsize=13, title=text.legend_title, title_fontsize=14, alignment="left",
                         handlelength=1.8, handleheight=1.1, labelspacing=0.6)
        leg.get_title().set_fontweight(font.bold_weight)
        _fit_legend(leg)
        if text.note:
            _fit(fig.text(0.625, 0.12, text.note, fontsize=11, color="#555555", va="bottom"), 10)
        fig.text(0.03, 0.015, fill_cells(text.source, SOURCE_CELLS), fontsize=9.5,
                 color="#555555", va="bottom", linespacing=1.3)
    return fig


def _handles(text: MapText, legend: Sequence[LegendItem], capital: gpd.GeoDataFrame | None) -> list:
    handles: list = [
        Patch(facecolor=it.color, edgecolor="#999999",
              label=it.label if it.count is None else f"{it.label}  ({it.count})")
        for it in legend
    ]
    if capital is not None:
        handles.append(Line2D([], [], color=CAPITAL_COLOR, linewidth=2.2, linestyle=(0, (5, 3)),
                              label=text.capital_label))
    return handles


def _slide_map(fig: Figure, font, gdf: gpd.GeoDataFrame, fill: pd.Series, text: MapText,
               legend: Sequence[LegendItem], capital: gpd.GeoDataFrame | None, line_color: str) -> Figure:
    """The slide layout of :func:`map_figure`: sources along the bottom, the map above them on the left, the
    subtitle, legend and note in the column on its right, every text at :data:`SLIDE_PT` (never shrunk below it:
    long texts wrap, and the map gives way). When the column would run into the sources, the sources keep to the
    map's side and the column goes down to the bottom."""
    for source_width in (0.96, 0.54):
        fig.clear()
        _slide_layout(fig, font, gdf, fill, text, legend, capital, line_color, source_width)
        if not slide_overflows(fig):
            break
    return fig


def _slide_layout(fig: Figure, font, gdf: gpd.GeoDataFrame, fill: pd.Series, text: MapText,
                  legend: Sequence[LegendItem], capital: gpd.GeoDataFrame | None, line_color: str,
                  source_width: float) -> None:
    renderer = FigureCanvasAgg(fig).get_renderer()
    size, legend_size = SLIDE_PT["text"], SLIDE_PT["legend"]

    def box(artist):
        return fig.transFigure.inverted().transform_bbox(artist.get_window_extent(renderer))

    src = fig.text(0.02, 0.012, fill_width(fig, text.source, size, source_width), fontsize=size, color="#555555",
                   va="bottom", linespacing=1.2)
    floor = box(src).y1 + 0.02
    ax = fig.add_axes((0.0, floor, 0.56, 0.99 - floor))
    draw_regions(ax, gdf, fill, capital=capital, line_color=line_color)
    ax.set_anchor("E")  # the map (taller than wide) next to its legend, not across a gap
    sub = fig.text(0.575, 0.975, fill_width(fig, text.subtitle, size, 0.40), fontsize=size, color="#444444",
                   va="top", linespacing=1.2)
    leg = fig.legend(handles=_handles(text, legend, capital), loc="upper left",
                     bbox_to_anchor=(0.565, box(sub).y0 - 0.015), frameon=False, fontsize=legend_size,
                     title=fill_width(fig, text.legend_title, legend_size, 0.40, fontweight=font.bold_weight),
                     title_fontsize=legend_size, alignment="left", handlelength=1.6, handleheight=1.0,
                     labelspacing=0.35, borderaxespad=0.0, borderpad=0.2)
    leg.get_title().set_fontweight(font.bold_weight)
    _fit_legend(leg)
    if text.note:
        fig.text(0.575, box(leg).y0 - 0.015, fill_width(fig, text.note, size, 0.40), fontsize=size,
                 color="#555555", va="top", linespacing=1.2)


def slide_overflows(fig: Figure) -> bool:
    """Whether the legend (or the note under it) of a slide map (:func:`map_figure` with ``slide=True``) runs into
    the sources along the bottom, or below the picture: the caller then says it shorter (e.g. X and Y for two long
    names)."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    if not fig.legends or not fig.texts:
        return False
    src = fig.texts[0].get_window_extent(renderer)  # the sources: the slide layout's first text
    column = [fig.legends[0].get_window_extent(renderer), *(t.get_window_extent(renderer) for t in fig.texts[2:])]
    lowest = min(b.y0 for b in column)  # the legend, and the note if any
    beside = src.x1 <= min(b.x0 for b in column)  # sources kept to the map's side
    return lowest < 0 or (not beside and lowest < src.y1)


def figure_bytes(fig: Figure, fmt: str = "png", dpi: int = MIN_PNG_DPI) -> bytes:
    """Render ``fig`` as PNG, SVG or PDF (fonts embedded; Hangul as TrueType in PDF, as paths in SVG).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure from :func:`map_figure` or the briefing.
    fmt : str
        A key of :data:`FORMATS`.
    dpi : int
        Resolution of PNG output (at least :data:`MIN_PNG_DPI`, so a map is at least 1920 × 1080 px);
        also the resolution of any raster inside PDF/SVG.

    Returns
    -------
    bytes

    Raises
    ------
    StaticMapError
        Unknown format, a PNG dpi below :data:`MIN_PNG_DPI` or any dpi above :data:`MAX_DPI`.
    """
    if fmt not in FORMATS:
        raise StaticMapError(f"unknown export format {fmt!r}; choose one of {list(FORMATS)}")
    if not 1 <= dpi <= MAX_DPI:
        raise StaticMapError(f"dpi {dpi} is out of range: use at most {MAX_DPI} (7680×4320 px); larger images "
                             "take gigabytes of memory")
    if fmt == "png" and dpi < MIN_PNG_DPI:
        raise StaticMapError(
            f"dpi {dpi} is too low for a PNG map: use at least {MIN_PNG_DPI} (1920×1080 px), e.g. 200 for print"
        )
    buf = io.BytesIO()
    meta = {"png": {"Software": "RIES Atlas"}, "svg": {"Creator": "RIES Atlas"},
            "pdf": {"Creator": "RIES Atlas"}}[fmt]
    quiet = logging.getLogger("fontTools.subset")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "TSI0 NOT subset" notices about Nanum's hinting tables
    try:
        with matplotlib.rc_context(rc_params(korean_font())):
            fig.savefig(buf, format=fmt, dpi=dpi, facecolor=fig.get_facecolor(), metadata=meta)
    finally:
        quiet.setLevel(level)
    return buf.getvalue()
