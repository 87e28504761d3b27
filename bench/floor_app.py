"""The floor of the stack: a bare Streamlit page with one ``st_folium`` map of the same polygons.

``bench/bench_explorer.py`` serves this page beside the app and paints both in the same Chromium run, so the
app's first paint is reported as a ratio to what Streamlit + streamlit-folium + Leaflet need at the least.
Leaflet comes from the same local copy as the app's (no network); the boundaries are cached like the app's.
``?level=sido`` (17 polygons) or ``?level=sigungu`` (the 229-unit autonomous view).
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.boundaries import load_boundaries
from geo.offline import use_local_assets


@st.cache_resource(show_spinner=False)
def _geojson(level: str) -> dict:
    gdf = load_boundaries(level, resolution="web", autonomous=level == "sigungu")
    return gdf[["code", "geometry"]].__geo_interface__


level = st.query_params.get("level", "sido")
m = folium.Map(location=[36.3, 127.8], zoom_start=7, tiles=None)
use_local_assets(m, "/app/static/leaflet")
folium.GeoJson(_geojson(level)).add_to(m)
st_folium(m, height=620, width=None, returned_objects=[])
