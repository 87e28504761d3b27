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
>>> r.n_outside
1
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.defaults import LEVELS
from analysis.errors import DataError, ImportFileError
from analysis.notes import Note
from ingest.points import (
    CoordinateSpec,
    ParquetSource,
    PointTable,
    locate,
    read_points,
)

__all__ = [
    "ENGINES",
    "LEVELS",
    "MAX_CATEGORIES",
    "SCHEDULER_ENV",
    "AggregateResult",
    "aggregate",
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

MAX_CATEGORIES = 50
"""Most distinct values of a ``by`` column (one output column each)."""

_SPLIT = 26
_LOW = (1 << _SPLIT) - 1
_MISSING_CATEGORY = "(missing)"


# ---------------------------------------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AggregateResult:
    """Per-unit counts and sums of a point file, with every row that was not assigned.

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
        ``row, column, input, reason`` — cells of summed columns left out of the sum (empty or not a number).
    coords : CoordinateSpec
    categories : tuple of str
        Values of the ``by`` column, in output order.
    notes : tuple of str
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

    @property
    def n_assigned(self) -> int:
        """Points counted in a unit."""
        return int(self.table["count"].sum())

    @property
    def n_bad(self) -> int:
        """Rows without a usable position."""
        return len(self.bad)

    @property
    def n_outside(self) -> int:
        """Valid positions outside every unit."""
        return len(self.outside)

    def summary(self) -> dict:
        """JSON-ready counts: rows, assigned, outside, bad (by reason), value problems."""
        return {
            "level": self.level,
            "engine": self.engine,
            "rows": self.n_rows,
            "assigned": self.n_assigned,
            "outside": self.n_outside,
            "bad": self.n_bad,
            "bad_by_reason": {str(k): int(v) for k, v in self.bad["reason"].value_counts().items()},
            "value_problems": len(self.value_problems),
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
    bad: pd.DataFrame  # pos, reason, x, y
    outside: pd.DataFrame  # pos, lon, lat
    problems: pd.DataFrame  # pos, column, input, reason


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
def _assign(lon: np.ndarray, lat: np.ndarray, units) -> np.ndarray:
    """Unit position (rank by code) of each point, -1 outside every unit: lowest code among closed polygons.

    The spatial index is built on the points and queried with the unit polygons, so each polygon is prepared
    once (querying the polygons' index with points would test every point against unprepared polygons).
    """
    import geopandas as gpd
    import shapely

    out = np.full(len(lon), -1, dtype=np.int64)
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
    from ingest.points import _numbers

    n = len(frame)
    loc = locate(frame, spec)
    ok = loc.ok
    pos_ok = np.flatnonzero(ok)
    unit_ok = _assign(loc.lon[ok], loc.lat[ok], units)
    inside = unit_ok >= 0
    pos_in, unit_in = pos_ok[inside], unit_ok[inside]
    counts = pd.DataFrame({"unit": unit_in}).value_counts("unit").rename("count").reset_index()
    bad_pos = np.flatnonzero(~ok)
    bad = pd.DataFrame({"pos": bad_pos, "reason": loc.reason[bad_pos], "x": loc.raw_x[bad_pos],
                        "y": loc.raw_y[bad_pos]})
    out_pos = pos_ok[~inside]
    outside = pd.DataFrame({"pos": out_pos, "lon": loc.lon[out_pos], "lat": loc.lat[out_pos],
                            "hint": _hint(loc.lon[out_pos], loc.lat[out_pos])})
    sums, problems = [], []
    for col in sum_columns:
        raw = frame[col].iloc[pos_in]
        vals = _numbers(raw).to_numpy()
        good = np.isfinite(vals)
        if (~good).any():
            text = raw.astype("string").fillna("").str.strip().to_numpy(object)[~good]
            problems.append(pd.DataFrame({
                "pos": pos_in[~good], "column": col, "input": text,
                "reason": np.where(text == "", "empty", "not a number")}))
        sums.append(_exact_parts(unit_in[good], vals[good]).assign(column=col))
    cats = pd.DataFrame({"unit": pd.Series([], dtype="int64"), "category": pd.Series([], dtype=object),
                         "count": pd.Series([], dtype="int64")})
    if by is not None:
        c = frame[by].iloc[pos_in].astype("string").str.strip()
        c = c.mask(c.isna() | c.eq(""), _MISSING_CATEGORY).astype(object)
        cats = (pd.DataFrame({"unit": unit_in, "category": c.to_numpy(object)})
                .value_counts(["unit", "category"]).rename("count").reset_index())
    return _Partial(
        n=n, counts=counts, bad=bad, outside=outside,
        sums=pd.concat(sums, ignore_index=True) if sums else pd.DataFrame(
            columns=["unit", "exp", "hi", "lo", "column"]),
        cats=cats,
        problems=pd.concat(problems, ignore_index=True) if problems else pd.DataFrame(
            columns=["pos", "column", "input", "reason"]),
    )


# ---------------------------------------------------------------------------------------------------------
# Combining blocks
# ---------------------------------------------------------------------------------------------------------
def _combine(partials: Sequence[_Partial], units, level: str, engine: str, spec: CoordinateSpec,
             first_row: int, sum_columns: Sequence[str], by: str | None, notes: Sequence[str]) -> AggregateResult:
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
        found = sorted(set(per.index.get_level_values(1)), key=lambda s: (s == _MISSING_CATEGORY, s))
        if len(found) > MAX_CATEGORIES:
            raise ImportFileError(
                f"column {by!r} has {len(found)} distinct values; at most {MAX_CATEGORIES} become columns. Use a "
                "coarser code (e.g. the first two digits of the industry code) in a new column."
            )
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
    return AggregateResult(level=level, engine=engine, table=table, n_rows=int(sum(p.n for p in partials)),
                           bad=bad.sort_values("row", kind="stable").reset_index(drop=True),
                           outside=outside.sort_values("row", kind="stable").reset_index(drop=True),
                           value_problems=problems.sort_values(["row", "column"], kind="stable").reset_index(
                               drop=True),
                           coords=spec, sum_columns=tuple(sum_columns), by=by, categories=categories,
                           notes=tuple(notes))


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


def _dask_client(scheduler: str | None, workers: int, processes: bool):
    from distributed import Client, LocalCluster

    address = scheduler or os.environ.get(SCHEDULER_ENV) or None
    if address:
        try:
            return Client(address, timeout="20s"), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise DataError(f"cannot reach the Dask scheduler at {address!r} ({exc}). Check the address "
                            f"(tcp://HOST:8786), or unset {SCHEDULER_ENV} to use a local cluster.") from None
    # loopback only, no dashboard; a threads cluster talks in-process (no socket at all)
    net = {"host": "127.0.0.1"} if processes else {}
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None,
                           silence_logs=40, **net)
    return Client(cluster), cluster


def _parquet_blocks(src: ParquetSource) -> list:
    """Delayed partitions of a (Geo)Parquet source, read by the workers themselves."""
    if src.coords.geometry:
        import dask_geopandas

        return dask_geopandas.read_parquet(src.path).to_delayed()
    import dask.dataframe as dd

    return dd.read_parquet(src.path).to_delayed()


def _hilbert_order(points: PointTable) -> tuple[PointTable, np.ndarray]:
    """The table ordered along a Hilbert curve (rows without a position last), and the original positions."""
    import geopandas as gpd
    import shapely

    loc = locate(points.frame, points.coords)
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
            tasks = [dask.delayed(_partial)(part, units_f, *args) for part in _parquet_blocks(points)]
            futures = client.compute(tasks)
        else:  # compact Hilbert blocks, each sent to one worker (never the whole frame to every worker)
            nblocks = max(1, -(-len(points.frame) // max(1, int(partition_rows))))
            bounds = np.linspace(0, len(points.frame), nblocks + 1).astype(int)
            blocks = client.scatter([points.frame.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)])
            futures = client.map(_partial, blocks, units=units_f, spec=args[0], sum_columns=args[1], by=by)
        partials = client.gather(futures)
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
        fixed.append(_Partial(p.n, p.counts, p.sums, p.cats, back(p.bad), back(p.outside), back(p.problems)))
    # positions are now global: one block of all rows
    n = sum(p.n for p in fixed)
    merged = _Partial(
        n=n,
        counts=pd.concat([p.counts for p in fixed], ignore_index=True),
        sums=pd.concat([p.sums for p in fixed], ignore_index=True),
        cats=pd.concat([p.cats for p in fixed], ignore_index=True),
        bad=pd.concat([p.bad for p in fixed], ignore_index=True),
        outside=pd.concat([p.outside for p in fixed], ignore_index=True),
        problems=pd.concat([p.problems for p in fixed], ignore_index=True),
    )
    return [merged]


def _read_whole(src: ParquetSource) -> PointTable:
    """A Parquet source read in-process (the geopandas engine), within :data:`ingest.points.MAX_ROWS`."""
    import geopandas as gpd

    from ingest.points import MAX_ROWS

    if src.rows > MAX_ROWS:
        raise ImportFileError(f"{src.name} has {src.rows:,} rows; the in-process engine reads at most {MAX_ROWS:,}. "
                              "Use --engine dask.")
    frame = gpd.read_parquet(src.path) if src.coords.geometry else pd.read_parquet(src.path)
    return PointTable(frame.reset_index(drop=True), src.name, "parquet", src.coords, first_row=1)


def aggregate(
    points: PointTable | ParquetSource | str,
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
    points : PointTable, ParquetSource or path
        A table read by :func:`ingest.points.read_points`, a GeoParquet source from
        :func:`ingest.points.open_parquet` (read partitioned by the Dask engine), or a path (read in-process
        with the command line's limits).
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
        from ingest.points import MAX_FILE_BYTES

        points = read_points(points, max_bytes=MAX_FILE_BYTES)
    if isinstance(points, ParquetSource) and engine == "geopandas":
        points = _read_whole(points)
    columns = list(points.columns) if isinstance(points, ParquetSource) else list(points.frame.columns)
    _check_columns(columns, sum_columns, by, points.name)
    if units is None:
        units = units_for(level)
    else:
        units = units[["code", "geometry"]].sort_values("code", kind="stable").reset_index(drop=True)
    spec = points.coords
    first_row = points.first_row if isinstance(points, PointTable) else 1
    notes = list(spec.notes) + (list(points.notes) if isinstance(points, PointTable) else [])
    if engine == "geopandas":
        partials = [_partial(points.frame, units, spec, tuple(sum_columns), by)]
    else:
        partials, order = _run_dask(points, units, sum_columns, by, scheduler, workers, processes, partition_rows)
        if order is not None:
            partials = _unsort(partials, order)
    return _combine(partials, units, level, engine, spec, first_row, sum_columns, by, notes)



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
    if not 1900 <= int(year) <= 2100:
        raise ImportFileError(f"year {year} is not a plausible year; give the year the list describes.")
    frames = []
    for r in results:
        long = r.table.melt(id_vars="code", var_name="indicator", value_name="value")
        frames.append(long.assign(level=r.level, year=int(year)))
    out = pd.concat(frames, ignore_index=True)[["code", "level", "year", "indicator", "value"]]
    return out.astype({"code": str, "value": float})
