"""Cached access to the libraries for the page: boundaries, catalogue, indicator views, weights.

`st.cache_resource` for shared read-only objects (boundaries, weights); `st.cache_data` for frames the page
may transform. Nothing here computes anything the libraries do not already compute.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from analysis import indicators, userdata, views
from analysis.errors import DataError
from geo import boundaries as gb
from geo.offline import copy_assets
from ui import keys

ROOT = Path(__file__).resolve().parents[1]
STATIC_URL = "/app/static/leaflet"


@st.cache_resource(show_spinner=False)
def leaflet_assets() -> Path:
    """Copy Leaflet from the installed xstatic package into ``static/leaflet`` (served at ``/app/static``)."""
    return copy_assets(ROOT / "static" / "leaflet")


@st.cache_resource(show_spinner=False)
def boundaries(level: str, autonomous: bool = False) -> gpd.GeoDataFrame:
    """Web-resolution boundaries of ``level`` (shared, read-only)."""
    return gb.load_boundaries(level, resolution="web", autonomous=autonomous)


@st.cache_resource(show_spinner=False)
def sido_outline() -> gpd.GeoDataFrame:
    """Sido boundaries, for the capital-region outline."""
    return gb.load_boundaries("sido", resolution="web")


@st.cache_data(show_spinner=False)
def _catalogue() -> pd.DataFrame:
    """The indicator catalogue (index = indicator id)."""
    return indicators.load_catalogue()


@st.cache_data(show_spinner=False)
def _view(indicator: str, level: str, year: int, mode: str) -> views.IndicatorView:
    """One indicator for one level and year, as value / share / per capita."""
    return views.indicator_view(indicator, level, year, mode)


@st.cache_data(show_spinner=False)
def _panel(indicator: str, level: str, mode: str) -> pd.DataFrame:
    """All years of an indicator view (regions × years), for pooled classes and trends."""
    return views.indicator_panel(indicator, level, mode)


LEVELS: tuple[str, ...] = ("sido", "sigungu", "emd")
"""Map levels, coarse to fine (labels: ``level_*`` in :mod:`ui.i18n`)."""


@st.cache_data(show_spinner=False)
def _available(level: str) -> set[str]:
    """Indicator ids that have at least one value at ``level``."""
    try:
        cov = indicators.available(level)
    except DataError:
        return set()
    return set(cov.index)


def levels_with_data() -> list[str]:
    """Map levels for which some indicator (bundled or uploaded) has data, coarse to fine."""
    return [lv for lv in LEVELS if available(lv)]


@st.cache_data(show_spinner=False)
def _years(indicator: str, level: str) -> list[int]:
    """Years with data for ``indicator`` at ``level``, ascending."""
    return [int(y) for y in indicators.years(indicator, level)]


def boundaries_for(level: str, codes: pd.Index) -> gpd.GeoDataFrame:
    """Boundaries matching the codes of an indicator: the autonomous si-gun-gu view when its codes need it."""
    gdf = boundaries(level)
    if level == "sigungu" and not set(codes) <= set(gdf.index):
        auto = boundaries(level, autonomous=True)
        if len(set(codes) & set(auto.index)) > len(set(codes) & set(gdf.index)):
            return auto
    return gdf


@st.cache_data(show_spinner=False)
def _source_line(indicator: str, level: str, year: int) -> str:
    """Publisher and table (with year) of every source behind the values shown; derived ids list their inputs'."""
    try:
        return " · ".join(indicators.sources_for(indicator, level, int(year))) or "—"
    except DataError:
        return "—"


@st.cache_data(show_spinner=False)
def _coverage(level: str) -> pd.DataFrame:
    """Coverage per indicator at ``level`` (``analysis.indicators.available``); empty when there is none."""
    try:
        return indicators.available(level)
    except DataError:
        return pd.DataFrame()


@st.cache_data(show_spinner=False)
def _full_years(indicator: str, level: str) -> list[int]:
    """Years in which every region of ``level`` that the indicator ever covers has a value."""
    frame = indicators.series(indicator, level)
    n = frame.notna().sum(axis=1)
    return [int(y) for y in n.index[n == n.max()]]


@st.cache_data(show_spinner=False)
def _complete_years(indicator: str, level: str, strict: bool = False) -> list[int]:
    """Years in which ``indicator`` covers every region (``strict``: Sejong too)."""
    return views.complete_years(indicator, level, allow_sejong=not strict)


# ---------------------------------------------------------------------------------------------------------
# Public accessors: bundled indicators come from the caches above; a user's uploaded indicators live in their
# session only (st.session_state[keys.USER_INDICATORS]) and never enter a process-wide cache.
# ---------------------------------------------------------------------------------------------------------


def user_indicators() -> dict[str, userdata.UserIndicator]:
    """This session's uploaded indicators (id → UserIndicator)."""
    return st.session_state.get(keys.USER_INDICATORS, {})


def _user(indicator: str) -> userdata.UserIndicator | None:
    return user_indicators().get(indicator) if userdata.is_user(indicator) else None


def catalogue() -> pd.DataFrame:
    """The indicator catalogue (index = id), bundled plus this session's uploads."""
    users = user_indicators()
    return userdata.merge_catalogue(_catalogue(), users) if users else _catalogue()


def view(indicator: str, level: str, year: int, mode: str) -> views.IndicatorView:
    """One indicator for one level and year, as value / share / per capita."""
    u = _user(indicator)
    return userdata.user_view(u, level, year, mode) if u is not None else _view(indicator, level, year, mode)


def panel(indicator: str, level: str, mode: str) -> pd.DataFrame:
    """All years of an indicator view (regions × years), for pooled classes and trends."""
    u = _user(indicator)
    return userdata.user_panel(u, level, mode) if u is not None else _panel(indicator, level, mode)


def modes(indicator: str) -> list[str]:
    """View modes that make sense for ``indicator``."""
    u = _user(indicator)
    return userdata.user_modes(u) if u is not None else views.modes_for(indicator)


def available(level: str) -> set[str]:
    """Indicator ids with at least one value at ``level`` (bundled and uploaded)."""
    users = {k for k, u in user_indicators().items() if (u.values["level"] == level).any()}
    return _available(level) | users


def years(indicator: str, level: str) -> list[int]:
    """Years with data for ``indicator`` at ``level``, ascending."""
    u = _user(indicator)
    return userdata.user_years(u, level) if u is not None else _years(indicator, level)


def source_line(indicator: str, level: str, year: int) -> str:
    """Source text of the values of ``indicator`` at ``level`` in ``year``, for captions and tooltips."""
    u = _user(indicator)
    return f"user upload: {u.source}" if u is not None else _source_line(indicator, level, year)


def coverage(level: str) -> pd.DataFrame:
    """Coverage of the bundled indicators at ``level``."""
    return _coverage(level)


def _user_complete(u: userdata.UserIndicator, level: str, allow_sejong: bool) -> list[int]:
    out = []
    for y in userdata.user_years(u, level):
        if not views.missing_regions(userdata.user_view(u, level, y).values, level, allow_sejong=allow_sejong):
            out.append(y)
    return out


def full_years(indicator: str, level: str) -> list[int]:
    """Years in which every region the indicator ever covers has a value."""
    u = _user(indicator)
    if u is not None:
        counts = u.values[u.values["level"] == level].groupby("year")["code"].nunique()
        return [int(y) for y in counts.index[counts == counts.max()]]
    return _full_years(indicator, level)


def complete_years(indicator: str, level: str, strict: bool = False) -> list[int]:
    """Years in which ``indicator`` covers every region (``strict``: Sejong too)."""
    u = _user(indicator)
    return _user_complete(u, level, not strict) if u is not None else _complete_years(indicator, level, strict)


def series(indicator: str, level: str, code: str) -> pd.Series:
    """Values of one region over the years (index = year), for the profile's trend."""
    u = _user(indicator)
    if u is not None:
        rows = u.values[(u.values["level"] == level) & (u.values["code"].astype(str) == code)]
        return pd.Series(rows["value"].to_numpy(float), index=pd.Index(rows["year"].astype(int), name="year"))
    frame = indicators.series(indicator, level, codes=[code])
    return frame[code] if code in frame.columns else pd.Series(dtype=float)
