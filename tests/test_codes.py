"""Tests of geo.codes: the code tables and the resolver.

Two indexes are used:

* ``SUBSET`` -- a hand-made subset of the bundled units (real codes and names of the bundled vintage, in the
  schema of ``data/boundaries``), so the resolver logic is tested with known answers and without the build;
* the real bundled index, for the round trips over every bundled unit (skipped until data/boundaries exists).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo import codes
from geo.codes import (
    Candidate,
    CodeIndex,
    CodesError,
    CodeSystemError,
    Resolution,
    UnknownLevelError,
    aggregate_kind,
    code_tables,
    infer_code_system,
    kostat_to_mois,
    mois_to_kostat,
    resolve_many,
)

TABLES = code_tables()

# --------------------------------------------------------------------------------- the subset fixture
# Real codes and names of the bundled vintage (2023-09-15 geometry, Gangwon 51, Jeonbuk 52, 군위 27720,
# 부천시 and 청주시 one unit each); English names as the boundary build writes them.
_SIGUNGU = [
    # code, name_ko, name_en, parent_code, parent_name_ko, parent_name_en
    ("11110", "종로구", "Jongno-gu", "", "", ""),
    ("11140", "중구", "Jung-gu", "", "", ""),
    ("26110", "중구", "Jung-gu", "", "", ""),
    ("26230", "부산진구", "Busanjin-gu", "", "", ""),
    ("26290", "남구", "Nam-gu", "", "", ""),
    ("27110", "중구", "Jung-gu", "", "", ""),
    ("27720", "군위군", "Gunwi-gun", "", "", ""),
    ("28110", "중구", "Jung-gu", "", "", ""),
    ("28140", "동구", "Dong-gu", "", "", ""),
    ("28177", "미추홀구", "Michuhol-gu", "", "", ""),
    ("28260", "서구", "Seo-gu", "", "", ""),
    ("29110", "동구", "Dong-gu", "", "", ""),
    ("29155", "남구", "Nam-gu", "", "", ""),
    ("30140", "중구", "Jung-gu", "", "", ""),
    ("31110", "중구", "Jung-gu", "", "", ""),
    ("36110", "세종시", "Sejong-si", "", "", ""),
    ("41111", "수원시 장안구", "Suwon-si Jangan-gu", "41110", "수원시", "Suwon-si"),
    ("41113", "수원시 권선구", "Suwon-si Gwonseon-gu", "41110", "수원시", "Suwon-si"),
    ("41190", "부천시", "Bucheon-si", "", "", ""),
    ("41610", "광주시", "Gwangju-si", "", "", ""),
    ("41670", "여주시", "Yeoju-si", "", "", ""),
    ("43110", "청주시", "Cheongju-si", "", "", ""),
    ("44270", "당진시", "Dangjin-si", "", "", ""),
    ("44800", "홍성군", "Hongseong-gun", "", "", ""),
    ("47111", "포항시 남구", "Pohang-si Nam-gu", "47110", "포항시", "Pohang-si"),
    ("48820", "고성군", "Goseong-gun", "", "", ""),
    ("51110", "춘천시", "Chuncheon-si", "", "", ""),
    ("51820", "고성군", "Goseong-gun", "", "", ""),
    ("52111", "전주시 완산구", "Jeonju-si Wansan-gu", "52110", "전주시", "Jeonju-si"),
]
_EMD = [
    # code, name_ko, sigungu_code
    ("11110101", "청운동", "11110"),
    ("11110119", "세종로", "11110"),
    ("27720250", "군위읍", "27720"),
    ("28177101", "숭의동", "28177"),
    ("41195101", "원미동", "41190"),  # 부천 emd keep their pre-2016 code in the bundle
    ("43710250", "내수읍", "43110"),  # 청원군 emd keep their code, unit 청주시
    ("51820250", "간성읍", "51820"),
]


def _subset_units() -> dict[str, pd.DataFrame]:
    sido = pd.DataFrame({"code": TABLES.sido["mois_code"], "name_ko": TABLES.sido["name_ko"],
                         "name_en": TABLES.sido["name_en"]})
    sig = pd.DataFrame(_SIGUNGU, columns=["code", "name_ko", "name_en", "parent_code", "parent_name_ko",
                                          "parent_name_en"])
    sig.insert(3, "sido_code", sig["code"].str[:2])
    sig_idx = sig.set_index("code")
    emd = pd.DataFrame(_EMD, columns=["code", "name_ko", "sigungu_code"])
    emd["name_en"] = ""
    emd["sido_code"] = emd["sigungu_code"].str[:2]
    emd["sigungu_name_ko"] = emd["sigungu_code"].map(sig_idx["name_ko"])
    emd["sigungu_name_en"] = emd["sigungu_code"].map(sig_idx["name_en"])
    return {"sido": sido, "sigungu": sig, "emd": emd}


SUBSET = CodeIndex(_subset_units())


def res(query, **kw) -> Resolution:
    return SUBSET.resolve(query, **kw)


# ------------------------------------------------------------------------------------------- tables
def test_sido_table_has_17_sido_with_both_code_systems():
    s = TABLES.sido
    assert len(s) == 17
    assert s["mois_code"].is_unique and s["kostat_code"].is_unique
    assert set(s["kostat_code"]) == {"11", *map(str, range(21, 27)), "29", *map(str, range(31, 40))}
    assert set(s["mois_code"]) == {"11", "26", "27", "28", "29", "30", "31", "36", "41", "43", "44", "46", "47",
                                   "48", "50", "51", "52"}
    # known pairs (KOSTAT 21 = Busan = MOIS 26; KOSTAT 26 = Ulsan = MOIS 31; KOSTAT 29 = Sejong = MOIS 36)
    pairs = dict(zip(s["kostat_code"], s["mois_code"], strict=True))
    assert pairs["21"] == "26" and pairs["26"] == "31" and pairs["29"] == "36" and pairs["32"] == "51"


@pytest.mark.parametrize("name", ["sido", "sido_names", "kostat_quirks", "code_rules", "changes", "aggregates"])
def test_every_table_row_has_a_source(name):
    frame = getattr(TABLES, name)
    assert len(frame) > 0
    assert (frame["source"].str.strip() != "").all(), f"{name}.csv has rows without a source"


def test_changes_table_is_well_formed():
    ch = TABLES.changes
    assert ch["change_id"].is_unique
    assert set(ch["relation"]) <= {"same", "into", "split", "overlap"}
    assert set(ch["level"]) <= {"sido", "sigungu", "emd"}
    assert set(ch["verified"]) <= {"true", "false"}
    assert ch["effective_date"].str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all()
    assert ((ch["old_code"] != "") | (ch["old_name_ko"] != "")).all()
    # the changes the issue lists are all there, with their dates
    want = {("42", "51", "2023-06-11"), ("45", "52", "2024-01-18"), ("47720", "27720", "2023-07-01"),
            ("28170", "28177", "2018-07-01"), ("41730", "41670", "2013-09-23"), ("44830", "44270", "2012-01-01"),
            ("43710", "43110", "2014-07-01"), ("44730", "36110", "2012-07-01"), ("41190", "41192", "2024-01-01")}
    have = set(zip(ch["old_code"], ch["new_code"], ch["effective_date"], strict=True))
    assert want <= have
    # the 2026 Incheon reorganisation is recorded (confirmed by law); the 서해구 rename is a lead only
    inch = ch[ch["effective_date"] == "2026-07-01"]
    assert set(inch.loc[inch["verified"] == "true", "new_name_ko"]) == {
        "인천광역시 영종구", "인천광역시 제물포구", "인천광역시 검단구"}
    assert inch.loc[inch["verified"] == "false", "new_name_ko"].tolist() == ["인천광역시 서해구"]


# --------------------------------------------------------------------------------- KOSTAT <-> MOIS
@pytest.mark.parametrize("row", TABLES.sido.to_dict("records"), ids=lambda r: r["name_ko"])
def test_kostat_mois_round_trip(row):
    assert kostat_to_mois(row["kostat_code"]) == row["mois_code"]
    assert kostat_to_mois(int(row["kostat_code"])) == row["mois_code"]
    assert mois_to_kostat(row["mois_code"]) == row["kostat_code"]


@pytest.mark.parametrize(("former", "kostat"), [("42", "32"), ("45", "35"), ("49", "39"), (42, "32")])
def test_former_mois_codes_map_to_kostat(former, kostat):
    assert mois_to_kostat(former) == kostat


def test_kostat_errors_name_the_valid_codes():
    with pytest.raises(CodeSystemError, match=r"'27' is not a KOSTAT sido code.*allow_quirks"):
        kostat_to_mois("27")
    assert kostat_to_mois("27", allow_quirks=True) == "36"
    with pytest.raises(CodeSystemError, match="not a MOIS sido code"):
        mois_to_kostat("21")


# ------------------------------------------------------------------------------ round trips of tables
@pytest.mark.parametrize("row", TABLES.sido.to_dict("records"), ids=lambda r: r["name_ko"])
def test_every_sido_code_and_name_in_the_table_resolves(row):
    for q in (row["mois_code"], int(row["mois_code"]), row["name_ko"], row["short_ko"], row["name_en"]):
        r = res(q, level="sido", code_system="mois")
        assert (r.code, r.status) == (row["mois_code"], "matched"), (q, r)
    r = res(row["kostat_code"], code_system="kostat")
    assert (r.code, r.status) == (row["mois_code"], "matched")


@pytest.mark.parametrize("row", TABLES.sido_names.to_dict("records"), ids=lambda r: r["name"])
def test_every_sido_alias_resolves(row):
    r = res(row["name"])
    expected = "former" if row["kind"] in ("former", "former_english") else "matched"
    assert (r.code, r.level, r.status) == (row["mois_code"], "sido", expected), r


@pytest.mark.parametrize("row", TABLES.code_rules.to_dict("records"), ids=lambda r: r["old_prefix"])
def test_every_former_sido_prefix_resolves(row):
    r = res(row["old_prefix"])
    assert (r.code, r.status) == (row["new_prefix"], "former")


_VERIFIED = TABLES.changes[TABLES.changes["verified"] == "true"].to_dict("records")


@pytest.mark.parametrize("row", _VERIFIED, ids=lambda r: r["change_id"])
def test_every_change_row_resolves_to_bundled_units(row):
    level = row["level"]
    for q in (row["old_code"], row["new_code"], row["old_name_ko"], row["new_name_ko"]):
        if not q:
            continue
        r = res(q, level=level, code_system="mois")
        assert r.status in ("matched", "former", "merged", "split"), (q, r)
        codes_out = [r.code] if r.code else [c.code for c in r.candidates]
        assert codes_out and all(SUBSET._is_bundled(level, c) for c in codes_out), (q, r)


# ----------------------------------------------------------------------- former codes and names (issue 5)
@pytest.mark.parametrize(
    ("query", "code", "status"),
    [
        ("강원도", "51", "former"), ("42", "51", "former"), (42, "51", "former"), ("Gangwon-do", "51", "former"),
        ("Gangwon Province", "51", "former"), ("강원특별자치도", "51", "matched"), ("Gangwon State", "51", "matched"),
        ("전라북도", "52", "former"), ("45", "52", "former"), (45, "52", "former"), ("Jeollabuk-do", "52", "former"),
        ("North Jeolla Province", "52", "former"), ("전북", "52", "matched"), ("제주도", "50", "former"),
        ("49", "50", "former"),
        (47720, "27720", "former"), ("47720", "27720", "former"), ("4772000000", "27720", "former"),
        ("경상북도 군위군", "27720", "former"), ("대구 군위군", "27720", "matched"), ("군위군", "27720", "matched"),
        ("42820", "51820", "former"), ("45111", "52111", "former"), ("4282025000", "51820250", "former"),
        ("4772025000", "27720250", "former"),
        ("28170", "28177", "former"), ("인천 남구", "28177", "former"), ("인천광역시 남구", "28177", "former"),
        ("2817010100", "28177101", "former"),
        ("41730", "41670", "former"), ("여주군", "41670", "former"), ("경기도 여주군", "41670", "former"),
        ("44830", "44270", "former"), ("당진군", "44270", "former"), ("44800", "44800", "matched"),
        ("43710", "43110", "merged"), ("청원군", "43110", "merged"), ("43112", "43110", "merged"),
        ("43114", "43110", "merged"), ("43111", "43110", "merged"), ("청주시 서원구", "43110", "merged"),
        ("44730", "36110", "merged"), ("연기군", "36110", "merged"),
        ("41192", "41190", "merged"), ("41194", "41190", "merged"), ("41196", "41190", "merged"),
        ("41195", "41190", "merged"), ("부천시 원미구", "41190", "merged"), ("원미구", "41190", "merged"),
        ("영종구", "28110", "merged"), ("검단구", "28260", "merged"),
    ],
)
def test_former_and_other_vintage_forms(query, code, status):
    r = res(query)
    assert (r.code, r.status) == (code, status), r
    assert r.reason


def test_restored_bucheon_gu_say_why():
    r = res("41192")
    assert r.name_ko == "경기도 부천시"
    assert "merged into 부천시 in the bundled vintage" in r.reason
    assert r.candidates == (Candidate("41190", "경기도 부천시", "sigungu", "within"),)


def test_jemulpo_gu_is_split_over_two_bundled_units():
    r = res("제물포구")
    assert (r.status, r.code) == ("split", None)
    assert {(c.code, c.relation) for c in r.candidates} == {("28110", "overlaps"), ("28140", "contains")}


def test_unverified_lead_is_not_applied():
    r = res("서해구")
    assert r.status == "unmatched"


# ----------------------------------------------------------------------------- ambiguity and context
@pytest.mark.parametrize(
    ("query", "codes_"),
    [
        ("중구", {"11140", "26110", "27110", "28110", "30140", "31110"}),
        ("고성군", {"48820", "51820"}),
        ("남구", {"26290", "29155", "47111"}),
        ("동구", {"28140", "29110"}),
        ("Goseong-gun", {"48820", "51820"}),
    ],
)
def test_shared_names_are_ambiguous_with_all_candidates(query, codes_):
    r = res(query)
    assert (r.status, r.code) == ("ambiguous", None)
    assert {c.code for c in r.candidates} == codes_
    assert "sido" in r.reason


@pytest.mark.parametrize(
    ("query", "kw", "code"),
    [
        ("서울 중구", {}, "11140"), ("서울특별시 중구", {}, "11140"), ("부산광역시 중구", {}, "26110"),
        ("서울특별시중구", {}, "11140"), ("중구", {"sido": "부산"}, "26110"), ("중구", {"sido": 11}, "11140"),
        ("중구", {"sido": "Incheon"}, "28110"), ("강원 고성군", {}, "51820"), ("경남 고성군", {}, "48820"),
        ("고성군", {"sido": "강원도"}, "51820"), ("고성군", {"sido": 42}, "51820"), ("경상남도 고성군", {}, "48820"),
        ("광주 동구", {}, "29110"), ("인천 동구", {}, "28140"), ("포항시 남구", {}, "47111"),
        ("경상북도 포항시 남구", {}, "47111"), ("Jung-gu, Busan", {}, "26110"), ("Busanjin-gu, Busan", {}, "26230"),
        ("부산 부산진구", {}, "26230"), ("부산진구", {}, "26230"), ("Sejong-si, Sejong", {"level": "sigungu"}, "36110"),
    ],
)
def test_sido_or_parent_context_disambiguates(query, kw, code):
    r = res(query, **kw)
    assert (r.code, r.status) == (code, "matched"), r


@pytest.mark.parametrize(
    "query",
    ["경기도 수원시 장안구", "경기 수원시 장안구", "수원시 장안구", "수원시장안구", "수원 장안구", "장안구",
     "Suwon-si Jangan-gu", "Jangan-gu, Suwon-si", "Jangan-gu Suwon-si Gyeonggi-do", "41111", 41111,
     "4111100000"],
)
def test_parent_prefixes_spaces_and_english(query):
    r = res(query)
    assert (r.code, r.status, r.level) == ("41111", "matched", "sigungu"), r


def test_general_city_matches_with_its_gu_as_candidates():
    r = res("수원시")
    assert (r.code, r.status) == ("41110", "matched")
    assert {c.code for c in r.candidates} == {"41111", "41113"}
    assert "autonomous=True" in r.reason


@pytest.mark.parametrize(
    ("query", "code", "level"),
    [("광주", "29", "sido"), ("광주광역시", "29", "sido"), ("광주시", "41610", "sigungu"),
     ("경기 광주시", "41610", "sigungu"), ("세종", "36", "sido"), ("세종시", "36", "sido"),
     ("Sejong", "36", "sido"), ("충남", "44", "sido"), ("경기", "41", "sido"), ("서울시", "11", "sido")],
)
def test_sido_names_take_precedence_but_not_over_official_sigungu_names(query, code, level):
    r = res(query)
    assert (r.code, r.level) == (code, level), r


def test_level_restricts_the_search():
    assert res("세종시", level="sigungu").code == "36110"
    assert res("중구", level="emd").status == "unmatched"


# ------------------------------------------------------------------------------------ code formats
@pytest.mark.parametrize(
    "query", ["11110", 11110, "11110.0", 11110.0, " 11110 ", "'11110", "1111000000", "１１１１０"])
def test_code_spellings(query):
    r = res(query)
    assert (r.code, r.status, r.level) == ("11110", "matched", "sigungu"), r


@pytest.mark.parametrize(
    ("query", "code"),
    [("1111010100", "11110101"), (1111010100, "11110101"), ("11110101", "11110101"),
     ("1111010121", "11110101"), ("11000", "11"), ("1100000000", "11"), ("11000000", "11"),
     ("11110000", "11110")],
)
def test_long_codes_are_truncated_to_their_level(query, code):
    assert res(query).code == code


def test_ri_digits_are_reported():
    assert "리 digits 21 dropped" in res("1111010121").reason


def test_haengjeongdong_code_points_to_its_sigungu():
    r = res("1111051500")  # 청운효자동 (행정동): no 1:1 legal-dong polygon
    assert (r.status, r.code) == ("unmatched", None)
    assert r.candidates[0].code == "11110" and "행정동" in r.reason
    r2 = res("1111051500", level="sigungu")
    assert (r2.code, r2.status) == ("11110", "matched")
    assert "truncated" in r2.reason


def test_coarser_code_than_level_is_refused():
    r = res("11110", level="emd")
    assert r.status == "unmatched" and "coarser" in r.reason
    assert res("11110", level="sido").code == "11"


@pytest.mark.parametrize("query", ["9999", "123", "1234567", "123456789012", "", None, float("nan"), "  "])
def test_malformed_values_are_unmatched_not_errors(query):
    r = res(query)
    assert r.status == "unmatched" and r.code is None and r.reason


def test_kostat_style_sigungu_code_is_explained():
    r = res("21010")  # KOSTAT-style code of a Busan gu
    assert r.status == "unmatched" and "KOSTAT" in r.reason


# --------------------------------------------------------------------------------- MOIS vs KOSTAT
@pytest.mark.parametrize(
    ("query", "system", "code", "status"),
    [
        ("26", "auto", None, "ambiguous"), ("26", "mois", "26", "matched"), ("26", "kostat", "31", "matched"),
        ("29", "auto", None, "ambiguous"), ("29", "kostat", "36", "matched"), ("29", "mois", "29", "matched"),
        ("31", "auto", None, "ambiguous"), ("31", "kostat", "41", "matched"),
        ("36", "auto", None, "ambiguous"), ("36", "kostat", "46", "matched"), ("36", "mois", "36", "matched"),
        ("21", "auto", "26", "matched"), (21, "auto", "26", "matched"), ("39", "auto", "50", "matched"),
        ("32", "auto", "51", "matched"), ("27", "auto", "27", "matched"), ("27", "kostat", "36", "matched"),
        ("11", "auto", "11", "matched"), ("11", "kostat", "11", "matched"), ("42", "kostat", None, "unmatched"),
        ("51", "auto", "51", "matched"), ("11110", "kostat", None, "unmatched"),
    ],
)
def test_code_systems(query, system, code, status):
    r = res(query, code_system=system)
    assert (r.code, r.status) == (code, status), r


def test_ambiguous_sido_code_lists_both_readings():
    r = res("26")
    assert [(c.code, c.relation) for c in r.candidates] == [("26", "MOIS code"), ("31", "KOSTAT code")]
    assert "code_system" in r.reason


@pytest.mark.parametrize(
    ("values", "system"),
    [(["11", "21", "26", "31", "39"], "kostat"), (["11", "26", "31", "51"], "mois"), (["11", "26"], "auto"),
     ([11, 22, 23, "서울"], "kostat"), (["21", "41"], "auto"),
     (["11010", "11110", "11250"], "kostat"), (["11110", "26110", "41111"], "mois"), (["11110", "11140"], "auto"),
     (["11000", "41000"], "mois"), (["31011", "31110"], "kostat")],
)
def test_infer_code_system(values, system):
    assert infer_code_system(values) == system


def test_resolve_many_infers_kostat_for_the_column_and_keeps_the_index():
    s = pd.Series(["11", "21", "26", "31", "39", "26"], index=list("abcdef"))
    out = resolve_many(s, index=SUBSET)
    assert out.attrs["code_system"] == "kostat"
    assert out.index.tolist() == list("abcdef")
    assert out["code"].tolist() == ["11", "26", "31", "41", "50", "31"]
    assert (out["status"] == "matched").all()


def test_resolve_many_mixed_values():
    vals = ["서울 중구", "중구", 47720, "강원도", "없는동네", "전국", None, "41192"]
    out = resolve_many(vals, index=SUBSET)
    assert list(out.columns) == ["query", "code", "level", "name_ko", "status", "candidates", "reason"]
    assert out["status"].tolist() == ["matched", "ambiguous", "former", "former", "unmatched", "unmatched",
                                      "unmatched", "merged"]
    assert out["code"].tolist()[:4] == ["11140", None, "27720", "51"]
    assert len(out.loc[1, "candidates"]) == 6


def test_resolve_many_matches_resolve_row_by_row():
    vals = ["중구", "서울 중구", "26", "42", "Suwon-si Jangan-gu", "원미구"] * 50
    out = resolve_many(vals, index=SUBSET, code_system="mois")
    for v, (_, row) in zip(vals[:6], out.head(6).iterrows(), strict=True):
        r = res(v, code_system="mois")
        assert (row["code"], row["status"], row["reason"]) == (r.code, r.status, r.reason)


# ---------------------------------------------------------------------------- unmatched, aggregates
def test_unmatched_names_get_nearest_suggestions():
    r = res("종로고")
    assert r.status == "unmatched"
    assert "11110" in {c.code for c in r.candidates}
    assert "Did you mean" in r.reason


def test_unmatched_code_lists_nearest_codes():
    r = res("11115")
    assert r.status == "unmatched" and r.candidates[0].code == "11110"


@pytest.mark.parametrize(("text", "kind"), [("전국", "national"), ("계", "total"), ("소계", "subtotal"),
                                            ("수도권", "capital_region"), ("Whole country", "national"),
                                            ("서울", None)])
def test_aggregate_labels(text, kind):
    assert aggregate_kind(text) == kind
    if kind:
        r = res(text)
        assert r.status == "unmatched" and "row label" in r.reason


# ---------------------------------------------------------------------------------------- errors
def test_unknown_level_error_names_the_options():
    with pytest.raises(UnknownLevelError, match=r"'county'.*sido, sigungu, emd"):
        res("서울", level="county")
    assert issubclass(UnknownLevelError, ValueError)


def test_unknown_code_system_error():
    with pytest.raises(CodeSystemError, match=r"'ksic'.*auto, mois, kostat"):
        res("11", code_system="ksic")


def test_bad_sido_context_error():
    with pytest.raises(CodesError, match=r"sido='중구'.*Pass a sido name"):
        res("종로구", sido="중구")


def test_resolution_is_frozen():
    r = res("서울")
    with pytest.raises(AttributeError):
        r.code = "26"  # type: ignore[misc]
    assert r.resolved and not res("중구").resolved


def test_missing_boundaries_error(tmp_path):
    with pytest.raises(codes.BoundariesNotBuiltError, match=r"make boundaries"):
        codes.load_unit_tables(tmp_path)


# ----------------------------------------------------------------------- the real bundled boundaries
_BUILT = all((codes.BOUNDARIES_DIR / f"{lv}.parquet").exists() for lv in codes.LEVELS)
bundled = pytest.mark.skipif(not _BUILT, reason="data/boundaries not built yet")


@pytest.fixture(scope="module")
def bundle():
    return codes.default_index(), codes.load_unit_tables()


@bundled
@pytest.mark.parametrize("level", codes.LEVELS)
def test_every_bundled_code_resolves_to_itself(bundle, level):
    index, units = bundle
    for code in units[level]["code"]:
        for q in (code, int(code)):
            r = index.resolve(q, code_system="mois")
            assert (r.code, r.status, r.level) == (code, "matched", level), r


@pytest.mark.slow
@bundled
@pytest.mark.parametrize("level", codes.LEVELS)
def test_every_bundled_name_resolves_to_itself(bundle, level):
    index, units = bundle
    frame = units[level]
    sido_names = dict(zip(units["sido"]["code"], units["sido"]["name_ko"], strict=True))
    if level == "sido":
        qualified = frame["name_ko"]
    elif level == "sigungu":
        qualified = frame["sido_code"].map(sido_names) + " " + frame["name_ko"]
    else:
        qualified = (frame["sido_code"].map(sido_names) + " " + frame["sigungu_name_ko"] + " " + frame["name_ko"])
    unique = ~qualified.duplicated(keep=False)
    assert unique.mean() > 0.99
    for code, q in zip(frame.loc[unique, "code"], qualified[unique], strict=True):
        r = index.resolve(q, level=level)
        assert (r.code, r.status) == (code, "matched"), (q, r)


@bundled
@pytest.mark.parametrize("level", ["sido", "sigungu"])
def test_every_bundled_english_name_resolves(bundle, level):
    index, units = bundle
    frame = units[level]
    sido_en = dict(zip(units["sido"]["code"], units["sido"]["name_en"], strict=True))
    q = frame["name_en"] if level == "sido" else frame["name_en"] + ", " + frame["sido_code"].map(sido_en)
    for code, text in zip(frame["code"], q, strict=True):
        r = index.resolve(text, level=level)
        assert (r.code, r.status) == (code, "matched"), (text, r)


@bundled
@pytest.mark.parametrize("row", _VERIFIED, ids=lambda r: r["change_id"])
def test_every_change_row_resolves_in_the_bundle(bundle, row):
    index, _ = bundle
    for q in (row["old_code"], row["new_code"], row["old_name_ko"], row["new_name_ko"]):
        if q:
            r = index.resolve(q, level=row["level"], code_system="mois")
            assert r.status in ("matched", "former", "merged", "split"), (q, r)


@bundled
@pytest.mark.parametrize(("query", "code"), [("강원도", "51"), ("42", "51"), ("전라북도", "52"), ("45", "52"),
                                             ("47720", "27720"), ("군위군", "27720"), ("41192", "41190")])
def test_issue5_acceptance_forms_in_the_bundle(bundle, query, code):
    index, _ = bundle
    assert index.resolve(query).code == code


def test_reason_sentences_are_readable():
    for q in ("중구", "42", "제물포구", "41192", "26", "없는동네"):
        assert re.search(r"\w", res(q).reason)


def test_kostat_sigungu_codes_are_never_read_as_mois():
    """KOSTAT 11110 is 노원구 and 31110 과천시; as MOIS codes they would be 종로구 and 울산 중구."""
    r = resolve_many(["11010", "11110", "11140", "31011", "31110"])
    assert r.attrs["code_system"] == "kostat"
    assert r["code"].isna().all() and (r["status"] == "unmatched").all()
    assert r["reason"].str.contains("KOSTAT sigungu codes are not covered").all()
    mois = resolve_many(["11110", "11140", "41111"])
    assert list(mois["name_ko"]) == ["서울특별시 종로구", "서울특별시 중구", "경기도 수원시 장안구"]
