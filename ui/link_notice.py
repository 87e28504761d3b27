"""A shared link that names an uploaded indicator this session does not have says so.

Uploads live only in the session that made them (``ui/import_tab.py``), so a copied link with
``?ind=user_…`` opens elsewhere without that indicator; :func:`ui.widgets.ensure` then falls back to the
default. :func:`detect` (before the tab is drawn) notes such URL values; :func:`show` (after it is drawn) tells
the user which indicator is missing and what is shown instead, for as long as that fallback stays selected.
"""

from __future__ import annotations

import streamlit as st

from analysis import userdata
from lang import col, t
from ui import data
from ui.text import md

KEYS: tuple[str, ...] = ("ind", "mx", "my")
"""Widget keys (and URL parameters) that hold an indicator id."""

_STATE = "_absent_uploads"  # key → [absent id, fallback id or None]



def detect() -> None:
    """Note URL indicator values that name an upload this session does not have (call before the tab)."""
    notes = st.session_state.setdefault(_STATE, {})
    mine = data.user_indicators()
    for key in KEYS:
        value = st.query_params.get(key)
        if value and userdata.is_user(value) and value not in mine and st.session_state.get(key) != value:
            if notes.get(key, [None])[0] != value:
                notes[key] = [value, None]


def show(slot, lang: str) -> None:
    """Draw the notes into ``slot`` (a container above the tab) while their fallback is still selected."""
    notes = st.session_state.get(_STATE, {})
    if not notes:
        return
    labels = data.catalogue()[col("label", lang)]
    for key, entry in list(notes.items()):
        absent, fallback = entry
        current = st.session_state.get(key)
        if fallback is None:
            entry[1] = fallback = current
        if current is None or current != fallback:
            del notes[key]  # the user chose something else
            continue
        slot.warning(md(t("link_absent_upload", lang).format(id=absent, shown=labels.get(current, current))))
