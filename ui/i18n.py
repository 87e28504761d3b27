"""UI strings in Korean and English: one table, looked up by key."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("RIES 아틀라스 — 지역혁신생태계 지도", "RIES Atlas — Korea's regional innovation ecosystem"),
    "subtitle": (
        "연구개발·인력·생산 입지의 공간 불일치 (수도권 대 비수도권)",
        "Spatial mismatch of R&D, workforce and production (capital region vs the provinces)",
    ),
    "lang": ("언어 / Language", "Language / 언어"),
    "tab_map": ("지도", "Map"),
    "tab_mismatch": ("불일치", "Mismatch"),
    "tab_clusters": ("공간군집", "Clusters"),
    "tab_change": ("변화", "Change"),
    "tab_import": ("내 자료", "Your data"),
    "tab_data": ("자료·출처", "Data & sources"),
    "level": ("공간 단위", "Level"),
    "layer": ("부문", "Layer"),
    "indicator": ("지표", "Indicator"),
    "year": ("연도", "Year"),
    "mode": ("표시 방식", "Show as"),
    "mode_raw": ("원값", "Value"),
    "mode_share": ("전국 대비 비중 (%)", "Share of national total (%)"),
    "mode_per_capita": ("인구 1인당", "Per capita"),
    "scheme": ("구간 분류", "Classification"),
    "k": ("구간 수", "Classes"),
    "bins": ("구간 상한 (쉼표로 구분)", "Class upper bounds (comma-separated)"),
    "pooled": ("연도 공통 구간 (Pooled)", "Same classes for all years (pooled)"),
    "tiles": ("배경지도 타일 (인터넷 필요)", "Base-map tiles (needs internet)"),
    "play": ("▶ 연도 재생", "▶ Play years"),
    "play_help": ("연도를 차례로 보여 줍니다. 재생 중에는 모든 연도 공통 구간을 씁니다.",
                  "Steps through the years; while playing, classes are pooled over all years."),
    "year_back": ("이전 연도", "Previous year"),
    "year_fwd": ("다음 연도", "Next year"),
    "pooled_playing": ("연도 공통 구간 (재생 중)", "classes pooled over all years (playing)"),
    "overlay": ("겹쳐 보기 (원 크기)", "Overlay (proportional circles)"),
    "no_data": ("자료 없음", "no data"),
    "capital": ("수도권", "Capital region"),
    "noncapital": ("비수도권", "Non-capital"),
    "rank": ("순위", "Rank"),
    "source": ("출처", "Source"),
    "value": ("값", "Value"),
    "profile": ("선택 지역", "Selected region"),
    "click_hint": ("지도에서 지역을 클릭하면 상세 정보가 표시됩니다.", "Click a region on a map to see its profile."),
    "x": ("X (예: 연구개발)", "X (e.g. R&D)"),
    "y": ("Y (예: 제조업 생산)", "Y (e.g. manufacturing)"),
    "hoover": ("후버 불일치 지수", "Hoover dissimilarity"),
    "theil_kl": ("타일(KL) 불일치", "Theil (KL) mismatch"),
    "cap_share_x": ("X의 수도권 비중", "Capital-region share of X"),
    "cap_share_y": ("Y의 수도권 비중", "Capital-region share of Y"),
    "statistic": ("통계량", "Statistic"),
    "alpha": ("유의수준", "Significance level"),
    "fdr": ("FDR 보정", "FDR correction"),
    "permutations": ("순열 횟수", "Permutations"),
    "seed": ("난수 시드", "Seed"),
    "small_n": (
        "시도는 17개뿐이어서 순열검정의 검정력이 약합니다. 결과는 참고용으로만 해석하십시오.",
        "With only 17 sido, permutation inference is weak: read these results as indicative only.",
    ),
}


def t(key: str, lang: str) -> str:
    """The string ``key`` in ``lang`` ("ko" or "en")."""
    ko, en = STRINGS[key]
    return ko if lang == "ko" else en
