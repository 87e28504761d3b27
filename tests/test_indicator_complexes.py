"""The production-facility layer (KICOX industrial complexes, 2023 Q4) and the bundled complex list."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import indicators as ind
from analysis.complexes import complexes_in, load_complexes
from analysis.store import bundled
from geo.boundaries import load_boundaries

LIST = load_complexes()
TOP = LIST[~LIST["is_subcomplex"]]
TYPES = ["complexes_national", "complexes_general", "complexes_urban_hightech", "complexes_agro_industrial"]
STATUSES = ["complexes_completed", "complexes_under_construction", "complexes_undeveloped"]
SUMS = {"complexes_tenant_firms": "tenant_firms", "complexes_operating_firms": "operating_firms",
        "complexes_designated_area": "designated_area_k_m2", "complexes_industrial_area": "industrial_area_k_m2"}
SUPPRESSIBLE = {"complexes_employment": "employment", "complexes_production": "production_mkrw",
                "complexes_exports": "exports_kusd"}
PUBLISHED_EMPLOYMENT = 2_337_110  # KICOX national employment, 2023 Q4 (shared data README)


def get(i: str, level: str) -> pd.Series:
    return bundled().get(i, level, 2023)


@pytest.mark.parametrize("level", ["sigungu", "sido"])
def test_counts_by_type_and_status_add_up(level):
    total = get("complexes_count", level)
    assert total.sum() == 1310  # top-level rows; four national complexes are listed once in each of two sido
    assert (sum(get(i, level) for i in TYPES) == total).all()
    assert (sum(get(i, level) for i in STATUSES) == total).all()
    key = "sigungu_code" if level == "sigungu" else "sido_code"
    pd.testing.assert_series_equal(total[total > 0], TOP.groupby(key).size().astype(float).rename_axis("code"),
                                   check_names=False)


def test_every_unit_has_a_count_and_units_without_complexes_have_zero():
    units = set(load_boundaries("sigungu", autonomous=True).index)
    c = get("complexes_count", "sigungu")
    assert set(c.index) == units and (c == 0).sum() == len(units) - 181
    assert bundled().complete_years("complexes_count", "sigungu") == [2023]
    assert get("complexes_count", "sigungu")["47130"] == 36  # 경주시, the most complexes
    assert bundled().reference_period("complexes_count") == "Q4"


def test_sums_are_over_top_level_rows_and_lack_the_suppressed_complexes():
    for ident, col in {**SUMS, **SUPPRESSIBLE}.items():
        for level, key in (("sigungu", "sigungu_code"), ("sido", "sido_code")):
            v = get(ident, level)
            want = TOP.groupby(key)[col].sum(min_count=1).astype(float)
            assert (v.reindex(want.dropna().index) == want.dropna()).all(), ident
    for ident, col in SUPPRESSIBLE.items():
        lack = get(f"{ident}_suppressed", "sigungu")
        n = TOP.groupby("sigungu_code")[col].apply(lambda s: int(s.isna().sum()))
        assert (lack.reindex(n.index) == n).all() and lack.sum() == TOP[col].isna().sum()
    emp = get("complexes_employment", "sido")
    assert emp.sum() < PUBLISHED_EMPLOYMENT and get("complexes_employment_suppressed", "sido").sum() == 150


def test_a_region_whose_complexes_are_all_suppressed_has_no_sum_not_zero():
    emp = get("complexes_employment", "sigungu")
    assert "46910" not in emp.index  # 신안군: every complex suppressed
    assert get("complexes_employment_suppressed", "sigungu")["46910"] == get("complexes_count", "sigungu")["46910"]
    assert emp["11110"] == 0  # 종로구: no complex at all
    assert bundled().missing("complexes_employment", "sigungu", 2023) == ["46910"]


def test_parents_are_the_sum_of_their_sub_complexes():
    subs = LIST[LIST["is_subcomplex"] & ~LIST["name_as_printed"].str.startswith("▷")]  # ▷ = a sub-sub-complex
    checked = 0
    for parent_id, part in subs.groupby("parent_id"):
        parent = LIST.set_index("complex_id").loc[parent_id]
        for col in ("tenant_firms", "operating_firms", "designated_area_k_m2"):
            if part[col].notna().all():
                assert part[col].sum() == parent[col], (parent_id, col)
                checked += 1
    assert checked > 60


def test_the_list_gives_a_regions_complexes_with_provenance():
    gumi = complexes_in("47190", "sigungu", top_level_only=True)
    assert len(gumi) == get("complexes_count", "sigungu")["47190"] == 7
    assert set(gumi["type"]) == {"national", "agro_industrial"} and (gumi["source_id"] == "Tkicox_complexes").all()
    siheung = complexes_in("41390", "sigungu")  # 시화: a sub-complex of 반월특수지역, counted in 안산시
    sihwa = siheung[siheung["name_ko"] == "시화"].iloc[0]
    assert sihwa["is_subcomplex"] and LIST.set_index("complex_id").loc[sihwa["parent_id"], "sigungu_code"] == "41270"
    assert "X" not in LIST.astype(str).to_numpy() and LIST["employment"].isna().sum() == 155
    assert not {"lat", "lon", "x", "y", "geometry"} & set(LIST.columns)  # no invented locations
    assert set(ind.load_sources().loc["Tkicox_complexes", ["publisher_ko", "table_ko"]]) >= {"한국산업단지공단"}


def test_unknown_level_is_refused():
    from analysis.errors import DataError

    with pytest.raises(DataError, match="si-gun-gu and sido"):
        complexes_in("1111051500", "emd")
