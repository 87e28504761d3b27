"""The Data & sources tab: the catalogue with coverage and provenance, and the table behind the current map."""

from __future__ import annotations

import streamlit as st

from analysis import userdata
from ui import data, keys
from ui.i18n import col, t


def render(lang: str) -> None:
    """Draw the Data tab."""
    store = data.store()  # bundled and this session's uploads
    cat = store.catalogue
    st.subheader(t("catalogue_head", lang))
    cols = [col("label", lang), "layer", "unit", "nature", "derived", "base_year",
            "source_type", "licence", "notes"]
    st.dataframe(cat[[c for c in cols if c in cat.columns]], use_container_width=True, height=420)
    st.subheader(t("sources_head", lang))
    st.dataframe(store.sources, use_container_width=True, height=300)
    view = st.session_state.get(keys.LAST_VIEW)
    if view is not None and userdata.is_user(view.indicator) and view.indicator not in data.user_indicators():
        view = None  # removed from the session: its values are not offered any more
    if view is not None:
        csv = view.values.rename("value").rename_axis("code").reset_index().assign(
            indicator=view.indicator, level=view.level, year=view.year, mode=view.mode).to_csv(index=False)
        st.download_button(t("map_csv", lang),
                           csv.encode("utf-8-sig"), file_name=f"ries_{view.indicator}_{view.year}.csv",
                           mime="text/csv", key="dl_map_csv")
    st.markdown(t("data_credits", lang))
