"""Hostile point files uploaded on the Korean page in Debian chromium (issue 30): one sentence each, in Korean, no
traceback, and the indicator added earlier in the session is still listed.

One session: a table is uploaded and added first (SYNTHETIC figures), then each file of ``tests/hostile_files.py``
is uploaded on the points page in turn (the previous one removed with the uploader's ✕). A refused file shows
exactly one error, with Hangul in it; a file that can be counted (all at sea, one distinct value, sums beyond the
float range, a category column decoding to 1.5 GB) shows its four counts and both maps.
"""

from __future__ import annotations

import re

import pytest

from lang import t
from tests import hostile_files

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIDO = ["서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시", "세종특별자치시",
        "경기도", "강원특별자치도", "충청북도", "충청남도", "전북특별자치도", "전라남도", "경상북도", "경상남도",
        "제주특별자치도"]
EARLIER = "먼저 올린 지표 QJ"
HANGUL = re.compile(r"[가-힣]")
ERROR = "[data-testid=stAlertContentError]"
METRIC = "[data-testid=stMetric]"
FOLIUM = "iframe[title*='streamlit_folium']"


def _settled(page) -> None:
    """The script run is over (Streamlit's running indicator gone), twice in a row."""
    for _ in range(2):
        page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=180_000)
        page.wait_for_timeout(700)


def test_hostile_point_files_get_one_korean_sentence_and_lose_nothing(page, app_url, artifacts):
    table = ("\n".join(["지역,2022", *(f"{n},{(i + 1) * 10}" for i, n in enumerate(SIDO))]) + "\n").encode()
    page.goto(f"{app_url}/?tab=import&lang=ko", wait_until="domcontentloaded")
    page.get_by_text(t("import_head", "ko")).wait_for(timeout=120_000)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "earlier.csv", "mimeType": "text/csv", "buffer": table}])
    add = page.get_by_role("button", name=t("import_add", "ko"), exact=True)
    add.wait_for(timeout=120_000)
    name = page.get_by_label(t("import_name", "ko"))
    name.fill(EARLIER)
    name.press("Tab")
    add.click()
    page.get_by_text(f"{EARLIER} (user_").wait_for(timeout=120_000)
    page.get_by_text(t("import_kind_points", "ko")).click()
    page.get_by_text(t("points_upload", "ko")).wait_for(timeout=120_000)
    seen = {}
    cases = {**hostile_files.files(),  # and the page bomb: 300k rows whose text decodes to 1.5 GB
             "expanding category": ("bomb.parquet", hostile_files.expanding_parquet(300_000), "counted")}
    for case, (fname, data, expected) in cases.items():
        remove = page.locator("[data-testid=stFileUploaderDeleteBtn] button")
        if remove.count():
            remove.first.click()
            _settled(page)
        page.locator("input[type=file]").set_input_files(
            files=[{"name": fname, "mimeType": "application/octet-stream", "buffer": data}])
        page.get_by_text(fname).first.wait_for(timeout=120_000)
        _settled(page)
        if expected == "refused":
            page.locator(ERROR).first.wait_for(timeout=180_000)
        else:
            page.locator(METRIC).nth(3).wait_for(timeout=180_000)
            page.locator(FOLIUM).nth(1).wait_for(state="attached", timeout=120_000)  # components mount late
        _settled(page)
        body = page.inner_text("body")
        errors = page.locator(ERROR).all_inner_texts()
        seen[case] = errors
        assert "Traceback" not in body and not page.locator("[data-testid=stException]").count(), case
        if expected == "refused":
            assert len(errors) == 1 and HANGUL.search(errors[0]), (case, errors)
        else:
            assert errors == [] and page.locator(METRIC).count() == 4, (case, errors)
            assert page.locator(FOLIUM).count() == 2, case
        if case == "expanding category":  # counted without its 5,000-character column, which is named once
            long = page.get_by_text(t("note_category_too_long", "ko", column="'kind'", n="5,000", most=100))
            assert long.count() == 1, case
        assert page.get_by_text(re.compile(rf"^{EARLIER} \[")).count() == 1, case  # still listed
        page.screenshot(path=str(artifacts / f"hostile_points_{fname.replace('.', '_')}.png"), full_page=True)
        assert page.js_errors == [], case
