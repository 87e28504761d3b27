"""analysis.transitions and ``python -m analysis markov``: giddy's own results, recomputed here from the
bundled values (real data), the year-run rule on SYNTHETIC panels, and clear refusals."""

from __future__ import annotations

import json
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from giddy.markov import LISA_Markov, Markov, Spatial_Markov
from giddy.rank import SpatialTau

import cli
from analysis.errors import AggregationError, DataError
from analysis.mismatch import global_seed
from analysis.spatial import weights_for_level
from analysis.store import bundled
from analysis.transitions import panel_from_values, reading, transition_panel, transitions

SERIES = [("employed_persons", (2017, 2024)), ("gva_total_basic_prices_nominal_b2020", (2013, 2023))]


def _giddy_reference(indicator: str, years: range):
    """Shares and weights built here, straight from the bundled values and the level's graph."""
    table = pd.DataFrame({y: bundled().get(indicator, "sido", y) for y in years})
    assert not table.isna().any().any()
    shares = table / table.sum()
    g = weights_for_level("sido")
    w = g.to_W()
    order = list(w.id_order)
    y = shares.loc[order].to_numpy(float)
    w.transform = "r"
    return shares.loc[order], w, y


@pytest.mark.parametrize(("indicator", "span"), SERIES)
def test_markov_equals_giddy(indicator, span):
    shares, w, y = _giddy_reference(indicator, range(span[0], span[1] + 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = Spatial_Markov(y, w, k=4, m=4, fixed=True)
        lm_ref = LISA_Markov(y, w)
    t = transitions(indicator, "sido", permutations=0, store=bundled())
    assert t.panel.years == tuple(range(span[0], span[1] + 1))
    assert t.panel.n == 17 and t.panel.step == 1
    mk = t.markov
    # the same regions in the same order (the weights' order), the same classes and matrices
    assert list(t.panel.shares.index) == list(shares.index)
    np.testing.assert_allclose(t.panel.shares.to_numpy(), y, rtol=1e-12)
    np.testing.assert_array_equal(mk.class_ids.to_numpy(), ref.class_ids)
    np.testing.assert_array_equal(mk.global_.counts.to_numpy(), ref.transitions)
    np.testing.assert_allclose(mk.global_.probabilities.to_numpy(), ref.p)
    for ours, theirs_t, theirs_p in zip(mk.spatial, ref.T, ref.P, strict=True):
        np.testing.assert_array_equal(ours.counts.to_numpy(), theirs_t)
        full = theirs_t.sum(axis=1) > 0
        np.testing.assert_allclose(ours.probabilities.to_numpy()[full], theirs_p[full])
        assert ours.probabilities.to_numpy()[~full].size == 0 or np.isnan(ours.probabilities.to_numpy()[~full]).all()
    assert mk.Q == pytest.approx(ref.Q) and mk.LR_p_value == pytest.approx(ref.LR_p_value)
    # the classic chain equals giddy's Markov on the same quantile classes
    np.testing.assert_array_equal(Markov(ref.class_ids, summary=False).transitions, mk.global_.counts.to_numpy())
    np.testing.assert_array_equal(t.lisa_markov.matrix.counts.to_numpy(), lm_ref.transitions)
    assert t.lisa_markov.chi2 == pytest.approx(lm_ref.chi_2[0])


def test_rank_mobility_equals_giddy_spatial_tau():
    shares, w, _ = _giddy_reference("employed_persons", range(2017, 2025))
    w.remap_ids(list(range(len(shares))))  # giddy's spatial tau indexes arrays by id
    with global_seed(7):
        ref = SpatialTau(shares[2017].to_numpy(), shares[2024].to_numpy(), w, permutations=199)
    t = transitions("employed_persons", "sido", permutations=199, seed=7, store=bundled())
    assert (t.rank.first, t.rank.last) == (2017, 2024)
    assert t.rank.tau == pytest.approx(ref.tau)
    assert t.rank.tau_spatial == pytest.approx(ref.tau_spatial)
    assert t.rank.tau_spatial_p_sim == pytest.approx(ref.tau_spatial_psim)


def test_cli_json_rows_sum_to_one(capsys):
    assert cli.main(["markov", "--level", "sido", "--indicator", "employed_persons", "--json",
                     "--permutations", "0"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["schema"] == "ries-atlas/markov/1"
    assert out["years"] == list(range(2017, 2025)) and out["n"] == 17
    # Sejong is listed from 2017 in the labour force survey: the 16-unit years are left out, with the reason
    assert [e["year"] for e in out["left_out"]] == list(range(2000, 2017))
    assert "Sejong" in out["left_out"][0]["reason"]
    matrices = [out["global"], out["lisa_markov"], *out["spatial"]]
    assert len(out["spatial"]) == out["m"] == 4
    for mat in matrices:
        for counts, probs in zip(mat["counts"], mat["probabilities"], strict=True):
            if sum(counts) == 0:
                assert probs == [None] * len(probs)
            else:
                assert sum(probs) == pytest.approx(1.0)
    assert sum(map(sum, out["global"]["counts"])) == 17 * 7
    assert sum(sum(map(sum, s["counts"])) for s in out["spatial"]) == 17 * 7
    assert out["reading"]["en"] and out["reading"]["ko"]


def test_cli_text_names_the_quadrants_and_formats_numbers_once(capsys):
    """The text output says the LISA quadrants in words (as the Change tab) and its numbers by lang.numbers."""
    assert cli.main(["markov", "--level", "sido", "--indicator", "employed_persons", "--permutations", "0"]) == 0
    text = capsys.readouterr().out
    t = transitions("employed_persons", "sido", permutations=0, store=bundled())
    block = text[text.index("LISA quadrant transitions"):text.index("Rank mobility")]
    rows = [line.split() for line in block.splitlines()[2:] if line.strip()]
    assert [r[0] for r in rows] == ["High-High", "Low-High", "Low-Low", "High-Low"]
    assert not re.search(r"\b(HH|LH|LL|HL)\b", block)
    counts = t.lisa_markov.matrix.counts.sum(axis=1).astype(int).tolist()
    assert [int(r[-1].replace(",", "")) for r in rows] == counts
    assert f"Q = {t.markov.Q:.2f} (p = {t.markov.Q_p_value:.3f})" in text
    for sentence in reading(t, "en"):
        assert sentence in text


def test_anchor_gives_the_earlier_run_with_sejong_inside_chungnam():
    p = transition_panel("employed_persons", "sido", anchor=2005, store=bundled())
    assert p.years == tuple(range(2000, 2017))
    assert p.n == 16 and "36" not in p.shares.index
    np.testing.assert_allclose(p.shares.sum().to_numpy(), 1.0)


def _synthetic(years, codes_by_year):
    """SYNTHETIC values: region i has value i + 1 + year offset."""
    return {y: pd.Series({c: float(i + 1 + (y - 2000) * 0.1) for i, c in enumerate(codes_by_year(y))})
            for y in years}


def test_run_stops_where_a_unit_appears():
    vals = _synthetic(range(2010, 2016), lambda y: ["a", "b", "c"] + (["d"] if y >= 2013 else []))
    p = panel_from_values(vals, indicator="x", level="sido")
    assert p.years == (2013, 2014, 2015) and list(p.shares.index) == ["a", "b", "c", "d"]
    assert set(p.left_out) == {2010, 2011, 2012}
    early = panel_from_values(vals, indicator="x", level="sido", anchor=2011)
    assert early.years == (2010, 2011, 2012) and early.n == 3


def test_run_keeps_one_step():
    vals = _synthetic([2010, 2015, 2016, 2017], lambda y: ["a", "b", "c"])
    assert panel_from_values(vals, indicator="x", level="sigungu").years == (2015, 2016, 2017)
    five = panel_from_values(vals, indicator="x", level="sigungu", anchor=2010)
    assert five.years == (2010, 2015) and five.step == 5


def test_refusals():
    with pytest.raises(AggregationError, match="intensive"):
        transition_panel("employment_rate_15plus", "sido", store=bundled())
    with pytest.raises(DataError, match="only one year"):
        transition_panel("population_registered", "sigungu", store=bundled())
    with pytest.raises(DataError, match="not a complete"):
        transition_panel("employed_persons", "sido", anchor=1990, store=bundled())
    with pytest.raises(DataError, match="k must be between 2 and 16"):
        transitions("employed_persons", "sido", k=17, permutations=0, store=bundled())


@pytest.mark.parametrize(("indicator", "span"), SERIES)
def test_reading_only_claims_what_the_counts_show(indicator, span):
    from scipy.stats import fisher_exact

    t = transitions(indicator, "sido", permutations=0, store=bundled())
    en = reading(t, "en")
    low, high = t.markov.spatial[0].counts.to_numpy(), t.markov.spatial[-1].counts.to_numpy()
    k_lo, n_lo = int(np.triu(low, 1).sum()), int(low[:-1].sum())
    k_hi, n_hi = int(np.triu(high, 1).sum()), int(high[:-1].sum())
    assert f"{t.markov.global_.n} year-to-year steps" in en[0]
    if min(n_lo, n_hi) < 10:
        assert en[1].startswith("Too few")
        return
    p = fisher_exact([[k_hi, n_hi - k_hi], [k_lo, n_lo - k_lo]]).pvalue
    if p < 0.05 and abs(k_hi / n_hi - k_lo / n_lo) >= 0.05:
        assert "moved up more often" in en[1]
    else:
        assert en[1].startswith("No clear difference") and f"{k_hi} of {n_hi}" in en[1]


def test_sigungu_2015_2020_on_one_base():
    t = transitions("gva_manufacturing_nominal_b2015", "sigungu", permutations=0, store=bundled())
    assert t.panel.years == (2015, 2020) and t.panel.step == 5
    assert t.panel.autonomous and "36110" not in t.panel.shares.index  # Sejong: not in the 2015-base table
    assert t.markov.global_.n == t.panel.n
    probs = t.markov.global_.probabilities.to_numpy()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def test_refuses_across_a_series_break():
    with pytest.raises(DataError, match=r"series break.*register-based"):
        transition_panel("establishments_economic_census", "sigungu", store=bundled())


def test_break_rule_on_synthetic_panel():
    vals = _synthetic([2014, 2015, 2016, 2017], lambda y: ["a", "b", "c"])
    p = panel_from_values(vals, indicator="x", level="sido",
                          break_between=lambda y0, y1: "series break" if min(y0, y1) < 2016 <= max(y0, y1) else None)
    assert p.years == (2016, 2017) and set(p.left_out) == {2014, 2015}
