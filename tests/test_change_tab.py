"""The Change tab with AppTest (bundled real data): the reading and the matrices come from analysis.transitions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from analysis.store import bundled
from analysis.transitions import reading, transitions
from analysis.unit_sets import spans

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_change_tab_shows_the_reading_of_the_numbers():
    at = _app(tab="change", lang="en", cind="employed_persons", clevel="sido")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    text = "\n".join(m.value for m in at.markdown)
    for sentence in reading(transitions("employed_persons", "sido", permutations=0, store=bundled()), "en"):
        assert sentence in text
    assert at.selectbox(key="ck").value == 4
    at.selectbox(key="ck").set_value(3).run()
    assert not at.exception and not at.error
    assert "3 quantile classes" in "\n".join(m.value for m in at.markdown)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_change_tab_korean_and_sigungu():
    at = _app(tab="change", lang="ko", clevel="sigungu", cind="gva_manufacturing_nominal_b2015")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    text = "\n".join(m.value for m in at.markdown)
    assert "2015–2020" in text and "5년 간격" in text


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_change_tab_difference_section():
    at = _app(tab="change", lang="en", cind="employed_persons", clevel="sido", dy0="2017", dy1="2024")
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value == "Change between two years" for s in at.subheader)
    assert any(m.label == "Differential Moran's I" for m in at.metric)
    at.radio(key="dhow").set_value("raw").run()
    assert not at.exception and not at.error


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_lisa_quadrants_are_said_in_words(lang):
    """The LISA Markov heat table names its quadrants in the page's language, never HH/LH (issue 25)."""
    from analysis.transitions import QUADRANTS
    from lang import t
    from ui.change_tab import quadrant_words

    lm = transitions("employed_persons", "sido", permutations=0, store=bundled()).lisa_markov
    assert list(lm.matrix.probabilities.index) == list(QUADRANTS)
    shown = quadrant_words(lm.matrix.probabilities, lang)
    words = [t(f"quadrant_{q}", lang) for q in QUADRANTS]
    assert list(shown.index) == words and list(shown.columns) == words
    assert not set(words) & set(QUADRANTS) and len(set(words)) == 4
    np.testing.assert_array_equal(shown.to_numpy(), lm.matrix.probabilities.to_numpy())  # same cells, NaN too


@pytest.mark.parametrize(("lang", "slanted"), [("ko", False), ("en", True)])
def test_every_quadrant_name_of_the_heat_table_is_drawn(lang, slanted):
    """Vega hides axis labels that overlap; the heat table keeps all four (upright when short, slanted when long)."""
    from ui import charts
    from ui.change_tab import quadrant_words

    lm = transitions("employed_persons", "sido", permutations=0, store=bundled()).lisa_markov
    spec = charts.transition_heat(quadrant_words(lm.matrix.probabilities, lang),
                                  quadrant_words(lm.matrix.counts, lang), lang=lang).to_dict()
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert axis["labelOverlap"] is False and (axis["labelAngle"] != 0) == slanted

@pytest.mark.slow  # AppTest with two Markov runs
def test_change_tab_sigungu_real_value_added_national_run_then_within_some_sido():
    """The 2020-base real series at si-gun-gu: the national run is 2020–2022; the 2019–2023 run is offered within
    the 7 sido that publish both ends, said as such, and the two runs are never joined; the series note names both
    bases."""
    at = _app(tab="change", lang="en", clevel="sigungu", cind="gva_business_services_real_chained_b2020")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    run = at.selectbox(key="cwithin")
    assert run.value == "" and len(run.options) >= 2
    assert "2020–2022" in "\n".join(m.value for m in at.markdown)
    assert any("never joined" in c.value for c in at.caption)
    runs = spans(bundled(), "gva_business_services_real_chained_b2020", "sigungu")
    assert len(runs) == len(run.options) and run.options[0] == "Whole country 2020–2022"
    assert (runs[0].first, runs[0].last, runs[0].key) == (2020, 2022, "")
    longest = next(r for r in runs if (r.first, r.last) == (2019, 2023))
    assert len(longest.units.sido) == 7
    run.set_value(longest.key).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert "2019–2023" in "\n".join(m.value for m in at.markdown)
    assert any("shares of their sum" in i.value for i in at.info)

