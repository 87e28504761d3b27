"""Indicator *views* for maps and charts: an indicator shown as its value, a share of the national total,
or per capita, with the unit information a legend needs.

A view never stores anything: it is computed from :mod:`analysis.indicators` on request.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import indicators
from analysis.errors import AggregationError, DataError

__all__ = ["MODES", "IndicatorView", "indicator_panel", "indicator_view", "modes_for", "unit_format"]

MODES: dict[str, tuple[str, str]] = {
    "raw": ("원값", "Value"),
    "share": ("전국 대비 비중 (%)", "Share of national total (%)"),
    "per_capita": ("인구 1인당", "Per capita"),
}
"""View modes: key → (Korean, English) label."""

POPULATION = "population_registered"
POPULATIONS: tuple[str, ...] = (POPULATION, "population_census_domestic")
"""Denominators of the per-capita view, first one with data at the level and year wins: registered population
(sido, sigungu 2014), then the census population of Korean nationals (sigungu 2015/2020/2025, emd 2015/2020)."""

# catalogue unit → formatting kind of geo.formatting (the value is multiplied by the catalogue's scale first)
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
}


@dataclass(frozen=True)
class UnitFormat:
    """How to format values of a view: a :data:`geo.formatting.UNIT_KINDS` key, a scale and a suffix."""

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


def modes_for(indicator: str) -> list[str]:
    """View modes that make sense for ``indicator``: share and per capita only for extensive amounts."""
    cat = indicators.load_catalogue()
    if indicator not in cat.index:
        raise DataError(f"unknown indicator {indicator!r}; see `python -m analysis indicators`")
    row = cat.loc[indicator]
    if row["nature"] != "extensive" or str(row["unit"]).startswith("% of"):
        return ["raw"]
    return ["raw", "share", "per_capita"]


def _national_total(indicator: str, level: str, year: int, values: pd.Series) -> float:
    try:
        nat = indicators.get(indicator, level="national", year=year)
        if len(nat) and np.isfinite(float(nat.iloc[0])):
            return float(nat.iloc[0])
    except DataError:
        pass
    if values.isna().any():
        raise DataError(
            f"{indicator} in {year}: no published national total and {int(values.isna().sum())} regions "
            "missing, so a share of the national total cannot be computed; show the value instead"
        )
    return float(values.sum())


def _population(level: str, year: int) -> pd.Series:
    """The first of :data:`POPULATIONS` with data at ``level`` in ``year`` (empty if none)."""
    for ident in POPULATIONS:
        try:
            return indicators.get(ident, level=level, year=year).astype(float)
        except DataError:
            continue
    return pd.Series(dtype=float)


def indicator_view(indicator: str, level: str, year: int, mode: str = "raw") -> IndicatorView:
    """Values of ``indicator`` at ``level`` in ``year`` as value, share of national total or per capita.

    Parameters
    ----------
    indicator : str
        Catalogue id.
    level : str
        ``sido`` or ``sigungu``.
    year : int
    mode : str
        Key of :data:`MODES`.

    Returns
    -------
    IndicatorView

    Raises
    ------
    DataError
        Unknown id, no data for that level/year, or no population for per capita.
    AggregationError
        ``share``/``per_capita`` asked of an intensive indicator.

    Examples
    --------
    >>> v = indicator_view("population_registered", "sido", 2020, "share")
    >>> round(float(v.values.sum()), 6)
    100.0
    """
    if mode not in MODES:
        raise DataError(f"unknown view mode {mode!r}; choose one of {list(MODES)}")
    cat = indicators.load_catalogue()
    if indicator not in cat.index:
        raise DataError(f"unknown indicator {indicator!r}; see `python -m analysis indicators`")
    row = cat.loc[indicator]
    if mode != "raw" and mode not in modes_for(indicator):
        raise AggregationError(
            f"{indicator} is {row['nature']} ({row['unit']}): it cannot be shown as {MODES[mode][1].lower()}; "
            "choose 'raw'"
        )
    raw = indicators.get(indicator, level=level, year=year).astype(float)
    unit = unit_format(str(row["unit"]), float(row["scale"]), str(row.get("unit_ko", "")))
    label_ko, label_en = str(row["label_ko"]), str(row["label_en"])
    nature = str(row["nature"])
    if mode == "share":
        total = _national_total(indicator, level, year, raw)
        values = raw / total * 100.0
        unit = UnitFormat("percent", 1.0, "", "")
        nature = "extensive"
    elif mode == "per_capita":
        pop = _population(level, year).reindex(raw.index)
        if pop.isna().all():
            raise DataError(f"no population ({', '.join(POPULATIONS)}) at {level} level in {year}: per capita is "
                            "not available")
        values = raw * unit.scale / pop
        if unit.kind == "persons":
            values = values * 100.0
            unit = UnitFormat("percent", 1.0, "", "")
        else:
            unit = UnitFormat(unit.kind, 1.0, unit.suffix_ko + " /명", unit.suffix_en + " per person")
        nature = "intensive"
    else:
        values = raw
    values = values.rename(indicator)
    ko, en = MODES[mode]
    if mode != "raw":
        label_ko, label_en = f"{label_ko} — {ko}", f"{label_en} — {en}"
    return IndicatorView(
        indicator=indicator, level=level, year=int(year), mode=mode, values=values,
        label_ko=label_ko, label_en=label_en, unit=unit, nature=nature,
        source=str(row.get("source_ids", "")),
    )


def indicator_panel(indicator: str, level: str, mode: str = "raw") -> pd.DataFrame:
    """All years of a view as a regions × years frame (for pooled classes and trends)."""
    cols = {}
    for year in indicators.years(indicator, level):
        try:
            cols[year] = indicator_view(indicator, level, year, mode).values
        except (DataError, AggregationError):
            continue
    if not cols:
        raise DataError(f"{indicator} has no data at {level} level")
    return pd.DataFrame(cols)


SEJONG_PREFIX = "36"
"""Sejong (36) may be absent: before a table lists it separately, its figures are inside Chungnam (and partly
Chungbuk), so the other regions still make up the national total."""


def level_codes(level: str, autonomous: bool | None = None) -> pd.Index:
    """Codes of every bundled unit of ``level`` (sigungu: the 229-unit autonomous view by default)."""
    from geo.boundaries import load_boundaries

    if autonomous is None:
        autonomous = level == "sigungu"
    return pd.Index(load_boundaries(level, resolution="web", autonomous=autonomous).index.astype(str))


def missing_regions(values: pd.Series, level: str, *, allow_sejong: bool = True) -> list[str]:
    """Codes of ``level`` with no value in ``values`` (Sejong ignored when ``allow_sejong``)."""
    codes = level_codes(level)
    present = set(values.dropna().index.astype(str))
    return sorted(c for c in codes if c not in present
                  and not (allow_sejong and c.startswith(SEJONG_PREFIX)))


def complete_years(indicator: str, level: str, *, allow_sejong: bool = True) -> list[int]:
    """Years in which ``indicator`` has a value for every region of ``level``.

    Shares of a national total, mismatch indices and spatial statistics are only meaningful on complete
    years: a year in which only the capital-region sido are published would give the capital region a 100 %
    "share". With ``allow_sejong`` a year that lacks only Sejong counts as complete (see
    :data:`SEJONG_PREFIX`); spatial statistics need ``allow_sejong=False``.

    Examples
    --------
    >>> complete_years("rd_expenditure_from_share", "sido")
    [2022]
    """
    out = []
    for year in indicators.years(indicator, level):
        if not missing_regions(indicators.get(indicator, level=level, year=year), level,
                               allow_sejong=allow_sejong):
            out.append(int(year))
    return out
