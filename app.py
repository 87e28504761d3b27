"""RIES Atlas — Streamlit entry point (``make run`` or ``streamlit run app.py``).

Thin by design: it sets up the page, the language and the tab bar, and hands each tab to a ``ui`` module.
"""

from __future__ import annotations

import importlib

import streamlit as st

from analysis.errors import AtlasError
from lang import LANG_NAMES, LANGS, error_text, t
from ui import data, keys, link_notice, streamlit_words
from ui.choices import labeller
from ui.page_layout import compact_head, menus_that_open
from ui.selection import restore_from_url
from ui.text import md
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


def main() -> None:
    """Draw the page."""
    data.leaflet_assets()
    ensure(keys.LANG, list(LANGS), "ko")
    lang = st.sidebar.radio(t("lang", "ko"), list(LANGS), key=keys.LANG, horizontal=True,
                            format_func=LANG_NAMES.get)
    streamlit_words.page_words(lang)
    menus_that_open()
    if st.sidebar.button(t("present_on", lang), key="present_on"):
        st.query_params[keys.PRESENT] = "1"
    if st.query_params.get(keys.PRESENT) == "1":
        importlib.import_module("ui.presenter").render(lang)  # draws its own ✕ (leave) button
        return
    compact_head()  # the presenter has its own
    st.title(t("title", lang))
    st.caption(t("subtitle", lang))
    ensure(keys.TAB, list(PAGES), "map")
    tab = st.segmented_control(
        t("tabs", lang), list(PAGES), key=keys.TAB, required=True,
        format_func=lambda x: t(f"tab_{x}", lang), label_visibility="collapsed",
    )
    remember(keys.LANG, keys.TAB)
    restore_from_url()
    link_notice.detect()
    notice = st.container()
    try:
        importlib.import_module(PAGES[tab]).render(lang)
    except AtlasError as exc:  # domain errors become one message; anything else is a bug and surfaces
        st.error(md(error_text(exc, lang, labeller(lang))))
    link_notice.show(notice, lang)
    importlib.import_module("ui.profile").render(lang)
    remember(keys.REGION)


main()
