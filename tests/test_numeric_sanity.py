"""Numeric sanity (issue 21): overflow-sized values, nonsense class bounds, out-of-range CLI numbers and terminal
escape codes are refused or neutralised with a clear message, never a traceback or a plausible wrong number.

Figures are SYNTHETIC.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import mismatch as mm
from analysis import spatial
from analysis.errors import DataError
from cli import main
from cli.printable import printable
from geo.classify import MAX_USER_BINS, ClassificationError, classify, parse_bins
from report.static_map import MAX_DPI, StaticMapError, figure_bytes

SIDO = ["11", "26", "27", "28", "29", "30", "31", "36", "41", "43", "44", "46", "47", "48", "50", "51", "52"]


def _s(values, name: str) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=float), index=SIDO, name=name)


# ---------------------------------------------------------------------------------------------------------
# analysis.mismatch and analysis.spatial
# ---------------------------------------------------------------------------------------------------------


def test_two_regions_at_1e308_are_refused_not_reported_as_hoover_half():
    # before: Hoover 0.500, Theil 0.000, capital share 0.0 %
    x = _s([1e308, 1e308] + [1.0] * 15, "x")
    y = _s(np.arange(1, 18), "y")
    for a, b in ((x, y), (y, x)):
        with pytest.raises(DataError, match="too large to compute with.*larger unit"):
            mm.mismatch(a, b)
    with pytest.raises(DataError, match="too large"):
        mm.concentration(x)
    with pytest.raises(DataError, match="too large"):
        mm.shares(x)


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
def test_infinite_values_are_refused(bad):
    x = _s([bad] + [1.0] * 16, "x")
    with pytest.raises(DataError, match="infinite values at \\['11'\\]"):
        mm.mismatch(x, _s(np.arange(1, 18), "y"))


def test_large_but_representable_values_give_the_scaled_answer():
    y = _s(np.arange(1, 18), "y")
    x = _s(np.arange(1, 18) * 1e300, "x")
    big, small = mm.mismatch(x, y), mm.mismatch(y.rename("x"), y)
    assert big.hoover == pytest.approx(small.hoover, abs=1e-12)
    assert mm.concentration(x).capital_share == pytest.approx(mm.concentration(y).capital_share)


def test_spatial_statistics_refuse_values_whose_moments_overflow():
    g = spatial.weights_for_level("sido")
    ids = list(g.unique_ids)
    x = pd.Series(np.arange(len(ids), dtype=float) * 1e150, index=ids)
    with pytest.raises(DataError, match="too large to compute with"):
        spatial.moran(x, g, 99, 1)
    # 1e70 still computes, equal to the unscaled answer
    assert spatial.moran(x / 1e80, g, 99, 1).I == pytest.approx(spatial.moran(x / 1e150, g, 99, 1).I)


# ---------------------------------------------------------------------------------------------------------
# class bounds
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, message", [
    ("nan,inf", "finite numbers; nan is not"),
    ("10, -inf", "finite numbers; -inf is not"),
    ("10,10,20", "10 is given twice"),
    (",".join(str(i) for i in range(MAX_USER_BINS + 1)), f"at most {MAX_USER_BINS} classes"),
    ("10, abc", "numbers separated by commas"),
    ("", "need bins"),
])
def test_nonsense_class_bounds_are_refused(text, message):
    with pytest.raises(ClassificationError, match=message):
        parse_bins(text)


def test_nan_inf_bounds_no_longer_label_every_region_no_data():
    with pytest.raises(ClassificationError):
        classify(_s(np.arange(1, 18), "v"), "user_defined", bins=[float("nan"), float("inf")])
    c = classify(_s(np.arange(1, 18), "v"), "user_defined", bins=parse_bins("5, 10"))
    assert c.n_missing == 0 and c.counts == (5, 5, 7)


def test_dpi_above_the_cap_is_refused_before_drawing():
    from matplotlib.figure import Figure

    with pytest.raises(StaticMapError, match=f"at most {MAX_DPI}"):
        figure_bytes(Figure(figsize=(1, 1)), "png", dpi=5000)


# ---------------------------------------------------------------------------------------------------------
# the command line
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv, message", [
    (["summary", "--x", "a", "--y", "b", "--year", "2020", "--seed", "-1"], "--seed: -1 is out of range"),
    (["summary", "--x", "a", "--y", "b", "--year", "2020", "--permutations", "-5"], "--permutations: -5"),
    (["summary", "--x", "a", "--y", "b", "--year", "2020", "--alpha", "nan"], "--alpha: nan is out of range"),
    (["map", "--indicator", "a", "--year", "2020", "--out", "x.png", "--dpi", "5000"],
     f"--dpi: 5000 is out of range: use 1 to {MAX_DPI}"),
])
def test_out_of_range_numbers_are_argparse_errors(argv, message, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_map_bins_nan_inf_is_one_error_line(tmp_path, capsys):
    rc = main(["map", "--indicator", "gva_manufacturing_nominal_b2020", "--year", "2022", "--scheme",
               "user_defined", "--bins", "nan,inf", "--out", str(tmp_path / "m.png")])
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("error: --bins: class bounds must be finite") and err.count("\n") == 1
    assert not (tmp_path / "m.png").exists()


def test_escape_codes_from_a_file_are_never_printed_raw(tmp_path, capsys):
    hostile = "\x1b[2J\x1b[31mEVIL\x1b]8;;http://203.0.113.9/\x07\x9b"
    f = tmp_path / "esc.csv"
    f.write_text("region,2020,2021\n서울,1,2\n부산,3,4\n" + f'"{hostile}",5,6\n대구,7,8\n', encoding="utf-8")
    assert main(["import", str(f)]) == 0
    out = capsys.readouterr()
    for stream in (out.out, out.err):
        assert not any(ch in stream for ch in "\x1b\x07\x9b")
    assert "[2J" in out.out and "EVIL" in out.out


def test_every_cli_output_passes_the_printable_stream(capsys, monkeypatch):
    # a command that prints a user's text without escaping it itself: the stream main() installs escapes it
    from cli.commands import indicators

    monkeypatch.setattr(indicators, "run", lambda args: print("label \x1b[2J\x9bX") or 0)
    assert main(["indicators"]) == 0
    assert capsys.readouterr().out == "label \\u001b[2J\\u009bX\n"


def test_printable_keeps_newlines_tabs_and_hangul():
    assert printable("서울\t1\n") == "서울\t1\n"
    assert printable("a\rb\x00") == "a\\u000db\\u0000"
