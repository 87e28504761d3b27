"""The page's colours, named once: overlays, selection, capital vs the rest, and the cluster palette.

Cluster colours (GeoDa's LISA palette) are a classification's colours (:mod:`geo.classify`), so the page and
the exported files colour a cluster alike; they are re-exported here for the tabs' charts.
"""

from __future__ import annotations

from geo.classify import CLUSTER_COLORS, CLUSTER_ORDER

__all__ = [
    "CAPITAL_COLOR",
    "CLUSTER_COLORS",
    "CLUSTER_ORDER",
    "OTHER_COLOR",
    "OVERLAY_COLORS",
    "SELECTED_COLOR",
    "SELECTED_ROW",
]

OVERLAY_COLORS: tuple[str, ...] = ("#d95f02", "#7570b3", "#1b9e77")
"""Circle colours of the Map tab's (up to three) overlays, in the order picked."""

CAPITAL_COLOR = "#c51b7d"
"""Capital-region points in charts."""

OTHER_COLOR = "#4d9221"
"""Non-capital points in charts."""

SELECTED_COLOR = "#ff7f00"
"""Ring around the selected region in charts."""

SELECTED_ROW = "#ffe0b2"
"""Background of the selected region's row in tables."""
