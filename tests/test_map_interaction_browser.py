"""Map interaction in real Debian chromium (issue 15, item 7): the first click selects, a selection keeps the zoom.

A user reported that the first click on the map scrolled the page instead of selecting, and that selecting a region
redrew the map at its first extent. Both are checked as a user meets them: a real mouse click on the map's frame.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FRAME = "iframe[title*='streamlit_folium']"


def _leaflet(page, index: int = 0):
    """The Playwright frame of the ``index``-th map component, once its Leaflet paths are drawn."""
    page.wait_for_selector(FRAME, timeout=60_000)
    page.frame_locator(FRAME).nth(index).locator("path.leaflet-interactive").first.wait_for(
        state="attached", timeout=60_000)
    return [f for f in page.frames if "streamlit_folium" in (f.url or "")][index]


def _point(page, lat: float, lng: float, index: int = 0) -> tuple[float, float]:
    """Page coordinates of a geographic point on the ``index``-th map."""
    frame = _leaflet(page, index)
    x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lng}]); "
                          "return [p.x, p.y]; }")
    box = page.locator(FRAME).nth(index).bounding_box()
    return box["x"] + x, box["y"] + y


def _map_top(page) -> float:
    """Where the map's frame is on the screen: it moves when the page scrolls."""
    return page.locator(FRAME).first.bounding_box()["y"]


def _open_zoomed(page, app_url: str, tab: str, center: tuple[float, float], zoom: int):
    """Open ``tab`` (English) at 1400×1000, bring its map into view and zoom it to ``center``; the map's frame."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app_url}/?tab={tab}&lang=en", wait_until="domcontentloaded")
    frame = _leaflet(page)
    page.locator(FRAME).first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    frame.evaluate(f"() => window.map.setView([{center[0]}, {center[1]}], {zoom}, {{animate: false}})")
    page.wait_for_timeout(500)
    return frame


def _wait_region(page, code: str) -> None:
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('region') === '{code}'",
                           timeout=30_000)


def test_first_click_on_a_partly_visible_map_selects_without_scrolling(page, app_url, artifacts):
    """At 1280×720 the map's lower half is below the fold; the first click used to focus the map and scroll."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url, wait_until="domcontentloaded")
    frame = _leaflet(page)
    page.wait_for_timeout(800)
    # scroll the page so that a point in Gyeonggi sits near the bottom of the screen and the map runs below it,
    # as when a presenter scrolls down to a map on a 1280x720 laptop (whatever the controls above it take)
    _, gy = _point(page, 37.45, 127.25)
    page.locator(FRAME).first.evaluate("""(el, dy) => { let p = el.parentElement;
        while (p && !(p.scrollHeight > p.clientHeight && /(auto|scroll)/.test(getComputedStyle(p).overflowY))) p = p.parentElement;
        (p || document.scrollingElement).scrollBy(0, dy); }""", gy - 620)
    page.wait_for_timeout(500)
    box = page.locator(FRAME).first.bounding_box()
    assert box["y"] + box["height"] > 720, "the map must reach below the fold for this test to mean anything"
    x, y = _point(page, 37.45, 127.25)
    assert 0 < y < 700, y
    before = _map_top(page)
    page.mouse.click(x, y)
    _wait_region(page, "41")
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts / "map_first_click.png"))
    assert _map_top(page) == before
    assert frame.evaluate("() => window.map.keyboard.enabled()")  # keyboard panning is kept
    assert frame.evaluate("() => document.querySelector('.leaflet-control-zoom-in').title") == "확대"  # Korean page
    # no focus box (a black rectangle) around the clicked polygon
    focused = frame.evaluate("() => { const e = document.activeElement; return [e.tagName, getComputedStyle(e).outlineStyle]; }")
    assert focused[0] != "path" or focused[1] == "none", focused
    assert page.js_errors == []


def test_selecting_a_region_keeps_the_zoom(page, app_url, artifacts):
    """Selecting used to draw the map anew at its first extent (zoom 9 -> 7)."""
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.goto(app_url, wait_until="domcontentloaded")
    frame = _leaflet(page)
    page.wait_for_timeout(800)
    frame.evaluate("() => window.map.setView([36.4, 128.7], 9, {animate: false})")
    page.wait_for_timeout(500)
    page.mouse.click(*_point(page, 36.45, 128.6))  # inland Gyeongsangbuk-do
    _wait_region(page, "47")
    page.wait_for_timeout(2500)
    frame = _leaflet(page)
    assert frame.evaluate("() => window.map.getZoom()") == 9
    center = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    assert abs(center[0] - 36.4) < 0.05 and abs(center[1] - 128.7) < 0.05, center
    # the selection is drawn: one outline in the selection colour
    page.wait_for_function(
        "() => { const f = Array.from(document.querySelectorAll('iframe')).find(i => i.title.includes('streamlit_folium'));"
        " return f && f.contentDocument.querySelectorAll('path[stroke-width=\"3.5\"]').length === 1; }",
        timeout=30_000)
    # a second selection moves the outline and still keeps the zoom
    page.mouse.click(*_point(page, 35.87, 128.6))  # Daegu
    _wait_region(page, "27")
    page.wait_for_timeout(2500)
    frame = _leaflet(page)
    page.screenshot(path=str(artifacts / "map_zoom_kept.png"))
    assert frame.evaluate("() => window.map.getZoom()") == 9
    assert page.js_errors == []


@pytest.mark.parametrize("tab", ["mismatch", "clusters", "specialisation", "change"])
def test_every_map_selects_on_click_and_keeps_the_zoom(page, app_url, artifacts, tab):
    """The other tabs' maps follow the same rule: a click selects (shared with every tab) and the zoom stays."""
    _open_zoomed(page, app_url, tab, (36.2, 128.6), 8)
    page.mouse.click(*_point(page, 36.45, 128.7))  # inland Gyeongsangbuk-do, above the legend
    page.wait_for_function("() => (new URL(location.href).searchParams.get('region') || '').startsWith('47')",
                           timeout=30_000)
    page.wait_for_timeout(2500)
    frame = _leaflet(page)
    page.screenshot(path=str(artifacts / f"map_zoom_kept_{tab}.png"))
    assert frame.evaluate("() => window.map.getZoom()") == 8
    assert page.js_errors == []


def test_another_year_opens_where_the_user_was(page, app_url, artifacts):
    """Stepping the year redraws the map; it used to jump back to the full extent (the player was unusable zoomed)."""
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.goto(f"{app_url}/?lang=en", wait_until="domcontentloaded")
    frame = _leaflet(page)
    page.wait_for_timeout(800)
    frame.evaluate("() => window.map.setView([35.5, 127.5], 9, {animate: false})")
    page.wait_for_timeout(500)
    fills = page.frame_locator(FRAME).first.locator("path.leaflet-interactive").evaluate_all(
        "els => els.map(e => e.getAttribute('fill')).join()")
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        """(before) => { const f = Array.from(document.querySelectorAll('iframe')).find(i => i.title.includes('streamlit_folium'));
            if (!f || !f.contentWindow.map) return false;
            const now = Array.from(f.contentDocument.querySelectorAll('path.leaflet-interactive')).map(e => e.getAttribute('fill')).join();
            return now && now !== before; }""", arg=fills, timeout=60_000)
    page.wait_for_timeout(800)
    frame = _leaflet(page)
    page.screenshot(path=str(artifacts / "map_year_keeps_view.png"))
    assert frame.evaluate("() => window.map.getZoom()") == 9
    center = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    assert abs(center[0] - 35.5) < 0.05 and abs(center[1] - 127.5) < 0.05, center
    assert page.js_errors == []


@pytest.mark.parametrize("dx", [-40, 40])
def test_a_tooltip_on_a_narrow_map_stays_inside_the_map(page, app_url, artifacts, dx):
    """The Specialisation map is ~480 px beside the scorecard: a 320 px tooltip opened left of a point right of the
    centre ran off the map's left edge and was cut (the region's name unreadable)."""
    _open_zoomed(page, app_url, "specialisation", (36.35, 128.7), 9)
    box = page.locator(FRAME).first.bounding_box()
    assert box["width"] < 700, box  # a narrow map, or the test means nothing
    page.mouse.move(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 3)
    tip = page.frame_locator(FRAME).first.locator(".leaflet-tooltip").first
    tip.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    t = tip.bounding_box()
    page.screenshot(path=str(artifacts / f"map_narrow_tooltip_{dx}.png"))
    assert t["x"] >= box["x"] and t["x"] + t["width"] <= box["x"] + box["width"], (t, box)

