"""Exports on the bundled sido data: the table behind a map, CSV/XLSX, CLI map files, offline HTML in chromium."""

from __future__ import annotations

import io
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from PIL import Image

from analysis.store import bundled
from cli import main
from geo.boundaries import load_boundaries
from geo.classify import classify, mismatch_classes
from report.exports import (
    csv_bytes,
    indicator_folium_map,
    indicator_map_figure,
    map_table,
    standalone_map_html,
    xlsx_bytes,
)
from report.static_map import figure_bytes

IND = "gva_manufacturing_nominal_b2020"
YEAR = 2022


@pytest.fixture(scope="module")
def sido():
    return load_boundaries("sido")


@pytest.fixture(scope="module")
def view():
    return bundled().view(IND, "sido", YEAR)


@pytest.fixture(scope="module")
def classes(view, sido):
    return classify(view.values.reindex(sido.index), "quantiles", 5)


def test_map_table_is_what_the_map_shows(view, classes, sido):
    t = map_table(view, classes, sido, "ko")
    assert len(t) == 17 and t.index.name == "code"
    top = view.values.idxmax()
    assert t.at[top, "rank"] == 1 and t.at[top, "class"] == 5
    assert t.at[top, "color"] == classes.colors[-1]
    assert (t["class"] - 1).astype(int).tolist() == classes.classes.reindex(t.index).astype(int).tolist()
    assert t.at["11", "name_ko"] == "서울특별시" and bool(t.at["11", "capital_region"])
    assert t.at["11", "value_text"].endswith("조원")
    assert t["value"].equals(view.values.reindex(t.index).astype(float))


def test_csv_and_xlsx_round_trip(view, classes, sido):
    t = map_table(view, classes, sido, "ko")
    raw = csv_bytes(t)
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads Hangul
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype={"code": str}).set_index("code")
    assert back.at["11", "name_ko"] == "서울특별시"
    assert np.allclose(back["value"], t["value"])
    raw_xlsx = xlsx_bytes({"map": t}, about={"indicator": IND})
    book = pd.read_excel(io.BytesIO(raw_xlsx), sheet_name=None, dtype={"code": str})
    assert list(book) == ["map", "about"]  # the data first, the about (sources) sheet last
    assert openpyxl.load_workbook(io.BytesIO(raw_xlsx)).active.title == "map"  # and it opens on the data
    assert book["map"].set_index("code").at["26", "name_ko"] == "부산광역시"
    assert IND in book["about"]["value"].tolist()


def test_mismatch_classes_are_centred_at_zero():
    logm = pd.Series([-2.0, -0.5, 0.1, 1.0, np.inf], index=list("abcde"))
    c = mismatch_classes(logm)
    assert c.bins == pytest.approx((-4 / 3, -2 / 3, 0.0, 2 / 3, 4 / 3, 2.0))
    assert c.classes.tolist()[:4] == [0, 2, 3, 4] and pd.isna(c.classes["e"])


def test_sources_name_publisher_table_and_year():
    assert bundled().sources_for(IND, "sido", YEAR) == ["Statistics Korea (KOSTAT, 통계청), KOSIS DT_1C81 (2022)"]


def test_english_figure_has_english_title(view, classes, sido):
    fig = indicator_map_figure(view, classes, sido, lang="en", store=bundled())
    texts = [t.get_text() for t in fig.texts]
    assert texts[0] == f"{view.label_en} ({YEAR})"
    assert any(t.startswith("Source: Statistics Korea") for t in texts)


@pytest.mark.parametrize(("dpi", "size"), [(150, (1920, 1080)), (200, (2560, 1440))])
def test_cli_map_png(tmp_path, dpi, size):
    out = tmp_path / "map.png"
    rc = main(["map", "--level", "sido", "--indicator", IND, "--year", str(YEAR), "--scheme", "quantiles",
               "--k", "5", "--out", str(out), "--dpi", str(dpi)])
    assert rc == 0 and Image.open(out).size == size


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_cli_map_table_and_pdf(tmp_path):
    assert main(["map", "--indicator", IND, "--year", str(YEAR), "--mode", "share", "--out",
                 str(tmp_path / "t.csv")]) == 0
    t = pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig")
    assert t["value"].sum() == pytest.approx(100.0, abs=0.01)  # shares of the national total
    assert main(["map", "--indicator", IND, "--year", str(YEAR), "--out", str(tmp_path / "m.pdf")]) == 0
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["--indicator", "nope", "--year", "2022", "--out", "x.png"], "unknown indicator 'nope'"),
     (["--indicator", IND, "--year", "1990", "--out", "x.png"], "years with data"),
     (["--indicator", IND, "--year", "2022", "--out", "x.gif"], "unknown file type"),
     (["--indicator", IND, "--year", "2022", "--out", "x.png", "--dpi", "72"], "at least 150")],
)
def test_cli_map_errors_exit_2_with_one_line(tmp_path, capsys, args, needle):
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    assert main(["map", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and needle in err and err.count("\n") == 1


def test_static_map_png_matches_view(view, classes, sido):
    img = Image.open(io.BytesIO(figure_bytes(indicator_map_figure(view, classes, sido, store=bundled()), "png"))).convert("RGB")
    colours = {c for _, c in img.getcolors(maxcolors=4_000_000)}
    for hexcol in classes.colors:
        rgb = tuple(int(hexcol[i:i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, hexcol


def _open_offline(browser, html: bytes, tmp_path, artifacts, shot: str):
    path = tmp_path / "map.html"
    path.write_bytes(html)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    blocked = _block_all_but_files(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-overlay-pane path", timeout=15_000)
    result = {
        "paths": page.locator(".leaflet-overlay-pane path.leaflet-interactive").count(),
        "fills": page.eval_on_selector_all(".leaflet-overlay-pane path.leaflet-interactive",
                                           "els => els.map(e => e.getAttribute('fill'))"),
        "legend": page.locator(".ries-legend").all_inner_texts(),
        "errors": errors,
        "blocked": blocked,
    }
    page.screenshot(path=str(artifacts / shot))
    context.close()
    return result


@pytest.fixture(scope="module")
def offline_html(view, classes, sido) -> bytes:
    return standalone_map_html(indicator_folium_map(view, classes, sido, lang="ko", store=bundled()),
                               title="RIES Atlas 지도")


@pytest.mark.browser
def test_standalone_html_renders_offline(browser, offline_html, classes, tmp_path, artifacts):
    assert not re.search(rb"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", offline_html)  # no remote assets
    r = _open_offline(browser, offline_html, tmp_path, artifacts, "export_standalone_html.png")
    assert r["paths"] == 17
    assert set(r["fills"]) == set(classes.colors)  # the classes' colours, as on screen
    assert not r["errors"]
    assert r["blocked"] == []  # nothing even tried the network


@pytest.mark.browser
def test_standalone_html_shows_the_legend(browser, offline_html, tmp_path, artifacts):
    r = _open_offline(browser, offline_html, tmp_path, artifacts, "export_standalone_legend.png")
    assert r["legend"] and "제조업 부가가치" in r["legend"][0] and "조원" in r["legend"][0]


def _block_all_but_files(context) -> list[str]:
    """Abort every request that is not a local file (or inline data); return the aborted URLs.

    (conftest's ``block_network`` keeps loopback hosts open and, having no host, would abort ``file:``.)
    """
    blocked: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)
    return blocked


def test_standalone_map_rank_says_how_many_published():
    """Two of 17 sido publish R&D (derived from shares) in 2020: the tooltip rank says so ("n of N published")."""
    view = bundled().view("rd_expenditure_from_share", "sido", 2020)
    assert view.values.notna().sum() == 2
    gdf = load_boundaries("sido")
    classes = classify(view.values.reindex(gdf.index), "quantiles", 5)
    html = standalone_map_html(indicator_folium_map(view, classes, gdf, sido=gdf, lang="en",
                                                    store=bundled())).decode()
    assert "#1 of 2 published (of 17)" in html and "#2 of 2 published (of 17)" in html


def test_diverging_legend_starts_at_minus_the_largest_magnitude():
    """ln M from -1.19 to +1.89: six classes over ±1.89; the first legend row read "-1.19 – -1.26" (a lower
    bound above its upper bound) because the lowest class started at the smallest value."""
    from geo.maps import class_legend_items

    c = mismatch_classes(pd.Series([-1.19, -0.7, 0.2, 1.89], index=list("abcd")))
    rows = [it.label for it in class_legend_items(c, lambda v: f"{v:+.2f}")]
    assert rows[0] == "-1.89 – -1.26" and rows[-1] == "+1.26 – +1.89"
    lows = [float(r.split(" – ")[0]) for r in rows]
    highs = [float(r.split(" – ")[1]) for r in rows]
    assert all(lo < hi for lo, hi in zip(lows, highs, strict=True))
