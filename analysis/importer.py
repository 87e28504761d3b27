"""Bring your own data: read a user's CSV/XLSX table (KOSIS exports, ministry spreadsheets, surveys) into the
tidy long format of the bundled indicators, with a report of what matched and what did not.

The pipeline, one pure function per step (no streamlit, no printing, no file writing):

1. :func:`read_grid` — bytes → a grid of text cells. CSV (encoding detected: BOM, UTF-8, CP949/EUC-KR, then
   charset-normalizer; or the caller's override) or XLSX (openpyxl; formula cells are read as their *cached*
   values, a formula without a cached value is refused — nothing is ever evaluated; the ``메타정보`` sheet and
   other metadata sheets are skipped). Files above :data:`MAX_BYTES` are refused before parsing.
2. Region column detection — every column is tried with :func:`geo.codes.resolve_many` (codes: MOIS 2/5/8/10
   digits, KOSTAT sido codes; names: full, short, former, spaced, parent-prefixed); the column that resolves
   the most distinct regions wins. A column of sido names to its left gives the sido context of a sigungu
   column (KOSIS ``행정구역별(1)``/``(2)``); in a single indented column the last sido row does.
3. Layout detection — *wide* (years as columns: ``2019``, ``2019 년``, ``2022 p)``, under multi-row headers
   that name the item) or *long* (a year column such as ``시점``/``연도`` and one value column per item, or an
   item column ``항목`` with one value column).
4. Value cleaning — :data:`MISSING_MARKERS` (``-``, ``X``, ``…``) become missing with the reason; ``1,234``
   → 1234; ``△12``/``▲12`` → -12; a ``(p)``/``p)`` preliminary marker is stripped and reported. Text,
   negative or non-finite numbers are refused with the rows named.
5. Totals — national (전국/계/합계), capital-region (수도권/비수도권) and subtotal (소계, a sido row in a
   sigungu table, a general city above its gu) rows are dropped from the data and used to cross-check sums.

Every user-fixable problem raises :class:`analysis.errors.ImportFileError` with one message that names the
problem and the fix. Region names are data: nothing here interprets HTML (the UI escapes them).

Examples
--------
>>> from analysis.importer import import_file  # doctest: +SKIP
>>> res = import_file(b"\\xef\\xbb\\xbf\\xec\\x8b\\x9c\\xeb\\x8f\\x84,2020\\n...", "rnd.csv")  # doctest: +SKIP
>>> res.values.columns.tolist()  # doctest: +SKIP
['code', 'level', 'year', 'indicator', 'value']
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import ImportFileError
from analysis.regions import capital_sido_codes

__all__ = [
    "ENCODINGS",
    "MAX_BYTES",
    "MISSING_MARKERS",
    "Grid",
    "ImportResult",
    "MatchReport",
    "clean_value",
    "detect_encoding",
    "import_file",
    "read_grid",
]

MAX_BYTES: int = 50 * 1024 * 1024
"""Largest file accepted (50 MB, the same limit as ``server.maxUploadSize`` in ``.streamlit/config.toml``)."""

_MAX_UNZIPPED: int = 400 * 1024 * 1024
_MAX_CELLS: int = 5_000_000

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "cp949", "euc-kr", "utf-16")
"""Encodings offered for a manual override (CP949 is a superset of EUC-KR, the usual Korean government one)."""

MISSING_MARKERS: dict[str, str] = {
    "": "empty cell",
    "-": "'-': no figure (해당 없음)",
    "x": "'X': suppressed for confidentiality (비밀보호)",
    "...": "'…': not available (미상)",
    "..": "'‥': not available (미상)",
    ".": "'.': not available",
}
"""Cell text (after Unicode NFKC, lower case) → why the value is missing. KOSIS conventions."""

_META_SHEETS: frozenset[str] = frozenset({"메타정보", "메타", "메타데이터", "metadata", "meta", "주석", "설명", "notes"})

_YEAR_CELL = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:년|年|year)?\s*(\(?\s*p\s*\)?)?\s*$", re.IGNORECASE)
_PRELIM = re.compile(r"\s*\(?\s*p\s*\)?\s*$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$", re.IGNORECASE)
_NONFINITE = frozenset({"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})
_UNIT_IN_HEADER = re.compile(r"[(\[]\s*(?:단위\s*[:：]?\s*)?([^()\[\]]{1,20}?)\s*[)\]]\s*$")
_UNIT_LINE = re.compile(r"단위\s*[:：]\s*([^,;)\]]+)")
_YEAR_HEADERS: frozenset[str] = frozenset({"시점", "연도", "년도", "기간", "year", "period", "time", "기준년도"})
_ITEM_HEADERS: frozenset[str] = frozenset({"항목", "항목명", "지표", "지표명", "indicator", "item", "variable", "변수"})
_UNIT_HEADERS: frozenset[str] = frozenset({"단위", "unit"})
_RESOLVED = ("matched", "former")
_MAGIC: dict[bytes, str] = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old binary Excel/HWP/Word file (OLE)",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-zip archive",
    b"MZ": "a Windows executable",
    b"\x7fELF": "an executable",
}


# ---------------------------------------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Grid:
    """A table as text cells, before any interpretation.

    Attributes
    ----------
    cells : pandas.DataFrame
        Text cells (``""`` when empty), columns ``0..n-1``, index = 1-based row number in the file/sheet.
    kind : str
        ``csv`` or ``xlsx``.
    encoding : str or None
        Encoding the CSV was read with (None for XLSX).
    sheet : str or None
        Sheet read (XLSX).
    notes : tuple of str
        What the reader decided (skipped sheets, formula cells read as cached values ...).
    """

    cells: pd.DataFrame
    kind: str
    encoding: str | None = None
    sheet: str | None = None
    notes: tuple[str, ...] = ()


def _frame(columns: list[str], rows: list | None = None) -> pd.DataFrame:
    return pd.DataFrame(rows or [], columns=columns)


@dataclass(frozen=True)
class MatchReport:
    """How the region column of a file matched the bundled vintage.

    Attributes
    ----------
    column : str
        Header (or letter) of the region column.
    level : str
        Level of the matched regions (``sido``, ``sigungu`` or ``emd``).
    matched : pandas.DataFrame
        ``row, input, code, name_ko, status, reason``: rows assigned to one bundled unit (``status`` is
        ``matched`` or ``former`` — a former name or code of that same unit, e.g. 강원도/42 → 51).
    ambiguous : pandas.DataFrame
        ``row, input, candidates``: names shared by several units (e.g. 중구); not imported.
    unmatched : pandas.DataFrame
        ``row, input, suggestions, reason``: not found; nearest names suggested. Not imported.
    changed : pandas.DataFrame
        ``row, input, status, candidates, reason``: regions that later merged into or split across bundled
        units (``merged``/``split``); their figures describe another territory and are not imported.
    duplicates : pandas.DataFrame
        ``code, name_ko, rows, inputs``: several rows for one region with identical figures (kept once).
    aggregates : pandas.DataFrame
        ``row, input, kind``: total and subtotal rows recognised and dropped (used in the cross-checks).
    other_level : pandas.DataFrame
        ``row, input, code, level``: regions of another level than the table's (not imported).
    """

    column: str
    level: str
    matched: pd.DataFrame
    ambiguous: pd.DataFrame
    unmatched: pd.DataFrame
    changed: pd.DataFrame
    duplicates: pd.DataFrame
    aggregates: pd.DataFrame
    other_level: pd.DataFrame

    def summary(self) -> dict[str, int]:
        """Number of rows in each category."""
        return {
            "matched": int((self.matched["status"] == "matched").sum()),
            "former": int((self.matched["status"] == "former").sum()),
            "ambiguous": len(self.ambiguous),
            "unmatched": len(self.unmatched),
            "changed": len(self.changed),
            "duplicates": len(self.duplicates),
            "aggregates": len(self.aggregates),
            "other_level": len(self.other_level),
        }

    def to_dict(self) -> dict:
        """Plain JSON-ready dict (records per category)."""
        def rec(df: pd.DataFrame) -> list[dict]:
            return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                    for r in df.astype(object).to_dict("records")]

        return {
            "column": self.column,
            "level": self.level,
            "summary": self.summary(),
            **{name: rec(getattr(self, name)) for name in
               ("matched", "ambiguous", "unmatched", "changed", "duplicates", "aggregates", "other_level")},
        }


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


# ---------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------
def _check_size(data: bytes, name: str) -> None:
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"{name} is {len(data) / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB. "
            "Export only the regions, years and items you need (KOSIS: 조회조건) or split the file."
        )
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportFileError(f"{name} is empty. Choose a CSV or XLSX file with a header row and one row per region.")


def _sniff_binary(data: bytes, name: str) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            extra = " Save it from Excel as .xlsx or .csv." if "Excel" in what else ""
            raise ImportFileError(f"{name} is {what}, not a table. Upload a CSV or XLSX file.{extra}")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise ImportFileError(
            f"{name} contains binary data (NUL bytes), not text: it is not a CSV file, whatever its name. "
            "Upload a CSV or XLSX file."
        )


def detect_encoding(data: bytes) -> str:
    """Encoding of a CSV file's bytes: BOM, strict UTF-8, strict CP949, then charset-normalizer's guess.

    Parameters
    ----------
    data : bytes
        File content.

    Returns
    -------
    str
        A Python codec name (``utf-8-sig``, ``utf-8``, ``cp949``, ``utf-16`` or charset-normalizer's answer).

    Raises
    ------
    ImportFileError
        When no encoding decodes the file.

    Examples
    --------
    >>> detect_encoding("시도,값".encode("cp949"))
    'cp949'
    >>> detect_encoding("\\ufeff시도,값".encode("utf-8"))
    'utf-8-sig'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for enc in ("utf-8", "cp949"):
        try:
            data.decode(enc)
        except UnicodeDecodeError:
            continue
        return enc
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise ImportFileError(
            "The file's text encoding could not be detected (it is not UTF-8 or CP949/EUC-KR). Choose the "
            f"encoding by hand ({', '.join(ENCODINGS)}) or save the file as CSV UTF-8."
        )
    return str(best.encoding)


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    enc = encoding or detect_encoding(data)
    try:
        codec = __import__("codecs").lookup(enc).name
    except LookupError:
        raise ImportFileError(
            f"Unknown encoding {enc!r}. Use one of {', '.join(ENCODINGS)}."
        ) from None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        detected = _safe_detect(data)
        raise ImportFileError(
            f"{name} is not valid {enc} text (byte {exc.start}: {data[exc.start:exc.start + 4]!r}). "
            f"The detected encoding is {detected}; choose it (or leave the encoding on automatic)."
        ) from None
    if codec == "utf-8" and text.startswith("\ufeff"):
        text = text[1:]
    return text, enc


def _safe_detect(data: bytes) -> str:
    try:
        return detect_encoding(data)
    except ImportFileError:
        return "unknown"


def _read_csv(data: bytes, name: str, encoding: str | None) -> Grid:
    text, enc = _decode(data, name, encoding)
    if "\x00" in text:
        raise ImportFileError(f"{name} contains NUL characters: it is not a text table. Upload a CSV or XLSX file.")
    sample = text[:20_000]
    lines = [ln for ln in sample.splitlines() if ln.strip()][:30]
    delim = max((",", "\t", ";", "|"), key=lambda d: sum(ln.count(d) for ln in lines))
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    except csv.Error as exc:
        raise ImportFileError(f"{name} is not a readable CSV file ({exc}). Save it again as CSV from Excel.") from None
    return Grid(_rows_to_frame(rows, name), "csv", enc, None, (f"read as {enc} text, delimiter {delim!r}",))


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if isinstance(v, int):
        return str(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _rows_to_frame(rows: list[list], name: str) -> pd.DataFrame:
    rows = [[_cell_text(c).strip() for c in r] for r in rows]
    width = max((len(r) for r in rows), default=0)
    if width == 0 or not any(any(c for c in r) for r in rows):
        raise ImportFileError(f"{name} has no cells with content. Choose a file with a header row and data rows.")
    if width * len(rows) > _MAX_CELLS:
        raise ImportFileError(
            f"{name} has {len(rows)} rows × {width} columns, more than {_MAX_CELLS:,} cells. Export fewer items."
        )
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    keep_rows = frame.ne("").any(axis=1)
    keep_cols = frame.ne("").any(axis=0)
    frame = frame.loc[keep_rows, keep_cols]
    frame.columns = range(frame.shape[1])
    return frame


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> Grid:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unzipped = sum(i.file_size for i in zf.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(f"{name} is not a valid XLSX file (damaged or not a workbook). "
                              "Open it in Excel and save it again as .xlsx or CSV.") from None
    if unzipped > _MAX_UNZIPPED:
        raise ImportFileError(
            f"{name} unpacks to {unzipped / 1024 / 1024:.0f} MB, above the {_MAX_UNZIPPED // 1024 // 1024} MB "
            "limit. Export fewer rows or items."
        )
    try:
        wb_f = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        wb_v = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(f"{name} is not a readable XLSX workbook ({type(exc).__name__}). "
                              "Open it in Excel and save it again as .xlsx or CSV.") from None
    try:
        names = list(wb_v.sheetnames)
        notes: list[str] = []
        if sheet is not None:
            if sheet not in names:
                raise ImportFileError(f"{name} has no sheet {sheet!r}; its sheets are {', '.join(names)}.")
            chosen = sheet
        else:
            data_sheets = [s for s in names if _norm(s) not in _META_SHEETS]
            skipped = [s for s in names if s not in data_sheets]
            if skipped:
                notes.append(f"skipped metadata sheet(s): {', '.join(skipped)}")
            if not data_sheets:
                raise ImportFileError(f"{name} has only metadata sheets ({', '.join(names)}); no data sheet.")
            chosen = data_sheets[0]
            if len(data_sheets) > 1:
                notes.append(f"read sheet {chosen!r}; other sheets ({', '.join(data_sheets[1:])}) ignored")
        formulas: list[str] = []
        cached = 0
        rows: list[list] = []
        for frow, vrow in zip(wb_f[chosen].iter_rows(), wb_v[chosen].iter_rows(), strict=False):
            out = []
            for fc, vc in zip(frow, vrow, strict=False):
                fv = getattr(fc, "value", None)
                vv = getattr(vc, "value", None)
                if getattr(fc, "data_type", None) == "f" or (isinstance(fv, str) and fv.startswith("=")):
                    if vv is None:
                        formulas.append(getattr(fc, "coordinate", "?"))
                    else:
                        cached += 1
                out.append(vv)
            rows.append(out)
            if len(rows) * max(len(out), 1) > _MAX_CELLS:
                raise ImportFileError(f"{name} sheet {chosen!r} has more than {_MAX_CELLS:,} cells. Export fewer items.")
    finally:
        wb_f.close()
        wb_v.close()
    if formulas:
        shown = ", ".join(formulas[:5]) + (f" and {len(formulas) - 5} more" if len(formulas) > 5 else "")
        raise ImportFileError(
            f"{name} sheet {chosen!r} has {len(formulas)} formula cell(s) without a stored result ({shown}). "
            "Formulas are never evaluated here: open the file in Excel, let it calculate and save, or paste the "
            "cells as values (붙여넣기 → 값)."
        )
    if cached:
        notes.append(f"{cached} formula cell(s) read as their stored (cached) results, not re-evaluated")
    return Grid(_rows_to_frame(rows, f"{name} sheet {chosen!r}"), "xlsx", None, chosen, tuple(notes))


def read_grid(data: bytes, name: str = "upload.csv", encoding: str | None = None, sheet: str | None = None) -> Grid:
    """Read a CSV or XLSX file's bytes into text cells (nothing interpreted yet).

    Parameters
    ----------
    data : bytes
        File content (at most :data:`MAX_BYTES`).
    name : str
        File name, for messages and the format (``.xlsx``/``.xlsm`` → workbook; a ZIP signature also).
    encoding : str, optional
        CSV encoding override (e.g. ``cp949``); detected when None.
    sheet : str, optional
        XLSX sheet; default: the first sheet that is not metadata (``메타정보``).

    Returns
    -------
    Grid

    Raises
    ------
    ImportFileError
        Too large, empty, binary, undecodable, damaged workbook, formula cells without stored values.

    Examples
    --------
    >>> g = read_grid("시도,2020\\n서울,1\\n".encode("cp949"), "t.csv")
    >>> g.encoding, g.cells.shape
    ('cp949', (2, 2))
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ImportFileError(f"{name}: expected the file's bytes, got {type(data).__name__}.")
    data = bytes(data)
    _check_size(data, name)
    suffix = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        if not data.startswith(b"PK\x03\x04"):
            raise ImportFileError(f"{name} is named like a workbook but is not an XLSX file. "
                                  "Open it in Excel and save it as .xlsx, or upload it as CSV.")
        return _read_xlsx(data, name, sheet)
    if suffix == ".xls":
        raise ImportFileError(f"{name}: old .xls workbooks are not read. Save it from Excel as .xlsx or CSV.")
    _sniff_binary(data, name)
    return _read_csv(data, name, encoding)


# ---------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Cell:
    value: float  # NaN when missing
    missing: str = ""  # reason when missing
    preliminary: bool = False
    problem: str = ""  # "text" | "nonfinite" when the cell cannot be a number


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().casefold()


def clean_value(text: str) -> tuple[float, str, bool]:
    """Read one cell: ``(value, missing_reason, preliminary)``.

    ``value`` is NaN when the cell is a missing marker (``missing_reason`` says which) — see
    :data:`MISSING_MARKERS`. Thousands separators (``1,234``), a leading ``△``/``▲`` (minus in Korean
    tables), a trailing ``%`` and a ``(p)``/``p)`` preliminary marker are handled.

    Raises
    ------
    ImportFileError
        When the cell is text or a non-finite number (the caller adds the row and column).

    Examples
    --------
    >>> clean_value("1,234")
    (1234.0, '', False)
    >>> clean_value("X")
    (nan, "'X': suppressed for confidentiality (비밀보호)", False)
    >>> clean_value("56.7 (p)")
    (56.7, '', True)
    """
    c = _clean(text)
    if c.problem:
        kind = "is not finite" if c.problem == "nonfinite" else "is text, not a number"
        raise ImportFileError(f"cell {text!r} {kind}")
    return c.value, c.missing, c.preliminary


def _clean(text: str) -> _Cell:
    s = _norm(text)
    if s in MISSING_MARKERS:
        return _Cell(math.nan, MISSING_MARKERS[s])
    prelim = False
    if s.endswith("p") or s.endswith("p)"):
        stripped = _PRELIM.sub("", s)
        if stripped != s and stripped:
            prelim, s = True, stripped
    if s.startswith(("△", "▲")):
        s = "-" + s[1:].strip()
    s = s.rstrip("%").strip()
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    if s in _NONFINITE:
        return _Cell(math.nan, problem="nonfinite")
    if not _NUMBER.match(s):
        return _Cell(math.nan, problem="text")
    v = float(s)
    if not math.isfinite(v):
        return _Cell(math.nan, problem="nonfinite")
    return _Cell(v, "", prelim)


def _numeric_share(cells: pd.Series) -> float:
    vals = [c for c in cells if _norm(c) not in MISSING_MARKERS]
    if not vals:
        return 0.0
    return sum(not _clean(c).problem for c in vals) / len(vals)


# ---------------------------------------------------------------------------------------------------------
# Region column detection (through geo.codes only)
# ---------------------------------------------------------------------------------------------------------
def _looks_regional(text: str) -> bool:
    s = str(text).strip().lstrip("'")
    if not s:
        return False
    if s.replace(".0", "").isdigit():
        return len(s.replace(".0", "")) in (2, 5, 8, 10)
    return any(ch.isalpha() for ch in s)


def _resolve(values: pd.Series, level: str | None, sido: str | None, index: object | None) -> pd.DataFrame:
    from geo import codes

    kw = {"index": index} if index is not None else {}
    try:
        return codes.resolve_many(values, level=level, sido=sido, **kw)
    except codes.BoundariesNotBuiltError as exc:  # an installation problem, not the user's file
        raise ImportFileError(f"Region matching needs the bundled boundaries: {exc}") from None


@functools.lru_cache(maxsize=4096)
def _aggregate_kind(text: str) -> str | None:
    from geo import codes

    return codes.aggregate_kind(text)


@dataclass(frozen=True)
class _RegionColumn:
    col: int
    res: pd.DataFrame  # aligned to the grid's data rows
    sido_col: int | None


def _score(res: pd.DataFrame) -> tuple[int, int]:
    ok = res[res["status"].isin(_RESOLVED + ("merged", "split", "ambiguous"))]
    return ok["code"].nunique() + ok.loc[ok["code"].isna(), "query"].nunique(), len(ok)


def _header_text(grid: pd.DataFrame, col: int, upto: int) -> str:
    return " ".join(c for c in grid.iloc[:upto, col] if c)


def _find_region_column(cells: pd.DataFrame, level: str | None, index: object | None) -> _RegionColumn:
    sample = cells.iloc[:2000]
    scored: list[tuple[tuple[int, int], int, pd.DataFrame]] = []
    for col in cells.columns:
        colcells = sample[col]
        if any(_YEAR_CELL.match(c) for c in colcells.iloc[:8]) and _numeric_share(colcells.iloc[8:]) > 0.5:
            continue  # a year-headed value column
        mask = colcells.map(_looks_regional)
        if mask.sum() == 0:
            continue
        res = _resolve(colcells[mask], level, None, index)
        scored.append((_score(res), col, res))
    scored.sort(key=lambda t: (t[0], -t[1]), reverse=True)
    if not scored or scored[0][0][1] == 0:
        texty = [(int(sum(any(ch.isalpha() for ch in v) for v in r["query"])), c, r) for _s, c, r in scored]
        texty.sort(key=lambda t: (t[0], -t[1]), reverse=True)
        if texty and texty[0][0] >= 2:
            n, c, r = texty[0]
            sugg = "; ".join(f"{q!r} → {_cands_text(cs)}" for q, cs in zip(r["query"], r["candidates"], strict=True)
                             if cs)[:300]
            raise ImportFileError(
                f"None of the regions in column {c + 1} ({' / '.join(x for x in cells[c].iloc[:3] if x)[:60]!r}) "
                f"matched a bundled sido, sigungu or eup-myeon-dong ({n} names tried"
                + (f"; nearest: {sugg}" if sugg else "")
                + "). Use Korean names (서울특별시, 수원시 장안구) or MOIS codes, or choose another encoding if "
                "the text looks garbled."
            )
        for _s, c, r in scored:
            digits = r[r["query"].astype(str).str.fullmatch(r"\d+")]
            if len(digits) >= 2 and digits["reason"].str.contains("KOSTAT sigungu codes", regex=False).all():
                raise ImportFileError(
                    f"Column {c + 1} ({' / '.join(x for x in cells[c].iloc[:3] if x)[:60]!r}) holds KOSTAT "
                    "(통계청) si-gun-gu codes such as 11010 = 종로구. They differ from the MOIS (행정안전부) codes "
                    "the map uses, and many collide (KOSTAT 11110 = 노원구, MOIS 11110 = 종로구), so they are not "
                    "matched. Add a column with the region names (e.g. 종로구 or 서울특별시 종로구) or use MOIS codes."
                )
        firsts = ", ".join(repr(" / ".join(x for x in cells[c].iloc[:3] if x)[:40]) for c in cells.columns[:4])
        raise ImportFileError(
            "No column holds region codes or names (checked every column; the first ones start with "
            f"{firsts}). Add a column with sido/sigungu names (e.g. 서울특별시, 수원시 장안구) or MOIS codes "
            "(11, 41111), or choose another encoding if the Korean text looks garbled."
        )
    best_col = scored[0][1]
    sido_col = None
    for (_n, _m), col, res in scored[1:]:
        ok = res[res["status"].isin(_RESOLVED)]
        if col < best_col and len(ok) and ok["level"].eq("sido").mean() > 0.9:
            best_ok = scored[0][2]
            best_ok = best_ok[best_ok["status"].isin(_RESOLVED)]
            if len(best_ok) and best_ok["level"].ne("sido").mean() > 0.5:
                sido_col = col
                break
    return _RegionColumn(best_col, scored[0][2], sido_col)


# ---------------------------------------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------------------------------------
def _row_label(rows: list[int], limit: int = 6) -> str:
    s = ", ".join(str(r) for r in rows[:limit])
    return s + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def _unit_of(text: str) -> str:
    m = _UNIT_LINE.search(text)
    if m:
        return m.group(1).strip()
    m = _UNIT_IN_HEADER.search(text)
    if m and not _YEAR_CELL.match(m.group(1)) and _norm(m.group(1)) != "p":
        return m.group(1).strip()
    return ""


def _strip_unit(text: str) -> str:
    text = _UNIT_LINE.sub("", text)
    text = _UNIT_IN_HEADER.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" :：-")


def _cands_text(cands: tuple) -> str:
    return "; ".join(f"{c.name_ko} ({c.code})" if c.code else c.name_ko for c in cands)


@dataclass(frozen=True)
class _ValueColumn:
    col: int
    indicator: str
    year: int | None  # None in long layout (year from the year column)
    unit: str
    preliminary: bool


def _layout(cells: pd.DataFrame, start: int, skip: set[int], indicator: str | None, default_name: str,
            title_unit: str) -> tuple[str, list[_ValueColumn], int | None, int | None, int | None]:
    """(layout, value columns, year column, item column, unit column)."""
    head = cells.iloc[:start]
    body = cells.iloc[start:]
    cols = [c for c in cells.columns if c not in skip]
    # wide: year in a header cell of the column
    wide: list[_ValueColumn] = []
    filled = head.copy()
    if len(head):
        span = [c for c in cols if c > min(skip)] if skip else cols
        filled.loc[:, span] = head.loc[:, span].replace("", np.nan).ffill(axis=1).fillna("")
    for c in cols:
        texts = [t for t in filled[c] if t] if len(head) else []
        years = [(int(m.group(1)), bool(m.group(2))) for t in texts if (m := _YEAR_CELL.match(t))]
        if len(years) == 1:
            rest = " ".join(t for t in texts if not _YEAR_CELL.match(t))
            unit = _unit_of(rest) or title_unit
            name = _strip_unit(rest) or indicator or default_name
            wide.append(_ValueColumn(c, indicator or name, years[0][0], unit, years[0][1]))
    if wide:
        return "wide", wide, None, None, None
    # long: a year column
    names = {c: _norm(_header_text(cells, c, start)) for c in cols}
    year_col = next((c for c in cols if _strip_unit(names[c]) in _YEAR_HEADERS), None)
    if year_col is None:
        for c in cols:
            vals = [v for v in body[c] if v]
            if vals and sum(bool(_YEAR_CELL.match(v)) for v in vals) / len(vals) > 0.9:
                year_col = c
                break
    if year_col is None:
        return "none", [], None, None, None
    item_col = next((c for c in cols if c != year_col and _strip_unit(names[c]) in _ITEM_HEADERS), None)
    unit_col = next((c for c in cols if c != year_col and names[c] in _UNIT_HEADERS), None)
    out = []
    for c in cols:
        if c in (year_col, item_col, unit_col):
            continue
        if _numeric_share(body[c]) < 0.5:
            continue
        header = _header_text(cells, c, start)
        unit = _unit_of(header) or title_unit
        name = _strip_unit(header) or indicator or default_name
        out.append(_ValueColumn(c, indicator or name, None, unit, False))
    return "long", out, year_col, item_col, unit_col


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

    Returns
    -------
    ImportResult

    Raises
    ------
    ImportFileError
        For every problem with the file: see the module docstring.
    """
    if level is not None and level not in ("sido", "sigungu", "emd"):
        raise ImportFileError(f"unknown level {level!r}; valid levels: sido, sigungu, emd (or leave it automatic)")
    if nature is not None and nature not in ("extensive", "intensive"):
        raise ImportFileError(f"unknown nature {nature!r}; valid: extensive, intensive")
    grid = read_grid(data, name, encoding, sheet)
    return _interpret(grid, name, level=level, indicator=indicator, year=year, nature=nature,
                      allow_negative=allow_negative, index=index)


def _interpret(grid: Grid, name: str, *, level: str | None, indicator: str | None, year: int | None,
               nature: str | None, allow_negative: bool, index: object | None) -> ImportResult:
    cells = grid.cells
    rc = _find_region_column(cells, level, index)
    col = rc.col
    regional = cells[col].map(_looks_regional)
    res0 = rc.res
    resolved_rows = res0.index[res0["status"].isin(_RESOLVED + ("merged", "split", "ambiguous"))]
    agg_rows = [r for r in cells.index if _aggregate_kind(cells.at[r, col])]
    first = min([*resolved_rows, *agg_rows])
    start = cells.index.get_loc(first)
    body = cells.iloc[start:]
    title_unit, title = "", ""
    for _, hrow in cells.iloc[:start].iterrows():
        filled_cells = [c for c in hrow if c]
        for c in filled_cells:
            if (m := _UNIT_LINE.search(c)) and not title_unit:
                title_unit = m.group(1).strip()
        if len(filled_cells) == 1 and not _UNIT_LINE.search(filled_cells[0]) and not title:
            title = _strip_unit(filled_cells[0])
    default_name = indicator or title or Path(name).stem
    column_name = _header_text(cells, col, start) or f"column {col + 1}"

    # --- resolve every body row, with sido context
    res = _resolve(body[col].where(regional.loc[body.index], ""), level, None, index)
    chosen_level = level or _choose_level(res)
    sido_ctx = pd.Series(None, index=body.index, dtype=object)
    if rc.sido_col is not None:
        s_res = _resolve(body[rc.sido_col].replace("", np.nan).ffill().fillna(""), "sido", None, index)
        sido_ctx = s_res["code"].where(s_res["status"].isin(_RESOLVED))
    elif chosen_level != "sido":
        is_sido = res["status"].isin(_RESOLVED) & res["level"].eq("sido")
        sido_ctx = res["code"].where(is_sido).ffill()
    redo = res["status"].isin(("ambiguous", "unmatched")) | (res["level"].ne(chosen_level) & res["status"].isin(_RESOLVED) & res["level"].ne("sido"))
    redo &= sido_ctx.notna() & regional.loc[body.index]
    for sido_code, rows in body.index[redo].to_series().groupby(sido_ctx[redo]):
        again = _resolve(body.loc[rows.index, col], chosen_level, sido_code, index)
        better = again["status"].isin(_RESOLVED + ("merged", "split"))
        res.loc[again.index[better]] = again.loc[better]
    if level is not None:
        # the user fixed the level: re-resolve names that landed elsewhere
        off = res["status"].isin(_RESOLVED) & res["level"].ne(level) & res["level"].ne("sido")
        if off.any():
            again = _resolve(body.loc[off, col], level, None, index)
            res.loc[off] = again

    # --- classify rows
    agg_kind = body[col].map(_aggregate_kind)
    sido_sub = res["status"].isin(_RESOLVED) & res["level"].eq("sido") & (chosen_level != "sido")
    parent_codes = set()
    if chosen_level == "sigungu":
        for r in res.index[res["status"].isin(_RESOLVED)]:
            cands = res.at[r, "candidates"]
            kids = {c.code for c in cands if getattr(c, "relation", "") == "contains"}
            if kids and kids & set(res["code"].dropna()):
                parent_codes.add(r)
    is_agg = agg_kind.notna() | sido_sub | body.index.isin(list(parent_codes))
    layout, vcols, year_col, item_col, unit_col = _layout(
        cells, start, {col} | ({rc.sido_col} if rc.sido_col is not None else set()),
        indicator, default_name, title_unit)
    if layout == "none":
        if year is None:
            raise ImportFileError(
                f"No year found in {name}: no header like '2020' or '2020 년' and no year column (시점/연도). "
                "Add the year to the headers or a year column, or give the year when importing."
            )
        vcols = [_ValueColumn(c, indicator or _strip_unit(_header_text(cells, c, start)) or default_name,
                              int(year), _unit_of(_header_text(cells, c, start)) or title_unit, False)
                 for c in cells.columns
                 if c not in (col, rc.sido_col) and _numeric_share(body[c]) >= 0.5]
        layout = "wide"
    if not vcols:
        raise ImportFileError(
            f"No numeric column found in {name} next to the region column {column_name!r}. Each value column "
            "needs numbers (1,234 and '-', 'X', '…' markers are fine)."
        )
    has_values = body[[v.col for v in vcols]].ne("").any(axis=1)
    is_note = ~regional.loc[body.index] & ~is_agg & ~res["status"].isin(_RESOLVED) & ~has_values
    notes: list[str] = []
    if is_note.any():
        notes.append(f"{int(is_note.sum())} row(s) without a region or values skipped (notes, blank labels)")
    keep = ~is_agg & ~is_note
    status = res["status"]
    is_data = keep & status.isin(_RESOLVED) & res["level"].eq(chosen_level)
    other = keep & status.isin(_RESOLVED) & res["level"].ne(chosen_level)

    # --- values: long records
    records: list[tuple[int, str, int, str, str]] = []  # row, indicator, year, raw text, column label
    for v in vcols:
        label = _header_text(cells, v.col, start) or f"column {v.col + 1}"
        for r in body.index:
            raw = body.at[r, v.col]
            if layout == "wide":
                y = v.year
            else:
                ytext = body.at[r, year_col]
                ym = _YEAR_CELL.match(ytext)
                if not ym:
                    if not ytext and not raw:
                        continue
                    raise ImportFileError(
                        f"row {r}: year {ytext!r} in column {_header_text(cells, year_col, start)!r} is not a year "
                        "like 2020. Fix or remove the row."
                    )
                y = int(ym.group(1))
            ind = v.indicator
            if item_col is not None and body.at[r, item_col]:
                ind = indicator or _strip_unit(body.at[r, item_col])
            records.append((r, ind, int(y), raw, label))
    rec = pd.DataFrame(records, columns=["row", "indicator", "year", "input", "column"])
    cleaned = [_clean(t) for t in rec["input"]]
    rec["value"] = [c.value for c in cleaned]
    rec["missing"] = [c.missing for c in cleaned]
    rec["prelim"] = [c.preliminary for c in cleaned]
    rec["problem"] = [c.problem for c in cleaned]
    col_prelim = {(_header_text(cells, v.col, start) or f"column {v.col + 1}") for v in vcols if v.preliminary}
    rec["prelim"] |= rec["column"].isin(col_prelim)
    relevant = rec["row"].isin(body.index[keep | is_agg])
    for prob, what, fix in (
        ("text", "text where a number is expected", "replace it with a number or a KOSIS marker ('-', 'X', '…')"),
        ("nonfinite", "a non-finite number (NaN/inf)", "replace it with a number or leave the cell empty"),
    ):
        bad = rec[relevant & rec["problem"].eq(prob)]
        if len(bad):
            ex = "; ".join(f"row {r.row}, {r.column!r}: {r.input!r}" for r in bad.head(3).itertuples())
            raise ImportFileError(
                f"{len(bad)} cell(s) hold {what} (rows {_row_label(sorted(set(bad['row'])))}; e.g. {ex}). "
                f"Fix: {fix}."
            )
    if not allow_negative:
        neg = rec[relevant & (rec["value"] < 0)]
        if len(neg):
            ex = "; ".join(f"row {r.row}, {r.column!r}: {r.input!r}" for r in neg.head(3).itertuples())
            raise ImportFileError(
                f"{len(neg)} negative number(s) in rows {_row_label(sorted(set(neg['row'])))} (e.g. {ex}). "
                "Amounts and counts cannot be negative: fix the cells, or allow negative values if the indicator "
                "is a change or balance."
            )

    # --- match report
    def rows_of(mask: pd.Series) -> pd.Index:
        return body.index[mask.to_numpy()]

    r_matched = rows_of(is_data)
    matched = pd.DataFrame({
        "row": r_matched, "input": body.loc[r_matched, col].to_numpy(),
        "code": res.loc[r_matched, "code"].to_numpy(), "name_ko": res.loc[r_matched, "name_ko"].to_numpy(),
        "status": res.loc[r_matched, "status"].to_numpy(), "reason": res.loc[r_matched, "reason"].to_numpy()})
    r_amb = rows_of(keep & status.eq("ambiguous"))
    ambiguous = pd.DataFrame({"row": r_amb, "input": body.loc[r_amb, col].to_numpy(),
                              "candidates": [_cands_text(c) for c in res.loc[r_amb, "candidates"]]})
    r_un = rows_of(keep & status.eq("unmatched") & regional.loc[body.index])
    r_un = r_un.union(rows_of(keep & ~regional.loc[body.index] & ~status.isin(_RESOLVED) & has_values))
    unmatched = pd.DataFrame({"row": r_un, "input": body.loc[r_un, col].to_numpy(),
                              "suggestions": [_cands_text(c) for c in res.loc[r_un, "candidates"]],
                              "reason": res.loc[r_un, "reason"].to_numpy()})
    r_ch = rows_of(keep & status.isin(("merged", "split")))
    changed = pd.DataFrame({"row": r_ch, "input": body.loc[r_ch, col].to_numpy(),
                            "status": res.loc[r_ch, "status"].to_numpy(),
                            "candidates": [_cands_text(c) for c in res.loc[r_ch, "candidates"]],
                            "reason": res.loc[r_ch, "reason"].to_numpy()})
    r_ag = rows_of(is_agg)
    aggregates = pd.DataFrame({"row": r_ag, "input": body.loc[r_ag, col].to_numpy(),
                               "kind": [agg_kind.at[r] or ("parent_city" if r in parent_codes else "sido_subtotal")
                                        for r in r_ag]})
    r_ot = rows_of(other)
    other_level = pd.DataFrame({"row": r_ot, "input": body.loc[r_ot, col].to_numpy(),
                                "code": res.loc[r_ot, "code"].to_numpy(), "level": res.loc[r_ot, "level"].to_numpy()})

    if matched.empty:
        sugg = "; ".join(f"{u.input!r} → {u.suggestions}" for u in unmatched.head(3).itertuples() if u.suggestions)
        raise ImportFileError(
            f"None of the regions in column {column_name!r} of {name} matched the bundled {chosen_level} units "
            f"({len(unmatched)} unmatched, {len(ambiguous)} ambiguous"
            + (f"; nearest: {sugg}" if sugg else "")
            + "). Check that the column holds Korean region names or MOIS codes, the level, and the encoding."
        )

    # --- tidy values
    code_of = res["code"]
    data_rec = rec[rec["row"].isin(r_matched)].copy()
    data_rec["code"] = code_of.loc[data_rec["row"]].to_numpy()
    dup_key = ["code", "year", "indicator"]
    dups = data_rec[data_rec.duplicated(dup_key, keep=False)]
    duplicates = _frame(["code", "name_ko", "rows", "inputs"])
    if len(dups):
        conflict = dups.groupby(dup_key, sort=False)["value"].agg(lambda s: s.fillna(-np.inf).nunique() > 1)
        if conflict.any():
            code, yr, ind = conflict[conflict].index[0]
            rows = sorted(set(dups.loc[(dups["code"] == code), "row"]))
            names = sorted(set(body.loc[rows, col]))
            raise ImportFileError(
                f"Region {res.loc[rows[0], 'name_ko']} ({code}) appears in rows {_row_label(rows)} "
                f"(as {', '.join(map(repr, names))}) with different figures for {ind!r} {yr} "
                f"({conflict.sum()} such conflict(s)). Keep one row per region and year, or sum them first."
            )
        g = dups.groupby("code", sort=False)["row"].agg(lambda s: sorted(set(s)))
        duplicates = pd.DataFrame({
            "code": g.index, "name_ko": [res.loc[rows[0], "name_ko"] for rows in g],
            "rows": [", ".join(map(str, rows)) for rows in g],
            "inputs": [", ".join(dict.fromkeys(body.loc[rows, col])) for rows in g]})
        data_rec = data_rec.drop_duplicates(dup_key)
    missing = rec.loc[relevant & rec["missing"].ne(""), ["row", "column", "input", "missing"]].rename(
        columns={"missing": "reason"}).reset_index(drop=True)
    preliminary = rec.loc[relevant & rec["prelim"], ["row", "column", "input"]].reset_index(drop=True)
    out = data_rec[data_rec["value"].notna()]
    values = pd.DataFrame({
        "code": out["code"].astype(str).to_numpy(),
        "level": chosen_level,
        "year": out["year"].astype("int64").to_numpy(),
        "indicator": out["indicator"].astype(str).to_numpy(),
        "value": out["value"].astype(float).to_numpy(),
    })
    if values.empty:
        raise ImportFileError(
            f"{name}: the matched regions have no figures (every value cell is empty or a '-', 'X', '…' marker)."
        )
    report = MatchReport(column_name, chosen_level, matched, ambiguous, unmatched, changed, duplicates,
                         aggregates, other_level)
    units = {}
    for v in vcols:
        units.setdefault(v.indicator, v.unit)
    if unit_col is not None:
        for ind, u in zip(rec["indicator"], body.loc[rec["row"], unit_col], strict=True):
            if u and not units.get(ind):
                units[ind] = u
    for ind in values["indicator"].unique():
        units.setdefault(ind, title_unit)
    checks = _cross_check(rec, body, col, aggregates, agg_kind, res, sido_ctx, data_rec, chosen_level, nature,
                          parent_codes)
    return ImportResult(values, report, checks, missing, preliminary, units, layout, grid, tuple(notes))


def _choose_level(res: pd.DataFrame) -> str:
    ok = res[res["status"].isin(_RESOLVED + ("merged", "split"))]
    counts = ok["level"].value_counts()
    if counts.empty:
        amb = res.loc[res["status"].eq("ambiguous"), "level"].value_counts()
        return str(amb.index[0]) if len(amb) else "sido"
    order = {"sido": 0, "sigungu": 1, "emd": 2}
    top = counts.max()
    # the finest level with at least half as many rows as the commonest (a sigungu table has sido subtotals)
    return max((lv for lv, n in counts.items() if n >= top / 2 or n >= 3), key=lambda lv: order.get(lv, 0))


_CHECKS: dict[str, Callable[[str, str | None], bool]] = {
    "national": lambda code, ctx: True,
    "total": lambda code, ctx: ctx is None or code.startswith(ctx),
    "capital_region": lambda code, ctx: code[:2] in capital_sido_codes(),
    "non_capital_region": lambda code, ctx: code[:2] not in capital_sido_codes(),
    "subtotal": lambda code, ctx: ctx is not None and code.startswith(ctx),
    "sido_subtotal": lambda code, ctx: ctx is not None and code.startswith(ctx),
}
"""Aggregate kind → which matched region codes it sums (``ctx`` = sido or parent-city code of the row)."""


def _cross_check(rec: pd.DataFrame, body: pd.DataFrame, col: int, aggregates: pd.DataFrame, agg_kind: pd.Series,
                 res: pd.DataFrame, sido_ctx: pd.Series, data_rec: pd.DataFrame, level: str, nature: str | None,
                 parent_rows: set) -> pd.DataFrame:
    cols = ["row", "total", "indicator", "year", "reported", "computed", "difference", "regions", "status"]
    out = []
    kinds_known = set(_CHECKS) | {"parent_city"}
    parts = dict(tuple(data_rec.groupby(["indicator", "year"], sort=False)))
    empty = data_rec.iloc[:0]
    for a in aggregates.itertuples():
        kind = a.kind
        if kind not in kinds_known:
            kind = {"nation": "national"}.get(kind, kind)
        if a.row in parent_rows:
            ctx, kind = None, "parent_city"
            kids = {c.code for c in res.at[a.row, "candidates"] if c.relation == "contains"}
            member = kids.__contains__
        elif kind == "sido_subtotal":
            ctx = res.at[a.row, "code"]
            member = functools.partial(_is_member, "sido_subtotal", ctx)
        elif kind in _CHECKS:
            ctx = sido_ctx.get(a.row) if kind in ("subtotal", "total") else None
            ctx = None if (ctx is None or (isinstance(ctx, float) and math.isnan(ctx))) else str(ctx)
            if kind == "subtotal" and ctx is None:
                continue
            member = functools.partial(_is_member, kind, ctx)
        else:
            continue
        for (ind, yr), grp in rec[rec["row"] == a.row].groupby(["indicator", "year"], sort=False):
            reported = grp["value"].iloc[0]
            if math.isnan(reported):
                continue
            part = parts.get((ind, yr), empty)
            part = part[[member(c) for c in part["code"]]]
            n = len(part)
            if nature == "intensive":
                status, computed = "skipped", math.nan
            elif n == 0:
                continue
            elif part["value"].isna().any():
                status, computed = "incomplete", float(part["value"].sum())
            else:
                computed = float(part["value"].sum())
                tol = max(abs(reported) * 1e-3, 0.5 * n * _resolution(grp["input"].iloc[0]))
                status = "ok" if abs(computed - reported) <= tol else "differs"
            out.append((a.row, a.input, ind, int(yr), float(reported), computed,
                        computed - reported if math.isfinite(computed) else math.nan, n, status))
    return pd.DataFrame(out, columns=cols)


def _is_member(kind: str, ctx: str | None, code: str) -> bool:
    return _CHECKS[kind](code, ctx)


def _resolution(text: str) -> float:
    """Rounding unit of a printed number (``12.3`` → 0.1, ``1,234`` → 1)."""
    s = _norm(text)
    if "." in s:
        decimals = len(re.sub(r"\D", "", s.split(".", 1)[1]))
        return 10.0 ** -decimals
    return 1.0
