"""Exports of an uploaded indicator (issue 21, item 5): PNG, SVG, PDF, XLSX, CSV and HTML are built in the app's
export panel and by ``python -m analysis map --data FILE``; the files open and show the user's text as written.

Before: every picture of an upload with ``$`` in its name failed (matplotlib read it as mathtext) and the panel
said nothing; an XLSX stored ``=HYPERLINK(…)`` in a label as a live formula. Figures are SYNTHETIC.
"""

from __future__ import annotations

import io
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from matplotlib import image as mpimg
from streamlit.testing.v1 import AppTest

from analysis import userdata
from analysis.store import bundled
from cli import main
from geo.boundaries import load_boundaries
from geo.classify import classify
from ingest import importer
from report import exports
from report.static_map import png_size

APP = str(Path(__file__).resolve().parents[1] / "app.py")
LABEL = '=HYPERLINK("http://203.0.113.9/","x") $$x^2$$ <b>B</b> ![i](http://203.0.113.9/p.png)'
UNIT = "$ <i>u</i>"
SIDO = ["서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시", "세종특별자치시",
        "경기도", "강원특별자치도", "충청북도", "충청남도", "전북특별자치도", "전라남도", "경상북도", "경상남도",
        "제주특별자치도"]


def _table() -> bytes:
    rows = ["지역,2020,2021"] + [f"{n},{(i + 1) * 10},{(i + 1) * 11}" for i, n in enumerate(SIDO)]
    return ("\n".join(rows) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def upload() -> userdata.UserIndicator:
    res = importer.import_file(_table(), "made.csv")
    return userdata.make_user_indicator(res.values, res.indicators[0], label=LABEL, unit=UNIT, layer="rnd",
                                        nature="extensive", source="made.csv")


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
@pytest.mark.parametrize("mode", ["raw", "share"])
def test_every_export_of_an_upload_opens(upload, mode, tmp_path):
    store = bundled().with_user(upload)
    view = store.view(upload.id, "sido", 2021, mode)
    gdf = load_boundaries("sido", resolution="web")
    classes = classify(view.values.reindex(gdf.index), "quantiles", 5)
    fig = exports.indicator_map_figure(view, classes, gdf, sido=gdf, lang="en", store=store)
    # the legend (title = the 120-character-class label) stays inside the figure
    leg = fig.legends[0]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    assert leg.get_window_extent(FigureCanvasAgg(fig).get_renderer()).x1 <= fig.bbox.width
    png = mpimg.imread(io.BytesIO(exports.figure_bytes(fig, "png")))
    assert png.shape[1::-1] == png_size(150)
    ET.fromstring(exports.figure_bytes(fig, "svg"))  # well-formed
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(exports.figure_bytes(fig, "pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "$$x^2$$" in text and "made.csv" in text  # the label as written; the source names the file
    xlsx = exports.xlsx_bytes({"t": exports.map_table(view, classes, gdf, "en")},
                              about={"label": view.label_en,
                                     "source": exports.source_line({view.indicator: view.year}, "sido", "en",
                                                                   store=store)})
    about = openpyxl.load_workbook(io.BytesIO(xlsx))["about"]
    cells = {r[0].value: r[1] for r in about.iter_rows(min_row=2)}
    assert cells["label"].value.startswith("'=HYPERLINK(") and cells["label"].data_type == "s"  # text, not formula
    html = exports.standalone_map_html(exports.indicator_folium_map(view, classes, gdf, sido=gdf, lang="en",
                                                                    store=store))
    assert b"<b>B</b>" not in html and b"&lt;b&gt;B&lt;/b&gt;" in html
    csv = pd.read_csv(io.BytesIO(exports.csv_bytes(exports.map_table(view, classes, gdf, "en"))), dtype={"code": str})
    assert len(csv) == 17 and csv["value"].notna().all()


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf", ".csv", ".xlsx"])
def test_cli_map_exports_an_uploaded_file(tmp_path, suffix, capsys):
    data = tmp_path / "survey.csv"
    data.write_bytes(_table())
    out = tmp_path / f"m{suffix}"
    rc = main(["map", "--data", str(data), "--indicator", "user_survey", "--year", "2021", "--lang", "en",
               "--out", str(out)])
    assert rc == 0, capsys.readouterr().err
    head = out.read_bytes()[:4]
    assert head == {".png": b"\x89PNG", ".svg": b"<?xm", ".pdf": b"%PDF", ".csv": b"\xef\xbb\xbfc",
                    ".xlsx": b"PK\x03\x04"}[suffix]


def _map_with(upload) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user_indicators"] = {upload.id: upload}
    for k, v in {"lang": "en", "tab": "map", "layer": "rnd", "ind": upload.id}.items():
        at.query_params[k] = v
    return at.run()


def _export_buttons(at: AppTest) -> dict[str, bool]:
    return {b.proto.label: b.proto.disabled for b in at.get("download_button")}


def test_the_export_panel_offers_an_upload_without_a_warning(upload):
    at = _map_with(upload)
    assert not at.exception
    buttons = _export_buttons(at)
    assert {"Map PNG", "Map SVG", "Map PDF", "Table XLSX"} <= set(buttons)
    assert not any(buttons[k] for k in ("Map PNG", "Map SVG", "Map PDF", "Table XLSX"))
    assert not [w for w in at.warning if "cannot be exported" in w.value]


def test_the_export_panel_says_why_it_cannot_export(upload, monkeypatch):
    from report import fonts

    def no_font():
        raise fonts.KoreanFontError("no Korean font: apt-get install fonts-nanum")

    monkeypatch.setattr(fonts, "korean_font", no_font)
    at = _map_with(upload)
    assert not at.exception
    said = [w.value for w in at.warning if "cannot be exported" in w.value]
    assert len(said) == 1 and "fonts\\-nanum" in said[0]
    buttons = _export_buttons(at)
    assert all(buttons[k] for k in ("Map PNG", "Map SVG", "Map PDF", "Table XLSX"))
    assert not buttons["Table CSV"]
