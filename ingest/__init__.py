"""Reading people's files: tables (CSV/XLSX) and point files, into frames the analysis layer takes.

The floor between ``geo`` and ``analysis``: ``lang ← geo ← ingest ← analysis ← report ← ui / cli / app.py``.
It may use ``geo`` (codes, boundaries, notes) and never imports ``analysis`` or anything above it.

* :mod:`ingest.importer` — a CSV/XLSX table into the tidy long format, with the match report.
* :mod:`ingest.xlsx_reader` — a workbook's cells, read safely (zip and XML bombs refused, budgets kept).
* :mod:`ingest.points` — point files (CSV/XLSX/GeoJSON/GeoParquet): coordinates detected and located.
* :mod:`ingest.errors` — :class:`~ingest.errors.ImportFileError`, the one error these raise.
"""
