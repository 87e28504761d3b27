"""The Mismatch tab: shares of x against y, capital vs non-capital panel, and the log share-ratio map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from analysis import mismatch as mm
from analysis.errors import AtlasError
from geo import maps
from report import exports
from ui import charts, data, keys, mapview
from ui.choices import DEFAULT_X, DEFAULT_Y, extensive_ids, first_of, label_of, labeller
from ui.i18n import col, t
from ui.selection import highlight, selected
from ui.widgets import ensure, remember

LEVEL = "sido"


def render(lang: str) -> None:
    """Draw the Mismatch tab."""
    ids = extensive_ids(LEVEL)
    c1, c2, c3 = st.columns([2, 2, 1])
    ensure(keys.MX, ids, first_of(DEFAULT_X, ids))
    ensure(keys.MY, ids, first_of(DEFAULT_Y, ids))
    x = c1.selectbox(t("x", lang), ids, key=keys.MX,
                     format_func=labeller(lang))
    y = c2.selectbox(t("y", lang), ids, key=keys.MY,
                     format_func=labeller(lang))
    common = sorted(set(data.complete_years(x, LEVEL)) & set(data.complete_years(y, LEVEL)))
    if not common:
        st.warning(f"{label_of(x, lang)} / {label_of(y, lang)}: " + t("no_common_year", lang))
        return
    ensure(keys.MYEAR, common, common[-1])
    year = c3.selectbox(t("year", lang), common, key=keys.MYEAR)

    remember(keys.MX, keys.MY, keys.MYEAR)
    xv = data.view(x, LEVEL, int(year), "raw").values
    yv = data.view(y, LEVEL, int(year), "raw").values
    res = mm.mismatch(xv, yv, how="inner")
    gdf = data.boundaries(LEVEL)
    cap = gdf["capital_region"].astype(bool)
    conc_x = mm.concentration(res.shares["x"].rename(x), partition=cap.reindex(res.shares.index)
                              .map({True: "capital", False: "non-capital"}))
    conc_y = mm.concentration(res.shares["y"].rename(y), partition=cap.reindex(res.shares.index)
                              .map({True: "capital", False: "non-capital"}))
    if res.dropped_x or res.dropped_y:
        st.info(t("left_out", lang) + ", ".join(sorted(set(res.dropped_x) | set(res.dropped_y))))

    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("hoover", lang), f"{res.hoover:.3f}")
    m2.metric(t("theil_kl", lang), f"{res.theil_kl:.3f}")
    m3.metric(t("cap_share_x", lang), f"{conc_x.capital_share * 100:.1f}%")
    m4.metric(t("cap_share_y", lang), f"{conc_y.capital_share * 100:.1f}%")

    table = res.shares.copy()
    table["name"] = [gdf.at[c, col("name", lang)] for c in table.index]
    table["capital"] = cap.reindex(table.index).fillna(False).astype(bool)
    left, right = st.columns([1.05, 1])
    with left:
        st.subheader(t("share_scatter", lang))
        st.altair_chart(charts.share_scatter(table, label_of(x, lang), label_of(y, lang), selected()),
                        use_container_width=True)
    with right:
        st.subheader(t("log_ratio_map", lang))
        logm = table["log_ratio"].replace([np.inf, -np.inf], np.nan)
        try:
            classes = exports.mismatch_classification(logm.reindex(gdf.index))
        except AtlasError as exc:
            st.warning(str(exc))
            classes = None
        if classes is not None:
            m = maps.base_map(tuple(gdf.total_bounds), assets_url=data.STATIC_URL)
            tips = pd.Series({
                c: maps.tooltip_table({
                    "ln M": "—" if pd.isna(logm.get(c)) else f"{logm[c]:+.2f}",
                    "X %": "—" if c not in table.index else f"{table.at[c, 'share_x'] * 100:.2f}",
                    "Y %": "—" if c not in table.index else f"{table.at[c, 'share_y'] * 100:.2f}",
                    t("year", lang): str(year),
                }, mapview.region_name(gdf, c, lang)) for c in gdf.index})
            fill = classes.classes.map(lambda k: None if pd.isna(k) else classes.colors[int(k)])
            maps.add_regions(m, gdf, fill, tooltip_html=tips, name="ln M", selected=selected())
            maps.add_capital_outline(m, data.sido_outline(), label=t("capital", lang))
            maps.add_legend(m, "ln M " + t("log_ratio_zero", lang),
                            maps.class_legend_items(classes, lambda v: f"{v:+.2f}", missing_label=t("no_data", lang)),
                            note=t("log_ratio_note", lang))
            mapview.show(m, keys.MAP_MISMATCH, height=430)

    st.subheader(t("capital_vs_rest", lang))
    panel = pd.DataFrame({
        "": ["X", "Y"],
        t("capital", lang) + " %": [conc_x.capital_share * 100, conc_y.capital_share * 100],
        t("gini", lang): [conc_x.gini, conc_y.gini],
        t("theil", lang): [conc_x.theil, conc_y.theil],
        t("theil_between", lang): [conc_x.theil_between, conc_y.theil_between],
        t("theil_within", lang): [conc_x.theil_within, conc_y.theil_within],
        t("between_share", lang): [conc_x.between_share, conc_y.between_share],
    }).set_index("")
    st.dataframe(panel.style.format("{:.3f}"), use_container_width=True)
    xs = {yr: data.view(x, LEVEL, yr, "raw").values for yr in common}
    ys = {yr: data.view(y, LEVEL, yr, "raw").values for yr in common}
    series = mm.mismatch_series(xs, ys, how="inner")
    if len(series) > 1:
        names = {"hoover": t("hoover", lang), "capital_share_x": t("cap_share_x", lang),
                 "capital_share_y": t("cap_share_y", lang)}
        long = series[list(names)].rename(columns=names).reset_index().melt(
            "year", var_name="series", value_name="value")
        st.altair_chart(charts.trend(long, t("trend_axis", lang)), use_container_width=True)
    shown = table[["name", "x", "y", "share_x", "share_y", "ratio", "log_ratio"]].copy()
    shown[["share_x", "share_y"]] *= 100
    formats = {"x": "{:,.0f}", "y": "{:,.0f}", "share_x": "{:.2f}%", "share_y": "{:.2f}%", "ratio": "{:.2f}",
               "log_ratio": "{:+.2f}"}
    heads = {c: t(f"col_{c}", lang) for c in shown.columns}
    st.dataframe(
        highlight(shown.rename(columns=heads)).format({heads[c]: f for c, f in formats.items()}),
        use_container_width=True)
    st.caption(t("sejong_note", lang))
