"""``python -m analysis indicators``: the indicator catalogue with its coverage (levels × years × regions)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from analysis.defaults import VALUE_LEVELS
from analysis.errors import DataError
from cli.data_option import add_data_option, store_from
from cli.vocab import constant

if TYPE_CHECKING:  # the libraries are imported by run(), so --help and argument errors answer at once
    import pandas as pd

    from analysis.store import Store

_FORMATS = ("table", "csv")


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``indicators`` sub-command."""
    p = sub.add_parser(
        "indicators",
        help="list the indicator catalogue with coverage",
        description="List every indicator id with its layer, unit, nature and coverage per level "
        "(years and number of regions), so gaps are visible.",
    )
    layers = constant("analysis.indicators", "LAYERS")
    p.add_argument("--layer", default=None, help=f"only this layer ({', '.join(layers)})")
    p.add_argument("--level", default=None, help=f"only this level ({', '.join(VALUE_LEVELS)})")
    p.add_argument("--format", default="table", help="table (default) or csv")
    add_data_option(p)
    return p


def _coverage_text(ind: str, per_level: dict[str, pd.DataFrame]) -> str:
    parts = []
    for level, avail in per_level.items():
        if ind in avail.index:
            r = avail.loc[ind]
            years = f"{r['first_year']}" if r["first_year"] == r["last_year"] else f"{r['first_year']}-{r['last_year']}"
            regions = f"{r['min_regions']}" if r["min_regions"] == r["max_regions"] else (
                f"{r['min_regions']}-{r['max_regions']}"
            )
            parts.append(f"{level} {years} ({r['n_years']} yrs, {regions} regions)")
    return "; ".join(parts)


def catalogue_table(store: Store, layer: str | None = None, level: str | None = None) -> pd.DataFrame:
    """The catalogue joined with a coverage summary per level (one text column per row)."""
    from analysis import indicators

    if layer is not None and layer not in indicators.LAYERS:
        raise DataError(f"unknown layer {layer!r}; valid layers: {', '.join(indicators.LAYERS)}")
    if level is not None and level not in indicators.VALUE_LEVELS:
        raise DataError(f"unknown level {level!r}; valid levels: {', '.join(indicators.VALUE_LEVELS)}")
    cat = store.catalogue
    levels = [level] if level else list(indicators.VALUE_LEVELS)
    per_level: dict[str, pd.DataFrame] = {}
    for lv in levels:
        cov = store.coverage(lv)
        if not cov.empty:  # no data at that level (e.g. emd before its figures exist)
            per_level[lv] = cov
    out = cat[["layer", "unit", "nature", "derived", "base_year", "source_type", "label_en"]].copy()
    out["coverage"] = [_coverage_text(i, per_level) for i in out.index]
    if layer is not None:
        out = out[out["layer"] == layer]
    if level is not None:
        out = out[out["coverage"] != ""]
    return out.sort_values(["layer", "derived"], kind="stable")


def run(args: argparse.Namespace) -> int:
    """Print the catalogue with coverage; return 0 (domain errors exit 2 through the CLI)."""
    if args.format not in _FORMATS:
        raise DataError(f"unknown format {args.format!r}; valid formats: {', '.join(_FORMATS)}")
    import pandas as pd

    table = catalogue_table(store_from(args), args.layer, args.level)
    if args.format == "csv":
        print(table.to_csv(), end="")
        return 0
    with pd.option_context("display.max_rows", None, "display.max_colwidth", 90, "display.width", 250):
        print(table.drop(columns=["label_en"]).to_string())
    print(f"\n{len(table)} indicators ({int(table['derived'].sum())} derived). "
          "Details: data/indicators/catalogue.csv, sources: data/indicators/sources.csv")
    return 0
