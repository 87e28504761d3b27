"""The work of one import: the stages it reports to a progress hook, and its budget.

``progress(stage, fraction)`` is the UI's hook (a progress bar): stages ``reading``, ``matching``,
``suggesting``, ``checking``, ``done``, with ``fraction`` in 0..1. It may raise to cancel the import (e.g. when
the session has ended); the exception propagates and nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["MAX_SUGGESTED", "SUGGEST_SECONDS", "Progress", "Work"]

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
