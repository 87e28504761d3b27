"""Sigungu indicators: the 2014 crosswalk onto the bundled autonomous units, exact sums, API at level sigungu.

Known answers are published figures of the bundled files (year-end 2014 registered population) and facts of
the code history (renamings, mergers, 군위군 moving to Daegu). Synthetic rows only in the validation tests.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest

from analysis import indicators as ind
from analysis.errors import AggregationError, DataError
from analysis.store import bundled
from geo.boundaries import load_boundaries
from geo.codes import resolve

DEFAULT_REASON = "English name matched the bundled unit in the same sido"


@pytest.fixture(scope="module")
def autonomous() -> pd.Index:
    return load_boundaries("sigungu", autonomous=True).index


@pytest.fixture(scope="module")
def cw() -> pd.DataFrame:
    return ind.sigungu_crosswalk().set_index("kostat_code")


@pytest.fixture(scope="module")
def pop() -> pd.Series:
    return bundled().get("population_registered", "sigungu", 2014)


class TestCrosswalk:
    def test_one_to_one_onto_the_autonomous_view(self, cw, autonomous):
        assert len(cw) == 229 == len(autonomous)
        assert cw.index.is_unique and cw["mois_code"].is_unique
        assert set(cw["mois_code"]) == set(autonomous)
        assert (cw["relation"] == "same").all()

    @pytest.mark.parametrize(
        ("kostat", "mois", "name_ko"),
        [
            ("23050", "28200", "남동구"),     # "Nam-dong" is 남동구, not a dong
            ("11040", "11200", "성동구"),     # "Seong-dong"
            ("11250", "11740", "강동구"),     # "Gang-dong"
            ("23030", "28177", "미추홀구"),   # Incheon Nam-gu, renamed 2018
            ("37310", "27720", "군위군"),     # Gyeongbuk in 2014, Daegu since 2023-07-01
            ("31050", "41190", "부천시"),     # one unit
            ("33010", "43110", "청주시"),     # merged with 청원군 on 2014-07-01
            ("27", "36110", "세종시"),        # Sejong = 27 in the source
            ("31320A", "41670", "여주시"),    # 'A' suffix quirk
            ("34390A", "44270", "당진시"),
            ("32360", "51780", "철원군"),     # "Cheolwon", Gangwon prefix 51
            ("35010", "52110", "전주시"),     # Jeonbuk prefix 52, general city
            ("21070", "26290", "남구"),       # Busan Nam-gu stays Nam-gu
            ("38010", "48120", "창원시"),
        ],
    )
    def test_known_traps(self, cw, kostat, mois, name_ko):
        assert cw.loc[kostat, ["mois_code", "name_ko"]].tolist() == [mois, name_ko]

    def test_gangwon_and_jeonbuk_use_current_prefixes(self, cw):
        for kostat_sido, mois_sido in (("32", "51"), ("35", "52")):
            rows = cw[cw.index.str.startswith(kostat_sido)]
            assert len(rows) == (18 if mois_sido == "51" else 14)
            assert rows["mois_code"].str.startswith(mois_sido).all()

    def test_gunwi_keeps_its_2014_sido(self, cw):
        row = cw.loc["37310"]
        assert (row["sido_code_2014"], row["sido_code_bundled"]) == ("47", "27")
        moved = cw[cw["sido_code_2014"] != cw["sido_code_bundled"]]
        assert list(moved.index) == ["37310"]  # the only 2014 unit in another sido today

    def test_kostat_codes_that_look_like_mois_codes_are_not_used_as_codes(self, cw):
        # 11110 is 노원구 in the KOSTAT-style table but 종로구 as a MOIS code; 31110 is 과천시 vs 울산 중구.
        assert cw.loc["11110", "mois_code"] == "11350"
        assert cw.loc["31110", "mois_code"] == "41290"
        clashes = ["11110", "11140", "11170", "11200", "11230", "31110", "31140", "31170", "31200"]
        for k in clashes:
            assert resolve(k, level="sigungu", code_system="mois").code == k  # a real MOIS code ...
            assert cw.loc[k, "mois_code"] != k  # ... of another unit
            assert not cw.loc[k, "trivial"] and "never by code" in cw.loc[k, "reason"]
        flagged = cw.index[cw["reason"].str.contains("never by code")]
        assert sorted(flagged) == clashes

    def test_every_non_trivial_row_has_a_reason(self, cw):
        odd = cw[~cw["trivial"]]
        assert len(odd) >= 15
        assert (odd["reason"].str.len() > 30).all()
        assert not (odd["reason"] == DEFAULT_REASON).any()

    def test_the_resolver_agrees_with_every_row(self, cw):
        for kostat, row in cw.iterrows():
            sido = row["sido_code_2014"] if row["resolver_query"] == row["name_en_source"] else None
            res = resolve(row["resolver_query"], level="sigungu", sido=sido)
            assert res.code == row["mois_code"], (kostat, res)
            assert res.status == row["resolver_status"]


class TestValues:
    def test_every_autonomous_unit_has_one_value(self, pop, autonomous):
        assert pop.index.is_unique
        assert set(pop.index) == set(autonomous)
        assert pop.notna().all() and (pop > 0).all()
        assert pop.attrs["level"] == "sigungu" and pop.attrs["year"] == 2014

    def test_years(self):
        assert bundled().years("population_registered", "sigungu") == [2014]
        assert bundled().years("foreign_residents", "sigungu") == [2015]
        with pytest.raises(DataError, match="2014"):
            bundled().get("population_registered", "sigungu", 2015)

    @pytest.mark.parametrize(
        ("code", "value"),
        [("11110", 156993), ("28177", 408305), ("28200", 514656), ("27720", 24170), ("36110", 156125),
         ("41190", 855586), ("43110", 831521), ("51780", 47590), ("50110", 448834)],
    )
    def test_known_values(self, pop, code, value):
        assert pop[code] == value

    def test_sums_equal_the_published_sido_values_exactly(self, pop, cw):
        sido = bundled().get("population_registered", "sido", 2014)
        by_2014_sido = pop.groupby(cw.set_index("mois_code")["sido_code_2014"].reindex(pop.index)).sum()
        pd.testing.assert_series_equal(by_2014_sido.sort_index(), sido, check_names=False, check_index_type=False,
                                       check_exact=True)
        assert pop.sum() == bundled().get("population_registered", "national", 2014)["00"] == 51_327_916

    def test_aggregate_as_published_and_bundled(self, pop):
        sido = bundled().get("population_registered", "sido", 2014)
        pub = ind.aggregate_sigungu(pop)
        assert pub.attrs["incomplete"] == [] and pub.attrs["membership"] == "as_published"
        assert (pub == sido.reindex(pub.index)).all()
        by_bundle = ind.aggregate_sigungu(pop, "bundled")
        diff = (by_bundle - pub)[lambda s: s != 0]
        assert diff.to_dict() == {"27": 24170.0, "47": -24170.0}  # 군위군 counted in Daegu

    def test_aggregate_flags_missing_units(self, pop):
        out = ind.aggregate_sigungu(pop.drop("27720"))
        assert out.attrs["incomplete"] == ["47"] and np.isnan(out["47"])
        assert out["27"] == 2493264

    def test_aggregate_refusals(self, pop):
        fake_rate = pd.Series(1.0, index=pop.index, name="employment_rate_15plus")  # synthetic
        with pytest.raises(AggregationError, match="intensive"):
            ind.aggregate_sigungu(fake_rate)
        with pytest.raises(AggregationError, match="membership"):
            ind.aggregate_sigungu(pop, "current")
        with pytest.raises(DataError, match="not"):
            ind.aggregate_sigungu(pd.Series([1.0], index=["41111"], name="population_registered"))
        undated = pd.Series(pop.to_numpy(), index=pop.index, name="population_registered")
        with pytest.raises(DataError, match="year"):
            ind.aggregate_sigungu(undated)
        assert ind.aggregate_sigungu(undated, "bundled").sum() == pop.sum()

    def test_foreign_residents(self, autonomous):
        f = bundled().get("foreign_residents", "sigungu", 2015)
        assert set(f.index) == set(autonomous)
        assert f["41270"] == 70108 and f.idxmax() == "41270"  # 안산시, the largest
        assert f.sum() == 1_376_162
        cat = ind.load_catalogue().loc["foreign_residents"]
        assert not cat["derived"] and cat["nature"] == "extensive" and "TX_11025_A001" in ind.load_sources().loc[
            cat["source_ids"], "table"]

    def test_national_share_at_sigungu(self):
        s = bundled().get("population_share_of_national", "sigungu", 2014)
        assert len(s) == 229 and s.sum() == pytest.approx(100.0, abs=1e-9)
        assert s["11680"] == pytest.approx(578114 / 51327916 * 100)  # 강남구

    def test_coverage(self):
        cov = bundled().counts("sigungu")
        assert cov.loc["population_registered", 2014] == 229
        assert bundled().coverage("sigungu").loc["population_registered", "full_years"] == 1


class TestValidation:
    @staticmethod
    def _frame(code):  # synthetic row
        return pd.DataFrame([dict(code=code, level="sigungu", year=2014, indicator="population_registered",
                                  value=1.0, source_id=ind.load_sources().index[0])])

    def _schema(self):
        cat = ind.load_catalogue()
        return ind._values_schema(cat.index[~cat["derived"]], ind.load_sources().index)

    def test_autonomous_code_passes(self):
        self._schema().validate(self._frame("41110"))

    @pytest.mark.parametrize("code", ["41111", "43710", "28170", "47720", "11010", "99999", "1111"])
    def test_codes_outside_the_autonomous_view_fail(self, code):
        # a non-autonomous gu, former codes, a KOSTAT-style code, nonsense
        with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
            self._schema().validate(self._frame(code), lazy=True)

    def test_series_rejects_unknown_sigungu_codes(self):
        with pytest.raises(DataError, match="41111"):
            bundled().series("population_registered", "sigungu", codes=["41110", "41111"])
