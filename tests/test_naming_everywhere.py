"""One naming rule everywhere a region is named to a person (issue 25 item 4): a si-gun-gu whose name repeats in
Korea ("북구" is in five sido, "중구" in six, "고성군" in two) always carries its sido — "울산 북구" / "Buk-gu, Ulsan" —
in tables, tooltips, slides, the scorecard, the workbook and the CLI text; never "북구" alone or "북구 (31200)"."""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import cli
from analysis.store import bundled
from geo.boundaries import load_boundaries
from geo.names import sido_short_names

KO_REPEATED = ("중구", "동구", "서구", "남구", "북구", "강서구", "고성군")
EN_REPEATED = ("Jung-gu", "Dong-gu", "Seo-gu", "Nam-gu", "Buk-gu", "Gangseo-gu", "Goseong-gun")


def bare(text: str, lang: str) -> tuple[int, list[str]]:
    """How often a repeated name occurs in ``text``, and the occurrences without their sido."""
    ko, en = set(sido_short_names("ko").values()), set(sido_short_names("en").values())
    seen, missing = 0, []
    for name in KO_REPEATED if lang == "ko" else EN_REPEATED:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            seen += 1
            if lang == "ko":  # "울산 북구", or a general city's gu "경북 포항시 남구"
                before = [w.rstrip("(") for w in text[: m.start()].split()[-2:]]
                ok = bool(before) and (before[-1] in ko or (before[-1].endswith("시") and len(before) == 2
                                                            and before[0] in ko))
            else:
                after = re.match(r",\s*([A-Z][\w-]*)", text[m.end():])
                ok = after is not None and after.group(1) in en
            if not ok:
                missing.append(text[max(0, m.start() - 12): m.end() + 14].replace("\n", " "))
    return seen, missing


def _cli(argv: list[str]) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli.main(argv) == 0
    return buf.getvalue()


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(" | ".join(str(c) for c in row if c is not None) for sheet in book for row in sheet.iter_rows(
        values_only=True))


# --- outputs that name every si-gun-gu: a name without its sido anywhere fails ---------------------------------

def _tooltips(lang: str) -> str:
    """The map builders' tooltips (Map tab and HTML export, Mismatch, Clusters, Change) at sigungu level."""
    import folium

    from geo import mapkinds
    from geo.classify import classify

    gdf = load_boundaries("sigungu")  # the 247 units (no dissolve): every repeated name is there too
    view = bundled().view("population_registered", "sigungu", 2014, "raw")
    shares = pd.DataFrame({"share_x": 0.01, "share_y": 0.01, "log_ratio": range(len(gdf))}, index=gdf.index)
    maps = [mapkinds.indicator_map(view, gdf, classify(view.values.reindex(gdf.index), "quantiles", 5), lang=lang,
                                   assets_url=None),
            mapkinds.log_ratio_map(gdf, shares, year=2014, x_name="x", y_name="y", lang=lang, assets_url=None),
            mapkinds.lq_map(gdf, shares["log_ratio"] / 100, label="LQ", year=2014, lang=lang, assets_url=None)]
    return "\n".join(re.sub(r"<[^>]+>", " ", html.unescape(f["properties"].get("tip_html", ""))) for m in maps
                     for layer in m._children.values() if isinstance(layer, folium.GeoJson)
                     for f in layer.data["features"])


def _map_table_xlsx(lang: str) -> str:
    from geo.classify import classify
    from report.exports import map_table, xlsx_bytes

    gdf = load_boundaries("sigungu")  # the 247 units (no dissolve): every repeated name is there too
    view = bundled().view("population_registered", "sigungu", 2014, "raw")
    table = map_table(view, classify(view.values.reindex(gdf.index), "quantiles", 5), gdf, lang)
    return _xlsx_text(xlsx_bytes({"t": table}, lang=lang))


def _workbook(lang: str) -> str:
    from report.workbook import DATA_COLUMNS, planner_data

    frame = planner_data(bundled(), ["population_registered"], "sigungu", [2014])
    return "\n".join(frame[f"name_{lang}"]) + "\n" + DATA_COLUMNS[f"name_{lang}"]


EVERY_UNIT = {"tooltips": _tooltips, "map table XLSX": _map_table_xlsx, "planner workbook": _workbook}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("output", sorted(EVERY_UNIT))
def test_outputs_naming_every_unit_give_each_repeated_name_its_sido(output, lang):
    seen, missing = bare(EVERY_UNIT[output](lang), lang)
    assert seen >= 20  # every 중구, 북구 … is there (a scan that sees nothing cannot fail)
    assert missing == []


# --- outputs that name a few regions: the region and its peers, the CLI text --------------------------------------

def _profile_text(lang: str) -> str:
    return _cli(["profile", "31200", "--year", "2020", "--permutations", "9"])


def _scorecard_pptx(lang: str) -> str:
    from pptx import Presentation

    from analysis.region_profile import region_profile
    from report.scorecard import scorecard_pptx

    prof = region_profile(bundled(), "31200", "sigungu", 2020, permutations=9)
    prs = Presentation(io.BytesIO(scorecard_pptx(prof, lang)))
    return "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)


def _summary_text(lang: str) -> str:
    return _cli(["summary", "--level", "sigungu", "--x", "gva_prof_business_services_nominal_b2015",
                 "--y", "gva_manufacturing_nominal_b2015", "--year", "2020", "--permutations", "99"])


FEW_UNITS = {"CLI profile text": (_profile_text, ("en",)), "scorecard slides": (_scorecard_pptx, ("ko", "en")),
             "CLI summary text": (_summary_text, ("en",))}


@pytest.mark.slow
@pytest.mark.parametrize(("output", "lang"), [(o, lang) for o, (_, langs) in sorted(FEW_UNITS.items())
                                              for lang in langs])
def test_outputs_naming_a_few_units_give_each_repeated_name_its_sido(output, lang):
    text = FEW_UNITS[output][0](lang)
    seen, missing = bare(text, lang)
    assert seen >= 1 and missing == []
    assert not re.search(r"[가-힣A-Za-z-]+ \(\d{5}\)", text)  # never "북구 (31200)"


@pytest.mark.slow
def test_the_profile_json_keeps_the_published_names():
    """JSON is for programs: its ``name_ko``/``name_en`` stay the boundary files' own names (the code is the key)."""
    doc = json.loads(_cli(["profile", "31200", "--year", "2020", "--permutations", "9", "--json"]))
    assert doc["name_ko"] == "북구" and doc["code"] == "31200"


def test_the_rule_is_one_function_of_the_sido_and_the_name():
    from geo.names import place_names

    frame = pd.DataFrame({"name_ko": ["북구", "북구"], "name_en": ["Buk-gu", "Buk-gu"], "sido_code": ["31", "29"]},
                         index=["31200", "29170"])
    assert place_names(frame, "ko").tolist() == ["울산 북구", "광주 북구"]
    assert place_names(frame, "en").tolist() == ["Buk-gu, Ulsan", "Buk-gu, Gwangju"]


# --- the page's tables (AppTest): the Mismatch and Clusters tabs at sigungu level ----------------------------------

def _page_tables(tab: str, lang: str) -> str:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=300)
    for k, v in {"lang": lang, "tab": tab, "clv": "sigungu", "mx": "gva_prof_business_services_nominal_b2015",
                 "my": "gva_manufacturing_nominal_b2015", "myear": "2020", "perm": "99"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return "\n".join(" | ".join(map(str, row)) for el in at.dataframe for row in el.value.itertuples())


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("tab", ["mismatch", "clusters"])
def test_the_page_tables_give_each_repeated_name_its_sido(tab, lang):
    text = _page_tables(tab, lang)
    seen, missing = bare(text, lang)
    assert seen >= 20 and missing == []
    if tab == "clusters":  # the cluster class in words, never the code
        assert not re.search(r"\| (HH|HL|LH|LL|ns) \|", text)
