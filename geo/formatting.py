"""Number formatting for legends and tooltips, in Korean (억원, 조원, 만 명) or English.

Values are formatted from their *base* unit (won, persons, percent) so that one registry serves every
indicator: the indicator catalogue says which kind a unit is and by how much to scale it to the base.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["UNIT_KINDS", "UnitKind", "format_value", "unit_kind"]


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
"""Registry of unit kinds; keys are the ``kind`` column of the indicator catalogue's unit table."""


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
    >>> format_value(2_345_678, "krw", scale=1e6)
    '2.35조원'
    >>> format_value(2_345_678, "krw", scale=1e6, lang="en")
    'KRW 2.35 tn'
    >>> format_value(2_773, "persons", scale=1e3)
    '277만 명'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "자료 없음" if lang == "ko" else "no data"
    k = unit_kind(kind)
    text = (k.ko if lang == "ko" else k.en)(float(value) * scale)
    return f"{text} {suffix}".rstrip() if suffix else text
