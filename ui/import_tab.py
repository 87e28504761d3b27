"""Upload page: bring your own table, see how its regions match, add it as an indicator of this session.

Thin: reading, matching and checks are :mod:`ingest.importer`; the user-indicator record is
:mod:`analysis.userdata`. Uploaded data lives only in ``st.session_state["user_indicators"]`` (dict id →
:class:`analysis.userdata.UserIndicator`), replaced as a whole on "add" so a failed or cancelled upload never
changes it. User text is shown with ``st.dataframe``/``st.text``/``st.code``, never as HTML.

Progress: the import reports its stages (reading, matching, suggesting, checking) to a progress bar
(:class:`StageBar`). Each update is a Streamlit call, so a widget touched meanwhile interrupts the run there (the
rerun request raises out of the bar's update, through :func:`ingest.importer.import_file`, which keeps
nothing): the session stays responsive and a cancelled or failed import leaves the previous data and memo as
they were.
"""

from __future__ import annotations

import time

import streamlit as st
from streamlit.errors import StreamlitAPIException

from analysis import indicators, userdata
from analysis.errors import ImportFileError
from ingest import importer
from lang import error_text, heads, say, t, word
from ui import keys
from ui.streamlit_words import file_uploader
from ui.text import md

STATE_KEY = keys.USER_INDICATORS
"""Session-state key of the dict id → UserIndicator."""

KEEP_BAR_AFTER = 1.0
"""Seconds: an import that took at least this long leaves its finished bar (with the time it took); a quicker
one removes it, so small files do not flash a bar."""


class StageBar:
    """A progress bar fed by :func:`ingest.importer.import_file`'s ``progress(stage, fraction)`` hook.

    Parameters
    ----------
    lang : str
        Language of the stage texts (``import_stage_<stage>`` in the catalogue).
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.slot = st.empty()
        self.t0 = time.monotonic()

    def __call__(self, stage: str, fraction: float) -> None:
        """Show ``stage`` at ``fraction`` (0..1); raises Streamlit's rerun request if the user acted meanwhile."""
        self.slot.progress(min(max(float(fraction), 0.0), 1.0), text=t(f"import_stage_{stage}", self.lang))

    def close(self, ok: bool) -> None:
        """Finish: a slow successful import keeps a full bar with its time; otherwise the bar goes."""
        took = time.monotonic() - self.t0
        if ok and took >= KEEP_BAR_AFTER:
            self.slot.progress(1.0, text=t("import_took", self.lang, s=f"{took:.1f}"))
        else:
            self.slot.empty()

def user_indicators() -> dict[str, userdata.UserIndicator]:
    """The session's user indicators (a copy of the dict; the records are frozen)."""
    return dict(st.session_state.get(STATE_KEY, {}))


def _read(data: bytes, name: str, encoding: str, level: str, allow_negative: bool,
          lang: str) -> importer.ImportResult:
    """Import once per file and options within this session (no cross-session cache of user data), with a
    progress bar while it runs; the memo is written only when the import succeeded."""
    key = (name, len(data), hash(data), encoding, level, allow_negative)
    memo = st.session_state.get(keys.IMPORT_MEMO)
    if memo is not None and memo[0] == key:
        return memo[1]
    bar = StageBar(lang)
    ok = False
    try:
        res = importer.import_file(data, name, encoding=None if encoding == "auto" else encoding,
                                   level=None if level == "auto" else level, allow_negative=allow_negative,
                                   progress=bar)
        ok = True
    finally:
        bar.close(ok)
    st.session_state[keys.IMPORT_MEMO] = (key, res)
    return res


_WORDS = {"status": "status", "kind": "kind", "level": "level"}
"""Columns of the import report whose ids are shown as words (``heads``)."""


def _report(res: importer.ImportResult, lang: str) -> None:
    rep = res.report
    s = rep.summary()
    st.subheader(t("import_summary", lang))
    where = res.grid.encoding or (f"{t('import_sheet', lang)} {res.grid.sheet}" if res.grid.sheet else "")
    st.text(f"{word('kind', res.grid.kind, lang)} · {where} · {word('layout', res.layout, lang)} · "
            f"{word('level', rep.level, lang)} · {t('import_column', lang)}: {rep.column}")
    cols = st.columns(4)
    for c, k in zip(cols, ("matched", "former", "ambiguous", "unmatched"), strict=True):
        c.metric(t(f"import_{k}", lang), s[k])
    for note in (*res.grid.notes, *res.notes):
        st.caption(md(say(note, lang)))
    shown = {
        "former": rep.matched[rep.matched["status"] == "former"],
        "ambiguous": rep.ambiguous, "unmatched": rep.unmatched, "changed": rep.changed,
        "duplicates": rep.duplicates, "aggregates": rep.aggregates, "other_level": rep.other_level,
    }
    for k, df in shown.items():
        if len(df):
            with st.expander(f"{t('import_' + k, lang)} ({len(df)})",
                             expanded=k in ("ambiguous", "unmatched", "changed")):
                if "reason" in df.columns:  # a reason made as a Note is said in the page's language
                    df = df.assign(reason=[say(r, lang) for r in df["reason"]])
                st.dataframe(heads(df, lang, _WORDS), hide_index=True, width="stretch")
    if len(res.checks):
        ok = t("import_checks_ok", lang, ok=int((res.checks["status"] == "ok").sum()), n=len(res.checks))
        with st.expander(f"{t('import_checks', lang)} ({ok})"):
            st.dataframe(heads(res.checks, lang, _WORDS), hide_index=True, width="stretch")
    if len(res.missing):
        with st.expander(f"{t('import_missing', lang)} ({len(res.missing)})"):
            markers = {why: m for m, why in importer.MISSING_MARKERS.items()}  # the reason → its marker's words
            missing = res.missing.assign(reason=[t(f"marker_{markers[r]}", lang, detail=r) if r in markers else r
                                                 for r in res.missing["reason"]])
            st.dataframe(heads(missing, lang), hide_index=True, width="stretch")
    st.subheader(t("import_preview", lang))
    st.dataframe(heads(res.values.head(500), lang, _WORDS), hide_index=True, width="stretch")


def _form(res: importer.ImportResult, name: str, lang: str) -> None:
    found = res.indicators
    with st.form("import_form", clear_on_submit=False):
        st.subheader(t("import_form", lang))
        which = st.selectbox(t("import_which", lang), found, key="import_which")
        label = st.text_input(t("import_name", lang), value=str(which)[:userdata.MAX_LABEL], key="import_name",
                              max_chars=userdata.MAX_LABEL)
        unit = st.text_input(t("import_unit", lang), value=str(res.units.get(which, ""))[:userdata.MAX_UNIT],
                             key="import_unit", max_chars=userdata.MAX_UNIT)
        layer = st.selectbox(t("layer", lang), list(indicators.LAYERS), key="import_layer",
                             format_func=lambda x: t(f"layer_{x}", lang))
        nature = st.radio(t("import_nature", lang), ["extensive", "intensive"], key="import_nature",
                          format_func=lambda x: t(f"import_{x}", lang), horizontal=True)
        submitted = st.form_submit_button(t("import_add", lang), type="primary")
    if not submitted:
        return
    current = user_indicators()
    try:
        rec = userdata.make_user_indicator(res.values, which, label=label, unit=unit, layer=layer, nature=nature,
                                           source=name, existing=current)
    except ImportFileError as exc:
        st.error(md(error_text(exc, lang)))
        return
    st.session_state[STATE_KEY] = {**current, rec.id: rec}  # replaced as a whole, only on success
    st.success(t("import_added", lang))
    st.text(f"{rec.label} ({rec.id})")


def _yours(lang: str) -> None:
    mine = user_indicators()
    st.subheader(t("import_yours", lang))
    if not mine:
        st.caption(t("import_none", lang))
        return
    for uid, rec in mine.items():
        c1, c2, c3 = st.columns([3, 2, 1])
        c1.text(f"{rec.label} [{rec.unit}] · {word('layer', rec.layer, lang)} · {word('nature', rec.nature, lang)}"
                f" · {len(rec.values)} · {rec.source}")
        c2.download_button(t("import_download", lang), data=userdata.to_csv(rec), file_name=f"{uid}.csv",
                           mime="text/csv", key=f"dl_{uid}")
        if c3.button(t("import_remove", lang), key=f"rm_{uid}"):
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
    st.session_state.pop(keys.STORE_MEMO, None)  # ui.data's store of this session's uploads: rebuilt without it
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
    st.header(t("import_head", lang))
    kind = st.radio(t("import_kind", lang), ["table", "points"], key="import_kind", horizontal=True,
                    format_func=lambda k: t(f"import_kind_{k}", lang))
    from ui import points_panel

    if kind == "points":
        points_panel.render(lang)
        _yours(lang)
        return
    points_panel.release()  # the point file's upload is gone with its widget: so are its arrays
    st.caption(t("import_intro", lang))
    up = file_uploader(t("import_upload", lang), "upload", ["csv", "txt", "tsv", "xlsx", "xlsm"],
                       importer.MAX_BYTES // 1024 // 1024, lang)
    c1, c2, c3 = st.columns(3)
    enc = c1.selectbox(t("import_encoding", lang), ["auto", *importer.ENCODINGS], key="import_encoding",
                       format_func=lambda x: t("import_auto", lang) if x == "auto" else x)
    level = c2.selectbox(t("level", lang), ["auto", "sido", "sigungu", "emd"], key="import_level",
                         format_func=lambda x: t("import_auto", lang) if x == "auto" else t(f"level_{x}", lang))
    neg = c3.checkbox(t("import_negative", lang), key="import_allow_negative")
    if up is not None:
        try:
            res = _read(up.getvalue(), up.name, enc, level, neg, lang)
        except ImportFileError as exc:  # one message; the session's indicators stay as they were
            st.error(md(error_text(exc, lang)))
        else:
            _report(res, lang)
            _form(res, up.name, lang)
    _yours(lang)
