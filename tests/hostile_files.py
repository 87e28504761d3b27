"""Hostile point files, generated (SYNTHETIC positions and values; nothing here comes from a real register).

Shared by the command-line tests (``tests/test_hostile_cli.py``) and the Chromium tests of the points page
(``tests/test_hostile_points_browser.py``): each entry is a file a person could hand the atlas by mistake or on
purpose, with what should happen — a refusal (one sentence) or a count with the rows left out listed.
"""

from __future__ import annotations

import io
import json

import numpy as np

SEOUL = (126.97843, 37.56668)  # Seoul City Hall (lon, lat)


def _geo(frame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf)
    return buf.getvalue()


def _points(n: int = 3):
    import geopandas as gpd
    import shapely

    lon = np.linspace(126.95, 127.05, n)
    lat = np.linspace(37.52, 37.60, n)
    return gpd.GeoDataFrame({"emp": np.arange(1, n + 1)}, geometry=shapely.points(lon, lat), crs=4326)


def _with_geo(data: bytes, geo: bytes) -> bytes:
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(data))
    meta = dict(table.schema.metadata or {})
    meta[b"geo"] = geo
    buf = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), buf)
    return buf.getvalue()


def corrupt_parquet() -> bytes:
    """A GeoParquet whose data pages are overwritten in the middle (the footer still reads)."""
    data = bytearray(_geo(_points(2000)))
    mid = len(data) // 3
    data[mid:mid + 64] = bytes(b ^ 0xFF for b in data[mid:mid + 64])
    return bytes(data)


def expanding_parquet(rows: int = 1_000_000, chars: int = 5_000) -> bytes:
    """~17 KB of Parquet whose text column, decoded, is rows × chars characters (5 GB by default): two values,
    dictionary-encoded, stored as plain strings (no Arrow schema in the file)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    codes = pa.array((np.arange(rows) % 2).astype(np.int32))
    text = pa.DictionaryArray.from_arrays(codes, pa.array(["A" * chars, "B" * chars]))
    table = pa.table({"lon": np.full(rows, SEOUL[0]), "lat": np.full(rows, SEOUL[1]), "kind": text})
    buf = io.BytesIO()
    pq.write_table(table, buf, store_schema=False)
    return buf.getvalue()


def files() -> dict[str, tuple[str, bytes, str]]:
    """Case → (file name, bytes, expected: ``"refused"`` or ``"counted"``)."""
    import geopandas as gpd
    import shapely

    ok = _geo(_points())
    polygons = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.box(126.9, 37.5, 127.0, 37.6)], crs=4326)
    huge = "1" + "0" * 400
    return {
        "sum beyond the float range": ("huge.csv", f"lon,lat,emp\n{SEOUL[0]},{SEOUL[1]},1.7e308\n{SEOUL[0]},"
                                                   f"{SEOUL[1]},1.7e308\n127.0,37.5,{huge}\n".encode(), "counted"),
        "every point at sea": ("sea.csv", b"lon,lat\n125.0,35.0\n125.1,35.1\n125.2,35.2\n", "counted"),
        "one distinct value": ("one.csv", f"lon,lat\n{SEOUL[0]},{SEOUL[1]}\n".encode(), "counted"),
        "corrupt page": ("corrupt.parquet", corrupt_parquet(), "refused"),
        "geo metadata not JSON": ("nojson.parquet", _with_geo(ok, b"{not json"), "refused"),
        "geo metadata without its column": ("nocol.parquet", _with_geo(ok, json.dumps(
            {"version": "1.0.0", "primary_column": "shape", "columns": {"shape": {"encoding": "WKB"}}}).encode()),
            "refused"),
        "geo metadata with a bad encoding": ("badenc.parquet", _with_geo(ok, json.dumps(
            {"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": {"encoding": "weird"}}})
            .encode()), "refused"),
        "geo metadata with a bad CRS": ("badcrs.parquet", _with_geo(ok, json.dumps(
            {"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": {
                "encoding": "WKB", "crs": "garbage"}}}).encode()), "refused"),
        "polygons only (GeoParquet)": ("polygons.parquet", _geo(polygons), "refused"),
        "polygons only (GeoJSON)": ("polygons.geojson", polygons.to_json().encode(), "refused"),
    }
