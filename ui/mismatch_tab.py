"""The Mismatch tab: shares of x against y, capital vs non-capital panel, and the log share-ratio map."""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd
import streamlit as st

from analysis import territory
from analysis.change import HooverChange, change_between
from analysis.compare import Comparison
from analysis.errors import AtlasError
from analysis.labels import role_names
from geo import mapkinds, maps
from geo.classify import ClassificationError
from geo.names import place_name, place_names
from lang import attr, error_text, heads, say, t
from lang.numbers import number, unit_formatter
from report.readings import change_sentence, short_names
from ui import charts, data, glossary, keys, mapview
from ui.choices import (
    DEFAULT_X,
    DEFAULT_Y,
    compare_level,
    extensive_ids,
    first_of,
    label_of,
    labeller,
    pair_picker,
)
from ui.glossary import help_for
from ui.selection import highlight, selected
from ui.text import md
from ui.widgets import ensure, remember


def _why(level: str, code: str, why: str, lang: str) -> str:
    """Why a region is left out, in ``lang``: the territory table's reason for an allowed absence
    (:func:`analysis.territory.absence`, ``data/territory.csv``), else the comparison's own reason."""
    row = territory.absence(level, code)
    if row is not None:
        return attr(row, "reason", lang)
    return t("absent_no_value", lang) if why == "no value" else why


def _compare_choice(x: str, y: str, level: str, year: int, lang: str, slot) -> int | None:
    """The "compare with year" control: another year comparable with ``year`` (same units, no series break),
    or none (0 in the URL). Any such year, earlier or later: stepping between the two keeps the fixed classes."""
    try:
        others = data.change_years(x, y, level, year)
    except AtlasError:
        others = []
    options = [0, *others[::-1]]
    ensure(keys.MCMP, options, 0)
    other = slot.selectbox(t("rd_compare", lang), options, key=keys.MCMP, help=t("rd_compare_help", lang),
                           format_func=lambda v: t("rd_compare_none", lang) if v == 0 else str(v),
                           disabled=not others)
    return int(other) or None


def shared_extent(now: Comparison, other: Comparison | None) -> tuple[float | None, float | None]:
    """The largest share (either indicator) and the largest |ln M| over the two years compared, so the scatter's
    axes and the ln M classes are the same whichever of the two years is shown; (None, None) without another
    year (each year's own extent)."""
    if other is None:
        return None, None
    both = pd.concat([now.shares, other.shares])
    logm = both["log_ratio"].replace([np.inf, -np.inf], np.nan).abs()
    return float(both[["share_x", "share_y"]].to_numpy().max()), float(logm.max())


def _delta(value: float | None, kind: str) -> str | None:
    """A card's change as text: indices to 3 decimals, shares in percentage points."""
    if value is None or not np.isfinite(value):
        return None
    return number("share_change" if kind == "share" else "change", value)


def render(lang: str) -> None:
    """Draw the Mismatch tab."""
    top = st.container()
    c0, c1, c2, c3, c4 = st.columns([1, 2, 2, 1, 1.1])
    level = compare_level(lang, c0)
    ids = extensive_ids(level)
    ensure(keys.MX, ids, first_of(DEFAULT_X, ids))
    ensure(keys.MY, ids, first_of(DEFAULT_Y, ids))
    suggested = pair_picker(level, lang, top, keys.MX, keys.MY, "mpair")  # sets x and y, drawn below
    x = c1.selectbox(t("x", lang), ids, key=keys.MX,
                     format_func=labeller(lang))
    y = c2.selectbox(t("y", lang), ids, key=keys.MY,
                     format_func=labeller(lang))
    if suggested is not None and suggested.note_en:  # what the pair's data are, or why it has no common year
        top.caption(md(attr(suggested, "note", lang)))
    common = data.comparable_years(x, y, level)
    if not common:
        try:
            data.comparison(x, y, level)  # the one refusal message (no comparable year)
        except AtlasError as exc:  # the pair named first: the English message names the indicators by id
            st.warning(md(f"{label_of(x, lang)} / {label_of(y, lang)}: {error_text(exc, lang, labeller(lang))}"))
        return
    ensure(keys.MYEAR, common, common[-1])
    year = c3.selectbox(t("year", lang), common, key=keys.MYEAR)
    other = _compare_choice(x, y, level, int(year), lang, c4)

    remember(keys.MX, keys.MY, keys.MYEAR, keys.MCMP)
    try:
        comp = data.comparison(x, y, level, int(year))
    except AtlasError as exc:
        st.warning(md(error_text(exc, lang, labeller(lang))))
        return
    then_c, change = None, None
    if other is not None:
        try:
            then_c = data.comparison(x, y, level, other)
            change = change_between(then_c, comp)
        except AtlasError as exc:
            st.warning(md(error_text(exc, lang, labeller(lang))))
            then_c, change = None, None
    res = comp.mismatch
    conc_x, conc_y = comp.concentration["x"], comp.concentration["y"]
    gdf = data.boundaries(level, autonomous=comp.autonomous)
    cap = comp.capital
    if comp.dropped:
        st.info(t("left_out", lang)
                + md("; ".join(f"{place_name(c, lang)} "
                               f"({_why(level, c, why, lang)})" for c, why in comp.dropped)))

    m1, m2, m3, m4, m5 = st.columns(5)
    # with a year to compare with: each card's change since that year (neutral colour: a fall is not "good")
    since = {} if then_c is None else {"delta_color": "off", "delta_description": t("rd_delta_since", lang,
                                                                                     year=then_c.year)}

    def delta(now: float | None, then: float | None, kind: str = "index") -> str | None:
        return None if then_c is None or now is None or then is None else _delta(now - then, kind)

    m1.metric(t("hoover", lang), number("index", comp.hoover, lang), delta(comp.hoover, then_c and then_c.hoover),
              **since, help=help_for("hoover", lang=lang))
    m2.metric(t("theil_kl", lang), number("index", comp.theil_kl, lang),
              delta(comp.theil_kl, then_c and then_c.theil_kl), **since, help=help_for("theil", lang=lang))
    # the indicators by name in their roles (short labels unless the two read the same), not "X" and "Y"
    names = role_names((label_of(x, lang),) * 2, (label_of(y, lang),) * 2)
    x_name, y_name = names["a"][0], names["b"][0]
    m3.metric(t("cap_share_of", lang, name=x_name), number("share", comp.capital_share_x, lang),
              delta(comp.capital_share_x, then_c and then_c.capital_share_x, "share"), **since)
    m4.metric(t("cap_share_of", lang, name=y_name), number("share", comp.capital_share_y, lang),
              delta(comp.capital_share_y, then_c and then_c.capital_share_y, "share"), **since)
    mor = comp.moran["log_ratio"]
    mor0 = None if then_c is None else then_c.moran["log_ratio"]
    m5.metric(t("moran_metric", lang), number("index", None if mor is None else mor.I, lang),
              delta(None if mor is None else mor.I, None if mor0 is None else mor0.I), **since,
              help=help_for("moran", lang=lang) + ("" if mor is None else "\n\n" + t(
                  "perm_p_note", lang, p=mor.p_sim, n=mor.permutations, seed=mor.seed)))
    if change is not None:
        _change_reading(change, lang)

    table = res.shares.copy()
    table["name"] = place_names(gdf, lang).reindex(table.index)  # "울산 북구": the naming rule
    table["capital"] = cap.reindex(table.index).fillna(False).astype(bool)
    # compared with another year: the scatter's axes and the ln M classes span both years (the same bounds)
    top_share, top_logm = shared_extent(comp, then_c)
    left, right = st.columns([1.05, 1])
    with left:
        st.subheader(t("share_scatter", lang))
        st.altair_chart(charts.share_scatter(table, label_of(x, lang), label_of(y, lang), selected(), lang=lang,
                                             top=top_share),
                        width="stretch")
    with right:
        st.subheader(t("log_ratio_map", lang), help=help_for("lnm", lang=lang))
        fixed = "" if then_c is None else t("rd_fixed_classes", lang, y0=min(then_c.year, year),
                                            y1=max(then_c.year, year))

        def build() -> folium.Map:
            return mapkinds.log_ratio_map(gdf, table, year=int(year), x_name=x_name, y_name=y_name, lang=lang,
                                          top=top_logm, note=fixed, capital=data.sido_outline(),
                                          assets_url=data.STATIC_URL)

        # the map's document once per view (the pair, level, year, compared year, language), as the Map tab's
        view = ("mismatch", x, y, level, int(year), None if then_c is None else then_c.year, lang)
        try:
            mapview.show_cached(build, view, keys.MAP_MISMATCH, height=430,
                                overlay=maps.selection_outline(gdf, selected()))
        except ClassificationError as exc:
            st.warning(md(error_text(exc, lang, labeller(lang))))

    st.subheader(t("capital_vs_rest", lang), help=help_for("theil", lang=lang))
    panel = pd.DataFrame({
        "": [f"X: {x_name}", f"Y: {y_name}"],
        t("col_capital_pct", lang): [conc_x.capital_share, conc_y.capital_share],
        t("gini", lang): [conc_x.gini, conc_y.gini],
        t("theil", lang): [conc_x.theil, conc_y.theil],
        t("theil_between", lang): [conc_x.theil_between, conc_y.theil_between],
        t("theil_within", lang): [conc_x.theil_within, conc_y.theil_within],
        t("between_share", lang): [conc_x.between_share, conc_y.between_share],
    }).set_index("")
    # the capital share reads as the metric above ("70.1%"; "{:.3f}" showed 70.1 as "70.100", which reads as
    # seventy thousand); the indices as indices (lang.numbers)
    st.dataframe(panel.style.format(lambda v: number("index", v, lang))
                 .format(lambda v: number("share", v, lang), subset=[t("col_capital_pct", lang)]),
                 width="stretch")
    series = data.trend(x, y, level, int(year))
    if len(series) > 1:
        st.subheader(t("trend_title", lang))
        st.altair_chart(charts.mismatch_trend(series, lang), width="stretch")
        left_out = series.attrs.get("left_out", {})
        if left_out:
            st.caption(t("trend_left_out", lang)
                       + "; ".join(f"{yr} ({say(why, lang)})" for yr, why in sorted(left_out.items())))
    shown = table[["name", "x", "y", "share_x", "share_y", "ratio", "log_ratio"]].copy()
    units = {k: unit_formatter(data.view(i, level, int(year), "raw").unit, lang) for k, i in (("x", x), ("y", y))}
    formats = {"x": units["x"], "y": units["y"], "share_x": lambda v: number("share_fine", v, lang),
               "share_y": lambda v: number("share_fine", v, lang), "ratio": lambda v: number("ratio", v, lang),
               "log_ratio": lambda v: number("log_ratio", v, lang)}
    named = {c: t(f"col_{c}", lang) for c in shown.columns}
    st.dataframe(
        highlight(heads(shown, lang)).format({named[c]: f for c, f in formats.items()}),
        width="stretch")
    st.caption(t("sejong_note", lang))
    glossary.expander("hoover", "theil", "lnm", "moran", lang=lang)


def _change_reading(ch: HooverChange, lang: str) -> None:
    """The change since the compared year in words (the briefing's and the story's sentence), and the units
    that moved most."""
    st.markdown("**" + t("rd_change_title", lang, y0=ch.year_from, y1=ch.year_to) + "**")
    st.markdown(change_sentence(ch, lang))
    x_name, y_name = short_names(ch.labels, lang)
    movers = pd.DataFrame([{"place": m.place(lang), "delta_share_x": m.delta_x * 100,
                            "delta_share_y": m.delta_y * 100} for m in ch.movers])
    with st.expander(t("rd_movers", lang)):
        shown = heads(movers, lang).rename(columns={t("col_delta_share_x", lang): f"Δ {x_name}",
                                                    t("col_delta_share_y", lang): f"Δ {y_name}"})
        st.dataframe(shown.style.format(lambda v: number("points", v, lang), subset=list(shown.columns[1:])),
                     hide_index=True, width="stretch")
        st.caption(t("rd_change_method", lang, n=ch.n))
