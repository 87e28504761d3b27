"""``python -m analysis profile CODE``: a region's specialisation profile.

Location quotients of every industry (keyed by indicator id), specialisation and diversity indices (Krugman,
Hirschman–Herfindahl, Shannon entropy, related and unrelated variety), the shift-share of growth since the base
year, the LISA cluster of each industry's LQ, the mismatch position and the nearest peer regions with the
variables that make them close. The numbers come from :func:`analysis.region_profile.region_profile`, the same
call the Specialisation tab and the scorecard export use. ``--json`` prints the object documented in
:meth:`analysis.region_profile.RegionProfile.to_dict`.

``--measure`` chooses what the industries are measured in: ``value_added`` (default; the regional accounts at
both levels) or, at sido, the business survey's ``workers``, ``establishments`` or ``sales`` over its 19 KSIC
sections A–S (a complete breakdown: the diversity indices are computed). The profile also lists the region's
industrial complexes (KICOX, 2023 Q4) under ``complexes``, with sums by type under ``complexes_summary``.

``--data FILE`` adds the indicators of a file (as ``summary --data``): those with data at the level join the peer
search and are listed under ``indicators`` with the region's value, rank and share.
"""

from __future__ import annotations

import argparse
import json
import sys

from analysis.defaults import STUDY_LEVELS
from analysis.errors import DataError
from analysis.ranges import PEERS, YEAR
from cli.args import add_permutation_options, bounded, resolve_year, year_or_half
from cli.data_option import add_data_option, store_from
from cli.paths import output_file, write_bytes
from cli.vocab import constant
from lang import col
from lang.numbers import format_value, money_eok, number, rank_text


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``profile``."""
    p = sub.add_parser(
        "profile",
        help="a region's location quotients, diversity, shift-share, clusters and peer regions",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("code", help="region code, e.g. 31200 (Ulsan Buk-gu, sigungu) or 31 (Ulsan, sido)")
    p.add_argument("--level", default="sigungu", choices=STUDY_LEVELS, help="boundary level (default sigungu)")
    p.add_argument("--year", type=year_or_half, required=True,
                   help="year of the industry data (a half-year such as 2024H2 only for half-yearly figures)")
    p.add_argument("--measure", type=_measure, default="value_added", metavar="{" + ",".join(MEASURES) + "}",
                   help="what the industries are measured in (default value_added; workers, establishments and "
                        "sales: the business survey's 19 sections, sido only)")
    p.add_argument("--base-year", type=bounded(YEAR), default=None,
                   help="start year of the shift-share (same base year of the series; default 5 years earlier "
                        "or the earliest)")
    p.add_argument("--peers", type=bounded(PEERS), default=PEERS.default,
                   help=f"number of peer regions, {PEERS.lo} to {PEERS.hi} (default {PEERS.default})")
    p.add_argument("--exclude-same-sido", action="store_true", help="no peers from the region's own sido")
    p.add_argument("--exclude-capital", action="store_true", help="no peers from the capital region")
    p.add_argument("--weight", action="append", default=[], metavar="VARIABLE=W",
                   help="weight of a peer variable (industry or indicator id), repeatable; default 1 each")
    add_permutation_options(p, "LISA permutations")
    p.add_argument("--json", action="store_true", help="print the documented JSON object instead of text")
    p.add_argument("--out", default=None, metavar="FILE", type=output_file,
                   help="also write the scorecard: FILE.pdf (one page) or FILE.pptx (slides)")
    p.add_argument("--lang", default="ko", choices=("ko", "en"), help="language of --out (default ko)")
    add_data_option(p)
    return p


MEASURES = constant("analysis.specialisation", "MEASURE_NAMES")
"""The ``--measure`` keys (:data:`analysis.specialisation.MEASURES`), read without importing the module."""


def _measure(text: str) -> str:
    """``--measure``: a key of :data:`analysis.specialisation.MEASURES` (``value-added`` and ``value added`` too)."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in MEASURES:
        raise argparse.ArgumentTypeError(f"unknown measure {text!r}; choose one of {', '.join(MEASURES)}")
    return key


def _weights(items: list[str]) -> dict[str, float]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise DataError(f"--weight {item!r}: write VARIABLE=NUMBER, e.g. gva_manufacturing_nominal_b2015=2") from None
        if not sep:
            raise DataError(f"--weight {item!r}: write VARIABLE=NUMBER")
    return out


def _text(d: dict) -> str:
    """The profile for a terminal: numbers as the scorecard says them (:mod:`lang.numbers`: the shift-share in
    KRW billion, i.e. the scorecard's 억원), regions by the naming rule, clusters in words; English."""
    from geo.names import place_name  # pandas: imported by the command, not by --help

    lang = "en"

    def region(code: str) -> str:  # "Buk-gu, Ulsan (울산 북구) · 31200"
        return f"{place_name(code, lang)} ({place_name(code, 'ko')}) · {code}"

    what = (f"{d['value_base_year']}-base nominal value added" if d["measure"] == "value_added"
            else d["measure_unit"]["en"])
    lines = [f"{region(d['code'])} · {d['level']} · {d['year']} · {what}"]
    lines.append("\nLocation quotients (1 = national share):")
    for ind, lq in sorted(d["lq"].items(), key=lambda kv: -(kv[1] or -1)):
        c = d["clusters"].get(ind, {})
        cl = f"  [{c[col('label', lang)]}]" if c.get("cluster") not in (None, "", "ns") else ""
        lines.append(f"  {number('lq', lq, lang):>6}  {d['labels'][ind]['en']}{cl}")
    s = d["structure"]
    if s and not s.get("missing"):
        lines.append(f"\nKrugman {number('index', s['krugman'], lang)} · HHI {number('index', s['hhi'], lang)} · "
                     f"entropy {number('index', s['entropy'], lang)} bits (unrelated "
                     f"{number('index', s['unrelated_variety'], lang)} + related "
                     f"{number('index', s['related_variety'], lang)})")
    elif d["structure_note"]:
        lines.append(f"\nStructure indices: {d['structure_note']}")
    ss = d["shift_share"]
    if ss:
        tt = {k: money_eok(v, lang) for k, v in ss["totals"].items()}
        lines.append(f"\nShift-share {ss['year0']}→{ss['year1']} (national growth "
                     f"{number('share', ss['national_growth'], lang)}): change {tt['change']} = national "
                     f"{tt['national']} + industry mix {tt['industry_mix']} + competitive {tt['competitive']}")
    else:
        lines.append(f"\nShift-share: {d['shift_share_note']}")
    if d["mismatch"]:
        mm = d["mismatch"]
        lines.append(f"\nMismatch: share of {mm['x']} {number('share_fine', mm['share_x'], lang)} vs {mm['y']} "
                     f"{number('share_fine', mm['share_y'], lang)} (ln M = {number('log_ratio', mm['log_ratio'], lang)})")
    lines.append("\nPeers (standardised distance; closest variables):")
    for p in d["peers"]:
        why = ", ".join(r["variable"] for r in p["reasons"])
        lines.append(f"  {region(p['code'])}  {number('index', p['distance'], lang)}  — {why}")
    if d["indicators"]:
        lines.append("\nIndicators (value · rank · share of the total):")
        for ind, e in d["indicators"].items():
            share = "" if e["share_of_total_pct"] is None else f" · {number('share_fine', e['share_of_total_pct'] / 100)}"
            rank = "—" if e["rank"] is None else rank_text(e["rank"], e["n"], e["n"], lang)
            lines.append(f"  {e['label_en']} ({ind}{', uploaded' if e['uploaded'] else ''}): "
                         f"{format_value(e['value'], 'number', 1.0, lang, e['unit'])} · {rank}{share}")
    cs = d["complexes_summary"]
    if cs is not None:
        tot = cs["totals"]
        emp = "—" if tot["employment"] is None else f"{tot['employment']:,}"
        lines.append(f"\nIndustrial complexes (KICOX {cs['year']} {cs['reference_period']}): {tot['count']} "
                     f"complexes, {number('count', tot['operating_firms'], lang)} operating firms, employment {emp}"
                     + (f" (lacks {tot['employment_suppressed']} suppressed)" if tot["employment_suppressed"] else ""))
        for c in d["complexes"][:10]:
            e = "suppressed" if c["employment"] is None else f"{c['employment']:,}"
            lines.append(f"  {c['name_ko']} · {c['type_en']} · {c['status_en']} · {c['sigungu_name_en']} · "
                         f"firms {c['operating_firms']:,}/{c['tenant_firms']:,} · employment {e}")
        if len(d["complexes"]) > 10:
            lines.append(f"  … {len(d['complexes']) - 10} more (see --json)")
    lines += [f"\nnote: {n}" for n in d["notes"]]
    return "\n".join(lines)


_OUT_SUFFIXES = (".pdf", ".pptx")


def _write(prof, path, lang: str) -> None:
    from report.scorecard import scorecard_pdf, scorecard_pptx

    writers = {".pdf": scorecard_pdf, ".pptx": scorecard_pptx}
    data = writers[path.suffix.lower()](prof, lang)
    try:
        write_bytes(path, data)
    except OSError as exc:
        raise DataError(f"cannot write {path}: {exc.strerror}") from None
    print(f"wrote {path}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Print the profile of one region."""
    if args.out and args.out.suffix.lower() not in _OUT_SUFFIXES:
        raise DataError(f"--out {str(args.out)!r}: the scorecard is written as .pdf or .pptx")
    from analysis.region_profile import region_profile
    from analysis.specialisation import set_for

    store = store_from(args)
    iset = set_for(args.level, measure=args.measure)
    year = resolve_year(args.year, store, (iset.total, *iset.industries))
    prof = region_profile(
        store, args.code, args.level, year, args.base_year, n_peers=args.peers, peer_weights=_weights(args.weight),
        exclude_same_sido=args.exclude_same_sido, exclude_capital=args.exclude_capital,
        permutations=args.permutations, seed=args.seed, measure=args.measure,
    )
    if args.out:
        _write(prof, args.out, args.lang)
    d = prof.to_dict()
    if args.json:
        json.dump(d, sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        print()
    else:
        print(_text(d))
    return 0
