"""The suggested pairs of each level: x against y with the planner's words (``data/pairs.csv``).

The study names its mismatch by layer — R&D and knowledge services, skilled workforce, production and its
facilities — so the Mismatch, Clusters and presenter views offer, per level, the pairs that say it: R&D against
manufacturing, professionals against machine operators, knowledge-service jobs against manufacturing jobs, business
services against employment in industrial complexes, and at si-gun-gu the two value-added series. Each pair has a
title and a note in Korean and English (what the data are, and where a pair has no common year, why: complexes
exist for 2023 Q4 only while si-gun-gu real value added is national for 2020–2022, so that pair is said, not
invented). The first pair of a level with a comparable year is its default. The table is data so that planners
can change a phrase without touching code; :func:`pairs_for` checks it.

Examples
--------
>>> [p.key for p in pairs_for("sido")][:2]
['rnd_manufacturing', 'professionals_operators']
>>> pair("sigungu", "business_services_complexes").y
'complexes_count'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.errors import AtlasError, DataError

if TYPE_CHECKING:
    from analysis.store import Store

__all__ = ["PAIRS_CSV", "Pair", "comparable", "default_pair", "pair", "pair_of", "pairs_for"]

PAIRS_CSV = Path(__file__).resolve().parents[1] / "data" / "pairs.csv"
"""``level,key,x,y,title_ko,title_en,note_ko,note_en``: the suggested pairs, in the order they are offered."""


@dataclass(frozen=True)
class Pair:
    """One suggested pair of a level.

    Attributes
    ----------
    level, key : str
    x, y : str
        Indicator ids (x first: the region's own variable of the bivariate LISA, the numerator of ln M).
    title_ko, title_en : str
        The pair in the planner's words.
    note_ko, note_en : str
        What the data are, or why the pair has no common year.
    """

    level: str
    key: str
    x: str
    y: str
    title_ko: str
    title_en: str
    note_ko: str = ""
    note_en: str = ""


@functools.lru_cache(maxsize=1)
def _pairs() -> tuple[Pair, ...]:
    if not PAIRS_CSV.exists():
        raise DataError(f"{PAIRS_CSV} is missing: it lists the suggested pairs of each level")
    df = pd.read_csv(PAIRS_CSV, dtype=str, keep_default_na=False)
    need = ["level", "key", "x", "y", "title_ko", "title_en", "note_ko", "note_en"]
    if list(df.columns) != need:
        raise DataError(f"{PAIRS_CSV.name} needs the columns {', '.join(need)} (has {', '.join(df.columns)})")
    if df.duplicated(["level", "key"]).any() or (df["x"] == df["y"]).any():
        raise DataError(f"{PAIRS_CSV.name}: a key is repeated within a level, or a pair compares an indicator with "
                        "itself")
    return tuple(Pair(**r) for r in df.to_dict("records"))


def pairs_for(level: str) -> list[Pair]:
    """The suggested pairs of ``level`` in the table's order (none for a level without any)."""
    return [p for p in _pairs() if p.level == level]


def pair(level: str, key: str) -> Pair:
    """One pair by level and key; an unknown key raises :class:`DataError` listing the level's keys."""
    for p in pairs_for(level):
        if p.key == key:
            return p
    raise DataError(f"unknown pair {key!r} at {level}; pairs: {', '.join(p.key for p in pairs_for(level))}")


def pair_of(level: str, x: str, y: str) -> Pair | None:
    """The suggested pair that is exactly (x, y) at ``level``, if any."""
    return next((p for p in pairs_for(level) if (p.x, p.y) == (x, y)), None)


def comparable(store: Store, p: Pair) -> list[int]:
    """The years in which the pair can be compared (:func:`analysis.compare.comparable_years`); empty when its
    indicators are not in the store or have no common complete year."""
    from analysis.compare import comparable_years

    try:
        return list(comparable_years(store, p.x, p.y, p.level))
    except AtlasError:
        return []


def default_pair(store: Store, level: str) -> Pair | None:
    """The level's first pair with a comparable year (the views' default), None when none has one.

    Examples
    --------
    >>> from analysis.store import bundled
    >>> default_pair(bundled(), "sigungu").key
    'business_services_manufacturing_b2015'
    """
    return next((p for p in pairs_for(level) if comparable(store, p)), None)
