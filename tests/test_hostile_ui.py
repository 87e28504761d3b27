"""Hostile input on the page (issue 21): user text never renders as Markdown, removal removes, links say so.

Every file here is generated in the test (SYNTHETIC: made-up figures and names). A Markdown payload is put in
every place user text can come from — the file name, a sheet name, a cell, a column header, an unmatched region
name, the indicator's name and unit, a URL value — and the page is driven with AppTest. Each Markdown-rendering
element's value must then hold the payload escaped by :func:`ui.text.md` and never the raw payload; nothing may
raise. The browser test (``tests/test_browser.py::test_markdown_payload_stays_text_offline``) checks what
Chromium shows.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from analysis import userdata
from analysis.errors import ImportFileError
from ingest import importer
from tests.helpers import upload as _upload
from ui.text import WORD_JOINER, md

ROOT = Path(__file__).resolve().parent
APP = str(ROOT.parent / "app.py")
IMPORT_PAGE = str(ROOT / "apps" / "import_page.py")

PAYLOAD = "![x](http://203.0.113.9/p.png) [link](http://203.0.113.9/) $$x^2$$ :red[R] <b>B</b>"
"""Image, link, KaTeX, Streamlit colour and HTML in one string (≤ 120 characters, a valid indicator name)."""

RAW = ("![x](", "[link](", "$$", ":red[", "<b>", "http://", "](")
"""Pieces of the payload that only appear unescaped."""

SHEET_PAYLOAD = "$$x^2$$ <b>B<b> __s__ !(p)"
"""What an Excel sheet name can hold (no []:*?/\\, at most 31 characters)."""

SIDO = ["서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시", "세종특별자치시",
        "경기도", "강원특별자치도", "충청북도", "충청남도", "전북특별자치도", "전라남도", "경상북도", "경상남도",
        "제주특별자치도"]

_MARKDOWN_TYPES = {"markdown", "caption", "error", "warning", "info", "success", "header", "subheader", "title"}


def _csv(rows: list[list[str]]) -> bytes:
    def cell(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\n') else c

    return ("\n".join(",".join(cell(c) for c in r) for r in rows) + "\n").encode("utf-8")


def _sido_table(years=(2020, 2021), regions=SIDO, extra: list[list[str]] = ()) -> bytes:
    rows = [["지역", *map(str, years)]]
    rows += [[n, *(str((i + 1) * 10 + k) for k in range(len(years)))] for i, n in enumerate(regions)]
    return _csv(rows + list(extra))


def markdown_texts(at: AppTest) -> list[str]:
    """Every string the page renders as Markdown: bodies, alerts, headings, widget labels and help, radio and
    segmented-control options, metric and expander labels."""
    out: list[str] = []

    def walk(node) -> None:
        kind = getattr(node, "type", None)
        if kind in _MARKDOWN_TYPES:
            out.append(str(node.value))
        for attr in ("label", "help"):
            value = getattr(node, attr, None)
            if isinstance(value, str):
                out.append(value)
        if kind in ("radio", "button_group"):
            out.extend(str(o) for o in node.options)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def assert_no_markdown(at: AppTest) -> list[str]:
    """No exception, and no Markdown-rendering element holds a raw payload piece; returns the texts."""
    assert not at.exception, [e.value for e in at.exception]
    texts = markdown_texts(at)
    leaks = [t for t in texts if any(r in t for r in RAW)]
    assert not leaks, leaks
    return texts


def _shows(texts: list[str], user_text: str) -> bool:
    return any(md(user_text) in t for t in texts)


# ---------------------------------------------------------------------------------------------------------
# the escaping helper
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [PAYLOAD, SHEET_PAYLOAD, "**bold** _i_ `code` ~~s~~ # h | t | \\ &amp; 1. x",
                                  ":material/home: :smile: www.e.example a@b.example"])
def test_md_escapes_every_markdown_character(text):
    out = md(text)
    # remove the escapes and the invisible word joiners: the text itself is left, unchanged
    plain = out.replace(WORD_JOINER, "")
    assert plain.replace("\\", "") == text.replace("\\", "")
    for ch in set(text):
        if ch.isascii() and not ch.isalnum() and not ch.isspace():
            assert f"\\{ch}" in out


def test_md_breaks_bare_links_and_drops_control_characters():
    out = md("see http://e.example, www.e.example or a@b.example\x1b[2J\u202e")
    assert "http\\:" + WORD_JOINER + "\\/\\/" in out
    assert "www" + WORD_JOINER + "\\." in out and "\\@" + WORD_JOINER + "b" in out
    assert "\x1b" not in out and "\u202e" not in out


def test_md_keeps_lines_without_starting_a_code_block():
    assert md("a\n    b\n# c") == "a  \nb  \n\\# c"


# ---------------------------------------------------------------------------------------------------------
# the upload page: file name, cell, header, sheet name
# ---------------------------------------------------------------------------------------------------------


def _xlsx_two_sheets(first: str) -> bytes:
    wb = openpyxl.Workbook()
    for ws, title in ((wb.active, first), (wb.create_sheet(), "other")):
        ws.title = title
        ws.append(["지역", 2020])
        for i, n in enumerate(SIDO):
            ws.append([n, (i + 1) * 10])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HOSTILE_FILES = {
    "file name (empty file)": (PAYLOAD + ".csv", b"", PAYLOAD, "error"),
    "cell text": ("cells.csv", _sido_table(years=(2020,), regions=SIDO[:-1], extra=[[SIDO[-1], PAYLOAD]]),
                  PAYLOAD, "error"),
    "column header": ("header.csv", _csv([[PAYLOAD, "2020"]] + [[f"{PAYLOAD}{i}", str(i)] for i in range(17)]),
                      PAYLOAD[:40], "error"),
    "sheet name": ("sheets.xlsx", _xlsx_two_sheets(SHEET_PAYLOAD), SHEET_PAYLOAD, "caption"),
}


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_upload_page_shows_user_text_escaped(case):
    name, data, shown, element = HOSTILE_FILES[case]
    at = _upload(name, data)
    texts = assert_no_markdown(at)
    values = [e.value for e in getattr(at, element)]
    assert any(md(shown) in v for v in values), (case, values)
    assert _shows(texts, shown)


def test_unmatched_region_name_is_data_only():
    at = _upload("regions.csv", _sido_table(extra=[[PAYLOAD, "5", "6"]]))
    assert_no_markdown(at)
    frames = [d.value for d in at.dataframe]
    assert any((f.astype(str) == PAYLOAD).any().any() for f in frames)


def test_overlong_label_is_refused_and_nothing_is_stored():
    res = importer.import_file(_sido_table(), "ok.csv")
    for field, limit in (("label", userdata.MAX_LABEL), ("unit", userdata.MAX_UNIT)):
        kw = {"label": "name", "unit": "", field: "x" * 100_000}
        with pytest.raises(ImportFileError, match=f"100,000 characters long; at most {limit}"):
            userdata.make_user_indicator(res.values, res.indicators[0], layer="rnd", nature="extensive",
                                         source="ok.csv", **kw)
    # the page: a 100,000-character name never becomes a label longer than the field
    at = _upload("ok.csv", _sido_table())
    at.text_input(key="import_name").set_value("x" * 100_000)
    at.button[[b.label for b in at.button].index("Add")].click()
    at.run()
    assert not at.exception
    labels = [u.label for u in at.session_state["user_indicators"].values()]
    assert labels and all(len(label) <= userdata.MAX_LABEL for label in labels)


def test_a_long_item_name_in_the_file_does_not_break_the_form():
    long_name = "지표" * 200  # the item (and default name) comes from the file name: longer than the field
    at = _upload(long_name + ".csv", _sido_table())
    assert not at.exception
    assert at.selectbox(key="import_which").value == long_name
    assert at.text_input(key="import_name").value == long_name[:userdata.MAX_LABEL]


# ---------------------------------------------------------------------------------------------------------
# the whole app with an uploaded indicator named with the payload
# ---------------------------------------------------------------------------------------------------------


def _indicator(data: bytes, label: str = PAYLOAD, unit: str = "<i>u</i> $", source: str = PAYLOAD + ".csv",
               nature: str = "extensive") -> userdata.UserIndicator:
    res = importer.import_file(data, "made.csv")
    return userdata.make_user_indicator(res.values, res.indicators[0], label=label, unit=unit, layer="rnd",
                                        nature=nature, source=source)


def _app(users: dict, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user_indicators"] = users
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


@pytest.fixture(scope="module")
def full() -> userdata.UserIndicator:
    return _indicator(_sido_table(years=(2020, 2021)))


def test_map_tab_source_and_profile_escape_the_upload(full):
    at = _app({full.id: full}, lang="en", tab="map", layer="rnd", ind=full.id, region="11")
    texts = assert_no_markdown(at)
    assert at.selectbox(key="ind").value == full.id
    assert _shows([c.value for c in at.caption], PAYLOAD + ".csv")  # the source line names the file
    assert _shows([c.value for c in at.sidebar.caption], PAYLOAD)  # profile trend title
    assert _shows(texts, PAYLOAD)


def test_overlay_warning_escapes_the_label(full):
    # the bundled map shows 2022; the upload has 2020-2021, so the overlay says it has no value that year
    at = _app({full.id: full}, lang="en", tab="map", layer="production", ind="gva_manufacturing_nominal_b2020",
              year="2022")
    at.multiselect(key="overlay").set_value([full.id]).run()
    assert_no_markdown(at)
    assert at.warning and md(PAYLOAD) in at.warning[0].value


def test_mismatch_warning_escapes_the_label():
    partial = _indicator(_sido_table(years=(2021,), regions=SIDO[:-2]))  # 15 of 17 sido: no complete year
    at = _app({partial.id: partial}, lang="en", tab="mismatch", mx=partial.id)
    assert_no_markdown(at)
    assert at.selectbox(key="mx").value == partial.id
    assert at.warning and md(PAYLOAD) in at.warning[0].value


def test_a_link_to_an_absent_upload_says_so_and_stays_escaped():
    absent = "user_" + PAYLOAD
    at = _app({}, lang="en", tab="map", ind=absent)
    assert_no_markdown(at)
    notes = [w.value for w in at.warning if "not in this session" in w.value]
    assert len(notes) == 1 and md(absent) in notes[0]
    shown = at.selectbox(key="ind").value
    assert not shown.startswith("user_")
    # still there on the next run while the fallback stays selected; gone once the user chooses
    at.run()
    assert any("not in this session" in w.value for w in at.warning)
    box = at.selectbox(key="ind")
    box.select_index(1 - box.index).run()
    assert at.selectbox(key="ind").value != shown
    assert not any("not in this session" in w.value for w in at.warning)


def test_a_link_to_an_upload_of_this_session_shows_it_without_a_note(full):
    at = _app({full.id: full}, lang="en", tab="map", layer="rnd", ind=full.id)
    assert at.selectbox(key="ind").value == full.id
    assert not any("not in this session" in w.value for w in at.warning)


# ---------------------------------------------------------------------------------------------------------
# removal means removal
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_remove_takes_the_upload_out_of_every_tab(full):
    at = _app({full.id: full}, lang="en", tab="map", layer="rnd", ind=full.id)
    assert at.selectbox(key="ind").value == full.id
    at.segmented_control(key="tab").set_value("data").run()
    assert [b for b in at.get("download_button") if b.proto.label.endswith("(CSV)")], "map table offered"
    at.segmented_control(key="tab").set_value("import").run()
    at.button(key=f"rm_{full.id}").click().run()
    assert not at.exception
    assert full.id not in at.session_state["user_indicators"]
    assert "_last_view" not in at.session_state
    assert full.id not in dict(at.query_params).values()
    at.segmented_control(key="tab").set_value("data").run()
    assert not at.exception
    assert not [b for b in at.get("download_button") if b.proto.label.endswith("(CSV)")]
    at.segmented_control(key="tab").set_value("map").run()
    assert not at.exception and at.selectbox(key="ind").value != full.id
    assert PAYLOAD not in at.selectbox(key="ind").options  # options are the labels shown
