"""The Specialisation tab in headless Debian chromium, offline: LQ map painted at si-gun-gu, scorecard on click."""

from __future__ import annotations

import pytest

from geo.classify import LQ_COLORS
from tests.helpers import block_network
from tests.helpers import click_latlng as _click_latlng
from tests.helpers import fills as _fills
from tests.helpers import map_frame as _map_frame

pytestmark = pytest.mark.browser


def test_lq_map_painted_and_scorecard_on_click_offline(page, app_url, artifacts):
    blocked = block_network(page.context)
    page.set_viewport_size({"width": 1500, "height": 1500})
    page.goto(f"{app_url}/?tab=specialisation&slevel=sigungu&sind=gva_manufacturing_nominal_b2015&lang=en",
              wait_until="domcontentloaded")
    frame = _map_frame(page)
    frame.locator("path.leaflet-interactive").nth(228).wait_for(timeout=60_000)
    fills = _fills(frame)
    assert len(fills) == 229  # one path per unit of the 229-unit view (Sejong grey: no 2015-base value)
    painted = [f for f in fills if f in LQ_COLORS]
    assert len(painted) == 228 and len(set(painted)) >= 4  # the LQ classes, not one colour
    page.get_by_text("Click a region on the map").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    _click_latlng(page, 35.205, 126.83)  # Gwangsan-gu, Gwangju (inland, away from other units' edges)
    page.wait_for_function("() => new URL(location.href).searchParams.get('region') === '29200'", timeout=60_000)
    page.get_by_text("Gwangsan-gu, Gwangju (광주 광산구)").first.wait_for(timeout=60_000)  # the naming rule
    page.get_by_text("Specialisation and diversity").first.wait_for(timeout=60_000)
    page.get_by_text("Peer regions").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2500)
    page.screenshot(path=str(artifacts / "specialisation_tab.png"), full_page=True)
    # the peers are outlined on the map (a non-interactive layer in the peer colour)
    frame = page.frame_locator("iframe[title*='streamlit_folium']").first
    outlined = frame.locator("path[stroke='#1f78b4']").count()
    assert outlined == 5
    with page.expect_download(timeout=120_000) as dl:  # the scorecard PDF, built on click
        page.get_by_text("Scorecard PDF").click()
    assert dl.value.path().read_bytes()[:4] == b"%PDF"
    assert page.js_errors == []
    assert blocked == [], f"the page asked for external resources: {blocked[:5]}"
