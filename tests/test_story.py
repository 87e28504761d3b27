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
