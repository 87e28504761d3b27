"""The Mismatch tab: shares of x against y, capital vs non-capital panel, and the log share-ratio map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from analysis.errors import AtlasError
from geo import maps
from report import exports
from ui import charts, data
from ui.i18n import t
from ui.map_tab import clicked_code, label_of, labeller, region_name, select_region
from ui.widgets import ensure, remember

LEVEL = "sido"
DEFAULT_X = ("rd_expenditure_from_share", "rd_expenditure_share_pct", "gva_prof_sci_tech_services_nominal_b2020")
DEFAULT_Y = ("gva_manufacturing_nominal_b2020", "gva_mining_manufacturing_nominal_b2020")


def extensive_ids(level: str) -> list[str]:
    """Extensive indicators (amounts that sum over regions) with data at ``level``."""
    cat = data.catalogue()
    avail = data.available(level)
    return [i for i in cat.index if i in avail and cat.at[i, "nature"] == "extensive"]


def _first(candidates: tuple[str, ...], options: list[str]) -> str:
    return next((c for c in candidates if c in options), options[0])


def render(lang: str) -> None:
    """Draw the Mismatch tab."""
    ids = extensive_ids(LEVEL)
    c1, c2, c3 = st.columns([2, 2, 1])
    ensure("mx", ids, _first(DEFAULT_X, ids))
    ensure("my", ids, _first(DEFAULT_Y, ids))
    x = c1.selectbox(t("x", lang), ids, key="mx",
                     format_func=labeller(lang))
    y = c2.selectbox(t("y", lang), ids, key="my",
                     format_func=labeller(lang))
    common = data.comparable_years(x, y, LEVEL)
    if not common:
        try:
            data.comparison(x, y, LEVEL)  # the one refusal message (no comparable year)
        except AtlasError as exc:
            st.warning(f"{label_of(x, lang)} / {label_of(y, lang)}: {exc}")
        return
    ensure("myear", common, common[-1])
    year = c3.selectbox(t("year", lang), common, key="myear")

    remember("mx", "my", "myear")
    try:
        comp = data.comparison(x, y, LEVEL, int(year))
    except AtlasError as exc:
        st.warning(str(exc))
        return
    res = comp.mismatch
    conc_x, conc_y = comp.concentration["x"], comp.concentration["y"]
    gdf = data.boundaries(LEVEL)
    cap = comp.capital
    if comp.dropped:
        st.info(("비교에서 제외된 지역: " if lang == "ko" else "Left out: ")
                + "; ".join(f"{region_name(gdf, c, lang) if c in gdf.index else c} ({why})"
                            for c, why in comp.dropped))

    m1, m2, m3, m4, m5 = st.columns(5)
    m1.metric(t("hoover", lang), f"{comp.hoover:.3f}")
    m2.metric(t("theil_kl", lang), f"{comp.theil_kl:.3f}")
    m3.metric(t("cap_share_x", lang), f"{comp.capital_share_x * 100:.1f}%")
    m4.metric(t("cap_share_y", lang), f"{comp.capital_share_y * 100:.1f}%")
    mor = comp.moran["log_ratio"]
    m5.metric("Moran's I (ln M)", "—" if mor is None else f"{mor.I:.3f}",
              help=None if mor is None else f"p = {mor.p_sim:.3f} · {mor.permutations} permutations · seed {mor.seed}")

    selected = st.session_state.get("region")
    table = res.shares.copy()
    table["name"] = [gdf.at[c, "name_ko" if lang == "ko" else "name_en"] for c in table.index]
    table["capital"] = cap.reindex(table.index).fillna(False).astype(bool)
    left, right = st.columns([1.05, 1])
    with left:
        st.subheader("X 비중 대 Y 비중" if lang == "ko" else "Share of X against share of Y")
        st.altair_chart(charts.share_scatter(table, label_of(x, lang), label_of(y, lang), selected),
                        use_container_width=True)
    with right:
        st.subheader("로그 비중비 ln(X 비중 / Y 비중)" if lang == "ko" else "Log share ratio ln(share X / share Y)")
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
                }, region_name(gdf, c, lang)) for c in gdf.index})
            fill = classes.classes.map(lambda k: None if pd.isna(k) else classes.colors[int(k)])
            maps.add_regions(m, gdf, fill, tooltip_html=tips, name="ln M", selected=selected)
            maps.add_capital_outline(m, data.sido_outline(), label=t("capital", lang))
            maps.add_legend(m, "ln M " + ("(0 = 같은 비중)" if lang == "ko" else "(0 = same share)"),
                            maps.class_legend_items(classes, lambda v: f"{v:+.2f}", missing_label=t("no_data", lang)),
                            note=("주황: X 초과 · 보라: Y 초과" if lang == "ko" else "orange: X surplus · purple: Y surplus"))
            out = st_folium(m, key="map_mismatch", height=430, use_container_width=True,
                            returned_objects=["last_active_drawing"])
            code = clicked_code(out)
            if code and code != selected:
                select_region(code)
                st.rerun()

    st.subheader("수도권 대 비수도권" if lang == "ko" else "Capital region vs the rest")
    panel = pd.DataFrame({
        "": ["X", "Y"],
        t("capital", lang) + " %": [conc_x.capital_share * 100, conc_y.capital_share * 100],
        "Gini": [conc_x.gini, conc_y.gini],
        "Theil": [conc_x.theil, conc_y.theil],
        "Theil between": [conc_x.theil_between, conc_y.theil_between],
        "Theil within": [conc_x.theil_within, conc_y.theil_within],
        "between / total": [conc_x.between_share, conc_y.between_share],
    }).set_index("")
    st.dataframe(panel.style.format("{:.3f}"), use_container_width=True)
    series = data.trend(x, y, LEVEL, int(year))
    if len(series) > 1:
        st.subheader(t("trend_title", lang))
        st.altair_chart(charts.mismatch_trend(series, lang), use_container_width=True)
        left_out = series.attrs.get("left_out", {})
        if left_out:
            st.caption(t("trend_left_out", lang)
                       + "; ".join(f"{yr} ({why})" for yr, why in sorted(left_out.items())))
    shown = table[["name", "x", "y", "share_x", "share_y", "ratio", "log_ratio"]].copy()
    shown[["share_x", "share_y"]] *= 100
    st.dataframe(
        shown.style.format({"x": "{:,.0f}", "y": "{:,.0f}", "share_x": "{:.2f}%", "share_y": "{:.2f}%",
                            "ratio": "{:.2f}", "log_ratio": "{:+.2f}"})
        .apply(lambda r: ["background-color:#ffe0b2" if r.name == selected else "" for _ in r], axis=1),
        use_container_width=True)
    st.caption("* 세종(36)은 별도 공표 전까지 충남(일부 충북)에 포함되어 있습니다."
                if lang == "ko" else
                "* Until a table lists Sejong (36) separately, its figures are inside Chungnam (partly Chungbuk).")
