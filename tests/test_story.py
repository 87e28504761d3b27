"""A presenter's story in the URL: read, written, turned into slides; bad links fall back with a message."""

from __future__ import annotations

import pytest

from analysis.errors import DataError
from analysis.store import bundled
from report.story import DEFAULT_STORY, Story, story_from_params, story_steps

X, Y = "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020"


def test_round_trip_through_url_parameters():
    s = Story(Y, X, "sido", 2022, ("trend", "clusters", "map:population_registered", "x"))
    back, problems = story_from_params(s.to_params())
    assert back == s and problems == []


def test_unreadable_parameters_fall_back_and_are_named():
    story, problems = story_from_params({"plevel": "county", "pyear": "twenty", "psteps": "x,<b>,mismatch"})
    assert story.level == DEFAULT_STORY.level and story.year is None
    assert story.steps == ("x", "mismatch")
    assert len(problems) == 3 and any("'<b>'" in p for p in problems)


def test_steps_follow_the_chosen_order_and_name_the_pair():
    steps = story_steps(bundled(), Story(X, Y, steps=("mismatch", "y", "trend", "map:population_registered")))
    assert [s.kind for s in steps] == ["mismatch", "indicator", "trend", "indicator"]
    assert steps[1].indicator == Y and steps[3].indicator == "population_registered"
    assert steps[0].title_en == "Mismatch of R&D expenditure against Manufacturing value added, nominal"


def test_unknown_indicator_is_refused_with_its_id():
    with pytest.raises(DataError, match="nope"):
        story_steps(bundled(), Story("nope", Y))


def test_a_specialisation_step_maps_the_industrys_location_quotients():
    """``spec:<industry>``: the slide shows the Specialisation tab's LQ classes of that industry in the story's
    year; its notes name the most specialised regions with the LQ computed by analysis.region_profile.lq_table."""
    import io

    from pptx import Presentation

    from analysis.region_profile import lq_table
    from report.briefing import briefing
    from report.deck import deck_pptx, step_notes

    ind = "gva_electronics_precision_mfg_nominal_b2020"
    story = Story(X, Y, "sido", 2022, ("mismatch", f"spec:{ind}", "x"))
    back, problems = story_from_params(story.to_params())
    assert back == story and problems == []
    steps = story_steps(bundled(), story)
    assert [s.kind for s in steps] == ["mismatch", "specialisation", "indicator"]
    assert steps[1].indicator == ind and "location quotient" in steps[1].title_en
    b = briefing(bundled(), X, Y, "sido", 2022)
    lq = lq_table(bundled(), "sido", 2022)[ind].sort_values(ascending=False)
    notes = step_notes(b, steps[1], "en")
    assert f"Gyeonggi-do {lq['41']:.2f}" in notes and lq.index[0] == "41"
    prs = Presentation(io.BytesIO(deck_pptx(b, "en", steps=steps, dpi=150)))
    titles = [next(sh.text_frame.text for sh in sl.shapes if sh.has_text_frame) for sl in prs.slides]
    assert titles[1:] == [s.title_en for s in steps]  # the chosen order
    assert prs.slides[2].notes_slide.notes_text_frame.text == notes


def test_a_specialisation_step_of_an_unknown_industry_is_refused():
    from report.briefing import briefing
    from report.deck import step_figure

    steps = story_steps(bundled(), Story(X, Y, "sido", 2022, ("spec:population_registered",)))
    with pytest.raises(DataError, match="not an industry"):
        step_figure(briefing(bundled(), X, Y, "sido", 2022), steps[0], "en", slide=True)


def test_a_step_that_cannot_be_drawn_gets_a_slide_that_says_why():
    """Population (sido, 2022 only) against R&D has one comparable year: the trend slide says so, with notes,
    and the deck keeps its other slides (the download used to fail as a whole)."""
    import io

    from pptx import Presentation

    from report.briefing import briefing
    from report.deck import deck_pptx

    story = Story("population_registered", X, "sido", None, ("x", "trend", "mismatch"))
    b = briefing(bundled(), story.x, story.y, story.level, story.year)
    prs = Presentation(io.BytesIO(deck_pptx(b, "en", steps=story_steps(bundled(), story, b.year))))
    assert len(prs.slides) == 4
    trend = prs.slides[2]
    texts = [sh.text_frame.text for sh in trend.shapes if sh.has_text_frame]
    assert any("no trend to show" in t for t in texts) and not [sh for sh in trend.shapes if sh.shape_type == 13]
    assert "no trend to show" in trend.notes_slide.notes_text_frame.text
    assert all(sl.notes_slide.notes_text_frame.text for sl in prs.slides)


def test_headings_tell_apart_two_indicators_whose_short_labels_read_the_same():
    """R&D expenditure (GERD) against R&D expenditure (derived ...): both short labels are "R&D expenditure", so
    the headings keep the full labels (they read "R&D expenditure: share by region" twice)."""
    steps = story_steps(bundled(), Story("rd_expenditure", X, steps=("x", "y", "mismatch", "trend")))
    titles = [s.title_en for s in steps]
    assert len(set(titles)) == 4
    assert titles[0].startswith("R&D expenditure (GERD)") and titles[1].startswith("R&D expenditure (derived")
    assert "(GERD) against R&D expenditure (derived" in titles[2] and "(GERD) against" in titles[3]


def test_trend_slide_keeps_its_source_inside_and_ticks_only_observed_years():
    """Si-gun-gu business services against manufacturing, 2015 and 2020: the source line (long at si-gun-gu)
    wraps inside the picture and under the plot, and the year axis has ticks at 2015 and 2020 only (ticks at
    2016-2019 read as if those years had values)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from report.briefing import briefing
    from report.deck import step_figure

    x, y = "gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015"
    b = briefing(bundled(), x, y, "sigungu", 2020)
    step = story_steps(bundled(), Story(x, y, "sigungu", 2020, ("trend",)), b.year)[0]
    fig = step_figure(b, step, "en", slide=True)
    r = FigureCanvasAgg(fig).get_renderer()
    fig.draw(r)
    src = next(t for t in fig.texts if t.get_text().startswith("X = "))
    box = src.get_window_extent(r)
    assert box.x1 <= fig.bbox.width and box.x0 >= 0
    ax = fig.axes[0]
    assert [int(v) for v in ax.get_xticks()] == [2015, 2020]
    assert ax.get_tightbbox(r).y0 > box.y1 and ax.get_tightbbox(r).x0 >= 0


def test_long_slide_titles_get_a_size_that_keeps_them_above_the_picture():
    """Business services against manufacturing at si-gun-gu, in English: the clusters heading has ~140
    characters; at 26 pt it wrapped to three lines and ran into the map. The title's size is chosen so that its
    lines fit the box above the picture; short titles keep 26 pt."""
    import io

    from pptx import Presentation

    from report.briefing import briefing
    from report.deck import deck_pptx

    x, y = "gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015"
    b = briefing(bundled(), x, y, "sigungu", 2020, permutations=99)
    steps = story_steps(bundled(), Story(x, y, "sigungu", 2020, ("clusters", "mismatch")), b.year)
    prs = Presentation(io.BytesIO(deck_pptx(b, "en", steps=steps)))
    for slide in list(prs.slides)[1:]:
        title = next(sh for sh in slide.shapes if sh.has_text_frame)
        picture = next(sh for sh in slide.shapes if sh.shape_type == 13)
        size = title.text_frame.paragraphs[0].runs[0].font.size.pt
        assert title.top + title.height <= picture.top
        if len(title.text_frame.text) > 120:
            assert size < 26, (title.text_frame.text, size)
