"""The Change tab: how regions move between share classes over the years (classic, spatial and LISA Markov,
rank mobility), as heat tables with a plain-language reading computed in :mod:`analysis.transitions`."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from analysis import transitions as tr
from analysis.difference import HOW, difference
from analysis.errors import AtlasError
from analysis.store import Store
from geo import maps
from report.exports import diverging_classification
from ui import charts, data
from ui.i18n import t
from ui.widgets import ensure, remember

LEVELS = ("sido", "sigungu")
DEFAULT = ("employed_persons", "gva_manufacturing_nominal_b2020", "gva_manufacturing_nominal_b2015")
K_OPTIONS = (3, 4, 5)


def _options(level: str) -> list[str]:
    """Extensive indicators (bundled and this session's uploads) with two or more complete years at ``level``."""
    s = data.store()
    return _options_of(s.key, level, s)


@st.cache_data(show_spinner=False, max_entries=16)
def _options_of(key: str, level: str, _store: Store) -> list[str]:
    cat = _store.catalogue
    avail = _store.available(level)
    return [i for i in cat.index
            if i in avail and cat.at[i, "nature"] == "extensive" and not str(cat.at[i, "unit"]).startswith("% of")
            and len(_store.complete_years(i, level)) >= 2]


@st.cache_data(show_spinner="Markov…", max_entries=32)
def _transitions_of(key: str, indicator: str, level: str, k: int, _store: Store) -> tr.Transitions:
    return tr.transitions(indicator, level, k=k, m=k, permutations=999, seed=12345, store=_store)


def _transitions(indicator: str, level: str, k: int) -> tr.Transitions:
    s = data.store()
    return _transitions_of(s.key, indicator, level, int(k), s)


def _label(indicator: str, lang: str) -> str:
    return str(data.catalogue().at[indicator, "label_ko" if lang == "ko" else "label_en"])


def _pct(v: float) -> str:
    return f"{v * 100:.2f}%"


def render(lang: str) -> None:
    """Draw the Change tab."""
    ko = lang == "ko"
    c1, c2, c3 = st.columns([1, 3, 1])
    levels = [lv for lv in LEVELS if _options(lv)]
    if not levels:
        st.info("변화를 볼 수 있는 지표가 없습니다." if ko else "No indicator has two comparable years.")
        return
    ensure("clevel", levels, levels[0])
    level = c1.selectbox(t("level", lang), levels, key="clevel",
                         format_func=lambda x: data.LEVEL_LABELS[x][0 if ko else 1])
    ids = _options(level)
    ensure("cind", ids, next((d for d in DEFAULT if d in ids), ids[0]))
    indicator = c2.selectbox(t("indicator", lang), ids, key="cind", format_func=lambda i: _label(i, lang))
    ensure("ck", list(K_OPTIONS), 4)
    k = c3.selectbox("분위 수" if ko else "Classes", list(K_OPTIONS), key="ck")
    remember("clevel", "cind", "ck")
    try:
        res = _transitions(indicator, level, int(k))
    except AtlasError as exc:
        st.error(str(exc))
        return
    p, mk = res.panel, res.markov
    st.markdown(
        (f"**{_label(indicator, lang)}** — 전국 대비 비중의 {mk.k}분위, {p.years[0]}–{p.years[-1]}"
         f" ({p.step}년 간격), {p.n}개 지역, 이동 {mk.global_.n}회")
        if ko else
        (f"**{_label(indicator, lang)}** — {mk.k} quantile classes of the regional share, "
         f"{p.years[0]}–{p.years[-1]} (every {p.step} year{'s' if p.step > 1 else ''}), {p.n} regions, "
         f"{mk.global_.n} transitions"))
    st.markdown("\n".join(f"- {s}" for s in tr.reading(res, lang)))
    if p.left_out:
        with st.expander(("제외한 연도 " if ko else "Years left out ") + f"({len(p.left_out)})"):
            st.dataframe(pd.DataFrame({"year": list(p.left_out), "reason": list(p.left_out.values())}),
                         hide_index=True, use_container_width=True)
    bounds = [0.0, *mk.cutoffs]
    classes = ", ".join(
        f"{c}: {_pct(bounds[i])}–{_pct(mk.cutoffs[i])}" if i < len(mk.cutoffs) else f"{c}: > {_pct(bounds[i])}"
        for i, c in enumerate(mk.classes))
    left, right = st.columns(2)
    with left:
        st.subheader("전체 전이행렬" if ko else "Transition matrix (all regions)")
        st.altair_chart(charts.transition_heat(mk.global_.probabilities, mk.global_.counts), use_container_width=False)
        st.caption(("분위 (비중, 전 기간 공통): " if ko else "Classes (share, pooled over the years): ") + classes)
    with right:
        lm = res.lisa_markov
        st.subheader("LISA 사분면 전이" if ko else "LISA quadrant transitions")
        st.altair_chart(charts.transition_heat(lm.matrix.probabilities, lm.matrix.counts), use_container_width=False)
        st.caption(f"자신과 이웃의 이동이 독립인지 χ² = {lm.chi2:.1f}, p = {lm.chi2_p_value:.3f}" if ko else
                    f"Own and neighbours' moves independent? χ² = {lm.chi2:.1f}, p = {lm.chi2_p_value:.3f}")
    st.subheader("이웃의 분위별 전이행렬 (공간 마르코프)" if ko else "Transitions by the neighbours' class (spatial Markov)")
    lag_bounds = [0.0, *mk.lag_cutoffs]
    per_row = 2
    for start in range(0, len(mk.spatial), per_row):
        cols = st.columns(per_row)
        for i in range(start, min(start + per_row, len(mk.spatial))):
            tm = mk.spatial[i]
            hi = _pct(mk.lag_cutoffs[i]) if i < len(mk.lag_cutoffs) else "max"
            title = (f"이웃 {i + 1}분위 (n={tm.n}): {_pct(lag_bounds[i])}–{hi}" if ko else
                     f"Neighbours' class {i + 1} (n={tm.n}): {_pct(lag_bounds[i])}–{hi}")
            with cols[i - start]:
                st.markdown(f"**{title}**")
                st.altair_chart(charts.transition_heat(tm.probabilities, tm.counts), use_container_width=False)
    r = res.rank
    m1, m2, m3 = st.columns(3)
    m1.metric(f"Kendall τ {r.first}→{r.last}", f"{r.tau:.3f}")
    m2.metric("공간 τ (이웃 쌍)" if ko else "Spatial τ (neighbour pairs)", f"{r.tau_spatial:.3f}",
              help=f"p_sim = {r.tau_spatial_p_sim:.3f} ({r.permutations} permutations, seed {r.seed})")
    m3.metric("동질성 검정 Q" if ko else "Homogeneity Q", f"{mk.Q:.1f}", help=f"p = {mk.Q_p_value:.3f}, dof {mk.dof}")
    st.caption("PySAL giddy: Spatial_Markov (fixed quantiles), LISA_Markov, SpatialTau · "
               + ("비중 = 해당 연도 모든 지역 합계 대비" if ko else "share = of the sum over the regions in each year"))
    render_difference(indicator, level, lang, default=(p.years[0], p.years[-1]))


@st.cache_data(show_spinner=False, max_entries=32)
def _difference_of(key: str, indicator: str, level: str, before: int, after: int, how: str, _store: Store):
    return difference(_store, indicator, level, before, after, how, permutations=999, seed=12345)


def render_difference(indicator: str, level: str, lang: str, default: tuple[int, int] | None = None) -> None:
    """Change between two years (share or value) as a diverging map, with differential Moran's I."""
    ko = lang == "ko"
    st.subheader("두 연도 사이의 변화" if ko else "Change between two years")
    s = data.store()
    years = s.complete_years(indicator, level)
    if len(years) < 2:
        st.info("비교할 완전한 연도가 둘 이상 없습니다." if ko else "Fewer than two complete years to compare.")
        return
    c1, c2, c3 = st.columns([1, 1, 2])
    first, last = default or (years[0], years[-1])  # default: the Markov run (same units, no break)
    ensure("dy0", years[:-1], first if first in years[:-1] else years[0])
    ensure("dy1", years[1:], last if last in years[1:] else years[-1])
    ensure("dhow", list(HOW), "share")
    y0 = c1.selectbox("처음" if ko else "From", years[:-1], key="dy0")
    y1 = c2.selectbox("나중" if ko else "To", years[1:], key="dy1")
    how = c3.radio("변화" if ko else "Change of", list(HOW), key="dhow", horizontal=True,
                   format_func=lambda h: HOW[h][0 if ko else 1])
    remember("dy0", "dy1", "dhow")
    try:
        d = _difference_of(s.key, indicator, level, int(y0), int(y1), how, s)
    except AtlasError as exc:
        st.warning(str(exc))
        return
    gdf = data.boundaries(level, autonomous=d.autonomous)
    unit = "%p" if how == "share" else ""
    classes = diverging_classification(d.change.reindex(gdf.index), "RdBu", "change")
    m = maps.base_map(tuple(gdf.total_bounds), assets_url=data.STATIC_URL)
    name = "name_ko" if ko else "name_en"
    tips = pd.Series({c: maps.tooltip_table({
        str(d.before): "—" if c not in d.change.index else f"{d.values_before[c]:,.3f}",
        str(d.after): "—" if c not in d.change.index else f"{d.values_after[c]:,.3f}",
        "Δ": "—" if c not in d.change.index else f"{d.change[c]:+,.3f}{unit}",
    }, str(gdf.at[c, name])) for c in gdf.index})
    fill = classes.classes.map(lambda k: None if pd.isna(k) else classes.colors[int(k)])
    maps.add_regions(m, gdf, fill, tooltip_html=tips, name="Δ", selected=st.session_state.get("region"))
    maps.add_legend(m, f"Δ {d.before}→{d.after} ({HOW[how][0 if ko else 1]})",
                    maps.class_legend_items(classes, lambda v: f"{v:+,.2f}{unit}", missing_label=t("no_data", lang)),
                    note="파랑: 증가 · 빨강: 감소" if ko else "blue: up · red: down")
    left, right = st.columns([2, 1])
    with left:
        st_folium(m, key="map_change", height=480, use_container_width=True, returned_objects=[])
    with right:
        mo = d.moran
        if mo is None:
            st.info("모든 지역에서 변화가 같습니다." if ko else "The change is the same in every region.")
        else:
            st.metric("차분 모란 I" if ko else "Differential Moran's I", f"{mo.I:.3f}",
                      help=f"p_sim = {mo.p_sim:.3f} ({mo.permutations} permutations, seed {mo.seed})")
            st.caption((f"p = {mo.p_sim:.3f}: " + ("변화가 공간적으로 모여 있습니다." if mo.p_sim <= 0.05 else
                                                   "변화의 공간적 군집은 확인되지 않습니다."))
                       if ko else
                       (f"p = {mo.p_sim:.3f}: " + ("regions that gained (or lost) cluster together." if mo.p_sim <= 0.05
                                                   else "no evidence that gains or losses cluster.")))
        top = d.change.sort_values()
        names = gdf[name].reindex(top.index)
        st.caption(("가장 늘어난 곳: " if ko else "Largest gains: ")
                   + ", ".join(f"{names[c]} ({v:+.2f}{unit})" for c, v in top.iloc[::-1].head(3).items()))
        st.caption(("가장 줄어든 곳: " if ko else "Largest losses: ")
                   + ", ".join(f"{names[c]} ({v:+.2f}{unit})" for c, v in top.head(3).items()))
