"""``python -m analysis summary``: mismatch metrics and spatial statistics of two indicators in one year.

Prints the Hoover and Theil/KL mismatch of x against y, the capital region's shares of both, the Theil
decomposition (capital vs non-capital, and the 5+2 economic regions), global Moran's I of x, y and log M,
bivariate Moran (both directions) and per-region LISA clusters. ``--json`` prints one stable object whose keys
are documented in ``docs/summary_json.md``.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import AggregationError, DataError
from analysis.mismatch import ConcentrationResult, MismatchResult, capital_partition, concentration, mismatch
from analysis.spatial import (
    GlobalResult,
    LocalResult,
    bivariate_local_moran,
    bivariate_moran,
    local_moran,
    moran,
    small_n_warning,
    weights_for_regions,
    weights_report,
)
from cli.args import SEED_MAX, float_range, int_range

SCHEMA = "ries-atlas/summary/1"
MAX_PERMUTATIONS = 99_999
"""Most permutations accepted (the app offers up to 9,999)."""
LEVELS = ("sido", "sigungu", "emd")

#: (layer of x, layer of y) → wording scheme of the bivariate LISA x vs lag y.
_BV_WORDING: dict[tuple[str, str], str] = {("rnd", "production"): "rnd_production"}


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``summary``."""
    p = sub.add_parser(
        "summary",
        help="mismatch metrics, capital-region shares, Moran's I and LISA of x vs y",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--level", default="sido", choices=LEVELS, help="boundary level (default sido)")
    p.add_argument("--year", type=int, required=True, help="year both indicators have")
    p.add_argument("--x", required=True, help="indicator id of x, e.g. rd_expenditure")
    p.add_argument("--y", required=True, help="indicator id of y, e.g. gva_manufacturing_nominal_b2020")
    p.add_argument("--permutations", type=int_range(1, MAX_PERMUTATIONS, "bounds the work"),
                   default=999, help=f"random permutations (default 999, at most {MAX_PERMUTATIONS})")
    p.add_argument("--seed", type=int_range(0, SEED_MAX), default=12345,
                   help=f"random seed, 0 to {SEED_MAX} (default 12345)")
    p.add_argument("--alpha", type=float_range(0, 1, open_lo=True, open_hi=True), default=0.05,
                   help="significance level of LISA, between 0 and 1 (default 0.05)")
    p.add_argument("--fdr", action="store_true", help="use the false-discovery-rate cut-off for LISA")
    p.add_argument("--json", action="store_true", help="print the documented JSON object instead of text")
    return p


@dataclass(frozen=True)
class _Inputs:
    x: pd.Series
    y: pd.Series
    meta: dict[str, dict[str, Any]]
    boundaries: pd.DataFrame  # the GeoDataFrame of the level (attributes used: names, capital, sido)
    groups: pd.DataFrame | None  # indicators.region_groups() indexed by sido_code (econ_region column)
    autonomous: bool


def _catalogue_meta(catalogue: pd.DataFrame, ind: str) -> dict[str, Any]:
    cat = catalogue.set_index("id") if "id" in catalogue.columns else catalogue
    if ind not in cat.index:
        raise DataError(f"unknown indicator {ind!r}; run `python -m analysis indicators` for the valid ids.")
    row = cat.loc[ind]
    meta = {"id": ind}
    for key in ("label_ko", "label_en", "unit", "layer", "nature"):
        val = row.get(key)
        meta[key] = None if val is None or (isinstance(val, float) and math.isnan(val)) else str(val)
    if meta["nature"] == "intensive":
        raise AggregationError(
            f"{ind} is intensive ({meta['unit']}); shares of a national total need extensive indicators "
            f"(amounts or counts). Pick the matching amount, e.g. rd_expenditure instead of a per-capita rate."
        )
    return meta


def _load(args: argparse.Namespace) -> _Inputs:
    from analysis import indicators

    catalogue = indicators.load_catalogue()
    meta = {"x": _catalogue_meta(catalogue, args.x), "y": _catalogue_meta(catalogue, args.y)}
    x = indicators.get(args.x, level=args.level, year=args.year).rename(args.x)
    y = indicators.get(args.y, level=args.level, year=args.year).rename(args.y)
    x.index = x.index.astype(str)
    y.index = y.index.astype(str)
    from analysis.views import complete_years, missing_regions

    for values in (x, y):
        gaps = missing_regions(values, args.level)
        if gaps:
            ok = sorted(set(complete_years(args.x, args.level)) & set(complete_years(args.y, args.level)))
            raise DataError(
                f"{values.name} has no value in {args.year} for {len(gaps)} {args.level} regions "
                f"({', '.join(gaps[:6])}{' …' if len(gaps) > 6 else ''}): shares of a national total need every "
                f"region. Years where both are complete: {ok or 'none'}."
            )
    from geo.boundaries import load_boundaries  # after the data checks, so they fail fast

    bnd = load_boundaries(args.level)
    autonomous = False
    if args.level == "sigungu":
        # KOSTAT tables often use the 229-unit view; use whichever boundary set covers the data better
        alt = load_boundaries(args.level, autonomous=True)
        codes = x.index.union(y.index)
        if len(codes.intersection(alt.index)) > len(codes.intersection(bnd.index)):
            bnd, autonomous = alt, True
    groups = indicators.region_groups().set_index("sido_code")
    return _Inputs(x, y, meta, bnd, groups, autonomous)


def _clean(v: Any) -> Any:
    """JSON-safe value: NaN/inf → None, numpy scalars → Python."""
    if isinstance(v, Mapping):
        return {str(k): _clean(val) for k, val in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(val) for val in v]
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return f if math.isfinite(f) else None
    return v


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


def summarise(args: argparse.Namespace, inputs: _Inputs) -> dict[str, Any]:
    """Compute every figure of the summary as a plain dict (the ``--json`` object before cleaning)."""
    mm: MismatchResult = mismatch(inputs.x, inputs.y, how="inner")
    bnd = inputs.boundaries
    codes = mm.shares.index
    unknown = codes.difference(bnd.index.astype(str))
    if len(unknown):
        raise DataError(
            f"{len(unknown)} region codes of the data are not in the {args.level} boundaries "
            f"({sorted(unknown)[:5]}); the indicator and boundary code vintages differ. Rebuild the data."
        )
    if mm.n < 3:
        raise DataError(f"only {mm.n} regions have both {mm.x} and {mm.y} in {args.year}; pick another year.")

    bnd = bnd.loc[codes]
    capital = bnd["capital_region"].astype(bool) if "capital_region" in bnd else None
    perm, seed = args.permutations, args.seed

    econ_part = None
    if inputs.groups is not None and "econ_region" in inputs.groups and "sido_code" in bnd:
        econ_part = bnd["sido_code"].astype(str).map(inputs.groups["econ_region"].rename(index=str))
        if econ_part.isna().any():
            econ_part = None
    conc: dict[str, Any] = {}
    cap_shares: dict[str, float] = {}
    cap = capital if capital is not None else capital_partition(codes)
    for key in ("x", "y"):
        vals = mm.shares[key].rename(getattr(mm, key))
        c = concentration(vals, partition=cap, capital=cap, permutations=perm, seed=seed)
        e = None
        if econ_part is not None:
            e = concentration(vals, partition=econ_part, capital=cap, permutations=perm, seed=seed)
        conc[key] = _conc_json(c, e)
        cap_shares[key] = c.capital_share

    # weights: the cached full-level graph when the data cover every region, else built on the subset
    graph = weights_for_regions(args.level, codes, autonomous=inputs.autonomous)
    report = weights_report(graph)

    xs = mm.shares["x"].rename(mm.x)
    ys = mm.shares["y"].rename(mm.y)
    logm = mm.shares["log_ratio"].rename("log_ratio")
    finite_logm = bool(np.isfinite(logm).all())
    ok = {"x": _varies(xs), "y": _varies(ys), "log_ratio": finite_logm and _varies(logm)}
    both = ok["x"] and ok["y"]
    glob = {
        "x": moran(xs, graph, perm, seed) if ok["x"] else None,
        "y": moran(ys, graph, perm, seed) if ok["y"] else None,
        "log_ratio": moran(logm, graph, perm, seed) if ok["log_ratio"] else None,
        "bivariate_x_lag_y": bivariate_moran(xs, ys, graph, perm, seed) if both else None,
        "bivariate_y_lag_x": bivariate_moran(ys, xs, graph, perm, seed) if both else None,
    }
    scheme = _BV_WORDING.get((inputs.meta["x"].get("layer"), inputs.meta["y"].get("layer")), "bivariate")
    kw = {"permutations": perm, "seed": seed, "alpha": args.alpha, "fdr": args.fdr}
    local: dict[str, LocalResult | None] = {
        "x": local_moran(xs, graph, **kw) if ok["x"] else None,
        "y": local_moran(ys, graph, **kw) if ok["y"] else None,
        "log_ratio": local_moran(logm, graph, labels="mismatch", **kw) if ok["log_ratio"] else None,
        "x_lag_y": bivariate_local_moran(xs, ys, graph, labels=scheme, **kw) if both else None,
        "y_lag_x": bivariate_local_moran(ys, xs, graph, **kw) if both else None,
    }

    regions = []
    for code in graph.unique_ids.astype(str):
        row = mm.shares.loc[code]
        b = bnd.loc[code]
        entry = {
            "code": code,
            "name_ko": b.get("name_ko"),
            "name_en": b.get("name_en"),
            "capital_region": bool(cap.loc[code]),
            "x": row["x"],
            "y": row["y"],
            "share_x": row["share_x"],
            "share_y": row["share_y"],
            "ratio": row["ratio"],
            "log_ratio": row["log_ratio"],
            "lisa": {},
        }
        for key, res in local.items():
            if res is None:
                entry["lisa"][key] = None
                continue
            t = res.table.loc[code]
            entry["lisa"][key] = {
                "cluster": t["cluster"],
                "quadrant": t["quadrant"],
                "p_sim": t["p_sim"],
                "label_ko": t["label_ko"],
                "label_en": t["label_en"],
            }
        regions.append(entry)

    notes = []
    if not finite_logm:
        bad = sorted(logm.index[~np.isfinite(logm)])
        notes.append(f"log M is not finite for {bad[:10]} (a zero share); Moran and LISA of log M skipped.")
    for key, series in (("x", xs), ("y", ys), ("log M", logm)):
        if finite_logm or key != "log M":
            if not _varies(series):
                notes.append(f"{key} is the same in every region; its spatial statistics are skipped.")
    if report.isolates:
        notes.append(f"regions without neighbours in the weights: {list(report.isolates)[:10]}.")
    return {
        "schema": SCHEMA,
        "level": args.level,
        "autonomous": inputs.autonomous,
        "year": args.year,
        "x": inputs.meta["x"],
        "y": inputs.meta["y"],
        "n": mm.n,
        "dropped": {"x": list(mm.dropped_x), "y": list(mm.dropped_y)},
        "permutations": perm,
        "seed": seed,
        "alpha": args.alpha,
        "fdr": bool(args.fdr),
        "warning": small_n_warning(mm.n),
        "notes": notes,
        "mismatch": {"hoover": mm.hoover, "theil_kl": mm.theil_kl},
        "capital_region": {
            "share_x": cap_shares["x"],
            "share_y": cap_shares["y"],
            "ratio": cap_shares["x"] / cap_shares["y"] if cap_shares["y"] > 0 else None,
        },
        "concentration": conc,
        "weights": {
            "kind": "queen",
            "island_links": True,
            "n_components": report.n_components,
            "isolates": list(report.isolates),
            "mean_neighbors": report.mean_neighbors,
        },
        "moran": {k: _global_json(v) for k, v in glob.items()},
        "lisa_wording": {"x_lag_y": scheme, "y_lag_x": "bivariate", "log_ratio": "mismatch", "x": "univariate",
                         "y": "univariate"},
        "regions": regions,
    }


def _varies(s: pd.Series) -> bool:
    return bool(np.ptp(s.to_numpy(float)) > 0)


def _fmt(v: Any, digits: int = 3) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def _text(out: dict[str, Any]) -> str:
    x, y = out["x"], out["y"]
    lines = [
        f"RIES Atlas summary — {out['level']} {out['year']}, n = {out['n']}",
        f"  x = {x['id']} ({x.get('label_en')}, {x.get('unit')})",
        f"  y = {y['id']} ({y.get('label_en')}, {y.get('unit')})",
    ]
    if out["dropped"]["x"] or out["dropped"]["y"]:
        lines.append(f"  dropped (missing in the other indicator): x {out['dropped']['x']}, y {out['dropped']['y']}")
    if out["warning"]:
        lines.append(f"  warning: {out['warning']}")
    lines += [f"  note: {n}" for n in out["notes"]]
    mm, cap = out["mismatch"], out["capital_region"]
    lines += [
        "",
        "Mismatch",
        f"  Hoover index (share of x to move)   {_fmt(mm['hoover'])}",
        f"  Theil/KL mismatch                   {_fmt(mm['theil_kl'])}",
        f"  capital-region share of x / y       {_fmt(cap['share_x'])} / {_fmt(cap['share_y'])}"
        f"   (ratio {_fmt(cap['ratio'], 2)})",
        "",
        "Concentration                 Gini    Theil   between(capital)  share   p_sim   between(5+2)",
    ]
    for key in ("x", "y"):
        c = out["concentration"][key]
        d = c["capital_decomposition"]
        e = c["econ_region_decomposition"]
        lines.append(
            f"  {key} {out[key]['id'][:24]:<24} {_fmt(c['gini'])}   {_fmt(c['theil'])}   {_fmt(d['between']):>10}"
            f"      {_fmt(d['between_share'], 2)}    {_fmt(d['between_p_sim'])}   "
            f"{_fmt(e['between']) if e else '—'}"
        )
    lines += ["", f"Global Moran's I ({out['permutations']} permutations, seed {out['seed']})"]
    for key, g in out["moran"].items():
        if g is None:
            lines.append(f"  {key:<20} —")
            continue
        lines.append(f"  {key:<20} I = {_fmt(g['I'])}  z_sim = {_fmt(g['z_sim'], 2)}  p_sim = {_fmt(g['p_sim'])}")
    lines += ["", f"LISA clusters (alpha {out['alpha']}{', FDR' if out['fdr'] else ''}; x vs neighbours' y)"]
    lines.append(f"  {'code':<10} {'name':<14} {'log M':>7}  {'x':<4} {'y':<4} {'log M':<5} {'x→lag y':<8} label")
    for r in out["regions"]:
        lisa = r["lisa"]

        def cl(key: str, lisa: dict = lisa) -> str:
            return lisa[key]["cluster"] if lisa.get(key) else "—"

        bv = lisa.get("x_lag_y")
        label = bv["label_en"] if bv and bv["cluster"] != "ns" else ""
        lines.append(
            f"  {r['code']:<10} {str(r['name_en'] or r['name_ko'] or '')[:14]:<14} {_fmt(r['log_ratio'], 2):>7}  "
            f"{cl('x'):<4} {cl('y'):<4} {cl('log_ratio'):<5} {cl('x_lag_y'):<8} {label}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Compute the summary and print it (text, or JSON with ``--json``)."""
    if args.permutations < 1:
        raise DataError(f"--permutations must be ≥ 1 (got {args.permutations}); 999 is the usual choice.")
    out = _clean(summarise(args, _load(args)))
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(_text(out))
    return 0
