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

import pandas as pd

from analysis.errors import DataError
from analysis.indicators import DATA_DIR

__all__ = ["COMPLEXES_CSV", "COLUMNS", "complexes_in", "load_complexes"]

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
