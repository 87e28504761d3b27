"""One comparison of two indicators: every number the Mismatch and Clusters tabs, ``analysis summary``, the
briefing PDF, the deck and the presenter mode show about x against y comes from :func:`compare`.

The rules, each written once:

* **Which year.** A year is *comparable* when both x and y are complete in it
  (:meth:`analysis.store.Store.complete_years`) and cover the same units (a table that lists Sejong against
  one that counts it inside Chungnam, or one that omits it, is not: their shares are of different totals). With no year given, the latest comparable year; a year that is
  not comparable is refused by :func:`check_year`, whose one message names the comparable years. Shares are
  never computed over a subset of the regions.
* **Which indicators.** Both extensive (amounts or counts), of one catalogue ``base_year`` (``none`` goes with
  anything), on the same sigungu view (:func:`analysis.regions.sigungu_view`).
* **Capital region**: :func:`analysis.regions.capital_flags` (``data/region_groups.csv``); 5+2 economic
  regions: :func:`analysis.regions.econ_region_of`.
* **Weights**: :func:`analysis.spatial.weights_for_regions` on the compared regions (queen, island links).
* **Bivariate LISA wording** by the layers of x and y (:func:`bivariate_wording`).
* **Inference on demand.** A comparison computes the shares, the indices (Hoover, Theil/KL, Gini, Theil and its
  decompositions) and Moran's I of ln M at once; the other Moran's I, the LISAs and the Theil p-values are computed
  when first read and then kept on the result (:class:`OnRead`), each with the same permutations and seed, so a
  number is the same whenever and wherever it is read. :func:`compare` and :func:`trend` keep their last results
  per store (bounded), so the Mismatch tab, the briefing and the presenter share one computation.

Examples
--------
>>> from analysis.store import bundled
>>> c = compare(bundled(), "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020", "sido",
...             permutations=99)
>>> c.year, c.year_reason, round(c.capital_share_x, 3)
(2022, 'latest year both cover completely', 0.701)
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from libpysal.graph import Graph

from analysis import regions, territory
from analysis.defaults import ALPHA, PERMUTATIONS, SEED
from analysis.errors import AggregationError, DataError
from analysis.labels import role_names
from analysis.mismatch import ConcentrationResult, MismatchResult, concentration, mismatch
from analysis.notes import Note
from analysis.spatial import (
    GlobalResult,
    LocalResult,
    WeightsReport,
    bivariate_local_moran,
    bivariate_moran,
    getis_ord,
    local_moran,
    moran,
    small_n_warning,
    weights_for_regions,
    weights_report,
)
from analysis.store import Store
from geo.boundaries import groups_stamp
from lang import col

__all__ = [
    "Comparison",
    "OnRead",
    "Univariate",
    "bivariate_wording",
    "check_year",
    "Trend",
    "comparable_years",
    "compare",
    "measure",
    "trend",
    "trend_years",
    "univariate",
]


_BV_WORDING: dict[tuple[str, str], str] = {
    ("rnd", "production"): "rnd_production",
    ("workforce", "production"): "workforce_production",
    ("services", "production"): "services_production",
    ("production", "rnd"): "production_rnd",
    ("production", "workforce"): "production_workforce",
    ("production", "services"): "production_services",
}
"""(layer of x, layer of y) → wording scheme of the bivariate LISA of x against the neighbours' y: the planner's
words for each side of the mismatch (R&D, workforce, services against production, and production against each),
``bivariate`` (the indicators' names only) for any other pair of layers."""

_META_KEYS = ("label_ko", "label_en", "unit", "layer", "nature")


_T = TypeVar("_T")


class OnRead(Mapping[str, _T]):
    """A read-only mapping whose values are computed when first read, then kept.

    Each key has a function of no arguments; reading the key the first time calls it (once, also when several
    threads read it at the same moment: the page's sessions share cached results) and every later read returns
    the same object. Iteration follows the keys' order and never computes; ``dict(m)`` or ``m.items()`` computes
    every value. A pickled or copied ``OnRead`` is a plain ``dict`` of the computed values.

    Examples
    --------
    >>> calls = []
    >>> m = OnRead({"a": lambda: calls.append("a") or 1, "b": lambda: calls.append("b") or 2})
    >>> list(m), calls
    (['a', 'b'], [])
    >>> m["b"], m["b"], calls
    (2, 2, ['b'])
    """

    def __init__(self, compute: Mapping[str, Callable[[], _T]]) -> None:
        self._compute = dict(compute)
        self._values: dict[str, _T] = {}
        self._lock = threading.RLock()  # re-entrant: a value's function may read another key

    def __getitem__(self, key: str) -> _T:
        try:
            return self._values[key]
        except KeyError:
            if key not in self._compute:
                raise
        with self._lock:
            if key not in self._values:
                self._values[key] = self._compute[key]()
            return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._compute)

    def __len__(self) -> int:
        return len(self._compute)

    def computed(self) -> tuple[str, ...]:
        """The keys computed so far."""
        return tuple(k for k in self._compute if k in self._values)

    def __reduce__(self) -> tuple:
        return dict, (dict(self.items()),)

    def __repr__(self) -> str:
        return f"OnRead({list(self._compute)}, computed={list(self.computed())})"


class _Recent:
    """A bounded, thread-safe memo (least recently used out first) of results keyed by their arguments."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()  # outside the lock: other keys are not held up (a rare duplicate is identical)
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


COMPARISONS_KEPT = 48
"""Comparisons :func:`compare` keeps per store (a trend's years included)."""
TRENDS_KEPT = 8
"""Trends :func:`trend` keeps per store."""

_MEMOS: weakref.WeakKeyDictionary[Store, dict[str, _Recent]] = weakref.WeakKeyDictionary()
_MEMOS_LOCK = threading.Lock()


def _memo(store: Store, name: str, maxsize: int) -> _Recent:
    """The store's memo ``name``: results live as long as the store object (the bundled store: the process; a
    store with a session's uploads: that session), never shared between stores. Comparisons and trends are also
    keyed by ``data/region_groups.csv``'s stamp (:func:`geo.boundaries.groups_stamp`): an edited capital region
    shows without a restart, as everywhere else."""
    with _MEMOS_LOCK:
        memos = _MEMOS.setdefault(store, {})
        if name not in memos:
            memos[name] = _Recent(maxsize)
        return memos[name]


def bivariate_wording(layer_x: str | None, layer_y: str | None) -> str:
    """Wording scheme (``data/lisa_labels.csv``) of the bivariate LISA x vs lag y, chosen by the layers.

    Examples
    --------
    >>> bivariate_wording("rnd", "production"), bivariate_wording("workforce", "production")
    ('rnd_production', 'workforce_production')
    >>> bivariate_wording("production", "services"), bivariate_wording("context", "production")
    ('production_services', 'bivariate')
    """
    return _BV_WORDING.get((str(layer_x), str(layer_y)), "bivariate")


# ---------------------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """x against y at one level and year.

    Attributes
    ----------
    x, y : str
        Indicator ids.
    level : str
    year : int
    year_reason : str
        Why this year (``given`` or ``latest year both cover completely``).
    comparable_years : tuple of int
        Every year in which x and y could be compared.
    autonomous : bool
        Sigungu: the 229-unit view.
    meta : mapping
        ``{"x": {...}, "y": {...}}`` with ``id, label_ko, label_en, unit, layer, nature``.
    mismatch : MismatchResult
        Values, shares, M and ln M per region; Hoover and Theil/KL.
    capital : pandas.Series
        Capital-region flag of each compared region.
    concentration : mapping
        ``x``/``y`` → :class:`ConcentrationResult` with the capital vs non-capital decomposition (its
        permutation p-value computed when first read).
    econ_concentration : mapping
        ``x``/``y`` → the same for the 5+2 economic regions (None when a region has no economic region),
        computed when first read.
    weights : libpysal.graph.Graph
        Spatial weights on the compared regions.
    weights_report : WeightsReport
    moran : mapping
        ``x, y, log_ratio, bivariate_x_lag_y, bivariate_y_lag_x`` → :class:`GlobalResult` or None (skipped:
        see ``notes``). Moran's I of ln M is computed with the comparison, the others when first read
        (:class:`OnRead`).
    lisa : mapping
        ``x, y, log_ratio, x_lag_y, y_lag_x`` → :class:`LocalResult` or None, each computed when first read.
    lisa_wording : mapping
        Wording scheme of each LISA.
    dropped : tuple of (str, str)
        Units of the level's view left out, with the reason.
    notes : tuple of str
        Statistics skipped and why, isolates.
    boundaries : geopandas.GeoDataFrame
        Every unit of the level's view (names, geometry, for maps).
    permutations, seed : int
    alpha : float
    fdr : bool
    """

    x: str
    y: str
    level: str
    year: int
    year_reason: str
    comparable_years: tuple[int, ...]
    autonomous: bool
    meta: Mapping[str, Mapping[str, Any]]
    mismatch: MismatchResult
    capital: pd.Series
    concentration: Mapping[str, ConcentrationResult]
    econ_concentration: Mapping[str, ConcentrationResult | None]
    weights: Graph = field(repr=False)
    weights_report: WeightsReport = field(repr=False)
    moran: Mapping[str, GlobalResult | None] = field(repr=False)
    lisa: Mapping[str, LocalResult | None] = field(repr=False)
    lisa_wording: Mapping[str, str] = field(repr=False)
    dropped: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    boundaries: Any = field(default=None, repr=False)
    permutations: int = PERMUTATIONS
    seed: int = SEED
    alpha: float = ALPHA
    fdr: bool = False

    @property
    def n(self) -> int:
        """Number of regions compared."""
        return self.mismatch.n

    @property
    def shares(self) -> pd.DataFrame:
        """Per region: ``x, y, share_x, share_y, ratio, log_ratio, share_gap``."""
        return self.mismatch.shares

    @property
    def hoover(self) -> float:
        """Hoover index of x against y."""
        return self.mismatch.hoover

    @property
    def theil_kl(self) -> float:
        """Theil/KL mismatch of x against y."""
        return self.mismatch.theil_kl

    @property
    def capital_share_x(self) -> float:
        """The capital region's share of x (a fraction)."""
        return self.concentration["x"].capital_share

    @property
    def capital_share_y(self) -> float:
        """The capital region's share of y (a fraction)."""
        return self.concentration["y"].capital_share

    @property
    def warning(self) -> str | None:
        """The small-n caution (:func:`analysis.spatial.small_n_warning`)."""
        return small_n_warning(self.n)

    def label(self, which: str, lang: str = "en") -> str:
        """Catalogue label of ``x`` or ``y``."""
        return str(self.meta[which][col("label", lang)])


@dataclass(frozen=True)
class Univariate:
    """Spatial statistics of one indicator at one level and year (the Clusters tab's LISA and Gi*).

    Attributes
    ----------
    indicator, level : str
    year : int
    year_reason : str
    complete_years : tuple of int
    autonomous : bool
    values : pandas.Series
    weights : libpysal.graph.Graph
    stats : mapping
        ``moran``, ``lisa``, ``getis_ord`` → the result or None (the indicator is the same everywhere), each
        computed when first read (:class:`OnRead`); also the properties of the same names.
    notes : tuple of str
    """

    indicator: str
    level: str
    year: int
    year_reason: str
    complete_years: tuple[int, ...]
    autonomous: bool
    values: pd.Series
    weights: Graph = field(repr=False)
    stats: Mapping[str, Any] = field(repr=False)
    notes: tuple[str, ...] = ()

    @property
    def moran(self) -> GlobalResult | None:
        """Moran's I (:func:`analysis.spatial.moran`)."""
        return self.stats["moran"]

    @property
    def lisa(self) -> LocalResult | None:
        """LISA (:func:`analysis.spatial.local_moran`)."""
        return self.stats["lisa"]

    @property
    def getis_ord(self) -> LocalResult | None:
        """Getis-Ord Gi* (:func:`analysis.spatial.getis_ord`)."""
        return self.stats["getis_ord"]


# ---------------------------------------------------------------------------------------------------------
# the rules: indicators and years
# ---------------------------------------------------------------------------------------------------------
def _meta(store: Store, indicator: str) -> dict[str, Any]:
    row = store.row(indicator)
    meta: dict[str, Any] = {"id": indicator}
    for key in _META_KEYS:
        val = row.get(key)
        meta[key] = None if val is None or (isinstance(val, float) and np.isnan(val)) else str(val)
    if meta["nature"] != "extensive":
        raise AggregationError(
            f"{indicator} is intensive ({meta['unit']}); shares of a national total need extensive indicators "
            "(amounts or counts). Pick the matching amount, e.g. rd_expenditure_from_share instead of a "
            "per-capita rate.")
    return meta


def _check_pair(store: Store, x: str, y: str, level: str) -> tuple[dict, dict, bool]:
    if level not in regions.LEVELS:
        raise DataError(f"unknown level {level!r}; valid levels: {', '.join(regions.LEVELS)}")
    mx, my = _meta(store, x), _meta(store, y)
    bx, by = str(store.row(x)["base_year"]), str(store.row(y)["base_year"])
    if "none" not in (bx, by) and bx != by:
        raise DataError(Note("base_years_differ", "{x} is in base year {bx} and {y} in base year {by}: figures of "
                             "different base years are not comparable; pick two indicators of one base year (ids "
                             "ending _b2020, _b2015 …)", x=x, y=y, bx=bx, by=by))
    store.years(x, level), store.years(y, level)  # no data at the level: a clear error
    ax, ay = store.autonomous(x, level), store.autonomous(y, level)
    if ax != ay:
        raise DataError(f"{x} and {y} are on different sigungu views ({regions.view_name(level, ax)} vs "
                        f"{regions.view_name(level, ay)}); compare indicators on one view")
    return mx, my, ax


def _present(store: Store, indicator: str, level: str, year: int) -> frozenset[str]:
    return _memo(store, "present", 4096).get((indicator, level, int(year)), lambda: frozenset(
        store.get(indicator, level, year).dropna().index.astype(str)))


def comparable_years(store: Store, x: str, y: str, level: str) -> list[int]:
    """Years in which x and y are both complete and cover the same units, ascending.

    Examples
    --------
    >>> from analysis.store import bundled
    >>> comparable_years(bundled(), "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020", "sido")
    [2022]
    """
    def compute() -> tuple[int, ...]:
        both = sorted(set(store.complete_years(x, level)) & set(store.complete_years(y, level)))
        return tuple(yr for yr in both if _present(store, x, level, yr) == _present(store, y, level, yr))

    return list(_memo(store, "comparable", 256).get((x, y, level), compute))


def _years_text(years: list[int]) -> str:
    return ", ".join(map(str, years)) if years else "none"


def check_year(store: Store, x: str, y: str | None, level: str, year: int | None) -> tuple[int, str, list[int]]:
    """The year to compare x and y in (or, with ``y=None``, to map x in), why, and every usable year — or the
    one refusal message of the completeness rule.

    Usable years: :func:`comparable_years` (one indicator: its complete years).

    Raises
    ------
    DataError
        No usable year, or ``year`` is not one. The message names the usable years, the regions missing in
        ``year`` and the completeness rule.
    """
    ids = (x,) if y is None else (x, y)
    ok = store.complete_years(x, level) if y is None else comparable_years(store, x, y, level)
    if year is not None and int(year) in ok:
        return int(year), "given", ok
    if year is None and ok:
        return ok[-1], ("latest complete year" if y is None else "latest year both cover completely"), ok
    view = regions.view_name(level, store.autonomous(x, level))
    n_units = len(regions.units(level, store.autonomous(x, level)))
    rule = (f"shares of a national total and spatial statistics need every one of the {view} regions (Sejong may "
            "be absent where its table counts it inside Chungnam or omits it)")
    if year is None:
        if y is None:
            raise DataError(Note("no_complete_year", "{x} has no complete year: {rule}. Complete years of {x}: none.",
                                 x=x, rule=rule, n_units=n_units))
        cx, cy = store.complete_years(x, level), store.complete_years(y, level)
        both = sorted(set(cx) & set(cy))
        if both:
            px, py = _present(store, x, level, both[-1]), _present(store, y, level, both[-1])
            raise DataError(f"{x} and {y} are both complete in {_years_text(both)} but cover different units (only "
                            f"{x}: {', '.join(sorted(px - py)) or '-'}; only {y}: {', '.join(sorted(py - px)) or '-'}"
                            f" in {both[-1]}), so their shares are of different totals; pick indicators from tables "
                            "that cover the same units.")
        raise DataError(Note("no_common_complete_year", "{x} and {y} have no year in which both are complete: "
                             "{rule}. Complete years of {x}: {cx}; of {y}: {cy}.", x=x, y=y, rule=rule, n_units=n_units,
                             cx=_years_text(cx), cy=_years_text(cy)))
    year = int(year)
    gaps = []
    for ind in ids:
        try:
            miss = store.missing(ind, level, year)
        except DataError:
            gaps.append(f"{ind} has no {level} data in {year}")
            continue
        if miss:
            gaps.append(f"{ind} has no value in {year} for {len(miss)} regions ({', '.join(miss[:6])}"
                        f"{' …' if len(miss) > 6 else ''})")
    if not gaps:
        px, py = _present(store, x, level, year), _present(store, y, level, year)
        gaps.append(f"{x} and {y} cover different units in {year} (only {x}: {', '.join(sorted(px - py)) or '-'}; "
                    f"only {y}: {', '.join(sorted(py - px)) or '-'}), so their shares are of different totals")
    which = "Complete years" if y is None else "Years where both are complete"
    raise DataError(f"{'; '.join(gaps)}: {rule}. {which}: {_years_text(ok)}.")


# ---------------------------------------------------------------------------------------------------------
# the comparison
# ---------------------------------------------------------------------------------------------------------
def compare(
    store: Store,
    x: str,
    y: str,
    level: str = "sido",
    year: int | None = None,
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    alpha: float = ALPHA,
    fdr: bool = False,
) -> Comparison:
    """Compare x against y at ``level`` in ``year`` (default: the latest comparable year).

    Parameters
    ----------
    store : Store
        Where the indicators come from (bundled, plus any uploads).
    x, y : str
        Extensive indicator ids (e.g. R&D expenditure and manufacturing value added).
    level : {"sido", "sigungu", "emd"}
    year : int, optional
        Must be a comparable year (:func:`comparable_years`); default the latest.
    permutations, seed : int
        Of every permutation test (Theil between-group p-values, Moran's I, LISA).
    alpha : float
        LISA significance level.
    fdr : bool
        Use the false-discovery-rate cut-off for LISA.

    Returns
    -------
    Comparison

    Raises
    ------
    DataError
        Unknown ids, no data at the level, different base years or sigungu views, no comparable year.
    AggregationError
        An intensive indicator.
    """
    if permutations < 1:
        raise DataError(f"permutations must be ≥ 1 (got {permutations}); 999 is the usual choice.")
    meta_x, meta_y, auto = _check_pair(store, x, y, level)
    year, reason, ok = check_year(store, x, y, level, year)
    key = (x, y, level, int(year), reason, int(permutations), int(seed), float(alpha), bool(fdr), groups_stamp())
    return _memo(store, "compare", COMPARISONS_KEPT).get(key, lambda: _compare(
        store, x, y, level, year, reason, ok, meta_x, meta_y, auto, permutations, seed, alpha, fdr))


def _compare(store: Store, x: str, y: str, level: str, year: int, reason: str, ok: list[int], meta_x: dict,
             meta_y: dict, auto: bool, permutations: int, seed: int, alpha: float, fdr: bool) -> Comparison:
    xv, yv = store.get(x, level, year).dropna(), store.get(y, level, year).dropna()
    bnd = regions.level_boundaries(level, auto)
    codes = xv.index.intersection(yv.index)
    unknown = codes.difference(bnd.index)
    if len(unknown):
        raise DataError(f"{len(unknown)} region codes of the data are not in the {level} boundaries "
                        f"({sorted(unknown)[:5]}); the indicator and boundary code vintages differ. Rebuild the data.")
    graph = weights_for_regions(level, codes, autonomous=auto)
    return measure(xv, yv, bnd, graph, level=level, year=year, year_reason=reason, comparable=tuple(ok),
                   autonomous=auto, meta={"x": meta_x, "y": meta_y}, permutations=permutations, seed=seed,
                   alpha=alpha, fdr=fdr)


def _varies(s: pd.Series) -> bool:
    return bool(np.ptp(s.to_numpy(float)) > 0)


def measure(
    x: pd.Series,
    y: pd.Series,
    boundaries: Any,
    weights: Graph,
    *,
    level: str,
    year: int,
    meta: Mapping[str, Mapping[str, Any]],
    year_reason: str = "given",
    comparable: tuple[int, ...] = (),
    autonomous: bool = False,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    alpha: float = ALPHA,
    fdr: bool = False,
) -> Comparison:
    """The numbers of a comparison on values already checked by :func:`compare` (or synthetic test data).

    ``x`` and ``y`` are values indexed by code over the same complete regions, ``boundaries`` the level's view
    (``name_ko``, ``name_en``), ``weights`` a graph on the compared regions.
    """
    mm: MismatchResult = mismatch(x.rename(meta["x"]["id"]), y.rename(meta["y"]["id"]), how="inner")
    if mm.n < 3:
        raise DataError(f"only {mm.n} regions have both {mm.x} and {mm.y} in {year}; pick another year.")
    codes = mm.shares.index
    cap = regions.capital_flags(codes)
    econ = regions.econ_region_of(codes)
    econ_part = None if econ.isna().any() else econ
    conc: dict[str, ConcentrationResult] = {}
    for key in ("x", "y"):
        vals = mm.shares[key].rename(getattr(mm, key))
        conc[key] = concentration(vals, partition=cap, capital=cap, permutations=permutations, seed=seed)

    def econ(key: str) -> Callable[[], ConcentrationResult | None]:  # the 5+2 decomposition when first read
        vals = mm.shares[key].rename(getattr(mm, key))
        return lambda: None if econ_part is None else concentration(
            vals, partition=econ_part, capital=cap, permutations=permutations, seed=seed)

    econ_conc = OnRead({"x": econ("x"), "y": econ("y")})

    xs, ys = mm.shares["x"].rename(mm.x), mm.shares["y"].rename(mm.y)
    logm = mm.shares["log_ratio"].rename("log_ratio")
    finite = bool(np.isfinite(logm).all())
    ok = {"x": _varies(xs), "y": _varies(ys), "log_ratio": finite and _varies(logm)}
    both = ok["x"] and ok["y"]
    g, perm = weights, permutations

    def when(cond: bool, fn: Callable[[], Any]) -> Callable[[], Any]:
        return fn if cond else lambda: None

    # Moran's I of ln M now (the headline and the trend read it); the rest when first read, same seed
    log_moran = moran(logm, g, perm, seed) if ok["log_ratio"] else None
    glob = OnRead({
        "x": when(ok["x"], lambda: moran(xs, g, perm, seed)),
        "y": when(ok["y"], lambda: moran(ys, g, perm, seed)),
        "log_ratio": lambda: log_moran,
        "bivariate_x_lag_y": when(both, lambda: bivariate_moran(xs, ys, g, perm, seed)),
        "bivariate_y_lag_x": when(both, lambda: bivariate_moran(ys, xs, g, perm, seed)),
    })
    # labels name each variable by its role with its own label (issue 15): "<y> high here, neighbours' <x> low"
    # short labels (no parenthetical qualifier) unless the two then read the same: a legend row stays one line
    full = {k: (str(meta[k].get("label_ko") or meta[k]["id"]), str(meta[k].get("label_en") or meta[k]["id"]))
            for k in ("x", "y")}
    nx, ny = role_names(full["x"], full["y"]).values()
    wording = {"x": "univariate", "y": "univariate", "log_ratio": "mismatch",
               "x_lag_y": bivariate_wording(meta["x"].get("layer"), meta["y"].get("layer")),
               "y_lag_x": bivariate_wording(meta["y"].get("layer"), meta["x"].get("layer"))}
    kw = {"permutations": perm, "seed": seed, "alpha": alpha, "fdr": fdr}
    local = OnRead({
        "x": when(ok["x"], lambda: local_moran(xs, g, **kw)),
        "y": when(ok["y"], lambda: local_moran(ys, g, **kw)),
        "log_ratio": when(ok["log_ratio"],
                          lambda: local_moran(logm, g, labels="mismatch", names={"a": nx, "b": ny}, **kw)),
        "x_lag_y": when(both, lambda: bivariate_local_moran(xs, ys, g, labels=wording["x_lag_y"],
                                                            names={"a": nx, "b": ny}, **kw)),
        "y_lag_x": when(both, lambda: bivariate_local_moran(ys, xs, g, labels=wording["y_lag_x"],
                                                            names={"a": ny, "b": nx}, **kw)),
    })
    report = weights_report(g)
    notes = []
    if not finite:
        bad = sorted(logm.index[~np.isfinite(logm)])
        notes.append(f"log M is not finite for {bad[:10]} (a zero share); Moran and LISA of log M skipped.")
    for key, series in (("x", xs), ("y", ys), ("log M", logm)):
        if (finite or key != "log M") and not _varies(series):
            notes.append(f"{key} is the same in every region; its spatial statistics are skipped.")
    if report.isolates:
        notes.append(f"regions without neighbours in the weights: {list(report.isolates)[:10]}.")
    compared = set(codes)
    dropped = tuple((str(c), territory.reason(level, str(c)))
                    for c in boundaries.index.astype(str) if c not in compared)
    return Comparison(
        x=mm.x, y=mm.y, level=level, year=int(year), year_reason=year_reason, comparable_years=tuple(comparable),
        autonomous=autonomous, meta={k: dict(v) for k, v in meta.items()}, mismatch=mm, capital=cap,
        concentration=conc, econ_concentration=econ_conc, weights=g, weights_report=report, moran=glob,
        lisa=local, lisa_wording=wording, dropped=dropped, notes=tuple(notes), boundaries=boundaries,
        permutations=perm, seed=seed, alpha=alpha, fdr=fdr,
    )


# ---------------------------------------------------------------------------------------------------------
# one indicator; over the years
# ---------------------------------------------------------------------------------------------------------
def univariate(
    store: Store,
    indicator: str,
    level: str = "sido",
    year: int | None = None,
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    alpha: float = ALPHA,
    fdr: bool = False,
) -> Univariate:
    """Moran's I, LISA and Getis-Ord Gi* of one indicator in a complete year (default: the latest).

    The same completeness and weights rules as :func:`compare`; intensive indicators are allowed (no shares).

    Raises
    ------
    DataError
        Unknown id, no data, or ``year`` not complete (the message names the complete years).
    """
    if level not in regions.LEVELS:
        raise DataError(f"unknown level {level!r}; valid levels: {', '.join(regions.LEVELS)}")
    auto = store.autonomous(indicator, level)
    year, reason, years = check_year(store, indicator, None, level, year)
    key = (indicator, level, int(year), reason, int(permutations), int(seed), float(alpha), bool(fdr))
    return _memo(store, "univariate", COMPARISONS_KEPT).get(key, lambda: _univariate(
        store, indicator, level, year, reason, years, auto, permutations, seed, alpha, fdr))


def _univariate(store: Store, indicator: str, level: str, year: int, reason: str, years: list[int], auto: bool,
                permutations: int, seed: int, alpha: float, fdr: bool) -> Univariate:
    values = store.get(indicator, level, year).dropna().astype(float)
    graph = weights_for_regions(level, values.index, autonomous=auto)
    kw = {"permutations": permutations, "seed": seed, "alpha": alpha, "fdr": fdr}
    notes = ()
    if _varies(values):
        stats = OnRead({"moran": lambda: moran(values, graph, permutations, seed),
                        "lisa": lambda: local_moran(values, graph, **kw),
                        "getis_ord": lambda: getis_ord(values, graph, **kw)})
    else:
        stats = OnRead(dict.fromkeys(("moran", "lisa", "getis_ord"), lambda: None))
        notes = (f"{indicator} is the same in every region; its spatial statistics are skipped.",)
    return Univariate(indicator, level, int(year), reason, tuple(years), auto, values, graph, stats, notes)


@dataclass(frozen=True)
class Trend:
    """x against y over the years: one :class:`Comparison` per year (:func:`trend`).

    Attributes
    ----------
    x, y, level : str
    anchor : int
        The year the others are comparable with.
    comparisons : tuple of Comparison
        One per year, ascending; each exactly what :func:`compare` gives for that year.
    left_out : mapping of int to str
        Comparable years left out, and why (other units than the anchor year, a series break in between).
    """

    x: str
    y: str
    level: str
    anchor: int
    comparisons: tuple[Comparison, ...] = field(repr=False)
    left_out: Mapping[int, str] = field(default_factory=dict)

    @property
    def years(self) -> tuple[int, ...]:
        """The years, ascending."""
        return tuple(c.year for c in self.comparisons)

    @property
    def frame(self) -> pd.DataFrame:
        """One row per year (index ``year``): ``n, hoover, theil_kl, capital_share_x, capital_share_y,
        gini_x, gini_y, moran_log_ratio, moran_log_ratio_p_sim`` (Moran's I of ln M and its pseudo p-value;
        NaN where compare skipped it); ``attrs["left_out"]`` as :attr:`left_out`."""
        rows = []
        for c in self.comparisons:
            m = c.moran["log_ratio"]
            rows.append({"year": c.year, "n": c.n, "hoover": c.hoover, "theil_kl": c.theil_kl,
                         "capital_share_x": c.capital_share_x, "capital_share_y": c.capital_share_y,
                         "gini_x": c.concentration["x"].gini, "gini_y": c.concentration["y"].gini,
                         "moran_log_ratio": np.nan if m is None else m.I,
                         "moran_log_ratio_p_sim": np.nan if m is None else m.p_sim})
        out = pd.DataFrame(rows).set_index("year")
        out.attrs["left_out"] = dict(self.left_out)
        return out


def trend_years(store: Store, x: str, y: str, level: str = "sido",
                anchor: int | None = None) -> tuple[int, list[int], dict[int, str]]:
    """The years a trend of x against y holds: comparable, the same units as ``anchor``, no break in between.

    Returns
    -------
    anchor : int
        The anchor (default: the latest comparable year).
    years : list of int
    left_out : dict of int to str
        Comparable years left out, with the reason.
    """
    _check_pair(store, x, y, level)
    anchor, _, ok = check_year(store, x, y, level, anchor)

    def compute() -> tuple[int, tuple[int, ...], dict[int, str]]:
        units = _present(store, x, level, anchor)
        keep, left_out = [], {}
        for yr in ok:
            br = store.break_between(x, yr, anchor) or store.break_between(y, yr, anchor)
            if br is not None:
                left_out[yr] = Note("series_break", "series break of {indicator} in {year}: {reason}",
                                    indicator=br.indicator, year=br.year, reason=br.reason_en,
                                    reason_ko=br.reason_ko)
            elif _present(store, x, level, yr) != units:
                left_out[yr] = Note("other_units", "covers other units than the anchor year")
            else:
                keep.append(yr)
        return anchor, tuple(keep), left_out

    anchor, keep, left_out = _memo(store, "trend_years", 64).get((x, y, level, anchor), compute)
    return anchor, list(keep), dict(left_out)


def trend(store: Store, x: str, y: str, level: str = "sido", anchor: int | None = None, *,
          permutations: int = PERMUTATIONS, seed: int = SEED, alpha: float = ALPHA, fdr: bool = False) -> Trend:
    """:func:`compare` in every year comparable with ``anchor`` (:func:`trend_years`).

    A trend is nothing but the comparisons of its years: every number of a year equals what :func:`compare`
    (and so ``analysis summary``, the tabs and the briefing) gives for that year with the same arguments. It is
    light: each comparison computes its shares, indices and Moran's I of ln M, which :attr:`Trend.frame` draws,
    and nothing else unless read. The Mismatch tab, the briefing and the presenter share one trend (kept per
    store, :data:`TRENDS_KEPT`).

    Examples
    --------
    >>> from analysis.store import bundled
    >>> t = trend(bundled(), "gva_prof_sci_tech_services_nominal_b2020", "gva_manufacturing_nominal_b2020",
    ...           permutations=9)
    >>> t.years[0], t.years[-1], 2012 in t.left_out
    (2013, 2023, True)
    """
    anchor, years, left_out = trend_years(store, x, y, level, anchor)

    def compute() -> Trend:
        comps = tuple(compare(store, x, y, level, yr, permutations=permutations, seed=seed, alpha=alpha, fdr=fdr)
                      for yr in years)
        return Trend(x, y, level, anchor, comps, left_out)

    key = (x, y, level, anchor, int(permutations), int(seed), float(alpha), bool(fdr), groups_stamp())
    return _memo(store, "trend", TRENDS_KEPT).get(key, compute)
