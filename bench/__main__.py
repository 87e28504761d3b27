"""Run every ``bench/bench_*.py`` module (or the named ones) and write ``bench/results.md``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import traceback
from pathlib import Path

from bench.harness import Report

HERE = Path(__file__).parent


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks named on the command line (default: all) and write the results table."""
    from analysis.caches import configure_numba

    configure_numba()  # as every entry point: numba's compiled kernels in a writable cache directory
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("only", nargs="*", help="module names without the bench_ prefix (default: all)")
    parser.add_argument("--out", default=str(HERE / "results.md"),
                        help="Markdown file to write; with named groups the file's other rows and notes are kept")
    args = parser.parse_args(argv)
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if args.only:
        names = [n for n in names if n.removeprefix("bench_") in args.only]
    report = Report()
    failed = []
    for name in names:
        report.group = name.removeprefix("bench_")
        print(f"== {report.group}", flush=True)
        try:
            importlib.import_module(f"bench.{name}").run(report)
        except Exception:  # a broken benchmark is reported, the others still run
            traceback.print_exc()
            failed.append(name)
    out = Path(args.out)
    groups = [n.removeprefix("bench_") for n in names]
    if args.only and out.exists():  # a subset replaces its own rows, never the whole curated table
        done = [g for g in groups if f"bench_{g}" not in failed]  # a failed group keeps its earlier rows
        report.rows = [r for r in report.rows if r.group in done]
        text = report.merged_into(out.read_text(encoding="utf-8"), done)
    else:
        text = report.markdown()
    out.write_text(text, encoding="utf-8")
    print(f"\nwrote {args.out}")
    if failed:
        print("FAILED: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
