"""The Streamlit page driven with AppTest: every widget by key on every tab, without exceptions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture(scope="module")
def app() -> AppTest:
    return _app()


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_map_tab_renders_with_defaults(app):
    _ok(app)
    assert app.title[0].value.startswith("RIES")
    assert app.selectbox(key="level").value == "sido"


@pytest.mark.slow
def test_every_layer_and_its_first_indicators_render(app):
    at = app
    for i in range(len(at.selectbox(key="layer").options)):
        at.selectbox(key="layer").select_index(i).run()
        _ok(at)
        for j in range(min(4, len(at.selectbox(key="ind").options))):
            at.selectbox(key="ind").select_index(j).run()
            _ok(at)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["raw", "share", "per_capita"])
def test_modes(mode):
    at = _app(ind="gva_manufacturing_nominal_b2020", layer="production")
    at.selectbox(key="mode").set_value(mode).run()
    _ok(at)


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["quantiles", "fisher_jenks", "equal_interval", "box_plot", "std_mean"])
def test_schemes_and_pooled(scheme):
    at = _app()
    at.selectbox(key="scheme").set_value(scheme).run()
    _ok(at)
    at.toggle(key="pooled").set_value(True).run()
    _ok(at)


def test_user_defined_bad_bins_is_one_clear_error():
    at = _app()
    at.selectbox(key="scheme").set_value("user_defined").run()
    at.text_input(key="bins").input("10, abc").run()
    assert not at.exception
    assert at.error and "숫자" in at.error[0].value and "abc" in at.error[0].value  # said in Korean (the page opens in Korean)


def test_year_slider_and_language():
    at = _app(ind="population_registered", layer="context")
    at.select_slider(key="year").set_value(2012).run()
    _ok(at)
    at.radio(key="lang").set_value("en").run()
    _ok(at)
    assert at.title[0].value.startswith("RIES Atlas —")


@pytest.mark.slow
@pytest.mark.parametrize("tab", ["mismatch", "clusters", "change", "data"])
def test_other_tabs(tab):
    at = _app(tab=tab)
    _ok(at)


@pytest.mark.slow
@pytest.mark.parametrize("stat", ["lisa", "mismatch", "bv_xy", "bv_yx", "gi"])
def test_cluster_statistics(stat):
    at = _app(tab="clusters")
    at.selectbox(key="cstat").set_value(stat).run()
    _ok(at)
    at.toggle(key="fdr").set_value(True).run()
    _ok(at)


def test_selected_region_from_url_shows_profile():
    at = _app(region="47")
    _ok(at)
    assert any("경상북도" in m.value for m in at.sidebar.markdown)
    block = next(m.value for m in at.sidebar.markdown if "ries-prof" in m.value)
    rows = re.findall(r"<div class='ries-prof' data-year='(\d{4})'>(.*?)</div>", block)
    assert len(rows) > 10  # one block per indicator, each with its own year
    assert all(re.search(r"\d+위 / \d+", body) for _, body in rows)  # ranks with their denominators
    partial = [body for _, body in rows if "공표" in body]
    assert all(re.search(r"17개 중 \d+개 공표", body) for body in partial)
    years = sorted({int(y) for y, _ in rows})
    assert len(years) > 1  # the bundled indicators' latest years differ (2017-2024 for Gyeongbuk): said above
    assert any(f"지표마다 최신 연도가 다릅니다 ({years[0]}–{years[-1]})" in c.value for c in at.sidebar.caption)


def test_url_state_seeds_widgets_and_follows_changes():
    at = _app(layer="production", ind="gva_manufacturing_nominal_b2020", year="2015", tab="map")
    _ok(at)
    assert at.selectbox(key="ind").value == "gva_manufacturing_nominal_b2020"
    assert at.select_slider(key="year").value == 2015
    at.selectbox(key="mode").set_value("share").run()
    _ok(at)
    assert at.query_params["mode"] == ["share"] or at.query_params["mode"] == "share"
    assert at.query_params["ind"] in ("gva_manufacturing_nominal_b2020", ["gva_manufacturing_nominal_b2020"])


def test_invalid_url_values_fall_back_to_defaults():
    at = _app(layer="nonsense", ind="<script>alert(1)</script>", year="1850", tab="nope")
    _ok(at)
    assert at.selectbox(key="level").value == "sido"


def _slide_title(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "class='ries-title'" in m.value)


@pytest.mark.slow
def test_presenter_mode_steps_and_leaves():
    at = _app(present="1")
    _ok(at)
    titles = [_slide_title(at)]
    assert any("class='ries-card'" in m.value for m in at.markdown), "the headline numbers slide"
    for _ in range(4):  # every step of the default story draws
        at.button(key="present_next").click().run()
        _ok(at)
        titles.append(_slide_title(at))
    assert len(set(titles)) == 5  # st.image raised nothing (_ok); the pictures are checked in Chromium
    assert at.button(key="present_next").disabled
    at.button(key="present_off").click().run()
    _ok(at)
    assert at.title[0].value.startswith("RIES")


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_presenter_story_from_the_url_and_a_bad_step_token():
    at = _app(present="1", lang="en", psteps="clusters,nonsense,x", step="1")
    _ok(at)
    assert "clusters" in _slide_title(at)
    assert any("nonsense" in w.value for w in at.warning)  # said, in the story popover, not a traceback


@pytest.mark.slow
def test_a_story_link_asking_for_more_steps_than_the_bound_keeps_the_first_and_says_so_in_korean():
    from report.story import MAX_STEPS

    at = _app(present="1", lang="ko", psteps=",".join(["x", "y", "mismatch", "clusters"] * 20), step="1")
    _ok(at)
    counter = next(m.value for m in at.markdown if "data-testid='ries-step'" in m.value)
    assert f"2 / {MAX_STEPS + 1}<" in counter  # the cover and the first 30 steps
    said = [w.value for w in at.warning if "80" in w.value]
    assert len(said) == 1 and f"{MAX_STEPS}단계" in said[0], [w.value for w in at.warning]


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def _upload_and_add(at: AppTest, name: str, label: str) -> AppTest:
    at.file_uploader(key="upload").set_value((name, (FIXTURES / name).read_bytes(), "text/csv"))
    at.run()
    _ok(at)
    at.text_input(key="import_name").set_value(label)
    at.selectbox(key="import_layer").set_value("rnd")
    at.radio(key="import_nature").set_value("extensive")
    next(b for b in at.button if b.label in ("Add", "추가")).click()
    return at.run()


@pytest.mark.slow
def test_uploaded_indicator_appears_in_every_tab_like_a_bundled_one():
    """SYNTHETIC fixture (tests/fixtures/import): the upload becomes an indicator of the map, mismatch and
    cluster tabs for this session."""
    at = _app(tab="import", lang="en")
    at = _upload_and_add(at, "wide_sido_utf8bom.csv", "<img src=x onerror=alert(1)> R&D")
    _ok(at)
    users = at.session_state["user_indicators"]
    assert len(users) == 1
    uid = next(iter(users))
    at.session_state["tab"] = "map"
    at.run()
    _ok(at)
    at.selectbox(key="layer").set_value("rnd").run()
    # the format function reads this session's catalogue, so pick the user's label by position
    labels = at.selectbox(key="ind").options
    at.selectbox(key="ind").select_index(labels.index("<img src=x onerror=alert(1)> R&D")).run()
    _ok(at)
    assert at.query_params["ind"] in (uid, [uid])
    at.selectbox(key="mode").set_value("share").run()
    _ok(at)
    at.session_state["tab"] = "mismatch"
    at.run()
    _ok(at)
    labels = at.selectbox(key="mx").options
    at.selectbox(key="mx").select_index(labels.index("<img src=x onerror=alert(1)> R&D")).run()
    _ok(at)
    assert any("Hoover" in m.label for m in at.metric)
    at.session_state["tab"] = "clusters"
    at.run()
    _ok(at)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_a_broken_upload_leaves_what_was_loaded():
    at = _app(tab="import", lang="en")
    at = _upload_and_add(at, "wide_sido_utf8bom.csv", "first")
    before = dict(at.session_state["user_indicators"])
    at.file_uploader(key="upload").set_value(("broken.csv", b"\x00\x01\x02binary\xff\xfe", "text/csv"))
    at.run()
    assert not at.exception
    assert at.error  # one clear message
    assert dict(at.session_state["user_indicators"]) == before


@pytest.mark.slow
def test_sigungu_level_and_remaining_map_widgets():
    at = _app(level="sigungu")
    _ok(at)
    assert at.selectbox(key="level").value == "sigungu"
    at.slider(key="k").set_value(7).run()
    _ok(at)
    at.toggle(key="tiles").set_value(True).run()
    _ok(at)
    at.toggle(key="tiles").set_value(False).run()
    at.selectbox(key="level").set_value("sido").run()
    _ok(at)


def test_overlay_selection_keeps_the_page_whole():
    """Picking an overlay reruns cleanly and keeps the pick (the circles themselves: test_maps.py)."""
    at = _app(layer="production", ind="gva_manufacturing_nominal_b2020")
    ms = at.multiselect(key="overlay")
    first = ms.options[0]
    ms.select(first).run()
    _ok(at)
    picked = list(at.multiselect(key="overlay").value)  # indicator ids; the options show their labels
    assert len(picked) == 1 and picked[0] != "gva_manufacturing_nominal_b2020"


@pytest.mark.slow
def test_cluster_controls():
    at = _app(tab="clusters")
    for key, value in (("alpha", 0.01), ("perm", 99)):
        at.selectbox(key=key).set_value(value).run()
        _ok(at)
    at.number_input(key="seed").set_value(7).run()
    _ok(at)
    assert any("시드 7" in c.value for c in at.caption)  # the page opens in Korean


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_mismatch_tab_draws_the_trend_of_compare():
    """Two or more comparable years: the Mismatch tab charts compare() of each year (ui.data.trend)."""
    at = _app(tab="mismatch", lang="en", mx="gva_prof_sci_tech_services_nominal_b2020",
              my="gva_manufacturing_nominal_b2020", myear="2020")
    _ok(at)
    assert any(s.value == "Over the years" for s in at.subheader)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_year_steps_and_play_state_in_the_url():
    at = _app(lang="en", layer="workforce", ind="employed_persons", year="2017")
    _ok(at)
    at.button(key="year_fwd").click().run()
    _ok(at)
    assert at.select_slider(key="year").value == 2018 and at.query_params["year"] == "2018"
    at.button(key="year_back").click().run()
    at.button(key="year_back").click().run()
    assert at.select_slider(key="year").value == 2016
    at.toggle(key="play").set_value(True).run()
    _ok(at)
    assert at.query_params["play"] == "True"


def test_data_tab_offers_the_planner_workbook_of_the_views_indicators():
    at = _app(tab="data", lang="en", mx="rd_expenditure_from_share", my="gva_manufacturing_nominal_b2020")
    _ok(at)
    picked = at.multiselect(key="wb_ind").value
    assert "rd_expenditure_from_share" in picked and "gva_manufacturing_nominal_b2020" in picked
    assert len(at.multiselect(key="wb_years").value) == 3
    assert any(b.proto.label.startswith("⬇️ Download XLSX") for b in at.get("download_button"))


@pytest.mark.slow
def test_a_story_with_uploaded_data_as_a_step():
    """SYNTHETIC fixture: the upload is a step of the story; the slides draw on this session's store (no error,
    no exception) in the order of the link, and the upload's slide is titled with its label."""
    at = _app(tab="import", lang="en")
    at = _upload_and_add(at, "wide_sido_utf8bom.csv", "Survey R&D")
    uid = next(iter(at.session_state["user_indicators"]))
    for k, v in {"present": "1", "px": "gva_manufacturing_nominal_b2020", "py": "population_registered",
                 "plevel": "sido", "pyear": "2021",
                 "psteps": f"map:{uid},spec:gva_manufacturing_nominal_b2020,mismatch", "step": "1"}.items():
        at.query_params[k] = v
    at.run()
    _ok(at)
    titles = [_slide_title(at)]
    for _ in range(2):
        at.button(key="present_next").click().run()
        _ok(at)
        titles.append(_slide_title(at))
    assert "Survey R&amp;D" in titles[0], titles
    assert "location quotient" in titles[1] and "Mismatch" in titles[2], titles
    assert at.button(key="present_next").disabled  # three steps after the headline slide


@pytest.mark.slow
def test_skewed_shares_get_a_head_separating_scheme_offered():
    """R&D shares 2022: Gyeonggi 51.2 % against a median near 2 %: the Map tab says quantiles lump the head with
    the tail and offers Fisher-Jenks (one click applies it); an even distribution gets no such hint."""
    at = _app(layer="rnd", ind="rd_expenditure_from_share", mode="share", year="2022", lang="en")
    _ok(at)
    assert at.selectbox(key="scheme").value == "quantiles"
    assert any("A few regions dominate" in c.value for c in at.caption)
    at.button(key="scheme_hint").click().run()
    _ok(at)
    assert at.selectbox(key="scheme").value == "fisher_jenks"
    assert not [b for b in at.button if b.key == "scheme_hint"]
    even = _app(layer="workforce", ind="employment_rate_15plus", year="2022", lang="en")
    _ok(even)
    assert not any("A few regions dominate" in c.value for c in even.caption)


@pytest.mark.slow
def test_story_builder_offers_specialisation_and_writes_the_order_to_the_link():
    """The ⚙ story builder lists an industry's specialisation among the steps; the order picked goes to the URL
    (a shareable link) and the slides follow it."""
    at = _app(present="1", lang="en")
    _ok(at)
    ms = at.multiselect(key="story_steps")
    spec = "spec:gva_electronics_precision_mfg_nominal_b2020"
    # the options show their labels (format_func)
    assert "Specialisation (LQ): Electrical, electronic and precision equipment mfg value added, nominal" in ms.options
    assert any(o.startswith("Map: ") for o in ms.options)
    # the default pair compares in one year only: the trend is not offered but listed, struck out, with its reason
    assert "Trend (Hoover index)" not in ms.options
    struck = "\n".join(c.value.replace("\\", "") for c in at.caption)  # markdown-escaped names
    assert "~~Trend (Hoover index)~~" in struck and "no trend to show" in struck
    ms.set_value([spec, "mismatch", "x"]).run()
    at.button(key="story_apply").click().run()
    _ok(at)
    steps = at.query_params["psteps"]
    assert (steps[0] if isinstance(steps, list) else steps) == f"{spec},mismatch,x"
    at.button(key="present_next").click().run()
    _ok(at)
    assert "location quotient" in _slide_title(at)


@pytest.mark.parametrize(("stat", "own", "lag"), [
    ("bv_xy", "R&D expenditure here", "Neighbours' Manufacturing value added, nominal"),
    ("bv_yx", "Manufacturing value added, nominal here", "Neighbours' R&D expenditure"),
])
def test_moran_scatter_axes_say_whose_value_and_whose_neighbours(stat, own, lag):
    """The scatter beside the cluster map: the horizontal axis is the region's own variable, the vertical its
    neighbours' other one, named (it said "z" and "lag"); swapping the statistic swaps the names."""
    import json

    at = _app(tab="clusters", lang="en", cstat=stat, perm="99")
    _ok(at)
    charts = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]
    titles = {" ".join(enc["title"]) if isinstance(enc["title"], list) else enc["title"]  # a long title wraps
              for c in charts for layer in c.get("layer", [])
              for ch, enc in layer.get("encoding", {}).items() if ch in ("x", "y") and "title" in enc}
    assert any(t.startswith(own) for t in titles) and any(t.startswith(lag) for t in titles), titles


def test_mismatch_metrics_name_the_indicators_in_their_roles():
    """The capital-region shares are said of the indicators by name ("Capital-region share of R&D
    expenditure"), not of "X" and "Y"; swapping the pair swaps the numbers with the names."""
    at = _app(tab="mismatch", lang="en", mx="rd_expenditure_from_share", my="gva_manufacturing_nominal_b2020")
    _ok(at)
    from analysis.compare import compare
    from analysis.store import bundled

    c = compare(bundled(), "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020", "sido", permutations=9)
    rd, mfg = f"{c.capital_share_x * 100:.1f}%", f"{c.capital_share_y * 100:.1f}%"
    got = {m.label: m.value for m in at.metric}
    assert got["Capital-region share of R&D expenditure"] == rd
    assert got["Capital-region share of Manufacturing value added, nominal"] == mfg
    swapped = _app(tab="mismatch", lang="en", my="rd_expenditure_from_share", mx="gva_manufacturing_nominal_b2020")
    _ok(swapped)
    assert {m.label: m.value for m in swapped.metric}["Capital-region share of R&D expenditure"] == rd


@pytest.mark.slow
@pytest.mark.parametrize(("tab", "stat"), [("clusters", "bv_xy"), ("clusters", "bv_yx"), ("mismatch", None)])
def test_map_legends_name_the_indicators_by_their_short_labels(monkeypatch, tab, stat):
    """The Clusters and Mismatch map legends used the full catalogue labels ('R&D expenditure (derived: published
    share × published national total)') where every other place says the short one; roles stay as they were."""
    import streamlit_folium as sf

    sent: list[dict] = []
    monkeypatch.setattr(sf, "_component_func", lambda **kw: sent.append(kw) or kw["default"])
    query = {"tab": tab, "lang": "en", "mx": "rd_expenditure_from_share", "my": "gva_manufacturing_nominal_b2020"}
    if stat:
        query["cstat"] = stat
    _ok(_app(**query))
    legend = sent[-1]["html"]
    assert "derived: published share" not in legend
    if tab == "mismatch":
        assert "R&amp;D expenditure surplus" in legend and "Manufacturing value added, nominal surplus" in legend
    elif stat == "bv_xy":
        assert "Bivariate LISA: R&amp;D expenditure here vs neighbours&#x27; Manufacturing value added" in legend
    else:
        assert "Bivariate LISA: Manufacturing value added, nominal here vs neighbours&#x27; R&amp;D expenditure" in legend
