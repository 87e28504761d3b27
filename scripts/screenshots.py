"""Take the README screenshots of each tab (docs/img/tab_*.png) in headless Debian chromium.

Usage: ``.venv/bin/python scripts/screenshots.py [NAME ...]`` (starts the app on a free loopback port; all views
unless names such as ``tab_specialisation`` are given).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.helpers import free_port, serve, server_args  # noqa: E402  the one launcher of a test server

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
    # presenter mode on a 1280×720 projector: the headline slide, and a three-step story from its link
    "tab_presenter": ("?present=1&lang=en", (1280, 720), False),
    "presenter_story": ("?present=1&lang=en&px=rd_expenditure_from_share&py=gva_manufacturing_nominal_b2020"
                        "&plevel=sido&psteps=x,mismatch,clusters&step=3", (1280, 720), False),
}
"""Name → (query, viewport height or (width, height), whether to wait for a Leaflet map)."""


def main() -> int:
    """Start the app, visit each view, save a PNG per view."""
    port = free_port()
    with serve([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), *server_args(port)], port=port,
               log=Path(tempfile.mkdtemp()) / "streamlit.log", cwd=ROOT) as url:
        url += "/"
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            names = sys.argv[1:] or list(VIEWS)
            for name, (query, size, has_map) in ((n, VIEWS[n]) for n in names):
                width, height = size if isinstance(size, tuple) else (1400, size)
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(url + query)
                if has_map:
                    page.frame_locator("iframe[title*='streamlit_folium']").first.locator(
                        "path.leaflet-interactive").first.wait_for(timeout=120_000)
                if "present=1" in query:  # a slide: its cards or its picture, loaded
                    page.wait_for_function(
                        "() => document.querySelector('.ries-card') || [...document.querySelectorAll("
                        "'[data-testid=stImage] img')].some(i => i.complete && i.naturalWidth > 600)",
                        timeout=180_000)
                page.wait_for_timeout(5000)
                page.screenshot(path=str(OUT / f"{name}.png"))
                print("wrote", OUT / f"{name}.png")
                page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
