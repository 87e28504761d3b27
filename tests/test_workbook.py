"""The planner workbook opened with openpyxl: data first, bilingual headers, units, sources last, no formula."""

from __future__ import annotations

import io

import openpyxl
import pytest

from analysis.errors import DataError
from analysis.store import bundled
from report.workbook import DATA_COLUMNS, SHEETS, planner_workbook

IDS = ["population_registered", "gva_manufacturing_nominal_b2020"]
YEARS = [2015, 2020]


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(io.BytesIO(planner_workbook(bundled(), IDS, "sido", YEARS)))


def test_sheets_in_order_and_opens_on_the_data(book):
    assert book.sheetnames == list(SHEETS)
    assert book.active.title == SHEETS[0]


def test_data_sheet_has_every_indicator_and_year_with_units_and_bilingual_headers(book):
    rows = list(book[SHEETS[0]].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert list(header) == list(DATA_COLUMNS.values())
    assert all(" / " in h for h in header)  # Korean / English
    col = {k: i for i, k in enumerate(DATA_COLUMNS)}
    assert {(r[col["indicator"]], r[col["year"]]) for r in body} == {(i, y) for i in IDS for y in YEARS}
    store = bundled()
    for ind in IDS:
        expected = store.get(ind, "sido", 2020)
        got = {r[col["code"]]: r[col["value"]] for r in body if r[col["indicator"]] == ind and r[col["year"]] == 2020}
        assert got == pytest.approx(expected.dropna().to_dict())
    units = {r[col["indicator"]]: (r[col["unit_ko"]], r[col["unit_en"]]) for r in body}
    assert units["population_registered"] == ("명", "persons")
    assert all(r[col["name_ko"]] and r[col["name_en"]] for r in body)


def test_every_sheet_has_korean_and_english_headers(book):
    """No sheet speaks in variable names (the indicators sheet said label_ko, unit, nature ...)."""
    for name in SHEETS:
        header = next(book[name].iter_rows(max_row=1, values_only=True))
        assert all(h and " / " in h for h in header), (name, header)
        assert not {"label_ko", "label_en", "unit", "nature", "layer"} & set(header)


def test_sources_sheet_names_each_indicator_year(book):
    rows = list(book[SHEETS[2]].iter_rows(values_only=True))[1:]
    pairs = {(r[0], r[1]) for r in rows}
    assert {(i, y) for i in IDS for y in YEARS} <= pairs and any(r[0] == "boundaries" for r in rows)
    assert all(r[2] for r in rows)


def test_uploaded_names_never_become_formulas():
    from analysis import userdata
    from ingest.importer import import_file

    r = import_file("시도,2020\n서울,1\n부산,2\n".encode(), "a.csv")
    u = userdata.make_user_indicator(r.values, r.indicators[0], label="=HYPERLINK(\"http://x\")", unit="@u",
                                     layer="rnd", nature="extensive", source="a.csv")
    store = bundled().with_user(u)
    wb = openpyxl.load_workbook(io.BytesIO(planner_workbook(store, [u.id], "sido", [2020])))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(str(c.value).startswith("'=HYPERLINK") for c in cells)


def test_nothing_published_is_refused():
    with pytest.raises(DataError, match="none of"):
        planner_workbook(bundled(), IDS, "sido", [1850])
    with pytest.raises(DataError, match="at least one"):
        planner_workbook(bundled(), [], "sido", [2020])
