"""The Change tab: how regions move between share classes over the years (classic, spatial and LISA Markov,
rank mobility), as heat tables with a plain-language reading computed in :mod:`analysis.transitions`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import transitions as tr
from analysis.errors import AtlasError
from analysis.store import Store
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
    cols = st.columns(len(mk.spatial))
    for i, (col, tm) in enumerate(zip(cols, mk.spatial, strict=True)):
        hi = _pct(mk.lag_cutoffs[i]) if i < len(mk.lag_cutoffs) else "max"
        title = (f"이웃 {i + 1}분위 ({_pct(lag_bounds[i])}–{hi}, n={tm.n})" if ko else
                 f"Neighbours class {i + 1} ({_pct(lag_bounds[i])}–{hi}, n={tm.n})")
        with col:
            st.altair_chart(charts.transition_heat(tm.probabilities, tm.counts, title, size=170),
                            use_container_width=False)
    r = res.rank
    m1, m2, m3 = st.columns(3)
    m1.metric(f"Kendall τ {r.first}→{r.last}", f"{r.tau:.3f}")
    m2.metric("공간 τ (이웃 쌍)" if ko else "Spatial τ (neighbour pairs)", f"{r.tau_spatial:.3f}",
              help=f"p_sim = {r.tau_spatial_p_sim:.3f} ({r.permutations} permutations, seed {r.seed})")
    m3.metric("동질성 검정 Q" if ko else "Homogeneity Q", f"{mk.Q:.1f}", help=f"p = {mk.Q_p_value:.3f}, dof {mk.dof}")
    st.caption("PySAL giddy: Spatial_Markov (fixed quantiles), LISA_Markov, SpatialTau · "
               + ("비중 = 해당 연도 모든 지역 합계 대비" if ko else "share = of the sum over the regions in each year"))
