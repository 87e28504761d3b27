"""Smart specialisation measures on a region × industry matrix of one measure (value added, workers, establishments).

Pure functions on an :class:`IndustryMatrix` (regions × industries, the published region totals, the industry
set); :func:`industry_matrix` builds one from a :class:`~analysis.store.Store` (bundled or with uploads). Results are DataFrames indexed by region
code or frozen dataclasses.

Definitions
-----------
* Cells may be negative (published negative value added, e.g. a mining unit): LQs and shift-share take them
  as they are; the entropy-based indices are NaN for such a region.
* **Measures** (:data:`MEASURES`): value added (the regional accounts: ``sido_b2020``, ``sigungu_b2015``) and,
  at sido, the business survey's workers, establishments and sales over its 19 KSIC sections A–S
  (``sido_bs_*``, an exact partition of 전체 산업). Every rule below is the same for each measure.
* **Location quotient** ``LQ_ir = (x_ir / x_r) / (x_i / x)``. ``x_r`` is the region's *published* total of the
  measure (total value added at basic prices, all workers …), not the sum of its available cells: a suppressed
  cell does not change the region's total. A suppressed cell (confidentiality) stays missing (NaN), never zero,
  and so does its LQ. The national reference ``x_i / x`` of an industry published by every region is the
  published national row (``x_i`` of the industry, ``x`` of the total, level ``national``) where the store has
  one, else the sums over the regions; an industry with a suppressed cell is taken over the regions that
  publish it: ``x_i`` sums their cells and ``x`` their published totals, so numerator and denominator cover the
  same territory.
* **Krugman dissimilarity** ``K_r = Σ_i |s_ir − s_i|`` (0 = the national structure, at most 2) with
  ``s_ir = x_ir / x_r`` and ``s_i`` the national reference share above.
* **Hirschman–Herfindahl** ``HHI_r = Σ_i s_ir²`` (1/n for an even spread over n industries, 1 = one industry).
* **Shannon entropy** ``H_r = −Σ_i s_ir log2 s_ir`` (bits), decomposed (Frenken, Van Oort & Verburg 2007) into
  **unrelated variety** ``UV_r = −Σ_g S_gr log2 S_gr`` between the groups ``g`` of ``data/industry_groups.csv``
  and **related variety** ``RV_r = Σ_g S_gr H_gr`` within them (``H_r = UV_r + RV_r``).
  These structure indices need an exhaustive partition of the total (the ``partition`` industries of the set,
  checked to sum to the published total) and every cell of it: a region with a suppressed cell gets NaN, and
  its ``missing`` column names the industries. The sido industry series bundled today do not partition total
  value added (agriculture, utilities and construction are absent), so there the indices are refused.
* **Shift-share** (classic, Dunn 1960): for a region ``r`` and industry ``i`` between years 0 and 1,
  ``national = x_ir0·g``, ``industry_mix = x_ir0·(g_i − g)``, ``competitive = x_ir0·(g_ir − g_i)`` where ``g``
  is the growth of the national total (each year's whole table), ``g_i`` of the industry nationally (each
  year's whole column; over the regions publishing it in both years when a cell is suppressed) and ``g_ir`` of
  the cell: the three sum to ``x_ir1 − x_ir0``. Refused across base years and
  across a territory break (:func:`analysis.territory.changed`: a unit of ``data/territory.csv`` listed in one
  year and not the other — Sejong, listed in the sido GRDP tables from 2013 — changes its territory and that of
  the units it was carved from, Chungnam and Chungbuk).
* **Clustered specialisation**: Local Moran (LISA) or Getis-Ord Gi* of one industry's LQ with the island-aware
  queen weights of :mod:`analysis.spatial`.
* **Peer regions**: Euclidean distance of standardised (z-score) variables — the industry shares plus chosen
  indicators — with visible weights, ``d_ab = sqrt(Σ_k w_k (z_ak − z_bk)² / Σ_k w_k)`` over the variables both
  regions have; symmetric by construction. Each peer carries the variables that make it close.

Why hand-written: these are one-line array formulas (no maintained Python package offers LQ, Krugman, variety
decomposition and shift-share for a regions × industries table with suppressed cells and published totals;
``ecomplexity``'s RCA equals the LQ when the totals are the row sums, and a test checks that).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis import territory
from analysis.defaults import ALPHA, PERMUTATIONS, SEED
from analysis.errors import DataError
from geo.classify import LQ_BREAKS, lq_classification
from lang import t

if TYPE_CHECKING:
    from analysis.store import Store

__all__ = [
    "INDUSTRY_GROUPS_CSV",
    "LQ_BREAKS",
    "MEASURES",
    "IndustryMatrix",
    "IndustrySet",
    "Measure",
    "PeerResult",
    "ShiftShare",
    "clustered_specialisation",
    "industry_matrix",
    "industry_set",
    "industry_sets",
    "location_quotients",
    "lq_classes",
    "measure_of",
    "measures_for",
    "national_shares",
    "peer_distances",
    "peer_features",
    "peers",
    "region_shares",
    "set_for",
    "set_of",
    "shift_share",
    "structure_indices",
]

INDUSTRY_GROUPS_CSV = Path(__file__).resolve().parents[1] / "data" / "industry_groups.csv"
"""The industry sets: members, hierarchy, partition flag, groups (for related variety) and their rationale."""


#: Relative tolerance of the exhaustiveness check (published rounding: ±3 KRW million on a unit's total).
_PARTITION_RTOL = 1e-4


# ---------------------------------------------------------------------------------------------------------
# Industry sets (data/industry_groups.csv)
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndustrySet:
    """A set of industry series of one level and base year with their published total.

    Attributes
    ----------
    name : str
        ``{level}_b{base}``, e.g. ``sigungu_b2015``.
    level, base_year : str
    total : str
        Indicator id of the published region total (``x_r``).
    industries : tuple of str
        Indicator ids of the industries, in file order (they may nest: see ``parent``).
    parent : dict
        Industry → the industry containing it (only nested ones).
    partition : tuple of str
        Industries that together exhaust the total (empty when the bundled series cannot).
    groups : dict
        Industry → group key (related variety); ``group_labels`` group → (ko, en).
    ksic : dict
        Industry → its KSIC sections as written in the file (``C``, ``M-N``, ``C (part)``).
    """

    name: str
    level: str
    base_year: str
    total: str
    industries: tuple[str, ...]
    parent: Mapping[str, str]
    partition: tuple[str, ...]
    groups: Mapping[str, str]
    group_labels: Mapping[str, tuple[str, str]]
    ksic: Mapping[str, str] = field(default_factory=dict)

    @property
    def exhaustive(self) -> bool:
        """Whether the set has a partition of the total (structure indices need one)."""
        return bool(self.partition)


@functools.lru_cache(maxsize=1)
def _sets() -> dict[str, IndustrySet]:
    if not INDUSTRY_GROUPS_CSV.exists():
        raise DataError(f"{INDUSTRY_GROUPS_CSV} is missing: it defines the industry sets of the specialisation measures")
    df = pd.read_csv(INDUSTRY_GROUPS_CSV, dtype=str, keep_default_na=False)
    out: dict[str, IndustrySet] = {}
    for name, part in df.groupby("set", sort=False):
        totals = part.loc[part["role"] == "total", "indicator"].tolist()
        if len(totals) != 1:
            raise DataError(f"industry set {name!r} needs exactly one row with role=total (has {len(totals)})")
        ind = part[part["role"] == "industry"]
        level, base = str(name).split("_")[0], (re.findall(r"_b(\d{4})$", str(name)) or ["none"])[0]  # sido_bs_workers
        out[str(name)] = IndustrySet(
            name=str(name),
            level=level,
            base_year=base,
            total=totals[0],
            industries=tuple(ind["indicator"]),
            parent={r.indicator: r.parent for r in ind.itertuples() if r.parent},
            partition=tuple(ind.loc[ind["partition"] == "True", "indicator"]),
            groups=dict(zip(ind["indicator"], ind["group"], strict=True)),
            group_labels={r.group: (r.group_ko, r.group_en) for r in ind.itertuples() if r.group},
            ksic=dict(zip(ind["indicator"], ind["ksic"], strict=True)),
        )
    return out


def industry_sets() -> dict[str, IndustrySet]:
    """All industry sets of ``data/industry_groups.csv``, by name.

    Examples
    --------
    >>> sorted(industry_sets())
    ['sido_b2020', 'sido_bs_establishments', 'sido_bs_sales', 'sido_bs_workers', 'sigungu_b2015']
    """
    return dict(_sets())


def industry_set(name: str) -> IndustrySet:
    """One industry set by name; unknown names raise :class:`DataError` listing the valid ones."""
    sets = _sets()
    if name not in sets:
        raise DataError(f"unknown industry set {name!r}; valid sets: {', '.join(sets)}")
    return sets[name]


@dataclass(frozen=True)
class Measure:
    """What the cells of an industry matrix count, and the industry set that holds it at each level.

    Attributes
    ----------
    key : str
        The CLI's ``--measure`` and the tab's choice (``value_added``, ``workers`` …).
    label_ko, label_en : str
        The measure in words (``종사자``, ``workers``).
    what_ko, what_en : str
        What a cell is, with its unit and source, for notes and captions.
    sets : dict
        Level → industry set name of ``data/industry_groups.csv``.
    """

    key: str
    label_ko: str
    label_en: str
    what_ko: str
    what_en: str
    sets: Mapping[str, str]


def _measure(key: str, sets: Mapping[str, str]) -> Measure:
    """A measure with its words from the catalogue (``measure_label_<key>``, ``measure_what_<key>``)."""
    return Measure(key, t(f"measure_label_{key}", "ko"), t(f"measure_label_{key}", "en"),
                   t(f"measure_what_{key}", "ko"), t(f"measure_what_{key}", "en"), sets)


MEASURE_NAMES = ("value_added", "workers", "establishments", "sales")
"""The keys of :data:`MEASURES`, written as a literal so the CLI's parser reads them without importing this
module (:mod:`cli.vocab`)."""

#: The measures of the specialisation profile (registry: the keys are the CLI's ``--measure`` and the tab's
#: options). Value added is the regional accounts' (nominal); the business survey gives workers, establishments
#: and sales by the complete 19-section breakdown at sido (an exact partition: the diversity indices work).
MEASURES: dict[str, Measure] = {
    "value_added": _measure("value_added", {"sido": "sido_b2020", "sigungu": "sigungu_b2015"}),
    "workers": _measure("workers", {"sido": "sido_bs_workers"}),
    "establishments": _measure("establishments", {"sido": "sido_bs_establishments"}),
    "sales": _measure("sales", {"sido": "sido_bs_sales"}),
}
assert tuple(MEASURES) == MEASURE_NAMES, "MEASURE_NAMES lists the keys of MEASURES"


def measures_for(level: str) -> list[str]:
    """The measures with an industry set at ``level``, in :data:`MEASURES` order.

    Examples
    --------
    >>> measures_for("sido"), measures_for("sigungu")
    (['value_added', 'workers', 'establishments', 'sales'], ['value_added'])
    """
    return [k for k, m in MEASURES.items() if level in m.sets]


def _measure(measure: str) -> Measure:
    if measure not in MEASURES:
        raise DataError(f"unknown measure {measure!r}; valid measures: {', '.join(MEASURES)}")
    return MEASURES[measure]


def set_for(level: str, base_year: str | None = None, measure: str = "value_added") -> IndustrySet:
    """The industry set of a level for a measure (and base year, when a level has several).

    Raises
    ------
    DataError
        An unknown measure, or no set of that measure at the level (the message lists the levels that have one).

    Examples
    --------
    >>> set_for("sigungu").name, set_for("sido", measure="workers").name
    ('sigungu_b2015', 'sido_bs_workers')
    """
    m = _measure(measure)
    if level not in m.sets:
        raise DataError(
            f"no industry data of {m.label_en} at level {level!r}: {m.label_en} by industry exist at "
            f"{', '.join(m.sets)} only (measures at {level}: {', '.join(measures_for(level)) or 'none'})")
    found = [s for s in _sets().values()
             if s.name == m.sets[level] and (base_year is None or s.base_year == str(base_year))]
    if not found:
        have = ", ".join(f"{s.level} (base {s.base_year})" for s in _sets().values())
        raise DataError(f"no industry set for level {level!r}" + (f" and base {base_year}" if base_year else "")
                        + f"; industry data exist for: {have}")
    return found[0]


def set_of(industry: str) -> IndustrySet:
    """The industry set (of a :data:`MEASURES` entry) that holds ``industry``.

    Examples
    --------
    >>> set_of("workers_bs_c_manufacturing").name
    'sido_bs_workers'
    """
    for m in MEASURES.values():
        for name in m.sets.values():
            iset = industry_set(name)
            if industry in iset.industries:
                return iset
    raise DataError(f"{industry!r} is not an industry of any specialisation measure ({', '.join(MEASURES)})")


def measure_of(iset: IndustrySet | str) -> str:
    """The :data:`MEASURES` key whose set is ``iset`` (a set or its name).

    Examples
    --------
    >>> measure_of("sido_bs_establishments")
    'establishments'
    """
    name = iset if isinstance(iset, str) else iset.name
    for key, m in MEASURES.items():
        if name in m.sets.values():
            return key
    raise DataError(f"industry set {name!r} is not the set of any measure ({', '.join(MEASURES)})")


# ---------------------------------------------------------------------------------------------------------
# The matrix
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndustryMatrix:
    """Regions × industries of one measure in one year, with the published region totals.

    Attributes
    ----------
    values : pandas.DataFrame
        Index region ``code``, columns industry ids; NaN = suppressed or not published (never zero). A cell
        may be negative: value added is (a mining unit publishes −16 KRW million in 2015); its LQ is negative.
    totals : pandas.Series
        The published region total ``x_r`` (same index); regions without a total are dropped.
    year : int
    level : str
    set_name : str
        Name of the :class:`IndustrySet` (carries the base year); ``""`` for a hand-made matrix.
    base_year : str
    partition : tuple of str
        Columns that exhaust the total (structure indices use them); empty if none do.
    groups : dict
        Column → group key for related / unrelated variety.
    measure : str
        What the cells count, e.g. ``"value added (KRW million)"``.
    parent : dict
        Column → the column containing it (nested series such as manufacturing inside mining and manufacturing).
    national : pandas.Series, optional
        The published national row (level ``national``): column id → value, and ``total`` → the national total.
        Where it has the total and an industry published by every region, that industry's national reference
        share is read from it (see :func:`national_shares`); empty when the store has no national row.
    """

    values: pd.DataFrame
    totals: pd.Series
    year: int = 0
    level: str = ""
    set_name: str = ""
    base_year: str = ""
    partition: tuple[str, ...] = ()
    groups: Mapping[str, str] = field(default_factory=dict)
    measure: str = "value added"
    parent: Mapping[str, str] = field(default_factory=dict)
    national: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))

    @property
    def top(self) -> list[str]:
        """Columns that add without double counting: the partition, else the columns inside no other."""
        return list(self.partition) or [c for c in self.values.columns if c not in self.parent]

    def __post_init__(self) -> None:
        if not self.values.index.equals(self.totals.index):
            raise DataError("IndustryMatrix: values and totals need the same region index")
        if (self.totals <= 0).any():
            bad = ", ".join(self.totals.index[self.totals <= 0][:5])
            raise DataError(f"IndustryMatrix: region totals must be > 0 ({bad}); a location quotient of a "
                            "negative or zero total is undefined")
        missing = [c for c in self.partition if c not in self.values.columns]
        if missing:
            raise DataError(f"IndustryMatrix: partition columns {missing} are not in the matrix")


def _get(store: Store, indicator: str, level: str, year: int) -> pd.Series:
    s = store.get(indicator, level, year).copy()
    s.index = s.index.astype(str)
    return s


def industry_matrix(store: Store, level: str, year: int, set_name: str | None = None) -> IndustryMatrix:
    """The value added by industry of ``level`` in ``year`` as an :class:`IndustryMatrix`, read from ``store``.

    Parameters
    ----------
    store : analysis.store.Store
        Where the values are read (the bundled store, or one with uploads).
    level : {"sido", "sigungu"}
    year : int
        A year of the set's base in which the total is complete (the store's completeness rule; the message
        lists the years).
    set_name : str, optional
        Industry set; the level's set by default.

    Raises
    ------
    DataError
        No industry set for the level, no data that year, an incomplete total, or a partition that does not add
        up to the total.

    Examples
    --------
    >>> from analysis.store import bundled
    >>> m = industry_matrix(bundled(), "sido", 2022)
    >>> m.values.shape[0], m.base_year
    (17, '2020')
    """
    iset = industry_set(set_name) if set_name else set_for(level)
    if iset.level != level:
        raise DataError(f"industry set {iset.name!r} is for level {iset.level!r}, not {level!r}")
    totals = _get(store, iset.total, level, year)
    gaps = store.missing(iset.total, level, int(year))
    if gaps:
        raise DataError(
            f"{iset.total} at {level} level in {year} has no value for {len(gaps)} units ({', '.join(gaps[:6])}"
            f"{' …' if len(gaps) > 6 else ''}): location quotients need the whole country's total; complete years: "
            f"{', '.join(map(str, store.complete_years(iset.total, level))) or 'none'}")
    cols = {}
    for ind in iset.industries:
        try:
            cols[ind] = _get(store, ind, level, year)
        except DataError:
            cols[ind] = pd.Series(dtype=float)  # not published that year: all missing
    values = pd.DataFrame(cols).reindex(totals.index)
    values.index.name = "code"
    totals = totals.rename("total")
    totals.index.name = "code"
    matrix = IndustryMatrix(values, totals, int(year), level, iset.name, iset.base_year, iset.partition,
                            dict(iset.groups), MEASURES[measure_of(iset)].what_en if _has_measure(iset) else
                            "value added", dict(iset.parent), _national(store, iset, int(year)))
    _check_partition(matrix)
    return matrix


def _has_measure(iset: IndustrySet) -> bool:
    return any(iset.name in m.sets.values() for m in MEASURES.values())


def _national(store: Store, iset: IndustrySet, year: int) -> pd.Series:
    """The published national row of the set's total and industries in ``year`` (only the ids that have one)."""
    out = {}
    for key, ind in (("total", iset.total), *((i, i) for i in iset.industries)):
        try:
            v = store.get(ind, "national", year)
        except DataError:
            continue
        v = v.dropna()
        if len(v) == 1:
            out[key] = float(v.iloc[0])
    return pd.Series(out, dtype=float)


def _check_partition(m: IndustryMatrix) -> None:
    """The partition columns sum to the published total wherever every cell is published."""
    if not m.partition:
        return
    part = m.values[list(m.partition)]
    full = part.notna().all(axis=1)
    if not full.any():
        return
    gap = (part[full].sum(axis=1) - m.totals[full]).abs() / m.totals[full]
    bad = gap[gap > _PARTITION_RTOL]
    if len(bad):
        raise DataError(
            f"the industries of {m.set_name} do not add up to the published total in {len(bad)} regions "
            f"({', '.join(bad.index[:5])}); structure indices need an exhaustive partition: fix "
            "data/industry_groups.csv (column partition)"
        )


# ---------------------------------------------------------------------------------------------------------
# Location quotients and structure
# ---------------------------------------------------------------------------------------------------------
def national_shares(m: IndustryMatrix) -> pd.Series:
    """The national reference share ``x_i / x`` of every industry.

    For an industry published by every region of the matrix, the published national row (``m.national``: the
    industry's national value over the national total) where it has both, else the sums over the regions; for an
    industry with a suppressed cell, the sums over the regions that publish it (their cells over their
    published totals, so both cover the same territory).

    Examples
    --------
    >>> m = IndustryMatrix(pd.DataFrame({"a": [1.0, 3.0]}, index=["r1", "r2"]), pd.Series([4.0, 4.0], index=["r1", "r2"]))
    >>> float(national_shares(m)["a"])
    0.5
    >>> m2 = IndustryMatrix(m.values, m.totals, national=pd.Series({"a": 3.0, "total": 10.0}))  # published row
    >>> float(national_shares(m2)["a"])
    0.3
    """
    vals = m.values
    published = vals.notna()
    xi = vals.sum(axis=0, min_count=1)
    x = published.mul(m.totals, axis=0).sum(axis=0)
    out = (xi / x.where(x > 0)).rename("national_share")
    nat = m.national
    if len(nat) and nat.get("total", 0) > 0:
        full = [c for c in vals.columns if published[c].all() and pd.notna(nat.get(c))]
        out[full] = nat[full].astype(float) / float(nat["total"])
    out.index.name = "industry"
    return out


def region_shares(m: IndustryMatrix) -> pd.DataFrame:
    """Each cell's share of its region's published total, ``s_ir = x_ir / x_r`` (NaN stays NaN)."""
    return m.values.div(m.totals, axis=0)


def location_quotients(m: IndustryMatrix) -> pd.DataFrame:
    """Location quotients ``(x_ir / x_r) / (x_i / x)`` per region (rows) and industry (columns).

    ``x_r`` is the published region total; a suppressed cell gives NaN. 1 = the national share; above 1 the
    region is specialised in the industry.

    Examples
    --------
    >>> v = pd.DataFrame({"a": [30.0, 10.0], "b": [70.0, 90.0]}, index=["r1", "r2"])
    >>> m = IndustryMatrix(v, v.sum(axis=1))
    >>> location_quotients(m).round(3).loc["r1"].tolist()
    [1.5, 0.875]
    """
    lq = region_shares(m).div(national_shares(m), axis=1)
    lq.index.name = "code"
    return lq


def lq_classes(lq: pd.Series) -> pd.Series:
    """Class index (0–4, see :data:`geo.classify.LQ_BREAKS`; their words are ``lq_class_<i>`` of :mod:`lang`) of each LQ; NaN stays NaN.

    Examples
    --------
    >>> lq_classes(pd.Series([0.2, 1.0, 1.25, 3.0, np.nan])).tolist()
    [0.0, 2.0, 3.0, 4.0, nan]
    """
    return lq_classification(lq).classes.astype(float).rename("lq_class")  # the one rule: geo.classify


def _entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def structure_indices(m: IndustryMatrix) -> pd.DataFrame:
    """Specialisation and diversity of every region over the partition industries.

    Returns
    -------
    pandas.DataFrame
        Indexed by region code: ``krugman``, ``hhi``, ``entropy`` (bits), ``unrelated_variety``,
        ``related_variety`` (``entropy = unrelated + related``), ``n_industries``, ``missing`` (the suppressed
        partition industries, ``""`` if none; the indices are NaN then), ``negative`` (partition industries
        with negative value added: shares outside [0, 1] have no entropy, so the indices are NaN too).

    Raises
    ------
    DataError
        If the matrix has no exhaustive partition (e.g. the sido 2020-base series).

    Examples
    --------
    >>> v = pd.DataFrame({"a": [50.0, 25.0], "b": [50.0, 75.0]}, index=["r1", "r2"])
    >>> m = IndustryMatrix(v, v.sum(axis=1), partition=("a", "b"), groups={"a": "g", "b": "g"})
    >>> structure_indices(m).loc["r1", ["hhi", "entropy"]].tolist()
    [0.5, 1.0]
    """
    if not m.partition:
        raise DataError(
            f"structure indices need industries that exhaust the total; {m.set_name or 'this matrix'} has none "
            "(at sido, the bundled 2020-base series cover manufacturing and some services only). Location "
            "quotients and shift-share work without one; use the sigungu 2015-base data for the indices."
        )
    cols = list(m.partition)
    shares = region_shares(m)[cols]
    nat = national_shares(m)[cols].to_numpy()
    groups = np.array([m.groups.get(c, c) or c for c in cols])
    rows = []
    for _code, s in shares.iterrows():
        miss = [c for c in cols if pd.isna(s[c])]
        neg = [c for c in cols if s[c] < 0]
        if miss or neg:
            rows.append({"krugman": np.nan, "hhi": np.nan, "entropy": np.nan, "unrelated_variety": np.nan,
                         "related_variety": np.nan, "n_industries": len(cols) - len(miss), "missing": ";".join(miss),
                         "negative": ";".join(neg)})
            continue
        p = s.to_numpy(dtype=float)
        p = p / p.sum()  # the published parts add to the total within rounding: renormalise the rounding away
        big = pd.Series(p).groupby(groups).sum()
        related = sum(float(big[g]) * _entropy(p[groups == g] / big[g]) for g in big.index if big[g] > 0)
        rows.append({
            "krugman": float(np.abs(p - nat).sum()),
            "hhi": float((p ** 2).sum()),
            "entropy": _entropy(p),
            "unrelated_variety": _entropy(big.to_numpy()),
            "related_variety": related,
            "n_industries": len(cols),
            "missing": "",
            "negative": "",
        })
    out = pd.DataFrame(rows, index=shares.index)
    out.index.name = "code"
    return out


# ---------------------------------------------------------------------------------------------------------
# Shift-share
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShiftShare:
    """Classic shift-share decomposition of growth between two years.

    Attributes
    ----------
    cells : pandas.DataFrame
        MultiIndex (``code``, ``industry``); columns ``start``, ``end``, ``change``, ``national``,
        ``industry_mix``, ``competitive`` (NaN where a cell is missing in either year).
    totals : pandas.DataFrame
        Per region, the sums over the top-level industries (the partition, else those nested in no other) with
        both values: ``start``, ``end``, ``change``, ``national``, ``industry_mix``, ``competitive``,
        ``missing`` (top-level industries left out because a cell is missing).
    national_growth : float
        ``g``, growth of the national total.
    industry_growth : pandas.Series
        ``g_i`` per industry.
    year0, year1 : int
    set_name, base_year : str
    exhaustive : bool
        Whether the industries partition the total (then a region's totals describe its whole economy).
    """

    cells: pd.DataFrame
    totals: pd.DataFrame
    national_growth: float
    industry_growth: pd.Series
    year0: int
    year1: int
    set_name: str
    base_year: str
    exhaustive: bool


def _check_comparable(m0: IndustryMatrix, m1: IndustryMatrix) -> None:
    if m0.base_year != m1.base_year or m0.set_name != m1.set_name:
        raise DataError(
            f"shift-share compares one series: {m0.year} is {m0.set_name or 'a hand-made matrix'} (base "
            f"{m0.base_year or '?'}) and {m1.year} is {m1.set_name or 'a hand-made matrix'} (base "
            f"{m1.base_year or '?'}). Values of different base years are not comparable; pick two years of one base."
        )
    if m0.level != m1.level:
        raise DataError(f"shift-share compares one level; got {m0.level!r} and {m1.level!r}")
    if m0.year >= m1.year:
        raise DataError(f"the base year must come before the end year (got {m0.year} → {m1.year})")


def _broken(m0: IndustryMatrix, m1: IndustryMatrix, codes: Iterable[str]) -> dict[str, territory.Territory]:
    """Requested regions whose territory differs between the two matrices (the territory table's rule)."""
    changed = territory.changed(m0.level, m0.totals.index, m1.totals.index)
    return {c: changed[c] for c in codes if c in changed}


def shift_share(m0: IndustryMatrix, m1: IndustryMatrix, *, regions: Iterable[str] | None = None) -> ShiftShare:
    """Decompose each region's change per industry into national, industry-mix and competitive components.

    Parameters
    ----------
    m0, m1 : IndustryMatrix
        The start and end years, same industry set (hence same base year) and level.
    regions : iterable of str, optional
        Regions to report (all regions present in both years by default). National growth rates always use
        every region present in both years.

    Raises
    ------
    DataError
        Different base years or sets, end before start, or a requested region whose territory changed between
        the two years (Sejong's creation: Chungnam, Chungbuk and Sejong across 2013 at sido).

    Examples
    --------
    >>> idx = ["r1", "r2"]
    >>> a = IndustryMatrix(pd.DataFrame({"i": [10.0, 10.0]}, index=idx), pd.Series([10.0, 10.0], index=idx), year=1)
    >>> b = IndustryMatrix(pd.DataFrame({"i": [15.0, 10.0]}, index=idx), pd.Series([15.0, 10.0], index=idx), year=2)
    >>> shift_share(a, b).cells.loc[("r1", "i"), ["national", "industry_mix", "competitive"]].tolist()
    [2.5, 0.0, 2.5]
    """
    _check_comparable(m0, m1)
    common = m0.totals.index.intersection(m1.totals.index)
    wanted = pd.Index([str(r) for r in regions]) if regions is not None else common
    absent = wanted.difference(common)
    if len(absent):
        raise DataError(f"no total value added in both {m0.year} and {m1.year} for {', '.join(absent[:5])}")
    broken = _broken(m0, m1, wanted)
    if broken:
        created = list(dict.fromkeys(broken.values()))
        why = "; ".join(f"{t.name_en} ({t.code}) is listed in {m1.year if t.code in m1.totals.index else m0.year} "
                        f"but counted inside {', '.join(t.counted_in) or 'no unit'} in "
                        f"{m0.year if t.code in m1.totals.index else m1.year}; it was carved out of "
                        f"{', '.join(t.carved_from)} in {t.first_year}" for t in created)
        raise DataError(
            f"the territory of {', '.join(broken)} changed between {m0.year} and {m1.year} ({why}): a change "
            "across that break is not growth. Pick two years on one side of it (both with or both without "
            f"{', '.join(t.name_en for t in created)})."
        )
    cols = [c for c in m0.values.columns if c in m1.values.columns]
    x0 = m0.values.loc[common, cols]
    x1 = m1.values.loc[common, cols]
    both = x0.notna() & x1.notna()
    # National growth: each year's whole table (a region created in between, like Sejong, is inside its parent
    # before, so both years cover the whole country). An industry with a suppressed cell in either year is
    # compared over the regions publishing it in both years, so its two sums cover the same territory.
    g = float(m1.totals.sum() / m0.totals.sum() - 1.0)
    complete = m0.values[cols].notna().all() & m1.values[cols].notna().all()
    xi0 = x0.where(both).sum().where(~complete, m0.values[cols].sum())
    xi1 = x1.where(both).sum().where(~complete, m1.values[cols].sum())
    gi = (xi1 / xi0.replace(0, np.nan) - 1.0).rename("growth")
    gi.index.name = "industry"
    x0w, x1w = x0.loc[wanted].where(both.loc[wanted]), x1.loc[wanted].where(both.loc[wanted])
    national = x0w * g
    mix = x0w.mul(gi - g, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        gir = x1w / x0w - 1.0
    competitive = (x0w * gir.sub(gi, axis=1)).where(x0w != 0, x1w - x0w)  # from nothing: all growth is local
    cells = pd.concat(
        {"start": x0w, "end": x1w, "change": x1w - x0w, "national": national, "industry_mix": mix,
         "competitive": competitive}, axis=1,
    ).stack(level=1, future_stack=True)
    cells.index.names = ["code", "industry"]
    parts = ["start", "end", "change", "national", "industry_mix", "competitive"]
    top = [c for c in m0.top if c in cols]
    in_top = cells.index.get_level_values("industry").isin(top)
    totals = cells.loc[in_top, parts].groupby(level="code", sort=False).sum(min_count=1).reindex(wanted)
    totals["missing"] = [";".join(c for c in top if not both.at[code, c]) for code in totals.index]
    totals.index.name = "code"
    exhaustive = bool(m0.partition) and set(m0.partition) <= set(cols)
    return ShiftShare(cells[parts], totals, g, gi, m0.year, m1.year, m0.set_name, m0.base_year, exhaustive)


# ---------------------------------------------------------------------------------------------------------
# Clustered specialisation
# ---------------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=16)
def _graph(level: str, codes: tuple[str, ...], autonomous: bool):
    """Weights on the regions with a value (cached: the industries of one year mostly share a region set)."""
    from analysis import spatial

    return spatial.weights_for_regions(level, codes, autonomous=autonomous)


def clustered_specialisation(
    lq: pd.Series,
    level: str,
    *,
    statistic: str = "lisa",
    autonomous: bool | None = None,
    permutations: int = PERMUTATIONS,
    seed: int | None = SEED,
    alpha: float = ALPHA,
):
    """LISA or Gi* of one industry's LQ, on island-aware queen weights of the regions that have a value.

    A high-high LISA region (or a Gi* hot spot) is specialised together with its neighbours: a cluster
    candidate; a high-low one is an isolated specialisation.

    Parameters
    ----------
    lq : pandas.Series
        LQ of one industry indexed by region code (NaN regions are left out of the weights).
    level : {"sido", "sigungu"}
    statistic : {"lisa", "gi"}
    autonomous : bool, optional
        Sigungu only: the 229-unit view; guessed from the codes by default (the bundled sigungu data use it).
    permutations, seed, alpha
        As in :func:`analysis.spatial.local_moran`.

    Returns
    -------
    analysis.spatial.LocalResult
    """
    from analysis import spatial

    if statistic not in ("lisa", "gi"):
        raise DataError(f"unknown statistic {statistic!r}; valid: lisa, gi")
    values = lq.dropna()
    values.index = values.index.astype(str)
    if len(values) < 3:
        raise DataError(f"{lq.name}: fewer than 3 regions have a location quotient; no cluster statistic")
    if autonomous is None:
        autonomous = level == "sigungu"
    graph = _graph(level, tuple(sorted(values.index)), bool(autonomous))
    values = values.reindex(pd.Index(graph.unique_ids).astype(str))
    values.name = str(lq.name or "lq")
    kw = {"permutations": permutations, "seed": seed, "alpha": alpha}
    if statistic == "gi":
        return spatial.getis_ord(values, graph, **kw)
    return spatial.local_moran(values, graph, **kw)


# ---------------------------------------------------------------------------------------------------------
# Peers
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PeerResult:
    """The regions closest to one region in standardised variables.

    Attributes
    ----------
    code : str
        The region asked about (never among its peers).
    peers : pandas.DataFrame
        Indexed by peer ``code`` in order of ``distance``; column ``reasons`` holds a list of dicts
        ``{variable, value, peer_value, z, peer_z, z_gap}`` for the variables that make the peer close (those
        in which both stand out on the same side first, then the smallest weighted gaps), ``n_variables`` how
        many variables both have.
    weights : dict
        Variable → weight used (visible in every output).
    excluded : tuple of str
        What was excluded (``same_sido``, ``capital_region``).
    """

    code: str
    peers: pd.DataFrame
    weights: Mapping[str, float]
    excluded: tuple[str, ...]


def peer_features(m: IndustryMatrix, extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """The variables of the peer search: each region's industry shares (partition, else all columns) and extras.

    Without a partition (sido) the nested series all enter (manufacturing and its four groups inside mining and
    manufacturing), so manufacturing structure weighs more than once; the weights (visible in the result) can
    change that.

    Parameters
    ----------
    m : IndustryMatrix
    extra : pandas.DataFrame, optional
        More indicators indexed by region code (e.g. value added per capita).
    """
    cols = list(m.partition) or list(m.values.columns)
    out = region_shares(m)[cols]
    if extra is not None:
        extra = extra.copy()
        extra.index = extra.index.astype(str)
        out = out.join(extra, how="left")
    return out


def _standardise(features: pd.DataFrame) -> pd.DataFrame:
    sd = features.std(ddof=0)
    z = (features - features.mean()) / sd.where(sd > 0)
    return z.fillna(0.0).where(features.notna())


def _weights(features: pd.DataFrame, weights: Mapping[str, float] | None) -> pd.Series:
    w = pd.Series(1.0, index=features.columns)
    if weights:
        unknown = [k for k in weights if k not in w.index]
        if unknown:
            raise DataError(f"weights for unknown variables {unknown}; variables: {', '.join(w.index)}")
        for k, v in weights.items():
            if not np.isfinite(v) or v < 0:
                raise DataError(f"weight of {k} must be a finite number ≥ 0 (got {v})")
            w[k] = float(v)
    if w.sum() <= 0:
        raise DataError("at least one variable needs a positive weight")
    return w


def peer_distances(features: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """All pairwise standardised distances (a symmetric region × region table, zero diagonal).

    Variables are z-scored over the regions given; a pair is compared on the variables both have, and the
    weighted mean squared gap is rescaled by the weights used, so a suppressed cell does not shrink distances.
    """
    z = _standardise(features)
    w = _weights(features, weights).to_numpy()
    a = z.to_numpy(dtype=float)
    have = ~np.isnan(a)
    a0 = np.nan_to_num(a)
    n = len(a)
    num = np.zeros((n, n))
    den = np.zeros((n, n))
    for k in range(a.shape[1]):
        both = np.outer(have[:, k], have[:, k])
        diff = a0[:, k][:, None] - a0[:, k][None, :]
        num += np.where(both, w[k] * diff ** 2, 0.0)
        den += np.where(both, w[k], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.sqrt(num / den)
    return pd.DataFrame(d, index=features.index, columns=features.index)


def _reasons(features: pd.DataFrame, z: pd.DataFrame, w: pd.Series, code: str, peer: str,
             n: int) -> list[dict[str, float | str]]:
    """The variables that make ``peer`` close to ``code``: first those in which both stand out from the mean on
    the same side (largest shared |z| × weight), then the smallest weighted gaps."""
    za, zb = z.loc[code], z.loc[peer]
    ok = za.notna() & zb.notna() & (w > 0)
    shared = (np.minimum(za.abs(), zb.abs()) * w).where((np.sign(za) == np.sign(zb)) & ok, 0.0)
    gap = (w * (za - zb) ** 2).where(ok)
    order = pd.DataFrame({"shared": shared, "gap": gap})[ok].sort_values(["shared", "gap"], ascending=[False, True],
                                                                           kind="stable")
    return [{"variable": str(v), "value": float(features.at[code, v]), "peer_value": float(features.at[peer, v]),
             "z": float(za[v]), "peer_z": float(zb[v]), "z_gap": float(abs(za[v] - zb[v]))}
            for v in order.index[:n]]


def peers(
    features: pd.DataFrame,
    code: str,
    *,
    n: int = 5,
    weights: Mapping[str, float] | None = None,
    sido_of: pd.Series | None = None,
    capital: pd.Series | None = None,
    exclude_same_sido: bool = False,
    exclude_capital: bool = False,
    n_reasons: int = 3,
) -> PeerResult:
    """The ``n`` regions nearest to ``code`` in standardised variables, each with the reasons it is close.

    Parameters
    ----------
    features : pandas.DataFrame
        Regions × variables (e.g. from :func:`peer_features`).
    code : str
        The region; never returned as its own peer.
    n : int
        Number of peers.
    weights : mapping, optional
        Variable → weight (default 1 each); returned in the result.
    sido_of, capital : pandas.Series, optional
        Region → sido code / capital-region flag, needed by the exclusions.
    exclude_same_sido, exclude_capital : bool
        Leave out regions of the same sido / of the capital region (``capital``: its flags).
    n_reasons : int
        How many closest variables to list per peer.

    Raises
    ------
    DataError
        Unknown region, bad weights, or an exclusion without the table it needs.
    """
    code = str(code)
    features = features.copy()
    features.index = features.index.astype(str)
    if code not in features.index:
        raise DataError(f"region {code!r} is not in the data; valid codes look like {', '.join(features.index[:3])}")
    if n < 1:
        raise DataError(f"n must be at least 1 (got {n})")
    w = _weights(features, weights)
    dist = peer_distances(features, dict(w))[code].drop(code)
    excluded = []
    if exclude_same_sido:
        if sido_of is None:
            raise DataError("exclude_same_sido needs the sido of each region (sido_of)")
        sido = sido_of.astype(str)
        dist = dist[sido.reindex(dist.index).to_numpy() != sido.get(code)]
        excluded.append("same_sido")
    if exclude_capital:
        if capital is None:
            raise DataError("exclude_capital needs the capital-region flag of each region (capital)")
        dist = dist[~capital.reindex(dist.index).fillna(False).astype(bool).to_numpy()]
        excluded.append("capital_region")
    dist = dist.dropna().sort_values(kind="stable").head(n)
    z = _standardise(features)
    rows = []
    for peer, d in dist.items():
        rows.append({"code": peer, "distance": float(d),
                     "n_variables": int(features.loc[[code, peer]].notna().all().sum()),
                     "reasons": _reasons(features, z, w, code, peer, n_reasons)})
    table = pd.DataFrame(rows, columns=["code", "distance", "n_variables", "reasons"]).set_index("code")
    return PeerResult(code, table, dict(w), tuple(excluded))
