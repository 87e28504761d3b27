"""Names people can read: si-gun-gu name their sido; tooltips wrap at a fixed width and escape every text."""

from __future__ import annotations

import pytest

from geo.boundaries import load_boundaries
from geo.maps import TOOLTIP_MAX_SHARE, TOOLTIP_MAX_WIDTH, tooltip_table
from geo.names import place_names, sido_short_names


@pytest.mark.parametrize("autonomous", [False, True])
def test_every_sigungu_name_carries_its_sido_and_ambiguous_names_become_distinct(autonomous):
    gdf = load_boundaries("sigungu", autonomous=autonomous)
    ko, en = place_names(gdf, "ko"), place_names(gdf, "en")
    assert ko["11140"] == "서울 중구" and ko["26110"] == "부산 중구" and ko["31200"] == "울산 북구"
    assert en["11140"] == "Jung-gu, Seoul" and en["31200"] == "Buk-gu, Ulsan"
    goseong = gdf.index[gdf["name_ko"] == "고성군"]
    assert len(goseong) == 2 and ko[goseong].nunique() == 2  # Gangwon's and Gyeongnam's
    assert ko.is_unique and en.is_unique  # every name repeated in Korea becomes distinct
    short = set(sido_short_names("ko").values())
    # always with the sido, except the one whose name is the sido's (세종시, 제주시), not repeated
    assert all(n.split(" ")[0] in short for n in ko if n not in ("세종시", "제주시"))
    assert ko["36110"] == "세종시" and ko["50110"] == "제주시" and ko["50130"] == "제주 서귀포시"
    assert ko["26230"] == "부산 부산진구" and en["36110"] == "Sejong-si"


def test_eup_myeon_dong_names_carry_their_si_gun_gu_and_sido():
    emd = load_boundaries("emd")
    ko, en = place_names(emd, "ko"), place_names(emd, "en")
    assert ko["11110101"] == "서울 종로구 청운동" and en["11110101"] == "Cheongun-dong, Jongno-gu, Seoul"
    assert ko["36110101"] == "세종시 반곡동"
    assert ko.is_unique


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
    assert region_name(sigungu, "11140", "ko") == "서울 중구 · Jung-gu, Seoul"
    assert region_name(sigungu, "26110", "en") == "Jung-gu, Busan · 부산 중구"
    assert region_name(sido, "11", "ko") == "서울특별시 · Seoul"
