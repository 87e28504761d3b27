"""The indicator store: bundled data cached once, uploads as new stores, one completeness rule, series breaks."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis import regions
from analysis.errors import AggregationError, DataError
from analysis.store import _read_breaks, bundled
from tests.helpers import user_copy

X, Y = "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020"


def test_bundled_is_loaded_once_and_shared():
    assert bundled() is bundled()
    assert bundled().key == "bundled" and bundled().user == ()


def test_with_user_returns_a_new_store_and_leaves_the_cached_one():
    s = bundled()
    n_values, n_cat = len(s.values), len(s.catalogue)
    u = user_copy(s, X, "user_rnd")
    t = s.with_user(u)
    assert t is not s and t.key.startswith("user:") and t.key != s.key
    assert (len(s.values), len(s.catalogue)) == (n_values, n_cat) and "user_rnd" not in s.catalogue.index
    assert len(t.catalogue) == n_cat + 1 and t.is_user("user_rnd") and not t.is_user(X)
    assert bundled() is s
    # the same upload gives the same key; replacing it keeps one copy
    assert s.with_user(u).key == t.key
    assert (t.with_user(u).values["indicator"] == "user_rnd").sum() == (t.values["indicator"] == "user_rnd").sum()


def test_a_user_indicator_reads_like_the_bundled_one():
    s = bundled()
    t = s.with_user(user_copy(s, X, "user_rnd"))
    assert t.years("user_rnd", "sido") == s.years(X, "sido")
    assert t.complete_years("user_rnd", "sido") == s.complete_years(X, "sido") == [2022]
    pd.testing.assert_series_equal(t.get("user_rnd", "sido", 2022), s.get(X, "sido", 2022).rename("user_rnd"),
                                   check_exact=True)
    share = t.view("user_rnd", "sido", 2022, "share")
    assert share.values.sum() == pytest.approx(100.0)
    assert t.modes("user_rnd") == s.modes(X) == ["raw", "share", "per_capita"]
    assert t.source_line("user_rnd", "sido", 2022) == "user upload, copy.csv (2022)"
    assert t.view("user_rnd", "sido", 2022).source == "user upload: copy.csv"
    assert "user_rnd" in t.available("sido") and "user_rnd" not in s.available("sido")


def test_a_share_is_never_taken_over_a_subset():
    s = bundled()
    t = s.with_user(user_copy(s, Y, "user_mfg", drop=("11",)))
    assert t.complete_years("user_mfg", "sido") == []
    with pytest.raises(DataError, match="no published national total and 1 sido regions"):
        t.view("user_mfg", "sido", 2022, "share")
    # without Seoul only (Sejong may be absent): complete, and the share sums to 100 over the 16
    t2 = s.with_user(user_copy(s, Y, "user_nosejong", drop=("36",)))
    assert 2022 in t2.complete_years("user_nosejong", "sido")
    assert t2.view("user_nosejong", "sido", 2022, "share").values.sum() == pytest.approx(100.0)


def test_intensive_views_and_unknown_ids_are_clear_errors():
    s = bundled()
    with pytest.raises(AggregationError, match="intensive"):
        s.view("rd_intensity_pct_grdp", "sido", 2020, "share")
    with pytest.raises(DataError, match="unknown indicator"):
        s.get("no_such", "sido", 2020)
    with pytest.raises(DataError, match="no data at level 'sigungu'"):
        s.years(Y, "sigungu")


def test_complete_years_follow_the_one_rule():
    s = bundled()
    assert s.complete_years("rd_expenditure", "sido") == []  # never more than 3 sido
    # before 2013 the GRDP tables count Sejong inside Chungnam: 16 sido are complete
    assert s.complete_years(Y, "sido")[:4] == [2010, 2011, 2012, 2013]
    assert set(s.get(Y, "sido", 2012).index) == set(regions.units("sido")) - {"36"}
    assert s.missing(X, "sido", 2020)[:2] == ["26", "27"]
    assert s.coverage("sido").loc[X, "full_years"] == 1


def test_capital_region_comes_from_region_groups_csv():
    groups = pd.read_csv(regions.__file__.replace("analysis/regions.py", "data/region_groups.csv"), dtype=str)
    assert regions.capital_sido_codes() == tuple(sorted(groups.loc[groups["capital_region"] == "True", "sido_code"]))
    assert regions.capital_flags(["11110", "2871025000", "26", "41"]).tolist() == [True, True, False, True]


def test_sigungu_view_rule():
    auto, full = set(regions.units("sigungu", True)), set(regions.units("sigungu"))
    assert (len(auto), len(full)) == (229, 247)
    gu = sorted(full - auto)[0]
    assert regions.sigungu_view(sorted(auto)) is True
    assert regions.sigungu_view([gu]) is False
    assert bundled().autonomous("population_registered", "sigungu") is True


def test_series_breaks_refuse_comparisons_across_them(tmp_path):
    assert _read_breaks(tmp_path / "absent.csv").empty
    path = tmp_path / "breaks.csv"
    path.write_text("indicator_id,break_year,reason_ko,reason_en,source_id\n"
                    f"{Y},2015,산업분류 개정,industry classification revised,S1\n", encoding="utf-8")
    s = dataclasses.replace(bundled(), breaks=_read_breaks(path), _memo={})
    assert s.break_between(Y, 2013, 2014) is None
    assert s.break_between(Y, 2014, 2015).year == 2015 and s.break_between(Y, 2022, 2013).year == 2015
    with pytest.raises(DataError, match="breaks in 2015 \\(industry classification revised\\)"):
        s.check_span(Y, 2013, 2022)
    s.check_span(Y, 2015, 2022)
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator_id,break_year\nx,2015\n", encoding="utf-8")
    with pytest.raises(DataError, match="lacks columns"):
        _read_breaks(bad)


def test_catalogue_and_coverage_commands_read_the_store_with_data_files(tmp_path, capsys):
    from cli import main

    v = bundled().get(X, "sido", 2022)
    path = tmp_path / "mine.csv"
    pd.DataFrame({"code": v.index, "level": "sido", "year": 2022, "indicator": "my rnd", "value": v.to_numpy()}
                 ).to_csv(path, index=False)
    assert main(["indicators", "--data", str(path), "--data-layer", "rnd", "--layer", "rnd"]) == 0
    out = capsys.readouterr().out
    assert "user_my_rnd" in out and "sido 2022 (1 yrs, 17 regions)" in out
    assert main(["coverage", "--data", str(path), "--indicator", "user_my_rnd", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["indicator,2022", "user_my_rnd,17"]
    assert bundled().coverage("sido").loc[X, "full_years"] == 1 and "full_years" not in bundled().coverage("group")
