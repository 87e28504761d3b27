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
            f"Measured by `make bench` on {_machine()} at {_now()}.",
            RATIO_LINE,
            "",
            TABLE_HEAD,
            TABLE_RULE,
        ]
        return "\n".join(head + self._body()) + "\n"

    def merged_into(self, existing: str, groups: list[str]) -> str:
        """``existing`` results with the rows of ``groups`` replaced by this run's (``python -m bench GROUP``).

        The other groups' rows, the notes above the table and the sections after it are kept; a line above
        the ratio line says which groups were re-measured, when and where. A group not in ``existing`` is
        appended at the end of the table; ``existing`` without a results table gives :meth:`markdown`.
        """
        lines = existing.splitlines()
        if TABLE_HEAD not in lines:
            return self.markdown()
        start = lines.index(TABLE_HEAD) + 2
        end = start
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        mine = list(zip(self._groups(), self._body(), strict=True))
        out: list[str] = []
        placed: set[str] = set()
        for row in lines[start:end]:
            group = row.split("|")[1].strip()
            if group not in groups:
                out.append(row)
            elif group not in placed:
                out.extend(r for g, r in mine if g == group)
                placed.add(group)
        out.extend(r for g, r in mine if g not in placed)
        names = ", ".join(f"`{g}`" for g in groups)
        note = (f"The {names} rows were re-measured with `python -m bench {' '.join(groups)}` on {_machine()} "
                f"at {_now()}.")
        head = lines[:start - 2]
        at = head.index(RATIO_LINE) if RATIO_LINE in head else len(head)
        return "\n".join(head[:at] + [note] + head[at:] + lines[start - 2:start] + out + lines[end:]) + "\n"

    def _body(self) -> list[str]:
        return [
            f"| {r.group} | {r.measure} | {_num(r.value)} | {r.unit} | "
            f"{'' if r.baseline is None else _num(r.baseline)} | "
            f"{'' if r.ratio is None else f'{r.ratio:.1f}×'} | {r.note} |"
            for r in self.rows
        ]

    def _groups(self) -> list[str]:
        return [r.group for r in self.rows]


TABLE_HEAD = "| group | measure | value | unit | baseline | ratio | note |"
TABLE_RULE = "|---|---|---:|---|---:|---:|---|"
RATIO_LINE = "Ratio = baseline / value: above 1 means faster (or smaller) than the naive baseline."


def _machine() -> str:
    return (f"{platform.node() or 'this machine'} ({platform.machine()}, Python {platform.python_version()}, "
            f"{_cpu_count()} cores)")


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


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
