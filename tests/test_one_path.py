"""One path per number: every reader of a comparison *prints* the same capital-region shares, Hoover index and
Moran's I of ln M — the summary's JSON and text, the briefing PDF's text, the deck's title slide, the Mismatch
tab's metrics and the presenter's cards — and they equal the numbers computed independently by
:func:`tests.helpers.reference_numbers` (not by ``compare()``), so a reader that recomputes, rounds or picks
another year fails here, and so does a wrong ``compare()``."""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date

import pytest

from tests.helpers import HEADLINE_KEYS, MISSION, ROOT, printed_numbers, reference_numbers

APP = str(ROOT / "app.py")


@dataclass(frozen=True)
class Case:
    """A comparison every reader is asked to show."""

    x: str
    y: str
    level: str
    year: int

    @property
    def argv(self) -> list[str]:
        return ["--level", self.level, "--year", str(self.year), "--x", self.x, "--y", self.y]


SIDO = Case(*MISSION)
SIGUNGU = Case("gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015", "sigungu", 2020)


def _cli(argv: list[str]) -> str:
    from cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(argv) == 0
    return buf.getvalue()


# ------------------------------------------------------------------------- the readers, as people see them
def cli_json(case: Case) -> dict[str, str]:
    """``summary --json``: the numbers as written, printed the page's way (and checked to the last digit)."""
    doc = json.loads(_cli(["summary", *case.argv, "--json"]))
    raw = {"capital_share_x": doc["capital_region"]["share_x"], "capital_share_y": doc["capital_region"]["share_y"],
           "hoover": doc["mismatch"]["hoover"], "moran_log_ratio": doc["moran"]["log_ratio"]["I"]}
    ref = reference_numbers(case.x, case.y, case.level, case.year)
    assert raw == pytest.approx(ref, rel=1e-9, abs=1e-12)
    return printed_numbers(raw)


def cli_text(case: Case) -> dict[str, str]:
    """``summary`` without ``--json``: the lines a person reads (shares as the page says them, by lang.numbers;
    the Hoover line headed by the page's label)."""
    from lang import t

    text = _cli(["summary", *case.argv])
    sx, sy = re.search(r"Capital-region share of x / y\s+(\S+) / (\S+)", text).groups()
    hoover = re.escape(t("hoover", "en"))
    return {"capital_share_x": sx, "capital_share_y": sy,
            "hoover": re.search(rf"{hoover} \(share of x to move\)\s+(\S+)", text).group(1),
            "moran_log_ratio": re.search(r"^\s+log_ratio\s+I = (\S+)", text, re.M).group(1)}


def _briefing(case: Case):
    from analysis.store import bundled
    from report.briefing import briefing

    return briefing(bundled(), case.x, case.y, case.level, case.year)


def _in_text(text: str, case: Case) -> dict[str, str]:
    """The expected printed numbers found in ``text`` (a key is missing from the result when its number is not
    printed), so the comparison names what a file lacks."""
    want = printed_numbers(reference_numbers(case.x, case.y, case.level, case.year))
    return {k: v for k, v in want.items() if re.search(rf"(?<![\d.]){re.escape(v)}(?![\d])", text)}


def pdf_text(case: Case) -> dict[str, str]:
    """The briefing PDF, as ``pdftotext`` reads it."""
    from report.briefing import briefing_pdf

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    pdf = briefing_pdf(_briefing(case), "ko", on=date(2025, 3, 1))
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return _in_text(text.decode("utf-8"), case)


def pptx_text(case: Case) -> dict[str, str]:
    """The deck's title slide (its cards), as python-pptx reads it."""
    from pptx import Presentation

    from report.deck import deck_pptx

    deck = Presentation(io.BytesIO(deck_pptx(_briefing(case), "en", on=date(2025, 3, 1), steps=())))
    return _in_text("\n".join(sh.text_frame.text for sh in deck.slides[0].shapes if sh.has_text_frame), case)


def _app(**query):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tab_metrics(case: Case) -> dict[str, str]:
    """The Mismatch tab's metrics (Hoover, Theil/KL, capital-region shares of x and y, Moran's I of ln M)."""
    at = _app(tab="mismatch", lang="en", clv=case.level, mx=case.x, my=case.y, myear=str(case.year))
    shown = [m.value for m in at.metric]
    return {"hoover": shown[0], "capital_share_x": shown[2], "capital_share_y": shown[3],
            "moran_log_ratio": shown[4]}


def presenter_cards(case: Case) -> dict[str, str]:
    """The presenter's first slide: one card per headline number."""
    at = _app(present="1", lang="en", px=case.x, py=case.y, plevel=case.level, pyear=str(case.year))
    cards = next(m.value for m in at.markdown if "class='ries-card'" in m.value)
    values = [html.unescape(v) for v in re.findall(r"<div class='v'>(.*?)</div>", cards)]
    # a statistic that is not significant is no card (issue 25): its number is said in a line under the cards
    quiet = [html.unescape(v) for v in re.findall(r"<p class='ries-sub ries-quiet'>(.*?)</p>", cards)]
    # every headline: the four reference numbers, and the Hoover change since the trend's first year where there is one
    assert len(values) + len(quiet) >= len(HEADLINE_KEYS), (values, quiet)
    return _in_text("\n".join(values + quiet), case)


READERS = {
    "cli_json": cli_json, "cli_text": cli_text, "pdf_text": pdf_text, "pptx_text": pptx_text,
    "tab_metrics": tab_metrics, "presenter_cards": presenter_cards,
}
FAST = {("cli_json", "sido"), ("pptx_text", "sido")}
"""Reader × level pairs in ``make check``; the rest are slow (rendered files, AppTest, 228-unit comparisons)."""


@pytest.mark.parametrize(("reader", "case"), [
    pytest.param(name, case, id=f"{name}-{case.level}",
                 marks=() if (name, case.level) in FAST else pytest.mark.slow)
    for name in READERS for case in (SIDO, SIGUNGU)])
def test_every_reader_prints_the_reference_numbers(reader, case):
    expected = printed_numbers(reference_numbers(case.x, case.y, case.level, case.year))
    assert READERS[reader](case) == {k: expected[k] for k in HEADLINE_KEYS}


def test_the_reference_is_the_published_figure():
    """The independent computation reproduces the published 70.1 % (MSIT R&D survey 2022, capital region)."""
    ref = reference_numbers(SIDO.x, SIDO.y, SIDO.level, SIDO.year)
    assert printed_numbers(ref)["capital_share_x"] == "70.1%"


@pytest.mark.browser
def test_mismatch_tab_in_chromium_prints_the_reference_numbers(page, app_url, artifacts):
    """The same numbers as painted in the page (Debian chromium), with a screenshot to look at."""
    page.set_viewport_size({"width": 1500, "height": 1100})
    page.goto(f"{app_url}/?tab=mismatch&lang=en", wait_until="domcontentloaded")
    metrics = page.locator("[data-testid=stMetricValue]")
    metrics.nth(4).wait_for(timeout=120_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts / "mismatch_tab_compare.png"))
    shown = metrics.all_inner_texts()
    expected = printed_numbers(reference_numbers(SIDO.x, SIDO.y, SIDO.level, SIDO.year))
    assert [shown[2], shown[3], shown[0], shown[4]] == [expected[k] for k in HEADLINE_KEYS]
    assert page.js_errors == []


def test_left_out_units_are_said_with_the_territory_tables_reason():
    """At si-gun-gu the 2015-base tables have no Sejong: the summary leaves it out with the table's reason."""
    from analysis.territory import reason

    doc = json.loads(_cli(["summary", *SIGUNGU.argv, "--json", "--permutations", "9"]))
    assert doc["left_out"] == [{"code": "36110", "reason": reason("sigungu", "36110")}]
