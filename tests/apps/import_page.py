"""The upload page alone, for tests/test_import_ui.py (AppTest) and bench/bench_load.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st

from ui import import_tab

import_tab.render(st.query_params.get("lang", "ko"))
