"""Presenter mode: a saved sequence of views (R&D → production → mismatch → clusters) for a projector.

Opened with the URL parameter ``present=1`` (``?present=1&step=2``). Controls and the sidebar are hidden, fonts
and the map are enlarged, and ‹ / › buttons step through :data:`STEPS`; the step lives in the URL so a
presenter can reload or jump to a slide. Maps are the static exports (:mod:`analysis.exports`), so they need no
network and look the same as the saved PNGs.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from analysis import exports, spatial
from analysis.briefing import briefing
from analysis.errors import AtlasError
from analysis.mismatch import mismatch
from analysis.views import indicator_view
from geo import boundaries as gb
from geo.classify import classify
from geo.static_map import figure_bytes

X, Y, YEAR, LEVEL = "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020", 2022, "sido"


@dataclass(frozen=True)
class Step:
    """One slide: what to show and its heading."""

    kind: str  # "indicator" | "mismatch" | "clusters"
    title_ko: str
    title_en: str
    indicator: str = ""
    mode: str = "share"


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


@st.cache_data(show_spinner=False)
def slide_png(index: int, lang: str) -> bytes:
    """The map of step ``index`` as a PNG (cached per step and language)."""
    step = STEPS[index]
    sido = gb.load_boundaries(LEVEL)
    if step.kind == "indicator":
        view = indicator_view(step.indicator, LEVEL, YEAR, step.mode)
        classes = classify(view.values.reindex(sido.index), "quantiles", 5)
        fig = exports.indicator_map_figure(view, classes, sido, sido=sido, lang=lang)
    else:
        xv = indicator_view(X, LEVEL, YEAR).values
        yv = indicator_view(Y, LEVEL, YEAR).values
        src = exports.source_line({X: YEAR, Y: YEAR}, LEVEL, lang)
        if step.kind == "mismatch":
            fig = exports.mismatch_map_figure(mismatch(xv, yv, how="inner"), sido, year=YEAR, level=LEVEL,
                                              x_label="R&D" if lang == "en" else "연구개발비",
                                              y_label="manufacturing" if lang == "en" else "제조업 생산",
                                              sido=sido, lang=lang, sources=src)
        else:
            g = spatial.weights_for_level(LEVEL)
            local = spatial.bivariate_local_moran(xv, yv, g, labels="rnd_production")
            fig = exports.cluster_map_figure(local, sido, title=step.title_ko if lang == "ko" else step.title_en,
                                             year=YEAR, level=LEVEL, sido=sido, lang=lang, sources=src)
    return figure_bytes(fig, "png", dpi=150)


@st.cache_data(show_spinner=False)
def _headlines(lang: str) -> list[tuple[str, str, str]]:
    b = briefing(X, Y, LEVEL, YEAR)
    return [(h.label_ko if lang == "ko" else h.label_en, h.text, h.detail_ko if lang == "ko" else h.detail_en)
            for h in b.headlines]


def _go(index: int) -> None:
    st.query_params["step"] = str(index)


def render(lang: str) -> None:
    """Draw the current slide with ‹ / › navigation (the step is the URL parameter ``step``)."""
    st.markdown(_CSS, unsafe_allow_html=True)
    try:
        index = int(st.query_params.get("step", "0"))
    except ValueError:
        index = 0
    index = min(max(index, 0), len(STEPS) - 1)
    step = STEPS[index]
    st.title(step.title_ko if lang == "ko" else step.title_en)
    try:
        st.image(slide_png(index, lang), width="stretch")
        if step.kind == "mismatch":
            cols = st.columns(len(_headlines(lang)))
            for col, (label, value, detail) in zip(cols, _headlines(lang), strict=True):
                col.metric(label, value, help=detail)
    except AtlasError as exc:
        st.error(str(exc))
    prev, mid, nxt = st.columns([1, 6, 1])
    prev.button("‹", key="present_prev", disabled=index == 0, on_click=_go, args=(index - 1,),
                width="stretch")
    mid.markdown(f"<div style='text-align:center'>{index + 1} / {len(STEPS)}</div>", unsafe_allow_html=True)
    nxt.button("›", key="present_next", disabled=index == len(STEPS) - 1, on_click=_go, args=(index + 1,),
               width="stretch")
