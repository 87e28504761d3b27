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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
from matplotlib.figure import Figure

from analysis import regions
from analysis.errors import AtlasError, DataError
from analysis.labels import role_names, short_label
from analysis.store import Store
from geo.classify import classify, suggest_scheme
from lang import LANGS, attr, col, pick, t
from lang.numbers import count, number
from report import exports
from report.briefing import Briefing, caption, trend_reading
from report.static_map import figure_bytes

__all__ = ["Step", "deck_pptx", "headline_cards", "short_label", "specialisation_step", "step_figure", "step_notes",
           "steps_for"]

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
    """

    kind: str
    title_ko: str
    title_en: str
    indicator: str = ""
    mode: str = "share"


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

    return (
        indicator_step(x, names["a"]),
        indicator_step(y, names["b"]),
        Step("mismatch", *titles("step_mismatch", x=names["a"], y=names["b"])),
        Step("clusters", *titles("step_clusters", x=names["a"], y=names["b"])),
    )


def titles(key: str, **names: tuple[str, str]) -> tuple[str, str]:
    """A step's heading in Korean and English: the catalogue entry ``key`` with each name in its language."""
    return tuple(t(key, lang, **{k: pick(v, lang) for k, v in names.items()}) for lang in LANGS)


def _regions(b: Briefing) -> gpd.GeoDataFrame:
    return b.boundaries.loc[b.mismatch.shares.index]


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


def _lq(b: Briefing, industry: str):
    """LQ of ``industry`` on the briefing's regions and year (the Specialisation tab's one computation), in the
    measure whose industry set holds it (value added, or the business survey's workers …)."""
    from analysis import specialisation as sp
    from analysis.region_profile import lq_table, profile_years

    try:
        measure = sp.measure_of(sp.set_of(industry))
    except DataError:
        measure = "value_added"
    years = profile_years(b.store, b.level, measure) if b.level in sp.MEASURES[measure].sets else []
    if years and b.year not in years:
        raise DataError(f"{industry!r} has no {b.level} data in {b.year}; its years: "
                        f"{', '.join(map(str, years))}")
    table = lq_table(b.store, b.level, b.year, measure)
    if industry not in table.columns:
        raise DataError(f"{industry!r} is not an industry of the {b.level} specialisation data; "
                        f"choose one of {', '.join(table.columns)}")
    return table[industry].reindex(_regions(b).index)


def _specialisation_figure(b: Briefing, step: Step, lang: str, title: str, slide: bool) -> Figure:
    from analysis import specialisation as sp
    from geo.classify import lq_classification
    from geo.maps import lq_legend_items
    from report.static_map import MapText, map_figure

    classes = lq_classification(_lq(b, step.indicator))
    try:
        iset = sp.set_of(step.indicator)
    except DataError:
        iset = sp.set_for(b.level)
    total = b.store.label(iset.total, lang)
    text = MapText(
        title=f"{title}, {b.year}",
        subtitle=t("lq_subtitle", lang, total=short_label(total)),
        legend_title=t("lq_legend", lang),
        source=exports.source_line({step.indicator: b.year, iset.total: b.year}, b.level, lang,
                                   store=b.store),
        capital_label=exports.capital_label(lang),
    )
    return map_figure(_regions(b), classes.fills(), text, lq_legend_items(classes, lang), capital=_sido_outline(),
                      line_color="#999999", slide=slide)


def headline_cards(b: Briefing, lang: str = "ko") -> list[tuple[str, str, str]]:
    """The headline numbers as (value, label, detail) for big-number cards: the briefing's own labels (one
    catalogue entry each, the indicators by their short names) and details."""
    return [(h.text, h.label(lang), h.detail(lang)) for h in b.headlines]


def _trend_figure(b: Briefing, lang: str, title: str, slide: bool) -> Figure:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from report.fonts import korean_font, rc_params
    from report.static_map import FIGURE_INCHES, fill_cells

    series = (b.trend["hoover"] if b.trend is not None else b.hoover_by_year).dropna()
    if len(series) < 2:
        raise DataError(f"only {len(series)} year compares {b.x} with {b.y} on the same regions: "
                        "no trend to show; pick a pair observed in several years")
    font = korean_font()
    with matplotlib.rc_context(rc_params(font)):
        fig = Figure(figsize=FIGURE_INCHES, facecolor="white")
        names = role_names(b.labels["x"], b.labels["y"])
        # the source line wraps by display width (a si-gun-gu source ran off the picture) and the plot sits
        # above however many lines it takes
        src = fig.text(0.08, 0.03, fill_cells(f"X = {pick(names['a'], lang)} · Y = {pick(names['b'], lang)} · "
                                              + "; ".join(pick((b.sources_ko or b.sources, b.sources), lang)), 160),
                       fontsize=10, color="#555555", va="bottom", linespacing=1.3)
        src_top = fig.transFigure.inverted().transform(
            src.get_window_extent(FigureCanvasAgg(fig).get_renderer()))[1][1]
        bottom = max(0.14, src_top + 0.08)
        ax = fig.add_axes((0.11, bottom, 0.86, (0.86 if not slide else 0.94) - bottom))
        years = series.index.astype(int)
        ax.plot(years, series.to_numpy(), marker="o", markersize=9, color="#3f007d", linewidth=3)
        ax.set_ylabel(t("trend_ylabel", lang), fontsize=16)
        ax.tick_params(labelsize=15)
        ax.grid(alpha=0.3)
        ax.set_xticks(list(years))  # ticks at the years observed only: nothing is claimed between them
        if not slide:
            fig.text(0.03, 0.945, title, fontsize=22, fontweight=font.bold_weight, va="center")
    return fig


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
    title = attr(step, "title", lang)
    if step.kind == "trend":
        return _trend_figure(b, lang, title, slide)
    if step.kind == "specialisation":
        return _specialisation_figure(b, step, lang, title, slide)
    bnd, sido = _regions(b), _sido_outline()
    sources = exports.source_line({b.x: b.year, b.y: b.year}, b.level, lang, store=b.store)
    if step.kind == "indicator":
        view = b.store.view(step.indicator, b.level, b.year, step.mode)
        values = view.values.reindex(bnd.index)
        classes = classify(values, suggest_scheme(values), 5)  # a dominant head gets a class of its own
        return exports.indicator_map_figure(view, classes, bnd, sido=sido, lang=lang, title=title, store=b.store,
                                            slide=slide)
    names = role_names(b.labels["x"], b.labels["y"])  # short names on a slide
    if step.kind == "mismatch":
        return exports.mismatch_map_figure(b.mismatch, bnd, year=b.year, level=b.level,
                                           x_label=pick(names["a"], lang), y_label=pick(names["b"], lang),
                                           sido=sido, lang=lang, sources=sources, slide=slide)
    return exports.cluster_map_figure(_clusters(b), bnd, title=title, year=b.year, level=b.level, sido=sido,
                                      lang=lang, sources=sources, slide=slide)


def step_notes(b: Briefing, step: Step, lang: str = "ko") -> str:
    """Speaker notes for one step: what the picture shows, in sentences with the numbers behind it.

    Every slide of the deck gets notes: the indicator's capital-region share and its top regions, the
    briefing's caption for the mismatch, the regions of each significant cluster, the Hoover index over time.
    """
    from geo.classify import LQ_BREAKS
    from geo.names import place_names

    names = place_names(b.boundaries, lang)
    if step.kind == "indicator":
        view = b.store.view(step.indicator, b.level, b.year, step.mode)
        vals = view.values.dropna().sort_values(ascending=False)
        share = vals / vals.sum() if step.mode != "share" else vals / 100.0
        cap = regions.capital_flags(vals.index)  # the one capital-region rule (data/region_groups.csv)
        top = ", ".join(f"{names.get(c, c)} {number('share', share[c], lang)}" for c in vals.index[:3])
        skewed = suggest_scheme(vals) == "fisher_jenks"
        return (t("slide_indicator", lang, year=b.year, label=short_label(attr(view, "label", lang)),
                  members=pick(regions.capital_names(), lang), share=number("share", share[cap].sum(), lang),
                  top=top) + " " + t("slide_classes_skewed" if skewed else "slide_classes_quintiles", lang))
    if step.kind == "mismatch":
        return caption(b, lang)
    if step.kind == "specialisation":
        lq = _lq(b, step.indicator).dropna().sort_values(ascending=False)
        top = ", ".join(f"{names.get(c, c)} {number('lq', v, lang)}" for c, v in lq.head(3).items())
        specialised = LQ_BREAKS[2]  # the lower bound of the "specialised" classes
        return t("slide_lq", lang, year=b.year, label=short_label(b.store.label(step.indicator, lang)),
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
    text(first, margin, Emu(2050000), width - 2 * margin, Emu(3000000), heads, 20)
    text(first, margin, height - Emu(1100000), width - 2 * margin, Emu(900000),
         [t("data_sources", lang, sources="; ".join(pick((b.sources_ko or b.sources, b.sources), lang))),
          t("made_on", lang, date=on.isoformat()) + " · RIES Atlas"], 10, color="555555")
    first.notes_slide.notes_text_frame.text = caption(b, lang)

    for done, step in enumerate(steps, start=1):
        if progress is not None:
            progress(done - 1, len(steps))
        slide = prs.slides.add_slide(blank)
        title = attr(step, "title", lang)
        size = fitting_size(title, width - 2 * margin, Emu(740000))  # two lines at most above the picture
        text(slide, margin, Emu(200000), width - 2 * margin, Emu(740000), [title], size, True)
        # the slide's text box carries the title; the picture is drawn without one (titles once)
        try:
            png = figure_bytes(step_figure(b, step, lang, slide=True), "png", dpi=dpi)
        except AtlasError as exc:  # e.g. a trend of one year: the slide says why, the rest of the deck stands
            text(slide, margin, Emu(1400000), width - 2 * margin, Emu(2000000), [str(exc)], 20, color="555555")
            slide.notes_slide.notes_text_frame.text = str(exc)
            continue
        top = Emu(950000)
        pic_h = height - top - Emu(150000)
        slide.shapes.add_picture(io.BytesIO(png), (width - pic_h * 16 // 9) // 2, top, height=pic_h)
        slide.notes_slide.notes_text_frame.text = step_notes(b, step, lang)
    if scorecards:
        from report.scorecard import add_scorecard_slides

        for prof in scorecards:
            add_scorecard_slides(prs, prof, lang, on, dpi)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()

