"""The upload page alone (plus the bundled data tab to switch to), for tests/test_import_ui.py (AppTest) and
bench/bench_load.py (used there until app.py registers the import tab)."""

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st

from ui import import_tab

lang = st.query_params.get("lang", "ko")
tab = st.segmented_control("tab", ["import", "data"], key="tab", default="import", required=True,
                           label_visibility="collapsed")
if tab == "import":
    import_tab.render(lang)
else:
    importlib.import_module(f"ui.{tab}_tab").render(lang)
