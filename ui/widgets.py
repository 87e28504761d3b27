"""URL-backed widget state: every view setting lives in ``st.query_params`` so a copied link reopens the view.

Streamlit's own ``bind="query-params"`` writes the *formatted* label into the URL (language-dependent), so
RIES Atlas keeps stable ids in the URL itself: before a keyed widget is drawn, one of the ``ensure*`` functions
puts a valid value into session state (from the URL when the session has none); after it is drawn,
:func:`remember` writes the value back to the URL. A value the URL holds but the options do not (an old link, a
hand-edited one) falls back to the default: the page never fails on a URL. The keys are :mod:`ui.keys`.

The parsing rules are pure functions (:func:`from_text`, :func:`many_from_texts`, :func:`int_from_text`,
:func:`to_texts`) so they are tested without a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

MISSING: Any = object()
"""Returned by the parsers when the text names no valid value."""


def from_text(text: str, options: Sequence[Any]) -> Any:
    """The option whose ``str`` is ``text`` (URL values are text), else :data:`MISSING`.

    >>> from_text("0.01", [0.05, 0.01])
    0.01
    >>> from_text("True", [False, True])
    True
    >>> from_text("nope", ["a"]) is MISSING
    True
    >>> from_text("true", [False, True])  # a hand-typed link: true/false in any case
    True
    """
    by_text = {str(o): o for o in options}
    if text in by_text:
        return by_text[text]
    if all(isinstance(o, bool) for o in options):
        return {str(o).lower(): o for o in options}.get(str(text).lower(), MISSING)
    return MISSING


def many_from_texts(texts: Sequence[str], options: Sequence[Any], limit: int | None = None) -> list[Any]:
    """The options named by ``texts``, in the order given, without repeats or unknowns, at most ``limit``.

    >>> many_from_texts(["b", "x", "a", "b"], ["a", "b", "c"], limit=3)
    ['b', 'a']
    """
    out: list[Any] = []
    for text in texts:
        value = from_text(str(text), options)
        if value is not MISSING and value not in out:
            out.append(value)
    return out[:limit] if limit is not None else out


def int_from_text(text: str, lo: int, hi: int) -> Any:
    """An integer in ``[lo, hi]`` written as ``text``, else :data:`MISSING`.

    >>> int_from_text("7", 0, 10), int_from_text("11", 0, 10) is MISSING, int_from_text("7.5", 0, 10) is MISSING
    (7, True, True)
    """
    try:
        value = int(text)
    except (TypeError, ValueError):
        return MISSING
    return value if lo <= value <= hi else MISSING


def to_texts(value: Any) -> list[str]:
    """How a widget value is written to the URL: one text, or one per item for a multiselect.

    >>> to_texts(0.05), to_texts(["a", "b"]), to_texts(True)
    (['0.05'], ['a', 'b'], ['True'])
    """
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def ensure(key: str, options: Sequence[Any], default: Any) -> Any:
    """Make ``st.session_state[key]`` one of ``options`` before the widget ``key`` is drawn.

    Order of preference: the session's current value, the URL's value, ``default``. Returns the value.
    Draw the widget afterwards *without* ``index``/``value`` so session state decides.
    """
    current = st.session_state.get(key, MISSING)
    if current is not MISSING and current in options:
        return current
    if current is not MISSING:
        value = from_text(str(current), options)
        if value is not MISSING:
            st.session_state[key] = value
            return value
    if key in st.query_params:
        value = from_text(st.query_params[key], options)
        if value is not MISSING:
            st.session_state[key] = value
            return value
    st.session_state[key] = default
    return default


def ensure_many(key: str, options: Sequence[Any], limit: int | None = None) -> list[Any]:
    """Like :func:`ensure` for a multiselect: a list of ``options`` (the session's, else the URL's, else none).

    Picks no longer offered (e.g. an overlay that became the map's own indicator) are dropped rather than
    left for the widget to fail on.
    """
    if key in st.session_state:
        value = many_from_texts([str(v) for v in st.session_state[key] or []], options, limit)
    else:
        value = many_from_texts(st.query_params.get_all(key), options, limit)
    st.session_state[key] = value
    return value


def ensure_int(key: str, lo: int, hi: int, default: int) -> int:
    """Like :func:`ensure` for a number input: an integer in ``[lo, hi]``."""
    current = st.session_state.get(key, MISSING)
    if current is not MISSING and int_from_text(str(current), lo, hi) is not MISSING:
        return int(current)
    value = int_from_text(st.query_params.get(key, ""), lo, hi) if key in st.query_params else MISSING
    st.session_state[key] = default if value is MISSING else value
    return st.session_state[key]


def ensure_text(key: str, default: str = "") -> str:
    """Like :func:`ensure` for a free-text input: the session's text, else the URL's, else ``default``.

    The text is only ever parsed by the page (e.g. class bounds), never shown as HTML.
    """
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(key, default)
    return st.session_state[key]


def remember(*keys: str) -> None:
    """Write the current values of ``keys`` to the URL (only those that changed; an empty pick removes it)."""
    for key in keys:
        if key not in st.session_state or st.session_state[key] is None:
            continue
        texts = to_texts(st.session_state[key])
        if st.query_params.get_all(key) == texts:
            continue
        if texts:
            st.query_params[key] = texts if len(texts) > 1 or isinstance(st.session_state[key], list) else texts[0]
        elif key in st.query_params:
            del st.query_params[key]


LEVEL_CHOSEN = "_level_chosen"
"""Session key of the spatial level the reader last chose on any tab (each tab keeps its own widget key)."""

LEVEL_KEYS = ("level", "clv", "clevel", "slevel")
"""The level widgets' keys: Map, Mismatch/Clusters, Change and Specialisation tabs (also their URL parameters)."""


def carry_level(key: str, options: Sequence[Any]) -> None:
    """Before ``ensure(key, …)`` of a tab's level widget: the level chosen on another tab carries over (once per
    choice, so the reader can still pick another level here); a link's level does too.

    Draw the widget with ``on_change=level_chosen, args=(key,)``.
    """
    if LEVEL_CHOSEN not in st.session_state:  # a link: the level it names for any tab
        st.session_state[LEVEL_CHOSEN] = next((st.query_params[k] for k in (key, *LEVEL_KEYS) if k in st.query_params),
                                              None)
    chosen = st.session_state[LEVEL_CHOSEN]
    seen = f"_level_seen_{key}"
    if chosen in options and st.session_state.get(seen) != chosen:
        st.session_state[key] = chosen
    st.session_state[seen] = chosen


def level_chosen(key: str) -> None:
    """``on_change`` of a level widget: remember the reader's choice for the other tabs."""
    st.session_state[LEVEL_CHOSEN] = st.session_state.get(key)
