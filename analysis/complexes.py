"""The bundled list of industrial complexes (KICOX 전국산업단지현황통계, 2023 Q4), for region profiles.

``data/indicators/complexes.csv`` (built by ``scripts/build_indicators.py`` through ``scripts/complexes.py``) has
one row per row of the publisher's workbook: a complex or one of its sub-complexes (``is_subcomplex``, with the
``parent_id`` of the complex it belongs to), located to its si-gun-gu and sido (no coordinates exist). Suppressed
figures (``X`` in the workbook: at most two operating firms) are missing, never zero. The facility indicators
(``complexes_*`` in the catalogue) count and sum the top-level rows only; a sub-complex can lie in another
si-gun-gu than its parent (e.g. 시화 in 시흥시, part of 반월특수지역 counted in 안산시), so a region's list shows both.

Examples
--------
>>> c = complexes_in("47190", "sigungu")
>>> int((~c["is_subcomplex"]).sum()), c.loc[~c["is_subcomplex"], "name_ko"].iloc[0]
(7, '구미국가(1단지)[재생사업지구]')
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.errors import DataError
from analysis.indicators import DATA_DIR
from lang import t

__all__ = ["COMPLEXES_CSV", "COLUMNS", "STATUSES", "TYPES", "RegionComplexes", "complexes_in", "load_complexes",
           "region_complexes"]

TYPES: dict[str, tuple[str, str]] = {
    k: (t(f"complex_type_{k}", "ko"), t(f"complex_type_{k}", "en"))
    for k in ("national", "general", "urban_hightech", "agro_industrial")
}
"""Complex type → (Korean as printed, English), in the workbook's order of importance (words: the catalogue)."""

STATUSES: dict[str, tuple[str, str]] = {
    k: (t(f"complex_status_{k}", "ko"), t(f"complex_status_{k}", "en"))
    for k in ("completed", "under_construction", "undeveloped")
}
"""Development status → (Korean as printed, English)."""

SUPPRESSIBLE: tuple[str, ...] = ("employment", "production_mkrw", "exports_kusd")
"""Figures the workbook suppresses (``X``) for a complex with at most two operating firms: missing, never zero."""

COMPLEXES_CSV = DATA_DIR / "complexes.csv"
"""The complex list (one row per workbook row)."""

COLUMNS: tuple[str, ...] = (
    "complex_id", "sido_code", "sigungu_code", "name_ko", "name_as_printed", "type", "type_ko", "status",
    "status_ko", "is_subcomplex", "parent_id", "designated_area_k_m2", "industrial_area_k_m2", "sold_rate_pct",
    "tenant_firms", "operating_firms", "employment", "production_mkrw", "exports_kusd", "year", "reference_period",
    "source_id",
)
"""Columns of ``complexes.csv``: areas in thousand m², production in KRW million (cumulative 2023), exports in
USD thousand (cumulative 2023); ``type`` ∈ national/general/urban_hightech/agro_industrial, ``status`` ∈
completed/under_construction/undeveloped (``*_ko`` as printed)."""

_INT = ("designated_area_k_m2", "industrial_area_k_m2", "tenant_firms", "operating_firms", "employment",
        "production_mkrw", "exports_kusd")


@functools.lru_cache(maxsize=1)
def _load() -> pd.DataFrame:
    if not COMPLEXES_CSV.exists():
        raise DataError(f"{COMPLEXES_CSV} is missing; build it with `python scripts/build_indicators.py`")
    df = pd.read_csv(COMPLEXES_CSV, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"complexes.csv lacks columns {missing}; rebuild it with `python scripts/build_indicators.py`")
    df["is_subcomplex"] = df["is_subcomplex"].map({"True": True, "False": False})
    for col in (*_INT, "sold_rate_pct", "year"):
        df[col] = pd.to_numeric(df[col].replace("", None))
    for col in _INT:
        df[col] = df[col].astype("Int64")
    if df["complex_id"].duplicated().any() or df["is_subcomplex"].isna().any():
        raise DataError("complexes.csv: duplicate complex ids or a bad is_subcomplex flag; rebuild it")
    return df[list(COLUMNS)]


def load_complexes() -> pd.DataFrame:
    """Every complex and sub-complex row of the bundled list (a fresh copy); columns :data:`COLUMNS`.

    Examples
    --------
    >>> c = load_complexes()
    >>> len(c), int((~c["is_subcomplex"]).sum())
    (1390, 1310)
    """
    return _load().copy()


def complexes_in(code: str, level: str = "sigungu", *, top_level_only: bool = False) -> pd.DataFrame:
    """The complexes located in one region (si-gun-gu or sido code), workbook order.

    Parameters
    ----------
    code : str
        Bundled autonomous si-gun-gu code (``level="sigungu"``) or sido code (``level="sido"``).
    level : {"sigungu", "sido"}
    top_level_only : bool, default False
        Leave out sub-complexes (the rows the facility indicators count).

    Raises
    ------
    DataError
        Unknown level.
    """
    if level not in ("sigungu", "sido"):
        raise DataError(f"complexes are located to si-gun-gu and sido; level {level!r} has no complex list")
    df = _load()
    out = df[df["sigungu_code" if level == "sigungu" else "sido_code"] == str(code)]
    if top_level_only:
        out = out[~out["is_subcomplex"]]
    return out.reset_index(drop=True).copy()


# ---------------------------------------------------------------------------------------------------------
# a region's complexes, for its profile
# ---------------------------------------------------------------------------------------------------------
def _entry(row: pd.Series) -> dict[str, Any]:
    def num(v: Any) -> float | int | None:
        if pd.isna(v):
            return None
        return int(v) if float(v).is_integer() else float(v)

    return {
        "complex_id": str(row["complex_id"]), "name_ko": str(row["name_ko"]),
        "type": str(row["type"]), "type_ko": TYPES[row["type"]][0], "type_en": TYPES[row["type"]][1],
        "status": str(row["status"]), "status_ko": STATUSES[row["status"]][0],
        "status_en": STATUSES[row["status"]][1],
        "sido_code": str(row["sido_code"]), "sigungu_code": str(row["sigungu_code"]),
        "designated_area_k_m2": num(row["designated_area_k_m2"]),
        "industrial_area_k_m2": num(row["industrial_area_k_m2"]),
        "tenant_firms": num(row["tenant_firms"]), "operating_firms": num(row["operating_firms"]),
        "employment": num(row["employment"]), "production_mkrw": num(row["production_mkrw"]),
        "exports_kusd": num(row["exports_kusd"]),
        "suppressed": [c for c in SUPPRESSIBLE if pd.isna(row[c])],
    }


@dataclass(frozen=True)
class RegionComplexes:
    """The industrial complexes of one region (KICOX, 2023 Q4), as its profile lists them.

    Attributes
    ----------
    code, level : str
    complexes : list of dict
        One entry per **top-level** complex counted in the region (the rows the ``complexes_*`` indicators
        count, so ``len(complexes)`` is the region's ``complexes_count``), largest published employment first
        (suppressed last), each with ``complex_id, name_ko, type`` (+ ``type_ko, type_en``), ``status`` (+ ``_ko``,
        ``_en``), ``sido_code, sigungu_code``, areas (thousand m²), ``tenant_firms, operating_firms, employment``
        (persons), ``production_mkrw, exports_kusd`` (``None`` = suppressed, never 0), ``suppressed`` (the figures
        suppressed) and ``subcomplexes`` (the same fields, for its sub-complexes wherever they lie).
    elsewhere : list of dict
        Sub-complexes located in the region whose complex is counted in another one (e.g. 시화 in 시흥시, part of
        반월특수지역 counted in 안산시), with ``parent_id``, ``parent_name_ko`` and ``parent_sigungu_code``.
    by_type : dict
        Type → ``count, tenant_firms, operating_firms, employment, employment_suppressed`` over ``complexes``
        (employment: the sum of the published figures; ``employment_suppressed``: how many complexes it lacks;
        ``None`` when every complex of the type is suppressed; 0 for a region without a complex), in
        :data:`TYPES` order, types present only.
    totals : dict
        The same over all types (equal to the region's ``complexes_count``, ``complexes_tenant_firms``,
        ``complexes_operating_firms``, ``complexes_employment`` and ``complexes_employment_suppressed``).
    year : int
    reference_period : str
        ``Q4``: stocks at the end of 2023 Q4 (production and exports: cumulative 2023).
    source_id : str
    """

    code: str
    level: str
    complexes: list[dict[str, Any]]
    elsewhere: list[dict[str, Any]]
    by_type: Mapping[str, Mapping[str, Any]]
    totals: Mapping[str, Any]
    year: int
    reference_period: str
    source_id: str = "Tkicox_complexes"

    def summary(self) -> dict[str, Any]:
        """``year, reference_period, source_id, totals, by_type`` and ``n_elsewhere`` (JSON-ready)."""
        return {"year": self.year, "reference_period": self.reference_period, "source_id": self.source_id,
                "totals": dict(self.totals), "by_type": {k: dict(v) for k, v in self.by_type.items()},
                "n_elsewhere": len(self.elsewhere)}


def _sums(rows: pd.DataFrame) -> dict[str, Any]:
    emp = rows["employment"]
    published = emp.notna()
    return {"count": int(len(rows)), "tenant_firms": int(rows["tenant_firms"].sum()),
            "operating_firms": int(rows["operating_firms"].sum()),
            "employment": int(emp[published].sum()) if published.any() or not len(rows) else None,
            "employment_suppressed": int((~published).sum())}


def region_complexes(code: str, level: str = "sigungu") -> RegionComplexes:
    """The complexes of one si-gun-gu or sido, with their sums by type (suppressed = missing, never zero).

    Parameters
    ----------
    code : str
        Bundled autonomous si-gun-gu code or sido code.
    level : {"sigungu", "sido"}

    Raises
    ------
    DataError
        Unknown level.

    Examples
    --------
    >>> r = region_complexes("47190")
    >>> len(r.complexes), r.totals["count"], r.complexes[0]["name_ko"]
    (7, 7, '구미국가(1단지)[재생사업지구]')
    """
    here = complexes_in(code, level)
    everything = _load()
    top = here[~here["is_subcomplex"]].copy()
    top["_order"] = top["employment"].astype("Float64").fillna(-1.0)
    top = top.sort_values("_order", ascending=False, kind="stable")
    subs = everything[everything["is_subcomplex"]]
    entries = []
    for _, row in top.iterrows():
        e = _entry(row)
        e["subcomplexes"] = [_entry(r) for _, r in subs[subs["parent_id"] == row["complex_id"]].iterrows()]
        entries.append(e)
    counted = set(top["complex_id"])
    parents = everything.set_index("complex_id")
    elsewhere = []
    for _, row in here[here["is_subcomplex"] & ~here["parent_id"].isin(counted)].iterrows():
        e = _entry(row)
        parent = parents.loc[row["parent_id"]]
        e.update({"parent_id": str(row["parent_id"]), "parent_name_ko": str(parent["name_ko"]),
                  "parent_sigungu_code": str(parent["sigungu_code"])})
        elsewhere.append(e)
    by_type = {k: _sums(top[top["type"] == k]) for k in TYPES if (top["type"] == k).any()}
    year = int(everything["year"].iloc[0])
    return RegionComplexes(str(code), level, entries, elsewhere, by_type, _sums(top), year,
                           str(everything["reference_period"].iloc[0]), str(everything["source_id"].iloc[0]))
