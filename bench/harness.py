"""Shared benchmark helpers: a timing function and the results table."""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    """One measured figure.

    Attributes
    ----------
    group : str
        The benchmark module (e.g. ``boundaries``).
    measure : str
        What was measured, in words.
    value : float
        The measured value.
    unit : str
        Unit of ``value`` (``s``, ``ms``, ``MB`` ...).
    baseline : float or None
        The same measure for a naive baseline run in the same process, if meaningful.
    note : str
        Anything a reader needs to interpret the row (target, baseline description).
    """

    group: str
    measure: str
    value: float
    unit: str
    baseline: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Baseline divided by value (> 1 means we are faster/smaller than the baseline)."""
        if self.baseline is None or self.value == 0:
            return None
        return self.baseline / self.value


@dataclass
class Report:
    """Collects rows from every benchmark module."""

    group: str = ""
    rows: list[Row] = field(default_factory=list)

    def add(self, measure: str, value: float, unit: str, baseline: float | None = None, note: str = "") -> None:
        """Add one row to the table under the current group."""
        row = Row(self.group, measure, float(value), unit, None if baseline is None else float(baseline), note)
        self.rows.append(row)
        print(_format_row(row), flush=True)

    def markdown(self) -> str:
        """The table as Markdown, with the machine it was measured on."""
        head = [
            "# Benchmark results",
            "",
            f"Measured by `make bench` on {platform.node() or 'this machine'} "
            f"({platform.machine()}, Python {platform.python_version()}, {_cpu_count()} cores) "
            f"at {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
            "Ratio = baseline / value: above 1 means faster (or smaller) than the naive baseline.",
            "",
            "| group | measure | value | unit | baseline | ratio | note |",
            "|---|---|---:|---|---:|---:|---|",
        ]
        body = [
            f"| {r.group} | {r.measure} | {_num(r.value)} | {r.unit} | "
            f"{'' if r.baseline is None else _num(r.baseline)} | "
            f"{'' if r.ratio is None else f'{r.ratio:.1f}×'} | {r.note} |"
            for r in self.rows
        ]
        return "\n".join(head + body) + "\n"


def timeit(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in seconds over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _num(x: float) -> str:
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 1


def _format_row(r: Row) -> str:
    base = "" if r.baseline is None else f"  (baseline {_num(r.baseline)} {r.unit}, ratio {r.ratio:.1f}x)"
    return f"{r.group:<12} {r.measure:<60} {_num(r.value):>10} {r.unit:<4}{base}  {r.note}"
