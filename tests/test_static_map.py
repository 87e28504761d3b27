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

from geo.classify import CLUSTER_COLORS, ClassificationError
from geo.maps import LegendItem, cluster_legend_items
from report import fonts
from report.static_map import (
    MapText,
    StaticMapError,
    cell_width,
    figure_bytes,
    fill_cells,
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
    with pytest.raises(ClassificationError, match="unknown cluster codes"):
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


def test_cell_width_counts_hangul_double():
    assert cell_width("abc") == 3 and cell_width("수도권") == 6 and cell_width("R&D 비중") == 8


def test_fill_cells_wraps_by_display_width():
    text = "연구개발비 전국 비중 " * 12 + "source (2022)"
    lines = fill_cells(text, 40).split("\n")
    assert all(cell_width(line) <= 40 for line in lines)
    assert " ".join(lines) == " ".join(text.split())
    assert fill_cells("a " + "x" * 50, 20) == "a\n" + "x" * 50  # a longer word gets its own line


def test_long_title_subtitle_note_and_source_stay_inside_the_figure(grid):
    """Catalogue labels can be long: every text of the figure must end inside it (measured in the PNG's pixels)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    long_en = "R&D expenditure (derived: published share × published national total) against neighbours' " \
              "Manufacturing value added, nominal: clusters, 2022"
    long_ko = "연구개발비(공표 비중 × 공표 전국 합계로 산출) 대 주변 제조업 부가가치(명목): 공간군집, 2022년 " * 2
    for title in (long_en, long_ko):
        text = MapText(title, "시도 · " + title, "군집", "출처: " + " · ".join([title] * 3), note=title)
        fig = map_figure(grid, pd.Series(["#ff0000"] * 9, index=grid.index), text, [], capital=grid)
        renderer = FigureCanvasAgg(fig).get_renderer()
        for t in fig.texts:
            box = t.get_window_extent(renderer)
            assert 0 <= box.x0 and box.x1 <= fig.bbox.width, t.get_text()[:40]
            assert 0 <= box.y0 and box.y1 <= fig.bbox.height, t.get_text()[:40]
        assert fig.texts[0].get_fontsize() >= 15
