"""Importer throughput on generated long tables (SYNTHETIC figures; real eup-myeon-dong codes of the bundle).

* ``emd 5,025 × 25 years``: 5,025 eup-myeon-dong × 25 years × 10 indicator columns (125,625 rows, ~10 MB), the
  table of issue 20;
* ``emd 5,025 × 115 years``: the same units × 115 years (577,875 rows, ~48 MB), just under the 50 MB limit.

Each measurement runs in a fresh Python process (so peak memory is that operation's own): the process loads
pandas and the code index first (as the app has them loaded), records its resident memory, then either imports the
file with :func:`ingest.importer.import_file` or reads it with ``pandas.read_csv``; it reports the wall time and
the peak resident memory above the starting point. The two run alternately :data:`ROUNDS` times and each row
keeps the best time of its rounds (the machine is shared: a round that another process slowed says nothing about
the code) and the highest peak memory. The ratio column is read_csv / import (below 1: slower).
Aim (issues 20, 27): import time (the marginal time: modules and code index already loaded) within 30× of
read_csv, import peak memory below 1 GB.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from geo import codes

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
import io
import pandas as pd
from ingest.importer import import_file
from geo import codes
codes.default_index()
data = open({path!r}, "rb").read()

def rss_mb():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 1024 / 1024

before = rss_mb()
t = time.perf_counter()
if {what!r} == "import":
    res = import_file(data, "bench.csv")
    n = len(res.values)
else:
    n = pd.read_csv(io.BytesIO(data)).size
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
if {what!r} == "import":
    import_file(data, "bench.csv")
else:
    pd.read_csv(io.BytesIO(data))
again = time.perf_counter() - t
print(json.dumps({{"time": elapsed, "again": again, "peak": peak, "before": before, "n": n}}))
"""


def make_long_table(years: int, seed: int = 0) -> bytes:
    """A long CSV: 행정구역코드, 시점 and 10 indicator columns, one row per eup-myeon-dong and year."""
    idx = codes.default_index()
    emd = np.array(sorted(idx.units["emd"]))
    rng = np.random.default_rng(seed)
    n = len(emd) * years
    frame = pd.DataFrame({"행정구역코드": np.repeat(emd, years),
                          "시점": np.tile(np.arange(2024 - years + 1, 2025), len(emd))})
    for k in range(10):
        frame[f"지표{k + 1} (명)"] = rng.integers(0, 1_000_000, n)
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8")


def _child(path: Path, what: str) -> dict:
    code = _CHILD.format(root=str(ROOT), path=str(path), what=what)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


ROUNDS = 3
"""Alternating rounds of read_csv and import per table (fresh processes each)."""


def _best(runs: list[dict]) -> dict:
    """The best time and repeat time of the rounds, and the highest peak memory above the start."""
    worst = max(runs, key=lambda r: r["peak"] - r["before"])
    return {"time": min(r["time"] for r in runs), "again": min(r["again"] for r in runs),
            "peak": worst["peak"], "before": worst["before"], "n": runs[0]["n"],
            "times": [r["time"] for r in runs]}


def run(report) -> None:
    """Import the two generated tables and compare with pandas.read_csv of the same bytes, each in a fresh process."""
    n_emd = len(codes.default_index().units["emd"])
    for years in (25, 115):
        label = f"emd {n_emd:,} × {years} years × 10 columns"
        data = make_long_table(years)
        size = len(data) / 1024 / 1024
        bases, imps = [], []
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.csv"
            path.write_bytes(data)
            for _ in range(ROUNDS):
                bases.append(_child(path, "read_csv"))
                imps.append(_child(path, "import"))
        base, imp = _best(bases), _best(imps)
        assert imp["n"] == 10 * n_emd * years
        note = (f"{size:.1f} MB CSV, {n_emd * years:,} rows; baseline = pandas.read_csv of the same bytes; "
                f"fresh process each, best of {ROUNDS} alternating rounds (import "
                f"{', '.join(f'{t:.2f}' for t in imp['times'])} s; read_csv "
                f"{', '.join(f'{t:.3f}' for t in base['times'])} s)")
        report.add(f"import {label}: first import", imp["time"], "s", base["time"],
                   note + f"; import = {imp['time'] / base['time']:.0f}× read_csv (aim ≤ 30×)")
        report.add(f"import {label}: repeat import (resolver cache warm)", imp["again"], "s", base["again"],
                   f"import = {imp['again'] / base['again']:.0f}× read_csv")
        report.add(f"import {label}: peak memory above start", imp["peak"] - imp["before"], "MB",
                   base["peak"] - base["before"],
                   f"peak RSS {imp['peak']:.0f} MB (read_csv {base['peak']:.0f} MB); aim < 1,024 MB")
