"""Change over time on the 2020 base at si-gun-gu (issue 26 item 4): the national run of the real value added is
2020–2022; 2019 and 2023 exist within some sido only, as a run over their units alone (shares of their sum) that
never joins the national one; the 2015-base series keeps its one step; a mix of the two bases is refused with a
clear message (the store's base-year rule), and so is a year outside a set's complete run."""

from __future__ import annotations

import json

import numpy as np
import pytest

import cli
from analysis import transitions as tr
from analysis.difference import difference
from analysis.errors import AtlasError, DataError
from analysis.store import bundled
from analysis.unit_sets import complete_years_within, spans, unit_set, years_by_sido

REAL = "gva_business_services_real_chained_b2020"
SEVEN = ("11", "28", "29", "41", "43", "46", "52")  # the sido whose si-gun-gu publish both 2019 and 2023


def test_the_runs_of_the_real_series_national_first_then_within_some_sido():
    s = bundled()
    assert s.complete_years(REAL, "sigungu") == [2020, 2021, 2022]
    runs = spans(s, REAL, "sigungu")
    assert (runs[0].first, runs[0].last, runs[0].key) == (2020, 2022, "")
    assert (runs[1].first, runs[1].last, runs[1].units.sido) == (2019, 2023, SEVEN)
    by = years_by_sido(s, REAL, "sigungu")
    assert [c for c, yrs in by.items() if 2019 in yrs and 2023 in yrs] == list(SEVEN)
    assert spans(s, "gva_manufacturing_nominal_b2015", "sigungu")[0].key == ""  # one national step, 2015→2020


def test_a_run_within_some_sido_is_their_units_alone_with_shares_of_their_sum():
    s = bundled()
    p = tr.transition_panel(REAL, "sigungu", store=s, within=SEVEN)
    assert p.years == (2019, 2020, 2021, 2022, 2023) and p.within == SEVEN
    units = unit_set("sigungu", SEVEN)
    assert set(p.shares.index) == set(units.codes(autonomous=p.autonomous))
    assert all(str(c)[:2] in SEVEN for c in p.shares.index)
    for year in p.years:  # independently: each unit's value over the sum of the seven sido's units
        v = s.get(REAL, "sigungu", year).reindex(p.shares.index).astype(float)
        np.testing.assert_allclose(p.shares[year].to_numpy(float), (v / v.sum()).to_numpy(), rtol=1e-12)
    national = tr.transition_panel(REAL, "sigungu", store=s)
    assert national.years == (2020, 2021, 2022) and national.within == ()
    assert national.n > p.n  # the national panel has every unit, the run within fewer
    assert national.shares[2020].sum() == pytest.approx(1.0) and p.shares[2020].sum() == pytest.approx(1.0)
    assert not np.allclose(national.shares.loc[p.shares.index, 2020], p.shares[2020])  # other totals: never joined


def test_the_national_change_refuses_a_year_only_some_sido_publish_and_names_them():
    s = bundled()
    with pytest.raises(DataError) as err:
        difference(s, REAL, "sigungu", 2019, 2023, "share", permutations=9, seed=1)
    msg = str(err.value)
    assert "Complete years: 2020, 2021, 2022" in msg and "9 sido" in msg and "10 sido" in msg
    d = difference(s, REAL, "sigungu", 2019, 2023, "share", permutations=9, seed=1, within=SEVEN)
    assert d.within == SEVEN and len(d.change) == p_units(s) and d.change.sum() == pytest.approx(0.0, abs=1e-12)


def p_units(s) -> int:
    return len(unit_set("sigungu", SEVEN).codes(autonomous=s.autonomous(REAL, "sigungu")))


def test_a_run_within_a_sido_that_lacks_the_years_is_refused():
    s = bundled()
    busan = complete_years_within(s, REAL, unit_set("sigungu", ["26"]))
    assert busan[0] == 2019 and 2023 not in busan
    with pytest.raises(DataError, match="2023"):
        difference(s, REAL, "sigungu", 2019, 2023, "share", permutations=9, seed=1, within=["26"])


@pytest.mark.slow  # the trend CLI on the bundled data
def test_the_two_bases_are_never_mixed(capsys):
    # the 2015-base nominal and the 2020-base real value added: a trend of one against the other is refused
    code = cli.main(["trend", "--level", "sigungu", "--x", REAL, "--y", "gva_manufacturing_nominal_b2015"])
    err = capsys.readouterr().err
    assert code == 2 and "base year 2020" in err and "base year 2015" in err and "not comparable" in err
    # a 2015→2020 change of the 2020-base series has no 2015: refused, not filled from the other base
    with pytest.raises(AtlasError):
        difference(bundled(), REAL, "sigungu", 2015, 2020, "share", permutations=9, seed=1)
    old = difference(bundled(), "gva_manufacturing_nominal_b2015", "sigungu", 2015, 2020, "share", permutations=9,
                     seed=1)
    assert (old.before, old.after) == (2015, 2020)


@pytest.mark.slow  # two Markov runs at si-gun-gu through the CLI
def test_markov_cli_runs_nationally_and_within(capsys):
    assert cli.main(["markov", "--level", "sigungu", "--indicator", REAL, "--permutations", "9", "--json"]) == 0
    national = json.loads(capsys.readouterr().out)
    assert cli.main(["markov", "--level", "sigungu", "--indicator", REAL, "--within", ",".join(SEVEN),
                     "--permutations", "9", "--json"]) == 0
    within = json.loads(capsys.readouterr().out)
    assert national["years"] == [2020, 2021, 2022] and within["years"] == [2019, 2020, 2021, 2022, 2023]
    assert national["within"] == [] and within["within"] == list(SEVEN)
