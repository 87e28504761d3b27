"""Benchmarks for RIES Atlas: ``python -m bench`` (or ``make bench``).

Every ``bench/bench_*.py`` module defines ``run(report: Report) -> None`` and adds rows with
``report.add(...)``. The runner prints one table and writes it to ``bench/results.md``.
"""
