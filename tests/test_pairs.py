"""The suggested pairs of each level (``data/pairs.csv``) and the planner's wording of their clusters (issue 26
item 6): the table's pairs exist and compare where they say, the wording follows the layers both ways, and the
Mismatch and Clusters tabs and the story builder offer the pairs (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import pairs
from analysis.compare import compare
from analysis.labels import labels_for
from analysis.store import bundled
from ui.choices import DEFAULT_X, DEFAULT_Y

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.mark.parametrize("level", ["sido", "sigungu"])
def test_every_pair_names_indicators_of_its_level_and_the_first_is_the_tabs_default(level):
    s = bundled()
    ps = pairs.pairs_for(level)
    assert len(ps) >= 4
    for p in ps:
        assert p.x in s.available(level) and p.y in s.available(level), p.key
        assert p.title_ko and p.title_en and p.note_ko and p.note_en
    ids = [i for i in s.catalogue.index if i in s.available(level) and s.catalogue.at[i, "nature"] == "extensive"]
    first_x = next(c for c in DEFAULT_X if c in ids)
    first_y = next(c for c in DEFAULT_Y if c in ids)
    assert (pairs.default_pair(s, level).x, pairs.default_pair(s, level).y) == (first_x, first_y)


def test_the_pairs_that_cannot_be_compared_say_why():
    """Complexes (2023 Q4) against si-gun-gu real value added (national 2020–2022): no common year, and the note says
    so; at sido the same pair of layers has 2023."""
    s = bundled()
    none = [p for lv in ("sido", "sigungu") for p in pairs.pairs_for(lv) if not pairs.comparable(s, p)]
    assert [(p.level, p.key) for p in none] == [("sigungu", "business_services_complexes")]
    assert "No common year" in none[0].note_en and "같은 연도가 없습니다" in none[0].note_ko
    assert pairs.comparable(s, pairs.pair("sido", "business_services_complexes")) == [2023]
    assert pairs.comparable(s, pairs.pair("sigungu", "business_services_manufacturing_real")) == [2020, 2021, 2022]


def test_skilled_workforce_against_production_workers_in_planner_words():
    c = compare(bundled(), "employed_occ_professionals", "employed_occ_machine_operators", "sido", 2024,
                permutations=99)
    assert (c.lisa_wording["x_lag_y"], c.lisa_wording["y_lag_x"]) == ("workforce_production", "production_workforce")
    words = set(c.lisa["x_lag_y"].table["label_ko"])
    assert words <= set(labels_for("workforce_production")["label_ko"])
    assert labels_for("workforce_production").loc["HL", "label_en"] == "Workforce hub here, neighbours produce little"
    assert "machine operators" in labels_for("workforce_production", {
        "a": ("전문가", "professionals"), "b": ("장치·기계 조작원", "machine operators")}).loc["LH", "description_en"]


def test_business_services_against_complex_employment_in_planner_words():
    c = compare(bundled(), "gva_business_services_nominal_b2020", "complexes_employment", "sido", permutations=99)
    assert c.year == 2023 and c.lisa_wording["x_lag_y"] == "services_production"
    assert set(c.lisa["y_lag_x"].table["label_en"]) <= set(labels_for("production_services")["label_en"])


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.slow  # AppTest runs with comparisons
def test_mismatch_tab_picks_a_suggested_pair():
    at = _app(tab="mismatch", lang="ko", clv="sido")
    _ok(at)
    picker = at.selectbox(key="mpair")
    assert picker.value == "rnd_manufacturing"  # the default x and y make the first pair
    picker.set_value("professionals_operators").run()
    _ok(at)
    assert (at.selectbox(key="mx").value, at.selectbox(key="my").value) == (
        "employed_occ_professionals", "employed_occ_machine_operators")
    assert at.selectbox(key="mpair").value == "professionals_operators"
    assert any("지역별고용조사 하반기" in c.value for c in at.caption)
    at.selectbox(key="mx").set_value("employed_persons").run()  # a pair of one's own: said as such
    _ok(at)
    assert at.selectbox(key="mpair").value == ""


@pytest.mark.slow
def test_a_pair_without_a_common_year_is_said_not_invented():
    at = _app(tab="mismatch", lang="ko", clv="sigungu")
    _ok(at)
    at.selectbox(key="mpair").set_value("business_services_complexes").run()
    _ok(at)
    assert at.selectbox(key="my").value == "complexes_count"
    assert any("같은 연도가 없습니다" in c.value for c in at.caption)
    assert at.warning  # the comparison's one refusal (no comparable year), and no map of an invented year
    assert not any("Traceback" in w.value for w in at.warning)


@pytest.mark.slow
def test_clusters_tab_offers_the_pairs_with_their_wording():
    at = _app(tab="clusters", lang="en", clv="sido", cstat="bv_xy", perm="99")
    _ok(at)
    at.selectbox(key="cpair").set_value("professionals_operators").run()
    _ok(at)
    assert at.selectbox(key="mx").value == "employed_occ_professionals"
    table = next(d.value for d in at.dataframe if "Reading" in d.value.columns)
    words = set(labels_for("workforce_production")["label_en"])
    assert set(table["Reading"]) <= words and set(table["Reading"]) - {"Not significant"}  # the planner's words


@pytest.mark.slow
def test_story_builder_offers_the_pairs_and_writes_the_picked_one_to_the_link():
    at = _app(present="1", lang="en")
    _ok(at)
    picker = at.selectbox(key="story_pair")
    assert picker.value == "rnd_manufacturing"  # the default story's pair is the level's first suggested pair
    assert "Professionals against machine operators (skilled workforce against production workers)" in picker.options
    picker.set_value("professionals_operators").run()
    _ok(at)
    assert (at.selectbox(key="story_x").value, at.selectbox(key="story_y").value) == (
        "employed_occ_professionals", "employed_occ_machine_operators")
    at.button(key="story_apply").click().run()
    _ok(at)
    got = {k: at.query_params[k] for k in ("px", "py")}
    assert {k: v[0] if isinstance(v, list) else v for k, v in got.items()} == {
        "px": "employed_occ_professionals", "py": "employed_occ_machine_operators"}
