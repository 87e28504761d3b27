"""Reference periods of the half-yearly and monthly tables: the store keeps integer years; the CLI takes a
half-year where a year goes when every requested indicator is referenced to it, and lists the periods."""

from __future__ import annotations

import argparse
import json

import pytest

from analysis.errors import DataError
from analysis.store import bundled
from cli import main
from cli.args import YearArg, resolve_year, year_or_half

PAIR = ["--x", "employed_occ_professionals", "--y", "employed_occ_machine_operators", "--level", "sido"]


def test_year_or_half_parses_and_refuses():
    assert year_or_half("2024") == YearArg(2024, "") and year_or_half("2024H2") == YearArg(2024, "H2")
    for bad in ("2024H3", "24H2", "2024Q4", "H2"):
        with pytest.raises(argparse.ArgumentTypeError):
            year_or_half(bad)


def test_resolve_year_rules():
    s = bundled()
    h2 = ("employed_occ_professionals", "employed_res_total")
    assert resolve_year(YearArg(2024, "H2"), s, h2) == 2024
    assert resolve_year(YearArg(2024), s, ("workers_bs_total",)) == 2024 and resolve_year(None, s, h2) is None
    with pytest.raises(DataError, match=r"H2 \(October\) round.*H1 figures are not bundled"):
        resolve_year(YearArg(2024, "H1"), s, h2)
    with pytest.raises(DataError, match="workers_bs_total: calendar year"):
        resolve_year(YearArg(2024, "H2"), s, ("employed_occ_professionals", "workers_bs_total"))
    with pytest.raises(DataError, match="employed_edu_tertiary: annual mean of the 12 published months"):
        resolve_year(YearArg(2023, "H2"), s, ("employed_edu_tertiary",))


def test_summary_takes_2024h2_as_2024(capsys):
    assert main(["summary", *PAIR, "--year", "2024H2", "--permutations", "9", "--json"]) == 0
    half = json.loads(capsys.readouterr().out)
    assert main(["summary", *PAIR, "--year", "2024", "--permutations", "9", "--json"]) == 0
    year = json.loads(capsys.readouterr().out)
    assert half["year"] == year["year"] == 2024 and half["mismatch"]["hoover"] == year["mismatch"]["hoover"]


def test_summary_refuses_h1_with_one_error_line(capsys):
    assert main(["summary", *PAIR, "--year", "2024H1", "--permutations", "9"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "H2 (October)" in err


def test_profile_refuses_a_half_year_for_annual_industry_data(capsys):
    assert main(["profile", "47", "--level", "sido", "--year", "2023H2", "--json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pass --year 2023" in err


@pytest.mark.parametrize(("level", "ids", "period"), [
    ("sido", ["employed_occ_professionals", "employed_edu_tertiary", "workers_bs_c_manufacturing",
              "mfg_survey_value_added", "complexes_count"], ["H2 (Oct)", "mean of 12 months", "", "", "Q4"]),
    ("sigungu", ["employed_res_total", "gva_business_services_real_chained_b2020", "complexes_employment"],
     ["H2 (Oct)", "", "Q4"]),
])
def test_coverage_lists_the_new_indicators_with_years_and_period(capsys, level, ids, period):
    argv = ["coverage", "--level", level, "--format", "csv"] + [a for i in ids for a in ("--indicator", i)]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("indicator,") and lines[0].endswith(",reference_period")
    rows = {line.split(",")[0]: line.split(",") for line in lines[1:]}
    assert [rows[i][-1] for i in ids] == period
    assert main(["coverage", "--level", level]) == 0
    table = capsys.readouterr().out
    assert all(i in table for i in ids) and "period" in table
