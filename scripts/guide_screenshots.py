"""Take the user guides' screenshots (docs/img/guide/<lang>_<view>.png) at 1280×720 in headless Debian chromium.

Usage: ``.venv/bin/python scripts/guide_screenshots.py [--lang ko|en] [--port PORT] [VIEW ...]``. Without
``--port`` it starts the app on a free loopback port; all views unless names such as ``mismatch`` are given.
Each view is opened from its link, scrolled so the part the guide talks about is on screen, and saved as a PNG
(reduced to a 256-colour palette when the full-colour file is larger than :data:`MAX_BYTES`).

The import view uploads ``CSV``: a KOSIS-style wide table (a ``행정구역별`` column, one column a year) written from
the bundled manufacturing value added by sido (2021, 2022), so the report shows a real table the reader can make
with ``python -m analysis map ... --out FILE.csv``.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lang import t  # the headings the guide points at, in the page's language
from tests.helpers import free_port, serve, server_args  # the one launcher of a test server

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img" / "guide"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
MAX_BYTES = 240_000
MAP = "iframe[title*='streamlit_folium']"
SIGUNGU_PAIR = "mx=gva_prof_business_services_nominal_b2015&my=gva_manufacturing_nominal_b2015"
STORY = ("present=1&px=gva_prof_business_services_nominal_b2015&py=gva_manufacturing_nominal_b2015&plevel=sigungu"
         "&pyear=2020&psteps=mismatch,clusters,trend")
VIEWS: dict[str, tuple[str, str | None, str]] = {
    "map": ("tab=map&level=sido&layer=production&ind=gva_manufacturing_nominal_b2020&mode=share&year=2022",
            MAP, "end"),
    "mismatch": (f"tab=mismatch&clv=sigungu&{SIGUNGU_PAIR}&myear=2020&mcmp=2015", "[data-testid=stMetric]",
                 "start"),
    "clusters": ("tab=clusters&clv=sigungu&cstat=lisa&mx=gva_manufacturing_nominal_b2015"
                 "&my=gva_prof_business_services_nominal_b2015&myear=2020", MAP, "center"),
    "scorecard": ("tab=specialisation&slevel=sigungu&sind=gva_manufacturing_nominal_b2015&region=47190",
                  None, "scorecard"),
    "change": ("tab=change", None, ""),
    "import": ("tab=import", None, "upload"),
    "presenter": (STORY + "&step=1", None, "slide"),
}
"""View → (query, CSS selector of the element to scroll to, where it goes: start/center/end, or a special step)."""


def _csv() -> Path:
    """Write the import view's table from the bundled data (real figures, KOSIS-like layout) via the CLI."""
    import pandas as pd

    tmp = Path(tempfile.mkdtemp())
    years = {}
    for year in (2021, 2022):
        out = tmp / f"{year}.csv"
        subprocess.run([sys.executable, "-m", "analysis", "map", "--level", "sido", "--indicator",
                        "gva_manufacturing_nominal_b2020", "--year", str(year), "--out", str(out)], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        years[str(year)] = pd.read_csv(out, dtype={"code": str}).set_index("name_ko")["value"].astype("int64")
    path = tmp / "manufacturing_gva_sido.csv"
    pd.DataFrame(years).rename_axis("행정구역별").to_csv(path, encoding="utf-8-sig")
    return path


def _settle(page: Page, timeout: float = 180.0) -> None:
    """Wait until Streamlit's running indicator has gone for two seconds."""
    end = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < end and quiet < 4:
        quiet = 0 if page.locator("[data-testid=stStatusWidget]").count() else quiet + 1
        page.wait_for_timeout(500)


def _scroll_to_text(page: Page, text: str) -> None:
    """Scroll the page so the first element showing exactly ``text`` is at the top."""
    page.get_by_text(text, exact=True).first.evaluate("e => e.scrollIntoView({block: 'start'})")


def shoot(page: Page, url: str, name: str, lang: str, csv: Path | None) -> Path:
    """Open one view, bring its subject on screen and save the PNG."""
    query, anchor, where = VIEWS[name]
    page.goto(f"{url}?lang={lang}&{query}")
    page.wait_for_timeout(3000)
    _settle(page)
    if anchor == MAP or name in ("map", "clusters"):
        page.frame_locator(MAP).first.locator("path.leaflet-interactive").first.wait_for(timeout=120_000)
    if where == "slide":
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=stImage] img')]"
            ".some(i => i.complete && i.naturalWidth > 600)", timeout=180_000)
    elif where == "upload" and csv is not None:
        page.locator("input[type=file]").first.set_input_files(str(csv))
        page.wait_for_timeout(3000)
        _settle(page)
        _scroll_to_text(page, t("import_summary", lang))
    elif where == "scorecard":
        _scroll_to_text(page, t("spec_mismatch", lang))
    elif anchor:
        page.locator(anchor).first.evaluate(f"e => e.scrollIntoView({{block: '{where}'}})")
    page.wait_for_timeout(4000)
    png = page.screenshot()
    path = OUT / f"{lang}_{name}.png"
    if len(png) > MAX_BYTES:
        img = Image.open(io.BytesIO(png)).convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
        buf = io.BytesIO()
        img.save(buf, "PNG", optimize=True)
        png = buf.getvalue()
    path.write_bytes(png)
    print(f"wrote {path.relative_to(ROOT)} ({len(png) // 1000} kB)")
    return path


def _shoot_all(url: str, opts: argparse.Namespace) -> None:
    """Save a PNG of each view in each language asked for, from the app at ``url``."""
    OUT.mkdir(parents=True, exist_ok=True)
    csv = _csv() if "import" in (opts.views or VIEWS) else None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for lang in opts.lang or ["ko", "en"]:
            for name in opts.views or list(VIEWS):
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                shoot(page, url, name, lang, csv)
                page.close()
        browser.close()


def main() -> int:
    """Start the app (unless --port), visit each view in each language, save a PNG per view."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("views", nargs="*", help=f"any of {', '.join(VIEWS)} (default: all)")
    ap.add_argument("--lang", choices=["ko", "en"], action="append")
    ap.add_argument("--port", type=int)
    opts = ap.parse_args()
    if opts.port is not None:  # an app already running
        _shoot_all(f"http://127.0.0.1:{opts.port}/", opts)
        return 0
    port = free_port()
    with serve([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), *server_args(port)], port=port,
               log=Path(tempfile.mkdtemp()) / "streamlit.log", cwd=ROOT) as url:
        _shoot_all(url + "/", opts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
