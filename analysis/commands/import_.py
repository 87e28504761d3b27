"""``python -m analysis import FILE``: read a user's CSV/XLSX table and print the match report."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from analysis import importer
from analysis.cells import safe_frame
from analysis.errors import ImportFileError


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``import`` sub-command."""
    p = sub.add_parser(
        "import",
        help="read a CSV/XLSX table (e.g. a KOSIS export) and print how its regions match",
        description="Read a CSV or XLSX table the way the app's upload page does and print the match report "
        "(matched, former names/codes, ambiguous, unmatched with suggestions, merged/split regions, duplicates, "
        "total rows and their sum checks). Nothing is stored.",
    )
    p.add_argument("file", help="CSV or XLSX file")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--encoding", default=None, help=f"CSV encoding ({', '.join(importer.ENCODINGS)}); default: detect")
    p.add_argument("--level", default=None, help="sido, sigungu or emd; default: infer")
    p.add_argument("--sheet", default=None, help="XLSX sheet; default: first non-metadata sheet")
    p.add_argument("--year", type=int, default=None, help="year of a table without year columns")
    p.add_argument("--allow-negative", action="store_true", help="accept negative numbers")
    p.add_argument("--csv", default=None, metavar="OUT", help="also write the tidy long values to OUT (CSV)")
    return p


def _section(title: str, df: pd.DataFrame) -> None:
    if df.empty:
        return
    print(f"\n{title} ({len(df)}):")
    with pd.option_context("display.max_rows", 200, "display.max_columns", None, "display.width", 200,
                           "display.max_colwidth", 80):
        print(df.to_string(index=False))


def run(args: argparse.Namespace) -> int:
    """Import the file and print the report; return 0 (file problems exit 2 through the CLI)."""
    path = Path(args.file)
    if not path.is_file():
        raise ImportFileError(f"{args.file}: file not found. Give the path of a CSV or XLSX file.")
    if path.stat().st_size > importer.MAX_BYTES:
        raise ImportFileError(f"{path.name} is larger than the {importer.MAX_BYTES // 1024 // 1024} MB limit.")
    res = importer.import_file(path.read_bytes(), path.name, encoding=args.encoding, level=args.level,
                               sheet=args.sheet, year=args.year, allow_negative=args.allow_negative)
    if args.csv:
        safe_frame(res.values).to_csv(args.csv, index=False)
    if args.json:
        print(json.dumps(res.to_dict(), ensure_ascii=False, indent=1, default=str))
        return 0
    d = res.to_dict()
    print(f"{path.name}: {d['kind']} {d['encoding'] or d['sheet'] or ''}, {d['layout']} layout, level {d['level']}, "
          f"region column {res.report.column!r}")
    print(f"indicators: {', '.join(f'{i} [{u}]' if u else i for i, u in res.units.items())}; "
          f"years {d['years'][0]}-{d['years'][-1]}; {d['values']} values")
    print("regions: " + ", ".join(f"{k} {v}" for k, v in d["report"]["summary"].items()))
    for note in d["notes"]:
        print(f"note: {note}")
    rep = res.report
    _section("former names or codes", rep.matched.loc[rep.matched["status"] == "former", ["row", "input", "code", "name_ko"]])
    _section("ambiguous (not imported)", rep.ambiguous)
    _section("unmatched (not imported)", rep.unmatched[["row", "input", "suggestions"]])
    _section("merged or split since (not imported)", rep.changed[["row", "input", "status", "candidates"]])
    _section("duplicates (kept once)", rep.duplicates)
    _section("total rows (dropped, checked)", rep.aggregates)
    _section("sum checks", res.checks)
    if len(res.missing):
        print("\nmissing cells: " + ", ".join(f"{r} ×{n}" for r, n in d["missing"].items()))
    if len(res.preliminary):
        print(f"preliminary (p) figures: {len(res.preliminary)} (marker stripped)")
    return 0
