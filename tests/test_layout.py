"""The layout's one-way dependencies: lang ← geo ← ingest ← analysis ← report ← ui / cli / app.py.

lang (the words of every layer) imports none of the others; geo never imports ingest, analysis, report, ui or cli;
ingest (reading people's files) never imports analysis or anything above it; analysis never imports report, ui, cli
or a drawing library (matplotlib, folium, python-pptx); report never imports ui or cli; nothing below ui imports
streamlit.
``analysis/__main__.py`` is the one exception: the ``python -m analysis`` entry point, which hands over to cli.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


_UI = {"streamlit", "streamlit_folium", "ui", "cli", "app"}
BANNED = {
    "lang": _UI | {"geo", "ingest", "analysis", "report", "pptx", "matplotlib", "folium"},
    "geo": _UI | {"ingest", "analysis", "report", "pptx"},
    "ingest": _UI | {"analysis", "report", "matplotlib", "folium", "pptx"},
    "analysis": _UI | {"report", "matplotlib", "folium", "pptx"},
    "report": _UI,
    "cli": {"streamlit", "streamlit_folium", "ui", "app"},
}
ENTRY_POINTS = {"analysis/__main__.py"}


@pytest.mark.parametrize("package", sorted(BANNED))
def test_layers_import_only_downwards(package):
    offenders = {str(p.relative_to(ROOT)): sorted(_imports(p) & BANNED[package]) for p in _files(package)
                 if str(p.relative_to(ROOT)) not in ENTRY_POINTS and _imports(p) & BANNED[package]}
    assert offenders == {}, f"{package}/ imports a layer above it or a banned library: {offenders}"


def test_entry_point_only_hands_over():
    assert _imports(ROOT / "analysis/__main__.py") == {"cli"}


def test_ruff_enforces_the_same_arrows():
    """Each layer's ruff.toml bans what BANNED lists (bar the app module), so the editor says it first."""
    import tomllib

    for package in ("lang", "geo", "ingest", "analysis", "report"):
        conf = tomllib.loads((ROOT / package / "ruff.toml").read_text(encoding="utf-8"))
        banned = set(conf["lint"]["flake8-tidy-imports"]["banned-api"])
        assert banned == BANNED[package] - {"app"}, package


def test_import_checker_detects_streamlit(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom streamlit import session_state\n")
    assert "streamlit" in _imports(bad)


def test_required_layout_exists():
    for rel in ["app.py", "geo", "ingest", "analysis", "data/boundaries", "data/indicators", "tests",
                "requirements.txt", "requirements-dev.txt", "README.md", "Makefile", ".ci/run"]:
        assert (ROOT / rel).exists(), rel


@pytest.mark.slow
def test_launcher_preload_leaves_streamlit_unconfigured():
    """`make run`'s launcher must not import streamlit before its CLI reads .streamlit/config.toml
    (static file serving for Leaflet); it does load the map's libraries and the bundled files."""
    import subprocess
    import sys

    code = ("import sys, ui.serve as s; s.preload(); "
            "print(any(m == 'streamlit' or m.startswith('streamlit.') for m in sys.modules), "
            "'mapclassify' in sys.modules, 'geopandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "True"]


def test_test_modules_share_helpers_not_each_other():
    """Tests import shared helpers from tests/helpers.py (fixtures come from conftest.py), never from another
    test module or from conftest: a helper has one home."""
    offenders = {}
    for path in sorted((ROOT / "tests").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        bad = sorted({node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
                      and (node.module.startswith("tests.test_") or node.module == "tests.conftest")})
        if bad:
            offenders[path.name] = bad
    assert offenders == {}
