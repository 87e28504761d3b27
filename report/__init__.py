"""Files for people: static maps, tables (CSV/XLSX), offline HTML, the briefing PDF and the PPTX deck.

`report` draws what `analysis` computes. It may import `geo` and `analysis`; it never imports streamlit,
`ui` or `cli` (ruff TID251 via ``report/ruff.toml`` and ``tests/test_layout.py``).
"""
