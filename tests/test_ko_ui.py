"""The Korean page's words, read with AppTest where that is cheaper than a browser (issue 15, item 7).

AppTest sees what Chromium draws on a canvas or only on hover: dataframe headings and their formatted cells
(Styler display values), chart axis titles and tooltip titles, help texts, placeholders. The rules are those of
the Chromium sweep (:func:`tests.test_ko_sweep.findings`).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from lang import STRINGS
from tests.helpers import THOUSANDS_LOOKALIKE, findings

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = "ko"
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def _display_values(el) -> list[list[str]]:
    """The cells of a styled dataframe as the page shows them (the Styler's formatted strings)."""
    raw = el.proto.arrow_data.styler.display_values
    if not raw:
        return []
    return pa.ipc.open_stream(raw).read_all().to_pandas().astype(str).values.tolist()


def _chart_words(spec: dict) -> list[str]:
    """Axis, legend and tooltip titles of a Vega-Lite spec; a tooltip without a title shows its field id."""
    out = []

    def visit(obj):
        if isinstance(obj, dict):
            enc = obj.get("encoding", {})
            for channel, e in enc.items():
                for item in (e if isinstance(e, list) else [e]):
                    if not isinstance(item, dict):
                        continue
                    if channel == "tooltip":
                        out.append(item.get("title") or f"untitled tooltip field {item.get('field')}")
                    elif isinstance(item.get("title"), str):
                        out.append(item["title"])
            for v in obj.values():
                visit(v)
        elif isinstance(obj, list):
            for v in obj:
                visit(v)

    visit(spec)
    return out


def _texts(at: AppTest) -> tuple[list[str], list[list[str]]]:
    """Every word the page shows outside the maps, and the formatted cells of styled tables."""
    texts, cells = [], []
    for el in _walk(at._tree):
        for attr in ("label", "placeholder", "help"):
            value = getattr(el, attr, None)
            if isinstance(value, str) and value:
                texts.append(value)
        kind = type(el).__name__
        if kind in ("Markdown", "Caption", "Subheader", "Header", "Title", "Info", "Warning", "Error", "Metric"):
            texts.append(str(el.value))
        if kind in ("Selectbox", "Multiselect", "Radio", "SelectSlider", "ButtonGroup"):
            texts += [str(o) for o in el.options]
        if kind == "Dataframe":
            frame = el.value
            texts += [str(c) for c in frame.columns] + ([str(frame.index.name)] if frame.index.name else [])
            cells += _display_values(el)
        spec = getattr(getattr(el, "proto", None), "spec", None)
        if isinstance(spec, str) and spec.startswith("{"):
            texts += _chart_words(json.loads(spec))
    # HTML blocks (profile, presenter cards) are read as the text they show
    shown = [re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", t, flags=re.S)) for t in texts]
    return shown, cells


PAGES = {
    "map": {"tab": "map", "region": "11"},
    "mismatch": {"tab": "mismatch"},
    "mismatch_sigungu": {"tab": "mismatch", "clv": "sigungu"},
    "clusters": {"tab": "clusters"},
    # refusals said in Korean: different base years; no year both are complete in
    "mismatch_base_years": {"tab": "mismatch", "mx": "grdp_nominal_b2010", "my": "gva_manufacturing_nominal_b2020"},
    "clusters_no_common_year": {"tab": "clusters", "cstat": "mismatch", "mx": "mfg_survey_establishments",
                                "my": "rd_expenditure_share_pct"},
    "specialisation": {"tab": "specialisation", "region": "11110"},
    "change": {"tab": "change"},
    "import": {"tab": "import"},
    "data": {"tab": "data"},
    "present": {"present": "1"},
    # the readings (issue 25): the change explained, the cluster classes and Moran in words, the neighbours of a
    # non-significant specialisation (Gumi's manufacturing), the glossary's help
    "mismatch_compare": {"tab": "mismatch", "clv": "sigungu", "mcmp": "2015"},
    "clusters_mismatch_sigungu": {"tab": "clusters", "clv": "sigungu", "cstat": "mismatch"},
    "specialisation_gumi": {"tab": "specialisation", "region": "47190"},
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PAGES))
def test_korean_widgets_tables_and_charts_have_no_english_or_raw_ids(name):
    texts, cells = _texts(_app(**PAGES[name]))
    found = [f for text in texts for f in findings(text)]
    assert found == [], "\n".join(dict.fromkeys(found))
    odd = [c for row in cells for c in row if THOUSANDS_LOOKALIKE.search(c)]
    assert odd == [], odd  # e.g. the capital share 70.1 formatted "70.100"


@pytest.mark.slow
def test_mismatch_panel_shows_the_capital_share_as_the_metric_does():
    """The panel's capital share and the metric above it: one decimal, the same number."""
    at = _app(tab="mismatch")
    metric = next(m.value for m in at.metric if m.value.endswith("%"))  # the first share: the capital's of X
    panel = next(el for el in at.dataframe if STRINGS["col_capital_pct"][0] in el.value.columns)
    assert _display_values(panel)[0][0] == metric  # both "70.1%" (lang.numbers)


def _note_keys() -> set[str]:
    """Keys of every ``Note(...)`` the geo, ingest and analysis layers make (f-string keys as their literal prefix
    + '*')."""
    keys = set()
    for path in [*(ROOT / "geo").glob("*.py"), *(ROOT / "ingest").rglob("*.py"), *(ROOT / "analysis").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Note" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant):
                    keys.add(arg.value)
                elif isinstance(arg, ast.JoinedStr):
                    keys.add(arg.values[0].value + "*")
    return keys


def test_every_note_of_the_lower_layers_has_korean_words():
    keys = _note_keys()
    assert len(keys) > 10  # the scan sees the notes
    missing = [k for k in keys if not (f"note_{k}" in STRINGS if not k.endswith("*")
                                       else any(s.startswith(f"note_{k[:-1]}") for s in STRINGS))]
    assert missing == []


def test_every_known_absence_has_korean_words():
    from analysis.territory import territories

    rows = territories()
    assert rows and all(re.search(r"[가-힣]", r.reason_ko) and r.reason_en for r in rows)


def test_every_offered_coordinate_system_has_korean_words():
    from ingest.points import CRS_CHOICES

    assert all(f"crs_{epsg}" in STRINGS for epsg in CRS_CHOICES)


@pytest.mark.slow
def test_years_left_out_of_the_change_tab_are_explained_in_korean():
    """The reasons come from analysis.transitions as Notes; the Korean page words them (no English sentence)."""
    at = _app(tab="change")
    reasons = next(el.value[STRINGS["col_reason"][0]] for el in at.dataframe
                   if STRINGS["col_reason"][0] in el.value.columns)
    assert len(reasons) > 0
    assert all(re.search(r"[\uac00-\ud7a3]", r) and not re.search(r"\b(covers|units|incomplete)\b", r)
               for r in reasons), list(reasons)


def test_every_missing_marker_has_korean_words():
    from ingest.importer import MISSING_MARKERS

    assert all(f"marker_{m}" in STRINGS for m in MISSING_MARKERS)


def test_every_length_limited_input_is_known_to_the_hint_style():
    """ui.streamlit_words.LIMITED_INPUTS lists every text input with max_chars (their count must stay visible)."""
    from ui.streamlit_words import LIMITED_INPUTS

    found = set()
    for path in (ROOT / "ui").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "text_input":
                kw = {k.arg: k.value for k in node.keywords}
                if "max_chars" in kw:
                    found.add(kw["key"].value)
    assert found and found == set(LIMITED_INPUTS)


#: Each import fixture and what its Korean report must say (a phrase of each kind of reason it has, in Korean).
IMPORT_FIXTURES = {
    "kosis_meta.xlsx": ["옛 이름 또는 다른 이름"],
    "html_names_utf8.csv": ["지역이 없습니다"],
    "long_codes_utf8.csv": ["옛 형태", "행정안전부 코드 앞자리", "안에 있습니다"],
    # former names and codes with dated changes in a one-year table, merged and split units, codes with no unit
    "codes_history_utf8.csv": ["표의 연도인 2015년에는 이 이름을 썼습니다", "구역은 같고 이름이나 코드가 바뀜",
                               "행정안전부 코드 앞자리", "옛 지역이 새 지역 안에 듦", "여러 지역에 걸칩니다",
                               "관계: 일부 겹침", "가장 가까운 코드", "통계청 시도 코드", "10자리 시군구 코드"],
    "english_sigungu_2014.xlsx": ["표의 연도인 2014년에는 이 이름을 썼습니다"],
}


@pytest.mark.parametrize("fixture", list(IMPORT_FIXTURES))
def test_korean_import_report_has_no_english_or_raw_ids(fixture):
    """The import report in Korean: notes, headings and id words, and every reason, in Korean.

    Fixtures are SYNTHETIC (tests/fixtures/import/README.md): former names and a missing-marker cell, hostile
    unmatched names, codes of several vintages, names and codes with a history (dated renames, merged and split
    units, codes with no unit), an English 2014 table. A reason is read without the user's own text it quotes
    (the file's region names and codes): what is left must be Korean, with no English word and no raw id.
    """
    from tests.helpers import import_page, upload_to

    at = upload_to(import_page("ko"), fixture)
    assert not at.exception, [e.value for e in at.exception]
    texts, _ = _texts(at)
    texts = [x for x in texts if x not in ("tab", "import", "data")]  # the test page's own tab switch
    inputs = {str(v) for el in at.dataframe for c in ("input", STRINGS["col_input"][0])
              if c in el.value.columns for v in el.value[c]}
    columns = [str(o) for el in at.selectbox if el.key == "import_which" for o in el.options]  # the file's headings
    user = {fixture, Path(fixture).stem, *inputs, *columns}
    found = [f for text in texts if not any(u in text for u in user) for f in findings(text)]
    assert found == [], "\n".join(dict.fromkeys(found))
    reasons = [str(v) for el in at.dataframe if STRINGS["col_reason"][0] in el.value.columns
               for v in el.value[STRINGS["col_reason"][0]]]
    assert reasons
    theirs = sorted(inputs, key=len, reverse=True)  # the longest first: a name before the code inside it
    english = {}
    for r in reasons:
        own = r
        for u in theirs:
            own = own.replace(u, "")
        if findings(own) or not re.search(r"[\uac00-\ud7a3]", own):
            english[r] = findings(own)
    assert english == {}, english
    said = "\n".join(reasons)
    assert [p for p in IMPORT_FIXTURES[fixture] if p not in said] == [], said


#: Region values whose resolution reason is composed from parts in geo.codes (a code read from 10 digits and
#: truncated, a dated history, merged/split units, nearest codes, a KOSTAT prefix, codes of the wrong length …),
#: and the reasons of a match or of an ambiguous name (shown by the CLI, kept as Notes too).
RESOLVER_CASES = [
    ("28170", {}), ("42110", {}), ("청원군", {}), ("제물포구", {"level": "sigungu"}), ("11999", {}), ("21110", {}),
    ("1234567", {}), ("123", {}), ("99", {}), ("40", {"code_system": "kostat"}), ("11", {"level": "sigungu"}),
    ("99999", {"code_system": "kostat"}), ("1111051500", {}), ("1111010199", {}), ("4119500000", {}),
    ("11110000", {"level": "sido"}), ("11110", {"level": "sigungu", "sido": "28"}), ("", {}), ("41190", {}),
    ("세종", {"level": "sigungu"}), ("종로", {"level": "sigungu", "sido": "11"}), ("27", {"code_system": "kostat"}),
    ("36", {}), ("중구", {}),
]


@pytest.mark.parametrize(("query", "options"), RESOLVER_CASES)
def test_every_composed_reason_of_the_resolver_is_said_in_korean(query, options):
    """Each part of a composed reason is said in Korean (geo.codes makes them as Notes; lang.say words the
    parts); only the user's own value is left as it was."""
    from geo.codes import default_index
    from lang import say

    reason = default_index().resolve(query, **options).reason
    assert hasattr(reason, "key"), reason  # a Note, not a sentence only the English page can say
    said = say(reason, "ko")
    own = said.replace(repr(query), "").replace(query, "") if query else said
    assert re.search(r"[\uac00-\ud7a3]", own) and findings(own) == [], (str(reason), said)


def test_a_unit_outside_its_parent_is_explained_in_korean():
    """A name listed under another sido (by a sido column, or by the sido row above it) is refused with a reason
    in Korean. The figures are SYNTHETIC."""
    from ingest import importer
    from lang import say

    for data in ("시도,시군구,2015\n서울특별시,해운대구,11\n서울특별시,종로구,12\n부산광역시,수영구,13\n",
                 "지역,2015\n서울특별시,\n해운대구,11\n종로구,12\n부산광역시,\n수영구,13\n"):
        unmatched = importer.import_file(data.encode("utf-8"), "parent.csv").report.unmatched
        assert list(unmatched["input"]) == ["해운대구"]
        said = say(unmatched["reason"].iloc[0], "ko")
        own = said.replace("'해운대구'", "")
        assert "추측하지 않았습니다" in said and findings(own) == [], said


#: Bad uploads (SYNTHETIC bytes made here) → the user's own text the refusal quotes (removed before the check)
#: and a phrase the Korean refusal must say.
BAD_UPLOADS = {
    "빈파일.csv": (b"  \n", [], "비어 있습니다"),
    "**빈** [파일](http://203.0.113.9/) $$x$$.csv": (b"", [], "비어 있습니다"),  # Markdown in the name
    "그림.csv": (b"\x89PNG\r\n\x1a\n" + bytes(range(32)), [], "PNG 이미지"),
    "옛날표.csv": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), [], "엑셀에서 .xlsx나 .csv로 저장하세요"),
    "가짜.xlsx": ("시도,2020\n서울특별시,1\n".encode(), [], "XLSX 파일이 아닙니다"),
    "지역없음.csv": (b"x,y\n1.5,2.5\n3.5,4.5\n", ["'x / 1.5 / 3.5'", "'y / 2.5 / 4.5'"],
                     "지역 코드나 이름이 있는 열이 없습니다"),
    "연도없음.csv": ("시도,값\n서울특별시,1\n부산광역시,2\n".encode(), [], "연도를 찾지 못했습니다"),
    "글자셀.csv": ("시도,2020\n서울특별시,abc\n부산광역시,2\n대구광역시,x1\n인천광역시,q\n광주광역시,w\n대전광역시,e\n"
                   "울산광역시,r\n세종특별자치시,t\n".encode(), ["'abc'", "'x1'", "'q'", "'2020'"],
                   "숫자 대신 글자가 있습니다"),
    "음수.csv": ("시도,2020\n서울특별시,-5\n부산광역시,2\n".encode(), ["'-5'", "'2020'"], "음수 1개"),
    "폭탄.xlsx": (lambda: _bomb(), ["'xl/worksheets/sheet1.xml'"], "압축 폭탄"),
    "문서유형.xlsx": (lambda: _doctype_book(), ["'data'"], "문서 유형 선언"),
    "충돌.csv": ("시도,2020\n서울특별시,1\n서울,2\n부산광역시,2\n".encode(), ["'서울'", "'서울특별시'", "'충돌'"],
                 "서로 다른 수치"),
}


def _bomb() -> bytes:
    """A one-row workbook of ~0.2 MB that unpacks to ~120 MB (tests.helpers.bomb)."""
    from tests.helpers import bomb

    return bomb()


def _doctype_book() -> bytes:
    """A workbook whose sheet declares a DOCTYPE with an entity (refused by ingest.xlsx_reader)."""
    from tests.helpers import book as _book
    from tests.helpers import patch_sheet as _patch_sheet

    book = _book([["시도", 2020], ["서울특별시", 1], ["부산광역시", 2]])
    return _patch_sheet(book, lambda x: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aa">]>'
                        + x.split("?>", 1)[-1].replace("<v>1</v>", "<v>&a;</v>"))


@pytest.mark.parametrize("name", list(BAD_UPLOADS))
def test_a_refused_upload_is_explained_in_korean(name):
    """A file the importer refuses as a whole (empty, a picture, an old binary workbook, a fake XLSX, a zip bomb, a DOCTYPE, no region column, no
    year, text or negative cells, conflicting rows) is explained on the Korean page in Korean: once the file's
    own text it quotes is removed, the error has Hangul and no English word; the file name is still there,
    escaped for Markdown (ui.text.md)."""
    from tests.helpers import upload as _upload
    from ui.text import WORD_JOINER, md

    data, theirs, phrase = BAD_UPLOADS[name]
    data = data() if callable(data) else data
    at = _upload(name, data, lang="ko")
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value for e in at.error]
    assert len(shown) == 1, shown
    text = re.sub(r"\\(.)", r"\1", shown[0]).replace(WORD_JOINER, "")  # the Markdown escapes undone
    if name in text:  # the user's file name, quoted: escaped as before
        assert md(name) in shown[0] and name not in shown[0], shown
    assert phrase in text, text
    own = text.replace(name, "")
    for u in theirs:
        own = own.replace(u, "")
    assert re.search(r"[\uac00-\ud7a3]", own) and findings(own) == [], (text, findings(own))


#: Point files the points page refuses (SYNTHETIC) → the user's own text quoted, and a phrase of the refusal.
BAD_POINT_FILES = {
    "좌표없음.csv": (b"name,foo\nA,1\n", ["name, foo"], "좌표 열을 찾지 못했습니다"),
    "먼곳.csv": (b"lon,lat\n1,2\n3,4\n", ["'lon'", "'lat'"], "한국 안의 위치로 보이지 않습니다"),
    "머리글만.csv": (b"lon,lat\n", [], "머리글만 있고 행이 없습니다"),
}


@pytest.mark.parametrize("name", list(BAD_POINT_FILES))
def test_a_refused_point_file_is_explained_in_korean(name):
    """The points page (ui.points_panel) explains a refused point file in Korean, the file's own text aside."""
    from tests.helpers import IMPORT_PAGE

    data, theirs, phrase = BAD_POINT_FILES[name]
    at = AppTest.from_file(IMPORT_PAGE, default_timeout=60)
    at.query_params["lang"] = "ko"
    at.run()
    at.radio(key="import_kind").set_value("points").run()
    at.file_uploader(key="points_upload").set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value for e in at.error]
    assert len(shown) == 1, shown
    text = re.sub(r"\\(.)", r"\1", shown[0]).replace("\u2060", "")  # the Markdown escapes undone
    assert phrase in text, text
    own = text.replace(name, "")
    for u in theirs:
        own = own.replace(u, "")
    assert re.search(r"[\uac00-\ud7a3]", own) and findings(own) == [], (text, findings(own))


@pytest.mark.parametrize("name", ["빈파일.csv", "지역없음.csv", "글자셀.csv", "폭탄.xlsx"])
def test_a_refused_upload_reads_as_before_on_the_english_page(name):
    """The English page shows the importer's own sentence (the Note's English text), escaped as before."""
    from analysis.errors import ImportFileError
    from ingest.importer import import_file
    from tests.helpers import upload as _upload
    from ui.text import md

    data, _theirs, _phrase = BAD_UPLOADS[name]
    data = data() if callable(data) else data
    with pytest.raises(ImportFileError) as info:
        import_file(data, name)
    at = _upload(name, data, lang="en")
    assert [e.value for e in at.error] == [md(str(info.value))]
