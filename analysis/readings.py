"""What a view's numbers mean, as named results: the numbers each sentence below a map or table is written from.

The sentences themselves are rendered from the ``lang`` catalogue by :mod:`report.readings` (one function per
reading, called by the tabs, the PDF and the deck alike); this module only decides *which* sentence applies and
with which numbers, so a hand-made case flips a reading in a test without any words.

* :func:`cluster_reading` — how many units each class of a LISA / Gi* map holds, at which cut-off.
* :func:`moran_reading` — global Moran's I in words: ``clustered``, ``dispersed`` or ``none`` (no clear pattern)
  at the significance level, with I, its expectation, z and p for the detail line.
* :func:`neighbour_reading` / :func:`specialisation_readings` — for a region's top specialisations, significant
  or not, whether its neighbours share them (their LQs, the LISA quadrant and p).
* :func:`difference_reading` — the Change tab's change between two years: where it rose and fell most, and
  whether the gains cluster (differential Moran's I, as :func:`moran_reading`).

The change of the Hoover index has its own result, :class:`analysis.change.HooverChange`.

Examples
--------
>>> from analysis.spatial import GlobalResult
>>> g = GlobalResult("moran", "x", "", 0.41, -0.0625, -0.06, 4.1, 0.001, 0.0, 999, 12345, 17, None)
>>> moran_reading(g).verdict
'clustered'
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.spatial import GlobalResult, LocalResult

__all__ = [
    "CLASSES",
    "SPECIALISED",
    "TOP_SPECIALISATIONS",
    "ClassCount",
    "ClusterReading",
    "DifferenceReading",
    "MoranReading",
    "NeighbourReading",
    "cluster_reading",
    "difference_reading",
    "moran_reading",
    "neighbour_lqs",
    "neighbour_reading",
    "specialisation_readings",
    "top_specialisations",
]

CLASSES: tuple[str, ...] = ("HH", "LL", "LH", "HL", "hot", "cold", "ns")
"""Cluster classes in the order a reading lists them (the legends' order)."""

SPECIALISED = 1.0
"""An LQ at or above this is specialised (the region's share of the industry at least the national one)."""

TOP_SPECIALISATIONS = 3
"""How many of a region's specialisations the scorecard reads (its highest LQs at or above 1; at least one)."""


# ---------------------------------------------------------------------------------------------------------
# cluster maps
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClassCount:
    """One class of a cluster map: its key (``HH``… ``ns``), how many units and which."""

    key: str
    count: int
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClusterReading:
    """The classes a LISA or Gi* map shows, with the cut-off behind them.

    Attributes
    ----------
    statistic : str
        ``moran_local``, ``moran_local_bv`` or ``getis_ord``.
    scheme : str
        Wording scheme of the labels (``univariate``, ``bivariate``, ``rnd_production``, ``mismatch``,
        ``getis_ord``).
    level : str
    classes : tuple of ClassCount
        The classes present, in :data:`CLASSES` order.
    n : int
    crit_value, alpha : float
        The p-value cut-off used and the level asked for.
    fdr : bool
    permutations : int
    seed : int or None
    """

    statistic: str
    scheme: str
    level: str
    classes: tuple[ClassCount, ...]
    n: int
    crit_value: float
    alpha: float
    fdr: bool
    permutations: int
    seed: int | None

    @property
    def n_significant(self) -> int:
        """Units in a significant class."""
        return sum(c.count for c in self.classes if c.key != "ns")

    def count(self, key: str) -> int:
        """Units in class ``key`` (0 when absent)."""
        return next((c.count for c in self.classes if c.key == key), 0)


def cluster_reading(local: LocalResult, level: str) -> ClusterReading:
    """Count the units of each class of a local statistic (the map's legend, in numbers).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.spatial import LocalResult
    >>> tab = pd.DataFrame({"cluster": ["HH", "HH", "ns", "LL"]}, index=["a", "b", "c", "d"])
    >>> r = cluster_reading(LocalResult("moran_local", "x", "", tab, 0.05, False, 0.05, "univariate", 999,
    ...                                 12345, 4, None), "sido")
    >>> [(c.key, c.count) for c in r.classes], r.n_significant
    ([('HH', 2), ('LL', 1), ('ns', 1)], 3)
    """
    cluster = local.table["cluster"].astype(str)
    classes = tuple(ClassCount(k, int((cluster == k).sum()), tuple(map(str, cluster.index[cluster == k])))
                    for k in CLASSES if (cluster == k).any())
    return ClusterReading(local.statistic, local.labels, level, classes, int(local.n), float(local.crit_value),
                          float(local.alpha), bool(local.fdr), int(local.permutations), local.seed)


# ---------------------------------------------------------------------------------------------------------
# global Moran's I
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MoranReading:
    """Global Moran's I (or its bivariate / differential form) in words.

    Attributes
    ----------
    statistic : str
        ``moran``, ``moran_bv`` or ``moran_diff``.
    verdict : str
        ``clustered`` (similar values next to each other: I above its expectation, p ≤ alpha), ``dispersed``
        (unlike values next to each other: I below it, p ≤ alpha) or ``none`` (no clear pattern).
    I, EI, z_sim, p_sim : float
        The statistic, its expectation under no pattern, the pseudo z-score and p-value.
    alpha : float
    permutations, n : int
    seed : int or None
    small_n : bool
        Fewer than 30 units: the permutation test is weak (read as indicative).
    """

    statistic: str
    verdict: str
    I: float  # noqa: E741 - esda's name
    EI: float
    z_sim: float
    p_sim: float
    alpha: float
    permutations: int
    seed: int | None
    n: int
    small_n: bool


def moran_reading(glob: GlobalResult, alpha: float = 0.05) -> MoranReading:
    """Say whether a global Moran's I shows a pattern at ``alpha``.

    Examples
    --------
    >>> from analysis.spatial import GlobalResult
    >>> g = GlobalResult("moran", "x", "", -0.3, -0.0625, -0.06, -2.5, 0.01, 0.0, 999, 1, 17, "small")
    >>> r = moran_reading(g)
    >>> r.verdict, r.small_n
    ('dispersed', True)
    >>> moran_reading(g, alpha=0.001).verdict
    'none'
    """
    p = float(glob.p_sim)
    if not math.isfinite(p):  # no permutations: the normal approximation's p (NaN for the bivariate form)
        p = float(glob.p_norm)
    significant = math.isfinite(p) and p <= alpha
    verdict = "none" if not significant else ("clustered" if glob.I > glob.EI else "dispersed")
    return MoranReading(glob.statistic, verdict, float(glob.I), float(glob.EI), float(glob.z_sim), p, float(alpha),
                        int(glob.permutations), glob.seed, int(glob.n), glob.warning is not None)


# ---------------------------------------------------------------------------------------------------------
# do the neighbours share a specialisation?
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NeighbourReading:
    """One specialisation of a region and whether its neighbours share it.

    Attributes
    ----------
    code, industry : str
    lq : float
        The region's location quotient.
    neighbours : tuple of str
        Its neighbours in the weights of the LISA (queen, island links) that have an LQ.
    neighbour_lq : tuple of float
        Their LQs, in the same order.
    quadrant, cluster : str
        LISA quadrant of the region's LQ (``HH`` …) and its class (the quadrant when significant, else ``ns``).
    p_sim : float
        The LISA's pseudo p-value.
    """

    code: str
    industry: str
    lq: float
    neighbours: tuple[str, ...]
    neighbour_lq: tuple[float, ...]
    quadrant: str
    cluster: str
    p_sim: float

    @property
    def mean(self) -> float:
        """The neighbours' mean LQ (NaN without neighbours)."""
        return float(np.mean(self.neighbour_lq)) if self.neighbour_lq else float("nan")

    @property
    def low(self) -> float:
        """The lowest neighbour LQ."""
        return float(min(self.neighbour_lq)) if self.neighbour_lq else float("nan")

    @property
    def high(self) -> float:
        """The highest neighbour LQ."""
        return float(max(self.neighbour_lq)) if self.neighbour_lq else float("nan")

    @property
    def n_specialised(self) -> int:
        """Neighbours specialised too (LQ ≥ :data:`SPECIALISED`)."""
        return sum(1 for v in self.neighbour_lq if v >= SPECIALISED)

    @property
    def significant(self) -> bool:
        """The LISA class is significant (not ``ns``)."""
        return self.cluster != "ns"

    @property
    def verdict(self) -> str:
        """``shared`` (the neighbours' mean LQ ≥ 1), ``partly`` (some neighbours ≥ 1), ``not_shared`` (none) or
        ``alone`` (no neighbour with an LQ)."""
        if not self.neighbour_lq:
            return "alone"
        if self.mean >= SPECIALISED:
            return "shared"
        return "partly" if self.n_specialised else "not_shared"

    def to_dict(self) -> dict[str, Any]:
        """The numbers as plain values (the profile's ``neighbours`` object and tests)."""
        return {"industry": self.industry, "lq": self.lq, "neighbours": list(self.neighbours),
                "neighbour_lq": list(self.neighbour_lq), "n": len(self.neighbours), "mean_lq": _num(self.mean),
                "min_lq": _num(self.low), "max_lq": _num(self.high), "n_specialised": self.n_specialised,
                "quadrant": self.quadrant, "cluster": self.cluster, "p_sim": _num(self.p_sim),
                "verdict": self.verdict}


def _num(v: float) -> float | None:
    return float(v) if v is not None and math.isfinite(v) else None


@functools.lru_cache(maxsize=16)
def _weights(level: str, codes: tuple[str, ...], autonomous: bool):
    from analysis.spatial import weights_for_regions

    return weights_for_regions(level, codes, autonomous=autonomous)


def neighbour_lqs(lq: pd.Series, level: str, code: str, autonomous: bool | None = None) -> pd.Series:
    """The LQs of ``code``'s neighbours, in the weights a LISA of ``lq`` uses (the regions with a value:
    :func:`analysis.specialisation.clustered_specialisation`'s rule, :func:`analysis.spatial.weights_for_regions`).

    Returns
    -------
    pandas.Series
        Indexed by neighbour code (empty for an isolate or a region without a value).
    """
    values = lq.dropna()
    values.index = values.index.astype(str)
    code = str(code)
    if code not in values.index:
        return pd.Series(dtype=float)
    auto = (level == "sigungu") if autonomous is None else bool(autonomous)
    graph = _weights(level, tuple(sorted(values.index)), auto)
    try:
        nb = graph[code]
    except KeyError:
        return pd.Series(dtype=float)
    ids = [str(i) for i in nb.index if str(i) != code]
    return values.reindex(ids).dropna().astype(float)


def neighbour_reading(lq: pd.Series, level: str, code: str, lisa_row: Mapping[str, Any],
                      autonomous: bool | None = None) -> NeighbourReading:
    """Whether ``code``'s neighbours share its specialisation in ``lq.name``.

    Parameters
    ----------
    lq : pandas.Series
        One industry's LQ of every region (name = industry id).
    level, code : str
    lisa_row : mapping
        The region's row of the LISA of that LQ: ``quadrant``, ``cluster``, ``p_sim``.
    """
    nb = neighbour_lqs(lq, level, code, autonomous)
    p = lisa_row.get("p_sim")
    return NeighbourReading(str(code), str(lq.name), float(lq.get(code, float("nan"))), tuple(nb.index),
                            tuple(float(v) for v in nb), str(lisa_row.get("quadrant", "")),
                            str(lisa_row.get("cluster", "ns")), float("nan") if p is None else float(p))


def top_specialisations(lq: Mapping[str, float | None], k: int = TOP_SPECIALISATIONS) -> list[str]:
    """A region's top specialisations: its highest LQs at or above 1, at most ``k``; its highest LQ when none is.

    Examples
    --------
    >>> top_specialisations({"a": 0.4, "b": 2.7, "c": 1.1, "d": None, "e": 1.0}, 2)
    ['b', 'c']
    >>> top_specialisations({"a": 0.4, "b": 0.9})
    ['b']
    """
    ranked = sorted(((v, i) for i, v in lq.items() if v is not None and math.isfinite(v)), reverse=True)
    top = [i for v, i in ranked if v >= SPECIALISED][:k]
    return top or [i for _, i in ranked[:1]]


def specialisation_readings(profile: Any, k: int = TOP_SPECIALISATIONS) -> tuple[NeighbourReading, ...]:
    """The neighbour readings of a region's top specialisations, significant or not, from its profile.

    ``profile`` is a :class:`analysis.region_profile.RegionProfile` or its ``to_dict()`` (the tab's form):
    the numbers are its ``clusters[industry]["neighbours"]`` objects, so the tab, the PDF and the slides read
    the same ones.
    """
    d = profile.to_dict() if hasattr(profile, "to_dict") else profile
    out = []
    for ind in top_specialisations(d["lq"], k):
        entry = d.get("clusters", {}).get(ind)
        if not entry or not entry.get("neighbours"):
            continue
        nb = entry["neighbours"]
        p = entry.get("p_sim")
        out.append(NeighbourReading(
            str(d["code"]), ind, float(d["lq"][ind]), tuple(nb["neighbours"]), tuple(float(v) for v in
                                                                                    nb["neighbour_lq"]),
            str(entry.get("quadrant", "")), str(entry.get("cluster", "ns")), float("nan") if p is None else float(p)))
    return tuple(out)


# ---------------------------------------------------------------------------------------------------------
# the Change tab: one indicator between two years
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DifferenceReading:
    """The change of one indicator between two years, for a sentence.

    Attributes
    ----------
    indicator, level, how : str
        ``how``: ``share`` (percentage points) or ``raw``.
    before, after : int
    n_up, n_down, n_same : int
        Units whose value rose, fell, stayed.
    gains, losses : tuple of (str, float)
        The three largest rises and falls (code, change), largest first.
    moran : MoranReading or None
        Differential Moran's I in words (None when the change is the same everywhere).
    """

    indicator: str
    level: str
    how: str
    before: int
    after: int
    n_up: int
    n_down: int
    n_same: int
    gains: tuple[tuple[str, float], ...]
    losses: tuple[tuple[str, float], ...]
    moran: MoranReading | None


def difference_reading(d: Any, alpha: float = 0.05, n: int = 3) -> DifferenceReading:
    """Read an :class:`analysis.difference.Difference`: counts up and down, the extremes, differential Moran."""
    change = d.change.dropna()
    ranked = change.sort_values(kind="stable")
    gains = tuple((str(c), float(v)) for c, v in ranked.iloc[::-1].head(n).items() if v > 0)
    losses = tuple((str(c), float(v)) for c, v in ranked.head(n).items() if v < 0)
    return DifferenceReading(d.indicator, d.level, d.how, int(d.before), int(d.after), int((change > 0).sum()),
                             int((change < 0).sum()), int((change == 0).sum()), gains, losses,
                             None if d.moran is None else moran_reading(d.moran, alpha))
