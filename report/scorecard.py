"""The region scorecard as files for people: a one-page PDF and slides for a deck (ko and en).

Every number comes from :func:`analysis.region_profile.region_profile` — the call behind the CLI's
``analysis profile`` and the Specialisation tab — and is formatted once here (:func:`key_numbers`), so the page,
the slides and the JSON agree (tests compare them).
"""

from __future__ import annotations

import io
import re
import textwrap
from datetime import date
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis import specialisation as sp
from analysis.errors import DataError
from analysis.readings import specialisation_readings
from analysis.region_profile import RegionProfile, lq_table
from geo.classify import LQ_COLORS, lq_classification
from geo.names import place_name
from lang import LANGS, attr, both, col, pick, t
from lang.numbers import count, money_eok, number
from report.exports import BOUNDARY_SOURCE, level_word
from report.fonts import korean_font, rc_params
from report.static_map import draw_regions, figure_bytes

__all__ = ["SHIFT_SHARE_KEYS", "STRUCTURE_KEYS", "add_scorecard_slides", "region_title", "PEER_COLOR",
           "SELECTED_COLOR", "complex_lines", "key_numbers", "scorecard_figure", "scorecard_pdf", "scorecard_pptx",
           "short_label", "short_text", "weights_text"]

PEER_COLOR = "#1f78b4"
SELECTED_COLOR = "#ff7f00"
A4_LANDSCAPE = (11.69, 8.27)

def _w(key: str, lang: str) -> str:
    """The scorecard's words (catalogue entries ``sc_<key>``)."""
    return t(f"sc_{key}", lang)


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise DataError(f"unknown language {lang!r}; choose 'ko' or 'en'")


_TAIL = re.compile(r"\s(부가가치|value added)(,.*|\s\(.*|)$")


_BASE = re.compile(r"(,\s*nominal)?\s*\((?:[^()]*,\s*)?\d{4}(?: base|년 기준)\)$")


_SURVEY = re.compile(r"^(?:Workers|Establishments|Sales), (.+) \(([A-S]), business survey\)$|"
                     r"^(?:종사자 수|사업체 수|매출액) \((.+), 전국사업체조사\)$")


def short_text(label: str) -> str:
    """An industry's catalogue label without its trailing 'value added, nominal (… base)', or a business-survey
    section without the measure and the survey (other labels kept).

    Examples
    --------
    >>> short_text("Manufacturing value added, nominal (2015 base)"), short_text("Gross value added per capita")
    ('Manufacturing', 'Gross value added per capita')
    >>> short_text("Gross value added per resident, nominal (2015 base)"), short_text("1인당 총부가가치 (2015년 기준)")
    ('Gross value added per resident', '1인당 총부가가치')
    >>> short_text("Workers, manufacturing (C, business survey)"), short_text("종사자 수 (제조업, 전국사업체조사)")
    ('Manufacturing (C)', '제조업')
    """
    survey = _SURVEY.match(label)
    if survey:
        en, section, korean = survey.groups()
        return f"{en[:1].upper()}{en[1:]} ({section})" if en else korean
    out = _TAIL.sub("", label) or label
    return _BASE.sub("", out) or out


def short_label(prof: RegionProfile, ind: str, lang: str) -> str:
    """Short label of an indicator of the profile in ``lang`` (see :func:`short_text`)."""
    return short_text(pick(prof.labels.get(ind, (ind, ind)), lang))


def key_numbers(prof: RegionProfile, lang: str = "ko") -> list[tuple[str, str]]:
    """The scorecard's headline numbers as (label, text), formatted once for the PDF, the slides and the
    Specialisation tab (:mod:`lang.numbers`).

    Structure indices to 3 decimals, shift-share components in 억원 (KRW billion in English), ln M signed to 2
    decimals; missing items are left out.
    """
    _check_lang(lang)
    out: list[tuple[str, str]] = []
    s = prof.structure
    if s and not s.get("missing") and not s.get("negative"):
        out += [(_w(k, lang), number("index", s[k], lang)) for k in STRUCTURE_KEYS]
    ss = prof.shift_share
    if ss:
        span = f" ({ss['year0']}→{ss['year1']})"
        change = "change" if prof.measure == "value_added" else f"change_{prof.measure}"
        out += [(_w(change if k == "change" else k, lang) + span,
                 money_eok(ss["totals"][k], lang) if prof.measure == "value_added"
                 else count(ss["totals"][k], lang)) for k in SHIFT_SHARE_KEYS]
    mm = prof.mismatch
    if mm and mm.get("log_ratio") is not None:
        out.append((_w("mismatch", lang), number("log_ratio", mm["log_ratio"], lang)))
    return out


STRUCTURE_KEYS: tuple[str, ...] = ("krugman", "hhi", "entropy", "related_variety", "unrelated_variety")
"""The structure indices shown, in order (:attr:`RegionProfile.structure`)."""

SHIFT_SHARE_KEYS: tuple[str, ...] = ("change", "national", "industry_mix", "competitive")
"""The shift-share totals shown, in order (:attr:`RegionProfile.shift_share`)."""


def complex_lines(prof: RegionProfile, lang: str = "ko", top: int = 5) -> list[str]:
    """The region's industrial complexes in a few lines (title, totals, by type, the largest by employment), from
    the profile's ``complexes`` (the PDF's block and the slide's notes; suppressed employment said as such)."""
    from analysis.complexes import TYPES

    _check_lang(lang)
    cx = prof.complexes
    if cx is None:
        return []
    tot = cx.totals
    lines = [t("spec_complexes", lang, year=cx.year)]  # the Specialisation tab's words
    if not tot["count"]:
        return [*lines, _w("complexes_none", lang)]
    emp = t("spec_suppressed", lang) if tot["employment"] is None else count(tot["employment"], lang)
    line = t("spec_complexes_line", lang, n=tot["count"], firms=count(tot["operating_firms"], lang), emp=emp)
    if tot["employment_suppressed"]:
        line += t("spec_complexes_lacks", lang, n=tot["employment_suppressed"])
    lines.append(line + " — " + " · ".join(f"{pick(TYPES[k], lang)} {v['count']}" for k, v in cx.by_type.items()))
    largest = []
    for c in cx.complexes[:top]:
        e = t("spec_suppressed", lang) if c["employment"] is None else count(c["employment"], lang)
        largest.append(f"{c['name_ko']} ({pick(TYPES[c['type']], lang)}) {e}")
    if len(cx.complexes) > top:
        largest.append(_w("more", lang).format(n=len(cx.complexes) - top))
    return [*lines, "• " + ", ".join(largest)]


def weights_text(prof: RegionProfile, lang: str) -> str:
    """The weights of the peer distance in one line (equal weights said once, others listed)."""
    w = prof.peer_weights
    base = 1.0
    odd = {k: v for k, v in w.items() if v != base}
    n_ind = sum(1 for k in w if k in prof.industries)
    extra = [short_label(prof, k, lang) for k in w if k not in prof.industries]
    text = t("sc_weights", lang, n=n_ind, extra=f" + {', '.join(extra)}" if extra else "")
    return text + "".join(f"; {short_label(prof, k, lang)} {v:g}" for k, v in odd.items())


def _wrap(text: str, lang: str, width_en: int, width_ko: int) -> str:
    return textwrap.fill(text, width=pick((width_ko, width_en), lang), break_long_words=False)


def region_title(prof: RegionProfile, lang: str) -> str:
    """The region of a scorecard by the naming rule, the other language after it: "울산 북구 (Buk-gu, Ulsan)"."""
    return both(place_name(prof.code, "ko"), place_name(prof.code, "en"), lang)


def _store(prof: RegionProfile):
    """The store the profile was read from (the scorecard's map and sources come from the same one)."""
    if prof.store is None:
        raise DataError("this profile carries no store: make it with analysis.region_profile.region_profile(store, …)")
    return prof.store


def _top_industry(prof: RegionProfile) -> str:
    lq = {k: v for k, v in prof.lq.items() if v is not None}
    return max(lq, key=lq.get) if lq else prof.industries[0]


def _map_axes(ax, prof: RegionProfile, industry: str, lang: str, font) -> None:
    from geo.boundaries import load_boundaries

    gdf = load_boundaries(prof.level, resolution="web", autonomous=prof.level == "sigungu")
    gdf.index = gdf.index.astype(str)
    lq = lq_table(_store(prof), prof.level, prof.year, prof.measure)[industry].reindex(gdf.index)
    sido = load_boundaries("sido", resolution="web")
    draw_regions(ax, gdf, lq_classification(lq).fills(), capital=sido, line_color="#bbbbbb")
    shapes = gdf.to_crs(5179)
    peers = [p["code"] for p in prof.peers if p["code"] in shapes.index]
    if peers:
        shapes.loc[peers].boundary.plot(ax=ax, color=PEER_COLOR, linewidth=1.6)
    shapes.loc[[prof.code]].boundary.plot(ax=ax, color=SELECTED_COLOR, linewidth=2.4)
    ax.set_title(_w("map", lang) + short_label(prof, industry, lang) + f" ({prof.year})", fontsize=11,
                 fontweight=font.bold_weight)
    handles = [Patch(facecolor=c, edgecolor="#999999", label=t(f"lq_class_{i}", lang))
               for i, c in enumerate(LQ_COLORS)]
    handles += [Patch(facecolor="none", edgecolor=SELECTED_COLOR, linewidth=2, label=_w("selected", lang)),
                Patch(facecolor="none", edgecolor=PEER_COLOR, linewidth=2, label=_w("peers_short", lang))]
    ax.legend(handles=handles, loc="lower right", fontsize=7, frameon=True, framealpha=0.9)


def _lq_axes(ax, prof: RegionProfile, lang: str, font) -> None:
    # the bars carry the LQ only: the clusters are said in words under them (a code such as [HH] is not a word,
    # and the words do not fit beside a bar)
    rows = sorted(((short_label(prof, i, lang), v) for i, v in prof.lq.items() if v is not None), key=lambda r: r[1])
    labels = [r[0] for r in rows]
    vals = [r[1] for r in rows]
    colors = lq_classification(pd.Series(vals, dtype=float)).fills().tolist()
    ax.barh(range(len(vals)), vals, color=colors, edgecolor="#888888", linewidth=0.5)
    ax.axvline(1.0, color="#333333", linestyle=(0, (4, 3)), linewidth=1)
    for n, v in enumerate(vals):
        ax.text(v, n, f"  {number('lq', v, lang)}", va="center", fontsize=7)
    ax.set_yticks(range(len(vals)), labels=[_wrap(x, lang, 34, 18) for x in labels], fontsize=7)
    ax.set_xlim(0, max(vals + [1.0]) * 1.3)
    ax.tick_params(axis="x", labelsize=7)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(_w("lq", lang), fontsize=10, fontweight=font.bold_weight, loc="left")


def scorecard_figure(prof: RegionProfile, lang: str = "ko", on: date | None = None,
                     industry: str | None = None) -> Figure:
    """The scorecard page as a matplotlib figure (A4 landscape).

    Map of one industry's LQ (the region's most specialised one by default) with the region and its peers
    outlined; LQ bars with the national reference; key numbers; clusters; peers with their reasons; sources.
    """
    _check_lang(lang)
    on = on or date.today()
    font = korean_font()
    industry = industry or _top_industry(prof)
    with matplotlib.rc_context(rc_params(font)):
        fig = Figure(figsize=A4_LANDSCAPE, facecolor="white")
        fig.text(0.035, 0.955, f"{_w('title', lang)}: {region_title(prof, lang)} · {prof.year}", fontsize=17,
                 fontweight=font.bold_weight, va="center")
        sub = t("sc_sub", lang, code=prof.code, level=level_word(prof.level, lang), base=prof.base)
        if prof.measure != "value_added":
            sub = t("sc_sub_measure", lang, code=prof.code, level=level_word(prof.level, lang),
                    what=attr(sp.MEASURES[prof.measure], "what", lang))
        fig.text(0.035, 0.92, sub, fontsize=9.5, color="#444444", va="center")
        cx = complex_lines(prof, lang, top=3)
        _map_axes(fig.add_axes((0.01, 0.25 if cx else 0.16, 0.36, 0.63 if cx else 0.72)), prof, industry, lang, font)
        if cx:  # the region's industrial complexes (KICOX 2023 Q4), under the map
            fig.text(0.035, 0.235, cx[0], fontsize=8.5, fontweight=font.bold_weight, va="top")
            fig.text(0.035, 0.21, "\n".join(_wrap(x, lang, 80, 50) for x in cx[1:]), fontsize=6.8, va="top",
                     linespacing=1.35)
        _lq_axes(fig.add_axes((0.50, 0.45, 0.20, 0.44)), prof, lang, font)

        # key numbers (right column)
        y = 0.885
        for label, text in key_numbers(prof, lang):
            fig.text(0.75, y, _wrap(label, lang, 30, 17), fontsize=7.5, color="#444444", va="top")
            fig.text(0.985, y, text, fontsize=9.5, fontweight=font.bold_weight, ha="right", va="top")
            y -= 0.037
        if not (prof.structure and not prof.structure.get("missing") and not prof.structure.get("negative")):
            fig.text(0.76, y, _wrap(prof.structure_note, lang, 48, 26), fontsize=7, color="#884400", va="top")
            y -= 0.07

        try:
            src = "; ".join(_store(prof).sources_for(prof.industries[0], prof.level, prof.year, lang))
        except DataError:
            src = "—"
        foot = [t("data_sources", lang, sources=src),
                _w("limits" if prof.measure == "value_added" else "limits_bs", lang), pick(BOUNDARY_SOURCE, lang),
                t("made_on", lang, date=on.isoformat()) + " · " + t("atlas_name", lang) + " · LISA "
                + t("perm_note", lang, n=count(prof.permutations, lang), seed=prof.seed)]
        foot_text = fig.text(0.035, 0.012, "\n".join(_wrap(s, lang, 210, 130) for s in foot), fontsize=6,
                             color="#555555", va="bottom", linespacing=1.35)
        renderer = FigureCanvasAgg(fig).get_renderer()
        to_fig = fig.transFigure.inverted()

        def bottom(artist: Any) -> float:
            return float(to_fig.transform(artist.get_window_extent(renderer))[0][1])

        foot_top = float(to_fig.transform(foot_text.get_window_extent(renderer))[1][1])
        _lower_middle(fig, prof, lang, font, bottom, foot_top + 0.012)
    return fig


def _lower_middle(fig: Figure, prof: RegionProfile, lang: str, font: Any, bottom: Any, floor: float) -> None:
    """Under the LQ bars, each block under the one above it: do the neighbours share the top specialisations
    (significant or not), the significant clusters, the peers; a smaller font when they would reach ``floor``
    (the sources' top)."""
    from report.readings import neighbour_lines  # report.readings uses this module's short_text

    _check_lang(lang)
    readings = neighbour_lines(specialisation_readings(prof), lang, lambda ind, lg: short_label(prof, ind, lg))
    sig = [(k, v) for k, v in prof.clusters.items() if v["cluster"] != "ns"]
    clusters = [f"• {short_label(prof, k, lang)}: {v[col('label', lang)]}" for k, v in sig][:4]
    peers = []
    for p in prof.peers:  # each peer by the naming rule ("울산 울주군"), never "울주군 (31710)"
        why = ", ".join(short_label(prof, r["variable"], lang) for r in p["reasons"][:2])
        peers.append(f"• {place_name(p['code'], lang)} {number('index', p['distance'], lang)} — {why}")
    for size, width_en, width_ko in ((7.5, 125, 72), (7.0, 134, 77), (6.5, 144, 83), (6.0, 156, 90)):
        drawn = []
        y = 0.415
        blocks = ((t("rd_neighbours_title", lang), [_wrap("• " + x, lang, width_en, width_ko) for x in readings]),
                  (_w("clusters", lang), clusters), (_w("peers", lang), [_wrap(x, lang, width_en, width_ko)
                                                                        for x in peers]))
        for title, lines in blocks:
            drawn.append(fig.text(0.40, y, title, fontsize=size + 2, fontweight=font.bold_weight, va="top"))
            body = fig.text(0.40, y - 0.022, "\n".join(lines) or _w("none", lang), fontsize=size, va="top",
                            linespacing=1.4)
            drawn.append(body)
            y = bottom(body) - 0.014
        drawn.append(fig.text(0.40, y + 0.008, _wrap(weights_text(prof, lang), lang, 130, 80), fontsize=size - 1,
                              color="#666666", va="top"))
        if bottom(drawn[-1]) >= floor or size == 6.0:
            return
        for artist in drawn:
            artist.remove()


def scorecard_pdf(prof: RegionProfile, lang: str = "ko", on: date | None = None) -> bytes:
    """The one-page scorecard as PDF bytes (Korean font embedded, text extractable)."""
    return figure_bytes(scorecard_figure(prof, lang, on), "pdf", dpi=200)


def add_scorecard_slides(prs: Any, prof: RegionProfile, lang: str = "ko", on: date | None = None,
                         dpi: int = 150) -> None:
    """Append the scorecard to a python-pptx ``Presentation`` (16:9): the numbers, top LQs and peers as
    editable text, then the scorecard page as a picture; the limits as speaker notes."""
    from pptx.util import Emu

    from report.slide_text import add_text

    _check_lang(lang)
    width, height = prs.slide_width, prs.slide_height
    blank = prs.slide_layouts[6]
    margin = Emu(457200)

    def text(slide: Any, top: int, h: int, lines: list[str], size: int, bold: bool = False) -> None:
        add_text(slide, margin, top, width - 2 * margin, h, lines, size, bold)

    first = prs.slides.add_slide(blank)
    text(first, Emu(250000), Emu(800000), [f"{_w('title', lang)}: {region_title(prof, lang)} · {prof.year}"], 28,
         True)
    nums = [f"{label}: {value}" for label, value in key_numbers(prof, lang)]
    top_lq = sorted(((v, k) for k, v in prof.lq.items() if v is not None), reverse=True)[:5]
    lqs = [f"LQ {number('lq', v, lang)}  {short_label(prof, k, lang)}" for v, k in top_lq]
    text(first, Emu(1100000), Emu(2600000), lqs + [""] + nums, 15)
    peers = [f"{place_name(p['code'], lang)} {number('index', p['distance'], lang)}" for p in prof.peers]
    text(first, Emu(4700000), Emu(1500000), [_w("peers", lang) + ": " + " · ".join(peers)], 13)
    from report.readings import neighbour_lines

    # do the neighbours share the top specialisations (significant or not): said in the notes, drawn on the page
    shared = neighbour_lines(specialisation_readings(prof), lang, lambda ind, lg: short_label(prof, ind, lg))
    first.notes_slide.notes_text_frame.text = "\n".join([t("rd_neighbours_title", lang), *shared, "",
                                                          *complex_lines(prof, lang), "", _w("limits", lang)])
    second = prs.slides.add_slide(blank)
    png = figure_bytes(scorecard_figure(prof, lang, on), "png", dpi=dpi)
    second.shapes.add_picture(io.BytesIO(png), margin, Emu(150000), height=height - Emu(300000))
    second.notes_slide.notes_text_frame.text = _w("limits", lang)


def scorecard_pptx(prof: RegionProfile, lang: str = "ko", on: date | None = None, dpi: int = 150) -> bytes:
    """The scorecard alone as a 16:9 deck (:func:`add_scorecard_slides` on a new presentation)."""
    from pptx import Presentation
    from pptx.util import Emu

    _check_lang(lang)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    add_scorecard_slides(prs, prof, lang, on, dpi)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
