"""Upload page: bring your own table, see how its regions match, add it as an indicator of this session.

Thin: reading, matching and checks are :mod:`analysis.importer`; the user-indicator record is
:mod:`analysis.userdata`. Uploaded data lives only in ``st.session_state["user_indicators"]`` (dict id →
:class:`analysis.userdata.UserIndicator`), replaced as a whole on "add" so a failed or cancelled upload never
changes it. User text is shown with ``st.dataframe``/``st.text``/``st.code``, never as HTML.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from analysis import importer, indicators, userdata
from analysis.errors import ImportFileError
from ui.text import md

STATE_KEY = "user_indicators"
"""Session-state key of the dict id → UserIndicator."""

_T: dict[str, tuple[str, str]] = {
    "head": ("내 자료 올리기", "Bring your own data"),
    "intro": ("KOSIS 내려받기 파일, 부처 엑셀, 자체 조사 표(CSV·XLSX, 최대 50 MB)를 올리면 지역을 현재 경계에 "
              "맞추고 결과를 보여 줍니다. 자료는 이 세션에만 저장됩니다.",
              "Upload a KOSIS export, a ministry spreadsheet or your own survey table (CSV or XLSX, up to 50 MB). "
              "Regions are matched to the bundled boundaries; the data stays in this session only."),
    "upload": ("파일 선택", "Choose a file"),
    "encoding": ("인코딩 (CSV)", "Encoding (CSV)"),
    "auto": ("자동 감지", "detect"),
    "level": ("공간 단위", "Level"),
    "negative": ("음수 허용 (증감·수지 지표)", "Allow negative numbers (changes, balances)"),
    "summary": ("지역 맞춤 결과", "Region matching"),
    "matched": ("일치", "matched"),
    "former": ("옛 이름·코드", "former names/codes"),
    "ambiguous": ("모호함", "ambiguous"),
    "unmatched": ("찾지 못함", "unmatched"),
    "changed": ("통합·분리됨", "merged/split since"),
    "duplicates": ("중복", "duplicates"),
    "aggregates": ("합계 행", "total rows"),
    "other_level": ("다른 단위", "other level"),
    "checks": ("합계 검증", "Sum checks"),
    "missing": ("빈 값", "Missing cells"),
    "preview": ("정리된 자료 (미리보기)", "Tidy values (preview)"),
    "form": ("지표로 추가", "Add as an indicator"),
    "which": ("파일 속 항목", "Item in the file"),
    "name": ("지표 이름", "Indicator name"),
    "unit": ("단위", "Unit"),
    "layer": ("부문", "Layer"),
    "nature": ("성격", "Nature"),
    "extensive": ("총량 (합산 가능: 인원, 금액)", "Extensive (counts, amounts: can be summed)"),
    "intensive": ("비율·밀도 (1인당, %)", "Intensive (rates, per capita, %)"),
    "add": ("추가", "Add"),
    "added": ("추가했습니다. 모든 탭의 지표 목록에 나타납니다:", "Added; it now appears in every tab:"),
    "yours": ("이 세션의 내 지표", "Your indicators in this session"),
    "download": ("정리된 CSV 내려받기", "Download clean CSV"),
    "remove": ("삭제", "Remove"),
    "none": ("아직 올린 지표가 없습니다.", "No uploaded indicators yet."),
    "kind": ("자료 종류", "Kind of file"),
    "kind_table": ("지역별 표", "Table of regions"),
    "kind_points": ("좌표 목록 (시설·기업)", "Points (facilities with coordinates)"),
}

_LAYERS: dict[str, tuple[str, str]] = {
    "rnd": ("연구개발", "R&D"),
    "workforce": ("인력", "Workforce"),
    "production": ("생산", "Production"),
    "services": ("서비스", "Services"),
    "context": ("배경", "Context"),
}


def _t(key: str, lang: str) -> str:
    ko, en = _T[key]
    return ko if lang == "ko" else en


def user_indicators() -> dict[str, userdata.UserIndicator]:
    """The session's user indicators (a copy of the dict; the records are frozen)."""
    return dict(st.session_state.get(STATE_KEY, {}))


def _read(data: bytes, name: str, encoding: str, level: str, allow_negative: bool) -> importer.ImportResult:
    """Import once per file and options within this session (no cross-session cache of user data)."""
    key = (name, len(data), hash(data), encoding, level, allow_negative)
    memo = st.session_state.get("_import_memo")
    if memo is not None and memo[0] == key:
        return memo[1]
    res = importer.import_file(data, name, encoding=None if encoding == "auto" else encoding,
                               level=None if level == "auto" else level, allow_negative=allow_negative)
    st.session_state["_import_memo"] = (key, res)
    return res


def _report(res: importer.ImportResult, lang: str) -> None:
    rep = res.report
    s = rep.summary()
    st.subheader(_t("summary", lang))
    st.text(f"{res.grid.kind} · {res.grid.encoding or res.grid.sheet or ''} · {res.layout} · {rep.level} · "
            f"{rep.column}")
    cols = st.columns(4)
    for c, k in zip(cols, ("matched", "former", "ambiguous", "unmatched"), strict=True):
        c.metric(_t(k, lang), s[k])
    for note in (*res.grid.notes, *res.notes):
        st.caption(md(note))
    shown = {
        "former": rep.matched[rep.matched["status"] == "former"],
        "ambiguous": rep.ambiguous, "unmatched": rep.unmatched, "changed": rep.changed,
        "duplicates": rep.duplicates, "aggregates": rep.aggregates, "other_level": rep.other_level,
    }
    for k, df in shown.items():
        if len(df):
            with st.expander(f"{_t(k, lang)} ({len(df)})", expanded=k in ("ambiguous", "unmatched", "changed")):
                st.dataframe(df, hide_index=True, width="stretch")
    if len(res.checks):
        with st.expander(f"{_t('checks', lang)} ({(res.checks['status'] == 'ok').sum()}/{len(res.checks)} ok)"):
            st.dataframe(res.checks, hide_index=True, width="stretch")
    if len(res.missing):
        with st.expander(f"{_t('missing', lang)} ({len(res.missing)})"):
            st.dataframe(res.missing, hide_index=True, width="stretch")
    st.subheader(_t("preview", lang))
    st.dataframe(res.values.head(500), hide_index=True, width="stretch")


def _form(res: importer.ImportResult, name: str, lang: str) -> None:
    found = res.indicators
    with st.form("import_form", clear_on_submit=False):
        st.subheader(_t("form", lang))
        which = st.selectbox(_t("which", lang), found, key="import_which")
        label = st.text_input(_t("name", lang), value=str(which)[:userdata.MAX_LABEL], key="import_name",
                              max_chars=userdata.MAX_LABEL)
        unit = st.text_input(_t("unit", lang), value=str(res.units.get(which, ""))[:userdata.MAX_UNIT], key="import_unit",
                             max_chars=userdata.MAX_UNIT)
        layer = st.selectbox(_t("layer", lang), list(indicators.LAYERS), key="import_layer",
                             format_func=lambda x: _LAYERS[x][0 if lang == "ko" else 1])
        nature = st.radio(_t("nature", lang), ["extensive", "intensive"], key="import_nature",
                          format_func=lambda x: _t(x, lang), horizontal=True)
        submitted = st.form_submit_button(_t("add", lang), type="primary")
    if not submitted:
        return
    current = user_indicators()
    try:
        rec = userdata.make_user_indicator(res.values, which, label=label, unit=unit, layer=layer, nature=nature,
                                           source=name, existing=current)
    except ImportFileError as exc:
        st.error(md(str(exc)))
        return
    st.session_state[STATE_KEY] = {**current, rec.id: rec}  # replaced as a whole, only on success
    st.success(_t("added", lang))
    st.text(f"{rec.label} ({rec.id})")


def _yours(lang: str) -> None:
    mine = user_indicators()
    st.subheader(_t("yours", lang))
    if not mine:
        st.caption(_t("none", lang))
        return
    for uid, rec in mine.items():
        c1, c2, c3 = st.columns([3, 2, 1])
        c1.text(f"{rec.label} [{rec.unit}] · {rec.layer} · {rec.nature} · {len(rec.values)} · {rec.source}")
        c2.download_button(_t("download", lang), data=userdata.to_csv(rec), file_name=f"{uid}.csv",
                           mime="text/csv", key=f"dl_{uid}")
        if c3.button(_t("remove", lang), key=f"rm_{uid}"):
            remove(uid)
            st.rerun()


def remove(uid: str) -> None:
    """Remove an uploaded indicator from everything in the session that holds it or names it.

    The record itself, the Data & sources tab's "current map table" (``_last_view``), widget values that select
    it (a choice falls back to the default on the next run) and URL parameters that name it.
    """
    st.session_state[STATE_KEY] = {k: v for k, v in user_indicators().items() if k != uid}
    last = st.session_state.get("_last_view")
    if last is not None and last.indicator == uid:
        del st.session_state["_last_view"]
    st.session_state.pop("_store", None)  # ui.data's store of this session's uploads: rebuilt without it
    for key in list(st.session_state.keys()):
        value = st.session_state[key]
        if isinstance(value, str) and value == uid:
            del st.session_state[key]
        elif isinstance(value, list | tuple) and uid in value:
            try:
                st.session_state[key] = [v for v in value if v != uid]
            except StreamlitAPIException:  # a widget drawn in this run: forget its choice instead
                del st.session_state[key]
    for key in list(st.query_params.keys()):
        if uid in st.query_params.get_all(key):
            del st.query_params[key]


def render(lang: str) -> None:
    """Draw the upload page in ``lang`` (``ko`` or ``en``)."""
    st.header(_t("head", lang))
    kind = st.radio(_t("kind", lang), ["table", "points"], key="import_kind", horizontal=True,
                    format_func=lambda k: _t(f"kind_{k}", lang))
    if kind == "points":
        from ui import points_panel

        points_panel.render(lang)
        _yours(lang)
        return
    st.caption(_t("intro", lang))
    up = st.file_uploader(_t("upload", lang), type=["csv", "txt", "tsv", "xlsx", "xlsm"], key="upload",
                          max_upload_size=importer.MAX_BYTES // 1024 // 1024)
    c1, c2, c3 = st.columns(3)
    enc = c1.selectbox(_t("encoding", lang), ["auto", *importer.ENCODINGS], key="import_encoding",
                       format_func=lambda x: _t("auto", lang) if x == "auto" else x)
    level = c2.selectbox(_t("level", lang), ["auto", "sido", "sigungu", "emd"], key="import_level",
                         format_func=lambda x: _t("auto", lang) if x == "auto" else x)
    neg = c3.checkbox(_t("negative", lang), key="import_allow_negative")
    if up is not None:
        try:
            res = _read(up.getvalue(), up.name, enc, level, neg)
        except ImportFileError as exc:  # one message; the session's indicators stay as they were
            st.error(md(str(exc)))
        else:
            _report(res, lang)
            _form(res, up.name, lang)
    _yours(lang)
