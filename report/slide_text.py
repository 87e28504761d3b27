"""Text boxes on python-pptx slides, written once for the briefing deck and the region scorecard."""

from __future__ import annotations

from typing import Any

from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt


def add_text(slide: Any, left: int, top: int, width: int, height: int, lines: list[str], size: float,
             bold: bool = False, color: str | None = None) -> Any:
    """Add a word-wrapped text box with one paragraph per line, all in ``size`` pt (and ``color``, hex).

    Returns
    -------
    pptx.shapes.autoshape.Shape
        The text box.
    """
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for n, line in enumerate(lines):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        para.text = line
        for run in para.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            if color is not None:
                run.font.color.rgb = RGBColor.from_string(color)
    return box


def fitting_size(text: str, width: int, height: int, sizes: tuple[float, ...] = (26, 24, 22, 20, 18),
                 bold: bool = True) -> float:
    """The largest of ``sizes`` (pt) at which ``text`` fits a box of ``width`` × ``height`` EMU.

    The width of the text is measured with the bundled Korean font (matplotlib's text layout), wrapped at
    90 % of the box width for the word breaks, at a line height of 1.2: a long English title (two indicator
    names) took three lines at 26 pt and ran into the picture under it.

    Examples
    --------
    >>> fitting_size("R&D", Emu(9000000), Emu(700000))
    26
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    from report.fonts import korean_font

    font = korean_font()
    prop = FontProperties(fname=str(font.bold if bold else font.regular))
    box_w, box_h = Emu(width).pt * 0.9, Emu(height).pt
    for size in sizes:
        prop.set_size(size)
        w, _, _ = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
        lines = int(w // box_w) + 1
        if lines * size * 1.2 <= box_h:
            return size
    return sizes[-1]
