"""``python -m analysis trend``: the mismatch of x against y in every year both cover completely.

A trend is :func:`analysis.compare.compare` run for each year comparable with the anchor year (default the
latest): x and y complete (the store's completeness rule), the same units as in the anchor year, and no series
break of either between the year and the anchor; comparable years left out are listed with the reason. Every
number of a year equals what ``python -m analysis summary --year YEAR`` prints with the same ``--permutations``
and ``--seed``. ``--json`` prints one object (schema ``ries-atlas/trend/1``) whose ``years`` list holds, per
year: ``year, n, hoover, theil`` (summary's ``mismatch.theil_kl``), ``capital_share_x, capital_share_y``
(summary's ``capital_region.share_x/share_y``), ``moran_log_ratio`` (Moran's I of ln M, summary's
``moran.log_ratio.I``) and ``moran_log_ratio_p_sim``. ``incomplete`` lists the years in which x or y has data
that do not cover every region (a national comparison needs them all), each with why: the si-gun-gu real value
added (2020 base) covers 2019 and 2023 in some sido only (named), so its trend is national over 2020–2022.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from analysis.defaults import LEVELS
from analysis.errors import DataError
from analysis.ranges import YEAR
from cli.args import add_permutation_options, bounded
from cli.data_option import add_data_option, store_from
from lang.numbers import number

if TYPE_CHECKING:  # the libraries are imported by run(), so --help and argument errors answer at once
    from analysis.compare import Trend
    from analysis.store import Store

SCHEMA = "ries-atlas/trend/1"


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``trend``."""
    p = sub.add_parser(
        "trend",
        help="Hoover, Theil/KL, capital-region shares and Moran's I of ln M of x vs y in every comparable year",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--level", default="sido", choices=LEVELS,
                   help="boundary level (default sido)")
    p.add_argument("--x", required=True, help="indicator id of x, e.g. gva_prof_sci_tech_services_nominal_b2020")
    p.add_argument("--y", required=True, help="indicator id of y, e.g. gva_manufacturing_nominal_b2020")
    p.add_argument("--anchor", type=bounded(YEAR), default=None,
                   help="the year the others must be comparable with (default the latest comparable year)")
    add_permutation_options(p)
    p.add_argument("--json", action="store_true", help="print the JSON object instead of text")
    add_data_option(p)
    return p


def incomplete_years(t: Trend, store: Store) -> dict[int, str]:
    """Years in which x or y has data at the level that are not complete, with why (the sido in which they are)."""
    from analysis.unit_sets import unit_set, why_incomplete

    national = unit_set(t.level)
    out: dict[int, str] = {}
    for ind in (t.x, t.y):
        complete = set(store.complete_years(ind, t.level))
        for y in store.years(ind, t.level):
            if y not in complete and y not in out:
                out[y] = f"{ind}: {why_incomplete(store, ind, y, national)}"
    return out


def to_json(t: Trend, incomplete: dict[int, str] | None = None) -> dict[str, Any]:
    """The JSON object of a :class:`~analysis.compare.Trend`."""
    from cli.jsonsafe import jsonable

    incomplete = incomplete or {}
    first = t.comparisons[0]
    years = []
    for c in t.comparisons:
        m = c.moran["log_ratio"]
        years.append({"year": c.year, "n": c.n, "hoover": c.hoover, "theil": c.theil_kl,
                      "capital_share_x": c.capital_share_x, "capital_share_y": c.capital_share_y,
                      "moran_log_ratio": None if m is None else m.I,
                      "moran_log_ratio_p_sim": None if m is None else m.p_sim})
    return jsonable({
        "schema": SCHEMA,
        "level": t.level,
        "x": dict(first.meta["x"]),
        "y": dict(first.meta["y"]),
        "anchor": t.anchor,
        "permutations": first.permutations,
        "seed": first.seed,
        "left_out": [{"year": y, "reason": why} for y, why in sorted(t.left_out.items())],
        "incomplete": [{"year": y, "reason": why} for y, why in sorted(incomplete.items())],
        "years": years,
    })


def _text(out: dict[str, Any]) -> str:
    lines = [f"RIES Atlas trend — {out['x']['id']} vs {out['y']['id']} at {out['level']}",
             f"  {'year':>4}  {'n':>4}  {'Hoover':>7}  {'Theil/KL':>8}  {'cap. X':>7}  {'cap. Y':>7}  "
             f"{'I(ln M)':>8}  p_sim"]
    for r in out["years"]:  # numbers as the Mismatch tab and the briefing say them (lang.numbers)
        lines.append(f"  {r['year']:>4}  {r['n']:>4}  {number('index', r['hoover']):>7}  "
                     f"{number('index', r['theil']):>8}  {number('share', r['capital_share_x']):>7}  "
                     f"{number('share', r['capital_share_y']):>7}  {number('index', r['moran_log_ratio']):>8}  "
                     f"{number('p', r['moran_log_ratio_p_sim'])}")
    if out["left_out"]:
        lines.append("  left out: " + "; ".join(f"{e['year']} ({e['reason']})" for e in out["left_out"]))
    within = [e for e in out["incomplete"] if "within" in e["reason"]]
    if within:
        lines.append("  not national: " + "; ".join(f"{e['year']} ({e['reason']})" for e in within))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Compute the trend and print it (text, or JSON with ``--json``)."""
    from analysis.compare import trend

    if args.permutations < 1:
        raise DataError(f"--permutations must be ≥ 1 (got {args.permutations}); 999 is the usual choice.")
    store = store_from(args)
    t = trend(store, args.x, args.y, args.level, args.anchor, permutations=args.permutations, seed=args.seed)
    out = to_json(t, incomplete_years(t, store))
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(_text(out))
    return 0
