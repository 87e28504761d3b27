"""Inside a network namespace with no network: start an installed atlas, load its page in Chromium, run its CLI.

Run by ``tests/test_install_bundle.py`` as ``unshare -n PYTHON tests/offline_check.py DIR OUT`` with the test
environment's Python (Playwright drives Chromium over a pipe, so it needs no network either). ``DIR`` is the
environment ``install.sh`` made; the server and the CLI run from an empty folder with nothing of this checkout on
their path. Writes ``OUT/result.json`` (what the test asserts), screenshots of the Map and Clusters tabs and
``OUT/server.log``.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, free_port, map_paths, serve, server_args, settle

SUMMARY = ["summary", "--level", "sido", "--year", "2022", "--x", "rd_expenditure_from_share",
           "--y", "gva_manufacturing_nominal_b2020", "--permutations", "99", "--json"]


def loopback_up() -> None:
    """Bring up ``lo`` in this fresh network namespace (``ip link set lo up``, with the standard library)."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s, siocgifflags, ifreq))[1]
        fcntl.ioctl(s, siocsifflags, struct.pack("16sH14x", b"lo", flags | iff_up))


def network_reachable() -> bool:
    """Whether the package index answers (it must not, here)."""
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
    except OSError:
        return False
    return True


def clean_env() -> dict[str, str]:
    """The environment of a user's shell: nothing of this checkout or the test environment on the path."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    return {k: v for k, v in os.environ.items() if k in keep}


def main(install_dir: Path, out: Path) -> int:
    loopback_up()
    result: dict = {"network_reachable": network_reachable()}
    work = Path(tempfile.mkdtemp(prefix="ries-elsewhere-"))
    env = clean_env()
    py = install_dir / "bin" / "python"
    where = subprocess.run([str(py), "-c", "import analysis, ui, geo; print(analysis.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, check=False)
    result["analysis_file"] = where.stdout.strip()
    check = subprocess.run([str(py), "-m", "pip", "--isolated", "check"], cwd=work, env=env, capture_output=True,
                           text=True, check=False)
    result["pip_check"] = [check.returncode, check.stdout.strip()]
    cli = subprocess.run([str(py), "-m", "analysis", *SUMMARY], cwd=work, env=env, capture_output=True, text=True,
                         check=False, timeout=600)
    result["cli"] = {"returncode": cli.returncode, "stderr": cli.stderr[-3000:]}
    if cli.returncode == 0:
        result["cli"]["json"] = json.loads(cli.stdout)
    alias = subprocess.run([str(install_dir / "bin" / "ries-atlas-cli"), "indicators"], cwd=work, env=env,
                           capture_output=True, text=True, check=False, timeout=300)
    result["cli_alias"] = [alias.returncode, alias.stdout[:2000]]

    port = free_port()
    command = [str(install_dir / "bin" / "ries-atlas"), *server_args(port)]
    from playwright.sync_api import sync_playwright

    with serve(command, port=port, log=out / "server.log", cwd=work, env=env, timeout=300) as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
            errors: list[str] = []
            requested: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda r: requested.append(r.url))
            page.goto(f"{url}/", wait_until="domcontentloaded")
            result["map_paths"] = map_paths(page)
            settle(page)
            page.screenshot(path=str(out / "offline_page.png"))
            result["title"] = page.title()
            page.goto(f"{url}/?tab=clusters", wait_until="domcontentloaded")
            result["clusters_map_paths"] = map_paths(page)
            settle(page)
            page.screenshot(path=str(out / "offline_clusters.png"))
            result["page_errors"] = errors
            result["outside_requests"] = [u for u in requested if u.startswith("http")
                                          and urlparse(u).hostname not in ("127.0.0.1", "localhost")]
            browser.close()
    (out / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
