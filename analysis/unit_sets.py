"""A run of years over the units of some sido: change over time where only part of the country is published.

Some series are complete for the whole country in a few years only and for some sido in more: the si-gun-gu real
value added (2020 base) covers all 228 units in 2020–2022, but 2019 only in the tables of nine sido and 2023 in
those of ten. A national share, Markov chain or differential map needs every unit, so it runs over 2020–2022; a
longer run exists **within** the sido that publish it, over their si-gun-gu alone: one fixed set of units, their
shares of *their* sum, never mixed with the national run (different totals, different units).

:func:`unit_set` names such a set (the level's units whose code starts with one of the sido codes; codes of finer
levels start with their sido's), :func:`complete_years_within` gives the years in which every unit of the set has
a value (the territory table's allowed absences excepted, as in :meth:`analysis.store.Store.complete_years`), and
:func:`years_by_sido` says which sido publish which years (the hint a refusal or the Change tab shows).
:mod:`analysis.transitions` and :mod:`analysis.difference` take ``within=`` and use these rules.

Examples
--------
>>> from analysis.store import bundled
>>> s = unit_set("sigungu", ["11", "41"])
>>> s.sido, len(s.codes(autonomous=True))
(('11', '41'), 56)
>>> complete_years_within(bundled(), "gva_business_services_real_chained_b2020", s)
[2019, 2020, 2021, 2022, 2023]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from analysis import regions, territory
from analysis.errors import DataError
from analysis.notes import Note

if TYPE_CHECKING:
    from analysis.store import Store

__all__ = ["Span", "UnitSet", "complete_years_within", "spans", "unit_set", "values_within", "why_incomplete",
           "years_by_sido"]


@dataclass(frozen=True)
class UnitSet:
    """The units of ``level`` in some sido (all of the level's units when ``sido`` is empty).

    Attributes
    ----------
    level : str
    sido : tuple of str
        Sorted sido codes; empty = the whole country.
    """

    level: str
    sido: tuple[str, ...] = ()

    @property
    def national(self) -> bool:
        """Whether the set is every unit of the level (no sido chosen)."""
        return not self.sido

    def codes(self, autonomous: bool = False) -> pd.Index:
        """The set's codes in the level's view (sigungu: the 229-unit view with ``autonomous``)."""
        units = regions.units(self.level, autonomous)
        if self.national:
            return units
        return units[[str(c)[:2] in self.sido for c in units]]

    def names(self, lang: str = "en") -> str:
        """The sido of the set by name (``Seoul, Gyeonggi``), or the country."""
        from geo.names import sido_short_names
        from lang import pick, t

        if self.national:
            return t("whole_country", lang)
        short = sido_short_names(lang)
        return pick(("·", ", "), lang).join(short.get(c, c) for c in self.sido)


def unit_set(level: str, within: Iterable[str] | None = None) -> UnitSet:
    """The units of ``level`` in the sido ``within`` (codes, e.g. ``["11", "41"]``; none: the whole country).

    Raises
    ------
    DataError
        A code that is not a sido code, or ``within`` at the sido level itself with more than the sido asked.
    """
    wanted = sorted({str(c).strip() for c in within or () if str(c).strip()})
    if not wanted:
        return UnitSet(level)
    known = set(regions.units("sido"))
    bad = [c for c in wanted if c not in known]
    if bad:
        raise DataError(Note("within_unknown", "{codes} are not sido codes; use two-digit codes such as 11 (Seoul) "
                             "or 41 (Gyeonggi)", codes=", ".join(bad)))
    return UnitSet(level, tuple(wanted))


def values_within(store: Store, indicator: str, units: UnitSet, year: int) -> pd.Series:
    """The indicator's values in ``year`` on the set's units (codes as str; a unit without a value is absent)."""
    v = store.get(indicator, units.level, year).dropna()
    v.index = v.index.astype(str)
    if units.national:
        return v
    keep = [c for c in v.index if c[:2] in units.sido]
    return v.loc[keep]


def _missing(store: Store, indicator: str, units: UnitSet, year: int) -> list[str]:
    present = set(values_within(store, indicator, units, year).index)
    auto = store.autonomous(indicator, units.level)
    return [c for c in units.codes(auto) if c not in present and territory.absence(units.level, c) is None]


def complete_years_within(store: Store, indicator: str, units: UnitSet) -> list[int]:
    """Years in which every unit of the set has a value (the territory table's absences excepted); the store's
    complete years for the whole country."""
    if units.national:
        return store.complete_years(indicator, units.level)
    return [y for y in store.years(indicator, units.level)
            if len(values_within(store, indicator, units, y)) and not _missing(store, indicator, units, y)]


def years_by_sido(store: Store, indicator: str, level: str) -> dict[str, list[int]]:
    """Sido code → the years in which all of its units of ``level`` have a value (sido with none left out).

    Examples
    --------
    >>> from analysis.store import bundled
    >>> years_by_sido(bundled(), "gva_business_services_real_chained_b2020", "sigungu")["11"]
    [2019, 2020, 2021, 2022, 2023]
    """
    out = {}
    for sido in regions.units("sido"):
        yrs = complete_years_within(store, indicator, UnitSet(level, (str(sido),)))
        if yrs:
            out[str(sido)] = yrs
    return out


def why_incomplete(store: Store, indicator: str, year: int, units: UnitSet) -> Note:
    """Why ``year`` is not complete for the set; for the whole country, the sido in which it is complete (a
    comparison within them is possible).

    Examples
    --------
    >>> from analysis.store import bundled
    >>> why_incomplete(bundled(), "gva_business_services_real_chained_b2020", 2019, unit_set("sigungu")).fields["n"]
    9
    """
    level = units.level
    if units.national:
        complete = [c for c, yrs in years_by_sido(store, indicator, level).items() if year in yrs]
        if complete and level != "sido":
            named = UnitSet(level, tuple(complete))
            return Note("year_incomplete_within", "incomplete: complete only in the {level} of {n} sido ({sido}; "
                        "codes {codes}): a Markov run or a change map within them is possible", level=level,
                        n=len(complete),
                        sido=named.names("en"), sido_ko=named.names("ko"), codes=",".join(complete))
        return Note("year_incomplete", "incomplete: some regions have no value")
    return Note("year_incomplete_in", "incomplete in {sido}: some of their units have no value",
                sido=units.names("en"), sido_ko=units.names("ko"))


@dataclass(frozen=True)
class Span:
    """A run of years and the units that publish all of them: the whole country, or the units of some sido.

    Attributes
    ----------
    first, last : int
    units : UnitSet
    """

    first: int
    last: int
    units: UnitSet

    @property
    def key(self) -> str:
        """The sido codes joined by commas (``""`` for the whole country): a URL value and the CLI's ``--within``."""
        return ",".join(self.units.sido)


def spans(store: Store, indicator: str, level: str) -> list[Span]:
    """The runs a change over time of ``indicator`` can take: the national run of complete years first, then
    each longer run that only some sido publish, with those sido (a run within them).

    Examples
    --------
    >>> from analysis.store import bundled
    >>> [(s.first, s.last, len(s.units.sido)) for s in spans(bundled(), "gva_business_services_real_chained_b2020",
    ...                                                        "sigungu")]
    [(2020, 2022, 0), (2019, 2023, 7), (2019, 2022, 9), (2020, 2023, 10)]
    """
    national = store.complete_years(indicator, level)
    out = [Span(national[0], national[-1], UnitSet(level))] if len(national) >= 2 else []
    if level == "sido":
        return out
    by = years_by_sido(store, indicator, level)
    ends = sorted({(yrs[0], yrs[-1]) for yrs in by.values() if len(yrs) >= 2}, key=lambda e: (e[0] - e[1], e))
    for first, last in ends:
        if national and national[0] <= first and last <= national[-1]:
            continue  # inside the national run: nothing more to see within some sido
        sido = tuple(c for c, yrs in by.items() if all(y in yrs for y in range(first, last + 1)))
        if sido and all(y in store.years(indicator, level) for y in range(first, last + 1)):
            out.append(Span(first, last, UnitSet(level, sido)))
    return out
