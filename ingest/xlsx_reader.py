"""A bounded, streaming XLSX reader for untrusted uploads (no openpyxl on the upload path).

Why not openpyxl: its read-only mode trusts the ``<dimension>`` tag (a sheet whose tag is smaller than its data
silently loses rows), checks no budget inside a row (a one-row sheet of millions of cells grows without bound),
and a damaged or hostile sheet surfaces as an arbitrary exception. Here:

* **Before parsing** the ZIP directory is checked: the sum of the declared member sizes, and the compression
  ratio of every large member (:data:`MAX_RATIO`), so a zip bomb is refused from its directory alone.
* The XML is parsed by the standard library's expat **as a stream** (64 KB chunks of the decompressed member,
  never the whole member in memory); a ``<!DOCTYPE`` is refused, so no entity is ever declared or resolved
  (billion laughs, XXE); damaged XML is an :class:`~ingest.errors.ImportFileError`.
* A **running budget** is checked at every cell, not after a row: cells (:data:`MAX_CELLS`), columns
  (Excel's 16,384), rows (Excel's 1,048,576), stored text (:data:`MAX_TEXT`) and decompressed bytes
  (:data:`MAX_SHEET_BYTES` for the sheet and its shared strings, declared in the directory and counted while
  streaming); the caller's ``check`` (the import's time budget) runs after every 64 KB of XML.
* The real extent of the data is read; ``<dimension>`` is ignored.
* Cell types: shared and inline strings, numbers, booleans, ISO dates, formula results (the cached value; a
  formula without one is refused — nothing is evaluated). Error values (``#DIV/0!``) and unknown types are
  refused with the cell named.

Only the grid of text cells comes out: ``read_xlsx(data, name, sheet) -> (cells, sheet, notes)``.
"""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Callable
from xml.parsers import expat

import pandas as pd

from geo.notes import Note
from ingest.errors import ImportFileError

__all__ = ["MAX_CELLS", "MAX_RATIO", "MAX_SHEET_BYTES", "MAX_TEXT", "MAX_UNZIPPED", "read_xlsx"]

MAX_CELLS: int = 5_000_000
"""Most cells read from one sheet. A workbook's cells are parsed one by one (about 4 µs a cell to read and check:
~20 s at this limit); the same table saved as CSV is read in C, up to 12 million cells
(:data:`ingest.grid.MAX_CELLS`)."""

MAX_TEXT: int = 400 * 1024 * 1024
"""Most characters of cell text kept from one sheet (plus its shared strings)."""

MAX_UNZIPPED: int = 1024 * 1024 * 1024
"""Most bytes the members of a workbook may declare unpacked, together."""

MAX_SHEET_BYTES: int = 256 * 1024 * 1024
"""Most bytes the sheet read (and its shared strings) may unpack to: 5 million cells as Excel writes them take
150-200 MB. A larger sheet is refused from the ZIP directory, before parsing."""

MAX_RATIO: float = 100.0
"""Largest compression ratio of a member above :data:`RATIO_FLOOR` bytes unpacked (zip bombs reach 1,000+)."""

RATIO_FLOOR: int = 16 * 1024 * 1024
MAX_COLUMNS: int = 16_384  # Excel's limit (XFD)
MAX_ROWS: int = 1_048_576  # Excel's limit
_CHUNK = 64 * 1024
_CELLS_PER_BLOCK = 500_000

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
_META_SHEETS: frozenset[str] = frozenset({"메타정보", "메타", "메타데이터", "metadata", "meta", "주석", "설명", "notes"})


class _Stop(Exception):
    """Raised inside an expat handler to stop the parse with a message."""


def _damaged(name: str, what: str) -> ImportFileError:
    return ImportFileError(Note("xlsx_damaged", "{name} is not a readable XLSX workbook ({what}). Open it in Excel "
                                "and save it again as .xlsx, or save it as CSV.", name=name, what=what))


def in_sheet(name: str, sheet: str) -> Note:
    """``{name} sheet '{sheet}'``: the file and sheet a refusal is about."""
    return Note("in_sheet", "{name} sheet {sheet}", name=name, sheet=repr(sheet))


def _more(shown: list[str], n: int) -> str:
    """The first five cells of ``shown`` (``n`` in all), and how many more."""
    text = ", ".join(shown[:5])
    return Note("rows_and_more", "{rows} and {n} more", rows=text, n=n - 5) if n > 5 else text


def _check_archive(zf: zipfile.ZipFile, name: str) -> None:
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportFileError(Note(
                "zip_bomb", "{name} looks like a zip bomb: its part {part} unpacks to {mb} MB from {kb} KB ({ratio}× "
                "compression; real tables stay below {most}×). It was not read. Export the table again from Excel, "
                "or as CSV.", name=name, part=repr(info.filename), mb=f"{info.file_size / 1024 / 1024:.0f}",
                kb=f"{info.compress_size / 1024:.0f}", ratio=f"{info.file_size / max(info.compress_size, 1):.0f}",
                most=f"{MAX_RATIO:.0f}"))
    if total > MAX_UNZIPPED:
        raise ImportFileError(Note(
            "unzipped_too_large", "{name} unpacks to {mb} MB, above the {limit} MB limit. Export fewer rows or "
            "items, or save the table as CSV.", name=name, mb=f"{total / 1024 / 1024:.0f}",
            limit=MAX_UNZIPPED // 1024 // 1024))


def _parse(zf: zipfile.ZipFile, member: str, name: str, start: Callable, end: Callable | None = None,
           text: Callable | None = None, limit: int = MAX_UNZIPPED, check: Callable[[], None] | None = None) -> None:
    """Stream one member through a safe expat parser (namespaces split with a space), at most ``limit`` bytes
    unpacked; ``check`` runs after every chunk."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def no_dtd(*_a: object) -> None:
        raise _Stop(Note("stop_doctype", "it declares a DOCTYPE (entities are never resolved)"))

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.ExternalEntityRefHandler = no_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        info = zf.getinfo(member)
    except KeyError:
        raise _damaged(name, f"part {member} is missing") from None
    read = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                read += len(chunk)
                if read > limit:
                    raise _Stop(Note("stop_part_too_large", "part {member} unpacks beyond {limit} MB",
                                     member=member, limit=limit // 1024 // 1024))
                if check is not None:
                    check()
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop as exc:
        raise ImportFileError(_refused(name, exc.args[0])) from None
    except expat.ExpatError as exc:
        raise _damaged(name, f"damaged XML in {member}: {expat.ErrorString(exc.code)} at line {exc.lineno}") from None
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise _damaged(name, f"damaged part {member}: {type(exc).__name__}") from None
    except ImportFileError:
        raise
    except (ValueError, KeyError, IndexError) as exc:  # a handler met malformed content
        raise _damaged(name, f"malformed content in {member}: {type(exc).__name__}") from None


def _check_sheet_size(zf: zipfile.ZipFile, member: str, name: str, sheet: str) -> None:
    """Refuse a sheet whose declared unpacked size is above :data:`MAX_SHEET_BYTES` (before reading a byte)."""
    try:
        size = zf.getinfo(member).file_size
    except KeyError:
        return  # a missing part is said by the parse
    if size > MAX_SHEET_BYTES:
        raise ImportFileError(Note(
            "sheet_too_large", "{name}: sheet {sheet} unpacks to {mb} MB; a sheet is read up to {limit} MB (about "
            "{cells} cells). Save it as CSV, or export fewer rows or items (KOSIS: 조회조건).", name=name,
            sheet=repr(sheet), mb=f"{size / 1024 / 1024:,.0f}", limit=f"{MAX_SHEET_BYTES // 1024 // 1024:,}",
            cells=f"{MAX_CELLS:,}"))


def _refused(name: str, problem: str) -> Note:
    return Note("xlsx_refused", "{name} was refused: {problem}. Export the table again from Excel, or as CSV.",
                name=name, problem=problem)


def _sheets(zf: zipfile.ZipFile, name: str) -> list[tuple[str, str]]:
    """(sheet name, member path) in workbook order."""
    rels: dict[str, str] = {}

    def rel_start(tag: str, attrs: dict) -> None:
        if tag.endswith(" Relationship") or tag == "Relationship":
            rels[attrs.get("Id", "")] = attrs.get("Target", "")

    wb = "xl/workbook.xml"
    for info in zf.infolist():  # the workbook part may live elsewhere ([Content_Types] names it); rare
        if info.filename.lower() == "xl/workbook.xml":
            wb = info.filename
    base = posixpath.dirname(wb)
    rels_member = f"{base}/_rels/{posixpath.basename(wb)}.rels"
    if rels_member in zf.namelist():
        _parse(zf, rels_member, name, rel_start)
    sheets: list[tuple[str, str]] = []

    def wb_start(tag: str, attrs: dict) -> None:
        if tag == f"{_NS_MAIN} sheet":
            rid = attrs.get(f"{_NS_REL} id", "")
            target = rels.get(rid, "")
            if not target:
                return
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            sheets.append((attrs.get("name", f"sheet{len(sheets) + 1}"), path))

    _parse(zf, wb, name, wb_start)
    if not sheets:
        raise _damaged(name, "no worksheet found")
    return sheets


def _shared_strings(zf: zipfile.ZipFile, name: str, base: str, check: Callable[[], None] | None) -> list[str]:
    member = next((m for m in zf.namelist() if m.lower() == f"{base}/sharedstrings.xml"), None)
    if member is None:
        return []
    if zf.getinfo(member).file_size > MAX_SHEET_BYTES:
        raise ImportFileError(_refused(name, Note("stop_part_too_large", "part {member} unpacks beyond {limit} MB",
                                                  member=member, limit=MAX_SHEET_BYTES // 1024 // 1024)))
    out: list[str] = []
    state = {"depth_rph": 0, "in_t": False, "total": 0}
    parts: list[str] = []

    def start(tag: str, attrs: dict) -> None:
        local = tag.rsplit(" ", 1)[-1]
        if local == "si":
            parts.clear()
        elif local == "rPh":  # phonetic guide text is not part of the value
            state["depth_rph"] += 1
        elif local == "t" and not state["depth_rph"]:
            state["in_t"] = True

    def end(tag: str) -> None:
        local = tag.rsplit(" ", 1)[-1]
        if local == "si":
            s = "".join(parts)
            state["total"] += len(s)
            if state["total"] > MAX_TEXT or len(out) >= MAX_CELLS:
                raise _Stop(Note("stop_shared_strings", "its shared strings exceed {mb} MB of text or {most} entries",
                                 mb=MAX_TEXT // 1024 // 1024, most=f"{MAX_CELLS:,}"))
            out.append(s)
        elif local == "rPh":
            state["depth_rph"] -= 1
        elif local == "t":
            state["in_t"] = False

    def text(data: str) -> None:
        if state["in_t"]:
            parts.append(data)

    _parse(zf, member, name, start, end, text, MAX_SHEET_BYTES, check)
    return out


def _col_index(ref: str, name: str) -> tuple[int, int]:
    m = _REF.match(ref)
    if not m:
        raise _Stop(Note("stop_cell_reference", "cell reference {ref} is not like 'B7'", ref=repr(ref[:20])))
    letters, row = m.groups()
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return col - 1, int(row)


def _column_of(ref: str, known: dict[str, int], name: str) -> int:
    """The 0-based column of a cell reference (``B7`` → 1); the letters seen before are looked up in ``known``.

    A reference is letters then 1 to 7 ASCII digits; anything else goes through :func:`_col_index`, which says
    what is wrong (or reads the rare forms the pattern also accepts)."""
    letters = ref.rstrip("0123456789")
    col = known.get(letters)
    if col is not None and 0 < len(ref) - len(letters) <= 7:
        return col
    col, _row = _col_index(ref, name)
    if 1 <= len(letters) <= 3 and letters.isascii() and letters.isalpha() and letters.isupper():
        known[letters] = col  # exactly the pattern's letters: the rest of the reference was ASCII digits
    return col


def _number_text(v: str) -> str:
    if v.isascii() and v.isdigit() and len(v) <= 15:  # a whole number: exact as a float, so as float() reads it
        return str(int(v))
    f = float(v)  # ValueError for a malformed number is reported by the caller
    if f != f or f in (float("inf"), float("-inf")):
        return v
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


_LOCAL: dict[str, str] = {}
"""Element tag (``namespace local``, expat's form) → local name, for the tags met so far (at most 10,000)."""


def _local(tag: str) -> str:
    local = tag.rsplit(" ", 1)[-1]
    if len(_LOCAL) < 10_000:
        _LOCAL[tag] = local
    return local


class _SheetReader:
    """expat handlers that collect one sheet's cells into blocks of str columns, under the budgets."""

    def __init__(self, shared: list[str], name: str) -> None:
        self.shared = shared
        self.name = name
        self.blocks: list[pd.DataFrame] = []
        self.rows: list[list[str]] = []
        self.row_numbers: list[int] = []
        self.pending = 0
        self.cur: list[str] | None = None
        self.row_no = 0
        self.col = -1
        self.cells = 0
        self.text_total = 0
        self.width = 0
        self.ctype = "n"
        self.cref = ""
        self.value: list[str] = []
        self.has_formula = False
        self.capture = False
        self.in_is = False
        self.in_rph = 0
        self.formulas: list[str] = []
        self.cached = 0
        self.errors: list[str] = []
        self.known: dict[str, int] = {}  # column letters → index

    # ---- helpers
    def _flush(self) -> None:
        if self.rows:
            width = max(len(r) for r in self.rows)
            frame = pd.DataFrame([r + [""] * (width - len(r)) for r in self.rows], dtype="str",
                                 index=pd.Index(self.row_numbers, dtype="int64"))
            self.blocks.append(frame)
            self.rows, self.row_numbers, self.pending = [], [], 0

    def _store(self, text: str) -> None:
        assert self.cur is not None
        if self.col >= MAX_COLUMNS:
            raise _Stop(Note("stop_columns", "a row has a cell beyond Excel's {most} columns",
                             most=f"{MAX_COLUMNS:,}"))
        gap = self.col - len(self.cur)
        if gap > 0:
            self.cur.extend([""] * gap)
        if self.col < len(self.cur):
            self.cur[self.col] = text
        else:
            self.cur.append(text)
        self.text_total += len(text)
        if self.text_total > MAX_TEXT:
            raise _Stop(Note("stop_sheet_text", "the sheet holds more than {mb} MB of cell text",
                             mb=MAX_TEXT // 1024 // 1024))

    # ---- expat handlers
    def start(self, tag: str, attrs: dict) -> None:
        local = _LOCAL.get(tag) or _local(tag)
        if local == "c":
            if self.cur is None:
                raise _Stop(Note("stop_cell_outside_row", "a cell lies outside any row"))
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise _Stop(Note("stop_too_many_cells", "the sheet has more than {most} cells", most=f"{MAX_CELLS:,}"))
            ref = attrs.get("r")
            if ref:
                self.col = _column_of(ref, self.known, self.name)
            else:
                self.col += 1
            if self.col >= MAX_COLUMNS:
                raise _Stop(Note("stop_columns", "a row has a cell beyond Excel's {most} columns",
                                 most=f"{MAX_COLUMNS:,}"))
            self.ctype = attrs.get("t", "n")
            self.cref = ref or f"row {self.row_no} column {self.col + 1}"
            self.value = []
            self.has_formula = False
        elif local == "row":
            r = attrs.get("r")
            n = int(r) if r and r.isdigit() else self.row_no + 1
            if n > MAX_ROWS or n <= self.row_no:
                raise _Stop(Note("stop_row_number", "row number {row} is out of order or beyond Excel's {most} rows",
                                 row=repr(r), most=f"{MAX_ROWS:,}"))
            self.row_no = n
            self.cur = []
            self.col = -1
        elif local == "v":
            self.capture = True
        elif local == "is":
            self.in_is = True
        elif local == "rPh":
            self.in_rph += 1
        elif local == "t" and self.in_is and not self.in_rph:
            self.capture = True
        elif local == "f":
            self.has_formula = True

    def text(self, data: str) -> None:
        if self.capture:
            self.value.append(data)
            if len(self.value) > 1 and sum(map(len, self.value)) > MAX_TEXT:
                raise _Stop(Note("stop_cell_text", "a cell holds more than {mb} MB of text",
                                 mb=MAX_TEXT // 1024 // 1024))

    def end(self, tag: str) -> None:
        local = _LOCAL.get(tag) or _local(tag)
        if local in ("v", "t"):
            self.capture = False
        elif local == "is":
            self.in_is = False
        elif local == "rPh":
            self.in_rph -= 1
        elif local == "c":
            self._cell()
        elif local == "row":
            if self.cur is not None and any(self.cur):
                self.rows.append(self.cur)
                self.row_numbers.append(self.row_no)
                self.width = max(self.width, len(self.cur))
                self.pending += len(self.cur)
                if self.pending >= _CELLS_PER_BLOCK:
                    self._flush()
            self.cur = None

    def _cell(self) -> None:
        raw = "".join(self.value)
        t = self.ctype
        if self.has_formula:
            if not self.value:
                self.formulas.append(self.cref)
                return
            self.cached += 1
        if not self.value and t != "inlineStr":
            return  # an empty (styled) cell
        if t == "s":
            try:
                text = self.shared[int(raw)]
            except (ValueError, IndexError):
                raise _Stop(Note("stop_shared_string_missing", "cell {cell} points to shared string {raw}, which "
                                 "does not exist", cell=self.cref, raw=repr(raw[:20]))) from None
        elif t in ("str", "inlineStr", "d"):
            text = raw
        elif t == "n":
            try:
                text = _number_text(raw)
            except ValueError:
                if raw.strip().startswith("#"):
                    self.errors.append(f"{self.cref} ({raw.strip()[:12]})")
                    return
                raise _Stop(Note("stop_not_a_number", "cell {cell} is typed as a number but holds {raw}",
                                 cell=self.cref, raw=repr(raw[:20]))) from None
        elif t == "b":
            text = "TRUE" if raw.strip() in ("1", "true") else "FALSE"
        elif t == "e":
            self.errors.append(f"{self.cref} ({raw.strip()[:12]})")
            return
        else:
            raise _Stop(Note("stop_unknown_type", "cell {cell} has an unknown type {type}", cell=self.cref,
                             type=repr(t[:12])))
        self._store(text.strip())

    def frame(self) -> pd.DataFrame:
        self._flush()
        if not self.blocks:
            return pd.DataFrame(dtype="str")
        out = pd.concat(self.blocks, axis=0) if len(self.blocks) > 1 else self.blocks[0]
        return out.fillna("").astype("str")


def read_xlsx(data: bytes, name: str, sheet: str | None = None,
              check: Callable[[], None] | None = None) -> tuple[pd.DataFrame, str, list[str]]:
    """Read one sheet of an XLSX file into text cells, under the budgets of this module.

    Parameters
    ----------
    data : bytes
        The workbook.
    name : str
        File name for messages.
    sheet : str, optional
        Sheet to read; default: the first sheet that is not metadata (``메타정보``).
    check : callable, optional
        Called after every 64 KB of the sheet's XML (the import's time budget: it raises to stop).

    Returns
    -------
    (cells, sheet, notes)
        ``cells``: str columns ``0..n-1`` (``""`` when empty), index = the sheet's 1-based row numbers of the
        rows that hold something; ``sheet``: the sheet read; ``notes``: what the reader decided.

    Raises
    ------
    ImportFileError
        Not a workbook, damaged, a zip bomb or over a budget (a sheet above :data:`MAX_SHEET_BYTES` before it is
        read), a DOCTYPE, error values, unknown cell types, formulas without a stored result.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ImportFileError(Note("xlsx_invalid", "{name} is not a valid XLSX file (damaged or not a workbook). "
                                   "Open it in Excel and save it again as .xlsx or CSV.", name=name)) from None
    with zf:
        _check_archive(zf, name)
        sheets = _sheets(zf, name)
        names = [s for s, _ in sheets]
        notes: list[str] = []
        if sheet is not None:
            if sheet not in names:
                raise ImportFileError(Note("no_sheet", "{name} has no sheet {sheet}; its sheets are {sheets}.",
                                           name=name, sheet=repr(sheet), sheets=", ".join(names)))
            chosen = sheet
        else:
            data_sheets = [s for s in names if unicodedata.normalize("NFKC", s).strip().casefold() not in _META_SHEETS]
            skipped = [s for s in names if s not in data_sheets]
            if skipped:
                notes.append(Note("metadata_sheets_skipped", "skipped metadata sheet(s): {sheets}",
                                  sheets=", ".join(skipped)))
            if not data_sheets:
                raise ImportFileError(Note("only_metadata_sheets", "{name} has only metadata sheets ({sheets}); no "
                                           "data sheet.", name=name, sheets=", ".join(names)))
            chosen = data_sheets[0]
            if len(data_sheets) > 1:
                notes.append(Note("other_sheets_ignored", "read sheet {sheet}; other sheets ({others}) ignored",
                                  sheet=repr(chosen), others=", ".join(data_sheets[1:])))
        member = dict(sheets)[chosen]
        _check_sheet_size(zf, member, name, chosen)
        base = posixpath.dirname(posixpath.dirname(member)) or "xl"
        shared = _shared_strings(zf, name, base, check)
        reader = _SheetReader(shared, name)
        try:
            _parse(zf, member, name, reader.start, reader.end, reader.text, MAX_SHEET_BYTES, check)
        except ImportFileError as exc:
            said = exc.args[0]
            if getattr(said, "key", None) != "xlsx_refused":
                raise
            raise ImportFileError(_refused(in_sheet(name, chosen), said.fields["problem"])) from None
    if reader.errors:
        raise ImportFileError(Note(
            "excel_error_values", "{name} has {n} Excel error value(s) ({shown}). Fix the formulas or replace the "
            "cells with a number or a KOSIS marker ('-', 'X', '…'), then save again.", name=in_sheet(name, chosen),
            n=len(reader.errors), shown=_more(reader.errors, len(reader.errors))))
    if reader.formulas:
        f = reader.formulas
        raise ImportFileError(Note(
            "formulas_without_results", "{name} has {n} formula cell(s) without a stored result ({shown}). "
            "Formulas are never evaluated here: open the file in Excel, let it calculate and save, or paste the "
            "cells as values (붙여넣기 → 값).", name=in_sheet(name, chosen), n=len(f), shown=_more(f, len(f))))
    if reader.cached:
        notes.append(Note("cached_formulas",
                          "{n} formula cell(s) read as their stored (cached) results, not re-evaluated",
                          n=reader.cached))
    return reader.frame(), chosen, notes
