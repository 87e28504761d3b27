"""How the atlas says a number: one formatter for the tabs, the briefing, the slides, the files and the CLI text.

Two families, both in the reader's language:

* **Values with units** (:func:`format_value`, :func:`unit_formatter`): formatted from their *base* unit (won,
  persons, percent) so one registry serves every indicator; the indicator catalogue says which kind a unit is
  and by how much to scale it (``2.35조원`` / ``KRW 2.35 tn``, ``277만 명`` / ``2.77 M persons``). A missing
  value is "자료 없음" / "no data", never zero.
* **Statistics** (:func:`number`): shares of a total as ``63.4%``, indices (Hoover, Theil, Gini, Moran's I)
  as ``0.526``, changes as ``+0.012``, ln M as ``+1.23``, p-values as ``0.048``, location quotients as
  ``2.70``, counts as ``1,234``; a statistic that cannot be computed is ``—``. Shift-share components are
  money in 억원 (:func:`money_eok`).

Every place a person reads a number asks here, so a figure reads the same on the Mismatch tab, in the
briefing's headline and in ``python -m analysis summary``'s text.

Examples
--------
>>> format_value(2_345_678, "krw", scale=1e6), format_value(2_345_678, "krw", scale=1e6, lang="en")
('2.35조원', 'KRW 2.35 tn')
>>> number("share", 0.7015), number("index", 0.52649), number("change", -0.0509), number("p", 0.0012)
('70.2%', '0.526', '-0.051', '0.001')
>>> money_eok(3_371_763, "ko"), money_eok(3_371_763, "en")
('33,718억원', 'KRW 3,371.8 bn')
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from lang.catalogue import pick, t

if TYPE_CHECKING:  # pandas only for the rank helpers' types: the CLI's --help imports lang/ and no pandas
    import pandas as pd

__all__ = ["MISSING", "NUMBER_KINDS", "UNIT_KINDS", "Rank", "UnitKind", "count", "cut_off", "format_value", "money_eok",
           "money_unit", "number", "positions", "rank_in", "rank_text", "rank_texts", "unit_formatter", "unit_kind"]

MISSING = "—"
"""A statistic that cannot be computed (a region without data is "자료 없음" / "no data" instead)."""


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def _fmt(x: float, digits: int) -> str:
    return f"{x:,.{digits}f}"


def _sig(x: float) -> int:
    """Decimals that keep about three significant figures for a number already scaled to its display unit."""
    ax = abs(x)
    if ax >= 100:
        return 0
    if ax >= 10:
        return 1
    return 2


# ---------------------------------------------------------------------------------------------------------
# values with units
# ---------------------------------------------------------------------------------------------------------

def _krw_ko(v: float) -> str:
    a = abs(v)
    if a >= 1e12:
        return f"{_fmt(v / 1e12, _sig(v / 1e12))}조원"
    if a >= 1e8:
        return f"{_fmt(v / 1e8, 0 if a >= 1e10 else 1)}억원"
    if a >= 1e4:
        return f"{_fmt(v / 1e4, 0)}만원"
    return f"{_fmt(v, 0)}원"


def _krw_en(v: float) -> str:
    a = abs(v)
    for div, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if a >= div:
            return f"KRW {_fmt(v / div, _sig(v / div))} {suffix}"
    return f"KRW {_fmt(v, 0)}"


def _persons_ko(v: float) -> str:
    if abs(v) >= 1e4:
        return f"{_fmt(v / 1e4, _sig(v / 1e4))}만 명"
    return f"{_fmt(v, 0)}명"


def _persons_en(v: float) -> str:
    a = abs(v)
    if a >= 1e6:
        return f"{_fmt(v / 1e6, _sig(v / 1e6))} M persons"
    if a >= 1e4:
        return f"{_fmt(v / 1e3, 0)} k persons"
    return f"{_fmt(v, 0)} persons"


def _percent(v: float) -> str:
    return f"{_fmt(v, 2 if abs(v) < 1 else 1)}%"


def _number(v: float) -> str:
    return _fmt(v, _sig(v))


@dataclass(frozen=True)
class UnitKind:
    """How to show a value of one kind of unit.

    Attributes
    ----------
    ko, en : callable
        Format a value already in the base unit (won, persons, percent ...).
    base_ko, base_en : str
        Name of the base unit, for axis labels.
    """

    ko: Callable[[float], str]
    en: Callable[[float], str]
    base_ko: str
    base_en: str


UNIT_KINDS: dict[str, UnitKind] = {
    "krw": UnitKind(_krw_ko, _krw_en, "원", "KRW"),
    "persons": UnitKind(_persons_ko, _persons_en, "명", "persons"),
    "percent": UnitKind(_percent, _percent, "%", "%"),
    "number": UnitKind(_number, _number, "", ""),
}
"""Registry of unit kinds; keys are the ``kind`` of :class:`analysis.views.UnitFormat`."""


def unit_kind(kind: str) -> UnitKind:
    """Look up a unit kind, with a clear error for an unknown one.

    Raises
    ------
    ValueError
        If ``kind`` is not in :data:`UNIT_KINDS`.
    """
    try:
        return UNIT_KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown unit kind {kind!r}; choose one of {sorted(UNIT_KINDS)}") from None


def format_value(value: float | None, kind: str = "number", scale: float = 1.0, lang: str = "ko",
                 suffix: str = "") -> str:
    """Format ``value × scale`` for display.

    Parameters
    ----------
    value : float or None
        The stored value; ``None``/NaN gives "자료 없음" / "no data" (never zero).
    kind : str
        A key of :data:`UNIT_KINDS`.
    scale : float
        Multiplier from the stored unit to the base unit (e.g. 1e6 for "KRW million").
    lang : {"ko", "en"}
        Language of the result.
    suffix : str
        Appended after a space for kind ``number`` (e.g. a unit that has no kind of its own).

    Examples
    --------
    >>> format_value(2_773, "persons", scale=1e3), format_value(None, "krw", lang="en")
    ('277만 명', 'no data')
    """
    if _missing(value):
        return t("no_data", lang)
    k = unit_kind(kind)
    text = pick((k.ko, k.en), lang)(float(value) * scale)
    return f"{text} {suffix}".rstrip() if suffix else text


class Unit(Protocol):
    """What :func:`unit_formatter` reads of a unit (:class:`analysis.views.UnitFormat`)."""

    kind: str
    scale: float
    suffix_ko: str
    suffix_en: str


def unit_formatter(unit: Unit, lang: str, *, signed: bool = False) -> Callable[[float | None], str]:
    """A formatter ``value -> str`` for values in ``unit`` (an indicator view's :attr:`unit`), in ``lang``;
    ``signed`` puts a ``+`` before a positive value (a change).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> fmt = unit_formatter(SimpleNamespace(kind="krw", scale=1e6, suffix_ko="", suffix_en=""), "ko")
    >>> fmt(3_371_763.0), fmt(float("nan"))
    ('3.37조원', '자료 없음')
    """
    suffix = pick((unit.suffix_ko, unit.suffix_en), lang)

    def fmt(v: float | None) -> str:
        text = format_value(v, unit.kind, unit.scale, lang, suffix)
        return f"+{text}" if signed and not _missing(v) and float(v) > 0 else text

    return fmt


# ---------------------------------------------------------------------------------------------------------
# statistics
# ---------------------------------------------------------------------------------------------------------

def _share(v: float) -> str:
    return f"{v * 100:.1f}%"


def _share_fine(v: float) -> str:
    return f"{v * 100:.2f}%"


NUMBER_KINDS: dict[str, Callable[[float], str]] = {
    "share": _share,  # a fraction of a total, as a percentage: 0.7015 → 70.2%
    "share_fine": _share_fine,  # the same with two decimals, for tables of many small units: 0.00052 → 0.05%
    "index": lambda v: f"{v:.3f}",  # Hoover, Theil, Gini, Moran's I, Kendall's τ, structure indices
    "change": lambda v: f"{v:+.3f}",  # a change of an index
    "log_ratio": lambda v: f"{v:+.2f}",  # ln M
    "p": lambda v: f"{v:.3f}",  # a (pseudo) p-value
    "lq": lambda v: f"{v:.2f}",  # a location quotient
    "ratio": lambda v: f"{v:.2f}",  # a ratio of two shares
    "count": lambda v: f"{v:,.0f}",  # regions, permutations, points
    "z": lambda v: f"{v:.2f}",  # a z-score
    "points": lambda v: f"{v:+.2f}%p",  # a change of a share in percentage points
    "share_change": lambda v: f"{v * 100:+.1f}%p",  # a change of a "share" (a fraction), as its card: +3.8%p
    "alpha": lambda v: f"{v:.3g}",  # a significance cut-off: 0.05, an FDR cut-off 0.00294
}
"""How each kind of statistic reads: kind → formatter of a finite value (the same in both languages)."""


def number(kind: str, value: Any, lang: str = "ko") -> str:
    """A statistic as people read it (:data:`NUMBER_KINDS`); ``—`` when it is missing or not finite.

    ``lang`` is accepted so every caller says which language it writes (the kinds read the same in both today).

    Raises
    ------
    ValueError
        An unknown ``kind``.

    Examples
    --------
    >>> number("log_ratio", 1.2345), number("lq", 2.7), number("count", 228), number("index", float("nan"))
    ('+1.23', '2.70', '228', '—')
    """
    if kind not in NUMBER_KINDS:
        raise ValueError(f"unknown number kind {kind!r}; choose one of {sorted(NUMBER_KINDS)}")
    if _missing(value) or math.isinf(float(value)):
        return MISSING
    return NUMBER_KINDS[kind](float(value))


def cut_off(crit_value: Any, fdr: bool = False, lang: str = "ko") -> str:
    """The significance cut-off of a cluster map as its legends, captions and slides say it.

    >>> cut_off(0.05), cut_off(0.0029411, fdr=True)
    ('p ≤ 0.05', 'p ≤ 0.00294 (FDR)')
    """
    return f"p ≤ {number('alpha', crit_value, lang)}" + (" (FDR)" if fdr else "")


def count(n: Any, lang: str = "ko") -> str:
    """A count with thousands separators: ``1,234`` (``—`` when missing)."""
    return number("count", n, lang)


def money_unit(lang: str = "ko") -> tuple[float, str]:
    """The shift-share's unit in ``lang``: KRW million per unit and its name (100 → 억원; 1,000 → KRW bn), for a
    chart's axis in the same unit as :func:`money_eok`."""
    return pick(((100.0, "억원"), (1000.0, "KRW bn")), lang)


def money_eok(value_million: Any, lang: str = "ko") -> str:
    """An amount in KRW million said in 억원 (Korean) or KRW billion (English): the shift-share's unit.

    Examples
    --------
    >>> money_eok(-12_345, "ko"), money_eok(-12_345, "en"), money_eok(None, "ko")
    ('-123억원', 'KRW -12.3 bn', '—')
    """
    if _missing(value_million):
        return MISSING
    v = float(value_million) / money_unit(lang)[0]
    return pick((f"{v:,.0f}억원", f"KRW {v:,.1f} bn"), lang)


def rank_text(rank: int, published: int, units: int, lang: str = "ko") -> str:
    """A rank with its denominators: "2위 / 17", or "2위 / 3 (17개 중 3개 공표)" when some are not published.

    Examples
    --------
    >>> rank_text(2, 3, 17, "en"), rank_text(2, 17, 17, "ko")
    ('#2 of 3 published (of 17)', '2위 / 17')
    """
    if published < units:
        return t("rank_of_published", lang, rank=rank, published=published, units=units)
    return t("rank_of_units", lang, rank=rank, units=units)


@dataclass(frozen=True)
class Rank:
    """Rank of one region (1 = largest value), said with both denominators (:meth:`text`).

    A rank over the published values alone ("2위/3") reads as if there were three regions; the level has 17
    (or 229/250).

    Attributes
    ----------
    rank : int
        Position among the published values (ties share the best position).
    published : int
        Regions with a value.
    units : int
        Regions of the level (the denominator a reader expects).
    """

    rank: int
    published: int
    units: int

    def text(self, lang: str = "ko") -> str:
        """The rank with its denominators, in Korean or English (:func:`rank_text`)."""
        return rank_text(self.rank, self.published, self.units, lang)


def positions(values: pd.Series) -> pd.Series:
    """Rank of every published value, descending; ties share the best position (the one ranking rule).

    >>> import pandas as pd
    >>> positions(pd.Series({"a": 1.0, "b": 3.0, "c": 3.0, "d": None})).tolist()
    [3, 1, 1]
    """
    return values.dropna().rank(ascending=False, method="min").astype(int)


def rank_in(values: pd.Series, code: str, units: int) -> Rank | None:
    """Rank of ``code`` by ``values`` (descending; ties share the best position), or None without a value.

    Parameters
    ----------
    values : pandas.Series
        One value per region code; NaN = not published.
    code : str
        The region ranked.
    units : int
        Number of regions of the level; never below the number of published values.

    Examples
    --------
    >>> import pandas as pd
    >>> r = rank_in(pd.Series({"11": 5.0, "26": 9.0, "27": None}), "11", units=17)
    >>> r.text("en"), r.text("ko")
    ('#2 of 2 published (of 17)', '2위 / 2 (17개 중 2개 공표)')
    """
    pos = positions(values)
    if code not in pos.index:
        return None
    return Rank(int(pos[code]), len(pos), max(int(units), len(pos)))


def rank_texts(values: pd.Series, units: int, lang: str = "ko") -> pd.Series:
    """Every region's rank as text (:meth:`Rank.text`), ``—`` where it has no value (a map's tooltips).

    Examples
    --------
    >>> import pandas as pd
    >>> rank_texts(pd.Series({"a": 1.0, "b": 3.0, "c": None}), 3, "en").tolist()
    ['#2 of 2 published (of 3)', '#1 of 2 published (of 3)', '—']
    """
    import pandas as pd

    pos = positions(values)
    n = max(int(units), len(pos))
    return pd.Series([Rank(int(pos[c]), len(pos), n).text(lang) if c in pos.index else MISSING
                      for c in values.index], index=values.index, dtype=object)
