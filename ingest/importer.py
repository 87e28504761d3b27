"""Bring your own data: read a user's CSV/XLSX table (KOSIS exports, ministry spreadsheets, surveys) into the
tidy long format of the bundled indicators, with a report of what matched and what did not.

The pipeline, one pure function per step (no streamlit, no printing, no file writing):

1. :func:`read_grid` — bytes → a grid of text cells. CSV (encoding detected: BOM, UTF-8, CP949/EUC-KR, then
   charset-normalizer; or the caller's override; parsed column-wise by pandas after a streaming pass that
   checks the cell budget) or XLSX (:mod:`ingest.xlsx_reader`: zip-bomb checks on the directory, a safe
   streaming expat parse with running cell/column/text budgets, the real extent whatever ``<dimension>``
   says; formula cells are read as their *cached* values, a formula without a cached value is refused —
   nothing is ever evaluated; error values such as ``#DIV/0!`` are refused; the ``메타정보`` sheet and other
   metadata sheets are skipped). Files above :data:`MAX_BYTES` are refused before parsing.
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

import codecs
import csv
import functools
import io
import math
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geo.boundaries import capital_sido_codes
from geo.notes import Note, joined
from ingest.errors import ImportFileError

__all__ = [
    "ENCODINGS",
    "MAX_ABS",
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

MAX_ABS: float = 1e18
"""Largest magnitude accepted for a figure: beyond it a value is an error or a wrong unit (1e308 overflows the
sums and squares of the mismatch and spatial statistics)."""

MAX_BYTES: int = 50 * 1024 * 1024
"""Largest file accepted (50 MB, the same limit as ``server.maxUploadSize`` in ``.streamlit/config.toml``)."""

_MAX_CELLS: int = 12_000_000
"""Most cells of one table: a 50 MB long CSV (~7 million cells) passes; the XLSX reader has the same budget."""
_MAX_COLUMNS: int = 16_384

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
    b"\x89PNG": Note("binary_png", "a PNG image"),
    b"\xff\xd8\xff": Note("binary_jpeg", "a JPEG image"),
    b"GIF8": Note("binary_gif", "a GIF image"),
    b"%PDF": Note("binary_pdf", "a PDF document"),
    b"\xd0\xcf\x11\xe0": Note("binary_ole", "an old binary Excel/HWP/Word file (OLE)"),
    b"\x1f\x8b": Note("binary_gzip", "a gzip archive"),
    b"Rar!": Note("binary_rar", "a RAR archive"),
    b"7z\xbc\xaf": Note("binary_7z", "a 7-zip archive"),
    b"MZ": Note("binary_windows_exe", "a Windows executable"),
    b"\x7fELF": Note("binary_exe", "an executable"),
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
        raise ImportFileError(Note(
            "file_too_large", "{name} is {mb} MB; the limit is {limit} MB. "
            "Export only the regions, years and items you need (KOSIS: 조회조건) or split the file.",
            name=name, mb=f"{len(data) / 1024 / 1024:.1f}", limit=MAX_BYTES // 1024 // 1024))
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportFileError(Note("file_empty", "{name} is empty. Choose a CSV or XLSX file with a header row and "
                                   "one row per region.", name=name))


def _sniff_binary(data: bytes, name: str) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            extra = Note("save_from_excel", " Save it from Excel as .xlsx or .csv.") if "Excel" in what else ""
            raise ImportFileError(Note("not_a_table", "{name} is {what}, not a table. Upload a CSV or XLSX "
                                       "file.{extra}", name=name, what=what, extra=extra))
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise ImportFileError(Note(
            "binary_data", "{name} contains binary data (NUL bytes), not text: it is not a CSV file, whatever its "
            "name. Upload a CSV or XLSX file.", name=name))


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
        try:
            data[3:].decode("utf-8")
        except UnicodeDecodeError:  # a UTF-8 byte-order mark in front of CP949 text (some converters do this)
            try:
                data[3:].decode("cp949")
            except UnicodeDecodeError:
                return "utf-8-sig"
            return "cp949"
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
        raise ImportFileError(Note(
            "encoding_undetected", "The file's text encoding could not be detected (it is not UTF-8 or "
            "CP949/EUC-KR). Choose the encoding by hand ({encodings}) or save the file as CSV UTF-8.",
            encodings=", ".join(ENCODINGS)))
    return str(best.encoding)


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    enc = encoding or detect_encoding(data)
    try:
        codec = codecs.lookup(enc).name
    except LookupError:
        raise ImportFileError(Note("unknown_encoding", "Unknown encoding {enc}. Use one of {encodings}.",
                                   enc=repr(enc), encodings=", ".join(ENCODINGS))) from None
    bom = data.startswith(b"\xef\xbb\xbf") and codec != "utf-8"
    try:
        text = data[3:].decode(enc) if bom else data.decode(enc)
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if bom else 0)
        detected = _safe_detect(data)
        try:
            same = codecs.lookup(detected).name == codec
        except LookupError:
            same = False
        hint = (Note("no_encoding_decodes", "No other encoding decodes it either: save the file again as CSV UTF-8 "
                     "from Excel.")
                if detected == "unknown" or same else
                Note("detected_encoding", "The detected encoding is {detected}; choose it (or leave the encoding on "
                     "automatic).", detected=detected))
        raise ImportFileError(Note("not_valid_text", "{name} is not valid {enc} text (byte {start}: {bytes}). {hint}",
                                   name=name, enc=enc, start=start, bytes=repr(data[start:start + 4]),
                                   hint=hint)) from None
    if codec == "utf-8" and text.startswith("\ufeff"):
        text = text[1:]
    return text, enc


def _safe_detect(data: bytes) -> str:
    try:
        return detect_encoding(data)
    except ImportFileError:
        return "unknown"


def _too_many_cells(name: str, rows: int, columns: int) -> Note:
    return Note("too_many_cells", "{name} has {rows} rows × {columns} columns, more than {most} cells. Export "
                "fewer items, years or regions (KOSIS: 조회조건), or split the file.", name=name, rows=f"{rows:,}",
                columns=columns, most=f"{_MAX_CELLS:,}")


def _unreadable_csv(name: str, problem: str) -> Note:
    return Note("unreadable_csv", "{name} is not a readable CSV file ({problem}). Save it again as CSV from Excel.",
                name=name, problem=problem)


def _no_content(name: str) -> Note:
    return Note("no_content", "{name} has no cells with content. Choose a file with a header row and data rows.",
                name=name)


def _read_csv(data: bytes, name: str, encoding: str | None) -> Grid:
    text, enc = _decode(data, name, encoding)
    if "\x00" in text:
        raise ImportFileError(Note("nul_characters", "{name} contains NUL characters: it is not a text table. "
                                   "Upload a CSV or XLSX file.", name=name))
    sample = text[:20_000]
    lines = [ln for ln in sample.splitlines() if ln.strip()][:30]
    delim = max((",", "\t", ";", "|"), key=lambda d: sum(ln.count(d) for ln in lines))
    # one streaming pass for the extent (nothing kept), the cell budget checked before any cell is stored
    if len(text) > 1_000_000 and (frame := _arrow_csv(text, delim, None)) is not None:
        del text  # a large rectangular file: Arrow read it, and checked every record has the same fields
        if frame.size > _MAX_CELLS:
            raise ImportFileError(_too_many_cells(name, len(frame), frame.shape[1]))
        return _csv_grid(frame, name, data, enc, delim)
    width = n_rows = 0
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delim):
            n_rows += 1
            if len(row) > width:
                width = len(row)
                if width > _MAX_COLUMNS:
                    raise ImportFileError(Note(
                        "too_many_fields", "{name} has a row of more than {most} fields: not a table. Check the "
                        "delimiter, or save the table again as CSV from Excel.", name=name, most=f"{_MAX_COLUMNS:,}"))
    except csv.Error as exc:
        raise ImportFileError(_unreadable_csv(name, str(exc))) from None
    if width * n_rows > _MAX_CELLS:
        raise ImportFileError(_too_many_cells(name, n_rows, width))
    if width == 0:
        raise ImportFileError(_no_content(name))
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delim, header=None, names=range(width), dtype="str",
                            keep_default_na=False, na_filter=False, skip_blank_lines=False, index_col=False,
                            engine="c", quoting=csv.QUOTE_MINIMAL, doublequote=True)
    except (pd.errors.ParserError, ValueError) as exc:
        raise ImportFileError(_unreadable_csv(name, str(exc)[:120])) from None
    del text
    return _csv_grid(frame, name, data, enc, delim)


def _arrow_csv(text: str, delim: str, width: int | None) -> pd.DataFrame | None:
    """A rectangular CSV (every record as many fields as the first, no blank line) read by Arrow's reader as
    text columns; None as soon as one record differs, or Arrow fails (the caller then reads it with pandas)."""
    try:
        import pyarrow as pa
        from pyarrow import csv as pacsv
    except ImportError:
        return None
    if width is None:
        first = next(csv.reader(io.StringIO(text[:1_000_000]), delimiter=delim), None)
        if not first:
            return None
        width = len(first)
    names = [str(i) for i in range(width)]
    ragged: list[int] = []

    def invalid(row: object) -> str:
        ragged.append(1)
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=delim, quote_char='"', double_quote=True,
                                              newlines_in_values=True, ignore_empty_lines=False,
                                              invalid_row_handler=invalid),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (ValueError, OSError, pa.ArrowException):
        return None
    if ragged:
        return None
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get)
    frame.columns = range(width)
    return frame


def _trim(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Drop empty rows and columns (row numbers kept in the index), renumber the columns 0..n-1."""
    filled = frame.ne("")
    keep_rows = filled.any(axis=1)
    keep_cols = filled.any(axis=0)
    if not keep_rows.any():
        raise ImportFileError(_no_content(name))
    if not (keep_rows.all() and keep_cols.all()):
        frame = frame.loc[keep_rows, keep_cols]
    frame.columns = range(frame.shape[1])
    return frame


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> Grid:
    from ingest.xlsx_reader import in_sheet, read_xlsx

    cells, chosen, notes = read_xlsx(data, name, sheet)
    if cells.empty:
        raise ImportFileError(_no_content(in_sheet(name, chosen)))
    return Grid(_trim(cells, in_sheet(name, chosen)), "xlsx", None, chosen, tuple(notes))


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
        raise ImportFileError(Note("not_bytes", "{name}: expected the file's bytes, got {type}.", name=name,
                                   type=type(data).__name__))
    data = bytes(data)
    _check_size(data, name)
    suffix = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        if not data.startswith(b"PK\x03\x04"):
            raise ImportFileError(Note("not_xlsx", "{name} is named like a workbook but is not an XLSX file. Open "
                                       "it in Excel and save it as .xlsx, or upload it as CSV.", name=name))
        return _read_xlsx(data, name, sheet)
    if suffix == ".xls":
        raise ImportFileError(Note("old_xls", "{name}: old .xls workbooks are not read. Save it from Excel as .xlsx "
                                   "or CSV.", name=name))
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
        kind = {"nonfinite": "is not finite", "overflow": f"is beyond ±{MAX_ABS:.0e}"}.get(
            c.problem, "is text, not a number")
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
    if abs(v) > MAX_ABS:
        return _Cell(math.nan, problem="overflow")
    return _Cell(v, "", prelim)


def _map_unique(series: pd.Series, fn: Callable[[str], object]) -> pd.Series:
    """``series.map(fn)`` computed once per distinct value (a column of 500,000 cells has a few thousand)."""
    positions, uniques = pd.factorize(series.fillna(""), use_na_sentinel=False)
    out = np.empty(len(uniques), dtype=object)
    out[:] = [fn(u) for u in uniques]
    return pd.Series(out[positions], index=series.index, dtype=object)


def _clean_column(cells: pd.Series) -> pd.DataFrame:
    """:func:`_clean` of a whole column, vectorised: plain numbers are parsed column-wise (``pandas.to_numeric``),
    ``1,234`` column-wise too, and only the other distinct texts (markers, ``△12``, ``(p)``, text) one by one.

    Returns ``value`` (float), ``missing`` (reason or ""), ``prelim`` (bool), ``problem`` ("" or why not a
    number), aligned to ``cells``.
    """
    text = cells if (cells.dtype == "str" and not cells.hasnans) else cells.fillna("").astype("str")
    n = len(text)
    value = _plain_numbers(text)
    with np.errstate(invalid="ignore"):
        fast = np.isfinite(value) & (np.abs(value) <= MAX_ABS)
    missing = np.zeros(n, dtype="int32")  # codes into missing_cats / problem_cats
    prelim = np.zeros(n, dtype=bool)
    problem = np.zeros(n, dtype="int32")
    missing_cats, problem_cats = [""], [""]
    rest = np.flatnonzero(~fast)
    if len(rest):
        sub = text.iloc[rest]
        thousands = sub.str.fullmatch(_THOUSANDS.pattern).fillna(False).to_numpy(dtype=bool)
        if thousands.any():
            v2 = pd.to_numeric(sub[thousands].str.replace(",", "", regex=False), errors="coerce").to_numpy(
                dtype=float, na_value=np.nan)
            with np.errstate(invalid="ignore"):
                ok = np.isfinite(v2) & (np.abs(v2) <= MAX_ABS)
            idx = rest[thousands][ok]
            value[idx] = v2[ok]
            rest = np.setdiff1d(rest, idx, assume_unique=True)
        if len(rest):
            positions, uniques = pd.factorize(text.iloc[rest], use_na_sentinel=False)
            done = [_clean(u) for u in uniques]
            value[rest] = np.array([c.value for c in done], dtype=float)[positions]
            prelim[rest] = np.array([c.preliminary for c in done], dtype=bool)[positions]
            for attr, cats, codes_ in (("missing", missing_cats, missing), ("problem", problem_cats, problem)):
                texts = [getattr(c, attr) for c in done]
                cats.extend(t for t in dict.fromkeys(texts) if t not in cats)
                where = {t: i for i, t in enumerate(cats)}
                codes_[rest] = np.array([where[t] for t in texts], dtype="int32")[positions]
    return pd.DataFrame({
        "value": value,
        "missing": pd.Categorical.from_codes(missing, categories=pd.Index(missing_cats, dtype=object)),
        "prelim": prelim,
        "problem": pd.Categorical.from_codes(problem, categories=pd.Index(problem_cats, dtype=object)),
    }, index=cells.index)


_PLAIN_NUMBER = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"


def _plain_numbers(text: pd.Series) -> np.ndarray:
    """Cells that are plain decimal numbers, parsed by Arrow in C (NaN elsewhere); a writable float array."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(text.array)
        plain = pc.match_substring_regex(arr, _PLAIN_NUMBER)
        out = pc.cast(pc.if_else(plain, arr, None), pa.float64()).to_numpy(zero_copy_only=False)
        return np.array(out, dtype=float)
    except (ImportError, TypeError, ValueError, ArithmeticError):  # pa.ArrowInvalid is a ValueError
        return np.array(pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan), dtype=float)


def _numeric_share(cells: pd.Series, sample: int = 20_000) -> float:
    c = _clean_column(cells.iloc[:sample])
    vals = c["missing"].eq("")
    if not vals.any():
        return 0.0
    return float((vals & c["problem"].eq("")).sum() / vals.sum())


# ---------------------------------------------------------------------------------------------------------
# Region column detection (through geo.codes only)
# ---------------------------------------------------------------------------------------------------------
_FOOTNOTE = re.compile(
    r"^\s*(?:(?:주|주석|註|자료|출처|비고|참고|note|notes|source|sources|remarks?)\s*\d*\s*[:：)]"
    r"|[※*†‡#]|\(?\d{1,2}\)\s|[a-z]\)\s|\[\d{1,2}\])", re.IGNORECASE)


def _is_footnote(text: str) -> bool:
    """A KOSIS/ministry footnote line below a table: '주: 1) …', '자료: 통계청', '※ …', '1) …', 'Source: …'."""
    return bool(_FOOTNOTE.match(text))


def _looks_regional(text: str) -> bool:
    s = str(text).strip().lstrip("'")
    if not s:
        return False
    if s.replace(".0", "").isdigit():
        return len(s.replace(".0", "")) in (2, 5, 8, 10)
    return any(ch.isalpha() for ch in s)


def _index(index: object | None):
    from geo import codes

    try:
        return index if index is not None else codes.default_index()
    except codes.BoundariesNotBuiltError as exc:  # an installation problem, not the user's file
        raise ImportFileError(Note("boundaries_needed", "Region matching needs the bundled boundaries: {problem}",
                                   problem=str(exc))) from None


def _resolve(values: pd.Series, level: str | None, sido: str | None, index: object | None) -> pd.DataFrame:
    """Exact/normalised matching only: no fuzzy search here (see :func:`_suggestions`)."""
    from geo import codes

    return codes.resolve_many(values, level=level, sido=sido, index=_index(index), suggest=False)


MAX_SUGGESTED: int = 200
"""At most this many distinct unmatched names of the region column get nearest-name suggestions."""

SUGGEST_SECONDS: float = 3.0
"""Time budget of the nearest-name suggestions of one import (each fuzzy search costs tens of ms)."""


def _suggestions(queries: list[tuple[str, str | None]], level: str | None, index: object | None,
                 limit: int | None = None, seconds: float | None = None) -> tuple[dict, int]:
    """Nearest names of distinct ``(text, sido context)`` pairs, bounded in count and time.

    Returns ``({(text, sido): candidates}, number of pairs left without suggestions)``.
    """
    idx = _index(index)
    limit = MAX_SUGGESTED if limit is None else limit
    seconds = SUGGEST_SECONDS if seconds is None else seconds
    out: dict[tuple[str, str | None], tuple] = {}
    deadline = time.monotonic() + seconds
    todo = list(dict.fromkeys(q for q in queries if q[0]))
    for i, (text, sido) in enumerate(todo):
        if i >= limit or time.monotonic() > deadline:
            return out, len(todo) - i
        try:
            out[(text, sido)] = idx.suggest(text, level=level, sido=sido).candidates
        except ValueError:
            out[(text, sido)] = ()
    return out, 0


@functools.lru_cache(maxsize=4096)
def _aggregate_kind(text: str) -> str | None:
    from geo import codes

    return codes.aggregate_kind(text)


@dataclass(frozen=True)
class _RegionColumn:
    col: int
    res: pd.DataFrame  # aligned to the grid's data rows
    sido_col: int | None


def _score(res: pd.DataFrame, filled: int) -> tuple[bool, int, bool, int]:
    """(most filled cells are regions, distinct regions, not all sido, region rows): a value column whose small
    numbers happen to be sido codes (11, 26 ...) or a free-text column with a few place names loses to the real
    one; on a tie a column of finer units beats its parent (Province) column."""
    ok = res[res["status"].isin(_RESOLVED + ("merged", "split", "ambiguous"))]
    return (len(ok) >= 0.5 * filled, ok["code"].nunique() + ok.loc[ok["code"].isna(), "query"].nunique(),
            bool(ok["level"].ne("sido").any()), len(ok))


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
        scored.append((_score(res, int(colcells.ne("").sum())), col, res))
    scored.sort(key=lambda t: (t[0], -t[1]), reverse=True)
    if not scored or scored[0][0][3] == 0:
        texty = [(int(sum(any(ch.isalpha() for ch in v) for v in r["query"])), c, r) for _s, c, r in scored]
        texty.sort(key=lambda t: (t[0], -t[1]), reverse=True)
        if texty and texty[0][0] >= 2:
            n, c, r = texty[0]
            firsts = [q for q in dict.fromkeys(r["query"]) if any(ch.isalpha() for ch in str(q))][:3]
            near, _left = _suggestions([(str(q), None) for q in firsts], level, index, limit=3)
            sugg = "; ".join(f"{q!r} → {_cands_text(near.get((str(q), None), ()))}" for q in firsts
                             if near.get((str(q), None)))[:300]
            nearest = Note("nearest_names", "; nearest: {names}", names=sugg) if sugg else ""
            raise ImportFileError(Note(
                "no_column_matched", "None of the regions in column {column} ({head}) matched a bundled sido, "
                "sigungu or eup-myeon-dong ({n} names tried{nearest}). Use Korean names (서울특별시, 수원시 장안구) or "
                "MOIS codes, or choose another encoding if the text looks garbled.", column=c + 1,
                head=repr(" / ".join(x for x in cells[c].iloc[:3] if x)[:60]), n=n, nearest=nearest))
        for _s, c, r in scored:
            digits = r[r["query"].astype(str).str.fullmatch(r"\d+")]
            if len(digits) >= 2 and digits["reason"].str.contains("KOSTAT sigungu codes", regex=False).all():
                raise ImportFileError(Note(
                    "kostat_sigungu_column", "Column {column} ({head}) holds KOSTAT (통계청) si-gun-gu codes such as "
                    "11010 = 종로구. They differ from the MOIS (행정안전부) codes the map uses, and many collide "
                    "(KOSTAT 11110 = 노원구, MOIS 11110 = 종로구), so they are not matched. Add a column with the "
                    "region names (e.g. 종로구 or 서울특별시 종로구) or use MOIS codes.", column=c + 1,
                    head=repr(" / ".join(x for x in cells[c].iloc[:3] if x)[:60])))
        firsts = ", ".join(repr(" / ".join(x for x in cells[c].iloc[:3] if x)[:40]) for c in cells.columns[:4])
        raise ImportFileError(Note(
            "no_region_column", "No column holds region codes or names (checked every column; the first ones start "
            "with {firsts}). Add a column with sido/sigungu names (e.g. 서울특별시, 수원시 장안구) or MOIS codes "
            "(11, 41111), or choose another encoding if the Korean text looks garbled.", firsts=firsts))
    best_col = scored[0][1]
    sido_col = None
    for _, col, res in scored[1:]:
        if level not in (None, "sido") and col < best_col:  # a parent column is read at sido level
            res = _resolve(sample[col][sample[col].map(_looks_regional)], "sido", None, index)
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
def _ctx_code(v: object) -> str | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else str(v)


Progress = Callable[[str, float], None]
"""``progress(stage, fraction)``: stages ``reading``, ``matching``, ``suggesting``, ``checking``, ``done``."""


def _report(progress: Progress | None, stage: str, fraction: float) -> None:
    if progress is not None:
        progress(stage, fraction)


def _row_label(rows: list[int], limit: int = 6) -> str:
    s = ", ".join(str(r) for r in rows[:limit])
    return Note("rows_and_more", "{rows} and {n} more", rows=s, n=len(rows) - limit) if len(rows) > limit else s


def _cell_example(r: object) -> Note:
    """One cell shown in a refusal: its row, column header and text (``r``: a record with row, column, input)."""
    return Note("cell_example", "row {row}, {column}: {input}", row=r.row, column=repr(r.column),
                input=repr(r.input))


def _unit_of(text: str) -> str:
    m = _UNIT_LINE.search(text)
    if m:
        return m.group(1).strip()
    m = _UNIT_IN_HEADER.search(text)
    if m and not _YEAR_CELL.match(m.group(1)) and _norm(m.group(1)) != "p":
        return m.group(1).strip()
    return ""


_YEAR_IN_TEXT = re.compile(r"(?<![\d.,])((?:19|20)\d{2})(?![\d,]|\s*=|\.\d(?!\d*\.\d))")
_YEAR_PHRASES = re.compile(
    r"\s*(?:,\s*)?(?:(?:at\s+the\s+)?end\s+of|as\s+of|as\s+at|in|year)?\s*"
    r"(?:19|20)\d{2}(?:\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}\.?)?\s*(?:년\s*)?(?:말|말\s*기준|기준|현재|末)?",
    re.IGNORECASE)


def _years_in_text(text: str) -> set[int]:
    """Years written in a header or title: '(persons, end of 2014)', '2014년 말', '(2014)', '2014.12.31',
    '2014 기준'. A base year of an index ('2020=100') is not one."""
    return {int(m.group(1)) for m in _YEAR_IN_TEXT.finditer(text or "")}


def _drop_year_phrase(text: str) -> str:
    """The header without its year phrase: 'Population (persons, end of 2014)' → 'Population (persons)'."""
    if not _years_in_text(text):
        return text
    out = _YEAR_PHRASES.sub("", text)
    out = re.sub(r"\(\s*[,;]?\s*\)", "", out)
    out = re.sub(r"\(\s*([^()]*?)\s*[,;]\s*\)", r"(\1)", out)
    return re.sub(r"\s+", " ", out).strip(" ,;")


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
            filled = body[c].iloc[:20_000]
            filled = filled[filled.ne("")]
            if len(filled) and _map_unique(filled, lambda v: bool(_YEAR_CELL.match(v))).astype(bool).mean() > 0.9:
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
    _report(progress, "reading", 0.0)
    grid = read_grid(data, name, encoding, sheet)
    _report(progress, "matching", 0.3)
    out = _interpret(grid, name, level=level, indicator=indicator, year=year, nature=nature,
                     allow_negative=allow_negative, index=index, progress=progress)
    _report(progress, "done", 1.0)
    return out


def _interpret(grid: Grid, name: str, *, level: str | None, indicator: str | None, year: int | None,
               nature: str | None, allow_negative: bool, index: object | None,
               progress: Progress | None = None) -> ImportResult:
    cells = grid.cells
    rc = _find_region_column(cells, level, index)
    col = rc.col
    regional = _map_unique(cells[col], _looks_regional).astype(bool)
    res0 = rc.res
    resolved_rows = res0.index[res0["status"].isin(_RESOLVED + ("merged", "split", "ambiguous"))]
    agg_all = _map_unique(cells[col], _aggregate_kind)
    agg_rows = list(cells.index[agg_all.notna().to_numpy()])
    first = min([*resolved_rows, *agg_rows])
    start = cells.index.get_loc(first)
    body = cells.iloc[start:]
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
            title = _strip_unit(_drop_year_phrase(filled_cells[0]))
    default_name = indicator or title or Path(name).stem
    column_name = _header_text(cells, col, start) or f"column {col + 1}"

    # --- resolve every body row, with sido context
    res = _resolve(body[col].where(regional.loc[body.index], ""), level, None, index)
    chosen_level = level or _choose_level(res)
    sido_ctx = pd.Series(None, index=body.index, dtype=object)
    parent_col_name = None
    if rc.sido_col is not None:
        s_res = _resolve(body[rc.sido_col].replace("", np.nan).ffill().fillna(""), "sido", None, index)
        sido_ctx = s_res["code"].where(s_res["status"].isin(_RESOLVED))
        parent_col_name = _header_text(cells, rc.sido_col, start) or f"column {rc.sido_col + 1}"
    elif chosen_level != "sido":
        sido_ctx = _indent_context(body[col], res, chosen_level, index)
    if chosen_level != "sido":
        res = _in_parent(body[col], res, sido_ctx, chosen_level, regional.loc[body.index], index, parent_col_name)
    if level is not None:
        # the user fixed the level: re-resolve names that landed elsewhere
        off = res["status"].isin(_RESOLVED) & res["level"].ne(level) & res["level"].ne("sido")
        if off.any():
            again = _resolve(body.loc[off, col], level, None, index)
            res.loc[off] = again

    # --- classify rows
    agg_kind = agg_all.loc[body.index]
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
    header_notes: list[str] = []
    if layout == "none":
        numeric = [c for c in cells.columns if c not in (col, rc.sido_col) and _numeric_share(body[c]) >= 0.5]
        if year is None:
            texts = [_header_text(cells, c, start) for c in numeric] + title_texts
            found = {t: ys for t in texts if (ys := _years_in_text(t))}
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
        vcols = [_ValueColumn(c, indicator or _strip_unit(_drop_year_phrase(_header_text(cells, c, start)))
                              or default_name, int(year),
                              _unit_of(_drop_year_phrase(_header_text(cells, c, start))) or title_unit, False)
                 for c in numeric]
        layout = "wide"
    if not vcols:
        raise ImportFileError(Note(
            "no_numeric_column", "No numeric column found in {name} next to the region column {column}. Each value "
            "column needs numbers (1,234 and '-', 'X', '…' markers are fine).", name=name, column=repr(column_name)))
    has_values = body[[v.col for v in vcols]].ne("").any(axis=1)
    is_note = ~regional.loc[body.index] & ~is_agg & ~res["status"].isin(_RESOLVED) & ~has_values
    is_footnote = (_map_unique(body[col], _is_footnote).astype(bool) & ~has_values
                   & ~res["status"].isin(_RESOLVED) & ~is_agg)
    notes: list[str] = list(header_notes)
    if is_note.any():
        notes.append(Note("rows_skipped", "{n} row(s) without a region or values skipped (notes, blank labels)",
                          n=int(is_note.sum())))
    if is_footnote.any():
        notes.append(Note("footnotes_skipped", "{n} footnote row(s) skipped (주:, 자료:, ※, 1) …), not regions",
                          n=int(is_footnote.sum())))
        is_note = is_note | is_footnote
    keep = ~is_agg & ~is_note
    status = res["status"]
    is_data = keep & status.isin(_RESOLVED) & res["level"].eq(chosen_level)
    other = keep & status.isin(_RESOLVED) & res["level"].ne(chosen_level)

    # --- values: long records, built column-wise
    years_long = None
    if layout == "long":
        ytext = body[year_col]
        years_long = _map_unique(ytext, lambda t: int(m.group(1)) if (m := _YEAR_CELL.match(t)) else -1)
        years_long = years_long.astype("int64")
    item_ind = None
    if item_col is not None:
        item_ind = _map_unique(body[item_col], lambda t: (indicator or _strip_unit(t)) if t else "")
    row_parts, year_parts, input_parts, ind_parts, col_parts = [], [], [], [], []
    labels: list[str] = []
    ind_names: list[str] = []  # indicator id -> name (codes, not 5 million strings)
    item_codes = item_uniques = None
    if item_ind is not None:
        item_codes, item_uniques = pd.factorize(item_ind.astype(object), use_na_sentinel=False)
        item_codes = item_codes.astype("int32")
    for v in vcols:
        label = _header_text(cells, v.col, start) or f"column {v.col + 1}"
        raw = body[v.col]
        k = np.ones(len(body), dtype=bool)
        if years_long is not None:
            bad = years_long.lt(0)
            blank = bad & ytext.eq("") & raw.eq("")
            wrong = bad & ~blank
            if wrong.any():
                r = wrong.index[wrong.to_numpy()][0]
                raise ImportFileError(Note(
                    "not_a_year", "row {row}: year {text} in column {column} is not a year like 2020. Fix or remove "
                    "the row.", row=r, text=repr(ytext.at[r]), column=repr(_header_text(cells, year_col, start))))
            k = ~blank.to_numpy()
        n = int(k.sum())
        row_parts.append(body.index.to_numpy().astype("int32")[k])
        year_parts.append(years_long.to_numpy().astype("int16")[k] if years_long is not None
                          else np.full(n, int(v.year), "int16"))
        input_parts.append(raw[k] if n < len(raw) else raw)
        if v.indicator not in ind_names:
            ind_names.append(v.indicator)
        own = ind_names.index(v.indicator)
        if item_codes is None:
            ind_parts.append(np.full(n, own, dtype="int32"))
        else:  # the item column names the indicator of each row; an empty item keeps the column's
            ids = np.array([ind_names.index(u) if u in ind_names else (ind_names.append(u) or len(ind_names) - 1)
                            if u else own for u in item_uniques], dtype="int32")
            ind_parts.append(ids[item_codes][k])
        labels.append(label)
        col_parts.append(np.full(n, len(labels) - 1, dtype="int32"))
    if row_parts:
        ind_all = np.concatenate(ind_parts)
        used = np.unique(ind_all)
        remap = np.full(len(ind_names), -1, dtype="int32")
        remap[used] = np.arange(len(used), dtype="int32")
        label_cat = pd.Categorical(labels)
        rec = pd.DataFrame({
            "row": np.concatenate(row_parts),
            "indicator": pd.Categorical.from_codes(remap[ind_all],
                                                   categories=pd.Index([ind_names[i] for i in used], dtype=object)),
            "year": np.concatenate(year_parts),
            "input": pd.concat(input_parts, ignore_index=True).astype("str"),
            "column": pd.Categorical.from_codes(label_cat.codes[np.concatenate(col_parts)],
                                                categories=label_cat.categories),
        })
    else:
        rec = pd.DataFrame({"row": pd.Series(dtype="int64"), "indicator": pd.Series(dtype=object),
                            "year": pd.Series(dtype="int64"), "input": pd.Series(dtype="str"),
                            "column": pd.Series(dtype=object)})
    cleaned = _clean_column(rec["input"])
    for c in ("value", "missing", "prelim", "problem"):
        rec[c] = cleaned[c].to_numpy() if c in ("value", "prelim") else cleaned[c].array
    del cleaned
    col_prelim = {(_header_text(cells, v.col, start) or f"column {v.col + 1}") for v in vcols if v.preliminary}
    rec["prelim"] |= rec["column"].isin(col_prelim)
    relevant = rec["row"].isin(body.index[keep | is_agg])
    for prob, what, fix in (
        ("text", "text where a number is expected", "replace it with a number or a KOSIS marker ('-', 'X', '…')"),
        ("nonfinite", "a non-finite number (NaN/inf)", "replace it with a number or leave the cell empty"),
        ("overflow", f"a number beyond ±{MAX_ABS:.0e} (an error or a wrong unit)",
         "check the cells and give the figures in a unit that keeps them below that"),
    ):
        bad = rec[relevant & rec["problem"].eq(prob)]
        if len(bad):
            ex = joined([_cell_example(r) for r in bad.head(3).itertuples()], "; ")
            raise ImportFileError(Note(
                f"bad_cells_{prob}", "{n} cell(s) hold {what} (rows {rows}; e.g. {examples}). Fix: {fix}.",
                n=len(bad), what=what, rows=_row_label(sorted(set(bad["row"]))), examples=ex, fix=fix,
                most=f"{MAX_ABS:.0e}"))
    if not allow_negative:
        neg = rec[relevant & (rec["value"] < 0)]
        if len(neg):
            ex = joined([_cell_example(r) for r in neg.head(3).itertuples()], "; ")
            raise ImportFileError(Note(
                "negative_values", "{n} negative number(s) in rows {rows} (e.g. {examples}). Amounts and counts "
                "cannot be negative: fix the cells, or allow negative values if the indicator is a change or "
                "balance.", n=len(neg), rows=_row_label(sorted(set(neg["row"]))), examples=ex))

    # --- match report
    def rows_of(mask: pd.Series) -> pd.Index:
        return body.index[mask.to_numpy()]

    r_matched = rows_of(is_data)
    pos = res.index.get_indexer(r_matched)
    matched = pd.DataFrame({"row": np.asarray(r_matched)})
    matched["input"] = pd.Series(body[col].to_numpy()[pos], dtype=object)
    for f in ("code", "name_ko", "status", "reason"):  # object columns: no text conversion of 500,000 cells
        matched[f] = pd.Series(res[f].to_numpy()[pos], dtype=object)
    years_in_table = rec["year"].unique()
    if len(years_in_table) == 1 and (matched["status"] == "former").any():
        y = int(years_in_table[0])
        matched["reason"] = pd.Series([_former_in_year(t, y) if st == "former" else t  # Notes kept
                                       for t, st in zip(matched["reason"], matched["status"], strict=True)],
                                      index=matched.index, dtype=object)
    r_amb = rows_of(keep & status.eq("ambiguous"))
    ambiguous = pd.DataFrame({"row": r_amb, "input": body.loc[r_amb, col].to_numpy(),
                              "candidates": [_cands_text(c) for c in res.loc[r_amb, "candidates"]]})
    r_un = rows_of(keep & status.eq("unmatched") & regional.loc[body.index])
    r_un = r_un.union(rows_of(keep & ~regional.loc[body.index] & ~status.isin(_RESOLVED) & has_values))
    # fuzzy suggestions: only the chosen column, only its unmatched distinct names, bounded in count and time
    un_keys = [(str(body.at[r, col]), _ctx_code(sido_ctx.get(r))) for r in r_un]
    known = [res.at[r, "candidates"] or () for r in r_un]  # e.g. the unit outside its parent, nearest codes
    _report(progress, "suggesting", 0.7)
    near, left = _suggestions([k for k, c in zip(un_keys, known, strict=True) if not c], chosen_level, index)
    if left:
        notes.append(Note("suggestions_skipped",
                          "nearest-name suggestions skipped for {n} unmatched name(s) (time/count budget)", n=left))
    unmatched = pd.DataFrame({"row": r_un, "input": body.loc[r_un, col].to_numpy(),
                              "suggestions": [_cands_text(c or near.get(k, ()))
                                              for k, c in zip(un_keys, known, strict=True)],
                              "reason": pd.Series(res.loc[r_un, "reason"].to_numpy(), dtype=object)})  # Notes kept
    r_ch = rows_of(keep & status.isin(("merged", "split")))
    changed = pd.DataFrame({"row": r_ch, "input": body.loc[r_ch, col].to_numpy(),
                            "status": res.loc[r_ch, "status"].to_numpy(),
                            "candidates": [_cands_text(c) for c in res.loc[r_ch, "candidates"]],
                            "reason": pd.Series(res.loc[r_ch, "reason"].to_numpy(), dtype=object)})
    r_ag = rows_of(is_agg)
    aggregates = pd.DataFrame({"row": r_ag, "input": body.loc[r_ag, col].to_numpy(),
                               "kind": [agg_kind.at[r] or ("parent_city" if r in parent_codes else "sido_subtotal")
                                        for r in r_ag]})
    r_ot = rows_of(other)
    other_level = pd.DataFrame({"row": r_ot, "input": body.loc[r_ot, col].to_numpy(),
                                "code": res.loc[r_ot, "code"].to_numpy(), "level": res.loc[r_ot, "level"].to_numpy()})

    if matched.empty:
        sugg = "; ".join(f"{u.input!r} → {u.suggestions}" for u in unmatched.head(3).itertuples() if u.suggestions)
        nearest = Note("nearest_names", "; nearest: {names}", names=sugg) if sugg else ""
        raise ImportFileError(Note(
            "none_matched", "None of the regions in column {column} of {name} matched the bundled {level} units "
            "({n_unmatched} unmatched, {n_ambiguous} ambiguous{nearest}). Check that the column holds Korean region "
            "names or MOIS codes, the level, and the encoding.", column=repr(column_name), name=name,
            level=chosen_level, n_unmatched=len(unmatched), n_ambiguous=len(ambiguous), nearest=nearest))

    # --- tidy values
    code_of = res["code"]
    in_data = rec["row"].isin(r_matched).to_numpy()
    narrow = rec[["row", "indicator", "year", "value"]]  # no copy (copy-on-write); the text stays in rec
    data_rec = narrow.copy(deep=False) if in_data.all() else narrow[in_data]
    code_ids, code_uniques = pd.factorize(code_of.astype(object))  # ids per body row; -1 where unresolved
    data_rec["code"] = pd.Categorical.from_codes(code_ids[code_of.index.get_indexer(data_rec["row"])],
                                                 categories=pd.Index(code_uniques, dtype=object))
    dup_key = ["code", "year", "indicator"]
    # one int64 key per record (code id, year, indicator id): a single hash table instead of three factorizations
    n_ind = max(len(data_rec["indicator"].cat.categories), 1)
    key = ((data_rec["code"].cat.codes.to_numpy().astype("int64") * 65_536
            + data_rec["year"].to_numpy().astype("int64")) * n_ind
           + data_rec["indicator"].cat.codes.to_numpy().astype("int64"))
    ordered = np.sort(key)  # sort-based: a hash table of 5 million keys is several times slower
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    is_dup = np.isin(key, repeated) if len(repeated) else np.zeros(len(key), dtype=bool)
    del key, ordered
    dups = data_rec[is_dup]
    duplicates = _frame(["code", "name_ko", "rows", "inputs"])
    if len(dups):
        conflict = dups.groupby(dup_key, sort=False)["value"].agg(lambda s: s.fillna(-np.inf).nunique() > 1)
        if conflict.any():
            code, yr, ind = conflict[conflict].index[0]
            rows = sorted(set(dups.loc[(dups["code"] == code), "row"]))
            names = sorted(set(body.loc[rows, col]))
            raise ImportFileError(Note(
                "conflicting_rows", "Region {region} ({code}) appears in rows {rows} (as {inputs}) with different "
                "figures for {indicator} {year} ({n} such conflict(s)). Keep one row per region and year, or sum "
                "them first.", region=res.loc[rows[0], "name_ko"], code=code, rows=_row_label(rows),
                inputs=", ".join(map(repr, names)), indicator=repr(ind), year=yr, n=conflict.sum()))
        g = dups.groupby("code", sort=False)["row"].agg(lambda s: sorted(set(s)))
        duplicates = pd.DataFrame({
            "code": g.index, "name_ko": [res.loc[rows[0], "name_ko"] for rows in g],
            "rows": [", ".join(map(str, rows)) for rows in g],
            "inputs": [", ".join(dict.fromkeys(body.loc[rows, col])) for rows in g]})
        first = ~pd.Series(data_rec["code"].cat.codes.to_numpy().astype("int64") * 65_536 * n_ind
                           + data_rec["year"].to_numpy().astype("int64") * n_ind
                           + data_rec["indicator"].cat.codes.to_numpy().astype("int64")).duplicated().to_numpy()
        data_rec = data_rec[first]
    missing = rec.loc[relevant & rec["missing"].ne(""), ["row", "column", "input", "missing"]].rename(
        columns={"missing": "reason"}).reset_index(drop=True).astype(
        {"column": object, "input": object, "reason": object})
    preliminary = rec.loc[relevant & rec["prelim"], ["row", "column", "input"]].reset_index(drop=True).astype(
        {"column": object, "input": object})
    has_value = data_rec["value"].notna().to_numpy()
    out = data_rec if has_value.all() else data_rec[has_value]
    n_out = len(out)
    ind_cat = pd.Categorical(out["indicator"])
    values = pd.DataFrame({
        "code": pd.Series(out["code"].cat.categories.astype("str")).take(out["code"].cat.codes).reset_index(
            drop=True).array if n_out else pd.array([], dtype="str"),
        "level": pd.Series([chosen_level], dtype="str").repeat(n_out).reset_index(drop=True).array,
        "year": out["year"].astype("int64").to_numpy(),
        "indicator": pd.Series(ind_cat.categories.astype("str")).take(ind_cat.codes).reset_index(drop=True).array
        if n_out else pd.array([], dtype="str"),
        "value": out["value"].astype(float).to_numpy(),
    })
    if values.empty:
        raise ImportFileError(Note("no_figures", "{name}: the matched regions have no figures (every value cell is "
                                   "empty or a '-', 'X', '…' marker).", name=name))
    report = MatchReport(column_name, chosen_level, matched, ambiguous, unmatched, changed, duplicates,
                         aggregates, other_level)
    units = {}
    for v in vcols:
        units.setdefault(v.indicator, v.unit)
    if unit_col is not None:
        pairs = pd.DataFrame({"indicator": rec["indicator"].to_numpy(),
                              "unit": body.loc[rec["row"], unit_col].to_numpy()})
        for ind, u in pairs[pairs["unit"].ne("")].drop_duplicates("indicator").itertuples(index=False):
            if not units.get(ind):
                units[ind] = u
    for ind in values["indicator"].unique():
        units.setdefault(ind, title_unit)
    _report(progress, "checking", 0.9)
    checks = _cross_check(rec, body, col, aggregates, agg_kind, res, sido_ctx, data_rec, chosen_level, nature,
                          parent_codes)
    return ImportResult(values, report, checks, missing, preliminary, units, layout, grid, tuple(notes))


def _indent_context(names: pd.Series, res: pd.DataFrame, level: str, index: object | None) -> pd.Series:
    """Sido context of a single region column (KOSIS indented rows): the last sido row above each row. A sido-
    level name that is also a unit of the current sido (Gwangju-si under Gyeonggi-do) does not open a new one."""
    idx = _index(index)
    is_sido = (res["status"].isin(_RESOLVED) & res["level"].eq("sido")).to_numpy()
    ctx: list[object] = [None] * len(res)
    cur = None
    codes = res["code"].to_numpy()
    texts = names.to_numpy()
    for i in np.flatnonzero(is_sido):
        own = codes[i]
        if cur is not None and own != cur:
            inner = idx.resolve(texts[i], level=level, sido=cur, suggest=False)
            if inner.status in _RESOLVED:
                continue
        cur = own
        ctx[i] = own
    return pd.Series(ctx, index=res.index, dtype=object).ffill()


def _in_parent(names: pd.Series, res: pd.DataFrame, ctx: pd.Series, level: str, regional: pd.Series,
               index: object | None, parent_col: str | None) -> pd.DataFrame:
    """Resolve every row inside its parent sido (``ctx``): the parent settles 중구, Gwangju-si in Gyeonggi,
    Sejong at si-gun-gu level, former names (Incheon Nam-gu) and names without suffix (Seong-dong in Seoul).
    A name that only exists outside its parent is not guessed: it becomes unmatched with the reason, unless a
    recorded change moved that unit from the parent (군위군, 경북 → 대구)."""
    rows = ctx.notna() & regional
    if not rows.any():
        return res
    idx = _index(index)
    parts = [_resolve(names[rows][grp.index], level, str(p), index)
             for p, grp in ctx[rows].groupby(ctx[rows], sort=False)]
    inner = pd.concat(parts).reindex(res.index[rows.to_numpy()])
    g = res.loc[inner.index]
    p = ctx.loc[inner.index].astype(str)
    inner_ok = inner["status"].isin(_RESOLVED + ("merged", "split", "ambiguous"))
    g_ok = g["status"].isin(_RESOLVED + ("merged", "split"))
    g_code = g["code"].fillna("").astype(str)
    own_sido = g_ok & g["level"].eq("sido") & g_code.eq(p)
    # a sido row in its own context stays a subtotal unless its only unit is named nowhere else (Sejong/Sejong)
    other_codes = inner.loc[inner_ok & ~own_sido, "code"].dropna()
    lone = own_sido & inner["status"].isin(_RESOLVED) & ~inner["code"].isin(set(other_codes))
    take = (inner_ok & ~own_sido) | lone
    out = res.copy()
    out.loc[take[take].index] = inner.loc[take]
    inside = pd.Series([c.startswith(q) for c, q in zip(g_code, p, strict=True)], index=g.index)
    conflict = ~take & g_ok & ~own_sido & ~inside
    for r in conflict[conflict].index:
        code, lv, name_ko = g.at[r, "code"], g.at[r, "level"], g.at[r, "name_ko"]
        where = (Note("parent_column", "sido {sido} (column {column})", sido=p.at[r], column=repr(parent_col))
                 if parent_col else Note("parent_row_above", "sido {sido} (the sido row above)", sido=p.at[r]))
        moved = idx.moved_from(code, p.at[r]) if lv == "sigungu" else None
        if moved:
            out.loc[r, "status"] = "former"
            out.at[r, "reason"] = Note("moved_here", "{text} under {where} is {name} ({code}), which belonged there "
                                       "before [{moved}].", text=repr(names.at[r]), where=where, name=name_ko,
                                       code=code, moved=moved)
            continue
        out.loc[r, ["code", "name_ko", "status"]] = [None, None, "unmatched"]
        out.at[r, "reason"] = Note("outside_parent", "{text} is {name} ({code}), which is not in {where}; not guessed.",
                                   text=repr(names.at[r]), name=name_ko, code=code, where=where)
        out.at[r, "candidates"] = (_candidate(code, name_ko, lv),)
    return out


def _candidate(code: str, name_ko: str, level: str):
    from geo.codes import Candidate

    return Candidate(code, name_ko or "", level, "outside parent")


def _former_in_year(reason: str, year: int) -> str:
    """Say when the table's year predates the change that retired a former name (Incheon Nam-gu in 2014)."""
    dates = [int(d) for d in re.findall(r"\b((?:19|20)\d{2})-\d{2}-\d{2}", reason)]
    if dates and year < min(dates):
        return Note("former_in_use", "{reason} In {year}, the table's year, this was the name in use.",
                    reason=reason, year=year)
    if dates:
        return Note("former_outdated", "{reason} The table's year {year} is after the change: the file uses an "
                    "outdated name.", reason=reason, year=year)
    return reason


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
    if aggregates.empty:
        return pd.DataFrame(out, columns=cols)
    parts = dict(tuple(data_rec.groupby(["indicator", "year"], sort=False)))
    empty = data_rec.iloc[:0]
    agg_rec = dict(tuple(rec[rec["row"].isin(aggregates["row"])].groupby("row", sort=False)))
    for a in aggregates.itertuples():
        kind = a.kind
        if kind not in kinds_known:
            kind = {"nation": "national"}.get(kind, kind)
        if a.row in parent_rows:
            kind = "parent_city"
            kids = {c.code for c in res.at[a.row, "candidates"] if c.relation == "contains"}
            member = functools.partial(_member_mask, "parent_city", None, frozenset(kids))
        elif kind == "sido_subtotal":
            member = functools.partial(_member_mask, "sido_subtotal", res.at[a.row, "code"], frozenset())
        elif kind in _CHECKS:
            ctx = sido_ctx.get(a.row) if kind in ("subtotal", "total") else None
            ctx = None if (ctx is None or (isinstance(ctx, float) and math.isnan(ctx))) else str(ctx)
            if kind == "subtotal" and ctx is None:
                continue
            member = functools.partial(_member_mask, kind, ctx, frozenset())
        else:
            continue
        own = agg_rec.get(a.row)
        if own is None:
            continue
        for (ind, yr), grp in own.groupby(["indicator", "year"], sort=False):
            reported = grp["value"].iloc[0]
            if math.isnan(reported):
                continue
            part = parts.get((ind, yr), empty)
            part = part[member(part["code"])]
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


def _member_mask(kind: str, ctx: str | None, kids: frozenset, codes: pd.Series) -> np.ndarray:
    """Which matched codes an aggregate row sums, for a whole column of codes at once (see :data:`_CHECKS`)."""
    codes = codes.astype(str)
    if kind == "parent_city":
        return codes.isin(kids).to_numpy()
    if kind == "national" or (kind == "total" and ctx is None):
        return np.ones(len(codes), dtype=bool)
    if kind in ("capital_region", "non_capital_region"):
        cap = codes.str[:2].isin(capital_sido_codes()).to_numpy()
        return cap if kind == "capital_region" else ~cap
    if ctx is None:
        return np.zeros(len(codes), dtype=bool)
    return codes.str.startswith(ctx).to_numpy(dtype=bool)


def _is_member(kind: str, ctx: str | None, code: str) -> bool:
    return _CHECKS[kind](code, ctx)


def _resolution(text: str) -> float:
    """Rounding unit of a printed number (``12.3`` → 0.1, ``1,234`` → 1)."""
    s = _norm(text)
    if "." in s:
        decimals = len(re.sub(r"\D", "", s.split(".", 1)[1]))
        return 10.0 ** -decimals
    return 1.0


def _csv_grid(frame: pd.DataFrame, name: str, data: bytes, enc: str, delim: str) -> Grid:
    """A CSV read as text cells (by Arrow or by the csv module): rows numbered from 1, cells stripped, notes on
    the encoding and a byte-order mark that did not match it."""
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    for c in frame.columns:
        frame[c] = frame[c].fillna("").str.strip()
    notes = [Note("read_as", "read as {encoding} text, delimiter {delimiter}", encoding=enc, delimiter=repr(delim))]
    if data.startswith(b"\xef\xbb\xbf") and codecs.lookup(enc).name != "utf-8":
        notes.append(Note("bom_ignored", "a UTF-8 byte-order mark precedes {encoding} text: the mark was ignored",
                          encoding=enc))
    return Grid(_trim(frame, name), "csv", enc, None, tuple(notes))
