"""Checks of the extra published figures (issue 3, item 6): ``data/indicators/raw/extra_published.csv``.

Known answers are the figures as printed in the cited source (아주경제 2024-10-10 reporting MSIT data released by
Rep. Kim Jang-gyeom). The build-function tests use small synthetic frames, labelled as such.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from analysis import indicators as ind
from analysis.store import bundled

ROOT = Path(__file__).resolve().parents[1]
RAW = pd.read_csv(ROOT / "data" / "indicators" / "raw" / "extra_published.csv", dtype={"code": str})
VALUES = ind.load_values(derived=False)
SOURCES = ind.load_sources()
CAPITAL = ["11", "28", "41"]
GOV = "gov_rd_expenditure_share_of_national"


def _build_module():
    spec = importlib.util.spec_from_file_location("build_indicators", ROOT / "scripts" / "build_indicators.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_extra_figure_has_provenance():
    cols = ["publisher", "table", "where_read", "source_type", "licence", "unit"]
    assert RAW[cols].notna().all().all()
    assert set(RAW["source_type"]) <= {"primary", "secondary"}
    assert RAW["where_read"].str.contains(r"https?://|[\w-]+/[\w.-]+@[0-9a-f]{7,40}:").all()
    # a secondary figure is never licensed as a KOSIS export
    assert not RAW.loc[RAW["source_type"] == "secondary", "licence"].str.startswith("KOGL").any()


def test_every_extra_figure_is_bundled_unchanged():
    level = RAW["code"].map(lambda c: "group" if c in ("CAP", "NONCAP") else "sido")
    key = RAW.assign(level=level)[["code", "level", "year", "indicator", "value"]]
    got = key.merge(VALUES, on=["code", "level", "year", "indicator"], how="left", suffixes=("", "_bundled"))
    assert got["value_bundled"].notna().all(), got[got["value_bundled"].isna()]
    assert (got["value"] == got["value_bundled"]).all()


def test_new_rows_cite_the_extra_source():
    sid = SOURCES.index[SOURCES["where_read"].str.contains("m.ajunews.com/view/20241010093827081")]
    assert len(sid) == 1
    new = VALUES[VALUES["source_id"] == sid[0]]
    # 6 sido missing from the shared 2023 list + 3 published non-capital subtotals
    assert sorted(new.loc[new["level"] == "sido", "code"]) == ["36", "46", "47", "48", "50", "52"]
    grp = new[new["level"] == "group"]
    assert set(grp["code"]) == {"NONCAP"}
    assert sorted(zip(grp["year"], grp["indicator"], strict=True)) == [
        (2018, "rd_expenditure_share_pct"), (2019, GOV), (2023, GOV)]
    assert SOURCES.at[sid[0], "source_type"] == "secondary"


def test_gov_rd_2023_all_17_sido_sum_to_100_within_rounding():
    s = bundled().get(GOV, "sido", 2023)
    assert len(s) == 17
    assert s.sum() == pytest.approx(99.8, abs=1e-9)  # as printed
    assert abs(s.sum() - 100) <= 0.05 * 17  # each share rounded to 0.1 %p
    assert s["30"] == 27.7 and s["48"] == 6.9  # largest non-capital shares, as printed


def test_gov_rd_2023_capital_equals_published_headline():
    s = bundled().get(GOV, "sido", 2023)
    grp = bundled().get(GOV, "group", 2023)
    assert s[CAPITAL].sum() == pytest.approx(34.7, abs=1e-9) == grp["CAP"]
    # non-capital: the 14 rounded shares sum within 14 × 0.05 of the published 65.3
    assert abs(s.drop(CAPITAL).sum() - grp["NONCAP"]) <= 0.05 * 14
    out = ind.aggregate(s, "capital")
    assert out["CAP"] == pytest.approx(34.7, abs=1e-9)


@pytest.mark.parametrize(("indicator", "year"), [(GOV, 2019), (GOV, 2023), ("rd_expenditure_share_pct", 2018),
                                                 ("rd_expenditure_share_pct", 2022)])
def test_published_capital_and_noncapital_make_100(indicator, year):
    g = bundled().get(indicator, "group", year)
    assert g["CAP"] + g["NONCAP"] == pytest.approx(100.0, abs=1e-9)


def test_gov_rd_has_no_derived_level():
    # the source gives no national total for this concept: nothing may turn these shares into amounts
    cat = ind.load_catalogue()
    assert not cat["derivation"].fillna("").str.contains(GOV).any()


def test_merge_extra_keeps_shared_rows_and_refuses_disagreement():
    b = _build_module()
    # synthetic frames, not real figures
    shared = pd.DataFrame({"code": ["11"], "level": ["sido"], "year": [2023], "indicator": ["x"], "value": [1.0]})
    extra = pd.DataFrame({"code": ["11", "26"], "level": ["sido", "sido"], "year": [2023, 2023],
                          "indicator": ["x", "x"], "value": [1.0, 2.0], "unit": ["%", "%"], "source_id": ["S1", "S1"]})
    new = b.merge_extra(shared, extra)
    assert list(new["code"]) == ["26"]
    with pytest.raises(SystemExit, match="disagree"):
        b.merge_extra(shared, extra.assign(value=[1.1, 2.0]))


def test_load_extra_refuses_missing_provenance(tmp_path):
    b = _build_module()
    bad = RAW.head(2).copy()
    bad.loc[0, "where_read"] = None  # synthetic defect
    path = tmp_path / "extra.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(SystemExit, match="empty cell"):
        b.load_extra(path)
    rows, sources = b.load_extra(ROOT / "data" / "indicators" / "raw" / "extra_published.csv")
    assert len(rows) == len(RAW) and len(sources) == 1
