"""Smaller items of issue 25 (items 6, 7): the Change tab's difference map spreads the units over its classes and
its percentages sum to 100; its method names and LISA states are Korean on the Korean page; the points panel adds
an indicator once; (0, 0) is a coordinate error."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.difference import difference
from analysis.store import bundled
from geo import maps
from geo.classify import DIFFERENCE_CMAP, difference_classes, diverging


def test_the_change_map_spreads_si_gun_gu_over_its_classes():
    """GRDP shares 2015→2020 at si-gun-gu: equal classes over ±max put 226 of 228 in the two middle classes; the
    tertile classes put no class over a quarter of the units, 0 stays a bound, and every unit is counted once."""
    d = difference(bundled(), "grdp_nominal_b2015", "sigungu", 2015, 2020, "share", permutations=9, seed=1)
    old = diverging(d.change, DIFFERENCE_CMAP)
    assert sorted(old.counts)[-2:][0] + max(old.counts) >= 0.95 * len(d.change)  # the problem, as it was
    c = difference_classes(d.change)
    assert c.k == 6 and 0.0 in c.bins and c.lower == -c.bins[-1]
    assert sum(c.counts) == d.change.notna().sum() and max(c.counts) <= 0.25 * len(d.change)
    falls, rises = (d.change < 0).sum(), (d.change > 0).sum()
    assert sum(c.counts[:3]) == falls and sum(c.counts[3:]) == rises
    items = maps.with_percents(maps.class_legend_items(c, lambda v: f"{v:+.4f}"))
    percents = [int(it.label.rsplit("· ", 1)[1].rstrip("%")) for it in items]
    assert sum(percents) == 100


def test_one_signed_side_keeps_equal_classes():
    c = difference_classes(pd.Series([0.1, 0.2, 0.3, 0.4, 0.5, 0.9]))
    assert list(c.counts[:3]) == [0, 0, 0] and sum(c.counts) == 6


def test_whole_percents_sum_to_100():
    for counts in ([1, 1, 1], [226, 1, 1], [0, 5, 0, 7], [3, 3, 3, 3, 3, 3, 1]):
        assert sum(maps.whole_percents(counts)) == 100


def test_change_tab_words_are_korean():
    from lang import t

    assert "Spatial_Markov" not in t("chg_methods", "ko") and "마르코프" in t("chg_methods", "ko")
    for q in ("HH", "LH", "LL", "HL"):
        assert not any("A" <= ch <= "Z" for ch in t(f"quadrant_{q}", "ko"))
        assert t(f"quadrant_{q}", "en") != q  # "High-High", never the raw HH


def test_zero_zero_is_a_coordinate_error_not_the_sea():
    from analysis.aggregate import aggregate
    from ingest.points import BAD_REASONS, read_points
    from lang import t

    table = read_points(b"lon,lat,emp\n126.978,37.566,10\n127.1,37.4,3\n126.5,33.4,5\n0,0,1\n0.0,0.0,2\n", "p.csv")
    r = aggregate(table, "sido", sum_columns=["emp"])
    assert r.n_outside == 0 and r.bad["reason"].tolist() == ["zero", "zero"]
    assert "zero" in BAD_REASONS and "좌표 오류" in t("reason_zero", "ko")


def test_the_points_panel_adds_the_same_indicator_once():
    from analysis import userdata
    from ui.points_panel import same_indicator

    values = pd.DataFrame({"code": ["11", "26"], "level": "sido", "year": 2024, "indicator": "count",
                           "value": [3.0, 4.0]})
    first = userdata.make_user_indicator(values, "count", label="공장 — 개수", unit="개", layer="production",
                                         nature="extensive", source="f.csv")
    again = userdata.make_user_indicator(values, "count", label="공장 — 개수", unit="개", layer="production",
                                         nature="extensive", source="f.csv", existing={first.id: first})
    assert again.id != first.id and same_indicator(again, first)
    other = userdata.make_user_indicator(values.assign(value=[3.0, 5.0]), "count", label="공장 — 개수", unit="개",
                                         layer="production", nature="extensive", source="f.csv")
    assert not same_indicator(other, first)


def test_every_multiselect_leaves_out_streamlits_english_select_all_on_the_korean_page():
    """Streamlit 1.67 lists "Select all" (or "Select N matches") first in a multiselect's open list, in English:
    every multiselect of the UI passes ``select_all=select_all(lang)`` (False on the Korean page)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    calls = []
    for path in [root / "app.py", *sorted((root / "ui").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "multiselect":
                kw = {k.arg: k.value for k in node.keywords}
                calls.append((path.name, node.lineno, ast.unparse(kw["select_all"]) if "select_all" in kw else None))
    assert len(calls) >= 5 and all(v == "select_all(lang)" for *_, v in calls), calls


def test_si_gun_gu_maps_draw_the_sido_borders():
    """Issue 25 item 7: a si-gun-gu map shows which sido each unit is in (the sido borders as a thin line layer of
    their own, not interactive); a sido map does not draw them twice."""
    from geo.classify import classify
    from ui import data, mapview

    def layers(level: str) -> list[str]:
        view = data.view("grdp_nominal_b2015" if level == "sigungu" else "gva_manufacturing_nominal_b2020", level,
                         2020, "raw")
        gdf = data.boundaries_for(level, view.values.index)
        m = mapview.build_map(view, gdf, classify(view.values.reindex(gdf.index)), "ko")
        return [getattr(c, "layer_name", "") for c in m._children.values()]

    assert "시도 경계" in layers("sigungu") and "시도 경계" not in layers("sido")


@pytest.mark.slow
def test_the_level_chosen_on_one_tab_carries_to_the_others():
    """Issue 25 item 7: si-gun-gu chosen on the Map tab opens the Mismatch and Change tabs at si-gun-gu; sido chosen
    then on the Mismatch tab brings the Map tab back to sido; each tab can still pick its own afterwards."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=180)
    at.query_params["lang"] = "ko"
    at.run()
    assert not at.exception
    at.selectbox(key="level").set_value("sigungu").run()
    at.session_state["tab"] = "mismatch"
    at.run()
    assert not at.exception and at.selectbox(key="clv").value == "sigungu"
    at.selectbox(key="clv").set_value("sido").run()
    at.session_state["tab"] = "change"
    at.run()
    assert not at.exception and at.selectbox(key="clevel").value == "sido"
    at.session_state["tab"] = "map"
    at.run()
    assert not at.exception and at.selectbox(key="level").value == "sido"


def test_sido_borders_added_after_a_builder_keep_the_layer_control_last():
    """The page adds the sido borders to a finished map (geo.mapkinds builds it with its layer control): the
    control must stay the map's last child, or st_folium's frame never sizes itself (a blank si-gun-gu map)."""
    import folium

    from geo.boundaries import load_boundaries

    m = folium.Map()
    folium.LayerControl().add_to(m)
    maps.add_sido_borders(m, load_boundaries("sido"))
    children = list(m._children.values())
    assert isinstance(children[-1], folium.LayerControl)
    assert any(isinstance(c, folium.GeoJson) for c in children[:-1])
