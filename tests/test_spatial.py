"""Tests of analysis.spatial on hand-made SYNTHETIC grids where the answer is known."""

# ruff: noqa: NPY002 -- esda.Moran/Moran_BV and TheilDSim draw from the legacy global state we must seed

from __future__ import annotations

import warnings
from pathlib import Path

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from analysis.errors import DataError
from analysis.spatial import (
    bivariate_local_moran,
    bivariate_moran,
    build_weights,
    differential_moran,
    getis_ord,
    local_moran,
    moran,
    weights_report,
)

SEED = 12345
PERM = 99


def grid(n: int = 4) -> gpd.GeoDataFrame:
    """SYNTHETIC n×n grid of unit squares; code 'rRcC' for row R, column C."""
    cells = [(r, c) for r in range(n) for c in range(n)]
    return gpd.GeoDataFrame(
        geometry=[shapely.box(c, r, c + 1, r + 1) for r, c in cells],
        index=pd.Index([f"r{r}c{c}" for r, c in cells], name="code"),
    )


def field(g: gpd.GeoDataFrame, fn, name: str) -> pd.Series:
    rc = [(int(code[1]), int(code[3])) for code in g.index]
    return pd.Series([float(fn(r, c)) for r, c in rc], index=g.index, name=name)


@pytest.fixture(scope="module")
def g4():
    return grid(4)


@pytest.fixture(scope="module")
def rook(g4):
    return build_weights(g4, kind="rook", island_links=False)


@pytest.fixture(scope="module")
def queen(g4):
    return build_weights(g4, kind="queen", island_links=False)


# ---------------------------------------------------------------- weights


def test_weights_are_row_standardised_and_follow_the_index(g4, queen, rook):
    assert queen.transformation == "R"
    assert list(queen.unique_ids) == list(g4.index)
    assert np.allclose(queen.sparse.sum(axis=1), 1.0)
    # corner: 3 queen neighbours, 2 rook neighbours; interior: 8 and 4
    assert queen.cardinalities["r0c0"] == 3 and queen.cardinalities["r1c1"] == 8
    assert rook.cardinalities["r0c0"] == 2 and rook.cardinalities["r1c1"] == 4


def test_knn_and_distance_kinds(g4):
    knn = build_weights(g4, kind="knn", k=2)
    assert (knn.cardinalities == 2).all()
    band = build_weights(g4, kind="distance", threshold=1.01, island_links=False)  # centroids 1 apart: rook-like
    assert band.cardinalities["r1c1"] == 4


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"kind": "hexagon"}, "queen, rook, knn, distance"),
        ({"kind": "knn"}, "k between 1"),
        ({"kind": "distance"}, "threshold"),
    ],
)
def test_bad_weights_options(g4, kwargs, match):
    with pytest.raises(DataError, match=match):
        build_weights(g4, island_links=False, **kwargs)


def test_island_links_connect_isolates():
    g = grid(3)
    g.loc["r2c2", "geometry"] = shapely.box(10, 10, 11, 11)  # an island off the grid
    off = build_weights(g, island_links=False)
    rep = weights_report(off)
    assert rep.isolates == ("r2c2",)
    assert rep.n_components == 2 and rep.component_sizes == (8, 1)
    links = pd.DataFrame({"level": ["x"], "code": ["r2c2"], "linked_code": ["r1c1"], "link": ["ferry"]})
    on = build_weights(g, island_links=links)
    rep_on = weights_report(on)
    assert rep_on.isolates == () and rep_on.n_components == 1
    assert set(on.neighbors["r2c2"]) == {"r1c1"}
    assert "r2c2" in set(on.neighbors["r1c1"])
    assert list(on.unique_ids) == list(g.index)
    assert np.allclose(on.sparse.sum(axis=1), 1.0)


def test_links_outside_the_boundaries_are_ignored(g4):
    links = pd.DataFrame({"code": ["zz"], "linked_code": ["r0c0"]})
    assert build_weights(g4, island_links=links).equals(build_weights(g4, island_links=False))


# ---------------------------------------------------------------- global Moran


def test_checkerboard_rook_is_perfectly_negative(g4, rook):
    y = field(g4, lambda r, c: (r + c) % 2, "checker")
    res = moran(y, rook, permutations=PERM, seed=SEED)
    assert res.I == pytest.approx(-1.0)
    assert res.EI == pytest.approx(-1 / 15)
    assert res.p_sim == pytest.approx(1 / (PERM + 1))  # no permutation is as extreme
    assert res.n == 16 and res.seed == SEED and res.permutations == PERM


def test_clustered_is_positive(g4, queen):
    y = field(g4, lambda r, c: c < 2, "halves")
    res = moran(y, queen, permutations=PERM, seed=SEED)
    assert res.I > 0.5
    assert res.z_sim > 0


@pytest.mark.slow  # esda compiles its numba permutation kernels on first use (~20 s CPU)
def test_identical_to_direct_esda(g4, queen):
    rng = np.random.default_rng(0)
    x = pd.Series(rng.random(16), index=g4.index, name="x")
    y = pd.Series(rng.random(16), index=g4.index, name="y")
    ours = moran(x, queen, permutations=PERM, seed=SEED)
    np.random.seed(SEED)
    direct = esda.Moran(x.to_numpy(), queen, permutations=PERM)
    assert (ours.I, ours.p_sim, ours.z_sim) == (direct.I, direct.p_sim, direct.z_sim)

    ours_bv = bivariate_moran(x, y, queen, permutations=PERM, seed=SEED)
    np.random.seed(SEED)
    direct_bv = esda.Moran_BV(x.to_numpy(), y.to_numpy(), queen, permutations=PERM)
    assert (ours_bv.I, ours_bv.p_sim) == (direct_bv.I, direct_bv.p_sim)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        direct_l = esda.Moran_Local(x.to_numpy(), queen, permutations=PERM, seed=SEED, n_jobs=1)
        direct_lbv = esda.Moran_Local_BV(x.to_numpy(), y.to_numpy(), queen, permutations=PERM, seed=SEED, n_jobs=1)
    ours_l = local_moran(x, queen, permutations=PERM, seed=SEED)
    assert np.array_equal(ours_l.table["statistic"].to_numpy(), direct_l.Is)
    assert np.array_equal(ours_l.table["p_sim"].to_numpy(), direct_l.p_sim)
    ours_lbv = bivariate_local_moran(x, y, queen, permutations=PERM, seed=SEED)
    assert np.array_equal(ours_lbv.table["statistic"].to_numpy(), direct_lbv.Is)
    assert np.array_equal(ours_lbv.table["p_sim"].to_numpy(), direct_lbv.p_sim)


def test_row_order_of_values_does_not_matter(g4, queen):
    rng = np.random.default_rng(1)
    x = pd.Series(rng.random(16), index=g4.index, name="x")
    shuffled = x.sample(frac=1, random_state=3)
    a, b = moran(x, queen), moran(shuffled, queen)
    assert (a.I, a.p_sim) == (b.I, b.p_sim)
    pd.testing.assert_frame_equal(local_moran(x, queen).table, local_moran(shuffled, queen).table)


def test_row_order_of_boundaries_does_not_change_statistics(g4):
    rng = np.random.default_rng(2)
    x = pd.Series(rng.random(16), index=g4.index, name="x")
    shuffled = g4.sample(frac=1, random_state=5)
    wa = build_weights(g4, island_links=False)
    wb = build_weights(shuffled, island_links=False)
    assert list(wb.unique_ids) == list(shuffled.index)
    assert moran(x, wa).I == pytest.approx(moran(x, wb).I)
    la = local_moran(x, wa).table
    lb = local_moran(x, wb).table.loc[la.index]
    assert np.allclose(la["statistic"], lb["statistic"])
    assert (la["quadrant"] == lb["quadrant"]).all()


def test_small_n_warning(g4, queen):
    y = field(g4, lambda r, c: c, "col")
    assert "only 16 regions" in moran(y, queen, permutations=0).warning
    g6 = grid(6)
    assert moran(field(g6, lambda r, c: c, "col"), build_weights(g6, island_links=False), permutations=0).warning is None


def test_no_permutations_gives_analytical_only(g4, queen):
    res = moran(field(g4, lambda r, c: c, "col"), queen, permutations=0)
    assert np.isnan(res.p_sim) and res.p_norm < 0.01


def test_differential_moran_is_moran_of_the_change(g4, queen):
    before = field(g4, lambda r, c: r * c, "y2020")
    after = before + field(g4, lambda r, c: 3 * (c < 2), "delta")
    res = differential_moran(before, after.rename("y2021"), queen, permutations=PERM)
    direct = moran((after - before).rename("d"), queen, permutations=PERM)
    assert res.I == pytest.approx(direct.I) and res.p_sim == direct.p_sim
    assert (res.statistic, res.x, res.y) == ("moran_diff", "y2021", "y2020")


@pytest.mark.parametrize(
    ("values", "match"),
    [
        (pd.Series([1.0, 2.0], index=["r0c0", "r0c1"], name="v"), "no value for"),
        (pd.Series(1.0, index=grid(4).index, name="v"), "constant"),
        (pd.Series([np.nan] + [1.0, 2.0] * 7 + [3.0], index=grid(4).index, name="v"), "missing or infinite"),
    ],
)
def test_bad_values_raise(queen, values, match):
    with pytest.raises(DataError, match=match):
        moran(values, queen)


# ---------------------------------------------------------------- local statistics


def test_lisa_quadrants_on_halves(g4, rook):
    y = field(g4, lambda r, c: c < 2, "halves")
    t = local_moran(y, rook, permutations=PERM, seed=SEED).table
    left = [code for code in t.index if int(code[3]) < 2]
    right = [code for code in t.index if int(code[3]) >= 2]
    assert (t.loc[left, "quadrant"] == "HH").all()
    assert (t.loc[right, "quadrant"] == "LL").all()
    assert list(t.columns) == [
        "value", "lag", "statistic", "quadrant", "p_sim", "significant", "cluster", "label_ko", "label_en",
    ]
    assert t.index.name == "code"


def test_lisa_outlier_and_labels(g4, rook):
    y = field(g4, lambda r, c: 10 if (r, c) == (1, 1) else 0, "spike")
    res = local_moran(y, rook, permutations=PERM, seed=SEED, alpha=0.5)
    t = res.table
    assert t.loc["r1c1", "quadrant"] == "HL"
    assert (t.loc[["r0c1", "r1c0", "r1c2", "r2c1"], "quadrant"] == "LH").all()
    sig = t[t["significant"]]
    assert (sig["cluster"] == sig["quadrant"]).all()
    assert (t.loc[~t["significant"], "label_en"] == "Not significant").all()
    if t.loc["r1c1", "significant"]:
        assert t.loc["r1c1", "label_ko"] == "고-저 이상지역"


def test_fdr_cut_off_is_esda_fdr(g4, queen):
    y = field(g4, lambda r, c: c < 2, "halves")
    res = local_moran(y, queen, permutations=PERM, seed=SEED, fdr=True)
    assert res.fdr and res.crit_value == pytest.approx(esda.fdr(res.table["p_sim"].to_numpy(), 0.05))
    assert (res.table["significant"] == (res.table["p_sim"] <= res.crit_value)).all()


def test_bivariate_lisa_planner_wording(g4, rook):
    rnd = field(g4, lambda r, c: 10 if (r, c) == (1, 1) else 0, "rnd")
    prod = field(g4, lambda r, c: 0 if (r, c) in {(0, 1), (1, 0), (1, 2), (2, 1)} else 5, "prod")
    res = bivariate_local_moran(rnd, prod, rook, permutations=PERM, seed=SEED, alpha=1.0 - 1e-9,
                                labels="rnd_production")
    # r1c1: high R&D, its neighbours produce nothing: the wording says where the R&D is and whose production
    assert res.table.loc["r1c1", "quadrant"] == "HL"
    assert res.table.loc["r1c1", "label_en"] == "R&D hub here, neighbours produce little"
    assert res.table.loc["r1c1", "label_ko"] == "연구개발 거점 · 주변 생산 적음"
    other = bivariate_local_moran(prod, rnd, rook, permutations=PERM, seed=SEED)  # the other direction
    assert (other.x, other.y) == ("prod", "rnd")
    assert other.table.loc["r0c1", "quadrant"] == "LH"  # no production next to the R&D hub


NAMES = {"x": ("연구개발비", "R&D expenditure"), "y": ("제조업 생산", "Manufacturing output")}


@pytest.mark.parametrize("swap", [False, True])
def test_bivariate_labels_name_the_region_variable_and_the_neighbours_variable(g4, rook, swap):
    """X against neighbours' Y and Y against neighbours' X: the label names the region's own variable first and
    the neighbours' second, whichever way round; the quadrant decides high/low of each."""
    x = field(g4, lambda r, c: 10 if (r, c) == (1, 1) else 0, "x_id")
    y = field(g4, lambda r, c: 0 if (r, c) in {(0, 1), (1, 0), (1, 2), (2, 1)} else 5, "y_id")
    (a, ra), (b, rb) = ((y, "y"), (x, "x")) if swap else ((x, "x"), (y, "y"))
    res = bivariate_local_moran(a, b, rook, permutations=PERM, seed=SEED, alpha=1.0 - 1e-9,
                                names={"a": NAMES[ra], "b": NAMES[rb]})
    t = res.table
    for code in t.index[t["significant"]]:
        high_here, high_around = (word == "H" for word in t.at[code, "quadrant"])
        assert t.at[code, "label_en"] == (f"{NAMES[ra][1]} {'high' if high_here else 'low'} here, "
                                          f"neighbours' {NAMES[rb][1]} {'high' if high_around else 'low'}")
        assert t.at[code, "label_ko"].startswith(f"이 지역 {NAMES[ra][0]} ")
        assert f"주변 {NAMES[rb][0]} " in t.at[code, "label_ko"]
    assert t["significant"].any()
    # r1c1 has the high x (10) and a high y (5) but neighbours with neither x nor y: the label is about r1c1's
    # own variable then its neighbours' other variable, so swapping the roles swaps the names, not the words
    expected = ("Manufacturing output high here, neighbours' R&D expenditure low" if swap
                else "R&D expenditure high here, neighbours' Manufacturing output low")
    assert t.at["r1c1", "label_en"] == expected


def test_bivariate_labels_default_to_the_series_names(g4, rook):
    x = field(g4, lambda r, c: c, "people")
    y = field(g4, lambda r, c: r, "firms")
    t = bivariate_local_moran(x, y, rook, permutations=PERM, seed=SEED, alpha=1.0 - 1e-9).table
    sig = t[t["significant"]]
    assert not sig.empty and all(s.startswith("people ") and "neighbours' firms" in s for s in sig["label_en"])


def test_mismatch_labels_say_whose_surplus(g4, rook):
    """ln M > 0 is an x surplus: the legend names x and y, never "R&D" unless x is R&D."""
    logm = field(g4, lambda r, c: 1.0 if c < 2 else -1.0, "log_ratio")
    names = {"a": ("인구", "Population"), "b": ("사업체", "Firms")}
    t = local_moran(logm, rook, permutations=PERM, seed=SEED, alpha=1.0 - 1e-9, labels="mismatch",
                    names=names).table
    words = dict(zip(t["cluster"], t["label_en"], strict=True))
    assert words["HH"] == "Population-surplus cluster" and words["LL"] == "Firms-surplus cluster"
    assert dict(zip(t["cluster"], t["label_ko"], strict=True))["LL"] == "사업체 초과 군집"
    assert not any("R&D" in w for w in t["label_en"])


@pytest.mark.slow
def test_getis_ord_hot_and_cold(g4, queen):
    y = field(g4, lambda r, c: 10 if c < 2 else 1, "halves")
    res = getis_ord(y, queen, permutations=PERM, seed=SEED)
    t = res.table
    assert (t.loc[[c for c in t.index if int(c[3]) == 0], "quadrant"] == "hot").all()
    assert (t.loc[[c for c in t.index if int(c[3]) == 3], "quadrant"] == "cold").all()
    assert set(t["label_en"]) <= {"Hot spot", "Cold spot", "Not significant"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        direct = esda.G_Local(y.to_numpy(), queen.transform("b").assign_self_weight(1.0), transform="R",
                              permutations=PERM, star=True, seed=SEED, n_jobs=1)
    assert np.allclose(t["statistic"], direct.Gs)
    # same permutation counts (esda's numba kernel returns these p-values in single precision)
    assert np.array_equal(np.rint(t["p_sim"].to_numpy() * (PERM + 1)), np.rint(direct.p_sim * (PERM + 1)))


def test_local_needs_permutations(queen, g4):
    with pytest.raises(DataError, match="permutations > 0"):
        local_moran(field(g4, lambda r, c: c, "c"), queen, permutations=0)
    with pytest.raises(DataError, match="unknown label scheme"):
        local_moran(field(g4, lambda r, c: c, "c"), queen, labels="nope")


def test_link_code_map_recodes_link_endpoints():
    g = grid(3)
    g.loc["r2c2", "geometry"] = shapely.box(10, 10, 11, 11)
    links = pd.DataFrame({"code": ["island"], "linked_code": ["r1c1"]})  # the link names a unit g calls r2c2
    w = build_weights(g, island_links=links, link_code_map={"island": "r2c2"})
    assert weights_report(w).isolates == ()
    self_link = pd.DataFrame({"code": ["a"], "linked_code": ["r2c2"]})  # maps onto itself: dropped
    w2 = build_weights(g, island_links=self_link, link_code_map={"a": "r2c2"})
    assert weights_report(w2).isolates == ("r2c2",)


# ---------------------------------------------------------------- the bundled boundaries


_BUNDLED = (Path(__file__).resolve().parent.parent / "data" / "boundaries" / "emd.web.geojson").exists()


@pytest.mark.skipif(not _BUNDLED, reason="bundled boundaries not built yet (make boundaries)")
@pytest.mark.parametrize(
    ("level", "autonomous", "n"), [("sido", False, 17), ("sigungu", False, None), ("sigungu", True, 229), ("emd", False, None)]
)
def test_bundled_weights_are_connected(level, autonomous, n):
    from analysis.spatial import weights_for_level

    w = weights_for_level(level, autonomous=autonomous)
    rep = weights_report(w)
    assert rep.isolates == () and rep.n_components == 1
    assert w.transformation == "R"
    if n is not None:
        assert rep.n == n
    assert weights_for_level(level, autonomous=autonomous) is w  # cached per level


def test_weights_for_regions_is_the_level_graph_or_a_subgraph_of_it():
    from analysis.spatial import weights_for_level, weights_for_regions
    from geo.boundaries import load_boundaries

    codes = list(load_boundaries("sido").index.astype(str))
    assert weights_for_regions("sido", reversed(codes)).adjacency.equals(weights_for_level("sido").adjacency)
    without_seoul = [c for c in codes if c != "11"]
    g = weights_for_regions("sido", without_seoul)
    assert set(g.unique_ids) == set(without_seoul)
    assert "11" not in set(g.adjacency.index.get_level_values("neighbor"))
    # Incheon and Gyeonggi stay neighbours; Jeju keeps its island link
    assert "41" in set(g["28"].index) and len(g["50"]) > 0
    with pytest.raises(DataError, match="not sido regions"):
        weights_for_regions("sido", ["11", "99"])


@pytest.mark.parametrize("level, autonomous", [("sido", False), ("sigungu", True), ("sigungu", False)])
def test_weights_on_some_regions_equal_weights_built_on_their_boundaries(level, autonomous):
    """weights_for_regions restricts the level's graph; the result is the graph build_weights makes from those
    regions' boundaries (contiguity, island links kept when both ends are, isolates, the codes' order), exactly."""
    from analysis import regions
    from analysis.spatial import _link_code_map, weights_for_regions

    units = list(regions.units(level, autonomous))
    bnd = regions.level_boundaries(level, autonomous)
    rng = np.random.default_rng(len(units))
    full = build_weights(bnd, link_code_map=_link_code_map(level, autonomous)).transform("b").adjacency
    lonely = full[full > 0].groupby(level="focal").size().idxmin()  # drop its neighbours: it becomes an isolate
    neighbours = set(full[lonely][full[lonely] > 0].index) - {lonely}
    cases = [[c for c in units if c not in neighbours],
             list(rng.permutation([c for c in units if rng.random() > 0.15]))]
    for codes in cases:
        ours = weights_for_regions(level, codes, autonomous=autonomous)
        built = build_weights(bnd.loc[codes], link_code_map=_link_code_map(level, autonomous))
        assert ours.adjacency.index.equals(built.adjacency.index)
        assert np.array_equal(ours.adjacency.to_numpy(), built.adjacency.to_numpy())
        assert list(ours.unique_ids) == list(codes)
    assert lonely in weights_for_regions(level, cases[0], autonomous=autonomous).isolates
