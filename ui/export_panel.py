"""Download buttons for what the Map tab shows: PNG/SVG/PDF map, CSV/XLSX table, offline HTML.

Files are built only when a button is clicked (``st.download_button`` with a callable), from the same view,
classification and boundaries the page drew, through :mod:`report.exports`.

Wiring (Map tab, after the map is drawn)::

    from ui import export_panel
    export_panel.render(lang, view, classes, gdf, sido=data.sido_outline(), m=None)
"""

from __future__ import annotations

import folium
import geopandas as gpd
import streamlit as st

from analysis.errors import AtlasError
from analysis.views import IndicatorView
from geo.classify import Classification
from lang import attr, t
from ui.text import md


def render(lang: str, view: IndicatorView, classes: Classification, gdf: gpd.GeoDataFrame, *,
           sido: gpd.GeoDataFrame | None = None, m: folium.Map | None = None, key: str = "map") -> None:
    """Draw the export buttons for one map.

    Parameters
    ----------
    lang : {"ko", "en"}
    view : IndicatorView
        The view on the map.
    classes : Classification
        The classes the map used.
    gdf : geopandas.GeoDataFrame
        The regions drawn.
    sido : geopandas.GeoDataFrame, optional
        Sido boundaries for the capital outline.
    m : folium.Map, optional
        The page's interactive map, for the HTML file (rebuilt without overlays when not given). It is
        modified when exported (Leaflet inlined), so pass a fresh map or none.
    key : str
        Widget key prefix (one panel per map).
    """
    # matplotlib and the export stack load on the first click, not with the first paint
    from report import exports
    from report.fonts import KoreanFontError, korean_font
    from ui.data import store as session_store

    store = session_store()  # uploads too: their sources are named in the exported files
    stem = f"ries_{view.indicator}_{view.level}_{view.year}_{view.mode}"
    label = attr(view, "label", lang)

    def figure(fmt: str, dpi: int = 150):
        return lambda: exports.figure_bytes(
            exports.indicator_map_figure(view, classes, gdf, sido=sido, lang=lang, store=store), fmt, dpi=dpi)

    def table_csv() -> bytes:
        return exports.csv_bytes(exports.map_table(view, classes, gdf, lang))

    def table_xlsx() -> bytes:
        return exports.xlsx_bytes({f"{view.level}_{view.year}": exports.map_table(view, classes, gdf, lang)},
                                  about={"indicator": view.indicator, "label": label, "year": str(view.year),
                                         "mode": view.mode, "scheme": classes.scheme, "k": str(classes.k),
                                         "source": exports.source_line({view.indicator: view.year}, view.level,
                                                                       lang, store=store)})

    # what the picture and XLSX files need, checked now so a refusal is said here (a download that fails
    # later only reaches the server log)
    problem = None
    try:
        exports.source_line({view.indicator: view.year}, view.level, lang, store=store)
        korean_font()
    except (AtlasError, KoreanFontError) as exc:
        problem = str(exc)

    def html() -> bytes:
        mm = m if m is not None else exports.indicator_folium_map(view, classes, gdf, sido=sido, lang=lang,
                                                                  store=store)
        return exports.standalone_map_html(mm, title=f"RIES Atlas — {label} ({view.year})")

    with st.expander(t("export_title", lang), expanded=False):
        st.caption(t("export_hint", lang))
        if problem:
            st.warning(md(f"{t('export_cannot', lang)}: {problem}"))
        off = problem is not None
        c0, c1, c2, c3 = st.columns(4)
        dpi = c0.selectbox(t("export_dpi", lang), [150, 200, 300], key=f"{key}_export_dpi")
        c1.download_button(t("export_png", lang), figure("png", int(dpi)), f"{stem}.png", "image/png",
                           key=f"{key}_png", disabled=off, on_click="ignore")
        c2.download_button(t("export_svg", lang), figure("svg"), f"{stem}.svg", "image/svg+xml", key=f"{key}_svg",
                           disabled=off, on_click="ignore")
        c3.download_button(t("export_pdf", lang), figure("pdf"), f"{stem}.pdf", "application/pdf", key=f"{key}_pdf", disabled=off,
                           on_click="ignore")
        d1, d2, d3 = st.columns(3)
        d1.download_button(t("export_csv", lang), table_csv, f"{stem}.csv", "text/csv", key=f"{key}_csv",
                           on_click="ignore")
        d2.download_button(t("export_xlsx", lang), table_xlsx, f"{stem}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx", disabled=off,
                           on_click="ignore")
        d3.download_button(t("export_html", lang), html, f"{stem}.html", "text/html", key=f"{key}_html",
                           on_click="ignore")
