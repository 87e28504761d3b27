"""Tests of analysis.mismatch on hand-computed examples (synthetic data, labelled as such)."""

# ruff: noqa: NPY002 -- esda.Moran/Moran_BV and TheilDSim draw from the legacy global state we must seed

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from inequality.theil import TheilDSim

from analysis.errors import AggregationError, DataError
from analysis.mismatch import (
    concentration,
    global_seed,
    hoover,
    intensity,
    location_quotient,
    mismatch,
    shares,
    theil_kl,
)
from analysis.regions import capital_flags

# SYNTHETIC: four regions, two in the capital region (11 Seoul, 41 Gyeonggi), two outside (26 Busan, 47 Gyeongbuk)
CODES = ["11", "41", "26", "47"]
RND = pd.Series([50.0, 30.0, 15.0, 5.0], index=CODES, name="rnd")  # shares .5 .3 .15 .05
OUT = pd.Series([10.0, 40.0, 20.0, 30.0], index=CODES, name="output")  # shares .1 .4 .2 .3


def test_shares_sum_to_one_and_are_named():
    s = shares(RND)
    assert s.name == "share_rnd"
    assert s.tolist() == pytest.approx([0.5, 0.3, 0.15, 0.05])


def test_mismatch_hand_computed():
    res = mismatch(RND, OUT)
    # ½(|.5-.1| + |.3-.4| + |.15-.2| + |.05-.3|) = ½(.4+.1+.05+.25) = .4
    assert res.hoover == pytest.approx(0.4)
    kl = 0.5 * math.log(5) + 0.3 * math.log(0.75) + 0.15 * math.log(0.75) + 0.05 * math.log(0.05 / 0.3)
    assert res.theil_kl == pytest.approx(kl)
    assert res.shares.loc["11", "ratio"] == pytest.approx(5.0)
    assert res.shares.loc["47", "log_ratio"] == pytest.approx(math.log(1 / 6))
    assert res.shares.loc["41", "share_gap"] == pytest.approx(-0.1)
    assert res.n == 4 and res.x == "rnd" and res.y == "output"
    assert list(res.shares.columns) == ["x", "y", "share_x", "share_y", "ratio", "log_ratio", "share_gap"]


def test_identical_distributions_have_zero_mismatch():
    res = mismatch(RND, (RND * 7).rename("scaled"))
    assert res.hoover == pytest.approx(0.0)
    assert res.theil_kl == pytest.approx(0.0)
    assert np.allclose(res.shares["ratio"], 1.0)


def test_row_order_does_not_matter():
    a = mismatch(RND, OUT)
    b = mismatch(RND.iloc[::-1], OUT.sample(frac=1, random_state=1))
    assert a.hoover == pytest.approx(b.hoover)
    assert a.theil_kl == pytest.approx(b.theil_kl)
    pd.testing.assert_frame_equal(a.shares.sort_index(), b.shares.sort_index())


def test_zero_shares_are_explicit():
    x = pd.Series([1.0, 0.0, 1.0], index=["a", "b", "c"], name="x")
    y = pd.Series([1.0, 1.0, 0.0], index=["a", "b", "c"], name="y")
    res = mismatch(x, y)
    assert res.shares.loc["b", "ratio"] == 0.0
    assert res.shares.loc["b", "log_ratio"] == -np.inf
    assert res.shares.loc["c", "ratio"] == np.inf
    assert res.theil_kl == np.inf  # x sits where y is absent
    assert theil_kl(pd.Series([0.0, 1.0]), pd.Series([0.5, 0.5])) == pytest.approx(math.log(2))  # 0·ln0 = 0
    assert hoover(pd.Series([0.0, 1.0]), pd.Series([1.0, 0.0])) == pytest.approx(1.0)


def test_misaligned_strict_raises_and_inner_reports():
    y = OUT.drop("47")
    with pytest.raises(DataError, match="only in rnd \\['47'\\]"):
        mismatch(RND, y)
    res = mismatch(RND, y, how="inner")
    assert res.dropped_x == ("47",) and res.dropped_y == ()
    assert res.n == 3
    assert res.shares["share_x"].sum() == pytest.approx(1.0)


def test_missing_value_is_a_missing_region():
    x = RND.copy()
    x["26"] = np.nan
    with pytest.raises(DataError, match="missing values"):
        mismatch(x, OUT)
    assert mismatch(x, OUT, how="inner").dropped_x == ("26",)


@pytest.mark.parametrize(
    ("x", "match"),
    [
        (pd.Series([-1.0, 2.0, 3.0, 4.0], index=CODES, name="rnd"), "negative"),
        (pd.Series([0.0, 0.0, 0.0, 0.0], index=CODES, name="rnd"), "positive national total"),
        (pd.Series(["a", 1, 2, 3], index=CODES, name="rnd"), "non-numeric"),
    ],
)
def test_bad_values_raise(x, match):
    with pytest.raises(DataError, match=match):
        mismatch(x, OUT)


def test_unknown_alignment_names_options():
    with pytest.raises(DataError, match="strict, inner"):
        mismatch(RND, OUT, how="outer")


def test_intensive_indicator_refused():
    rate = OUT.copy()
    rate.attrs["nature"] = "intensive"
    with pytest.raises(AggregationError, match="intensive"):
        mismatch(RND, rate)


def test_capital_flags_by_prefix():
    cap = capital_flags(["11", "11110", "2871025000", "41", "26", "51", "4111"])
    assert cap.tolist() == [True, True, True, True, False, False, True]


def test_concentration_hand_computed():
    res = concentration(RND, partition=capital_flags(CODES))
    assert res.capital_share == pytest.approx(0.8)
    # Gini in relative mean difference form: Σ_i Σ_j |x_i - x_j| / (2 n² mean)
    x = RND.to_numpy()
    gini = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert res.gini == pytest.approx(gini)
    s = x / x.sum()
    assert res.theil == pytest.approx(float(np.sum(s * np.log(len(x) * s))))
    # between: groups capital (.8 of the total, 2 of 4 units) and rest (.2, 2 of 4)
    between = 0.8 * math.log(0.8 / 0.5) + 0.2 * math.log(0.2 / 0.5)
    assert res.theil_between == pytest.approx(between)
    assert res.theil_between + res.theil_within == pytest.approx(res.theil)
    assert res.group_shares.loc["True"] == pytest.approx(0.8)
    assert math.isnan(res.between_p_sim) and res.permutations == 0


def test_concentration_permutation_pvalue_is_seeded_and_matches_theildsim():
    part = capital_flags(CODES)
    a = concentration(RND, partition=part, permutations=99, seed=7)
    b = concentration(RND, partition=part, permutations=99, seed=7)
    assert a.between_p_sim == b.between_p_sim
    np.random.seed(7)
    direct = TheilDSim(RND.to_numpy(), part.astype(str).to_numpy(), permutations=99)
    assert a.between_p_sim == pytest.approx(float(np.ravel(direct.bg_pvalue)[0]))
    assert a.seed == 7 and a.permutations == 99


@pytest.mark.parametrize("data", ["lognormal", "zeros", "ties", "tiny"])
def test_gini_and_theil_are_inequalitys_bit_for_bit(data):
    """concentration() writes out inequality's Gini, Theil and TheilD (the package's import loads
    matplotlib.pyplot): the numbers equal the library's exactly, for 2, 3 and 7 groups."""
    from inequality.gini import Gini
    from inequality.theil import Theil, TheilD

    rng = np.random.default_rng(len(data))
    for n in (3, 17, 229):
        x = {"lognormal": rng.lognormal(size=n) * 1e5, "zeros": np.where(rng.random(n) < 0.5, 0.0, rng.random(n)),
             "ties": rng.integers(0, 3, n).astype(float), "tiny": rng.random(n) * 1e-300}[data]
        if x.sum() == 0:
            x[0] = 1.0
        v = pd.Series(x, index=[f"{i:05d}" for i in range(n)], name="v")
        for groups in (2, 3, 7):
            labels = pd.Series(rng.integers(0, groups, n).astype(str), index=v.index)
            res = concentration(v, partition=labels, capital=labels == "0")
            dec = TheilD(x, labels.to_numpy())
            assert res.gini == float(Gini(x).g)
            assert res.theil == float(np.ravel(Theil(x).T)[0])
            assert (res.theil_between, res.theil_within) == (float(np.ravel(dec.bg)[0]), float(np.ravel(dec.wg)[0]))


def test_global_seed_restores_caller_state():
    np.random.seed(1)
    expected = np.random.random(3)
    np.random.seed(1)
    with global_seed(99):
        np.random.random(10)
    assert np.allclose(np.random.random(3), expected)


def test_concentration_partition_must_cover():
    with pytest.raises(DataError, match="no entry for"):
        concentration(RND, partition=pd.Series(["a", "b"], index=["11", "41"]))


def test_location_quotient_and_intensity():
    researchers = pd.Series([30.0, 10.0], index=["11", "26"])
    workers = pd.Series([100.0, 100.0], index=["11", "26"])
    lq = location_quotient(researchers, workers)
    assert lq.name == "lq"
    assert lq.tolist() == pytest.approx([1.5, 0.5])  # national rate .2
    r = intensity(pd.Series([4.0, 1.0, 0.0], index=["a", "b", "c"]), pd.Series([100.0, 100.0, 0.0], index=["a", "b", "c"]))
    assert r.values.loc["a"] == pytest.approx(4.0)
    assert np.isnan(r.values.loc["c"])  # zero GRDP: undefined, not inf
    assert r.national == pytest.approx(2.5)


def test_reproduces_the_published_capital_region_share_of_rnd():
    """MSIT 2022 R&D survey, as published (press release 2024-10-10): '70% 이상 수도권 집중' — 70.1 %."""
    from analysis.store import bundled

    share = bundled().get("rd_expenditure_share_pct", "sido", 2022)
    res = concentration(share)
    assert res.capital_share == pytest.approx(0.701, abs=0.0005)
    assert res.capital_share > 0.70
