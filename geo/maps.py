"""Folium map builders: choropleths, categorical (cluster) maps, proportional circles, capital outline.

Builders return a :class:`folium.Map`; the page displays it. Every text that reaches the map's HTML
(tooltips, legend, layer names) is escaped here, because region and column names can come from users.
Maps have no base tiles unless asked for, and load Leaflet from a local URL (see :mod:`geo.offline`).
"""

from __future__ import annotations

import copy
import html
import json
import math
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement, Template

from geo.classify import CLUSTER_COLORS, CLUSTER_ORDER, Classification, cluster_fills
from geo.offline import use_local_assets, use_local_plugin_assets
from lang import LANGS, bilingual, t

__all__ = [
    "MISSING_COLOR",
    "TOOLTIP_MAX_WIDTH",
    "LegendItem",
    "add_capital_outline",
    "add_circles",
    "LEGEND_MAX_SHARE",
    "add_legend",
    "add_outlines",
    "add_point_cells",
    "add_point_clusters",
    "add_regions",
    "add_sido_borders",
    "base_map",
    "class_legend_items",
    "cluster_legend_items",
    "lq_legend_items",
    "feature_collection",
    "inner_borders",
    "selection_outline",
    "tooltip_table",
]

MISSING_COLOR = "#d9d9d9"
"""Fill of regions with no data (they are never drawn as zero)."""

CAPITAL_COLOR = "#c51b7d"
SELECTED_COLOR = "#ff7f00"
OSM_TILES = "OpenStreetMap"


@dataclass(frozen=True)
class LegendItem:
    """One legend row: a swatch colour, its label, and how many regions it covers."""

    color: str
    label: str
    count: int | None = None


def base_map(
    bounds: tuple[float, float, float, float],
    *,
    tiles: bool = False,
    assets_url: str | None = "/app/static/leaflet",
    height: str = "100%",
    lang: str = "en",
) -> folium.Map:
    """An empty map fitted to ``bounds`` (minx, miny, maxx, maxy in EPSG:4326).

    Parameters
    ----------
    bounds : tuple of float
        Area to show.
    tiles : bool
        Add OpenStreetMap base tiles (needs a network; off by default so the map works offline).
    assets_url : str or None
        Local URL folder serving ``leaflet.js``/``leaflet.css``; ``None`` keeps folium's defaults
        (only for a standalone export that inlines Leaflet itself).
    height : str
        CSS height of the map.
    lang : {"en", "ko"}
        Language of the map's own controls (the zoom buttons' titles: ``zoom_in``/``zoom_out`` of :mod:`lang`;
        Leaflet's own are English).

    Returns
    -------
    folium.Map
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {sorted(LANGS)} (got {lang!r})")
    minx, miny, maxx, maxy = bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=7,
        tiles=OSM_TILES if tiles else None,
        control_scale=False,  # folium's scale shows miles too: a metric-only one is added below
        prefer_canvas=False,
        height=height,
        zoom_snap=0.25,
    )
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    _MetricScale().add_to(m)
    _FocusWithoutScroll(t("zoom_in", lang), t("zoom_out", lang)).add_to(m)
    if assets_url is not None:
        use_local_assets(m, assets_url)
    return m


class _MetricScale(MacroElement):
    """Leaflet's scale bar in kilometres only (Korea measures in km; folium's ``control_scale`` adds miles)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


_FOCUS = Template(
    """
{% macro header(this, kwargs) %}
<style>
/* a mouse click on a region drew Chrome's focus box (a black rectangle) around the polygon; keyboard focus keeps it */
path.leaflet-interactive:focus:not(:focus-visible) { outline: none; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function (map) {
    // Leaflet 1.9 focuses the map on mousedown (keyboard panning) with a plain focus(): inside the page's
    // map frame that scrolls the whole page to the map, the pointer leaves the feature and the first click
    // selects nothing. Same focus, without the scroll.
    if (!map.keyboard) { return; }
    map.keyboard.disable();
    map.keyboard._onMouseDown = function () {
        if (!this._focused) { this._map.getContainer().focus({preventScroll: true}); }
    };
    map.keyboard.enable();
    // the zoom buttons' hover titles and accessible names in the page's language (Leaflet says "Zoom in")
    if (map.zoomControl) {
        [[map.zoomControl._zoomInButton, {{ this.zoom_in|tojson }}],
         [map.zoomControl._zoomOutButton, {{ this.zoom_out|tojson }}]].forEach(function (b) {
            b[0].title = b[1]; b[0].setAttribute("aria-label", b[1]);
        });
    }
})({{ this._parent.get_name() }});
{% endmacro %}
"""
)


class _FocusWithoutScroll(MacroElement):
    """A click on the map focuses it for keyboard panning without scrolling the page, and draws no focus box;
    the zoom buttons are titled in the page's language."""

    def __init__(self, zoom_in: str, zoom_out: str) -> None:
        super().__init__()
        self._name = "FocusWithoutScroll"
        self._template = _FOCUS
        self.zoom_in, self.zoom_out = zoom_in, zoom_out




def feature_collection(gdf: gpd.GeoDataFrame, properties: pd.DataFrame | None = None) -> dict:
    """GeoJSON FeatureCollection of ``gdf`` with ``code`` and the given properties (index = code).

    String properties are HTML-escaped unless their column name ends in ``_html`` (already safe HTML).
    """
    props = pd.DataFrame(index=gdf.index) if properties is None else properties.reindex(gdf.index)
    geo = json.loads(gpd.GeoSeries(gdf.geometry, crs=gdf.crs).to_json(drop_id=True))
    for feat, code in zip(geo["features"], gdf.index, strict=True):
        p = {"code": str(code)}
        for col in props.columns:
            v = props.at[code, col]
            if isinstance(v, str) and not col.endswith("_html"):
                v = html.escape(v)
            elif isinstance(v, (np.floating, float)):
                v = None if not np.isfinite(v) else float(v)
            elif isinstance(v, np.integer):
                v = int(v)
            elif v is pd.NA:
                v = None
            p[col] = v
        feat["properties"] = p
    return geo


def add_regions(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    fill: pd.Series,
    *,
    tooltip_html: pd.Series | None = None,
    name: str = "regions",
    selected: str | None = None,
    fill_opacity: float = 0.85,
    line_color: str = "#ffffff",
    show: bool = True,
) -> folium.GeoJson:
    """Add one polygon per region, filled with ``fill`` (hex colour per code; missing → grey).

    Parameters
    ----------
    m : folium.Map
        Target map.
    gdf : geopandas.GeoDataFrame
        Regions indexed by code (EPSG:4326).
    fill : pandas.Series
        Colour per code.
    tooltip_html : pandas.Series, optional
        Tooltip per code, as HTML the caller built with :func:`html.escape` on every user text.
    name : str
        Layer name (escaped).
    selected : str, optional
        Code of the region to outline as selected.

    Returns
    -------
    folium.GeoJson
        The layer (clicking a feature reports it to ``st_folium`` as ``last_active_drawing``).
    """
    props = pd.DataFrame({"fill": fill.reindex(gdf.index).fillna(MISSING_COLOR)}, index=gdf.index)
    if tooltip_html is not None:
        props["tip_html"] = tooltip_html.reindex(gdf.index).fillna("")
    data = feature_collection(gdf, props)
    sel = str(selected) if selected is not None else None

    def style(feature: dict) -> dict:
        p = feature["properties"]
        is_sel = p["code"] == sel
        return {
            "fillColor": p["fill"],
            "fillOpacity": fill_opacity,
            "color": SELECTED_COLOR if is_sel else line_color,
            "weight": 3.5 if is_sel else 0.6,
        }

    layer = folium.GeoJson(
        data,
        name=html.escape(name),
        style_function=style,
        highlight_function=lambda _f: {"weight": 2.5, "color": "#333333"},
        tooltip=folium.GeoJsonTooltip(fields=["tip_html"], labels=False, sticky=True)
        if tooltip_html is not None
        else None,
        show=show,
        zoom_on_click=False,
    )
    layer.add_to(m)
    return layer


def focus_view(bounds: Sequence[float], width: int = 900, height: int = 520, most: int = 12
               ) -> tuple[tuple[float, float], int]:
    """Centre ``(lat, lon)`` and the largest Leaflet zoom (6 to ``most``) at which ``bounds`` (west, south,
    east, north in degrees) fit a ``width`` × ``height`` px map: where a region found by name is shown.

    >>> focus_view((128.23, 36.03, 128.55, 36.34))  # Gumi-si
    ((36.185, 128.39), 10)
    >>> focus_view((124.6, 33.1, 131.9, 38.6))[1]  # the whole country
    6
    """
    west, south, east, north = (float(v) for v in bounds)
    centre = ((south + north) / 2, (west + east) / 2)

    def mercator(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = max(east - west, 1e-6) / 360
    span_y = max(mercator(north) - mercator(south), 1e-6) / (2 * math.pi)
    zoom = math.floor(min(math.log2(width / (256 * span_x)), math.log2(height / (256 * span_y))))
    return (round(centre[0], 6), round(centre[1], 6)), int(min(max(zoom, 6), most))


def selection_outline(gdf: gpd.GeoDataFrame, code: str | None) -> folium.FeatureGroup:
    """The selected region's outline as a layer of its own, drawn over a map built without a selection.

    A page shows it with the map component's ``feature_group_to_add``: a new selection then changes only this
    layer and the map is updated in place instead of drawn anew, so the zoom and position the user chose stay.
    The outline is the same as :func:`add_regions` draws for ``selected`` (colour, weight); an unknown or empty
    ``code`` gives an empty layer.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Regions indexed by code (EPSG:4326).
    code : str or None
        The selected region.

    Returns
    -------
    folium.FeatureGroup
        Not shown in the layer control; not interactive (clicks reach the region below).
    """
    group = folium.FeatureGroup(name="selection", control=False)
    keys = [c for c in gdf.index if code is not None and str(c) == str(code)]
    if keys:
        one = gdf.loc[keys[:1]]
        folium.GeoJson(
            json.loads(gpd.GeoSeries(one.geometry, crs=one.crs).to_json(drop_id=True)),
            style_function=lambda _f: {"fill": False, "color": SELECTED_COLOR, "weight": 3.5},
            interactive=False,
        ).add_to(group)
    return group


_OUTLINES: dict[int, tuple[gpd.GeoDataFrame, dict | None]] = {}
_OUTLINES_KEPT = 4
_OUTLINES_LOCK = threading.Lock()


def _capital_outline(sido: gpd.GeoDataFrame) -> dict | None:
    """The capital region's outline as GeoJSON (None without one), unioned once per sido frame: the union took
    0.1-0.2 s of every map drawn with it. The frame is kept with its outline, so its ``id`` stays its own; the
    callers pass the process's cached (never modified) boundaries, the last few frames are kept."""
    with _OUTLINES_LOCK:
        hit = _OUTLINES.get(id(sido))
    if hit is not None and hit[0] is sido:
        return copy.deepcopy(hit[1])
    cap = sido.loc[sido["capital_region"].astype(bool)]
    feature = None if cap.empty else json.loads(
        gpd.GeoDataFrame(geometry=[cap.geometry.union_all()], crs=sido.crs).to_json(drop_id=True))
    with _OUTLINES_LOCK:
        while len(_OUTLINES) >= _OUTLINES_KEPT:
            _OUTLINES.pop(next(iter(_OUTLINES)))
        _OUTLINES[id(sido)] = (sido, feature)
    return copy.deepcopy(feature)


def add_capital_outline(m: folium.Map, sido: gpd.GeoDataFrame, *, label: str | None = None) -> None:
    """Outline the capital region on ``m``: the sido whose ``capital_region`` is True (added by
    :func:`geo.boundaries.load_boundaries` from ``data/region_groups.csv``)."""
    feature = _capital_outline(sido)
    if feature is None:
        return
    label = label or bilingual("capital")
    folium.GeoJson(
        feature,
        name=html.escape(label),
        style_function=lambda _f: {"fill": False, "color": CAPITAL_COLOR, "weight": 3, "dashArray": "6 4"},
        interactive=False,
        control=True,
    ).add_to(m)


SIDO_BORDER_COLOR = "#3a3a3a"


def add_sido_borders(m: folium.Map, sido: gpd.GeoDataFrame, *, label: str | None = None) -> None:
    """Draw the borders between sido over a map of smaller units (si-gun-gu, eup-myeon-dong): thin dark lines,
    no fill, not interactive (a click reaches the unit below), a layer of their own in the layer control.

    Only the land borders are drawn (:func:`inner_borders`): the coast is already the units' own outline, and
    the sido coastlines were four fifths of the layer (189 KB of a 937 KB si-gun-gu map, 39 KB without them).
    The builders of :mod:`geo.mapkinds` draw them before their layer control (st_folium sizes its frame only
    when the control is the map's last child)."""
    label = label or bilingual("sido_borders")
    folium.GeoJson(
        json.loads(_inner_borders_json(tuple(shapely.to_wkb(sido.to_crs(4326).geometry.values)))),
        name=html.escape(label),
        style_function=lambda _f: {"fill": False, "color": SIDO_BORDER_COLOR, "weight": 1.6, "opacity": 0.9},
        interactive=False,
        control=True,
    ).add_to(m)


def inner_borders(regions: gpd.GeoSeries) -> shapely.Geometry:
    """The lines two of ``regions`` share: every region's outline less the outline of them all (the coast),
    a (multi)line string; where a border meets the coast it stops 1e-6 degrees short (about 0.1 m).

    >>> from shapely.geometry import box
    >>> round(inner_borders(gpd.GeoSeries([box(0, 0, 1, 1), box(1, 0, 2, 1)])).length, 4)  # the shared side only
    1.0
    """
    geoms = np.asarray(regions.values)
    lines = shapely.union_all(shapely.boundary(geoms))
    coast = shapely.boundary(shapely.union_all(geoms))
    return shapely.line_merge(shapely.difference(lines, shapely.buffer(coast, 1e-6)))


@lru_cache(maxsize=8)
def _inner_borders_json(wkbs: tuple[bytes, ...]) -> str:
    """:func:`inner_borders` of the sido given as WKB (EPSG:4326), as GeoJSON text: computed once per
    boundary set (0.2 s for the 17 sido), not once per map."""
    inner = inner_borders(gpd.GeoSeries(shapely.from_wkb(list(wkbs)), crs=4326))
    return gpd.GeoDataFrame(geometry=[inner], crs=4326).to_json(drop_id=True)


def add_outlines(
    m: folium.Map | folium.FeatureGroup,
    gdf: gpd.GeoDataFrame,
    codes: list[str],
    *,
    name: str,
    color: str = "#1f78b4",
    weight: float = 3.0,
) -> folium.GeoJson | None:
    """Outline some regions (e.g. a region's peers) in ``color``, as a non-interactive toggleable layer."""
    sub = gdf.loc[[c for c in codes if c in gdf.index]]
    if sub.empty:
        return None
    layer = folium.GeoJson(
        feature_collection(sub),
        name=html.escape(name),
        style_function=lambda _f: {"fill": False, "color": color, "weight": weight},
        interactive=False,
    )
    layer.add_to(m)
    return layer


def add_circles(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    values: pd.Series,
    *,
    name: str,
    color: str,
    tooltip_html: pd.Series | None = None,
    max_radius: float = 28.0,
    show: bool = False,
) -> folium.FeatureGroup:
    """Proportional circles (area ∝ value) at each region's representative point, as a toggleable layer."""
    group = folium.FeatureGroup(name=html.escape(name), show=show)
    v = pd.to_numeric(values.reindex(gdf.index), errors="coerce")
    vmax = float(np.nanmax(np.abs(v.to_numpy()))) if v.notna().any() else 0.0
    pts = gdf.geometry.to_crs(5179).representative_point().to_crs(4326)
    for code, val in v.items():
        if not np.isfinite(val) or vmax == 0:
            continue
        r = max(2.0, max_radius * np.sqrt(abs(val) / vmax))
        tip = None if tooltip_html is None else folium.Tooltip(str(tooltip_html.get(code, "")))
        folium.CircleMarker(
            location=[pts[code].y, pts[code].x], radius=float(r), color=color, weight=1,
            fill=True, fill_color=color, fill_opacity=0.45, tooltip=tip,
        ).add_to(group)
    group.add_to(m)
    return group


def class_legend_items(
    c: Classification,
    fmt: Callable[[float], str],
    *,
    missing_label: str | None = None,
) -> list[LegendItem]:
    """Legend rows of a classification: "lower – upper" per class with counts, then the no-data row (in both
    languages unless ``missing_label`` says it in one)."""
    missing_label = missing_label or bilingual("no_data")
    items = []
    lo = c.lower
    for color, ub, n in zip(c.colors, c.bins, c.counts, strict=True):
        items.append(LegendItem(color, f"{fmt(lo)} – {fmt(ub)}", n))
        lo = ub
    if c.n_missing:
        items.append(LegendItem(MISSING_COLOR, missing_label, c.n_missing))
    return items


def whole_percents(counts: Sequence[int]) -> list[int]:
    """Whole percentages of ``counts`` that sum to 100 (largest remainders get the rounding's leftover points).

    Rounding each share alone gave 101 or 99 over a legend's rows.

    >>> whole_percents([1, 1, 1])
    [34, 33, 33]
    >>> whole_percents([40, 39, 39, 37, 36, 37])
    [18, 17, 17, 16, 16, 16]
    >>> whole_percents([0, 0])
    [0, 0]
    """
    total = sum(counts)
    if total <= 0:
        return [0] * len(counts)
    exact = [100 * c / total for c in counts]
    whole = [int(e) for e in exact]
    for i in sorted(range(len(counts)), key=lambda i: (whole[i] - exact[i], i))[: 100 - sum(whole)]:
        whole[i] += 1
    return whole


def with_percents(items: Sequence[LegendItem]) -> list[LegendItem]:
    """Legend rows whose counts also say their share of all rows' units, in whole percents summing to 100."""
    shares = whole_percents([it.count or 0 for it in items])
    return [LegendItem(it.color, it.label, it.count) if it.count is None else
            LegendItem(it.color, f"{it.label} · {p}%", it.count) for it, p in zip(items, shares, strict=True)]


LEGEND_MAX_SHARE = 0.15
"""Most of a map a legend may cover when the map opens (its box's area over the map frame's): a larger one starts
folded to its title line (a ``<details>`` the reader opens with a click). Maps beside a chart at 1280×720 are
~400 px wide, where a six-row legend with a note covered ~40 % of them."""

def cluster_legend_items(clusters: pd.Series, words: Mapping[str, str]) -> list[LegendItem]:
    """Legend rows of a cluster map: one per cluster present, GeoDa colour, wording and count.

    Parameters
    ----------
    clusters : pandas.Series
        Cluster code per region (``HH``, ``LL``, ``LH``, ``HL``, ``hot``, ``cold`` or ``ns``).
    words : mapping
        Cluster code → label (e.g. the ``label_ko`` column of a LISA table).

    Raises
    ------
    geo.classify.ClassificationError
        A code that is not a cluster (:func:`geo.classify.cluster_fills`).
    """
    cluster_fills(clusters)  # refuses unknown codes
    counts = clusters.value_counts()
    return [
        LegendItem(CLUSTER_COLORS[k], str(words.get(k, k)), int(counts[k])) for k in CLUSTER_ORDER if k in counts
    ]


def lq_legend_items(c: Classification, lang: str) -> list[LegendItem]:
    """Legend rows of the fixed LQ classes (:func:`geo.classify.lq_classification`): each class in words
    ("1.25–2 (특화)"), its count, then the no-data row."""
    items = [LegendItem(color, t(f"lq_class_{i}", lang), n)
             for i, (color, n) in enumerate(zip(c.colors, c.counts, strict=True))]
    if c.n_missing:
        items.append(LegendItem(MISSING_COLOR, t("no_data", lang), c.n_missing))
    return items


_LEGEND = Template(
    """
{% macro html(this, kwargs) %}
<div class="ries-legend" style="position:absolute; z-index:9999; {{ this.position }};
     background:rgba(255,255,255,0.93); padding:6px 10px; border-radius:6px;
     box-shadow:0 1px 4px rgba(0,0,0,0.3); font:{{ this.font_size }}px/1.35 'NanumGothic','Noto Sans CJK KR',sans-serif;
     max-width:320px;">
<details open><summary style="cursor:pointer;font-weight:700;list-style-position:inside">{{ this.title }}</summary>
{{ this.body }}
</details>
</div>
{% endmacro %}
{% macro script(this, kwargs) %}
// in the map's script, not the legend's HTML: st_folium inserts the HTML with innerHTML, where a <script> never runs
(function () {
  function setup(box) {
    if (box.dataset.riesFit) return;
    box.dataset.riesFit = '1';
    var det = box.querySelector('details'), chosen = false;  // once the reader opens or folds it, it stays so
    box.querySelector('summary').addEventListener('click', function () { chosen = true; });
    function fit() {
      if (chosen) return;
      det.open = true;
      var r = box.getBoundingClientRect(), area = window.innerWidth * window.innerHeight;
      det.open = !(area > 0 && r.width * r.height > {{ this.max_share }} * area);
    }
    fit();
    window.addEventListener('load', fit);
    window.addEventListener('resize', fit);
    // the frame is sized by its component after the map is drawn (a map beside a chart), and fonts load late
    [300, 1000, 2500].forEach(function (ms) { setTimeout(fit, ms); });
  }
  function all() { document.querySelectorAll('.ries-legend').forEach(setup); }
  all();
  setTimeout(all, 0);
  setTimeout(all, 500);
})();
{% endmacro %}
"""
)


class _Legend(MacroElement):
    def __init__(self, title: str, body: str, position: str, font_size: int) -> None:
        super().__init__()
        self._name = "ries_legend"
        self._template = _LEGEND
        self.title = title
        self.body = body
        self.position = position
        self.font_size = font_size
        self.max_share = LEGEND_MAX_SHARE


def add_legend(
    m: folium.Map,
    title: str,
    items: list[LegendItem],
    *,
    note: str = "",
    position: str = "bottom:44px; left:10px",
    font_size: int = 13,
) -> str:
    """Add an HTML legend to ``m`` (all texts escaped) and return its HTML.

    The legend folds to its title line (a ``<details>``: one click opens it) when, open, it would cover more than
    :data:`LEGEND_MAX_SHARE` of the map.
    """
    rows = []
    for it in items:
        count = "" if it.count is None else f" <span style='color:#666'>({it.count})</span>"
        rows.append(
            "<div style='display:flex;align-items:center;gap:6px;margin:1px 0'>"
            f"<span style='display:inline-block;width:16px;height:12px;background:{html.escape(it.color)};"
            "border:1px solid #999'></span>"
            f"<span>{html.escape(it.label)}{count}</span></div>"
        )
    if note:
        rows.append(f"<div style='margin-top:4px;color:#555;font-size:0.85em'>{html.escape(note)}</div>")
    body = "\n".join(rows)
    m.add_child(_Legend(html.escape(title), body, position, font_size))
    return f"<div style='font-weight:700;margin-bottom:4px'>{html.escape(title)}</div>\n" + body


TOOLTIP_MAX_WIDTH = 320
"""Widest a tooltip gets, in CSS pixels: longer texts (a source line) wrap instead of running off the map."""

TOOLTIP_MAX_SHARE = 42
"""Widest a tooltip gets on a narrow map, in % of the map's frame width (``vw`` inside the page's map frame).

Leaflet opens a tooltip on the side of the pointer away from the map's centre; a box under half the map's
width then always fits beside the pointer (a 320 px box clipped on the ~480 px maps beside a chart)."""

_TOOLTIP_BOX = (f"max-width:min({TOOLTIP_MAX_WIDTH}px, {TOOLTIP_MAX_SHARE}vw);width:max-content;white-space:normal;"
                "overflow-wrap:anywhere;line-height:1.3")


def tooltip_table(rows: Mapping[str, str], title: str) -> str:
    """A small HTML table for a tooltip, at most :data:`TOOLTIP_MAX_WIDTH` px (and :data:`TOOLTIP_MAX_SHARE` % of
    a narrow map) wide; every text is escaped.

    Leaflet tooltips do not wrap (``white-space: nowrap``), so a long source line made them ~950 px wide and
    clipped at the map's edge; the box here wraps its text at :data:`TOOLTIP_MAX_WIDTH`.
    """
    cells = "".join(
        f"<tr><th style='text-align:left;vertical-align:top;padding-right:8px;color:#555'>{html.escape(k)}</th>"
        f"<td>{html.escape(v)}</td></tr>"
        for k, v in rows.items()
    )
    return (f"<div style='{_TOOLTIP_BOX}'><b>{html.escape(title)}</b>"
            f"<table style='font-size:12px'>{cells}</table></div>")


POINT_COLOR = "#08519c"

_POINT_CALLBACK = """function (row) {
    return L.circleMarker(new L.LatLng(row[0], row[1]),
        {radius: 5, color: '%s', weight: 1, fillColor: '%s', fillOpacity: 0.7});
}"""


def add_point_clusters(
    m: folium.Map,
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    name: str,
    assets_url: str | None = "/app/static/leaflet",
    color: str = POINT_COLOR,
) -> folium.plugins.FastMarkerCluster:
    """Points as clustered circle markers (folium's ``FastMarkerCluster``), Leaflet.markercluster served locally.

    Only coordinates reach the page (no user text), as one compact array.

    Parameters
    ----------
    m : folium.Map
    lon, lat : numpy.ndarray
        Positions in EPSG:4326 (finite).
    name : str
        Layer name (escaped).
    assets_url : str or None
        Folder of the local Leaflet copy (see :func:`geo.offline.use_local_plugin_assets`).
    color : str
        Marker colour.
    """
    from folium.plugins import FastMarkerCluster

    m.options.setdefault("max_zoom", 18)  # Leaflet.markercluster needs a maxZoom; a map without tiles has none
    data = np.column_stack([np.round(lat, 6), np.round(lon, 6)]).tolist()
    layer = FastMarkerCluster(data, callback=_POINT_CALLBACK % (color, color), name=html.escape(name),
                              options={"chunkedLoading": True, "maxClusterRadius": 50})
    if assets_url is not None:
        use_local_plugin_assets(layer, assets_url)
    layer.add_to(m)
    return layer


def add_point_cells(
    m: folium.Map,
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    name: str,
    cell: float = 0.05,
    color: str = POINT_COLOR,
    max_radius: float = 18.0,
    label: str = "points",
) -> tuple[folium.FeatureGroup, int]:
    """Many points binned into ``cell``-degree squares, one circle per occupied cell (area ∝ points).

    For files too large to send every point to the browser: every point is in a cell, none is sampled away.

    Returns
    -------
    (folium.FeatureGroup, int)
        The layer and the number of occupied cells.
    """
    ix = np.floor(lon / cell).astype(np.int64)
    iy = np.floor(lat / cell).astype(np.int64)
    cells = pd.DataFrame({"ix": ix, "iy": iy}).value_counts().reset_index(name="n")
    group = folium.FeatureGroup(name=html.escape(name))
    nmax = float(cells["n"].max()) if len(cells) else 1.0
    for r in cells.itertuples(index=False):
        folium.CircleMarker(
            location=[(r.iy + 0.5) * cell, (r.ix + 0.5) * cell], radius=float(max(2.0, max_radius * np.sqrt(r.n / nmax))),
            color=color, weight=0.5, fill=True, fill_color=color, fill_opacity=0.5,
            tooltip=f"{int(r.n):,} {html.escape(label)}",
        ).add_to(group)
    group.add_to(m)
    return group, len(cells)
