"""The layout's one-way dependencies: geo and analysis are UI-free; geo never imports analysis."""

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


@pytest.mark.parametrize("package", ["geo", "analysis"])
def test_libraries_never_import_streamlit(package):
    offenders = [str(p.relative_to(ROOT)) for p in _files(package)
                 if _imports(p) & {"streamlit", "streamlit_folium"}]
    assert offenders == [], f"streamlit imported in library code: {offenders}"


def test_geo_never_imports_analysis():
    offenders = [str(p.relative_to(ROOT)) for p in _files("geo") if "analysis" in _imports(p)]
    assert offenders == [], f"geo/ must not depend on analysis/: {offenders}"


def test_import_checker_detects_streamlit(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom streamlit import session_state\n")
    assert "streamlit" in _imports(bad)


def test_required_layout_exists():
    for rel in ["app.py", "geo", "analysis", "data/boundaries", "data/indicators", "tests",
                "requirements.txt", "requirements-dev.txt", "README.md", "Makefile", ".ci/run"]:
        assert (ROOT / rel).exists(), rel


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
