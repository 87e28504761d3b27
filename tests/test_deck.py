"""The PPTX deck: opened with python-pptx, its numbers equal the summary JSON, its maps are real PNG pictures."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation

from analysis.errors import DataError
from analysis.spatial import bivariate_local_moran, weights_for_level
from analysis.store import bundled
from cli import main
from report.briefing import briefing
from report.deck import Step, deck_pptx, step_figure, steps_for
from tests.helpers import MISSION, printed_numbers, reference_numbers

X, Y, _, YEAR = MISSION


@pytest.fixture(scope="module")
def deck(brief):
    return Presentation(io.BytesIO(deck_pptx(brief, "ko", on=date(2025, 3, 1))))


def _text(slide) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


@pytest.mark.slow
def test_a_title_slide_then_one_slide_a_map(deck):
    slides = list(deck.slides)
    assert len(slides) == 1 + len(steps_for(bundled(), X, Y)) == 5
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9
    assert not [sh for sh in slides[0].shapes if sh.shape_type == 13]
    for slide in slides[1:]:
        pictures = [sh for sh in slide.shapes if sh.shape_type == 13]
        assert len(pictures) == 1
        pic = pictures[0]
        assert pic.left + pic.width <= deck.slide_width and pic.top + pic.height <= deck.slide_height
        img = Image.open(io.BytesIO(pic.image.blob))
        assert img.size == (1920, 1080)
        # a map, not a blank picture: many distinct colours
        assert len(np.unique(np.asarray(img.convert("RGB")).reshape(-1, 3), axis=0)) > 20


@pytest.mark.slow
def test_title_slide_names_the_date_and_the_indicators(deck):
    """(Its numbers: tests/test_one_path.py, every reader against the independent reference.)"""
    text = _text(deck.slides[0])
    assert "2025-03-01" in text and "연구개발비" in text


@pytest.mark.slow
def test_notes_carry_the_caption_with_hangul_region_names(deck):
    notes = deck.slides[0].notes_slide.notes_text_frame.text
    assert "수도권" in notes and any(n in notes for n in ("서울특별시", "경기도", "경상북도", "충청남도", "울산광역시"))


@pytest.mark.slow
def test_english_deck_and_headings(brief):
    p = Presentation(io.BytesIO(deck_pptx(brief, "en", steps=steps_for(bundled(), X, Y)[:1])))
    assert len(p.slides) == 2
    assert _text(p.slides[1]).endswith("share by region")
    assert "Capital-region share of R&D expenditure" in _text(p.slides[0])  # short, distinct card labels


@pytest.mark.slow
def test_cluster_step_uses_the_briefing_regions_and_seed():
    b = briefing(bundled(), X, Y, "sido", YEAR, permutations=99, seed=3)
    fig = step_figure(b, steps_for(bundled(), X, Y)[3], "en")
    sh = b.mismatch.shares
    local = bivariate_local_moran(sh["x"], sh["y"], weights_for_level("sido"), permutations=99, seed=3,
                                  labels="rnd_production")
    assert local.table.equals(b.comparison.lisa["x_lag_y"].table)
    drawn = "\n".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
    assert "99" in drawn and "seed 3" in drawn
    for label in local.table.loc[local.table["significant"], "label_en"].unique():
        assert label in drawn


@pytest.mark.slow
def test_islands_keep_their_links_in_the_229_unit_sigungu_deck():
    """Ongjin (28720) and Ulleung (47940) are linked by data/boundaries/island_links.csv, whose codes name gu;
    the 229-unit view's weights recode them, so the deck's cluster map uses the app's graph, not isolates."""
    b = briefing(bundled(), "population_registered", "population_share_of_national", "sigungu", 2014)
    full = weights_for_level("sigungu", autonomous=True)
    assert b.weights.n == 229 and len(b.weights.isolates) == 0
    assert b.weights.adjacency.sort_index().equals(full.adjacency.sort_index())
    assert {"28720", "47940"} <= set(b.weights.unique_ids)


@pytest.mark.slow
def test_indicators_already_shares_are_mapped_as_they_are():
    steps = steps_for(bundled(), "population_registered", "population_share_of_national")
    assert (steps[0].mode, steps[1].mode) == ("share", "raw")
    assert steps[1].title_en == "Share of national population by region"
    b = briefing(bundled(), "rd_expenditure_share_pct", "grdp_share_of_national_b2020", "sido", YEAR)
    shares = steps_for(b.store, b.x, b.y)
    assert [s.mode for s in shares[:2]] == ["raw", "raw"]
    slides = Presentation(io.BytesIO(deck_pptx(b, "en", on=date(2025, 3, 1)))).slides
    assert len(slides) == 5
    assert "Share of national R&D expenditure by region" in _text(slides[1])


@pytest.mark.slow
def test_bad_step_and_language_are_clear_errors(brief):
    with pytest.raises(DataError, match="unknown step kind"):
        step_figure(brief, Step("pie", "x", "x"))
    with pytest.raises(DataError, match="unknown language"):
        deck_pptx(brief, "fr")
    with pytest.raises(DataError, match="unknown indicator"):
        steps_for(bundled(), "nope", Y)


@pytest.mark.slow
def test_cli_brief_writes_pptx(tmp_path):
    out = tmp_path / "deck.pptx"
    assert main(["brief", "--level", "sido", "--year", str(YEAR), "--x", X, "--y", Y, "--out", str(out),
                 "--lang", "en", "--date", "2025-03-01"]) == 0
    assert len(Presentation(str(out)).slides) == 5


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_speaker_notes_on_every_slide_and_no_title_in_the_pictures(deck):
    """Notes on every slide (issue 15: 2 of 5 had them); the slide's title is its text, not also in the picture."""
    for slide in deck.slides:
        assert slide.notes_slide.notes_text_frame.text.strip()
    notes = [s.notes_slide.notes_text_frame.text for s in list(deck.slides)[1:]]
    assert len(set(notes)) == len(notes)  # each says something about its own picture
    assert "수도권(서울·인천·경기) 비중" in notes[0]  # the members named from data/region_groups.csv


def test_slide_figure_has_no_title_and_a_large_legend(brief):
    step = steps_for(bundled(), X, Y)[0]
    title = step.title_ko
    texts = lambda fig: [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]  # noqa: E731
    assert title in texts(step_figure(brief, step, "ko"))
    slide = step_figure(brief, step, "ko", slide=True)
    assert title not in texts(slide)
    legend = slide.legends[0]
    assert min(t.get_fontsize() for t in legend.get_texts()) >= 0.7 * 18
@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_cli_brief_with_an_uploaded_indicator(tmp_path):
    """--data adds a file's indicator: the deck of that upload prints the bundled indicator's numbers."""
    import pandas as pd

    v = bundled().get(X, "sido", YEAR)
    data = tmp_path / "mine.csv"
    pd.DataFrame({"code": v.index, "level": "sido", "year": YEAR, "indicator": "my rnd", "value": v.to_numpy()}
                 ).to_csv(data, index=False)
    out = tmp_path / "deck.pptx"
    assert main(["brief", "--data", str(data), "--data-layer", "rnd", "--x", "user_my_rnd", "--y", Y,
                 "--out", str(out), "--lang", "en"]) == 0
    text = _text(Presentation(str(out)).slides[0])
    assert "X = my rnd" in text and "user upload, mine.csv (2022)" in text
    printed = printed_numbers(reference_numbers(X, Y, "sido", YEAR))  # the bundled indicator's numbers
    assert all(v in text for v in printed.values()), printed
    # Moran's I of ln M is not significant here (p = 0.257): a sentence under the headline numbers, not one of them
    moran = printed["moran_log_ratio"]
    assert f"{moran}   " not in text and f"= {moran}, p = 0.257" in text and "not a headline number" in text
