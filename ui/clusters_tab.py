"""The Clusters tab: LISA, bivariate LISA, LISA of the mismatch, and Gi* maps with the Moran scatter plot."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from analysis import spatial
from analysis.errors import AtlasError, DataError
from geo import maps
from report.static_map import CLUSTER_COLORS as GEODA_COLORS
from report.static_map import CLUSTER_ORDER
from ui import charts, data
from ui.i18n import t
from ui.map_tab import clicked_code, labeller, region_name, select_region
from ui.mismatch_tab import DEFAULT_X, DEFAULT_Y, _first, extensive_ids
from ui.text import md
from ui.widgets import ensure, remember

STATS: dict[str, tuple[str, str]] = {
    "lisa": ("국지적 모란 I (LISA)", "Local Moran (LISA)"),
    "mismatch": ("불일치 ln M의 LISA", "LISA of the mismatch ln M"),
    "bv_xy": ("이변량 LISA: X 대 주변 Y", "Bivariate LISA: X vs neighbours' Y"),
    "bv_yx": ("이변량 LISA: Y 대 주변 X", "Bivariate LISA: Y vs neighbours' X"),
    "gi": ("Getis-Ord Gi* 핫스팟", "Getis-Ord Gi* hot spots"),
}


def _run(stat: str, level: str, x: str, y: str, year: int, permutations: int, seed: int, alpha: float,
         fdr: bool) -> tuple[spatial.LocalResult, spatial.GlobalResult | None]:
    """The statistic from the one comparison (x against y) or, for LISA and Gi* of x alone, its univariate
    counterpart: the same year, completeness, weights and wording rules as the summary and the briefing."""
    kw = {"permutations": permutations, "seed": seed, "alpha": alpha, "fdr": fdr}
    if stat in ("lisa", "gi"):
        u = data.univariate_stats(x, level, year, **kw)
        if u.lisa is None:
            raise DataError(u.notes[0])
        return (u.lisa, u.moran) if stat == "lisa" else (u.getis_ord, None)
    c = data.comparison(x, y, level, year, **kw)
    key = {"mismatch": ("log_ratio", "log_ratio"), "bv_xy": ("x_lag_y", "bivariate_x_lag_y"),
           "bv_yx": ("y_lag_x", "bivariate_y_lag_x")}[stat]
    local = c.lisa[key[0]]
    if local is None:
        raise DataError(" ".join(c.notes) or "this statistic cannot be computed for these indicators")
    return local, c.moran[key[1]]


def render(lang: str) -> None:
    """Draw the Clusters tab."""
    level = "sido"
    ids = extensive_ids(level)
    c1, c2, c3, c4 = st.columns([1.6, 1.6, 1.6, 0.8])
    ensure("cstat", list(STATS), "lisa")
    stat = c1.selectbox(t("statistic", lang), list(STATS), key="cstat",
                        format_func=lambda s: STATS[s][0 if lang == "ko" else 1])
    ensure("mx", ids, _first(DEFAULT_X, ids))
    ensure("my", ids, _first(DEFAULT_Y, ids))
    x = c2.selectbox(t("x", lang), ids, key="mx",
                     format_func=labeller(lang))
    needs_y = stat in ("mismatch", "bv_xy", "bv_yx")
    y = c3.selectbox(t("y", lang), ids, key="my",
                     format_func=labeller(lang), disabled=not needs_y)
    common = data.comparable_years(x, y, level) if needs_y else data.complete_years(x, level)
    if not common:
        st.warning("모든 지역 자료가 있는 (공통) 연도가 없습니다. 공간통계는 모든 지역 값이 필요합니다."
                   if lang == "ko" else
                   "No (common) year covers every region; spatial statistics need a value for every region.")
        return
    ensure("myear", common, common[-1])
    year = c4.selectbox(t("year", lang), common, key="myear")
    s1, s2, s3, s4 = st.columns(4)
    ensure("alpha", [0.05, 0.01, 0.1], 0.05)
    ensure("fdr", [False, True], False)
    ensure("perm", [999, 499, 99, 9999], 999)
    alpha = s1.selectbox(t("alpha", lang), [0.05, 0.01, 0.1], key="alpha")
    fdr = s2.toggle(t("fdr", lang), key="fdr")
    perms = s3.selectbox(t("permutations", lang), [999, 499, 99, 9999], key="perm")
    seed = int(s4.number_input(t("seed", lang), min_value=0, max_value=2**31 - 1, value=12345, step=1, key="seed"))

    remember("cstat", "mx", "my", "myear", "alpha", "fdr", "perm")
    try:
        local, glob = _run(stat, level, x, y, int(year), int(perms), seed, float(alpha), bool(fdr))
    except AtlasError as exc:
        st.warning(md(str(exc)))
        return
    if local.warning:
        st.warning("⚠️ " + (t("small_n", lang) if lang == "ko" else local.warning))
    gdf = data.boundaries(level)
    tab = local.table
    label_col = "label_ko" if lang == "ko" else "label_en"
    selected = st.session_state.get("region")
    tips = pd.Series({
        c: maps.tooltip_table({
            t("statistic", lang): str(tab.at[c, label_col]),
            "p": f"{tab.at[c, 'p_sim']:.3f}",
            t("year", lang): str(year),
        }, region_name(gdf, c, lang)) for c in tab.index})
    m = maps.base_map(tuple(gdf.total_bounds), assets_url=data.STATIC_URL)
    maps.add_regions(m, gdf, tab["cluster"].map(GEODA_COLORS), tooltip_html=tips, name=STATS[stat][1],
                     selected=selected, line_color="#777777")
    maps.add_capital_outline(m, data.sido_outline(), label=t("capital", lang))
    counts = tab["cluster"].value_counts()
    words = tab.drop_duplicates("cluster").set_index("cluster")[label_col]
    items = [maps.LegendItem(GEODA_COLORS[k], str(words[k]), int(counts[k]))
             for k in CLUSTER_ORDER if k in counts.index]
    crit = f"p ≤ {local.crit_value:.3g}" + (" (FDR)" if fdr else "")
    maps.add_legend(m, STATS[stat][0 if lang == "ko" else 1], items,
                    note=f"{crit} · {local.permutations} perm. · seed {local.seed}")
    left, right = st.columns([1.15, 1])
    with left:
        out = st_folium(m, key="map_clusters", height=520, use_container_width=True,
                        returned_objects=["last_active_drawing"])
        code = clicked_code(out)
        if code and code != selected:
            select_region(code)
            st.rerun()
    with right:
        if glob is not None:
            st.markdown(f"**Moran's I = {glob.I:.3f}** (E[I] = {glob.EI:.3f}, z = {glob.z_sim:.2f}, "
                        f"p = {glob.p_sim:.3f}; {glob.permutations} permutations, seed {glob.seed}, n = {glob.n})")
            z = (tab["value"] - tab["value"].mean()) / tab["value"].std(ddof=0)
            sc = pd.DataFrame({"z": z, "lag": tab["lag"], "cluster": tab["cluster"],
                               "name": [gdf.at[c, "name_ko" if lang == "ko" else "name_en"] for c in tab.index]})
            st.altair_chart(charts.moran_scatter(sc, "z", "lag", selected, GEODA_COLORS, glob.I), use_container_width=True)
        st.caption(f"{crit} · {local.permutations} permutations · seed {local.seed} · n = {local.n}")
    st.dataframe(
        tab[["value", "lag", "p_sim", "cluster", label_col]].style.apply(
            lambda r: ["background-color:#ffe0b2" if r.name == selected else "" for _ in r], axis=1),
        use_container_width=True)
