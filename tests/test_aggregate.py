"""Points into regions: both engines against an independent point-in-polygon join, the boundary rule, exact
sums, and the rows that cannot be assigned (listed, never dropped).

The independent join walks the units in code order and tests every point inside a unit's bounding box with
``shapely.intersects_xy`` (no spatial index, no sjoin): the first unit that contains a point keeps it, which is
the stated rule (lowest code among the closed polygons containing the point).
"""

from __future__ import annotations

import math
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from analysis import aggregate as ag
from analysis.errors import DataError, ImportFileError
from ingest import points as P


def _independent(lon: np.ndarray, lat: np.ndarray, units: gpd.GeoDataFrame) -> np.ndarray:
    """Code of each point by brute force (units in code order, first hit wins); '' outside."""
    out = np.full(len(lon), "", dtype=object)
    for code, geom in zip(units["code"], units.geometry, strict=True):
        minx, miny, maxx, maxy = geom.bounds
        cand = np.flatnonzero((out == "") & (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy))
        if len(cand):
            hit = shapely.intersects_xy(geom, lon[cand], lat[cand])
            out[cand[hit]] = code
    return out


def _shared_vertices(units: gpd.GeoDataFrame, k: int, rng) -> np.ndarray:
    """``k`` vertices that lie on the boundary of at least two units (exactly representable boundary points)."""
    coords = [set(map(tuple, shapely.get_coordinates(g.boundary))) for g in units.geometry]
    seen: dict[tuple, int] = {}
    for s in coords:
        for c in s:
            seen[c] = seen.get(c, 0) + 1
    shared = np.array([c for c, n in seen.items() if n >= 2])
    return shared[rng.choice(len(shared), size=min(k, len(shared)), replace=False)]


@pytest.fixture(scope="module")
def seoul_units() -> gpd.GeoDataFrame:
    u = ag.units_for("sigungu")
    return u


@pytest.fixture(scope="module")
def generated(seoul_units) -> tuple[P.PointTable, np.ndarray, np.ndarray]:
    """SYNTHETIC points: random over the capital region, 40 shared boundary vertices, sea, 0,0, bad rows."""
    rng = np.random.default_rng(19)
    n = 3000
    lon = rng.uniform(126.6, 127.3, n)
    lat = rng.uniform(37.3, 37.8, n)
    verts = _shared_vertices(seoul_units[seoul_units["code"].str.startswith(("11", "41"))], 40, rng)
    lon = np.concatenate([lon, verts[:, 0], [124.0, 130.5, 0.0]])
    lat = np.concatenate([lat, verts[:, 1], [36.0, 35.5, 0.0]])
    m = len(lon)
    emp = rng.integers(0, 1000, m).astype(float)
    out = rng.normal(0, 1, m) * 10.0 ** rng.integers(-3, 12, m)  # wide magnitudes: summation order matters
    frame = pd.DataFrame({
        "lon": [repr(float(v)) for v in lon], "lat": [repr(float(v)) for v in lat],
        "employees": [f"{v:.0f}" for v in emp], "output": [repr(float(v)) for v in out],
        "ksic": rng.choice(["C10", "C26", "J62"], m),
    })
    bad = pd.DataFrame({"lon": ["", "abc", "127.0", "1e400"], "lat": ["37.5", "37.5", "91", "37"],
                        "employees": ["1"] * 4, "output": ["1"] * 4, "ksic": ["C10"] * 4})
    frame = pd.concat([frame, bad], ignore_index=True)
    frame.loc[5, "employees"] = "n/a"
    table = P.PointTable(frame, "synthetic.csv", "csv", P.CoordinateSpec("lon", "lat", 4326), first_row=2)
    return table, lon, lat


def _check_against_independent(res: ag.AggregateResult, table, lon, lat, units) -> None:
    expected = _independent(lon, lat, units)
    counts = pd.Series(expected[expected != ""]).value_counts()
    got = res.table.set_index("code")["count"]
    assert got[got > 0].sort_index().to_dict() == counts.sort_index().to_dict()
    # sums: math.fsum of the same values per unit (correctly rounded, order-free)
    frame = table.frame.iloc[: len(lon)]
    out_vals = frame["output"].astype(float).to_numpy()
    for code in counts.index[:30]:
        sel = expected == code
        assert res.table.set_index("code").at[code, "sum_output"] == math.fsum(out_vals[sel])
    # the (0, 0) point is a coordinate error (a bad row), not a point at sea
    assert res.n_outside == int((expected == "").sum()) - 1 >= 2 and res.n_bad == 5
    assert res.n_assigned + res.n_outside + res.n_bad == res.n_rows == len(table.frame)


def test_geopandas_engine_matches_an_independent_join(generated, seoul_units):
    table, lon, lat = generated
    res = ag.aggregate(table, "sigungu", sum_columns=["employees", "output"], by="ksic")
    _check_against_independent(res, table, lon, lat, seoul_units)
    # bad rows keep their spreadsheet row numbers (header = row 1) and reasons
    n = len(lon)
    assert res.bad["row"].tolist() == [n + 1, n + 2, n + 3, n + 4, n + 5]
    assert res.bad["reason"].tolist() == ["zero", "missing", "not_a_number", "impossible", "impossible"]
    hints = res.outside.set_index("row")["hint"]
    assert n + 1 not in hints.index
    # the unparseable employee cell is listed and left out of that sum only
    assert res.value_problems[["row", "column", "input"]].values.tolist() == [[7, "employees", "n/a"]]
    per_cat = res.table[[f"count_ksic_{c}" for c in ("C10", "C26", "J62")]].sum(axis=1)
    assert (per_cat == res.table["count"]).all()


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_dask_engine_identical_to_geopandas_across_many_partitions(generated, seoul_units):
    table, lon, lat = generated
    base = ag.aggregate(table, "sigungu", sum_columns=["employees", "output"], by="ksic")
    res = ag.aggregate(table, "sigungu", sum_columns=["employees", "output"], by="ksic", engine="dask",
                       processes=False, partition_rows=250)
    assert res.engine == "dask"
    pd.testing.assert_frame_equal(res.table, base.table)  # bit-identical sums, whatever the partitioning
    pd.testing.assert_frame_equal(res.bad, base.bad)
    pd.testing.assert_frame_equal(res.outside, base.outside)
    pd.testing.assert_frame_equal(res.value_problems, base.value_problems)
    _check_against_independent(res, table, lon, lat, seoul_units)


def test_boundary_points_go_to_exactly_one_unit_the_lowest_code():
    """Hand-drawn 2×2 grid of unit squares (codes a<b<c<d): edges and the shared corner."""
    squares = {"a": (0, 0), "b": (1, 0), "c": (0, 1), "d": (1, 1)}
    units = gpd.GeoDataFrame({"code": list(squares)},
                             geometry=[shapely.box(x, y, x + 1, y + 1) for x, y in squares.values()], crs=4326)
    pts = pd.DataFrame({"x": [1.0, 1.0, 0.5, 1.5, 1.0, 0.5, 2.0, 3.0],
                        "y": [1.0, 0.5, 1.0, 1.0, 1.5, 0.5, 2.0, 3.0]})
    t = P.PointTable(pts, "grid", "csv", P.CoordinateSpec("x", "y", 4326))
    res = ag.aggregate(t, "sido", units=units)
    # (1,1) corner of all four → a; (1,.5) a|b → a; (.5,1) a|c → a; (1.5,1) b|d → b; (1,1.5) c|d → c;
    # (.5,.5) inside a; (2,2) outer corner of d → d; (3,3) outside
    assert res.table.set_index("code")["count"].to_dict() == {"a": 4, "b": 1, "c": 1, "d": 1}
    assert res.outside["row"].tolist() == [9]
    dk = ag.aggregate(t, "sido", units=units, engine="dask", processes=False, partition_rows=3)
    pd.testing.assert_frame_equal(dk.table, res.table)


def test_exact_sums_are_order_free():
    values = np.array([1e16, 1.0, -1e16, 0.1, 0.2, 0.3, -0.6, 3.5e-5] * 50)
    unit = np.zeros(len(values), dtype=np.int64)
    whole = ag._exact_totals(ag._exact_parts(unit, values))[0]
    chunks = pd.concat([ag._exact_parts(unit[i:i + 7], values[i:i + 7]) for i in range(0, len(values), 7)])
    assert ag._exact_totals(chunks)[0] == whole == math.fsum(values)
    assert whole != float(np.sum(values)) or whole == math.fsum(values)


def test_too_many_categories_and_unknown_columns_are_refused(generated):
    table, _, _ = generated
    with pytest.raises(ImportFileError, match="no column 'staff'"):
        ag.aggregate(table, "sido", sum_columns=["staff"])
    with pytest.raises(ImportFileError, match="distinct values"):
        ag.aggregate(table, "sido", by="output")
    with pytest.raises(DataError, match="unknown engine"):
        ag.aggregate(table, "sido", engine="spark")
    with pytest.raises(DataError, match="Dask scheduler address 'not an address': not an address"):
        ag.aggregate(table, "sido", engine="dask", scheduler="not an address")


# ---------------------------------------------------------------------------------------------------------
# Reading point files
# ---------------------------------------------------------------------------------------------------------
CITY_HALL = (126.97843, 37.56668)  # Seoul City Hall, lon/lat


def _projected(epsg: int) -> tuple[float, float]:
    from pyproj import Transformer

    return Transformer.from_crs(4326, epsg, always_xy=True).transform(*CITY_HALL)


@pytest.mark.parametrize("epsg", [5179, 5186])
def test_projected_coordinates_detected_from_ranges(epsg):
    x, y = _projected(epsg)
    t = P.read_points(f"name,X좌표,Y좌표\nhall,{x:.3f},{y:.3f}\n".encode("cp949"), "p.csv")
    assert t.coords.crs == epsg and not t.coords.swapped
    res = ag.aggregate(t, "sido")
    assert res.table.set_index("code").at["11", "count"] == 1


def test_korean_survey_xy_order_is_detected_as_swapped():
    x, y = _projected(5186)
    t = P.read_points(f"X,Y\n{y:.3f},{x:.3f}\n".encode(), "survey.csv")  # Korean survey: X = northing
    assert t.coords.swapped and t.coords.crs == 5186 and (t.coords.x, t.coords.y) == ("Y", "X")
    assert any("exchanged" in n for n in t.coords.notes)
    assert ag.aggregate(t, "sido").table.set_index("code").at["11", "count"] == 1
    kept = P.read_points(f"X,Y\n{y:.3f},{x:.3f}\n".encode(), "survey.csv", swap=False, crs=5186)
    assert not kept.coords.swapped


def test_swapped_lon_lat_columns_are_detected():
    t = P.read_points(b"lon,lat\n37.5,127.0\n36.0,128.0\n", "swapped.csv")
    assert t.coords.swapped and t.coords.x == "lat"


def test_xlsx_geojson_and_geoparquet_read_the_same_points(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["이름", "경도", "위도", "종사자수"])
    ws.append(["A", CITY_HALL[0], CITY_HALL[1], 12])
    ws.append(["B", None, 37.0, 3])
    wb.save(tmp_path / "p.xlsx")
    gdf = gpd.GeoDataFrame({"name": ["A", "B"], "종사자수": [12, 3]},
                           geometry=[shapely.Point(CITY_HALL), None], crs=4326)
    gdf.to_file(tmp_path / "p.geojson", driver="GeoJSON")
    gdf.to_crs(5179).to_parquet(tmp_path / "p.parquet")
    for name in ("p.xlsx", "p.geojson", "p.parquet"):
        t = P.read_points((tmp_path / name).read_bytes(), name)
        res = ag.aggregate(t, "sido", sum_columns=["종사자수"])
        row = res.table.set_index("code").loc["11"]
        assert (row["count"], row["sum_종사자수"]) == (1, 12.0), name
        assert res.bad["reason"].tolist() == ["missing"], name
        assert res.bad["row"].tolist() == [3 if name == "p.xlsx" else 2], name


def test_parquet_folder_read_partitioned_by_dask_equals_in_process(tmp_path):
    rng = np.random.default_rng(3)
    n = 600
    gdf = gpd.GeoDataFrame({"emp": rng.integers(1, 9, n)},
                           geometry=shapely.points(rng.uniform(126.5, 129.5, n), rng.uniform(34.5, 38.0, n)),
                           crs=4326)
    folder = tmp_path / "pts"
    folder.mkdir()
    for i in range(3):
        gdf.iloc[i * 200:(i + 1) * 200].to_crs(5179).to_parquet(folder / f"part.{i}.parquet")
    src = P.open_parquet(folder)  # UTM-K in the files: the workers transform their own partitions
    assert src.rows == n and src.coords.geometry == "geometry" and src.coords.crs == 5179
    a = ag.aggregate(src, "sido", sum_columns=["emp"])
    b = ag.aggregate(src, "sido", sum_columns=["emp"], engine="dask", processes=False)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.outside, b.outside)
    assert a.n_assigned + a.n_outside == n
    direct = ag.aggregate(P.PointTable(gdf, "mem", "parquet", P.CoordinateSpec(None, None, 4326, geometry="geometry"),
                                       first_row=1), "sido", sum_columns=["emp"])
    pd.testing.assert_frame_equal(direct.table[["code", "count"]], a.table[["code", "count"]])


@pytest.mark.parametrize(("data", "name", "match"), [
    (b"", "e.csv", "empty"),
    (b"name,value\na,1\n", "n.csv", "No coordinate columns"),
    (b"lon,lat\n5,5\n6,6\n", "far.csv", "do not look like positions in Korea"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "x.csv", "binary"),
    (b"lon,lat\n", "h.csv", "no rows"),
])
def test_bad_files_get_one_clear_message(data, name, match):
    with pytest.raises(ImportFileError, match=match):
        P.read_points(data, name)


def test_size_limit_refuses_before_parsing():
    with pytest.raises(ImportFileError, match="limit"):
        P.read_points(b"lon,lat\n127,37\n" * 10, "big.csv", max_bytes=50)


# ---------------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["geopandas", "dask"])
def test_cli_writes_table_and_reports_outside_and_bad(tmp_path, capsys, engine):
    from cli import main

    src = tmp_path / "plants.csv"
    src.write_text("name,lon,lat,emp\nA,126.97843,37.56668,10\nB,129.0756,35.1796,5\nsea,124.0,36.0,1\n"
                   "bad,,37,1\nevil,=HYPERLINK(\"x\"),37,1\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["aggregate", str(src), "--level", "sido", "--sum", "emp", "--engine", engine, "--out", str(out),
            "--report", str(tmp_path / "rep.csv")]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "outside every unit (at sea, abroad): 1" in text
    assert "bad coordinates: 2 (missing 1, not_a_number 1)" in text
    table = pd.read_csv(out, dtype={"code": str})
    assert list(table.columns) == ["code", "count", "sum_emp"]
    assert table.set_index("code").loc[["11", "26"], "count"].tolist() == [1, 1]
    assert len(table) == 17
    rep = pd.read_csv(tmp_path / "rep.csv", dtype=str, keep_default_na=False)
    assert rep["row"].tolist() == ["4", "5", "6"]
    assert rep.loc[2, "input_x"] == "'=HYPERLINK(\"x\")"  # inert in a spreadsheet


def test_cli_error_is_one_line(tmp_path, capsys):
    from cli import main

    f = tmp_path / "x.csv"
    f.write_text("a,b\n1,2\n")
    assert main(["aggregate", str(f), "--level", "sido", "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: No coordinate columns") and err.count("\n") == 1


def test_cli_runs_on_an_existing_cluster_given_by_address(tmp_path, capsys, monkeypatch):
    """--scheduler and RIES_DASK_SCHEDULER reach a running cluster (here a loopback one started by the test)."""
    from distributed import LocalCluster

    from cli import main

    src = tmp_path / "plants.csv"
    src.write_text("lon,lat,emp\n126.97843,37.56668,10\n129.0756,35.1796,5\n124.0,36.0,1\n", encoding="utf-8")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        outs = []
        for how in ("flag", "env"):
            out = tmp_path / f"{how}.csv"
            args = ["aggregate", str(src), "--level", "sido", "--sum", "emp", "--engine", "dask", "--out", str(out)]
            if how == "flag":
                args += ["--scheduler", cluster.scheduler_address]
            else:
                monkeypatch.setenv(ag.SCHEDULER_ENV, cluster.scheduler_address)
            assert main(args) == 0
            outs.append(pd.read_csv(out, dtype={"code": str}))
        assert cluster.scheduler.transition_counter > 0  # the work ran on that cluster, not a private one
    pd.testing.assert_frame_equal(outs[0], outs[1])
    assert outs[0].set_index("code").at["26", "sum_emp"] == 5
    assert "outside every unit (at sea, abroad): 1" in capsys.readouterr().out


@pytest.mark.slow
def test_dask_worker_processes_give_the_same_table(generated, monkeypatch):
    # spawned workers re-import the parent's __main__ from its file; after an AppTest in the same pytest process
    # that is app.py (Streamlit's script runner leaves it there), which fails outside Streamlit
    import types

    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    table, _, _ = generated
    base = ag.aggregate(table, "sido", sum_columns=["output"], by="ksic")
    res = ag.aggregate(table, "sido", sum_columns=["output"], by="ksic", engine="dask", processes=True,
                       partition_rows=700)
    pd.testing.assert_frame_equal(res.table, base.table)
    pd.testing.assert_frame_equal(res.outside, base.outside)


@pytest.mark.parametrize("engine", ["geopandas", "dask"])
def test_cli_counts_equal_the_independent_join(generated, seoul_units, tmp_path, capsys, engine):
    """The issue's acceptance check: the command line, either engine, on generated points with boundary
    vertices, sea points and bad rows, gives the brute-force join's counts and reports the rest."""
    from cli import main

    table, lon, lat = generated
    src = tmp_path / "generated.csv"
    table.frame.to_csv(src, index=False)
    out = tmp_path / "out.csv"
    assert main(["aggregate", str(src), "--level", "sigungu", "--engine", engine, "--out", str(out)]) == 0
    expected = _independent(lon, lat, seoul_units)
    got = pd.read_csv(out, dtype={"code": str}).set_index("code")["count"]
    assert got[got > 0].sort_index().to_dict() == pd.Series(expected[expected != ""]).value_counts().sort_index().to_dict()
    text = capsys.readouterr().out
    assert f"outside every unit (at sea, abroad): {int((expected == '').sum()) - 1}" in text
    line = next(ln for ln in text.splitlines() if ln.startswith("bad coordinates: "))
    assert line.startswith("bad coordinates: 5 (")
    assert {"zero 1", "missing 1", "not_a_number 1", "impossible 2"} == set(line[line.index("(") + 1:-1].split(", "))
