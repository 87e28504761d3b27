"""The Clusters tab: LISA, bivariate LISA, LISA of the mismatch, and Gi* maps with the Moran scatter plot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from analysis import mismatch as mm
from analysis import spatial, userdata
from analysis.errors import DataError
from geo import maps
from ui import charts, data, keys, mapview
from ui.choices import DEFAULT_X, DEFAULT_Y, extensive_ids, first_of, labeller
from ui.colors import CLUSTER_COLORS, CLUSTER_LINE, CLUSTER_ORDER
from ui.i18n import col, t
from ui.selection import highlight, selected
from ui.widgets import ensure, ensure_int, remember

STATS: tuple[str, ...] = ("lisa", "mismatch", "bv_xy", "bv_yx", "gi")
"""The statistics offered (labels: ``stat_*`` in :mod:`ui.i18n`)."""
ALPHAS: list[float] = [0.05, 0.01, 0.1]
PERMUTATIONS: list[int] = [999, 499, 99, 9999]
SEED_DEFAULT, SEED_MAX = 12345, 2**31 - 1


@st.cache_resource(show_spinner=False)
def weights(level: str, autonomous: bool = False):
    """Queen weights with island links for a level (built once per server)."""
    return spatial.weights_for_level(level, autonomous=autonomous)


def _run(stat: str, level: str, x: str, y: str, year: int, permutations: int, seed: int, alpha: float,
         fdr: bool) -> tuple[spatial.LocalResult, spatial.GlobalResult | None]:
    """Run the statistic; bundled indicators through the process cache, uploaded ones (session data) not."""
    if userdata.is_user(x) or userdata.is_user(y):
        return _compute(stat, level, x, y, year, permutations, seed, alpha, fdr)
    return _cached(stat, level, x, y, year, permutations, seed, alpha, fdr)


@st.cache_data(show_spinner=False)
def _cached(stat: str, level: str, x: str, y: str, year: int, permutations: int, seed: int, alpha: float,
            fdr: bool) -> tuple[spatial.LocalResult, spatial.GlobalResult | None]:
    return _compute(stat, level, x, y, year, permutations, seed, alpha, fdr)


def _compute(stat: str, level: str, x: str, y: str, year: int, permutations: int, seed: int, alpha: float,
         fdr: bool) -> tuple[spatial.LocalResult, spatial.GlobalResult | None]:
    g = weights(level)
    xv = data.view(x, level, year, "raw").values
    yv = data.view(y, level, year, "raw").values if y else None
    codes = pd.Index(g.unique_ids)
    if xv.reindex(codes).isna().any() or (yv is not None and yv.reindex(codes).isna().any()):
        missing = sorted(set(codes[xv.reindex(codes).isna()]))
        raise DataError(f"{x} ({year}) has no value for {len(missing)} of {len(codes)} regions "
                        f"({', '.join(missing[:5])}): spatial statistics need every region; choose another year")
    kw = {"permutations": permutations, "seed": seed, "alpha": alpha, "fdr": fdr}
    if stat == "lisa":
        return spatial.local_moran(xv, g, **kw), spatial.moran(xv, g, permutations, seed)
    if stat == "gi":
        return spatial.getis_ord(xv, g, **kw), None
    if stat == "mismatch":
        logm = mm.mismatch(xv, yv).shares["log_ratio"].rename("log_M")
        if not np.isfinite(logm).all():
            raise DataError("ln M is infinite where one indicator is zero: choose other indicators")
        return spatial.local_moran(logm, g, labels="mismatch", **kw), spatial.moran(logm, g, permutations, seed)
    a, b = (xv, yv) if stat == "bv_xy" else (yv, xv)
    scheme = "rnd_production" if (stat == "bv_xy" and x.startswith("rd_")) else "bivariate"
    return (spatial.bivariate_local_moran(a, b, g, labels=scheme, **kw),
            spatial.bivariate_moran(a, b, g, permutations, seed))


def render(lang: str) -> None:
    """Draw the Clusters tab."""
    level = "sido"
    ids = extensive_ids(level)
    c1, c2, c3, c4 = st.columns([1.6, 1.6, 1.6, 0.8])
    ensure(keys.CSTAT, list(STATS), "lisa")
    stat = c1.selectbox(t("statistic", lang), list(STATS), key=keys.CSTAT,
                        format_func=lambda s: t(f"stat_{s}", lang))
    ensure(keys.MX, ids, first_of(DEFAULT_X, ids))
    ensure(keys.MY, ids, first_of(DEFAULT_Y, ids))
    x = c2.selectbox(t("x", lang), ids, key=keys.MX,
                     format_func=labeller(lang))
    needs_y = stat in ("mismatch", "bv_xy", "bv_yx")
    y = c3.selectbox(t("y", lang), ids, key=keys.MY,
                     format_func=labeller(lang), disabled=not needs_y)
    yrs = set(data.complete_years(x, level, strict=True))
    if needs_y:
        yrs &= set(data.complete_years(y, level, strict=True))
    common = sorted(yrs)
    if not common:
        st.warning(t("no_complete_year", lang))
        return
    ensure(keys.MYEAR, common, common[-1])
    year = c4.selectbox(t("year", lang), common, key=keys.MYEAR)
    s1, s2, s3, s4 = st.columns(4)
    ensure(keys.ALPHA, ALPHAS, 0.05)
    ensure(keys.FDR, [False, True], False)
    ensure(keys.PERM, PERMUTATIONS, 999)
    ensure_int(keys.SEED, 0, SEED_MAX, SEED_DEFAULT)
    alpha = s1.selectbox(t("alpha", lang), ALPHAS, key=keys.ALPHA)
    fdr = s2.toggle(t("fdr", lang), key=keys.FDR)
    perms = s3.selectbox(t("permutations", lang), PERMUTATIONS, key=keys.PERM)
    seed = int(s4.number_input(t("seed", lang), min_value=0, max_value=SEED_MAX, step=1, key=keys.SEED))

    remember(*keys.URL_STATE["clusters"])
    local, glob = _run(stat, level, x, y if needs_y else "", int(year), int(perms), seed, float(alpha), bool(fdr))
    if local.warning:
        st.warning("⚠️ " + t("small_n", lang, detail=local.warning))
    gdf = data.boundaries(level)
    tab = local.table
    label_col = col("label", lang)
    tips = pd.Series({
        c: maps.tooltip_table({
            t("statistic", lang): str(tab.at[c, label_col]),
            "p": f"{tab.at[c, 'p_sim']:.3f}",
            t("year", lang): str(year),
        }, mapview.region_name(gdf, c, lang)) for c in tab.index})
    m = maps.base_map(tuple(gdf.total_bounds), assets_url=data.STATIC_URL)
    maps.add_regions(m, gdf, tab["cluster"].map(CLUSTER_COLORS), tooltip_html=tips, name=t(f"stat_{stat}", lang),
                     selected=selected(), line_color=CLUSTER_LINE)
    maps.add_capital_outline(m, data.sido_outline(), label=t("capital", lang))
    counts = tab["cluster"].value_counts()
    words = tab.drop_duplicates("cluster").set_index("cluster")[label_col]
    items = [maps.LegendItem(CLUSTER_COLORS[k], str(words[k]), int(counts[k]))
             for k in CLUSTER_ORDER if k in counts.index]
    crit = f"p ≤ {local.crit_value:.3g}" + (" (FDR)" if fdr else "")
    maps.add_legend(m, t(f"stat_{stat}", lang), items,
                    note=f"{crit} · {local.permutations} perm. · seed {local.seed}")
    left, right = st.columns([1.15, 1])
    with left:
        mapview.show(m, keys.MAP_CLUSTERS, height=520)
    with right:
        if glob is not None:
            st.markdown(f"**Moran's I = {glob.I:.3f}** (E[I] = {glob.EI:.3f}, z = {glob.z_sim:.2f}, "
                        f"p = {glob.p_sim:.3f}; {glob.permutations} permutations, seed {glob.seed}, n = {glob.n})")
            z = (tab["value"] - tab["value"].mean()) / tab["value"].std(ddof=0)
            sc = pd.DataFrame({"z": z, "lag": tab["lag"], "cluster": tab["cluster"],
                               "name": [gdf.at[c, col("name", lang)] for c in tab.index]})
            st.altair_chart(charts.moran_scatter(sc, "z", "lag", selected(), CLUSTER_COLORS, glob.I),
                            use_container_width=True)
        st.caption(f"{crit} · {local.permutations} permutations · seed {local.seed} · n = {local.n}")
    shown = tab[["value", "lag", "p_sim", "cluster", label_col]]
    st.dataframe(highlight(shown.set_axis([t(f"col_{c}", lang) for c in ("value", "lag", "p_sim", "cluster", "label")],
                                          axis=1)), use_container_width=True)
