"""The page's charts as Vega-Lite specs: which variable is on which axis."""

from __future__ import annotations

import pandas as pd

from ui.charts import share_scatter


def test_share_scatter_puts_x_on_the_horizontal_axis():
    table = pd.DataFrame({"name": ["a", "b", "c"], "share_x": [0.6, 0.3, 0.1], "share_y": [0.2, 0.3, 0.5],
                          "capital": [True, False, False]}, index=["11", "26", "27"])
    spec = share_scatter(table, "R&D", "Manufacturing", None, lang="en").to_dict()
    points = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "circle"
                  and "color" in layer.get("encoding", {}))
    enc = points["encoding"]
    assert enc["x"]["field"] == "sx" and enc["x"]["title"] == "X: R&D (%)"
    assert enc["y"]["field"] == "sy" and enc["y"]["title"] == "Y: Manufacturing (%)"


def test_a_long_axis_title_wraps_into_lines_instead_of_squeezing_the_plot():
    """An indicator's full English name on the Moran scatter's axes: lines of at most AXIS_TITLE_WIDTH characters
    that read back as the whole title (a one-line title of 90 characters left the plot a sliver)."""
    from ui.charts import AXIS_TITLE_WIDTH, moran_scatter

    long = "Neighbours' professional, scientific and technical activities value added, nominal (2015 base)"
    table = pd.DataFrame({"z": [-1.0, 0.0, 1.0], "lag": [0.5, 0.0, -0.5], "cluster": ["LL", "ns", "HH"],
                          "name": ["a", "b", "c"]}, index=["11", "26", "27"])
    spec = moran_scatter(table, "R&D here", long, None, {"HH": "#f00", "LL": "#00f", "ns": "#eee"}, -0.5,
                         words={"HH": "High-High", "LL": "Low-Low", "ns": "Not significant"}, lang="en").to_dict()
    enc = next(layer["encoding"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    assert enc["x"]["title"] == "R&D here"
    lines = enc["y"]["title"]
    assert isinstance(lines, list) and len(lines) > 1 and all(len(line) <= AXIS_TITLE_WIDTH for line in lines)
    assert " ".join(lines) == long
