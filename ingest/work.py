"""The work of one import: the stages it reports to a progress hook, and its budget.

``progress(stage, fraction)`` is the UI's hook (a progress bar): stages ``reading``, ``matching``,
``suggesting``, ``checking``, ``done``, with ``fraction`` in 0..1. It may raise to cancel the import (e.g. when
the session has ended); the exception propagates and nothing is kept.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["MAX_SUGGESTED", "SUGGEST_SECONDS", "Progress", "Work", "give_back"]

Progress = Callable[[str, float], None]
"""``progress(stage, fraction)``: stages ``reading``, ``matching``, ``suggesting``, ``checking``, ``done``."""

MAX_SUGGESTED: int = 200
"""At most this many distinct unmatched names of the region column get nearest-name suggestions."""

SUGGEST_SECONDS: float = 3.0
"""Time budget of the nearest-name suggestions of one import (each fuzzy search costs tens of ms)."""


@dataclass(frozen=True)
class Work:
    """What one import may do, and whom it tells.

    Attributes
    ----------
    progress : callable or None
        The progress hook.
    suggested : int
        Most distinct unmatched names given nearest-name suggestions.
    suggest_seconds : float
        Time budget of those suggestions.
    """

    progress: Progress | None = None
    suggested: int = MAX_SUGGESTED
    suggest_seconds: float = SUGGEST_SECONDS

    def tell(self, stage: str, fraction: float) -> None:
        """Report a stage to the hook, if there is one."""
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
