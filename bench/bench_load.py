"""Bounded load test of uploads: 20 concurrent browser sessions against one ``streamlit run`` on loopback.

Each session (its own Playwright browser context = its own Streamlit session) loops for ~60 s: upload a
SYNTHETIC fixture (tests/fixtures/import) under a session-unique file name, wait for the match report, add the
indicator under a session-unique name (``S07R3``), switch to another tab and back, and check that its list of
indicators holds exactly its own names — any other session's name on the page is a cross-session leak.

Why a real browser: the server's memory and any leak between sessions only show through the real server and
websocket sessions (AppTest runs the script in-process, without the server). One headless Debian chromium
with 20 contexts (not 20 browsers) keeps it within 2 cores. The server is ``app.py`` when it registers the
import tab (``?tab=import``), else ``tests/apps/import_page.py`` (the same page plus the data tab).

Reported: sessions, completed cycles, errors (page exceptions, ``st.error`` on a valid upload, timeouts),
leaks, and the server's peak RSS (``/proc/<pid>/status`` VmRSS, sampled every 0.25 s) against its RSS at idle.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from bench.harness import Report

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "import"
CHROMIUM = os.environ.get("RIES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-dev-shm-usage"]
SESSIONS = int(os.environ.get("RIES_LOAD_SESSIONS", "20"))
DURATION = float(os.environ.get("RIES_LOAD_SECONDS", "60"))
FILES = ["wide_sido_utf8bom.csv", "multiheader_sigungu_cp949.csv", "kosis_meta.xlsx", "long_codes_utf8.csv"]
TIMEOUT_MS = 90_000
_IMPORT_LABEL = re.compile(r"import|upload|your data|올리기|가져오기|내 자료", re.IGNORECASE)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    m = re.search(r"VmRSS:\s+(\d+) kB", text)
    return int(m.group(1)) / 1024 if m else 0.0


def _app() -> tuple[Path, str]:
    app = ROOT / "app.py"
    if "ui.import_tab" in app.read_text(encoding="utf-8"):
        return app, "app.py (import tab registered)"
    return ROOT / "tests" / "apps" / "import_page.py", "tests/apps/import_page.py (app.py has no import tab yet)"


def _start(script: Path, port: int, log: Path) -> subprocess.Popen:
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"streamlit not healthy in 60 s; see {log}")


class _Stats:
    def __init__(self) -> None:
        self.cycles = 0
        self.errors: list[str] = []
        self.leaks: list[str] = []


async def _session(browser, url: str, sid: int, stop_at: float, stats: _Stats) -> None:
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    page.on("pageerror", lambda exc: stats.errors.append(f"S{sid:02d} js: {exc}"))
    mine: list[str] = []
    stage = "open"
    try:
        await page.goto(f"{url}/?tab=import&lang=en", timeout=TIMEOUT_MS)
        await page.get_by_text("Bring your own data").wait_for(timeout=TIMEOUT_MS)
        k = 0
        while time.monotonic() < stop_at:
            fname = FILES[(sid + k) % len(FILES)]
            token = f"S{sid:02d}R{k}"
            data = (FIX / fname).read_bytes()
            upload_name = f"{token}_{fname}"
            mime = "text/csv" if fname.endswith(".csv") else \
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            await page.locator("input[type=file]").set_input_files(
                files=[{"name": upload_name, "mimeType": mime, "buffer": data}])
            stage = f"upload {fname}"
            await page.get_by_role("button", name="Add", exact=True).wait_for(timeout=TIMEOUT_MS)
            if await page.locator("[data-testid=stAlertContentError]").count():
                stats.errors.append(f"{token}: st.error on a valid upload")
            name = page.get_by_label("Indicator name")
            await name.fill(token)
            await name.press("Tab")
            await page.get_by_role("button", name="Add", exact=True).click()
            stage = "add"
            await page.get_by_text(f"{token} (user_").wait_for(timeout=TIMEOUT_MS)
            stage = "tab switch"
            mine.append(token)
            # switch tab and back (same websocket session)
            buttons = page.locator("[data-testid=stButtonGroup] button")
            labels = [(await buttons.nth(i).inner_text()).strip() for i in range(await buttons.count())]
            home = next((i for i, t in enumerate(labels) if _IMPORT_LABEL.search(t)), None)
            if home is not None and len(labels) >= 2:
                away = max(i for i in range(len(labels)) if i != home)
                await buttons.nth(away).click()
                await page.wait_for_timeout(1500)
                await buttons.nth(home).click()
            await page.get_by_text("Your indicators in this session").wait_for(timeout=TIMEOUT_MS)
            stage = "list after tab switch"
            await page.get_by_text(re.compile(rf"^{token} \[")).wait_for(timeout=TIMEOUT_MS)
            await page.wait_for_timeout(500)
            body = await page.inner_text("body")
            seen = set(re.findall(r"\bS\d{2}R\d+\b", body))
            foreign = {t for t in seen if not t.startswith(f"S{sid:02d}R")}
            if foreign:
                stats.leaks.append(f"S{sid:02d} saw {sorted(foreign)}")
            missing = [t for t in mine if t not in seen]
            if missing:  # a slow rerun of the tab switch may still be replacing the page: look again once settled
                await page.get_by_text("Your indicators in this session").wait_for(timeout=TIMEOUT_MS)
                await page.wait_for_timeout(3000)
                body = await page.inner_text("body")
                seen = set(re.findall(r"\bS\d{2}R\d+\b", body))
                missing = [t for t in mine if t not in seen]
            if missing:
                stats.errors.append(f"S{sid:02d} lost its own indicators {missing}")
                evidence = ROOT / "tests" / "artifacts" / f"load_S{sid:02d}_lost"  # git-ignored
                evidence.with_suffix(".txt").write_text(body, encoding="utf-8")
                await page.screenshot(path=str(evidence.with_suffix(".png")), full_page=True)
            stats.cycles += 1
            k += 1
    except Exception as exc:  # a timeout or a broken page is an error of this run, reported in the table
        stats.errors.append(f"S{sid:02d} at {stage}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    finally:
        await ctx.close()


async def _drive(url: str, stats: _Stats) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        stop_at = time.monotonic() + DURATION
        await asyncio.gather(*(_session(browser, url, i, stop_at, stats) for i in range(SESSIONS)))
        await browser.close()


def run(report: Report) -> None:
    """Start the server, drive the sessions, add the rows to ``report``; stop the server."""
    if not Path(CHROMIUM).exists():
        report.add("load test skipped", 0, "-", note=f"Debian chromium not found at {CHROMIUM}")
        return
    script, what = _app()
    port = _free_port()
    log = ROOT / "tests" / "artifacts" / "load-server.log"  # git-ignored
    log.parent.mkdir(parents=True, exist_ok=True)
    proc = _start(script, port, log)
    peak = {"rss": 0.0}
    idle = _rss_mb(proc.pid)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak["rss"] = max(peak["rss"], _rss_mb(proc.pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stats = _Stats()
    t0 = time.monotonic()
    try:
        asyncio.run(_drive(f"http://127.0.0.1:{port}", stats))
    finally:
        elapsed = time.monotonic() - t0
        done.set()
        sampler.join(timeout=2)
        end_rss = _rss_mb(proc.pid)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    note = f"server: {what}; 1 chromium, {SESSIONS} contexts; {DURATION:.0f} s budget"
    report.add("concurrent sessions", SESSIONS, "sessions", note=note)
    report.add("upload→add→tab switch cycles completed", stats.cycles, "cycles", note=f"in {elapsed:.0f} s wall")
    report.add("errors", len(stats.errors), "count", note="; ".join(stats.errors[:3]))
    report.add("cross-session leaks", len(stats.leaks), "count", note="; ".join(stats.leaks[:3]) or "none")
    report.add("server RSS at idle", idle, "MB")
    report.add("server peak RSS", peak["rss"], "MB", note=f"RSS at the end {end_rss:.0f} MB")
