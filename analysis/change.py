"""The change of the mismatch between two years, explained: how much of the Hoover change is due to where x
went and how much to where y went.

With ``H(a, b) = ½ Σ |a_i − b_i|`` the Hoover index of two share vectors over the units both years cover, the
two-factor Shapley rule splits ``H(x₁, y₁) − H(x₀, y₀)`` into

* ``x_part = ½ [(H(x₁, y₀) − H(x₀, y₀)) + (H(x₁, y₁) − H(x₀, y₁))]`` (x moves, y held at either year) and
* ``y_part = ½ [(H(x₀, y₁) − H(x₀, y₀)) + (H(x₁, y₁) − H(x₁, y₀))]``,

so ``x_part + y_part`` is the change exactly (the four cross terms cancel). Hand-written: the rule is the
definition (four Hoover indices), no library offers it.

The years follow the store's rules, each written once elsewhere: both comparable
(:func:`analysis.compare.comparable_years`: x and y complete and covering the same units), the same units in
both and no series break of x or y between them (:func:`analysis.compare.trend_years`), x and y of one base year
(:func:`analysis.compare.compare`). Each year's shares, Hoover index and capital-region shares are those of
:func:`analysis.compare.compare` (the summary, the tabs and the briefing), so a change says the same numbers as
the two years it joins.

Examples
--------
>>> import pandas as pd
>>> x0, y0 = pd.Series([0.5, 0.5]), pd.Series([0.8, 0.2])
>>> x1, y1 = pd.Series([0.7, 0.3]), pd.Series([0.8, 0.2])
>>> shapley_hoover(x0, y0, x1, y1)  # only x moved: all of the fall is x's
(-0.2, 0.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from analysis.compare import PERMUTATIONS, SEED, Comparison, comparable_years, compare, trend_years
from analysis.errors import DataError
from analysis.mismatch import hoover
from analysis.notes import Note
from analysis.store import Store
from lang import attr, pick

__all__ = ["FLAT", "MOVERS", "HooverChange", "Mover", "change_between", "change_years", "hoover_change",
           "shapley_hoover"]

MOVERS = 5
"""How many units :attr:`HooverChange.movers` lists (those whose shares of x and y moved most)."""

FLAT = 5e-4
"""A Hoover change smaller than this (0.000 at three decimals) is read as "barely changed"."""


def shapley_hoover(x0: pd.Series, y0: pd.Series, x1: pd.Series, y1: pd.Series) -> tuple[float, float]:
    """The two-factor Shapley split ``(x_part, y_part)`` of ``H(x1, y1) − H(x0, y0)``.

    Parameters
    ----------
    x0, y0, x1, y1 : pandas.Series
        Share vectors aligned on the same units (same order), each summing to 1.

    Returns
    -------
    (float, float)
        ``x_part``, ``y_part``; their sum is the change of the Hoover index.

    Examples
    --------
    >>> import pandas as pd
    >>> a, b = pd.Series([0.5, 0.5]), pd.Series([0.25, 0.75])
    >>> shapley_hoover(a, a, a, b)  # x stayed, y moved away from it
    (0.0, 0.25)
    """
    h00, h11 = hoover(x0, y0), hoover(x1, y1)
    h10, h01 = hoover(x1, y0), hoover(x0, y1)
    x_part = 0.5 * ((h10 - h00) + (h11 - h01))
    y_part = 0.5 * ((h01 - h00) + (h11 - h10))
    return float(x_part), float(y_part)


@dataclass(frozen=True)
class Mover:
    """One unit whose shares of x and y moved between the two years.

    Attributes
    ----------
    code : str
    name_ko, name_en : str
        The unit's name.
    sido_code, sido_ko, sido_en : str
        Its sido (empty at sido level).
    place_ko, place_en : str
        The name as people read it, a si-gun-gu with its sido ("경기 화성시"; :func:`geo.names.place_names`).
    share_x_from, share_x_to, share_y_from, share_y_to : float
        Shares (fractions) in the two years.
    """

    code: str
    name_ko: str
    name_en: str
    sido_code: str
    sido_ko: str
    sido_en: str
    place_ko: str
    place_en: str
    share_x_from: float
    share_x_to: float
    share_y_from: float
    share_y_to: float

    @property
    def delta_x(self) -> float:
        """Change of the unit's share of x (a fraction; ×100 for percentage points)."""
        return self.share_x_to - self.share_x_from

    @property
    def delta_y(self) -> float:
        """Change of the unit's share of y."""
        return self.share_y_to - self.share_y_from

    def place(self, lang: str) -> str:
        """The unit's name in ``lang`` with its sido."""
        return attr(self, "place", lang)

    def to_dict(self) -> dict[str, Any]:
        """``code, name_ko, name_en, sido_code, sido_name_ko, sido_name_en, place_ko, place_en, share_x_from,
        share_x_to, share_y_from, share_y_to, delta_share_x, delta_share_y``."""
        return {"code": self.code, "name_ko": self.name_ko, "name_en": self.name_en, "sido_code": self.sido_code,
                "sido_name_ko": self.sido_ko, "sido_name_en": self.sido_en, "place_ko": self.place_ko,
                "place_en": self.place_en, "share_x_from": self.share_x_from, "share_x_to": self.share_x_to,
                "share_y_from": self.share_y_from, "share_y_to": self.share_y_to, "delta_share_x": self.delta_x,
                "delta_share_y": self.delta_y}


@dataclass(frozen=True)
class HooverChange:
    """The change of the Hoover index of x against y between two years, split into x's and y's parts.

    Attributes
    ----------
    x, y, level : str
    year_from, year_to : int
        The earlier and the later year.
    n : int
        Units covered in both years.
    labels : mapping
        ``{"x": (ko, en), "y": (ko, en)}`` catalogue labels.
    hoover_from, hoover_to : float
        Hoover index in each year (as :func:`analysis.compare.compare` gives it).
    x_part, y_part : float
        The Shapley parts (:func:`shapley_hoover`): ``x_part + y_part = hoover_to − hoover_from``.
    capital_share_x_from, capital_share_x_to, capital_share_y_from, capital_share_y_to : float
        The capital region's share of x and of y in each year (fractions).
    movers : tuple of Mover
        The :data:`MOVERS` units whose shares moved most (``|Δshare x| + |Δshare y|``), largest first.
    shares : pandas.DataFrame
        Per unit: ``share_x_from, share_x_to, share_y_from, share_y_to, delta_x, delta_y`` (fractions).
    comparable_years : tuple of int
        Every year that could be compared with ``year_to`` (:func:`change_years`).
    """

    x: str
    y: str
    level: str
    year_from: int
    year_to: int
    n: int
    labels: Mapping[str, tuple[str, str]]
    hoover_from: float
    hoover_to: float
    x_part: float
    y_part: float
    capital_share_x_from: float
    capital_share_x_to: float
    capital_share_y_from: float
    capital_share_y_to: float
    movers: tuple[Mover, ...] = ()
    shares: pd.DataFrame = field(default=None, repr=False)
    places: Mapping[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    comparable_years: tuple[int, ...] = ()

    @property
    def hoover_change(self) -> float:
        """``hoover_to − hoover_from``."""
        return self.hoover_to - self.hoover_from

    @property
    def direction(self) -> str:
        """``fell``, ``rose`` or ``flat`` (a change smaller than :data:`FLAT`)."""
        d = self.hoover_change
        return "flat" if abs(d) < FLAT else ("fell" if d < 0 else "rose")

    @property
    def dominant(self) -> str:
        """``x`` or ``y``: the side whose part is larger in size (x on a tie)."""
        return "x" if abs(self.x_part) >= abs(self.y_part) else "y"

    @property
    def opposing(self) -> bool:
        """True when the two parts pull in opposite directions (one narrows the gap, the other widens it)."""
        return self.x_part * self.y_part < 0 and min(abs(self.x_part), abs(self.y_part)) >= FLAT

    def extreme(self, side: str, largest: bool = True) -> tuple[str, float] | None:
        """The unit whose share of ``side`` (``x`` or ``y``) rose most (``largest``) or fell most, with the
        change (a fraction); None when no share moved that way."""
        delta = self.shares[f"delta_{side}"]
        code = delta.idxmax() if largest else delta.idxmin()
        value = float(delta[code])
        if (largest and value <= 0) or (not largest and value >= 0):
            return None
        return str(code), value

    def place(self, code: str, lang: str) -> str:
        """A unit's name in ``lang`` with its sido (as in :attr:`movers`)."""
        pair = self.places.get(code, (code, code))
        return pick(pair, lang)

    def to_dict(self) -> dict[str, Any]:
        """The ``change`` object of ``analysis summary --compare-to`` (``docs/summary_json.md``)."""
        return {
            "year_from": self.year_from, "year_to": self.year_to, "n": self.n,
            "hoover_from": self.hoover_from, "hoover_to": self.hoover_to, "hoover_change": self.hoover_change,
            "x_part": self.x_part, "y_part": self.y_part,
            "capital_share_x_from": self.capital_share_x_from, "capital_share_x_to": self.capital_share_x_to,
            "capital_share_y_from": self.capital_share_y_from, "capital_share_y_to": self.capital_share_y_to,
            "direction": self.direction, "dominant": self.dominant,
            "movers": [m.to_dict() for m in self.movers],
            "comparable_years": list(self.comparable_years),
        }


def change_years(store: Store, x: str, y: str, level: str, year: int) -> list[int]:
    """The years whose mismatch of x against y can be compared with ``year`` (``year`` itself left out).

    Comparable years of the pair (:func:`analysis.compare.comparable_years`) with the same units as ``year``
    and no series break of x or y in between (:func:`analysis.compare.trend_years`).

    Examples
    --------
    >>> from analysis.store import bundled
    >>> change_years(bundled(), "gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015",
    ...              "sigungu", 2020)
    [2015]
    """
    _, years, _ = trend_years(store, x, y, level, int(year))
    return [yr for yr in years if yr != int(year)]


def _check_years(store: Store, x: str, y: str, level: str, year: int, other: int) -> list[int]:
    """The years comparable with ``year``, after refusing ``other`` when it is not one of them."""
    year, other = int(year), int(other)
    _, years, left_out = trend_years(store, x, y, level, year)  # refuses a year that is not comparable itself
    ok = [yr for yr in years if yr != year]
    listed = ", ".join(map(str, ok)) or "-"
    if other == year:
        raise DataError(Note("change_same_year", "a change needs two different years (both are {year}); years "
                             "comparable with {year}: {years}", year=year, years=listed))
    if other in ok:
        return ok
    why = left_out.get(other)
    if why is None:
        why = (Note("change_not_complete", "{x} and {y} are not both complete on the same units in {other}",
                    x=x, y=y, other=other)
               if other not in comparable_years(store, x, y, level) else Note("other_units", "covers other units "
                                                                              "than the anchor year"))
    raise DataError(Note("change_not_comparable", "{other} cannot be compared with {year} for {x} against {y} at "
                         "{level} level ({why}); years comparable with {year}: {years}", other=other, year=year,
                         x=x, y=y, level=level, why=why, years=listed))


def hoover_change(
    store: Store,
    x: str,
    y: str,
    level: str,
    year: int,
    compare_to: int,
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    alpha: float = 0.05,
    fdr: bool = False,
    movers: int = MOVERS,
    given: Comparison | None = None,
) -> HooverChange:
    """The change of the mismatch of x against y between ``compare_to`` and ``year``, explained.

    The two years may be given in either order: the change runs from the earlier to the later one.

    Parameters
    ----------
    store : Store
    x, y : str
        Extensive indicator ids of one base year.
    level : str
    year, compare_to : int
        Two years comparable with each other (:func:`change_years`).
    permutations, seed, alpha, fdr
        Passed to :func:`analysis.compare.compare` for each year (they do not change the numbers here).
    movers : int
        How many units to list.
    given : Comparison, optional
        A comparison already made for ``year`` or ``compare_to`` with the same arguments (reused, e.g. by
        ``analysis summary``, which has the year's comparison already).

    Returns
    -------
    HooverChange

    Raises
    ------
    DataError
        A year that is not comparable with the other (the message names the years that are), the same year
        twice, or any refusal of :func:`analysis.compare.compare`.

    Examples
    --------
    >>> from analysis.store import bundled
    >>> ch = hoover_change(bundled(), "gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015",
    ...                    "sigungu", 2020, 2015, permutations=9)
    >>> ch.year_from, ch.year_to, abs(ch.x_part + ch.y_part - ch.hoover_change) < 1e-12
    (2015, 2020, True)
    """
    ok = _check_years(store, x, y, level, year, compare_to)
    kw = {"permutations": permutations, "seed": seed, "alpha": alpha, "fdr": fdr}
    lo, hi = sorted((int(year), int(compare_to)))

    def one(yr: int) -> Comparison:
        if given is not None and (given.x, given.y, given.level, given.year) == (x, y, level, yr):
            return given
        return compare(store, x, y, level, yr, **kw)

    c0, c1 = one(lo), one(hi)
    out = change_between(c0, c1, movers=movers)
    others = ok if hi == int(year) else change_years(store, x, y, level, hi)
    return replace(out, comparable_years=tuple(others))


def change_between(before: Comparison, after: Comparison, *, movers: int = MOVERS) -> HooverChange:
    """The :class:`HooverChange` joining two comparisons of the same pair and level (earlier first).

    Both comparisons come from :func:`analysis.compare.compare` (whose rules checked each year); this checks
    that they compare the same pair on the same units. :func:`hoover_change` also checks the years.

    Raises
    ------
    DataError
        Different pairs, levels or units, or the same year twice.
    """
    if (before.x, before.y, before.level, before.autonomous) != (after.x, after.y, after.level, after.autonomous):
        raise DataError(f"a change joins two years of one comparison; got {before.x}/{before.y} at {before.level} "
                        f"and {after.x}/{after.y} at {after.level}")
    if before.year == after.year:
        raise DataError(Note("change_same_year", "a change needs two different years (both are {year}); years "
                             "comparable with {year}: {years}", year=after.year, years="-"))
    if before.year > after.year:
        before, after = after, before
    s0, s1 = before.shares, after.shares
    if set(s0.index) != set(s1.index):
        odd = sorted(set(s0.index) ^ set(s1.index))
        raise DataError(f"{before.x} and {before.y} cover other units in {before.year} and {after.year} "
                        f"({', '.join(odd[:6])}); a change needs the same units in both years")
    codes = s0.index  # the earlier year's order: H(x0, y0) is computed exactly as compare computed it
    x0, y0 = s0["share_x"], s0["share_y"]
    x1, y1 = s1["share_x"].reindex(codes), s1["share_y"].reindex(codes)
    x_part, y_part = shapley_hoover(x0, y0, x1, y1)
    table = pd.DataFrame({"share_x_from": x0, "share_x_to": x1, "share_y_from": y0, "share_y_to": y1})
    table["delta_x"] = table["share_x_to"] - table["share_x_from"]
    table["delta_y"] = table["share_y_to"] - table["share_y_from"]
    places = _places(after.boundaries, codes)
    moved = (table["delta_x"].abs() + table["delta_y"].abs()).sort_values(ascending=False, kind="stable")
    bnd = after.boundaries
    top = []
    for code in moved.index[: max(int(movers), 0)]:
        row = bnd.loc[code] if bnd is not None and code in bnd.index else {}
        r = table.loc[code]
        top.append(Mover(
            code=str(code), name_ko=str(_get(row, "name_ko", code)), name_en=str(_get(row, "name_en", code)),
            sido_code=str(_get(row, "sido_code", "")), sido_ko=str(_get(row, "sido_name_ko", "")),
            sido_en=str(_get(row, "sido_name_en", "")), place_ko=places[code][0], place_en=places[code][1],
            share_x_from=float(r["share_x_from"]), share_x_to=float(r["share_x_to"]),
            share_y_from=float(r["share_y_from"]), share_y_to=float(r["share_y_to"])))
    labels = {k: (after.label(k, "ko"), after.label(k, "en")) for k in ("x", "y")}
    return HooverChange(
        x=after.x, y=after.y, level=after.level, year_from=before.year, year_to=after.year, n=len(codes),
        labels=labels, hoover_from=hoover(x0, y0), hoover_to=hoover(x1, y1), x_part=x_part, y_part=y_part,
        capital_share_x_from=before.capital_share_x, capital_share_x_to=after.capital_share_x,
        capital_share_y_from=before.capital_share_y, capital_share_y_to=after.capital_share_y,
        movers=tuple(top), shares=table, places=places, comparable_years=(before.year,))


def _get(row: Any, key: str, default: Any) -> Any:
    try:
        value = row[key]
    except (KeyError, TypeError, IndexError):
        return default
    return default if value is None or (isinstance(value, float) and np.isnan(value)) else value


def _places(boundaries: Any, codes: pd.Index) -> dict[str, tuple[str, str]]:
    """Code → (Korean, English) name with the sido for units below it (:func:`geo.names.place_names`)."""
    if boundaries is None:
        return {str(c): (str(c), str(c)) for c in codes}
    from geo.names import place_names

    frame = boundaries.reindex(codes)
    ko, en = place_names(frame, "ko"), place_names(frame, "en")
    return {str(c): (str(ko.get(c, c)), str(en.get(c, c))) for c in codes}
