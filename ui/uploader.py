"""A file uploader whose own words follow the page's language.

Streamlit 1.67 draws the uploader's button ("Upload") and its limit line ("50MB per file • CSV, …") in English,
with no parameter or setting to change them (its frontend writes both as literals). :func:`file_uploader` draws
``st.file_uploader`` and a small style, scoped to that widget's key, that hides those two English texts and shows
the catalogue's words (``uploader_button``, ``uploader_limit`` of :mod:`ui.i18n`) in their place: the hidden
text is ``visibility: hidden`` (so neither seen nor in the page's text), the words are CSS generated content.
``tests/test_ko_sweep.py`` checks in Chromium that the English is gone and the words are shown. Should a
Streamlit release rename the two elements, the style no longer matches and the English comes back; that test
then fails.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui.i18n import t


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes and backslashes escaped, no line breaks)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def words_css(key: str, lang: str, max_mb: int, types: Sequence[str]) -> str:
    """The ``<style>`` that puts the catalogue's words on the uploader ``key``.

    >>> "파일 찾기" in words_css("upload", "ko", 50, ["csv"]) and ".st-key-upload" in words_css("upload", "ko", 50, [])
    True
    """
    button = _css_string(t("uploader_button", lang))
    limit = _css_string(t("uploader_limit", lang, mb=max_mb, types=", ".join(x.upper() for x in types)))
    scope = f".st-key-{key} [data-testid=stFileUploaderDropzone]"
    hide = "visibility:hidden;font-size:0;line-height:0;"
    show = "visibility:visible;font-size:0.875rem;line-height:1.6;"
    return (
        "<style>"
        f"{scope} button [data-testid=stMarkdownContainer] p{{{hide}}}"
        f"{scope} button [data-testid=stMarkdownContainer] p::after{{content:{button};{show}}}"
        f"{scope} [data-testid=stFileUploaderDropzoneInstructions] span{{{hide}}}"
        f"{scope} [data-testid=stFileUploaderDropzoneInstructions] span::after{{content:{limit};{show}}}"
        "</style>"
    )


def file_uploader(label: str, key: str, types: Sequence[str], max_mb: int, lang: str):
    """``st.file_uploader`` (one file of ``types``, at most ``max_mb`` MB) with its own words in ``lang``."""
    st.html(words_css(key, lang, max_mb, types))  # style only: Streamlit adds it without a gap
    return st.file_uploader(label, type=list(types), key=key, max_upload_size=max_mb)
