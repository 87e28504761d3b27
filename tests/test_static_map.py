"""Static maps: sizes, formats, Korean glyphs, legends, font errors (synthetic 3×3 grid, labelled as such)."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings

import geopandas as gpd
import pandas as pd
import pytest
from PIL import Image
from shapely.geometry import box

from geo import fonts
from geo.maps import LegendItem
from geo.static_map import (
    CLUSTER_COLORS,
    MapText,
    StaticMapError,
    cluster_legend_items,
    figure_bytes,
    map_figure,
    png_size,
)

POPPLER = shutil.which("pdffonts") is not None


@pytest.fixture(scope="module")
def grid() -> gpd.GeoDataFrame:
    """SYNTHETIC 3×3 grid of 0.5° cells near Daejeon; the bottom row is flagged as 'capital'."""
    codes = [f"9{i}" for i in range(9)]
    cells = [box(127 + (i % 3) * 0.5, 36 + (i // 3) * 0.5, 127.5 + (i % 3) * 0.5, 36.5 + (i // 3) * 0.5)
             for i in range(9)]
    return gpd.GeoDataFrame({"name_ko": [f"가상{i}" for i in range(9)], "capital_region": [i < 3 for i in range(9)]},
                            geometry=cells, index=pd.Index(codes, name="code"), crs=4326)


@pytest.fixture(scope="module")
def figure(grid):
    fill = pd.Series(["#ff0000"] * 4 + ["#0000ff"] * 4, index=grid.index[:8])
    text = MapText("합성 격자 지도 2022", "시도 · 분위수 2구간", "억원", "출처: 합성 자료 (테스트)")
    legend = [LegendItem("#ff0000", "1.2조원 – 3.4조원", 4), LegendItem("#0000ff", "3.4조원 – 5조원", 4),
              LegendItem("#d9d9d9", "자료 없음", 1)]
    return map_figure(grid, fill, text, legend, capital=grid)


@pytest.mark.parametrize(("dpi", "size"), [(150, (1920, 1080)), (200, (2560, 1440))])
def test_png_has_requested_size(figure, dpi, size):
    assert png_size(dpi) == size
    img = Image.open(io.BytesIO(figure_bytes(figure, "png", dpi=dpi)))
    assert img.size == size


def test_fill_colours_reach_the_png(figure):
    img = Image.open(io.BytesIO(figure_bytes(figure, "png", dpi=150))).convert("RGB")
    colours = {c for _, c in img.getcolors(maxcolors=1_000_000)}
    assert (255, 0, 0) in colours and (0, 0, 255) in colours
    assert (0xD9, 0xD9, 0xD9) in colours  # the region without a colour is drawn grey, not left out


def test_hangul_has_glyphs(grid):
    """matplotlib warns 'Glyph … missing' when a font lacks Hangul: with the Korean font there is no warning."""
    text = MapText("한글 제목 수도권", "읍면동 · 시군구", "만 명", "출처: 통계청")
    fig = map_figure(grid, pd.Series(dtype=str), text, [LegendItem("#eeeeee", "자료 없음", 9)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure_bytes(fig, "png", dpi=150)


@pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")
def test_pdf_embeds_a_korean_font_and_keeps_text(figure, tmp_path):
    pdf = tmp_path / "map.pdf"
    pdf.write_bytes(figure_bytes(figure, "pdf"))
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    nanum = [line for line in listing.splitlines() if "Nanum" in line]
    assert nanum and all(" yes " in line for line in nanum)  # embedded
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "합성 격자 지도 2022" in text and "자료 없음" in text


def test_svg_draws_text_as_paths(figure):
    svg = figure_bytes(figure, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "<text" not in svg  # glyphs are outlines: the file shows Hangul without the font installed
    assert "<!-- 합성 격자 지도 2022 -->" in svg  # matplotlib keeps the text as a comment


@pytest.mark.parametrize(("fmt", "dpi", "match"), [("gif", 150, "unknown export format"), ("png", 72, "at least 150")])
def test_bad_export_requests(figure, fmt, dpi, match):
    with pytest.raises(StaticMapError, match=match):
        figure_bytes(figure, fmt, dpi=dpi)


def test_cluster_legend_uses_geoda_colours():
    clusters = pd.Series(["HH", "HH", "ns", "LL", "LH", "ns", "ns"], index=list("abcdefg"))
    items = cluster_legend_items(clusters, {"HH": "고-고", "LL": "저-저", "LH": "저-고", "ns": "유의하지 않음"})
    assert [(i.color, i.label, i.count) for i in items] == [
        ("#ff0000", "고-고", 2), ("#0000ff", "저-저", 1), ("#a7adf9", "저-고", 1), ("#eeeeee", "유의하지 않음", 3)]
    assert CLUSTER_COLORS["HL"] == "#f4ada8"
    with pytest.raises(StaticMapError, match="unknown cluster codes"):
        cluster_legend_items(pd.Series(["XX"]), {})


def test_empty_regions_are_refused():
    empty = gpd.GeoDataFrame({"capital_region": []}, geometry=[], crs=4326)
    with pytest.raises(StaticMapError, match="no regions"):
        map_figure(empty, pd.Series(dtype=str), MapText("t", "s", "l", "src"), [])


def test_missing_korean_font_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "FONT_DIRS", {"empty": lambda: tmp_path})
    fonts.korean_font.cache_clear()
    try:
        with pytest.raises(fonts.KoreanFontError, match="apt-get install fonts-nanum"):
            fonts.korean_font()
    finally:
        monkeypatch.undo()
        fonts.korean_font.cache_clear()
    assert fonts.korean_font().family in fonts.FONT_FAMILIES


def test_bundled_koreanize_fonts_are_found_when_present(monkeypatch):
    folder = fonts._koreanize_dir()
    if folder is None or not folder.is_dir():
        pytest.skip("koreanize-matplotlib not installed")
    monkeypatch.setattr(fonts, "FONT_DIRS", {"koreanize-matplotlib": fonts._koreanize_dir})
    fonts.korean_font.cache_clear()
    try:
        f = fonts.korean_font()
        assert f.origin == "koreanize-matplotlib" and f.family == "NanumGothic" and f.regular.is_file()
    finally:
        monkeypatch.undo()
        fonts.korean_font.cache_clear()
