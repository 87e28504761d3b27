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
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis import specialisation as sp
from analysis.errors import DataError
from analysis.region_profile import RegionProfile, lq_table
from geo.classify import LQ_COLORS, lq_classification
from report.exports import BOUNDARY_SOURCE
from report.fonts import korean_font, rc_params
from report.static_map import draw_regions, figure_bytes

__all__ = ["add_scorecard_slides", "PEER_COLOR", "SELECTED_COLOR", "key_numbers", "scorecard_figure", "scorecard_pdf",
           "scorecard_pptx", "short_label", "short_text", "weights_text"]

PEER_COLOR = "#1f78b4"
SELECTED_COLOR = "#ff7f00"
A4_LANDSCAPE = (11.69, 8.27)

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("지역 특화 프로필", "Region specialisation scorecard"),
    "lq": ("산업별 입지계수 (점선 = 전국 수준 1)", "Location quotients (dashed = national level 1)"),
    "map": ("입지계수: ", "Location quotient: "),
    "krugman": ("크루그먼 비유사도", "Krugman dissimilarity"),
    "hhi": ("허핀달 지수", "Herfindahl index"),
    "entropy": ("엔트로피 (비트)", "Entropy (bits)"),
    "related_variety": ("관련 다양성", "Related variety"),
    "unrelated_variety": ("비관련 다양성", "Unrelated variety"),
    "change": ("부가가치 변화", "Change in value added"),
    "national": ("전국 성장 요인", "National growth component"),
    "industry_mix": ("산업 구성 요인", "Industry-mix component"),
    "competitive": ("지역 경쟁력 요인", "Regional competitive component"),
    "mismatch": ("불일치 ln M (지식서비스 / 제조업 비중)", "Mismatch ln M (knowledge services / manufacturing shares)"),
    "clusters": ("특화 군집 (LQ의 LISA, p ≤ 0.05)", "Clusters of specialisation (LISA of LQ, p ≤ 0.05)"),
    "none": ("없음", "none"),
    "peers": ("유사 지역 (표준화 거리)", "Peer regions (standardised distance)"),
    "selected": ("선택 지역", "This region"),
    "limits": (
        "명목 부가가치 (경상가격). 시군구는 2015년 기준 계열 (2015·2020), 시도는 2020년 기준 계열이며 서로 섞지 않습니다. "
        "비밀보호로 공표되지 않은 값은 0이 아니라 결측입니다. LQ의 지역 총계는 공표된 총부가가치입니다.",
        "Nominal value added (current prices). Si-gun-gu: 2015-base series (2015, 2020); sido: 2020-base series; "
        "never mixed. Cells suppressed for confidentiality are missing, never zero. The region total of the LQ is "
        "the published total value added.",
    ),
}


def _w(key: str, lang: str) -> str:
    ko, en = _WORDS[key]
    return ko if lang == "ko" else en


def _check_lang(lang: str) -> int:
    if lang not in ("ko", "en"):
        raise DataError(f"unknown language {lang!r}; choose 'ko' or 'en'")
    return 0 if lang == "ko" else 1


_TAIL = re.compile(r"\s(부가가치|value added)(,.*|\s\(.*|)$")


_BASE = re.compile(r"(,\s*nominal)?\s*\((?:[^()]*,\s*)?\d{4}(?: base|년 기준)\)$")


def short_text(label: str) -> str:
    """An industry's catalogue label without its trailing 'value added, nominal (… base)' (other labels kept).

    Examples
    --------
    >>> short_text("Manufacturing value added, nominal (2015 base)"), short_text("Gross value added per capita")
    ('Manufacturing', 'Gross value added per capita')
    >>> short_text("Gross value added per resident, nominal (2015 base)"), short_text("1인당 총부가가치 (2015년 기준)")
    ('Gross value added per resident', '1인당 총부가가치')
    """
    out = _TAIL.sub("", label) or label
    return _BASE.sub("", out) or out


def short_label(prof: RegionProfile, ind: str, lang: str) -> str:
    """Short label of an indicator of the profile in ``lang`` (see :func:`short_text`)."""
    ko, en = prof.labels.get(ind, (ind, ind))
    return short_text(ko if lang == "ko" else en)


def key_numbers(prof: RegionProfile, lang: str = "ko") -> list[tuple[str, str]]:
    """The scorecard's headline numbers as (label, text), formatted once for the PDF and the slides.

    Structure indices to 3 decimals, shift-share components in KRW million (thousands separators), ln M to 2
    decimals; missing items are left out.
    """
    _check_lang(lang)
    out: list[tuple[str, str]] = []
    s = prof.structure
    if s and not s.get("missing") and not s.get("negative"):
        out += [(_w(k, lang), f"{s[k]:.3f}") for k in ("krugman", "hhi", "entropy", "related_variety",
                                                          "unrelated_variety")]
    ss = prof.shift_share
    if ss:
        span = f" ({ss['year0']}→{ss['year1']})"
        out += [(_w(k, lang) + span, f"{ss['totals'][k]:,.0f}") for k in ("change", "national", "industry_mix",
                                                                          "competitive")]
    mm = prof.mismatch
    if mm and mm.get("log_ratio") is not None:
        out.append((_w("mismatch", lang), f"{mm['log_ratio']:.2f}"))
    return out


def weights_text(prof: RegionProfile, lang: str) -> str:
    """The weights of the peer distance in one line (equal weights said once, others listed)."""
    w = prof.peer_weights
    base = 1.0
    odd = {k: v for k, v in w.items() if v != base}
    n_ind = sum(1 for k in w if k in prof.industries)
    extra = [short_label(prof, k, lang) for k in w if k not in prof.industries]
    if lang == "ko":
        text = f"거리 변수: 산업 비중 {n_ind}개" + (f" + {', '.join(extra)}" if extra else "") + ", 가중치 1"
        return text + ("".join(f"; {short_label(prof, k, lang)} {v:g}" for k, v in odd.items()) if odd else "")
    text = f"Distance variables: {n_ind} industry shares" + (f" + {', '.join(extra)}" if extra else "") + ", weight 1"
    return text + ("".join(f"; {short_label(prof, k, lang)} {v:g}" for k, v in odd.items()) if odd else "")


def _wrap(text: str, lang: str, width_en: int, width_ko: int) -> str:
    return textwrap.fill(text, width=width_ko if lang == "ko" else width_en, break_long_words=False)


def _top_industry(prof: RegionProfile) -> str:
    lq = {k: v for k, v in prof.lq.items() if v is not None}
    return max(lq, key=lq.get) if lq else prof.industries[0]


def _map_axes(ax, prof: RegionProfile, industry: str, lang: str, font) -> None:
    from geo.boundaries import load_boundaries

    gdf = load_boundaries(prof.level, resolution="web", autonomous=prof.level == "sigungu")
    gdf.index = gdf.index.astype(str)
    lq = lq_table(prof.level, prof.year)[industry].reindex(gdf.index)
    sido = load_boundaries("sido", resolution="web")
    draw_regions(ax, gdf, lq_classification(lq).fills(), capital=sido, line_color="#bbbbbb")
    shapes = gdf.to_crs(5179)
    peers = [p["code"] for p in prof.peers if p["code"] in shapes.index]
    if peers:
        shapes.loc[peers].boundary.plot(ax=ax, color=PEER_COLOR, linewidth=1.6)
    shapes.loc[[prof.code]].boundary.plot(ax=ax, color=SELECTED_COLOR, linewidth=2.4)
    ax.set_title(_w("map", lang) + short_label(prof, industry, lang) + f" ({prof.year})", fontsize=11,
                 fontweight=font.bold_weight)
    handles = [Patch(facecolor=c, edgecolor="#999999", label=sp.LQ_CLASS_LABELS[i][0 if lang == "ko" else 1])
               for i, c in enumerate(LQ_COLORS)]
    handles += [Patch(facecolor="none", edgecolor=SELECTED_COLOR, linewidth=2, label=_w("selected", lang)),
                Patch(facecolor="none", edgecolor=PEER_COLOR, linewidth=2, label=_w("peers", lang).split(" (")[0])]
    ax.legend(handles=handles, loc="lower right", fontsize=7, frameon=True, framealpha=0.9)


def _lq_axes(ax, prof: RegionProfile, lang: str, font) -> None:
    rows = sorted(((short_label(prof, i, lang), v, prof.clusters.get(i, {}).get("cluster", ""))
                   for i, v in prof.lq.items() if v is not None), key=lambda r: r[1])
    labels = [r[0] for r in rows]
    vals = [r[1] for r in rows]
    colors = lq_classification(pd.Series(vals, dtype=float)).fills().tolist()
    ax.barh(range(len(vals)), vals, color=colors, edgecolor="#888888", linewidth=0.5)
    ax.axvline(1.0, color="#333333", linestyle=(0, (4, 3)), linewidth=1)
    for n, (v, c) in enumerate(zip(vals, [r[2] for r in rows], strict=True)):
        mark = f"  {v:.2f}" + (f" [{c}]" if c and c != "ns" else "")
        ax.text(v, n, mark, va="center", fontsize=7)
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
    i = _check_lang(lang)
    on = on or date.today()
    font = korean_font()
    industry = industry or _top_industry(prof)
    with matplotlib.rc_context(rc_params(font)):
        fig = Figure(figsize=A4_LANDSCAPE, facecolor="white")
        name = f"{prof.name_ko} ({prof.name_en})" if i == 0 else f"{prof.name_en} ({prof.name_ko})"
        fig.text(0.035, 0.955, f"{_w('title', lang)}: {name} · {prof.year}", fontsize=17,
                 fontweight=font.bold_weight, va="center")
        sub = (f"{prof.code} · {'시군구' if prof.level == 'sigungu' else '시도'} · {prof.base}년 기준 명목 부가가치"
               if i == 0 else f"{prof.code} · {prof.level} · {prof.base}-base nominal value added")
        fig.text(0.035, 0.92, sub, fontsize=9.5, color="#444444", va="center")
        _map_axes(fig.add_axes((0.01, 0.16, 0.36, 0.72)), prof, industry, lang, font)
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

        # clusters and peers (lower middle)
        sig = [(k, v) for k, v in prof.clusters.items() if v["cluster"] != "ns"]
        lines = [f"• {short_label(prof, k, lang)}: {v['label_ko' if i == 0 else 'label_en']}" for k, v in sig]
        fig.text(0.40, 0.385, _w("clusters", lang), fontsize=9.5, fontweight=font.bold_weight, va="top")
        fig.text(0.40, 0.36, "\n".join(lines[:5]) or _w("none", lang), fontsize=7.5, va="top", linespacing=1.4)
        fig.text(0.40, 0.265, _w("peers", lang), fontsize=9.5, fontweight=font.bold_weight, va="top")
        plines = []
        for p in prof.peers:
            why = ", ".join(short_label(prof, r["variable"], lang) for r in p["reasons"][:2])
            pname = p["name_ko"] if i == 0 else p["name_en"]
            plines.append(f"• {pname} ({p['code']}) {p['distance']:.3f} — {why}")
        body = "\n".join(_wrap(x, lang, 125, 72) for x in plines)
        fig.text(0.40, 0.24, body, fontsize=7.5, va="top", linespacing=1.4)
        fig.text(0.40, 0.235 - 0.0225 * (body.count("\n") + 1) - 0.005, _wrap(weights_text(prof, lang), lang, 130, 80),
                 fontsize=6.5, color="#666666", va="top")

        from analysis.indicators import sources_for

        try:
            src = "; ".join(sources_for(prof.industries[0], prof.level, prof.year))
        except DataError:
            src = "—"
        foot = [(("자료: " if i == 0 else "Data: ") + src), _w("limits", lang), BOUNDARY_SOURCE[i],
                ("작성일 " if i == 0 else "Date: ") + on.isoformat() + " · RIES Atlas · LISA 999 "
                + ("회 순열, seed 12345" if i == 0 else "permutations, seed 12345")]
        fig.text(0.035, 0.012, "\n".join(_wrap(s, lang, 210, 130) for s in foot), fontsize=6, color="#555555",
                 va="bottom", linespacing=1.35)
    return fig


def scorecard_pdf(prof: RegionProfile, lang: str = "ko", on: date | None = None) -> bytes:
    """The one-page scorecard as PDF bytes (Korean font embedded, text extractable)."""
    return figure_bytes(scorecard_figure(prof, lang, on), "pdf", dpi=200)


def add_scorecard_slides(prs: Any, prof: RegionProfile, lang: str = "ko", on: date | None = None,
                         dpi: int = 150) -> None:
    """Append the scorecard to a python-pptx ``Presentation`` (16:9): the numbers, top LQs and peers as
    editable text, then the scorecard page as a picture; the limits as speaker notes."""
    from pptx.util import Emu

    from report.slide_text import add_text

    i = _check_lang(lang)
    width, height = prs.slide_width, prs.slide_height
    blank = prs.slide_layouts[6]
    margin = Emu(457200)

    def text(slide: Any, top: int, h: int, lines: list[str], size: int, bold: bool = False) -> None:
        add_text(slide, margin, top, width - 2 * margin, h, lines, size, bold)

    name = f"{prof.name_ko} ({prof.name_en})" if i == 0 else f"{prof.name_en} ({prof.name_ko})"
    first = prs.slides.add_slide(blank)
    text(first, Emu(250000), Emu(800000), [f"{_w('title', lang)}: {name} · {prof.year}"], 28, True)
    nums = [f"{label}: {value}" for label, value in key_numbers(prof, lang)]
    top_lq = sorted(((v, k) for k, v in prof.lq.items() if v is not None), reverse=True)[:5]
    lqs = [f"LQ {v:.2f}  {short_label(prof, k, lang)}" for v, k in top_lq]
    text(first, Emu(1100000), Emu(2600000), lqs + [""] + nums, 15)
    peers = [f"{p['name_ko'] if i == 0 else p['name_en']} ({p['code']}) {p['distance']:.3f}" for p in prof.peers]
    text(first, Emu(4700000), Emu(1500000), [_w("peers", lang) + ": " + " · ".join(peers)], 13)
    first.notes_slide.notes_text_frame.text = _w("limits", lang)
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
