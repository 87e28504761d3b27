"""Small helpers for widgets whose options depend on other widgets, bound to the URL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def keep_valid(key: str, options: Sequence[Any], default: Any) -> None:
    """Before a keyed widget is drawn: if its remembered value is no longer an option, fall back to ``default``.

    Query parameters arrive as strings, so a value equal to an option's ``str`` is mapped back to the option.
    """
    if key not in st.session_state:
        return
    value = st.session_state[key]
    if value in options:
        return
    by_text = {str(o): o for o in options}
    st.session_state[key] = by_text.get(str(value), default)
