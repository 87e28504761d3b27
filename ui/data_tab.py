"""The Data & sources tab: the catalogue with coverage and provenance, and the table behind the current map."""

from __future__ import annotations

import streamlit as st

from analysis import userdata
from analysis.errors import AtlasError
from lang import col, error_text, heads, t
from report.workbook import planner_workbook
from ui import data, keys
from ui.choices import labeller
from ui.text import md


def in_language(frame, lang: str, fields: tuple[str, ...]):
    """``frame`` with the provenance ``fields`` in the page's language: on a Korean page ``{field}_ko`` replaces
    ``field`` (where recorded); the ``_ko`` columns are dropped either way."""
    out = frame.copy()
    for f in fields:
        mine = col(f, lang)  # notes_ko on a Korean page; notes_en is not recorded: the English field stays
        if mine in out.columns and f in out.columns:
            out[f] = out[mine].where(out[mine].astype(str).str.len() > 0, out[f])
        out = out.drop(columns=[c for c in (col(f, "ko"),) if c in out.columns])
    return out


def render(lang: str) -> None:
    """Draw the Data tab."""
    store = data.store()  # bundled and this session's uploads
    cat = store.catalogue
    st.subheader(t("catalogue_head", lang))
    # headings, layers, natures, source types and the provenance (notes, licence; publisher, table, note) in the
    # page's language (data/ records both); where a source was read is a citation, shown as recorded
    # the ids (used by links and the command line) come last, after what a reader looks for first
    cols = [col("label", lang), "layer", col("unit", lang), "nature", "derived", "base_year", "reference_period",
            "source_type", "licence", "notes", "id"]
    named = in_language(cat.rename(columns={"unit": "unit_en"}).reset_index(), lang, ("notes", "licence"))
    shown = named[[c for c in cols if c in named.columns]].rename(
        columns={col("label", lang): "indicator", col("unit", lang): "unit"})
    st.dataframe(heads(shown, lang, {"layer": "layer", "nature": "nature", "source_type": "source_type",
                                     "base_year": "base_year", "reference_period": "reference_period"}),
                 width="stretch", height=420, hide_index=True)
    st.subheader(t("sources_head", lang))
    sources = in_language(store.sources.reset_index(), lang, ("publisher", "table", "licence", "note"))
    sources = sources[[*sources.columns[1:], sources.columns[0]]]  # source_id last
    st.dataframe(heads(sources, lang, {"source_type": "source_type"}), width="stretch", height=300,
                 hide_index=True)
    view = st.session_state.get(keys.LAST_VIEW)
    if view is not None and userdata.is_user(view.indicator) and view.indicator not in data.user_indicators():
        view = None  # removed from the session: its values are not offered any more
    if view is not None:
        csv = view.values.rename("value").rename_axis("code").reset_index().assign(
            indicator=view.indicator, level=view.level, year=view.year, mode=view.mode).to_csv(index=False)
        st.download_button(t("map_csv", lang),
                           csv.encode("utf-8-sig"), file_name=f"ries_{view.indicator}_{view.year}.csv",
                           mime="text/csv", key="dl_map_csv")
    _workbook(lang)
    st.markdown(t("data_credits", lang))


def _workbook(lang: str) -> None:
    """The planner workbook: several indicators and years in one XLSX (data first, sources last)."""
    st.subheader(t("workbook_head", lang))
    store = data.store()
    levels = data.levels_with_data()
    level = st.selectbox(t("level", lang), levels, key="wb_level", format_func=lambda v: t(f"level_{v}", lang))
    ids = [i for i in store.catalogue.index if i in store.available(level)]
    # the view's own indicators (this session's, else the link's) start the list
    wanted = [i for k in (keys.IND, keys.MX, keys.MY) if (i := st.session_state.get(k) or st.query_params.get(k))
              in ids]
    chosen = st.multiselect(t("workbook_indicators", lang), ids, default=list(dict.fromkeys(wanted)),
                            format_func=labeller(lang), placeholder=t("choose", lang), key="wb_ind")
    years = sorted({y for i in chosen for y in store.years(i, level)}, reverse=True)
    picked = st.multiselect(t("workbook_years", lang), years, default=years[:3], placeholder=t("choose", lang), key="wb_years")
    if not chosen or not picked:
        st.caption(t("workbook_hint", lang))
        return
    try:
        st.download_button("⬇️ " + t("workbook_button", lang),
                           lambda: planner_workbook(store, chosen, level, picked),
                           file_name=f"ries_{level}_{min(picked)}-{max(picked)}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="dl_workbook", on_click="ignore")
    except AtlasError as exc:
        st.warning(md(error_text(exc, lang, labeller(lang))))
