"""``python -m analysis markov``: how regions move between share classes over the years (PySAL giddy).

Classic and spatial Markov transition matrices of quantile classes of an indicator's regional shares (the
spatial chains are conditioned on the class of the neighbours' lag), the LISA Markov chain of Moran
scatterplot quadrants, and rank mobility (Kendall's τ and spatial τ between the first and last year). The
years are the run of complete years that cover the same units (see ``analysis.transitions``); years left out
are listed with the reason. ``--json`` prints one object (schema ``ries-atlas/markov/1``): every matrix as
``counts`` and ``probabilities`` (rows lists, ``null`` for a class with no transition; other rows sum to 1).

``--within 11,41`` runs over the units of those sido alone (their shares of their sum), in the years all of them
publish: the si-gun-gu real value added (2020 base) is national in 2020–2022, while 2019 and 2023 exist in some
sido's tables (a national year left out names them). The two runs are different panels and never joined.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from analysis.defaults import LEVELS
from analysis.errors import DataError
from analysis.ranges import MARKOV_CLASSES, YEAR
from cli.args import add_permutation_options, bounded
from cli.data_option import add_data_option, store_from
from lang import t as text
from lang import word
from lang.numbers import count, number

if TYPE_CHECKING:  # the libraries are imported by run(), so --help and argument errors answer at once
    from analysis.transitions import TransitionMatrix, Transitions

SCHEMA = "ries-atlas/markov/1"


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``markov``."""
    p = sub.add_parser(
        "markov",
        help="classic, spatial and LISA Markov transitions and rank mobility of an indicator's shares",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--level", default="sido", choices=LEVELS,
                   help="boundary level (default sido)")
    p.add_argument("--indicator", required=True, help="extensive indicator id, e.g. employed_persons")
    p.add_argument("--anchor", type=bounded(YEAR), default=None,
                   help="a year the run must contain (default the latest complete year)")
    p.add_argument("--within", type=_codes, default=(), metavar="SIDO,…",
                   help="sido codes: a run over their units only, e.g. 11,41 (default the whole country)")
    p.add_argument("--k", type=bounded(MARKOV_CLASSES), default=MARKOV_CLASSES.default,
                   help=f"share classes (quantiles pooled over the years), {MARKOV_CLASSES.lo} to {MARKOV_CLASSES.hi} "
                   f"(default {MARKOV_CLASSES.default})")
    p.add_argument("--m", type=bounded(MARKOV_CLASSES), default=MARKOV_CLASSES.default,
                   help=f"classes of the neighbours' lag, {MARKOV_CLASSES.lo} to {MARKOV_CLASSES.hi} "
                   f"(default {MARKOV_CLASSES.default})")
    add_permutation_options(p, "permutations of the spatial τ", minimum=0)
    p.add_argument("--json", action="store_true", help="print the JSON object instead of text")
    add_data_option(p)
    return p


def _codes(text: str) -> tuple[str, ...]:
    """``--within``: comma-separated sido codes."""
    return tuple(c.strip() for c in text.split(",") if c.strip())


def _matrix_json(tm: TransitionMatrix) -> dict[str, Any]:
    from cli.jsonsafe import frame_rows

    return {"classes": list(tm.counts.index), "n": tm.n, "counts": frame_rows(tm.counts),
            "probabilities": frame_rows(tm.probabilities)}


def to_json(t: Transitions) -> dict[str, Any]:
    """The JSON object of a :class:`~analysis.transitions.Transitions` result."""
    from analysis.transitions import reading
    from cli.jsonsafe import jsonable

    p, mk, lm, r = t.panel, t.markov, t.lisa_markov, t.rank
    lag_bounds = [None, *mk.lag_cutoffs]
    spatial = []
    for i, tm in enumerate(mk.spatial):
        spatial.append({"lag_class": i, "lag_from": lag_bounds[i],
                        "lag_to": mk.lag_cutoffs[i] if i < len(mk.lag_cutoffs) else None, **_matrix_json(tm)})
    return jsonable({
        "schema": SCHEMA,
        "indicator": p.indicator,
        "level": p.level,
        "autonomous": p.autonomous,
        "within": list(p.within),
        "years": list(p.years),
        "step": p.step,
        "n": p.n,
        "left_out": [{"year": y, "reason": why} for y, why in p.left_out.items()],
        "shares": "fraction of the sum over the regions in each year",
        "k": mk.k,
        "m": mk.m,
        "classes": list(mk.classes),
        "cutoffs": list(mk.cutoffs),
        "lag_cutoffs": list(mk.lag_cutoffs),
        "global": _matrix_json(mk.global_),
        "spatial": spatial,
        "steady_state": list(mk.steady_state),
        "homogeneity": {"Q": mk.Q, "Q_p_value": mk.Q_p_value, "LR": mk.LR, "LR_p_value": mk.LR_p_value,
                        "dof": mk.dof},
        "lisa_markov": {**_matrix_json(lm.matrix), "chi2": lm.chi2, "chi2_p_value": lm.chi2_p_value,
                        "dof": lm.dof},
        "rank": {"first": r.first, "last": r.last, "tau": r.tau, "tau_p": r.tau_p, "tau_spatial": r.tau_spatial,
                 "tau_spatial_p_sim": r.tau_spatial_p_sim, "pairs_spatial": r.pairs_spatial,
                 "permutations": r.permutations, "seed": r.seed},
        "reading": {"en": reading(t, "en"), "ko": reading(t, "ko")},
    })


def _fmt_matrix(tm: TransitionMatrix, name=str) -> list[str]:
    """A transition matrix as text; ``name`` says a class (the LISA quadrants in words: "High-High")."""
    names = {c: name(c) for c in tm.probabilities.index}
    w = max(6, *(len(v) for v in names.values())) + 1
    head = " " * (w + 2) + "".join(f"{names.get(c, c):>{w + 2}}" for c in tm.probabilities.columns) + "       n"
    lines = [head]
    for cls, row in tm.probabilities.iterrows():
        cells = "".join(f"{number('index', v, 'en'):>{w + 2}}" for v in row)
        lines.append(f"  {names[cls]:<{w}}{cells}{count(tm.counts.loc[cls].sum(), 'en'):>8}")
    return lines


def _text(out: dict[str, Any], t: Transitions) -> str:
    mk = t.markov
    where = f" within sido {','.join(out['within'])}" if out["within"] else ""
    lines = [f"RIES Atlas transitions — {out['indicator']} at {out['level']}{where}, "
             f"{out['years'][0]}–{out['years'][-1]} (step {out['step']} y), n = {out['n']}, k = {mk.k} share "
             f"classes, m = {mk.m} lag classes"]
    if out["left_out"]:
        yrs = [e["year"] for e in out["left_out"]]
        lines.append(f"  left out: {', '.join(map(str, yrs))} (see --json for the reasons)")
        lines += [f"    {e['year']}: {e['reason']}" for e in out["left_out"] if "within" in e["reason"]]
    lines += ["", "Classic Markov (rows: class in t, columns: class in t+1)", *_fmt_matrix(mk.global_)]
    for i, tm in enumerate(mk.spatial):
        lines += ["", f"Spatial Markov, neighbours' lag class {i + 1} of {mk.m}", *_fmt_matrix(tm)]
    lines += ["", f"Homogeneity: Q = {number('z', mk.Q, 'en')} (p = {number('p', mk.Q_p_value, 'en')}), "
              f"LR = {number('z', mk.LR, 'en')} (p = {number('p', mk.LR_p_value, 'en')})"]
    lines += ["", f"{text('chg_lisa', 'en')} ({text('chg_quadrants', 'en')})",
              *_fmt_matrix(t.lisa_markov.matrix, lambda q: word("quadrant", q, "en"))]
    r = t.rank
    lines += ["", f"Rank mobility {r.first}→{r.last}: Kendall's tau = {number('index', r.tau, 'en')} "
              f"(p = {number('p', r.tau_p, 'en')}), spatial tau = {number('index', r.tau_spatial, 'en')} "
              f"(p_sim = {number('p', r.tau_spatial_p_sim, 'en')})", ""]
    lines += out["reading"]["en"]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Compute the transitions and print them (text, or JSON with ``--json``)."""
    from analysis.transitions import transitions

    if args.permutations < 0:
        raise DataError(f"--permutations must be ≥ 0 (got {args.permutations}); 999 is the usual choice.")
    t = transitions(args.indicator, args.level, anchor=args.anchor, k=args.k, m=args.m,
                    permutations=args.permutations, seed=args.seed, store=store_from(args), within=args.within)
    out = to_json(t)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(_text(out, t))
    return 0
