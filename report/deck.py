"""A briefing as a sequence of maps: the presenter mode's slides and the PPTX deck.

The sequence (:func:`steps_for`) shows where x is, where y is, their mismatch (ln of the share ratio) and the
bivariate LISA clusters of x against the neighbours' y. :func:`step_figure` draws one step with the static
map exports (:mod:`report.exports`, bundled Korean font, no network); :func:`deck_pptx` writes the whole
sequence as a 16:9 PowerPoint file (python-pptx): a title slide with the headline numbers of
:func:`report.briefing.briefing`, then one slide per map with its title and data sources, and the generated
caption as speaker notes. Text stays text (editable, searchable); maps are PNG pictures.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, replace
from datetime import date

import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure

from analysis import regions
from analysis.errors import AtlasError, DataError
from analysis.labels import role_names, short_label
from analysis.store import Store
from geo.classify import classify, suggest_scheme
from lang import attr, pick, t
from report import exports
from report.briefing import Briefing, caption, card_headlines, trend_reading
from report.static_map import figure_bytes, slide_overflows

__all__ = ["Step", "deck_pptx", "headline_cards", "short_label", "specialisation_step", "step_figure", "step_notes",
           "step_title", "steps_for"]

_LOG = logging.getLogger(__name__)

KINDS = ("indicator", "mismatch", "clusters", "trend", "specialisation")


@dataclass(frozen=True)
class Step:
    """One slide: what to show and its heading.

    Attributes
    ----------
    kind : {"indicator", "mismatch", "clusters", "trend", "specialisation"}
        A choropleth of one indicator, the mismatch map of x against y, the bivariate LISA cluster map of x
        against the neighbours' y, the Hoover index of x against y over the comparable years, or the location
        quotients of one industry (smart specialisation; the Specialisation tab's LQ classes).
    title_ko, title_en : str
        Heading in Korean and English.
    indicator : str
        Indicator id (``kind == "indicator"``) or industry id (``kind == "specialisation"``).
    mode : str
        View mode of the indicator (``share`` of the national total by default).
    year : int or None
        The year the slide shows (its heading names it, :func:`step_title`); None: the briefing's year. A
        ``map:`` step of a story shows its indicator's latest complete year not after the story's
        (:mod:`report.story_check`).
    since : int or None
        The first year of a trend (its heading names ``since``–``year``).
    """

    kind: str
    title_ko: str
    title_en: str
    indicator: str = ""
    mode: str = "share"
    year: int | None = None
    since: int | None = None


def step_title(step: Step, lang: str = "ko") -> str:
    """The slide's heading with the year it shows: ``… (2022년)`` / ``…, 2022``; a trend ``… (2013–2022년)``.

    >>> step_title(Step("mismatch", "불일치", "Mismatch", year=2022), "ko")
    '불일치 (2022년)'
    >>> step_title(Step("trend", "추세", "Trend", year=2020, since=2015), "en")
    'Trend, 2015–2020'
    """
    title = attr(step, "title", lang)
    if step.year is None:
        return title
    if step.since is not None and step.since != step.year:
        return t("step_title_span", lang, title=title, first=step.since, last=step.year)
    return t("step_title_year", lang, title=title, years=step.year)


def _share_mode(store: Store, indicator: str, level: str | None, year: int | None) -> str:
    """``share`` when the indicator's share of the national total can be shown (at ``level`` in ``year``, when
    given), else ``raw``: an upload without a national total and with a region missing has no share, and its
    slide then shows the values rather than failing."""
    if "share" not in store.modes(indicator):
        return "raw"
    if level is None or year is None:
        return "share"
    try:
        store.view(indicator, level, int(year), "share")
    except AtlasError:
        return "raw"
    return "share"


def steps_for(store: Store, x: str, y: str, level: str | None = None, year: int | None = None) -> tuple[Step, ...]:
    """The default sequence for x against y: x, y, mismatch, clusters (headings from the catalogue labels).

    Each indicator is mapped as its share of the national total; one that already is a share (unit
    ``% of …``), or whose share cannot be computed at ``level`` in ``year`` (when given), is mapped as it is.
    """
    for i in (x, y):
        store.row(i)

    # headings use the short labels (no parenthetical qualifier): one line on a slide; the maps say the rest;
    # the full ones when x's and y's short labels read the same (R&D expenditure (GERD) / (derived ...))
    (xk, xe), (yk, ye) = role_names(*((store.label(i, "ko"), store.label(i, "en")) for i in (x, y))).values()

    def indicator_step(i: str, ko: str, en: str) -> Step:
        mode = _share_mode(store, i, level, year)
        if mode == "share":
            return Step("indicator", f"{ko}: 지역별 비중", f"{en}: share by region", i, mode)
        return Step("indicator", f"{ko}: 지역별", f"{en} by region", i, mode)

    steps = (
        indicator_step(x, xk, xe),
        indicator_step(y, yk, ye),
        Step("mismatch", f"{xk} 대 {yk}의 불일치", f"Mismatch of {xe} against {ye}"),
        Step("clusters", f"{xk} 대 주변 {yk}: 공간군집", f"{xe} against neighbours' {ye}: clusters"),
    )
    return steps if year is None else tuple(replace(s, year=int(year)) for s in steps)


def _regions(b: Briefing) -> gpd.GeoDataFrame:
    return b.boundaries.loc[b.mismatch.shares.index]


def _indicator_regions(b: Briefing, codes: pd.Index) -> gpd.GeoDataFrame:
    """The regions an indicator's map is drawn on: the briefing's, unless the indicator (another year or
    si-gun-gu view of a ``map:`` step) has codes they lack; then its own view of the level."""
    bnd = _regions(b)
    if set(codes.astype(str)) <= set(bnd.index.astype(str)):
        return bnd
    from analysis import regions

    return regions.level_boundaries(b.level, regions.sigungu_view(codes) if b.level == "sigungu" else False)


def _sido_outline() -> gpd.GeoDataFrame:
    from geo.boundaries import load_boundaries

    return load_boundaries("sido")


def _clusters(b: Briefing):
    """The comparison's bivariate LISA of x against the neighbours' y (labelled with x's and y's names)."""
    local = b.comparison.lisa["x_lag_y"]
    if local is None:
        raise DataError("x or y is the same in every region: there are no bivariate clusters to map")
    return local


def specialisation_step(store: Store, industry: str) -> Step:
    """The slide of one industry's location quotients (headings from the catalogue label)."""
    store.row(industry)
    ko, en = short_label(store.label(industry, "ko")), short_label(store.label(industry, "en"))
    return Step("specialisation", f"{ko}: 입지계수 (특화도)", f"{en}: location quotient (specialisation)", industry)


def _lq(b: Briefing, industry: str, year: int | None = None):
    """LQ of ``industry`` on the briefing's regions in ``year`` (default the briefing's; the Specialisation tab's
    one computation)."""
    from analysis.region_profile import lq_table

    table = lq_table(b.store, b.level, int(year or b.year))
    if industry not in table.columns:
        raise DataError(f"{industry!r} is not an industry of the {b.level} specialisation data; "
                        f"choose one of {', '.join(table.columns)}")
    return table[industry].reindex(_regions(b).index)


def _specialisation_figure(b: Briefing, step: Step, lang: str, title: str, slide: bool) -> Figure:
    from analysis import specialisation as sp
    from geo.maps import MISSING_COLOR, LegendItem
    from report.scorecard import LQ_COLORS
    from report.static_map import MapText, map_figure

    i = 0 if lang == "ko" else 1
    year = step.year or b.year
    lq = _lq(b, step.indicator, year)
    cls = sp.lq_classes(lq)
    fill = cls.map(lambda c: None if pd.isna(c) else LQ_COLORS[int(c)])
    legend = [LegendItem(color, sp.LQ_CLASS_LABELS[k][i], int((cls == k).sum())) for k, color in enumerate(LQ_COLORS)]
    if cls.isna().any():
        legend.append(LegendItem(MISSING_COLOR, "자료 없음" if i == 0 else "no data", int(cls.isna().sum())))
    total = b.store.label(sp.set_for(b.level).total, lang)
    text = MapText(
        title=title if step.year else f"{title}, {year}",
        subtitle=(f"입지계수 = 지역 내 비중 ÷ 전국 비중 (기준: {short_label(total)})" if i == 0
                  else f"LQ = share in the region ÷ national share (of {short_label(total)})"),
        legend_title="입지계수 (1 = 전국 수준)" if i == 0 else "LQ (1 = national level)",
        source=exports.source_line({step.indicator: year, sp.set_for(b.level).total: year}, b.level, lang,
                                   store=b.store),
        capital_label=exports.capital_label(lang),
    )
    return map_figure(_regions(b), fill, text, legend, capital=_sido_outline(), line_color="#999999", slide=slide)


def headline_cards(b: Briefing, lang: str = "ko") -> list[tuple[str, str, str]]:
    """The headline numbers as (value, label, detail) for big-number cards: labels short and distinct.

    The briefing's labels start alike ("Capital region's share of …") and run long; on a slide each card
    names its own indicator first ("R&D expenditure: capital region's share"). A statistic that is not
    significant is no card (:func:`report.briefing.card_headlines`).
    """
    ko = lang == "ko"
    pair = role_names(b.labels["x"], b.labels["y"])  # short, unless the two read the same
    names = {"x": pair["a"][0 if ko else 1], "y": pair["b"][0 if ko else 1]}
    out = []
    for h in card_headlines(b):
        if h.key in ("capital_share_x", "capital_share_y"):
            name = names["x" if h.key.endswith("_x") else "y"]
            label = f"{name}: 수도권 비중" if ko else f"{name}: capital region's share"
        else:
            label = h.label_ko if ko else h.label_en
        out.append((h.text, label, h.detail_ko if ko else h.detail_en))
    return out


def step_figure(b: Briefing, step: Step, lang: str = "ko", *, slide: bool = False) -> Figure:
    """Draw one step of the sequence for the briefing ``b`` (same year, level, regions and x/y).

    Parameters
    ----------
    b : Briefing
        From :func:`report.briefing.briefing`.
    step : Step
        What to draw.
    lang : {"ko", "en"}
        Language of titles and legends. The clusters step draws the comparison's bivariate LISA of x against
        the neighbours' y (its permutations, seed and wording).
    slide : bool
        Lay the picture out for a slide that shows the step's title itself (no title in the picture, map
        full height, larger legend; :func:`report.static_map.map_figure`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if step.kind not in KINDS:
        raise DataError(f"unknown step kind {step.kind!r}; choose one of {list(KINDS)}")
    title = step_title(step, lang)
    if step.kind == "trend":
        from report.trend_figure import trend_figure

        return trend_figure(b, lang, title, slide)
    if step.kind == "specialisation":
        return _specialisation_figure(b, step, lang, title, slide)
    bnd, sido = _regions(b), _sido_outline()
    sources = exports.source_line({b.x: b.year, b.y: b.year}, b.level, lang, store=b.store)
    if step.kind == "indicator":
        view = b.store.view(step.indicator, b.level, step.year or b.year, step.mode)
        bnd = _indicator_regions(b, view.values.index)
        values = view.values.reindex(bnd.index)
        classes = classify(values, suggest_scheme(values), 5)  # a dominant head gets a class of its own
        return exports.indicator_map_figure(view, classes, bnd, sido=sido, lang=lang, title=title, store=b.store,
                                            slide=slide)
    names = role_names(b.labels["x"], b.labels["y"])  # short names on a slide
    (xk, xe), (yk, ye) = names.values()
    if step.kind == "mismatch":
        return exports.mismatch_map_figure(b.mismatch, bnd, year=b.year, level=b.level,
                                           x_label=xk if lang == "ko" else xe, y_label=yk if lang == "ko" else ye,
                                           sido=sido, lang=lang, sources=sources, slide=slide)
    local = _clusters(b)
    fig = exports.cluster_map_figure(local, bnd, title=title, year=b.year, level=b.level, sido=sido, lang=lang,
                                     sources=sources, slide=slide)
    if slide and slide_overflows(fig):  # two long names in every row: the legend says X and Y, the sources who
        fig = exports.cluster_map_figure(_lettered(local), bnd, title=title, year=b.year, level=b.level, sido=sido,
                                         lang=lang, slide=slide,
                                         sources=f"X = {pick(names['a'], lang)} · Y = {pick(names['b'], lang)} · "
                                                 + sources)
    return fig


def _lettered(local):
    """A cluster result whose labels name x and y as X and Y (a slide legend too long with their names)."""
    from analysis.labels import labels_for

    words = labels_for(local.labels, {"a": ("X", "X"), "b": ("Y", "Y")})
    table = local.table.copy()
    for c in ("label_ko", "label_en"):
        table[c] = words[c].reindex(table["cluster"]).to_numpy()
    return replace(local, table=table)


def step_notes(b: Briefing, step: Step, lang: str = "ko") -> str:
    """Speaker notes for one step: what the picture shows, in sentences with the numbers behind it.

    Every slide of the deck gets notes: the indicator's capital-region share and its top regions, the
    briefing's caption for the mismatch, the regions of each significant cluster, the Hoover index over time.
    """
    from geo.names import place_names

    ko = lang == "ko"
    names = place_names(b.boundaries, lang)
    if step.kind == "indicator":
        year = step.year or b.year
        view = b.store.view(step.indicator, b.level, year, step.mode)
        vals = view.values.dropna().sort_values(ascending=False)
        share = vals / vals.sum() if step.mode != "share" else vals / 100.0
        bnd = _indicator_regions(b, vals.index)
        names = place_names(bnd, lang)
        cap = regions.capital_flags(vals.index)  # the one capital-region rule (data/region_groups.csv)
        top = ", ".join(f"{names.get(c, c)} {share[c] * 100:.1f}%" for c in vals.index[:3])
        label = short_label(view.label_ko if ko else view.label_en)
        skewed = suggest_scheme(vals) == "fisher_jenks"
        cap_ko, cap_en = regions.capital_names()  # the members, from data/region_groups.csv
        if ko:
            return (f"{year}년 {label}: 수도권({cap_ko}) 비중 {share[cap].sum() * 100:.1f}%. 상위 지역: {top}."
                    + (" 소수 지역에 쏠린 분포라 색 구간은 자연구분(피셔-젠크스)이다." if skewed else
                       " 색 구간은 5분위수이다."))
        return (f"{label} in {year}: the capital region ({cap_en}) holds {share[cap].sum() * 100:.1f}%. "
                f"Top regions: {top}."
                + (" A few regions dominate, so the classes are natural breaks (Fisher-Jenks)." if skewed else
                   " Classes are quintiles."))
    if step.kind == "mismatch":
        return caption(b, lang)
    if step.kind == "specialisation":
        year = step.year or b.year
        lq = _lq(b, step.indicator, year).dropna().sort_values(ascending=False)
        label = short_label(b.store.label(step.indicator, lang))
        top = ", ".join(f"{names.get(c, c)} {v:.2f}" for c, v in lq.head(3).items())
        n_spec = int((lq >= 1.25).sum())
        if ko:
            return (f"{year}년 {label}의 입지계수(지역 내 비중 ÷ 전국 비중): 1.25 이상으로 특화된 지역 {n_spec}곳. "
                    f"상위 지역: {top}.")
        return (f"{label} in {year}, location quotient (share in the region ÷ national share): {n_spec} regions "
                f"specialised (LQ ≥ 1.25). Highest: {top}.")
    if step.kind == "trend":
        s = (b.trend["hoover"] if b.trend is not None else b.hoover_by_year).dropna()
        if len(s) < 2:
            return caption(b, lang)
        a, z = int(s.index[0]), int(s.index[-1])
        explained = trend_reading(b, lang)  # which side moved and where (the briefing's second paragraph)
        if explained:
            return explained
        if ko:
            return f"후버 지수 {a}년 {s.iloc[0]:.3f} → {z}년 {s.iloc[-1]:.3f} ({s.iloc[-1] - s.iloc[0]:+.3f})."
        return f"Hoover index {s.iloc[0]:.3f} in {a} → {s.iloc[-1]:.3f} in {z} ({s.iloc[-1] - s.iloc[0]:+.3f})."
    local = _clusters(b)
    tab = local.table
    col = "label_ko" if ko else "label_en"
    from analysis.readings import cluster_reading
    from report.readings import cluster_lines, short_names

    # what each colour means, with its count (the Clusters tab's reading of the same map), then the regions
    meaning = " ".join(f"{line}." for line in cluster_lines(cluster_reading(local, b.level), lang,
                                                             *short_names(b.labels, lang)))
    parts = []
    for _, rows in tab[tab["significant"]].groupby("cluster", sort=True):
        parts.append(f"{rows[col].iloc[0]}: " + ", ".join(names.get(c, c) for c in rows.index))
    crit = t("notes_crit", lang, crit=f"{local.crit_value:.3g}", n=local.permutations, seed=local.seed)
    if not parts:
        return (f"유의한 군집 없음 ({crit}). " if ko else f"No significant cluster ({crit}). ") + meaning
    (xk, xe), (yk, ye) = role_names(b.labels["x"], b.labels["y"]).values()
    head = (f"각 지역의 {xk} 값과 주변 지역의 {yk} 값을 비교한다 (" if ko
            else f"Each region's own {xe} against its neighbours' {ye} (")
    return head + crit + "). " + meaning + " " + "; ".join(parts) + "."


def deck_pptx(b: Briefing, lang: str = "ko", on: date | None = None, steps: tuple[Step, ...] | None = None,
              dpi: int = 150, scorecards: tuple = ()) -> bytes:
    """The briefing as a 16:9 PowerPoint deck: a title slide with the headline numbers, then one slide a map.

    Parameters
    ----------
    b : Briefing
        From :func:`report.briefing.briefing`.
    lang : {"ko", "en"}
        Language of the slides.
    on : datetime.date, optional
        Date on the title slide (default today).
    steps : tuple of Step, optional
        The maps, one slide each (default :func:`steps_for` ``(b.store, b.x, b.y, b.level, b.year)``).
    dpi : int
        Resolution of the map pictures.
    scorecards : tuple of analysis.region_profile.RegionProfile
        Region scorecards appended after the maps, two slides each (:func:`report.scorecard.add_scorecard_slides`).

    Returns
    -------
    bytes
        The ``.pptx`` file.
    """
    from pptx import Presentation
    from pptx.util import Emu

    if lang not in ("ko", "en"):
        raise DataError(f"unknown language {lang!r}; choose 'ko' or 'en'")
    ko = lang == "ko"
    steps = steps_for(b.store, b.x, b.y, b.level, b.year) if steps is None else steps
    on = on or date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in (16:9)
    width, height = prs.slide_width, prs.slide_height
    blank = prs.slide_layouts[6]

    from report.slide_text import add_text as text
    from report.slide_text import fitting_size

    margin = Emu(457200)  # 0.5 in
    (xk, xe), (yk, ye) = b.labels["x"], b.labels["y"]
    first = prs.slides.add_slide(blank)
    text(first, margin, margin, width - 2 * margin, Emu(900000),
         [("지역혁신 불일치 브리핑: " if ko else "Regional innovation mismatch briefing: ") + str(b.year)], 32, True)
    text(first, margin, Emu(1400000), width - 2 * margin, Emu(500000),
         [f"X = {xk} · Y = {yk}" if ko else f"X = {xe} · Y = {ye}"], 16, color="444444")
    heads = [f"{value}   {label}  ({detail})" for value, label, detail in headline_cards(b, lang)]
    shown = {h.key for h in card_headlines(b)}  # a statistic that is not significant: a sentence, not a card
    heads += [t("present_quiet", lang, label=attr(h, "label", lang), value=h.text, detail=attr(h, "detail", lang))
              for h in b.headlines if h.key not in shown]
    text(first, margin, Emu(1950000), width - 2 * margin, Emu(3000000), heads, 20)
    # sources and date at 16 pt (at least 16 pt on a 1280×720 screen, like every text of a slide)
    text(first, margin, Emu(5000000), width - 2 * margin, Emu(1700000),
         [("자료: " if ko else "Data: ") + "; ".join(b.sources_ko if ko and b.sources_ko else b.sources),
          ("작성일 " if ko else "Date: ") + on.isoformat() + (" · RIES 아틀라스" if ko else " · RIES Atlas")], 16, color="555555")
    first.notes_slide.notes_text_frame.text = caption(b, lang)

    for step in steps:
        # a step that cannot be drawn gets no slide (the story's steps are checked before: report.story_check):
        # no slide, body or note ever holds an error text
        try:
            png = figure_bytes(step_figure(b, step, lang, slide=True), "png", dpi=dpi)
            notes = step_notes(b, step, lang)
        except AtlasError as exc:
            _LOG.warning("deck: step %s left out: %s", step.kind, exc)
            continue
        slide = prs.slides.add_slide(blank)
        title = step_title(step, lang)
        size = fitting_size(title, width - 2 * margin, Emu(740000))  # two lines at most above the picture
        text(slide, margin, Emu(200000), width - 2 * margin, Emu(740000), [title], size, True)
        # the slide's text box carries the title; the picture is drawn without one (titles once)
        top = Emu(950000)
        pic_h = height - top - Emu(150000)
        slide.shapes.add_picture(io.BytesIO(png), (width - pic_h * 16 // 9) // 2, top, height=pic_h)
        slide.notes_slide.notes_text_frame.text = notes
    if scorecards:
        from report.scorecard import add_scorecard_slides

        for prof in scorecards:
            add_scorecard_slides(prs, prof, lang, on, dpi)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()

