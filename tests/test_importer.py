"""analysis.importer on SYNTHETIC KOSIS-shaped fixtures (tests/fixtures/import, see its README) and hostile input.

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

from analysis import importer
from analysis.errors import ImportFileError
from analysis.importer import MAX_BYTES, clean_value, detect_encoding, import_file, read_grid
from cli import main as cli_main

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

    monkeypatch.setattr(importer, "_read_csv", boom)
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


def test_userdata_merge_catalogue_and_views():
    from analysis import indicators, userdata

    u = _user()
    assert u.id == "user_b_x_b" and userdata.is_user(u.id)
    cat = indicators.load_catalogue()
    merged = userdata.merge_catalogue(cat, {u.id: u})
    assert len(merged) == len(cat) + 1 and merged.columns.tolist() == cat.columns.tolist()
    assert merged.loc[u.id, "label_ko"] == "합성 지표 <b>x</b>" and merged.loc[u.id, "layer"] == "rnd"
    pd.testing.assert_frame_equal(cat, indicators.load_catalogue())  # input untouched
    assert userdata.user_years(u, "sido") == [2019, 2020, 2021, 2022]
    v = userdata.user_view(u, "sido", 2022)
    assert v.values["11"] == float(1000 + 53 * 3) and len(v.values) == 17
    share = userdata.user_view(u, "sido", 2022, "share")
    assert round(float(share.values.sum()), 9) == 100.0
    panel = userdata.user_panel(u, "sido")
    assert panel.shape == (17, 4) and panel[2019].isna().sum() == 1  # Sejong '-' in 2019


def test_userdata_intensive_has_only_raw():
    from analysis import userdata
    from analysis.errors import AggregationError

    u = _user(nature="intensive")
    assert userdata.user_modes(u) == ["raw"]
    with pytest.raises(AggregationError):
        userdata.user_view(u, "sido", 2022, "share")


def test_userdata_refuses_bad_metadata():
    from analysis import userdata

    r = _load("wide_sido_utf8bom.csv")
    with pytest.raises(ImportFileError, match="layer"):
        userdata.make_user_indicator(r.values, r.indicators[0], label="a", unit="", layer="x", nature="extensive",
                                     source="f")
    with pytest.raises(ImportFileError, match="not in the file"):
        userdata.make_user_indicator(r.values, "nope", label="a", unit="", layer="rnd", nature="extensive",
                                     source="f")
