"""The selected region, shared by every map, chart, table and the profile panel.

One region code lives in ``st.session_state[keys.REGION]`` and in the URL; a click on any map selects it
(:func:`follow_click`), every view reads it with :func:`selected` and highlights it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import keys
from ui.colors import SELECTED_ROW


def selected() -> str | None:
    """Code of the selected region (``None`` when nothing is selected)."""
    return st.session_state.get(keys.REGION)


def select_region(code: str | None) -> None:
    """Remember the selected region in the session and the URL."""
    if code:
        st.session_state[keys.REGION] = code
        st.query_params[keys.REGION] = code


def restore_from_url() -> None:
    """Take the selected region from the URL when the session has none (a shared link)."""
    if keys.REGION not in st.session_state and keys.REGION in st.query_params:
        st.session_state[keys.REGION] = st.query_params[keys.REGION]


def clicked_code(result: dict | None) -> str | None:
    """Region code of the feature the user clicked in an ``st_folium`` result."""
    if not result:
        return None
    feat = result.get("last_active_drawing") or {}
    return (feat.get("properties") or {}).get("code")


def follow_click(result: dict | None) -> None:
    """Select the region clicked on a map and redraw the page, when it is a new one."""
    code = clicked_code(result)
    if code and code != selected():
        select_region(code)
        st.rerun()


def highlight(frame: pd.DataFrame) -> pd.io.formats.style.Styler:
    """``frame`` styled with the selected region's row (index = region code) highlighted."""
    code = selected()
    return frame.style.apply(
        lambda r: [f"background-color:{SELECTED_ROW}" if r.name == code else "" for _ in r], axis=1)
