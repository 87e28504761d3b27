"""Checks of the bundled indicator data against published totals (issue 3, item 4) and provenance rules."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import indicators as ind
from analysis.store import bundled

VALUES = ind.load_values(derived=False)
CAT = ind.load_catalogue()
SOURCES = ind.load_sources()
NOMINAL_VA = [i for i in CAT.index if re.fullmatch(r"(grdp|gva)_.*nominal_b20(10|20)", i)]
CAPITAL = ["11", "28", "41"]


def _sido_vs_national(indicator: str) -> pd.DataFrame:
    v = VALUES[VALUES["indicator"] == indicator]
    sido = v[v["level"] == "sido"].groupby("year")["value"].agg(["sum", "size"])
    nat = v[(v["level"] == "national")].set_index("year")["value"].rename("national")
    out = sido.join(nat, how="inner")
    assert not out.empty, f"{indicator}: no year with both sido and national values"
    return out


@pytest.mark.parametrize("indicator", NOMINAL_VA)
def test_nominal_value_added_sums_exactly(indicator):
    t = _sido_vs_national(indicator)
    # 16 sido before Sejong is listed (its territory is inside Chungnam), 17 after
    assert t["size"].isin([16, 17]).all()
    assert (t["sum"] == t["national"]).all(), t[t["sum"] != t["national"]]


def test_nominal_value_added_list_is_complete():
    assert len(NOMINAL_VA) == 15  # 13 series of the 2020 base + GRDP and manufacturing of the 2010 base


@pytest.mark.parametrize("indicator", ["employed_persons", "population_15plus"])
def test_labour_survey_sums_within_rounding(indicator):
    # survey estimates published in thousands: each of n+1 figures rounded by at most 0.5
    t = _sido_vs_national(indicator)
    assert ((t["sum"] - t["national"]).abs() <= 0.5 * (t["size"] + 1)).all()
    assert len(t) == 25


def test_registered_population_sums_exactly():
    t = _sido_vs_national("population_registered")
    assert (t["sum"] == t["national"]).all()


def test_rd_shares_2022_sum_to_100_and_capital_is_70_1():
    s = bundled().get("rd_expenditure_share_pct", "sido", 2022)
    assert len(s) == 17
    assert s.sum() == pytest.approx(100.0, abs=0.2)
    assert s[CAPITAL].sum() == pytest.approx(70.1, abs=1e-9)
    assert bundled().get("rd_expenditure_share_pct", "group", 2022)["CAP"] == 70.1  # published subtotal


@pytest.mark.parametrize("indicator", ["establishments_all_industries", "workers_all_industries"])
def test_published_capital_subtotal_equals_sum(indicator):
    sido = bundled().series(indicator, "sido", codes=CAPITAL).sum(axis=1)
    cap = bundled().series(indicator, "group", codes=["CAP"])["CAP"]
    assert (sido == cap).all()


def test_no_series_mixes_base_years():
    for ind_id, row in CAT.iterrows():
        m = re.search(r"_b(2010|2020)$", ind_id)
        if m:
            assert row["base_year"] == m.group(1), ind_id
        if row["derived"]:
            continue
        # every source of a stored series is of the series' own base year
        texts = SOURCES.loc[row["source_ids"].split(";"), "where_read"]
        if row["base_year"] == "2020":
            assert texts.str.contains("2020 base|2020년 기준").all(), ind_id
            assert not texts.str.contains("2010 base|2010년 기준").any(), ind_id
        elif row["base_year"] == "2010":
            assert texts.str.contains("2010 base|2010년 기준").all(), ind_id


def test_derived_inputs_share_base_year():
    for ind_id, row in CAT[CAT["derived"]].iterrows():
        inputs = ind._indicator_inputs(row["derivation"])
        bases = {CAT.at[i, "base_year"] for i in inputs} - {"none"}
        assert bases <= {row["base_year"]}, ind_id


def test_sejong_never_before_2012_and_2010_base_has_16_sido():
    v = VALUES[(VALUES["level"] == "sido") & (VALUES["code"] == "36")]
    assert v["year"].min() >= 2012
    assert bundled().counts("sido").loc["grdp_nominal_b2010"].max() == 16


def test_provenance_complete():
    assert set(VALUES["source_id"]) <= set(SOURCES.index)
    assert (SOURCES["where_read"].str.len() > 20).all()
    primary = SOURCES[SOURCES["source_type"] == "primary"]
    assert primary["licence"].str.startswith("KOGL type 1").all()
    # a primary KOSIS row names the repository@commit:path it was read from
    assert primary["where_read"].str.contains(r"[\w-]+/[\w.-]+@[0-9a-f]{7,40}:").all()
    stored = CAT[~CAT["derived"]]
    assert (stored["source_ids"].str.len() > 0).all()


def test_every_value_has_catalogue_unit():
    assert set(VALUES["indicator"]) <= set(CAT.index)
    assert (CAT.loc[sorted(set(VALUES["indicator"])), "unit"].str.len() > 0).all()
