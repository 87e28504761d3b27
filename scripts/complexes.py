"""KICOX industrial complexes (전국산업단지현황통계, 2023 Q4): the production-facility layer and the complex list.

Called by ``scripts/build_indicators.py``. Reads ``../shared/data/compiled/industrial_complexes_complex_2023Q4__kicox.csv``
(one row per complex or sub-complex of the publisher's workbook, located to si-gun-gu; no coordinates exist) and
writes

* indicator rows at levels ``sigungu`` and ``sido`` (year 2023, reference period Q4): the number of complexes (all,
  by type, by status), designated and industrial area, tenant and operating firms, employment, production and
  exports, each summed over the **top-level** rows only (a parent is the sum of its sub-complexes);
* ``data/indicators/complexes.csv``: every row of the workbook (top-level and sub-complexes, flagged) with its
  si-gun-gu and sido code, for region profiles.

Rules: a suppressed figure (``X``: at most two operating firms) is missing, never zero. A sum over a region's
complexes adds the published figures and says how many complexes it lacks in a companion indicator
(``complexes_<x>_suppressed``); a region whose complexes are all suppressed for a figure has no sum (missing). A
region without any complex has zero complexes, zero area and zero firms (the workbook lists every complex). Four
national complexes span two sido and appear once per sido (each row is the part in that sido): counted once in
each sido, so the sido counts add to 1,310 rows for 1,306 distinct complexes.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from published_tables import KOGL1, KOGL1_KO, Q4, Table, _entry, _fail, _source

FILE = "industrial_complexes_complex_2023Q4__kicox.csv"
LIST_FILE = "complexes.csv"
YEAR = 2023
SOURCE_ID = "Tkicox_complexes"

TYPES: dict[str, tuple[str, str, str]] = {  # as printed → (key, label ko, label en)
    "국가": ("national", "국가산업단지", "national industrial complexes"),
    "일반": ("general", "일반산업단지", "general industrial complexes"),
    "도시첨단": ("urban_hightech", "도시첨단산업단지", "urban high-tech industrial complexes"),
    "농공": ("agro_industrial", "농공단지", "agro-industrial complexes"),
}
STATUSES: dict[str, tuple[str, str, str]] = {
    "완료": ("completed", "조성 완료", "completed"),
    "조성중": ("under_construction", "조성 중", "under construction"),
    "미개발": ("undeveloped", "미개발", "not yet developed"),
}
# column of the file → (id, label ko, label en, unit, unit ko, scale, suppressible); a unit that names its magnitude
# (thousand m², USD thousand) has scale 1: the value is shown in that unit (analysis.views.unit_format)
AMOUNTS: dict[str, tuple[str, str, str, str, str, float, bool]] = {
    "designated_area_k_m2": ("complexes_designated_area", "산업단지 지정면적", "Designated area of industrial complexes",
                             "thousand m²", "천㎡", 1, False),
    "ind_area_total_k_m2": ("complexes_industrial_area", "산업단지 산업시설용지 면적",
                            "Industrial-facility land of industrial complexes", "thousand m²", "천㎡", 1, False),
    "tenant_firms": ("complexes_tenant_firms", "산업단지 입주업체 수", "Tenant firms in industrial complexes", "firms",
                     "개사", 1, False),
    "operating_firms": ("complexes_operating_firms", "산업단지 가동업체 수", "Operating firms in industrial complexes",
                        "firms", "개사", 1, False),
    "employment_total": ("complexes_employment", "산업단지 고용 인원", "Employment in industrial complexes", "persons",
                         "명", 1, True),
    "production_cum_2023_mkrw": ("complexes_production", "산업단지 생산액 (2023년 누계)",
                                 "Production of industrial complexes (2023 cumulative)", "KRW million", "백만원", 1e6,
                                 True),
    "exports_cum_2023_kusd": ("complexes_exports", "산업단지 수출액 (2023년 누계)",
                              "Exports of industrial complexes (2023 cumulative)", "USD thousand", "천달러", 1,
                              True),
}
NOTE = (
    "KICOX 전국산업단지현황통계, 2023 Q4 (employment, firms and areas at the end of the quarter; production and "
    "exports cumulative January-December 2023). Summed over the complexes located in the region, top-level rows "
    "only (a parent complex is the sum of its sub-complexes; seven parents have sub-complexes in another "
    "si-gun-gu and are counted at the parent's si-gun-gu, e.g. 반월특수지역 (안산시) with 시화 in 시흥시 — see "
    "complexes.csv). Four national complexes span two sido and are listed once per sido (each row the part in that "
    "sido), so they count once in each sido: sido counts add to 1,310 rows for 1,306 distinct complexes. A region "
    "without a complex has 0. Not the region's whole industry: complexes only. No coordinates exist: complexes are "
    "located to si-gun-gu only. "
)
NOTE_KO = (
    "한국산업단지공단 전국산업단지현황통계 2023년 4분기(고용·업체·면적은 분기 말, 생산·수출은 2023년 1-12월 누계). "
    "지역에 있는 산업단지의 최상위 행만 합산(모단지는 하위 단지의 합; 하위 단지가 다른 시군구에 있는 모단지 7곳은 모단지의 "
    "시군구에 집계, 예: 반월특수지역(안산시)의 시화는 시흥시 — complexes.csv 참조). 국가산업단지 4곳은 두 시도에 걸쳐 "
    "시도마다 한 번씩(각 시도 구역) 실려 있어 시도별로 한 번씩 셉니다: 시도 합은 1,310행, 서로 다른 단지는 1,306개. "
    "단지가 없는 지역은 0. 지역 산업 전체가 아니라 산업단지만의 수치. 좌표가 없어 시군구 단위로만 위치합니다. "
)
SUPPRESSED_NOTE = (
    "Figures of complexes with at most two operating firms are suppressed ('X') by KICOX: they are missing, never "
    "zero. The sum adds the published figures only and falls below the published total (national employment "
    "2,337,110); {companion} counts the complexes it lacks and is shown with it. A region whose complexes are all "
    "suppressed has no sum."
)
SUPPRESSED_NOTE_KO = (
    "가동업체가 2곳 이하인 단지의 수치는 공단이 비공개('X')로 처리: 결측이며 0이 아닙니다. 합계는 공표된 수치만 더해 "
    "공표 총계(전국 고용 2,337,110명)보다 작으며, 빠진 단지 수는 {companion}에 있고 합계와 함께 보입니다. 모든 단지가 "
    "비공개인 지역은 합계가 없습니다."
)
_MARKERS = re.compile(r"\s*\((?:[①-⑳]\s*\+?\s*)+\)|\s*[①-⑳](?:\s*\+\s*[①-⑳])*\s*$|^▷")


def clean_name(name: str) -> str:
    """The complex name without the workbook's footnote markers (``(① + ②)``, ``▷``).

    Examples
    --------
    >>> clean_name("반월특수지역 (① + ② + ③)"), clean_name("▷구미4(산업) (②)"), clean_name("군산(자유무역) ②")
    ('반월특수지역', '구미4(산업)', '군산(자유무역)')
    """
    return _MARKERS.sub("", str(name).strip()).strip()


def _number(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.replace("X", np.nan))


def read(shared: Path) -> pd.DataFrame:
    """The workbook rows with numbers parsed (``X`` → NaN) and the checks of the shared README applied."""
    raw = pd.read_csv(shared / "compiled" / FILE, dtype=str)
    if set(raw["type"]) != set(TYPES) or set(raw["status"]) != set(STATUSES):
        _fail(f"{FILE}: types or statuses differ from the registry", (set(raw["type"]), set(raw["status"])))
    if not raw["is_subcomplex"].isin(["True", "False"]).all():
        _fail(f"{FILE}: is_subcomplex must be True/False", raw["is_subcomplex"].unique())
    if (raw["sigungu_code_mois"].str[:2] != raw["sido_code_mois"]).any():
        _fail(f"{FILE}: si-gun-gu code outside its sido", raw[raw["sigungu_code_mois"].str[:2] != raw["sido_code_mois"]])
    df = raw.copy()
    df["is_subcomplex"] = df["is_subcomplex"] == "True"
    for col in dict.fromkeys(["managed_area_k_m2", "sold_rate_pct", *AMOUNTS]):
        bad = ~df[col].fillna("").str.fullmatch(r"-?\d+(\.\d+)?|X")
        if bad.any():
            _fail(f"{FILE}: {col} has values that are neither numbers nor X", df.loc[bad, col].unique())
        if col in AMOUNTS and not AMOUNTS[col][6] and (df[col] == "X").any():
            _fail(f"{FILE}: {col} is suppressed somewhere (not expected)", df[df[col] == "X"])
        df[col] = _number(df[col])
    top = df[~df["is_subcomplex"]]
    if len(top) != 1310:
        _fail(f"{FILE}: expected 1,310 top-level rows (1,306 complexes, four listed in two sido)", len(top))
    known = top["employment_total"].sum()
    if not known < 2_337_110:
        _fail(f"{FILE}: published employment of top-level rows should fall below the published total", known)
    return df


def _parents(df: pd.DataFrame) -> pd.Series:
    """Row id of each sub-complex's parent (the nearest row above it with the parent's printed name)."""
    out = pd.Series("", index=df.index, dtype=object)
    order = df.assign(r=df["row_in_sheet"].astype(int)).sort_values("r")
    for i, row in order[order["is_subcomplex"]].iterrows():
        above = order[(order["r"] < int(row["row_in_sheet"])) & (order["sido_code_mois"] == row["sido_code_mois"])
                      & (order["name_as_printed"].str.strip() == str(row["parent_name"]).strip())]
        if above.empty:
            _fail(f"{FILE}: no parent row for sub-complex", row[["row_in_sheet", "name_as_printed", "parent_name"]])
        out[i] = str(above.iloc[-1]["row_in_sheet"])
    return out


def complex_list(df: pd.DataFrame) -> pd.DataFrame:
    """``complexes.csv``: one row per workbook row, sub-complexes flagged with their parent's id."""
    out = pd.DataFrame({
        "complex_id": "kicox2023q4-" + df["row_in_sheet"].astype(str),
        "sido_code": df["sido_code_mois"], "sigungu_code": df["sigungu_code_mois"],
        "name_ko": df["name_as_printed"].map(clean_name), "name_as_printed": df["name_as_printed"].str.strip(),
        "type": df["type"].map(lambda t: TYPES[t][0]), "type_ko": df["type"].map(lambda t: TYPES[t][1]),
        "status": df["status"].map(lambda s: STATUSES[s][0]), "status_ko": df["status"],
        "is_subcomplex": df["is_subcomplex"],
        "parent_id": np.where(df["is_subcomplex"], "kicox2023q4-" + _parents(df).astype(str), ""),
        "designated_area_k_m2": df["designated_area_k_m2"], "industrial_area_k_m2": df["ind_area_total_k_m2"],
        "sold_rate_pct": df["sold_rate_pct"], "tenant_firms": df["tenant_firms"],
        "operating_firms": df["operating_firms"], "employment": df["employment_total"],
        "production_mkrw": df["production_cum_2023_mkrw"], "exports_kusd": df["exports_cum_2023_kusd"],
        "year": YEAR, "reference_period": Q4, "source_id": SOURCE_ID,
    })
    for col in ("tenant_firms", "operating_firms", "employment", "production_mkrw", "exports_kusd",
                "designated_area_k_m2", "industrial_area_k_m2"):
        out[col] = out[col].astype("Int64")
    order = df["row_in_sheet"].astype(int).to_numpy()
    return out.assign(_r=order).sort_values(["sigungu_code", "_r"], ignore_index=True).drop(columns="_r")


def _sums(top: pd.DataFrame, key: str, units: list[str]) -> dict[str, pd.Series]:
    """Per unit of ``key``: counts, amounts (missing where every complex is suppressed) and companion counts."""
    g = top.groupby(key)
    out: dict[str, pd.Series] = {"complexes_count": g.size()}
    for printed, (k, *_rest) in TYPES.items():
        out[f"complexes_{k}"] = top[top["type"] == printed].groupby(key).size()
    for printed, (k, *_rest) in STATUSES.items():
        out[f"complexes_{k}"] = top[top["status"] == printed].groupby(key).size()
    for col, (ident, *_rest, suppressible) in AMOUNTS.items():
        total = g[col].sum(min_count=1)
        out[ident] = total
        if suppressible:
            out[f"{ident}_suppressed"] = g[col].agg(lambda s: int(s.isna().sum()))
    filled = {}
    for ident, s in out.items():
        s = s.reindex(units)
        if ident in AMOUNTS_BY_ID and AMOUNTS_BY_ID[ident][6]:
            has = out["complexes_count"].reindex(units).notna()
            s = s.where(has, 0.0)  # no complex: 0; complexes all suppressed: stays missing
        else:
            s = s.fillna(0.0)
        filled[ident] = s.astype(float)
    return filled


AMOUNTS_BY_ID = {v[0]: v for v in AMOUNTS.values()}


def build(shared: Path, sigungu_units: list[str], sido_units: list[str]) -> tuple[Table, pd.DataFrame]:
    """The facility indicators (si-gun-gu and sido, 2023) and the complex list."""
    path = shared / "compiled" / FILE
    df = read(shared)
    top = df[~df["is_subcomplex"]]
    outside = sorted(set(top["sigungu_code_mois"]) - set(sigungu_units))
    if outside:
        _fail(f"{FILE}: si-gun-gu codes not in the bundled autonomous view", outside)
    frames = []
    for key, units, level in (("sigungu_code_mois", sigungu_units, "sigungu"), ("sido_code_mois", sido_units, "sido")):
        for ident, s in _sums(top, key, units).items():
            s = s.dropna()
            frames.append(pd.DataFrame({"code": s.index, "level": level, "year": YEAR, "indicator": ident,
                                        "value": s.to_numpy(float), "source_id": SOURCE_ID}))
    rows = pd.concat(frames, ignore_index=True)
    sg = rows[rows["level"] == "sigungu"].groupby("indicator")["value"].sum()
    sd = rows[rows["level"] == "sido"].groupby("indicator")["value"].sum()
    if (sg - sd).abs().max() > 1e-6:
        _fail(f"{FILE}: si-gun-gu sums differ from the sido sums", (sg - sd)[(sg - sd).abs() > 1e-6])
    src = _source(
        "kicox_complexes", path, publisher="Korea Industrial Complex Corporation (KICOX, 한국산업단지공단)",
        publisher_ko="한국산업단지공단", table="전국산업단지현황통계 2023년 4분기 (national industrial complex statistics, "
        "2023 Q4), sheet 전국산업단지현황", table_ko="전국산업단지현황통계 2023년 4분기, 시트 전국산업단지현황",
        raw="Encore-SKN-17/EDA_MINI_3TEAM@df01e129:raw_files/산업단지현황조사_2023년 4분기.xlsx (the publisher's "
            "workbook, 13 sheets)",
        note="one row per complex or sub-complex located to si-gun-gu (no coordinates); 'X' = suppressed (missing)",
        note_ko="단지·하위 단지마다 한 행, 시군구 단위 위치(좌표 없음); 'X' = 비공개(결측)")
    src["licence"], src["licence_ko"] = KOGL1, KOGL1_KO
    stored = [
        _entry("complexes_count", "산업단지 수", "Industrial complexes (number)", "production", "complexes", "개",
               1, NOTE + "All types and statuses.", NOTE_KO + "모든 유형·조성 상태.", period=Q4),
    ]
    for _printed, (k, ko, en) in TYPES.items():
        stored.append(_entry(f"complexes_{k}", f"{ko} 수", f"Number of {en}", "production", "complexes", "개", 1,
                             NOTE, NOTE_KO, period=Q4))
    for _printed, (k, ko, en) in STATUSES.items():
        stored.append(_entry(f"complexes_{k}", f"산업단지 수 ({ko})", f"Industrial complexes, {en} (number)",
                             "production", "complexes", "개", 1, NOTE, NOTE_KO, period=Q4))
    for ident, ko, en, unit, unit_ko, scale, suppressible in AMOUNTS.values():
        if not suppressible:
            stored.append(_entry(ident, ko, en, "production", unit, unit_ko, scale, NOTE, NOTE_KO, period=Q4))
            continue
        comp = f"{ident}_suppressed"
        stored.append(_entry(ident, ko + " (공개 수치 합계)", en + " (sum of the published figures)", "production", unit,
                             unit_ko, scale, NOTE + SUPPRESSED_NOTE.format(companion=comp),
                             NOTE_KO + SUPPRESSED_NOTE_KO.format(companion=comp), period=Q4))
        stored.append(_entry(comp, f"{ko} 비공개 단지 수", f"{en}: complexes suppressed (not in the sum)",
                             "production", "complexes", "개", 1,
                             NOTE + f"The number of complexes whose figure is suppressed ('X', at most two operating "
                             f"firms), i.e. missing from {ident}.",
                             NOTE_KO + f"수치가 비공개('X', 가동업체 2곳 이하)인 단지 수, 곧 {ident}에서 빠진 단지 수.",
                             period=Q4))
    clist = complex_list(df)
    report = {"complexes: workbook rows": len(df), "complexes: top-level rows": len(top),
              "complexes: suppressed employment / production / exports (top-level)": " / ".join(
                  str(int(top[c].isna().sum())) for c in ("employment_total", "production_cum_2023_mkrw",
                                                          "exports_cum_2023_kusd"))}
    return Table(rows, [src], stored, [], report), clist
