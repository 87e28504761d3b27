"""No call in the page's code passes an argument Streamlit has deprecated (fast; the Chromium walk in
``tests/test_install_serving.py`` reads the server log for everything else).

Streamlit 1.50+ logs "`use_container_width` will be removed after 2025-12-31" for every st.dataframe/st.altair_chart
that passes it (``width="stretch"`` or ``"content"`` replace it); streamlit-folium's own ``use_container_width`` is
``width=None``. A merge that brings one back fails here before any browser starts.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPRECATED = {"use_container_width"}


def _page_files() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py"))]


def test_no_deprecated_keyword_in_the_page_code():
    found = []
    for path in _page_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                found += [f"{path.relative_to(ROOT)}:{node.lineno} {kw.arg}=" for kw in node.keywords
                          if kw.arg in DEPRECATED]
            elif isinstance(node, ast.arg) and node.arg in DEPRECATED:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} parameter {node.arg}")
    assert found == []


def test_the_check_sees_a_deprecated_keyword(tmp_path):
    bad = "import streamlit as st\nst.dataframe([], use_container_width=True)\n"
    calls = [n for n in ast.walk(ast.parse(bad)) if isinstance(n, ast.Call)]
    assert any(kw.arg in DEPRECATED for c in calls for kw in c.keywords)
