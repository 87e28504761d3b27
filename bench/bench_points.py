"""Point aggregation to eup-myeon-dong: the in-process GeoPandas engine against Dask (``analysis.aggregate``).

Points are generated at bench time in a temporary folder (never committed): 90 % scattered around random
eup-myeon-dong (Gaussian, ~1 km), 10 % uniform over Korea's bounding box (many at sea), with an integer
``employees`` column and a four-value ``ksic`` category. They are written as a GeoParquet folder ordered along a
Hilbert curve (files of 250,000 rows), the layout the Dask engine reads partitioned. Each engine runs in a fresh
subprocess whose process tree (Dask workers included) is sampled for peak memory; wall time covers reading the
folder, starting the local cluster and the join. Baseline of the Dask rows: the GeoPandas engine in the same run.

Sizes: ``RIES_BENCH_POINTS`` (comma-separated, default ``1000000,3000000``, which keeps ``make bench`` within
minutes; ``RIES_BENCH_POINTS=10000000`` took 10 minutes on the shared 2-core machine and needs ~9 GB for the
in-process engine). Worker processes are measured against
threads at the first size only (when it is at most 1M).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
FILE_ROWS = 250_000


def generate(n: int, folder: Path, seed: int = 19) -> Path:
    """Write ``n`` synthetic points as a Hilbert-ordered GeoParquet folder; return the folder."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    from geo.boundaries import load_boundaries

    rng = np.random.default_rng(seed)
    emd = load_boundaries("emd", resolution="web")
    anchors = emd.geometry.to_crs(5179).representative_point().to_crs(4326)
    ax, ay = anchors.x.to_numpy(), anchors.y.to_numpy()
    n_near = int(n * 0.9)
    pick = rng.integers(0, len(ax), n_near)
    lon = np.concatenate([ax[pick] + rng.normal(0, 0.01, n_near), rng.uniform(124.5, 131.9, n - n_near)])
    lat = np.concatenate([ay[pick] + rng.normal(0, 0.009, n_near), rng.uniform(33.1, 38.6, n - n_near)])
    geom = gpd.GeoSeries(shapely.points(lon, lat), crs=4326)
    order = np.argsort(geom.hilbert_distance(total_bounds=(124.0, 33.0, 132.0, 39.0)).to_numpy(), kind="stable")
    frame = gpd.GeoDataFrame({
        "employees": rng.integers(1, 300, n)[order],
        "ksic": np.array(["C10", "C20", "C26", "J62"])[rng.integers(0, 4, n)][order],
    }, geometry=geom.values[order], crs=4326)
    out = folder / f"points_{n}"
    out.mkdir(parents=True, exist_ok=True)
    for i, start in enumerate(range(0, n, FILE_ROWS)):
        frame.iloc[start:start + FILE_ROWS].to_parquet(out / f"part.{i:04d}.parquet", index=False)
    del frame, geom, pd
    return out


def _child(path: str, engine: str, processes: bool) -> None:
    """Run one aggregation (in a fresh process) and print timing and a checksum as JSON."""
    from analysis.aggregate import aggregate
    from ingest.points import open_parquet

    t0 = time.perf_counter()
    r = aggregate(open_parquet(path), "emd", sum_columns=["employees"], by="ksic", engine=engine,
                  processes=processes)
    elapsed = time.perf_counter() - t0
    table_hash = int(__import__("pandas").util.hash_pandas_object(r.table, index=False).sum() % (1 << 62))
    outside_hash = int(r.outside["row"].sum())
    print(json.dumps({"elapsed": elapsed, "rows": r.n_rows, "assigned": r.n_assigned, "outside": r.n_outside,
                      "bad": r.n_bad, "hash": table_hash, "outside_rows": outside_hash}))


def _measure(path: Path, engine: str, processes: bool = True) -> dict:
    """Run :func:`_child` in a subprocess; sample its process tree's RSS every 0.1 s for the peak."""
    import psutil

    code = f"from bench.bench_points import _child; _child({str(path)!r}, {engine!r}, {processes!r})"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            p = psutil.Process(proc.pid)
            while not stop.is_set():
                try:
                    rss = p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))
                except psutil.Error:
                    rss = 0
                peak = max(peak, rss)
                time.sleep(0.1)
        except psutil.Error:
            return

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = proc.communicate()
    stop.set()
    th.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} failed: {err[-2000:]}")
    res = json.loads(out.strip().splitlines()[-1])
    res["peak_mb"] = peak / 1e6
    return res


def run(report) -> None:
    """Points per second, peak memory and the engine ratio, for each size."""
    sizes = [int(s) for s in os.environ.get("RIES_BENCH_POINTS", "1000000,3000000").split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="ries_points_") as tmp:
        for n in sizes:
            t0 = time.perf_counter()
            path = generate(n, Path(tmp))
            print(f"generated {n:,} points in {time.perf_counter() - t0:.0f} s", flush=True)
            label = f"{n / 1e6:g}M"
            gp = _measure(path, "geopandas")
            variants = [("dask", False), ("dask", True)] if n == sizes[0] and n <= 1_000_000 else [("dask", False)]
            report.add(f"emd, {label} points: geopandas engine, wall time", gp["elapsed"], "s",
                       note="in-process; reads the GeoParquet folder whole")
            report.add(f"emd, {label} points: geopandas engine, throughput", n / gp["elapsed"], "points/s")
            report.add(f"emd, {label} points: geopandas engine, peak memory", gp["peak_mb"], "MB")
            for engine, processes in variants:
                dk = _measure(path, engine, processes)
                kind = "2 worker processes" if processes else "2 worker threads"
                same = (dk["hash"], dk["outside_rows"], dk["assigned"], dk["bad"]) == (
                    gp["hash"], gp["outside_rows"], gp["assigned"], gp["bad"])
                report.add(f"emd, {label} points: dask engine ({kind}), wall time", dk["elapsed"], "s",
                           baseline=gp["elapsed"],
                           note="LocalCluster started inside the timing; workers read the Parquet files; "
                                f"baseline = geopandas engine; per-unit results identical: {'yes' if same else 'NO'}")
                report.add(f"emd, {label} points: dask engine ({kind}), throughput", n / dk["elapsed"], "points/s")
                report.add(f"emd, {label} points: dask engine ({kind}), peak memory (client + workers)",
                           dk["peak_mb"], "MB", baseline=gp["peak_mb"], note="baseline = geopandas engine")
            report.add(f"emd, {label} points: outside every unit (at sea)", gp["outside"], "points",
                       note=f"of {n:,}; {gp['assigned']:,} assigned")
