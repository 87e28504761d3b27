"""The upload page (ui/import_tab.py) driven with AppTest in isolation (tests/apps/import_page.py).

Fixture figures are SYNTHETIC (tests/fixtures/import/README.md).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import userdata
from tests.helpers import import_page as _page
from tests.helpers import upload_to as _upload

ROOT = Path(__file__).resolve().parent
PAGE = str(ROOT / "apps" / "import_page.py")
FIX = ROOT / "fixtures" / "import"


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _add(at: AppTest, name: str = "My R&D", layer: str = "rnd", nature: str = "extensive") -> AppTest:
    at.text_input(key="import_name").set_value(name)
    at.selectbox(key="import_layer").set_value(layer)
    at.radio(key="import_nature").set_value(nature)
    at.button[[b.label for b in at.button].index("Add")].click()
    return at.run()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_empty_page(lang):
    at = _page(lang)
    _ok(at)
    assert not at.error


def test_upload_preview_and_report():
    at = _upload(_page(), "multiheader_sigungu_cp949.csv")
    _ok(at)
    assert not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["matched"] == "12" and metrics["unmatched"] == "0"
    assert at.selectbox(key="import_which").options == ["사업체수", "종사자수"]
    assert at.text_input(key="import_unit").value == "개"


def test_add_stores_indicator_and_offers_download():
    at = _upload(_page(), "wide_sido_utf8bom.csv")
    at = _add(at)
    _ok(at)
    store = at.session_state["user_indicators"]
    assert list(store) == ["user_my_r_d"]
    rec = store["user_my_r_d"]
    assert rec.layer == "rnd" and rec.nature == "extensive" and rec.label == "My R&D"
    assert set(rec.values["code"]) >= {"11", "51", "52"} and len(rec.values) == 17 * 4 - 3
    csv = pd.read_csv(io.BytesIO(userdata.to_csv(rec)), dtype={"code": str}, encoding="utf-8-sig")
    assert csv.columns.tolist() == ["code", "level", "year", "indicator", "label", "unit", "value"]
    assert len(at.get("download_button")) == 1


def test_failed_upload_leaves_state_untouched():
    at = _add(_upload(_page(), "wide_sido_utf8bom.csv"))
    before = dict(at.session_state["user_indicators"])
    at = _upload(at, "broken.csv", b"\x89PNG\r\n\x1a\n\x00\x00")
    _ok(at)
    assert len(at.error) == 1 and "PNG" in at.error[0].value
    assert dict(at.session_state["user_indicators"]) == before
    # cancelled (cleared) upload
    at.file_uploader(key="upload").set_value(None)
    at = at.run()
    _ok(at)
    assert dict(at.session_state["user_indicators"]) == before


def test_second_indicator_gets_its_own_id_and_first_is_kept():
    at = _add(_upload(_page(), "wide_sido_utf8bom.csv"))
    at = _add(_upload(at, "kosis_meta.xlsx"))
    _ok(at)
    store = at.session_state["user_indicators"]
    assert list(store) == ["user_my_r_d", "user_my_r_d_2"]
    assert store["user_my_r_d"].source == "wide_sido_utf8bom.csv"


def test_html_names_shown_as_data_only():
    at = _upload(_page(), "html_names_utf8.csv")
    _ok(at)
    # no markdown/HTML element carries the hostile text; tables (st.dataframe) hold it as data
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    assert not any("<script" in t or "onerror" in t for t in texts)
    frames = [d.value for d in at.dataframe]
    assert any((f.astype(str) == "<script>alert('x')</script>").any().any() for f in frames)
    # the only HTML on the page is the uploader's own words (ui.streamlit_words): none of the file's text
    assert all("script" not in h.proto.body and "onerror" not in h.proto.body for h in at.get("html"))
    assert all("stFileUploaderDropzone" in h.proto.body for h in at.get("html"))


def test_empty_name_refused_without_change():
    at = _upload(_page(), "wide_sido_utf8bom.csv")
    at = _add(at, name="   ")
    _ok(at)
    assert len(at.error) == 1 and "name" in at.error[0].value
    assert "user_indicators" not in at.session_state or not at.session_state["user_indicators"]


def test_slow_upload_shows_its_progress_bar_and_a_quick_one_leaves_none(monkeypatch):
    from ui import import_tab

    at = _upload(_page(), "wide_sido_utf8bom.csv")  # quick: the bar is removed once the import is done
    _ok(at)
    assert len(at.progress) == 0
    monkeypatch.setattr(import_tab, "KEEP_BAR_AFTER", 0.0)  # every import counts as slow: its finished bar stays
    at = _upload(at, "multiheader_sigungu_cp949.csv")
    _ok(at)
    assert len(at.progress) == 1 and at.progress[0].value == 100
    assert "Read, matched and checked in" in at.progress[0].proto.text


def test_progress_reports_every_stage_in_the_page_language(monkeypatch):
    from lang import t
    from ui import import_tab

    seen = []
    real = import_tab.StageBar.__call__

    def spy(self, stage, fraction):
        seen.append((stage, t(f"import_stage_{stage}", self.lang)))
        real(self, stage, fraction)

    monkeypatch.setattr(import_tab.StageBar, "__call__", spy)
    at = _upload(_page("ko"), "multiheader_sigungu_cp949.csv")
    _ok(at)
    assert [s for s, _ in seen] == ["reading", "matching", "suggesting", "checking", "done"]
    assert all(text and not text.isascii() for _, text in seen)  # Korean stage texts on the Korean page


def test_failing_import_mid_stage_keeps_indicators_and_clears_the_bar(monkeypatch):
    """A file that fails after the bar appeared (here: the matching stage raises) shows one message, no bar,
    and the indicators added before stay as they were."""
    from analysis.errors import ImportFileError
    from ingest import importer

    at = _add(_upload(_page(), "wide_sido_utf8bom.csv"))
    before = dict(at.session_state["user_indicators"])
    assert before
    real = importer.import_file

    def failing(*args, progress=None, **kw):
        def hook(stage, fraction):
            progress(stage, fraction)
            if stage == "matching":
                raise ImportFileError("the table broke while matching")
        return real(*args, progress=hook, **kw)

    monkeypatch.setattr(importer, "import_file", failing)
    at = _upload(at, "multiheader_sigungu_cp949.csv")
    _ok(at)
    assert len(at.error) == 1 and "broke while matching" in at.error[0].value
    assert len(at.progress) == 0
    assert dict(at.session_state["user_indicators"]) == before
    listed = " ".join(x.value for x in at.text)
    assert all(f"{rec.label} [" in listed for rec in before.values())  # still listed under "Your indicators"
