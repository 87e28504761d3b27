"""``python -m analysis import FILE``: read a user's CSV/XLSX table and print the match report."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import ImportFileError
from analysis.ranges import YEAR
from cli.args import bounded
from cli.paths import output_file
from cli.vocab import constant

if TYPE_CHECKING:  # the libraries are imported by run(), so --help and argument errors answer at once
    import pandas as pd


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
    p.add_argument("--encoding", default=None, help=f"CSV encoding ({', '.join(constant('ingest.grid', 'ENCODINGS'))}); default: detect")
    p.add_argument("--level", default=None, help="sido, sigungu or emd; default: infer")
    p.add_argument("--sheet", default=None, help="XLSX sheet; default: first non-metadata sheet")
    p.add_argument("--year", type=bounded(YEAR), default=None, help="year of a table without year columns")
    p.add_argument("--allow-negative", action="store_true", help="accept negative numbers")
    p.add_argument("--csv", default=None, metavar="OUT", type=output_file, help="also write the tidy long values to OUT (CSV)")
    return p


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: object) -> str:
    """Text from a user's file made safe for a terminal: control characters (ANSI escape sequences, C1 codes,
    carriage returns, bidi overrides) are shown as ``\\xNN`` instead of acting on the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", str(text))


def _print(text: object = "") -> None:
    print(terminal_safe(text))


def _section(title: str, df: pd.DataFrame) -> None:
    import pandas as pd

    if df.empty:
        return
    _print(f"\n{title} ({len(df)}):")
    shown = df.copy()
    for c in shown.columns:
        if shown[c].dtype == object or pd.api.types.is_string_dtype(shown[c].dtype):
            shown[c] = shown[c].map(lambda v: terminal_safe(v) if isinstance(v, str) else v)
    with pd.option_context("display.max_rows", 200, "display.max_columns", None, "display.width", 200,
                           "display.max_colwidth", 80):
        for line in shown.to_string(index=False).split("\n"):
            _print(line)


def run(args: argparse.Namespace) -> int:
    """Import the file and print the report; return 0 (file problems exit 2 through the CLI)."""
    from analysis.cells import safe_frame
    from ingest import importer

    path = Path(args.file)
    if not path.is_file():
        raise ImportFileError(f"{args.file}: file not found. Give the path of a CSV or XLSX file.")
    try:
        if path.stat().st_size > importer.MAX_BYTES:
            raise ImportFileError(f"{path.name} is larger than the {importer.MAX_BYTES // 1024 // 1024} MB limit.")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{args.file}: cannot be read ({exc.strerror or type(exc).__name__}).") from None
    res = importer.import_file(data, path.name, encoding=args.encoding, level=args.level,
                               sheet=args.sheet, year=args.year, allow_negative=args.allow_negative)
    if args.csv:
        try:
            args.csv.parent.mkdir(parents=True, exist_ok=True)
            safe_frame(res.values).to_csv(args.csv, index=False)
        except OSError as exc:
            raise ImportFileError(f"--csv {args.csv}: cannot be written ({exc.strerror or type(exc).__name__}).") \
                from None
    if args.json:  # JSON escapes C0 controls itself; C1 controls (\x9b = CSI) are escaped here
        text = json.dumps(res.to_dict(), ensure_ascii=False, indent=1, default=str)
        print(re.sub(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
                     lambda m: f"\\u{ord(m.group()):04x}", text))
        return 0
    d = res.to_dict()
    _print(f"{path.name}: {d['kind']} {d['encoding'] or d['sheet'] or ''}, {d['layout']} layout, level {d['level']}, "
          f"region column {res.report.column!r}")
    _print(f"indicators: {', '.join(f'{i} [{u}]' if u else i for i, u in res.units.items())}; "
          f"years {d['years'][0]}-{d['years'][-1]}; {d['values']} values")
    _print("regions: " + ", ".join(f"{k} {v}" for k, v in d["report"]["summary"].items()))
    for note in d["notes"]:
        _print(f"note: {note}")
    rep = res.report
    _section("former names or codes", rep.matched.loc[rep.matched["status"] == "former", ["row", "input", "code", "name_ko"]])
    _section("ambiguous (not imported)", rep.ambiguous)
    _section("unmatched (not imported)", rep.unmatched[["row", "input", "suggestions"]])
    _section("merged or split since (not imported)", rep.changed[["row", "input", "status", "candidates"]])
    _section("duplicates (kept once)", rep.duplicates)
    _section("total rows (dropped, checked)", rep.aggregates)
    _section("sum checks", res.checks)
    if len(res.missing):
        _print("\nmissing cells: " + ", ".join(f"{r} ×{n}" for r, n in d["missing"].items()))
    if len(res.preliminary):
        _print(f"preliminary (p) figures: {len(res.preliminary)} (marker stripped)")
    return 0
