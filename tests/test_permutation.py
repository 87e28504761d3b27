"""analysis.permutation: vectorised permutation tests give esda's and inequality's own p-values.

The project runs with numba installed (giddy brings it through quantecon), and with numba esda runs
numba-compiled kernels with ``fastmath`` whose counts differ from its own Python source on some regions (measured
before: 1 of 17 on tied sido data, 37 of 247 for Gi* at sigungu). The claim of :mod:`analysis.permutation` is
equality with esda's algorithm, so the references are:

1. **esda itself, in a subprocess where numba is blocked** (``sys.modules["numba"] = None`` before any import),
   so esda runs its Python source, while our side runs here, where the project runs (numba importable). One
   subprocess computes every reference of this module (:func:`esda_runs`).
2. :func:`_reference_counts`: esda's algorithm region by region in plain NumPy on our id table (``crand``'s
   ``compute_chunk`` with ``_prepare_univariate`` and the ``*_crand`` statistics), which our blocks must equal
   exactly, ties included; it localises a failure of (1) to the id table or to the evaluation.

The id table itself (:func:`analysis.permutation.permuted_ids`, drawn with NumPy) is compared with esda's
``crand.vec_permutations`` run in the numba-blocked subprocess, and with the same function compiled by numba here.
esda is pinned in ``requirements.txt`` to the version whose algorithm the module mirrors.

Values are SYNTHETIC (seeded random draws) except in :func:`test_bundled_sido_indicators_give_esda_p_values`;
the weights are the bundled real ones, plus hand-made graphs with an island and with self-weights.
"""

# ruff: noqa: NPY002 -- esda draws from the legacy global state when no seed is given

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
import warnings
from pathlib import Path

import esda
import numpy as np
import pandas as pd
import pytest
from inequality.theil import TheilDSim
from libpysal.graph import Graph
from scipy import sparse

from analysis import permutation
from analysis.spatial import (
    bivariate_local_moran,
    bivariate_moran,
    getis_ord,
    local_moran,
    moran,
    weights_for_level,
)

ROOT = Path(__file__).resolve().parents[1]


def _counts(p, permutations: int) -> np.ndarray:
    """Permuted statistics at least as extreme (folded), from p = (count + 1) / (permutations + 1)."""
    return np.rint(np.asarray(p, dtype=float) * (permutations + 1)).astype(int) - 1


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


def _observed(cls, *args, **kw):
    """esda's observed statistics alone (no permutations, so no numba kernel runs here)."""
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore")
        return cls(*args, permutations=0, **kw)


def _moran_reference(x, y, g: Graph, permutations: int, seed: int, weights=None) -> np.ndarray:
    ref = (_observed(esda.Moran_Local_BV, x, y, g, transformation="r") if y is not None
           else _observed(esda.Moran_Local, x, g, transformation="r"))
    zx, zy = (ref.zx, ref.zy) if y is not None else (ref.z, ref.z)
    scaling = (len(zx) - 1) / (zx * zx).sum()
    w = ref.w.sparse if weights is None else weights
    return _reference_counts(lambda i, lag: zx[i] * lag * scaling, zy, ref.Is, w, permutations, seed)


def _gi_reference(y, g: Graph, permutations: int, seed: int) -> np.ndarray:
    ref = _observed(esda.G_Local, y, g.transform("b").assign_self_weight(1.0), transform="R", star=True)
    w = g.transform("b").assign_self_weight(1.0).transform("r").sparse  # fresh: esda zeroes its diagonal
    return _reference_counts(lambda i, lag: lag / ref.y.sum(), ref.y.astype(float), ref.Gs, w, permutations, seed)


def _series(graph: Graph, seed: int, name: str) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series(rng.lognormal(size=len(graph.unique_ids)), index=graph.unique_ids, name=name)


def _tied(graph: Graph) -> tuple[pd.Series, pd.Series]:
    """SYNTHETIC counts in {0, 1, 2}, 60 % zeros: ties make the summation order visible in the counts."""
    rng = np.random.default_rng(3)
    n = len(graph.unique_ids)
    x = pd.Series(np.where(rng.random(n) < 0.6, 0.0, rng.integers(1, 3, n)), index=graph.unique_ids, name="x")
    y = pd.Series(rng.integers(0, 3, n).astype(float), index=graph.unique_ids, name="y")
    return x, y


def _path_with_island() -> Graph:
    """SYNTHETIC: a path a-b-c-d-e plus a star around f and an island z (cardinalities 0 to 4)."""
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("f", "g"), ("f", "h"), ("f", "i"), ("f", "j")]
    pairs = edges + [(j, i) for i, j in edges]
    adj = pd.DataFrame(pairs, columns=["focal", "neighbor"]).assign(weight=1.0)
    adj = pd.concat([adj, pd.DataFrame({"focal": ["z"], "neighbor": ["z"], "weight": [0.0]})])
    ids = list("abcdefghijz")
    return Graph.from_adjacency(adj.set_index("focal").loc[ids].reset_index())


# ---------------------------------------------------------------------------------------------------------
# esda in a process without numba
# ---------------------------------------------------------------------------------------------------------
_ESDA_SCRIPT = r"""
import json, sys, warnings
sys.modules["numba"] = None  # blocked: esda falls back to its Python source
import numpy as np
import pandas as pd
import esda
from esda.crand import vec_permutations
from libpysal.graph import Graph

assert not hasattr(vec_permutations, "py_func"), "numba was not blocked"
data = np.load(sys.argv[1], allow_pickle=False)
cases = json.loads(str(data["cases"]))
out = {}
warnings.simplefilter("ignore")
for i, case in enumerate(cases):
    kind, perms, seed = case["kind"], case["permutations"], case["seed"]
    if kind == "ids":
        out[f"{i}"] = vec_permutations(case["max_card"], case["n"], perms, seed)
        continue
    # the graph exactly as it was here: its adjacency in its order (the order of the lag's sums), its transformation
    index = pd.MultiIndex.from_arrays([data[f"{i}_focal"], data[f"{i}_neighbor"]], names=["focal", "neighbor"])
    g = Graph(pd.Series(data[f"{i}_weight"], index=index, name="weight"), transformation=case["transformation"],
              is_sorted=True)
    x = data[f"{i}_x"]
    if case.get("global_seed") is not None:
        np.random.seed(case["global_seed"])
    seed = None if seed < 0 else seed
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "lisa":
            r = esda.Moran_Local(x, g, transformation="r", permutations=perms, seed=seed, n_jobs=1)
        elif kind == "bv":
            r = esda.Moran_Local_BV(x, data[f"{i}_y"], g, transformation="r", permutations=perms, seed=seed, n_jobs=1)
        elif kind == "gi":
            r = esda.G_Local(x, g, transform="R", permutations=perms, star=True, seed=seed, n_jobs=1)
    out[f"{i}"] = r.p_sim
np.savez(sys.argv[2], **out)
"""


class _EsdaCases:
    """Cases for the numba-blocked esda process: each adds a case and returns its key."""

    def __init__(self) -> None:
        self.cases: list[dict] = []
        self.arrays: dict[str, np.ndarray] = {}

    def add(self, kind: str, graph: Graph | None = None, x=None, y=None, permutations: int = 999,
            seed: int | None = 12345, global_seed: int | None = None, **extra) -> str:
        i = str(len(self.cases))
        self.cases.append({"kind": kind, "permutations": permutations, "seed": -1 if seed is None else seed,
                           "global_seed": global_seed, **extra})
        if graph is not None:
            self.cases[-1]["transformation"] = graph.transformation
            adj = graph.adjacency.reset_index()
            self.arrays[f"{i}_focal"] = np.array(adj["focal"].astype(str).tolist(), dtype=str)
            self.arrays[f"{i}_neighbor"] = np.array(adj["neighbor"].astype(str).tolist(), dtype=str)
            self.arrays[f"{i}_weight"] = adj["weight"].to_numpy(float)
            self.arrays[f"{i}_x"] = np.asarray(x, dtype=float)
            if y is not None:
                self.arrays[f"{i}_y"] = np.asarray(y, dtype=float)
        return i

    def run(self, tmp: Path) -> dict[str, np.ndarray]:
        src, dst = tmp / "cases.npz", tmp / "esda.npz"
        np.savez(src, cases=np.array(json.dumps(self.cases)), **self.arrays)
        proc = subprocess.run([sys.executable, "-c", _ESDA_SCRIPT, str(src), str(dst)], cwd=ROOT,
                              capture_output=True, text=True, timeout=1800)
        assert proc.returncode == 0, proc.stderr[-3000:]
        with np.load(dst) as res:
            return {k: res[k] for k in res.files}


#: (max_card, n, permutations, seed) of the id tables compared with esda's.
ID_TABLES = ((10, 229, 999, 12345), (1, 3, 1, 0), (12, 5025, 99, 7), (9, 17, 999, 2**32 - 1), (4, 248, 199, 1))

_LEVEL_CASES = (("sido", 999, 12345), ("sigungu", 199, 7), ("emd", 99, 7))
_SEEDS = (1, 2, 12345)


@pytest.fixture(scope="module")
def esda_runs(tmp_path_factory):
    """Every esda reference of this module, computed in one subprocess with numba blocked."""
    cases = _EsdaCases()
    keys: dict = {}
    for spec in ID_TABLES:
        keys[("ids", spec)] = cases.add("ids", max_card=spec[0], n=spec[1], permutations=spec[2], seed=spec[3])
    for level, perms, seed in _LEVEL_CASES:
        g = weights_for_level(level)
        x, y = _series(g, 1, "x"), _series(g, 2, "y")
        keys[("lisa", level)] = cases.add("lisa", g, x, permutations=perms, seed=seed)
        keys[("bv", level)] = cases.add("bv", g, x, y, permutations=perms, seed=seed)
        keys[("gi", level)] = cases.add("gi", g.transform("b").assign_self_weight(1.0), y, permutations=perms,
                                        seed=seed)
    for level in ("sido", "sigungu"):
        g = weights_for_level(level)
        x, y = _tied(g)
        for seed in _SEEDS:
            keys[("tied_lisa", level, seed)] = cases.add("lisa", g, x, seed=seed)
            keys[("tied_bv", level, seed)] = cases.add("bv", g, x, y, seed=seed)
            keys[("tied_gi", level, seed)] = cases.add("gi", g.transform("b").assign_self_weight(1.0), y, seed=seed)
    island = _path_with_island()
    z = np.random.default_rng(3).normal(size=island.n)
    keys["island"] = cases.add("lisa", island, z, permutations=99, seed=11)
    selfw = weights_for_level("sigungu").transform("b").assign_self_weight(1.0)
    keys["self"] = cases.add("bv", selfw, _series(selfw, 4, "x"), _series(selfw, 5, "y"), permutations=99, seed=5)
    g = weights_for_level("sigungu")
    keys["seed_none"] = cases.add("lisa", g, _series(g, 6, "x"), permutations=99, seed=None, global_seed=42)
    from analysis.store import bundled

    store, g17 = bundled(), weights_for_level("sido")
    real = []
    for ind in sorted(store.available("sido")):
        for year in store.complete_years(ind, "sido"):
            v = store.get(ind, "sido", year).reindex(g17.unique_ids).astype(float)
            if np.isfinite(v).all() and v.std() > 0:
                real.append((ind, year, v, cases.add("lisa", g17, v)))
    keys["real"] = real
    return keys, cases.run(tmp_path_factory.mktemp("esda"))


# ---------------------------------------------------------------------------------------------------------
# the id table
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_the_id_table_is_esdas(esda_runs):
    """Our NumPy draw equals esda's own ``vec_permutations`` run without numba, for every size tried."""
    keys, ref = esda_runs
    for spec in ID_TABLES:
        assert np.array_equal(permutation.permuted_ids(*spec), ref[keys[("ids", spec)]]), spec


@pytest.mark.slow  # numba compiles esda's generator here (5-17 s)
def test_the_id_table_is_the_one_numba_draws():
    """Where numba is importable (it is where the project runs), esda's compiled generator draws the same table."""
    from esda.crand import vec_permutations

    if not hasattr(vec_permutations, "py_func"):
        pytest.skip("numba is not importable here: esda has no compiled generator")
    for spec in ID_TABLES[:3]:
        assert np.array_equal(permutation.permuted_ids(*spec), vec_permutations(*spec)), spec


def test_esda_is_the_pinned_version():
    """analysis.permutation mirrors esda 2.9.0's conditional randomisation: pyproject.toml declares exactly that
    version, the lock (requirements.txt) pins it, and it is the one installed."""
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert [d for d in declared if d.startswith("esda")] == ["esda==2.9.0"]
    pins = [line for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
            if line.startswith("esda")]
    assert pins and pins[0].split("#")[0].removesuffix("\\").strip() == "esda==2.9.0"
    assert importlib.metadata.version("esda") == "2.9.0"


def test_the_id_table_is_shared_and_read_only():
    a = permutation.permuted_ids(5, 100, 9, 1)
    assert a is permutation.permuted_ids(5, 100, 9, 1)
    assert not a.flags.writeable and a.shape == (9, 5) and a.max() < 99
    for row in a:
        assert len(set(row)) == 5  # without replacement


# ---------------------------------------------------------------------------------------------------------
# local statistics against esda without numba, and against esda's algorithm on our table
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("level, permutations, seed", _LEVEL_CASES)
def test_equal_to_esda_on_the_bundled_weights(esda_runs, level, permutations, seed):
    keys, ref = esda_runs
    g = weights_for_level(level)
    x, y = _series(g, 1, "x"), _series(g, 2, "y")
    ours = local_moran(x, g, permutations=permutations, seed=seed).table["p_sim"]
    assert np.array_equal(_counts(ours, permutations), _counts(ref[keys[("lisa", level)]], permutations))
    assert np.array_equal(_counts(ours, permutations), _moran_reference(x.to_numpy(), None, g, permutations, seed))
    ours_bv = bivariate_local_moran(x, y, g, permutations=permutations, seed=seed).table["p_sim"]
    assert np.array_equal(_counts(ours_bv, permutations), _counts(ref[keys[("bv", level)]], permutations))
    ours_gi = getis_ord(y, g, permutations=permutations, seed=seed).table["p_sim"]
    assert np.array_equal(_counts(ours_gi, permutations), _counts(ref[keys[("gi", level)]], permutations))
    assert np.array_equal(_counts(ours_gi, permutations), _gi_reference(y.to_numpy(), g, permutations, seed))


@pytest.mark.slow
@pytest.mark.parametrize("level", ["sido", "sigungu"])
def test_tied_integer_data_give_esda_p_values(esda_runs, level):
    keys, ref = esda_runs
    g = weights_for_level(level)
    x, y = _tied(g)
    for seed in _SEEDS:
        ours = local_moran(x, g, permutations=999, seed=seed).table["p_sim"]
        assert np.array_equal(_counts(ours, 999), _counts(ref[keys[("tied_lisa", level, seed)]], 999)), seed
        assert np.array_equal(_counts(ours, 999), _moran_reference(x.to_numpy(), None, g, 999, seed))
        ours_bv = bivariate_local_moran(x, y, g, permutations=999, seed=seed).table["p_sim"]
        assert np.array_equal(_counts(ours_bv, 999), _counts(ref[keys[("tied_bv", level, seed)]], 999)), seed
        ours_gi = getis_ord(y, g, permutations=999, seed=seed).table["p_sim"]
        assert np.array_equal(_counts(ours_gi, 999), _counts(ref[keys[("tied_gi", level, seed)]], 999)), seed


@pytest.mark.slow
def test_bundled_sido_indicators_give_esda_p_values(esda_runs):
    """Real bundled data: every complete sido indicator-year's LISA p-values equal esda's."""
    keys, ref = esda_runs
    g = weights_for_level("sido")
    for ind, year, v, key in keys["real"]:
        ours = local_moran(v, g, permutations=999, seed=12345).table["p_sim"]
        assert np.array_equal(_counts(ours, 999), _counts(ref[key], 999)), (ind, year)
    assert len(keys["real"]) > 100


@pytest.mark.slow
@pytest.mark.parametrize("block", [permutation.BLOCK_ELEMENTS, 150])  # 150: one region a block
def test_islands_and_blocks(esda_runs, block, monkeypatch):
    keys, ref = esda_runs
    monkeypatch.setattr(permutation, "BLOCK_ELEMENTS", block)
    g = _path_with_island()
    assert 0 in g.cardinalities.to_numpy()
    z = np.random.default_rng(3).normal(size=g.n)
    obs = _observed(esda.Moran_Local, z, g, transformation="r")
    ours = permutation.local_pseudo_p(obs.z, obs.z, obs.Is, g.transform("r").sparse, 99, 11)
    assert np.array_equal(_counts(ours, 99), _counts(ref[keys["island"]], 99))
    assert np.array_equal(_counts(ours, 99), _moran_reference(z, None, g, 99, 11))


@pytest.mark.slow
def test_self_weights_are_not_permuted(esda_runs):
    keys, ref = esda_runs
    g = weights_for_level("sigungu").transform("b").assign_self_weight(1.0)
    x, y = _series(g, 4, "x").to_numpy(), _series(g, 5, "y").to_numpy()
    obs = _observed(esda.Moran_Local_BV, x, y, g, transformation="r")
    # a fresh matrix: esda zeroes the diagonal of the sparse matrix it was given
    ours = permutation.local_pseudo_p(obs.zx, obs.zy, obs.Is, g.transform("r").sparse, 99, 5)
    assert np.array_equal(_counts(ours, 99), _counts(ref[keys["self"]], 99))
    assert np.array_equal(_counts(ours, 99), _moran_reference(x, y, g, 99, 5, g.transform("r").sparse))


@pytest.mark.slow
def test_seed_none_draws_like_esda(esda_runs):
    keys, ref = esda_runs
    g = weights_for_level("sigungu")
    np.random.seed(42)
    ours = local_moran(_series(g, 6, "x"), g, permutations=99, seed=None).table["p_sim"]
    assert np.array_equal(_counts(ours, 99), _counts(ref[keys["seed_none"]], 99))


def test_a_permuted_id_table_changes_the_p_values(monkeypatch):
    """The p-values depend on the id table they are drawn from (so the table tests above can fail): the same
    data with each row of the table permuted give other counts."""
    g = weights_for_level("sigungu")
    x = _series(g, 8, "x")
    before = local_moran(x, g, permutations=199, seed=3).table["p_sim"].to_numpy()
    table = permutation.permuted_ids(int(g.cardinalities.max()), g.n, 199, 3)
    shuffled = np.random.default_rng(0).permuted(table, axis=1)
    shuffled.setflags(write=False)
    monkeypatch.setattr(permutation, "permuted_ids", lambda *a: shuffled)
    after = local_moran(x, g, permutations=199, seed=3).table["p_sim"].to_numpy()
    assert not np.array_equal(before, after)


def test_p_values_respond_to_the_data():
    """A clustered field gets small p-values where a shuffled copy does not (the test can fail)."""
    g = weights_for_level("sigungu")
    x = _series(g, 8, "x")
    lag = g.transform("r").lag(x.to_numpy())
    clustered = pd.Series(lag + g.transform("r").lag(lag), index=x.index, name="smooth")
    p_smooth = local_moran(clustered, g, permutations=199, seed=1).table["p_sim"]
    p_noise = local_moran(x, g, permutations=199, seed=1).table["p_sim"]
    assert (p_smooth <= 0.05).mean() > 2 * (p_noise <= 0.05).mean()


# ---------------------------------------------------------------------------------------------------------
# global statistics: esda.Moran, esda.Moran_BV and inequality.TheilDSim, bit for bit
# ---------------------------------------------------------------------------------------------------------
def _esda_global(cls, *args, seed: int, permutations: int):
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        return cls(*args, transformation="r", permutations=permutations)
    finally:
        np.random.set_state(state)


@pytest.mark.parametrize("level", ["sido", "sigungu"])
@pytest.mark.parametrize("data", ["lognormal", "tied"])
def test_global_moran_equals_esda_bit_for_bit(level, data):
    g = weights_for_level(level)
    x, y = (_series(g, 11, "x"), _series(g, 12, "y")) if data == "lognormal" else _tied(g)
    for seed in (0, 12345):
        ours = moran(x, g, 999, seed)
        ref = _esda_global(esda.Moran, x.to_numpy(), g, seed=seed, permutations=999)
        assert (ours.I, ours.EI_sim, ours.z_sim, ours.p_sim, ours.p_norm) == (
            ref.I, ref.EI_sim, ref.z_sim, ref.p_sim, ref.p_norm)
        ours_bv = bivariate_moran(x, y, g, 999, seed)
        ref_bv = _esda_global(esda.Moran_BV, x.to_numpy(), y.to_numpy(), g, seed=seed, permutations=999)
        assert (ours_bv.I, ours_bv.EI_sim, ours_bv.z_sim, ours_bv.p_sim) == (
            ref_bv.I, ref_bv.EI_sim, ref_bv.z_sim, ref_bv.p_sim)


def test_global_moran_sims_are_esdas_in_blocks(monkeypatch):
    """Evaluated a few relabellings at a time, the simulated statistics are the same array as esda's."""
    monkeypatch.setattr(permutation, "BLOCK_ELEMENTS", 1000)
    g = weights_for_level("sigungu")
    x = _series(g, 13, "x").to_numpy()
    ref = _esda_global(esda.Moran, x, g, seed=5, permutations=199)
    obj = esda.Moran(x, g, transformation="r", permutations=0)
    sims = permutation.moran_sims(x - x.mean(), obj.w.sparse, obj.n / obj.summary.s0, obj.z2ss, 199, 5)
    assert np.array_equal(sims, ref.sim)


@pytest.mark.parametrize("groups", [2, 3, 7])
@pytest.mark.parametrize("data", ["lognormal", "zeros"])
def test_theil_between_sims_equal_theildsim_bit_for_bit(groups, data):
    rng = np.random.default_rng(groups)
    n = 97
    y = rng.lognormal(size=n) * 1e6 if data == "lognormal" else np.where(rng.random(n) < 0.5, 0.0, rng.integers(1, 4, n))
    labels = np.array([f"g{k}" for k in rng.integers(0, groups, n)])
    for seed in (1, 12345):
        state = np.random.get_state()
        np.random.seed(seed)
        ref = TheilDSim(y.astype(float), labels, 499)
        np.random.set_state(state)
        assert np.array_equal(permutation.theil_between_sims(y, labels, 499, seed), ref.bg[1:, 0])


def test_relabellings_are_the_global_generators_draws():
    table = permutation.relabellings(17, 5, 99)
    state = np.random.get_state()
    np.random.seed(99)
    draws = [np.random.permutation(17) for _ in range(5)]
    np.random.set_state(state)
    assert np.array_equal(table, np.array(draws)) and not table.flags.writeable
