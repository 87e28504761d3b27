"""The profile panel of the selected region (sidebar): indicators, ranks and the trend of the map indicator."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import regions
from analysis.errors import AtlasError
from geo.names import place_names
from lang import pick, t
from lang.numbers import rank_in, unit_formatter
from ui import charts, data, keys
from ui.choices import label_of
from ui.selection import selected
from ui.text import html_text, md


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
    names = {lang_: place_names(gdf.loc[[code]], lang_).iloc[0] for lang_ in ("ko", "en")}  # "울산 북구"
    side.markdown(f"### {md(names['ko'])}\n{md(names['en'])} · `{code}`")
    if bool(gdf.at[code, "capital_region"]):
        side.caption(t("capital_named", lang, names=pick(regions.capital_names(), lang)))
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
        units = len(regions.units(level, data.store().autonomous(ind, level)))
        rank = rank_in(v.values, code, units)  # "2위 / 3 (17개 중 3개 공표)": both denominators said
        rows.append({
            t("indicator", lang): label_of(ind, lang),
            t("year", lang): int(yrs[-1]),
            t("value", lang): unit_formatter(v.unit, lang)(v.values[code]),
            t("rank", lang): rank.text(lang) if rank else "—",
        })
    if rows:
        table = pd.DataFrame(rows)
        years = sorted(set(table[t("year", lang)]))
        if len(years) > 1:  # each indicator's latest year differs: said, and each row names its year
            side.caption("⚠️ " + t("profile_mixed_years", lang, first=years[0], last=years[-1]))
        # the sidebar is ~300 px wide: a table of four columns cut the value and rank, so each indicator is a
        # small block whose lines wrap (label and year; value · rank), in a scrolling box
        ind_h, year_h, val_h, rank_h = (t(k, lang) for k in ("indicator", "year", "value", "rank"))
        blocks = "".join(
            f"<div class='ries-prof' data-year='{int(r[year_h])}'><strong>{html_text(r[ind_h])}</strong> "
            f"<span style='color:#666'>({int(r[year_h])})</span><br>{html_text(r[val_h])} · "
            f"<span style='color:#444'>{html_text(r[rank_h])}</span></div>"
            for r in rows)
        with side.container(height=320, key="profile_rows"):
            st.markdown(f"<div style='font-size:0.85rem;line-height:1.35'>{blocks}</div>"
                        "<style>.ries-prof{padding:4px 0;border-bottom:1px solid #e6e6e6}</style>",
                        unsafe_allow_html=True)
    ind = st.session_state.get(keys.IND)
    if ind and ind in data.available(level):
        frame = data.series(ind, level, code).dropna().rename("value").rename_axis("year").reset_index()
        if len(frame) > 1:
            side.caption(md(label_of(ind, lang)))
            side.altair_chart(charts.trend(frame.assign(series=label_of(ind, lang)), "", legend=False, lang=lang),
                              width="stretch")
