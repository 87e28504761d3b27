"""Points into regions: counts, sums and counts per category of a point file per unit of a level.

One function, :func:`aggregate`, with two engines that run the *same* per-block function
(:func:`_partial`) and combine its exact integer results the same way, so their per-unit results are identical:

``geopandas`` (default)
    In-process: the whole table is one block (a GeoPandas spatial-index query).
``dask``
    On a Dask ``distributed`` cluster via ``dask_geopandas``: a ``LocalCluster`` (2 workers by default) or an
    existing cluster given by address (``scheduler=`` / :data:`SCHEDULER_ENV`); local workers are threads
    unless ``processes=True`` (measured faster, see ``bench/results.md``). A GeoParquet file or folder is
    read partitioned by the workers (``dask_geopandas.read_parquet``), never loaded in this process; an
    in-memory table is ordered along a Hilbert curve (``GeoSeries.hilbert_distance``) and split into blocks
    scattered to the workers, so each worker receives compact blocks, never the whole frame. The boundaries
    are broadcast once per worker.

The rules
---------
* **Where a point is.** Positions come from :func:`ingest.points.locate` (EPSG:4326; projected input is
  transformed to the boundaries' own system, the full-resolution boundaries are never reprojected).
* **Points on a boundary.** A point belongs to the units whose *closed* polygon contains it (GEOS
  ``intersects``: interior or boundary). A point on an edge or vertex shared by several units goes to exactly
  one: the **lowest code** among them. No point is counted twice, none on a boundary is lost.
* **Outside every unit.** Points with a valid position in no unit (at sea, abroad) are counted and listed with
  a hint (``0,0`` geocoding failures; rows that would fall in Korea with latitude and longitude exchanged).
* **Bad coordinates.** Rows with missing, non-numeric or impossible coordinates are counted and listed.
* **Sums are exact.** Float addition is not associative: pandas' sum over one frame and Dask's sums of
  partition sums would differ in the last bits. Each block therefore returns its sums as exact integers
  (every float split into an integer mantissa and a binary exponent, mantissas summed per unit and exponent
  in int64 halves), the blocks' integers are added, and each total is rounded once — the correctly rounded
  sum (equal to :func:`math.fsum`), whatever the partitioning. This part is hand-written for that reason; no
  library offers an order-independent sum across Dask partitions.
* Empty or non-numeric cells of a summed column are left out of that sum and listed (``value_problems``).

Examples
--------
>>> from ingest.points import read_points
>>> t = read_points(b"lon,lat,emp\\n126.978,37.566,10\\n126.5,33.4,5\\n0,0,1\\n", "p.csv")
>>> r = aggregate(t, "sido", sum_columns=["emp"])
>>> r.table.set_index("code").loc[["11", "50"], ["count", "sum_emp"]].to_dict("index")
{'11': {'count': 1, 'sum_emp': 10.0}, '50': {'count': 1, 'sum_emp': 5.0}}
>>> r.n_outside, r.bad["reason"].tolist()  # (0, 0) is a coordinate error, not a point at sea
(0, ['zero'])
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from analysis.defaults import LEVELS
from analysis.errors import AtlasError, DataError, ImportFileError
from analysis.notes import Note
from analysis.pointset import (
    MAX_CATEGORIES,
    MAX_CATEGORY_CHARS,
    MISSING_CATEGORY,
    REASONS,
    VALUE_PROBLEMS,
    PointSet,
    compact,
)
from ingest.points import (
    CoordinateSpec,
    ParquetSource,
    PointTable,
    check_category_lengths,
    locate,
    read_parquet_source,
    read_points,
)

__all__ = [
    "ENGINES",
    "LEVELS",
    "MAX_CATEGORIES",
    "SCHEDULER_ENV",
    "SCHEDULER_PORT",
    "SCHEDULER_TIMEOUT",
    "AggregateResult",
    "aggregate",
    "assign",
    "check_scheduler",
    "connectable",
    "tidy_values",
    "units_for",
]

ENGINES: dict[str, str] = {
    "geopandas": "in-process GeoPandas spatial join",
    "dask": "dask-geopandas on a Dask distributed cluster",
}
"""Engine name → what it is."""


SCHEDULER_ENV = "RIES_DASK_SCHEDULER"
"""Environment variable with the address of an existing Dask scheduler (e.g. ``tcp://10.0.0.5:8786``)."""

_SPLIT = 26
_LOW = (1 << _SPLIT) - 1


# ---------------------------------------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AggregateResult:
    """Per-unit counts and sums of a point file, with the rows that were not assigned.

    Attributes
    ----------
    level : str
    engine : str
    table : pandas.DataFrame
        One row per unit of the level (sorted by ``code``, units without points included with 0):
        ``code``, ``count``, ``sum_<col>`` per summed column, ``count_<by>_<value>`` per category.
    n_rows : int
        Rows read.
    bad : pandas.DataFrame
        ``row, reason, x, y`` — rows without a usable position (reason: a key of
        :data:`ingest.points.BAD_REASONS`).
    outside : pandas.DataFrame
        ``row, lon, lat, hint`` — valid positions in no unit (at sea, abroad).
    value_problems : pandas.DataFrame
        ``row, column, input, reason`` — cells of summed columns left out of the sum (empty, not a number, or
        beyond ±:data:`analysis.pointset.MAX_VALUE`).
    coords : CoordinateSpec
    categories : tuple of str
        Values of the ``by`` column, in output order.
    notes : tuple of str
    bad_by_reason : dict
        Reason → rows (every row, also those beyond ``listed``).
    outside_count, problem_count : int
        Rows outside every unit, cells left out of sums (every one).
    listed : int or None
        The three tables hold at most this many rows each (the page); None: every row (the command line).
    """

    level: str
    engine: str
    table: pd.DataFrame
    n_rows: int
    bad: pd.DataFrame
    outside: pd.DataFrame
    value_problems: pd.DataFrame
    coords: CoordinateSpec
    sum_columns: tuple[str, ...] = ()
    by: str | None = None
    categories: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    bad_by_reason: dict = field(default_factory=dict)
    outside_count: int = 0
    problem_count: int = 0
    listed: int | None = None

    @property
    def n_assigned(self) -> int:
        """Points counted in a unit."""
        return int(self.table["count"].sum())

    @property
    def n_bad(self) -> int:
        """Rows without a usable position."""
        return int(sum(self.bad_by_reason.values()))

    @property
    def n_outside(self) -> int:
        """Valid positions outside every unit."""
        return int(self.outside_count)

    def summary(self) -> dict:
        """JSON-ready counts: rows, assigned, outside, bad (by reason), value problems."""
        return {
            "level": self.level,
            "engine": self.engine,
            "rows": self.n_rows,
            "assigned": self.n_assigned,
            "outside": self.n_outside,
            "bad": self.n_bad,
            "bad_by_reason": {str(k): int(v) for k, v in self.bad_by_reason.items() if v},
            "value_problems": int(self.problem_count),
            "units_with_points": int((self.table["count"] > 0).sum()),
            "units": len(self.table),
            "crs": str(self.coords.crs),
            "swapped": self.coords.swapped,
        }


@dataclass(frozen=True)
class _Partial:
    """What one block of rows contributes (integers only, so blocks add up exactly in any order)."""

    n: int
    counts: pd.DataFrame  # unit (position), count
    sums: pd.DataFrame  # column, unit, exp, hi, lo
    cats: pd.DataFrame  # unit, category, count
    bad: pd.DataFrame  # pos, reason, x, y (listed rows)
    outside: pd.DataFrame  # pos, lon, lat, hint (listed rows)
    problems: pd.DataFrame  # pos, column, input, reason (listed rows)
    bad_counts: dict  # reason -> rows
    n_outside: int
    n_problems: int


# ---------------------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------------------
def units_for(level: str):
    """Full-resolution units of ``level`` as a GeoDataFrame (``code``, geometry) sorted by code.

    The row position is the unit's rank by code, so "lowest code" is "lowest position".

    Raises
    ------
    DataError
        Unknown level.
    """
    from geo.boundaries import load_boundaries

    if level not in LEVELS:
        raise DataError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    u = load_boundaries(level, resolution="full")[["code", "geometry"]]
    return u.sort_values("code", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------
# One block
# ---------------------------------------------------------------------------------------------------------
ASSIGN_CHUNK = 500_000
"""Points joined at once: bounds the memory of their geometries and spatial index (~100 MB)."""


def _assign(lon: np.ndarray, lat: np.ndarray, units) -> np.ndarray:
    """Unit position (rank by code) of each point, -1 outside every unit: lowest code among closed polygons.

    The spatial index is built on the points and queried with the unit polygons, so each polygon is prepared
    once (querying the polygons' index with points would test every point against unprepared polygons). Points
    go in chunks of :data:`ASSIGN_CHUNK`, so a file of millions never holds millions of point geometries.
    """
    if len(lon) > ASSIGN_CHUNK:
        return np.concatenate([_assign(lon[i:i + ASSIGN_CHUNK], lat[i:i + ASSIGN_CHUNK], units)
                               for i in range(0, len(lon), ASSIGN_CHUNK)])
    import geopandas as gpd
    import shapely

    out = np.full(len(lon), -1, dtype=np.int32)
    if len(lon) == 0:
        return out
    pts = gpd.GeoSeries(shapely.points(lon, lat), crs=4326)
    minx, miny, maxx, maxy = float(np.min(lon)), float(np.min(lat)), float(np.max(lon)), float(np.max(lat))
    near = units.sindex.query(shapely.box(minx, miny, maxx, maxy), predicate="intersects")
    near = np.sort(near)
    if len(near) == 0:
        return out
    unit_i, pt_i = pts.sindex.query(units.geometry.values[near], predicate="intersects")
    if len(pt_i) == 0:
        return out
    ranks = near[unit_i]
    # lowest unit rank per point: write in descending order so the smallest is written last
    order = np.argsort(-ranks, kind="stable")
    out[pt_i[order]] = ranks[order]
    return out


def assign(points: PointSet, level: str, units=None) -> np.ndarray:
    """Unit position (rank by code in :func:`units_for`) of each row, -1 without a position or outside.

    Kept in ``points.assigned`` per level (4 bytes a row), so another sum or category column at the same level
    costs no second join. Rows at the same position (a list of addresses geocoded to the same building, values
    rounded to a grid) are joined once.
    """
    if level not in points.assigned:
        units = units_for(level) if units is None else units
        unit = np.full(points.n, -1, dtype=np.int32)
        for a in range(0, points.n, ASSIGN_CHUNK):  # a chunk at a time: the temporary arrays stay small
            ok = np.flatnonzero(points.reason[a:a + ASSIGN_CHUNK] == 0) + a
            lon, lat = points.lon[ok], points.lat[ok]
            same, inverse = np.unique(lon + 1j * lat, return_inverse=True)  # one join per distinct position
            if len(same) < 0.8 * len(lon):
                unit[ok] = _assign(same.real.copy(), same.imag.copy(), units)[inverse]
            else:
                unit[ok] = _assign(lon, lat, units)
        points.assigned[level] = unit
    return points.assigned[level]


def _exact_parts(unit: np.ndarray, values: np.ndarray) -> pd.DataFrame:
    """Exact integer representation of per-unit sums: rows ``unit, exp, hi, lo`` (value = Σ(hi·2²⁶+lo)·2^(exp-53))."""
    if len(values) == 0:
        return pd.DataFrame({"unit": [], "exp": [], "hi": [], "lo": []}, dtype="int64")
    mant, exp = np.frexp(values)
    m = (mant * float(1 << 53)).astype(np.int64)  # exact: |mant| < 1 has 53 significant bits
    frame = pd.DataFrame({"unit": unit, "exp": exp.astype(np.int64), "hi": m >> _SPLIT, "lo": m & _LOW})
    return frame.groupby(["unit", "exp"], sort=False, as_index=False)[["hi", "lo"]].sum()


def _exact_totals(parts: pd.DataFrame) -> dict[int, float]:
    """Correctly rounded float per unit from :func:`_exact_parts` rows (any number of blocks concatenated)."""
    if parts.empty:
        return {}
    g = parts.groupby(["unit", "exp"], sort=True)[["hi", "lo"]].sum()
    out: dict[int, float] = {}
    for unit, sub in g.groupby(level=0, sort=False):
        exps = sub.index.get_level_values(1).to_numpy()
        emin = int(exps.min())
        total = 0
        for e, hi, lo in zip(exps, sub["hi"].to_numpy(), sub["lo"].to_numpy(), strict=True):
            total += ((int(hi) << _SPLIT) + int(lo)) << (int(e) - emin)
        shift = 53 - emin
        out[int(unit)] = total / (1 << shift) if shift >= 0 else float(total << -shift)
    return out


def _hint(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    hint = np.full(len(lon), "at sea or abroad", dtype=object)
    swapped = (lat >= 124) & (lat <= 132) & (lon >= 33) & (lon <= 39)
    hint[swapped] = "latitude and longitude look exchanged"
    hint[(np.abs(lon) < 1e-9) & (np.abs(lat) < 1e-9)] = "0,0: a failed geocoding?"
    return hint


def _partial(frame: pd.DataFrame, units, spec: CoordinateSpec, sum_columns: Sequence[str],
             by: str | None) -> _Partial:
    """Everything one block of rows contributes; positions ``pos`` are 0-based within the block."""
    ps = compact(frame, spec, sum_columns=sum_columns, by=by)
    return _partial_of(ps, assign(ps, "block", units), sum_columns, by)


def _partial_of(ps: PointSet, unit: np.ndarray, sum_columns: Sequence[str], by: str | None) -> _Partial:
    """What a point set contributes, given each row's unit (-1: none): counts, exact sums, categories, and the
    rows left out (counted exactly, listed up to ``ps.listed``)."""
    listed = ps.listed
    inside = unit >= 0
    unit_in = unit[inside]
    n_per = np.bincount(unit_in) if len(unit_in) else np.zeros(0, dtype=np.int64)
    uniq = np.flatnonzero(n_per)
    counts = pd.DataFrame({"unit": uniq.astype(np.int64), "count": n_per[uniq].astype(np.int64)})
    bad_counts = {REASONS[c]: int(k) for c, k in zip(*np.unique(ps.reason[ps.reason > 0], return_counts=True),
                                                     strict=True)}
    bc = ps.bad_cells
    bad = pd.DataFrame({"pos": bc["pos"].to_numpy(np.int64),
                        "reason": np.asarray(REASONS, dtype=object)[ps.reason[bc["pos"].to_numpy(np.int64)]],
                        "x": bc["x"].to_numpy(object), "y": bc["y"].to_numpy(object)})
    out_all = np.flatnonzero((ps.reason == 0) & ~inside)
    out_pos = out_all if listed is None else out_all[:listed]
    outside = pd.DataFrame({"pos": out_pos, "lon": ps.lon[out_pos], "lat": ps.lat[out_pos],
                            "hint": _hint(ps.lon[out_pos], ps.lat[out_pos])})
    sums, problems, n_problems = [], [], 0
    for col in sum_columns:
        code = ps.problems[col]
        good = inside & (code == 0)
        sums.append(_exact_parts(unit[good].astype(np.int64), ps.values[col][good]).assign(column=col))
        left = inside & (code > 0)
        n_problems += int(left.sum())
        cells = ps.problem_cells[col]
        keep = cells[left[cells["pos"].to_numpy(np.int64)]] if len(cells) else cells
        if len(keep):
            problems.append(pd.DataFrame({
                "pos": keep["pos"].to_numpy(np.int64), "column": col, "input": keep["input"].to_numpy(object),
                "reason": np.asarray(VALUE_PROBLEMS, dtype=object)[code[keep["pos"].to_numpy(np.int64)]]}))
    cats = pd.DataFrame({"unit": pd.Series([], dtype="int64"), "category": pd.Series([], dtype=object),
                         "count": pd.Series([], dtype="int64")})
    if by is not None:
        cat = ps.categories[by]
        k = max(len(cat.categories), 1)
        key = unit_in.astype(np.int64) * k + np.asarray(cat.codes)[inside]
        n_key = np.bincount(key) if len(key) else np.zeros(0, dtype=np.int64)
        keys = np.flatnonzero(n_key)
        cats = pd.DataFrame({"unit": keys // k, "category": np.asarray(cat.categories, dtype=object)[keys % k],
                             "count": n_key[keys].astype(np.int64)})
    return _Partial(
        n=ps.n, counts=counts, bad=bad, outside=outside,
        sums=pd.concat(sums, ignore_index=True) if sums else pd.DataFrame(
            columns=["unit", "exp", "hi", "lo", "column"]),
        cats=cats,
        problems=pd.concat(problems, ignore_index=True) if problems else pd.DataFrame(
            {"pos": pd.Series([], dtype="int64"), "column": pd.Series([], dtype=object),
             "input": pd.Series([], dtype=object), "reason": pd.Series([], dtype=object)}),
        bad_counts=bad_counts, n_outside=len(out_all), n_problems=n_problems,
    )


# ---------------------------------------------------------------------------------------------------------
# Combining blocks
# ---------------------------------------------------------------------------------------------------------
def _combine(partials: Sequence[_Partial], units, level: str, engine: str, spec: CoordinateSpec,
             first_row: int, sum_columns: Sequence[str], by: str | None, notes: Sequence[str],
             listed: int | None = None) -> AggregateResult:
    offsets = np.cumsum([0] + [p.n for p in partials[:-1]])

    def rows(name: str) -> pd.DataFrame:
        frames = [getattr(p, name).assign(row=getattr(p, name)["pos"].to_numpy(np.int64) + off + first_row)
                  for p, off in zip(partials, offsets, strict=True) if len(getattr(p, name))]
        if not frames:
            return getattr(partials[0], name).assign(row=pd.Series([], dtype="int64")).drop(columns="pos")
        return pd.concat(frames, ignore_index=True).drop(columns="pos")

    codes = units["code"].astype(str).to_numpy()
    count = np.zeros(len(codes), dtype=np.int64)
    for p in partials:
        if len(p.counts):
            np.add.at(count, p.counts["unit"].to_numpy(np.int64), p.counts["count"].to_numpy(np.int64))
    table = pd.DataFrame({"code": codes, "count": count})
    all_sums = pd.concat([p.sums for p in partials if len(p.sums)], ignore_index=True) if any(
        len(p.sums) for p in partials) else None
    for col in sum_columns:
        totals = {} if all_sums is None else _exact_totals(
            all_sums.loc[all_sums["column"] == col, ["unit", "exp", "hi", "lo"]].astype("int64"))
        v = np.zeros(len(codes))
        for u, t in totals.items():
            v[u] = t
        table[f"sum_{col}"] = v
    categories: tuple[str, ...] = ()
    if by is not None:
        cats = pd.concat([p.cats for p in partials], ignore_index=True)
        per = cats.groupby(["unit", "category"])["count"].sum()
        found = sorted(set(per.index.get_level_values(1)), key=lambda s: (s == MISSING_CATEGORY, s))
        if len(found) > MAX_CATEGORIES:
            raise ImportFileError(Note(
                "too_many_categories", "column {column} has {n} distinct values; at most {most} become columns. Use a "
                "coarser code (e.g. the first two digits of the industry code) in a new column.", column=repr(by),
                n=f"{len(found):,}", most=MAX_CATEGORIES))
        categories = tuple(found)
        names = [f"count_{by}_{c}" for c in categories]
        clash = set(names) & set(table.columns)
        if len(set(names)) != len(names) or clash:
            raise ImportFileError(Note("category_columns_clash", "category columns of {by} would repeat a column "
                                       "name ({clash}); rename the categories.", by=repr(by), clash=str(sorted(clash))))
        wide = per.unstack("category", fill_value=0).reindex(columns=list(categories), fill_value=0)
        full = wide.reindex(range(len(codes)), fill_value=0).astype("int64")
        for c, nm in zip(categories, names, strict=True):
            table[nm] = full[c].to_numpy()
    bad = rows("bad")[["row", "reason", "x", "y"]].astype({"reason": "str", "x": "str", "y": "str"})
    outside = rows("outside")[["row", "lon", "lat", "hint"]].astype({"lon": float, "lat": float, "hint": "str"})
    problems = rows("problems")[["row", "column", "input", "reason"]].astype(
        {"column": "str", "input": "str", "reason": "str"})
    bad_by_reason: dict[str, int] = {}
    for p in partials:
        for k, v in p.bad_counts.items():
            bad_by_reason[k] = bad_by_reason.get(k, 0) + int(v)

    def first(df: pd.DataFrame, by_cols: list[str]) -> pd.DataFrame:
        df = df.sort_values(by_cols, kind="stable").reset_index(drop=True)
        return df if listed is None else df.head(listed)

    return AggregateResult(level=level, engine=engine, table=table, n_rows=int(sum(p.n for p in partials)),
                           bad=first(bad, ["row"]), outside=first(outside, ["row"]),
                           value_problems=first(problems, ["row", "column"]),
                           coords=spec, sum_columns=tuple(sum_columns), by=by, categories=categories,
                           notes=tuple(notes), bad_by_reason=bad_by_reason,
                           outside_count=int(sum(p.n_outside for p in partials)),
                           problem_count=int(sum(p.n_problems for p in partials)), listed=listed)


# ---------------------------------------------------------------------------------------------------------
# Engines
# ---------------------------------------------------------------------------------------------------------
def _check_columns(columns: Sequence[str], sum_columns: Sequence[str], by: str | None, name: str) -> None:
    for c in [*sum_columns, *([by] if by else [])]:
        if c not in columns:
            raise ImportFileError(Note("no_column", "{name} has no column {column}; columns: {columns}.", name=name,
                                       column=repr(c), columns=", ".join(map(str, columns))))
    if by is not None and by in sum_columns:
        raise ImportFileError(Note("summed_and_counted", "column {column} cannot be both summed and counted per "
                                   "category.", column=repr(by)))


SCHEDULER_PORT = 8786
"""Port of a scheduler address given without one (Dask's default)."""

SCHEDULER_TIMEOUT = 15.0
"""Seconds to reach a scheduler and hear its greeting (a scheduler greets at once), and again for the client to
connect and for a worker to be there: an address where nothing answers is named within 20 s."""

_GREETING_MAX = 1 << 20  # a scheduler's first message (its handshake) is a few hundred bytes


def check_scheduler(address: str) -> str:
    """A Dask scheduler address as ``tcp://HOST:PORT``, or a :class:`DataError` saying what is wrong with it.

    Only plain TCP is accepted: ``tls://`` needs Dask's certificate settings, ``ucx://``, ``inproc://`` and
    ``ws://`` are not for a cluster this command can reach. A missing port is Dask's 8786.

    Examples
    --------
    >>> check_scheduler("10.0.0.5"), check_scheduler("tcp://[::1]:9000")
    ('tcp://10.0.0.5:8786', 'tcp://[::1]:9000')
    >>> check_scheduler("scheduler_1:9000")
    'tcp://scheduler_1:9000'
    >>> check_scheduler("ucx://10.0.0.5:8786")
    Traceback (most recent call last):
    ...
    analysis.errors.DataError: Dask scheduler address 'ucx://10.0.0.5:8786': the ucx:// scheme is not supported; give tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786).
    """
    import ipaddress
    import re
    from urllib.parse import urlsplit

    text = str(address).strip()

    def bad(why: str) -> DataError:
        return DataError(Note("scheduler_address_bad", "Dask scheduler address {address}: {why}; give tcp://HOST:PORT "
                              "(e.g. tcp://10.0.0.5:8786).", address=repr(text[:200]), why=why))

    if not text or len(text) > 300 or any(ch.isspace() or not ch.isprintable() for ch in text):
        raise bad("not an address")
    scheme, sep, _ = text.partition("://")
    if not sep:
        text, scheme = f"tcp://{text}", "tcp"
    if scheme.lower() != "tcp":
        raise bad(f"the {scheme[:20]}:// scheme is not supported")
    try:
        parts = urlsplit(text)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise bad("the port is not a number from 1 to 65535") from None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise bad("an address has no path, query or user name")
    if not host:
        raise bad("no host name")
    try:
        ip = ipaddress.ip_address(host)
        host_text = f"[{ip}]" if ip.version == 6 else str(ip)
    except ValueError:
        label = r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"  # _ as in /etc/hosts and container names
        if not re.fullmatch(rf"(?=.{{1,253}}$){label}(\.{label})*\.?", host):
            raise bad("the host is not a host name or an IP address") from None
        host_text = host
    if port == 0:
        raise bad("the port is not a number from 1 to 65535")
    return f"tcp://{host_text}:{port or SCHEDULER_PORT}"


def _probe_scheduler(address: str, timeout: float = SCHEDULER_TIMEOUT) -> None:
    """Refuse, within ``timeout`` seconds, an address where no Dask scheduler answers.

    A scheduler greets a new connection at once with a length-prefixed handshake (8 bytes, little-endian, then a
    few hundred bytes). Nothing listening, no greeting in time (a silent listener, an unanswered SYN, a name
    that does not resolve) or a first reply that is not a plausible greeting (an HTTP server's ``HTTP/1.1`` read
    as a length would ask for exabytes) each give one message naming the address. Runs in a thread so that a
    slow name lookup is bounded too.
    """
    import socket
    import struct
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    host, port = parts.hostname, parts.port
    outcome: dict[str, str] = {}

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout) as sock:
                sock.settimeout(timeout)
                head = b""
                while len(head) < 8:
                    chunk = sock.recv(8 - len(head))
                    if not chunk:
                        outcome["why"] = "closed"
                        return
                    head += chunk
                (n,) = struct.unpack("<Q", head)
                outcome["why"] = "" if 0 < n <= _GREETING_MAX else "foreign"
        except TimeoutError:
            outcome["why"] = "silent"
        except ConnectionRefusedError:
            outcome["why"] = "refused"
        except socket.gaierror:
            outcome["why"] = "unknown_host"
        except OSError as exc:
            outcome["why"] = "os"
            outcome["detail"] = exc.strerror or type(exc).__name__

    worker = threading.Thread(target=probe, daemon=True, name="ries-scheduler-probe")
    worker.start()
    worker.join(timeout + 5)
    why = outcome.get("why", "silent")
    if not why:
        return
    text = {
        "refused": "nothing is listening there (connection refused)",
        "unknown_host": "the host name is not known",
        "silent": f"no Dask scheduler answered within {timeout:.0f} s",
        "closed": "the connection was closed without a Dask greeting",
        "foreign": "something answered that is not a Dask scheduler",
        "os": outcome.get("detail", "the connection failed"),
    }[why]
    raise DataError(Note(f"scheduler_{why}", "cannot use the Dask scheduler at {address}: {why}. Check the address "
                         "and that the scheduler runs, or leave out --scheduler (and {env}) for a local cluster.",
                         address=address, why=text, env=SCHEDULER_ENV))


def connectable(scheduler: str | None = None) -> str:
    """The scheduler address (``scheduler``, else :data:`SCHEDULER_ENV`) checked and heard from, within
    :data:`SCHEDULER_TIMEOUT` seconds; a :class:`DataError` naming the address otherwise."""
    address = check_scheduler(scheduler or os.environ.get(SCHEDULER_ENV) or "")
    _probe_scheduler(address)
    return address


def _dask_client(scheduler: str | None, workers: int, processes: bool):
    from distributed import Client, LocalCluster

    if scheduler or os.environ.get(SCHEDULER_ENV):
        address = connectable(scheduler)
        try:
            client = Client(address, timeout=f"{SCHEDULER_TIMEOUT:.0f}s")
        except Exception as exc:  # distributed raises many kinds: each becomes one message
            raise DataError(Note("scheduler_client", "cannot use the Dask scheduler at {address} ({problem}). Check "
                                 "that its Dask version matches this one ({version}).", address=address,
                                 problem=type(exc).__name__, version=_dask_version())) from None
        try:
            client.wait_for_workers(1, timeout=SCHEDULER_TIMEOUT)
        except Exception:  # a TimeoutError of distributed's own kind
            client.close()
            raise DataError(Note("scheduler_no_workers", "the Dask scheduler at {address} has no workers (none joined "
                                 "within {seconds} s); start workers (dask worker {address}) or leave out "
                                 "--scheduler.", address=address, seconds=f"{SCHEDULER_TIMEOUT:.0f}")) from None
        return client, None
    from analysis.ranges import WORKERS

    workers = WORKERS.check(int(workers), "workers")
    # loopback only, no dashboard; a threads cluster talks in-process (no socket at all)
    net = {"host": "127.0.0.1"} if processes else {}
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None,
                           silence_logs=40, **net)
    return Client(cluster), cluster


def _dask_version() -> str:
    import distributed

    return distributed.__version__


def _parquet_blocks(src: ParquetSource, columns: Sequence[str]) -> list:
    """Delayed partitions of a (Geo)Parquet source, read by the workers themselves (the needed columns only)."""
    read = [c for c in src.columns if c in {*columns, src.coords.geometry, src.coords.x, src.coords.y}]
    if src.coords.geometry:
        import dask_geopandas

        return dask_geopandas.read_parquet(src.path, columns=read).to_delayed()
    import dask.dataframe as dd

    return dd.read_parquet(src.path, columns=read).to_delayed()


def _hilbert_order(points: PointTable) -> tuple[PointTable, np.ndarray]:
    """The table ordered along a Hilbert curve (rows without a position last), and the original positions."""
    import geopandas as gpd
    import shapely

    loc = locate(points.frame, points.coords, raw=False)
    ok = loc.ok
    key = np.full(len(ok), np.iinfo(np.int64).max, dtype=np.int64)
    if ok.any():
        gs = gpd.GeoSeries(shapely.points(loc.lon[ok], loc.lat[ok]), crs=4326)
        key[ok] = gs.hilbert_distance(total_bounds=(124.0, 33.0, 132.0, 39.0)).to_numpy(np.int64)
    order = np.argsort(key, kind="stable")
    sorted_frame = points.frame.iloc[order]
    return PointTable(sorted_frame, points.name, points.kind, points.coords, points.first_row, points.notes), order


def _run_dask(points: PointTable | ParquetSource, units, sum_columns, by, scheduler, workers, processes,
              partition_rows) -> tuple[list[_Partial], np.ndarray | None]:
    import dask

    order = None
    if isinstance(points, PointTable):
        points, order = _hilbert_order(points)
    client, cluster = _dask_client(scheduler, workers, processes)
    try:
        units_f = client.scatter(units, broadcast=True)
        args = (points.coords, tuple(sum_columns), by)
        if isinstance(points, ParquetSource):
            tasks = [dask.delayed(_partial)(part, units_f, *args)
                     for part in _parquet_blocks(points, [*sum_columns, *([by] if by else [])])]
            futures = client.compute(tasks)
        else:  # compact Hilbert blocks, each sent to one worker (never the whole frame to every worker)
            nblocks = max(1, -(-len(points.frame) // max(1, int(partition_rows))))
            bounds = np.linspace(0, len(points.frame), nblocks + 1).astype(int)
            blocks = client.scatter([points.frame.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)])
            futures = client.map(_partial, blocks, units=units_f, spec=args[0], sum_columns=args[1], by=by)
        try:
            partials = client.gather(futures)
        except AtlasError:  # a worker's refusal (a long category, a damaged file) arrives as itself
            raise
        except Exception as exc:  # anything else a worker hit (a damaged partition, a lost worker): one message
            raise ImportFileError(Note("dask_failed", "the Dask workers could not count {name} ({problem}); check "
                                       "the file, or run without --engine dask.", name=points.name,
                                       problem=type(exc).__name__)) from None
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return list(partials), order


def _unsort(partials: list[_Partial], order: np.ndarray) -> list[_Partial]:
    """Map block positions of a Hilbert-ordered table back to the original row positions (one block)."""
    offsets = np.cumsum([0] + [p.n for p in partials[:-1]])
    fixed = []
    for p, off in zip(partials, offsets, strict=True):
        def back(df: pd.DataFrame, off: int = off) -> pd.DataFrame:
            return df.assign(pos=order[df["pos"].to_numpy(np.int64) + off]) if len(df) else df
        fixed.append(replace(p, bad=back(p.bad), outside=back(p.outside), problems=back(p.problems)))
    # positions are now global: one block of all rows
    bad_counts: dict[str, int] = {}
    for p in fixed:
        for k, v in p.bad_counts.items():
            bad_counts[k] = bad_counts.get(k, 0) + v
    merged = _Partial(
        n=sum(p.n for p in fixed),
        counts=pd.concat([p.counts for p in fixed], ignore_index=True),
        sums=pd.concat([p.sums for p in fixed], ignore_index=True),
        cats=pd.concat([p.cats for p in fixed], ignore_index=True),
        bad=pd.concat([p.bad for p in fixed], ignore_index=True),
        outside=pd.concat([p.outside for p in fixed], ignore_index=True),
        problems=pd.concat([p.problems for p in fixed], ignore_index=True),
        bad_counts=bad_counts, n_outside=sum(p.n_outside for p in fixed),
        n_problems=sum(p.n_problems for p in fixed),
    )
    return [merged]


def aggregate(
    points: PointTable | PointSet | ParquetSource | str,
    level: str,
    *,
    sum_columns: Sequence[str] = (),
    by: str | None = None,
    engine: str = "geopandas",
    scheduler: str | None = None,
    workers: int = 2,
    processes: bool = False,
    partition_rows: int = 50_000,
    units=None,
) -> AggregateResult:
    """Count (and sum) the points of a file per unit of ``level``.

    Parameters
    ----------
    points : PointTable, PointSet, ParquetSource or path
        A table read by :func:`ingest.points.read_points`, its compact :class:`analysis.pointset.PointSet` (the
        page's form: the unit of each row is kept per level, the rows left out are listed up to its ``listed``),
        a GeoParquet source from :func:`ingest.points.open_parquet` (read partitioned by the Dask engine), or a
        path (read in-process with the command line's limits).
    level : {"sido", "sigungu", "emd"}
    sum_columns : sequence of str
        Numeric columns to sum per unit (output ``sum_<col>``).
    by : str, optional
        Category column (e.g. an industry code): output ``count_<by>_<value>`` per value.
    engine : {"geopandas", "dask"}
    scheduler : str, optional
        Dask scheduler address; default :data:`SCHEDULER_ENV`, else a local cluster.
    workers : int
        Workers of the local cluster.
    processes : bool
        Local cluster of worker processes (True) or threads (False, the default: shapely and the spatial index
        release the GIL, and ``bench/results.md`` measured threads faster than processes on 1M points).
    partition_rows : int
        Rows per block sent to a worker (in-memory tables; a Parquet source keeps its own partitions).
    units : GeoDataFrame, optional
        Units to join instead of the bundled level (``code``, geometry, EPSG:4326) — for tests.

    Returns
    -------
    AggregateResult

    Raises
    ------
    DataError
        Unknown engine or level; unreachable scheduler.
    ImportFileError
        Unknown columns, too many categories, unreadable file.
    """
    if engine not in ENGINES:
        raise DataError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if isinstance(points, (str, os.PathLike)):
        from ingest.points import MAX_FILE_BYTES, MAX_PARSED_BYTES, MAX_ROWS

        points = read_points(points, columns=[*sum_columns, *([by] if by else [])], max_bytes=MAX_FILE_BYTES,
                             max_rows=MAX_ROWS, max_parsed=MAX_PARSED_BYTES)
    if isinstance(points, ParquetSource):
        _check_columns(list(points.columns), sum_columns, by, points.name)
        if by is not None:
            check_category_lengths(points, by, MAX_CATEGORY_CHARS)
        if engine == "geopandas":
            points = read_parquet_source(points, [*sum_columns, *([by] if by else [])])
    if isinstance(points, PointSet):
        _check_columns([*points.values, *points.categories], sum_columns, by, points.name)
        missing = [c for c in sum_columns if c not in points.values] + (
            [by] if by is not None and by not in points.categories else [])
        if missing:
            raise ImportFileError(Note("not_kept", "column {column} of {name} is not kept for counting (not numbers, "
                                       "or not a category column).", column=repr(missing[0]), name=points.name))
    else:
        columns = list(points.columns) if isinstance(points, ParquetSource) else list(points.frame.columns)
        _check_columns(columns, sum_columns, by, points.name)
    if units is None:
        units = units_for(level)
    else:
        units = units[["code", "geometry"]].sort_values("code", kind="stable").reset_index(drop=True)
    spec = points.coords
    first_row = points.first_row if isinstance(points, (PointTable, PointSet)) else 1
    notes = list(spec.notes) + (list(points.notes) if isinstance(points, (PointTable, PointSet)) else [])
    if isinstance(points, PointSet):
        if engine != "geopandas":
            raise DataError("a compact point set is counted in-process; use engine='geopandas'")
        unit = assign(points, level, units) if units is not None else assign(points, level)
        partials = [_partial_of(points, unit, tuple(sum_columns), by)]
        return _combine(partials, units, level, engine, spec, first_row, sum_columns, by, notes, points.listed)
    if engine == "geopandas":
        partials = [_partial(points.frame, units, spec, tuple(sum_columns), by)]
    else:
        partials, order = _run_dask(points, units, sum_columns, by, scheduler, workers, processes, partition_rows)
        if order is not None:
            partials = _unsort(partials, order)
    result = _combine(partials, units, level, engine, spec, first_row, sum_columns, by, notes)
    if result.n_rows and result.bad_by_reason.get("not_a_point", 0) == result.n_rows:
        raise ImportFileError(Note("no_point_geometries", "{name} holds no point geometries ({kinds}); save the "
                                   "facilities as points (e.g. their centroids) and upload that file.",
                                   name=points.name, kinds=f"{result.n_rows:,} other shapes"))
    return result



def tidy_values(results: Sequence[AggregateResult], year: int) -> pd.DataFrame:
    """Every output column of one or more results (e.g. one per level) in the atlas's long format.

    Parameters
    ----------
    results : sequence of AggregateResult
        Typically the same file aggregated to ``sido``, ``sigungu`` and ``emd``.
    year : int
        The year the file describes (the user's answer; a point list carries none).

    Returns
    -------
    pandas.DataFrame
        ``code, level, year, indicator, value`` with ``indicator`` the column name (``count``, ``sum_<col>``,
        ``count_<by>_<value>``); every unit of each level appears (0 where no point fell).

    Examples
    --------
    >>> from ingest.points import read_points
    >>> r = aggregate(read_points(b"lon,lat\\n126.978,37.566\\n", "p.csv"), "sido")
    >>> tidy_values([r], 2024).query("code == '11'").values.tolist()
    [['11', 'sido', 2024, 'count', 1.0]]
    """
    from analysis.ranges import YEAR

    if int(year) not in YEAR:
        raise ImportFileError(f"year {year} is not a plausible year; give the year the list describes.")
    frames = []
    for r in results:
        long = r.table.melt(id_vars="code", var_name="indicator", value_name="value")
        frames.append(long.assign(level=r.level, year=int(year)))
    out = pd.concat(frames, ignore_index=True)[["code", "level", "year", "indicator", "value"]]
    return out.astype({"code": str, "value": float})
