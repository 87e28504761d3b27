"""Where a table keeps its figures: the header above the first region row, and the value columns.

* :func:`read_header` — the rows above the body: a title (one filled cell, its year phrase and unit dropped),
  the unit line (``단위: 명``), the region column's header.
* :func:`find_layout` — *wide* (a year in a header cell of each value column: ``2019``, ``2019 년``, ``2022 p)``,
  under multi-row headers that name the item), *long* (a year column such as ``시점``/``연도``, an optional item
  column ``항목`` and unit column ``단위``), or neither: then one year for every numeric column, read from the
  headers or the title ("end of 2014", "2014년 말") or given by the caller; two different years are refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo.notes import Note
from ingest.errors import ImportFileError
from ingest.numbers import map_unique, norm, numeric_share

__all__ = ["YEAR_CELL", "Header", "Layout", "ValueColumn", "find_layout", "header_text", "read_header"]

YEAR_CELL = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:년|年|year)?\s*(\(?\s*p\s*\)?)?\s*$", re.IGNORECASE)
"""A cell that is a year (``2020``, ``2020 년``, ``2022 p)``); group 2 is the preliminary mark."""

_UNIT_IN_HEADER = re.compile(r"[(\[]\s*(?:단위\s*[:：]?\s*)?([^()\[\]]{1,20}?)\s*[)\]]\s*$")
_UNIT_LINE = re.compile(r"단위\s*[:：]\s*([^,;)\]]+)")
_YEAR_HEADERS: frozenset[str] = frozenset({"시점", "연도", "년도", "기간", "year", "period", "time", "기준년도"})
_ITEM_HEADERS: frozenset[str] = frozenset({"항목", "항목명", "지표", "지표명", "indicator", "item", "variable", "변수"})
_UNIT_HEADERS: frozenset[str] = frozenset({"단위", "unit"})
_VALUE_HEADERS: frozenset[str] = frozenset({"값", "데이터", "수치", "value", "values", "data"})
"""Headers of the figure column of a long table (KOSIS's "데이터"): with one, the table's other numeric columns
(a rank, a class, a code) describe the figure and are not figures themselves (the atlas's own CSV export has
``value`` beside ``rank``, ``class`` and ``sido_code``)."""
_CODE_HEADER = re.compile(r"(?:^|[\s_])code$|코드$", re.IGNORECASE)
"""A code column (``sido_code``, ``시도코드``): never a figure, however numeric its cells."""
_YEAR_IN_TEXT = re.compile(r"(?<![\d.,])((?:19|20)\d{2})(?![\d,]|\s*=|\.\d(?!\d*\.\d))")
_YEAR_PHRASES = re.compile(
    r"\s*(?:,\s*)?(?:(?:at\s+the\s+)?end\s+of|as\s+of|as\s+at|in|year)?\s*"
    r"(?:19|20)\d{2}(?:\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}\.?)?\s*(?:년\s*)?(?:말|말\s*기준|기준|현재|末)?",
    re.IGNORECASE)


@dataclass(frozen=True)
class Header:
    """The rows above the first region row.

    Attributes
    ----------
    start : int
        Position (0-based) of the first body row in the grid.
    title, title_unit : str
        The first one-cell row without a unit line (year phrase and unit dropped); the first ``단위:`` found.
    title_texts : tuple of str
        Every one-cell row (where a year may be written).
    default_name : str
        The indicator's name when a column names none: the caller's, else the title, else the file's stem.
    column_name : str
        The region column's header (``column N`` when it has none).
    """

    start: int
    title: str
    title_unit: str
    title_texts: tuple[str, ...]
    default_name: str
    column_name: str


@dataclass(frozen=True)
class ValueColumn:
    """One column of figures: its indicator, year (None in a long layout), unit and preliminary mark."""

    col: int
    indicator: str
    year: int | None  # None in long layout (year from the year column)
    unit: str
    preliminary: bool


@dataclass(frozen=True)
class Layout:
    """Where the figures are.

    Attributes
    ----------
    kind : str
        ``wide`` or ``long``.
    columns : tuple of ValueColumn
    year_col, item_col, unit_col : int or None
        The long layout's year, item and unit columns.
    notes : tuple
        What was decided (a year read from the header text).
    """

    kind: str
    columns: tuple[ValueColumn, ...]
    year_col: int | None = None
    item_col: int | None = None
    unit_col: int | None = None
    notes: tuple = ()


def header_text(grid: pd.DataFrame, col: int, upto: int) -> str:
    """The filled header cells of column ``col`` above row position ``upto``, joined by spaces."""
    return " ".join(c for c in grid.iloc[:upto, col] if c)


def unit_of(text: str) -> str:
    """The unit in a header: ``단위: 명`` or a trailing ``(명)``/``[백만원]`` that is not a year or ``p``."""
    m = _UNIT_LINE.search(text)
    if m:
        return m.group(1).strip()
    m = _UNIT_IN_HEADER.search(text)
    if m and not YEAR_CELL.match(m.group(1)) and norm(m.group(1)) != "p":
        return m.group(1).strip()
    return ""


def years_in_text(text: str) -> set[int]:
    """Years written in a header or title: '(persons, end of 2014)', '2014년 말', '(2014)', '2014.12.31',
    '2014 기준'. A base year of an index ('2020=100') is not one."""
    return {int(m.group(1)) for m in _YEAR_IN_TEXT.finditer(text or "")}


def drop_year_phrase(text: str) -> str:
    """The header without its year phrase: 'Population (persons, end of 2014)' → 'Population (persons)'."""
    if not years_in_text(text):
        return text
    out = _YEAR_PHRASES.sub("", text)
    out = re.sub(r"\(\s*[,;]?\s*\)", "", out)
    out = re.sub(r"\(\s*([^()]*?)\s*[,;]\s*\)", r"(\1)", out)
    return re.sub(r"\s+", " ", out).strip(" ,;")


def strip_unit(text: str) -> str:
    """The header without its unit."""
    text = _UNIT_LINE.sub("", text)
    text = _UNIT_IN_HEADER.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" :：-")


def read_header(cells: pd.DataFrame, start: int, col: int, name: str, indicator: str | None) -> Header:
    """The title, unit line and region column header of the rows above position ``start``."""
    title_unit, title = "", ""
    title_texts: list[str] = []
    for _, hrow in cells.iloc[:start].iterrows():
        filled_cells = [c for c in hrow if c]
        for c in filled_cells:
            if (m := _UNIT_LINE.search(c)) and not title_unit:
                title_unit = m.group(1).strip()
        if len(filled_cells) == 1:
            title_texts.append(filled_cells[0])
        if len(filled_cells) == 1 and not _UNIT_LINE.search(filled_cells[0]) and not title:
            title = strip_unit(drop_year_phrase(filled_cells[0]))
    default_name = indicator or title or Path(name).stem
    column_name = header_text(cells, col, start) or f"column {col + 1}"
    return Header(start, title, title_unit, tuple(title_texts), default_name, column_name)


def _wide_or_long(cells: pd.DataFrame, start: int, skip: set[int], indicator: str | None, default_name: str,
                  title_unit: str, check: Callable[[], None]) -> tuple[str, list[ValueColumn], int | None, int | None, int | None]:
    """(layout, value columns, year column, item column, unit column); layout ``none`` when neither."""
    head = cells.iloc[:start]
    body = cells.iloc[start:]
    cols = [c for c in cells.columns if c not in skip]
    # wide: year in a header cell of the column
    wide: list[ValueColumn] = []
    filled = head.copy()
    if len(head):
        span = [c for c in cols if c > min(skip)] if skip else cols
        filled.loc[:, span] = head.loc[:, span].replace("", np.nan).ffill(axis=1).fillna("")
    for c in cols:
        check()
        texts = [t for t in filled[c] if t] if len(head) else []
        years = [(int(m.group(1)), bool(m.group(2))) for t in texts if (m := YEAR_CELL.match(t))]
        if len(years) == 1:
            rest = " ".join(t for t in texts if not YEAR_CELL.match(t))
            unit = unit_of(rest) or title_unit
            name = strip_unit(rest) or indicator or default_name
            wide.append(ValueColumn(c, indicator or name, years[0][0], unit, years[0][1]))
    if wide:
        return "wide", wide, None, None, None
    # long: a year column
    names = {c: norm(header_text(cells, c, start)) for c in cols}
    year_col = next((c for c in cols if strip_unit(names[c]) in _YEAR_HEADERS), None)
    if year_col is None:
        for c in cols:
            check()
            filled = body[c].iloc[:20_000]
            filled = filled[filled.ne("")]
            if len(filled) and map_unique(filled, lambda v: bool(YEAR_CELL.match(v))).astype(bool).mean() > 0.9:
                year_col = c
                break
    if year_col is None:
        return "none", [], None, None, None
    item_col = next((c for c in cols if c != year_col and strip_unit(names[c]) in _ITEM_HEADERS), None)
    unit_col = next((c for c in cols if c != year_col and names[c] in _UNIT_HEADERS), None)
    out = []
    figures = {c for c in cols if strip_unit(names[c]) in _VALUE_HEADERS and c not in (year_col, item_col, unit_col)}
    for c in cols:
        check()
        if c in (year_col, item_col, unit_col) or (figures and c not in figures) or _CODE_HEADER.search(names[c]):
            continue
        if numeric_share(body[c]) < 0.5:
            continue
        header = header_text(cells, c, start)
        unit = unit_of(header) or title_unit
        name = strip_unit(header) or indicator or default_name
        out.append(ValueColumn(c, indicator or name, None, unit, False))
    return "long", out, year_col, item_col, unit_col


def find_layout(cells: pd.DataFrame, header: Header, region_cols: tuple[int, int | None], name: str,
                indicator: str | None, year: int | None, check: Callable[[], None]) -> Layout:
    """The value columns of a table whose region column (and parent sido column, if any) is ``region_cols``
    (``check``: the import's budget, called for every column).

    Raises
    ------
    ImportFileError
        Neither layout and several years (or none) in the header text without ``year``; no numeric column.
    """
    col, sido_col = region_cols
    start, default_name, title_unit = header.start, header.default_name, header.title_unit
    kind, vcols, year_col, item_col, unit_col = _wide_or_long(
        cells, start, {col} | ({sido_col} if sido_col is not None else set()), indicator, default_name, title_unit,
        check)
    header_notes: list = []
    if kind == "none":
        body = cells.iloc[start:]
        numeric = []
        for c in cells.columns:
            check()
            if c not in (col, sido_col) and numeric_share(body[c]) >= 0.5:
                numeric.append(c)
        if year is None:
            texts = [header_text(cells, c, start) for c in numeric] + list(header.title_texts)
            found = {t: ys for t in texts if (ys := years_in_text(t))}
            years = sorted({y for ys in found.values() for y in ys})
            if len(years) > 1:
                shown = "; ".join(f"{t[:60]!r}" for t in found)
                raise ImportFileError(Note(
                    "several_header_years", "Several years in the headers of {name} ({years}: {shown}) and no year "
                    "column: which year do the figures describe? Give the year when importing, or add a year "
                    "column (시점/연도).", name=name, years=", ".join(map(str, years)), shown=shown))
            if not years:
                raise ImportFileError(Note(
                    "no_year", "No year found in {name}: no header like '2020', '2020 년' or 'end of 2020' and no year "
                    "column (시점/연도). Add the year to the headers or a year column, or give the year when "
                    "importing.", name=name))
            year = years[0]
            header_notes.append(Note("year_from_header", "year {year} read from the header text {header}",
                                     year=year, header=repr(next(iter(found))[:80])))
        vcols = [ValueColumn(c, indicator or strip_unit(drop_year_phrase(header_text(cells, c, start)))
                             or default_name, int(year),
                             unit_of(drop_year_phrase(header_text(cells, c, start))) or title_unit, False)
                 for c in numeric]
        kind = "wide"
    if not vcols:
        raise ImportFileError(Note(
            "no_numeric_column", "No numeric column found in {name} next to the region column {column}. Each value "
            "column needs numbers (1,234 and '-', 'X', '…' markers are fine).", name=name,
            column=repr(header.column_name)))
    return Layout(kind, tuple(vcols), year_col, item_col, unit_col, tuple(header_notes))
