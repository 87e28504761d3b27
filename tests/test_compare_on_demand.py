"""Inference on demand (issue 28): a comparison computes its shares, indices and Moran's I of ln M at once and
the rest when first read, with the same seeds, so every number is the same whenever, in whatever order and in
whichever process it is read. Results are kept per store (bounded) and shared by the tab, the briefing and the
presenter."""

from __future__ import annotations

import dataclasses
import pickle
import threading

import numpy as np
import pandas as pd
import pytest

from analysis import compare as cmp
from analysis.compare import OnRead, compare, trend, univariate
from analysis.spatial import bivariate_local_moran, local_moran, moran
from analysis.store import bundled

X, Y = "gva_prof_sci_tech_services_nominal_b2020", "gva_manufacturing_nominal_b2020"


def _fresh():
    """A store with the bundled data and an empty memo (a new object: nothing computed on it yet)."""
    return dataclasses.replace(bundled(), _memo={})


def _numbers(c) -> dict:
    """Every statistic of a comparison, read in the mapping's order."""
    out = {f"moran.{k}": repr(v) for k, v in c.moran.items()}  # repr: NaN (p_norm of the bivariate) equals itself
    for k, v in c.lisa.items():
        out[f"lisa.{k}"] = None if v is None else v.table.to_csv()
    for k in ("x", "y"):
        out[f"p.{k}"] = repr(c.concentration[k].between_p_sim)
        e = c.econ_concentration[k]
        out[f"econ.{k}"] = None if e is None else repr((e.theil_between, e.between_p_sim))
    return out


def test_only_the_headline_statistics_are_computed_with_the_comparison():
    c = compare(_fresh(), X, Y, "sido", 2020, permutations=99)
    assert c.lisa.computed() == () and c.econ_concentration.computed() == ()
    assert set(c.moran.computed()) <= {"log_ratio"}
    assert "between_p_sim" not in vars(c.concentration["x"])  # the cached property is empty
    assert np.isfinite(c.moran["log_ratio"].p_sim) and np.isfinite(c.hoover)


def test_statistics_read_later_are_those_of_the_spatial_functions():
    c = compare(_fresh(), X, Y, "sido", 2020, permutations=99, seed=7)
    xs, ys = c.shares["x"].rename(c.x), c.shares["y"].rename(c.y)
    assert c.moran["x"] == moran(xs, c.weights, 99, 7)
    pd.testing.assert_frame_equal(c.lisa["x"].table, local_moran(xs, c.weights, 99, 7).table)
    bv = bivariate_local_moran(xs, ys, c.weights, 99, 7, labels=c.lisa_wording["x_lag_y"],
                               names={"a": (c.label("x", "ko"), c.label("x", "en")),
                                      "b": (c.label("y", "ko"), c.label("y", "en"))})
    np.testing.assert_array_equal(c.lisa["x_lag_y"].table["p_sim"], bv.table["p_sim"])
    assert c.lisa.computed() == ("x", "x_lag_y")


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_the_order_of_reading_changes_no_number(order):
    a = compare(_fresh(), X, Y, "sido", 2021, permutations=199, seed=3)
    b = compare(_fresh(), X, Y, "sido", 2021, permutations=199, seed=3)
    assert a is not b
    if order == "backward":  # b's statistics computed in the opposite order, interleaved with another comparison
        other = compare(_fresh(), X, Y, "sido", 2019, permutations=199, seed=3)
        for key in reversed(list(b.lisa)):
            b.lisa[key], other.lisa[key]
        for key in reversed(list(b.moran)):
            b.moran[key]
        b.concentration["y"].between_p_sim, b.econ_concentration["y"]
    assert _numbers(a) == _numbers(b)


def test_a_value_is_computed_once_even_when_threads_read_it_together():
    calls = []
    m = OnRead({"a": lambda: calls.append(1) or object()})
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(m["a"])) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and all(s is seen[0] for s in seen)
    with pytest.raises(KeyError):
        m["nowhere"]


def test_a_pickled_comparison_carries_every_number():
    c = compare(_fresh(), X, Y, "sido", 2018, permutations=99)
    again = pickle.loads(pickle.dumps(c))
    assert isinstance(again.lisa, dict) and _numbers(again) == _numbers(c)


@pytest.mark.slow  # fills the memo: 50 comparisons
def test_results_are_kept_per_store_and_bounded():
    store = _fresh()
    a = compare(store, X, Y, "sido", 2020, permutations=99)
    assert compare(store, X, Y, "sido", 2020, permutations=99) is a
    assert compare(store, X, Y, "sido", 2020, permutations=99, seed=1) is not a  # another seed: other numbers
    assert compare(_fresh(), X, Y, "sido", 2020, permutations=99) is not a  # another store object
    memo = cmp._memo(store, "compare", cmp.COMPARISONS_KEPT)
    years = cmp.comparable_years(store, X, Y, "sido")
    for seed in range(cmp.COMPARISONS_KEPT // len(years) + 2):
        for year in years:
            compare(store, X, Y, "sido", year, permutations=9, seed=seed)
    assert len(memo) == cmp.COMPARISONS_KEPT


def test_the_trend_is_light_and_shared_with_the_years_comparisons():
    store = _fresh()
    t = trend(store, X, Y, "sido", permutations=99)
    assert all(c.lisa.computed() == () and c.econ_concentration.computed() == () for c in t.comparisons)
    assert all("between_p_sim" not in vars(c.concentration["x"]) for c in t.comparisons)
    assert trend(store, X, Y, "sido", permutations=99) is t
    last = t.comparisons[-1]
    assert compare(store, X, Y, "sido", last.year, permutations=99) is last
    frame = t.frame
    assert frame.loc[last.year, "moran_log_ratio_p_sim"] == last.moran["log_ratio"].p_sim


@pytest.mark.slow  # imports the drawing libraries
def test_the_briefing_reads_the_same_comparison_and_trend():
    from report.briefing import briefing

    store = _fresh()
    b = briefing(store, X, Y, "sido", permutations=99)
    assert b.comparison is compare(store, X, Y, "sido", permutations=99)  # the latest year, as the briefing asked
    pd.testing.assert_frame_equal(b.trend, trend(store, X, Y, "sido", b.year, permutations=99).frame
                                  .loc[lambda f: f.index <= b.year])


def test_univariate_statistics_are_read_on_demand():
    u = univariate(_fresh(), X, "sido", 2020, permutations=99)
    assert u.stats.computed() == ()
    assert u.getis_ord is not None and u.stats.computed() == ("getis_ord",)
    pd.testing.assert_frame_equal(u.lisa.table, local_moran(u.values, u.weights, 99, 12345).table)
