"""The ranges of the numbers people choose, written once for the page's widgets and the command line.

Each :class:`Range` is what a widget offers and what the matching CLI option accepts (``cli.args.bounded`` turns
one into an argparse type whose refusal is one ``error:`` line and exit 2); a library call given a number outside
it by other code refuses with :meth:`Range.check`. Light on purpose (no library imported): every command's parser
reads it. Why each bound:

* :data:`CLASSES` 2–12: one class is no map; 12 is as many as a legend can be read by (equal to
  :data:`geo.classify.MAX_USER_BINS`, tested).
* :data:`PERMUTATIONS` up to 9,999 (:data:`analysis.defaults.MAX_PERMUTATIONS`, the page's largest choice): a
  si-gun-gu ``trend`` at 9,999 takes ~3 minutes on a shared 2-core machine, 99,999 did not finish in 300 s.
* :data:`SEED` 0 to 2³²−1 (:data:`analysis.defaults.SEED_MAX`): NumPy's seed range.
* :data:`YEAR` 1900–2100: every table of the atlas and any list a person uploads.
* :data:`MARKOV_CLASSES` 2–8: share classes and lag classes of the Change tab's Markov chains (giddy also needs
  fewer classes than regions, which :mod:`analysis.transitions` checks).
* :data:`PEERS` 1–30: peers of a region's scorecard (a longer list is no longer a peer group).
* :data:`WORKERS` 1 to 4 × the machine's cores: workers of a local Dask cluster (more only queue for the
  same cores; 200 workers hung the machine for minutes, issue 30).

Examples
--------
>>> CLASSES.check(5, "classes")
5
>>> 13 in CLASSES, CLASSES.values()[:3]
(False, [2, 3, 4])
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from analysis import defaults
from analysis.errors import DataError
from analysis.notes import Note

__all__ = ["CLASSES", "MARKOV_CLASSES", "PEERS", "PERMUTATIONS", "SEED", "WORKERS", "YEAR", "Range"]


@dataclass(frozen=True)
class Range:
    """Whole numbers from ``lo`` to ``hi`` (both included), the default and why the bounds are there.

    Attributes
    ----------
    lo, hi : int
        Smallest and largest accepted value.
    default : int
        The value used when none is given.
    why : str
        The reason for the bounds in a few English words (CLI help and messages).
    """

    lo: int
    hi: int
    default: int
    why: str = ""

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.lo <= value <= self.hi

    def values(self) -> list[int]:
        """Every accepted value, for a widget's options (ranges of at most a few hundred values)."""
        return list(range(self.lo, self.hi + 1))

    def check(self, value: int, name: str) -> int:
        """``value`` when it is in the range, else a :class:`DataError` naming ``name`` and the range.

        Examples
        --------
        >>> PEERS.check(0, "peers")
        Traceback (most recent call last):
        ...
        analysis.errors.DataError: peers 0 is out of range: use 1 to 30 (a longer list is no peer group).
        """
        if value not in self:
            raise DataError(Note("out_of_range", "{name} {value} is out of range: use {lo} to {hi}{why}.",
                                 name=name, value=str(value), lo=f"{self.lo:,}", hi=f"{self.hi:,}",
                                 why=f" ({self.why})" if self.why else ""))
        return value


CLASSES = Range(2, 12, 5, "more classes cannot be read on a map")
"""Classes of a choropleth (the Map tab's slider, ``map --k``)."""

PERMUTATIONS = Range(1, defaults.MAX_PERMUTATIONS, defaults.PERMUTATIONS, "bounds the work")
"""Random permutations of a test (the Clusters tab's choices, ``--permutations``)."""

SEED = Range(0, defaults.SEED_MAX, defaults.SEED, "NumPy's seed range")
"""Random seed of the permutations (the Clusters tab's seed box, ``--seed``)."""

YEAR = Range(1900, 2100, 2020, "a year of the data")
"""Any year a person gives (``--year``, ``--anchor``, the point list's year)."""

MARKOV_CLASSES = Range(2, 8, 4, "classes of regional shares")
"""Share classes and lag classes of the Markov chains (the Change tab, ``markov --k/--m``)."""

PEERS = Range(1, 30, 5, "a longer list is no peer group")
"""Peer regions of a scorecard (``profile --peers``)."""

WORKERS = Range(1, 4 * (os.cpu_count() or 1), 2, "4 per core; more only queue for the same cores")
"""Workers of a local Dask cluster (``aggregate --workers``)."""
