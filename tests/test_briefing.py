"""The one-page briefing: numbers equal the summary JSON, the PDF opens, embeds Nanum and holds Hangul names."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from analysis.compare import compare
from analysis.errors import AggregationError, DataError
from analysis.mismatch import mismatch
from analysis.store import bundled
from cli import main
from report.briefing import briefing, briefing_pdf, caption, format_number
from tests.helpers import MISSION

X, Y, _, YEAR = MISSION
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def summary() -> dict:
    from cli.commands import summary as cmd

    return cmd._clean(cmd.summarise(compare(bundled(), X, Y, "sido", YEAR)))


@pytest.fixture(scope="module")
def pdf(brief, tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "brief.pdf"
    path.write_bytes(briefing_pdf(brief, "ko", on=date(2025, 3, 1)))
    return path


def test_format_number():
    assert format_number("capital_share_x", 0.70149) == "70.1%"
    assert format_number("hoover", 0.37627) == "0.376"
    assert format_number("hoover_change", -0.0081) == "-0.008"
    assert format_number("moran_log_ratio", float("nan")) == "—"


def test_three_to_five_headlines(brief):
    """(Their numbers: tests/test_one_path.py, every reader against the independent reference.)"""
    assert 3 <= len(brief.headlines) <= 5
    assert [h.key for h in brief.headlines][:3] == ["capital_share_x", "capital_share_y", "hoover"]


@pytest.mark.slow
def test_hoover_change_compares_years_with_the_same_regions():
    x = "gva_prof_sci_tech_services_nominal_b2020"
    b = briefing(bundled(), x, Y, "sido", YEAR)
    h = {x.key: x for x in b.headlines}
    first = int(b.hoover_by_year.index[0])
    assert first == 2013  # Sejong is published separately from 2013: earlier years cover 16 regions
    then = mismatch(bundled().view(x, "sido", first).values, bundled().view(Y, "sido", first).values, how="inner")
    assert h["hoover_change"].value == pytest.approx(b.hoover - then.hoover, abs=1e-12)
    # R&D levels exist for all 17 sido only in 2022: no change is claimed
    assert "hoover_change" not in {x.key for x in briefing(bundled(), X, Y, "sido", YEAR).headlines}


@pytest.mark.slow
def test_caption_states_the_numbers(brief):
    ko, en = caption(brief, "ko"), caption(brief, "en")
    assert "70.1%" in ko and "41.9%" in ko and "수도권" in ko and "대전광역시" in ko
    assert "70.1%" in en and "Hoover index 0.376" in en and "Daejeon" in en


def test_intensive_indicator_is_refused():
    with pytest.raises(AggregationError, match="intensive"):
        briefing(bundled(), "grdp_per_capita_b2020", Y, "sido", YEAR)
    with pytest.raises(DataError, match="Years where both are complete: 2022"):
        briefing(bundled(), X, Y, "sido", 2015)


@pytest.mark.slow
@needs_poppler
def test_pdf_converts_to_a_page_image(pdf, tmp_path):
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1  # one page
    from PIL import Image

    w, h = Image.open(pages[0]).size
    assert w > h  # landscape


@pytest.mark.slow
@needs_poppler
def test_pdf_embeds_nanum(pdf):
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [r for r in fonts.splitlines() if "Nanum" in r]
    assert rows and all(" yes " in r for r in rows)


@pytest.mark.slow
@needs_poppler
def test_pdf_text_has_hangul_names_and_the_moran_p_value(pdf, summary):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for name in ("대전광역시", "서울특별시", "울산광역시", "전라남도", "수도권"):
        assert name in text
    assert f"p = {summary['moran']['log_ratio']['p_sim']:.3f}" in text
    assert "2025-03-01" in text and "KOSIS DT_1C81" in text


@pytest.mark.slow
def test_cli_brief_writes_pdf_and_rejects_bad_output(tmp_path, capsys):
    out = tmp_path / "brief.pdf"
    assert main(["brief", "--level", "sido", "--year", str(YEAR), "--x", X, "--y", Y, "--out", str(out),
                 "--lang", "en"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["brief", "--x", X, "--y", Y, "--out", str(tmp_path / "b.docx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "unknown file type" in err and err.count("\n") == 1


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_trend_panel_when_more_than_one_year(tmp_path):
    """The briefing draws the trend (one compare() a year) when two or more years are comparable."""
    x = "gva_prof_sci_tech_services_nominal_b2020"
    b = briefing(bundled(), x, Y, "sido", YEAR, permutations=19, seed=5)
    assert b.trend is not None and list(b.trend.index) == list(range(2013, YEAR + 1))
    c = compare(bundled(), x, Y, "sido", 2017, permutations=19, seed=5)
    row = b.trend.loc[2017]
    assert (row["hoover"], row["capital_share_x"], row["moran_log_ratio"]) == (
        c.hoover, c.capital_share_x, c.moran["log_ratio"].I)
    assert b.hoover_by_year.equals(b.trend["hoover"])
    if shutil.which("pdftotext"):
        path = tmp_path / "b.pdf"
        path.write_bytes(briefing_pdf(b, "en", on=date(2026, 1, 1)))
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert f"2013–{YEAR} trend" in text and "Moran's I of ln M" in text
    # one year only (R&D levels exist for all 17 sido only in 2022): no trend panel
    assert len(briefing(bundled(), X, Y, "sido", YEAR, permutations=19).trend) == 1


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_sigungu_page_keeps_map_legend_caption_and_sources_apart(lang):
    """Business services against manufacturing at si-gun-gu (long labels, 228 units, a trend): the ln M legend
    covers no region (it hid Busan's Jung-gu, the largest ln M), the caption ends above the source lines and
    inside the page, and the trend's year labels stay above the sources."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from report.briefing import briefing_figure

    b = briefing(bundled(), "gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015",
                 "sigungu", 2020)
    fig = briefing_figure(b, lang)
    r = FigureCanvasAgg(fig).get_renderer()
    fig.draw(r)
    map_ax = next(a for a in fig.axes if a.get_legend() is not None and a.get_legend().get_title().get_text())
    legend = map_ax.get_legend().get_window_extent(r)
    pts = b.boundaries.to_crs(5179).representative_point()
    shown = map_ax.transData.transform([(p.x, p.y) for p in pts])
    inside = [c for c, (x, y) in zip(pts.index, shown, strict=True)
              if legend.x0 <= x <= legend.x1 and legend.y0 <= y <= legend.y1]
    assert inside == [], inside
    foot = next(t for t in fig.texts if t.get_text().startswith(("Data:", "자료:")))
    cap = next(t for t in fig.texts if t.get_text().startswith(("In 2020", "2020년 수도권")))
    foot_box, cap_box = foot.get_window_extent(r), cap.get_window_extent(r)
    assert cap_box.y0 > foot_box.y1 and cap_box.x1 <= fig.bbox.width
    trend_ax = next(a for a in fig.axes if a is not map_ax)
    assert trend_ax.get_tightbbox(r).y0 > foot_box.y1
