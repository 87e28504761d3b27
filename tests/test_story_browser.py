"""A story that cannot embarrass (issue 25 item 3), in Debian chromium at 1280×720 on the Korean page.

A link with a mistyped indicator id and steps the story cannot show (a trend of a pair compared in one year only, a
map of an indicator that does not exist): the page says what it changed in Korean sentences, shows a story that can
be shown, greys the unsupported steps out in the ⚙ menu with their reasons, and neither the page nor the PPTX
downloaded from it holds an English error or an indicator id.
"""

from __future__ import annotations

import io
import re

import pytest

from analysis.store import bundled
from tests.helpers import findings, page_text, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TYPO = "rd_expenditur"
LINK = f"present=1&lang=ko&px={TYPO}&py=gva_manufacturing_nominal_b2020&psteps=x,trend,map:no_such_id,clusters"
ENGLISH_ERRORS = ("no trend", "only 1 year", "unknown", "has no", "ignored", "python -m", "Traceback", "Error")


def _ids() -> set[str]:
    """Every id a person must never see: the catalogue's indicators and the link's own mistyped ones."""
    return {*bundled().catalogue.index, TYPO, "no_such_id"}


def _clean(text: str) -> list[str]:
    found = findings(text)
    found += [f"id: {i}" for i in _ids() if re.search(rf"(?<![a-z0-9_]){re.escape(i)}(?![a-z0-9_])", text)]
    found += [f"English error: {e}" for e in ENGLISH_ERRORS if e in text]
    return found


def test_a_bad_link_and_unsupported_steps_leave_no_english_and_no_id_on_the_page_or_in_the_deck(page, app_url,
                                                                                               artifacts):
    from pptx import Presentation

    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?{LINK}", wait_until="domcontentloaded")
    page.locator(".ries-card").first.wait_for(timeout=240_000)
    toasts = page.locator("[data-testid=stToast]")
    toasts.first.wait_for(timeout=60_000)
    said = toasts.all_inner_texts()
    page.screenshot(path=str(artifacts / "story_bad_link_1280.png"))
    assert any("기본 이야기" in s for s in said) and any("추세" in s for s in said), said
    # the default pair, its two steps the link asked for that it can show: X and clusters (+ the cards)
    assert page.locator("[data-testid=ries-step]").inner_text().strip() == "1 / 3"
    found = _clean(page_text(page))
    assert found == [], found
    settle(page, 1500)
    page.get_by_role("button", name="⚙").click()
    body = page.locator("[data-testid=stPopoverBody]")
    body.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    menu = body.inner_text()
    assert "쓸 수 없는 단계" in menu and "추세 (후버 지수)" in menu and "2022년 하나뿐" in menu, menu
    page.screenshot(path=str(artifacts / "story_bad_link_menu_1280.png"))
    apply = body.get_by_role("button", name="적용").bounding_box()  # the link's sentences in one box above it
    assert apply and apply["y"] + apply["height"] <= 720, apply
    found = _clean(page_text(page))
    assert found == [], found
    body.get_by_role("button", name="슬라이드 PPTX 만들기").click()  # made in this session, then offered
    save = page.locator("[data-testid=stPopoverBody]").get_by_role("button", name="⬇️ 슬라이드 PPTX")
    save.wait_for(timeout=240_000)
    with page.expect_download(timeout=240_000) as dl:
        save.click()
    name = dl.value.suggested_filename
    assert name.startswith("RIES_시도_연구개발비_대_제조업-부가가치_2022") and name.endswith(".pptx"), name
    prs = Presentation(io.BytesIO(dl.value.path().read_bytes()))
    assert len(prs.slides) == 3
    titles = [next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    assert all("2022" in title for title in titles), titles
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    texts += [s.notes_slide.notes_text_frame.text for s in prs.slides]
    deck_text = "\n".join(texts)
    assert deck_text.strip() and all(s.notes_slide.notes_text_frame.text.strip() for s in prs.slides)
    found = [f for f in _clean(deck_text) if not f.startswith("English: ")
             or f.split(": ", 1)[1] not in _source_words(prs)]
    assert found == [], found
    assert page.js_errors == []


def _source_words(prs) -> set[str]:
    """Latin words of the title slide's source line (publishers and tables as recorded, e.g. a report's title)."""
    line = next(sh.text_frame.text for sh in prs.slides[0].shapes
                if sh.has_text_frame and sh.text_frame.text.startswith("자료:"))
    return set(re.findall(r"[A-Za-z][A-Za-z_]*", line.split("\n")[0]))
