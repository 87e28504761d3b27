"""The Korean page has no English wording, raw ids or misformatted numbers left (issue 15, item 7).

A walk through every tab and panel in Debian chromium with ``lang=ko``: the visible text of the page and of its
map frames (legends, layer lists, scale bars), table headings, multiselect placeholders and the file uploader's
words are read and checked by :func:`findings`, whose rules are plain functions tested here without a browser.
What Streamlit or Leaflet write themselves and offer no way to change (hover titles such as "Zoom in",
accessible names) is not visible text and is not read; README-style allowances are listed in :data:`ALLOWED`.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import ROOT, findings


def test_findings_rules():
    """The rules flag what the user reported and pass the page's deliberate Latin."""
    assert findings("수도권 % 70.100") == ["number: 70.100"]
    assert findings("타일 지수 0.376 · 켄달 τ 1.000 · χ² = 278.1 · 2,095.350") == []
    assert findings("서울특별시 (Seoul) · 중구 (서울) · Jung-gu (Seoul)") == []
    assert findings("출처: Statistics Korea (KOSTAT, 통계청)") == []
    assert "English: capital" in findings("수도권 capital")
    assert findings("공간 단위: sido") == ["English: sido"]


# ---- the walk in chromium ------------------------------------------------------------------------------------

_COLLECT = """() => {
  // not read: icon ligatures ("keyboard_arrow_down"), the keyboard skip link, the uploaded file's chip (the user's
  // file name and size) and the uploader's "+" button (an icon with screen-reader text only)
  const hide = document.createElement('style');
  hide.textContent = '[data-testid=stIconMaterial], [data-testid=stSkipToContent], [data-testid=stFileChip], '
    + '[data-testid=stFileUploaderDropzone] [data-testid=stBaseButton-borderlessIcon] {display: none !important}';
  document.head.appendChild(hide);
  const text = document.body ? document.body.innerText : '';
  hide.remove();
  const heads = [...document.querySelectorAll('[data-testid=stDataFrame] th')].map(e => e.textContent);
  const placeholders = [...document.querySelectorAll('[data-testid=stMultiSelect] input')]
    .map(e => e.getAttribute('placeholder') || '');
  const uploader = [...document.querySelectorAll(
      '[data-testid=stFileUploaderDropzone] button p, [data-testid=stFileUploaderDropzoneInstructions] span')]
    .map(e => getComputedStyle(e, '::after').content);
  return [text, ...heads, ...placeholders, ...uploader].join('\\n');
}"""


def _settle(page, extra_ms: int = 1500) -> None:
    """Wait until the script run ends (Streamlit's status widget gone), then for drawing."""
    page.wait_for_selector("[data-testid=stMain]", timeout=60_000)
    page.wait_for_timeout(800)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=120_000)
    page.wait_for_timeout(extra_ms)


def _page_text(page) -> str:
    parts = []
    for frame in page.frames:
        try:
            parts.append(frame.evaluate(_COLLECT))
        except Exception:  # a frame navigated away meanwhile: the next walk reads it
            continue
    return "\n".join(parts)


def _open_expanders(page) -> None:
    for summary in page.locator("[data-testid=stExpander] summary").all():
        summary.click()
    _settle(page, 800)


def _upload(page, path) -> None:
    page.locator("input[type=file]").first.set_input_files(str(path))
    _settle(page, 2000)


def _walk(page, app_url, query: str, action=None) -> str:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app_url}/?lang=ko&{query}", wait_until="domcontentloaded")
    _settle(page, 3000)
    if action:
        action(page)
    _open_expanders(page)
    return _page_text(page)


def _points_file(tmp_path):
    """SYNTHETIC points: one in Seoul, one in Busan with a non-number, one without coordinates, one at sea."""
    f = tmp_path / "시설목록.csv"  # a Korean planner's file: Korean name and headers
    f.write_text("시설,경도,위도,종사자\nA,126.978,37.566,10\nB,129.075,35.180,x\nC,,,3\nD,124.0,32.0,4\n",
                 encoding="utf-8")
    return f


def _type_seed(page) -> None:
    """Edit the seed (not applied): Streamlit shows its hint under the input."""
    seed = page.get_by_label("난수 시드")
    seed.click()
    seed.press("End")
    seed.type("9")
    page.wait_for_timeout(500)
    hint = page.locator("[data-testid=InputInstructions] span").first
    assert "Enter 키를 누르면 적용" in hint.evaluate("e => getComputedStyle(e, '::after').content")


def _present_gear(page) -> None:
    page.get_by_role("button", name="⚙").click()
    page.wait_for_timeout(1500)


PAGES = {
    "map": ("tab=map", None),
    "map_profile": ("tab=map&region=11", None),
    "map_sigungu": ("tab=map&level=sigungu&ind=population_registered&region=11110", None),
    "mismatch": ("tab=mismatch", None),
    "mismatch_sigungu": ("tab=mismatch&clv=sigungu", None),
    "clusters": ("tab=clusters", _type_seed),
    "clusters_gi": ("tab=clusters&clv=sigungu&cstat=gi", None),
    "specialisation": ("tab=specialisation&region=11110", None),
    "change": ("tab=change", None),
    "change_sigungu": ("tab=change&clevel=sigungu", None),
    "map_emd": ("tab=map&level=emd", None),
    "present_sigungu": ("present=1&plevel=sigungu&px=gva_prof_business_services_nominal_b2015"
                        "&py=gva_manufacturing_nominal_b2015&step=1", None),
    "data": ("tab=data", None),
    "present": ("present=1", _present_gear),
    "present_map": ("present=1&step=2", None),
}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("name", list(PAGES))
def test_korean_page_has_no_english_or_raw_ids(page, app_url, artifacts, name):
    query, action = PAGES[name]
    text = _walk(page, app_url, query, action)
    page.screenshot(path=str(artifacts / f"ko_sweep_{name}.png"))
    found = findings(text)
    assert found == [], "\n".join(found)
    assert page.js_errors == []


@pytest.mark.browser
@pytest.mark.slow
def test_korean_import_pages_have_no_english_or_raw_ids(page, app_url, artifacts, tmp_path):
    """The upload page before and after a file (report, checks, missing cells, form) and the points page."""
    text = _walk(page, app_url, "tab=import")
    assert findings(text) == [], "\n".join(findings(text))
    uploader = page.locator("[data-testid=stFileUploaderDropzone]").first
    assert "파일 찾기" in uploader.evaluate("e => getComputedStyle(e.querySelector('button p'), '::after').content")
    _upload(page, ROOT / "tests" / "fixtures" / "import" / "kosis_meta.xlsx")
    name = page.get_by_label("지표 이름")
    name.wait_for(timeout=60_000)
    name.click()
    name.type("x")  # edited, not submitted: Streamlit's hint and the length count show under the input
    hints = page.locator("[data-testid=stForm] [data-testid=InputInstructions] span")
    hints.first.wait_for(state="attached", timeout=10_000)  # hidden: its words are the ::after content
    assert "Enter 키를 누르면 제출" in hints.first.evaluate("e => getComputedStyle(e, '::after').content")
    assert re.fullmatch(r"\d+/\d+", hints.last.inner_text())  # the count stays visible
    _open_expanders(page)
    page.screenshot(path=str(artifacts / "ko_sweep_import.png"), full_page=True)
    found = findings(_page_text(page))
    assert found == [], "import report:\n" + "\n".join(found)
    page.get_by_text("좌표 목록 (시설·기업)").click()
    _settle(page)
    _upload(page, _points_file(tmp_path))
    page.locator("iframe").nth(1).wait_for(timeout=60_000)
    _open_expanders(page)
    _settle(page, 2000)
    page.screenshot(path=str(artifacts / "ko_sweep_points.png"))
    found = findings(_page_text(page))
    assert found == [], "points page:\n" + "\n".join(found)
    assert page.js_errors == []
