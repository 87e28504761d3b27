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
from collections.abc import Callable

from analysis.ranges import PERMUTATIONS, SEED, Range

__all__ = ["MAX_PERMUTATIONS", "SEED_MAX", "add_permutation_options", "bounded", "float_range", "int_range"]

SEED_MAX = SEED.hi
"""Largest seed NumPy accepts (:data:`analysis.ranges.SEED`)."""

MAX_PERMUTATIONS = PERMUTATIONS.hi
"""Most permutations a command accepts, the page's largest choice (:data:`analysis.ranges.PERMUTATIONS`)."""


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


def bounded(r: Range, *, lo: int | None = None) -> Callable[[str], int]:
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
    """Add ``--permutations`` (``minimum`` to :data:`MAX_PERMUTATIONS`, default 999) and ``--seed`` (0 to
    :data:`SEED_MAX`, default 12345), the pair every command with a permutation test takes.

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
    p.add_argument("--permutations", type=bounded(PERMUTATIONS, lo=minimum), default=PERMUTATIONS.default,
                   help=f"{what} (default {PERMUTATIONS.default}, at most {MAX_PERMUTATIONS:,})")
    p.add_argument("--seed", type=bounded(SEED), default=SEED.default,
                   help=f"random seed, 0 to {SEED_MAX} (default {SEED.default})")
