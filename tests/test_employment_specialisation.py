"""Specialisation by employment (issue 26 item 3) and the complexes of a region's profile (item 2).

Known answers on hand-made matrices (the national row as the LQ's reference, the variety decomposition over the
related groups), the business survey's LQs recomputed from ``values.csv`` with the csv module (the published
national row as the denominator), the measure registry's refusals, and the profile's ``complexes`` against the
facility indicators of every si-gun-gu and sido.
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

import cli
from analysis import specialisation as sp
from analysis.complexes import load_complexes, region_complexes
from analysis.errors import DataError
from analysis.indicators import DATA_DIR
from analysis.region_profile import lq_table, profile_years, region_profile
from analysis.store import bundled

IDX = pd.Index(["r1", "r2", "r3"], name="code")


def _run(argv: list[str], capsys) -> tuple[int, dict | None, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, (json.loads(out.out) if code == 0 and "--json" in argv else None), out.err


# ------------------------------------------------------------------------------------------------------------
# known answers
# ------------------------------------------------------------------------------------------------------------
def test_the_national_reference_is_the_published_row_where_every_region_publishes():
    """a: every region publishes, so x_i/x is the national row's 60/300 (not the regions' 30/200: the country
    has more than these three regions); b: r2 is suppressed, so b's reference stays over the regions that
    publish it (70/150), whatever the national row says."""
    values = pd.DataFrame({"a": [20.0, 10.0, 0.0], "b": [30.0, np.nan, 40.0]}, index=IDX)
    m = sp.IndustryMatrix(values, pd.Series([100.0, 50.0, 50.0], index=IDX),
                          national=pd.Series({"a": 60.0, "b": 90.0, "total": 300.0}))
    nat = sp.national_shares(m)
    assert nat["a"] == pytest.approx(0.2) and nat["b"] == pytest.approx(70 / 150)
    lq = sp.location_quotients(m)
    assert lq.at["r1", "a"] == pytest.approx(0.2 / 0.2) and lq.at["r2", "a"] == pytest.approx(1.0)
    assert lq.at["r3", "b"] == pytest.approx(0.8 / (70 / 150)) and np.isnan(lq.at["r2", "b"])
    no_row = sp.IndustryMatrix(values, m.totals)  # without a national row: the regions' sums, as before
    assert sp.national_shares(no_row)["a"] == pytest.approx(30 / 200)


def test_variety_over_related_groups_known_answer():
    """Four sections in two groups. r1: shares ¼ each → entropy 2 bits = unrelated 1 (two groups of ½) + related 1
    (each group split evenly); HHI ¼. r2: all in one group, split evenly → unrelated 0, related 1. Krugman against the
    national shares (75/200, 75/200, 25/200, 25/200): r1 |¼−⅜|·2 + |¼−⅛|·2 = ½."""
    v = pd.DataFrame({"c": [25.0, 50.0], "f": [25.0, 50.0], "j": [25.0, 0.0], "m": [25.0, 0.0]}, index=["r1", "r2"])
    m = sp.IndustryMatrix(v, v.sum(axis=1), partition=("c", "f", "j", "m"),
                          groups={"c": "industry", "f": "industry", "j": "kis", "m": "kis"})
    s = sp.structure_indices(m)
    assert s.loc["r1", ["entropy", "unrelated_variety", "related_variety", "hhi"]].tolist() == pytest.approx(
        [2.0, 1.0, 1.0, 0.25])
    assert s.loc["r2", ["entropy", "unrelated_variety", "related_variety", "hhi"]].tolist() == pytest.approx(
        [1.0, 0.0, 1.0, 0.5])
    assert s.at["r1", "krugman"] == pytest.approx(0.5)


def test_the_business_survey_sets_are_partitions_with_related_groups():
    for measure in ("workers", "establishments", "sales"):
        iset = sp.set_for("sido", measure=measure)
        assert iset.exhaustive and len(iset.partition) == 19 and iset.base_year == "none"
        sections = [iset.ksic[i] for i in iset.partition]
        assert sections == list("ABCDEFGHIJKLMNOPQRS")
        assert set(iset.groups.values()) == {"primary", "industry", "lkis", "kis", "public"}
        assert sp.measure_of(iset) == measure


def test_the_measure_registry_refuses_with_the_valid_options():
    assert sp.measures_for("sigungu") == ["value_added"]
    with pytest.raises(DataError, match="exist at sido only"):
        sp.set_for("sigungu", measure="workers")
    with pytest.raises(DataError, match="valid measures: value_added, workers, establishments, sales"):
        sp.set_for("sido", measure="jobs")
    assert sp.set_for("sido").name == "sido_b2020"  # value added stays the default
    assert sp.set_of("establishments_bs_m_prof_sci_tech").name == "sido_bs_establishments"


# ------------------------------------------------------------------------------------------------------------
# the bundled business survey, recomputed from values.csv
# ------------------------------------------------------------------------------------------------------------
def _published(prefix: str, year: int) -> tuple[dict, dict]:
    """(sido, indicator) → value and indicator → national value of the business survey, read with csv."""
    cells, nat = {}, {}
    with open(DATA_DIR / "values.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["indicator"].startswith(prefix) and int(r["year"]) == year:
                if r["level"] == "sido":
                    cells[(r["code"], r["indicator"])] = float(r["value"])
                elif r["level"] == "national":
                    nat[r["indicator"]] = float(r["value"])
    return cells, nat


CASES = [("11", "workers_bs_j_information_communication"), ("31", "workers_bs_c_manufacturing"),
         ("47", "workers_bs_b_mining"), ("50", "workers_bs_i_accommodation_food"),
         ("30", "workers_bs_m_prof_sci_tech"), ("44", "workers_bs_d_electricity_gas")]


@pytest.mark.parametrize("year", [2021, 2023, 2024])
def test_worker_lqs_equal_the_published_table(year):
    cells, nat = _published("workers_bs_", year)
    lq = lq_table(bundled(), "sido", year, "workers")
    for code, ind in CASES:
        expected = (cells[(code, ind)] / cells[(code, "workers_bs_total")]) / (nat[ind] / nat["workers_bs_total"])
        assert lq.at[code, ind] == pytest.approx(expected, rel=1e-12)
    assert lq.shape == (17, 19)


def test_profile_json_keyed_by_the_business_survey_ids(capsys):
    rc, d, err = _run(["profile", "47", "--level", "sido", "--year", "2023", "--measure", "workers", "--json",
                       "--permutations", "9"], capsys)
    assert rc == 0, err
    cells, nat = _published("workers_bs_", 2023)
    sections = [i for i in sp.set_for("sido", measure="workers").industries]
    assert d["measure"] == "workers" and d["industry_set"] == "sido_bs_workers" and list(d["lq"]) == sections
    for ind in sections:
        expected = (cells[("47", ind)] / cells[("47", "workers_bs_total")]) / (nat[ind] / nat["workers_bs_total"])
        assert d["lq"][ind] == pytest.approx(expected, rel=1e-12)
    s = d["structure"]  # the complete breakdown: the indices are no longer refused
    shares = np.array([cells[("47", i)] for i in sections]) / cells[("47", "workers_bs_total")]
    assert s["hhi"] == pytest.approx(float((shares ** 2).sum()), rel=1e-9)
    assert s["entropy"] == pytest.approx(s["unrelated_variety"] + s["related_variety"], rel=1e-12)
    assert s["entropy"] == pytest.approx(float(-(shares * np.log2(shares)).sum()), rel=1e-9)
    assert d["structure_note"] == ""
    assert d["shift_share"]["year0"] == 2021  # the survey starts in 2021: its earliest year
    assert d["mismatch"]["x"] == "workers_bs_m_prof_sci_tech" and d["mismatch"]["y"] == "workers_bs_c_manufacturing"


@pytest.mark.parametrize("measure", ["establishments", "value-added"])
def test_the_other_measures(measure, capsys):
    rc, d, err = _run(["profile", "41", "--level", "sido", "--year", "2023", "--measure", measure, "--json",
                       "--permutations", "9"], capsys)
    assert rc == 0, err
    if measure == "establishments":
        cells, nat = _published("establishments_bs_", 2023)
        ind = "establishments_bs_c_manufacturing"
        assert d["lq"][ind] == pytest.approx((cells[("41", ind)] / cells[("41", "establishments_bs_total")])
                                             / (nat[ind] / nat["establishments_bs_total"]), rel=1e-12)
        assert d["structure"]["krugman"] is not None
    else:
        assert d["measure"] == "value_added" and d["industry_set"] == "sido_b2020" and d["structure"] is None


@pytest.mark.parametrize(("argv", "message"), [
    (["profile", "31200", "--level", "sigungu", "--year", "2020", "--measure", "workers"], "exist at sido only"),
    (["profile", "31", "--level", "sido", "--year", "2019", "--measure", "workers"], "2021, 2022, 2023, 2024"),
])
def test_measure_refusals_are_one_line(argv, message, capsys):
    rc, _, err = _run([*argv, "--permutations", "9"], capsys)
    assert rc == 2 and err.startswith("error: ") and err.count("\n") == 1 and message in err


def test_profile_years_of_each_measure():
    assert profile_years(bundled(), "sido", "workers") == [2021, 2022, 2023, 2024]
    assert profile_years(bundled(), "sido", "value_added")[-1] == 2023


# ------------------------------------------------------------------------------------------------------------
# complexes
# ------------------------------------------------------------------------------------------------------------
def _indicator(ind: str, level: str) -> pd.Series:
    s = bundled().get(ind, level, 2023)
    s.index = s.index.astype(str)
    return s


@pytest.mark.parametrize("level", ["sigungu", "sido"])
def test_each_regions_list_adds_up_to_its_facility_indicators(level):
    """For every unit: the listed top-level complexes are the count, their firms and published employment the
    sums, and the suppressed ones the companion count (one path for the facility numbers)."""
    count, emp = _indicator("complexes_count", level), _indicator("complexes_employment", level)
    supp = _indicator("complexes_employment_suppressed", level)
    firms = _indicator("complexes_operating_firms", level)
    by_type = {t: _indicator(f"complexes_{t}", level) for t in ("national", "general", "urban_hightech",
                                                                "agro_industrial")}
    for code in count.index:
        r = region_complexes(code, level)
        assert len(r.complexes) == r.totals["count"] == count[code], code
        assert r.totals["operating_firms"] == firms[code]
        assert r.totals["employment_suppressed"] == supp[code]
        if pd.isna(emp.get(code)):
            assert r.totals["employment"] is None  # every complex suppressed: no sum, never 0
        else:
            assert r.totals["employment"] == emp[code]
        for t, s in by_type.items():
            assert r.by_type.get(t, {"count": 0})["count"] == s[code]


def test_suppressed_employment_is_missing_never_zero():
    r = region_complexes("46910")  # 신안군: its one complex is suppressed
    assert [c["employment"] for c in r.complexes] == [None]
    assert r.complexes[0]["suppressed"] == ["employment", "production_mkrw", "exports_kusd"]
    assert r.totals["employment"] is None and r.totals["employment_suppressed"] == 1


def test_subcomplexes_counted_elsewhere_are_listed_apart():
    r = region_complexes("41390")  # 시흥시: 시화 belongs to 반월특수지역, counted in 안산시 (41270)
    elsewhere = {e["name_ko"]: e for e in r.elsewhere}
    assert "시화" in elsewhere and elsewhere["시화"]["parent_sigungu_code"] == "41270"
    assert "시화" not in [c["name_ko"] for c in r.complexes]


@pytest.mark.slow  # a si-gun-gu profile with its permutations (~10 s)
def test_sigungu_profile_lists_its_complexes(capsys):
    rc, d, err = _run(["profile", "47190", "--level", "sigungu", "--year", "2020", "--json", "--permutations", "9"],
                      capsys)
    assert rc == 0, err
    listed = load_complexes()
    mine = listed[(listed["sigungu_code"] == "47190") & ~listed["is_subcomplex"]]
    assert sorted(c["name_ko"] for c in d["complexes"]) == sorted(mine["name_ko"])
    for c in d["complexes"]:
        assert {"name_ko", "type", "type_ko", "status", "status_ko", "tenant_firms", "operating_firms",
                "employment", "suppressed", "subcomplexes", "sigungu_name_ko"} <= set(c)
        row = mine[mine["name_ko"] == c["name_ko"]].iloc[0]
        assert c["operating_firms"] == row["operating_firms"] and c["employment"] == row["employment"]
        assert c["sigungu_name_ko"] == "경북 구미시"
    cs = d["complexes_summary"]
    assert cs["year"] == 2023 and cs["reference_period"] == "Q4"
    assert cs["totals"]["employment"] == sum(c["employment"] for c in d["complexes"])
    assert any("2023 Q4" in n and "not 2020" in n for n in d["notes"])


@pytest.mark.slow
def test_sido_profile_lists_the_complexes_of_its_sigungu(capsys):
    rc, d, err = _run(["profile", "36", "--level", "sido", "--year", "2022", "--json", "--permutations", "9"],
                      capsys)
    assert rc == 0, err
    assert len(d["complexes"]) == int(_indicator("complexes_count", "sido")["36"])
    assert {c["sigungu_code"] for c in d["complexes"]} == {"36110"}
    assert sum(v["count"] for v in d["complexes_summary"]["by_type"].values()) == len(d["complexes"])
    assert all(not math.isnan(c["operating_firms"]) for c in d["complexes"])


def test_profile_object_carries_the_measure():
    p = region_profile(bundled(), "26", "sido", 2022, permutations=9, measure="sales")
    assert p.measure == "sales" and p.set_name == "sido_bs_sales" and len(p.lq) == 19
    groups = defaultdict(list)
    for ind in p.industries:
        groups[sp.set_for("sido", measure="sales").groups[ind]].append(ind)
    assert len(groups) == 5
