"""Names people can read: si-gun-gu name their sido; tooltips wrap at a fixed width and escape every text."""

from __future__ import annotations

import re

from geo.boundaries import load_boundaries
from geo.maps import TOOLTIP_MAX_SHARE, TOOLTIP_MAX_WIDTH, tooltip_table
from geo.names import place_names


def test_every_sigungu_name_carries_its_sido_and_ambiguous_names_become_distinct():
    gdf = load_boundaries("sigungu")
    ko, en = place_names(gdf, "ko"), place_names(gdf, "en")
    assert ko["11140"] == "중구 (서울)" and ko["26110"] == "중구 (부산)"
    assert en["11140"] == "Jung-gu (Seoul)"
    goseong = gdf.index[gdf["name_ko"] == "고성군"]
    assert len(goseong) == 2 and ko[goseong].nunique() == 2  # Gangwon's and Gyeongnam's
    # every other name carries its sido; a city named after its sido says it once (not "Sejong-si (Sejong)")
    assert (ko["36110"], en["36110"], ko["50110"], en["50110"]) == ("세종시", "Sejong-si", "제주시", "Jeju-si")
    assert ko["50130"] == "서귀포시 (제주)"
    assert all(re.search(r" \(\S+\)$", n) for c, n in ko.items() if c not in ("36110", "50110"))


def test_sido_keep_their_own_name():
    gdf = load_boundaries("sido")
    assert place_names(gdf, "ko").equals(gdf["name_ko"].astype(str))


def test_tooltip_box_wraps_at_the_max_width_and_escapes():
    long_source = "통계청 지역소득 " * 20
    tip = tooltip_table({"값": "1.0", "자료": long_source, "<b>x</b>": "<script>"}, "중구 (서울)")
    assert tip.startswith(f"<div style='max-width:min({TOOLTIP_MAX_WIDTH}px, {TOOLTIP_MAX_SHARE}vw);")
    assert "white-space:normal" in tip and "overflow-wrap:anywhere" in tip
    assert "<script>" not in tip and "&lt;script&gt;" in tip and "&lt;b&gt;x&lt;/b&gt;" in tip
    assert TOOLTIP_MAX_WIDTH <= 340 and TOOLTIP_MAX_SHARE < 50  # under half the map: fits beside the pointer


def test_page_region_names_name_the_sido_below_the_sido_level():
    from ui.mapview import region_name

    sigungu, sido = load_boundaries("sigungu"), load_boundaries("sido")
    assert region_name(sigungu, "11140", "ko") == "중구 (서울) · Jung-gu (Seoul)"
    assert region_name(sigungu, "26110", "en") == "Jung-gu (Busan) · 중구 (부산)"
    assert region_name(sido, "11", "ko") == "서울특별시 (Seoul)"
    assert region_name(sigungu, "36110", "ko") == "세종시 · Sejong-si"  # not "Sejong-si (Sejong)"
