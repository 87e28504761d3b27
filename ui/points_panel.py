"""The "Your data" tab's point-file page: facilities with coordinates, shown as points and summed into regions.

Thin: reading and coordinate detection are :mod:`ingest.points`, the spatial join and its rules
:mod:`analysis.aggregate` (the same call as ``python -m analysis aggregate``), the indicator records
:mod:`analysis.userdata`. The points map sends only coordinates to the browser (clustered markers for up to
:data:`MAX_MARKERS` points, else every point binned into cells); marker-cluster JS/CSS come from the installed
``xstatic-leaflet-markercluster`` package. User text (file, column and category names) reaches the page only
through ``st.dataframe``/``st.text``/widgets and the escaping map builders.
"""

from __future__ import annotations

from pathlib import Path

import folium
import numpy as np
import streamlit as st
from streamlit_folium import st_folium

from analysis import aggregate as ag
from analysis import indicators, userdata
from analysis.errors import AtlasError, ImportFileError
from geo import mapkinds
from ingest import points
from lang import error_text, heads, say, t, word
from ui import data, keys
from ui.streamlit_words import file_uploader
from ui.text import md

STATE_KEY = keys.USER_INDICATORS
MAX_MARKERS = mapkinds.MAX_MARKERS
"""Most points drawn one by one (clustered); larger files are drawn as cells."""




def _read(data_bytes: bytes, name: str, x: str, y: str, crs: str, swap: str) -> points.PointTable:
    """Read once per file and options within this session (user data never enters a shared cache)."""
    key = ("points", name, len(data_bytes), hash(data_bytes), x, y, crs, swap)
    memo = st.session_state.get("_points_memo")
    if memo is not None and memo[0] == key:
        return memo[1]
    table = points.read_points(data_bytes, name, x=None if x == "auto" else x, y=None if y == "auto" else y,
                               crs=None if crs == "auto" else int(crs),
                               swap={"auto": None, "yes": True, "no": False}[swap])
    st.session_state["_points_memo"] = (key, table)
    st.session_state.pop("_points_agg", None)
    return table


def _columns(data_bytes: bytes, name: str) -> list[str]:
    key = ("columns", name, len(data_bytes), hash(data_bytes))
    memo = st.session_state.get("_points_cols")
    if memo is None or memo[0] != key:
        memo = (key, points.read_columns(data_bytes, name))
        st.session_state["_points_cols"] = memo
    return memo[1]


def _aggregate(table: points.PointTable, level: str, sums: tuple[str, ...], by: str | None) -> ag.AggregateResult:
    memo = st.session_state.setdefault("_points_agg", {})
    key = (id(table), level, sums, by)
    if key not in memo:
        memo[key] = ag.aggregate(table, level, sum_columns=list(sums), by=by)
    return memo[key]


def _positions(table: points.PointTable) -> tuple[np.ndarray, np.ndarray]:
    loc = points.locate(table.frame, table.coords)
    return loc.lon[loc.ok], loc.lat[loc.ok]


def _points_map(table: points.PointTable, lang: str) -> folium.Map:
    lon, lat = _positions(table)
    m, cells = mapkinds.points_map(lon, lat, data.boundaries("sido"), name=table.name, lang=lang,
                                   assets_url=data.STATIC_URL, max_markers=MAX_MARKERS)
    if cells is not None:
        st.caption(t("points_cells", lang).format(cell=mapkinds.POINT_CELL, n=cells))
    return m


def _agg_map(res: ag.AggregateResult, lang: str) -> folium.Map:
    gdf = data.boundaries(res.level)
    return mapkinds.count_map(gdf, res.table.set_index("code")["count"], lang=lang, assets_url=data.STATIC_URL)


def _report(res: ag.AggregateResult, lang: str) -> None:
    s = res.summary()
    cols = st.columns(4)
    for c, (k, v) in zip(cols, (("rows", s["rows"]), ("assigned", s["assigned"]), ("outside", s["outside"]),
                                ("bad", s["bad"])), strict=True):
        c.metric(t(f"points_{k}", lang), f"{v:,}")
    for title, df in ((t("points_outside", lang), res.outside), (t("points_bad", lang), res.bad),
                      (t("points_problems", lang), res.value_problems)):
        if len(df):
            with st.expander(f"{title} ({len(df):,})", expanded=False):
                st.dataframe(heads(df.head(5000), lang, {"reason": "reason", "hint": "hint"}), hide_index=True,
                             width="stretch")


def _form(table: points.PointTable, sums: tuple[str, ...], by: str | None, lang: str) -> None:
    with st.form("points_form", clear_on_submit=False):
        st.subheader(t("points_form", lang))
        c1, c2, c3 = st.columns([3, 1, 2])
        prefix = c1.text_input(t("points_name", lang), value=Path(table.name).stem[:60], key="points_name", max_chars=60)
        year = c2.number_input(t("points_year", lang), min_value=1900, max_value=2100, value=None, step=1,
                               key="points_year")
        layer = c3.selectbox(t("points_layer", lang), list(indicators.LAYERS), key="points_layer",
                             index=list(indicators.LAYERS).index("production"),
                             format_func=lambda x: t(f"layer_{x}", lang))
        cats = st.checkbox(t("points_cats", lang), key="points_cats", value=False, disabled=by is None)
        submitted = st.form_submit_button(t("points_add", lang), type="primary")
    if not submitted:
        return
    if year is None:
        st.error(t("points_need_year", lang))
        return
    with st.spinner("…"):
        results = [_aggregate(table, lv, sums, by) for lv in ag.LEVELS]
    values = ag.tidy_values(results, int(year))
    columns = ["count", *[f"sum_{c}" for c in sums]]
    if cats and by is not None:
        columns += [f"count_{by}_{c}" for c in results[0].categories]
    current = dict(st.session_state.get(STATE_KEY, {}))
    added = []
    try:
        for col in columns:
            if col == "count":
                label, unit = f"{prefix} — {t('points_count_label', lang)}", t("points_unit", lang)
            elif col.startswith("sum_"):
                label, unit = f"{prefix} — {col[4:]} {t('points_sum_label', lang)}", ""
            else:
                label, unit = f"{prefix} — {col.removeprefix('count_')}", t("points_unit", lang)
            rec = userdata.make_user_indicator(values, col, label=label[:120], unit=unit, layer=layer, nature="extensive",
                                               source=table.name, existing=current)
            current[rec.id] = rec
            added.append(rec)
    except ImportFileError as exc:
        st.error(md(error_text(exc, lang)))
        return
    st.session_state[STATE_KEY] = current  # replaced as a whole, only on success
    st.success(t("points_added", lang))
    for rec in added:
        st.text(f"{rec.label} ({rec.id})")


def render(lang: str) -> None:
    """Draw the point-file page in ``lang``."""
    st.caption(t("points_intro", lang))
    up = file_uploader(t("points_upload", lang), "points_upload",
                       ["csv", "txt", "tsv", "xlsx", "geojson", "json", "parquet"], points.MAX_BYTES // 1024 // 1024,
                       lang)
    if up is None:
        return
    raw = up.getvalue()
    with st.expander(t("points_coords", lang), expanded=False):
        c1, c2, c3, c4 = st.columns(4)
        try:
            header = _columns(raw, up.name)
        except ImportFileError:
            header = []
        opts = ["auto", *map(str, header)]
        x = c1.selectbox(t("points_x", lang), opts, key="points_x", format_func=lambda v: t("points_auto", lang) if v == "auto"
                         else v)
        y = c2.selectbox(t("points_y", lang), opts, key="points_y", format_func=lambda v: t("points_auto", lang) if v == "auto"
                         else v)
        crs = c3.selectbox(t("points_crs", lang), ["auto", *map(str, points.CRS_CHOICES)], key="points_crs",
                           format_func=lambda v: t("points_auto", lang) if v == "auto"
                           else t(f"crs_{v}", lang, detail=points.CRS_CHOICES[int(v)]))
        swap = c4.selectbox(t("points_swap", lang), ["auto", "yes", "no"], key="points_swap",
                            format_func=lambda v: t(f"points_{v}", lang))
    try:
        table = _read(raw, up.name, x, y, crs, swap)
    except ImportFileError as exc:  # one message; the session's indicators stay as they were
        st.error(md(error_text(exc, lang)))
        return
    st.text(f"{table.name}: {word('kind', table.kind, lang)} · {len(table):,} {t('points_rows', lang)} · EPSG:{table.coords.crs}"
            + (f" · X: {table.coords.x}, Y: {table.coords.y}" if table.coords.x else ""))
    for note in (*table.coords.notes, *table.notes):
        st.caption(md(say(note, lang)))
    c1, c2, c3 = st.columns([3, 2, 2])
    sums = tuple(c1.multiselect(t("points_sums", lang), table.value_columns, default=table.value_columns[:3],
                                key="points_sums", placeholder=t("choose", lang)))
    by_opt = c2.selectbox(t("points_by", lang), ["", *table.category_columns], key="points_by",
                          format_func=lambda v: v or t("points_none", lang))
    level = c3.selectbox(t("points_level", lang), list(ag.LEVELS), index=1, key="points_level",
                         format_func=lambda v: t(f"level_{v}", lang))
    by = by_opt or None
    try:
        with st.spinner("…"):
            res = _aggregate(table, level, sums, by)
    except AtlasError as exc:
        st.error(md(error_text(exc, lang)))
        return
    _report(res, lang)
    m1, m2 = st.columns(2)
    with m1:
        st.markdown(f"**{t('points_points_map', lang)}**")
        st_folium(_points_map(table, lang), key="points_map", height=460, width=None,
                  returned_objects=[])
    with m2:
        st.markdown(f"**{t('points_agg_map', lang)}** · {t('level_' + level, lang)}")
        st_folium(_agg_map(res, lang), key="points_agg_map", height=460, width=None,
                  returned_objects=[])
    _form(table, sums, by, lang)
