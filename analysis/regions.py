"""Which regions make up a level: the capital region, the sigungu view, and when a year's data are complete.

Each rule is written here once; the store, the comparison, the importer and the mismatch metrics read it.

* **Capital region** (수도권): the sido flagged ``capital_region`` in ``data/region_groups.csv`` (read through
  :func:`geo.boundaries.region_groups` whenever it changes; Seoul 11, Incheon 28, Gyeonggi 41). Codes of finer
  levels start with their sido code, so a prefix match finds the capital region at every level
  (:func:`capital_flags`); sentences name its members from the same table (:func:`capital_names`). The boundary
  files do not carry it: :func:`geo.boundaries.load_boundaries` adds it from the table at load.
* **Sigungu view** (:func:`sigungu_view`): si-gun-gu data are on the 229 autonomous units of KOSTAT's tables
  (``load_boundaries("sigungu", autonomous=True)``; every bundled sigungu figure) unless they name a
  non-autonomous gu of a general city (a unit of the 247-unit view that the 229 dissolve into its city), in
  which case they are on the 247-unit view.
* **Complete** (:func:`missing`): a year's data are complete when every unit of the level's view has a value,
  with the exceptions of the territory table (:func:`analysis.territory.absence`, ``data/territory.csv``), each
  with its reason (Sejong: a sido table that does not list it counts its territory inside Chungnam; the
  2015-base si-gun-gu tables omit it). Readers show the reason wherever a unit is left out
  (``Comparison.dropped``, ``left_out`` in the summary JSON, the Mismatch tab).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import pandas as pd

from analysis import territory
from analysis.defaults import LEVELS
from analysis.errors import DataError

__all__ = [
    "ECON_REGIONS",
    "LEVELS",
    "capital_flags",
    "capital_names",
    "capital_sido_codes",
    "complete_years",
    "econ_region_of",
    "level_boundaries",
    "missing",
    "region_groups",
    "sigungu_view",
    "units",
    "view_name",
]


ECON_REGIONS: tuple[str, ...] = ("CAP", "CC", "HN", "DG", "DN", "GW", "JJ")
"""The 5+2 economic regions (광역경제권) of ``data/region_groups.csv``."""


def region_groups() -> pd.DataFrame:
    """The 17 sido with their capital-region flag and 5+2 economic region, checked (``data/region_groups.csv``
    as it is now: an edit shows without a restart or a rebuild).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``sido_code`` (str, also a column): ``name_ko``, ``name_en``, ``capital_region`` (bool),
        ``econ_region`` …, in code order.

    Raises
    ------
    DataError
        The file cannot be read, does not list the 17 sido, or names an unknown economic region.

    Examples
    --------
    >>> g = region_groups()
    >>> sorted(g.loc[g["capital_region"], "sido_code"])
    ['11', '28', '41']
    """
    from geo.boundaries import region_groups as read

    try:
        g = read()
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"data/region_groups.csv cannot be read ({exc}); restore it from the repository") from None
    if len(g) != 17 or not set(g["econ_region"]) <= set(ECON_REGIONS):
        raise DataError("data/region_groups.csv must list the 17 sido with an economic region in "
                        f"{' '.join(ECON_REGIONS)}; restore it from the repository")
    return g.sort_index()


def _groups() -> pd.DataFrame:
    return region_groups()


def capital_sido_codes() -> tuple[str, ...]:
    """Sido codes of the capital region, from ``data/region_groups.csv``.

    Examples
    --------
    >>> capital_sido_codes()
    ('11', '28', '41')
    """
    from geo.boundaries import capital_sido_codes as read

    _groups()  # checked: the 17 sido and their economic regions
    return read()


def capital_names() -> tuple[str, str]:
    """The capital region's sido by their short names, in code order, as ``(Korean, English)``: the words every
    sentence that names the capital region uses (read from ``data/region_groups.csv``, never written out).

    Examples
    --------
    >>> capital_names()
    ('서울·인천·경기', 'Seoul, Incheon, Gyeonggi')
    """
    from geo.names import sido_short_names
    from lang.names import listing

    codes = capital_sido_codes()
    ko, en = sido_short_names("ko"), sido_short_names("en")
    return listing([ko.get(c, c) for c in codes], "ko"), listing([en.get(c, c) for c in codes], "en")


def capital_flags(codes: Iterable[str]) -> pd.Series:
    """Capital region (True) or not for region codes of any level (by the sido prefix of the code).

    Examples
    --------
    >>> capital_flags(["11", "26", "4111"]).tolist()
    [True, False, True]
    """
    cap = set(capital_sido_codes())
    idx = pd.Index([str(c) for c in codes], name="code")
    return pd.Series([c[:2] in cap for c in idx], index=idx, name="capital_region", dtype=bool)


def econ_region_of(codes: Iterable[str]) -> pd.Series:
    """The 5+2 economic region (``CAP CC HN DG DN GW JJ``) of region codes of any level (by sido prefix).

    Examples
    --------
    >>> econ_region_of(["11", "36"]).tolist()
    ['CAP', 'CC']
    """
    g = _groups()
    econ = dict(zip(g["sido_code"].astype(str), g["econ_region"].astype(str), strict=True))
    idx = pd.Index([str(c) for c in codes], name="code")
    return pd.Series([econ.get(c[:2]) for c in idx], index=idx, name="econ_region", dtype=object)


def _boundaries(level: str, autonomous: bool):
    from geo.boundaries import groups_stamp

    return _boundaries_at(level, autonomous, groups_stamp())


@functools.lru_cache(maxsize=8)
def _boundaries_at(level: str, autonomous: bool, stamp: tuple[str, int, int]):
    """The level's boundaries with the capital region of ``data/region_groups.csv`` as of ``stamp``."""
    from geo.boundaries import load_boundaries

    if level not in LEVELS:
        raise DataError(f"unknown level {level!r}; valid levels: {', '.join(LEVELS)}")
    try:
        gdf = load_boundaries(level, resolution="web", autonomous=autonomous)
    except FileNotFoundError as exc:
        raise DataError(f"the {level} boundaries are not built: {exc}") from None
    gdf.index = gdf.index.astype(str)
    return gdf


def level_boundaries(level: str, autonomous: bool = False):
    """Web-resolution boundaries of the level's view (a fresh copy), indexed by code (str)."""
    return _boundaries(level, bool(autonomous and level == "sigungu")).copy()


def units(level: str, autonomous: bool = False) -> pd.Index:
    """Codes of every unit of the level's view (sigungu: 229 with ``autonomous``, else 247)."""
    return _boundaries(level, bool(autonomous and level == "sigungu")).index


def sigungu_view(codes: Iterable[str]) -> bool:
    """Whether sigungu data with these codes are on the 229-unit autonomous view (True) or the 247-unit one.

    The rule: the autonomous view, unless a code names a non-autonomous gu (in the 247-unit view, not in the
    229-unit one). Codes in neither view do not decide.

    Examples
    --------
    >>> sigungu_view(["11110", "41110"]), sigungu_view(["41111"])  # doctest: +SKIP
    (True, False)
    """
    codes = {str(c) for c in codes}
    auto, full = set(units("sigungu", True)), set(units("sigungu", False))
    return not (codes & (full - auto))


def view_name(level: str, autonomous: bool) -> str:
    """How the view is named in messages: ``17 sido``, ``229 autonomous sigungu`` …"""
    n = len(units(level, autonomous))
    if level == "sigungu":
        return f"{n} {'autonomous ' if autonomous else ''}sigungu"
    return f"{n} {level}"


def missing(codes: Iterable[str], level: str, autonomous: bool = False) -> list[str]:
    """Units of the level's view with no value among ``codes`` (the allowed absences of
    :func:`analysis.territory.absence` excepted).

    Parameters
    ----------
    codes : iterable of str
        Codes that have a value.
    level : str
    autonomous : bool
        Sigungu: the 229-unit view.

    Returns
    -------
    list of str
        Sorted codes; empty when the data are complete.
    """
    present = {str(c) for c in codes}
    return sorted(c for c in units(level, autonomous) if c not in present and territory.absence(level, c) is None)


def complete_years(rows: pd.DataFrame, level: str) -> list[int]:
    """Years of one indicator's ``code, year`` rows at ``level`` in which its data are complete (:func:`missing`
    on the indicator's view: :func:`sigungu_view` of all its codes).

    Examples
    --------
    >>> rows = pd.DataFrame({"code": ["11", "26"], "year": [2020, 2020]})
    >>> complete_years(rows, "sido")
    []
    """
    auto = level == "sigungu" and sigungu_view(rows["code"].unique())
    return [int(y) for y, part in rows.groupby("year") if not missing(part["code"], level, auto)]
