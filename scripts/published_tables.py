"""The tidy published tables of ``../shared/data/compiled/`` (issue 26) as indicator rows, sources and catalogue.

Called by ``scripts/build_indicators.py`` (the only code that reads ``../shared``). Every figure is the published
one, reshaped and coded; the documented exceptions are written in each catalogue row:

* **half-yearly** local-area labour force survey (지역별고용조사): one reference period per year, the **H2
  (October) round**; H1 figures are not bundled (never mixed with H2);
* **monthly** economically-active population survey (경제활동인구조사): the **annual mean of the 12 published
  months**, marked ``derived`` with ``derivation = annual_mean(12)``; a year with fewer than 12 published months
  is not formed (a month is never filled);
* real value added at chained 2020 prices: 억원 converted to the catalogue's KRW million (× 100, exact decimal
  arithmetic);
* the Mining and Manufacturing Survey: ``X`` (suppressed) is missing, ``-`` is a zero (see :data:`MMS_DASH`).

Each ``build_*`` function reads one file, checks what the shared README lists under "Checks that hold" (a failed
check stops the build) and returns a :class:`Table`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

KOGL1 = "KOGL type 1 (공공누리 제1유형: free use with source attribution)"
KOGL1_KO = "공공누리 제1유형 (출처표시)"
KOSTAT, KOSTAT_KO = "Statistics Korea (KOSTAT, 통계청)", "통계청"
SIDO_CODES = ("11", "26", "27", "28", "29", "30", "31", "36", "41", "43", "44", "46", "47", "48", "50", "51", "52")
_M = "KRW million"

# Reference periods (catalogue column ``reference_period``); the store and the CLI read them.
H2, MEAN12, Q4 = "H2", "annual_mean", "Q4"


@dataclass
class Table:
    """What one compiled file adds to the bundle."""

    rows: pd.DataFrame
    sources: list[dict[str, str]]
    stored: list[dict[str, object]]
    derived: list[dict[str, object]] = field(default_factory=list)
    report: dict[str, object] = field(default_factory=dict)


def sha256(path: Path) -> str:
    """Hex sha256 of a file (recorded in ``sources.csv``)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _source(key: str, path: Path, *, publisher: str, publisher_ko: str, table: str, table_ko: str, raw: str,
            note: str, note_ko: str, source_type: str = "primary") -> dict[str, str]:
    """One ``sources.csv`` row: the raw file read (repository@commit path), the compiled file and its sha256."""
    return dict(
        source_id=f"T{key}", publisher=publisher, table=table,
        where_read=f"{raw}; compiled as ../shared/data/compiled/{path.name} (sha256 {sha256(path)})",
        source_type=source_type, licence=KOGL1,
        retrieved="raw file committed in a public repository (commit named in where_read)", note=note,
        publisher_ko=publisher_ko, table_ko=table_ko, licence_ko=KOGL1_KO, note_ko=note_ko,
    )


def _entry(ident: str, ko: str, en: str, layer: str, unit: str, unit_ko: str, scale: float, notes: str,
           notes_ko: str, *, period: str = "", nature: str = "extensive", base_year: str = "none",
           derivation: str = "") -> dict[str, object]:
    return dict(id=ident, label_ko=ko, label_en=en, layer=layer, unit=unit, unit_ko=unit_ko, scale=scale,
                nature=nature, base_year=base_year, notes=notes, notes_ko=notes_ko, reference_period=period,
                derivation=derivation)


def _rows(df: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """``code, level, year, indicator, value, source_id`` with the level from the code (``00`` = national)."""
    out = df[["code", "year", "indicator", "value"]].copy()
    out["code"] = out["code"].astype(str)
    out["level"] = np.where(out["code"] == "00", "national",
                            np.where(out["code"].str.len() == 2, "sido", "sigungu"))
    bad = out.loc[(out["level"] == "sido") & ~out["code"].isin(SIDO_CODES), "code"].unique()
    if len(bad):
        raise SystemExit(f"build_indicators: unknown sido codes {list(bad)}")
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype(float)
    out["source_id"] = source_id
    out = out.dropna(subset=["value"])
    return out[["code", "level", "year", "indicator", "value", "source_id"]].reset_index(drop=True)


def _fail(what: str, detail: object) -> None:
    raise SystemExit(f"build_indicators: {what}:\n{detail}")


# ---------------------------------------------------------------------------------------------------------
# Occupation, local-area labour force survey, half-yearly (H2 kept)
# ---------------------------------------------------------------------------------------------------------
OCC_FILE = "employed_by_occupation_sido_halfyear_2015-2025__kosis-local-area-lfs.csv"
H2_NOTE = (
    "Half-yearly survey (April = H1, October = H2 reference months): one reference period per year is bundled, "
    "the H2 (October) round, filed under its year; H1 figures are not bundled. "
)
H2_NOTE_KO = (
    "반기 조사(상반기 4월, 하반기 10월 기준): 연도마다 하나의 기준 시점, 하반기(10월) 조사만 그 연도로 수록하며 "
    "상반기 수치는 수록하지 않습니다. "
)
OCC_NOTE = (
    "지역별고용조사 (local-area labour force survey), employed persons by KSCO major occupation group, thousand "
    "persons, by place of residence. Survey estimates: groups sum to the total within ±3 and the 17 sido to the "
    "national figure within ±4 (checked). Sejong from 2017 (2015-2016 printed '-', its territory counted in "
    "Chungnam). Small groups (managers, about 400 thousand nationally) move with sampling noise between rounds. "
)
OCC_NOTE_KO = (
    "지역별고용조사 직업 대분류별 취업자(천명, 거주지 기준). 표본조사 추정치: 직업별 합은 계와 ±3, 17개 시도 합은 전국과 "
    "±4 이내로 일치(검증). 세종은 2017년부터(2015-2016년은 '-', 충남에 포함). 관리자처럼 작은 집단(전국 약 40만 명)은 "
    "조사 회차 간 표본 변동이 큽니다. "
)
# occupation as printed → (id, label_ko, label_en, layer)
OCCUPATIONS: dict[str, tuple[str, str, str, str]] = {
    "계": ("employed_occ_total", "취업자 (직업별 조사 합계, 하반기)", "Employed persons, all occupations (H2)",
          "workforce"),
    "관리자": ("employed_occ_managers", "관리자 (하반기)", "Managers (H2)", "workforce"),
    "전문가 및 관련 종사자": ("employed_occ_professionals", "전문가 및 관련 종사자 (하반기)",
                      "Professionals and related workers (H2)", "workforce"),
    "사무 종사자": ("employed_occ_clerical", "사무 종사자 (하반기)", "Clerical workers (H2)", "workforce"),
    "서비스 종사자": ("employed_occ_service", "서비스 종사자 (하반기)", "Service workers (H2)", "workforce"),
    "판매 종사자": ("employed_occ_sales", "판매 종사자 (하반기)", "Sales workers (H2)", "workforce"),
    "농림어업 숙련 종사자": ("employed_occ_agri_fishery", "농림어업 숙련 종사자 (하반기)",
                    "Skilled agricultural, forestry and fishery workers (H2)", "workforce"),
    "기능원 및 관련 기능 종사자": ("employed_occ_craft", "기능원 및 관련 기능 종사자 (하반기)",
                        "Craft and related trades workers (H2)", "workforce"),
    "장치‧기계 조작 및 조립 종사자": ("employed_occ_machine_operators", "장치·기계 조작 및 조립 종사자 (하반기)",
                           "Equipment, machine operating and assembling workers (H2)", "production"),
    "단순 노무 종사자": ("employed_occ_elementary", "단순 노무 종사자 (하반기)", "Elementary workers (H2)",
                  "workforce"),
}
OCC_EXTRA = {
    "employed_occ_machine_operators": (
        " The production-side occupation: plant and machine operators and assemblers (KSCO 8).",
        " 생산 현장 직업: 장치·기계 조작 및 조립 종사자(한국표준직업분류 8).",
    ),
    "employed_occ_professionals": (
        " The skilled-workforce layer: professionals and related workers (KSCO 2), incl. researchers and "
        "engineers.",
        " 숙련 인력 층: 전문가 및 관련 종사자(한국표준직업분류 2; 연구원·기술자 포함).",
    ),
}


def build_occupation(shared: Path) -> Table:
    """Employed persons by occupation by sido, H2 of every year 2015-2025 (checks on every published round)."""
    path = shared / "compiled" / OCC_FILE
    raw = pd.read_csv(path, dtype={"sido_code_mois": str})
    if set(raw["occupation"]) != set(OCCUPATIONS):
        _fail(f"{OCC_FILE}: occupations differ from the registry", sorted(set(raw["occupation"]) ^ set(OCCUPATIONS)))
    wide = raw.pivot_table(index=["sido_code_mois", "period"], columns="occupation", values="employed_thousand")
    groups = [c for c in OCCUPATIONS if c != "계"]
    diff = wide[groups].sum(axis=1, min_count=9) - wide["계"]
    if (diff.abs() > 3).any():
        _fail(f"{OCC_FILE}: occupations do not sum to the total within ±3", diff[diff.abs() > 3])
    sido = raw[raw["sido_code_mois"] != "00"].groupby(["period", "occupation"])["employed_thousand"].sum()
    nat = raw[raw["sido_code_mois"] == "00"].set_index(["period", "occupation"])["employed_thousand"]
    gap = sido - nat
    if (gap.abs() > 4).any():
        _fail(f"{OCC_FILE}: 17 sido differ from the national figure by more than 4", gap[gap.abs() > 4])
    if wide.at[("00", "2019H1"), "계"] != 27038:
        _fail(f"{OCC_FILE}: national 2019H1 total", "expected 27,038 as published")
    missing = raw[raw["employed_thousand"].isna()]
    if set(missing["sido_code_mois"]) != {"36"} or set(missing["period"]) != {"2015H1", "2015H2", "2016H1",
                                                                                "2016H2"}:
        _fail(f"{OCC_FILE}: unexpected missing cells", missing)
    h2 = raw[raw["period"].str.endswith("H2")]
    rows = pd.DataFrame({"code": h2["sido_code_mois"], "year": h2["period"].str[:4].astype(int),
                         "indicator": h2["occupation"].map(lambda o: OCCUPATIONS[o][0]),
                         "value": h2["employed_thousand"]})
    src = _source(
        "lfs_occupation", path, publisher=KOSTAT, publisher_ko=KOSTAT_KO,
        table="지역별고용조사 (Local Area Labour Force Survey): 시도별 직업별 취업자 (employed by occupation, half-yearly)",
        table_ko="지역별고용조사: 시도/직업별 취업자 (반기)",
        raw="cha1367/ge@e4fab8b4:data/시도별_직업별.csv (raw KOSIS export)",
        note="H2 (October) rounds bundled, H1 left out; Sejong '-' 2015-2016",
        note_ko="하반기(10월) 조사만 수록, 상반기 제외; 세종 2015-2016년 '-'")
    stored = []
    for ident, ko, en, layer in OCCUPATIONS.values():
        extra, extra_ko = OCC_EXTRA.get(ident, ("", ""))
        stored.append(_entry(ident, ko, en, layer, "thousand persons", "천명", 1000,
                             H2_NOTE + OCC_NOTE + extra.strip(), H2_NOTE_KO + OCC_NOTE_KO + extra_ko.strip(),
                             period=H2))
    share = H2_NOTE + "Share of the employed in the same survey round, %; "
    share_ko = H2_NOTE_KO + "같은 조사 회차 취업자 중 비율(%); "
    derived = [
        _entry("employed_occ_managers_professionals", "관리자·전문가 (하반기)", "Managers and professionals (H2)",
               "workforce", "thousand persons", "천명", 1000,
               "Managers + professionals and related workers (KSCO 1 + 2), the skilled-workforce measure; each a "
               "published survey estimate, so the sum carries both rounding errors. " + H2_NOTE,
               "관리자 + 전문가 및 관련 종사자(한국표준직업분류 1 + 2): 숙련 인력 지표. 두 추정치의 합이라 반올림 오차도 "
               "더해집니다. " + H2_NOTE_KO, period=H2,
               derivation="sum(employed_occ_managers, employed_occ_professionals)"),
        _entry("professionals_share_of_employed_occ", "취업자 중 전문가 비율 (하반기)",
               "Professionals as % of the employed (H2)", "workforce", "% of employed", "%", 1,
               share + "survey estimates.", share_ko + "표본조사 추정치.", period=H2, nature="intensive",
               derivation="ratio(employed_occ_professionals, employed_occ_total, 100)"),
        _entry("managers_professionals_share_of_employed_occ", "취업자 중 관리자·전문가 비율 (하반기)",
               "Managers and professionals as % of the employed (H2)", "workforce", "% of employed", "%", 1,
               share + "survey estimates.", share_ko + "표본조사 추정치.", period=H2, nature="intensive",
               derivation="ratio(employed_occ_managers_professionals, employed_occ_total, 100)"),
        _entry("machine_operators_share_of_employed_occ", "취업자 중 장치·기계 조작 및 조립 종사자 비율 (하반기)",
               "Machine operators and assemblers as % of the employed (H2)", "production", "% of employed", "%", 1,
               share + "survey estimates.", share_ko + "표본조사 추정치.", period=H2, nature="intensive",
               derivation="ratio(employed_occ_machine_operators, employed_occ_total, 100)"),
    ]
    return Table(_rows(rows, src["source_id"]), [src], stored, derived,
                 {"occupation: H2 rounds": int(h2["period"].nunique())})


# ---------------------------------------------------------------------------------------------------------
# Economically-active population survey, monthly → annual mean of 12 published months
# ---------------------------------------------------------------------------------------------------------
MEAN_NOTE = (
    "Annual mean of the 12 published months (derived: derivation annual_mean(12) = sum of the 12 monthly "
    "estimates / 12); a year with fewer than 12 published months is not formed (a month is never filled), so 2025 "
    "(January-September published) is absent. KOSTAT's own annual figure is the mean of the months: the mean of "
    "the monthly totals equals the published annual employed_persons within rounding (±0.7 thousand, checked). "
)
MEAN_NOTE_KO = (
    "12개월 공표치의 연평균(산출: annual_mean(12) = 월별 추정치 12개의 합 / 12). 공표된 달이 12개 미만인 해는 만들지 "
    "않으며(빈 달을 채우지 않음) 2025년(1-9월 공표)은 없습니다. 통계청의 연간 수치도 월 평균이며, 월별 취업자 합계의 평균은 "
    "공표된 연간 취업자 수와 반올림 범위(±0.7천명) 안에서 같습니다(검증). "
)
EAPS_NOTE = "경제활동인구조사 (economically active population survey), thousand persons, by place of residence. "
EAPS_NOTE_KO = "경제활동인구조사, 천명, 거주지 기준. "
EDU_FILE = "employed_by_education_sido_monthly_2017-2025__kosis-eaps.csv"
EDUCATION: dict[str, tuple[str, str, str, str]] = {
    "계": ("employed_edu_total", "취업자 (교육정도별 조사 합계, 연평균)", "Employed persons, all education levels "
          "(annual mean)", "workforce"),
    "초졸이하": ("employed_edu_primary_or_less", "초졸 이하 취업자 (연평균)",
             "Employed, primary education or less (annual mean)", "workforce"),
    "중졸": ("employed_edu_lower_secondary", "중졸 취업자 (연평균)", "Employed, lower secondary (annual mean)",
           "workforce"),
    "고졸": ("employed_edu_upper_secondary", "고졸 취업자 (연평균)", "Employed, upper secondary (annual mean)",
           "workforce"),
    "대졸이상": ("employed_edu_tertiary", "대졸 이상 취업자 (연평균)",
             "Employed university and college graduates (annual mean)", "workforce"),
    "전문대졸": ("employed_edu_junior_college", "전문대졸 취업자 (연평균)",
             "Employed junior-college graduates (annual mean)", "workforce"),
    "대학교졸이상": ("employed_edu_university", "대학교졸 이상 취업자 (연평균)",
               "Employed university graduates and above (annual mean)", "workforce"),
}
EDU_LEVELS = ("초졸이하", "중졸", "고졸", "대졸이상")
EAPS_IND_FILE = "employed_by_industry_sido_monthly_2017-2025__kosis-eaps.csv"
# sido rows of the EAPS industry table → (id, label_ko, label_en, layer, KSIC)
EAPS_INDUSTRIES: dict[str, tuple[str, str, str, str, str]] = {
    "계": ("employed_ind_total", "취업자 (산업별 조사 합계, 연평균)", "Employed persons, all industries (annual mean)",
          "workforce", "A-U"),
    "A 농업, 임업 및 어업(01~03)": ("employed_ind_agriculture", "농림어업 취업자 (연평균)",
                              "Employed in agriculture, forestry and fishing (annual mean)", "context", "A"),
    "* 광공업(B,C)": ("employed_ind_mining_manufacturing", "광공업 취업자 (연평균)",
                   "Employed in mining and manufacturing (annual mean)", "production", "B, C"),
    "C 제조업(10~34)": ("employed_ind_manufacturing", "제조업 취업자 (연평균)", "Employed in manufacturing (annual mean)",
                     "production", "C"),
    "* 사회간접자본 및 기타서비스업(D~U)": ("employed_ind_soc_services", "사회간접자본 및 기타서비스업 취업자 (연평균)",
                               "Employed in construction, utilities and services (annual mean)", "services",
                               "D-U"),
    "F 건설업(41~42)": ("employed_ind_construction", "건설업 취업자 (연평균)", "Employed in construction (annual mean)",
                     "context", "F"),
    "* 도소매·숙박음식점업(G,I)": ("employed_ind_trade_accommodation", "도소매·숙박음식점업 취업자 (연평균)",
                          "Employed in wholesale, retail, accommodation and food (annual mean)", "services", "G, I"),
    "* 사업·개인·공공서비스 및 기타(E,L~U)": ("employed_ind_business_personal_public",
                                 "사업·개인·공공서비스 및 기타 취업자 (연평균)",
                                 "Employed in business, personal and public services (annual mean)", "services",
                                 "E, L-U"),
    "* 전기·운수·통신·금융(D,H,J,K)": ("employed_ind_utilities_transport_ict_finance",
                              "전기·운수·통신·금융업 취업자 (연평균)",
                              "Employed in utilities, transport, ICT and finance (annual mean)", "services",
                              "D, H, J, K"),
}


def _annual_means(raw: pd.DataFrame, key: str, what: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Means of the 12 published months per (sido, ``key``, year); returns (means, the cells left out)."""
    df = raw.dropna(subset=["employed_thousand"]).assign(year=raw["month"].str[:4].astype(int))
    if df.duplicated(["sido_code_mois", key, "month"]).any():
        _fail(f"{what}: a month appears twice", df[df.duplicated(["sido_code_mois", key, "month"], keep=False)])
    g = df.groupby(["sido_code_mois", key, "year"])
    out = g["employed_thousand"].agg(["sum", "size"]).reset_index()
    months = g["month"].agg(lambda m: sorted(int(x[5:]) for x in m)).reset_index(drop=True)
    full = (out["size"] == 12) & months.map(lambda m: m == list(range(1, 13)))
    out["value"] = out["sum"] / 12.0
    return out[full.to_numpy()], out[~full.to_numpy()]


def build_education(shared: Path) -> Table:
    """Employed by education level by sido: annual means of 12 published months, 2017-2024."""
    path = shared / "compiled" / EDU_FILE
    raw = pd.read_csv(path, dtype={"sido_code_mois": str})
    wide = raw.pivot_table(index=["sido_code_mois", "month"], columns="education", values="employed_thousand")
    diff = wide[list(EDU_LEVELS)].sum(axis=1) - wide["계"]
    if (diff.abs() > 2).any():
        _fail(f"{EDU_FILE}: education levels do not sum to the total within ±2", diff[diff.abs() > 2])
    split = wide["전문대졸"] + wide["대학교졸이상"] - wide["대졸이상"]
    if (split.abs() > 1).any():
        _fail(f"{EDU_FILE}: 전문대졸 + 대학교졸이상 differs from 대졸이상 by more than 1", split[split.abs() > 1])
    if wide.at[("00", "2024-12"), "계"] != 28041:
        _fail(f"{EDU_FILE}: national 2024-12 total", "expected 28,041 as published")
    means, left = _annual_means(raw, "education", EDU_FILE)
    rows = pd.DataFrame({"code": means["sido_code_mois"], "year": means["year"],
                         "indicator": means["education"].map(lambda e: EDUCATION[e][0]), "value": means["value"]})
    src = _source(
        "eaps_education", path, publisher=KOSTAT, publisher_ko=KOSTAT_KO,
        table="경제활동인구조사 (Economically Active Population Survey): 행정구역(시도)/교육정도별 취업자 (monthly)",
        table_ko="경제활동인구조사: 행정구역(시도)/교육정도별 취업자 (월)",
        raw="wondde/Engineering-DB-Final@646e0937:data/new_data/행정구역_시도__교육정도별_취업자_20251117204725.csv "
            "(raw KOSIS export)",
        note="annual means of the 12 published months (derived); 2025 not formed (9 months)",
        note_ko="12개월 공표치의 연평균(산출); 2025년은 9개월뿐이라 만들지 않음")
    stored = []
    for ident, ko, en, layer in EDUCATION.values():
        stored.append(_entry(ident, ko, en, layer, "thousand persons", "천명", 1000, EAPS_NOTE + MEAN_NOTE,
                             EAPS_NOTE_KO + MEAN_NOTE_KO, period=MEAN12, derivation="annual_mean(12)"))
    derived = [_entry(
        "tertiary_share_of_employed_edu", "취업자 중 대졸 이상 비율 (연평균)",
        "University and college graduates as % of the employed (annual mean)", "workforce", "% of employed", "%", 1,
        "Annual mean of employed university and college graduates (대졸이상) / annual mean of all employed of the "
        "same table × 100.", "대졸 이상 취업자 연평균 / 같은 표의 취업자 연평균 × 100.", period=MEAN12,
        nature="intensive", derivation="ratio(employed_edu_tertiary, employed_edu_total, 100)")]
    return Table(_rows(rows, src["source_id"]), [src], stored, derived,
                 {"education: annual means": len(means), "education: cells not formed (< 12 months)": len(left)})


def build_eaps_industry(shared: Path, employed_persons: pd.Series | None = None) -> Table:
    """Employed by broad industry by sido (and national): annual means of 12 published months, 2017-2024.

    ``employed_persons`` (published annual employed persons, indexed by ``(code, year)``) checks the rule: the
    mean of the monthly totals must equal it within rounding.
    """
    path = shared / "compiled" / EAPS_IND_FILE
    raw = pd.read_csv(path, dtype={"sido_code_mois": str})
    sido_rows = raw[raw["sido_code_mois"] != "00"]
    if set(sido_rows["industry_label"]) != set(EAPS_INDUSTRIES):
        _fail(f"{EAPS_IND_FILE}: sido rows differ from the registry", set(sido_rows["industry_label"]))
    wide = raw.pivot_table(index=["sido_code_mois", "month"], columns="industry_label", values="employed_thousand")
    top = ["A 농업, 임업 및 어업(01~03)", "* 광공업(B,C)", "* 사회간접자본 및 기타서비스업(D~U)"]
    soc = ["F 건설업(41~42)", "* 도소매·숙박음식점업(G,I)", "* 사업·개인·공공서비스 및 기타(E,L~U)",
           "* 전기·운수·통신·금융(D,H,J,K)"]
    d1 = (wide[top].sum(axis=1, min_count=3) - wide["계"]).dropna()
    d2 = (wide[soc].sum(axis=1, min_count=4) - wide["* 사회간접자본 및 기타서비스업(D~U)"]).dropna()
    if (d1.abs() > 0.15).any() or (d2.abs() > 0.25).any():
        _fail(f"{EAPS_IND_FILE}: broad rows do not add up within rounding", pd.concat([d1, d2]).abs().max())
    s = sido_rows.groupby(["month", "industry_label"])["employed_thousand"].sum(min_count=17)
    n = raw[raw["sido_code_mois"] == "00"].set_index(["month", "industry_label"])["employed_thousand"]
    gap = (s - n.reindex(s.index)).dropna()
    if (gap.abs() > 0.45).any():
        _fail(f"{EAPS_IND_FILE}: 17 sido differ from the national figure", gap[gap.abs() > 0.45])
    kept = raw[raw["industry_label"].isin(EAPS_INDUSTRIES)]
    means, left = _annual_means(kept, "industry_label", EAPS_IND_FILE)
    if employed_persons is not None:
        tot = means[means["industry_label"] == "계"].set_index(["sido_code_mois", "year"])["value"]
        both = pd.concat([tot.rename("mean"), employed_persons.rename("published")], axis=1, join="inner")
        off = (both["mean"] - both["published"]).abs()
        if len(both) < 140 or (off > 0.7).any():
            _fail(f"{EAPS_IND_FILE}: the mean of the 12 monthly totals is not the published annual figure",
                  both[off > 0.7])
    rows = pd.DataFrame({"code": means["sido_code_mois"], "year": means["year"],
                         "indicator": means["industry_label"].map(lambda e: EAPS_INDUSTRIES[e][0]),
                         "value": means["value"]})
    src = _source(
        "eaps_industry", path, publisher=KOSTAT, publisher_ko=KOSTAT_KO,
        table="경제활동인구조사 (Economically Active Population Survey): 시도/산업별 취업자 (monthly, KSIC 10)",
        table_ko="경제활동인구조사: 시도/산업별 취업자 (월, 10차 산업분류)",
        raw="wondde/Engineering-DB-Final@646e0937:data/raw/employment_industry.csv (raw KOSIS export)",
        note="annual means of the 12 published months (derived); Incheon agriculture 2023 not formed (November "
             "and December unpublished); 2025 not formed",
        note_ko="12개월 공표치의 연평균(산출); 인천 농림어업 2023년은 11-12월 미공표로 만들지 않음; 2025년 제외")
    stored = []
    for ident, ko, en, layer, ksic in EAPS_INDUSTRIES.values():
        stored.append(_entry(
            ident, ko, en, layer, "thousand persons", "천명", 1000,
            EAPS_NOTE + f"KSIC {ksic}. Sido figures are the survey's broad rows only (the national table has every "
            "section). Never combine with the si-gun-gu local-area survey's industry groups (employed_res_*: "
            "another survey, other rows). " + MEAN_NOTE,
            EAPS_NOTE_KO + f"산업분류 {ksic}. 시도는 대분류 묶음 행만 공표(전국은 모든 대분류). 시군구 지역별고용조사의 "
            "산업 묶음(employed_res_*: 다른 조사, 다른 묶음)과 섞지 마세요. " + MEAN_NOTE_KO,
            period=MEAN12, derivation="annual_mean(12)"))
    return Table(_rows(rows, src["source_id"]), [src], stored, [],
                 {"EAPS industry: annual means": len(means),
                  "EAPS industry: cells not formed (< 12 months)": len(left)})


# ---------------------------------------------------------------------------------------------------------
# Si-gun-gu industry groups, local-area labour force survey (by residence), H2
# ---------------------------------------------------------------------------------------------------------
LFS_SGG_FILE = "employed_by_industry_group_sigungu_2024H1-H2__kosis-local-area-lfs.csv"
LFS_GROUPS: dict[str, tuple[str, str, str, str, str]] = {
    "계": ("employed_res_total", "취업자 (시군구, 거주지 기준, 하반기)",
          "Employed residents, all industries (si-gun-gu, H2)", "workforce", "A-U"),
    "농업, 임업 및 어업 (A)": ("employed_res_agriculture", "농림어업 취업자 (시군구, 거주지 기준, 하반기)",
                         "Employed residents in agriculture, forestry and fishing (si-gun-gu, H2)", "context", "A"),
    "광·제조업(B,C)": ("employed_res_mining_manufacturing", "광·제조업 취업자 (시군구, 거주지 기준, 하반기)",
                   "Employed residents in mining and manufacturing (si-gun-gu, H2)", "production", "B, C"),
    "건설업 (F)": ("employed_res_construction", "건설업 취업자 (시군구, 거주지 기준, 하반기)",
               "Employed residents in construction (si-gun-gu, H2)", "context", "F"),
    "도소매·숙박음식업(G,I)": ("employed_res_trade_accommodation", "도소매·숙박음식업 취업자 (시군구, 거주지 기준, 하반기)",
                       "Employed residents in wholesale, retail, accommodation and food (si-gun-gu, H2)",
                       "services", "G, I"),
    "전기·운수·통신·금융(D,H,J,K)": ("employed_res_utilities_transport_ict_finance",
                             "전기·운수·통신·금융업 취업자 (시군구, 거주지 기준, 하반기)",
                             "Employed residents in utilities, transport, ICT and finance (si-gun-gu, H2)",
                             "services", "D, H, J, K"),
    "사업·개인·공공서비스 및 기타(E,L~U)": ("employed_res_business_personal_public",
                                "사업·개인·공공서비스 및 기타 취업자 (시군구, 거주지 기준, 하반기)",
                                "Employed residents in business, personal and public services (si-gun-gu, H2)",
                                "services", "E, L-U"),
}


def build_lfs_sigungu(shared: Path) -> Table:
    """Employed residents by six industry groups for 228 si-gun-gu, 2024 H2 (H1 left out)."""
    path = shared / "compiled" / LFS_SGG_FILE
    raw = pd.read_csv(path, dtype=str)
    if set(raw["industry_group"]) != set(LFS_GROUPS):
        _fail(f"{LFS_SGG_FILE}: groups differ from the registry", set(raw["industry_group"]))
    raw["v"] = pd.to_numeric(raw["employed_thousand"])
    dash = raw["employed_thousand_raw"] == "-"
    if raw.loc[dash, "v"].notna().any() or raw.loc[~dash, "v"].isna().any():
        _fail(f"{LFS_SGG_FILE}: '-' and empty values do not coincide", raw[dash ^ raw["v"].isna()])
    wide = raw.pivot_table(index=["sigungu_code_mois", "period"], columns="industry_group", values="v")
    groups = [g for g in LFS_GROUPS if g != "계"]
    diff = wide[groups].sum(axis=1) - wide["계"]
    if (diff < -1).any() or (diff > 2).any():
        _fail(f"{LFS_SGG_FILE}: groups do not sum to the total within -1..+2", diff[(diff < -1) | (diff > 2)])
    if raw["sigungu_code_mois"].str[:2].ne(raw["sido_code_mois"]).any():
        _fail(f"{LFS_SGG_FILE}: si-gun-gu code and sido code disagree", raw.head())
    h2 = raw[raw["period"] == "2024H2"]
    rows = pd.DataFrame({"code": h2["sigungu_code_mois"], "year": 2024,
                         "indicator": h2["industry_group"].map(lambda g: LFS_GROUPS[g][0]), "value": h2["v"]})
    flagged = int((h2["rse_flag"] == "*").sum())
    dashes = int((h2["employed_thousand_raw"] == "-").sum())
    src = _source(
        "lfs_sigungu_industry", path, publisher=KOSTAT, publisher_ko=KOSTAT_KO,
        table="지역별고용조사 (Local Area Labour Force Survey): 시군구/산업별 취업자 (11차 산업분류, half-yearly)",
        table_ko="지역별고용조사: 시군구/산업별 취업자 (11차 산업분류, 반기)",
        raw="ayoungYoon/Youth-Safe-Employment-Service@cb20cbd4:시군구_산업별_취업자_11차__20250411111523.csv (raw "
            "KOSIS export)",
        note=f"2024 H2 (October) bundled, H1 left out; '-' = not published (missing): {dashes} H2 cells; relative "
             f"standard error ≥ 25 % ('*') in {flagged} H2 cells",
        note_ko=f"2024년 하반기(10월)만 수록, 상반기 제외; '-'는 미공표(결측): 하반기 {dashes}칸; 상대표준오차 25 % 이상('*') "
                f"하반기 {flagged}칸")
    note = (
        "지역별고용조사 si-gun-gu estimates (thousand persons), counted where people live (by place of residence: "
        "Ulsan Nam-gu's manufacturing employment is low because its workers live elsewhere). Designed separately "
        "from the sido estimates: they do not add up to the same survey's sido figures, and are never compared with "
        "the sido tables (other ids). 228 si-gun-gu: Sejong has no si-gun-gu table; 군위군 under Daegu (27720). "
        f"Groups sum to the total within -1…+2 (checked). '-' cells are missing, never zero; {flagged} H2 cells "
        "carry a relative standard error of 25 % or more. "
    )
    note_ko = (
        "지역별고용조사 시군구 추정치(천명), 거주지 기준(울산 남구 제조업 취업자가 적은 것은 근로자가 다른 곳에 살기 때문). "
        "시도 추정치와 따로 설계되어 합이 같은 조사의 시도 수치와 맞지 않으며, 시도 표(다른 id)와 비교하지 않습니다. "
        "228개 시군구: 세종은 시군구 표가 없음; 군위군은 대구(27720). 산업 묶음 합은 계와 -1…+2 이내(검증). "
        f"'-'는 결측(0 아님); 하반기 {flagged}칸은 상대표준오차 25 % 이상. "
    )
    stored = [_entry(ident, ko, en, layer, "thousand persons", "천명", 1000,
                     H2_NOTE + note + f"KSIC 11th revision {ksic}.", H2_NOTE_KO + note_ko + f"11차 산업분류 {ksic}.",
                     period=H2) for ident, ko, en, layer, ksic in LFS_GROUPS.values()]
    return Table(_rows(rows, src["source_id"]), [src], stored, [],
                 {"LFS si-gun-gu 2024H2 units": int(h2["sigungu_code_mois"].nunique()),
                  "LFS si-gun-gu 2024H2 '-' cells (missing)": dashes, "LFS si-gun-gu 2024H2 RSE>=25% cells": flagged})


# ---------------------------------------------------------------------------------------------------------
# Business survey (전국사업체조사), 19 KSIC sections + total, sido 2021-2024
# ---------------------------------------------------------------------------------------------------------
BS_FILE = "establishments_workers_sales_by_industry_sido_2021-2024__kosis-business-survey.csv"
# ksic code as printed → (id suffix, section, label_ko, label_en, layer)
BS_SECTIONS: dict[str, tuple[str, str, str, str, str]] = {
    "0": ("total", "A-S", "전체 산업", "all industries", ""),
    "01~03": ("a_agriculture", "A", "농업, 임업 및 어업", "agriculture, forestry and fishing", "context"),
    "05~08": ("b_mining", "B", "광업", "mining and quarrying", "production"),
    "10~34": ("c_manufacturing", "C", "제조업", "manufacturing", "production"),
    "35": ("d_electricity_gas", "D", "전기, 가스, 증기 및 공기조절 공급업", "electricity, gas, steam and air conditioning",
           "context"),
    "36~39": ("e_water_waste", "E", "수도, 하수 및 폐기물 처리, 원료 재생업", "water supply, sewerage and waste", "context"),
    "41~42": ("f_construction", "F", "건설업", "construction", "context"),
    "45~47": ("g_wholesale_retail", "G", "도매 및 소매업", "wholesale and retail trade", "services"),
    "49~52": ("h_transport_storage", "H", "운수 및 창고업", "transportation and storage", "services"),
    "55~56": ("i_accommodation_food", "I", "숙박 및 음식점업", "accommodation and food services", "services"),
    "58~63": ("j_information_communication", "J", "정보통신업", "information and communication", "services"),
    "64~66": ("k_finance_insurance", "K", "금융 및 보험업", "finance and insurance", "services"),
    "68": ("l_real_estate", "L", "부동산업", "real estate", "services"),
    "70~73": ("m_prof_sci_tech", "M", "전문, 과학 및 기술 서비스업", "professional, scientific and technical services",
              "services"),
    "74~76": ("n_business_support", "N", "사업시설 관리, 사업 지원 및 임대 서비스업",
              "business facilities management, support and rental services", "services"),
    "84": ("o_public_administration", "O", "공공행정, 국방 및 사회보장 행정", "public administration and defence",
           "context"),
    "85": ("p_education", "P", "교육 서비스업", "education", "context"),
    "86~87": ("q_health_social_work", "Q", "보건업 및 사회복지 서비스업", "human health and social work", "context"),
    "90~91": ("r_arts_recreation", "R", "예술, 스포츠 및 여가관련 서비스업", "arts, sports and recreation", "context"),
    "94~96": ("s_membership_personal", "S", "협회 및 단체, 수리 및 기타 개인 서비스업",
              "membership organisations, repair and other personal services", "context"),
}
# measure as printed → (id prefix, label_ko, label_en, unit, unit_ko, scale, layer of the total)
BS_MEASURES: dict[str, tuple[str, str, str, str, str, float, str]] = {
    "사업체수": ("establishments_bs", "사업체 수", "Establishments", "establishments", "개", 1, "context"),
    "종사자수": ("workers_bs", "종사자 수", "Workers", "persons", "명", 1, "workforce"),
    "매출액": ("sales_bs", "매출액", "Sales", _M, "백만원", 1e6, "context"),
}
BS_PUBLISHED_NATIONAL = {  # 2021-2023 national totals of the release (the README: "as published")
    ("사업체수", 2021): 6079702, ("사업체수", 2022): 6139899, ("사업체수", 2023): 6246489,
    ("종사자수", 2021): 24931600, ("종사자수", 2022): 25217123, ("종사자수", 2023): 25445897,
}


def bs_id(measure: str, section: str) -> str:
    """Indicator id of a business-survey cell, e.g. ``workers_bs_c_manufacturing``."""
    return f"{BS_MEASURES[measure][0]}_{BS_SECTIONS[section][0]}"


def build_business_survey(shared: Path) -> Table:
    """Establishments, workers and sales by the 19 KSIC sections (A-S) and in total, 17 sido + national."""
    path = shared / "compiled" / BS_FILE
    raw = pd.read_csv(path, dtype={"sido_code_mois": str, "ksic_code": str})
    if set(raw["ksic_code"]) != set(BS_SECTIONS) or set(raw["indicator"]) != set(BS_MEASURES):
        _fail(f"{BS_FILE}: sections or measures differ from the registry", set(raw["ksic_code"]))
    if raw["value"].isna().any():
        _fail(f"{BS_FILE}: empty cells", raw[raw["value"].isna()])
    wide = raw.pivot_table(index=["sido_code_mois", "year", "indicator"], columns="ksic_code", values="value",
                           aggfunc="sum")
    part = wide.drop(columns="0").sum(axis=1) - wide["0"]
    if (part != 0).any():
        _fail(f"{BS_FILE}: the 19 sections do not sum exactly to 전체 산업", part[part != 0])
    s = raw[raw["sido_code_mois"] != "00"].groupby(["year", "indicator", "ksic_code"])["value"].sum()
    n = raw[raw["sido_code_mois"] == "00"].set_index(["year", "indicator", "ksic_code"])["value"]
    if (s - n).abs().max() != 0:
        _fail(f"{BS_FILE}: the 17 sido do not sum exactly to the national row", (s - n)[(s - n) != 0])
    for (measure, year), want in BS_PUBLISHED_NATIONAL.items():
        if n[(year, measure, "0")] != want:
            _fail(f"{BS_FILE}: national {measure} {year}", f"{n[(year, measure, '0')]} != published {want}")
    rows = pd.DataFrame({"code": raw["sido_code_mois"], "year": raw["year"],
                         "indicator": [bs_id(m, k) for m, k in zip(raw["indicator"], raw["ksic_code"], strict=True)],
                         "value": raw["value"]})
    src = _source(
        "business_survey", path, publisher=KOSTAT, publisher_ko=KOSTAT_KO,
        table="전국사업체조사 (Census on Establishments): 시도·산업별 사업체수, 종사자수 및 매출액('20~) (KSIC 11)",
        table_ko="전국사업체조사: 시도·산업별 사업체수, 종사자수 및 매출액('20~) (11차 산업분류)",
        raw="MacroSoft-04/Daejeon-cities-logistics-@1368a625:data/processed/kosis_estab_survey.csv (a third "
            "party's reshaped extract of the KOSIS table)",
        note="primary figures in a third-party reshaped extract; sections and sido sum exactly (checked); 2024 is a "
             "later vintage than the preliminary release",
        note_ko="제3자가 재구성한 추출본의 1차 통계; 산업·시도 합계 정확히 일치(검증); 2024년은 잠정 발표보다 나중 자료")
    note = (
        "전국사업체조사 (register-based since the 2020 reference year, KSIC 11th revision): {what} by KSIC section "
        "{sec}, 17 sido + national, 2021-2024. The 19 sections A-S (T and U are outside the survey) sum exactly to "
        "전체 산업 and the 17 sido to the national row (checked). Register-based: never joined with the pre-2020 "
        "survey counts (establishments_all_industries, workers_all_industries) or with the Mining and Manufacturing "
        "Survey (10+ workers only: another population, never on one axis). 2024 is a later vintage than the "
        "preliminary release."
    )
    note_ko = (
        "전국사업체조사(2020년 기준부터 등록 기반, 11차 산업분류): 산업 대분류 {sec}의 {what}, 17개 시도 + 전국, "
        "2021-2024년. 19개 대분류 A-S(T, U는 조사 대상 아님)의 합은 전체 산업과, 17개 시도 합은 전국과 정확히 "
        "일치(검증). 등록 기반이라 2020년 이전 조사 수치(establishments_all_industries, workers_all_industries)나 "
        "광업·제조업조사(10인 이상만: 다른 모집단, 한 축에 두지 않음)와 잇지 않습니다. 2024년은 잠정 발표보다 나중 자료."
    )
    stored = []
    for prefix, m_ko, m_en, unit, unit_ko, scale, total_layer in BS_MEASURES.values():
        for code, (suffix, sec, s_ko, s_en, layer) in BS_SECTIONS.items():
            what_en = f"{m_en.lower()}" if code != "0" else f"{m_en.lower()} (all industries)"
            ko = f"{m_ko} ({s_ko}, 전국사업체조사)"
            en = f"{m_en}, {s_en} ({sec}, business survey)" if code != "0" else f"{m_en}, all industries " \
                                                                                 "(business survey)"
            stored.append(_entry(f"{prefix}_{suffix}", ko, en, layer or total_layer, unit, unit_ko, scale,
                                 note.format(what=what_en, sec=sec), note_ko.format(what=m_ko, sec=sec)))
    return Table(_rows(rows, src["source_id"]), [src], stored, [],
                 {"business survey: rows": len(rows), "business survey: ids": len(stored)})


# ---------------------------------------------------------------------------------------------------------
# Mining and Manufacturing Survey (10+ workers), sido 2021-2024
# ---------------------------------------------------------------------------------------------------------
MMS_FILE = "mining_manufacturing_survey_sido_2021-2024__kosis-DT_1FS1101.csv"
MMS_DASH = (
    "'-' is KOSIS's sign for a cell with no establishment, written 0 by the extract's author: it is a zero (every "
    "'-' cell belongs to a sido-industry-year whose establishment count is 0, checked)"
)
# ksic code (NaN = B+C) → (id prefix, label part ko, label part en, layer)
MMS_SECTORS: dict[str, tuple[str, str, str, str]] = {
    "B+C": ("mining_mfg_survey", "광업·제조업", "Mining and manufacturing", "production"),
    "05~08": ("mining_survey", "광업", "Mining", "production"),
    "10~34": ("mfg_survey", "제조업", "Manufacturing", "production"),
}
MMS_MEASURES: dict[str, tuple[str, str, str, str, str, float]] = {
    "사업체수": ("establishments", "사업체 수", "establishments", "establishments", "개", 1),
    "종사자수": ("employees", "종사자 수", "employees", "persons", "명", 1),
    "급여액": ("wages", "급여액", "wages and salaries", _M, "백만원", 1e6),
    "출하액": ("shipments", "출하액", "shipments", _M, "백만원", 1e6),
    "주요생산비": ("production_costs", "주요생산비", "major production costs", _M, "백만원", 1e6),
    "부가가치": ("value_added", "부가가치", "value added", _M, "백만원", 1e6),
    "유형자산 연말잔액": ("tangible_assets", "유형자산 연말잔액", "tangible fixed assets at year end", _M, "백만원", 1e6),
}
MMS_EXISTING_2024 = ("mfg_survey_establishments", "mfg_survey_employees", "mfg_survey_shipments")


def build_mms(shared: Path, bundled_2024: pd.DataFrame | None = None) -> Table:
    """The Mining and Manufacturing Survey by sido, B, C and B+C, seven measures, 2021-2024.

    ``bundled_2024`` (rows of the 2024 manufacturing extract already bundled) must equal this file's 2024
    manufacturing figures exactly; those rows are kept and this file's are not added again.
    """
    path = shared / "compiled" / MMS_FILE
    raw = pd.read_csv(path, dtype={"sido_code_mois": str, "ksic_code": str})
    raw["ksic_code"] = raw["ksic_code"].fillna("B+C")
    if set(raw["ksic_code"]) != set(MMS_SECTORS) or set(raw["indicator"]) != set(MMS_MEASURES):
        _fail(f"{MMS_FILE}: sectors or measures differ from the registry", set(raw["indicator"]))
    if set(raw["marker"].dropna()) - {"X", "-"}:
        _fail(f"{MMS_FILE}: unknown markers", set(raw["marker"].dropna()))
    x, dash = raw["marker"] == "X", raw["marker"] == "-"
    if raw.loc[x, "value"].notna().any() or (raw.loc[dash, "value"] != 0).any():
        _fail(f"{MMS_FILE}: X cells must be empty and '-' cells 0", raw[(x & raw["value"].notna()) | dash])
    est = raw[raw["indicator"] == "사업체수"].set_index(["sido_code_mois", "ksic_code", "year"])["value"]
    dash_est = [est[(r.sido_code_mois, r.ksic_code, r.year)] for r in raw[dash].itertuples()]
    if any(v != 0 for v in dash_est):
        _fail(f"{MMS_FILE}: a '-' cell in a sido-industry with establishments", dash_est)
    xs = raw[x]
    if set(xs["ksic_code"]) != {"05~08"}:
        _fail(f"{MMS_FILE}: suppressed cells outside mining", xs)
    wide = raw.pivot_table(index=["sido_code_mois", "year", "indicator"], columns="ksic_code", values="value")
    bc = (wide["05~08"] + wide["10~34"] - wide["B+C"]).dropna()
    if (bc != 0).any():
        _fail(f"{MMS_FILE}: B + C != B+C", bc[bc != 0])
    sido = raw[raw["sido_code_mois"] != "00"]
    s = sido.groupby(["year", "indicator", "ksic_code"])["value"].sum()
    has_x = sido.groupby(["year", "indicator", "ksic_code"])["marker"].agg(lambda m: (m == "X").any())
    n = raw[raw["sido_code_mois"] == "00"].set_index(["year", "indicator", "ksic_code"])["value"]
    gap = (s - n)[~has_x]
    if (gap != 0).any():
        _fail(f"{MMS_FILE}: sido do not sum exactly to the national row (cells without suppression)", gap[gap != 0])
    if ((s - n)[has_x] > 0).any():
        _fail(f"{MMS_FILE}: published sido exceed the national row where cells are suppressed", (s - n)[has_x])
    ids = [f"{MMS_SECTORS[k][0]}_{MMS_MEASURES[m][0]}" for k, m in zip(raw["ksic_code"], raw["indicator"],
                                                                      strict=True)]
    rows = pd.DataFrame({"code": raw["sido_code_mois"], "year": raw["year"], "indicator": ids,
                         "value": raw["value"]})
    if bundled_2024 is not None:
        have = bundled_2024.set_index(["code", "year", "indicator"])["value"]
        mine = rows.set_index(["code", "year", "indicator"])["value"].reindex(have.index)
        if mine.isna().any() or (mine != have).any():
            _fail(f"{MMS_FILE}: 2024 manufacturing differs from the bundled 2024 extract", pd.concat(
                [mine.rename("this"), have.rename("bundled")], axis=1)[mine != have])
        rows = rows[~rows.set_index(["code", "year", "indicator"]).index.isin(have.index)]
    src = _source(
        "mms_2021_2024", path, publisher=KOSTAT, publisher_ko=KOSTAT_KO,
        table="KOSIS 101/DT_1FS1101 광업·제조업조사 (Mining and Manufacturing Survey): 시도별 주요 지표 (10인 이상)",
        table_ko="KOSIS 101/DT_1FS1101 광업·제조업조사: 시도별 주요 지표 (10인 이상)",
        raw="MacroSoft-04/Daejeon-cities-logistics-@1368a625:data/processed/kosis_mining_mfg.csv (a third party's "
            "reshaped extract of the KOSIS table)",
        note="X (suppressed) = missing; '-' = zero (no establishment); 2024 manufacturing equals the bundled 2024 "
             "extract exactly (kept from that source)",
        note_ko="X(비공개) = 결측; '-' = 0(사업체 없음); 2024년 제조업은 기존 2024 추출본과 정확히 같음(그 출처로 유지)")
    n_x = int(x.sum())
    note = (
        "광업·제조업조사 (KOSIS DT_1FS1101), establishments with 10+ workers only, {sector} (KSIC {ksic}): {what}, "
        "17 sido + national, 2021-2024. Primary figures in a third party's reshaped extract. 'X' (suppressed: one or "
        f"two establishments; {n_x} cells, all in mining) is missing, never zero; " + MMS_DASH + ". The sido sum "
        "exactly to the national row where no cell is suppressed, and B + C = B+C (checked). Survey value added, not "
        "the regional-accounts GVA; another population than the business survey (never on one axis with it)."
    )
    note_ko = (
        "광업·제조업조사(KOSIS DT_1FS1101), 종사자 10인 이상 사업체만, {sector}(산업분류 {ksic}): {what}, 17개 시도 + "
        f"전국, 2021-2024년. 제3자가 재구성한 추출본의 1차 통계. 'X'(비공개: 사업체 1-2곳; {n_x}칸, 모두 광업)는 결측이며 "
        "0이 아닙니다. '-'는 사업체가 없는 칸을 뜻하는 KOSIS 기호로 0입니다(해당 칸의 사업체 수가 0인지 검증). 비공개 칸이 "
        "없는 곳에서 시도 합은 전국과 정확히 같고 B + C = B+C(검증). 지역계정의 부가가치가 아닌 조사 부가가치이며, "
        "전국사업체조사와 모집단이 달라 한 축에 두지 않습니다."
    )
    ksic_of = {"B+C": "B, C", "05~08": "B", "10~34": "C"}
    stored = []
    for k, (prefix, s_ko, s_en, layer) in MMS_SECTORS.items():
        for (suffix, m_ko, m_en, unit, unit_ko, scale) in MMS_MEASURES.values():
            ident = f"{prefix}_{suffix}"
            if ident in MMS_EXISTING_2024:
                continue  # catalogued by build_indicators (STORED), with 2021-2023 added here
            stored.append(_entry(
                ident, f"{s_ko} {m_ko} (광업·제조업조사, 10인 이상)",
                f"{s_en} {m_en} (Mining and Manufacturing Survey, 10+ workers)", layer, unit, unit_ko, scale,
                note.format(sector=s_en.lower(), ksic=ksic_of[k], what=m_en),
                note_ko.format(sector=s_ko, ksic=ksic_of[k], what=m_ko)))
    return Table(_rows(rows, src["source_id"]), [src], stored, [],
                 {"MMS: suppressed cells (missing)": n_x, "MMS: '-' cells (zero)": int(dash.sum())})


# ---------------------------------------------------------------------------------------------------------
# Si-gun-gu real value added, chained 2020 prices, 2019-2023
# ---------------------------------------------------------------------------------------------------------
GRVA_FILE = "sigungu_gva_real_chained2020_2019-2023__denton-kosis-grva.csv"
# industry_id of the file → (label_ko, label_en, layer, KSIC, bundled sido nominal id checked in 2020 or "")
GRVA_INDUSTRIES: dict[str, tuple[str, str, str, str, str]] = {
    "mining_manufacturing": ("광업·제조업", "Mining and manufacturing", "production", "B, C",
                             "gva_mining_manufacturing_nominal_b2020"),
    "construction": ("건설업", "Construction", "context", "F", ""),
    "wholesale_retail": ("도매 및 소매업", "Wholesale and retail trade", "context", "G", ""),
    "transport_storage": ("운수 및 창고업", "Transportation and storage", "context", "H", ""),
    "accommodation_food": ("숙박 및 음식점업", "Accommodation and food services", "context", "I", ""),
    "information_communication": ("정보통신업", "Information and communication", "services", "J",
                                  "gva_information_communication_nominal_b2020"),
    "finance_insurance": ("금융 및 보험업", "Finance and insurance", "services", "K",
                          "gva_finance_insurance_nominal_b2020"),
    "real_estate": ("부동산업", "Real estate", "context", "L", ""),
    "business_services": ("사업서비스업", "Business services", "services", "M, N",
                          "gva_business_services_nominal_b2020"),
    "public_administration": ("공공행정, 국방 및 사회보장", "Public administration and defence", "context", "O", ""),
    "education": ("교육서비스업", "Education", "context", "P", ""),
    "health_social_work": ("보건업 및 사회복지서비스업", "Human health and social work", "context", "Q", ""),
    "arts_personal_services": ("문화 및 기타서비스업", "Arts, sports, recreation and other personal services",
                               "context", "R, S", ""),
}


def grva_id(industry: str) -> str:
    """Indicator id of a si-gun-gu real value-added series, e.g. ``gva_business_services_real_chained_b2020``."""
    return f"gva_{industry}_real_chained_b2020"


def build_grva_sigungu(shared: Path, sido_nominal: pd.DataFrame | None = None) -> Table:
    """Real value added (chained 2020 prices) of 13 industries, 228 si-gun-gu, 2019-2023, in KRW million.

    ``sido_nominal`` (bundled sido rows: ``code, year, indicator, value``) checks the reference year: the 2020
    si-gun-gu sums per sido equal the nominal 2020-base sido values of the industries bundled at sido.
    """
    path = shared / "compiled" / GRVA_FILE
    raw = pd.read_csv(path, dtype=str)
    if set(raw["industry_id"]) != set(GRVA_INDUSTRIES):
        _fail(f"{GRVA_FILE}: industries differ from the registry", set(raw["industry_id"]))
    if not raw["unit"].str.startswith("억원").all():
        _fail(f"{GRVA_FILE}: unit is not 억원", raw["unit"].unique())
    if raw.duplicated(["sigungu_code_mois", "year", "industry_id"]).any() or raw["value"].isna().any():
        _fail(f"{GRVA_FILE}: duplicate or empty cells", raw[raw["value"].isna()])
    # 억원 → KRW million: × 100 in exact decimal arithmetic (no float rounding of the published digits)
    million = [float(Decimal(v) * 100) for v in raw["value"]]
    rows = pd.DataFrame({"code": raw["sigungu_code_mois"], "year": raw["year"].astype(int),
                         "indicator": raw["industry_id"].map(grva_id), "value": million})
    checked = 0
    if sido_nominal is not None:
        y20 = rows[rows["year"] == 2020].assign(sido=raw.loc[raw["year"] == "2020", "sido_code_mois"].to_numpy())
        for industry, (*_, nominal_id) in GRVA_INDUSTRIES.items():
            if not nominal_id:
                continue
            got = y20[y20["indicator"] == grva_id(industry)].groupby("sido")["value"].sum()
            want = sido_nominal[(sido_nominal["indicator"] == nominal_id) & (sido_nominal["year"] == 2020)
                                ].set_index("code")["value"].reindex(got.index)
            ratio = got / want
            if ratio.isna().any() or ((ratio - 1).abs() > 5e-6).any():
                _fail(f"{GRVA_FILE}: 2020 si-gun-gu sums differ from the nominal 2020-base sido values ({industry})",
                      ratio)
            checked += len(ratio)
    years = raw.groupby("sido_code_mois")["year"].agg(lambda y: f"{min(y)}-{max(y)}")
    src = _source(
        "grva_sigungu_real", path, publisher="Statistics Korea (KOSIS) / the 16 sido governments that compile "
        "si-gun-gu GRDP", publisher_ko="통계청(KOSIS) / 시군구 지역내총생산을 작성하는 16개 시·도",
        table="시군구 지역내총부가가치 (GRVA by si-gun-gu and industry, real, chained 2020 prices), the 16 sido-compiled "
              "KOSIS tables (e.g. 210_DT_GRDP008_2020 for Gyeonggi)",
        table_ko="시군구 경제활동별 지역내총부가가치 (실질, 2020년 연쇄가격), 16개 시·도 작성 KOSIS 표 (예: 경기 "
                 "210_DT_GRDP008_2020)",
        raw="good5229/denton@7d928482:nationwide/outputs/annual_sigungu_gva_normalized.csv (real, chained 2020 "
            "prices, 2020 base; a public repository's KOSIS API pull of the published annual tables; none of its model "
            "outputs)",
        note="primary figures relayed by a third party; 억원 converted to KRW million (× 100); Sejong has no si-gun-gu "
             "table",
        note_ko="제3자가 전달한 1차 통계; 억원을 백만원으로 환산(× 100); 세종은 시군구 표 없음")
    note = (
        "Real gross value added at chained 2020 prices (2020 base), KSIC {ksic}, si-gun-gu, from the 16 sido-compiled "
        "KOSIS tables, published in 억원 and converted to KRW million (× 100). Years differ by sido: all 228 units in "
        "2020-2022 only (2019: Seoul, Busan, Incheon, Gwangju, Gyeonggi, Gangwon, Chungbuk, Jeonbuk, Jeonnam; 2023: "
        "Seoul, Incheon, Gwangju, Daejeon, Gyeonggi, Chungbuk, Jeonbuk, Jeonnam, Gyeongbuk, Jeju), so a national "
        "comparison exists only for 2020-2022. Sejong has no si-gun-gu table (missing, as in the other si-gun-gu "
        "GRDP series); 군위군 is printed in Gyeongbuk's table with its current code 27720. Chain-linked values add up "
        "only in 2020 (the reference year: the 2020 sums per sido equal the nominal 2020-base sido values, checked) "
        "and 2021; 2019 and 2022 within about 0.01 % (transport up to 4.8 %). A 2020-base real series: never mixed "
        "with the 2015-base nominal si-gun-gu series (*_b2015). Ids exist at si-gun-gu only: no sido table of these "
        "real industries is bundled (a sido series of the same table and base would take the same id)."
    )
    note_ko = (
        "실질 지역내총부가가치(2020년 연쇄가격, 2020년 기준), 산업분류 {ksic}, 시군구. 16개 시·도가 작성한 KOSIS 표의 "
        "억원 값을 백만원으로 환산(× 100). 시도마다 연도가 달라 228개 시군구 전체는 2020-2022년뿐(2019: 서울·부산·인천·"
        "광주·경기·강원·충북·전북·전남; 2023: 서울·인천·광주·대전·경기·충북·전북·전남·경북·제주)이며 전국 비교는 "
        "2020-2022년만 가능합니다. 세종은 시군구 표가 없어 결측(다른 시군구 GRDP 계열과 같음); 군위군은 경북 표에 "
        "현재 코드 27720으로 실림. 연쇄 실질값은 2020년(기준연도: 시도별 합 = 2020년 기준 명목 시도값, 검증)과 2021년에만 "
        "합이 맞고 2019·2022년은 약 0.01 %(운수 최대 4.8 %) 차이. 2020년 기준 실질 계열로 2015년 기준 명목 시군구 "
        "계열(*_b2015)과 섞지 않습니다. 시군구에만 있는 id(같은 표·기준의 시도 계열이면 같은 id를 씀)."
    )
    stored = [_entry(grva_id(k), f"{ko} 실질 부가가치 (2020년 연쇄가격)", f"{en} value added, real (chained 2020)",
                     layer, _M, "백만원", 1e6, note.format(ksic=ksic), note_ko.format(ksic=ksic), base_year="2020")
              for k, (ko, en, layer, ksic, _) in GRVA_INDUSTRIES.items()]
    return Table(_rows(rows, src["source_id"]), [src], stored, [],
                 {"real GVA si-gun-gu: rows": len(rows), "real GVA: 2020 sido x industry cells checked": checked,
                  "real GVA: years by sido": "; ".join(f"{k} {v}" for k, v in years.items())})
