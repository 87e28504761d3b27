"""Selection on the maps: the selected region is a layer of its own, and a click focuses without scrolling."""

from __future__ import annotations

import json

import folium
import pandas as pd
import pytest

from geo import maps


def _gdf():
    import geopandas as gpd
    from shapely.geometry import box

    return gpd.GeoDataFrame({"name_ko": ["가", "나"]}, geometry=[box(126, 35, 127, 36), box(127, 35, 128, 36)],
                            index=pd.Index(["11", "47"], name="code"), crs=4326)


def test_the_selection_outline_is_one_region_drawn_over_the_map():
    import json

    group = maps.selection_outline(_gdf(), "47")
    layers = [c for c in group._children.values() if isinstance(c, folium.GeoJson)]
    assert len(layers) == 1 and not layers[0].options.get("interactive", True)
    feats = layers[0].data["features"]
    assert len(feats) == 1 and json.dumps(feats[0]["geometry"]).count("128") >= 1
    assert layers[0].style_function({})["color"] == maps.SELECTED_COLOR
    assert not group.control  # no entry in the layer control


@pytest.mark.parametrize("code", [None, "", "99", 47])
def test_no_or_an_unknown_selection_gives_an_empty_layer_and_a_code_may_be_an_int(code):
    group = maps.selection_outline(_gdf(), code)
    assert len(group._children) == (1 if code == 47 else 0)


def test_a_click_focuses_the_map_without_scrolling_the_page():
    """Leaflet's own focus() on mousedown scrolled the page to the map (the first click selected nothing)."""
    html = maps.base_map((126, 35, 129, 37.5), assets_url=None).get_root().render()
    assert "focus({preventScroll: true})" in html and "keyboard.enable()" in html


def test_a_clicked_region_gets_no_focus_box():
    html = maps.base_map((126, 35, 129, 37.5), assets_url=None).get_root().render()
    assert "path.leaflet-interactive:focus:not(:focus-visible) { outline: none; }" in html


@pytest.mark.parametrize(("lang", "words"), [("ko", ("확대", "축소")), ("en", ("Zoom in", "Zoom out"))])
def test_the_zoom_buttons_are_titled_in_the_page_language(lang, words):
    html = maps.base_map((126, 35, 129, 37.5), assets_url=None, lang=lang).get_root().render()
    assert all(json.dumps(w) in html for w in words)  # as JSON in the script: "\ud655\ub300"
    with pytest.raises(ValueError, match="lang must be one of"):
        maps.base_map((126, 35, 129, 37.5), lang="fr")
