"""The Map tab's folium map (ui.mapview) built outside the page: overlay circles, legend, outline, no CDN."""

from __future__ import annotations

import re

import numpy as np
import pytest

from geo.classify import classify
from ui import data, mapview

FILL = "gva_manufacturing_nominal_b2020"
OVERLAY = "gva_prof_sci_tech_services_nominal_b2020"


@pytest.fixture(scope="module")
def built():
    view = data.view(FILL, "sido", 2022, "raw")
    over = data.view(OVERLAY, "sido", 2022, "raw")
    gdf = data.boundaries_for("sido", view.values.index)
    classes = classify(view.values.reindex(gdf.index), "quantiles", 5)
    m = mapview.build_map(view, gdf, classes, "en", overlays=[over])
    return view, over, m.get_root().render()


def test_overlay_is_one_circle_per_region_with_a_value(built):
    _, over, html = built
    n = int(np.isfinite(over.values.astype(float)).sum())
    assert n == 17
    assert len(re.findall(r"L\.circleMarker\(", html)) == n


def test_fill_overlay_and_outline_are_named_layers_in_the_control(built):
    _, _, html = built
    assert "L.control.layers" in html
    assert '"\\u25cb Professional, scientific and technical services value added, nominal"' in html
    assert '"Manufacturing value added, nominal"' in html
    assert '"Capital region"' in html


def test_legend_counts_every_region_and_no_cdn(built):
    view, _, html = built
    counts = [int(c) for c in re.findall(r"<span style='color:#666'>\((\d+)\)</span>", html)]
    assert sum(counts) == len(view.values) == 17
    assert "Manufacturing value added, nominal (2022)" in html
    assert not re.search(r"https?://(cdn|unpkg|code\.jquery|maxcdn|netdna)", html)


def test_a_region_without_a_value_is_said_in_the_legend():
    view = data.view(FILL, "sido", 2022, "raw")
    gdf = data.boundaries_for("sido", view.values.index)
    vals = view.values.reindex(gdf.index).astype(float)
    vals.loc["36"] = np.nan  # Sejong
    classes = classify(vals, "quantiles", 5)
    html = mapview.build_map(view, gdf, classes, "en").get_root().render()
    assert re.search(r"No data[^<]*<span style='color:#666'>\(1\)", html, re.I)
