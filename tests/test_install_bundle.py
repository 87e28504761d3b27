"""The offline bundle, as a planner on a network with no internet gets it: built, installed with no network, used.

``scripts/offline_bundle.py`` (``make offline-bundle``) is built once for this module; the archive is unpacked
and ``install.sh`` run inside a network namespace with no network (``unshare -n``, so pip can reach no index
whatever its configuration says). Then, again with no network and from an empty folder, the installed app serves
its page to Chromium and the installed CLI answers (``tests/offline_check.py``). The Windows half is checked by
resolving every wheel for ``win_amd64`` from the archive alone. A read-only install (site-packages and home not
writable, as on managed machines) must answer too.

Needs root for the namespaces (CI runs as root); elsewhere the tests skip unless ``CI=true``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _needs_namespaces() -> None:
    if os.geteuid() == 0 and shutil.which("unshare"):
        return
    msg = "the offline-bundle tests need root and unshare (network and mount namespaces)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg)
    pytest.skip(msg)


def _bundle_module():
    spec = importlib.util.spec_from_file_location("offline_bundle", ROOT / "scripts" / "offline_bundle.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("offline_bundle", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundle(artifacts) -> Path:
    """The unpacked bundle folder, built by ``scripts/offline_bundle.py`` as ``make offline-bundle`` does."""
    out = Path(tempfile.mkdtemp(prefix="ries-bundle-"))
    try:
        t0 = time.monotonic()
        run = subprocess.run([sys.executable, "scripts/offline_bundle.py", "--out", str(out)], cwd=ROOT,
                             capture_output=True, text=True, timeout=3600, check=False)
        took = time.monotonic() - t0
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        (archive,) = out.glob("ries-atlas-*-offline.zip")
        assert sorted(p.name for p in out.iterdir()) == [archive.name]  # one archive, nothing else
        (artifacts / "offline-bundle.txt").write_text(
            f"{run.stdout}built in {took:.0f} s; {archive.stat().st_size / 2**20:.0f} MiB\n", encoding="utf-8")
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(out)
        archive.unlink()
        (folder,) = out.iterdir()
        yield folder
    finally:
        shutil.rmtree(out, ignore_errors=True)


@pytest.fixture(scope="module")
def installed(bundle, artifacts) -> Path:
    """The environment ``bash install.sh DIR`` made with no network (DIR outside this checkout)."""
    _needs_namespaces()
    parent = Path(tempfile.mkdtemp(prefix="ries-installed-"))
    target = parent / "ries-atlas"
    try:
        t0 = time.monotonic()
        run = subprocess.run(["unshare", "-n", "bash", str(bundle / "install.sh"), str(target)], cwd=parent,
                             capture_output=True, text=True, timeout=3600, check=False)
        with (artifacts / "offline-bundle.txt").open("a", encoding="utf-8") as fh:
            fh.write(f"installed with no network in {time.monotonic() - t0:.0f} s\n")
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        assert "No broken requirements found." in run.stdout
        yield target
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def test_bundle_holds_the_lock_the_scripts_and_checksums(bundle):
    assert (bundle / "requirements.txt").read_bytes() == (ROOT / "requirements.txt").read_bytes()
    for name in ("install.sh", "install.ps1", "README.txt", "SHA256SUMS"):
        assert (bundle / name).is_file(), name
    listed = dict(reversed(line.split("  ", 1)) for line in (bundle / "SHA256SUMS").read_text().splitlines())
    files = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert set(listed) == files
    (atlas,) = (bundle / "wheels").glob("ries_atlas-*-py3-none-any.whl")
    with zipfile.ZipFile(atlas) as zf:
        names = set(zf.namelist())
    assert {"app.py", ".streamlit/config.toml", "static/leaflet/leaflet.js", "data/boundaries/sido.web.geojson"} <= names


def test_every_wheel_for_windows_x64_is_in_the_bundle(bundle, tmp_path):
    """pip resolves the whole lock for CPython 3.11 on win_amd64 from the archive alone, hashes checked."""
    wheels = bundle / "wheels"
    report = tmp_path / "report.json"
    windows = ["--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11.9", "--implementation", "cp",
               "--abi", "cp311", "--target", str(tmp_path / "target")]
    run = subprocess.run([sys.executable, "-m", "pip", "--isolated", "install", "--dry-run", "--ignore-installed",
                          "--no-index", "--find-links", str(wheels), *windows, "--require-hashes",
                          "-r", str(bundle / "requirements.txt"), "--report", str(report), "--quiet"],
                         capture_output=True, text=True, check=False, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    chosen = [Path(item["download_info"]["url"]).name for item in json.loads(report.read_text())["install"]]
    assert chosen and all(n.endswith(("-win_amd64.whl", "-none-any.whl")) for n in chosen), chosen
    # and by the lock's own markers for Windows (pip evaluates markers for this machine): nothing is missing
    ob = _bundle_module()
    lock = ob.read_lock(bundle / "requirements.txt")
    assert ob.missing_wheels(lock, wheels, ob.TARGETS["windows"]) == []
    expected = {x.name for x in lock if x.applies(ob.TARGETS["windows"])}
    assert {n.split("-")[0].lower().replace("_", "-") for n in chosen} <= expected
    run = subprocess.run([sys.executable, "-m", "pip", "--isolated", "install", "--dry-run", "--ignore-installed",
                          "--no-index", "--no-deps", *windows, *map(str, wheels.glob("ries_atlas-*.whl"))],
                         capture_output=True, text=True, check=False, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]


def _drive(installed: Path, out: Path, read_only_home: Path | None = None) -> dict:
    """Run ``tests/offline_check.py`` with no network (and, given a home, the install and home read-only)."""
    out.mkdir(parents=True, exist_ok=True)
    check = [sys.executable, str(ROOT / "tests" / "offline_check.py"), str(installed), str(out)]
    if read_only_home is None:
        command = ["unshare", "-n", *check]
    else:
        mounts = ('set -e; for d in "$1" "$2"; do mount --bind "$d" "$d"; mount -o remount,bind,ro "$d"; done; '
                  'export HOME="$2"; shift 2; exec "$@"')
        command = ["unshare", "-m", "-n", "bash", "-c", mounts, "read-only", str(installed.parent),
                   str(read_only_home), *check]
    run = subprocess.run(command, cwd=out, capture_output=True, text=True, timeout=1800, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads((out / "result.json").read_text(encoding="utf-8"))


def _assert_answers(result: dict, installed: Path) -> None:
    assert result["network_reachable"] is False
    assert result["analysis_file"].startswith(str(installed))  # the installed copy, not this checkout
    assert result["pip_check"] == [0, "No broken requirements found."]
    assert result["cli"]["returncode"] == 0, result["cli"]["stderr"]
    summary = result["cli"]["json"]
    assert summary["schema"] == "ries-atlas/summary/1" and summary["year"] == 2022
    assert summary["mismatch"]["hoover"] == pytest.approx(0.376, abs=0.0005)  # README: Hoover 0.376 in 2022
    assert result["cli_alias"][0] == 0 and "population_registered" in result["cli_alias"][1]
    assert result["map_paths"] == 17  # the Map tab's 17 sido drawn by Leaflet from the installed static files
    assert result["clusters_map_paths"] == 17  # the Clusters tab's first LISA map (numba's kernel)
    assert result["page_errors"] == []
    assert result["outside_requests"] == []


@pytest.mark.browser
def test_read_only_install_answers_without_a_writable_cache(installed, artifacts, tmp_path):
    """Site-packages and the home folder read-only (a managed machine), first use: the CLI and the first map work."""
    for cached in [*installed.rglob("*.nbi"), *installed.rglob("*.nbc")]:
        cached.unlink()  # first use, whatever ran before
    home = tmp_path / "home"
    home.mkdir()
    result = _drive(installed, artifacts / "offline-readonly", read_only_home=home)
    _assert_answers(result, installed)


@pytest.mark.browser
def test_offline_install_serves_the_page_and_answers_the_cli(installed, artifacts):
    """No network: ``ries-atlas`` serves the page (map drawn in Chromium), ``python -m analysis`` answers."""
    result = _drive(installed, artifacts / "offline")
    _assert_answers(result, installed)
