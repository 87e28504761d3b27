"""A RIES Atlas server for one test: its own command, folder, environment, URL prefix and log file.

``tests/conftest.py``'s ``app_url`` is one server for the whole session; the install tests need servers of their
own — an installed copy started from another folder, one under a URL prefix, one whose log is read afterwards.
The offline test also runs this module inside a network namespace (``tests/offline_check.py``).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

# stdlib only: tests/offline_check.py runs this inside a network namespace with the test environment's Python

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
"""As ``tests/conftest.py`` starts Debian's chromium."""


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
    """Number of Leaflet paths drawn in the ``index``-th map (the st_folium frame) once it has drawn some."""
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=timeout_ms)
    frame = page.frame_locator("iframe[title*='streamlit_folium']").nth(index)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=timeout_ms)
    return frame.locator("path.leaflet-interactive").count()
