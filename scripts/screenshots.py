"""Take the README screenshots of each tab (docs/img/tab_*.png) in headless Debian chromium.

Usage: ``.venv/bin/python scripts/screenshots.py [NAME ...]`` (starts the app on a free loopback port; all views
unless names such as ``tab_specialisation`` are given).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
VIEWS = {
    "tab_map": ("?tab=map&layer=rnd&ind=rd_expenditure_from_share&mode=share&region=30", 1250, True),
    "tab_mismatch": ("?tab=mismatch", 1500, True),
    "tab_clusters": ("?tab=clusters&cstat=bv_xy&lang=en", 1250, True),
    "tab_specialisation": ("?tab=specialisation&slevel=sigungu&sind=gva_manufacturing_nominal_b2015&region=41590"
                           "&lang=en", 1500, True),
    "tab_data": ("?tab=data", 1000, False),
    "tab_presenter": ("?present=1&step=2", 1000, False),
}


def main() -> int:
    """Start the app, visit each view, save a PNG per view."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
                             str(port), "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            names = sys.argv[1:] or list(VIEWS)
            for name, (query, height, has_map) in ((n, VIEWS[n]) for n in names):
                page = browser.new_page(viewport={"width": 1400, "height": height})
                page.goto(url + query)
                if has_map:
                    page.frame_locator("iframe[title*='streamlit_folium']").first.locator(
                        "path.leaflet-interactive").first.wait_for(timeout=120_000)
                page.wait_for_timeout(5000)
                page.screenshot(path=str(OUT / f"{name}.png"))
                print("wrote", OUT / f"{name}.png")
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
