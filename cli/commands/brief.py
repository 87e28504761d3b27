"""``python -m analysis brief``: a one-page briefing PDF (map of the mismatch, headline numbers, caption), or a PPTX deck.

The headline numbers (capital-region shares of x and y, Hoover index and its change, Moran's I of log M) come
from :func:`analysis.compare.compare`, the call behind ``python -m analysis summary``, with the same defaults;
with no ``--year``, the latest year in which both indicators cover every region.
"""

from __future__ import annotations

import argparse
from datetime import date

from analysis.defaults import STUDY_LEVELS
from analysis.errors import DataError
from analysis.ranges import YEAR
from cli.args import add_permutation_options, bounded
from cli.data_option import add_data_option, store_from
from cli.paths import output_file, write_bytes

_WRITERS = {".pdf": ("report.briefing", "briefing_pdf"), ".png": ("report.briefing", "briefing_png"),
            ".pptx": ("report.deck", "deck_pptx")}
"""File type → (module, function) writing it (imported by run(), so --help and argument errors answer at once)."""


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``brief``."""
    p = sub.add_parser("brief", help="one-page briefing PDF of x vs y (map, headline numbers, caption)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--level", default="sido", choices=STUDY_LEVELS, help="boundary level (default sido)")
    p.add_argument("--year", type=bounded(YEAR), default=None,
                   help="year (default: the latest year in which both indicators cover every region)")
    p.add_argument("--x", required=True, help="indicator id of x, e.g. rd_expenditure_from_share")
    p.add_argument("--y", required=True, help="indicator id of y, e.g. gva_manufacturing_nominal_b2020")
    p.add_argument("--out", required=True, type=output_file, help="output file: .pdf, .pptx (title slide with the numbers, one slide a map) or .png (a preview)")
    p.add_argument("--lang", default="ko", choices=("ko", "en"), help="language of the page (default ko)")
    p.add_argument("--date", default=None, help="date printed on the page, YYYY-MM-DD (default today)")
    add_permutation_options(p)
    add_data_option(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Compute the briefing and write it to ``--out``."""
    import importlib

    where = _WRITERS.get(args.out.suffix.lower())
    if where is None:
        raise DataError(f"--out {args.out}: unknown file type; use one of {sorted(_WRITERS)}")
    try:
        on = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise DataError(f"--date {args.date!r} is not a date; write it as YYYY-MM-DD") from None
    from report.briefing import briefing
    from report.fonts import KoreanFontError
    from report.static_map import StaticMapError

    writer = getattr(importlib.import_module(where[0]), where[1])
    try:
        b = briefing(store_from(args), args.x, args.y, args.level, args.year, permutations=args.permutations,
                     seed=args.seed)
        data = writer(b, args.lang, on)
    except (KoreanFontError, StaticMapError) as exc:
        raise DataError(str(exc)) from None
    write_bytes(args.out, data)
    return 0
