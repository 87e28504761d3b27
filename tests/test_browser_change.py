"""Issue 18 in real headless Debian chromium, offline: the year player plays three frames with one legend,
and the Change tab draws its heat tables."""

from __future__ import annotations

import re
import time

import pytest

from tests.helpers import block_network

pytestmark = pytest.mark.browser


def _legend(page) -> str:
    frame = page.frame_locator("iframe[title*='streamlit_folium']").first
    return frame.locator(".ries-legend").inner_text(timeout=10_000)


def test_year_player_plays_three_frames_with_the_same_classes(page, app_url, artifacts):
    blocked = block_network(page.context)
    page.set_viewport_size({"width": 1400, "height": 1100})
    page.goto(f"{app_url}/?lang=en&layer=workforce&ind=employed_persons&year=2017&play=True",
              wait_until="domcontentloaded")
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=120_000)
    frames: dict[str, str] = {}
    deadline = time.monotonic() + 120
    while len(frames) < 4 and time.monotonic() < deadline:
        try:
            text = _legend(page)
        except Exception:  # the component is being redrawn
            page.wait_for_timeout(200)
            continue
        year = re.search(r"\((\d{4})\)", text)
        if year and year.group(1) not in frames:
            frames[year.group(1)] = text
            page.screenshot(path=str(artifacts / f"year_player_{year.group(1)}.png"))
        page.wait_for_timeout(250)
    years = sorted(frames)
    assert len(years) >= 4, frames  # the start frame and three played frames
    # frames move forward one year at a time (a slow poll may miss a frame, never go back)
    seen = [int(y) for y in frames]  # insertion order = order seen
    assert seen == sorted(seen) and all(b - a >= 1 for a, b in zip(seen, seen[1:], strict=False))
    # the same class bounds in every frame (counts per class may differ): pooled over all years
    bounds = {re.sub(r"\(\d+\)", "", t.split("\n", 1)[1]) for t in frames.values()}
    assert len(bounds) == 1, bounds
    assert "pooled" in next(iter(frames.values()))
    assert re.search(r"year=(\d{4})", page.url).group(1) >= years[-1]
    assert page.js_errors == [] and blocked == []


def test_change_tab_draws_heat_tables_offline(page, app_url, artifacts):
    blocked = block_network(page.context)
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.goto(f"{app_url}/?lang=en&tab=change&cind=employed_persons", wait_until="domcontentloaded")
    page.get_by_text("Transition matrix (all regions)").wait_for(timeout=120_000)
    charts = page.locator("[data-testid='stVegaLiteChart']")
    charts.nth(5).wait_for(timeout=60_000)  # global, LISA and four lag classes
    page.wait_for_timeout(1000)
    page.screenshot(path=str(artifacts / "change_tab.png"), full_page=True)
    assert page.get_by_text("year-to-year steps").count() >= 1
    assert page.js_errors == [] and blocked == []
