"""The year player of the Map tab: step (◀ ▶) or play through the years without rebuilding the page.

The map and its year slider run in an ``st.fragment``; while playing, the fragment reruns itself every
:data:`INTERVAL_S` seconds and moves the year on (looping), so only the map part is redrawn per frame. While
playing, the classes are pooled over all years (:func:`geo.classify.classify` with ``pooled_with``), so a colour
means the same value in every frame. The year and the play state live in the URL (``year``, ``play``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import streamlit as st

from lang import t
from ui.widgets import ensure

YEAR, PLAY, TICK = "year", "play", "_play_tick"
INTERVAL_S = 2.0
"""Seconds between two frames while playing."""


def play_toggle(years: Sequence[int], lang: str, container=st) -> bool:
    """Draw the play switch (outside the fragment: switching it reruns the page, which sets the timer)."""
    ensure(PLAY, [False, True], False)
    if len(years) < 2:
        return False
    playing = container.toggle(t("play", lang), key=PLAY, help=t("play_help", lang))
    if not playing:
        st.session_state.pop(TICK, None)
    return bool(playing)


def run_every(playing: bool) -> float | None:
    """The fragment's timer: every :data:`INTERVAL_S` seconds while playing, else none."""
    return INTERVAL_S if playing else None


def _step(years: list[int], delta: int) -> None:
    cur = st.session_state.get(YEAR, years[-1])
    i = years.index(cur) if cur in years else len(years) - 1
    st.session_state[YEAR] = years[(i + delta) % len(years)]


def advance(years: Sequence[int], playing: bool, now: float | None = None) -> None:
    """Move to the next year when a frame is due (call before the slider is drawn; loops at the end)."""
    if not playing or len(years) < 2:
        return
    now = time.monotonic() if now is None else now
    last = st.session_state.get(TICK)
    if last is None:  # the first run after pressing play shows the current frame
        st.session_state[TICK] = now
    elif now - last >= INTERVAL_S * 0.8:
        _step(list(years), +1)
        st.session_state[TICK] = now


def year_slider(years: Sequence[int], lang: str) -> int:
    """◀, the year slider and ▶ (inside the fragment); returns the year shown."""
    years = list(years)
    if len(years) < 2:
        st.caption(f"{t('year', lang)}: {years[0]}")
        return int(years[0])
    back, slider, fwd = st.columns([0.085, 0.83, 0.085], vertical_alignment="bottom")  # ◀ ▶ legible beside a search box
    back.button("◀", key="year_back", on_click=_step, args=(years, -1), help=t("year_back", lang))
    fwd.button("▶", key="year_fwd", on_click=_step, args=(years, +1), help=t("year_fwd", lang))
    return int(slider.select_slider(t("year", lang), options=years, key=YEAR))
