"""The page in real headless Debian chromium (Playwright): renders, draws one path per region, works offline."""

from __future__ import annotations

import pytest

from tests.conftest import block_network

pytestmark = pytest.mark.browser

N_SIDO = 17


def _map_frame(page, index: int = 0):
    """The st_folium iframe (the map component) once its Leaflet paths are drawn."""
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=60_000)
    frame = page.frame_locator("iframe[title*='streamlit_folium']").nth(index)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    return frame


def _fills(frame) -> list[str]:
    return frame.locator("path.leaflet-interactive").evaluate_all("els => els.map(e => e.getAttribute('fill'))")


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


def _click_latlng(page, lat: float, lng: float, index: int = 0) -> None:
    """Click the map at a geographic point, as a user would (a real mouse click on the iframe)."""
    frames = [f for f in page.frames if "streamlit_folium" in (f.url or "")]
    pt = frames[index].evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lng}]); "
                                "return [p.x, p.y]; }")
    box = page.locator("iframe[title*='streamlit_folium']").nth(index).bounding_box()
    page.mouse.click(box["x"] + pt[0], box["y"] + pt[1])


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
