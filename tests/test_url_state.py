"""URL state: the parsing rules of ui.widgets, and a copied link that reproduces the whole view.

The AppTest round trips set every setting of a tab, read the URL the page wrote, open a *new* session with only
that URL and compare every widget.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lang import t
from ui import keys
from ui.widgets import MISSING, from_text, int_from_text, many_from_texts, to_texts

APP = str(Path(__file__).resolve().parents[1] / "app.py")


# --- pure rules ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [("0.01", [0.05, 0.01, 0.1], 0.01), ("True", [False, True], True), ("False", [False, True], False),
     ("7", list(range(3, 10)), 7), ("sido", ["sido", "sigungu"], "sido"), ("2015", [2014, 2015], 2015)],
)
def test_from_text_gives_back_the_typed_option(text, options, expected):
    got = from_text(text, options)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("text", ["", "0.010", "true", "<script>", "sido ", "2015.0"])
def test_from_text_refuses_anything_not_an_option(text):
    assert from_text(text, [0.01, True, "sido", 2015]) is MISSING


def test_many_keeps_order_drops_unknowns_and_repeats_and_caps():
    opts = ["a", "b", "c", "d"]
    assert many_from_texts(["c", "a"], opts) == ["c", "a"]
    assert many_from_texts(["x", "b", "b", "<img>"], opts) == ["b"]
    assert many_from_texts(["a", "b", "c", "d"], opts, limit=3) == ["a", "b", "c"]
    assert many_from_texts([], opts) == []


@pytest.mark.parametrize(("text", "expected"), [("0", 0), ("12345", 12345), ("2147483647", 2**31 - 1)])
def test_int_in_range(text, expected):
    assert int_from_text(text, 0, 2**31 - 1) == expected


@pytest.mark.parametrize("text", ["-1", "2147483648", "7.5", "", "abc", "1e3"])
def test_int_out_of_range_or_not_an_int(text):
    assert int_from_text(text, 0, 2**31 - 1) is MISSING


def test_to_texts_round_trips_through_from_text():
    for value, options in ((0.05, [0.05, 0.01]), (True, [False, True]), (999, [999, 99]), ("lisa", ["lisa"])):
        (text,) = to_texts(value)
        assert from_text(text, options) == value
    assert many_from_texts(to_texts(["b", "a"]), ["a", "b"]) == ["b", "a"]


# --- the page -----------------------------------------------------------------------------------------------

def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _open(params: dict[str, str | list[str]]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _link(at: AppTest) -> dict[str, str | list[str]]:
    """The URL's parameters as a copied link carries them (every value as text)."""
    return {k: at.query_params[k] for k in at.query_params}


def _values(at: AppTest, widgets: dict[str, str]) -> dict[str, object]:
    return {key: getattr(at, kind)(key=key).value for key, kind in widgets.items()}


MAP_WIDGETS = {keys.LEVEL: "selectbox", keys.LAYER: "selectbox", keys.IND: "selectbox", keys.MODE: "selectbox",
               keys.YEAR: "select_slider", keys.SCHEME: "selectbox", keys.K: "slider", keys.POOLED: "toggle",
               keys.TILES: "toggle", keys.OVERLAY: "multiselect", keys.BINS: "text_input"}


@pytest.mark.slow
def test_a_copied_link_reproduces_the_map_view():
    at = _open({keys.LANG: "en"})
    at.selectbox(key=keys.LAYER).set_value("production").run()
    at.selectbox(key=keys.IND).set_value("gva_manufacturing_nominal_b2020").run()
    at.selectbox(key=keys.MODE).set_value("share").run()
    at.select_slider(key=keys.YEAR).set_value(2016).run()
    at.toggle(key=keys.POOLED).set_value(True).run()
    at.selectbox(key=keys.SCHEME).set_value("user_defined").run()
    at.text_input(key=keys.BINS).input("2, 5, 10, 40").run()
    options = at.multiselect(key=keys.OVERLAY).options
    at.multiselect(key=keys.OVERLAY).select(options[2]).select(options[0]).run()
    _ok(at)
    before = _values(at, MAP_WIDGETS)
    assert len(before[keys.OVERLAY]) == 2 and before[keys.BINS] == "2, 5, 10, 40"

    link = _link(at)
    assert set(keys.URL_STATE["map"]) <= set(link), set(keys.URL_STATE["map"]) - set(link)
    again = _open(link)
    _ok(again)
    assert _values(again, MAP_WIDGETS) == before
    assert again.radio(key=keys.LANG).value == "en"


CLUSTER_WIDGETS = {keys.CSTAT: "selectbox", keys.MX: "selectbox", keys.MY: "selectbox", keys.MYEAR: "selectbox",
                   keys.ALPHA: "selectbox", keys.FDR: "toggle", keys.PERM: "selectbox", keys.SEED: "number_input"}


@pytest.mark.slow
def test_a_copied_link_reproduces_the_cluster_view():
    at = _open({keys.TAB: "clusters"})
    at.selectbox(key=keys.CSTAT).set_value("bv_xy").run()
    at.selectbox(key=keys.ALPHA).set_value(0.01).run()
    at.toggle(key=keys.FDR).set_value(True).run()
    at.selectbox(key=keys.PERM).set_value(99).run()
    at.number_input(key=keys.SEED).set_value(7).run()
    _ok(at)
    before = _values(at, CLUSTER_WIDGETS)
    assert before[keys.SEED] == 7 and before[keys.PERM] == 99

    link = _link(at)
    assert set(keys.URL_STATE["clusters"]) <= set(link)
    again = _open(link)
    _ok(again)
    assert _values(again, CLUSTER_WIDGETS) == before
    assert any(t("perm_note", "ko", n=99, seed=7) in c.value for c in again.caption)  # "99회 순열 · 시드 7"


@pytest.mark.slow
def test_a_hand_edited_link_falls_back_without_failing():
    again = _open({keys.TAB: "clusters", keys.SEED: "-3", keys.PERM: "5", keys.ALPHA: "0.5", keys.FDR: "yes"})
    _ok(again)
    assert _values(again, {keys.SEED: "number_input", keys.PERM: "selectbox", keys.ALPHA: "selectbox",
                           keys.FDR: "toggle"}) == {keys.SEED: 12345, keys.PERM: 999, keys.ALPHA: 0.05,
                                                     keys.FDR: False}
    at = _open({keys.OVERLAY: ["nonsense", "gva_manufacturing_nominal_b2020"], keys.SCHEME: "user_defined",
                keys.BINS: "<b>1</b>"})
    assert not at.exception
    assert at.error and "숫자" in at.error[0].value  # the bad bounds: one clear message (the page opens in Korean)
    assert "nonsense" not in at.multiselect(key=keys.OVERLAY).value


@pytest.mark.slow
def test_an_overlay_that_becomes_the_map_indicator_is_dropped_from_the_picks():
    at = _open({keys.LAYER: "production", keys.IND: "gva_manufacturing_nominal_b2020"})
    other = next(o for o in at.multiselect(key=keys.OVERLAY).options)
    at.multiselect(key=keys.OVERLAY).select(other).run()
    (pick,) = list(at.multiselect(key=keys.OVERLAY).value)
    from ui import data

    at.selectbox(key=keys.LAYER).set_value(data.catalogue().at[pick, "layer"]).run()
    at.selectbox(key=keys.IND).set_value(pick).run()
    _ok(at)
    assert pick not in at.multiselect(key=keys.OVERLAY).value
    assert pick not in to_texts(at.query_params.get(keys.OVERLAY, []))  # nor in the link
