"""Spreadsheet-safe text cells for every CSV/XLSX the atlas writes (formula-injection guard).

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (``=HYPERLINK("http://…","click")``, ``@SUM(…)``, ``-2+3``). Region
names, indicator labels and headers can come from an uploaded file, so every writer passes its table through
:func:`safe_frame` first: such text gets a leading apostrophe (the usual OWASP "CSV injection" advice), numbers
and numeric-looking text (``-5``, ``+82``, ``-1.5e3``) stay as they are; a carriage return inside text becomes a
line feed (pandas' CSV writer leaves a bare CR unquoted, so it would end the row there).

Examples
--------
>>> safe_text('=HYPERLINK("http://x","click")')
'\\'=HYPERLINK("http://x","click")'
>>> safe_text("-12.5"), safe_text("서울")
('-12.5', '서울')
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["TRIGGERS", "safe_frame", "safe_text"]

TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""

_NUMERIC = re.compile(r"^[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$")


def safe_text(value: object) -> object:
    """``value`` with a leading apostrophe when it is text a spreadsheet would run as a formula.

    Non-text values (numbers, dates, None) are returned unchanged, and so is text that is just a signed number.
    """
    if not isinstance(value, str) or not value:
        return value
    first = value[0]
    if "\r" in value:  # a bare CR ends a CSV line unquoted: the rest would start a new row (and a new cell)
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if first not in TRIGGERS:
        return value
    if first in "+-" and _NUMERIC.match(value):
        return value
    return "'" + value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells, column names and index labels are :func:`safe_text`.

    Numeric columns are not touched (a number is never a formula); the input frame is not modified.

    Examples
    --------
    >>> safe_frame(pd.DataFrame({"=1+1": ["@x", "ok"], "v": [-1, 2]})).to_dict("list")
    {"'=1+1": ["'@x", 'ok'], 'v': [-1, 2]}
    """
    out = frame.copy(deep=False)
    for c in out.columns:
        col = out[c]
        if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype) \
                or pd.api.types.is_datetime64_any_dtype(col.dtype):
            continue
        if isinstance(col.dtype, pd.CategoricalDtype):
            out[c] = col.cat.rename_categories([safe_text(v) for v in col.cat.categories])
            continue
        if col.map(_needs, na_action="ignore").fillna(False).any():
            out[c] = col.map(safe_text, na_action="ignore")
    out.columns = _safe_index(out.columns)
    out.index = _safe_index(out.index)
    return out


def _needs(v: object) -> bool:
    return isinstance(v, str) and (v[:1] in TRIGGERS or "\r" in v)


def _safe_index(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return index.set_levels([_safe_index(level) for level in index.levels])
    if pd.api.types.is_numeric_dtype(index.dtype) or not any(_needs(v) for v in index):
        return index
    return pd.Index([safe_text(v) for v in index], name=safe_text(index.name), dtype=object)
