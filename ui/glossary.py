"""The glossary as help beside each view: a heading's ``help=`` popover and a "용어 설명" expander under a view.

The entries live in :data:`lang.readings.GLOSSARY` (Korean and English), also written to ``docs/glossary.md``.
"""

from __future__ import annotations

import streamlit as st

from lang import t
from lang.readings import GLOSSARY, glossary_text

__all__ = ["expander", "help_for"]


def help_for(*terms: str, lang: str) -> str:
    """The glossary entries of ``terms`` as a ``help=`` text (Markdown)."""
    unknown = [k for k in terms if k not in GLOSSARY]
    if unknown:
        raise KeyError(f"no glossary entry {unknown}; entries: {list(GLOSSARY)}")
    return glossary_text(list(terms), lang)


def expander(*terms: str, lang: str) -> None:
    """A closed expander "용어 설명" / "Glossary" with the entries of ``terms``."""
    with st.expander(t("gl_title", lang)):
        st.markdown(help_for(*terms, lang=lang))
