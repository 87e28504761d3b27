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


SCI = "gva_prof_sci_tech_services_nominal_b2020"


def test_steps_follow_the_chosen_order_name_the_pair_and_their_year():
    """Each heading names the year its slide shows: the pair's (2023), the trend's span (2013–2023)."""
    from report.deck import step_title

    steps = story_steps(bundled(), Story(SCI, Y, steps=("mismatch", "y", "trend", "map:population_registered")))
    assert [s.kind for s in steps] == ["mismatch", "indicator", "trend", "indicator"]
    assert steps[1].indicator == Y and steps[3].indicator == "population_registered"
    assert steps[0].title_en.startswith("Mismatch of Professional, scientific and technical services")
    assert [step_title(s, "en").rsplit(", ", 1)[1] for s in steps] == ["2023", "2023", "2013–2023", "2023"]
    assert [step_title(s, "ko").rsplit(" (", 1)[1] for s in steps] == ["2023년)", "2023년)", "2013–2023년)",
                                                                        "2023년)"]


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
    from report.deck import deck_pptx, step_notes, step_title

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
    assert titles[1:] == [step_title(s, "en") for s in steps]  # the chosen order, each with its year
    assert titles[2].endswith(", 2022")
    assert prs.slides[2].notes_slide.notes_text_frame.text == notes


def test_a_specialisation_step_of_an_unknown_industry_is_refused():
    """A story leaves the step out (report.story_check); drawn anyway, it is refused."""
    from report.briefing import briefing
    from report.deck import specialisation_step, step_figure

    assert story_steps(bundled(), Story(X, Y, "sido", 2022, ("spec:population_registered", "x")))[0].kind == "indicator"
    step = specialisation_step(bundled(), "population_registered")
    with pytest.raises(DataError, match="not an industry"):
        step_figure(briefing(bundled(), X, Y, "sido", 2022), step, "en", slide=True)


def test_a_step_the_pair_cannot_support_is_left_out_with_its_reason_in_words():
    """R&D against manufacturing (sido) compares in 2022 only: the trend step cannot be shown. It is no slide at all
    (it used to be a slide whose body and notes were an English error with the indicators' ids); the builder and
    the link say why, in the page's language, with the indicators' names and no id."""
    import io

    from pptx import Presentation

    from lang import say
    from report.briefing import briefing
    from report.deck import deck_pptx
    from report.story_check import check_story

    story = Story(X, Y, "sido", None, ("x", "trend", "mismatch"))
    check = check_story(bundled(), story)
    assert check.year == 2022 and [c.token for c in check.left_out] == ["trend"]
    reason = check.left_out[0].reason
    assert say(reason, "ko") == ("연구개발비 대 제조업 부가가치: 2022년까지 같은 지역으로 비교할 수 있는 해가 2022년 하나뿐이라 "
                                 "추세를 그릴 수 없습니다.")
    assert "R&D expenditure" in say(reason, "en") and X not in say(reason, "en")
    b = briefing(bundled(), story.x, story.y, story.level, story.year)
    steps = story_steps(bundled(), story, b.year)
    assert [s.kind for s in steps] == ["indicator", "mismatch"]
    prs = Presentation(io.BytesIO(deck_pptx(b, "ko", steps=steps)))
    assert len(prs.slides) == 3
    texts = [sh.text_frame.text for sl in prs.slides for sh in sl.shapes if sh.has_text_frame]
    texts += [sl.notes_slide.notes_text_frame.text for sl in prs.slides]
    for ident in (X, Y, "no trend", "only 1 year"):
        assert not any(ident in tx for tx in texts), ident
    assert all(sl.notes_slide.notes_text_frame.text for sl in prs.slides)


def test_a_map_step_shows_the_latest_complete_year_not_after_the_storys_and_names_it():
    """R&D expenditure (sido) is complete up to 2022: in a 2023 story its map shows 2022 and its heading says so;
    the indicator's values, notes and picture are those of 2022."""
    from lang import say
    from report.briefing import briefing
    from report.deck import step_notes, step_title
    from report.story_check import check_step

    store = bundled()
    assert max(store.complete_years(X, "sido")) == 2022
    assert check_step(store, SCI, Y, "sido", 2023, f"map:{X}").year == 2022
    early = check_step(store, SCI, Y, "sido", 2015, f"map:{X}")
    assert early.year is None and say(early.reason, "ko") == "2015년 이전에 모든 시도의 값이 있는 해가 없습니다."
    story = Story(SCI, Y, "sido", 2023, ("mismatch", f"map:{X}"))
    steps = story_steps(store, story)
    assert steps[1].year == 2022 and step_title(steps[1], "ko").endswith("(2022년)")
    b = briefing(store, SCI, Y, "sido", 2023, permutations=9)
    notes = step_notes(b, steps[1], "en")
    share = store.view(X, "sido", 2022, steps[1].mode).values
    assert notes.startswith("R&D expenditure in 2022") and f"{share.max() / share.sum() * 100:.1f}%" in notes


def test_steps_that_cannot_be_shown_say_why_without_ids():
    """An unknown indicator in a map step, an intensive pair, a non-industry in a spec step: each a reason in
    Korean with names only (no id), and the English sentence."""
    from lang import say
    from report.story_check import check_pair, check_step

    store = bundled()
    bad = check_step(store, X, Y, "sido", 2022, "map:rd_expenditur")
    assert not bad.ok and "rd_expenditur" not in say(bad.reason, "ko") + say(bad.reason, "en")
    spec = check_step(store, X, Y, "sido", 2022, "spec:population_registered")
    assert say(spec.reason, "ko") == "시도 산업 특화 자료의 산업이 아닙니다."
    years, problem = check_pair(store, "grdp_per_capita_b2020", Y, "sido")
    assert years == [] and say(problem, "ko").startswith("1인당 지역내총생산: 비율·밀도 지표라")
    years, problem = check_pair(store, SCI, "grdp_nominal_b2010", "sido")
    assert years == [] and "기준연도" in say(problem, "ko")


def test_a_link_with_a_mistyped_id_and_steps_it_cannot_show_becomes_a_story_that_can_be_shown():
    """px mistyped: the default story with one sentence; a year the pair lacks: its latest with one sentence; steps
    it cannot show: left out, named in words."""
    from lang import say
    from report.story_check import resolve_story

    store = bundled()
    story, notes = resolve_story(store, Story("rd_expenditur", Y, "sido", None, ("trend", "x")), DEFAULT_STORY)
    assert (story.x, story.y, story.steps) == (DEFAULT_STORY.x, DEFAULT_STORY.y, ("x",))
    said = [say(n, "ko") for n in notes]
    assert len(said) == 2 and "기본 이야기" in said[0] and "추세" in said[1]
    assert not any("rd_expenditur" in s or "_" in s for s in said)
    story, notes = resolve_story(store, Story(X, Y, "sido", 2030, ("mismatch", "clusters")), DEFAULT_STORY)
    assert story.year is None and story.steps == ("mismatch", "clusters")
    assert say(notes[0], "ko") == "링크의 연도 2030년에는 연구개발비 대 제조업 부가가치를 비교할 수 없어 2022년을 보여 줍니다."
    story, notes = resolve_story(store, Story(X, Y, "sido", None, ("trend",)), DEFAULT_STORY)
    assert story.steps and "trend" not in story.steps and len(notes) == 1


def test_headings_tell_apart_two_indicators_whose_short_labels_read_the_same():
    """R&D expenditure (GERD) against R&D expenditure (derived ...): both short labels are "R&D expenditure", so
    the headings keep the full labels (they read "R&D expenditure: share by region" twice)."""
    from report.deck import steps_for

    titles = [s.title_en for s in steps_for(bundled(), "rd_expenditure", X)]
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
