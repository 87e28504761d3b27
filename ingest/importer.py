"""Bring your own data: read a user's CSV/XLSX table (KOSIS exports, ministry spreadsheets, surveys) into the
tidy long format of the bundled indicators, with a report of what matched and what did not.

:func:`import_file` runs the steps in order, each a pure function of this package with a named result (no
streamlit, no printing, no file writing):

1. **Reading** (:func:`ingest.grid.read_grid`) — bytes → a :class:`~ingest.grid.Grid` of text cells (CSV with
   its encoding detected, or XLSX through the bounded :mod:`ingest.xlsx_reader`; files above :data:`MAX_BYTES`
   refused before parsing).
2. **Matching, the column** (:func:`ingest.matching.find_region_column`) — the column that resolves the most
   distinct regions, a parent sido column to its left, and the first body row.
3. **Layout, the header** (:func:`ingest.layout.read_header`) — title, unit line, the region column's name.
4. **Matching, the rows** (:func:`ingest.matching.match_rows`) — every body row resolved inside its parent; the
   level; totals and subtotals (전국/계/합계, 수도권/비수도권, 소계, a sido row in a sigungu table, a general
   city above its gu) set aside for the cross-checks.
5. **Layout, the figures** (:func:`ingest.layout.find_layout`) — *wide* (years as column headers) or *long* (a
   year column ``시점``/``연도``, an item column ``항목``), or one year from the header text ("end of 2014",
   "2014년 말") or the caller; then which rows are data, notes or footnotes (:func:`ingest.matching.row_roles`).
6. **Values** (:func:`ingest.values.read_values`) — one record per value cell, parsed column-wise
   (:mod:`ingest.numbers`: :data:`MISSING_MARKERS` ``-``, ``X``, ``…`` become missing with the reason; ``1,234``
   → 1234; ``△12``/``▲12`` → -12; a ``(p)`` marker stripped and reported); text, non-finite or beyond
   :data:`MAX_ABS` figures and negative ones are refused with the rows named.
7. **Report** (:func:`ingest.match_report.build_report`) — matched, ambiguous, unmatched (nearest names,
   bounded), changed, aggregates, other level; then the tidy values with repeated rows kept once
   (:func:`ingest.values.tidy`), the units, and the totals against their sums (:func:`ingest.totals.cross_check`).

Every user-fixable problem raises :class:`ingest.errors.ImportFileError` with one message that names the
problem and the fix. Region names are data: nothing here interprets HTML (the UI escapes them).

Examples
--------
>>> from ingest.importer import import_file  # doctest: +SKIP
>>> res = import_file(b"\\xef\\xbb\\xbf\\xec\\x8b\\x9c\\xeb\\x8f\\x84,2020\\n...", "rnd.csv")  # doctest: +SKIP
>>> res.values.columns.tolist()  # doctest: +SKIP
['code', 'level', 'year', 'indicator', 'value']
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd

from geo.notes import Note
from ingest.errors import ImportFileError
from ingest.grid import ENCODINGS, MAX_BYTES, Grid, detect_encoding, read_grid
from ingest.layout import find_layout, read_header
from ingest.match_report import MatchReport, build_report
from ingest.matching import find_region_column, match_rows, row_roles
from ingest.numbers import MAX_ABS, MISSING_MARKERS, clean_value
from ingest.totals import cross_check
from ingest.values import indicators_of, long_values, read_values, tidy, units
from ingest.work import MAX_SECONDS, MAX_SUGGESTED, SUGGEST_SECONDS, Progress, Work, give_back

__all__ = [
    "ENCODINGS",
    "MAX_ABS",
    "MAX_BYTES",
    "MAX_SECONDS",
    "MAX_SUGGESTED",
    "MISSING_MARKERS",
    "SUGGEST_SECONDS",
    "Grid",
    "ImportResult",
    "MatchReport",
    "Progress",
    "clean_value",
    "detect_encoding",
    "import_file",
    "read_grid",
]


@dataclass(frozen=True)
class ImportResult:
    """A user's table in the tidy long format, with everything the importer found out about it.

    Attributes
    ----------
    values : pandas.DataFrame
        ``code, level, year, indicator, value`` — matched regions only, missing cells dropped, one row per
        region/year/indicator (``value`` float, finite; ``year`` int).
    report : MatchReport
    checks : pandas.DataFrame
        ``row, total, indicator, year, reported, computed, difference, regions, status`` — each total/subtotal
        row against the sum of its matched regions; ``status`` ``ok``, ``differs``, ``incomplete`` (a region
        missing, so no check) or ``skipped`` (intensive indicator: a sum means nothing).
    missing : pandas.DataFrame
        ``row, column, input, reason`` — cells read as missing (``-``, ``X``, ``…``, empty).
    preliminary : pandas.DataFrame
        ``row, column, input`` — figures marked preliminary (``p``); the marker was stripped.
    units : dict
        Indicator → unit found in the headers (``""`` when none).
    layout : str
        ``wide`` or ``long``.
    grid : Grid
        The text cells as read (encoding, sheet, reader notes).
    notes : tuple of str
        Other decisions worth telling the user.
    """

    values: pd.DataFrame
    report: MatchReport
    checks: pd.DataFrame
    missing: pd.DataFrame
    preliminary: pd.DataFrame
    units: dict[str, str]
    layout: str
    grid: Grid
    notes: tuple[str, ...] = field(default=())

    @property
    def indicators(self) -> list[str]:
        """Indicator names found, in file order."""
        return list(dict.fromkeys(self.values["indicator"]))

    @property
    def level(self) -> str:
        """Level of the imported regions."""
        return self.report.level

    def to_dict(self) -> dict:
        """JSON-ready summary: file facts, match report, checks, missing and preliminary cells."""
        return {
            "kind": self.grid.kind,
            "encoding": self.grid.encoding,
            "sheet": self.grid.sheet,
            "layout": self.layout,
            "level": self.level,
            "indicators": self.indicators,
            "units": self.units,
            "years": sorted({int(y) for y in self.values["year"]}),
            "values": len(self.values),
            "notes": list(self.grid.notes) + list(self.notes),
            "report": self.report.to_dict(),
            "checks": self.checks.astype(object).where(self.checks.notna(), None).to_dict("records"),
            "missing": {str(k): int(v) for k, v in self.missing["reason"].value_counts().items()},
            "preliminary": len(self.preliminary),
        }

_GIVE_BACK_RECORDS = 2_000_000
"""Above this many value cells, freed memory is returned to the system before the tidy values are made (a 50 MB
table peaks ~80 MB lower; the call costs tens of milliseconds, more than a small import takes)."""


def import_file(
    data: bytes,
    name: str = "upload.csv",
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    level: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
    nature: str | None = None,
    allow_negative: bool = False,
    index: object | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Read a user's CSV/XLSX table into the tidy long format and report how its regions matched.

    Parameters
    ----------
    data : bytes
        File content.
    name : str
        File name (format and messages).
    encoding : str, optional
        CSV encoding override; detected when None.
    sheet : str, optional
        XLSX sheet; default: the first non-metadata sheet.
    level : {"sido", "sigungu", "emd"}, optional
        Level of the regions; inferred (the commonest matched level) when None.
    indicator : str, optional
        Indicator name for every value column (default: the header text, else the file name).
    year : int, optional
        Year of a table without any year column or year header.
    nature : {"extensive", "intensive"}, optional
        With ``intensive`` the sum cross-checks are skipped (a sum of rates means nothing).
    allow_negative : bool, default False
        Accept negative numbers (growth rates, balances); by default they are refused.
    index : geo.codes.CodeIndex, optional
        Code index to resolve with (default: the bundled vintage).
    progress : callable, optional
        ``progress(stage, fraction)`` called between stages (``reading``, ``matching``, ``suggesting``,
        ``checking``, ``done``; ``fraction`` in 0..1) — a UI hook for a progress bar. It may raise to cancel
        the import (e.g. when the session has ended); the exception propagates and nothing is kept.

    Returns
    -------
    ImportResult

    Raises
    ------
    ImportFileError
        For every problem with the file: see the module docstring.
    """
    if level is not None and level not in ("sido", "sigungu", "emd"):
        raise ImportFileError(Note("unknown_level", "unknown level {value}; valid levels: sido, sigungu, emd (or "
                                   "leave it automatic)", value=repr(level)))
    if nature is not None and nature not in ("extensive", "intensive"):
        raise ImportFileError(Note("unknown_nature", "unknown nature {value}; valid: extensive, intensive",
                                   value=repr(nature)))
    # the budget is read here, as the caller set this module's constants
    work = Work(name, progress, MAX_SUGGESTED, SUGGEST_SECONDS, MAX_SECONDS)
    work.tell("reading", 0.0)
    grid = read_grid(data, name, encoding, sheet, work=work)
    work.tell("matching", 0.3)
    out = _interpret(grid, name, level=level, indicator=indicator, year=year, nature=nature,
                     allow_negative=allow_negative, index=index, work=work)
    work.tell("done", 1.0)
    return out


def _interpret(grid: Grid, name: str, *, level: str | None, indicator: str | None, year: int | None,
               nature: str | None, allow_negative: bool, index: object | None, work: Work) -> ImportResult:
    """Steps 2–7 of the module docstring on the grid of a file."""
    cells = grid.cells
    rc = find_region_column(cells, level, index, work)
    header = read_header(cells, rc.start, rc.col, name, indicator)
    rows = match_rows(cells, rc, level, index, work)
    layout = find_layout(cells, header, (rc.col, rc.sido_col), name, indicator, year, work.check)
    roles = row_roles(cells, rc, rows, layout, work)
    records = read_values(cells, rc.start, layout, indicator, roles.keep | rows.is_aggregate, allow_negative, work)
    report, report_notes = build_report(cells, rc, rows, roles, records.frame["year"].unique(),
                                        header.column_name, name, index, work)
    body = cells.iloc[rc.start:]
    figures = tidy(records, rows.res, roles.is_data, body, rc.col, layout, rows.level, name, work)
    report = dataclasses.replace(report, duplicates=figures.duplicates)
    found_units = units(layout, records, body, indicators_of(figures.kept), header.title_unit)
    work.tell("checking", 0.9)
    checks = cross_check(records, report.aggregates, rows, figures.kept, nature, work)
    notes = (*layout.notes, *roles.notes, *report_notes)
    big = len(records.frame) > _GIVE_BACK_RECORDS
    del records, roles  # their memory goes back before the largest part of the result is made
    if big:
        give_back()
    values = long_values(figures.kept, rows.level)
    return ImportResult(values, report, checks, figures.missing, figures.preliminary, found_units,
                        layout.kind, grid, notes)
