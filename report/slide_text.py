"""Text boxes on python-pptx slides, written once for the briefing deck and the region scorecard."""

from __future__ import annotations

from typing import Any

from pptx.dml.color import RGBColor
from pptx.util import Pt


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
