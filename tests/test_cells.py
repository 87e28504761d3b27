"""Formula-injection guard of every CSV/XLSX the atlas writes (analysis.cells); all figures SYNTHETIC."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from analysis.cells import safe_frame, safe_text

HOSTILE = ['=HYPERLINK("http://example.invalid","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)",
           "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_gets_an_apostrophe(text):
    assert safe_text(text) == "'" + text.replace("\r", "\n")


@pytest.mark.parametrize("value", ["-5", "+82", "-1.5e3", "-1,234", "서울", "", "a=b", 12, -3.5, None])
def test_numbers_and_plain_text_unchanged(value):
    assert safe_text(value) == value


def test_safe_frame_headers_index_and_cells():
    df = pd.DataFrame({"=HYPERLINK(\"x\")": ["@a", "ok"], "v": [-1.0, 2.0]},
                      index=pd.Index(["=1", "서울"], name="@name"))
    out = safe_frame(df)
    assert list(out.columns) == ["'=HYPERLINK(\"x\")", "v"]
    assert out.index.tolist() == ["'=1", "서울"] and out.index.name == "'@name"
    assert out.iloc[:, 0].tolist() == ["'@a", "ok"] and out["v"].tolist() == [-1.0, 2.0]
    assert df.columns[0] == "=HYPERLINK(\"x\")"  # input untouched


def _no_live_cell(rows: list[list[object]]) -> None:
    for r in rows:
        for v in r:
            assert not (isinstance(v, str) and v[:1] in "=+-@\t\r" and not v.lstrip("+-").replace(".", "").isdigit())


def test_exports_csv_and_xlsx_have_no_formulas():
    from report import exports

    table = pd.DataFrame({"name_ko": HOSTILE, "value": range(len(HOSTILE))},
                         index=pd.Index([f"{i:02d}" for i in range(len(HOSTILE))], name="code"))
    table = table.rename(columns={"value": "=cmd()"})
    rows = list(csv.reader(io.StringIO(exports.csv_bytes(table).decode("utf-8-sig"), newline="")))
    _no_live_cell(rows)
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes({"=x": table}, about={"=k": "@v"})))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
        _no_live_cell([[c.value for c in row] for row in ws.iter_rows()])


def test_import_cli_tidy_csv_neutralises_a_formula_header(tmp_path):
    from cli import main

    src = tmp_path / "in.csv"
    src.write_text('시도,"=HYPERLINK(""http://example.invalid"",""click"") (2020)"\n서울,1\n부산,2\n', encoding="utf-8")
    out = tmp_path / "tidy.csv"
    assert main(["import", str(src), "--csv", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[1][3].startswith("'=HYPERLINK")
    _no_live_cell(rows)


def test_userdata_csv_neutralises_labels():
    from analysis import userdata
    from ingest.importer import import_file

    r = import_file("시도,2020\n서울,1\n부산,2\n".encode(), "a.csv")
    u = userdata.make_user_indicator(r.values, r.indicators[0], label="=1+1", unit="@u", layer="rnd",
                                     nature="extensive", source="a.csv")
    rows = list(csv.reader(io.StringIO(userdata.to_csv(u).decode("utf-8-sig"))))
    _no_live_cell(rows)
    assert rows[1][4] == "'=1+1"
