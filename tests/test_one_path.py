"""One path per number: `summary --json`, the briefing PDF's numbers, the deck's title slide and the Mismatch tab
show the same capital-region shares, Hoover index and Moran's I of ln M for the same x, y, level and year."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from analysis.store import bundled
from cli import main
from report.briefing import briefing, format_number
from report.deck import deck_pptx

APP = str(Path(__file__).resolve().parents[1] / "app.py")
X, Y, LEVEL, YEAR = "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020", "sido", 2022


@pytest.fixture(scope="module")
def summary() -> dict:
    import contextlib

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["summary", "--level", LEVEL, "--year", str(YEAR), "--x", X, "--y", Y, "--json"]) == 0
    return json.loads(buf.getvalue())


@pytest.fixture(scope="module")
def brief():
    return briefing(bundled(), X, Y, LEVEL, YEAR)


def _printed(doc: dict) -> dict[str, str]:
    """The three numbers as every reader prints them."""
    return {
        "capital_share_x": format_number("capital_share_x", doc["capital_region"]["share_x"]),
        "capital_share_y": format_number("capital_share_y", doc["capital_region"]["share_y"]),
        "hoover": format_number("hoover", doc["mismatch"]["hoover"]),
        "moran_log_ratio": format_number("moran_log_ratio", doc["moran"]["log_ratio"]["I"]),
    }


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_briefing_numbers_are_the_summary_numbers(summary, brief):
    h = {x.key: x.value for x in brief.headlines}
    assert h["capital_share_x"] == summary["capital_region"]["share_x"]
    assert h["capital_share_y"] == summary["capital_region"]["share_y"]
    assert h["hoover"] == summary["mismatch"]["hoover"]
    assert h["moran_log_ratio"] == summary["moran"]["log_ratio"]["I"]


def test_deck_title_slide_prints_the_summary_numbers(summary, brief):
    deck = Presentation(io.BytesIO(deck_pptx(brief, "en", on=date(2025, 3, 1), steps=())))
    text = "\n".join(sh.text_frame.text for sh in deck.slides[0].shapes if sh.has_text_frame)
    for printed in _printed(summary).values():
        assert printed in text


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_mismatch_tab_shows_the_summary_numbers(summary):
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["tab"] = "mismatch"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="mx").value == X and at.selectbox(key="my").value == Y
    assert at.selectbox(key="myear").value == YEAR
    shown = [m.value for m in at.metric]
    printed = _printed(summary)
    assert printed["hoover"] in shown
    assert printed["capital_share_x"] in shown and printed["capital_share_y"] in shown
    assert printed["moran_log_ratio"] in shown


@pytest.mark.browser
def test_mismatch_tab_in_chromium_shows_the_summary_numbers(page, app_url, artifacts, summary):
    """The same numbers as painted in the page (Debian chromium), with a screenshot to look at."""
    page.set_viewport_size({"width": 1500, "height": 1100})
    page.goto(f"{app_url}/?tab=mismatch&lang=en", wait_until="domcontentloaded")
    metrics = page.locator("[data-testid=stMetricValue]")
    metrics.nth(4).wait_for(timeout=120_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts / "mismatch_tab_compare.png"))
    shown = metrics.all_inner_texts()
    for printed in _printed(summary).values():
        assert printed in shown
    assert page.js_errors == []


@pytest.mark.slow
@pytest.mark.parametrize("year", [2015, 2020])
def test_sigungu_mismatch_tab_shows_the_summary_numbers(year):
    """Issue 14: the mission's pair at si-gun-gu (2015 base, 228 units: Sejong is not in these tables) gives the
    same capital shares, Hoover index and Moran's I in `summary --json` and in the Mismatch tab at level sigungu."""
    import contextlib

    sx, sy = "gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["summary", "--level", "sigungu", "--year", str(year), "--x", sx, "--y", sy, "--json"]) == 0
    doc = json.loads(buf.getvalue())
    assert [u["code"] for u in doc["left_out"]] == ["36110"]  # Sejong, with its reason
    at = AppTest.from_file(APP, default_timeout=300)
    for k, v in {"tab": "mismatch", "clv": "sigungu", "mx": sx, "my": sy, "myear": str(year)}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="clv").value == "sigungu" and at.selectbox(key="myear").value == year
    shown = [m.value for m in at.metric]
    for printed in _printed(doc).values():
        assert printed in shown
