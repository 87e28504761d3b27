"""Words for people: the one ko/en catalogue of everything the atlas prints, below every other layer.

The bottom layer (``lang`` ← ``geo`` ← ``analysis`` ← ``report`` ← ``ui`` / ``cli``), so the page, the files
(PDF, PPTX, XLSX) and the CLI say the same thing from the same entries. :mod:`lang.catalogue` holds the entries
and the helpers that pick a language.
"""

from lang.catalogue import (
    LANG_NAMES,
    LANGS,
    STRINGS,
    attr,
    bilingual,
    both,
    col,
    error_text,
    heads,
    pick,
    say,
    t,
    word,
)

__all__ = ["LANGS", "LANG_NAMES", "STRINGS", "attr", "bilingual", "both", "col", "error_text", "heads", "pick", "say", "t",
           "word"]
