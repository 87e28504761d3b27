"""``python -m analysis map``: a static map of one indicator (PNG, SVG or PDF) with legend and source line.

The classes and colours are those of the app's Map tab for the same settings (scheme, k, mode, pooled).
With ``--pooled`` the class bounds are computed once over every year of the indicator's view (the Map tab's
"same classes for all years"), so maps and tables of different years share one legend: the CSV's
``class_range`` column has the same bounds whatever ``--year``.
"""

from __future__ import annotations

import argparse

from analysis.defaults import STUDY_LEVELS
from analysis.errors import DataError
from analysis.ranges import CLASSES, YEAR
from cli.args import bounded, int_range
from cli.data_option import add_data_option, store_from
from cli.paths import output_file, write_bytes
from cli.vocab import constant, read

_TABLES = {".csv", ".xlsx"}


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``map``."""
    max_dpi, min_png_dpi = read("report.static_map", "MAX_DPI", "MIN_PNG_DPI")
    p = sub.add_parser("map", help="static map of one indicator (PNG/SVG/PDF), or its table (CSV/XLSX)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--level", default="sido", choices=STUDY_LEVELS, help="boundary level (default sido)")
    p.add_argument("--indicator", required=True, help="indicator id, e.g. gva_manufacturing_nominal_b2020")
    p.add_argument("--year", type=bounded(YEAR), required=True, help="year")
    p.add_argument("--mode", default="raw", choices=list(constant("analysis.views", "MODES")), help="value, share of national or per capita")
    p.add_argument("--scheme", default="quantiles", choices=[*constant("geo.classify", "SCHEMES"), "suggest"],
                   help="classification (default quantiles); 'suggest': Fisher-Jenks when a few regions dominate "
                        "(top value >= 5x the median, as the deck's maps), else quantiles")
    p.add_argument("--k", type=bounded(CLASSES), default=CLASSES.default,
                   help=f"number of classes, {CLASSES.lo} to {CLASSES.hi} (default {CLASSES.default})")
    p.add_argument("--bins", default="", help="upper bounds for --scheme user_defined, comma-separated")
    p.add_argument("--pooled", action="store_true",
                   help="class bounds computed once over all years of the view (the same legend for every year)")
    p.add_argument("--lang", default="ko", choices=("ko", "en"), help="language of the texts (default ko)")
    p.add_argument("--dpi", type=int_range(1, max_dpi, "larger images take gigabytes of memory"),
                   default=min_png_dpi,
                   help=f"resolution (default {min_png_dpi} = 1920×1080 px; 200 = 2560×1440 px; at most {max_dpi})")
    p.add_argument("--out", required=True, type=output_file,
                   help="output file: .png, .svg, .pdf (map) or .csv, .xlsx (the table behind the map)")
    add_data_option(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Draw the map (or export its table) and write it to ``--out``."""
    from analysis.regions import sigungu_view
    from geo.boundaries import load_boundaries
    from geo.classify import ClassificationError, classify, parse_bins, suggest_scheme
    from report.exports import csv_bytes, figure_bytes, indicator_map_figure, map_table, xlsx_bytes
    from report.fonts import KoreanFontError
    from report.static_map import FORMATS, StaticMapError

    suffix = args.out.suffix.lower()
    fmt = suffix.lstrip(".")
    if fmt not in FORMATS and suffix not in _TABLES:
        raise DataError(f"--out {args.out}: unknown file type; use one of "
                        f"{sorted([f'.{f}' for f in FORMATS] + list(_TABLES))}")
    store = store_from(args)
    view = store.view(args.indicator, args.level, args.year, args.mode)
    try:
        bins = parse_bins(args.bins) if args.bins else None
    except ClassificationError as exc:
        raise DataError(f"--bins: {exc}") from None
    try:
        gdf = load_boundaries(args.level, autonomous=args.level == "sigungu" and sigungu_view(view.values.index))
        sido = gdf if args.level == "sido" else load_boundaries("sido")
        pool = store.panel(args.indicator, args.level, args.mode) if args.pooled else None
        scheme = args.scheme
        if scheme == "suggest":  # the one rule of the deck and the Map tab's hint
            scheme = suggest_scheme(pool.stack() if pool is not None else view.values)
        classes = classify(view.values.reindex(gdf.index), scheme, args.k, bins=bins, pooled_with=pool)
        if suffix == ".csv":
            data = csv_bytes(map_table(view, classes, gdf, args.lang))
        elif suffix == ".xlsx":
            data = xlsx_bytes({f"{args.level}_{args.year}": map_table(view, classes, gdf, args.lang)},
                              about={"indicator": args.indicator, "year": str(args.year), "mode": args.mode,
                                     "classes": f"{scheme}, k={classes.k}" + (", pooled over all years"
                                                                                     if args.pooled else "")})
        else:
            fig = indicator_map_figure(view, classes, gdf, sido=sido, lang=args.lang, store=store)
            data = figure_bytes(fig, fmt, dpi=args.dpi)
    except (ClassificationError, KoreanFontError, StaticMapError) as exc:
        raise DataError(str(exc)) from None
    write_bytes(args.out, data)
    return 0
