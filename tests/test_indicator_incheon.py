"""Mislabelled si-gun-gu rows (issue 26 item 5): the package's 2015-base GRDP against KOSIS's own 2020 real table.

In its reference year (2020) a chained 2020-price series equals the nominal 2020-base values, so each unit's
share of its sido's value added, industry by industry, must agree between the package's 2020 rows and the
bundled KOSIS real table (``*_real_chained_b2020``), up to the revision between the two bases. A row filed under
the wrong unit shows up as a relabelling of units that matches the KOSIS profiles better than the labels do: the
test asks that, within every sido, the optimal assignment of package rows to KOSIS units (least total L1 distance
between within-sido share profiles) is the identity. The six Incheon gu of the package were shifted cyclically
(the build corrects them); the test fails on the uncorrected rows and on any synthetic relabelling of two units.
Everything is read from ``data/`` (no ``../shared``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linear_sum_assignment

from analysis.store import bundled

# 2015-base package industry → the KOSIS real table's industry (mining stays out: suppressed in 35 units)
PAIRS = {
    "gva_manufacturing_nominal_b2015": "gva_mining_manufacturing_real_chained_b2020",
    "gva_construction_nominal_b2015": "gva_construction_real_chained_b2020",
    "gva_wholesale_retail_nominal_b2015": "gva_wholesale_retail_real_chained_b2020",
    "gva_transport_storage_nominal_b2015": "gva_transport_storage_real_chained_b2020",
    "gva_accommodation_food_nominal_b2015": "gva_accommodation_food_real_chained_b2020",
    "gva_information_communication_nominal_b2015": "gva_information_communication_real_chained_b2020",
    "gva_finance_insurance_nominal_b2015": "gva_finance_insurance_real_chained_b2020",
    "gva_real_estate_nominal_b2015": "gva_real_estate_real_chained_b2020",
    "gva_prof_business_services_nominal_b2015": "gva_business_services_real_chained_b2020",
    "gva_public_administration_nominal_b2015": "gva_public_administration_real_chained_b2020",
    "gva_education_nominal_b2015": "gva_education_real_chained_b2020",
    "gva_health_social_work_nominal_b2015": "gva_health_social_work_real_chained_b2020",
    "gva_arts_personal_services_nominal_b2015": "gva_arts_personal_services_real_chained_b2020",
}
INCHEON = {"28177": "미추홀구", "28185": "연수구", "28200": "남동구", "28237": "부평구", "28245": "계양구", "28260": "서구"}


def _sido_2020(codes: pd.Index) -> pd.Series:
    s = pd.Series(codes.str[:2], index=codes)
    s[s.index == "27720"] = "47"  # 군위군 was in Gyeongbuk in 2020 (both tables file it there)
    return s


def _within_sido_shares(table: pd.DataFrame) -> pd.DataFrame:
    return table.groupby(_sido_2020(table.index)).transform(lambda col: col / col.sum())


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    s = bundled()
    pkg = pd.DataFrame({real: s.get(b15, "sigungu", 2020) for b15, real in PAIRS.items()})
    kosis = pd.DataFrame({real: s.get(real, "sigungu", 2020) for real in PAIRS.values()})
    common = pkg.index.intersection(kosis.index)
    assert len(common) == 228
    return pkg.loc[common], kosis.loc[common]


def mislabelled(pkg: pd.DataFrame, kosis: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Per sido, the (row label, unit it matches better) pairs of the optimal relabelling; empty = none."""
    a, b = _within_sido_shares(pkg), _within_sido_shares(kosis)
    out = {}
    for sido, part in a.groupby(_sido_2020(a.index)):
        other = b.loc[part.index]
        cost = np.abs(part.to_numpy()[:, None, :] - other.to_numpy()[None, :, :]).sum(axis=2)
        rows, cols = linear_sum_assignment(cost)
        moved = [(part.index[r], part.index[c]) for r, c in zip(rows, cols, strict=True) if r != c]
        if moved and cost[rows, cols].sum() < np.trace(cost) - 1e-9:
            out[sido] = moved
    return out


def test_no_unit_carries_another_units_figures(tables):
    pkg, kosis = tables
    assert mislabelled(pkg, kosis) == {}


def test_each_industry_agrees_across_units(tables):
    """Within-sido shares correlate by industry over all 228 units (0.93-0.998 after the correction)."""
    pkg, kosis = tables
    a, b = _within_sido_shares(pkg), _within_sido_shares(kosis)
    corr = {c: np.corrcoef(a[c], b[c])[0, 1] for c in a.columns}
    assert min(corr.values()) > 0.9, corr


def test_the_check_catches_the_uncorrected_incheon_rows_and_any_swap(tables):
    pkg, kosis = tables
    # undo the build's correction: the package's row named X holds the figures of the unit INCHEON_SHIFT names
    holder = {"28177": "28260", "28185": "28177", "28200": "28185", "28237": "28200", "28245": "28237",
              "28260": "28245"}  # row named (bundled code) → the unit whose figures it holds
    raw = pkg.copy()
    for row, unit in holder.items():
        raw.loc[row] = pkg.loc[unit]
    found = mislabelled(raw, kosis)
    assert set(found) == {"28"} and {r for r, _ in found["28"]} == set(holder)
    # a swap of two Daegu gu anywhere else is caught too
    swapped = pkg.copy()
    swapped.loc[["27110", "27290"]] = pkg.loc[["27290", "27110"]].to_numpy()
    assert set(mislabelled(swapped, kosis)) == {"27"}


def test_corrected_incheon_values():
    s = bundled()
    mfg = s.get("gva_manufacturing_nominal_b2015", "sigungu", 2020)
    assert mfg["28260"] == 5_434_039  # 서구: the package prints it in the row named 미추홀구
    assert mfg["28245"] == 645_018    # 계양구: printed in the row named 서구
    pub = s.get("gva_public_administration_nominal_b2015", "sigungu", 2020)
    incheon = pub[[c for c in pub.index if c.startswith("28")]]
    assert incheon.idxmax() == "28200"  # 남동구, seat of Incheon City Hall
    for year in (2015, 2020):
        pkg = s.get("gva_total_basic_prices_nominal_b2015", "sigungu", year)
        assert pkg[list(INCHEON)].notna().all()
    src = s.sources.loc["Ppycensuskr_grdp"]
    assert "six Incheon gu rows corrected" in src["note"] and "인천 6개 구" in src["note_ko"]
