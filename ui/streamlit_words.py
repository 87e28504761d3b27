"""Streamlit's own English words on the page, replaced by the catalogue's in the page's language.

Streamlit 1.67 writes a few texts itself, with no parameter or setting to change them (its frontend holds them as
literals): the file uploader's button ("Upload") and limit line ("50MB per file • CSV, …"), and the hint under a
text or number input being edited ("Press Enter to apply", "Press Enter to submit form"). Here small styles hide
those English texts (``visibility: hidden``: neither seen nor in the page's text) and show the catalogue's words
in their place as CSS generated content (``uploader_*`` and ``input_*`` of :mod:`lang`).
``tests/test_ko_sweep.py`` checks in Chromium that the English is gone and the words are shown; should a Streamlit
release rename these elements, the styles no longer match, the English comes back and that test fails.

Not covered (no element to restyle, or a text made on the fly): the multiselect's "You can only select up to 3
options" and "No results" in an open list, hover titles and screen-reader names of Streamlit's own buttons.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from lang import pick, t

_HIDE = "visibility:hidden;font-size:0;line-height:0;"
_SHOW = "visibility:visible;font-size:0.875rem;line-height:1.6;"
_SHOW_SMALL = "visibility:visible;font-size:0.75rem;line-height:1.4;"


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes and backslashes escaped, no line breaks)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _swap(selector: str, text: str, show: str = _SHOW) -> str:
    """Rules that hide the text of ``selector`` and show ``text`` in its place."""
    return f"{selector}{{{_HIDE}}}{selector}::after{{content:{_css_string(text)};{show}}}"


def select_all(lang: str) -> bool:
    """``select_all`` of ``st.multiselect`` on a page in ``lang``: Streamlit's first option of a multiselect's list
    says "Select all" (and "Select N matches" while typing) in English, with no parameter for its words, so the
    Korean page goes without that option.

    >>> select_all("ko"), select_all("en")
    (False, True)
    """
    return pick((False, True), lang)


def uploader_css(key: str, lang: str, max_mb: int, types: Sequence[str]) -> str:
    """The ``<style>`` that puts the catalogue's words on the file uploader ``key``.

    >>> css = uploader_css("upload", "ko", 50, ["csv"])
    >>> "파일 찾기" in css and "파일당 최대 50 MB · CSV" in css and ".st-key-upload" in css
    True
    """
    scope = f".st-key-{key} [data-testid=stFileUploaderDropzone]"
    limit = t("uploader_limit", lang, mb=max_mb, types=", ".join(x.upper() for x in types))
    return ("<style>" + _swap(f"{scope} button [data-testid=stMarkdownContainer] p", t("uploader_button", lang))
            + _swap(f"{scope} [data-testid=stFileUploaderDropzoneInstructions] span", limit) + "</style>")


LIMITED_INPUTS: tuple[str, ...] = ("import_name", "import_unit", "points_name")
"""Keys of the text inputs with a length limit (``max_chars``): their hint area also shows a count (``10/120``),
as its last span, which stays. (The page cannot tell a count from a hint by CSS alone; a test checks this list
against every ``max_chars`` input of the UI.)"""


def input_css(lang: str) -> str:
    """The ``<style>`` for the hint under an edited text or number input (in a form: submit; else: apply).

    >>> "Enter" in input_css("ko") and "적용" in input_css("ko")
    True
    """
    hints = "[data-testid=InputInstructions] > span"
    limited = ", ".join(f".st-key-{k}" for k in LIMITED_INPUTS)
    rules = []
    for where, key in (("", "input_apply"), ("[data-testid=stForm] ", "input_submit")):
        rules.append(_swap(f"{where}:is([data-testid=stTextInput], [data-testid=stNumberInput]) {hints}",
                           t(key, lang), _SHOW_SMALL))
    # a limited input: only the first of two spans is the hint; a lone span is the count
    rules.append(f":is({limited}) {hints}:last-child{{visibility:visible;font-size:0.75rem;line-height:1.4;}}"
                 f":is({limited}) {hints}:last-child::after{{content:none;}}")
    return "<style>" + "".join(rules) + "</style>"


METRIC_LABEL_CSS = ("<style>[data-testid=stMetricLabel], [data-testid=stMetricLabel] *"
                    "{white-space:normal !important;overflow:visible !important;text-overflow:clip !important;"
                    "height:auto !important}</style>")
"""Headline-number labels wrap instead of ending in "…": Streamlit cuts them to one line, and an indicator's name
in its role ("제조업 부가가치의 수도권 비중") is longer than a fifth of a 1280 px page."""


def page_words(lang: str) -> None:
    """Add the page-wide styles (input hints, metric labels that wrap) once per run."""
    st.html(input_css(lang) + METRIC_LABEL_CSS)  # style only: Streamlit adds it without a gap


def file_uploader(label: str, key: str, types: Sequence[str], max_mb: int, lang: str):
    """``st.file_uploader`` (one file of ``types``, at most ``max_mb`` MB) with its own words in ``lang``."""
    st.html(uploader_css(key, lang, max_mb, types))  # style only: Streamlit adds it without a gap
    return st.file_uploader(label, type=list(types), key=key, max_upload_size=max_mb)
