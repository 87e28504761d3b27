"""The compiled published tables of issue 26 in the bundle: the checks the shared data README lists ("Checks that
hold"), recomputed on the bundled output (never on ../shared), plus the reference-period rules.

Known answers quoted from the publications: national business-survey totals 2021-2023 (전국사업체조사 releases),
the 2024 Mining and Manufacturing Survey national manufacturing establishments (73,570), the published annual
employed persons (the mean of the 12 monthly EAPS totals must reproduce it within rounding).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis import indicators as ind
from analysis.store import bundled
from geo.boundaries import load_boundaries

VALUES = ind.load_values(derived=False)
CAT = ind.load_catalogue()
SIDO17 = {"11", "26", "27", "28", "29", "30", "31", "36", "41", "43", "44", "46", "47", "48", "50", "51", "52"}


def wide(ids: list[str], level: str) -> pd.DataFrame:
    v = VALUES[VALUES["indicator"].isin(ids) & (VALUES["level"] == level)]
    return v.pivot_table(index=["code", "year"], columns="indicator", values="value")


def ids_like(pattern: str) -> list[str]:
    return [i for i in CAT.index if re.fullmatch(pattern, i)]


# ------------------------------------------------------------------------------------------------ occupation
OCC = ["employed_occ_managers", "employed_occ_professionals", "employed_occ_clerical", "employed_occ_service",
       "employed_occ_sales", "employed_occ_agri_fishery", "employed_occ_craft", "employed_occ_machine_operators",
       "employed_occ_elementary"]


def test_occupations_sum_to_the_total_and_the_sido_to_the_nation():
    for level in ("sido", "national"):
        w = wide([*OCC, "employed_occ_total"], level)
        assert (w[OCC].sum(axis=1) - w["employed_occ_total"]).abs().max() <= 3
    for occ in [*OCC, "employed_occ_total"]:
        s = VALUES[(VALUES["indicator"] == occ) & (VALUES["level"] == "sido")].groupby("year")["value"].sum()
        n = VALUES[(VALUES["indicator"] == occ) & (VALUES["level"] == "national")].set_index("year")["value"]
        assert (s - n).abs().max() <= 4, occ


def test_occupation_is_the_h2_round_of_every_year_and_sejong_from_2017():
    s = bundled()
    for i in [*OCC, "employed_occ_total", "employed_occ_managers_professionals", "professionals_share_of_employed_occ"]:
        assert s.reference_period(i) == "H2"
        assert "H2 (October)" in CAT.at[i, "notes"] and "하반기(10월)" in CAT.at[i, "notes_ko"]
    assert s.years("employed_occ_professionals", "sido") == list(range(2015, 2026))
    sejong = VALUES[(VALUES["indicator"] == "employed_occ_total") & (VALUES["code"] == "36")]
    assert sejong["year"].min() == 2017
    assert s.complete_years("employed_occ_professionals", "sido") == list(range(2015, 2026))  # Sejong in Chungnam
    assert s.get("employed_occ_total", "national", 2024)["00"] == 28847  # 2024 H2 national as published


def test_managers_plus_professionals_is_the_sum_of_the_two():
    s = bundled()
    mp = s.get("employed_occ_managers_professionals", "sido", 2024)
    m, p = s.get("employed_occ_managers", "sido", 2024), s.get("employed_occ_professionals", "sido", 2024)
    pd.testing.assert_series_equal(mp, (m + p).rename(mp.name), check_names=False)
    assert CAT.at["employed_occ_managers_professionals", "derivation"].startswith("sum(")


# ------------------------------------------------------------------------------------------ monthly → mean
EDU_LEVELS = ["employed_edu_primary_or_less", "employed_edu_lower_secondary", "employed_edu_upper_secondary",
              "employed_edu_tertiary"]


def test_annual_means_are_marked_derived_with_their_rule():
    for i in ids_like(r"employed_(edu|ind)_.*"):
        assert CAT.at[i, "derived"] and CAT.at[i, "derivation"] == "annual_mean(12)", i
        assert CAT.at[i, "reference_period"] == "annual_mean"
        assert "12 published months" in CAT.at[i, "notes"] and "12개월" in CAT.at[i, "notes_ko"]
        years = sorted(VALUES.loc[VALUES["indicator"] == i, "year"].unique())
        assert years[0] == 2017 and years[-1] == 2024, i  # 2025 has 9 published months: not formed


def test_education_levels_sum_to_the_total():
    w = wide([*EDU_LEVELS, "employed_edu_total", "employed_edu_junior_college", "employed_edu_university"], "sido")
    assert (w[EDU_LEVELS].sum(axis=1) - w["employed_edu_total"]).abs().max() <= 2
    split = w["employed_edu_junior_college"] + w["employed_edu_university"] - w["employed_edu_tertiary"]
    assert split.abs().max() <= 1


@pytest.mark.parametrize("total", ["employed_edu_total", "employed_ind_total"])
def test_mean_of_the_monthly_totals_is_the_published_annual_figure(total):
    """KOSTAT's annual employed persons is the mean of its months: the rule reproduces it within rounding."""
    mean = VALUES[VALUES["indicator"] == total].set_index(["code", "year"])["value"]
    pub = VALUES[VALUES["indicator"] == "employed_persons"].set_index(["code", "year"])["value"]
    both = pd.concat([mean, pub], axis=1, join="inner", keys=["mean", "published"])
    assert len(both) == 18 * 8
    assert (both["mean"] - both["published"]).abs().max() <= 0.7


def test_eaps_industry_rows_add_up_and_a_year_short_of_months_is_not_formed():
    top = ["employed_ind_agriculture", "employed_ind_mining_manufacturing", "employed_ind_soc_services"]
    soc = ["employed_ind_construction", "employed_ind_trade_accommodation", "employed_ind_business_personal_public",
           "employed_ind_utilities_transport_ict_finance"]
    w = wide([*top, *soc, "employed_ind_total", "employed_ind_manufacturing"], "sido")
    assert (w[top].sum(axis=1, min_count=3) - w["employed_ind_total"]).dropna().abs().max() <= 0.15
    assert (w[soc].sum(axis=1) - w["employed_ind_soc_services"]).abs().max() <= 0.25
    assert (w["employed_ind_manufacturing"] <= w["employed_ind_mining_manufacturing"]).all()
    # Incheon agriculture: November and December 2023 unpublished, so no 2023 mean (never a filled month)
    assert ("28", 2023) not in w["employed_ind_agriculture"].dropna().index
    assert ("28", 2022) in w["employed_ind_agriculture"].dropna().index


# ---------------------------------------------------------------------------------------- si-gun-gu LFS
LFS = ["employed_res_agriculture", "employed_res_mining_manufacturing", "employed_res_construction",
       "employed_res_trade_accommodation", "employed_res_utilities_transport_ict_finance",
       "employed_res_business_personal_public"]


def test_sigungu_lfs_groups_sum_to_the_total_and_cover_228_units():
    w = wide([*LFS, "employed_res_total"], "sigungu")
    diff = w[LFS].sum(axis=1) - w["employed_res_total"]
    assert diff.min() >= -1 and diff.max() <= 2
    codes = set(w.index.get_level_values("code"))
    assert len(codes) == 228 and "36110" not in codes and "27720" in codes
    assert codes <= set(load_boundaries("sigungu", autonomous=True).index)
    assert set(w.index.get_level_values("year")) == {2024}
    assert w["employed_res_agriculture"].isna().sum() == 18  # '-' cells are missing, never zero
    assert not (VALUES["indicator"].isin(LFS) & (VALUES["level"] != "sigungu")).any()  # never mixed with sido


# -------------------------------------------------------------------------------------------- business survey
BS_NATIONAL = {("establishments_bs_total", 2021): 6_079_702, ("establishments_bs_total", 2022): 6_139_899,
               ("establishments_bs_total", 2023): 6_246_489, ("workers_bs_total", 2021): 24_931_600,
               ("workers_bs_total", 2022): 25_217_123, ("workers_bs_total", 2023): 25_445_897}


@pytest.mark.parametrize("measure", ["establishments_bs", "workers_bs", "sales_bs"])
def test_business_survey_sections_and_sido_sum_exactly(measure):
    sections = [i for i in ids_like(rf"{measure}_[a-s]_.*")]
    assert len(sections) == 19
    for level in ("sido", "national"):
        w = wide([*sections, f"{measure}_total"], level)
        assert (w[sections].sum(axis=1) == w[f"{measure}_total"]).all()
    for i in [*sections, f"{measure}_total"]:
        v = VALUES[VALUES["indicator"] == i]
        s = v[v["level"] == "sido"].groupby("year")["value"].sum()
        n = v[v["level"] == "national"].set_index("year")["value"]
        assert (s == n).all() and list(s.index) == [2021, 2022, 2023, 2024], i


def test_business_survey_national_totals_as_published():
    for (i, year), want in BS_NATIONAL.items():
        assert bundled().get(i, "national", year)["00"] == want


def test_business_survey_is_a_complete_partition_for_specialisation():
    from analysis import specialisation as sp

    for name in ("sido_bs_establishments", "sido_bs_workers", "sido_bs_sales"):
        iset = sp.industry_set(name)
        assert iset.level == "sido" and iset.base_year == "none" and len(iset.partition) == 19
        m = sp.industry_matrix(bundled(), "sido", 2023, name)
        assert np.allclose(m.values[list(m.partition)].sum(axis=1), m.totals)
        assert sp.structure_indices(m)["entropy"].notna().all()
    assert sp.set_for("sido").name == "sido_b2020"  # the value-added set stays the level's default


# ------------------------------------------------------------------------------- Mining and Manufacturing Survey
MMS_MEASURES = ["establishments", "employees", "wages", "shipments", "production_costs", "value_added",
                "tangible_assets"]


@pytest.mark.parametrize("measure", MMS_MEASURES)
def test_mms_b_plus_c_and_sido_sums(measure):
    b, c, bc = f"mining_survey_{measure}", f"mfg_survey_{measure}", f"mining_mfg_survey_{measure}"
    for level in ("sido", "national"):
        w = wide([b, c, bc], level)
        both = w.dropna(subset=[b])
        assert len(both) and (both[b] + both[c] == both[bc]).all()  # B + C = B+C
        assert w[[c, bc]].notna().all().all()  # suppression only in mining
    for i in (c, bc):
        v = VALUES[VALUES["indicator"] == i]
        s = v[v["level"] == "sido"].groupby("year")["value"].sum()
        n = v[v["level"] == "national"].set_index("year")["value"]
        assert (s == n).all() and list(s.index) == [2021, 2022, 2023, 2024], i
    # mining: exact where no sido is suppressed; below the national row where some are (missing, never zero)
    v = VALUES[VALUES["indicator"] == b]
    sido, nat = v[v["level"] == "sido"], v[v["level"] == "national"].set_index("year")["value"]
    for year, part in sido.groupby("year"):
        assert part["value"].sum() == nat[year] if len(part) == 17 else part["value"].sum() < nat[year]


def test_mms_dash_is_zero_and_x_is_missing():
    e = bundled().get("mining_survey_establishments", "sido", 2021)
    assert e["30"] == 0  # Daejeon 2021: '-' (no establishment)
    w = bundled().get("mining_survey_employees", "sido", 2021)
    assert "11" not in w.index and w["30"] == 0  # Seoul 2021: X (suppressed), Daejeon '-'
    assert bundled().get("mfg_survey_establishments", "national", 2024)["00"] == 73_570


# ----------------------------------------------------------------------------------- si-gun-gu real value added
GRVA = ids_like(r"gva_.*_real_chained_b2020")
CHECKED = {"gva_mining_manufacturing_real_chained_b2020": "gva_mining_manufacturing_nominal_b2020",
           "gva_information_communication_real_chained_b2020": "gva_information_communication_nominal_b2020",
           "gva_finance_insurance_real_chained_b2020": "gva_finance_insurance_nominal_b2020",
           "gva_business_services_real_chained_b2020": "gva_business_services_nominal_b2020"}


def test_real_value_added_ids_units_and_years():
    sg = [i for i in GRVA if i in bundled().available("sigungu")]
    assert len(sg) == 13
    s = bundled()
    for i in sg:
        assert CAT.at[i, "unit"] == "KRW million" and CAT.at[i, "base_year"] == "2020"
        assert "sido" not in set(VALUES.loc[VALUES["indicator"] == i, "level"])
        assert s.complete_years(i, "sigungu") == [2020, 2021, 2022]
        assert "36110" not in s.get(i, "sigungu", 2021).index  # Sejong: no si-gun-gu table


@pytest.mark.parametrize(("real", "nominal"), CHECKED.items())
def test_real_value_added_2020_sums_equal_the_nominal_sido_values(real, nominal):
    """2020 is the reference year of the chain: the si-gun-gu sums equal the nominal 2020-base sido values."""
    v = bundled().get(real, "sigungu", 2020)
    sido_2020 = pd.Series(v.index.str[:2], index=v.index)
    sido_2020["27720"] = "47"  # 군위군 was in Gyeongbuk in 2020 (printed in Gyeongbuk's table)
    got = v.groupby(sido_2020).sum()
    want = bundled().get(nominal, "sido", 2020).reindex(got.index)
    assert len(got) == 16 and ((got / want - 1).abs() < 5e-6).all()


def test_real_value_added_never_mixes_with_the_2015_base():
    from analysis.compare import compare
    from analysis.errors import DataError

    with pytest.raises(DataError, match="base year"):
        compare(bundled(), "gva_business_services_real_chained_b2020", "gva_manufacturing_nominal_b2015", "sigungu",
                2020, permutations=1)


# ----------------------------------------------------------------------------------------------- the new pairs
def test_summary_pairs_at_sido_and_sigungu():
    from analysis.compare import compare

    c = compare(bundled(), "employed_occ_professionals", "employed_occ_machine_operators", "sido", 2024,
                permutations=1)
    assert c.n == 17 and c.capital_share_x == pytest.approx(0.631506, abs=1e-6)
    assert c.capital_share_y == pytest.approx(0.414359, abs=1e-6) and c.hoover == pytest.approx(0.237924, abs=1e-6)
    r = compare(bundled(), "gva_business_services_real_chained_b2020", "gva_mining_manufacturing_real_chained_b2020",
                "sigungu", 2021, permutations=1)
    assert r.n == 228 and r.hoover == pytest.approx(0.588274, abs=1e-6)


def test_wrong_mixes_are_refused_with_a_clear_message():
    from analysis.compare import compare
    from analysis.errors import DataError

    with pytest.raises(DataError, match="no data at level 'sido'"):  # the si-gun-gu LFS is never a sido table
        compare(bundled(), "employed_res_total", "employed_ind_total", "sido", 2024, permutations=1)
    with pytest.raises(DataError, match="no year in which both are complete"):  # complexes 2023, real GVA 2020-22
        compare(bundled(), "gva_business_services_real_chained_b2020", "complexes_employment", "sigungu",
                permutations=1)
