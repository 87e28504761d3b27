"""The Map tab: a choropleth of one indicator with overlays, legend, tooltips and linked selection.

The map itself is built by :mod:`ui.mapview`; what can be picked comes from :mod:`ui.choices`.
"""

from __future__ import annotations

import folium
import streamlit as st

from analysis.errors import AtlasError
from analysis.ranges import CLASSES
from geo import maps
from geo.boundaries import ATTRIBUTION
from geo.classify import SCHEMES, classify, parse_bins, suggest_scheme
from geo.names import place_names
from lang import error_text, pick, t, word
from ui import data, export_panel, keys, mapview, year_player
from ui.choices import LAYERS, default_indicator, default_year, indicator_options, label_of, labeller
from ui.selection import select_region, selected
from ui.streamlit_words import select_all
from ui.text import md
from ui.widgets import carry_level, ensure, ensure_many, ensure_text, level_chosen, remember


def render(lang: str) -> None:
    """Draw the Map tab."""
    cat = data.catalogue()
    # one row of controls (the year slider under it), the classes and overlays in a ⚙ menu, the scheme hint under
    # the map: at 1280×720 the map begins in the upper half of the first screen (it began at y ≈ 597)
    c1, c2, c3, c4, c5, c6 = st.columns([1.0, 1.1, 2.2, 1.0, 1.35, 0.7], vertical_alignment="bottom")
    levels = data.levels_with_data()
    carry_level(keys.LEVEL, levels)
    ensure(keys.LEVEL, levels, levels[0])
    level = c1.selectbox(t("level", lang), levels, key=keys.LEVEL, on_change=level_chosen, args=(keys.LEVEL,),
                         format_func=lambda x: t(f"level_{x}", lang))
    layers = [la for la in LAYERS if indicator_options(level, la)]
    ensure(keys.LAYER, layers, "production" if "production" in layers else layers[0])
    layer = c2.selectbox(t("layer", lang), layers, key=keys.LAYER,
                         format_func=lambda x: t(f"layer_{x}", lang))
    ids = indicator_options(level, layer)
    ensure(keys.IND, ids, default_indicator(ids, level))
    indicator = c3.selectbox(t("indicator", lang), ids, key=keys.IND,
                             format_func=labeller(lang))
    modes = data.modes(indicator)
    ensure(keys.MODE, modes, "raw")
    mode = c4.selectbox(t("mode", lang), modes, key=keys.MODE,
                        format_func=lambda m: t(f"mode_{m}", lang))
    years = data.years(indicator, level)
    ensure(keys.YEAR, years, default_year(indicator, level, years))
    playing = year_player.play_toggle(years, lang, c5)

    with c6.popover("⚙️", help=t("map_settings", lang), width="stretch"):
        st.markdown(f"**{t('map_settings', lang)}**")
        s1, s2 = st.columns(2)
        s3, s4 = st.columns(2)
        ensure(keys.SCHEME, list(SCHEMES), "quantiles")
        ensure(keys.K, CLASSES.values(), CLASSES.default)
        ensure(keys.POOLED, [False, True], False)
        ensure(keys.TILES, [False, True], False)
        scheme = s1.selectbox(t("scheme", lang), list(SCHEMES), key=keys.SCHEME,
                              format_func=lambda s: word("scheme", s, lang))
        k = s2.slider(t("k", lang), CLASSES.lo, CLASSES.hi, key=keys.K,
                      disabled=scheme in ("box_plot", "std_mean"))
        pooled = s3.toggle(t("pooled", lang), key=keys.POOLED)
        tiles = s4.toggle(t("tiles", lang), key=keys.TILES)
        bins_text = ""
        if scheme == "user_defined":
            ensure_text(keys.BINS)
            bins_text = st.text_input(t("bins", lang), key=keys.BINS)
        overlay_options = [i for i in indicator_options(level)
                           if i != indicator and cat.at[i, "nature"] == "extensive"]
        ensure_many(keys.OVERLAY, overlay_options, limit=3)
        overlay_ids = st.multiselect(
            t("overlay", lang), overlay_options, key=keys.OVERLAY, max_selections=3, select_all=select_all(lang), format_func=labeller(lang),
            placeholder=t("overlay_placeholder", lang),
        )

    remember(keys.LEVEL, keys.LAYER, keys.IND, keys.MODE, keys.SCHEME, keys.K, keys.POOLED, keys.TILES,
             keys.OVERLAY, "play")
    if scheme == "user_defined":
        remember(keys.BINS)
    frame = st.fragment(run_every=year_player.run_every(playing))(_frame)
    frame(lang, indicator, level, mode, tuple(years), playing, scheme, k, pooled, tiles, bins_text,
          tuple(overlay_ids))


FOCUS = "_map_focus"
"""Session key of a region just found by name: the map moves to it on the next run, once."""


def _found(key: str) -> None:
    code = st.session_state.get(key)
    if code:
        select_region(code)
        st.session_state[FOCUS] = code


def _region_search(where, gdf, level: str, lang: str) -> tuple[tuple[float, float], int] | None:
    """A search box of the level's units by name (type "구미", pick 구미시 (경북)): the unit is selected and the map
    moves to it. Returns where the map should move on this run (once), or None."""
    names = place_names(gdf, lang)
    key = f"region_search_{level}"  # per level: a si-gun-gu code is no sido option
    where.selectbox(t("region_search", lang), sorted(gdf.index, key=lambda c: names[c]), index=None, key=key,
                    format_func=lambda c: names.get(c, c), placeholder=t("region_search_hint", lang),
                    on_change=_found, args=(key,))
    if st.session_state.get(FOCUS) is not None:  # just found: redraw the whole page (the sidebar's profile
        st.session_state[FOCUS + "_now"] = st.session_state.pop(FOCUS)  # follows), then move the map, once
        st.rerun()
    code = st.session_state.pop(FOCUS + "_now", None)
    if code is None or code not in gdf.index:
        return None
    return maps.focus_view(gdf.loc[[code]].total_bounds)


def _use_scheme(scheme: str) -> None:
    st.session_state[keys.SCHEME] = scheme


def _scheme_hint(indicator: str, level: str, mode: str, year: int, lang: str) -> None:
    """Quantile classes put a dominant head (Gyeonggi's 51 % of R&D) with the tail's top (Chungnam's 3.7 %):
    when :func:`geo.classify.suggest_scheme` finds the distribution skewed, say so and offer its scheme."""
    try:
        values = data.view(indicator, level, int(year), mode).values
    except AtlasError:
        return
    suggested = suggest_scheme(values)
    if suggested == "quantiles":
        return
    left, right = st.columns([4, 1.6], vertical_alignment="center")
    left.caption(t("scheme_hint", lang, scheme=word("scheme", suggested, lang)))
    if right.button(t("scheme_hint_use", lang, scheme=word("scheme", suggested, lang)), key="scheme_hint",
                    on_click=_use_scheme, args=(suggested,)):
        st.rerun()  # the scheme widget is outside this fragment: redraw the whole tab with the new scheme


def _frame(lang: str, indicator: str, level: str, mode: str, years: tuple[int, ...], playing: bool, scheme: str,
           k: int, pooled: bool, tiles: bool, bins_text: str, overlay_ids: tuple[str, ...]) -> None:
    """The year slider and the map: a fragment, so stepping or playing the years redraws only this part."""
    year_player.advance(years, playing)
    years_col, search_col = st.columns([3.3, 1], vertical_alignment="bottom")
    with years_col:
        year = year_player.year_slider(years, lang)
    remember(keys.YEAR)
    pooled = pooled or playing  # while playing, a colour means the same value in every frame
    try:
        view = data.view(indicator, level, int(year), mode)
        bins = parse_bins(bins_text) if scheme == "user_defined" else None
        pool = data.panel(indicator, level, mode) if pooled else None
        gdf = data.boundaries_for(level, view.values.index)
        classes = classify(view.values.reindex(gdf.index), scheme, k, bins=bins, pooled_with=pool)
    except (AtlasError, ValueError) as exc:
        st.error(md(error_text(exc, lang, labeller(lang))))
        return

    overlays = []
    for oid in overlay_ids:
        try:
            overlays.append(data.view(oid, level, int(year), "raw"))
        except AtlasError as exc:
            st.warning(md(f"{label_of(oid, lang)}: {error_text(exc, lang, labeller(lang))}"))
    focus = _region_search(search_col, gdf, level, lang)
    region = selected()

    def build() -> folium.Map:
        return mapview.build_map(view, gdf, classes, lang, overlays=overlays, tiles=tiles, pooled=pooled)

    view_key = (indicator, level, int(year), mode, scheme, k, tuple(bins) if bins else None, pooled, lang,
                tuple(ov.indicator for ov in overlays), tiles)
    mapview.show_cached(build, view_key, keys.MAP_MAIN, height=620, overlay=maps.selection_outline(gdf, region),
                        focus=focus)
    if scheme == "quantiles" and not playing:  # inside the fragment: the hint follows the year slider
        _scheme_hint(indicator, level, mode, int(year), lang)
    export_panel.render(lang, view, classes, gdf, sido=data.sido_outline())
    st.caption(
        f"{t('source', lang)}: {md(data.source_line(indicator, level, int(year), lang))} · " + pick(ATTRIBUTION, lang)
    )
    st.session_state[keys.LAST_VIEW] = view

