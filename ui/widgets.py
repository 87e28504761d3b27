"""URL-backed widget state: every view setting lives in ``st.query_params`` so a copied link reopens the view.

Streamlit's own ``bind="query-params"`` writes the *formatted* label into the URL (language-dependent), so
RIES Atlas keeps stable ids in the URL itself: before a keyed widget is drawn, :func:`ensure` puts a valid
value into session state (from the URL when the session has none); after it is drawn, :func:`remember` writes
the value back to the URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def _from_text(text: str, options: Sequence[Any]) -> Any:
    by_text = {str(o): o for o in options}
    return by_text.get(text, _MISSING)


_MISSING = object()


def ensure(key: str, options: Sequence[Any], default: Any) -> Any:
    """Make ``st.session_state[key]`` one of ``options`` before the widget ``key`` is drawn.

    Order of preference: the session's current value, the URL's value, ``default``. Returns the value.
    Draw the widget afterwards *without* ``index``/``value`` so session state decides.
    """
    current = st.session_state.get(key, _MISSING)
    if current is not _MISSING and current in options:
        return current
    if current is not _MISSING:
        value = _from_text(str(current), options)
        if value is not _MISSING:
            st.session_state[key] = value
            return value
    if key in st.query_params:
        value = _from_text(st.query_params[key], options)
        if value is not _MISSING:
            st.session_state[key] = value
            return value
    st.session_state[key] = default
    return default


def remember(*keys: str) -> None:
    """Write the current values of ``keys`` to the URL (only those that changed)."""
    for key in keys:
        if key in st.session_state and st.session_state[key] is not None:
            text = str(st.session_state[key])
            if st.query_params.get(key) != text:
                st.query_params[key] = text
