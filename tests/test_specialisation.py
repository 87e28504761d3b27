"""Specialisation measures: known answers on small hand-made matrices, identities and refusals on the bundled data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import indicators, regions, territory
from analysis import specialisation as sp
from analysis.errors import DataError
from analysis.store import bundled

IDX = pd.Index(["r1", "r2", "r3"], name="code")


def _hand() -> sp.IndustryMatrix:
    """Three regions, two industries and a published total above their sum (other industries); r2's b is
    suppressed."""
    values = pd.DataFrame({"a": [20.0, 10.0, 0.0], "b": [30.0, np.nan, 40.0]}, index=IDX)
    return sp.IndustryMatrix(values, pd.Series([100.0, 50.0, 50.0], index=IDX))


def test_lq_hand_computed_with_published_totals_and_a_suppressed_cell():
    lq = sp.location_quotients(_hand())
    # a: national share over all regions = 30 / 200; b: over the regions publishing it = 70 / 150
    assert lq.loc["r1", "a"] == pytest.approx(0.2 / 0.15)
    assert lq.loc["r2", "a"] == pytest.approx(0.2 / 0.15)
    assert lq.loc["r3", "a"] == 0.0
    assert lq.loc["r1", "b"] == pytest.approx(0.3 / (70 / 150))
    assert lq.loc["r3", "b"] == pytest.approx(0.8 / (70 / 150))
    assert np.isnan(lq.loc["r2", "b"])  # suppressed stays missing, never zero


def test_region_total_is_the_published_one_not_the_sum_of_cells():
    m = _hand()
    shares = sp.region_shares(m)
    assert shares.loc["r1", "a"] == pytest.approx(0.2)  # 20 / 100, not 20 / 50
    assert shares.loc["r2", "a"] == pytest.approx(0.2)  # the suppressed b does not change r2's total


def test_matrix_refuses_negative_or_misaligned_input():
    with pytest.raises(DataError, match="same region index"):
        sp.IndustryMatrix(pd.DataFrame({"a": [1.0]}, index=["r1"]), pd.Series([1.0], index=["r2"]))
    with pytest.raises(DataError, match="totals must be > 0"):
        sp.IndustryMatrix(pd.DataFrame({"a": [1.0]}, index=["r1"]), pd.Series([0.0], index=["r1"]))


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning", "ignore::FutureWarning")
def test_lq_equals_ecomplexity_rca_when_totals_are_row_sums():
    ecomplexity = pytest.importorskip("ecomplexity")
    m = sp.industry_matrix(bundled(), "sido", 2022)
    top = m.values[m.top].copy()
    top["rest"] = m.totals - top.sum(axis=1)  # what the bundled top-level series leave out of the total
    assert (top["rest"] > 0).all()
    ours = sp.location_quotients(sp.IndustryMatrix(top, top.sum(axis=1)))
    long = top.stack().rename("val").reset_index().rename(columns={"level_1": "prod"}).assign(year=2022)
    out = ecomplexity.ecomplexity(long, {"time": "year", "loc": "code", "prod": "prod", "val": "val"},
                                  verbose=False)
    rca = out.set_index(["code", "prod"])["rca"].unstack()
    pd.testing.assert_frame_equal(ours.sort_index()[rca.columns], rca.sort_index(), check_names=False, rtol=1e-9)


def test_lq_of_bundled_sido_against_the_published_national_figure():
    m = sp.industry_matrix(bundled(), "sido", 2022)
    lq = sp.location_quotients(m)
    ind = "gva_manufacturing_nominal_b2020"
    total = "gva_total_basic_prices_nominal_b2020"
    nat = bundled().get(ind, "national", 2022).iloc[0] / bundled().get(total, "national", 2022).iloc[0]
    expect = m.values[ind] / m.totals / nat
    pd.testing.assert_series_equal(lq[ind], expect, check_names=False, rtol=1e-6)


def test_structure_indices_hand_computed():
    v = pd.DataFrame({"a": [50.0, 25.0], "b": [50.0, 25.0], "c": [0.0, 50.0]}, index=["r1", "r2"])
    groups = {"a": "g1", "b": "g1", "c": "g2"}
    m = sp.IndustryMatrix(v, v.sum(axis=1), partition=("a", "b", "c"), groups=groups)
    out = sp.structure_indices(m)
    # r1: shares (.5, .5, 0): HHI .5, entropy 1 bit, all of it within g1 (related), none between groups
    assert out.loc["r1", "hhi"] == pytest.approx(0.5)
    assert out.loc["r1", "entropy"] == pytest.approx(1.0)
    assert out.loc["r1", "related_variety"] == pytest.approx(1.0)
    assert out.loc["r1", "unrelated_variety"] == pytest.approx(0.0)
    # r2: shares (.25, .25, .5): entropy 1.5 bits = 1 between groups (.5/.5) + .5 × 1 within g1
    assert out.loc["r2", "entropy"] == pytest.approx(1.5)
    assert out.loc["r2", "unrelated_variety"] == pytest.approx(1.0)
    assert out.loc["r2", "related_variety"] == pytest.approx(0.5)
    # national shares (75, 75, 50) / 200: Krugman of r1 = |.5-.375|·2 + |0-.25| = .5
    assert out.loc["r1", "krugman"] == pytest.approx(0.5)


def test_structure_indices_are_missing_where_a_partition_cell_is_suppressed():
    v = pd.DataFrame({"a": [50.0, np.nan], "b": [50.0, 30.0]}, index=["r1", "r2"])
    m = sp.IndustryMatrix(v, pd.Series([100.0, 60.0], index=["r1", "r2"]), partition=("a", "b"))
    out = sp.structure_indices(m)
    assert np.isnan(out.loc["r2", "hhi"]) and out.loc["r2", "missing"] == "a"
    assert out.loc["r1", "missing"] == ""


def test_structure_indices_refused_without_a_partition():
    with pytest.raises(DataError, match="exhaust the total"):
        sp.structure_indices(sp.industry_matrix(bundled(), "sido", 2022))


def test_partition_that_does_not_add_up_is_refused():
    v = pd.DataFrame({"a": [50.0], "b": [30.0]}, index=["r1"])
    m = sp.IndustryMatrix(v, pd.Series([100.0], index=["r1"]), partition=("a", "b"), set_name="x")
    with pytest.raises(DataError, match="do not add up"):
        sp._check_partition(m)


def test_shift_share_hand_computed():
    idx = ["r1", "r2"]
    m0 = sp.IndustryMatrix(pd.DataFrame({"i": [10.0, 30.0], "j": [40.0, 20.0]}, index=idx),
                           pd.Series([50.0, 50.0], index=idx), year=1, level="x")
    m1 = sp.IndustryMatrix(pd.DataFrame({"i": [20.0, 30.0], "j": [40.0, 30.0]}, index=idx),
                           pd.Series([60.0, 60.0], index=idx), year=2, level="x")
    ss = sp.shift_share(m0, m1)
    g, gi = 120 / 100 - 1, 50 / 40 - 1
    cell = ss.cells.loc[("r1", "i")]
    assert ss.national_growth == pytest.approx(g)
    assert cell["national"] == pytest.approx(10 * g)
    assert cell["industry_mix"] == pytest.approx(10 * (gi - g))
    assert cell["competitive"] == pytest.approx(10 * (1.0 - gi))


@pytest.mark.parametrize(("y0", "y1"), [(2013, 2023), (2010, 2012), (2017, 2022), (2010, 2022)])
def test_shift_share_identity_on_bundled_sido_data(y0, y1):
    m0, m1 = sp.industry_matrix(bundled(), "sido", y0), sp.industry_matrix(bundled(), "sido", y1)
    moved = territory.changed("sido", m0.totals.index, m1.totals.index)  # Sejong, Chungnam, Chungbuk across 2013
    assert bool(moved) == (y0 < 2013 <= y1)
    regions = [c for c in m0.totals.index.intersection(m1.totals.index) if c not in moved]
    ss = sp.shift_share(m0, m1, regions=regions)
    c = ss.cells.dropna()
    assert len(c) == len(regions) * m0.values.shape[1]
    components = c["national"] + c["industry_mix"] + c["competitive"]
    np.testing.assert_allclose(components, c["end"] - c["start"], rtol=1e-12, atol=1e-6)
    # national growth equals the published national total's growth, also across Sejong's creation (2010→2022)
    total = "gva_total_basic_prices_nominal_b2020"
    nat = bundled().get(total, "national", y1).iloc[0] / bundled().get(total, "national", y0).iloc[0] - 1
    assert ss.national_growth == pytest.approx(nat, rel=1e-6)
    for ind in ("gva_manufacturing_nominal_b2020", "gva_services_nominal_b2020"):
        pub = bundled().get(ind, "national", y1).iloc[0] / bundled().get(ind, "national", y0).iloc[0] - 1
        assert ss.industry_growth[ind] == pytest.approx(pub, rel=1e-6)
    # the components are not residuals: competitive effects of an industry sum to zero over the whole country
    if len(regions) == len(m0.totals.index.union(m1.totals.index)):
        np.testing.assert_allclose(c["competitive"].groupby(level="industry").sum(), 0.0, atol=1e-3)


def test_shift_share_refuses_breaks_bases_and_order():
    m10, m22 = sp.industry_matrix(bundled(), "sido", 2010), sp.industry_matrix(bundled(), "sido", 2022)
    with pytest.raises(DataError, match="territory of 44"):
        sp.shift_share(m10, m22, regions=["44"])
    with pytest.raises(DataError, match="before the end year"):
        sp.shift_share(m22, m10)
    other = sp.IndustryMatrix(m22.values, m22.totals, year=2023, level="sido", set_name="sigungu_b2015",
                              base_year="2015")
    with pytest.raises(DataError, match="different base years are not comparable"):
        sp.shift_share(m10, other)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_peer_distances_symmetric_and_peers_never_include_the_region():
    m = sp.industry_matrix(bundled(), "sido", 2022)
    f = sp.peer_features(m)
    d = sp.peer_distances(f)
    np.testing.assert_allclose(d.to_numpy(), d.to_numpy().T)
    assert np.allclose(np.diag(d.to_numpy()), 0)
    for code in f.index:
        res = sp.peers(f, code, n=3)
        assert code not in res.peers.index
        for peer, row in res.peers.iterrows():  # symmetry: the peer sees the region at the same distance
            back = sp.peers(f, peer, n=len(f) - 1).peers
            assert back.at[code, "distance"] == pytest.approx(row["distance"])


def test_peer_reasons_are_the_closest_variables_and_weights_are_visible():
    # a and b both stand out low in u (far below c, d); in v, a is low and b is high
    f = pd.DataFrame({"u": [0.0, 0.1, 5.0, 5.2], "v": [0.0, 9.0, 4.0, 4.5]}, index=list("abcd"))
    res = sp.peers(f, "a", n=3, weights={"v": 2.0})
    assert res.weights == {"u": 1.0, "v": 2.0}
    reasons = res.peers.loc["b", "reasons"]
    assert [r["variable"] for r in reasons] == ["u", "v"]  # the shared trait first, then the gap
    assert reasons[0]["value"] == 0.0 and reasons[0]["peer_value"] == 0.1
    with pytest.raises(DataError, match="unknown variables"):
        sp.peers(f, "a", weights={"w": 1.0})


def test_peer_exclusions():
    m = sp.industry_matrix(bundled(), "sido", 2022)
    f = sp.peer_features(m)
    groups = regions.region_groups().set_index("sido_code")
    cap = groups["capital_region"]
    res = sp.peers(f, "28", n=16, capital=cap, exclude_capital=True)
    assert not set(res.peers.index) & {"11", "28", "41"}
    assert res.excluded == ("capital_region",)
    with pytest.raises(DataError, match="needs the capital-region flag"):
        sp.peers(f, "28", exclude_capital=True)


def test_clustered_specialisation_is_the_lisa_of_the_lq():
    from analysis import spatial

    lq = sp.location_quotients(sp.industry_matrix(bundled(), "sido", 2022))["gva_petro_chemical_mfg_nominal_b2020"]
    res = sp.clustered_specialisation(lq, "sido", permutations=99, seed=1)
    direct = spatial.local_moran(lq.rename(res.x), spatial.weights_for_level("sido"), permutations=99, seed=1)
    pd.testing.assert_frame_equal(res.table, direct.table.loc[res.table.index])
    with pytest.raises(DataError, match="valid: lisa, gi"):
        sp.clustered_specialisation(lq, "sido", statistic="moran")


def test_industry_sets_file_is_sourced_and_consistent():
    df = pd.read_csv(sp.INDUSTRY_GROUPS_CSV, dtype=str, keep_default_na=False)
    assert (df["rationale"].str.len() > 10).all()
    cat = indicators.load_catalogue()
    for name, s in sp.industry_sets().items():
        assert s.total in cat.index and all(i in cat.index for i in s.industries), name
        assert cat.loc[list(s.industries), "base_year"].eq(s.base_year).all()
        assert set(s.partition) <= set(s.industries)
        assert all(s.groups[i] for i in s.partition)


# ---------------------------------------------------------------------------------------------------------
# si-gun-gu, 2015 base (16 industries, suppressed mining / utilities cells, Sejong left out)
# ---------------------------------------------------------------------------------------------------------
def test_sigungu_partition_is_exhaustive_and_suppressed_cells_stay_missing():
    m = sp.industry_matrix(bundled(), "sigungu", 2020)
    assert len(m.partition) == 16 and m.values.shape == (228, 16)
    part = m.values[list(m.partition)]
    full = part.notna().all(axis=1)
    assert (part[full].sum(axis=1) - m.totals[full]).abs().max() <= 3  # the package's rounding
    lq = sp.location_quotients(m)
    mining = "gva_mining_quarrying_nominal_b2015"
    suppressed = m.values.index[m.values[mining].isna()]
    assert len(suppressed) > 0 and lq.loc[suppressed, mining].isna().all()
    # the national reference of a suppressed industry is its share over the units that publish it
    pub = m.values[mining].notna()
    assert sp.national_shares(m)[mining] == pytest.approx(m.values.loc[pub, mining].sum() / m.totals[pub].sum())
    idx = sp.structure_indices(m)
    assert idx.loc[suppressed, "hhi"].isna().all()
    ok = idx["missing"].eq("") & idx["negative"].eq("")
    np.testing.assert_allclose(idx.loc[ok, "entropy"], idx.loc[ok, "unrelated_variety"] + idx.loc[ok, "related_variety"])
    assert ((idx.loc[ok, "hhi"] > 0) & (idx.loc[ok, "hhi"] <= 1) & (idx.loc[ok, "krugman"] <= 2)).all()


def test_sigungu_shift_share_identity_2015_2020():
    m0, m1 = sp.industry_matrix(bundled(), "sigungu", 2015), sp.industry_matrix(bundled(), "sigungu", 2020)
    ss = sp.shift_share(m0, m1)
    c = ss.cells.dropna()
    assert len(c) > 228 * 14
    np.testing.assert_allclose(c["national"] + c["industry_mix"] + c["competitive"], c["end"] - c["start"],
                               rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(c["competitive"].groupby(level="industry").sum(), 0.0, atol=1e-3)
    # a region without a suppressed cell: its totals describe its whole economy (industry sum = total ± rounding)
    t = ss.totals[ss.totals["missing"] == ""]
    gap = (t["change"] - (m1.totals - m0.totals).reindex(t.index)).abs()
    assert ss.exhaustive and gap.max() <= 6


def test_sigungu_shift_share_refuses_mixing_with_the_sido_2020_base():
    with pytest.raises(DataError, match="different base years are not comparable"):
        sp.shift_share(sp.industry_matrix(bundled(), "sigungu", 2015), sp.industry_matrix(bundled(), "sido", 2022))


@pytest.mark.slow  # > 0.6 s in make check
def test_a_series_break_in_the_store_refuses_the_profiles_shift_share():
    """The profile reads everything from the store it is given and obeys its breaks unconditionally."""
    from dataclasses import replace

    from analysis.region_profile import region_profile

    s = bundled()
    row = {"indicator_id": "gva_education_nominal_b2015", "break_year": 2020, "reason_ko": "2020년 단절",
           "reason_en": "a break in 2020", "source_id": "test"}
    broken = replace(s, breaks=pd.concat([s.breaks, pd.DataFrame([row])], ignore_index=True), _memo={})
    with pytest.raises(DataError, match="a break in 2020"):  # asked for across the break: refused
        region_profile(broken, "31200", "sigungu", 2020, 2015, permutations=9)
    prof = region_profile(broken, "31200", "sigungu", 2020, permutations=9)  # by default: no year across it
    assert prof.shift_share is None and "breaks in 2020 (a break in 2020)" in prof.shift_share_note
    assert region_profile(s, "31200", "sigungu", 2020, permutations=9).shift_share["year0"] == 2015


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_sigungu_peer_symmetry_with_suppressed_cells():
    m = sp.industry_matrix(bundled(), "sigungu", 2020)
    f = sp.peer_features(m, pd.DataFrame({"gva_per_capita_b2015": bundled().get("gva_per_capita_b2015", "sigungu",
                                                                                   2020)}))
    assert f.isna().any().any()  # suppressed mining / utilities shares are compared only where both have them
    d = sp.peer_distances(f)
    np.testing.assert_allclose(d.to_numpy(), d.to_numpy().T)
    for code in ("31200", "41590", "11680"):
        res = sp.peers(f, code, n=5)
        assert code not in res.peers.index
        for peer, row in res.peers.iterrows():
            back = sp.peers(f, peer, n=len(f) - 1).peers
            assert back.at[code, "distance"] == pytest.approx(row["distance"])
            assert row["n_variables"] == int(f.loc[[code, peer]].notna().all().sum())
