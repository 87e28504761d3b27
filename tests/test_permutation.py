"""analysis.permutation: vectorised conditional randomisation gives esda's own pseudo p-values.

Two references. (1) :func:`_reference_counts`, esda's algorithm region by region in plain NumPy on the same
id table (``esda.crand.compute_chunk`` with ``_prepare_univariate`` and the ``*_crand`` statistics), which our
blocks must equal exactly, ties included. (2) esda itself, exactly, where numba is absent. With numba installed
(it comes with giddy, through quantecon) esda runs numba-compiled kernels with ``fastmath`` whose counts differ
from its own Python source on some regions (measured: 1 of 17 on tied sido data, 37 of 247 for Gi* at
sigungu), so there the comparison is with (1) only.

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
from scipy import sparse

from analysis import permutation
from analysis.spatial import bivariate_local_moran, getis_ord, local_moran, weights_for_level

NUMBA = hasattr(esda.crand.vec_permutations, "py_func")


def _counts(p, permutations: int) -> np.ndarray:
    """Permuted statistics at least as extreme (folded), from p = (count + 1) / (permutations + 1)."""
    return np.rint(np.asarray(p, dtype=float) * (permutations + 1)).astype(int) - 1


def assert_esda_counts(ours, ref, permutations: int) -> None:
    """Our p-values equal esda's where esda runs its Python source (numba absent); see the module docstring."""
    if not NUMBA:
        assert np.array_equal(_counts(ours, permutations), _counts(ref, permutations))


def _reference_counts(stat, z_draw, observed, weights, permutations: int, seed: int) -> np.ndarray:
    """esda's conditional randomisation, one region at a time, in NumPy: ``stat(i, zrand @ w + w_ii z_i)``."""
    adj = sparse.csr_matrix(weights, copy=True)
    self_w = adj.diagonal().astype(float)
    adj.setdiag(0)
    adj.eliminate_zeros()
    card = np.diff(adj.indptr)
    ids = permutation.permuted_ids(max(int(card.max()), 1), len(z_draw), permutations, seed)
    larger = np.empty(len(z_draw), dtype=int)
    for i in range(len(z_draw)):
        w = adj.data[adj.indptr[i]:adj.indptr[i + 1]].astype(float)
        zrand = np.delete(z_draw, i)[ids[:, :len(w)]]
        lag = zrand @ w + self_w[i] * z_draw[i] if len(w) else np.full(permutations, self_w[i] * z_draw[i])
        larger[i] = np.count_nonzero(stat(i, lag) >= observed[i])
    return np.minimum(larger, permutations - larger)


def _moran_reference(ref, permutations, seed, bivariate=False, weights=None):
    zx, zy = (ref.zx, ref.zy) if bivariate else (ref.z, ref.z)
    scaling = (len(zx) - 1) / (zx * zx).sum()
    w = ref.w.sparse if weights is None else weights
    return _reference_counts(lambda i, lag: zx[i] * lag * scaling, zy, ref.Is, w, permutations, seed)


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
    assert np.array_equal(_counts(ours.table["p_sim"], 199), _moran_reference(ref, 199, 7))
    assert_esda_counts(ours.table["p_sim"], ref.p_sim, 199)
    assert np.array_equal(ours.table["statistic"].to_numpy(), ref.Is)
    ours_bv = bivariate_local_moran(x, y, g, permutations=199, seed=7)
    ref_bv = _esda(esda.Moran_Local_BV, x.to_numpy(), y.to_numpy(), g, permutations=199, seed=7)
    assert np.array_equal(_counts(ours_bv.table["p_sim"], 199), _moran_reference(ref_bv, 199, 7, True))
    assert_esda_counts(ours_bv.table["p_sim"], ref_bv.p_sim, 199)



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
        assert np.array_equal(_counts(ours.table["p_sim"], 999), _moran_reference(ref, 999, seed))
        assert_esda_counts(ours.table["p_sim"], ref.p_sim, 999)
        ours_bv = bivariate_local_moran(x, y, g, permutations=999, seed=seed)
        ref_bv = _esda(esda.Moran_Local_BV, x.to_numpy(), y.to_numpy(), g, permutations=999, seed=seed)
        assert np.array_equal(_counts(ours_bv.table["p_sim"], 999), _moran_reference(ref_bv, 999, seed, True))
        assert_esda_counts(ours_bv.table["p_sim"], ref_bv.p_sim, 999)
        gi, ref_gi = getis_ord(y, g, permutations=999, seed=seed), _esda_gi(y, g, seed)
        assert np.array_equal(_counts(gi.table["p_sim"], 999), _gi_reference(ref_gi, g, 999, seed))
        assert_esda_counts(gi.table["p_sim"], ref_gi.p_sim, 999)


def _esda_gi(y: pd.Series, g: Graph, seed: int):
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore")
        return esda.G_Local(y.to_numpy(), g.transform("b").assign_self_weight(1.0), transform="R",
                            permutations=999, star=True, seed=seed, n_jobs=1)


def _gi_reference(ref, g: Graph, permutations, seed):
    total = ref.y.sum()
    w = g.transform("b").assign_self_weight(1.0).transform("r").sparse  # fresh: esda zeroes its diagonal
    return _reference_counts(lambda i, lag: lag / total, ref.y.astype(float), ref.Gs, w, permutations, seed)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_gi_star_equal_to_esda_on_the_bundled_weights():
    g = weights_for_level("sigungu")
    y = _series(g, 4, "y")
    ours = getis_ord(y, g, permutations=199, seed=7)
    ref = _esda_gi(y, g, 7)
    assert np.allclose(ours.table["statistic"].to_numpy(), ref.Gs)
    assert np.array_equal(_counts(ours.table["p_sim"], 199), _gi_reference(ref, g, 199, 7))
    assert_esda_counts(ours.table["p_sim"], ref.p_sim, 199)


@pytest.mark.slow
def test_bundled_sido_indicators_give_esda_p_values():
    """Real bundled data: every complete sido indicator-year's LISA p-values equal esda's."""
    from analysis.store import bundled

    store = bundled()
    g = weights_for_level("sido")
    checked = 0
    for ind in sorted(store.available("sido")):
        for year in store.complete_years(ind, "sido"):
            v = store.get(ind, "sido", year).reindex(g.unique_ids).astype(float)
            if not np.isfinite(v).all() or v.std() == 0:
                continue
            ours = local_moran(v, g, permutations=999, seed=12345)
            ref = _esda(esda.Moran_Local, v.to_numpy(), g, permutations=999, seed=12345)
            assert np.array_equal(_counts(ours.table["p_sim"], 999), _moran_reference(ref, 999, 12345)), (ind, year)
            assert_esda_counts(ours.table["p_sim"], ref.p_sim, 999)
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
    assert np.array_equal(_counts(ours, 99), _moran_reference(ref, 99, 11))
    assert_esda_counts(ours, ref.p_sim, 99)


@pytest.mark.slow
def test_self_weights_are_not_permuted():
    g = weights_for_level("sigungu").transform("b").assign_self_weight(1.0)
    x, y = _series(g, 4, "x").to_numpy(), _series(g, 5, "y").to_numpy()
    ref = _esda(esda.Moran_Local_BV, x, y, g, permutations=99, seed=5)
    # a fresh matrix: esda zeroes the diagonal of the sparse matrix it was given
    ours = permutation.local_pseudo_p(ref.zx, ref.zy, ref.Is, g.transform("r").sparse, 99, 5)
    assert np.array_equal(_counts(ours, 99), _moran_reference(ref, 99, 5, True, g.transform("r").sparse))
    assert_esda_counts(ours, ref.p_sim, 99)


@pytest.mark.slow
def test_seed_none_draws_like_esda():
    g = weights_for_level("sigungu")
    x = _series(g, 6, "x")
    np.random.seed(42)
    ours = local_moran(x, g, permutations=99, seed=None)
    np.random.seed(42)
    ref = _esda(esda.Moran_Local, x.to_numpy(), g, permutations=99, seed=None)
    assert_esda_counts(ours.table["p_sim"], ref.p_sim, 99)


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
