"""analysis.permutation: vectorised conditional randomisation gives esda's own pseudo p-values.

Values are SYNTHETIC (seeded random draws); the weights are the bundled real ones, plus hand-made graphs with
an island and with self-weights.
"""

# ruff: noqa: NPY002 -- esda draws from the legacy global state when no seed is given

from __future__ import annotations

import warnings

import esda
import numpy as np
import pandas as pd
import pytest
from libpysal.graph import Graph

from analysis import permutation
from analysis.spatial import bivariate_local_moran, local_moran, weights_for_level


def _esda(cls, *args, **kw):
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore")
        return cls(*args, transformation="r", n_jobs=1, **kw)


def _series(graph: Graph, seed: int, name: str) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series(rng.lognormal(size=len(graph.unique_ids)), index=graph.unique_ids, name=name)


@pytest.mark.slow
@pytest.mark.parametrize("level", ["sigungu", "emd"])
def test_equal_to_esda_on_the_bundled_weights(level):
    g = weights_for_level(level)
    x, y = _series(g, 1, "x"), _series(g, 2, "y")
    ours = local_moran(x, g, permutations=199, seed=7)
    ref = _esda(esda.Moran_Local, x.to_numpy(), g, permutations=199, seed=7)
    assert np.array_equal(ours.table["p_sim"].to_numpy(), ref.p_sim)
    assert np.array_equal(ours.table["statistic"].to_numpy(), ref.Is)
    ours_bv = bivariate_local_moran(x, y, g, permutations=199, seed=7)
    ref_bv = _esda(esda.Moran_Local_BV, x.to_numpy(), y.to_numpy(), g, permutations=199, seed=7)
    assert np.array_equal(ours_bv.table["p_sim"].to_numpy(), ref_bv.p_sim)



@pytest.mark.slow
@pytest.mark.parametrize("level", ["sido", "sigungu"])
def test_tied_integer_data_give_esda_p_values(level):
    """SYNTHETIC counts in {0, 1, 2}, 60 % zeros: ties make the summation order visible in the counts."""
    g = weights_for_level(level)
    rng = np.random.default_rng(3)
    n = len(g.unique_ids)
    x = pd.Series(np.where(rng.random(n) < 0.6, 0.0, rng.integers(1, 3, n)), index=g.unique_ids, name="x")
    y = pd.Series(rng.integers(0, 3, n).astype(float), index=g.unique_ids, name="y")
    for seed in (1, 2, 12345):
        ours = local_moran(x, g, permutations=999, seed=seed)
        ref = _esda(esda.Moran_Local, x.to_numpy(), g, permutations=999, seed=seed)
        assert np.array_equal(ours.table["p_sim"].to_numpy(), ref.p_sim)
        ours_bv = bivariate_local_moran(x, y, g, permutations=999, seed=seed)
        ref_bv = _esda(esda.Moran_Local_BV, x.to_numpy(), y.to_numpy(), g, permutations=999, seed=seed)
        assert np.array_equal(ours_bv.table["p_sim"].to_numpy(), ref_bv.p_sim)


@pytest.mark.slow
def test_bundled_sido_indicators_give_esda_p_values():
    """Real bundled data: every complete sido indicator-year's LISA p-values equal esda's."""
    from analysis import indicators
    from analysis.views import complete_years

    g = weights_for_level("sido")
    checked = 0
    for ind in indicators.available("sido").index:
        for year in complete_years(ind, "sido", allow_sejong=False):
            v = indicators.get(ind, "sido", year).reindex(g.unique_ids).astype(float)
            if not np.isfinite(v).all() or v.std() == 0:
                continue
            ours = local_moran(v, g, permutations=999, seed=12345)
            ref = _esda(esda.Moran_Local, v.to_numpy(), g, permutations=999, seed=12345)
            assert np.array_equal(ours.table["p_sim"].to_numpy(), ref.p_sim), (ind, year)
            checked += 1
    assert checked > 100

def _path_with_island() -> Graph:
    """SYNTHETIC: a path a-b-c-d-e plus a star around f and an island z (cardinalities 0 to 4)."""
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("f", "g"), ("f", "h"), ("f", "i"), ("f", "j")]
    pairs = edges + [(j, i) for i, j in edges]
    adj = pd.DataFrame(pairs, columns=["focal", "neighbor"]).assign(weight=1.0)
    adj = pd.concat([adj, pd.DataFrame({"focal": ["z"], "neighbor": ["z"], "weight": [0.0]})])
    ids = list("abcdefghijz")
    return Graph.from_adjacency(adj.set_index("focal").loc[ids].reset_index())


@pytest.mark.slow  # every esda reference run compiles esda's numba kernels (~20 s CPU per process)
@pytest.mark.parametrize("block", [permutation.BLOCK_ELEMENTS, 150])  # 150: one region a block
def test_islands_and_blocks(block, monkeypatch):
    monkeypatch.setattr(permutation, "BLOCK_ELEMENTS", block)
    g = _path_with_island()
    assert 0 in g.cardinalities.to_numpy()
    z = np.random.default_rng(3).normal(size=g.n)
    ref = _esda(esda.Moran_Local, z, g, permutations=99, seed=11)
    ours = permutation.local_pseudo_p(ref.z, ref.z, ref.Is, g.transform("r").sparse, 99, 11)
    assert np.array_equal(ours, ref.p_sim)


@pytest.mark.slow
def test_self_weights_are_not_permuted():
    g = weights_for_level("sigungu").transform("b").assign_self_weight(1.0)
    x, y = _series(g, 4, "x").to_numpy(), _series(g, 5, "y").to_numpy()
    ref = _esda(esda.Moran_Local_BV, x, y, g, permutations=99, seed=5)
    # a fresh matrix: esda zeroes the diagonal of the sparse matrix it was given
    ours = permutation.local_pseudo_p(ref.zx, ref.zy, ref.Is, g.transform("r").sparse, 99, 5)
    assert np.array_equal(ours, ref.p_sim)


@pytest.mark.slow
def test_seed_none_draws_like_esda():
    g = weights_for_level("sigungu")
    x = _series(g, 6, "x")
    np.random.seed(42)
    ours = local_moran(x, g, permutations=99, seed=None)
    np.random.seed(42)
    ref = _esda(esda.Moran_Local, x.to_numpy(), g, permutations=99, seed=None)
    assert np.array_equal(ours.table["p_sim"].to_numpy(), ref.p_sim)


def test_p_values_respond_to_the_data():
    """A clustered field gets small p-values where a shuffled copy does not (the test can fail)."""
    g = weights_for_level("sigungu")
    x = _series(g, 8, "x")
    lag = g.transform("r").lag(x.to_numpy())
    clustered = pd.Series(lag + g.transform("r").lag(lag), index=x.index, name="smooth")
    p_smooth = local_moran(clustered, g, permutations=199, seed=1).table["p_sim"]
    p_noise = local_moran(x, g, permutations=199, seed=1).table["p_sim"]
    assert (p_smooth <= 0.05).mean() > 2 * (p_noise <= 0.05).mean()


def test_the_id_table_is_shared_and_read_only():
    a = permutation.permuted_ids(5, 100, 9, 1)
    assert a is permutation.permuted_ids(5, 100, 9, 1)
    assert not a.flags.writeable and a.shape == (9, 5) and a.max() < 99
