"""The Change tab: how regions move between share classes over the years (classic, spatial and LISA Markov,
rank mobility) as heat tables with a plain-language reading computed in :mod:`analysis.transitions`, and the
change between two years as a map with differential Moran's I (:mod:`analysis.difference`).

Indicators are offered by layer (R&D, workforce, production …). Where only some sido publish a longer run (the
si-gun-gu real value added, 2020 base: 2020–2022 nationally, 2019 and 2023 in some sido) the run can be chosen
(:func:`analysis.unit_sets.spans`: ``cwithin`` in the URL); a run within some sido never joins the national one.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import transitions as tr
from analysis.defaults import PERMUTATIONS, SEED, STUDY_LEVELS
from analysis.difference import HOW, difference
from analysis.errors import AtlasError
from analysis.indicators import LAYERS
from analysis.ranges import MARKOV_CLASSES
from analysis.readings import difference_reading
from analysis.store import Store
from analysis.unit_sets import UnitSet, complete_years_within, spans, unit_set
from geo import mapkinds, maps
from geo.classify import ClassificationError
from geo.names import place_names
from lang import col, error_text, heads, say, t, word
from lang.numbers import number, unit_formatter
from report.readings import difference_sentence, moran_detail
from ui import charts, data, glossary, mapview
from ui.choices import labeller
from ui.glossary import help_for
from ui.selection import selected
from ui.text import md
from ui.widgets import carry_level, ensure, level_chosen, remember

DEFAULT = ("employed_occ_professionals", "employed_persons", "gva_business_services_real_chained_b2020",
           "gva_manufacturing_nominal_b2015")
"""The default indicator, first available at the level: the skilled workforce at sido (professionals, H2
2017–2025), the 2020-base real value added of business services at si-gun-gu (2020–2022)."""
K_OPTIONS = tuple(MARKOV_CLASSES.values())


def _options(level: str) -> list[str]:
    """Extensive indicators (bundled and this session's uploads) with two or more complete years at ``level``."""
    s = data.store()
    return _options_of(s.key, level, s)


@st.cache_data(show_spinner=False, max_entries=16)
def _options_of(key: str, level: str, _store: Store) -> list[str]:
    cat = _store.catalogue
    avail = _store.available(level)
    ids = [i for i in cat.index
           if i in avail and cat.at[i, "nature"] == "extensive" and not str(cat.at[i, "unit"]).startswith("% of")
           and len(_store.complete_years(i, level)) >= 2]
    order = {layer: n for n, layer in enumerate(LAYERS)}  # by layer (R&D, workforce …), catalogue order within
    return sorted(ids, key=lambda i: order.get(str(cat.at[i, "layer"]), len(order)))


@st.cache_data(show_spinner=False, max_entries=32)
def _transitions_of(key: str, indicator: str, level: str, k: int, within: str, _store: Store) -> tr.Transitions:
    return tr.transitions(indicator, level, k=k, m=k, permutations=PERMUTATIONS, seed=SEED, store=_store,
                          within=[c for c in within.split(",") if c])


def _transitions(indicator: str, level: str, k: int, lang: str, within: str = "") -> tr.Transitions:
    s = data.store()
    with st.spinner(t("chg_spinner", lang)):
        return _transitions_of(s.key, indicator, level, int(k), within, s)


def _label(indicator: str, lang: str) -> str:
    return str(data.catalogue().at[indicator, col("label", lang)])


def _layered(indicator: str, lang: str) -> str:
    """An option of the indicator list: its layer in words, then its label ("인력·고용 · 전문가 …")."""
    layer = str(data.catalogue().at[indicator, "layer"])
    return f"{t(f'layer_{layer}', lang)} · {_label(indicator, lang)}" if layer in LAYERS else _label(indicator, lang)


def _span_choice(indicator: str, level: str, lang: str, slot) -> str:
    """The run: the whole country, or a longer run within the sido that publish it (``cwithin``: sido codes)."""
    try:
        runs = spans(data.store(), indicator, level)
    except AtlasError:
        runs = []
    options = [r.key for r in runs] or [""]
    words = {r.key: (t("chg_span_national", lang, first=r.first, last=r.last) if r.units.national else
                     t("chg_span_within", lang, first=r.first, last=r.last, n=len(r.units.sido),
                       sido=r.units.names(lang))) for r in runs}
    ensure("cwithin", options, options[0])
    return slot.selectbox(t("chg_span", lang), options, key="cwithin", help=t("chg_span_help", lang),
                          format_func=lambda k: words.get(k, k), disabled=len(options) < 2)


def _pct(v: float) -> str:
    return number("share_fine", v)


def render(lang: str) -> None:
    """Draw the Change tab."""
    c1, c2, c4, c3 = st.columns([1, 3, 2, 1])
    levels = [lv for lv in STUDY_LEVELS if _options(lv)]
    if not levels:
        st.info(t("chg_none", lang))
        return
    carry_level("clevel", levels)
    ensure("clevel", levels, levels[0])
    level = c1.selectbox(t("level", lang), levels, key="clevel", format_func=lambda x: t(f"level_{x}", lang),
                         on_change=level_chosen, args=("clevel",))
    ids = _options(level)
    ensure("cind", ids, next((d for d in DEFAULT if d in ids), ids[0]))
    indicator = c2.selectbox(t("indicator", lang), ids, key="cind", format_func=lambda i: _layered(i, lang))
    within = _span_choice(indicator, level, lang, c4)
    ensure("ck", list(K_OPTIONS), MARKOV_CLASSES.default)
    k = c3.selectbox(t("chg_classes", lang), list(K_OPTIONS), key="ck")
    remember("clevel", "cind", "cwithin", "ck")
    if level == "sigungu" and indicator.startswith("gva_"):  # the two si-gun-gu value-added series, never joined
        st.caption(t("chg_series_sigungu", lang))
    try:
        res = _transitions(indicator, level, int(k), lang, within)
    except AtlasError as exc:
        st.error(md(error_text(exc, lang, labeller(lang))))
        return
    p, mk = res.panel, res.markov
    if p.within:
        st.info(t("chg_within_note", lang, sido=UnitSet(level, p.within).names(lang), level=t(f"level_{level}", lang)))
    st.markdown(t("chg_head", lang).format(label=_label(indicator, lang), k=mk.k, first=p.years[0],
                                           last=p.years[-1], step=p.step, n=p.n, moves=mk.global_.n))
    st.markdown("\n".join(f"- {s}" for s in tr.reading(res, lang)))
    if p.left_out:
        with st.expander(t("chg_left_out", lang).format(n=len(p.left_out))):
            st.dataframe(heads(pd.DataFrame({"year": list(p.left_out),
                                             "reason": [say(w, lang) for w in p.left_out.values()]}), lang),
                         hide_index=True, width="stretch")
    bounds = [0.0, *mk.cutoffs]
    classes = ", ".join(
        f"{c}: {_pct(bounds[i])}–{_pct(mk.cutoffs[i])}" if i < len(mk.cutoffs) else f"{c}: > {_pct(bounds[i])}"
        for i, c in enumerate(mk.classes))
    left, right = st.columns(2)
    with left:
        st.subheader(t("chg_global", lang), help=help_for("markov", lang=lang))
        st.altair_chart(charts.transition_heat(mk.global_.probabilities, mk.global_.counts, lang=lang), width="content")
        st.caption(t("chg_class_bounds", lang) + classes)
    with right:
        lm = res.lisa_markov
        st.subheader(t("chg_lisa", lang), help=help_for("lisa", lang=lang))
        st.altair_chart(charts.transition_heat(quadrant_words(lm.matrix.probabilities, lang),
                                               quadrant_words(lm.matrix.counts, lang), lang=lang), width="content")
        st.caption(t("chg_lisa_chi2", lang).format(chi2=lm.chi2, p=lm.chi2_p_value) + " · " + t("chg_quadrants", lang))
    st.subheader(t("chg_spatial", lang), help=help_for("markov", lang=lang))
    lag_bounds = [0.0, *mk.lag_cutoffs]
    per_row = 2
    for start in range(0, len(mk.spatial), per_row):
        cols = st.columns(per_row)
        for i in range(start, min(start + per_row, len(mk.spatial))):
            tm = mk.spatial[i]
            hi = _pct(mk.lag_cutoffs[i]) if i < len(mk.lag_cutoffs) else t("chg_max", lang)
            with cols[i - start]:
                st.markdown("**" + t("chg_lag_class", lang).format(i=i + 1, n=tm.n, lo=_pct(lag_bounds[i]), hi=hi)
                            + "**")
                st.altair_chart(charts.transition_heat(tm.probabilities, tm.counts, lang=lang), width="content")
    r = res.rank
    m1, m2, m3 = st.columns(3)
    m1.metric(t("chg_kendall", lang, first=r.first, last=r.last), number("index", r.tau, lang))
    m2.metric(t("chg_spatial_tau", lang), number("index", r.tau_spatial, lang),
              help=t("psim_note", lang, p=r.tau_spatial_p_sim, n=r.permutations, seed=r.seed))
    m3.metric(t("chg_homogeneity", lang), f"{mk.Q:.1f}", help=t("chg_q_help", lang, p=mk.Q_p_value, dof=mk.dof))
    st.caption(t("chg_methods", lang) + " · " + t("chg_share_note", lang))
    glossary.expander("markov", "moran", lang=lang)
    render_difference(indicator, level, lang, default=(p.years[0], p.years[-1]), within=within)


def _difference_of(key: str, indicator: str, level: str, before: int, after: int, how: str, within: str,
                   _store: Store):
    return difference(_store, indicator, level, before, after, how, permutations=PERMUTATIONS, seed=SEED,
                      within=[c for c in within.split(",") if c])


def render_difference(indicator: str, level: str, lang: str, default: tuple[int, int] | None = None,
                      within: str = "") -> None:
    """Change between two years (share or value) as a diverging map, with differential Moran's I; over the units
    of the sido ``within`` (comma-separated codes) alone when given."""
    st.subheader(t("chg_diff", lang))
    s = data.store()
    years = complete_years_within(s, indicator, unit_set(level, [c for c in within.split(",") if c]))
    if len(years) < 2:
        st.info(t("chg_diff_none", lang))
        return
    c1, c2, c3 = st.columns([1, 1, 2])
    first, last = default or (years[0], years[-1])  # default: the Markov run (same units, no break)
    ensure("dy0", years[:-1], first if first in years[:-1] else years[0])
    ensure("dy1", years[1:], last if last in years[1:] else years[-1])
    ensure("dhow", list(HOW), "share")
    y0 = c1.selectbox(t("chg_from", lang), years[:-1], key="dy0")
    y1 = c2.selectbox(t("chg_to", lang), years[1:], key="dy1")
    how = c3.radio(t("chg_how", lang), list(HOW), key="dhow", horizontal=True,
                   format_func=lambda h: t(f"chg_how_{h}", lang))
    remember("dy0", "dy1", "dhow")
    try:
        d = _difference_of(s.key, indicator, level, int(y0), int(y1), how, within, s)
    except AtlasError as exc:
        st.warning(md(error_text(exc, lang, labeller(lang))))
        return
    gdf = data.boundaries(level, autonomous=d.autonomous)
    if d.within:  # the map of the sido compared, not a country of "no data"
        gdf = gdf[[str(c)[:2] in d.within for c in gdf.index]]
    unit = data.view(indicator, level, int(y1), "raw").unit
    try:
        m = mapkinds.difference_map(gdf, d, unit=unit, lang=lang, capital=data.sido_outline(),
                                    assets_url=data.STATIC_URL)
    except ClassificationError as exc:
        st.warning(md(error_text(exc, lang, labeller(lang))))
        return
    delta = (lambda v: number("points", v, lang)) if how == "share" else unit_formatter(unit, lang, signed=True)
    left, right = st.columns([2, 1])
    with left:
        mapview.show(m, "map_change", height=480, overlay=maps.selection_outline(gdf, selected()))
    with right:
        mo = d.moran
        # the change in words (how many rose and fell, where most, whether the gains cluster): one sentence
        # from analysis.readings, the statistic in the metric's help and the detail line
        reading = difference_reading(d)
        st.markdown(difference_sentence(reading, lang, place_names(gdf, lang).to_dict()))
        if mo is None:
            st.info(t("chg_same", lang))
        else:
            st.metric(t("chg_diff_moran", lang), number("index", mo.I, lang), help=help_for("moran", lang=lang)
                      + "\n\n" + t("psim_note", lang, p=mo.p_sim, n=mo.permutations, seed=mo.seed))
            st.caption(moran_detail(reading.moran, lang))
        ranked = d.change.sort_values()
        names = place_names(gdf, lang).reindex(ranked.index)  # "울산 북구": the naming rule
        st.caption(t("chg_gains", lang)
                   + ", ".join(f"{names[c]} ({delta(v)})" for c, v in ranked.iloc[::-1].head(3).items()))
        st.caption(t("chg_losses", lang)
                   + ", ".join(f"{names[c]} ({delta(v)})" for c, v in ranked.head(3).items()))


def quadrant_words(matrix: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A LISA Markov matrix with its quadrants (rows and columns ``HH`` …) in words ("고-고" / "High-High")."""
    def name(q: object) -> str:
        return word("quadrant", q, lang)

    return matrix.rename(index=name, columns=name)
