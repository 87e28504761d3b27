"""The map component in two halves (document, then display) gives the frontend what ``st_folium`` gives it."""

from __future__ import annotations

import pickle

import pytest
import streamlit_folium as sf

from geo.classify import classify

mapview = pytest.importorskip("ui.mapview")
from ui import data, map_component  # noqa: E402

FILL = "gva_manufacturing_nominal_b2020"
OVERLAY = "gva_prof_sci_tech_services_nominal_b2020"


def _map(level: str, indicator: str, year: int):
    view = data.view(indicator, level, year, "raw")
    gdf = data.boundaries_for(level, view.values.index)
    classes = classify(view.values.reindex(gdf.index), "quantiles", 5)
    overlays = [data.view(OVERLAY, level, year, "raw")] if level == "sido" else []
    return mapview.build_map(view, gdf, classes, "ko", overlays=overlays)


@pytest.fixture
def sent(monkeypatch):
    """Capture the arguments handed to the st_folium component instead of sending them."""
    calls: list[dict] = []
    monkeypatch.setattr(sf, "_component_func", lambda **kw: calls.append(kw) or kw["default"])
    return calls


@pytest.mark.parametrize(("level", "indicator", "year"), [("sido", FILL, 2022),
                                                            ("sigungu", "population_registered", 2014)])
def test_document_and_show_send_what_st_folium_sends(sent, level, indicator, year):
    objs = ["last_active_drawing"]
    returned = sf.st_folium(_map(level, indicator, year), key="m", height=620, width=None,
                            returned_objects=objs)
    doc = map_component.document(_map(level, indicator, year), "m")
    ours = map_component.show(doc, "m", height=620, returned_objects=objs, keep_view=False)
    theirs, mine = sent
    assert ours == returned == {"last_active_drawing": None}
    assert theirs.keys() == mine.keys()
    for name in theirs:
        if name != "on_change":  # a closure each
            assert mine[name] == theirs[name], name
    assert "map_div" in mine["script"] and "/app/static/leaflet/leaflet.js" in mine["js_links"]


def test_a_document_survives_the_cache_round_trip():
    doc = map_component.document(_map("sido", FILL, 2022), "m")
    assert pickle.loads(pickle.dumps(doc)) == doc


@pytest.mark.parametrize("uploads", [False, True])
def test_only_the_bundled_store_s_maps_are_cached_for_every_session(sent, monkeypatch, uploads):
    from types import SimpleNamespace

    cached: list[tuple] = []
    m = _map("sido", FILL, 2022)
    monkeypatch.setattr(data, "store", lambda: SimpleNamespace(user=("upload",) if uploads else (), key="k"))
    monkeypatch.setattr(mapview, "_document", lambda *a: cached.append(a[:3]) or map_component.document(a[3](), "m"))
    mapview.show_cached(lambda: m, ("view",), "m", 620)
    assert cached == ([] if uploads else [("k", ("view",), "m")])
    assert len(sent) == 1 and "map_div" in sent[0]["script"]


def test_the_selection_overlay_is_sent_as_st_folium_sends_a_feature_group(sent):
    """A selection reaches the frontend as st_folium's ``feature_group_to_add`` would send it."""
    from geo import maps

    gdf = data.boundaries_for("sido", data.view(FILL, "sido", 2022, "raw").values.index)
    sf.st_folium(_map("sido", FILL, 2022), key="m", height=620, returned_objects=["last_active_drawing"],
                 feature_group_to_add=maps.selection_outline(gdf, "47"))
    doc = map_component.document(_map("sido", FILL, 2022), "m")
    map_component.show(doc, "m", height=620, returned_objects=["last_active_drawing"],
                       overlay=maps.selection_outline(gdf, "47"))
    theirs, mine = sent
    assert mine["feature_group"] == theirs["feature_group"]
    assert "map_div.addLayer(feature_group_feature_group_0)" in mine["feature_group"]


def test_a_new_selection_keeps_the_component_and_changes_only_the_overlay(sent):
    """The component's key is the map's; a selection that changed it would draw the map anew (zoom lost)."""
    from geo import maps

    view = data.view(FILL, "sido", 2022, "raw")
    gdf = data.boundaries_for("sido", view.values.index)
    classes = classify(view.values.reindex(gdf.index), "quantiles", 5)
    for code in ("11", "47"):
        m = mapview.build_map(view, gdf, classes, "ko")
        map_component.show(map_component.document(m, "m"), "m", height=620,
                           overlay=maps.selection_outline(gdf, code))
    first, second = sent
    assert first["key"] == second["key"] and first["script"] == second["script"]
    assert first["feature_group"] != second["feature_group"]


def test_keeping_the_view_only_adds_a_script_after_the_map_s(sent):
    doc = map_component.document(_map("sido", FILL, 2022), "m")
    map_component.show(doc, "m", height=620, keep_view=False)
    map_component.show(doc, "m", height=620)
    bare, kept = sent
    assert kept["key"] == bare["key"] and kept["script"].startswith(bare["script"])
    assert '"ries-view:m"' in kept["script"][len(bare["script"]):]
