"""Ranks say how many regions were ranked and how many the level has."""

from __future__ import annotations

import pandas as pd
import pytest

from lang.numbers import rank_in


def test_rank_among_published_says_both_denominators():
    values = pd.Series({"11": 10.0, "26": 30.0, "27": 20.0, "28": None, "29": None, "30": None})
    r = rank_in(values, "27", units=17)
    assert (r.rank, r.published, r.units) == (2, 3, 17)
    assert r.text("ko") == "2위 / 3 (17개 중 3개 공표)"
    assert r.text("en") == "#2 of 3 published (of 17)"


def test_complete_level_needs_one_denominator_and_ties_share_the_best_place():
    values = pd.Series({"a": 5.0, "b": 5.0, "c": 1.0})
    assert rank_in(values, "b", units=3).text("en") == "#1 of 3"
    assert rank_in(values, "c", units=3).text("ko") == "3위 / 3"


@pytest.mark.parametrize("code", ["28", "nope"])
def test_no_rank_without_a_published_value(code):
    assert rank_in(pd.Series({"11": 1.0, "28": None}), code, units=17) is None


def test_units_never_below_the_published_count():
    assert rank_in(pd.Series({"a": 1.0, "b": 2.0}), "a", units=1).units == 2
