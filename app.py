"""RIES Atlas — Streamlit entry point (``make run`` or ``streamlit run app.py``).

Thin by design: it sets up the page, the language and the tab bar, and hands each tab to a ``ui`` module.
"""

from __future__ import annotations

import importlib

import streamlit as st

from analysis.errors import AtlasError
from ui import data
from ui.i18n import t
from ui.widgets import ensure, remember

st.set_page_config(page_title="RIES Atlas", page_icon="🗺️", layout="wide")

PAGES = {
    "map": "ui.map_tab",
    "mismatch": "ui.mismatch_tab",
    "clusters": "ui.clusters_tab",
    "specialisation": "ui.specialisation_tab",
    "change": "ui.change_tab",
    "import": "ui.import_tab",
    "data": "ui.data_tab",
}  # tab key → page module (each has render(lang))


def _leave_presenter() -> None:
    for key in ("present", "step"):
        if key in st.query_params:
            del st.query_params[key]


def main() -> None:
    """Draw the page."""
    data.leaflet_assets()
    ensure("lang", ["ko", "en"], "ko")
    lang = st.sidebar.radio("언어 / Language", ["ko", "en"], key="lang", horizontal=True,
                            format_func=lambda x: {"ko": "한국어", "en": "English"}[x])
    if st.sidebar.button("발표 모드 ▶" if lang == "ko" else "Presenter mode ▶", key="present_on"):
        st.query_params["present"] = "1"
    if st.query_params.get("present") == "1":
        importlib.import_module("ui.presenter").render(lang)
        st.button("✕ " + ("발표 모드 끝내기" if lang == "ko" else "Leave presenter mode"), key="present_off",
                  on_click=_leave_presenter)
        return
    st.title(t("title", lang))
    st.caption(t("subtitle", lang))
    ensure("tab", list(PAGES), "map")
    tab = st.segmented_control(
        "tab", list(PAGES), key="tab", required=True,
        format_func=lambda x: t(f"tab_{x}", lang), label_visibility="collapsed",
    )
    remember("lang", "tab")
    if "region" not in st.session_state and "region" in st.query_params:
        st.session_state["region"] = st.query_params["region"]
    try:
        importlib.import_module(PAGES[tab]).render(lang)
    except AtlasError as exc:  # domain errors become one message; anything else is a bug and surfaces
        st.error(str(exc))
    importlib.import_module("ui.profile").render(lang)
    remember("region")


main()
