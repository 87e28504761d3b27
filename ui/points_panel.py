"""The "Your data" tab's point-file page: facilities with coordinates, shown as points and summed into regions.

Thin: reading and coordinate detection are :mod:`ingest.points`, the spatial join and its rules
:mod:`analysis.aggregate` (the same call as ``python -m analysis aggregate``), the indicator records
:mod:`analysis.userdata`. The points map sends only coordinates to the browser (clustered markers for up to
:data:`MAX_MARKERS` points, else every point binned into cells); marker-cluster JS/CSS come from the installed
``xstatic-leaflet-markercluster`` package. User text (file, column and category names) reaches the page only
through ``st.dataframe``/``st.text``/widgets and the escaping map builders.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from analysis import aggregate as ag
from analysis import indicators, userdata
from analysis.errors import AtlasError, ImportFileError
from analysis.notes import Note
from analysis.pointset import PointSet, compact
from analysis.ranges import YEAR
from geo import mapkinds
from ingest import points
from lang import error_text, heads, say, t, word
from ui import data, keys, memory
from ui.streamlit_words import file_uploader, select_all
from ui.text import md

STATE_KEY = keys.USER_INDICATORS
MAX_MARKERS = mapkinds.MAX_MARKERS
"""Most points drawn one by one (clustered); larger files are drawn as cells."""
LISTED = 5_000
"""Rows listed per kind of problem (bad coordinates, outside, left out of sums); every one is counted."""
PAD = 0.02
"""Degrees added around the points' extent: points at one position have no extent, and Leaflet fitted to an
empty box zooms without end and fails on its circles ("Invalid LatLng object: (NaN, NaN)")."""
RESULTS_KEPT = 6
"""Level / sum / category combinations whose result a session keeps (the most recent)."""
_FILE, _RESULTS = "points", "points_results"


def release() -> None:
    """Free this session's point file and its results (the upload was removed, or the page left)."""
    memory.drop(_FILE, _RESULTS)


def _read(up, x: str, y: str, crs: str, swap: str) -> tuple[PointSet | None, list[str], Exception | None]:
    """The upload as a compact point set, read once per file and coordinate options in this session.

    Held by :mod:`ui.memory` (never ``st.session_state``, never a shared cache): the rows as read are dropped as
    soon as their point set is made, and the previous file's point set before the next one is read. A refusal
    is kept too (with the file's columns, for choosing the coordinate columns by hand), so a rerun does not
    read a refused file again.
    """
    key = (getattr(up, "file_id", None), up.name, up.size, x, y, crs, swap)
    held = memory.get(_FILE)
    if held is not None and held[0] == key:
        return held[1], held[2], held[3]
    release()  # one file at a time: free the previous one before reading
    data_bytes = up.getvalue()
    columns: list[str] = []
    try:
        table = points.read_points(data_bytes, up.name, x=None if x == "auto" else x,
                                   y=None if y == "auto" else y, crs=None if crs == "auto" else int(crs),
                                   swap={"auto": None, "yes": True, "no": False}[swap])
        columns = [str(c) for c in table.frame.columns]
        ps, problem = compact(table, listed=LISTED), None
        del table
        memory.trim()  # the rows as read are gone: hand their memory back now, not at the next collection
    except AtlasError as exc:
        ps, problem = None, exc
        try:
            columns = points.read_columns(data_bytes, up.name)
        except AtlasError:
            columns = []
    except MemoryError:
        ps, problem = None, ImportFileError(Note("points_out_of_memory", "{name} needs more memory than the server "
                                                 "has free; split the file or keep fewer columns.", name=up.name))
    del data_bytes
    memory.put(_FILE, (key, ps, columns, problem))
    return ps, columns, problem


def _aggregate(ps: PointSet, level: str, sums: tuple[str, ...], by: str | None) -> ag.AggregateResult:
    """The result of one level / sums / category choice; the last :data:`RESULTS_KEPT` are kept."""
    kept = memory.get(_RESULTS)
    if kept is None or kept[0] is not ps:
        kept = (ps, OrderedDict())
        memory.put(_RESULTS, kept)
    cache = kept[1]
    key = (level, sums, by)
    if key in cache:
        cache.move_to_end(key)
    else:
        cache[key] = ag.aggregate(ps, level, sum_columns=list(sums), by=by)
        while len(cache) > RESULTS_KEPT:
            cache.popitem(last=False)
    return cache[key]


def _points_map(table: PointSet, lang: str) -> folium.Map:
    lon, lat = table.positions()
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
    for title, df, n in ((t("points_outside", lang), res.outside, res.n_outside),
                         (t("points_bad", lang), res.bad, res.n_bad),
                         (t("points_problems", lang), res.value_problems, res.problem_count)):
        if n:
            with st.expander(f"{title} ({n:,})", expanded=False):
                if len(df) < n:
                    st.caption(t("points_listed", lang, shown=len(df), n=n))
                st.dataframe(heads(df, lang, {"reason": "reason", "hint": "hint"}), hide_index=True,
                             width="stretch")


def same_indicator(a: userdata.UserIndicator, b: object) -> bool:
    """Whether ``a`` is ``b`` added again: the same name, unit, layer, source file and values (its id aside)."""
    if not isinstance(b, userdata.UserIndicator):
        return False
    if (a.label, a.unit, a.layer, a.nature, a.source) != (b.label, b.unit, b.layer, b.nature, b.source):
        return False
    cols = [c for c in a.values.columns if c != "indicator"]
    return a.values[cols].reset_index(drop=True).equals(b.values[cols].reset_index(drop=True))


def _form(table: PointSet, sums: tuple[str, ...], by: str | None, lang: str) -> None:
    with st.form("points_form", clear_on_submit=False):
        st.subheader(t("points_form", lang))
        c1, c2, c3 = st.columns([3, 1, 2])
        prefix = c1.text_input(t("points_name", lang), value=Path(table.name).stem[:60], key="points_name", max_chars=60)
        year = c2.number_input(t("points_year", lang), min_value=YEAR.lo, max_value=YEAR.hi, value=None, step=1,
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
            if any(same_indicator(rec, old) for old in current.values()):
                continue  # the form sent again (Enter in its name field): the same indicator once
            current[rec.id] = rec
            added.append(rec)
    except ImportFileError as exc:
        st.error(md(error_text(exc, lang)))
        return
    if not added:
        st.info(t("points_already", lang))
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
        release()  # the upload was removed: its arrays go at once
        return
    choice = {k: st.session_state.get(f"points_{k}", "auto") for k in ("x", "y", "crs", "swap")}
    with st.spinner(t("points_reading", lang)):
        table, header, problem = _read(up, **choice)
    with st.expander(t("points_coords", lang), expanded=problem is not None):
        c1, c2, c3, c4 = st.columns(4)
        opts = ["auto", *header]
        for key in ("points_x", "points_y"):
            if st.session_state.get(key, "auto") not in opts:
                st.session_state[key] = "auto"  # a column of another file
        c1.selectbox(t("points_x", lang), opts, key="points_x",
                     format_func=lambda v: t("points_auto", lang) if v == "auto" else v)
        c2.selectbox(t("points_y", lang), opts, key="points_y",
                     format_func=lambda v: t("points_auto", lang) if v == "auto" else v)
        c3.selectbox(t("points_crs", lang), ["auto", *map(str, points.CRS_CHOICES)], key="points_crs",
                     format_func=lambda v: t("points_auto", lang) if v == "auto"
                     else t(f"crs_{v}", lang, detail=points.CRS_CHOICES[int(v)]))
        c4.selectbox(t("points_swap", lang), ["auto", "yes", "no"], key="points_swap",
                     format_func=lambda v: t(f"points_{v}", lang))
    if problem is not None:  # one message; the session's indicators stay as they were
        st.error(md(error_text(problem, lang)))
        return
    st.text(f"{table.name}: {word('kind', table.kind, lang)} · {len(table):,} {t('points_rows', lang)} · "
            f"EPSG:{table.coords.crs}" + (f" · X: {table.coords.x}, Y: {table.coords.y}" if table.coords.x else ""))
    for note in (*table.coords.notes, *table.notes, *table.left_out):
        st.caption(md(say(note, lang)))
    c1, c2, c3 = st.columns([3, 2, 2])
    sums = tuple(c1.multiselect(t("points_sums", lang), table.value_columns, default=table.value_columns[:3],
                                key="points_sums", placeholder=t("choose", lang),
                                select_all=select_all(lang)))
    by_opt = c2.selectbox(t("points_by", lang), ["", *table.category_columns], key="points_by",
                          format_func=lambda v: v or t("points_none", lang))
    level = c3.selectbox(t("points_level", lang), list(ag.LEVELS), index=1, key="points_level",
                         format_func=lambda v: t(f"level_{v}", lang))
    by = by_opt or None
    try:
        with st.spinner(t("points_counting", lang)):
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
