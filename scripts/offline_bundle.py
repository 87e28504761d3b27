"""Build the offline bundle: one archive with the atlas and every wheel it needs on Linux x86-64 and Windows x64.

Usage: ``.venv/bin/python scripts/offline_bundle.py [--out dist] [--platform linux --platform windows]``
(``make offline-bundle``). Needs the package index once, here; the archive then installs with no network:

    unzip ries-atlas-VERSION-offline.zip && bash ries-atlas-VERSION-offline/install.sh ~/ries-atlas     # Linux
    Expand-Archive ries-atlas-VERSION-offline.zip; .\\ries-atlas-VERSION-offline\\install.ps1 C:\\ries-atlas  # Windows

What goes in (``ries-atlas-VERSION-offline/``):

* ``wheels/``: for each target, the wheel of every package of the runtime lock (``requirements.txt``) whose
  environment marker holds for CPython 3.11 on that target, downloaded by pip with the lock's hashes checked; and
  the atlas's own wheel, built from this checkout without build isolation (the locked setuptools and xstatic of
  ``.venv``), so the Leaflet files in it are the locked ones.
* ``requirements.txt``: the runtime lock itself; the install scripts install it with ``--require-hashes``, so every
  file is checked against the hash recorded when the set was tested.
* ``install.sh``, ``install.ps1`` and ``README.txt`` from ``scripts/bundle/``; ``SHA256SUMS`` of every file.

The folder is staged under ``--out`` and removed once zipped: ``dist/`` then holds the one archive.

The build fails when a target lacks a wheel for a locked package (:func:`missing_wheels`): the archive is complete
for both targets or not written. Linux wheels are taken for glibc 2.28 and later (manylinux_2_28: Debian 10,
Ubuntu 20.04, RHEL 8 and newer); pip's HTTP cache serves the files ``make test`` already fetched.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).resolve().parent / "bundle"
PYTHON = (3, 11)


@dataclass(frozen=True)
class Target:
    """A platform the bundle serves: pip's download options and the tags and markers of its CPython 3.11."""

    name: str
    platforms: tuple[str, ...]  # wheel platform tags, most preferred first
    markers: dict[str, str]  # environment-marker values other than the Python version

    def tags(self) -> list[Tag]:
        """Wheel tags CPython 3.11 accepts on this platform, most preferred first."""
        return [*cpython_tags(PYTHON, abis=["cp311"], platforms=list(self.platforms)),
                *compatible_tags(PYTHON, "cp311", platforms=list(self.platforms))]

    def environments(self) -> list[dict[str, str]]:
        """Marker environments of every CPython 3.11.x release on this platform (the lock may fork on x)."""
        base = default_environment()
        base.update(implementation_name="cpython", platform_python_implementation="CPython",
                    python_version="3.11", **self.markers)
        return [{**base, "python_full_version": f"3.11.{micro}", "implementation_version": f"3.11.{micro}"}
                for micro in range(0, 21)]


_MANYLINUX = tuple(f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1))
TARGETS: dict[str, Target] = {
    "linux": Target("linux", (*_MANYLINUX, "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"),
                    {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                     "platform_machine": "x86_64"}),
    "windows": Target("windows", ("win_amd64",),
                      {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
                       "platform_machine": "AMD64"}),
}
"""The bundle's targets: Linux x86-64 and Windows x64, CPython 3.11."""


@dataclass(frozen=True)
class Locked:
    """One requirement of the lock: ``name==version ; marker`` and the hashes of its files."""

    requirement: Requirement
    hashes: tuple[str, ...]

    @property
    def name(self) -> str:
        return canonicalize_name(self.requirement.name)

    @property
    def version(self) -> str:
        (spec,) = self.requirement.specifier
        return spec.version

    def applies(self, target: Target) -> bool:
        """Whether some CPython 3.11.x on ``target`` installs it."""
        marker = self.requirement.marker
        return marker is None or any(marker.evaluate(env) for env in target.environments())

    def line(self) -> str:
        """The requirement without its marker, with its hashes (a pip requirements line)."""
        return " ".join([f"{self.requirement.name}=={self.version}", *(f"--hash={h}" for h in self.hashes)])


def read_lock(path: Path) -> list[Locked]:
    """The requirements of a lock written by ``uv pip compile --generate-hashes`` (``make lock``)."""
    logical, current = [], ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        text = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not text:
            continue
        current += " " + text.rstrip("\\").strip()
        if not text.endswith("\\"):
            logical.append(current.strip())
            current = ""
    out = []
    for line in logical:
        parts = line.split(" --hash=")
        req = Requirement(parts[0].strip())
        if len(req.specifier) != 1 or next(iter(req.specifier)).operator != "==":
            raise SystemExit(f"{path}: {parts[0]!r} is not pinned with ==")
        out.append(Locked(req, tuple(h.strip() for h in parts[1:])))
    return out


def missing_wheels(lock: Iterable[Locked], wheels: Path, target: Target) -> list[str]:
    """Locked packages of ``target`` with no wheel in ``wheels`` that its CPython 3.11 can install.

    Examples
    --------
    >>> missing_wheels([], Path("."), TARGETS["windows"])
    []
    """
    accepted = set(target.tags())
    have: dict[tuple[str, str], bool] = {}
    for whl in wheels.glob("*.whl"):
        name, version, _, tags = parse_wheel_filename(whl.name)
        key = (name, str(version))
        have[key] = have.get(key, False) or bool(accepted & set(tags))
    return [f"{x.name}=={x.version}" for x in lock if x.applies(target) and not have.get((x.name, x.version))]


def _pip(*args: str) -> None:
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    if subprocess.run(cmd, check=False).returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}")


def download(lock: list[Locked], target: Target, wheels: Path) -> None:
    """Download (hash-checked) the wheels of every locked package of ``target`` into ``wheels``.

    The lock may pin a package differently for early and late 3.11.x releases (a fork on ``python_full_version``,
    as soupsieve's newest releases need 3.11.5): pip is called once for each distinct set, with that release's
    version for its Requires-Python checks; files already fetched are reused.
    """
    sets: dict[tuple[str, ...], str] = {}
    for env in target.environments():
        chosen = tuple(x.line() for x in lock if x.requirement.marker is None or x.requirement.marker.evaluate(env))
        sets.setdefault(chosen, env["python_full_version"])
    platform_args = [a for p in target.platforms for a in ("--platform", p)]
    with tempfile.TemporaryDirectory() as tmp:
        for i, (chosen, python) in enumerate(sets.items()):
            req = Path(tmp) / f"{target.name}-{i}.txt"
            req.write_text("\n".join(chosen) + "\n", encoding="utf-8")
            _pip("download", "--quiet", "--no-deps", "--only-binary=:all:", "--require-hashes", "-r", str(req),
                 "--dest", str(wheels), "--python-version", python, "--implementation", "cp", "--abi", "cp311",
                 *platform_args)


_NOT_SHIPPED = {".git", ".venv", "build", "dist", "static", "tests", "bench", "docs", ".pytest_cache",
                ".ruff_cache", ".hypothesis", ".ci"}


def build_project(wheels: Path) -> Path:
    """Build the atlas's wheel from a clean copy of this checkout (no stale ``build/``) into ``wheels``."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"

        def ignore(folder: str, names: list[str]) -> set[str]:
            top = Path(folder).resolve() == ROOT
            return {n for n in names if (top and n in _NOT_SHIPPED) or n == "__pycache__" or n.endswith(".egg-info")}

        shutil.copytree(ROOT, src, ignore=ignore)
        env = dict(os.environ)
        env.setdefault("SOURCE_DATE_EPOCH", _commit_time())
        cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", "wheel", "--quiet", "--no-deps",
               "--no-build-isolation", "--wheel-dir", str(wheels), str(src)]
        if subprocess.run(cmd, env=env, check=False).returncode:
            raise SystemExit("failed to build the atlas's wheel (is setuptools from requirements-dev.txt installed?)")
    (built,) = wheels.glob("ries_atlas-*.whl")
    return built


def _commit_time() -> str:
    out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False)
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "315532800"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def archive(stage: Path, out: Path) -> Path:
    """Zip ``stage`` (wheels stored as they are, text deflated) as ``out/STAGE.zip``."""
    path = out / f"{stage.name}.zip"
    tmp = path.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w") as zf:
        for file in sorted(p for p in stage.rglob("*") if p.is_file()):
            mode = zipfile.ZIP_STORED if file.suffix == ".whl" else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo.from_file(file, f"{stage.name}/{file.relative_to(stage).as_posix()}")
            info.compress_type = mode
            with file.open("rb") as src, zf.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    tmp.replace(path)
    return path


def build(out: Path, targets: list[str], lock_path: Path = ROOT / "requirements.txt") -> Path:
    """Write ``out/ries-atlas-VERSION-offline.zip`` for ``targets``; returns its path."""
    t0 = time.monotonic()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    stage = out / f"ries-atlas-{version}-offline"
    if stage.exists():
        shutil.rmtree(stage)
    wheels = stage / "wheels"
    wheels.mkdir(parents=True)
    lock = read_lock(lock_path)
    for name in targets:
        download(lock, TARGETS[name], wheels)
        print(f"offline-bundle: {name} wheels in {time.monotonic() - t0:.0f} s", flush=True)
    project = build_project(wheels)
    for name in targets:
        missing = missing_wheels(lock, wheels, TARGETS[name])
        if missing:
            raise SystemExit(f"offline-bundle: no {name} wheel for {', '.join(missing)}")
    shutil.copyfile(lock_path, stage / "requirements.txt")
    for template in ("install.sh", "install.ps1", "README.txt"):
        shutil.copyfile(TEMPLATES / template, stage / template)
    (stage / "install.sh").chmod(0o755)
    sums = [f"{_sha256(f)}  {f.relative_to(stage).as_posix()}" for f in sorted(stage.rglob("*")) if f.is_file()]
    (stage / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
    path = archive(stage, out)
    n = len(list(wheels.glob("*.whl")))
    shutil.rmtree(stage)  # the archive is the bundle
    print(f"offline-bundle: {path} ({path.stat().st_size / 2**20:.0f} MiB, {n} wheels incl. {project.name}) "
          f"in {time.monotonic() - t0:.0f} s", flush=True)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the archive (default dist/)")
    parser.add_argument("--platform", action="append", choices=sorted(TARGETS), dest="platforms",
                        help="a target (repeatable; default: all)")
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements.txt", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    build(args.out.resolve(), args.platforms or sorted(TARGETS), args.lock)
    return 0


if __name__ == "__main__":
    sys.exit(main())
