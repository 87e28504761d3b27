"""``python -m analysis summary``: mismatch metrics and spatial statistics of two indicators in one year.

Every number comes from :func:`analysis.compare.compare` (the same call as the app's tabs, the briefing and
the deck); with no ``--year``, the latest year in which both indicators cover every region.

Prints the Hoover and Theil/KL mismatch of x against y, the capital region's shares of both, the Theil
decomposition (capital vs non-capital, and the 5+2 economic regions), global Moran's I of x, y and log M,
bivariate Moran (both directions) and per-region LISA clusters; with ``--compare-to YEAR``, the change of the
Hoover index between the two years split into the parts due to x and to y (:func:`analysis.change.hoover_change`).
``--json`` prints one stable object whose keys are documented in ``docs/summary_json.md``.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from analysis.defaults import ALPHA, LEVELS
from analysis.errors import DataError
from cli.args import add_permutation_options, float_range, resolve_year, year_or_half
from cli.data_option import add_data_option, store_from
from lang import col, t
from lang.numbers import count, number

if TYPE_CHECKING:  # the libraries are imported by run(), so --help and argument errors answer at once
    from analysis.compare import Comparison
    from analysis.mismatch import ConcentrationResult
    from analysis.spatial import GlobalResult

SCHEMA = "ries-atlas/summary/1"


def _clean(v: Any) -> Any:
    """JSON-safe values (:func:`cli.jsonsafe.jsonable`)."""
    from cli.jsonsafe import jsonable

    return jsonable(v)


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``summary``."""
    p = sub.add_parser(
        "summary",
        help="mismatch metrics, capital-region shares, Moran's I and LISA of x vs y",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--level", default="sido", choices=LEVELS, help="boundary level (default sido)")
    p.add_argument("--year", type=year_or_half, default=None,
                   help="year, or 2024H2 for half-yearly survey figures (their H2 round is filed under the year; "
                        "default: the latest year in which both indicators cover every region)")
    p.add_argument("--compare-to", type=year_or_half, default=None, metavar="YEAR",
                   help="a second year comparable with --year: adds the change of the Hoover index between the two, "
                        "split into the parts due to x and to y (the 'change' object)")
    p.add_argument("--x", required=True, help="indicator id of x, e.g. rd_expenditure")
    p.add_argument("--y", required=True, help="indicator id of y, e.g. gva_manufacturing_nominal_b2020")
    add_permutation_options(p)
    p.add_argument("--alpha", type=float_range(0, 1, open_lo=True, open_hi=True), default=ALPHA,
                   help=f"significance level of LISA, between 0 and 1 (default {ALPHA})")
    p.add_argument("--fdr", action="store_true", help="use the false-discovery-rate cut-off for LISA")
    p.add_argument("--json", action="store_true", help="print the documented JSON object instead of text")
    add_data_option(p)
    return p


def _global_json(r: GlobalResult | None) -> dict[str, Any] | None:
    if r is None:
        return None
    keys = ("x", "y", "I", "EI", "EI_sim", "z_sim", "p_sim", "p_norm", "n")
    return {k: getattr(r, k) for k in keys}


def _conc_json(c: ConcentrationResult, econ: ConcentrationResult | None) -> dict[str, Any]:
    return {
        "gini": c.gini,
        "theil": c.theil,
        "capital_share": c.capital_share,
        "capital_decomposition": {
            "between": c.theil_between,
            "within": c.theil_within,
            "between_share": c.between_share,
            "between_p_sim": c.between_p_sim,
        },
        "econ_region_decomposition": None
        if econ is None
        else {
            "between": econ.theil_between,
            "within": econ.theil_within,
            "between_share": econ.between_share,
            "between_p_sim": econ.between_p_sim,
            "group_shares": econ.group_shares.to_dict(),
        },
    }


def summarise(c: Comparison) -> dict[str, Any]:
    """Every figure of a comparison as the plain dict of ``docs/summary_json.md`` (before JSON cleaning)."""
    from analysis.regions import capital_names, capital_sido_codes

    mm, bnd = c.mismatch, c.boundaries
    # each table read once as plain rows (a .loc per region and table was most of the command's time)
    shares = mm.shares[["x", "y", "share_x", "share_y", "ratio", "log_ratio"]].to_dict("index")
    names = bnd[["name_ko", "name_en"]].to_dict("index")
    capital = c.capital.to_dict()
    lisa_keys = ("cluster", "quadrant", "p_sim", "label_ko", "label_en")
    lisas = {key: None if res is None else res.table[list(lisa_keys)].to_dict("index") for key, res in c.lisa.items()}
    regions = []
    for code in c.weights.unique_ids.astype(str):
        name = names.get(code, {})
        entry = {
            "code": code,
            "name_ko": name.get("name_ko"),
            "name_en": name.get("name_en"),
            "capital_region": bool(capital[code]),
            **shares[code],
            "lisa": {key: None if rows is None else dict(rows[code]) for key, rows in lisas.items()},
        }
        regions.append(entry)
    report = c.weights_report
    sx, sy = c.capital_share_x, c.capital_share_y
    capital_ko, capital_en = capital_names()  # data/region_groups.csv, as the comparison read it
    return {
        "schema": SCHEMA,
        "level": c.level,
        "autonomous": c.autonomous,
        "year": c.year,
        "year_reason": c.year_reason,
        "comparable_years": list(c.comparable_years),
        "x": c.meta["x"],
        "y": c.meta["y"],
        "n": mm.n,
        "dropped": {"x": list(mm.dropped_x), "y": list(mm.dropped_y)},
        "left_out": [{"code": code, "reason": why} for code, why in c.dropped],
        "permutations": c.permutations,
        "seed": c.seed,
        "alpha": c.alpha,
        "fdr": bool(c.fdr),
        "warning": c.warning,
        "notes": list(c.notes),
        "mismatch": {"hoover": mm.hoover, "theil_kl": mm.theil_kl},
        "capital_region": {"share_x": sx, "share_y": sy, "ratio": sx / sy if sy > 0 else None,
                           "sido": list(capital_sido_codes()), "name_ko": capital_ko, "name_en": capital_en},
        "concentration": {k: _conc_json(c.concentration[k], c.econ_concentration[k]) for k in ("x", "y")},
        "weights": {
            "kind": "queen",
            "island_links": True,
            "n_components": report.n_components,
            "isolates": list(report.isolates),
            "mean_neighbors": report.mean_neighbors,
        },
        "moran": {k: _global_json(v) for k, v in c.moran.items()},
        "lisa_wording": dict(c.lisa_wording),
        "regions": regions,
    }


def _text(out: dict[str, Any]) -> str:
    """The summary for a person reading a terminal: numbers as the page and the briefing say them
    (:mod:`lang.numbers`), regions by the naming rule (:mod:`geo.names`), clusters in words; English."""
    from geo.names import place_name  # pandas: imported by the command, not by --help

    lang = "en"
    x, y = out["x"], out["y"]
    lines = [
        f"RIES Atlas summary — {out['level']} {out['year']} ({out['year_reason']}), n = {out['n']}",
        f"  x = {x['id']} ({x.get('label_en')}, {x.get('unit')})",
        f"  y = {y['id']} ({y.get('label_en')}, {y.get('unit')})",
    ]
    if out["dropped"]["x"] or out["dropped"]["y"]:
        lines.append(f"  dropped (missing in the other indicator): x {out['dropped']['x']}, y {out['dropped']['y']}")
    for item in out["left_out"]:
        lines.append(f"  left out: {place_name(item['code'], lang)} [{item['code']}] ({item['reason']})")
    if out["warning"]:
        lines.append(f"  warning: {out['warning']}")
    lines += [f"  note: {n}" for n in out["notes"]]
    mm, cap = out["mismatch"], out["capital_region"]
    rows = [(f"{t('hoover', lang)} (share of x to move)", number("index", mm["hoover"], lang)),
            (t("theil_kl", lang), number("index", mm["theil_kl"], lang)),
            ("Capital-region share of x / y", f"{number('share', cap['share_x'], lang)} / "
             f"{number('share', cap['share_y'], lang)}   (ratio {number('ratio', cap['ratio'], lang)}; capital region: "
             f"{cap['name_en']})")]
    lines += [
        "",
        "Mismatch",
        *(f"  {label:<42}{value}" for label, value in rows),
        "",
        "Concentration                 Gini    Theil   between(capital)  share   p_sim   between(5+2)",
    ]
    for key in ("x", "y"):
        c = out["concentration"][key]
        d = c["capital_decomposition"]
        e = c["econ_region_decomposition"]
        lines.append(
            f"  {key} {out[key]['id'][:24]:<24} {number('index', c['gini'], lang)}   "
            f"{number('index', c['theil'], lang)}   {number('index', d['between'], lang):>10}      "
            f"{number('share', d['between_share'], lang):>6}  {number('p', d['between_p_sim'], lang)}   "
            f"{number('index', e['between'], lang) if e else '—'}"
        )
    ch = out.get("change")
    if ch:
        rows = [("Hoover index", f"{number('index', ch['hoover_from'], lang)} → {number('index', ch['hoover_to'], lang)}"
                 f"   ({number('change', ch['hoover_change'], lang)})"),
                ("part due to x / due to y", f"{number('change', ch['x_part'], lang)} / "
                 f"{number('change', ch['y_part'], lang)}"),
                ("Capital-region share of x", f"{number('share', ch['capital_share_x_from'], lang)} → "
                 f"{number('share', ch['capital_share_x_to'], lang)}"),
                ("Capital-region share of y", f"{number('share', ch['capital_share_y_from'], lang)} → "
                 f"{number('share', ch['capital_share_y_to'], lang)}")]
        lines += ["", f"Change {ch['year_from']} → {ch['year_to']} (two-factor Shapley split, {ch['n']} regions)",
                  *(f"  {label:<42}{value}" for label, value in rows),
                  "  moved most (Δ share of x, of y, percentage points):"]
        lines += [f"    {m['code']:<8} {place_name(m['code'], lang)[:32]:<32} "
                  f"{number('points', m['delta_share_x'] * 100, lang):>8}  "
                  f"{number('points', m['delta_share_y'] * 100, lang):>8}" for m in ch["movers"]]
    lines += ["", f"Global Moran's I ({count(out['permutations'], lang)} permutations, seed {out['seed']})"]
    for key, g in out["moran"].items():
        if g is None:
            lines.append(f"  {key:<20} —")
            continue
        lines.append(f"  {key:<20} I = {number('index', g['I'], lang)}  z_sim = {number('z', g['z_sim'], lang)}  "
                     f"p_sim = {number('p', g['p_sim'], lang)}")
    lines += ["", f"LISA clusters (alpha {out['alpha']}{', FDR' if out['fdr'] else ''}): the significant regions"]
    for key in out["lisa_wording"]:
        groups: dict[str, list[str]] = {}
        for r in out["regions"]:
            res = r["lisa"].get(key)
            if res and res["cluster"] != "ns":
                groups.setdefault(res[col("label", lang)], []).append(place_name(r["code"], lang))
        text = "; ".join(f"{label}: {', '.join(names)}" for label, names in groups.items()) or "none"
        lines.append(f"  {key:<9} {text}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Compute the summary and print it (text, or JSON with ``--json``)."""
    from analysis.compare import compare

    if args.permutations < 1:
        raise DataError(f"--permutations must be ≥ 1 (got {args.permutations}); 999 is the usual choice.")
    store = store_from(args)
    c = compare(store, args.x, args.y, args.level, resolve_year(args.year, store, (args.x, args.y)),
                permutations=args.permutations,
                seed=args.seed, alpha=args.alpha, fdr=args.fdr)
    raw = summarise(c)
    if args.compare_to is not None:
        from analysis.change import hoover_change

        raw["change"] = hoover_change(store, args.x, args.y, args.level, c.year,
                                      resolve_year(args.compare_to, store, (args.x, args.y)),
                                      permutations=args.permutations, seed=args.seed, alpha=args.alpha,
                                      fdr=args.fdr, given=c).to_dict()
    out = _clean(raw)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(_text(out))
    return 0
