"""The work of one import: the stages it reports to a progress hook, and its budget.

``progress(stage, fraction)`` is the UI's hook (a progress bar): stages ``reading``, ``matching``,
``suggesting``, ``checking``, ``done``, with ``fraction`` in 0..1. It may raise to cancel the import (e.g. when
the session has ended); the exception propagates and nothing is kept.

**The budget.** No legal upload may hold a worker for minutes. The sizes that make an import slow are bounded
where they are read (:data:`ingest.grid.MAX_BYTES`, :data:`ingest.grid.MAX_CELLS`; a workbook's cells and sheet
size, :mod:`ingest.xlsx_reader`), and what no size predicts — a million distinct names to resolve, a file that
repeats every row — by :data:`MAX_SECONDS` of computing: :meth:`Work.check` runs between the steps and inside
every loop over distinct values or rows, and refuses the file with one sentence naming the limit. The budget is
the importing thread's CPU time, so one file is read or refused the same way however busy the server is.
"""

from __future__ import annotations

import ctypes
import functools
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from geo.notes import Note
from ingest.errors import ImportFileError

__all__ = ["MAX_SECONDS", "MAX_SUGGESTED", "SUGGEST_SECONDS", "Progress", "Work", "give_back"]

Progress = Callable[[str, float], None]
"""``progress(stage, fraction)``: stages ``reading``, ``matching``, ``suggesting``, ``checking``, ``done``."""

MAX_SUGGESTED: int = 200
"""At most this many distinct unmatched names of the region column get nearest-name suggestions."""

SUGGEST_SECONDS: float = 3.0
"""Time budget of the nearest-name suggestions of one import (each fuzzy search costs tens of ms)."""

MAX_SECONDS: float = 30.0
"""Most seconds of computing (the importing thread's CPU time) one import may take before it is refused. The
largest legal table (a 50 MB CSV of 7 million cells) takes about 3 s; a 5-million-cell workbook about 20 s."""


@dataclass(frozen=True)
class Work:
    """What one import may do, and whom it tells.

    Attributes
    ----------
    name : str
        The file's name (for the refusal).
    progress : callable or None
        The progress hook.
    suggested : int
        Most distinct unmatched names given nearest-name suggestions.
    suggest_seconds : float
        Time budget of those suggestions.
    seconds : float
        Seconds of computing the whole import may take (:data:`MAX_SECONDS`).
    started : float
        The thread's CPU clock when the import started (:func:`time.thread_time`).

    Examples
    --------
    >>> Work("t.csv", seconds=0.0, started=time.thread_time() - 1).check()
    Traceback (most recent call last):
    ...
    ingest.errors.ImportFileError: t.csv needs more than 0 seconds of computing to be read, the most one upload \
may take. Split it into smaller files or export fewer rows or items (KOSIS: 조회조건); a workbook is read \
several times faster saved as CSV.
    """

    name: str = "the file"
    progress: Progress | None = None
    suggested: int = MAX_SUGGESTED
    suggest_seconds: float = SUGGEST_SECONDS
    seconds: float = MAX_SECONDS
    started: float = field(default_factory=time.thread_time)

    def check(self) -> None:
        """Refuse the file once the import has computed for longer than its budget.

        Raises
        ------
        ImportFileError
            One sentence naming the limit.
        """
        if time.thread_time() - self.started > self.seconds:
            raise ImportFileError(Note(
                "work_budget", "{name} needs more than {seconds} seconds of computing to be read, the most one upload "
                "may take. Split it into smaller files or export fewer rows or items (KOSIS: 조회조건); a workbook is "
                "read several times faster saved as CSV.", name=self.name, seconds=f"{self.seconds:g}"))

    def every(self, n: int) -> Callable[[], None]:
        """A check to call once per item of a loop: it looks at the clock every ``n`` calls."""
        count = [0]

        def tick() -> None:
            count[0] += 1
            if count[0] % n == 0:
                self.check()

        return tick

    def tell(self, stage: str, fraction: float) -> None:
        """Report a stage to the hook, if there is one; a stage that starts work checks the budget first."""
        if stage != "done":
            self.check()
        if self.progress is not None:
            self.progress(stage, fraction)


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc; musl has none
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    """Return the heap memory freed so far to the operating system (glibc keeps freed blocks of up to 32 MB in
    the process; an import frees hundreds of them). Nothing elsewhere."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
