"""A briefing as a sequence of maps: the presenter mode's slides and the PPTX deck.

The sequence (:func:`steps_for`) shows where x is, where y is, their mismatch (ln of the share ratio) and the
bivariate LISA clusters of x against the neighbours' y. :func:`step_figure` draws one step with the static
map exports (:mod:`report.exports`, bundled Korean font, no network); :func:`deck_pptx` writes the whole
sequence as a 16:9 PowerPoint file (python-pptx): a title slide with the headline numbers of
:func:`report.briefing.briefing`, then one slide per map with its title and data sources, and the generated
caption as speaker notes. Text stays text (editable, searchable); maps are PNG pictures.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
from matplotlib.figure import Figure

from analysis.errors import DataError
from analysis.store import Store
from geo.classify import classify
from report import exports
from report.briefing import Briefing, caption
from report.static_map import figure_bytes

__all__ = ["Step", "deck_pptx", "step_figure", "steps_for"]

KINDS = ("indicator", "mismatch", "clusters")


@dataclass(frozen=True)
class Step:
    """One slide: what to show and its heading.

    Attributes
    ----------
    kind : {"indicator", "mismatch", "clusters"}
        A choropleth of one indicator, the mismatch map of x against y, or the bivariate LISA cluster map.
    title_ko, title_en : str
        Heading in Korean and English.
    indicator : str
        Indicator id (``kind == "indicator"`` only).
    mode : str
        View mode of the indicator (``share`` of the national total by default).
    """

    kind: str
    title_ko: str
    title_en: str
    indicator: str = ""
    mode: str = "share"


def steps_for(store: Store, x: str, y: str) -> tuple[Step, ...]:
    """The default sequence for x against y: x, y, mismatch, clusters (headings from the catalogue labels).

    Each indicator is mapped as its share of the national total; one that already is a share (unit
    ``% of …``) is mapped as it is.
    """
    for i in (x, y):
        store.row(i)

    def indicator_step(i: str) -> Step:
        ko, en = store.label(i, "ko"), store.label(i, "en")
        mode = "share" if "share" in store.modes(i) else "raw"
        if mode == "share":
            return Step("indicator", f"{ko}: 지역별 비중", f"{en}: share by region", i, mode)
        return Step("indicator", f"{ko}: 지역별", f"{en} by region", i, mode)

    (xk, xe), (yk, ye) = ((store.label(i, "ko"), store.label(i, "en")) for i in (x, y))
    return (
        indicator_step(x),
        indicator_step(y),
        Step("mismatch", f"{xk} 대 {yk}의 불일치", f"Mismatch of {xe} against {ye}"),
        Step("clusters", f"{xk} 대 주변 {yk}: 공간군집", f"{xe} against neighbours' {ye}: clusters"),
    )


def _regions(b: Briefing) -> gpd.GeoDataFrame:
    return b.boundaries.loc[b.mismatch.shares.index]


def _sido_outline() -> gpd.GeoDataFrame:
    from geo.boundaries import load_boundaries

    return load_boundaries("sido")


def step_figure(b: Briefing, step: Step, lang: str = "ko") -> Figure:
    """Draw one step of the sequence for the briefing ``b`` (same year, level, regions and x/y).

    Parameters
    ----------
    b : Briefing
        From :func:`report.briefing.briefing`.
    step : Step
        What to draw.
    lang : {"ko", "en"}
        Language of titles and legends. The clusters step draws the comparison's bivariate LISA of x against
        the neighbours' y (its permutations, seed and wording).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if step.kind not in KINDS:
        raise DataError(f"unknown step kind {step.kind!r}; choose one of {list(KINDS)}")
    bnd, sido = _regions(b), _sido_outline()
    title = step.title_ko if lang == "ko" else step.title_en
    sources = exports.source_line({b.x: b.year, b.y: b.year}, b.level, lang, b.store)
    if step.kind == "indicator":
        view = b.store.view(step.indicator, b.level, b.year, step.mode)
        classes = classify(view.values.reindex(bnd.index), "quantiles", 5)
        return exports.indicator_map_figure(view, classes, bnd, sido=sido, lang=lang, title=title, store=b.store)
    (xk, xe), (yk, ye) = b.labels["x"], b.labels["y"]
    if step.kind == "mismatch":
        return exports.mismatch_map_figure(b.mismatch, bnd, year=b.year, level=b.level,
                                           x_label=xk if lang == "ko" else xe, y_label=yk if lang == "ko" else ye,
                                           sido=sido, lang=lang, sources=sources)
    local = b.comparison.lisa["x_lag_y"]
    if local is None:
        raise DataError("x or y is the same in every region: there are no bivariate clusters to map")
    return exports.cluster_map_figure(local, bnd, title=title, year=b.year, level=b.level, sido=sido, lang=lang,
                                      sources=sources)


def deck_pptx(b: Briefing, lang: str = "ko", on: date | None = None, steps: tuple[Step, ...] | None = None,
              dpi: int = 150, scorecards: tuple = ()) -> bytes:
    """The briefing as a 16:9 PowerPoint deck: a title slide with the headline numbers, then one slide a map.

    Parameters
    ----------
    b : Briefing
        From :func:`report.briefing.briefing`.
    lang : {"ko", "en"}
        Language of the slides.
    on : datetime.date, optional
        Date on the title slide (default today).
    steps : tuple of Step, optional
        The maps, one slide each (default :func:`steps_for` ``(b.store, b.x, b.y)``).
    dpi : int
        Resolution of the map pictures.
    scorecards : tuple of analysis.region_profile.RegionProfile
        Region scorecards appended after the maps, two slides each (:func:`report.scorecard.add_scorecard_slides`).

    Returns
    -------
    bytes
        The ``.pptx`` file.
    """
    from pptx import Presentation
    from pptx.util import Emu, Pt

    if lang not in ("ko", "en"):
        raise DataError(f"unknown language {lang!r}; choose 'ko' or 'en'")
    ko = lang == "ko"
    steps = steps_for(b.store, b.x, b.y) if steps is None else steps
    on = on or date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in (16:9)
    width, height = prs.slide_width, prs.slide_height
    blank = prs.slide_layouts[6]

    def text(slide, left, top, w, h, lines, size, bold=False, color=None):
        box = slide.shapes.add_textbox(left, top, w, h)
        frame = box.text_frame
        frame.word_wrap = True
        for n, line in enumerate(lines):
            para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            para.text = line
            for run in para.runs:
                run.font.size = Pt(size)
                run.font.bold = bold
                if color is not None:
                    from pptx.dml.color import RGBColor

                    run.font.color.rgb = RGBColor.from_string(color)
        return box

    margin = Emu(457200)  # 0.5 in
    (xk, xe), (yk, ye) = b.labels["x"], b.labels["y"]
    first = prs.slides.add_slide(blank)
    text(first, margin, margin, width - 2 * margin, Emu(900000),
         [("지역혁신 불일치 브리핑: " if ko else "Regional innovation mismatch briefing: ") + str(b.year)], 32, True)
    text(first, margin, Emu(1400000), width - 2 * margin, Emu(500000),
         [f"X = {xk} · Y = {yk}" if ko else f"X = {xe} · Y = {ye}"], 16, color="444444")
    heads = [f"{h.text}   {h.label_ko if ko else h.label_en}  ({h.detail_ko if ko else h.detail_en})"
             for h in b.headlines]
    text(first, margin, Emu(2050000), width - 2 * margin, Emu(3000000), heads, 20)
    text(first, margin, height - Emu(1100000), width - 2 * margin, Emu(900000),
         [("자료: " if ko else "Data: ") + "; ".join(b.sources),
          ("작성일 " if ko else "Date: ") + on.isoformat() + " · RIES Atlas"], 10, color="555555")
    first.notes_slide.notes_text_frame.text = caption(b, lang)

    for step in steps:
        slide = prs.slides.add_slide(blank)
        text(slide, margin, Emu(200000), width - 2 * margin, Emu(700000),
             [step.title_ko if ko else step.title_en], 26, True)
        png = figure_bytes(step_figure(b, step, lang), "png", dpi=dpi)
        top = Emu(950000)
        slide.shapes.add_picture(io.BytesIO(png), margin, top, height=height - top - Emu(250000))
        if step.kind == "mismatch":
            slide.notes_slide.notes_text_frame.text = caption(b, lang)
    if scorecards:
        from report.scorecard import add_scorecard_slides

        for prof in scorecards:
            add_scorecard_slides(prs, prof, lang, on, dpi)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()

