"""The Map tab: a choropleth of one indicator with overlays, legend, tooltips and linked selection."""

from __future__ import annotations

import html
from collections.abc import Callable

import folium
import pandas as pd
import streamlit as st

from analysis import userdata, views
from analysis.errors import AtlasError
from geo import maps
from geo.boundaries import ATTRIBUTION
from geo.classify import SCHEME_LABELS, SCHEMES, classify
from geo.formatting import format_value
from ui import data, export_panel, map_component
from ui.i18n import t
from ui.widgets import ensure, remember

LAYERS = {
    "rnd": ("연구개발", "R&D"),
    "workforce": ("인력·고용", "Workforce"),
    "production": ("생산(제조업)", "Production"),
    "services": ("지식서비스", "Knowledge services"),
    "context": ("인구·경제 기반", "Context"),
}
OVERLAY_COLORS = ("#d95f02", "#7570b3", "#1b9e77")
MAP_KEY = "map_main"


def fmt_for(view: views.IndicatorView, lang: str):
    """A formatter ``value -> str`` for a view's unit."""
    u = view.unit
    suffix = u.suffix_ko if lang == "ko" else u.suffix_en
    return lambda v: format_value(v, u.kind, u.scale, lang, suffix)


def indicator_options(level: str, layer: str | None = None) -> list[str]:
    """Indicator ids with data at ``level`` (optionally of one layer), in catalogue order."""
    cat = data.catalogue()
    avail = data.available(level)
    ids = [i for i in cat.index if i in avail]
    if layer is not None:
        ids = [i for i in ids if cat.at[i, "layer"] == layer]
    return ids


def label_of(indicator: str, lang: str) -> str:
    """Catalogue label of an indicator in ``lang``."""
    cat = data.catalogue()
    return str(cat.at[indicator, "label_ko" if lang == "ko" else "label_en"])


def labeller(lang: str):
    """A ``format_func`` for indicator widgets, bound to this session's catalogue (uploads included)."""
    labels = data.catalogue()["label_ko" if lang == "ko" else "label_en"].astype(str).to_dict()
    return lambda i: labels.get(i, str(i))


def region_name(gdf, code: str, lang: str) -> str:
    """Name of a region as ``ko (en)`` or ``en (ko)``."""
    ko, en = gdf.at[code, "name_ko"], gdf.at[code, "name_en"]
    return f"{ko} ({en})" if lang == "ko" else f"{en} ({ko})"


def tooltips(gdf, view: views.IndicatorView, lang: str) -> pd.Series:
    """Tooltip HTML per region: name, value with unit, rank, year, source (all escaped)."""
    fmt = fmt_for(view, lang)
    vals = view.values.reindex(gdf.index)
    source = data.source_line(view.indicator, view.level, view.year)
    ranks = vals.rank(ascending=False, method="min")
    n = int(vals.notna().sum())
    label = view.label_ko if lang == "ko" else view.label_en
    out = {}
    for code in gdf.index:
        v = vals.get(code)
        rank = "—" if pd.isna(ranks.get(code)) else f"{int(ranks[code])} / {n}"
        out[code] = maps.tooltip_table(
            {
                label: fmt(v),
                t("rank", lang): rank,
                t("year", lang): str(view.year),
                t("source", lang): source,
            },
            region_name(gdf, code, lang),
        )
    return pd.Series(out)


def select_region(code: str | None) -> None:
    """Remember the selected region in the session and the URL."""
    if code:
        st.session_state["region"] = code
        st.query_params["region"] = code


def clicked_code(result: dict | None) -> str | None:
    """Region code of the feature the user clicked in an ``st_folium`` result."""
    if not result:
        return None
    feat = result.get("last_active_drawing") or {}
    return (feat.get("properties") or {}).get("code")


def default_indicator(ids: list[str], level: str) -> str:
    """The first indicator of ``ids`` with every region covered in some year (else the first)."""
    cov = data.coverage(level)
    full = [i for i in ids if i in cov.index and cov.at[i, "full_years"] > 0]
    return full[0] if full else ids[0]


def default_year(indicator: str, level: str, years: list[int]) -> int:
    """The latest year in which every region of ``level`` has a value (else the latest year)."""
    full = data.full_years(indicator, level)
    return full[-1] if full else years[-1]


def build_map(
    view: views.IndicatorView,
    gdf,
    classes,
    lang: str,
    *,
    selected: str | None = None,
    overlays: list[views.IndicatorView] | tuple = (),
    tiles: bool = False,
    pooled: bool = False,
) -> folium.Map:
    """The Map tab's folium map: choropleth of ``view``, overlay circles, capital outline, legend, layers."""
    fmt = fmt_for(view, lang)
    m = maps.base_map(tuple(gdf.total_bounds), tiles=tiles, assets_url=data.STATIC_URL)
    label = view.label_ko if lang == "ko" else view.label_en
    maps.add_regions(m, gdf, classes.classes.map(lambda c: None if pd.isna(c) else classes.colors[int(c)]),
                     tooltip_html=tooltips(gdf, view, lang), name=label, selected=selected)
    for color, ov in zip(OVERLAY_COLORS, overlays, strict=False):
        maps.add_circles(m, gdf, ov.values, name=f"○ {label_of(ov.indicator, lang)}", color=color,
                         tooltip_html=tooltips(gdf, ov, lang), show=True)
    maps.add_capital_outline(m, data.sido_outline(), label=t("capital", lang))
    note = ("연도 공통 구간" if lang == "ko" else "classes pooled over all years") if pooled else ""
    maps.add_legend(m, f"{label} ({view.year})", maps.class_legend_items(
        classes, fmt, missing_label=t("no_data", lang)), note=note)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def render(lang: str) -> None:
    """Draw the Map tab."""
    cat = data.catalogue()
    c1, c2, c3, c4 = st.columns([1.1, 1.2, 2.6, 1.3])
    levels = data.levels_with_data()
    ensure("level", levels, levels[0])
    level = c1.selectbox(t("level", lang), levels, key="level",
                         format_func=lambda x: data.LEVEL_LABELS[x][0 if lang == "ko" else 1])
    layers = [la for la in LAYERS if indicator_options(level, la)]
    ensure("layer", layers, "production" if "production" in layers else layers[0])
    layer = c2.selectbox(t("layer", lang), layers, key="layer",
                         format_func=lambda x: LAYERS[x][0 if lang == "ko" else 1])
    ids = indicator_options(level, layer)
    ensure("ind", ids, default_indicator(ids, level))
    indicator = c3.selectbox(t("indicator", lang), ids, key="ind",
                             format_func=labeller(lang))
    modes = data.modes(indicator)
    ensure("mode", modes, "raw")
    mode = c4.selectbox(t("mode", lang), modes, key="mode",
                        format_func=lambda m: views.MODES[m][0 if lang == "ko" else 1])
    years = data.years(indicator, level)
    ensure("year", years, default_year(indicator, level, years))
    if len(years) > 1:
        year = st.select_slider(t("year", lang), options=years, key="year")
    else:
        year = years[0]
        st.caption(f"{t('year', lang)}: {year}")

    with st.expander("⚙️ " + ("구간·겹쳐 보기 설정" if lang == "ko" else "Classes and overlays"), expanded=False):
        s1, s2, s3, s4 = st.columns(4)
        ensure("scheme", list(SCHEMES), "quantiles")
        ensure("k", list(range(3, 10)), 5)
        ensure("pooled", [False, True], False)
        ensure("tiles", [False, True], False)
        scheme = s1.selectbox(t("scheme", lang), list(SCHEMES), key="scheme",
                              format_func=lambda s: SCHEME_LABELS[s][0 if lang == "ko" else 1])
        k = s2.slider(t("k", lang), 3, 9, key="k",
                      disabled=scheme in ("box_plot", "std_mean"))
        pooled = s3.toggle(t("pooled", lang), key="pooled")
        tiles = s4.toggle(t("tiles", lang), key="tiles")
        bins_text = ""
        if scheme == "user_defined":
            bins_text = st.text_input(t("bins", lang), key="bins")
        overlay_ids = st.multiselect(
            t("overlay", lang),
            [i for i in indicator_options(level) if i != indicator and cat.at[i, "nature"] == "extensive"],
            key="overlay", max_selections=3, format_func=labeller(lang),
        )

    remember("level", "layer", "ind", "mode", "year", "scheme", "k", "pooled", "tiles")
    try:
        view = data.view(indicator, level, int(year), mode)
        bins = _parse_bins(bins_text) if scheme == "user_defined" else None
        pool = data.panel(indicator, level, mode) if pooled else None
        gdf = data.boundaries_for(level, view.values.index)
        classes = classify(view.values.reindex(gdf.index), scheme, k, bins=bins, pooled_with=pool)
    except (AtlasError, ValueError) as exc:
        st.error(str(exc))
        return

    overlays = []
    for oid in overlay_ids:
        try:
            overlays.append(data.view(oid, level, int(year), "raw"))
        except AtlasError as exc:
            st.warning(f"{label_of(oid, lang)}: {exc}")
    selected = st.session_state.get("region")

    def build() -> folium.Map:
        return build_map(view, gdf, classes, lang, selected=selected, overlays=overlays, tiles=tiles, pooled=pooled)

    if any(userdata.is_user(i) for i in (indicator, *overlay_ids)):  # a session's upload: never cached
        doc = map_component.document(build(), MAP_KEY)
    else:
        doc = _map_document((indicator, level, int(year), mode, scheme, k, tuple(bins) if bins else None, pooled,
                             lang, selected, tuple(ov.indicator for ov in overlays), tiles), build)
    result = map_component.show(doc, MAP_KEY, height=620, returned_objects=["last_active_drawing"])
    code = clicked_code(result)
    if code and code != selected:
        select_region(code)
        st.rerun()
    export_panel.render(lang, view, classes, gdf, sido=data.sido_outline())
    st.caption(
        f"{t('source', lang)}: {data.source_line(indicator, level, int(year))} · "
        + ATTRIBUTION[0 if lang == "ko" else 1]
    )
    st.session_state["_last_view"] = view


@st.cache_data(max_entries=64, show_spinner=False)
def _map_document(view_key: tuple, _build: Callable[[], folium.Map]) -> map_component.MapDocument:
    """The Map tab's map document, rendered once per view (``view_key``: every setting the map depends on).

    Only views of bundled indicators come here: they are the same for every visitor, so a returning visitor
    (or another one) gets the map without rendering it again (``bench/results.md``: warm first paint).
    """
    return map_component.document(_build(), MAP_KEY)


def _parse_bins(text: str) -> list[float]:
    try:
        return [float(x) for x in text.replace(" ", "").split(",") if x]
    except ValueError:
        raise ValueError(f"class bounds must be numbers separated by commas, got {html.escape(text)!r}") from None
