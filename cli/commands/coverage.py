"""``python -m analysis coverage``: a coverage matrix (indicator × year → number of regions), from the indicator
store (``--data FILE`` adds a file's indicators).

Where a shown indicator's year is not a calendar year (catalogue ``reference_period``: the H2 round of a
half-yearly survey, the mean of 12 published months, a fourth-quarter stock), a last column ``period`` says so.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from analysis.defaults import VALUE_LEVELS
from analysis.errors import DataError
from analysis.ranges import YEAR
from cli.data_option import add_data_option, store_from
from cli.vocab import constant

if TYPE_CHECKING:  # the libraries are imported by run(), so --help and argument errors answer at once
    import pandas as pd

    from analysis.store import Store

_FORMATS = ("table", "csv")


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``coverage`` sub-command."""
    p = sub.add_parser(
        "coverage",
        help="print a coverage matrix (indicator × year, number of regions)",
        description="Number of regions with a value for each indicator and year at one level; '.' marks "
        "a year without data, so gaps are visible.",
    )
    layers = constant("analysis.indicators", "LAYERS")
    p.add_argument("--level", default="sido", help=f"level ({', '.join(VALUE_LEVELS)}); default sido")
    p.add_argument("--layer", default=None, help=f"only this layer ({', '.join(layers)})")
    p.add_argument("--indicator", action="append", default=None, help="only this indicator id (repeatable)")
    p.add_argument("--from-year", type=str, default=None, help="first year to show")
    p.add_argument("--format", default="table", help="table (default) or csv")
    add_data_option(p)
    return p


def coverage_matrix(
    store: Store,
    level: str = "sido",
    layer: str | None = None,
    ids: list[str] | None = None,
    from_year: int | None = None,
) -> pd.DataFrame:
    """The coverage matrix with the requested filters (rows: indicators; columns: years)."""
    from analysis import indicators

    if layer is not None and layer not in indicators.LAYERS:
        raise DataError(f"unknown layer {layer!r}; valid layers: {', '.join(indicators.LAYERS)}")
    if level not in indicators.VALUE_LEVELS:
        raise DataError(f"unknown level {level!r}; valid levels: {', '.join(indicators.VALUE_LEVELS)}")
    cov = store.counts(level, ids)
    if layer is not None:
        cov = cov[store.catalogue.loc[cov.index, "layer"].eq(layer).to_numpy()]
        if cov.empty:
            raise DataError(f"no {layer!r} indicators at level {level!r}")
    if from_year is not None:
        cov = cov.loc[:, cov.columns >= from_year]
    return cov


def periods(store: Store, ids: list[str]) -> pd.Series:
    """Short reference period of each id (``H2``, ``mean of 12 months``, ``Q4``; ``""`` for a calendar year)."""
    import pandas as pd

    short = {"H2": "H2 (Oct)", "annual_mean": "mean of 12 months", "Q4": "Q4"}
    return pd.Series([short.get(store.reference_period(i), "") for i in ids], index=ids, name="period")


def run(args: argparse.Namespace) -> int:
    """Print the coverage matrix; return 0 (domain errors exit 2 through the CLI)."""
    if args.format not in _FORMATS:
        raise DataError(f"unknown format {args.format!r}; valid formats: {', '.join(_FORMATS)}")
    from_year = None
    if args.from_year is not None:
        if not (args.from_year.isascii() and args.from_year.isdigit() and len(args.from_year) <= 4):
            raise DataError(f"--from-year must be a year like 2010, not {args.from_year!r}")
        from_year = YEAR.check(int(args.from_year), "--from-year")
    import pandas as pd

    store = store_from(args)
    cov = coverage_matrix(store, args.level, args.layer, args.indicator, from_year)
    per = periods(store, list(cov.index))
    if args.format == "csv":
        print((cov.assign(reference_period=per) if per.str.len().any() else cov).to_csv(), end="")
        return 0
    shown = cov.astype(str).where(cov > 0, ".")
    shown.columns = [f"{c % 100:02d}" for c in cov.columns]  # two-digit years keep the matrix narrow
    if per.str.len().any():
        shown["period"] = per
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 400):
        print(f"Regions with a value at level {args.level!r} (columns: years {cov.columns.min()}-"
              f"{cov.columns.max()}, '.' = none)")
        print(shown.to_string())
    return 0
