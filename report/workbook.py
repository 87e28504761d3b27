"""One Excel workbook for planners: several indicators and years, units, Korean + English headers, sources last.

The earlier export wrote one indicator in one year per file and opened on an "about" sheet with English variable
names as headers. :func:`planner_workbook` writes, in this order:

``데이터 data``
    A long table, one row per region × indicator × year: region code and names (Korean, English, sido), the
    indicator id and labels, year, value, unit (Korean and English). Headers are "한국어 / English".
``지표 indicators``
    One row per indicator: labels, layer, unit, nature, base year, licence (headers "한국어 / English" too).
``출처 sources``
    One row per indicator × year: the published source line of that year (the store's provenance).

Every text cell passes :func:`analysis.cells.safe_frame` (names from uploads never become live formulas). The
workbook opens on the data sheet.

Examples
--------
>>> from analysis.store import bundled
>>> xlsx = planner_workbook(bundled(), ["population_registered"], "sido", [2020, 2021])  # doctest: +SKIP
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd

from analysis.cells import safe_frame
from analysis.errors import DataError
from analysis.store import Store
from geo.names import place_names
from lang import bilingual, t
from report.exports import BOUNDARY_SOURCE

__all__ = ["DATA_COLUMNS", "META_COLUMNS", "SHEETS", "SOURCE_COLUMNS", "planner_data", "planner_workbook"]

SHEETS: tuple[str, str, str] = tuple(f"{t(k, 'ko')} {t(k, 'en')}" for k in ("wb_sheet_data", "wb_sheet_indicators",
                                                                            "wb_sheet_sources"))
"""Sheet names, in the workbook's order (data first, sources last): "데이터 data" …"""

DATA_COLUMNS: dict[str, str] = {c: bilingual(f"wb_{c}") for c in (
    "code", "name_ko", "name_en", "sido_ko", "indicator", "label_ko", "label_en", "year", "value", "unit_ko",
    "unit_en")}
"""Column → bilingual header of the data sheet ("지역코드 / Region code"; catalogue entries ``wb_<column>``)."""

META_COLUMNS: dict[str, str] = {c: bilingual(f"wb_{c}") for c in (
    "indicator", "label_ko", "label_en", "layer", "unit", "unit_ko", "nature", "base_year", "licence",
    "source_type")}
"""Column → bilingual header of the indicators sheet (the catalogue columns written)."""

SOURCE_COLUMNS: dict[str, str] = {c: bilingual(f"wb_{c}") for c in ("indicator", "year", "source")}
"""Column → bilingual header of the sources sheet."""


def planner_data(store: Store, indicators: Sequence[str], level: str, years: Sequence[int]) -> pd.DataFrame:
    """The long table of the data sheet (internal column names; see :data:`DATA_COLUMNS`).

    Indicator × year pairs without published values are left out (never filled); the sources sheet lists
    only the pairs written.

    Raises
    ------
    DataError
        No indicator or year given, an unknown indicator (the store's message), or nothing published for any
        of the pairs asked.
    """
    if not indicators or not years:
        raise DataError("choose at least one indicator and one year for the workbook")
    from analysis.regions import level_boundaries

    rows = []
    for ind in dict.fromkeys(indicators):
        row = store.row(ind)
        bnd = level_boundaries(level, store.autonomous(ind, level))
        names_ko, names_en = place_names(bnd, "ko"), place_names(bnd, "en")  # "울산 북구": the naming rule
        sido = (bnd["sido_name_ko"] if "sido_name_ko" in bnd.columns else bnd["name_ko"]).astype(str)
        have = set(store.years(ind, level))
        for year in sorted(set(int(y) for y in years) & have):
            values = store.get(ind, level, year).dropna()
            rows.append(pd.DataFrame({
                "code": values.index.astype(str),
                "name_ko": names_ko.reindex(values.index).to_numpy(),
                "name_en": names_en.reindex(values.index).to_numpy(),
                "sido_ko": sido.reindex(values.index).to_numpy(),
                "indicator": ind, "label_ko": store.label(ind, "ko"), "label_en": store.label(ind, "en"),
                "year": year, "value": values.to_numpy(dtype=float),
                "unit_ko": str(row.get("unit_ko") or row.get("unit") or ""), "unit_en": str(row.get("unit") or ""),
            }))
    if not rows:
        raise DataError(f"none of {list(indicators)} is published at {level} level in {sorted(years)}: "
                        "choose years the indicators cover")
    return pd.concat(rows, ignore_index=True)


def planner_workbook(store: Store, indicators: Sequence[str], level: str, years: Sequence[int]) -> bytes:
    """The planner workbook (data sheet first, sources last) as ``.xlsx`` bytes.

    Parameters
    ----------
    store : analysis.store.Store
        Bundled data, or with this session's uploads.
    indicators : sequence of str
        Indicator ids, in the order wanted.
    level : str
        ``sido``, ``sigungu`` or ``emd``.
    years : sequence of int
        Years wanted; each indicator contributes the ones it has.
    """
    frame = planner_data(store, indicators, level, years)
    written = frame[["indicator", "year"]].drop_duplicates()
    cat = store.catalogue
    meta_cols = [c for c in ("label_ko", "label_en", "layer", "unit", "unit_ko", "nature", "base_year", "licence",
                             "source_type") if c in cat.columns]
    meta = cat.loc[list(dict.fromkeys(frame["indicator"])), meta_cols].reset_index(names="indicator")
    sources = pd.DataFrame([
        {"indicator": r.indicator, "year": int(r.year), "source": store.source_line(r.indicator, level, int(r.year))}
        for r in written.itertuples()])
    sources = pd.concat([sources, pd.DataFrame([{"indicator": "boundaries", "year": None,
                                                 "source": f"{BOUNDARY_SOURCE[0]} · {BOUNDARY_SOURCE[1]}"}])],
                        ignore_index=True)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        safe_frame(frame.rename(columns=DATA_COLUMNS)).to_excel(xl, sheet_name=SHEETS[0], index=False)
        safe_frame(meta.rename(columns=META_COLUMNS)).to_excel(xl, sheet_name=SHEETS[1], index=False)
        safe_frame(sources.rename(columns=SOURCE_COLUMNS)).to_excel(xl, sheet_name=SHEETS[2], index=False)
        book = xl.book
        book.active = 0
        sheet = book[SHEETS[0]]
        sheet.freeze_panes = "B2"
        for letter, width in zip("ABCDEFGHIJK", (10, 14, 18, 10, 26, 24, 30, 8, 14, 12, 16), strict=True):
            sheet.column_dimensions[letter].width = width
    return buf.getvalue()
