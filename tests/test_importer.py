"""ingest.importer on SYNTHETIC KOSIS-shaped fixtures (tests/fixtures/import, see its README) and hostile input.

Region names and codes are real (they must match the bundled vintage); every figure is synthetic.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analysis.errors import ImportFileError
from cli import main as cli_main
from ingest import grid, importer
from ingest.importer import MAX_BYTES, clean_value, detect_encoding, import_file, read_grid
from tests.helpers import bomb as _bomb
from tests.helpers import book as _book
from tests.helpers import patch_sheet as _patch_sheet

FIX = Path(__file__).resolve().parent / "fixtures" / "import"


def _load(name: str, **kw) -> importer.ImportResult:
    return import_file((FIX / name).read_bytes(), name, **kw)


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


# ------------------------------------------------------------------------------------------- fixtures
def test_wide_sido_utf8_bom_matches_all_17_with_former_names():
    r = _load("wide_sido_utf8bom.csv")
    assert r.grid.encoding == "utf-8-sig"
    assert r.layout == "wide" and r.level == "sido"
    codes = set(r.values["code"])
    assert codes == {"11", "26", "27", "28", "29", "30", "31", "36", "41", "43", "44", "46", "47", "48", "50",
                     "51", "52"}
    m = r.report.matched.set_index("input")
    assert m.loc["강원도", "code"] == "51" and m.loc["강원도", "status"] == "former"
    assert m.loc["전라북도", "code"] == "52" and m.loc["전라북도", "status"] == "former"
    assert sorted(r.values["year"].unique()) == [2019, 2020, 2021, 2022]


def test_wide_sido_values_markers_and_preliminary():
    r = _load("wide_sido_utf8bom.csv")
    v = r.values.set_index(["code", "year"])["value"]
    assert v.loc[("11", 2019)] == 1000.0  # "1,000" → 1000 (synthetic _v(0, 0))
    assert v.loc[("26", 2020)] == 1000 + 137 + 53 + 1  # "1,191"
    assert ("36", 2019) not in v.index  # "-"
    assert ("50", 2020) not in v.index  # "X"
    assert ("52", 2021) not in v.index  # "…"
    reasons = set(r.missing["reason"])
    assert any("'-'" in x for x in reasons) and any("'X'" in x for x in reasons) and any("'…'" in x for x in reasons)
    assert set(r.preliminary["column"]) == {"2022 p)"}
    assert (r.values["year"] == 2022).sum() == 17  # the (p) marker stripped, values kept


def test_wide_sido_totals_dropped_and_cross_checked():
    r = _load("wide_sido_utf8bom.csv")
    assert set(r.report.aggregates["input"]) == {"전국", "수도권"}
    assert "00" not in set(r.values["code"])
    cap = r.checks[r.checks["total"] == "수도권"]
    assert len(cap) == 4 and (cap["status"] == "ok").all() and (cap["regions"] == 3).all()
    nat = r.checks[r.checks["total"] == "전국"].set_index("year")["status"]
    # a region with '-'/'X'/'…' in 2019-2021 makes the national check incomplete; 2022 is complete
    assert nat.to_dict() == {2019: "incomplete", 2020: "incomplete", 2021: "incomplete", 2022: "ok"}


def test_multiheader_sigungu_cp949_two_region_columns():
    r = _load("multiheader_sigungu_cp949.csv")
    assert r.grid.encoding == "cp949" and r.level == "sigungu"
    assert set(r.indicators) == {"사업체수", "종사자수"}
    assert r.units == {"사업체수": "개", "종사자수": "명"}
    codes = set(r.values["code"])
    # 중구 three times, disambiguated by the 시도 column; 군위군 is Daegu's now; 강원도 → 51
    assert {"11140", "26110", "27110", "27720", "51110", "51150", "41111", "41113", "41190"} <= codes
    assert len(codes) == 12
    assert r.report.ambiguous.empty and r.report.unmatched.empty
    assert (r.checks["status"] == "ok").all() and len(r.checks) == 24
    assert set(r.report.aggregates["input"]) == {"계", "소계"}


def test_long_codes_of_several_vintages():
    r = _load("long_codes_utf8.csv")
    assert r.layout == "long" and r.level == "sigungu"
    assert r.units == {"연구개발비": "백만원"}
    m = r.report.matched.drop_duplicates("input").set_index("input")["code"].to_dict()
    assert m["47720"] == "27720"  # 군위군 under its former (경북) code
    assert m["42110"] == "51110"  # 춘천시, 강원 42 → 51
    assert m["45111"] == "52111"  # 전주시 완산구, 전북 45 → 52
    assert m["28170"] == "28177"  # 인천 남구 → 미추홀구
    assert m["1111000000"] == "11110"  # 10-digit code
    ch = r.report.changed
    assert set(ch["input"]) == {"44730"} and set(ch["status"]) == {"merged"}  # 연기군 lies within Sejong
    assert "36110" not in set(r.values["code"])


def test_prefixed_names_and_parent_city_subtotal():
    r = _load("prefixed_sigungu_utf8.csv")
    codes = set(r.values["code"])
    assert {"41111", "41113", "41115", "41117", "11140", "26110", "28177", "47111", "52113"} == codes
    assert r.report.aggregates["kind"].tolist() == ["parent_city"]
    assert r.checks["status"].tolist() == ["ok"] and r.checks["regions"].tolist() == [4]


def test_kostat_sido_codes_cp949():
    r = _load("kostat_codes_cp949.csv")
    assert r.grid.encoding == "cp949"
    v = r.values.set_index("code")["value"]
    assert len(v) == 17
    assert v["26"] == 1053 + 137 + 1  # KOSTAT 21 = Busan (MOIS 26), second row
    assert v["41"] == float(1000 + 137 * 8 + 53 + 8)  # KOSTAT 31 = Gyeonggi


def test_kostat_sigungu_codes_are_refused_not_mismatched():
    """SYNTHETIC values. KOSTAT 11110 (노원구) must not land on MOIS 11110 (종로구)."""
    only_codes = "행정구역코드,2020\n11010,1\n11020,2\n11110,3\n11140,4\n".encode()
    with pytest.raises(ImportFileError, match="KOSTAT .* si-gun-gu codes"):
        import_file(only_codes, "kostat.csv")
    with_names = "행정구역코드,행정구역별,2020\n11010,종로구,1\n11110,노원구,3\n11140,마포구,4\n".encode()
    v = import_file(with_names, "kostat_names.csv").values.set_index("code")["value"]
    assert v.to_dict() == {"11110": 1.0, "11350": 3.0, "11440": 4.0}  # MOIS 종로구, 노원구, 마포구


def test_xlsx_meta_sheet_skipped_title_and_unit():
    r = _load("kosis_meta.xlsx")
    assert r.grid.sheet == "데이터" and any("메타정보" in n for n in r.grid.notes)
    assert r.indicators == ["시도별 연구개발비"] and r.units["시도별 연구개발비"] == "백만원"
    assert len(r.values) == 17 * 3 - 1  # 인천 2020 is 'X'
    assert set(r.checks["status"]) == {"ok", "incomplete"}


def test_manual_encoding_override_and_wrong_encoding():
    data = (FIX / "multiheader_sigungu_cp949.csv").read_bytes()
    assert import_file(data, "f.csv", encoding="euc-kr").level == "sigungu"
    with pytest.raises(ImportFileError, match="not valid utf-8.*detected encoding is cp949"):
        import_file(data, "f.csv", encoding="utf-8")
    with pytest.raises(ImportFileError, match="Unknown encoding"):
        import_file(data, "f.csv", encoding="klingon")


def test_detect_encoding():
    assert detect_encoding("시도,값".encode("cp949")) == "cp949"
    assert detect_encoding("\ufeff시도".encode()) == "utf-8-sig"
    assert detect_encoding("시도".encode()) == "utf-8"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,234", (1234.0, "", False)), ("12.5", (12.5, "", False)), ("56.7 (p)", (56.7, "", True)),
     ("1,234p)", (1234.0, "", True)), ("△12", (-12.0, "", False)), ("１２３", (123.0, "", False))],
)
def test_clean_value(text, expected):
    assert clean_value(text) == expected


@pytest.mark.parametrize("marker", ["-", "X", "x", "…", "...", ""])
def test_clean_value_markers(marker):
    v, reason, _ = clean_value(marker)
    assert np.isnan(v) and reason


# ------------------------------------------------------------------------------------------- hostile input
HOSTILE: dict[str, tuple[bytes, str, str]] = {
    "empty": (b"", "a.csv", "is empty"),
    "whitespace": (b" \r\n\n", "a.csv", "is empty"),
    "png renamed": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "a.csv", "PNG image"),
    "binary": (bytes(range(256)) * 8, "a.csv", "binary data"),
    "pdf": (b"%PDF-1.4\n...", "a.csv", "PDF"),
    "old xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.xls", "old .xls workbooks"),
    "xlsx not zip": (b"hello,world\n", "a.xlsx", "not an XLSX"),
    "damaged zip": (b"PK\x03\x04garbage", "a.xlsx", "not a valid XLSX"),
    "no region column": (_csv("a,b\n1,2\n3,4\n"), "a.csv", "No column holds region"),
    "all unknown": (_csv("지역,2020\n가나다,1\n라마바,2\n"), "a.csv", "None of the regions"),
    "conflicting duplicates": (_csv("시도,2020\n서울,1\n서울특별시,2\n부산,3\n"), "a.csv", "appears in rows 2, 3"),
    "text in numbers": (_csv("시도,2020\n서울,1\n부산,abc\n대구,3\n"), "a.csv", "text where a number.*row 3"),
    "negative": (_csv("시도,2020\n서울,1\n부산,-5\n대구,3\n"), "a.csv", "negative.*rows 3"),
    "nan": (_csv("시도,2020\n서울,1\n부산,nan\n대구,3\n"), "a.csv", "non-finite.*rows 3"),
    "inf": (_csv("시도,2020\n서울,1\n부산,inf\n대구,1e999\n"), "a.csv", "non-finite.*rows 3, 4"),
    "no year": (_csv("시도,값\n서울,1\n부산,2\n"), "a.csv", "No year found"),
    "only markers": (_csv("시도,2020\n서울,-\n부산,X\n"), "a.csv", "have no figures"),
    "no numbers": (_csv("시도,2020\n서울,a\n부산,b\n"), "a.csv", "text where a number"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_input_gives_one_import_error(case):
    data, name, pattern = HOSTILE[case]
    with pytest.raises(ImportFileError, match=pattern) as info:
        import_file(data, name)
    assert "\n" not in str(info.value) and "Traceback" not in str(info.value)


def test_wrong_encoding_gives_garbled_hint():
    data = "시도,2020\n서울,1\n부산,2\n".encode("cp949")
    with pytest.raises(ImportFileError, match="encoding"):
        import_file(data, "a.csv", encoding="latin-1")


def test_too_large_refused_before_parsing(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("parsed a file above the limit")

    monkeypatch.setattr(grid, "_read_csv", boom)
    big = b"a" * (MAX_BYTES + 1)
    with pytest.raises(ImportFileError, match="limit is 50 MB"):
        import_file(big, "big.csv")


def test_negative_allowed_on_request():
    r = import_file(_csv("시도,2020\n서울,1\n부산,-5\n"), "a.csv", allow_negative=True)
    assert r.values.set_index("code")["value"]["26"] == -5.0


def test_identical_duplicates_reported_and_kept_once():
    r = import_file(_csv("시도,2020\n서울,1\n서울특별시,1\n부산,3\n"), "a.csv")
    assert len(r.values) == 2
    assert r.report.duplicates["code"].tolist() == ["11"] and r.report.duplicates["rows"].tolist() == ["2, 3"]


def test_ambiguous_and_unmatched_reported_with_candidates():
    r = import_file(_csv("지역,2020\n종로구,1\n중구,2\n강남구,3\n해운대구,4\n강남구청,5\n"), "a.csv")
    assert r.report.ambiguous["input"].tolist() == ["중구"]
    assert "서울특별시 중구 (11140)" in r.report.ambiguous["candidates"].iloc[0]
    un = r.report.unmatched
    assert un["input"].tolist() == ["강남구청"] and "11680" in un["suggestions"].iloc[0]


def _formula_book(cached: bool) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["시도", "2020"])
    ws.append(["서울", 1])
    ws.append(["부산", "=B2*2"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_formula_cells_without_cached_values_refused():
    with pytest.raises(ImportFileError, match=r"formula cell\(s\) without a stored result \(B3\)"):
        import_file(_formula_book(cached=False), "f.xlsx")


def test_html_names_stay_data():
    r = _load("html_names_utf8.csv")
    assert set(r.values["code"]) == {"11", "26"}
    assert set(r.report.unmatched["input"]) == {"<script>alert('x')</script>", '<img src=x onerror="alert(1)">'}
    as_json = json.dumps(r.to_dict(), ensure_ascii=False)
    assert "<script>alert('x')</script>" in as_json  # kept verbatim as data; escaping is the display's job


def test_result_is_frozen_and_tidy():
    r = _load("wide_sido_utf8bom.csv")
    with pytest.raises(AttributeError):
        r.layout = "long"  # type: ignore[misc]
    assert r.values.columns.tolist() == ["code", "level", "year", "indicator", "value"]
    assert r.values["value"].dtype == float and np.isfinite(r.values["value"]).all()
    assert not r.values.duplicated(["code", "year", "indicator"]).any()


def test_read_grid_keeps_row_numbers():
    g = read_grid(_csv("\n시도,2020\n\n서울,1\n"), "a.csv")
    assert g.cells.index.tolist() == [2, 4]


# ------------------------------------------------------------------------------------------- CLI
def test_cli_json(capsys):
    assert cli_main(["import", str(FIX / "long_codes_utf8.csv"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["report"]["summary"]["changed"] == 2 and out["level"] == "sigungu"


def test_cli_text(capsys):
    assert cli_main(["import", str(FIX / "multiheader_sigungu_cp949.csv"), "--encoding", "cp949"]) == 0
    out = capsys.readouterr().out
    assert "matched" in out and "종사자수" in out


def test_cli_error_one_line(tmp_path, capsys):
    f = tmp_path / "x.csv"
    f.write_bytes(b"")
    assert cli_main(["import", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1


def test_cli_missing_file(tmp_path, capsys):
    assert cli_main(["import", str(tmp_path / "nope.csv")]) == 2
    assert "not found" in capsys.readouterr().err


def test_bundled_values_untouched():
    from analysis import indicators

    before = indicators.load_values().copy()
    _load("wide_sido_utf8bom.csv")
    pd.testing.assert_frame_equal(before, indicators.load_values())


# ------------------------------------------------------------------------------------------- userdata
def _user(name: str = "wide_sido_utf8bom.csv", nature: str = "extensive"):
    from analysis import userdata

    r = _load(name)
    return userdata.make_user_indicator(r.values, r.indicators[0], label="합성 지표 <b>x</b>", unit="명",
                                        layer="rnd", nature=nature, source=name)


def test_user_indicator_in_a_store_reads_like_a_bundled_one():
    from analysis import indicators
    from analysis.store import bundled

    u = _user()
    assert u.id == "user_b_x_b"
    cat = indicators.load_catalogue()
    store = bundled().with_user(u)
    assert len(store.catalogue) == len(cat) + 1 and store.catalogue.columns.tolist() == cat.columns.tolist()
    assert store.catalogue.loc[u.id, "label_ko"] == "합성 지표 <b>x</b>" and store.catalogue.loc[u.id, "layer"] == "rnd"
    pd.testing.assert_frame_equal(cat, indicators.load_catalogue())  # input untouched
    assert u.id not in bundled().catalogue.index
    assert store.years(u.id, "sido") == [2019, 2020, 2021, 2022]
    v = store.view(u.id, "sido", 2022)
    assert v.values["11"] == float(1000 + 53 * 3) and len(v.values) == 17
    share = store.view(u.id, "sido", 2022, "share")
    assert round(float(share.values.sum()), 9) == 100.0
    panel = store.panel(u.id, "sido")
    assert panel.shape == (17, 4) and panel[2019].isna().sum() == 1  # Sejong '-' in 2019


def test_userdata_intensive_has_only_raw():
    from analysis.errors import AggregationError
    from analysis.store import bundled

    u = _user(nature="intensive")
    store = bundled().with_user(u)
    assert store.modes(u.id) == ["raw"]
    with pytest.raises(AggregationError):
        store.view(u.id, "sido", 2022, "share")


def test_userdata_refuses_bad_metadata():
    from analysis import userdata

    r = _load("wide_sido_utf8bom.csv")
    with pytest.raises(ImportFileError, match="layer"):
        userdata.make_user_indicator(r.values, r.indicators[0], label="a", unit="", layer="x", nature="extensive",
                                     source="f")
    with pytest.raises(ImportFileError, match="not in the file"):
        userdata.make_user_indicator(r.values, "nope", label="a", unit="", layer="rnd", nature="extensive",
                                     source="f")


# ------------------------------------------------------------------------------------------- bounded matching
def _institutions(n: int = 2000, typos: tuple[str, ...] = ()) -> bytes:
    """SYNTHETIC long table: a free-text column of n distinct institution names next to the sido column."""
    sido = ["서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시",
            "세종특별자치시", "경기도", "강원도", "충청북도", "충청남도", "전라북도", "전라남도", "경상북도",
            "경상남도", "제주특별자치도"]
    rows = ["기관명,시도,연도,연구원수"]
    for i in range(n):
        rows.append(f"(주)한빛미래기술연구소 제{i}분원 부설 실험실,{sido[i % 17]},{1900 + i // 17},{i}")
    for j, t in enumerate(typos):
        rows.append(f"기관 {j},{t},2099,1")
    return ("\n".join(rows) + "\n").encode()


def test_free_text_column_costs_no_fuzzy_search():
    from geo import codes

    idx = codes.default_index()
    before = idx.suggest_calls
    r = import_file(_institutions(), "institutions.csv")
    assert idx.suggest_calls == before  # every region matched: no nearest-name search at all
    assert r.report.column == "시도" and len(r.report.matched) == 2000 and r.layout == "long"


def test_fuzzy_suggestions_only_for_unmatched_names_of_the_chosen_column():
    from geo import codes

    idx = codes.default_index()
    before = idx.suggest_calls
    r = import_file(_institutions(typos=("서울특벌시", "부산광억시", "서울특벌시")), "institutions.csv")
    assert idx.suggest_calls - before == 2  # two distinct unmatched names, searched once each
    un = r.report.unmatched.set_index("input")["suggestions"]
    assert "(11)" in un["서울특벌시"].iloc[0] and "(26)" in un["부산광억시"]


def test_fuzzy_suggestions_bounded(monkeypatch):
    from geo import codes

    monkeypatch.setattr(importer, "MAX_SUGGESTED", 5)
    idx = codes.default_index()
    before = idx.suggest_calls
    r = import_file(_institutions(200, typos=tuple(f"없는지역{i}" for i in range(40))), "institutions.csv")
    assert idx.suggest_calls - before == 5
    assert len(r.report.unmatched) == 40
    assert any("suggestions skipped for 35 unmatched" in n for n in r.notes)


# ------------------------------------------------------------------------------------------- hostile XLSX
SIDO17 = [("서울특별시", 1), ("부산광역시", 2), ("대구광역시", 3), ("인천광역시", 4), ("광주광역시", 5),
          ("대전광역시", 6), ("울산광역시", 7), ("세종특별자치시", 8), ("경기도", 9), ("강원도", 10), ("충청북도", 11),
          ("충청남도", 12), ("전라북도", 13), ("전라남도", 14), ("경상북도", 15), ("경상남도", 16), ("제주특별자치도", 17)]


def test_xlsx_lying_dimension_reads_every_row():
    import re as _re

    book = _book([["시도", 2020], *[[n, v] for n, v in SIDO17]])
    lying = _patch_sheet(book, lambda x: _re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:B9"', x))
    assert b'ref="A1:B9"' in __import__("zipfile").ZipFile(io.BytesIO(lying)).read("xl/worksheets/sheet1.xml")
    r = import_file(lying, "lying.xlsx")
    assert len(r.values) == 17 and r.report.summary()["unmatched"] == 0


@pytest.mark.parametrize(("edit", "pattern"), [
    (lambda x: x[: len(x) // 2], "damaged XML"),
    (lambda x: x.replace("<sheetData>", "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row>"), "damaged XML"),
    (lambda x: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
     + x.split("?>", 1)[-1].replace("<v>1</v>", "<v>&xxe;</v>"), "DOCTYPE"),
    (lambda x: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
     + x.split("?>", 1)[-1].replace("<v>1</v>", "<v>&b;</v>"), "DOCTYPE"),
    (lambda x: x.replace("<v>2</v>", "<v>#DIV/0!</v>", 1).replace('t="n"', ""), r"error value.*#DIV/0!"),
    (lambda x: x.replace('<c r="B3" t="n"', '<c r="B3" t="e"', 1).replace("<v>2</v>", "<v>#DIV/0!</v>", 1),
     r"error value.*B3 \(#DIV/0!\)"),
    (lambda x: x.replace('<c r="B3" t="n"', '<c r="B3" t="zz"', 1), "unknown type 'zz'"),
    (lambda x: x.replace('<c r="B3" t="n"', '<c r="B3" t="s"', 1).replace("<v>2</v>", "<v>999</v>", 1),
     "shared string '999'"),
    (lambda x: x.replace('r="B3"', 'r="3B"', 1), "not like 'B7'"),
])
def test_xlsx_parse_failures_are_import_errors(edit, pattern):
    book = _book([["시도", 2020], ["서울특별시", 1], ["부산광역시", 2], ["대구광역시", 3]])
    with pytest.raises(ImportFileError, match=pattern) as info:
        import_file(_patch_sheet(book, edit), "bad.xlsx")
    assert "\n" not in str(info.value) and "Traceback" not in str(info.value)


def test_xlsx_one_row_bomb_refused_from_the_zip_directory():
    import tracemalloc

    bomb = _bomb()
    assert len(bomb) < 400_000
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError, match="zip bomb") as info:
            import_file(bomb, "bomb.xlsx")
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "\n" not in str(info.value) and "sheet1.xml" in str(info.value)
    assert peak < 50 * 1024 * 1024  # refused before a byte of the sheet is inflated


def test_xlsx_one_row_bomb_stopped_mid_row_by_the_streaming_budget(monkeypatch):
    from ingest import xlsx_reader

    monkeypatch.setattr(xlsx_reader, "MAX_RATIO", 1e9)  # pretend the directory looked innocent
    with pytest.raises(ImportFileError, match="beyond Excel's 16,384 columns"):
        import_file(_bomb(200_000), "bomb.xlsx")


def test_xlsx_cell_budget_stops_mid_row(monkeypatch):
    from ingest import xlsx_reader

    monkeypatch.setattr(xlsx_reader, "MAX_CELLS", 1000)
    book = _book([["시도", *range(2000, 2400)], *[[n, *([v] * 400)] for n, v in SIDO17]])
    with pytest.raises(ImportFileError, match="more than 1,000 cells"):
        import_file(book, "wide.xlsx")


def test_xlsx_inline_strings_booleans_and_row_gaps():
    xml = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
           'spreadsheetml/2006/main"><dimension ref="A1"/><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>시도</t></is></c><c r="B1"><v>2020</v></c></row>'
           '<row r="5"><c r="A5" t="inlineStr"><is><r><t>서울</t></r><r><t>특별시</t></r>'
           '<rPh><t>ソウル</t></rPh></is></c><c r="B5"><v>1.5E3</v></c></row>'
           '<row r="7"><c r="A7" t="str"><f>"부산"</f><v>부산</v></c><c r="C7" t="b"><v>1</v></c>'
           '<c r="B7"><v>2</v></c></row>'
           "</sheetData></worksheet>")
    book = _patch_sheet(_book([["x"]]), lambda _x: xml)
    g = read_grid(book, "inline.xlsx")
    assert g.cells.index.tolist() == [1, 5, 7]
    assert g.cells.loc[5].tolist()[:2] == ["서울특별시", "1500"]
    assert g.cells.loc[7].tolist() == ["부산", "2", "TRUE"]
    assert any("1 formula cell(s) read as their stored" in n for n in g.notes)


def test_utf8_bom_followed_by_cp949_text():
    data = b"\xef\xbb\xbf" + "시도,2020\n서울,1\n부산,2\n".encode("cp949")
    r = import_file(data, "bom_cp949.csv")
    assert r.grid.encoding == "cp949" and set(r.values["code"]) == {"11", "26"}
    assert any("byte-order mark" in n for n in r.grid.notes)


def test_encoding_message_never_proposes_the_encoding_that_failed():
    data = "시도,2020\n서울,1\n".encode("cp949")
    with pytest.raises(ImportFileError) as info:
        import_file(data, "a.csv", encoding="utf-8")
    assert "detected encoding is cp949" in str(info.value)
    raw = b"\xff\xfe\x00\xd8" + b"\x00\xd8" * 10  # no encoding decodes it (lone surrogates in UTF-16)
    with pytest.raises(ImportFileError) as info:
        import_file(raw, "b.csv")
    msg = str(info.value)
    assert "not valid utf-16" in msg and "detected encoding is utf-16" not in msg


# ------------------------------------------------------------------------------------------- years in headers
@pytest.mark.parametrize("header", ["인구 (명, end of 2014)", "인구 2014년 말", "인구 (2014)", "인구 2014.12.31",
                                    "인구 2014 기준", "Population (persons, end of 2014)"])
def test_year_from_value_header_text(header):
    r = import_file(_csv(f"시도,\"{header}\"\n서울,1\n부산,2\n"), "a.csv")
    assert r.values["year"].unique().tolist() == [2014] and len(r.values) == 2
    assert any("year 2014 read from the header text" in n for n in r.notes)
    assert "2014" not in r.indicators[0]


def test_year_from_title_row_and_two_years_ask():
    r = import_file(_csv("시도별 인구 (2014년 말 기준)\n시도,인구(명)\n서울,1\n부산,2\n"), "a.csv")
    assert r.values["year"].unique().tolist() == [2014] and r.units == {"인구": "명"}
    with pytest.raises(ImportFileError, match=r"Several years in the headers .*2013, 2014"):
        import_file(_csv("시도,인구 (2013),사업체 (2014)\n서울,1,2\n부산,2,3\n"), "a.csv")
    with pytest.raises(ImportFileError, match="No year found"):
        import_file(_csv("시도,소비자물가지수 (2020=100)\n서울,101\n부산,99\n"), "a.csv")
    r = import_file(_csv("시도,소비자물가지수 (2020=100)\n서울,101\n부산,99\n"), "a.csv", year=2022)
    assert r.indicators == ["소비자물가지수"] and r.values["year"].unique().tolist() == [2022]


# ------------------------------------------------------------------------------------------- parent context
def _english_2014():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.english_2014()


def test_english_2014_table_with_province_column():
    """SYNTHETIC figures; the 229 autonomous units of the bundle written as a 2014 English table."""
    _rows, expected = _english_2014()
    r = _load("english_sigungu_2014.xlsx")  # no year given: 'end of 2014' in the header
    assert r.values["year"].unique().tolist() == [2014] and r.units == {"Population": "persons"}
    m = r.report.matched
    assert len(m) >= 227 and len(expected) == 229
    got = dict(zip(m["row"], m["code"], strict=True))
    assert all(code == expected[row - 2] for row, code in got.items())  # zero wrong matches
    by_input = m.set_index("input")
    assert by_input.loc["Gwangju-si", "code"] == "41610"  # Province = Gyeonggi-do, not the metropolitan city
    assert by_input.loc["Sejong", "code"] == "36110"  # the only si-gun-gu unit, not a sido subtotal
    assert ("28177", "former") in set(zip(by_input.loc["Nam-gu", "code"], by_input.loc["Nam-gu", "status"],
                                          strict=True))  # Incheon's 남구 of 2014, now 미추홀구
    assert m.loc[m["code"] == "28177", "reason"].str.contains("In 2014, the table's year, this was the name").all()
    assert by_input.loc["Seong-dong", "code"] == "11200" and by_input.loc["Gang-dong", "code"] == "11740"
    assert r.report.aggregates.empty and r.report.ambiguous.empty


def test_parent_column_outside_unit_is_not_guessed():
    r = import_file(_csv("Province,District,2020\nBusan,Jongno-gu,1\nSeoul,Jung-gu,2\nBusan,Jung-gu,3\n"), "a.csv")
    assert r.values.set_index("code")["value"].to_dict() == {"11140": 2.0, "26110": 3.0}
    un = r.report.unmatched
    assert un["input"].tolist() == ["Jongno-gu"] and "not in sido 26" in un["reason"].iloc[0]
    assert "11110" in un["suggestions"].iloc[0]


@pytest.mark.parametrize("names", [
    ["서울특별시 중구", "부산광역시 중구", "경기도 광주시", "세종특별자치시"],
    ["Jung-gu, Seoul", "Jung-gu, Busan", "Gwangju-si, Gyeonggi-do", "Sejong"],
])
def test_hierarchical_names(names):
    body = "\n".join(f'"{n}",{i + 1}' for i, n in enumerate(names))
    r = import_file(_csv(f"지역,2020\n{body}\n"), "a.csv", level="sigungu")
    assert r.values.set_index("code")["value"].to_dict() == {"11140": 1.0, "26110": 2.0, "41610": 3.0, "36110": 4.0}


def test_kosis_indented_rows_resolve_inside_the_sido_above():
    text = ("행정구역별,2014\n전국,100\n서울특별시,30\n  중구,10\n  성동구,20\n인천광역시,30\n  남구,30\n"
            "경기도,40\n  광주시,15\n  수원시,25\n세종특별자치시,0\n")
    r = import_file(_csv(text), "a.csv")
    v = r.values.set_index("code")["value"].to_dict()
    assert v == {"11140": 10.0, "11200": 20.0, "28177": 30.0, "41610": 15.0, "41110": 25.0, "36110": 0.0}
    assert set(r.report.aggregates["input"]) == {"전국", "서울특별시", "인천광역시", "경기도"}
    assert (r.checks.loc[r.checks["total"] != "전국", "status"] == "ok").all()


# ------------------------------------------------------------------------------------------- CLI and small checks
@pytest.mark.parametrize("content", [b"PK\x03\x04garbage", b"", "시도,2020\n서울,1e308\n부산,2\n".encode()])
def test_cli_import_errors_one_line_exit_2(tmp_path, capsys, content):
    f = tmp_path / "bad.xlsx" if content.startswith(b"PK") else tmp_path / "bad.csv"
    f.write_bytes(content)
    assert cli_main(["import", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1 and "Traceback" not in err


def test_cli_never_prints_escape_codes_raw(tmp_path, capsys):
    f = tmp_path / "esc.csv"
    f.write_text("시도,2020\n서울,1\n\x1b[31m빨강\x1b[0m\x9b2J,2\n부산,3\n", encoding="utf-8")
    assert cli_main(["import", str(f)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x9b" not in out and "\\x1b[31m" in out
    assert cli_main(["import", str(f), "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x9b" not in out
    assert json.loads(out)["report"]["unmatched"][0]["input"].startswith("\x1b[31m")


def test_overflow_sized_values_refused():
    with pytest.raises(ImportFileError, match=r"beyond ±1e\+18.*rows 2, 3"):
        import_file(_csv("시도,2020\n서울,1e308\n부산,-1e308\n대구,3\n"), "a.csv", allow_negative=True)


def test_kosis_footnote_rows_are_footnotes_not_unmatched_regions():
    text = ("행정구역별,2020\n서울특별시,1\n부산광역시,2\n주: 1) 2020년은 잠정치\n자료: 통계청 「합성 자료」\n"
            "※ 세종 포함\n1) 비밀보호 셀은 X\n")
    r = import_file(_csv(text), "a.csv")
    assert r.report.unmatched.empty and len(r.values) == 2
    assert any("4 footnote row(s) skipped" in n for n in r.notes)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_large_rectangular_csv_read_by_arrow_equals_the_csv_module_path():
    """SYNTHETIC figures. Above 1 MB a rectangular CSV goes through Arrow; a ragged one (a title row) through the
    csv module and pandas: both give the same values."""
    from geo import codes as gcodes

    sgg = sorted(gcodes.default_index().units["sigungu"])
    lines = ["행정구역코드,시점," + ",".join(f"지표{k} (명)" for k in range(6))]
    for i, c in enumerate(sgg):
        for y in range(1925, 2025):
            lines.append(f"{c},{y}," + ",".join(str((i * 7 + y * 3 + k) % 99991) for k in range(6)))
    flat = ("\n".join(lines) + "\n").encode()
    assert len(flat) > 1_000_000
    a = import_file(flat, "flat.csv")
    b = import_file("합성 표 (SYNTHETIC)\n".encode() + flat, "titled.csv")
    assert a.grid.cells.shape[0] == len(lines) and len(a.values) == 6 * 100 * len(sgg)
    pd.testing.assert_frame_equal(a.values, b.values)


@pytest.mark.parametrize(("level", "indicator", "year"), [("sido", "gva_manufacturing_nominal_b2020", 2022),
                                                          ("sigungu", "grdp_nominal_b2015", 2020)])
def test_the_atlas_s_own_csv_export_imports_back_with_the_same_figures(level, indicator, year):
    """The Map tab's CSV (and `analysis map --out x.csv`) read back: `value` is the figure; `rank`, `class` and
    `sido_code` beside it describe it (it failed with "appears in rows 2 … with different figures")."""
    from analysis.store import bundled
    from geo.boundaries import load_boundaries
    from geo.classify import classify
    from report.exports import csv_bytes, map_table

    store = bundled()
    view = store.view(indicator, level, year, "raw")
    gdf = load_boundaries(level, autonomous=level == "sigungu").loc[view.values.index]
    table = map_table(view, classify(view.values, "quantiles", 5), gdf)
    res = import_file(csv_bytes(table), f"{level}.csv")
    got = res.values.set_index("code")["value"]
    assert res.level == level and set(res.values["indicator"]) == {indicator} and set(res.values["year"]) == {year}
    assert len(got) == len(view.values)
    pd.testing.assert_series_equal(got.sort_index(), view.values.astype(float).sort_index(), check_names=False)


def test_a_code_column_beside_the_region_is_never_a_figure():
    """A long table's secondary code column (시도코드) is numeric but describes the region; only the figure is
    imported."""
    data = _csv("시군구코드,시도코드,시점,인구\n11110,11,2020,5\n26110,26,2020,7\n")
    res = import_file(data, "codes.csv")
    assert res.indicators == ["인구"]  # not 시도코드 as a second indicator
    assert res.values.set_index("code")["value"].to_dict() == {"11110": 5.0, "26110": 7.0}
