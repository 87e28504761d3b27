"""Argument types with bounds, so an out-of-range number is refused by argparse with one usage line and exit 2.

``type=int`` alone accepts ``--seed -1`` (NumPy then raises a traceback) and ``--dpi 5000`` (a 9.4 GB figure);
these types name the accepted range instead.

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser()
>>> _ = p.add_argument("--seed", type=int_range(0, 2**32 - 1))
>>> p.parse_args(["--seed", "7"]).seed
7
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from analysis import ranges
from analysis.defaults import MAX_PERMUTATIONS, PERMUTATIONS, SEED, SEED_MAX

__all__ = ["MAX_PERMUTATIONS", "SEED_MAX", "YearArg", "add_permutation_options", "bounded", "float_range", "int_range",
           "resolve_year", "year_or_half"]


def int_range(lo: int, hi: int, what: str = "") -> Callable[[str], int]:
    """An argparse ``type`` accepting whole numbers from ``lo`` to ``hi`` (both included).

    Parameters
    ----------
    lo, hi : int
        Bounds.
    what : str, optional
        Why the bound exists, added to the message (e.g. ``"larger images take gigabytes"``).
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not lo <= value <= hi:
            why = f" ({what})" if what else ""
            raise argparse.ArgumentTypeError(f"{value} is out of range: use {lo} to {hi}{why}")
        return value

    parse.__name__ = "integer"
    return parse


def bounded(r: ranges.Range, *, lo: int | None = None) -> Callable[[str], int]:
    """An argparse ``type`` for one of the shared ranges of :mod:`analysis.ranges` (``lo`` overrides its minimum).

    Examples
    --------
    >>> from analysis.ranges import CLASSES
    >>> p = argparse.ArgumentParser()
    >>> _ = p.add_argument("--k", type=bounded(CLASSES), default=CLASSES.default)
    >>> p.parse_args(["--k", "12"]).k
    12
    """
    return int_range(r.lo if lo is None else lo, r.hi, r.why)


def float_range(lo: float, hi: float, *, open_lo: bool = False, open_hi: bool = False) -> Callable[[str], float]:
    """An argparse ``type`` accepting finite numbers between ``lo`` and ``hi`` (``open_*``: bound excluded)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        low_ok = value > lo if open_lo else value >= lo
        high_ok = value < hi if open_hi else value <= hi
        if not (math.isfinite(value) and low_ok and high_ok):
            left, right = "(" if open_lo else "[", ")" if open_hi else "]"
            raise argparse.ArgumentTypeError(f"{text} is out of range: use a number in {left}{lo:g}, {hi:g}{right}")
        return value

    parse.__name__ = "number"
    return parse


def add_permutation_options(p: argparse.ArgumentParser, what: str = "random permutations", *,
                            minimum: int = 1) -> None:
    """Add ``--permutations`` (``minimum`` to :data:`MAX_PERMUTATIONS`, default :data:`PERMUTATIONS`) and
    ``--seed`` (0 to :data:`SEED_MAX`, default :data:`SEED`; the app's seed box takes the same range), the pair every
    command with a permutation test takes (:mod:`analysis.defaults`).

    Parameters
    ----------
    p : argparse.ArgumentParser
        The command's parser.
    what : str
        What is permuted, for the help text (e.g. ``"LISA permutations"``).
    minimum : int
        Fewest permutations accepted (0 where the command can skip inference).

    Examples
    --------
    >>> p = argparse.ArgumentParser()
    >>> add_permutation_options(p)
    >>> a = p.parse_args(["--seed", "7"])
    >>> a.permutations, a.seed
    (999, 7)
    """
    p.add_argument("--permutations", type=bounded(ranges.PERMUTATIONS, lo=minimum), default=PERMUTATIONS,
                   help=f"{what} (default {PERMUTATIONS}, at most {MAX_PERMUTATIONS:,})")
    p.add_argument("--seed", type=bounded(ranges.SEED), default=SEED,
                   help=f"random seed, 0 to {SEED_MAX} (default {SEED})")


@dataclass(frozen=True)
class YearArg:
    """A ``--year`` as typed: a year (``2024``) or a half-year (``2024H2``)."""

    year: int
    half: str = ""

    def __str__(self) -> str:
        return f"{self.year}{self.half}"


def year_or_half(text: str) -> YearArg:
    """An argparse ``type`` for ``--year``: ``2024``, or a half-year ``2024H1``/``2024H2`` (resolved later by
    :func:`resolve_year` against the indicators' reference periods).

    Examples
    --------
    >>> year_or_half("2024"), year_or_half("2024h2")
    (YearArg(year=2024, half=''), YearArg(year=2024, half='H2'))
    """
    m = re.fullmatch(r"\s*(\d{4})\s*(?:([Hh])([12]))?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year: write 2024, or a half-year such as 2024H2")
    year = int(m.group(1))
    if year not in ranges.YEAR:
        raise argparse.ArgumentTypeError(f"{year} is out of range: use {ranges.YEAR.lo} to {ranges.YEAR.hi}")
    return YearArg(year, f"H{m.group(3)}" if m.group(2) else "")


year_or_half.__name__ = "year"


def resolve_year(arg: YearArg | int | None, store, ids: Iterable[str]) -> int | None:
    """The integer year the store files ``arg`` under, for these indicators.

    Years stay integers in the store: a half-yearly survey is bundled as one reference period per year, the H2
    (October) round (catalogue ``reference_period`` ``H2``). So ``2024H2`` is 2024 when every requested
    indicator is referenced to H2; ``2024H1`` is refused (H1 is not bundled), and so is a half-year for an indicator
    whose year is not a half-year.

    Raises
    ------
    DataError
        One line naming the indicators' reference period and the year to type instead.
    """
    from analysis.errors import DataError
    from lang import word

    if arg is None or isinstance(arg, int):
        return arg
    if not arg.half:
        return arg.year
    ids = list(dict.fromkeys(ids))
    periods = {i: store.reference_period(i) for i in ids}
    other = [i for i, p in periods.items() if p != "H2"]
    if other:
        what = "; ".join(f"{i}: {word('reference_period', periods[i] or 'year', 'en')}" for i in other)
        raise DataError(f"--year {arg} names a half-year, but not every indicator is a half-yearly figure ({what}); "
                        f"pass --year {arg.year}")
    if arg.half != "H2":
        raise DataError(f"--year {arg}: {', '.join(ids)} are referenced to the H2 (October) round of the half-yearly "
                        f"survey, filed under its year; {arg.half} figures are not bundled; pass --year {arg.year} "
                        f"or {arg.year}H2")
    return arg.year
