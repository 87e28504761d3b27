"""``python -m analysis profile``: the JSON object, its agreement with the library, clean errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import cli
from analysis import specialisation as sp
from analysis.region_profile import region_profile
from analysis.store import bundled

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"schema", "code", "level", "name_ko", "name_en", "year", "base_year", "industry_set", "value_base_year",
        "lq", "share", "national_share", "labels", "structure", "structure_note", "shift_share",
        "shift_share_note", "clusters", "mismatch", "peers", "peer_weights", "peer_excluded", "indicators",
        "permutations", "seed", "notes", "measure", "measure_label", "measure_unit", "complexes", "complexes_summary"}


def _run(argv: list[str], capsys) -> tuple[int, dict | None, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, (json.loads(out.out) if code == 0 and "--json" in argv else None), out.err


def test_sido_profile_json_matches_the_library(capsys):
    code, d, _ = _run(["profile", "31", "--level", "sido", "--year", "2022", "--json", "--permutations", "99"], capsys)
    assert code == 0
    assert set(d) == KEYS
    lq = sp.location_quotients(sp.industry_matrix(bundled(), "sido", 2022))
    assert d["lq"]["gva_petro_chemical_mfg_nominal_b2020"] == pytest.approx(lq.at["31", "gva_petro_chemical_mfg_nominal_b2020"])
    assert d["base_year"] == 2017
    ss = d["shift_share"]
    t = ss["totals"]
    assert t["national"] + t["industry_mix"] + t["competitive"] == pytest.approx(t["change"], rel=1e-12)
    assert d["structure"] is None and "exhaust" in d["structure_note"]
    assert len(d["peers"]) == 5 and all(p["code"] != "31" for p in d["peers"])
    assert all({"code", "name_ko", "name_en", "distance", "reasons"} <= set(p) for p in d["peers"])
    assert d["peer_weights"] and all(w == 1.0 for w in d["peer_weights"].values())


def test_peer_options_reach_the_result(capsys):
    code, d, _ = _run(["profile", "31", "--level", "sido", "--year", "2022", "--json", "--permutations", "99",
                       "--exclude-capital", "--peers", "14", "--weight", "gva_manufacturing_nominal_b2020=3"], capsys)
    assert code == 0
    assert not {p["code"] for p in d["peers"]} & {"11", "28", "41"}
    assert d["peer_weights"]["gva_manufacturing_nominal_b2020"] == 3.0
    assert d["peer_excluded"] == ["capital_region"]


@pytest.mark.parametrize(("argv", "message"), [
    (["profile", "99", "--level", "sido", "--year", "2022"], "not a sido code"),
    (["profile", "31", "--level", "sido", "--year", "1999"], "years with data"),
    (["profile", "44", "--level", "sido", "--year", "2022", "--base-year", "2011"], "territory of 44 changed"),
    (["profile", "31", "--level", "sido", "--year", "2022", "--base-year", "2016"], None),
    (["profile", "31", "--level", "sido", "--year", "2015", "--base-year", "2016"], "before the end year"),
    (["profile", "31", "--level", "sido", "--year", "2022", "--weight", "nope=1"], "unknown variables"),
    (["profile", "31", "--level", "sido", "--year", "2022", "--weight", "x"], "VARIABLE=NUMBER"),
])
def test_errors_are_one_line_and_exit_2(argv, message, capsys):
    code, _, err = _run([*argv, "--permutations", "9"], capsys)
    if message is None:
        assert code == 0
        return
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_profile_command_runs_as_a_program():
    out = subprocess.run([sys.executable, "-m", "analysis", "profile", "00", "--level", "sido", "--year", "2022"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 2 and out.stderr.startswith("error: ") and "Traceback" not in out.stderr


def test_the_profile_object_is_the_cli_json(capsys):
    code, d, _ = _run(["profile", "11", "--level", "sido", "--year", "2020", "--json", "--permutations", "99"], capsys)
    assert code == 0
    assert d == json.loads(json.dumps(region_profile(bundled(), "11", "sido", 2020, permutations=99).to_dict()))


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
@pytest.mark.parametrize("code", ["31200", "41590", "11680"])
def test_sigungu_done_when_profiles(code, capsys):
    rc, d, _ = _run(["profile", code, "--level", "sigungu", "--year", "2020", "--json"], capsys)
    assert rc == 0
    assert d["industry_set"] == "sigungu_b2015" and d["base_year"] == 2015
    assert d["lq"]["gva_manufacturing_nominal_b2015"] is not None and len(d["lq"]) == 16
    lq = sp.location_quotients(sp.industry_matrix(bundled(), "sigungu", 2020))
    for ind, v in d["lq"].items():
        assert (v is None and pd.isna(lq.at[code, ind])) or v == pytest.approx(lq.at[code, ind])
    t = d["shift_share"]["totals"]
    assert t["national"] + t["industry_mix"] + t["competitive"] == pytest.approx(t["change"], rel=1e-12)
    assert len(d["peers"]) == 5 and code not in {p["code"] for p in d["peers"]}
    assert all(p["reasons"] and p["distance"] > 0 for p in d["peers"])
    assert "gva_per_capita_b2015" in d["peer_weights"]


def test_sejong_has_no_2015_base_profile(capsys):
    rc, _, err = _run(["profile", "36110", "--level", "sigungu", "--year", "2020"], capsys)
    assert rc == 2 and "Sejong" in err


def test_sigungu_exclusions(capsys):
    rc, d, _ = _run(["profile", "41590", "--level", "sigungu", "--year", "2020", "--json", "--exclude-same-sido",
                     "--peers", "10", "--permutations", "99"], capsys)
    assert rc == 0 and all(p["sido_code"] != "41" for p in d["peers"])


def test_default_base_year_never_crosses_sejongs_creation():
    assert region_profile(bundled(), "44", "sido", 2014, permutations=9).base_year == 2013
    assert region_profile(bundled(), "31", "sido", 2014, permutations=9).base_year == 2010  # no break: the earliest year
    p = region_profile(bundled(), "44", "sido", 2013, permutations=9)
    assert p.shift_share is None and "territory changed in 2013" in p.shift_share_note


@pytest.mark.slow  # > 0.6 s in make check
def test_profile_of_an_uploaded_indicator(tmp_path, capsys):
    """``profile --data FILE``: the file's indicator joins the peer search and is profiled under ``indicators``
    (the region's value, rank and share of the total). SYNTHETIC values: one unit per 1,000 residents."""
    pop = bundled().get("population_registered", "sido", 2022)
    mine = (pop / 1000).round()
    path = tmp_path / "startups.csv"
    pd.DataFrame({"code": mine.index, "level": "sido", "year": 2022, "indicator": "startups",
                  "value": mine.to_numpy()}).to_csv(path, index=False)
    rc, d, err = _run(["profile", "31", "--level", "sido", "--year", "2022", "--data", str(path), "--json",
                       "--permutations", "9"], capsys)
    assert rc == 0, err
    e = d["indicators"]["user_startups"]
    assert e["uploaded"] and e["value"] == mine["31"] and e["n"] == 17
    assert e["rank"] == int(mine.rank(ascending=False, method="min")["31"])
    assert e["share_of_total_pct"] == pytest.approx(100 * mine["31"] / mine.sum())
    assert "startups.csv" in e["source"]
    assert d["peer_weights"]["user_startups"] == 1.0 and d["labels"]["user_startups"]["en"] == "startups"
    rc, plain, _ = _run(["profile", "31", "--level", "sido", "--year", "2022", "--json", "--permutations", "9"], capsys)
    assert "user_startups" not in plain["indicators"] and "user_startups" not in plain["peer_weights"]
    assert cli.main(["profile", "31", "--level", "sido", "--year", "2022", "--data", str(path),
                     "--permutations", "9"]) == 0
    assert "startups (user_startups, uploaded)" in capsys.readouterr().out  # the text form lists it too
