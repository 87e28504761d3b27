"""Korean provenance of the bundled indicators (issue 25, item 6): catalogue notes and licence, source publisher,
table, licence and note, so a Korean page, PDF or slide never shows the English provenance.

Called by ``scripts/build_indicators.py``. The Korean fields are written beside the English ones
(``catalogue.notes_ko``, ``catalogue.licence_ko``, ``sources.publisher_ko``, ``table_ko``, ``licence_ko``,
``note_ko``). :func:`ko` translates a recorded English text through :data:`TEXT_KO` and stops the build when a text
that contains Latin words has no Korean version (so a new source cannot slip through in English); KOSIS table ids
(``KOSIS DT_1C81``) are the same in both languages.
"""

from __future__ import annotations

import re

KOGL1_KO = "공공누리 제1유형 (출처표시)"
NEWS_KO = "인용한 보도·자료의 사실(수치)만 사용 (본문은 옮기지 않음)"

# ---------------------------------------------------------------------------------------------------------
# Catalogue notes of scripts/build_indicators.py (STORED and DERIVED), by id
# ---------------------------------------------------------------------------------------------------------
SEJONG_GRDP_KO = "세종은 2013년부터(그 전에는 충남, 일부 충북에 포함: 충남 계열이 2013년에 줄어듦)."
SEJONG_POP_KO = "세종은 2012년부터(그 전에는 충남, 일부 충북에 포함: 충남 계열이 2012년에 줄어듦)."
SEJONG_LFS_KO = "세종은 2017년부터 따로 공표(그 전에는 충남에 포함: 충남 계열이 2017년에 줄어듦)."
GRDP2020_KO = "통계청 지역소득, 2020년 기준; 2023년은 잠정. " + SEJONG_GRDP_KO
GRDP2010_KO = "통계청 지역소득, 2010년 기준(구 계열, 2010-2017년, 16개 시도: 세종 별도 없음) — 2020년 기준 계열과 섞지 마세요."
CHAIN_KO = " 연쇄 실질값은 더해지지 않아 지역 합이 전국 수치와 다릅니다."
SHARE_KO = "하나의 전국 총량에 대한 비중이라 지역끼리 더할 수 있습니다('extensive')."
RD_KO = (
    "연구개발비는 수행 기관 소재지 기준(연구개발활동조사, 과기정통부/KISTEP). 공식 조사를 인용한 보도·보도자료에서 읽은 "
    "값이라 드문드문하고 일부는 반올림(sources.note 참조)."
)
RATIO_BREAK_KO = "두 입력 중 하나만 세종을 따로 싣는 해에는 충남을 뺍니다(두 수치의 구역이 다름)."
MFG_SURVEY_KO = (
    "광업·제조업조사(KOSIS 101/DT_1FS1101), 제조업(산업분류 C)만, 종사자 10인 이상 사업체; 17개 시도 + 전국, 시도 합은 "
    "전국과 정확히 같음. 2024년은 공개 저장소의 KOSIS 원자료 추출본, 2021-2023년은 다른 저장소의 추출본(둘 다 sources.csv; "
    "2024년 두 추출본은 정확히 같음, 검증). 제3자가 전달한 1차 통계. mms_* 계열(광업+제조업, 전국)과 비교할 수 없습니다."
)

NOTES_KO: dict[str, str] = {
    "employed_persons": "경제활동인구조사 추정치(천명): 지역 합이 전국 수치와 꼭 같지는 않습니다. " + SEJONG_LFS_KO,
    "population_15plus": "경제활동인구조사 추정치(천명). " + SEJONG_LFS_KO,
    "employment_rate_15plus": "취업자 / 15세 이상 인구 × 100 (경제활동인구조사). " + SEJONG_LFS_KO,
    "tertiary_educated_share_of_econ_active": "경제활동인구 중 전문대졸 이상 비율(%, 통계청 지역통계 지표). 시도는 수도권 3개 "
    "시도만.",
    "workers_all_industries": "전국사업체조사(2020년 이전 방식). 수도권 시도, 수도권 합계, 전국만.",
    "population_registered": "연말 주민등록인구(내국인). " + SEJONG_POP_KO + " 시군구는 2014년만: 229개 자치 시군구를 수록 "
    "코드에 대응(sigungu_2014_crosswalk.csv); 2014년 시도별로 묶으면 시도 값과 정확히 같음. 군위군(27720)은 2014년에 경북: "
    "수록 시도 기준으로 더하면 24,170명이 대구로 옮겨 갑니다.",
    "foreign_residents": "시군구만(2014년 인구와 같은 229개 단위·대응표). 행정안전부 2015 지방자치단체 외국인주민 현황, 연도는 "
    "자료 표기대로; 조사 기준일 2015-01-01(행정안전부 보도자료 2015-07-05). 229개 값의 합 1,376,162명은 한국 국적이 없는 "
    "외국인주민(공표: 1,741,919명 중 79 %, 138만 명; 귀화자·자녀 제외). 연말 2014년 인구와 비율을 만들지 않음(연도 표기 다름).",
    "grdp_nominal_b2020": GRDP2020_KO + " 17개 시도 합은 전국 수치와 정확히 같음.",
    "grdp_real_chained_b2020": GRDP2020_KO + CHAIN_KO,
    "grdp_nominal_b2010": GRDP2010_KO,
    "grdp_real_chained_b2010": GRDP2010_KO + CHAIN_KO,
    "grdp_real_2015prices": "경제권역만(통계청 지역통계 지표, 통계청 재집계), 2015년 기준: 세 번째 계열이라 2010·2020년 기준 "
    "계열과 섞지 마세요.",
    "gva_total_basic_prices_nominal_b2020": GRDP2020_KO,
    "establishments_all_industries": "전국사업체조사(2020년 이전 방식). 수도권 시도, 수도권 합계, 전국만.",
    "gva_manufacturing_nominal_b2020": GRDP2020_KO + " 전국 수치와 정확히 합이 맞음.",
    "gva_manufacturing_real_chained_b2020": GRDP2020_KO + CHAIN_KO,
    "gva_mining_manufacturing_nominal_b2020": GRDP2020_KO,
    "gva_electronics_precision_mfg_nominal_b2020": GRDP2020_KO,
    "gva_machinery_transport_mfg_nominal_b2020": GRDP2020_KO,
    "gva_petro_chemical_mfg_nominal_b2020": GRDP2020_KO,
    "gva_metal_mineral_mfg_nominal_b2020": GRDP2020_KO,
    "gva_manufacturing_nominal_b2010": GRDP2010_KO,
    "gva_manufacturing_real_chained_b2010": GRDP2010_KO + CHAIN_KO,
    "mms_establishments": "광업·제조업조사, 전국만, 일부 연도; 대부분 보도된 잠정 결과.",
    "mms_workers": "광업·제조업조사, 전국만, 일부 연도; 대부분 잠정.",
    "mms_shipments": "광업·제조업조사, 전국만, 일부 연도; 대부분 잠정.",
    "mms_value_added": "광업·제조업조사(지역계정 부가가치가 아닌 조사 부가가치), 전국만.",
    "mfg_survey_establishments": MFG_SURVEY_KO,
    "mfg_survey_employees": MFG_SURVEY_KO,
    "mfg_survey_shipments": MFG_SURVEY_KO,
    "gva_prof_sci_tech_services_nominal_b2020": GRDP2020_KO + " 연구개발업 포함(지역계정에서 연구개발 산출에 가장 가까운 대리 "
    "지표).",
    "gva_information_communication_nominal_b2020": GRDP2020_KO,
    "gva_finance_insurance_nominal_b2020": GRDP2020_KO,
    "gva_business_services_nominal_b2020": GRDP2020_KO + " 전문·과학·기술 서비스업을 포함하므로 둘을 더하지 마세요.",
    "gva_services_nominal_b2020": GRDP2020_KO,
    "rd_expenditure": RD_KO + " 전국 합계 2010-2023년; 시도는 일부 지역·연도만.",
    "rd_expenditure_share_pct": RD_KO + " " + SHARE_KO + " 2022년 17개 시도 전체(합 100.0; 수도권 70.1). 수도권/비수도권 "
    "소계는 2018년(69.8/30.2)과 2023년(수도권 70.2)에도 공표.",
    "rd_expenditure_per_capita": RD_KO + " 2022년, 전국·수도권·비수도권만.",
    "rd_expenditure_share_of_real_grdp": "통계청 지역통계 지표(연구개발비 / 실질 GRDP × 100). 권역과 수도권 시도.",
    "rd_intensity_pct_grdp": RD_KO + " 자료에 적힌 대로(명목 GRDP), 2009-2011년, 일부 지역.",
    "rd_performing_org_share": "국토지리정보원 국가지도집(2021), 2019년 연구개발활동조사 기준; 상위 5개 지역만. " + SHARE_KO,
    "rd_personnel_per_1000_pop": "국토지리정보원 국가지도집(2021), 2019년 연구개발활동조사 기준; 상위 4개 지역만.",
    "rd_researchers_headcount": RD_KO,
    "rd_researchers_fte": RD_KO + " 전국만.",
    "rd_researchers_per_1000_pop": RD_KO + " 2011년(충청지방통계청)과 2019년(국가지도집, 상위 5개만).",
    "rd_researchers_share_of_national": RD_KO + " " + SHARE_KO,
    "gov_rd_expenditure_share_of_national": "정부 연구개발비만(민간 제외), 국회의원 보도자료로 공개된 과기정통부 자료. "
    + SHARE_KO + " 2023년 17개 시도 전체(표기된 합 99.8; 수도권 34.7, 비수도권 65.3 모두 공표); 수도권/비수도권은 2019년도. "
    "전국 총액이 없어 금액은 산출하지 않으며, KISTEP 사업 표나 조사의 총 연구개발비와 섞지 마세요(전국 총액이 다름).",
    "patent_applications_per_million_pop": "통계청 지역통계 지표; 경제권역만.",
    # derived
    "grdp_per_capita_b2020": "지역내총생산(명목, 2020년 기준) / 연말 주민등록인구(외국인 제외). " + RATIO_BREAK_KO,
    "gva_per_employed_b2020": "총부가가치(기초가격, 명목) / 취업자(조사, 거주지 기준: 서울로의 통근이 서울 값을 키움). "
    + RATIO_BREAK_KO,
    "grdp_per_employed_b2020": "지역내총생산(명목) / 취업자(조사, 거주지 기준). " + RATIO_BREAK_KO,
    "manufacturing_share_of_grdp_b2020": "제조업 부가가치 / 지역내총생산(시장가격, 순생산물세 포함) × 100, 명목. "
    + RATIO_BREAK_KO,
    "prof_sci_tech_share_of_grdp_b2020": "지역경제의 지식서비스(연구개발업 포함) 비중, 명목. " + RATIO_BREAK_KO,
    "ict_share_of_grdp_b2020": "명목. " + RATIO_BREAK_KO,
    "grdp_share_of_national_b2020": SHARE_KO + " 명목.",
    "manufacturing_share_of_national_b2020": SHARE_KO + " 명목.",
    "prof_sci_tech_share_of_national_b2020": SHARE_KO,
    "employed_share_of_national": SHARE_KO + " 표본 추정치라 지역 비중의 합은 반올림 범위에서만 100입니다.",
    "population_share_of_national": SHARE_KO,
    "rd_expenditure_from_share": "산출한 금액이며 공표 수치가 아님: 공표된 지역 비중(0.1 %p 반올림) × 같은 해 공표 전국 "
    "총액; 지역마다 전국 총액의 ±0.05 %까지 오차. 2022년 17개 시도 전체.",
    "rd_expenditure_from_share_per_capita": "산출 금액 / 연말 주민등록인구. 검증: 수도권 값이 공표된 3,032,624원(2022)과 "
    "비중 반올림 범위에서 같음. " + RATIO_BREAK_KO,
    "rd_intensity_from_share_b2020": "산출 연구개발비(억원) / 명목 지역내총생산(백만원, 2020년 기준) × 100 "
    "(억원 = 100 백만원). " + RATIO_BREAK_KO,
}

# ---------------------------------------------------------------------------------------------------------
# Source texts: publisher, table, licence and note (English as recorded → Korean)
# ---------------------------------------------------------------------------------------------------------
TEXT_KO: dict[str, str] = {
    # publishers (build_indicators.PUBLISHERS and extra_published.csv)
    "Ministry of the Interior and Safety (행정안전부)": "행정안전부",
    "National Geographic Information Institute (국토지리정보원)": "국토지리정보원",
    "MSIT (과학기술정보통신부) data, released by a lawmaker's office": "과학기술정보통신부 자료 (국회의원실 공개)",
    "KISTEP (한국과학기술기획평가원) / MSIT": "한국과학기술기획평가원 / 과학기술정보통신부",
    "Statistics Korea, Chungcheong regional office (충청지방통계청)": "충청지방통계청",
    "Statistics Korea (통계청)": "통계청",
    "Statistics Korea (KOSTAT, 통계청)": "통계청",
    "Gyeonggi Province / GSTEP (경기도, 경기과학기술진흥원)": "경기도, 경기과학기술진흥원",
    "Bank of Korea, Gyeonggi office (한국은행 경기본부)": "한국은행 경기본부",
    "MOTIE / KIAT (산업통상자원부, 한국산업기술진흥원)": "산업통상자원부, 한국산업기술진흥원",
    "MSIT (과학기술정보통신부) and predecessors": "과학기술정보통신부(및 전신 부처)",
    "Academy of Korean Studies (한국향토문화전자대전)": "한국학중앙연구원 (한국향토문화전자대전)",
    "Seoul Institute (서울연구원)": "서울연구원",
    "MSIT (과학기술정보통신부) data submitted to Rep. Kim Jang-gyeom (김장겸), released in his press release of "
    "2024-10-10": "과학기술정보통신부가 김장겸 의원실에 제출한 자료 (2024-10-10 보도자료)",
    # tables
    "광업·제조업조사 (Mining and Manufacturing Survey)": "광업·제조업조사",
    "Main Science and Technology Indicators 2016-1": "과학기술통계 주요지표 2016-1",
    "연구개발활동조사 (Survey of Research and Development in Korea)": "연구개발활동조사",
    "KOSTAT regional indicator 인구 백만 명당 특허 출원 건수": "통계청 지역통계 지표: 인구 백만 명당 특허 출원 건수",
    "산업기술통계 (KIAT)": "산업기술통계 (한국산업기술진흥원)",
    "MSIT submission to the National Assembly (연구개발활동조사 by region), press release 2024-10-10":
        "과학기술정보통신부 국회 제출 자료 (지역별 연구개발활동조사), 2024-10-10 보도자료",
    "정부연구개발비 (government R&D, private excluded) regional shares, MSIT submission to the National Assembly; "
    "press release '국가 총 연구개발비 70% 이상 수도권 집중' (2024-10-10); 총 연구개발비 (total R&D, government/public "
    "+ private; 연구개발활동조사) capital/non-capital shares, MSIT submission to the National Assembly; press release "
    "'국가 총 연구개발비 70% 이상 수도권 집중' (2024-10-10)":
        "정부연구개발비(민간 제외) 지역 비중, 과기정통부 국회 제출 자료; 보도자료 '국가 총 연구개발비 70% 이상 수도권 집중' "
        "(2024-10-10); 총 연구개발비(정부·공공 + 민간; 연구개발활동조사) 수도권/비수도권 비중, 같은 자료·보도자료",
    # source notes (" | NOTE:" of the shared files, extra_published.csv)
    "data/indicators/raw/extra_published.csv (per-figure notes there)":
        "data/indicators/raw/extra_published.csv (수치별 메모는 그 파일에)",
    "rounded (42%)": "반올림 (42%)",
    "7.4% of national": "전국의 7.4%",
    "source gives 10조5천억원 (rounded to 0.1조)": "자료 표기 10조5천억원 (0.1조 단위 반올림)",
    "value read as \"89471억원\" with 조 lost in page text; interpreted as 89조471억원 (=857,287+33,184 stated "
    "increase). Treat as reconstructed.":
        "페이지 본문에서 '조'가 빠진 \"89471억원\"으로 읽힘; 89조471억원(= 857,287 + 명시된 증가분 33,184)으로 해석. 복원한 "
        "값으로 취급.",
    "source: 4502억8900만원": "자료 표기: 4502억8900만원",
    "outside window; rounded": "기간 밖; 반올림",
    "primary KOSIS figures relayed by a third party; that file also holds the KSIC divisions C10-C34 by sido (not "
    "bundled)": "제3자가 전달한 KOSIS 1차 통계; 그 파일에는 시도별 제조업 중분류 C10-C34도 있음(수록하지 않음)",
    "top-4 only reported; Daejeon rounded to 20%": "상위 4개만 보도; 대전은 20%로 반올림",
    "source says 약 4,685억원 (approx.)": "자료 표기: 약 4,685억원",
    "article text also says \"5조 5700만원\" elsewhere (typo); 5조6701억원 used":
        "기사 다른 곳에 \"5조 5700만원\"(오기)도 있음; 5조6701억원 사용",
    "source: \"약 15.5%\"": "자료 표기: \"약 15.5%\"",
    "KIAT 산업기술통계 figure; verify": "한국산업기술진흥원 산업기술통계 수치; 확인 필요",
    "source gives 33조1천억원 (rounded to 0.1조)": "자료 표기 33조1천억원 (0.1조 단위 반올림)",
    "ranked 13th-14th of 17 together with 전남": "17개 시도 중 전남과 함께 13-14위",
    "outside 2010-2023 window; kept for context": "2010-2023년 밖; 참고용으로 유지",
    "outside window; context": "기간 밖; 참고용",
    "rounded": "반올림",
    "source: \"약 12만6,449명\"": "자료 표기: \"약 12만6,449명\"",
    # licences
    "KOGL type 1 (공공누리 제1유형: free use with source attribution)": KOGL1_KO,
    "facts quoted from the cited report (figure only; text not reproduced)": NEWS_KO,
    "KOGL type 1 (공공누리 제1유형: free use with source attribution) — KOSIS table TX_11025_A001, figures read "
    "through the third-party compilation named in where_read":
        KOGL1_KO + " — KOSIS 표 TX_11025_A001, where_read에 적힌 제3자 정리본을 통해 읽은 수치",
    "as its inputs": "입력 자료와 같음",
}
_NEUTRAL = re.compile(r"^KOSIS (?:\d+/)?[A-Z]{2}_\w+$")
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def ko(text: str, what: str = "text") -> str:
    """The Korean version of a recorded English provenance text (stops the build when none is registered).

    Texts without Latin words (already Korean) and KOSIS table ids are returned as they are.

    Examples
    --------
    >>> ko("KOSIS DT_1C81"), ko("Statistics Korea (KOSTAT, 통계청)")
    ('KOSIS DT_1C81', '통계청')
    """
    text = str(text)
    if text in TEXT_KO:
        return TEXT_KO[text]
    if not text or _NEUTRAL.match(text) or not _LATIN_WORD.search(re.sub(r"KOSIS|KOSTAT|DT_\w+|GC\d+", "", text)):
        return text
    raise SystemExit(f"build_indicators: no Korean version of the {what} {text!r}; add it to "
                     "scripts/provenance_ko.py TEXT_KO")


def licence_ko(licence: str) -> str:
    """Korean licence text; a licence that joins several with '; ' is translated part by part."""
    if str(licence) in TEXT_KO:
        return TEXT_KO[str(licence)]
    return "; ".join(ko(p, "licence") for p in str(licence).split("; "))
