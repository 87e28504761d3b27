"""The profile panel of the selected region (sidebar): indicators, ranks and the trend of the map indicator."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.errors import AtlasError
from ui import charts, data, keys
from ui.choices import label_of
from ui.i18n import t
from ui.mapview import fmt_for
from ui.selection import selected
from ui.text import md


def _level_of(code: str) -> str:
    return {2: "sido", 5: "sigungu"}.get(len(code), "emd")


def render(lang: str) -> None:
    """Show the selected region's profile in the sidebar (or a hint when nothing is selected)."""
    side = st.sidebar
    side.subheader(t("profile", lang))
    code = selected()
    if not code:
        side.caption(t("click_hint", lang))
        return
    level = _level_of(str(code))
    gdf = data.boundaries(level) if level != "sigungu" else data.boundaries_for(level, pd.Index([code]))
    if code not in gdf.index:
        side.caption(t("click_hint", lang))
        return
    side.markdown(f"### {gdf.at[code, 'name_ko']}\n{gdf.at[code, 'name_en']} · `{code}`")
    if bool(gdf.at[code, "capital_region"]):
        side.caption(t("profile_capital", lang))
    rows = []
    for ind in sorted(data.available(level)):
        yrs = data.years(ind, level)
        if not yrs:
            continue
        try:
            v = data.view(ind, level, yrs[-1], "raw")
        except AtlasError:
            continue
        if code not in v.values.index or pd.isna(v.values.get(code)):
            continue
        rank = int(v.values.rank(ascending=False, method="min")[code])
        n = int(v.values.notna().sum())
        rank_text = t("rank_of", lang, rank=rank, n=n)
        rows.append({
            t("indicator", lang): label_of(ind, lang),
            t("value", lang): f"{fmt_for(v, lang)(v.values[code])} · {rank_text} · {yrs[-1]}",
        })
    if rows:
        side.dataframe(pd.DataFrame(rows), hide_index=True, use_container_width=True, height=300)
    ind = st.session_state.get(keys.IND)
    if ind and ind in data.available(level):
        frame = data.series(ind, level, code).dropna().rename("value").rename_axis("year").reset_index()
        if len(frame) > 1:
            side.caption(md(label_of(ind, lang)))
            side.altair_chart(charts.trend(frame.assign(series=label_of(ind, lang)), "", legend=False),
                              use_container_width=True)
