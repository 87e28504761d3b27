"""``python -m analysis aggregate FILE``: count and sum a point file's rows per region, in-process or on Dask."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.defaults import LEVELS
from analysis.errors import AtlasError, DataError
from analysis.ranges import WORKERS
from cli.args import bounded
from cli.paths import input_path, output_file
from cli.vocab import constant, read

if TYPE_CHECKING:  # the libraries are imported by run(), so --help and argument errors answer at once
    from analysis.aggregate import AggregateResult


def _source(text: str) -> Path:
    return input_path(text, folder_ok=True)


def _scheduler(text: str) -> str:
    from analysis import aggregate as ag

    try:
        return ag.check_scheduler(text)
    except AtlasError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _crs(text: str) -> int | str:
    from ingest import points

    try:
        return points.check_crs(text)
    except AtlasError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``aggregate`` sub-command."""
    scheduler_env, engines = read("analysis.aggregate", "SCHEDULER_ENV", "ENGINES")
    p = sub.add_parser(
        "aggregate",
        help="count/sum the points of a file (factories, institutes) per sido, sigungu or emd",
        description="Assign every point of a CSV/XLSX/GeoJSON/GeoParquet file to a unit of the level (a point on a "
        "shared boundary goes to the lowest code) and write one row per unit: code, count, sums, counts per "
        "category. Points outside every unit and rows with bad coordinates are counted and listed. The dask "
        f"engine runs on a local cluster, or on an existing one given by --scheduler or ${scheduler_env}; a "
        "GeoParquet folder is then read by the workers, partition by partition.",
    )
    p.add_argument("file", type=_source,
                   help="CSV, XLSX, GeoJSON or GeoParquet file (or a folder of GeoParquet files)")
    p.add_argument("--level", required=True, choices=LEVELS)
    p.add_argument("--sum", dest="sums", action="append", default=[], metavar="COL",
                   help="numeric column to sum per unit (repeatable)")
    p.add_argument("--by", default=None, metavar="COL", help="category column: one count column per value")
    p.add_argument("--engine", default="geopandas", choices=list(engines))
    p.add_argument("--scheduler", default=None, metavar="ADDR", type=_scheduler,
                   help=f"address of a running Dask scheduler (tcp://host:8786); default ${scheduler_env}, "
                   "else a local cluster")
    p.add_argument("--workers", type=bounded(WORKERS), default=WORKERS.default,
                   help=f"workers of the local cluster, {WORKERS.lo} to {WORKERS.hi} (default {WORKERS.default})")
    p.add_argument("--processes", action="store_true",
                   help="local cluster of worker processes instead of threads (threads measured faster)")
    p.add_argument("--x", default=None, metavar="COL", help="longitude / easting column (default: detect)")
    p.add_argument("--y", default=None, metavar="COL", help="latitude / northing column (default: detect)")
    p.add_argument("--crs", default=None, metavar="EPSG", type=_crs,
                   help="coordinate system, e.g. 4326, 5179, 5186 (default: detect from the values)")
    p.add_argument("--swap", choices=["auto", "yes", "no"], default="auto",
                   help="exchange the x and y columns (default: when the values fit Korea only that way)")
    p.add_argument("--encoding", default=None, choices=constant("ingest.grid", "ENCODINGS"), help="CSV encoding (default: detect)")
    p.add_argument("--out", required=True, metavar="OUT.csv", type=output_file, help="CSV to write (code, count, sums...)")
    p.add_argument("--report", default=None, metavar="REPORT.csv", type=output_file,
                   help="also write every unassigned row (bad coordinates, outside every unit, bad values)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    return p


def run(args: argparse.Namespace) -> int:
    """Aggregate and write the table; print the counts of outside and bad rows."""
    from analysis import aggregate as ag
    from ingest import points

    swap = {"auto": None, "yes": True, "no": False}[args.swap]
    path = Path(args.file)
    _check_outputs(path, args.out, args.report)
    if args.engine == "dask" and (args.scheduler or os.environ.get(ag.SCHEDULER_ENV)):
        ag.connectable(args.scheduler)  # a wrong address fails now, before the file is read
    is_parquet = path.is_dir() or path.suffix.lower() in (".parquet", ".geoparquet", ".pq")
    if is_parquet:
        src = points.open_parquet(path, x=args.x, y=args.y, crs=args.crs, swap=swap)
    else:
        src = points.read_points(path, x=args.x, y=args.y, crs=args.crs, swap=swap, encoding=args.encoding,
                                 columns=[*args.sums, *([args.by] if args.by else [])],
                                 max_bytes=points.MAX_FILE_BYTES, max_rows=points.MAX_ROWS,
                                 max_parsed=points.MAX_PARSED_BYTES)
    res = ag.aggregate(src, args.level, sum_columns=args.sums, by=args.by, engine=args.engine,
                       scheduler=args.scheduler, workers=args.workers, processes=args.processes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    res.table.to_csv(args.out, index=False)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        _report_frame(res).to_csv(args.report, index=False)
    s = res.summary()
    if args.json:
        print(json.dumps({**s, "notes": list(res.notes), "out": args.out}, ensure_ascii=False, indent=1))
        return 0
    for note in res.notes:
        print(f"note: {note}")
    print(f"{src.name}: {s['rows']:,} rows → {s['assigned']:,} points in {s['units_with_points']:,} of {s['units']:,} "
          f"{args.level} units ({args.engine} engine); wrote {args.out}")
    print(f"outside every unit (at sea, abroad): {s['outside']:,}")
    reasons = ", ".join(f"{k} {v:,}" for k, v in s["bad_by_reason"].items())
    print(f"bad coordinates: {s['bad']:,}" + (f" ({reasons})" if reasons else ""))
    if s["value_problems"]:
        print(f"cells left out of sums (empty or not a number): {s['value_problems']:,}")
    for title, df in (("bad coordinates", res.bad), ("outside every unit", res.outside),
                      ("left out of sums", res.value_problems)):
        if len(df):
            print(f"\n{title} (first {min(len(df), 10)} of {len(df):,}"
                  + ("; all in --report" if args.report else "; --report FILE lists all") + "):")
            print(df.head(10).to_string(index=False))
    sys.stdout.flush()
    return 0


def _check_outputs(source: Path, out: Path, report: Path | None) -> None:
    """Refuse an output that would overwrite the input, or the table and the report in one file."""
    def same(a: Path, b: Path) -> bool:
        return a.exists() and b.exists() and a.samefile(b) or a.absolute() == b.absolute()

    for flag, target in (("--out", out), ("--report", report)):
        if target is not None and (same(target, source) or source.is_dir() and source.absolute() in
                                   target.absolute().parents):
            raise DataError(f"{flag} {target} would overwrite the input {source}; write the result elsewhere")
    if report is not None and same(out, report):
        raise DataError(f"--out and --report name the same file ({out}); give two files")


def _cell(v: object) -> object:
    """A text cell from the user's file, made inert for spreadsheets (``=…``, ``+…``, ``@…`` start formulas)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(v)
        except ValueError:
            return "'" + v
    return v


def _report_frame(res: AggregateResult):
    """Every unassigned row; cells copied from the file are neutralised against formula injection."""
    import pandas as pd

    parts = [
        res.bad.assign(problem="bad coordinates")[["row", "problem", "reason", "x", "y"]]
        .rename(columns={"x": "input_x", "y": "input_y"}),
        res.outside.assign(problem="outside every unit")[["row", "problem", "hint", "lon", "lat"]]
        .rename(columns={"hint": "reason"}),
        res.value_problems.assign(problem="left out of sum")[["row", "problem", "reason", "column", "input"]],
    ]
    out = pd.concat(parts, ignore_index=True).sort_values(["row", "problem"], kind="stable")
    for col in ("input_x", "input_y", "input", "column"):
        out[col] = out[col].map(_cell)
    return out
