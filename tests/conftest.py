"""Shared fixtures: the mission pair's briefing, a live app server on a free loopback port and headless Debian
chromium via Playwright (plain helper functions live in ``tests/helpers.py``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.caches import configure_numba
from tests.helpers import CHROMIUM, CHROMIUM_ARGS  # how chromium starts (also outside pytest)

configure_numba()  # as every entry point, before numba is imported: compiled kernels in a writable cache directory

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"


BROWSER_FIXTURES = {"browser", "page", "app_url"}
"""Fixtures that start chromium or the app server: a test using one must be marked ``browser``."""


def pytest_collection_modifyitems(config, items):
    """Refuse a test that drives chromium or the server without ``@pytest.mark.browser`` (so ``make check``,
    which deselects browser tests, never starts a browser by accident)."""
    unmarked = [item.nodeid for item in items
                if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("browser")]
    if unmarked:
        raise pytest.UsageError("mark these tests @pytest.mark.browser (they use chromium or the app server): "
                                + ", ".join(unmarked))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and exported files (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Start the app as ``make run`` does (``python -m ui.serve``) on a free loopback port; yield its URL."""
    port = _free_port()
    log = (ARTIFACTS / "streamlit-server.log")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.serve",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        raise RuntimeError(f"streamlit did not become healthy in 60 s; see {log}")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium driven by Playwright (never a downloaded browser).

    Outside CI a missing chromium skips the browser tests; with ``CI=true`` it is a failure.
    """
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        msg = f"Debian chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, artifacts):
    """A fresh page (1400×900) that records uncaught JS errors in ``page.js_errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ko-KR")
    pg = context.new_page()
    pg.js_errors = []
    pg.on("pageerror", lambda exc: pg.js_errors.append(str(exc)))
    yield pg
    context.close()


@pytest.fixture(scope="session")
def brief():
    """The briefing of the mission's pair (R&D expenditure against manufacturing value added, sido, 2022), built
    once for every test module that reads it (:data:`tests.helpers.MISSION`)."""
    from analysis.store import bundled
    from report.briefing import briefing
    from tests.helpers import MISSION

    return briefing(bundled(), *MISSION)
