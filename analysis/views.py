"""Indicator *views* for maps and charts: an indicator shown as its value, a share of the national total,
or per capita, with the unit information a legend needs.

This module holds the types (:class:`IndicatorView`, :class:`UnitFormat`, :data:`MODES`); the view itself is
computed by :meth:`analysis.store.Store.view`, the one place the share and per-capita rules are written (readers
take a store: there is no second way to read a view).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["MODES", "IndicatorView", "unit_format"]

MODES: tuple[str, ...] = ("raw", "share", "per_capita")
"""View modes; their words are the catalogue's ``mode_<key>`` (:mod:`lang`)."""

POPULATION = "population_registered"
POPULATIONS: tuple[str, ...] = (POPULATION, "population_census_domestic")
"""Denominators of the per-capita view, first one with data at the level and year wins: registered population
(sido, sigungu 2014), then the census population of Korean nationals (sigungu 2015/2020/2025, emd 2015/2020)."""

# catalogue unit → formatting kind of lang.numbers (the value is multiplied by the catalogue's scale first)
_UNIT_KIND: dict[str, str] = {
    "KRW million": "krw",
    "KRW 100 million": "krw",
    "KRW trillion": "krw",
    "KRW per person": "krw",
    "KRW million per person": "krw",
    "KRW million per employed person": "krw",
    "thousand persons": "persons",
    "persons": "persons",
    "FTE persons": "persons",
    "%": "percent",
    "% of national": "percent",
    "% of GRDP": "percent",
    "% of employed": "percent",
}


@dataclass(frozen=True)
class UnitFormat:
    """How to format values of a view: a :data:`lang.numbers.UNIT_KINDS` key, a scale and a suffix."""

    kind: str
    scale: float
    suffix_ko: str
    suffix_en: str


def unit_format(unit: str, scale: float, unit_ko: str = "") -> UnitFormat:
    """Formatting rule for a catalogue unit (unknown units are shown as plain numbers with the unit)."""
    kind = _UNIT_KIND.get(unit)
    if kind is None:
        return UnitFormat("number", float(scale), unit_ko or unit, unit)
    return UnitFormat(kind, float(scale), "", "")


@dataclass(frozen=True)
class IndicatorView:
    """One indicator, level and year as shown on a map.

    Attributes
    ----------
    indicator, level, mode : str
        What is shown (``mode`` is a key of :data:`MODES`).
    year : int
    values : pandas.Series
        Value per region code (NaN where there is no data).
    label_ko, label_en : str
        Indicator label including the mode.
    unit : UnitFormat
        How to format ``values``.
    nature : str
        ``extensive`` or ``intensive`` (of the shown values).
    source : str
        Short source line for captions.
    """

    indicator: str
    level: str
    year: int
    mode: str
    values: pd.Series
    label_ko: str
    label_en: str
    unit: UnitFormat
    nature: str
    source: str
