"""The command line against the library-import floor (issue 28): ``--help``, an argument error, ``summary`` at
si-gun-gu and ``trend`` at sido over all comparable years.

The floor is ``python -c "import geopandas, esda, libpysal.graph, pandas"``: what any command that computes
something must load. Every command runs in a fresh process (``python -m analysis …``, the installed
environment, numba present), the cases interleaved round by round (floor, help, error, summary, trend, floor …)
so that a burst of load from other jobs on the shared machine falls on all of them; each row gives the median
wall time and the spread, the floor's median of the same run as baseline, and the peak RSS of the process.
Targets (value / floor): ``--help`` ≤ 0.5, ``summary`` ≤ 1.5, ``trend`` ≤ 2 (ratio column = floor / value:
≥ 2, ≥ 0.67, ≥ 0.5). The first round also reports which numerical or drawing libraries ``--help`` and the
argument error imported (none is the rule).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import Report

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = int(os.environ.get("RIES_BENCH_CLI_ROUNDS", "5"))

FLOOR = [sys.executable, "-c", "import geopandas, esda, libpysal.graph, pandas"]
CLI = [sys.executable, "-m", "analysis"]
SUMMARY = ["summary", "--level", "sigungu", "--x", "gva_prof_business_services_nominal_b2015",
           "--y", "gva_manufacturing_nominal_b2015", "--json"]
TREND = ["trend", "--level", "sido", "--x", "gva_prof_sci_tech_services_nominal_b2020",
         "--y", "gva_manufacturing_nominal_b2020", "--json"]
CASES: dict[str, list[str]] = {
    "floor": FLOOR,
    "help": [*CLI, "--help"],
    "argument error": [*CLI, "summary", "--level", "nowhere", "--x", "a", "--y", "b"],
    "summary": [*CLI, *SUMMARY],
    "trend": [*CLI, *TREND],
}
TARGETS = {"help": 0.5, "argument error": 0.5, "summary": 1.5, "trend": 2.0}
HEAVY = ("numpy", "pandas", "geopandas", "shapely", "scipy", "esda", "libpysal", "numba", "mapclassify",
         "matplotlib", "folium", "pyarrow", "sklearn", "streamlit")

_PROBE = """
import runpy, sys
sys.argv = ["analysis", *sys.argv[1:]]
try:
    runpy.run_module("analysis", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(%r))
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


def _run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of one fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return took, usage.ru_maxrss / 1024, proc.returncode


def _heavy_imports(args: list[str]) -> str:
    """The numerical or drawing libraries a CLI invocation imported (names of top-level packages)."""
    out = subprocess.run([sys.executable, "-c", _PROBE % (HEAVY,), *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    line = [x for x in out.stderr.splitlines() if x.startswith("HEAVY:")]
    return line[-1].removeprefix("HEAVY:") if line else "?"


def run(report: Report) -> None:
    """Interleaved rounds of every case; one row per case against the floor of the same run."""
    times: dict[str, list[float]] = {k: [] for k in CASES}
    rss: dict[str, list[float]] = {k: [] for k in CASES}
    codes: dict[str, set[int]] = {k: set() for k in CASES}
    for _ in range(1 + ROUNDS):  # the first round warms the disk caches (numba's, the page cache) and is dropped
        for name, cmd in CASES.items():
            took, mb, code = _run(cmd)
            times[name].append(took)
            rss[name].append(mb)
            codes[name].add(code)
    for name in CASES:
        times[name], rss[name] = times[name][1:], rss[name][1:]
    floor = statistics.median(times["floor"])
    imported = {name: _heavy_imports(CASES[name][3:]) for name in ("help", "argument error")}
    report.add("floor: python -c 'import geopandas, esda, libpysal.graph, pandas'", floor, "s",
               note=f"median of {ROUNDS} ({min(times['floor']):.2f}–{max(times['floor']):.2f} s); peak RSS "
                    f"{statistics.median(rss['floor']):.0f} MB")
    for name in ("help", "argument error", "summary", "trend"):
        value = statistics.median(times[name])
        what = {"help": "python -m analysis --help",
                "argument error": "python -m analysis summary --level nowhere (exit 2)",
                "summary": "python -m analysis summary --level sigungu (2015-base pair, 999 permutations) --json",
                "trend": "python -m analysis trend --level sido (all comparable years, 999 permutations) --json"}[name]
        extra = f"; imported: {imported[name] or 'no numerical or drawing library'}" if name in imported else ""
        report.add(what, value, "s", baseline=floor,
                   note=f"{value / floor:.2f}× the floor (target ≤ {TARGETS[name]}×, ratio ≥ "
                        f"{1 / TARGETS[name]:.2f}); median of {ROUNDS} ({min(times[name]):.2f}–{max(times[name]):.2f} s)"
                        f"; peak RSS {statistics.median(rss[name]):.0f} MB; exit {sorted(codes[name])}{extra}")
