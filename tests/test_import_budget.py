"""The table importer's work budget (issue 30 item 4): no legal upload holds a worker for minutes.

A workbook whose sheet unpacks beyond :data:`ingest.xlsx_reader.MAX_SHEET_BYTES` is refused from the ZIP
directory, before a byte of it is parsed; one whose cells pass :data:`ingest.xlsx_reader.MAX_CELLS` mid-parse; and
whatever no size predicts (a million distinct names, …) by :data:`ingest.work.MAX_SECONDS` of computing. Each
refusal is one sentence naming the limit, said in Korean on the Korean page. All files are SYNTHETIC.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import openpyxl
import pytest

from ingest import importer, xlsx_reader
from ingest.errors import ImportFileError
from ingest.importer import import_file
from lang import error_text

SIDO = ["서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시", "경기도",
        "강원특별자치도", "충청북도", "충청남도", "전북특별자치도", "전라남도", "경상북도", "경상남도", "제주특별자치도"]


def _heavy_book(unpacked: int, seed: int = 0) -> bytes:
    """A workbook whose one sheet holds rows of a sido name and ten 0/1 figures until its XML reaches ``unpacked``
    bytes, deflated about 40-60× (like the 15 MB upload that unpacked to ~1 GB: a legal file, no zip bomb).

    The rows carry no ``r`` attributes (allowed: each row and cell follows the previous one), so one block of
    random rows repeated is a valid sheet; deflate sees no repeat beyond its 32 KB window, so the ratio is the
    block's own.
    """
    wb = openpyxl.Workbook()
    wb.active.append(["시도", *range(2011, 2021)])
    buf = io.BytesIO()
    wb.save(buf)
    rng = np.random.default_rng(seed)
    block = "".join(f'<row><c t="inlineStr"><is><t>{SIDO[i % 16]}</t></is></c>'
                    + "".join(f"<c><v>{v}</v></c>" for v in (rng.random(10) < 0.2).astype(int)) + "</row>"
                    for i in range(5_000)).encode()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info.filename, src.read(info.filename))
                continue
            head, _, _tail = src.read(info.filename).decode().partition("<sheetData>")
            with dst.open(info.filename, "w", force_zip64=True) as fh:
                fh.write((head + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>시도</t></is></c>'
                          '<c r="B1"><v>2011</v></c></row>').encode())
                for _ in range(-(-unpacked // len(block))):
                    fh.write(block)
                fh.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _block_size() -> int:
    """Bytes of the repeated block of :func:`_heavy_book` (its rows have a fixed width)."""
    return sum(len(f'<row><c t="inlineStr"><is><t>{SIDO[i % 16]}</t></is></c>'.encode()) + 10 * len(b"<c><v>0</v></c>")
               + len(b"</row>") for i in range(5_000))


def _sheet_size(book: bytes) -> tuple[int, int]:
    info = zipfile.ZipFile(io.BytesIO(book)).getinfo("xl/worksheets/sheet1.xml")
    return info.file_size, info.compress_size


def _parsed_parts(monkeypatch) -> list[str]:
    """The workbook parts the reader parses from now on."""
    real_parse = xlsx_reader._parse
    calls: list[str] = []

    def parse(zf, member, *a, **k):
        calls.append(member)
        return real_parse(zf, member, *a, **k)

    monkeypatch.setattr(xlsx_reader, "_parse", parse)
    return calls


@pytest.mark.slow
def test_a_legal_workbook_that_unpacks_beyond_the_sheet_limit_is_refused_before_parsing(monkeypatch):
    book = _heavy_book(xlsx_reader.MAX_SHEET_BYTES + 1024 * 1024)
    size, packed = _sheet_size(book)
    assert size > xlsx_reader.MAX_SHEET_BYTES and len(book) < 10 * 1024 * 1024  # small on disk …
    assert size < xlsx_reader.MAX_RATIO * packed  # … and no zip bomb: the ratio a real table has
    calls = _parsed_parts(monkeypatch)
    with pytest.raises(ImportFileError) as info:
        import_file(book, "heavy.xlsx")
    assert not any("worksheets" in m for m in calls)  # refused from the ZIP directory
    said = str(info.value)
    assert "\n" not in said and said.startswith(f"heavy.xlsx: sheet 'Sheet' unpacks to {size / 2**20:,.0f} MB; a "
                                               "sheet is read up to 256 MB (about 5,000,000 cells).")
    ko = error_text(info.value, "ko")
    assert "256 MB" in ko and "CSV로 저장" in ko and "unpacks" not in ko


def test_the_sheet_limit_is_said_in_both_languages(monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_SHEET_BYTES", 1024 * 1024)
    book = _heavy_book(3 * 1024 * 1024 // 2)
    calls = _parsed_parts(monkeypatch)
    with pytest.raises(ImportFileError) as info:
        import_file(book, "heavy.xlsx")
    assert info.value.args[0].key == "sheet_too_large" and not any("worksheets" in m for m in calls)
    assert str(info.value) == ("heavy.xlsx: sheet 'Sheet' unpacks to 2 MB; a sheet is read up to 1 MB (about "
                               "5,000,000 cells). Save it as CSV, or export fewer rows or items (KOSIS: 조회조건).")
    assert error_text(info.value, "ko") == ("heavy.xlsx의 시트 'Sheet'은(는) 풀면 2 MB로, 시트 하나를 읽는 한도 1 MB(셀 약 "
                                            "5,000,000개)를 넘습니다. CSV로 저장하거나 행·항목을 줄여 내려받으세요 "
                                            "(KOSIS: 조회조건).")


def test_a_sheet_that_lies_about_its_size_is_stopped_at_the_limit_while_streaming(monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_SHEET_BYTES", 1024 * 1024)
    monkeypatch.setattr(xlsx_reader, "_check_sheet_size", lambda *a: None)  # as if the directory said less
    with pytest.raises(ImportFileError, match="unpacks beyond 1 MB"):
        import_file(_heavy_book(3 * 1024 * 1024 // 2), "heavy.xlsx")


def test_a_workbook_within_the_limits_is_read_whole():
    from ingest.grid import read_grid

    book = _heavy_book(1024 * 1024)
    g = read_grid(book, "heavy.xlsx")
    rows = 1 + 5_000 * -(-1024 * 1024 // _block_size())
    assert g.cells.shape == (rows, 11) and g.cells.iloc[1].tolist()[0] == "서울특별시"


def test_the_workbook_cell_limit_is_lower_than_the_csv_one_and_named():
    from ingest import grid

    assert xlsx_reader.MAX_CELLS < grid.MAX_CELLS  # a workbook's cells are parsed one by one
    assert xlsx_reader.MAX_SHEET_BYTES < xlsx_reader.MAX_UNZIPPED


@pytest.mark.slow
def test_an_import_that_computes_longer_than_its_budget_is_refused_in_one_sentence(monkeypatch):
    """300,000 distinct unknown names in the region column: resolving them would take many seconds; with a
    budget of one second the import stops inside that loop (the resolver is not asked about every name)."""
    from geo import codes

    asked = []
    real = codes.CodeIndex.resolve

    def resolve(self, query, *a, **k):
        asked.append(1)
        return real(self, query, *a, **k)

    monkeypatch.setattr(codes.CodeIndex, "resolve", resolve)
    monkeypatch.setattr(importer, "MAX_SECONDS", 1.0)
    rows = "\n".join(f"없는동네{i},{i % 7}" for i in range(300_000))
    data = ("지역,2020\n서울특별시,1\n부산광역시,2\n" + rows + "\n").encode()
    with pytest.raises(ImportFileError) as info:
        import_file(data, "names.csv")
    assert info.value.args[0].key == "work_budget"
    assert str(info.value).startswith("names.csv needs more than 1 seconds of computing to be read, the most one "
                                      "upload may take.")
    assert len(asked) < 300_000
    ko = error_text(info.value, "ko")
    assert "1초" in ko and "names.csv" in ko and "computing" not in ko


def test_the_budget_is_read_when_an_import_starts(monkeypatch):
    monkeypatch.setattr(importer, "MAX_SECONDS", 0.0)
    with pytest.raises(ImportFileError, match="more than 0 seconds"):
        import_file("시도,2020\n서울특별시,1\n".encode(), "small.csv")
    monkeypatch.undo()
    assert import_file("시도,2020\n서울특별시,1\n".encode(), "small.csv").values["value"].tolist() == [1.0]
