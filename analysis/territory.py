"""Territory facts: units created during the series, where their territory is counted before, and why.

One table, ``data/territory.csv`` (``level, code, name_ko, name_en, first_year, counted_in, carved_from,
reason_ko, reason_en, source``), that every territory rule asks:

* **allowed absence** (:func:`absence`): a unit of the table may lack a value in a complete year — a table
  that does not list it counts its territory inside ``counted_in`` (Sejong inside Chungnam), or, for units with
  no ``counted_in``, leaves it out and says so (the 2015-base si-gun-gu tables). The completeness rule
  (:func:`analysis.regions.missing`) and the reasons of the units a comparison leaves out read it.
* **absorbed sums** (:func:`absorbed`): summing sido to groups (:func:`analysis.indicators.aggregate`), a
  missing unit counted inside a member of the same group does not make the group incomplete.
* **territory breaks** (:func:`changed`): between two listings of one level (two years of a table), a unit of
  the table listed in one and not the other means its territory and that of the units it was carved from
  (``carved_from``) differ: no growth (shift-share), no ratio of two tables (derived indicators: the units it is
  ``counted_in``) and no Markov run crosses that change.

Which year is the first of the new territory is the data's, not the calendar's: Sejong exists from
2012-07-01 (``first_year``), the GRDP tables list it from 2013 and the labour-force survey from 2017, so each
rule compares the listings of the two years it joins.

Examples
--------
>>> absence("sido", "36").counted_in
('44',)
>>> sorted(changed("sido", ["11", "44"], ["11", "36", "44"]))
['36', '43', '44']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import DataError
from lang import attr

__all__ = ["TERRITORY_CSV", "Territory", "absence", "absorbed", "changed", "reason", "territories"]

TERRITORY_CSV: Path = Path(__file__).resolve().parents[1] / "data" / "territory.csv"
"""The territory table."""

_COLUMNS = ["level", "code", "name_ko", "name_en", "first_year", "counted_in", "carved_from", "reason_ko",
            "reason_en", "source"]


@dataclass(frozen=True)
class Territory:
    """A unit whose territory belonged to others before ``first_year``.

    Attributes
    ----------
    level, code : str
        The unit (``sido`` ``36``).
    name_ko, name_en : str
    first_year : int
        First year the unit exists (a table may list it later).
    counted_in : tuple of str
        Units of the same level a table that does not list it counts its figures in (empty: it is left out).
    carved_from : tuple of str
        Units of the same level that lost territory to it (their figures change when it is first listed).
    reason_ko, reason_en : str
        Why the unit may be absent, in people's words.
    source : str
        Where the facts come from.
    """

    level: str
    code: str
    name_ko: str
    name_en: str
    first_year: int
    counted_in: tuple[str, ...]
    carved_from: tuple[str, ...]
    reason_ko: str
    reason_en: str
    source: str


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in str(text).split(";") if c.strip())


@functools.lru_cache(maxsize=1)
def _table() -> tuple[Territory, ...]:
    if not TERRITORY_CSV.exists():
        raise DataError(f"{TERRITORY_CSV} is missing: it lists the units created during the series (Sejong); "
                        "restore it from the repository")
    df = pd.read_csv(TERRITORY_CSV, dtype=str, keep_default_na=False)
    missing = [c for c in _COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"data/territory.csv lacks columns {missing}; expected {', '.join(_COLUMNS)}")
    years = pd.to_numeric(df["first_year"], errors="coerce")
    if years.isna().any():
        raise DataError(f"data/territory.csv: first_year must be a year; got {df.loc[years.isna(), 'first_year'].tolist()}")
    if df.duplicated(["level", "code"]).any():
        raise DataError("data/territory.csv lists a unit twice: one row per level and code")
    return tuple(Territory(r.level, r.code, r.name_ko, r.name_en, int(y), _codes(r.counted_in), _codes(r.carved_from),
                           r.reason_ko, r.reason_en, r.source)
                 for r, y in zip(df.itertuples(), years, strict=True))


def territories(level: str | None = None) -> tuple[Territory, ...]:
    """Every row of the table (of one level).

    Examples
    --------
    >>> [(t.level, t.code) for t in territories()]
    [('sido', '36'), ('sigungu', '36110')]
    """
    return tuple(t for t in _table() if level is None or t.level == level)


def absence(level: str, code: str) -> Territory | None:
    """The row that allows ``code`` to lack a value at ``level`` (None: its absence makes the data incomplete)."""
    return _index().get((level, str(code)))


@functools.lru_cache(maxsize=1)
def _index() -> dict[tuple[str, str], Territory]:
    return {(t.level, t.code): t for t in _table()}


def reason(level: str, code: str, lang: str = "en", default: str = "no value") -> str:
    """Why ``code`` may be absent at ``level`` (the table's reason in ``ko`` or ``en``), else ``default``.

    Examples
    --------
    >>> reason("sido", "26")
    'no value'
    """
    t = absence(level, code)
    if t is None:
        return default
    return attr(t, "reason", lang)


def absorbed(level: str, code: str, members: Iterable[str]) -> bool:
    """Whether a missing ``code`` is counted inside one of ``members`` (so a sum over them is still complete).

    Examples
    --------
    >>> absorbed("sido", "36", ["30", "36", "43", "44"]), absorbed("sido", "36", ["11", "28", "41"])
    (True, False)
    """
    t = absence(level, code)
    return t is not None and bool(t.counted_in) and set(t.counted_in) <= {str(m) for m in members}


def changed(level: str, listed_a: Iterable[str], listed_b: Iterable[str]) -> dict[str, Territory]:
    """Units whose territory differs between two listings of one level, with the table row that says why.

    A unit of the table listed in one and not the other: that unit and the units it was carved from cover
    different territories in the two (before it is listed, its territory is inside them).

    Parameters
    ----------
    level : str
    listed_a, listed_b : iterable of str
        Codes with a value in each of the two years.

    Returns
    -------
    dict
        Code → :class:`Territory` (the created unit's row), empty when the two cover the same territories.
    """
    a, b = {str(c) for c in listed_a}, {str(c) for c in listed_b}
    out: dict[str, Territory] = {}
    for t in territories(level):
        if (t.code in a) != (t.code in b):
            for code in (t.code, *t.carved_from):
                out.setdefault(code, t)
    return out
