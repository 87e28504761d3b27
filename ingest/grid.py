"""Step 1 of an import: a user's file as a grid of text cells (nothing interpreted yet).

* **CSV**: the encoding detected (BOM, strict UTF-8, strict CP949/EUC-KR, then charset-normalizer) or given;
  binary files (images, PDFs, old OLE workbooks, archives, NUL bytes) refused by their first bytes; the delimiter
  sniffed; a large rectangular file read by Arrow as text columns, anything else after one streaming ``csv`` pass
  that checks the cell budget before a cell is stored.
* **XLSX**: :func:`ingest.xlsx_reader.read_xlsx` (zip-bomb checks on the directory, a streaming expat parse with
  running budgets; formula cells read as their cached values).

Files above :data:`MAX_BYTES` are refused before parsing; every problem is an
:class:`~ingest.errors.ImportFileError` naming the fix.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo.notes import Note
from ingest.errors import ImportFileError
from ingest.work import Work

__all__ = ["ENCODINGS", "MAX_BYTES", "MAX_CELLS", "Grid", "detect_encoding", "read_grid"]

MAX_BYTES: int = 50 * 1024 * 1024
"""Largest file accepted (50 MB, the same limit as ``server.maxUploadSize`` in ``.streamlit/config.toml``)."""

MAX_CELLS: int = 12_000_000
"""Most cells of one CSV table: a 50 MB long CSV (~7 million cells) passes. Workbooks are read up to
:data:`ingest.xlsx_reader.MAX_CELLS` (their cells are parsed one by one)."""
MAX_COLUMNS: int = 16_384

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "cp949", "euc-kr", "utf-16")
"""Encodings offered for a manual override (CP949 is a superset of EUC-KR, the usual Korean government one)."""

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
                columns=columns, most=f"{MAX_CELLS:,}")


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
    utf8 = codecs.lookup(enc).name in ("utf-8", "utf-8-sig")  # then the file's bytes are the text's (BOM aside)
    raw = memoryview(data)[3 if data.startswith(b"\xef\xbb\xbf") else 0:] if utf8 else None
    if len(text) > 1_000_000 and (frame := _arrow_csv(text, delim, None, raw)) is not None:
        del text  # a large rectangular file: Arrow read it, and checked every record has the same fields
        if frame.size > MAX_CELLS:
            raise ImportFileError(_too_many_cells(name, len(frame), frame.shape[1]))
        return _csv_grid(frame, name, data, enc, delim, stripped=True)
    width = n_rows = 0
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delim):
            n_rows += 1
            if len(row) > width:
                width = len(row)
                if width > MAX_COLUMNS:
                    raise ImportFileError(Note(
                        "too_many_fields", "{name} has a row of more than {most} fields: not a table. Check the "
                        "delimiter, or save the table again as CSV from Excel.", name=name, most=f"{MAX_COLUMNS:,}"))
    except csv.Error as exc:
        raise ImportFileError(_unreadable_csv(name, str(exc))) from None
    if width * n_rows > MAX_CELLS:
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


def _arrow_csv(text: str, delim: str, width: int | None, raw: memoryview | None = None) -> pd.DataFrame | None:
    """A rectangular CSV (every record as many fields as the first, no blank line) read by Arrow's reader as
    text columns; None as soon as one record differs, or Arrow fails (the caller then reads it with pandas).
    ``raw``: the UTF-8 bytes of ``text`` when the file is UTF-8 (read as they are, not encoded again)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
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
            io.BytesIO(text.encode("utf-8")) if raw is None else pa.BufferReader(pa.py_buffer(raw)),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=delim, quote_char='"', double_quote=True,
                                              newlines_in_values=True, ignore_empty_lines=False,
                                              invalid_row_handler=invalid),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.large_string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (ValueError, OSError, pa.ArrowException):
        return None
    if ragged:
        return None
    # cells stripped here, as large strings: pandas keeps them as they are (no cast, no second pass)
    table = pa.table([pc.utf8_trim_whitespace(c) for c in table.columns], names=names)
    frame = table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get)
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


def _read_xlsx(data: bytes, name: str, sheet: str | None, work: Work) -> Grid:
    from ingest.xlsx_reader import in_sheet, read_xlsx

    cells, chosen, notes = read_xlsx(data, name, sheet, work.check)
    if cells.empty:
        raise ImportFileError(_no_content(in_sheet(name, chosen)))
    return Grid(_trim(cells, in_sheet(name, chosen)), "xlsx", None, chosen, tuple(notes))


def read_grid(data: bytes, name: str = "upload.csv", encoding: str | None = None, sheet: str | None = None, *,
              work: Work | None = None) -> Grid:
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
    work : Work, optional
        The import's budget (a workbook's parse checks its time); default: a budget of its own.

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
        return _read_xlsx(data, name, sheet, work if work is not None else Work(name))
    if suffix == ".xls":
        raise ImportFileError(Note("old_xls", "{name}: old .xls workbooks are not read. Save it from Excel as .xlsx "
                                   "or CSV.", name=name))
    _sniff_binary(data, name)
    return _read_csv(data, name, encoding)


def _csv_grid(frame: pd.DataFrame, name: str, data: bytes, enc: str, delim: str, stripped: bool = False) -> Grid:
    """A CSV read as text cells (by Arrow or by the csv module): rows numbered from 1, cells stripped (unless
    ``stripped`` already), notes on the encoding and a byte-order mark that did not match it."""
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    for c in frame.columns if not stripped else ():
        frame[c] = frame[c].fillna("").str.strip()
    notes = [Note("read_as", "read as {encoding} text, delimiter {delimiter}", encoding=enc, delimiter=repr(delim))]
    if data.startswith(b"\xef\xbb\xbf") and codecs.lookup(enc).name != "utf-8":
        notes.append(Note("bom_ignored", "a UTF-8 byte-order mark precedes {encoding} text: the mark was ignored",
                          encoding=enc))
    return Grid(_trim(frame, name), "csv", enc, None, tuple(notes))
