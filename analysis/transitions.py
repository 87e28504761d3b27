"""Transitions over time: classic and spatial Markov chains, LISA Markov and rank mobility (PySAL ``giddy``).

Every statistic is giddy's own; this module only chooses the panel, feeds giddy and names the results:

* **Panel** (:func:`transition_panel`): an extensive indicator as each region's *share* of the sum over the
  regions (:func:`analysis.mismatch.shares`, the same shares as the mismatch indices), for a run of equally
  spaced years in which the series is complete and covers **the same units** (see below), with no series
  break (``data/indicators/breaks.csv``) inside the run.
* **Classic and spatial Markov** (:func:`markov`, ``giddy.markov.Spatial_Markov`` with ``fixed=True``):
  ``k`` quantile classes of the shares pooled over all years, and ``m`` quantile classes of the spatial lag
  (row-standardised queen weights with the island links, :func:`analysis.spatial.weights_for_regions`).
  Rows of a transition matrix with no observed transition are NaN (giddy leaves zeros), every other row sums
  to 1. Homogeneity tests (Bickenbach-Bode Q and LR) say whether the neighbours' class matters.
* **LISA Markov** (``giddy.markov.LISA_Markov``): transitions between Moran scatterplot quadrants
  (HH, LH, LL, HL), with giddy's χ² test that a region's own move and its neighbours' move are independent.
* **Rank mobility** (``giddy.rank.Tau`` and ``SpatialTau``): Kendall's τ between the first and the last year
  of the run, and the spatial τ over neighbouring pairs with a seeded permutation pseudo p-value.

**Within some sido** (``within=``, :mod:`analysis.unit_sets`): a series complete for the whole country in a few
years only and for some sido in more (the si-gun-gu real value added, 2020 base: all 228 units in 2020–2022, 2019
in nine sido's tables, 2023 in ten) runs over the si-gun-gu of the chosen sido alone, their shares of *their* sum,
in the years all of them publish. A national run and a run within some sido are different panels (other units,
other totals) and never joined; a national year left out as incomplete names the sido complete in it.

A unit that appears mid-series (Sejong, listed from 2012, 2013 or 2017 depending on the table; before that
its territory is inside Chungnam) is handled by **restriction**, never by reconstruction: the run holds only
years that cover the same units, so by default the years with all 17 sido (employed persons 2017-2024,
value added 2013-2023). An earlier ``anchor`` year gives the earlier run with 16 units (Sejong inside
Chungnam), which is consistent within itself. A transition across the appearance would be an artefact
(Chungnam's share drops by Sejong's), so no run crosses it; the years left out are listed with the reason.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from libpysal.graph import Graph

from analysis import territory
from analysis.defaults import PERMUTATIONS, SEED
from analysis.errors import AggregationError, DataError
from analysis.mismatch import global_seed, shares
from analysis.notes import Note
from analysis.unit_sets import (
    UnitSet,
    complete_years_within,
    unit_set,
    values_within,
    why_incomplete,
    years_by_sido,
)
from lang import t as text

if TYPE_CHECKING:
    from analysis.store import Store

__all__ = [
    "QUADRANTS",
    "LisaMarkovResult",
    "MarkovResult",
    "RankMobility",
    "TransitionMatrix",
    "TransitionPanel",
    "Transitions",
    "lisa_markov",
    "markov",
    "rank_mobility",
    "reading",
    "transition_panel",
    "transitions",
]

QUADRANTS: tuple[str, ...] = ("HH", "LH", "LL", "HL")
"""Moran scatterplot quadrants in esda's order (``q`` = 1, 2, 3, 4)."""


# ---------------------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TransitionPanel:
    """Shares of one indicator over a run of years, ready for transition analysis.

    Attributes
    ----------
    indicator, level : str
    autonomous : bool
        Sigungu: the 229-unit view.
    years : tuple of int
        The run, ascending and equally spaced.
    step : int
        Years between two columns (1 for annual series, 5 for si-gun-gu 2015→2020).
    shares : pandas.DataFrame
        Regions (index ``code``) × years; each column sums to 1.
    left_out : mapping of int to str
        Years with data that are not in the run, and why.
    within : tuple of str
        The sido whose units the run covers (empty: the whole country); shares are of their sum.
    """

    indicator: str
    level: str
    autonomous: bool
    years: tuple[int, ...]
    step: int
    shares: pd.DataFrame = field(repr=False)
    left_out: Mapping[int, str] = field(default_factory=dict)
    within: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        """Number of regions."""
        return int(self.shares.shape[0])

    @property
    def n_transitions(self) -> int:
        """Region-steps observed: ``n × (len(years) − 1)``."""
        return self.n * (len(self.years) - 1)


@dataclass(frozen=True)
class TransitionMatrix:
    """Counts and row probabilities of transitions from one class (rows) to another (columns).

    Attributes
    ----------
    counts : pandas.DataFrame
        Observed transitions; index and columns are class labels.
    probabilities : pandas.DataFrame
        Row-normalised counts; a row without any transition is NaN, every other row sums to 1.
    """

    counts: pd.DataFrame
    probabilities: pd.DataFrame

    @property
    def n(self) -> int:
        """Transitions counted."""
        return int(self.counts.to_numpy().sum())

    def up_down_stay(self) -> dict[str, int]:
        """Transitions to a higher class, a lower class and the same class (class labels in rank order)."""
        c = self.counts.to_numpy()
        return {"up": int(np.triu(c, 1).sum()), "down": int(np.tril(c, -1).sum()), "stay": int(np.trace(c))}


@dataclass(frozen=True)
class MarkovResult:
    """Classic and spatial Markov chains of quantile classes of shares (``giddy.markov.Spatial_Markov``).

    Attributes
    ----------
    k, m : int
        Share classes and spatial-lag classes.
    classes : tuple of str
        Share class labels, lowest first (``Q1`` …).
    cutoffs, lag_cutoffs : tuple of float
        Upper bounds of every class but the top one (shares as fractions; pooled over all years).
    global_ : TransitionMatrix
        The classic (a-spatial) chain.
    spatial : tuple of TransitionMatrix
        One chain per lag class, poorest neighbours first.
    steady_state : tuple of float
        Long-run distribution over the classes of the classic chain (NaN when giddy cannot derive it).
    Q, Q_p_value, LR, LR_p_value : float
        Bickenbach-Bode homogeneity tests: do the chains differ by the neighbours' class?
    dof : int
        Degrees of freedom of the homogeneity tests.
    class_ids, lag_class_ids : pandas.DataFrame
        Class (0-based) of each region and year, and of its neighbours' lag.
    """

    k: int
    m: int
    classes: tuple[str, ...]
    cutoffs: tuple[float, ...]
    lag_cutoffs: tuple[float, ...]
    global_: TransitionMatrix
    spatial: tuple[TransitionMatrix, ...]
    steady_state: tuple[float, ...]
    Q: float
    Q_p_value: float
    LR: float
    LR_p_value: float
    dof: int
    class_ids: pd.DataFrame = field(repr=False)
    lag_class_ids: pd.DataFrame = field(repr=False)


@dataclass(frozen=True)
class LisaMarkovResult:
    """Transitions between Moran scatterplot quadrants (``giddy.markov.LISA_Markov``).

    Attributes
    ----------
    matrix : TransitionMatrix
        Rows and columns :data:`QUADRANTS`.
    chi2, chi2_p_value : float
        giddy's χ² test that own and neighbours' moves are independent; NaN when it cannot be computed.
    dof : int
    quadrants : pandas.DataFrame
        Quadrant label of each region and year.
    """

    matrix: TransitionMatrix
    chi2: float
    chi2_p_value: float
    dof: int
    quadrants: pd.DataFrame = field(repr=False)


@dataclass(frozen=True)
class RankMobility:
    """Kendall's τ and the spatial τ between the ranks of the first and the last year (``giddy.rank``).

    Attributes
    ----------
    first, last : int
        The two years.
    tau, tau_p : float
        Kendall's τ and its p-value (normal approximation).
    tau_spatial : float
        τ over neighbouring pairs only.
    tau_spatial_p_sim : float
        Pseudo p-value of the spatial τ under random relocation (NaN when ``permutations == 0``).
    pairs_spatial : int
        Neighbouring pairs.
    permutations : int
    seed : int or None
    """

    first: int
    last: int
    tau: float
    tau_p: float
    tau_spatial: float
    tau_spatial_p_sim: float
    pairs_spatial: int
    permutations: int
    seed: int | None


@dataclass(frozen=True)
class Transitions:
    """Everything :func:`transitions` computes for one indicator and level."""

    panel: TransitionPanel
    markov: MarkovResult
    lisa_markov: LisaMarkovResult
    rank: RankMobility


# ---------------------------------------------------------------------------------------------------------
# the panel
# ---------------------------------------------------------------------------------------------------------
def _run_around(years: list[int], anchor: int) -> list[int]:
    """The longest equally spaced run of consecutive ``years`` (sorted) that contains ``anchor``."""
    i = years.index(anchor)
    best = [anchor]
    for j in (i - 1, i + 1):  # the run's step is set by one neighbour of the anchor
        if not 0 <= j < len(years):
            continue
        step = abs(years[j] - anchor)
        run = [anchor]
        lo = i - 1
        while lo >= 0 and run[0] - years[lo] == step:
            run.insert(0, years[lo])
            lo -= 1
        hi = i + 1
        while hi < len(years) and years[hi] - run[-1] == step:
            run.append(years[hi])
            hi += 1
        if len(run) > len(best) or (len(run) == len(best) and run[-1] > best[-1]):
            best = run
    return best


def panel_from_values(
    values: Mapping[int, pd.Series],
    *,
    indicator: str,
    level: str,
    anchor: int | None = None,
    autonomous: bool = False,
    left_out: Mapping[int, str] | None = None,
    break_between: Callable[[int, int], str | None] | None = None,
) -> TransitionPanel:
    """The transition panel from complete values by year (the rule of :func:`transition_panel`).

    Parameters
    ----------
    values : mapping of int to pandas.Series
        Values of every complete year (indexed by code; NaN for a unit absent that year).
    indicator, level : str
    anchor : int, optional
        A year of the run (default the latest): the run holds the years that cover the same units as the
        anchor year, equally spaced, around it.
    autonomous : bool
    left_out : mapping of int to str, optional
        Years already excluded upstream (incomplete), carried into the result.
    break_between : callable, optional
        ``(year, anchor) -> reason or None``: the series break between two years; years across a break from
        the anchor are left out (a transition across a break measures the change of method).

    Raises
    ------
    DataError
        ``anchor`` is not a complete year, or the run has fewer than two years.
    """
    out_years = dict(left_out or {})
    years = sorted(int(y) for y in values)
    if not years:
        raise DataError(f"{indicator} has no {level} year in which every region has a value; transitions need "
                        "complete years")
    if anchor is None:
        anchor = years[-1]
    if int(anchor) not in years:
        raise DataError(f"{anchor} is not a complete {level} year of {indicator}; complete years: "
                        f"{', '.join(map(str, years))}")
    anchor = int(anchor)
    present = {y: frozenset(values[y].dropna().index.astype(str)) for y in years}
    same = []
    for y in years:
        why = break_between(y, anchor) if break_between is not None and y != anchor else None
        if why:
            out_years[y] = why
        elif present[y] == present[anchor]:
            same.append(y)
    for y in years:
        if y not in same and y not in out_years:
            moved = list(dict.fromkeys(territory.changed(level, present[y], present[anchor]).values()))
            if moved:  # the territory table's rule: a run never crosses a unit's first listing
                t = moved[0]
                out_years[y] = Note(
                    "territory_changed", "{name} ({code}) is listed in one of {year} and {anchor} and counted "
                    "inside {counted} in the other (created {first_year}): a transition across that change would be "
                    "an artefact", name=t.name_en, name_ko=t.name_ko, code=t.code, year=y, anchor=anchor,
                    counted=", ".join(t.counted_in) or "no unit", first_year=t.first_year)
                continue
            n_y, n_a = len(present[y]), len(present[anchor])
            out_years[y] = Note("units_differ", "covers {n} units, the run around {anchor} covers {n_anchor} (a "
                                "unit listed in one and counted inside another in the other, e.g. Sejong inside "
                                "Chungnam): a transition across that change would be an artefact",
                                n=n_y, anchor=anchor, n_anchor=n_a)
    run = _run_around(same, anchor)
    for y in same:
        if y not in run:
            out_years[y] = Note("off_run", "not in the equally spaced run of years around {anchor}", anchor=anchor)
    if len(run) < 2:
        crossing = [f"{y}: {why}" for y, why in sorted(out_years.items()) if why.startswith("series break")]
        others = [f"{y}: {why}" for y, why in sorted(out_years.items()) if not why.startswith("series break")]
        if crossing:
            raise DataError(
                f"{indicator} at {level} level cannot be followed across a series break, and no other year on "
                f"{anchor}'s side of it is comparable (transitions need two or more years). "
                + "; ".join(crossing) + (". Other years left out: " + "; ".join(others) if others else ""))
        raise DataError(
            f"{indicator} at {level} level has only one year ({anchor}) in a run of comparable years: "
            f"transitions need two or more. Years left out: " + ("; ".join(others) or "none"))
    codes = sorted(present[anchor])
    table = pd.DataFrame({y: shares(values[y].loc[codes].astype(float).rename(indicator)).to_numpy()
                          for y in run}, index=pd.Index(codes, name="code"))
    table.columns.name = "year"
    step = run[1] - run[0]
    return TransitionPanel(indicator, level, autonomous, tuple(run), step, table,
                           dict(sorted(out_years.items())))


def transition_panel(indicator: str, level: str = "sido", anchor: int | None = None, *,
                     store: Store, within: Iterable[str] | None = None) -> TransitionPanel:
    """Shares of ``indicator`` at ``level`` over the run of comparable years around ``anchor``.

    The years come from the store's rules: :meth:`~analysis.store.Store.complete_years` (completeness, with
    its Sejong exception), then the same units as the anchor year, and no series break
    (:meth:`~analysis.store.Store.break_between`) between a year and the anchor. With ``within`` (sido codes)
    the run covers their units alone (:func:`analysis.unit_sets.complete_years_within`).

    Parameters
    ----------
    indicator : str
        An extensive indicator id (amounts or counts).
    level : {"sido", "sigungu", "emd"}
    anchor : int, optional
        A year the run must contain (default: the latest complete year).
    store : Store
        Where the indicator comes from (the bundled store or one with uploads).
    within : iterable of str, optional
        Sido codes: a run over their units only (shares of their sum); default the whole country.

    Returns
    -------
    TransitionPanel

    Raises
    ------
    DataError
        Unknown id, no data at the level, fewer than two comparable years (naming a series break in the way).
    AggregationError
        An intensive indicator (rates have no shares of a national total).

    Examples
    --------
    >>> from analysis.store import bundled
    >>> p = transition_panel("employed_persons", "sido", store=bundled())
    >>> p.years[0], p.years[-1], p.n
    (2017, 2024, 17)
    """
    row = store.row(indicator)
    if row["nature"] != "extensive" or str(row["unit"]).startswith("% of"):
        raise AggregationError(
            f"{indicator} is {row['nature']} ({row['unit']}): transitions are computed on shares of the sum over "
            "the regions, which need an extensive amount or count (e.g. employed_persons, "
            "gva_manufacturing_nominal_b2020)")
    units = unit_set(level, within)
    complete = complete_years_within(store, indicator, units)
    left_out = {y: why_incomplete(store, indicator, y, units) for y in store.years(indicator, level)
                if y not in complete}
    if not complete and not units.national:
        have = years_by_sido(store, indicator, level)

        def listing(lang: str) -> str:
            return "; ".join(f"{UnitSet(level, (c,)).names(lang)} ({c}) {y[0]}–{y[-1]}" for c, y in have.items())

        raise DataError(Note("within_none", "{indicator} has no year in which every {level} unit of {sido} has a "
                             "value; sido with complete years: {have}", indicator=indicator, level=level,
                             sido=units.names("en"), sido_ko=units.names("ko"), have=listing("en") or "none",
                             have_ko=listing("ko") or text("none_listed", "ko")))
    values = {y: values_within(store, indicator, units, y) for y in complete}

    def across(y0: int, y1: int) -> str | None:
        br = store.break_between(indicator, y0, y1)
        return None if br is None else Note("series_break", "series break of {indicator} in {year}: {reason}",
                                            indicator=indicator, year=br.year, reason=br.reason_en,
                                            reason_ko=br.reason_ko)

    panel = panel_from_values(values, indicator=indicator, level=level, anchor=anchor,
                              autonomous=store.autonomous(indicator, level), left_out=left_out,
                              break_between=across)
    return panel if units.national else replace(panel, within=units.sido)


# ---------------------------------------------------------------------------------------------------------
# giddy
# ---------------------------------------------------------------------------------------------------------
def _positional_w(graph: Graph, codes: pd.Index):
    """A libpysal ``W`` on positions 0..n-1 in the order of ``codes`` (giddy's rank code indexes arrays by id)."""
    from libpysal.weights import W

    ids = pd.Index(graph.unique_ids.astype(str))
    missing = pd.Index(codes).difference(ids)
    if len(missing) or len(ids) != len(codes):
        raise DataError(f"the weights do not match the panel's regions (missing {sorted(missing)[:5]}); build the "
                        "weights on the panel's codes")
    pos = {c: i for i, c in enumerate(codes)}
    adj = graph.adjacency.reset_index()
    adj.columns = ["focal", "neighbor", "weight"]
    adj = adj[adj["weight"] != 0]
    neighbors: dict[int, list[int]] = {i: [] for i in range(len(codes))}
    wts: dict[int, list[float]] = {i: [] for i in range(len(codes))}
    for f, n, w in adj.itertuples(index=False):
        if str(f) == str(n):
            continue
        neighbors[pos[str(f)]].append(pos[str(n)])
        wts[pos[str(f)]].append(float(w))
    with _quiet():  # islands: reported by weights_report, not here
        return W(neighbors, wts, id_order=list(range(len(codes))), silence_warnings=True)


def _matrix(counts: np.ndarray, labels: tuple[str, ...]) -> TransitionMatrix:
    c = np.asarray(counts, dtype=float)
    rows = c.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(rows > 0, c / np.where(rows > 0, rows, 1), np.nan)
    idx = pd.Index(labels, name="from")
    cols = pd.Index(labels, name="to")
    return TransitionMatrix(pd.DataFrame(c.astype(int), index=idx, columns=cols),
                            pd.DataFrame(p, index=idx, columns=cols))


@contextmanager
def _quiet() -> Iterator[None]:
    """giddy and esda warn about islands and empty classes; the results report both."""
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore")
        yield


def markov(panel: TransitionPanel, graph: Graph, k: int = 4, m: int = 4) -> MarkovResult:
    """Classic and spatial Markov chains of ``k`` quantile classes of the shares (``giddy.markov.Spatial_Markov``).

    Parameters
    ----------
    panel : TransitionPanel
    graph : libpysal.graph.Graph
        Weights on the panel's regions.
    k, m : int
        Share classes and spatial-lag classes (quantiles pooled over all years).

    Returns
    -------
    MarkovResult

    Raises
    ------
    DataError
        ``k`` or ``m`` outside 2..(regions − 1), or weights that do not match.
    """
    from giddy.markov import Spatial_Markov

    for name, val in (("k", k), ("m", m)):
        if not 2 <= int(val) < panel.n:
            raise DataError(f"{name} must be between 2 and {panel.n - 1} (the panel has {panel.n} regions); got {val}")
    w = _positional_w(graph, panel.shares.index)
    y = panel.shares.to_numpy(float)
    with _quiet():
        sm = Spatial_Markov(y, w, k=int(k), m=int(m), fixed=True)
        steady = tuple(float(v) for v in np.asarray(sm.s, dtype=float).ravel())
        q, qp, lr, lrp, dof = float(sm.Q), float(sm.Q_p_value), float(sm.LR), float(sm.LR_p_value), int(sm.dof_hom)
    k_eff, m_eff = int(sm.k), int(sm.m)
    labels = tuple(f"Q{i + 1}" for i in range(k_eff))
    cols = pd.Index(panel.years, name="year")
    return MarkovResult(
        k=k_eff, m=m_eff, classes=labels,
        cutoffs=tuple(float(c) for c in np.asarray(sm.cutoffs).ravel()),
        lag_cutoffs=tuple(float(c) for c in np.asarray(sm.lag_cutoffs).ravel()),
        global_=_matrix(sm.transitions, labels),
        spatial=tuple(_matrix(t, labels) for t in sm.T),
        steady_state=steady, Q=q, Q_p_value=qp, LR=lr, LR_p_value=lrp, dof=dof,
        class_ids=pd.DataFrame(sm.class_ids, index=panel.shares.index, columns=cols),
        lag_class_ids=pd.DataFrame(sm.lclass_ids, index=panel.shares.index, columns=cols),
    )


def lisa_markov(panel: TransitionPanel, graph: Graph) -> LisaMarkovResult:
    """Transitions between Moran scatterplot quadrants of the shares (``giddy.markov.LISA_Markov``).

    Parameters
    ----------
    panel : TransitionPanel
    graph : libpysal.graph.Graph

    Returns
    -------
    LisaMarkovResult
    """
    from giddy.markov import LISA_Markov

    w = _positional_w(graph, panel.shares.index)
    with _quiet():
        lm = LISA_Markov(panel.shares.to_numpy(float), w, permutations=0)
        chi = tuple(lm.chi_2)
    quads = pd.DataFrame(np.asarray(QUADRANTS, dtype=object)[np.asarray(lm.q) - 1], index=panel.shares.index,
                         columns=pd.Index(panel.years, name="year"))
    return LisaMarkovResult(matrix=_matrix(lm.transitions, QUADRANTS), chi2=float(chi[0]),
                            chi2_p_value=float(chi[1]), dof=int(chi[2]), quadrants=quads)


def rank_mobility(panel: TransitionPanel, graph: Graph, permutations: int = PERMUTATIONS,
                  seed: int | None = SEED) -> RankMobility:
    """Kendall's τ and spatial τ between the first and the last year of the panel (``giddy.rank``).

    Parameters
    ----------
    panel : TransitionPanel
    graph : libpysal.graph.Graph
    permutations : int
        Random relocations for the spatial τ's pseudo p-value (0: none).
    seed : int or None

    Returns
    -------
    RankMobility
    """
    from giddy.rank import SpatialTau

    if permutations < 0:
        raise DataError(f"permutations must be ≥ 0 (got {permutations}); 999 is the usual choice.")
    w = _positional_w(graph, panel.shares.index)
    first, last = panel.years[0], panel.years[-1]
    x, y = panel.shares[first].to_numpy(float), panel.shares[last].to_numpy(float)
    with _quiet(), global_seed(seed):
        st = SpatialTau(x, y, w, permutations=int(permutations))
    return RankMobility(first=first, last=last, tau=float(st.tau), tau_p=float(st.tau_p),
                        tau_spatial=float(st.tau_spatial),
                        tau_spatial_p_sim=float(st.tau_spatial_psim) if permutations else float("nan"),
                        pairs_spatial=int(st.pairs_spatial), permutations=int(permutations), seed=seed)


def transitions(
    indicator: str,
    level: str = "sido",
    *,
    anchor: int | None = None,
    k: int = 4,
    m: int = 4,
    permutations: int = PERMUTATIONS,
    seed: int | None = SEED,
    store: Store,
    within: Iterable[str] | None = None,
) -> Transitions:
    """Markov, spatial Markov, LISA Markov and rank mobility of one indicator's shares.

    Parameters
    ----------
    indicator : str
        Extensive indicator id.
    level : str
    anchor : int, optional
        A year of the run (default the latest complete year).
    k, m : int
        Share classes and lag classes.
    permutations, seed
        Of the spatial τ's pseudo p-value.
    store : Store, optional
        Where the indicator comes from (the bundled store, or one with uploads: they work like bundled ones).
    within : iterable of str, optional
        Sido codes: the run over their units only (see :func:`transition_panel`).

    Returns
    -------
    Transitions

    Examples
    --------
    >>> from analysis.store import bundled
    >>> t = transitions("employed_persons", "sido", permutations=0, store=bundled())
    >>> t.markov.global_.probabilities.sum(axis=1).round(6).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    from analysis.spatial import weights_for_regions

    panel = transition_panel(indicator, level, anchor, store=store, within=within)
    graph = weights_for_regions(level, panel.shares.index, autonomous=panel.autonomous)
    return Transitions(panel=panel, markov=markov(panel, graph, k, m), lisa_markov=lisa_markov(panel, graph),
                       rank=rank_mobility(panel, graph, permutations, seed))


# ---------------------------------------------------------------------------------------------------------
# plain-language reading
# ---------------------------------------------------------------------------------------------------------
_MIN_TRANSITIONS = 10
"""Fewer transitions out of movable classes than this in a lag class: too few to compare."""
_CLEAR_DIFFERENCE = 0.05
"""Difference of two rates (5 percentage points) below which the reading says there is no clear difference."""


def _moves_up(tm: TransitionMatrix) -> tuple[int, int]:
    """Transitions that went up, and all transitions from a class below the top (which cannot move up)."""
    c = tm.counts.to_numpy()
    return int(np.triu(c, 1).sum()), int(c[:-1].sum())



def reading(t: Transitions, lang: str = "en") -> list[str]:
    """Plain-language sentences about the transitions, each derived from the numbers (ko or en).

    Regions with rich and poor neighbours (top and bottom lag class) are said to differ in moving up only when
    each has at least ten transitions out of a class below the top, the rates differ by five percentage points
    or more and Fisher's exact test on the 2×2 table (up / not up × rich / poor) gives p < 0.05; otherwise the
    sentence says the difference is not clear and gives the counts.

    Parameters
    ----------
    t : Transitions
    lang : {"en", "ko"}

    Returns
    -------
    list of str
    """
    p, mk = t.panel, t.markov
    g = mk.global_
    uds = g.up_down_stay()
    total = max(g.n, 1)
    out = [text("rd_markov_moves", lang, span=f"{p.years[0]}–{p.years[-1]}", n=p.n, steps=g.n,
               stay=uds["stay"] / total, up=uds["up"] / total, down=uds["down"] / total)]
    low, high = mk.spatial[0], mk.spatial[-1]
    k_lo, n_lo = _moves_up(low)
    k_hi, n_hi = _moves_up(high)
    if min(n_lo, n_hi) < _MIN_TRANSITIONS:
        out.append(text("rd_markov_too_few", lang))
    else:
        from scipy.stats import fisher_exact

        up_hi, up_lo = k_hi / n_hi, k_lo / n_lo
        p_val = float(fisher_exact([[k_hi, n_hi - k_hi], [k_lo, n_lo - k_lo]]).pvalue)
        clear = p_val < 0.05 and abs(up_hi - up_lo) >= _CLEAR_DIFFERENCE
        key = ("rd_markov_rich_up" if up_hi > up_lo else "rd_markov_poor_up") if clear else "rd_markov_unclear"
        out.append(text(key, lang, hi=up_hi, lo=up_lo, p=p_val, k_hi=k_hi, n_hi=n_hi, k_lo=k_lo, n_lo=n_lo))
    if np.isfinite(mk.Q_p_value):
        out.append(text("rd_markov_q_differ" if mk.Q_p_value < 0.05 else "rd_markov_q_same", lang, q=mk.Q,
                       p=mk.Q_p_value))
    r = t.rank
    if np.isfinite(r.tau):
        out.append(text("rd_markov_tau_still" if r.tau >= 0.8 else "rd_markov_tau", lang, y0=r.first, y1=r.last,
                       tau=r.tau))
    return out
