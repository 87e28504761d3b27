"""Resolver speed: a 5,000-row KOSIS-like region column through geo.codes.resolve_many."""

from __future__ import annotations

import time

import pandas as pd

from geo import codes


def _column(index: codes.CodeIndex, n: int = 5000) -> list[object]:
    sig = [u.display for u in index.units["sigungu"].values()]
    codes_ = list(index.units["sigungu"])
    emd = [u.display for u in list(index.units["emd"].values())[:500]]
    pool = sig + codes_ + emd + ["강원도", "전라북도", 47720, "41192", "중구", "없는동네", "전국"]
    return [pool[i % len(pool)] for i in range(n)]


def run(report) -> None:
    """Time index build and resolve_many on 5,000 rows (cold = empty caches, warm = cached index)."""
    codes.clear_cache()
    t = time.perf_counter()
    index = codes.default_index()
    report.add("index build (read parquet attributes + name index)", (time.perf_counter() - t) * 1000, "ms")
    values = _column(index)
    t = time.perf_counter()
    out = codes.resolve_many(values)
    cold = time.perf_counter() - t
    report.add("resolve_many 5,000 rows, cold", cold * 1000, "ms",
               note=f"{pd.Series(values).astype(str).nunique()} distinct values")
    t = time.perf_counter()
    codes.resolve_many(values)
    report.add("resolve_many 5,000 rows, warm", (time.perf_counter() - t) * 1000, "ms")
    t = time.perf_counter()
    for v in values[:500]:
        codes.CodeIndex.resolve(index, v)
    report.add("resolve one by one (500 rows, warm)", (time.perf_counter() - t) * 1000, "ms")
    report.add("matched share of the bench column", float((out["status"] != "unmatched").mean()) * 100, "%")
