"""Point maps: clustered markers load Leaflet.markercluster from the local copy, never from a CDN."""

from __future__ import annotations

import re

import numpy as np

from geo import maps
from geo.offline import copy_assets


def test_point_clusters_use_the_local_markercluster_copy(tmp_path):
    rng = np.random.default_rng(1)
    lon, lat = rng.uniform(126, 129, 300), rng.uniform(35, 37.5, 300)
    m = maps.base_map((126, 35, 129, 37.5), assets_url="/app/static/leaflet")
    maps.add_point_clusters(m, lon, lat, name="<img src=x onerror=alert(1)>", assets_url="/app/static/leaflet")
    doc = m.get_root().render()
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", doc)  # nothing remote
    assert "/app/static/leaflet/markercluster/leaflet.markercluster.js" in doc
    assert "/app/static/leaflet/markercluster/MarkerCluster.Default.css" in doc
    assert "<img src=x" not in doc  # the layer name is escaped
    assert '"maxZoom": 18' in doc  # markercluster refuses a map without maxZoom
    out = copy_assets(tmp_path / "leaflet")
    for name in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        assert (out / "markercluster" / name).stat().st_size > 500


def test_point_cells_keep_every_point():
    lon = np.array([127.01, 127.02, 127.03, 128.51, 0.0])
    lat = np.array([37.51, 37.52, 37.53, 35.11, 0.0])
    m = maps.base_map((126, 35, 129, 37.5), assets_url=None)
    _, n = maps.add_point_cells(m, lon, lat, name="p", cell=0.05)
    assert n == 3
    doc = m.get_root().render()
    assert sorted(int(x) for x in re.findall(r"(\d+) points", doc)) == [1, 1, 3]
