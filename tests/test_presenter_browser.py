"""Presenter mode in Debian chromium at projector sizes: every slide fits, a clicker's keys move between them."""

from __future__ import annotations

import io
import re

import pytest

pytestmark = pytest.mark.browser

COUNTER = "[data-testid=ries-step]"

_FITS = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const img = document.querySelector('[data-testid=stImage] img');
  return {doc: document.documentElement.scrollHeight, inner: innerHeight, innerW: innerWidth,
          main: main ? main.scrollHeight - main.clientHeight : 0,
          docW: document.documentElement.scrollWidth,
          imgBottom: img ? img.getBoundingClientRect().bottom : null,
          imgRight: img ? img.getBoundingClientRect().right : null};
}"""


def _counter(page) -> str:
    return page.locator(COUNTER).inner_text().strip()


def _fits(page) -> None:
    m = page.evaluate(_FITS)
    assert m["doc"] <= m["inner"] and m["main"] <= 1, f"the slide scrolls: {m}"
    assert m["docW"] <= m["innerW"], f"the slide scrolls sideways: {m}"
    if m["imgBottom"] is not None:
        assert m["imgBottom"] <= m["inner"] + 0.5 and m["imgRight"] <= m["innerW"] + 0.5, m


def _download(page, make: str, save: str) -> bytes:
    """Make a file in the ⚙ popover (its button gives way to the download once made), then download it."""
    page.get_by_role("button", name=make).click()
    button = page.get_by_role("button", name=save)
    button.wait_for(timeout=240_000)
    with page.expect_download(timeout=120_000) as dl:
        button.click()
    return dl.value.path().read_bytes()


def _keys_ready(page) -> None:
    """The clicker script is on the page (added by the slide's hidden frame once it has loaded)."""
    page.wait_for_function("() => typeof window.__riesPresenterKeys === 'function'", timeout=60_000)


def _picture_loaded(page) -> None:
    page.wait_for_function("() => { const i = document.querySelector('[data-testid=stImage] img');"
                           " return i && i.complete && i.naturalWidth > 600; }", timeout=90_000)


@pytest.mark.parametrize(("width", "height", "lang"), [(1280, 720, "en"), (1920, 1080, "ko")])
def test_slides_fit_and_clicker_keys_move_between_them(page, app_url, artifacts, width, height, lang):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/?present=1&lang={lang}", wait_until="domcontentloaded")
    page.locator(COUNTER).wait_for(timeout=90_000)
    page.locator(".ries-card").first.wait_for(timeout=60_000)
    assert _counter(page) == "1 / 5"
    _fits(page)
    # headline cards: every label shown whole (no cut), labels distinct, values larger than labels
    cards = page.locator(".ries-card").evaluate_all("""els => els.map(e => {
        const l = e.querySelector('.l'), v = e.querySelector('.v');
        return {label: l.innerText, cut: l.scrollWidth > l.clientWidth + 1 || l.scrollHeight > l.clientHeight + 1,
                bottom: e.getBoundingClientRect().bottom,
                v: parseFloat(getComputedStyle(v).fontSize), l: parseFloat(getComputedStyle(l).fontSize)};
    })""")
    assert len(cards) >= 3
    assert not any(c["cut"] for c in cards), cards
    assert len({c["label"] for c in cards}) == len(cards)
    assert all(c["v"] >= 2 * c["l"] and c["bottom"] <= height for c in cards), cards
    page.screenshot(path=str(artifacts / f"presenter_{width}x{height}_{lang}_1.png"))
    page.mouse.click(width // 2, height - 10)  # the presenter clicks the slide, then uses the keys
    _keys_ready(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.querySelector('{COUNTER}').innerText.trim() === '2 / 5'",
                           timeout=60_000)
    _picture_loaded(page)
    _fits(page)
    page.keyboard.press("PageDown")
    page.wait_for_function(f"() => document.querySelector('{COUNTER}').innerText.trim() === '3 / 5'",
                           timeout=60_000)
    _picture_loaded(page)
    page.wait_for_timeout(500)
    _fits(page)
    page.screenshot(path=str(artifacts / f"presenter_{width}x{height}_{lang}_3.png"))
    assert "step=2" in page.url
    # the picture fills the slide: Streamlit's 1460-px image cap left 76 % of a 1920-px screen (82 % at 1280);
    # its 18 pt legend stays >= 20 px on screen; no focus frame drawn round the slide after a key press
    shown = page.evaluate("""() => { const i = document.querySelector('[data-testid=stImage] img');
        return {w: i.getBoundingClientRect().width, natural: i.naturalWidth,
                frame: getComputedStyle(document.querySelector('[data-testid=stMain]'), '::before').boxShadow}; }""")
    assert shown["natural"] == 1920 and shown["w"] / width >= 0.8, shown
    assert 18 / 72 * 150 * shown["w"] / shown["natural"] >= 20, shown
    assert shown["frame"] in ("none", ""), shown
    title = page.locator(".ries-title").evaluate("e => [e.scrollHeight, e.clientHeight]")
    assert title[0] <= title[1] + 1, title  # Hangul glyphs overflowed a 1.15 line by 3 px at 1080p
    page.keyboard.press("PageUp")
    page.wait_for_function(f"() => document.querySelector('{COUNTER}').innerText.trim() === '2 / 5'",
                           timeout=60_000)
    page.keyboard.press("Space")
    page.wait_for_function(f"() => document.querySelector('{COUNTER}').innerText.trim() === '3 / 5'",
                           timeout=60_000)
    assert page.js_errors == []


def test_a_story_from_the_link_with_three_steps(page, app_url, artifacts):
    """The story lives in the URL: pair, level, year and steps in their order; the counter counts them."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?present=1&lang=en&px=rd_expenditure_from_share&py=gva_manufacturing_nominal_b2020"
              "&plevel=sido&pyear=2022&psteps=mismatch,clusters,x&step=1", wait_until="domcontentloaded")
    page.locator(COUNTER).wait_for(timeout=90_000)
    assert _counter(page) == "2 / 4"
    assert page.locator(".ries-title").inner_text().startswith("Mismatch of R&D expenditure")
    _picture_loaded(page)
    _fits(page)
    page.mouse.click(640, 710)  # the presenter clicks the slide, then uses the keys
    _keys_ready(page)
    page.keyboard.press("ArrowRight")  # the clusters slide: the longest title, shown whole on two lines at most
    page.wait_for_function("() => document.querySelector('.ries-title').textContent.includes('clusters')",
                           timeout=60_000)
    _picture_loaded(page)
    page.wait_for_timeout(500)
    _fits(page)
    title = page.locator(".ries-title").evaluate("e => [e.scrollHeight, e.clientHeight]")
    assert title[0] <= title[1] + 1, title
    page.screenshot(path=str(artifacts / "presenter_story_three_steps.png"))
    assert page.js_errors == []


SGG_STEPS = "clusters,spec:gva_manufacturing_nominal_b2015,x"


@pytest.mark.slow
def test_a_sigungu_story_link_downloads_its_deck_and_briefing_in_order(page, app_url, artifacts, tmp_path):
    """A si-gun-gu story opened fresh from its link: clusters, then an industry's specialisation, then the X
    map; the PPTX downloaded from the page has those slides in that order with notes on every slide, and the
    one-page PDF renders as one page (pdftoppm)."""
    import io
    import shutil
    import subprocess

    from pptx import Presentation

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?present=1&lang=en&px=gva_prof_business_services_nominal_b2015"
              f"&py=gva_manufacturing_nominal_b2015&plevel=sigungu&pyear=2020&psteps={SGG_STEPS}&step=2",
              wait_until="domcontentloaded")
    page.locator(COUNTER).wait_for(timeout=90_000)
    assert _counter(page) == "3 / 4"
    assert "location quotient" in page.locator(".ries-title").inner_text()
    _picture_loaded(page)
    page.wait_for_timeout(500)
    _fits(page)
    page.screenshot(path=str(artifacts / "presenter_sigungu_spec.png"))
    page.get_by_role("button", name="⚙").click()
    prs = Presentation(io.BytesIO(_download(page, "Make the slides (PPTX)", "⬇️ Slides (PPTX)")))
    titles = [next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    assert len(titles) == 4 and "clusters" in titles[1] and "location quotient" in titles[2]
    assert titles[3].startswith("Professional, scientific and technical activities")
    assert all(s.notes_slide.notes_text_frame.text.strip() for s in prs.slides)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(_download(page, "Make the one-page briefing (PDF)", "⬇️ One-page briefing (PDF)"))
    assert pdf.read_bytes()[:4] == b"%PDF"
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "p")], check=True)
        pages = sorted(tmp_path.glob("p*.png"))
        assert len(pages) == 1
        shutil.copy(pages[0], artifacts / "presenter_sigungu_brief.png")
    assert page.js_errors == []


SIDO = ["서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시", "세종특별자치시",
        "경기도", "강원특별자치도", "충청북도", "충청남도", "전북특별자치도", "전라남도", "경상북도", "경상남도",
        "제주특별자치도"]


@pytest.mark.slow
def test_a_story_with_an_uploaded_indicator_downloads_a_deck_and_a_briefing_with_its_slide(page, app_url, tmp_path,
                                                                                           artifacts):
    """Issue 31: the PPTX and PDF of a story whose X is an upload of this session were built outside the session
    (the upload not found there, the error in the server log, nothing downloaded). Uploaded (SYNTHETIC figures),
    added, chosen as X in the ⚙ popover: both files are made on the page and hold its slide and its name."""
    import subprocess

    from pptx import Presentation

    label = "Synthetic labs QJ"
    table = ("\n".join(["지역,2022", *(f"{n},{(i + 1) * 10}" for i, n in enumerate(SIDO))]) + "\n").encode()
    page.goto(f"{app_url}/?tab=import&lang=en", wait_until="domcontentloaded")
    page.get_by_text("Bring your own data").wait_for(timeout=120_000)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "labs.csv", "mimeType": "text/csv", "buffer": table}])
    page.get_by_role("button", name="Add", exact=True).wait_for(timeout=120_000)
    name = page.get_by_label("Indicator name")
    name.fill(label)
    name.press("Tab")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text(f"{label} (user_").wait_for(timeout=120_000)
    page.get_by_role("button", name="Presenter mode ▶").click()  # same session: the upload goes along
    page.locator(COUNTER).wait_for(timeout=120_000)
    page.get_by_role("button", name="⚙").click()
    page.locator("[data-testid=stPopoverBody] [data-testid=stSelectbox]").filter(
        has=page.locator("label", has_text=re.compile(r"^X$"))).click()  # the X box, wherever the row puts it
    page.keyboard.type(label)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_function(f"() => document.querySelector('.ries-sub')?.innerText.includes('X = {label}')",
                           timeout=240_000)  # the story's briefing is rebuilt: >120 s once at load 10 with a suite
    make = page.get_by_role("button", name="Make the slides (PPTX)")
    if not make.is_visible():
        page.get_by_role("button", name="⚙").click()
    prs = Presentation(io.BytesIO(_download(page, "Make the slides (PPTX)", "⬇️ Slides (PPTX)")))
    titles = [next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    assert titles[1] == f"{label}: share by region, 2022", titles  # every slide title names its year
    pictures = [sh for sh in prs.slides[1].shapes if sh.shape_type == 13]  # the map of the upload
    assert len(pictures) == 1
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(_download(page, "Make the one-page briefing (PDF)", "⬇️ One-page briefing (PDF)"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"X = {label}" in " ".join(text.split())
    page.screenshot(path=str(artifacts / "presenter_upload_downloads.png"))
    assert not page.locator("[data-testid=stException]").count()
    assert page.js_errors == []
