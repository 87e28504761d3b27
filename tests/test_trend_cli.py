"""``python -m analysis trend``: every year's numbers equal ``summary`` for that year (bundled real data)."""

from __future__ import annotations

import json

import pytest

import cli

X, Y = "gva_prof_sci_tech_services_nominal_b2020", "gva_manufacturing_nominal_b2020"


def _json(capsys, *argv: str) -> dict:
    assert cli.main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_each_year_equals_summary(capsys):
    out = _json(capsys, "trend", "--level", "sido", "--x", X, "--y", Y, "--permutations", "49", "--seed", "7")
    assert out["schema"] == "ries-atlas/trend/1"
    years = [r["year"] for r in out["years"]]
    assert years == list(range(years[0], years[-1] + 1)) and len(years) > 1
    # Sejong is listed separately from 2013 in the GRDP tables: earlier years cover other units
    assert {e["year"] for e in out["left_out"]} == set(range(2010, years[0]))
    for row in (out["years"][0], out["years"][len(years) // 2], out["years"][-1]):
        s = _json(capsys, "summary", "--level", "sido", "--x", X, "--y", Y, "--year", str(row["year"]),
                  "--permutations", "49", "--seed", "7")
        assert row["n"] == s["n"]
        assert row["hoover"] == s["mismatch"]["hoover"]
        assert row["theil"] == s["mismatch"]["theil_kl"]
        assert row["capital_share_x"] == s["capital_region"]["share_x"]
        assert row["capital_share_y"] == s["capital_region"]["share_y"]
        assert row["moran_log_ratio"] == s["moran"]["log_ratio"]["I"]
        assert row["moran_log_ratio_p_sim"] == s["moran"]["log_ratio"]["p_sim"]


def test_sigungu_trend_leaves_out_the_year_across_the_census_break(capsys):
    out = _json(capsys, "trend", "--level", "sigungu", "--x", "establishments_economic_census",
                "--y", "population_census_domestic", "--permutations", "9")
    assert [r["year"] for r in out["years"]] == [2020]
    assert any(e["year"] == 2015 and "register-based" in e["reason"] for e in out["left_out"])


def test_refusals_are_one_line(capsys):
    assert cli.main(["trend", "--x", "employment_rate_15plus", "--y", Y]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "intensive" in err and err.count("\n") == 1
    with pytest.raises(SystemExit):
        cli.main(["trend", "--x", X])
