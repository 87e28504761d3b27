"""Tests of the analysis.indicators API on the bundled data (known answers) and on small synthetic frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest

from analysis import indicators as ind
from analysis import regions
from analysis.errors import AggregationError, DataError
from analysis.store import bundled
from cli import main

SIDO = ["11", "26", "27", "28", "29", "30", "31", "36", "41", "43", "44", "46", "47", "48", "50", "51", "52"]


class TestCatalogue:
    def test_indexed_by_id_with_units(self):
        cat = ind.load_catalogue()
        assert cat.index.name == "id"
        assert cat.loc["grdp_nominal_b2020", "unit"] == "KRW million"
        assert cat.loc["grdp_nominal_b2020", "scale"] == 1e6
        assert (cat["unit"].str.len() > 0).all()

    def test_returns_copies(self):
        cat = ind.load_catalogue()
        cat.loc["grdp_nominal_b2020", "unit"] = "corrupted"
        assert ind.load_catalogue().loc["grdp_nominal_b2020", "unit"] == "KRW million"
        v = ind.load_values()
        v["value"] = 0.0
        assert ind.load_values()["value"].abs().sum() > 0

    def test_derived_rows_have_formula(self):
        cat = ind.load_catalogue()
        assert (cat["derived"] == (cat["derivation"] != "")).all()
        assert cat.loc["rd_expenditure_from_share", "derivation"].startswith("share_times_national(")

    def test_base_year_mix_is_refused(self):
        # synthetic catalogue: a ratio of a 2010-base and a 2020-base series
        cat = ind.load_catalogue().loc[["grdp_nominal_b2020", "grdp_nominal_b2010"]].copy()
        bad = cat.iloc[[0]].rename(index={"grdp_nominal_b2020": "synthetic_mix"})
        bad[["derived", "derivation"]] = [True, "ratio(grdp_nominal_b2020, grdp_nominal_b2010, 1)"]
        with pytest.raises(DataError, match="mixes base years"):
            ind._check_catalogue(pd.concat([cat, bad]))

    def test_unknown_derivation_formula(self):
        cat = ind.load_catalogue().loc[["grdp_nominal_b2020"]].copy()
        bad = cat.rename(index={"grdp_nominal_b2020": "synthetic_bad"})
        bad[["derived", "derivation"]] = [True, "median(grdp_nominal_b2020)"]
        with pytest.raises(DataError, match="valid formulas"):
            ind._check_catalogue(pd.concat([cat, bad]))


class TestValidation:
    @staticmethod
    def _frame(**over):
        row = dict(code="11", level="sido", year=2020, indicator="grdp_nominal_b2020", value=1.0,
                   source_id=ind.load_sources().index[0])
        row.update(over)
        return pd.DataFrame([row])

    def _schema(self):
        cat = ind.load_catalogue()
        return ind._values_schema(cat.index[~cat["derived"]], ind.load_sources().index)

    def test_good_row_passes(self):
        self._schema().validate(self._frame())

    @pytest.mark.parametrize(
        "over",
        [dict(code="42"), dict(code="XX", level="group"), dict(level="province"), dict(value=np.inf),
         dict(indicator="no_such_id"), dict(source_id="S_missing"), dict(code="1111", level="sigungu")],
    )
    def test_bad_rows_fail(self, over):
        with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
            self._schema().validate(self._frame(**over), lazy=True)

    def test_duplicate_key_fails(self):
        df = pd.concat([self._frame(), self._frame(value=2.0)], ignore_index=True)
        with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
            self._schema().validate(df, lazy=True)

    def test_bundled_values_unique(self):
        v = ind.load_values()
        assert not v.duplicated(["code", "level", "year", "indicator"]).any()
        assert np.isfinite(v["value"]).all()


class TestGet:
    """The store is the one front door for values (analysis.indicators keeps loading and derivation)."""

    def test_series_named_indexed_with_attrs(self):
        s = bundled().get("gva_manufacturing_nominal_b2020", "sido", 2022)
        assert s.name == "gva_manufacturing_nominal_b2020"
        assert list(s.index) == SIDO
        assert s.index.name == "code"
        assert s.attrs["unit"] == "KRW million" and s.attrs["year"] == 2022 and s.attrs["label_ko"]

    def test_default_year_is_latest(self):
        assert bundled().get("population_registered", "sido").attrs["year"] == 2024

    def test_known_value(self):
        # KOSIS DT_1C81: Gyeonggi nominal GRDP; 2022 R&D share of Gyeonggi 51.2 % (MSIT via press release)
        assert bundled().get("rd_expenditure_share_pct", "sido", 2022)["41"] == pytest.approx(51.2)
        assert bundled().get("grdp_nominal_b2020", "national", 2022)["00"] == pytest.approx(2327596e3, rel=1e-3)

    def test_unknown_indicator_names_valid_ids(self):
        with pytest.raises(DataError, match="unknown indicator 'grdp'; run `python -m analysis indicators`"):
            bundled().get("grdp", "sido")

    def test_unknown_year_names_years(self):
        with pytest.raises(DataError, match="years with data: 2010, .*2023"):
            bundled().get("grdp_nominal_b2020", "sido", 1999)

    def test_unknown_level(self):
        with pytest.raises(DataError, match="valid levels: sido, group"):
            bundled().get("grdp_nominal_b2020", "province", 2020)

    def test_no_data_at_level(self):
        with pytest.raises(DataError, match="levels with data"):
            bundled().get("grdp_real_2015prices", "sido", 2020)

    def test_errors_are_value_errors(self):
        with pytest.raises(ValueError):
            bundled().get("nope", "sido")


class TestSeriesYearsCoverage:
    def test_series_sejong_break(self):
        t = bundled().series("grdp_nominal_b2020", "sido", codes=["44", "36"])
        assert list(t.columns) == ["44", "36"]
        assert np.isnan(t.loc[2012, "36"]) and t.loc[2013, "36"] > 0

    def test_series_bad_code(self):
        with pytest.raises(DataError, match="unknown sido codes \\['42'\\]"):
            bundled().series("grdp_nominal_b2020", "sido", codes=["42"])

    def test_years(self):
        assert bundled().years("grdp_nominal_b2020", "sido") == list(range(2010, 2024))
        assert bundled().years("grdp_nominal_b2010", "sido") == list(range(2010, 2018))

    def test_coverage_and_available(self):
        cov = bundled().counts("sido")
        assert cov.loc["rd_expenditure_share_pct", 2022] == 17
        assert cov.loc["grdp_nominal_b2020", 2012] == 16
        a = bundled().coverage("sido")
        assert a.loc["employed_persons", ["first_year", "last_year", "max_regions"]].tolist() == [2000, 2024, 17]


class TestDerived:
    def test_ratio_per_capita(self):
        pc = bundled().get("grdp_per_capita_b2020", "sido", 2022)
        g = bundled().get("grdp_nominal_b2020", "sido", 2022)
        p = bundled().get("population_registered", "sido", 2022)
        assert pc["11"] == pytest.approx(g["11"] / p["11"])
        assert ind.load_catalogue().loc["grdp_per_capita_b2020", "derived"]

    def test_share_of_national_sums_to_100(self):
        s = bundled().get("grdp_share_of_national_b2020", "sido", 2020)
        assert s.sum() == pytest.approx(100.0, abs=1e-9)

    def test_derived_level_from_share(self):
        # 2022: Gyeonggi's published share 51.2 % × published national total 1,126,460 억원
        d = bundled().get("rd_expenditure_from_share", "sido", 2022)
        assert d["41"] == pytest.approx(0.512 * 1126460)
        assert len(d) == 17

    def test_derived_capital_per_capita_matches_published(self):
        # published (MSIT via press release): capital-region R&D per capita 2022 = 3,032,624 KRW;
        # our derived value uses rounded shares and year-end population, so agree within 0.5 %.
        rd = ind.aggregate(bundled().get("rd_expenditure_from_share", "sido", 2022), "capital")
        pop = ind.aggregate(bundled().get("population_registered", "sido", 2022), "capital")
        assert rd["CAP"] / pop["CAP"] * 1e8 == pytest.approx(3032624, rel=5e-3)

    def test_chungnam_dropped_across_sejong_break(self):
        # GRDP lists Sejong from 2013, the labour survey from 2017: Chungnam ratios 2013-2016 would mix areas
        t = bundled().series("gva_per_employed_b2020", "sido", codes=["44"])
        assert t.loc[2013:2016, "44"].isna().all()
        assert t.loc[[2012, 2017], "44"].notna().all()


class TestAggregate:
    def test_capital_share_is_published_70_1(self):
        out = ind.aggregate(bundled().get("rd_expenditure_share_pct", "sido", 2022), "capital")
        assert out["CAP"] == pytest.approx(70.1, abs=1e-9)
        assert out["NONCAP"] == pytest.approx(29.9, abs=1e-9)
        assert out.name == "rd_expenditure_share_pct"

    def test_econ_regions_sum_to_national(self):
        s = bundled().get("gva_manufacturing_nominal_b2020", "sido", 2021)
        out = ind.aggregate(s, "econ_region")
        assert sorted(out.index) == ["CAP", "CC", "DG", "DN", "GW", "HN", "JJ"]
        assert out["GW"] == s["51"] and out["DG"] == s["27"] + s["47"]
        assert out.sum() == pytest.approx(bundled().get("gva_manufacturing_nominal_b2020", "national", 2021)["00"])

    def test_sejong_absent_keeps_cc_complete(self):
        out = ind.aggregate(bundled().get("grdp_nominal_b2020", "sido", 2012), "econ_region")
        assert out.attrs["incomplete"] == [] and out.notna().all()

    def test_missing_member_gives_nan(self):
        s = bundled().get("grdp_nominal_b2020", "sido", 2020).drop("28")
        out = ind.aggregate(s, "capital")
        assert np.isnan(out["CAP"]) and out.attrs["incomplete"] == ["CAP"]

    def test_intensive_refused(self):
        with pytest.raises(AggregationError, match="numerator and denominator"):
            ind.aggregate(bundled().get("employment_rate_15plus", "sido", 2020), "econ_region")

    def test_derived_intensive_names_formula(self):
        with pytest.raises(AggregationError, match="ratio\\(grdp_nominal_b2020, population_registered"):
            ind.aggregate(bundled().get("grdp_per_capita_b2020", "sido", 2020), "capital")

    def test_unknown_target(self):
        with pytest.raises(AggregationError, match="valid targets: econ_region, capital"):
            ind.aggregate(bundled().get("grdp_nominal_b2020", "sido", 2020), "province")  # type: ignore[arg-type]

    def test_unnamed_series_needs_indicator(self):
        s = pd.Series([1.0, 2.0, 3.0], index=["11", "28", "41"])  # synthetic
        with pytest.raises(DataError, match="indicator="):
            ind.aggregate(s, "capital")
        assert np.isnan(ind.aggregate(s, "capital", indicator="population_registered")["NONCAP"])

    def test_region_groups(self):
        g = regions.region_groups()
        assert len(g) == 17 and g["econ_region"].nunique() == 7
        assert sorted(g.loc[g["capital_region"], "sido_code"]) == ["11", "28", "41"]


class TestCli:
    def test_indicators_lists_catalogue(self, capsys):
        assert main(["indicators"]) == 0
        out = capsys.readouterr().out
        assert "rd_expenditure_share_pct" in out and "sido 2010-2022" in out

    def test_coverage_matrix(self, capsys):
        assert main(["coverage", "--layer", "rnd", "--from-year", "2020"]) == 0
        out = capsys.readouterr().out
        assert "rd_expenditure_share_pct" in out and "gva_manufacturing" not in out

    def test_coverage_csv(self, capsys):
        assert main(["coverage", "--format", "csv", "--indicator", "grdp_nominal_b2020"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].startswith("indicator,2010") and lines[1].startswith("grdp_nominal_b2020,16,16,16,17")

    @pytest.mark.parametrize(
        "argv",
        [["coverage", "--level", "bogus"], ["coverage", "--indicator", "nope"], ["indicators", "--layer", "x"],
         ["coverage", "--from-year", "abc"], ["indicators", "--format", "xml"]],
    )
    def test_bad_args_exit_2_one_line(self, argv, capsys):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("error: ")


def test_region_groups_follow_bundled_table():
    # data/region_groups.csv (boundaries engineer) is the source of the sido → group mapping once it exists
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "region_groups.csv"
    if not path.exists():
        pytest.skip("data/region_groups.csv not built")
    table = pd.read_csv(path, dtype=str).set_index("sido_code")["econ_region"].sort_index()
    ours = regions.region_groups().set_index("sido_code")["econ_region"].sort_index()
    assert ours.equals(table)
