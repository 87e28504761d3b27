"""Smaller items of issue 25 (items 6, 7): the Change tab's difference map spreads the units over its classes and
its percentages sum to 100; its method names and LISA states are Korean on the Korean page; the points panel adds
an indicator once; (0, 0) is a coordinate error."""

from __future__ import annotations

from types import SimpleNamespace

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


def test_every_map_builder_draws_the_sido_borders_below_the_sido_before_its_layer_control():
    """The builders of geo.mapkinds draw the sido borders themselves (the page, the HTML export and every tab get
    them the same way): over si-gun-gu units, not over the sido, before the capital outline and before a layer
    control (st_folium sizes its frame only when the control is the map's last child: a blank map otherwise)."""
    import folium
    import pandas as pd

    from geo import mapkinds
    from geo.boundaries import load_boundaries
    from geo.classify import classify

    sido = load_boundaries("sido")
    sgg = load_boundaries("sigungu")

    def builders(gdf):
        vals = pd.Series(range(len(gdf)), index=gdf.index, dtype=float)
        unit = SimpleNamespace(kind="number", scale=1.0, suffix_ko="개", suffix_en="")
        view = SimpleNamespace(values=vals, year=2020, label_ko="값", label_en="Value", unit=unit)
        shares = pd.DataFrame({"share_x": 1 / len(gdf), "share_y": 1 / len(gdf), "log_ratio": vals - vals.mean()})
        table = pd.DataFrame({"cluster": "ns", "label_ko": "유의하지 않음", "label_en": "Not significant",
                              "p_sim": 0.5}, index=gdf.index)
        diff = SimpleNamespace(how="raw", before=2015, after=2020, values_before=vals, values_after=vals * 2,
                               change=vals)
        common = {"lang": "ko", "capital": sido, "assets_url": None}
        return {
            "indicator": mapkinds.indicator_map(view, gdf, classify(vals), **common),
            "log_ratio": mapkinds.log_ratio_map(gdf, shares, year=2020, x_name="x", y_name="y", **common),
            "cluster": mapkinds.cluster_map(gdf, table, title="LISA", year=2020, **common),
            "lq": mapkinds.lq_map(gdf, vals / vals.mean(), label="LQ", year=2020, **common),
            "difference": mapkinds.difference_map(gdf, diff, unit=unit, **common),
        }

    for kind, m in builders(sgg).items():
        children = list(m._children.values())
        names = [getattr(c, "layer_name", "") for c in children]
        assert "시도 경계" in names, kind
        assert names.index("시도 경계") < names.index("수도권"), kind  # the capital outline stays on top
        controls = [i for i, c in enumerate(children) if isinstance(c, folium.LayerControl)]
        assert controls in ([], [len(children) - 1]), kind
    for kind, m in builders(sido).items():
        names = [getattr(c, "layer_name", "") for c in m._children.values()]
        assert "시도 경계" not in names and "수도권" in names, kind




def test_the_sido_borders_are_the_land_borders_between_sido_not_the_coast():
    """The borders layer draws what two sido share: all of Seoul's outline (it has no coast), none of Jeju's (an
    island), and each shared border once; the coast is the units' own outline already."""
    import shapely

    from geo.boundaries import load_boundaries

    sido = load_boundaries("sido", resolution="web")
    inner = maps.inner_borders(sido.geometry)
    seoul, jeju = sido.loc["11", "geometry"], sido.loc["50", "geometry"]
    assert inner.intersection(seoul.boundary.buffer(1e-6)).length == pytest.approx(seoul.boundary.length, rel=1e-5)
    assert inner.intersection(jeju.buffer(1e-3)).length == 0
    coast = shapely.union_all(sido.geometry.values).boundary
    total = sum(g.length for g in sido.geometry.boundary)
    assert 2 * inner.length + coast.length == pytest.approx(total, rel=1e-5)  # every shared border drawn once
