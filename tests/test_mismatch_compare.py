"""The Mismatch tab's "compare with year" control (issue 25 item 1), driven with AppTest: the change on each card,
the ln M classes and the scatter's axes fixed over both years, the change explained in words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.change import hoover_change
from analysis.compare import compare
from analysis.store import bundled
from lang import STRINGS

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SX, SY = "gva_prof_sci_tech_services_nominal_b2020", "gva_manufacturing_nominal_b2020"


def _run(monkeypatch, **query) -> tuple[AppTest, list[dict]]:
    """The page, and what the map component was sent (its HTML holds the legend)."""
    import streamlit_folium as sf

    sent: list[dict] = []
    monkeypatch.setattr(sf, "_component_func", lambda **kw: sent.append(kw) or kw["default"])
    at = AppTest.from_file(APP, default_timeout=240)
    for k, v in {"tab": "mismatch", "mx": SX, "my": SY, **query}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, sent


def _legend_bounds(sent: list[dict]) -> list[str]:
    html = next(kw["html"] for kw in reversed(sent) if "ln M" in kw["html"])
    legend = html[html.index("ln M"):]
    return re.findall(r"[+-]\d+\.\d\d", legend)


def _walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def _scatter_domain(at: AppTest) -> list[str]:
    """The share scatter's axis domains (both axes: the Vega-Lite spec AppTest keeps of the Altair chart)."""
    for el in _walk(at._tree):
        spec = getattr(getattr(el, "proto", None), "spec", None)
        if isinstance(spec, str) and '"sx"' in spec:
            return re.findall(r'"domain": \[0(?:\.0)?, ([0-9.]+)\]', spec)
    raise AssertionError("no share scatter")


@pytest.mark.slow
def test_the_cards_show_the_change_since_the_year_compared_with(monkeypatch):
    at, _ = _run(monkeypatch, lang="en", myear="2023", mcmp="2013")
    assert at.selectbox(key="mcmp").value == 2013
    s = bundled()
    now, then = compare(s, SX, SY, "sido", 2023, permutations=9), compare(s, SX, SY, "sido", 2013, permutations=9)
    cards = {m.label: m for m in at.metric}
    hoover = cards[STRINGS["hoover"][1]]
    assert hoover.value == f"{now.hoover:.3f}" and hoover.proto.delta == f"{now.hoover - then.hoover:+.3f}"
    share = next(m for label, m in cards.items() if label.startswith("Capital-region share of") and "Manufact" in label)
    assert share.proto.delta == f"{(now.capital_share_y - then.capital_share_y) * 100:+.1f}%p"
    # the change in words: the sentence of report.readings (the briefing's and the story's)
    ch = hoover_change(s, SX, SY, "sido", 2023, 2013, permutations=9)
    text = " ".join(m.value for m in at.markdown)
    assert f"{ch.hoover_from:.3f} → {ch.hoover_to:.3f}" in text and "Biggest mover" in text
    # without a year to compare with: no change on the cards, no sentence
    plain, _ = _run(monkeypatch, lang="en", myear="2023")
    assert all(not m.proto.delta for m in plain.metric)
    assert "Biggest mover" not in " ".join(m.value for m in plain.markdown)


@pytest.mark.slow
def test_ln_m_classes_and_scatter_axes_are_the_same_for_both_years_compared(monkeypatch):
    fixed_late, sent_late = _run(monkeypatch, lang="en", myear="2023", mcmp="2013")
    fixed_early, sent_early = _run(monkeypatch, lang="en", myear="2013", mcmp="2023")
    assert _legend_bounds(sent_late) == _legend_bounds(sent_early)
    assert len(_scatter_domain(fixed_late)) == 2 and _scatter_domain(fixed_late) == _scatter_domain(fixed_early)
    assert "classes fixed over 2013 and 2023" in next(kw["html"] for kw in reversed(sent_late) if "ln M" in kw["html"])
    # each year alone has its own classes and axes (the reason for fixing them); the fixed ones span both
    own_late, sent_own_late = _run(monkeypatch, lang="en", myear="2023")
    own_early, sent_own_early = _run(monkeypatch, lang="en", myear="2013")
    assert _legend_bounds(sent_own_late) != _legend_bounds(sent_own_early)
    assert _legend_bounds(sent_late) in (_legend_bounds(sent_own_late), _legend_bounds(sent_own_early))
    tops = [float(_scatter_domain(a)[0]) for a in (own_late, own_early)]
    assert float(_scatter_domain(fixed_late)[0]) == pytest.approx(max(tops))


@pytest.mark.slow
def test_a_year_the_pair_cannot_be_compared_with_is_not_offered(monkeypatch):
    at, _ = _run(monkeypatch, lang="ko", myear="2023", mcmp="2012")  # 2012: no Sejong row (other units)
    box = at.selectbox(key="mcmp")
    assert "2012" not in box.options and "2013" in box.options and box.value == 0
    assert not at.warning
