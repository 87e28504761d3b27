"""Reading people's files: tables (CSV/XLSX) and point files, into frames the analysis layer takes.

The floor between ``geo`` and ``analysis``: ``lang ← geo ← ingest ← analysis ← report ← ui / cli / app.py``.
It may use ``geo`` (codes, boundaries, notes) and never imports ``analysis`` or anything above it.

* :mod:`ingest.importer` — a CSV/XLSX table into the tidy long format with its match report
  (:func:`~ingest.importer.import_file`), in named steps:
  :mod:`ingest.grid` (bytes → text cells), :mod:`ingest.matching` (the region column and rows),
  :mod:`ingest.layout` (header, wide/long value columns, years), :mod:`ingest.values` (records, checks, tidy
  values; cell text through :mod:`ingest.numbers`), :mod:`ingest.match_report` and :mod:`ingest.totals`
  (totals against their sums); :mod:`ingest.work` carries the progress hook and the budget.
* :mod:`ingest.xlsx_reader` — a workbook's cells, read safely (zip and XML bombs refused, budgets kept).
* :mod:`ingest.points` — point files (CSV/XLSX/GeoJSON/GeoParquet): coordinates detected and located.
* :mod:`ingest.errors` — :class:`~ingest.errors.ImportFileError`, the one error these raise.
"""
