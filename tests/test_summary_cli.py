"""Tests of ``python -m analysis summary``: the JSON object on SYNTHETIC inputs, clean errors, bundled data."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import cli
from analysis.compare import measure
from analysis.spatial import build_weights
from analysis.store import bundled
from cli.commands import summary
from tests.helpers import GRID_META as META
from tests.helpers import grid as _grid

ROOT = Path(__file__).resolve().parent.parent
TOP_KEYS = {
    "schema", "level", "autonomous", "year", "year_reason", "comparable_years", "x", "y", "n", "dropped",
    "left_out", "permutations", "seed", "alpha", "fdr",
    "warning", "notes", "mismatch", "capital_region", "concentration", "weights", "moran", "lisa_wording",
    "regions",
}


def _synthetic(y_values=None, x_values=None):
    """A Comparison on the SYNTHETIC grid: x concentrated in the capital column, y even unless given."""
    cells, codes, bnd = _grid()
    x = pd.Series(x_values if x_values is not None else [6.0 if c == 0 else 1.0 for _, c in cells], index=codes,
                  name="rnd_x")  # total 24
    y = pd.Series(y_values if y_values is not None else 1.0, index=codes, name="prod_y", dtype=float)  # total 9
    graph = build_weights(bnd, island_links=False)
    return measure(x, y, bnd, graph, level="sido", year=2022, meta=META, permutations=99)


def _doc(c) -> dict:
    return json.loads(json.dumps(summary._clean(summary.summarise(c)), allow_nan=False))


def test_json_object_on_synthetic_grid():
    doc = _doc(_synthetic())
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


def test_constant_indicator_skips_its_spatial_statistics():
    doc = _doc(_synthetic())  # y is even (constant): Moran's I is undefined for it
    assert doc["moran"]["y"] is None and doc["moran"]["bivariate_x_lag_y"] is None
    assert doc["moran"]["x"]["I"] > 0  # the capital column clusters
    assert doc["regions"][0]["lisa"]["y"] is None
    assert any("y is the same in every region" in n for n in doc["notes"])


def test_domain_error_exits_2_with_one_line(capsys):
    code = cli.main(["summary", "--year", "2022", "--x", "rnd_x", "--y", "prod_y", "--json"])
    out = capsys.readouterr()
    assert code == 2 and out.out == ""
    assert out.err.startswith("error: ") and "unknown indicator 'rnd_x'" in out.err and out.err.count("\n") == 1


def test_text_output():
    out = summary._text(summary._clean(summary.summarise(_synthetic(y_values=range(1, 10)))))
    assert "Hoover dissimilarity" in out and "Global Moran's I" in out and "LISA clusters" in out


def test_json_is_deterministic_with_a_seed():
    y = [3, 1, 4, 1, 5, 9, 2, 6, 5]
    assert _doc(_synthetic(y_values=y)) == _doc(_synthetic(y_values=y))


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


def test_no_year_means_the_latest_complete_year(capsys):
    assert cli.main(["summary", "--x", "rd_expenditure_from_share", "--y", "gva_manufacturing_nominal_b2020",
                     "--permutations", "9", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["year"] == 2022 and doc["year_reason"] == "latest year both cover completely"
    assert doc["comparable_years"] == [2022] and doc["n"] == 17


def test_data_file_adds_user_indicators_to_summary(tmp_path, capsys):
    """A tidy file of the bundled R&D figures, read back with --data, gives the bundled numbers."""
    from analysis.store import bundled

    v = bundled().get("rd_expenditure_from_share", "sido", 2022)
    path = tmp_path / "my_rnd.csv"
    pd.DataFrame({"code": v.index, "level": "sido", "year": 2022, "indicator": "my rnd", "value": v.to_numpy()}
                 ).to_csv(path, index=False)
    common = ["--y", "gva_manufacturing_nominal_b2020", "--permutations", "19", "--json"]
    assert cli.main(["summary", "--x", "rd_expenditure_from_share", *common]) == 0
    ref = json.loads(capsys.readouterr().out)
    assert cli.main(["summary", "--data", str(path), "--data-layer", "rnd", "--x", "user_my_rnd", *common]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["x"]["id"] == "user_my_rnd" and got["year"] == 2022
    for key in ("mismatch", "capital_region", "moran", "concentration"):
        assert json.dumps(got[key]) == json.dumps(ref[key]).replace("rd_expenditure_from_share", "user_my_rnd")
    assert got["lisa_wording"]["x_lag_y"] == "rnd_production"


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
    x, y = "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020"
    shared = sorted(set(bundled().years(x, "sido")) & set(bundled().years(y, "sido")))
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
    assert "need every one of the 17 sido regions" in err[0] and err[0].endswith("complete: 2022.")
