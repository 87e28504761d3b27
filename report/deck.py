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
from collections.abc import Callable
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
from lang import LANGS, attr, col, pick, t
from lang.numbers import count, number
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
    names = role_names(*((store.label(i, "ko"), store.label(i, "en")) for i in (x, y)))

    def indicator_step(i: str, name: tuple[str, str]) -> Step:
        mode = _share_mode(store, i, level, year)
        return Step("indicator", *titles("step_share" if mode == "share" else "step_values", name=name), i, mode)

    steps = (
        indicator_step(x, names["a"]),
        indicator_step(y, names["b"]),
        Step("mismatch", *titles("step_mismatch", x=names["a"], y=names["b"])),
        Step("clusters", *titles("step_clusters", x=names["a"], y=names["b"])),
    )
    return steps if year is None else tuple(replace(s, year=int(year)) for s in steps)


def titles(key: str, **names: tuple[str, str]) -> tuple[str, str]:
    """A step's heading in Korean and English: the catalogue entry ``key`` with each name in its language."""
    return tuple(t(key, lang, **{k: pick(v, lang) for k, v in names.items()}) for lang in LANGS)


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
    from analysis import specialisation as sp
    from report.scorecard import short_text

    store.row(industry)
    name = (short_label(store.label(industry, "ko")), short_label(store.label(industry, "en")))
    try:
        measure = sp.MEASURES[sp.measure_of(sp.set_of(industry))]
    except DataError:
        measure = None
    if measure is not None and measure.key != "value_added":  # "정보통신업 종사자", "Information … (J) workers"
        name = (f"{short_text(store.label(industry, 'ko'))} {measure.label_ko}",
                f"{short_text(store.label(industry, 'en'))} {measure.label_en}")
    return Step("specialisation", *titles("step_spec", name=name), industry)


def _lq(b: Briefing, industry: str, year: int | None = None):
    """LQ of ``industry`` on the briefing's regions in ``year`` (default the briefing's; the Specialisation tab's
    one computation), in the measure whose industry set holds it (value added, or the business survey's workers …)."""
    from analysis import specialisation as sp
    from analysis.region_profile import lq_table, profile_years

    year = int(year or b.year)
    try:
        measure = sp.measure_of(sp.set_of(industry))
    except DataError:
        measure = "value_added"
    years = profile_years(b.store, b.level, measure) if b.level in sp.MEASURES[measure].sets else []
    if years and year not in years:
        raise DataError(f"{industry!r} has no {b.level} data in {year}; its years: "
                        f"{', '.join(map(str, years))}")
    table = lq_table(b.store, b.level, year, measure)
    if industry not in table.columns:
        raise DataError(f"{industry!r} is not an industry of the {b.level} specialisation data; "
                        f"choose one of {', '.join(table.columns)}")
    return table[industry].reindex(_regions(b).index)


def _specialisation_figure(b: Briefing, step: Step, lang: str, title: str, slide: bool) -> Figure:
    from analysis import specialisation as sp
    from geo.classify import lq_classification
    from geo.maps import lq_legend_items
    from report.static_map import MapText, map_figure

    year = step.year or b.year
    classes = lq_classification(_lq(b, step.indicator, year))
    try:
        iset = sp.set_of(step.indicator)
    except DataError:
        iset = sp.set_for(b.level)
    total = b.store.label(iset.total, lang)
    text = MapText(
        title=title if step.year else f"{title}, {year}",
        subtitle=t("lq_subtitle", lang, total=short_label(total)),
        legend_title=t("lq_legend", lang),
        source=exports.source_line({step.indicator: year, iset.total: year}, b.level, lang,
                                   store=b.store),
        capital_label=exports.capital_label(lang),
    )
    return map_figure(_regions(b), classes.fills(), text, lq_legend_items(classes, lang), capital=_sido_outline(),
                      line_color="#999999", slide=slide)


def headline_cards(b: Briefing, lang: str = "ko") -> list[tuple[str, str, str]]:
    """The headline numbers as (value, label, detail) for big-number cards: the briefing's own labels (one
    catalogue entry each, the indicators by their short names) and details. A statistic that is not significant
    is no card (:func:`report.briefing.card_headlines`)."""
    return [(h.text, h.label(lang), h.detail(lang)) for h in card_headlines(b)]


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
    if step.kind == "mismatch":
        return exports.mismatch_map_figure(b.mismatch, bnd, year=b.year, level=b.level,
                                           x_label=pick(names["a"], lang), y_label=pick(names["b"], lang),
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
    from geo.classify import LQ_BREAKS
    from geo.names import place_names

    names = place_names(b.boundaries, lang)
    if step.kind == "indicator":
        year = step.year or b.year
        view = b.store.view(step.indicator, b.level, year, step.mode)
        vals = view.values.dropna().sort_values(ascending=False)
        share = vals / vals.sum() if step.mode != "share" else vals / 100.0
        bnd = _indicator_regions(b, vals.index)
        names = place_names(bnd, lang)
        cap = regions.capital_flags(vals.index)  # the one capital-region rule (data/region_groups.csv)
        top = ", ".join(f"{names.get(c, c)} {number('share', share[c], lang)}" for c in vals.index[:3])
        skewed = suggest_scheme(vals) == "fisher_jenks"
        return (t("slide_indicator", lang, year=year, label=short_label(attr(view, "label", lang)),
                  members=pick(regions.capital_names(), lang), share=number("share", share[cap].sum(), lang),
                  top=top) + " " + t("slide_classes_skewed" if skewed else "slide_classes_quintiles", lang))
    if step.kind == "mismatch":
        return caption(b, lang)
    if step.kind == "specialisation":
        year = step.year or b.year
        lq = _lq(b, step.indicator, year).dropna().sort_values(ascending=False)
        top = ", ".join(f"{names.get(c, c)} {number('lq', v, lang)}" for c, v in lq.head(3).items())
        specialised = LQ_BREAKS[2]  # the lower bound of the "specialised" classes
        return t("slide_lq", lang, year=year, label=short_label(b.store.label(step.indicator, lang)),
                 n=count(int((lq >= specialised).sum()), lang), lq=number("lq", specialised, lang), top=top)
    if step.kind == "trend":
        s = (b.trend["hoover"] if b.trend is not None else b.hoover_by_year).dropna()
        if len(s) < 2:
            return caption(b, lang)
        explained = trend_reading(b, lang)  # which side moved and where (the briefing's second paragraph)
        if explained:
            return explained
        return t("slide_trend", lang, first=int(s.index[0]), last=int(s.index[-1]),
                 h0=number("index", s.iloc[0], lang), h1=number("index", s.iloc[-1], lang),
                 change=number("change", s.iloc[-1] - s.iloc[0], lang))
    local = _clusters(b)
    tab = local.table
    label_col = col("label", lang)
    from analysis.readings import cluster_reading
    from report.readings import cluster_lines, short_names

    # what each colour means, with its count (the Clusters tab's reading of the same map), then the regions
    meaning = " ".join(f"{line}." for line in cluster_lines(cluster_reading(local, b.level), lang,
                                                             *short_names(b.labels, lang)))
    parts = []
    for _, rows in tab[tab["significant"]].groupby("cluster", sort=True):
        parts.append(f"{rows[label_col].iloc[0]}: " + ", ".join(names.get(c, c) for c in rows.index))
    crit = t("slide_crit", lang, crit=number("alpha", local.crit_value, lang), n=count(local.permutations, lang),
             seed=local.seed)
    if not parts:
        return t("slide_no_clusters", lang, crit=crit) + " " + meaning
    roles = role_names(b.labels["x"], b.labels["y"])
    return t("slide_clusters", lang, x=pick(roles["a"], lang), y=pick(roles["b"], lang), crit=crit,
             groups=meaning + " " + "; ".join(parts))


def deck_pptx(b: Briefing, lang: str = "ko", on: date | None = None, steps: tuple[Step, ...] | None = None,
              dpi: int = 150, scorecards: tuple = (), progress: Callable[[int, int], None] | None = None) -> bytes:
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
    progress : callable, optional
        Called as ``progress(done, total)`` after each map slide (the page's progress bar).

    Returns
    -------
    bytes
        The ``.pptx`` file.
    """
    from pptx import Presentation
    from pptx.util import Emu

    if lang not in LANGS:
        raise DataError(f"unknown language {lang!r}; choose 'ko' or 'en'")
    steps = steps_for(b.store, b.x, b.y, b.level, b.year) if steps is None else steps
    on = on or date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in (16:9)
    width, height = prs.slide_width, prs.slide_height
    blank = prs.slide_layouts[6]

    from report.slide_text import add_text as text
    from report.slide_text import fitting_size

    margin = Emu(457200)  # 0.5 in
    first = prs.slides.add_slide(blank)
    text(first, margin, margin, width - 2 * margin, Emu(900000), [t("briefing_title", lang, year=b.year)], 32, True)
    text(first, margin, Emu(1400000), width - 2 * margin, Emu(500000),
         [f"X = {pick(b.labels['x'], lang)} · Y = {pick(b.labels['y'], lang)}"], 16, color="444444")
    heads = [f"{value}   {label}  ({detail})" for value, label, detail in headline_cards(b, lang)]
    shown = {h.key for h in card_headlines(b)}  # a statistic that is not significant: a sentence, not a card
    heads += [t("present_quiet", lang, label=h.label(lang), value=h.text, detail=h.detail(lang))
              for h in b.headlines if h.key not in shown]
    text(first, margin, Emu(1950000), width - 2 * margin, Emu(3000000), heads, 20)
    # sources and date at 16 pt (at least 16 pt on a 1280×720 screen, like every text of a slide)
    text(first, margin, Emu(5000000), width - 2 * margin, Emu(1700000),
         [t("data_sources", lang, sources="; ".join(pick((b.sources_ko or b.sources, b.sources), lang))),
          t("made_on", lang, date=on.isoformat()) + " · " + t("atlas_name", lang)], 16, color="555555")
    first.notes_slide.notes_text_frame.text = caption(b, lang)

    for done, step in enumerate(steps, start=1):
        if progress is not None:
            progress(done - 1, len(steps))
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

