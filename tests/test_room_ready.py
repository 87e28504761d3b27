"""Room-ready at 1280×720 (issue 25 item 5), in Debian chromium: the Map tab's map begins in the upper half of the first
screen, and no map's legend covers more than 15 % of it when the page opens (a larger one is folded to its title
line and opens with a click)."""

from __future__ import annotations

import pytest

from geo.maps import LEGEND_MAX_SHARE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAP = "iframe[title*='streamlit_folium']"

_LEGEND = """() => {
  const box = document.querySelector('.ries-legend'); if (!box) return null;
  const r = box.getBoundingClientRect();
  return {share: r.width * r.height / (innerWidth * innerHeight), open: box.querySelector('details').open,
          title: box.querySelector('summary').innerText};
}"""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_map_tab_map_begins_in_the_upper_half_of_a_720p_screen(page, app_url, artifacts, lang):
    """It began at y ≈ 597 of 720 under the title, the tabs, four controls, the play switch, the settings expander,
    the year slider and the scheme hint."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?lang={lang}&tab=map", wait_until="domcontentloaded")
    frame = page.locator(MAP).first
    frame.wait_for(timeout=240_000)
    page.wait_for_timeout(1500)
    top = frame.bounding_box()["y"]
    page.screenshot(path=str(artifacts / f"room_map_tab_1280_{lang}.png"))
    assert top < 360, top
    # the classes and overlays are one click away in the ⚙ menu of the same row
    page.locator("[data-testid=stPopoverButton]").first.click()
    page.locator("[data-testid=stPopoverBody] [data-testid=stSelectbox]").first.wait_for(timeout=60_000)
    assert page.js_errors == []


@pytest.mark.parametrize("query", ["tab=map", "tab=mismatch", "tab=clusters", "tab=map&level=sigungu"])
def test_no_legend_covers_more_than_15_percent_of_its_map_at_720p(page, app_url, artifacts, query):
    """The Mismatch tab's map (~400 px wide beside its chart) had a legend over ~40 % of it: now every map's legend
    covers at most 15 % as the page opens; one folded to its title opens with a click and folds again."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?lang=ko&{query}", wait_until="domcontentloaded")
    page.locator(MAP).first.wait_for(timeout=240_000)
    legends = page.frame_locator(MAP)
    n = page.locator(MAP).count()
    for i in range(n):
        body = legends.nth(i).locator(".ries-legend")
        body.wait_for(timeout=60_000)
        page.wait_for_timeout(800)
        seen = legends.nth(i).locator("body").evaluate(_LEGEND)
        assert seen["share"] <= LEGEND_MAX_SHARE + 1e-9, (query, i, seen)
        if not seen["open"]:  # folded: the reader opens it, and it stays open
            legends.nth(i).locator(".ries-legend summary").click()
            opened = legends.nth(i).locator("body").evaluate(_LEGEND)
            assert opened["open"] and opened["share"] > seen["share"], opened
    page.screenshot(path=str(artifacts / f"room_legend_{query.replace('&', '_').replace('=', '-')}.png"))
    assert page.js_errors == []


def test_typing_gumi_in_the_region_search_selects_and_zooms_to_it(page, app_url, artifacts):
    """Issue 25 item 7: beside the year slider, a search box of the level's units — type "구미", pick 경북 구미시:
    the region is selected (in the URL, outlined) and the map moves to it (zoom 9 or closer, centred on it), while
    the map still begins in the upper half of a 720p screen."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?lang=ko&tab=map&level=sigungu", wait_until="domcontentloaded")
    frame = page.locator(MAP).first
    frame.wait_for(timeout=240_000)
    page.wait_for_timeout(1500)
    box = page.locator(".st-key-region_search_sigungu")
    box.locator("input").click()
    box.locator("input").fill("구미")
    option = page.get_by_role("option", name="경북 구미시")
    option.wait_for(timeout=30_000)
    option.click()
    page.wait_for_function("() => location.search.includes('region=47190')", timeout=60_000)
    inner = page.frame_locator(MAP).first
    view = None
    for _ in range(60):
        page.wait_for_timeout(500)
        view = inner.locator("body").evaluate(
            "() => window.map ? {z: window.map.getZoom(), c: window.map.getCenter()} : null")
        if view and view["z"] >= 9:
            break
    assert view and view["z"] >= 9, view
    assert abs(view["c"]["lat"] - 36.21) < 0.2 and abs(view["c"]["lng"] - 128.35) < 0.2, view
    assert page.locator(MAP).first.bounding_box()["y"] < 360
    page.screenshot(path=str(artifacts / "room_region_search_gumi.png"))
    assert page.js_errors == []
