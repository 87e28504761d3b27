"""The page in real headless Debian chromium (Playwright): renders, draws one path per region, works offline."""

from __future__ import annotations

import pytest

from tests.helpers import block_network
from tests.helpers import click_latlng as _click_latlng
from tests.helpers import fills as _fills
from tests.helpers import map_frame as _map_frame

pytestmark = pytest.mark.browser

N_SIDO = 17


def test_page_renders_map_without_js_errors(page, app_url, artifacts):
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.goto(app_url, wait_until="domcontentloaded")
    frame = _map_frame(page)
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "map_tab.png"))
    # one filled path per sido (the capital outline is not interactive)
    assert len(_fills(frame)) == N_SIDO
    assert page.js_errors == []


def test_offline_every_external_request_blocked(page, app_url, artifacts):
    blocked = block_network(page.context)
    page.goto(app_url, wait_until="domcontentloaded")
    frame = _map_frame(page)
    assert len(_fills(frame)) == N_SIDO
    page.screenshot(path=str(artifacts / "map_offline.png"), full_page=True)
    assert page.js_errors == []
    # nothing external was needed (if something was asked for and blocked, the map still drew, but say so)
    assert blocked == [], f"the page asked for external resources: {blocked[:5]}"


def test_switching_indicator_changes_fills(page, app_url):
    page.goto(f"{app_url}/?layer=production&ind=gva_manufacturing_nominal_b2020", wait_until="domcontentloaded")
    before = _fills(_map_frame(page))
    page.goto(f"{app_url}/?layer=context&ind=population_registered", wait_until="domcontentloaded")
    page.wait_for_timeout(1500)
    after = _fills(_map_frame(page))
    assert len(before) == len(after) == N_SIDO
    assert before != after


def test_clicking_a_region_shows_its_profile(page, app_url, artifacts):
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.goto(app_url, wait_until="domcontentloaded")
    _map_frame(page)
    page.wait_for_timeout(800)
    _click_latlng(page, 36.45, 128.6)  # inland Gyeongsangbuk-do (Andong/Uiseong area)
    page.wait_for_function("() => new URL(location.href).searchParams.get('region') === '47'", timeout=30_000)
    page.locator("[data-testid='stSidebar']").get_by_text("경상북도").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(artifacts / "map_selected.png"))
    assert page.js_errors == []


def test_copied_link_reopens_the_same_view(page, app_url):
    page.goto(f"{app_url}/?lang=en&tab=map&layer=context&ind=population_registered&year=2012&region=44",
              wait_until="domcontentloaded")
    frame = _map_frame(page)
    page.get_by_text("Chungcheongnam-do").first.wait_for(timeout=30_000)
    legend = frame.locator(".ries-legend").inner_text()
    assert "Registered population (2012)" in legend
    assert "year=2012" in page.url and "region=44" in page.url


HOSTILE = "<img src=x onerror=alert(1)> R&D"


def test_hostile_names_from_an_upload_stay_text(page, app_url, artifacts):
    """SYNTHETIC fixture with `<script>` and `<img onerror>` region names, uploaded through the page and named
    with HTML: every place it reaches (map legend, layer control, tooltip) shows it as text, nothing runs."""
    from pathlib import Path

    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.goto(f"{app_url}/?tab=import&lang=en", wait_until="domcontentloaded")
    fixture = Path(__file__).parent / "fixtures" / "import" / "html_names_utf8.csv"
    page.locator("input[type=file]").set_input_files(str(fixture))
    name = page.get_by_label("Indicator name")
    name.wait_for(timeout=60_000)
    name.fill(HOSTILE)
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts / "import_hostile.png"))
    # to the map tab, R&D layer, the uploaded indicator (selected by its label in the widget)
    page.get_by_role("radio", name="Map").or_(page.get_by_text("Map", exact=True)).first.click()
    frame = _map_frame(page)
    page.get_by_label("Layer").first.click()
    page.get_by_role("option", name="R&D").first.click()
    page.wait_for_timeout(1000)
    page.get_by_label("Indicator").first.click()
    page.get_by_role("option", name=HOSTILE).first.click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('ind')?.startsWith('user_')",
                           timeout=30_000)
    page.wait_for_timeout(2000)
    frame = page.frame_locator("iframe[title*='streamlit_folium']").first
    legend = frame.locator(".ries-legend").inner_text()
    assert HOSTILE in legend  # shown as text
    assert frame.locator("img[onerror]").count() == 0
    assert frame.locator("script:text('alert')").count() == 0
    assert HOSTILE in frame.locator(".leaflet-control-layers").inner_text()
    frame.locator("path.leaflet-interactive").first.hover(force=True)
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "map_hostile_names.png"))
    assert dialogs == [] and page.js_errors == []


def test_sigungu_map_has_one_path_per_unit(page, app_url):
    """Si-gun-gu data (registered population 2014) are published for the 229 autonomous units."""
    page.goto(f"{app_url}/?level=sigungu&ind=population_registered&year=2014", wait_until="domcontentloaded")
    frame = _map_frame(page)
    frame.locator("path.leaflet-interactive").nth(228).wait_for(timeout=60_000)
    assert len(_fills(frame)) == 229
    assert page.js_errors == []


def test_presenter_slide_picture_and_deck_download(page, app_url, artifacts):
    """Presenter mode shows the map picture of the step and downloads the PPTX deck of the sequence."""
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(f"{app_url}/?present=1&step=2&lang=en", wait_until="domcontentloaded")
    img = page.locator("[data-testid=stImage] img").first
    img.wait_for(timeout=60_000)
    page.wait_for_function("() => { const i = document.querySelector('[data-testid=stImage] img');"
                           " return i && i.complete && i.naturalWidth > 600; }", timeout=60_000)
    page.screenshot(path=str(artifacts / "presenter_step3.png"))
    page.get_by_role("button", name="⚙").click()  # the story popover holds the downloads
    page.get_by_role("button", name="Make the slides (PPTX)").click()  # made in this session, then offered
    save = page.get_by_role("button", name="⬇️ Slides (PPTX)")
    save.wait_for(timeout=240_000)
    with page.expect_download(timeout=120_000) as dl:
        save.click()
    data = dl.value.path().read_bytes()
    assert data[:2] == b"PK" and b"ppt/slides/slide5.xml" in data
    assert page.js_errors == []


MD_PAYLOAD = "![x](http://203.0.113.9/p.png) [link](http://203.0.113.9/) $$x^2$$ :red[R] <b>B</b> www.e.example"


def _rendered(locator) -> str:
    return locator.inner_text().replace("\u2060", "")


def _no_markdown_rendered(page) -> None:
    assert page.locator("[data-testid=stMain] img[src*='203.0.113.9']").count() == 0
    assert page.locator("a[href*='203.0.113.9'], a[href*='e.example']").count() == 0
    assert page.locator("[data-testid=stMain] .katex").count() == 0


def test_markdown_payload_stays_text_offline(page, app_url, artifacts):
    """A Markdown image, link, KaTeX, colour and HTML in a file name (upload error) and in a shared link's
    indicator id (absent-upload notice) are shown as written, and no request leaves the machine."""
    blocked = block_network(page.context)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app_url}/?tab=import&lang=en", wait_until="domcontentloaded")
    page.locator("input[type=file]").set_input_files(
        {"name": MD_PAYLOAD + ".csv", "mimeType": "text/csv", "buffer": b""})
    alert = page.locator("[data-testid=stAlertContentError]").first
    alert.wait_for(timeout=60_000)
    assert _rendered(alert).startswith(MD_PAYLOAD + ".csv is empty")
    _no_markdown_rendered(page)
    page.screenshot(path=str(artifacts / "markdown_payload_upload.png"))

    from urllib.parse import quote

    page.goto(f"{app_url}/?tab=map&lang=en&ind={quote('user_' + MD_PAYLOAD)}", wait_until="domcontentloaded")
    note = page.locator("[data-testid=stAlertContentWarning]").filter(has_text="not in this session").first
    note.wait_for(timeout=60_000)
    assert "user_" + MD_PAYLOAD in _rendered(note)
    _map_frame(page)
    _no_markdown_rendered(page)
    page.screenshot(path=str(artifacts / "markdown_payload_link.png"))
    assert blocked == [], f"requests left the machine: {blocked[:5]}"
    assert page.js_errors == []


def test_point_file_shows_markers_and_an_aggregated_map_offline(page, app_url, artifacts, tmp_path):
    """SYNTHETIC point file (random plants around Seoul and Busan, one at sea, one without coordinates): the
    points page clusters its markers and maps the counts per sigungu with nothing fetched from outside; the
    counts then become indicators."""
    import numpy as np

    rng = np.random.default_rng(7)
    rows = ["name,lon,lat,employees,ksic"]
    for i in range(150):
        lon, lat = (126.98, 37.55) if i % 2 else (129.06, 35.16)
        rows.append(f"p{i},{lon + rng.normal(0, 0.03):.6f},{lat + rng.normal(0, 0.02):.6f},{i % 40 + 1},"
                    f"{'C10' if i % 3 else 'J62'}")
    rows += ["sea,124.0,36.0,1,C10", "nowhere,,,1,C10"]
    f = tmp_path / "plants.csv"
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    blocked = block_network(page.context)
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(f"{app_url}/?tab=import&lang=en", wait_until="domcontentloaded")
    page.get_by_text("Points (facilities with coordinates)").click()
    page.get_by_text("Choose a point file").wait_for(timeout=60_000)
    page.locator("input[type=file]").first.set_input_files(str(f))
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=90_000)
    page.get_by_text("outside every unit (sea, abroad)").first.wait_for(timeout=60_000)
    points_frame = page.frame_locator("iframe[title*='streamlit_folium']").nth(0)
    points_frame.locator(".marker-cluster").first.wait_for(timeout=60_000)
    agg = _map_frame(page, 1)
    fills = _fills(agg)
    assert len(fills) == 247 and len(set(fills)) > 1
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts / "points_page.png"), full_page=True)
    assert points_frame.locator(".marker-cluster").count() >= 2
    assert blocked == [], f"the page asked for external resources: {blocked[:5]}"
    assert page.js_errors == []
    page.get_by_label("Year the list describes").fill("2024")
    page.get_by_role("button", name="Add indicators").click()
    page.get_by_text("Added; they now appear in every tab").wait_for(timeout=120_000)
    page.get_by_text("plants — count (user_plants_count)").first.wait_for(timeout=10_000)


def test_tooltips_wrap_at_a_readable_width(page, app_url, artifacts):
    """Issue 15: tooltips were ~950 px wide (an unwrapped source line) and clipped at the map's edge."""
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.goto(app_url, wait_until="domcontentloaded")
    frame = _map_frame(page)
    page.wait_for_timeout(800)
    frames = [f for f in page.frames if "streamlit_folium" in (f.url or "")]
    pt = frames[0].evaluate("() => { const p = window.map.latLngToContainerPoint([36.45, 128.6]); return [p.x, p.y]; }")
    iframe_box = page.locator("iframe[title*='streamlit_folium']").first.bounding_box()
    page.mouse.move(iframe_box["x"] + pt[0] + 3, iframe_box["y"] + pt[1] + 3)
    tip = frame.locator(".leaflet-tooltip").first
    tip.wait_for(timeout=10_000)
    box = tip.bounding_box()
    page.screenshot(path=str(artifacts / "map_tooltip.png"))
    assert box["width"] <= 360, box  # 320 px text box + Leaflet's padding and border
    assert "(" in tip.inner_text() or "경상북도" in tip.inner_text()
    assert page.js_errors == []


def test_headline_labels_wrap_instead_of_being_cut(page, app_url, artifacts):
    """The Mismatch tab's five headline numbers at 1280×720 in Korean: '제조업 부가가치의 수도권 …' was cut."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?tab=mismatch", wait_until="domcontentloaded")
    page.locator("[data-testid=stMetricLabel]").nth(4).wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    # cut ("…"), or running over into the next number's column
    cut = page.eval_on_selector_all("[data-testid=stMetric]", """els => els.filter(m => {
        const box = m.getBoundingClientRect();
        return Array.from(m.querySelectorAll('[data-testid=stMetricLabel] *')).some(e => {
            const r = e.getBoundingClientRect();
            return r.right > box.right + 1 || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible');
        }); }).map(m => m.textContent)""")
    page.screenshot(path=str(artifacts / "mismatch_metrics_ko_1280.png"))
    assert cut == []
    labels = page.locator("[data-testid=stMetricLabel]").all_inner_texts()
    assert any("제조업 부가가치의 수도권 비중" in x.replace("\n", " ") for x in labels), labels


def test_the_scheme_hint_follows_the_year_slider(page, app_url, artifacts):
    """Employed persons by sido: shares skewed from 2001 (Fisher-Jenks offered), not in 2000. The hint sat outside
    the year's fragment, so stepping the year left the previous year's hint on screen."""
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.goto(f"{app_url}/?lang=en&layer=workforce&ind=employed_persons&mode=share&year=2001",
              wait_until="domcontentloaded")
    _map_frame(page)
    hint = page.get_by_text("A few regions dominate")
    hint.first.wait_for(timeout=30_000)
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowLeft")  # 2000
    page.wait_for_function("() => new URL(location.href).searchParams.get('year') === '2000'", timeout=30_000)
    page.wait_for_timeout(2500)
    page.screenshot(path=str(artifacts / "map_scheme_hint_2000.png"))
    assert hint.count() == 0
    # back to 2001: the hint returns, and its button (inside the year's fragment) applies the scheme to the tab
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowRight")
    hint.first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Fisher").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('scheme') === 'fisher_jenks'",
                           timeout=30_000)
    page.wait_for_timeout(1500)
    assert hint.count() == 0
    assert page.js_errors == []
