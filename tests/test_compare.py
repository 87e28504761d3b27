"""compare(): the one comparison of x against y — year rule, refusals, capital region, wording, weights."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis.compare import bivariate_wording, comparable_years, compare, trend, trend_years, univariate
from analysis.errors import AggregationError, DataError
from analysis.mismatch import concentration, mismatch
from analysis.spatial import moran, weights_for_level
from analysis.store import _read_breaks, bundled
from tests.helpers import user_copy

ROOT = Path(__file__).resolve().parents[1]
X, Y = "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020"


@pytest.fixture(scope="module")
def c():
    return compare(bundled(), X, Y, "sido", permutations=99)


def test_no_year_means_the_latest_comparable_year(c):
    assert c.year == 2022 and c.year_reason == "latest year both cover completely"
    assert c.comparable_years == (2022,) and c.n == 17 and c.dropped == ()


def test_numbers_are_the_library_calls_on_complete_data(c):
    s = bundled()
    mm = mismatch(s.get(X, "sido", 2022), s.get(Y, "sido", 2022), how="strict")
    assert c.hoover == mm.hoover and c.theil_kl == mm.theil_kl
    assert c.capital_share_x == concentration(mm.shares["x"]).capital_share
    assert round(c.capital_share_x, 3) == 0.701  # the published 70.1 % (KISTEP)
    g = weights_for_level("sido")
    assert c.moran["log_ratio"].I == moran(mm.shares["log_ratio"], g, 99, 12345).I
    assert set(c.capital[c.capital].index) == {"11", "28", "41"}


def test_an_incomplete_year_is_refused_naming_the_complete_years():
    with pytest.raises(DataError, match=r"no value in 2020 for 14 regions .*Years where both are complete: 2022\."):
        compare(bundled(), X, Y, "sido", 2020)
    with pytest.raises(DataError, match=r"no year in which both are complete.*Complete years of rd_expenditure: "
                                        r"none; of gva_manufacturing_nominal_b2020: 2010, .*2023\."):
        compare(bundled(), "rd_expenditure", Y, "sido")


def test_tables_that_treat_sejong_differently_are_not_compared():
    s = bundled()
    years = comparable_years(s, "employed_persons", "population_registered", "sido")
    assert 2015 not in years and 2017 in years  # the labour-force survey lists Sejong from 2017
    with pytest.raises(DataError, match=r"cover different units in 2015 \(only employed_persons: -; "
                                        r"only population_registered: 36\)"):
        compare(s, "employed_persons", "population_registered", "sido", 2015, permutations=9)
    c = compare(s, "employed_persons", "population_registered", "sido", 2010, permutations=9)
    assert c.n == 16 and c.dropped == (("36", c.dropped[0][1]),) and "Chungnam" in c.dropped[0][1]


def test_base_years_and_natures_are_checked():
    with pytest.raises(DataError, match="base year 2010 .* base year 2020"):
        compare(bundled(), "grdp_nominal_b2010", Y, "sido")
    with pytest.raises(AggregationError, match="intensive"):
        compare(bundled(), "rd_intensity_pct_grdp", Y, "sido")
    with pytest.raises(DataError, match="no data at level 'sigungu'"):
        compare(bundled(), X, Y, "sigungu")


def test_bivariate_wording_follows_the_layers_not_the_id():
    assert bivariate_wording("rnd", "production") == "rnd_production"
    s = bundled()
    as_rnd = s.with_user(user_copy(s, "gva_prof_sci_tech_services_nominal_b2020", "user_pst", layer="rnd"))
    c = compare(as_rnd, "user_pst", Y, "sido", 2022, permutations=9)
    assert c.lisa_wording["x_lag_y"] == "rnd_production"
    c2 = compare(s, "gva_prof_sci_tech_services_nominal_b2020", Y, "sido", 2022, permutations=9)
    assert c2.lisa_wording["x_lag_y"] == "services_production"  # services here, production around: its own words
    assert c2.lisa_wording["y_lag_x"] == "production_services"
    as_context = s.with_user(user_copy(s, "gva_prof_sci_tech_services_nominal_b2020", "user_ctx", layer="context"))
    c3 = compare(as_context, "user_ctx", Y, "sido", 2022, permutations=9)
    assert c3.lisa_wording["x_lag_y"] == "bivariate"  # a pair of layers without planner words: the names only
    assert c.hoover == c2.hoover == c3.hoover and c.moran["log_ratio"].I == c2.moran["log_ratio"].I


def test_an_upload_compares_like_the_bundled_indicator(c):
    s = bundled()
    u = s.with_user(user_copy(s, X, "user_rnd"))
    cu = compare(u, "user_rnd", Y, "sido", permutations=99)
    assert (cu.year, cu.capital_share_x, cu.hoover) == (c.year, c.capital_share_x, c.hoover)
    assert cu.moran["log_ratio"].I == c.moran["log_ratio"].I and cu.moran["log_ratio"].p_sim == c.moran["log_ratio"].p_sim


def test_sigungu_uses_the_229_unit_view_and_its_island_links():
    c = compare(bundled(), "population_registered", "population_share_of_national", "sigungu", permutations=9)
    assert c.autonomous and c.n == 229 and c.weights.n == 229 and not c.weights.isolates.size


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_trend_keeps_years_with_the_same_units_and_no_break():
    s = bundled()
    x = "gva_prof_sci_tech_services_nominal_b2020"
    anchor, years, left_out = trend_years(s, x, Y, "sido", 2022)
    assert anchor == 2022 and years[0] == 2013 and 2012 in left_out  # 16 sido before Sejong was listed
    broken = dataclasses.replace(s, breaks=_read_breaks(ROOT / "tests" / "fixtures" / "breaks_example.csv"),
                                 _memo={})
    _, years2, left_out2 = trend_years(broken, x, Y, "sido", 2022)
    assert years2[0] == 2015 and "industry classification" in left_out2[2014]
    # a trend is compare() in each of those years
    t = trend(broken, x, Y, "sido", 2022, permutations=9)
    assert t.years == tuple(years2) and t.frame.attrs["left_out"] == left_out2
    c = compare(broken, x, Y, "sido", 2016, permutations=9)
    assert t.frame.loc[2016, "hoover"] == c.hoover and t.frame.loc[2016, "moran_log_ratio"] == c.moran["log_ratio"].I


def test_univariate_uses_the_same_year_rule():
    u = univariate(bundled(), "grdp_nominal_b2020", "sido", permutations=9)
    assert u.year == bundled().complete_years("grdp_nominal_b2020", "sido")[-1] and u.lisa.n == 17
    with pytest.raises(DataError, match="Complete years: 2022"):
        univariate(bundled(), X, "sido", 2020)
    assert np.isfinite(u.moran.I)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_brief_with_an_incomplete_default_year_refuses_in_one_line(tmp_path):
    """The issue's command: R&D levels cover at most 3 sido a year, so no year is complete."""
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "brief", "--level", "sido", "--x", "rd_expenditure", "--y",
         "gva_manufacturing_nominal_b2020", "--out", "b.pdf"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 2 and proc.stdout == ""
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")
    assert "Complete years of rd_expenditure: none" in err[0] and "2023" in err[0]
    assert not (tmp_path / "b.pdf").exists()


def test_complete_tables_of_different_units_are_refused_naming_the_units():
    """A table that omits Sejong is complete under the exception, but not comparable with one that lists it."""
    from analysis.userdata import UserIndicator

    s = bundled()
    v = s.values
    rows = v[(v["indicator"] == "population_registered") & (v["level"] == "sido") & (v["year"] >= 2013)
             & (v["code"] != "36")][["code", "level", "year", "indicator", "value"]]
    t = s.with_user(UserIndicator("user_pop16", "pop without Sejong", "persons", "context", "extensive",
                                  rows.reset_index(drop=True), "pop16.csv"))
    assert t.complete_years("user_pop16", "sido") == [y for y in s.years("population_registered", "sido") if y >= 2013]
    with pytest.raises(DataError, match=r"both complete in 2013, .* but cover different units \(only user_pop16: -; "
                                        r"only population_registered: 36 in \d{4}\)"):
        compare(t, "user_pop16", "population_registered", "sido")


def test_swapped_pair_names_the_right_variables_and_no_rd_wording_for_population():
    """Population (context) against R&D and the swapped pair: "Y against neighbours' X" of one is "X against
    neighbours' Y" of the other, number for number and word for word; each label starts with the region's own
    variable (short label) and names the neighbours' other; no "R&D hub / production" wording (neither pair is
    R&D against a production layer); ln M names whose surplus."""
    s = bundled()
    pop, rnd = "population_registered", "rd_expenditure_from_share"
    a = compare(s, pop, rnd, "sido", 2022, permutations=99)
    b = compare(s, rnd, pop, "sido", 2022, permutations=99)
    assert a.lisa_wording["x_lag_y"] == a.lisa_wording["y_lag_x"] == "bivariate"
    ta, tb = a.lisa["y_lag_x"].table, b.lisa["x_lag_y"].table
    assert ta[["value", "lag", "p_sim", "cluster", "label_en", "label_ko"]].equals(
        tb[["value", "lag", "p_sim", "cluster", "label_en", "label_ko"]])
    for c, own, other in ((a, "Registered population", "R&D expenditure"), (b, "R&D expenditure", "Registered population")):
        t = c.lisa["x_lag_y"].table
        sig = t[t["significant"]]
        assert not sig.empty
        for code, row in sig.iterrows():
            high = "high" if row["cluster"][0] == "H" else "low"
            around = "high" if row["cluster"][1] == "H" else "low"
            assert row["label_en"] == f"{own} {high} here, neighbours' {other} {around}", (code, row["label_en"])
        assert not t["label_en"].str.contains("hub|produc", regex=True).any()
    words = set(a.lisa["log_ratio"].table["label_en"])
    assert "Registered population-surplus cluster" in words and "R&D expenditure-surplus cluster" in words
