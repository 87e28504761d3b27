"""Presenter mode: a saved sequence of views (R&D → production → mismatch → clusters) for a projector.

Opened with the URL parameter ``present=1`` (``?present=1&step=2``). Controls and the sidebar are hidden, fonts
and the map are enlarged, and ‹ / › buttons step through :data:`STEPS`; the step lives in the URL so a
presenter can reload or jump to a slide. Maps are the static exports drawn by :mod:`report.deck`, so they need
no network and look the same as the saved PNGs; the same sequence downloads as a PPTX deck.
"""

from __future__ import annotations

import streamlit as st

from analysis.errors import AtlasError
from analysis.store import bundled
from report.briefing import briefing
from report.deck import Step, deck_pptx, step_figure
from report.static_map import figure_bytes
from ui import keys
from ui.i18n import attr, t
from ui.text import md

X, Y, LEVEL = "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020", "sido"

STEPS: tuple[Step, ...] = (
    Step("indicator", "연구개발비의 지역 분포", "Where R&D is spent", X, "share"),
    Step("indicator", "제조업 생산의 지역 분포", "Where manufacturing produces", Y, "share"),
    Step("mismatch", "연구개발과 생산의 불일치", "The R&D–production mismatch"),
    Step("clusters", "연구개발 대 주변 생산의 공간군집", "R&D against neighbours' production: clusters"),
)
"""The saved sequence of views."""

_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], footer {display: none;}
.block-container {padding-top: 1rem; max-width: 100%;}
html, body, [data-testid="stMarkdownContainer"] p {font-size: 1.35rem;}
[data-testid="stMetricValue"] {font-size: 3rem;}
h1 {font-size: 2.6rem !important;}
</style>
"""


@st.cache_resource(show_spinner=False)
def _briefing():
    """The briefing of the saved sequence on the bundled store, in the latest comparable year."""
    return briefing(bundled(), X, Y, LEVEL)


@st.cache_data(show_spinner=False)
def slide_png(index: int, lang: str) -> bytes:
    """The map of step ``index`` as a PNG (cached per step and language)."""
    return figure_bytes(step_figure(_briefing(), STEPS[index], lang), "png", dpi=150)


@st.cache_data(show_spinner=False)
def deck(lang: str) -> bytes:
    """The whole sequence as a PPTX deck (built on the first click of the download button)."""
    return deck_pptx(_briefing(), lang, steps=STEPS)


@st.cache_data(show_spinner=False)
def _headlines(lang: str) -> list[tuple[str, str, str]]:
    b = _briefing()
    return [(attr(h, "label", lang), h.text, attr(h, "detail", lang)) for h in b.headlines]


def _go(index: int) -> None:
    st.query_params[keys.STEP] = str(index)


def render(lang: str) -> None:
    """Draw the current slide with ‹ / › navigation (the step is the URL parameter ``step``)."""
    st.markdown(_CSS, unsafe_allow_html=True)
    try:
        index = int(st.query_params.get(keys.STEP, "0"))
    except ValueError:
        index = 0
    index = min(max(index, 0), len(STEPS) - 1)
    step = STEPS[index]
    st.title(attr(step, "title", lang))
    try:
        st.image(slide_png(index, lang), width="stretch")
        if step.kind == "mismatch":
            cols = st.columns(len(_headlines(lang)))
            for col, (label, value, detail) in zip(cols, _headlines(lang), strict=True):
                col.metric(label, value, help=detail)
    except AtlasError as exc:
        st.error(md(str(exc)))
    try:
        year = _briefing().year
    except AtlasError:
        year = "na"
    prev, mid, nxt = st.columns([1, 6, 1])
    prev.button("‹", key="present_prev", disabled=index == 0, on_click=_go, args=(index - 1,),
                width="stretch")
    mid.markdown(f"<div style='text-align:center'>{index + 1} / {len(STEPS)}</div>", unsafe_allow_html=True)
    nxt.button("›", key="present_next", disabled=index == len(STEPS) - 1, on_click=_go, args=(index + 1,),
               width="stretch")
    st.download_button("⬇️ " + t("present_pptx", lang), lambda: deck(lang),
                       f"ries_briefing_{LEVEL}_{year}_{lang}.pptx",
                       "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key="present_pptx", on_click="ignore")
