"""Change of one indicator between two years, as an amount and in shares, with differential Moran's I.

The rules, from the store: both years complete (:meth:`analysis.store.Store.complete_years`), the same units in
both (a table that lists Sejong in one year and counts it inside Chungnam in the other is refused), and no
series break between them (:meth:`analysis.store.Store.check_span`, e.g. the register-based 2020 Economic
Census). An indicator id has one base year (ids ending ``_b2010``, ``_b2015``, ``_b2020`` are separate series),
so two of its years never mix bases. Differential Moran's I is :func:`analysis.spatial.differential_moran`
(GeoDa's: Moran's I of ``after − before``) on the level's weights for those regions. With ``within`` (sido
codes, :mod:`analysis.unit_sets`) the change is over their units alone (shares of their sum), in years all of
them publish: the si-gun-gu real value added (2020 base) is national in 2020–2022 only, 2019 and 2023 within
some sido.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from analysis.defaults import PERMUTATIONS, SEED
from analysis.errors import AggregationError, DataError
from analysis.mismatch import shares
from analysis.notes import Note
from analysis.spatial import GlobalResult, differential_moran, weights_for_regions
from analysis.unit_sets import complete_years_within, unit_set, values_within, why_incomplete

if TYPE_CHECKING:
    from analysis.store import Store

__all__ = ["HOW", "Difference", "difference"]

HOW: tuple[str, ...] = ("raw", "share")
"""What changes: the value itself, or the region's share of the sum over the regions (in percentage points); their
words are the catalogue's ``chg_how_<key>`` (:mod:`lang`)."""


@dataclass(frozen=True)
class Difference:
    """One indicator between two years.

    Attributes
    ----------
    indicator, level, how : str
        ``how`` is a key of :data:`HOW`.
    before, after : int
        The two years.
    values_before, values_after : pandas.Series
        Per region: the value, or the share in percent (``how="share"``).
    change : pandas.Series
        ``values_after − values_before`` per region.
    moran : GlobalResult or None
        Differential Moran's I (None when the change is the same everywhere).
    autonomous : bool
    within : tuple of str
        The sido whose units are compared (empty: the whole country).
    """

    indicator: str
    level: str
    how: str
    before: int
    after: int
    values_before: pd.Series = field(repr=False)
    values_after: pd.Series = field(repr=False)
    change: pd.Series = field(repr=False)
    moran: GlobalResult | None
    autonomous: bool = False
    within: tuple[str, ...] = ()


def difference(store: Store, indicator: str, level: str, before: int, after: int, how: str = "share", *,
               permutations: int = PERMUTATIONS, seed: int | None = SEED,
               within: tuple[str, ...] | list[str] | None = None) -> Difference:
    """Change of ``indicator`` from ``before`` to ``after`` per region, with differential Moran's I.

    Parameters
    ----------
    store : Store
    indicator : str
    level : str
    before, after : int
        Two complete years (``before < after``).
    how : {"share", "raw"}
        Change of the share of the sum over the regions (percentage points; extensive indicators only) or of
        the value.
    permutations, seed
        Of differential Moran's I.
    within : sequence of str, optional
        Sido codes: compare their units only (shares of their sum); default the whole country.

    Returns
    -------
    Difference

    Raises
    ------
    DataError
        A year that is not complete, different units in the two years, a series break between them.
    AggregationError
        Shares of an intensive indicator.

    Examples
    --------
    >>> from analysis.store import bundled
    >>> d = difference(bundled(), "employed_persons", "sido", 2017, 2024, permutations=0)
    >>> abs(round(float(d.change.sum()), 9))
    0.0
    """
    if how not in HOW:
        raise DataError(f"unknown change {how!r}; choose one of {list(HOW)}")
    before, after = int(before), int(after)
    if before >= after:
        raise DataError(f"the first year ({before}) must come before the second ({after})")
    row = store.row(indicator)
    if how == "share" and (row["nature"] != "extensive" or str(row["unit"]).startswith("% of")):
        raise AggregationError(f"{indicator} is {row['nature']} ({row['unit']}): it has no shares of a total; "
                               "show the change of the value instead")
    units = unit_set(level, within)
    complete = complete_years_within(store, indicator, units)
    bad = [y for y in (before, after) if y not in complete]
    if bad and units.national:
        why = "; ".join(f"{y}: {why_incomplete(store, indicator, y, units)}" for y in bad)
        raise DataError(f"{indicator} is not complete at {level} level in {', '.join(map(str, bad))}: a change "
                        f"needs every region in both years. Complete years: {', '.join(map(str, complete)) or 'none'}"
                        f" ({why})")
    if bad:
        raise DataError(Note("within_years", "{indicator} is not complete in the {level} units of {sido} in {bad}: "
                             "a change needs every unit in both years. Complete years there: {complete}",
                             indicator=indicator, level=level, sido=units.names("en"), sido_ko=units.names("ko"),
                             bad=", ".join(map(str, bad)), complete=", ".join(map(str, complete)) or "-"))
    store.check_span(indicator, before, after)
    v0 = values_within(store, indicator, units, before)
    v1 = values_within(store, indicator, units, after)
    if set(v0.index) != set(v1.index):
        odd = sorted(set(v0.index) ^ set(v1.index))
        raise DataError(Note("within_units", "{indicator} covers other units in {before} and {after} ({codes}: "
                             "listed in one year, counted inside another unit in the other, e.g. Sejong inside "
                             "Chungnam); compare two years with the same units", indicator=indicator, before=before,
                             after=after, codes=", ".join(odd[:6])))
    codes = v0.index.sort_values()
    v0, v1 = v0.loc[codes].astype(float), v1.loc[codes].astype(float)
    if how == "share":
        v0, v1 = shares(v0.rename(indicator)) * 100, shares(v1.rename(indicator)) * 100
    v0, v1 = v0.rename(f"{indicator}_{before}"), v1.rename(f"{indicator}_{after}")
    change = (v1 - v0).rename("change")
    auto = store.autonomous(indicator, level)
    graph = weights_for_regions(level, codes, autonomous=auto)
    moran = None
    if float(change.max() - change.min()) > 0:
        moran = differential_moran(v0, v1, graph, permutations=permutations, seed=seed)
    return Difference(indicator, level, how, before, after, v0, v1, change, moran, auto, units.sido)
