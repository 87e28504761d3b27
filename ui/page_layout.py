"""The page's layout for a projector at 1280×720 (issue 25 item 5): a compact head, and menus that open.

Streamlit leaves 6 rem above a page's first element and sets a title at 2.75 rem: with the subtitle, the tab bar and
the Map tab's controls, the map began at y ≈ 597 of a 720-px screen. :data:`HEAD_CSS` gives the head less room
(the toolbar keeps its corner), so the Map tab's map begins in the upper half of the first screen
(``tests/test_room_ready.py`` measures it in Chromium).

:data:`MENU_CSS`: a click on a popover button's chevron (the ⚙ menus) opened the menu, swapped the chevron's icon
and — when drawing the menu took over 50 ms, as on a loaded machine or with a long menu — Streamlit 1.67's
click-outside check then found the clicked icon gone from the page and closed the menu at once. The button's
contents take no clicks, so the click lands on the button itself, which stays.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["HEAD_CSS", "MENU_CSS", "compact_head", "menus_that_open"]

HEAD_CSS = """<style>
[data-testid=stMainBlockContainer] {padding-top: 2.2rem !important; padding-bottom: 2rem !important;}
[data-testid=stMainBlockContainer] h1 {font-size: 1.75rem !important; padding: 0 6rem 0 0 !important;
  line-height: 1.2 !important;}
</style>"""
"""Styles of the page's head (main block padding, the title's size)."""

MENU_CSS = "<style>[data-testid=stPopoverButton] * {pointer-events: none !important;}</style>"
"""A popover button's label and chevron take no clicks (the button does)."""


def menus_that_open() -> None:
    """Add :data:`MENU_CSS` (every page, the presenter's too; style only: Streamlit adds it without a gap)."""
    st.html(MENU_CSS)


def compact_head() -> None:
    """Add :data:`HEAD_CSS` (the tabs' page; the presenter has its own)."""
    st.html(HEAD_CSS)
