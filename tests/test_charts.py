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
