"""Pooled classes (geo.classify): one set of bounds for every year, so a colour means the same in each frame.

Real data: the bundled manufacturing value-added shares of the sido, every year (issue 15 found the 4th bound
at 8.9 % in 2013 and 8.6 % in 2023 because the shown year was counted twice in the pool).
"""

from __future__ import annotations

import mapclassify
import numpy as np
import pandas as pd
import pytest

from analysis.store import bundled
from geo.classify import classify


@pytest.mark.parametrize("scheme", ["quantiles", "fisher_jenks", "equal_interval", "box_plot"])
def test_pooled_bounds_identical_every_year(scheme):
    panel = bundled().panel("gva_manufacturing_nominal_b2020", "sido", "share")
    bounds = {y: classify(panel[y], scheme, 5, pooled_with=panel).bins for y in panel.columns}
    assert len(set(bounds.values())) == 1, bounds
    # and they are the classifier's bounds on the stacked panel, each value counted once
    stacked = panel.stack().dropna().to_numpy(float)
    ref = mapclassify.classify(stacked, {"quantiles": "Quantiles", "fisher_jenks": "FisherJenks",
                                         "equal_interval": "EqualInterval", "box_plot": "BoxPlot"}[scheme],
                               **({} if scheme == "box_plot" else {"k": 5}))
    np.testing.assert_allclose(next(iter(bounds.values())), np.maximum.accumulate(ref.bins))


def test_pooled_classes_follow_the_pooled_bounds():
    panel = bundled().panel("gva_manufacturing_nominal_b2020", "sido", "share")
    first, last = panel.columns[0], panel.columns[-1]
    a = classify(panel[first], "quantiles", 5, pooled_with=panel)
    b = classify(panel[last], "quantiles", 5, pooled_with=panel)
    assert a.bins == b.bins and a.lower == b.lower and a.pooled
    # a region's class is where its value falls among the common bounds
    for code, v in panel[last].dropna().items():
        assert b.classes[code] == min(int(np.searchsorted(b.bins, v, side="left")), b.k - 1)


def test_unpooled_bounds_follow_the_year():
    s = pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"))
    assert classify(s, "equal_interval", 3).bins != classify(s * 2, "equal_interval", 3).bins


def test_cli_map_pooled_writes_the_same_class_bounds_every_year(tmp_path):
    """``python -m analysis map --pooled``: the CSV's class_range bounds are those of every other year (and of
    the app's pooled classes); without --pooled they follow the year (2013 vs 2023 differ for this panel)."""
    from cli import main

    ind, years = "gva_manufacturing_nominal_b2020", (2013, 2023)
    ranges = {}
    for pooled in (True, False):
        for year in years:
            out = tmp_path / f"{year}_{pooled}.csv"
            args = ["map", "--indicator", ind, "--year", str(year), "--mode", "share", "--out", str(out)]
            assert main(args + (["--pooled"] if pooled else [])) == 0
            table = pd.read_csv(out, encoding="utf-8-sig", dtype={"code": str})
            ranges[year, pooled] = sorted(set(table["class_range"]))
    assert ranges[years[0], True] == ranges[years[1], True]
    assert ranges[years[0], False] != ranges[years[1], False]
    panel = bundled().panel(ind, "sido", "share")
    app = classify(panel[years[0]], "quantiles", 5, pooled_with=panel)
    top = ranges[years[0], True][-1]
    assert top.endswith(f"{app.bins[-1]:.1f}%"), (top, app.bins)
