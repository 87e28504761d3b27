"""Heavy and hostile uploads (issues 30, 31): the server's memory before, at the peak and 60 s after, other
sessions' first map meanwhile; and the command line's refusals of a silent scheduler and an expanding Parquet.

Page (``python -m ui.serve`` on loopback, as ``make run``; one headless Debian chromium):

* idle: another session B opens the atlas (``?lang=en``, the map tab) and is timed until its first map is painted
  (as :mod:`bench.bench_isolation`); the server's RSS (``/proc/<pid>/status`` VmRSS) after those loads is the
  baseline;
* one tab, then two tabs at once: session A (A1, A2) uploads the 49 MB point CSV of issue 31 (7,000,000 short
  lines ``127,37``; SYNTHETIC) on the points page and waits for its counts; B's loads run meanwhile; A's tabs are
  then closed and the RSS is read again 60 s later. RSS is sampled every 0.25 s for the peak.

The whole scenario runs ``RIES_BENCH_REPEAT`` times (default 2) on a fresh server each; rows give the median and
the spread (the machine is shared: 2 cores, other jobs). Aims (issue 31): +≤ 1 GB per upload, back within 20 % of
idle 60 s after the tabs close, other sessions ≤ 2× their idle first-map time.

Command line (each in a fresh process, wall time and its own peak RSS): ``aggregate --engine dask --scheduler``
pointed at a listener that accepts and never answers (issue 30: hung for as long as it was left), and
``aggregate --by`` on a 17 KB Parquet whose category column decodes to 5 GB (issue 30: > 60 s and > 5 GB).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from bench import bench_load
from bench.harness import Report

ROOT = Path(__file__).resolve().parents[1]
REPEAT = int(os.environ.get("RIES_BENCH_REPEAT", "2"))
AFTER_S = 60
IDLE_LOADS = 3
TIMEOUT_MS = 600_000


def point_csv(rows: int = 7_000_000, seed: int = 31) -> bytes:
    """The 49 MB point list of issue 31: ``lon,lat`` then ``rows`` short lines of whole degrees over Korea."""
    rng = np.random.default_rng(seed)
    lon = rng.integers(126, 130, rows).astype("U3")
    lat = rng.integers(35, 38, rows).astype("U2")
    lines = np.char.add(np.char.add(lon, ","), lat)
    return b"lon,lat\n" + "\n".join(lines.tolist()).encode() + b"\n"


def _start(port: int, log: Path) -> subprocess.Popen:
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.serve", "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    import urllib.request

    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited early; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError(f"the server was not healthy in 180 s; see {log}")


class _Sampler:
    """The server's RSS every 0.25 s; ``peak`` since the last ``reset``."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, bench_load._rss_mb(self.pid))
            time.sleep(0.25)

    def reset(self) -> None:
        self.peak = bench_load._rss_mb(self.pid)

    def stop(self) -> None:
        self._stop.set()


def _load(ctx, url: str) -> float:
    from bench.bench_isolation import _load as load

    return load(ctx, url)


def _upload(page, url: str, path: Path) -> None:
    page.goto(f"{url}/?tab=import&lang=en", timeout=TIMEOUT_MS)
    page.get_by_text("Points (facilities with coordinates)").click(timeout=TIMEOUT_MS)
    page.get_by_text("Choose a point file").wait_for(timeout=TIMEOUT_MS)
    page.locator("input[type=file]").set_input_files(str(path), timeout=TIMEOUT_MS)  # a local path: no copy


def _scenario(url: str, pid: int, data: Path, tabs: int, sampler: _Sampler, browser) -> dict:
    """Idle loads of B, then ``tabs`` sessions upload at once; B loads meanwhile; close; wait; RSS."""
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    _load(other, url)  # warm-up
    idle_loads = [_load(other, url) for _ in range(IDLE_LOADS)]
    time.sleep(2)
    before = bench_load._rss_mb(pid)
    sampler.reset()
    heavy = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(tabs)]
    pages = [c.new_page() for c in heavy]
    t0 = time.perf_counter()
    for p in pages:
        _upload(p, url, data)
    counted = [p.locator("[data-testid=stMetric]").nth(3) for p in pages]
    during = []
    while not all(c.count() for c in counted):
        during.append(_load(other, url))
        if time.perf_counter() - t0 > TIMEOUT_MS / 1000:
            raise RuntimeError("the uploads were not counted in time")
    took = time.perf_counter() - t0
    for c in counted:
        c.wait_for(timeout=TIMEOUT_MS)
    peak = sampler.peak
    for c in heavy:
        c.close()
    other.close()
    time.sleep(AFTER_S)
    after = bench_load._rss_mb(pid)
    return {"idle_loads": idle_loads, "before": before, "peak": peak, "after": after, "during": during,
            "took": took}


def _page_runs(data: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    runs = []
    log = ROOT / "tests" / "artifacts" / "hostile-server.log"  # git-ignored
    log.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(REPEAT):
        port = bench_load._free_port()
        proc = _start(port, log)
        sampler = _Sampler(proc.pid)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=bench_load.CHROMIUM, headless=True,
                                            args=bench_load.CHROMIUM_ARGS)
                url = f"http://127.0.0.1:{port}"
                runs.append({tabs: _scenario(url, proc.pid, data, tabs, sampler, browser) for tabs in (1, 2)})
                browser.close()
        finally:
            sampler.stop()
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return runs


def _spread(values: list[float], fmt: str = "{:,.0f}") -> str:
    return ", ".join(fmt.format(v) for v in values)


def _page_rows(report: Report, runs: list[dict], size_mb: float) -> None:
    idle_rss = [r[1]["before"] for r in runs]
    idle_load = [statistics.median(r[1]["idle_loads"]) for r in runs]
    report.add("server RSS, idle (before the uploads)", statistics.median(idle_rss), "MB",
               note=f"median of {len(runs)} fresh servers: {_spread(idle_rss)} MB")
    report.add("other session: page load to first map, idle", statistics.median(idle_load), "s",
               note=f"median of {len(runs)} runs' medians: {_spread(idle_load, '{:.2f}')} s")
    for tabs in (1, 2):
        what = f"{size_mb:.0f} MB point CSV (7M rows) in {'one tab' if tabs == 1 else 'two tabs at once'}"
        before = [r[tabs]["before"] for r in runs]
        peak = [r[tabs]["peak"] for r in runs]
        after = [r[tabs]["after"] for r in runs]
        grow = [(p - b) / tabs for p, b in zip(peak, before, strict=True)]
        back = [a / b - 1 for a, b in zip(after, idle_rss, strict=True)]
        report.add(f"{what}: server RSS peak", statistics.median(peak), "MB", statistics.median(before),
                   note=f"baseline = RSS before; +{statistics.median(grow):,.0f} MB per upload (aim ≤ 1,024); "
                        f"peaks {_spread(peak)} MB, before {_spread(before)} MB; counted in "
                        f"{_spread([r[tabs]['took'] for r in runs], '{:.0f}')} s")
        report.add(f"{what}: server RSS {AFTER_S} s after the tabs closed", statistics.median(after), "MB",
                   statistics.median(idle_rss),
                   note=f"baseline = the fresh server's idle RSS; {statistics.median(back):+.0%} of it (aim within "
                        f"±20 %): {_spread(after)} MB")
        during = [x for r in runs for x in r[tabs]["during"]]
        idle = statistics.median(idle_load)
        if during:
            report.add(f"{what}: other session's page load to first map meanwhile", statistics.median(during), "s",
                       idle, note=f"baseline = idle; {statistics.median(during) / idle:.1f}× idle (aim ≤ 2×); "
                                  f"{len(during)} loads: {_spread(sorted(during), '{:.1f}')} s")


def _cli(*argv: str) -> tuple[float, float, int, str]:
    """Wall time, own peak RSS (MB), exit code and last stderr line of ``python -m analysis`` in a fresh process."""
    with tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "analysis", *argv], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=err, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        timer = threading.Timer(600, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        took = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        last = (err.read().strip().splitlines() or [""])[-1]
    return took, usage.ru_maxrss / 1024, proc.returncode, last


def _cli_rows(report: Report) -> None:
    from tests import hostile_files

    with tempfile.TemporaryDirectory(prefix="ries_hostile_") as tmp:
        tmp = Path(tmp)
        csv = tmp / "p.csv"
        csv.write_text("lon,lat\n126.978,37.566\n")
        base, base_mb, _, _ = _cli("aggregate", str(csv), "--level", "sido", "--out", str(tmp / "o.csv"))
        report.add("aggregate: a 1-row file, start to finish (the floor)", base, "s",
                   note=f"peak {base_mb:,.0f} MB: the interpreter and the command line's imports")
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(4)
            port = silent.getsockname()[1]
            took, mb, code, last = _cli("aggregate", str(csv), "--level", "sido", "--out", str(tmp / "o.csv"),
                                        "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}")
        report.add("aggregate --scheduler at a listener that never answers: refused after", took, "s", base,
                   note=f"exit {code}, aim ≤ 60 s (was: hung for as long as it was left); '{last[:90]}…'")
        bomb = tmp / "bomb.parquet"
        bomb.write_bytes(hostile_files.expanding_parquet())
        for engine in ("geopandas", "dask"):
            took, mb, code, last = _cli("aggregate", str(bomb), "--level", "sido", "--by", "kind", "--engine", engine,
                                        "--out", str(tmp / "o.csv"))
            report.add(f"aggregate --by on a 17 KB Parquet decoding to 5 GB ({engine}): refused after", took, "s",
                       base, note=f"exit {code}, peak {mb:,.0f} MB; aims ≤ 30 s and ≤ 1.5 GB (was > 60 s, > 5 GB)")


def run(report: Report) -> None:
    """The command line's refusals, then the page scenario (skipped without Debian chromium)."""
    _cli_rows(report)
    if not Path(bench_load.CHROMIUM).exists():
        report.add("uploads skipped", 0, "-", note=f"Debian chromium not found at {bench_load.CHROMIUM}")
        return
    with tempfile.TemporaryDirectory(prefix="ries_hostile_") as tmp:
        path = Path(tmp) / "points_7m.csv"
        path.write_bytes(point_csv())
        _page_rows(report, _page_runs(path), path.stat().st_size / 1e6)
