"""Tests of ``python -m analysis summary``: the JSON object on SYNTHETIC inputs, clean errors, bundled data."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

import cli
from analysis.spatial import build_weights
from cli.commands import summary

ROOT = Path(__file__).resolve().parent.parent
TOP_KEYS = {
    "schema", "level", "autonomous", "year", "x", "y", "n", "dropped", "permutations", "seed", "alpha", "fdr",
    "warning", "notes", "mismatch", "capital_region", "concentration", "weights", "moran", "lisa_wording",
    "regions",
}


def _synthetic_inputs() -> summary._Inputs:
    """SYNTHETIC 3×3 grid: the left column is 'capital region' (sido 11), the rest sido 26/47."""
    cells = [(r, c) for r in range(3) for c in range(3)]
    codes = [f"{11 if c == 0 else (26 if c == 1 else 47)}{r}{c}" for r, c in cells]
    bnd = gpd.GeoDataFrame(
        {
            "name_ko": [f"구역{k}" for k in range(9)],
            "name_en": [f"Cell {k}" for k in range(9)],
            "capital_region": [c == 0 for _, c in cells],
            "sido_code": [code[:2] for code in codes],
        },
        geometry=[shapely.box(c, r, c + 1, r + 1) for r, c in cells],
        index=pd.Index(codes, name="code"),
    )
    # x concentrated in the capital column, y even: hand-computable shares
    x = pd.Series([6.0 if c == 0 else 1.0 for _, c in cells], index=codes, name="rnd_x")  # total 24
    y = pd.Series(1.0, index=codes, name="prod_y")  # total 9
    meta = {
        "x": {"id": "rnd_x", "label_ko": "x", "label_en": "x", "unit": "u", "layer": "rnd", "nature": "extensive"},
        "y": {"id": "prod_y", "label_ko": "y", "label_en": "y", "unit": "u", "layer": "production",
              "nature": "extensive"},
    }
    groups = pd.DataFrame({"econ_region": ["CAP", "DN", "DG"]}, index=pd.Index(["11", "26", "47"], name="sido_code"))
    return summary._Inputs(x, y, meta, bnd, groups, False)


@pytest.fixture
def synthetic(monkeypatch):
    inputs = _synthetic_inputs()
    monkeypatch.setattr(summary, "_load", lambda args: inputs)
    monkeypatch.setattr(
        summary, "weights_for_regions",
        lambda level, codes, **kw: build_weights(inputs.boundaries.loc[list(codes)], island_links=False)
    )
    return inputs


def _run(capsys, *extra: str) -> tuple[int, str, str]:
    code = cli.main(["summary", "--year", "2022", "--x", "rnd_x", "--y", "prod_y", "--permutations", "99", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_object_on_synthetic_grid(synthetic, capsys):
    code, out, err = _run(capsys, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) == TOP_KEYS
    assert doc["schema"] == "ries-atlas/summary/1"
    assert doc["n"] == 9 and doc["permutations"] == 99 and doc["seed"] == 12345
    # capital column: x share 18/24 = .75, y share 3/9 = 1/3
    assert doc["capital_region"]["share_x"] == pytest.approx(0.75)
    assert doc["capital_region"]["share_y"] == pytest.approx(1 / 3)
    # Hoover = ½(3·|.25 − 1/9| + 6·|1/24 − 1/9|) = 5/12
    assert doc["mismatch"]["hoover"] == pytest.approx(5 / 12)
    assert "only 9 regions" in doc["warning"]
    assert set(doc["moran"]) == {"x", "y", "log_ratio", "bivariate_x_lag_y", "bivariate_y_lag_x"}
    region = doc["regions"][0]
    assert set(region["lisa"]) == {"x", "y", "log_ratio", "x_lag_y", "y_lag_x"}
    assert doc["lisa_wording"]["x_lag_y"] == "rnd_production"
    dec = doc["concentration"]["x"]["capital_decomposition"]
    assert dec["between"] + dec["within"] == pytest.approx(doc["concentration"]["x"]["theil"])
    assert doc["concentration"]["x"]["econ_region_decomposition"]["group_shares"]["CAP"] == pytest.approx(0.75)


def test_constant_indicator_skips_its_spatial_statistics(synthetic, capsys):
    doc = json.loads(_run(capsys, "--json")[1])  # y is even (constant): Moran's I is undefined for it
    assert doc["moran"]["y"] is None and doc["moran"]["bivariate_x_lag_y"] is None
    assert doc["moran"]["x"]["I"] > 0  # the capital column clusters
    assert doc["regions"][0]["lisa"]["y"] is None
    assert any("y is the same in every region" in n for n in doc["notes"])


def test_domain_error_exits_2_with_one_line(monkeypatch, capsys):
    inputs = _synthetic_inputs()
    monkeypatch.setattr(summary, "_load", lambda args: summary._Inputs(
        inputs.x.iloc[:2], inputs.y.iloc[7:], inputs.meta, inputs.boundaries, inputs.groups, False))
    code, out, err = _run(capsys, "--json")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "share no region" in err and err.count("\n") == 1


def test_text_output(synthetic, capsys, monkeypatch):
    y = synthetic.y.copy()
    y.iloc[:] = range(1, 10)
    monkeypatch.setattr(summary, "_load", lambda args: summary._Inputs(synthetic.x, y.rename("prod_y"),
                                                                        synthetic.meta, synthetic.boundaries,
                                                                        synthetic.groups, False))
    code, out, err = _run(capsys)
    assert code == 0, err
    assert "Hoover index" in out and "Global Moran's I" in out and "LISA clusters" in out


def test_json_is_deterministic_with_a_seed(synthetic, capsys, monkeypatch):
    y = synthetic.y.copy()
    y.iloc[:] = [3, 1, 4, 1, 5, 9, 2, 6, 5]
    monkeypatch.setattr(summary, "_load", lambda args: summary._Inputs(synthetic.x, y.rename("prod_y"),
                                                                        synthetic.meta, synthetic.boundaries,
                                                                        synthetic.groups, False))
    first = _run(capsys, "--json")[1]
    second = _run(capsys, "--json")[1]
    assert first == second


# ---------------------------------------------------------------- errors on the bundled indicators


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["--x", "no_such_indicator", "--y", "gva_manufacturing_nominal_b2020", "--year", "2020"], "unknown indicator"),
        (["--x", "rd_intensity_pct_grdp", "--y", "gva_manufacturing_nominal_b2020", "--year", "2010"], "intensive"),
        (["--x", "gva_manufacturing_nominal_b2020", "--y", "grdp_nominal_b2020", "--year", "1900"], "no sido data"),
    ],
)
def test_errors_exit_2_with_one_line(argv, match, capsys):
    code = cli.main(["summary", *argv, "--json"])
    out = capsys.readouterr()
    assert code == 2
    assert out.out == ""
    assert out.err.startswith("error: ") and match in out.err
    assert out.err.count("\n") == 1


def test_permutations_must_be_positive(capsys):
    args = argparse.Namespace(permutations=0)
    with pytest.raises(summary.DataError, match="permutations"):
        summary.run(args)


# ---------------------------------------------------------------- the bundled data end to end


def _bundled_boundaries() -> bool:
    return (ROOT / "data" / "boundaries" / "sido.web.geojson").exists()


@pytest.mark.slow
@pytest.mark.skipif(not _bundled_boundaries(), reason="bundled boundaries not built yet (make boundaries)")
def test_bundled_sido_run():
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "summary", "--level", "sido", "--year", "2022",
         "--x", "gva_electronics_precision_mfg_nominal_b2020", "--y", "gva_manufacturing_nominal_b2020",
         "--permutations", "99", "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["n"] == 17 and doc["weights"]["isolates"] == []
    assert 0 < doc["capital_region"]["share_x"] < 1


@pytest.mark.skipif(not _bundled_boundaries(), reason="bundled boundaries not built yet (make boundaries)")
def test_every_shared_year_runs_or_fails_cleanly(capsys):
    from analysis import indicators

    x, y = "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020"
    shared = sorted(set(indicators.years(x, "sido")) & set(indicators.years(y, "sido")))
    assert shared
    ok = 0
    for year in shared:
        code = cli.main(["summary", "--year", str(year), "--x", x, "--y", y, "--permutations", "9", "--json"])
        out = capsys.readouterr()
        if code == 0:
            doc = json.loads(out.out)
            assert doc["year"] == year and doc["n"] >= 3
            assert doc["mismatch"]["hoover"] is not None
            ok += 1
        else:
            assert code == 2 and out.out == "" and out.err.count("\n") == 1, (year, out.err)
    assert ok >= 1


@pytest.mark.parametrize("level", ["sigungu", "emd"])
def test_levels_without_data_fail_cleanly(level, capsys):
    code = cli.main(["summary", "--level", level, "--year", "2020", "--x", "gva_manufacturing_nominal_b2020",
                     "--y", "grdp_nominal_b2020", "--json"])
    out = capsys.readouterr()
    assert code == 2 and out.out == ""
    assert out.err.startswith("error: ") and level in out.err and out.err.count("\n") == 1


def test_incomplete_year_is_refused_with_the_complete_years(capsys):
    """A year in which R&D is published for a few sido only would give the capital region a 100 % share."""
    code = cli.main(["summary", "--level", "sido", "--year", "2020", "--x", "rd_expenditure_from_share",
                     "--y", "gva_manufacturing_nominal_b2020", "--permutations", "9"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert "need every region" in err[0] and "[2022]" in err[0]
