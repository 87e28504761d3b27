"""The capital region is read from ``data/region_groups.csv`` when it is used, never baked in: edit the table and
the statistics, the sentences that name it and the outline the maps draw follow, with no rebuild step.

The fast tests point ``geo.boundaries`` at an edited copy of the table (the caches key on the file's path,
mtime and size, so nothing has to be cleared); the slow one edits the table in a copy of the repository and runs
the command line there, as a user would: ``summary``, the briefing PDF, the deck's notes and the map layers.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from geo import boundaries as gb
from tests.helpers import ROOT

NEW = {"11": True, "28": False, "41": True, "30": True}
"""A different capital region for the tests: Seoul, Gyeonggi and Daejeon (Incheon out). SYNTHETIC."""
NEW_CODES = ("11", "30", "41")


def _edited(path) -> None:
    """Write the bundled table to ``path`` with the capital-region flags of :data:`NEW`."""
    df = pd.read_csv(ROOT / "data" / "region_groups.csv", dtype=str, keep_default_na=False)
    for code, flag in NEW.items():
        df.loc[df["sido_code"] == code, "capital_region"] = str(flag)
    df.to_csv(path, index=False, lineterminator="\n")


@pytest.fixture
def edited_table(tmp_path, monkeypatch):
    path = tmp_path / "region_groups.csv"
    _edited(path)
    monkeypatch.setattr(gb, "_REGION_GROUPS", path)
    return path


def test_the_boundary_files_carry_no_capital_region():
    """The flag is not in the files: geo.build writes codes and names only."""
    import pyarrow.parquet as pq

    for level in gb.LEVELS:
        assert "capital_region" not in pq.read_schema(gb.DATA_DIR / f"{level}.parquet").names
        assert '"capital_region"' not in (gb.DATA_DIR / f"{level}.web.geojson").read_text(encoding="utf-8")[:4000]


def test_an_edited_table_changes_flags_and_names_at_once(edited_table):
    from analysis import regions

    sido = gb.load_boundaries("sido")
    assert tuple(sido.index[sido["capital_region"]]) == NEW_CODES
    assert regions.capital_sido_codes() == NEW_CODES == gb.capital_sido_codes()
    assert regions.capital_flags(["28110", "30110"]).tolist() == [False, True]
    assert regions.capital_names() == ("서울·대전·경기", "Seoul, Daejeon, Gyeonggi")
    assert regions.level_boundaries("sido").loc[list(NEW_CODES), "capital_region"].all()


@pytest.mark.slow
def test_an_edited_table_changes_every_level_and_the_legend_label(edited_table):
    from report.exports import capital_label

    emd = gb.load_boundaries("emd")
    assert emd.loc[emd["sido_code"] == "28", "capital_region"].eq(False).all()
    assert emd.loc[emd["sido_code"] == "30", "capital_region"].all()
    sgg = gb.load_boundaries("sigungu", autonomous=True)
    assert sgg.loc[sgg["sido_code"].isin(NEW_CODES), "capital_region"].all()
    assert capital_label("ko") == "수도권 (서울·대전·경기)"


def test_the_bundled_table_is_back_after_the_edit():
    """(The fixture above only pointed at a copy: the bundled definition is untouched.)"""
    from analysis import regions

    assert regions.capital_names() == ("서울·인천·경기", "Seoul, Incheon, Gyeonggi")


@pytest.mark.slow
def test_an_edited_table_changes_the_comparison_and_its_caption(edited_table):
    from analysis.compare import compare
    from analysis.store import bundled
    from report.briefing import briefing, caption

    x, y = "rd_expenditure_share_pct", "grdp_share_of_national_b2020"
    c = compare(bundled(), x, y, "sido", 2022, permutations=9)
    shares = bundled().get(x, "sido", 2022)
    assert c.capital_share_x == pytest.approx(shares[list(NEW_CODES)].sum() / shares.sum())
    b = briefing(bundled(), x, y, "sido", 2022, permutations=9)
    assert "수도권(서울·대전·경기)" in caption(b, "ko") and "(Seoul, Daejeon, Gyeonggi)" in caption(b, "en")


def test_a_bad_table_is_a_clear_error(tmp_path, monkeypatch):
    from analysis import regions
    from analysis.errors import DataError

    path = tmp_path / "region_groups.csv"
    _edited(path)
    path.write_text(path.read_text(encoding="utf-8").replace(",True,", ",maybe,", 1), encoding="utf-8")
    monkeypatch.setattr(gb, "_REGION_GROUPS", path)
    with pytest.raises(DataError, match="capital_region must be True or False"):
        regions.capital_sido_codes()


def _copy_repo(dst) -> None:
    skip = shutil.ignore_patterns(".git", ".venv", "__pycache__", "artifacts", ".pytest_cache", ".ruff_cache",
                                  "static", "*.pyc")
    for item in ROOT.iterdir():
        if item.name in (".git", ".venv", "tests", "bench", "docs", "static") or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, dst / item.name, ignore=skip)
        else:
            shutil.copy2(item, dst / item.name)


def _run(cwd, *args: str) -> str:
    out = subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


@pytest.mark.slow
def test_a_copy_of_the_repository_with_another_capital_region_says_so_everywhere(tmp_path):
    """Edit data/region_groups.csv in a copy, rebuild nothing, and read what a user reads."""
    from pptx import Presentation

    repo = tmp_path / "repo"
    repo.mkdir()
    _copy_repo(repo)
    _edited(repo / "data" / "region_groups.csv")
    x, y = "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020"
    pair = ["--level", "sido", "--year", "2022", "--x", x, "--y", y, "--permutations", "19"]

    doc = json.loads(_run(repo, "-m", "analysis", "summary", *pair, "--json"))
    assert doc["capital_region"]["sido"] == list(NEW_CODES)
    assert doc["capital_region"]["name_ko"] == "서울·대전·경기"
    assert sorted(r["code"] for r in doc["regions"] if r["capital_region"]) == list(NEW_CODES)
    text = _run(repo, "-m", "analysis", "summary", *pair)
    assert "capital region: Seoul, Daejeon, Gyeonggi" in text

    _run(repo, "-m", "analysis", "brief", *pair, "--out", str(tmp_path / "b.pdf"), "--lang", "ko")
    if shutil.which("pdftotext"):
        pdf = subprocess.run(["pdftotext", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True,
                             check=True).stdout
        assert "서울·대전·경기" in pdf.replace("\n", "") and "서울·인천·경기" not in pdf
    _run(repo, "-m", "analysis", "brief", *pair, "--out", str(tmp_path / "d.pptx"), "--lang", "en")
    deck = Presentation(io.BytesIO((tmp_path / "d.pptx").read_bytes()))
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    assert "Seoul, Daejeon, Gyeonggi" in notes and "Incheon, Gyeonggi" not in notes

    layers = _run(repo, "-c", (
        "import json, folium\n"
        "from geo import maps\n"
        "from geo.boundaries import load_boundaries\n"
        "sido = load_boundaries('sido')\n"
        "m = folium.Map()\n"
        "maps.add_capital_outline(m, sido)\n"
        "layer = [c for c in m._children.values() if isinstance(c, folium.GeoJson)][0]\n"
        "outline = __import__('shapely').geometry.shape(layer.data['features'][0]['geometry'])\n"
        "inside = [c for c in sido.index if outline.buffer(1e-9).contains(sido.geometry[c].representative_point())]\n"
        "print(json.dumps(sorted(inside)))\n"))
    assert json.loads(layers) == list(NEW_CODES)


def test_the_capital_outline_is_unioned_once_per_frame_and_equals_the_union():
    """geo.maps keeps the outline per sido frame: the same GeoJSON as the union drawn afresh, a fresh copy for
    each map (folium may change its features), and a frame with another capital region gets its own."""
    import folium
    import geopandas as gpd

    from geo import maps

    sido = gb.load_boundaries("sido")

    def drawn(frame):
        m = folium.Map()
        maps.add_capital_outline(m, frame)
        (layer,) = [c for c in m._children.values() if isinstance(c, folium.GeoJson)]
        return layer.data

    cap = sido.loc[sido["capital_region"].astype(bool)]
    fresh = folium.GeoJson(json.loads(  # what the map drew before (folium numbers the features)
        gpd.GeoDataFrame(geometry=[cap.geometry.union_all()], crs=sido.crs).to_json(drop_id=True)),
        style_function=lambda _f: {}).data
    first, second = drawn(sido), drawn(sido)
    assert first == fresh and second == fresh and first is not second
    first["features"].clear()  # a caller changing its copy changes nobody else's
    assert drawn(sido) == fresh
    other = sido.copy()
    other["capital_region"] = other.index == "11"
    assert drawn(other) != fresh
    assert drawn(other) == folium.GeoJson(json.loads(gpd.GeoDataFrame(
        geometry=[sido.loc[["11"]].geometry.union_all()], crs=sido.crs).to_json(drop_id=True)),
        style_function=lambda _f: {}).data
    none = sido.assign(capital_region=False)
    m = folium.Map()
    maps.add_capital_outline(m, none)
    assert not [c for c in m._children.values() if isinstance(c, folium.GeoJson)]
