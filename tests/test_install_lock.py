"""The package and its lock: pyproject.toml declares, requirements*.txt pin with hashes, the environment matches.

``make lock`` writes the locks from ``pyproject.toml`` with uv; ``make run``/``make test`` install them with
``--require-hashes``. These tests keep the three in step (a range changed without re-locking fails here), check the
environment the suite runs in is the locked one with ``pip check`` clean, and open the wheel to see it carries
every package, ``app.py``, the data and the files the installed app serves.
"""

from __future__ import annotations

import importlib
import importlib.metadata as md
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
NOT_SHIPPED = {"tests", "bench", "scripts", "docs", "build", "dist"}


def _lock(name: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``{name: (version, hashes)}`` of the lock's entries that apply to this interpreter."""
    entries: dict[str, tuple[str, tuple[str, ...]]] = {}
    text = (ROOT / name).read_text(encoding="utf-8").replace("\\\n", " ")
    env = default_environment()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        head, *hashes = line.split(" --hash=")
        req = Requirement(head)
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        (spec,) = req.specifier
        assert spec.operator == "==", line
        entries[canonicalize_name(req.name)] = (spec.version, tuple(h.strip() for h in hashes))
    return entries


def _declared(*extras: str) -> list[Requirement]:
    reqs = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    for extra in extras:
        reqs += [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"][extra]]
    return reqs


@pytest.mark.parametrize(("lock", "extras"), [("requirements.txt", ()), ("requirements-dev.txt", ("dev", "bench"))])
def test_lock_pins_every_declared_dependency_within_its_range(lock, extras):
    pins = _lock(lock)
    for req in _declared(*extras):
        name = canonicalize_name(req.name)
        assert name in pins, f"{req} is declared in pyproject.toml but not in {lock}: run make lock"
        version, hashes = pins[name]
        assert req.specifier.contains(version, prereleases=True), f"{lock} pins {name}=={version} outside {req}"
        assert hashes and all(h.startswith("sha256:") for h in hashes), name


def test_dev_lock_pins_the_runtime_set_unchanged():
    runtime, dev = _lock("requirements.txt"), _lock("requirements-dev.txt")
    assert {k: v[0] for k, v in dev.items() if k in runtime} == {k: v[0] for k, v in runtime.items()}


def test_giddy_is_the_release_that_admits_esda_2_9():
    """giddy 2.3.7/2.3.8 declare esda<2.9; the lock takes 2.3.6 (same markov/rank code) so the set is consistent."""
    pins = _lock("requirements.txt")
    assert pins["esda"][0].startswith("2.9.")
    giddy = Requirement(next(r for r in md.requires("giddy") or [] if r.startswith("esda")))
    assert giddy.specifier.contains(pins["esda"][0])
    assert md.version("giddy") == pins["giddy"][0]


def test_this_environment_is_the_locked_set_and_pip_check_is_clean():
    """The suite runs on what the lock pins (``make test`` installed it), and pip finds nothing missing or in conflict."""
    pins = _lock("requirements-dev.txt")
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in md.distributions()}
    differ = {name: (version, installed.get(name)) for name, (version, _) in pins.items()
              if installed.get(name) != version}
    assert differ == {}, f"installed versions differ from requirements-dev.txt (locked, installed): {differ}"
    run = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout


def test_console_scripts_name_callables():
    scripts = PYPROJECT["project"]["scripts"]
    assert set(scripts) == {"ries-atlas", "ries-atlas-cli"}
    for target in scripts.values():
        module, func = target.split(":")
        assert callable(getattr(importlib.import_module(module), func)), target


def _packages() -> set[str]:
    """Top-level folders of this checkout that are Python packages and belong to the app."""
    return {p.name for p in ROOT.iterdir()
            if (p / "__init__.py").is_file() and p.name not in NOT_SHIPPED and not p.name.startswith(".")}


@pytest.mark.slow
def test_wheel_carries_every_package_the_app_and_its_files(tmp_path):
    """Built as the offline bundle builds it: every top-level package (a new one too), app.py, data/**, the
    Streamlit config and Leaflet's files in the layout the installed app serves, and nothing for developers."""
    src = tmp_path / "src"
    local = {".venv", "build", "dist", "static", ".git", "tests", "bench", "docs"}  # not sources of the wheel
    shutil.copytree(ROOT, src, ignore=lambda d, names: {n for n in names if (Path(d) == ROOT and n in local)
                                                        or n == "__pycache__" or n.endswith(".egg-info")})
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                          "--wheel-dir", str(tmp_path), str(src)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    (wheel,) = tmp_path.glob("ries_atlas-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = zf.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
        sizes = {i.filename: i.file_size for i in zf.infolist()}
    tops = {n.split("/", 1)[0] for n in names if "/" in n and not n.split("/", 1)[0].endswith(".dist-info")}
    assert tops == _packages() | {"data", "static", ".streamlit"}
    assert {"app.py", ".streamlit/config.toml"} <= names
    for package in _packages():
        shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / package).rglob("*.py")
                   if "__pycache__" not in p.parts}
        assert shipped <= names, shipped - names
    data = {p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert data <= names, sorted(data - names)[:5]
    assert "ries-atlas = ui.serve:main" in entry_points and "ries-atlas-cli = cli:main" in entry_points
    # the Leaflet files geo.offline.copy_assets would write, already there and current: nothing to write at run time
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as cluster

    for name in ("leaflet.js", "leaflet.css", "images/marker-icon.png"):
        assert sizes[f"static/leaflet/{name}"] == (Path(leaflet.BASE_DIR) / name).stat().st_size, name
    for name in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        assert sizes[f"static/leaflet/markercluster/{name}"] == (Path(cluster.BASE_DIR) / name).stat().st_size
