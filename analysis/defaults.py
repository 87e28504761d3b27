"""Defaults every reader shares, written once: levels, permutations, seed (and its range) and alpha.

The app's widgets, the CLI's options, the briefing, the deck and the library functions take their defaults from
here, so a number computed with the defaults is the same number everywhere, and a seed given to the CLI can be
put in an app link (one range, :data:`SEED_MAX`). No heavy imports: the CLI reads this module before it loads
the libraries.

Examples
--------
>>> PERMUTATIONS, SEED, ALPHA
(999, 12345, 0.05)
>>> "emd" in LEVELS and "emd" not in STUDY_LEVELS
True
"""

from __future__ import annotations

from geo.levels import LEVELS

__all__ = ["AGGREGATE_LEVELS", "ALPHA", "ALPHAS", "LEVELS", "MAX_PERMUTATIONS", "PERMUTATIONS", "PERMUTATION_CHOICES",
           "SEED", "SEED_MAX", "STUDY_LEVELS", "VALUE_LEVELS"]

AGGREGATE_LEVELS: tuple[str, ...] = ("group", "national")
"""Levels of published sums, kept to check the map levels' figures against (never drawn)."""

VALUE_LEVELS: tuple[str, ...] = (LEVELS[0], *AGGREGATE_LEVELS, *LEVELS[1:])
"""Levels a value can belong to: the map levels (:data:`LEVELS`) and the published sums
(:mod:`analysis.indicators` validates the bundled values against them)."""

STUDY_LEVELS: tuple[str, ...] = ("sido", "sigungu")
"""Levels of the comparisons a person picks (Mismatch and Clusters pairs, the change views, the briefing and
deck, the presenter's stories, the specialisation profile): the map levels with comparable published pairs."""

PERMUTATIONS: int = 999
"""Default number of random permutations of every permutation test."""

PERMUTATION_CHOICES: tuple[int, ...] = (999, 499, 99, 9999)
"""Permutation counts the app offers (the default first)."""

MAX_PERMUTATIONS: int = max(PERMUTATION_CHOICES)
"""Most permutations a command accepts: the app's largest choice, 9,999 (issue 31: ``trend --permutations 99999``
was still running after 300 s; at 9,999 a sido trend took 45 s, a si-gun-gu one ~3 min on the shared 2-core
machine). :data:`analysis.ranges.PERMUTATIONS` is this range."""

SEED: int = 12345
"""Default seed of every permutation test."""

SEED_MAX: int = 2**32 - 1
"""Largest seed (NumPy's range, 0 to 2³² − 1), for the CLI and the app's seed box alike, so every seed of the
command line can be reproduced by an app link and the other way round."""

ALPHA: float = 0.05
"""Default significance level of local statistics (LISA, Gi*)."""

ALPHAS: tuple[float, ...] = (0.05, 0.01, 0.1)
"""Significance levels the app offers (the default first)."""
