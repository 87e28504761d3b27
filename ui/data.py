"""Cached access to the libraries for the page: boundaries and the session's indicator store.

Every indicator accessor is one call on :func:`store` (:class:`analysis.store.Store`), bundled and uploaded
indicators alike. `st.cache_resource` for shared read-only objects (boundaries); `st.cache_data` for views,
keyed by the store's fingerprint; comparisons, univariate statistics and trends are kept by
:mod:`analysis.compare` on the store itself (bounded). Nothing here computes anything the libraries do not
already compute.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from analysis import regions, userdata
from analysis.change import change_years as _change_years
from analysis.compare import Comparison, Univariate, compare, univariate
from analysis.compare import comparable_years as compare_years
from analysis.compare import trend as compare_trend
from analysis.defaults import ALPHA, LEVELS, PERMUTATIONS, SEED
from analysis.region_profile import region_profile
from analysis.store import Store, bundled
from analysis.views import IndicatorView
from geo import boundaries as gb
from geo.offline import copy_assets
from ui import keys

ROOT = Path(__file__).resolve().parents[1]


def _static_url() -> str:
    """URL folder of the Leaflet files in Streamlit's static route, under ``server.baseUrlPath`` when set (a team
    server behind a reverse proxy at ``/team/atlas`` serves them at ``/team/atlas/app/static/leaflet``). Read when
    the page's script first imports this module, after Streamlit has read its command line and config files."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static/leaflet" if base else "/app/static/leaflet"


STATIC_URL = _static_url()


@st.cache_resource(show_spinner=False)
def leaflet_assets() -> Path:
    """Copy Leaflet from the installed xstatic package into ``static/leaflet`` (served at ``/app/static``)."""
    return copy_assets(ROOT / "static" / "leaflet")


@st.cache_resource(show_spinner=False)
def _boundaries(level: str, autonomous: bool, groups: tuple[str, int, int]) -> gpd.GeoDataFrame:
    return gb.load_boundaries(level, resolution="web", autonomous=autonomous)


def boundaries(level: str, autonomous: bool = False) -> gpd.GeoDataFrame:
    """Web-resolution boundaries of ``level`` (shared, read-only), with the capital region of
    ``data/region_groups.csv`` as the file is now (the cache keys on :func:`geo.boundaries.groups_stamp`)."""
    return _boundaries(level, autonomous, gb.groups_stamp())


def sido_outline() -> gpd.GeoDataFrame:
    """Sido boundaries, for the capital-region outline."""
    return boundaries("sido")


# ---------------------------------------------------------------------------------------------------------
# The store: the bundled one is cached by analysis.store (once per process); a session's uploads
# (st.session_state["user_indicators"]) make a new store, kept in that session only. Results on the bundled
# store go through Streamlit's process-wide caches; results on a store with uploads never do (they are memoised
# in the session, see _cached).
# ---------------------------------------------------------------------------------------------------------
def user_indicators() -> dict[str, userdata.UserIndicator]:
    """This session's uploaded indicators (id → UserIndicator)."""
    return st.session_state.get(keys.USER_INDICATORS, {})


def store() -> Store:
    """The store for this session: bundled data plus this session's uploads (never mutating the bundled one)."""
    users = user_indicators()
    if not users:
        return bundled()
    memo = st.session_state.get(keys.STORE_MEMO)
    ident = tuple((k, id(u)) for k, u in users.items())
    if memo is None or memo[0] != ident:
        memo = (ident, bundled().with_user(*users.values()))
        st.session_state[keys.STORE_MEMO] = memo
    return memo[1]


_SESSION_MEMO = "_store_results"
_SESSION_MEMO_MAX = 64


def _cached(process_cached, direct, *args):
    """``direct(store, *args)``: through ``process_cached`` (an ``st.cache_data`` function) on the bundled store,
    else memoised in this session only (uploads never enter a process-wide cache)."""
    s = store()
    if not s.user:
        return process_cached(s.key, *args, s)
    memo = st.session_state.setdefault(_SESSION_MEMO, {})
    key = (s.key, direct.__name__, args)
    if key not in memo:
        if len(memo) >= _SESSION_MEMO_MAX:
            memo.clear()
        memo[key] = direct(s, *args)
    return memo[key]


def _store_view(s: Store, indicator: str, level: str, year: int, mode: str) -> IndicatorView:
    return s.view(indicator, level, year, mode)


def _store_panel(s: Store, indicator: str, level: str, mode: str) -> pd.DataFrame:
    return s.panel(indicator, level, mode)


def _store_profile(s: Store, code: str, level: str, year: int, exclude_same_sido: bool,
                   exclude_capital: bool, measure: str = "value_added") -> dict:
    return region_profile(s, code, level, year, exclude_same_sido=exclude_same_sido,
                          exclude_capital=exclude_capital, measure=measure).to_dict()


@st.cache_data(show_spinner=False, max_entries=64)
def _profile(key: str, code: str, level: str, year: int, exclude_same_sido: bool, exclude_capital: bool,
             measure: str, _store: Store) -> dict:
    return _store_profile(_store, code, level, year, exclude_same_sido, exclude_capital, measure)


def profile(code: str, level: str, year: int, *, exclude_same_sido: bool = False,
            exclude_capital: bool = False, measure: str = "value_added") -> dict:
    """:func:`analysis.region_profile.region_profile` on this session's store (uploads join the peer search), as
    its JSON object (cached per store fingerprint and arguments), in one measure (value added, workers …)."""
    return _cached(_profile, _store_profile, str(code), level, int(year), bool(exclude_same_sido),
                   bool(exclude_capital), str(measure))


@st.cache_data(show_spinner=False, max_entries=256)
def _view(key: str, indicator: str, level: str, year: int, mode: str, _store: Store) -> IndicatorView:
    return _store_view(_store, indicator, level, year, mode)


@st.cache_data(show_spinner=False, max_entries=64)
def _panel(key: str, indicator: str, level: str, mode: str, _store: Store) -> pd.DataFrame:
    return _store_panel(_store, indicator, level, mode)


def catalogue() -> pd.DataFrame:
    """The indicator catalogue (index = id), bundled plus this session's uploads."""
    return store().catalogue


def view(indicator: str, level: str, year: int, mode: str) -> IndicatorView:
    """One indicator for one level and year, as value / share / per capita (:meth:`Store.view`)."""
    return _cached(_view, _store_view, indicator, level, int(year), mode)


def panel(indicator: str, level: str, mode: str) -> pd.DataFrame:
    """All years of an indicator view (regions × years), for pooled classes and trends."""
    return _cached(_panel, _store_panel, indicator, level, mode)


def modes(indicator: str) -> list[str]:
    """View modes that make sense for ``indicator``."""
    return store().modes(indicator)


def available(level: str) -> set[str]:
    """Indicator ids with at least one value at ``level`` (bundled and uploaded)."""
    return store().available(level)


def levels_with_data() -> list[str]:
    """Map levels for which some indicator (bundled or uploaded) has data, coarse to fine."""
    return [lv for lv in LEVELS if available(lv)]


def years(indicator: str, level: str) -> list[int]:
    """Years with data for ``indicator`` at ``level``, ascending."""
    return store().years(indicator, level)


def source_line(indicator: str, level: str, year: int, lang: str = "en") -> str:
    """Source text of the values of ``indicator`` at ``level`` in ``year``, for captions and tooltips, in the
    page's language (Korean publisher and table on a Korean page)."""
    return store().source_line(indicator, level, int(year), lang)


def _store_coverage(s: Store, level: str) -> pd.DataFrame:
    return s.coverage(level)


@st.cache_data(show_spinner=False, max_entries=16)
def _coverage(key: str, level: str, _store: Store) -> pd.DataFrame:
    return _store_coverage(_store, level)


def coverage(level: str) -> pd.DataFrame:
    """Coverage per indicator at ``level`` (:meth:`Store.coverage`; ``full_years`` = complete years), once per
    store and level (every page view asks for it to pick the default indicator: half a new session's script time
    at si-gun-gu when it was computed each time)."""
    return _cached(_coverage, _store_coverage, level)


def complete_years(indicator: str, level: str) -> list[int]:
    """Years in which ``indicator`` covers every unit of the level (:meth:`Store.complete_years`)."""
    return store().complete_years(indicator, level)


full_years = complete_years
"""The map's default year: the latest complete year (the one completeness rule)."""


def series(indicator: str, level: str, code: str) -> pd.Series:
    """Values of one region over the years (index = year), for the profile's trend."""
    return store().region_series(indicator, level, code)


def boundaries_for(level: str, codes: pd.Index) -> gpd.GeoDataFrame:
    """Boundaries of the view the codes are on (sigungu: :func:`analysis.regions.sigungu_view`)."""
    return boundaries(level, autonomous=level == "sigungu" and regions.sigungu_view(codes))


def comparison(x: str, y: str, level: str, year: int | None = None, *, permutations: int = PERMUTATIONS,
               seed: int = SEED, alpha: float = ALPHA, fdr: bool = False) -> Comparison:
    """:func:`analysis.compare.compare` on this session's store.

    Not copied through ``st.cache_data``: ``compare`` keeps its recent results on the store (the bundled store's
    for the process, a store with uploads for its session), so this tab, the trend, the briefing and the presenter
    share one object, and the statistics it computes when first read are computed once. Readers never change it.
    """
    return compare(store(), x, y, level, None if year is None else int(year), permutations=int(permutations),
                   seed=int(seed), alpha=float(alpha), fdr=bool(fdr))


def comparable_years(x: str, y: str, level: str) -> list[int]:
    """Years in which x and y can be compared (:func:`analysis.compare.comparable_years`)."""
    return compare_years(store(), x, y, level)


def change_years(x: str, y: str, level: str, year: int) -> list[int]:
    """Years whose mismatch of x against y can be compared with ``year`` (:func:`analysis.change.change_years`)."""
    return _change_years(store(), x, y, level, int(year))


def univariate_stats(indicator: str, level: str, year: int | None = None, *, permutations: int = PERMUTATIONS,
                     seed: int = SEED, alpha: float = ALPHA, fdr: bool = False) -> Univariate:
    """:func:`analysis.compare.univariate` on this session's store (kept on the store, as :func:`comparison`)."""
    return univariate(store(), indicator, level, None if year is None else int(year), permutations=int(permutations),
                      seed=int(seed), alpha=float(alpha), fdr=bool(fdr))


def trend(x: str, y: str, level: str, anchor: int | None = None, *, permutations: int = PERMUTATIONS,
          seed: int = SEED) -> pd.DataFrame:
    """:attr:`analysis.compare.Trend.frame`: compare() in every year comparable with ``anchor`` — the one trend
    the briefing and the presenter read too (kept on the store by :func:`analysis.compare.trend`)."""
    return compare_trend(store(), x, y, level, None if anchor is None else int(anchor), permutations=int(permutations),
                         seed=int(seed)).frame
