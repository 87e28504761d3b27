"""Does one heavy import freeze other sessions? Another session's page load timed while a large upload imports.

One ``streamlit run app.py`` on loopback, one headless Debian chromium with two contexts (two Streamlit
sessions):

* session B ("the other user") opens the atlas (``?lang=en``, the map tab) and is timed from ``goto`` until the
  first map is painted (the st_folium iframe holds its Leaflet paths): first with the server otherwise idle
  (baseline), then while session A imports;
* session A uploads the generated eup-myeon-dong long table of :mod:`bench.bench_importer` (5,025 units × 25
  years × 10 columns, ~10 MB CSV; SYNTHETIC figures) on the import tab; B's loads start once A's progress bar
  is up and go on until A's match report is shown.

Reported: B's median load time idle and during the import (ratio = idle / during, so below 1 means slower
during), how many loads ran during it, and A's import wall time (upload sent to report shown).
Streamlit runs each session's script in a thread of the one server process, so the import competes for the
GIL (pandas and the CSV parser release it only in parts) and for the 2 cores shared with other work.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench import bench_importer, bench_load
from bench.harness import Report

ROOT = Path(__file__).resolve().parents[1]
YEARS = 25
IDLE_LOADS = 3
TIMEOUT_MS = 180_000


def _load(ctx, url: str) -> float:
    """Seconds from navigation to the first painted map in a fresh page (= a fresh Streamlit session)."""
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(f"{url}/?lang=en", wait_until="domcontentloaded", timeout=TIMEOUT_MS)
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=TIMEOUT_MS)
    frame = page.frame_locator("iframe[title*='streamlit_folium']").first
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=TIMEOUT_MS)
    took = time.perf_counter() - t0
    page.close()
    return took


def _measure(url: str, data: bytes) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=bench_load.CHROMIUM, headless=True,
                                    args=bench_load.CHROMIUM_ARGS)
        other = browser.new_context(viewport={"width": 1280, "height": 900})
        _load(other, url)  # warm-up: first page of the server (imports, boundary caches)
        idle = [_load(other, url) for _ in range(IDLE_LOADS)]
        heavy = browser.new_context(viewport={"width": 1280, "height": 900})
        page = heavy.new_page()
        page.goto(f"{url}/?tab=import&lang=en", timeout=TIMEOUT_MS)
        page.get_by_text("Bring your own data").wait_for(timeout=TIMEOUT_MS)
        t0 = time.perf_counter()
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "emd_long.csv", "mimeType": "text/csv", "buffer": data}])
        sent_at = time.perf_counter() - t0
        page.locator("[data-testid=stProgress]").first.wait_for(timeout=TIMEOUT_MS)
        bar_at = time.perf_counter() - t0
        report = page.get_by_text("Region matching")
        during = []
        while not report.count():
            during.append(_load(other, url))
        report.wait_for(timeout=TIMEOUT_MS)
        import_s = time.perf_counter() - t0
        after = [_load(other, url)]
        browser.close()
    return {"idle": idle, "during": during, "after": after, "import": import_s, "bar": bar_at,
            "sent": sent_at}


def run(report: Report) -> None:
    """Start the server, time session B idle and during session A's import, add the rows; stop the server."""
    if not Path(bench_load.CHROMIUM).exists():
        report.add("isolation skipped", 0, "-", note=f"Debian chromium not found at {bench_load.CHROMIUM}")
        return
    data = bench_importer.make_long_table(YEARS)
    port = bench_load._free_port()
    log = ROOT / "tests" / "artifacts" / "isolation-server.log"  # git-ignored
    log.parent.mkdir(parents=True, exist_ok=True)
    proc = bench_load._start(ROOT / "app.py", port, log)
    try:
        m = _measure(f"http://127.0.0.1:{port}", data)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    idle = statistics.median(m["idle"])
    size = len(data) / 1024 / 1024
    if not m["during"]:
        report.add("other session's page load during an import", 0, "-", note="the import ended before a load ran")
        return
    during = statistics.median(m["during"])
    report.add("other session: page load to first map, server idle", idle, "s",
               note=f"median of {len(m['idle'])}: " + ", ".join(f"{x:.2f}" for x in m["idle"]))
    report.add("other session: page load to first map, during a 10 MB import", during, "s", idle,
               note=f"median of {len(m['during'])} loads started while session A imported: "
                    + ", ".join(f"{x:.2f}" for x in m["during"])
                    + f"; {during / idle:.1f}× the idle time; after the import {m['after'][0]:.2f} s")
    report.add("session A: progress bar shown to match report (the import)", m["import"] - m["bar"], "s",
               note=f"{size:.1f} MB CSV, emd × {YEARS} years × 10 columns (SYNTHETIC); file handed to the page "
                    f"{m['sent']:.1f} s and bar up {m['bar']:.1f} s after the upload began, report at "
                    f"{m['import']:.1f} s")
