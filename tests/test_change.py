"""The change of the mismatch explained (issue 25 item 1): the two-factor Shapley split of the Hoover change, the
years it may join, and ``analysis summary --compare-to``."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

import cli
from analysis.change import FLAT, change_between, change_years, hoover_change, shapley_hoover
from analysis.compare import compare, measure
from analysis.errors import DataError
from analysis.mismatch import hoover
from analysis.spatial import build_weights
from analysis.store import _read_breaks, bundled
from geo.names import sido_short_names
from tests.helpers import GRID_META as META
from tests.helpers import grid as _grid

SX, SY = "gva_prof_sci_tech_services_nominal_b2020", "gva_manufacturing_nominal_b2020"  # sido, 2013-2023
BX, BY = "gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015"  # sigungu, 2015, 2020


# ---- the rule -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(6))
def test_the_two_parts_sum_to_the_hoover_change(seed):
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = (pd.Series(rng.dirichlet(np.ones(40) * 0.3)) for _ in range(4))
    xp, yp = shapley_hoover(x0, y0, x1, y1)
    assert abs(xp + yp - (hoover(x1, y1) - hoover(x0, y0))) < 1e-12
    # the definition, term by term
    h = {(a, b): hoover(xa, yb) for a, xa in ((0, x0), (1, x1)) for b, yb in ((0, y0), (1, y1))}
    assert xp == pytest.approx(0.5 * ((h[1, 0] - h[0, 0]) + (h[1, 1] - h[0, 1])), abs=1e-15)
    assert yp == pytest.approx(0.5 * ((h[0, 1] - h[0, 0]) + (h[1, 1] - h[1, 0])), abs=1e-15)


def test_a_side_that_did_not_move_has_no_part():
    a, b, c = pd.Series([0.6, 0.3, 0.1]), pd.Series([0.2, 0.3, 0.5]), pd.Series([0.4, 0.4, 0.2])
    xp, yp = shapley_hoover(a, b, c, b)  # only x moved
    assert yp == 0.0 and xp == pytest.approx(hoover(c, b) - hoover(a, b))
    xp, yp = shapley_hoover(a, b, a, c)  # only y moved
    assert xp == 0.0 and yp == pytest.approx(hoover(a, c) - hoover(a, b))
    # both moved the same way the change is split evenly between them (symmetry of the rule)
    xp, yp = shapley_hoover(pd.Series([0.5, 0.5]), pd.Series([0.5, 0.5]), pd.Series([0.6, 0.4]),
                            pd.Series([0.4, 0.6]))
    assert xp == pytest.approx(yp) and xp + yp == pytest.approx(0.2)


# ---- two comparisons joined (SYNTHETIC grid: left column = capital region) --------------------------------------
def _year(year: int, x, y):
    cells, codes, bnd = _grid()
    graph = build_weights(bnd, island_links=False)
    return measure(pd.Series(x, index=codes, name="rnd_x", dtype=float),
                   pd.Series(y, index=codes, name="prod_y", dtype=float), bnd, graph, level="sido", year=year,
                   meta=META, permutations=9)


X0 = [6, 1, 1, 6, 1, 1, 6, 1, 1]
Y0 = [1] * 9


def test_when_only_x_moves_the_whole_change_is_x_s():
    c0, c1 = _year(2015, X0, Y0), _year(2020, [3, 1, 1, 3, 1, 1, 3, 1, 4], Y0)
    ch = change_between(c0, c1)
    assert (ch.year_from, ch.year_to, ch.n) == (2015, 2020, 9)
    assert ch.hoover_from == pytest.approx(c0.hoover, abs=1e-15) and ch.hoover_to == pytest.approx(c1.hoover, abs=1e-15)
    assert ch.y_part == 0.0 and ch.x_part == pytest.approx(ch.hoover_change, abs=1e-12)
    assert (ch.direction, ch.dominant, ch.opposing) == ("fell", "x", False)
    assert ch.capital_share_x_from == c0.capital_share_x and ch.capital_share_x_to == c1.capital_share_x
    assert ch.capital_share_y_from == ch.capital_share_y_to == pytest.approx(1 / 3)
    # the biggest mover first: cell 8 went from 1/24 to 4/18 of x, the capital cells from 6/24 to 3/18 each
    top = ch.movers[0]
    assert top.code == "4722" and top.delta_x == pytest.approx(4 / 18 - 1 / 24) and top.delta_y == 0
    assert ch.extreme("x", True)[0] == "4722" and ch.extreme("y", True) is None
    # given in either order, the change runs from the earlier year
    assert change_between(c1, c0).year_from == 2015


def test_when_only_y_moves_the_whole_change_is_y_s_and_it_may_rise():
    ch = change_between(_year(2015, X0, Y0), _year(2016, X0, [3, 1, 1, 1, 1, 1, 1, 1, 1]))
    assert ch.x_part == 0.0 and ch.y_part == pytest.approx(ch.hoover_change, abs=1e-12)
    assert ch.direction == "fell" and ch.dominant == "y"
    ch = change_between(_year(2015, X0, Y0), _year(2016, X0, [1, 1, 1, 1, 1, 1, 1, 1, 3]))
    assert ch.direction == "rose" and ch.y_part > 0


def test_opposing_shifts_and_no_change():
    # x moves towards y's distribution, y moves away from x's: the parts have opposite signs
    ch = change_between(_year(2015, [3, 1, 1, 3, 1, 1, 3, 1, 1], [2, 1, 1, 2, 1, 1, 2, 1, 1]),
                        _year(2020, [2, 1, 1, 2, 1, 1, 2, 1, 1], [1, 2, 2, 1, 2, 2, 1, 2, 2]))
    assert ch.x_part < 0 < ch.y_part and ch.opposing
    same = change_between(_year(2015, X0, Y0), _year(2020, X0, Y0))
    assert same.hoover_change == 0.0 and same.direction == "flat" and abs(same.hoover_change) < FLAT


def test_a_change_refuses_other_units_other_pairs_and_one_year():
    c0 = _year(2015, X0, Y0)
    with pytest.raises(DataError, match="two different years"):
        change_between(c0, _year(2015, X0, Y0))
    other = dataclasses.replace(c0, year=2020, x="other")
    with pytest.raises(DataError, match="one comparison"):
        change_between(c0, other)


# ---- the store's rules, on the bundled data ---------------------------------------------------------------------
def test_the_years_a_change_may_join_follow_the_store_s_rules():
    s = bundled()
    years = change_years(s, SX, SY, "sido", 2023)
    assert 2023 not in years and 2013 in years and 2012 not in years  # 2012: other units (no Sejong row)
    with pytest.raises(DataError, match=r"years comparable with 2023: 2013, .*2022") as err:
        hoover_change(s, SX, SY, "sido", 2023, 2012, permutations=9)
    assert err.value.args[0].key == "change_not_comparable"
    with pytest.raises(DataError, match="two different years"):
        hoover_change(s, SX, SY, "sido", 2023, 2023, permutations=9)


def test_a_series_break_between_the_two_years_is_refused(tmp_path):
    path = tmp_path / "breaks.csv"
    path.write_text("indicator_id,break_year,reason_ko,reason_en,source_id\n"
                    f"{SY},2018,산업분류 개정,industry classification revised,S1\n", encoding="utf-8")
    s = dataclasses.replace(bundled(), breaks=_read_breaks(path), _memo={})
    assert min(change_years(s, SX, SY, "sido", 2023)) == 2018
    with pytest.raises(DataError, match="industry classification revised.*comparable with 2023: 2018"):
        hoover_change(s, SX, SY, "sido", 2023, 2015, permutations=9)
    assert hoover_change(s, SX, SY, "sido", 2023, 2019, permutations=9).year_from == 2019


def _independent(store, x, y, level, y0, y1):
    """The change recomputed from the store's values alone (numpy), not through analysis.compare."""
    from analysis.regions import capital_flags

    v = {(k, yr): store.get(k, level, yr).dropna().astype(float) for k in (x, y) for yr in (y0, y1)}
    codes = sorted(set.intersection(*(set(s.index) for s in v.values())))
    sh = {key: (s.loc[codes] / s.loc[codes].sum()).to_numpy() for key, s in v.items()}

    def h(a, b):
        return 0.5 * np.abs(a - b).sum()

    x0, x1, yy0, yy1 = sh[x, y0], sh[x, y1], sh[y, y0], sh[y, y1]
    cap = capital_flags(codes).to_numpy()
    return {"hoover_from": h(x0, yy0), "hoover_to": h(x1, yy1),
            "x_part": 0.5 * (h(x1, yy0) - h(x0, yy0) + h(x1, yy1) - h(x0, yy1)),
            "y_part": 0.5 * (h(x0, yy1) - h(x0, yy0) + h(x1, yy1) - h(x1, yy0)),
            "capital_share_x_from": x0[cap].sum(), "capital_share_x_to": x1[cap].sum(),
            "capital_share_y_from": yy0[cap].sum(), "capital_share_y_to": yy1[cap].sum()}


def test_the_sido_change_equals_an_independent_computation_and_each_year_s_summary():
    s = bundled()
    ch = hoover_change(s, SX, SY, "sido", 2023, 2013, permutations=9)
    want = _independent(s, SX, SY, "sido", 2013, 2023)
    for key, value in want.items():
        assert getattr(ch, key) == pytest.approx(value, abs=1e-12), key
    assert abs(ch.x_part + ch.y_part - ch.hoover_change) < 1e-12
    for yr, h in ((2013, ch.hoover_from), (2023, ch.hoover_to)):
        assert compare(s, SX, SY, "sido", yr, permutations=9).hoover == pytest.approx(h, abs=1e-15)
    assert ch.comparable_years == tuple(change_years(s, SX, SY, "sido", 2023))


@pytest.mark.slow
def test_the_sigungu_case_of_the_issue_recomputed():
    """Business services vs manufacturing value added, si-gun-gu 2015→2020 (issue 25): the numbers are recomputed
    here from the store's values, never written down (the data helper's Incheon fix will move them)."""
    s = bundled()
    ch = hoover_change(s, BX, BY, "sigungu", 2020, 2015, permutations=9)
    want = _independent(s, BX, BY, "sigungu", 2015, 2020)
    for key, value in want.items():
        assert getattr(ch, key) == pytest.approx(value, abs=1e-12), key
    # the issue's reading: the Hoover index fell, most of the fall is where business services went
    assert ch.direction == "fell" and ch.dominant == "x"
    moved = sorted(ch.shares.index, key=lambda c: -(abs(ch.shares.at[c, "delta_x"]) + abs(ch.shares.at[c, "delta_y"])))
    assert [m.code for m in ch.movers] == moved[:5]
    m = ch.movers[0]  # named with its sido by the naming rule ("경기 화성시")
    assert m.sido_ko and m.place_ko.split()[0] == sido_short_names("ko")[m.sido_code]


# ---- the CLI ----------------------------------------------------------------------------------------------------
CHANGE_KEYS = {"year_from", "year_to", "n", "hoover_from", "hoover_to", "hoover_change", "x_part", "y_part",
               "capital_share_x_from", "capital_share_x_to", "capital_share_y_from", "capital_share_y_to",
               "direction", "dominant", "movers", "comparable_years"}


def _summary(capsys, *extra: str) -> dict:
    argv = ["summary", "--level", "sido", "--x", SX, "--y", SY, "--permutations", "9", "--json", *extra]
    assert cli.main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_summary_compare_to_adds_the_change_object(capsys):
    out = _summary(capsys, "--year", "2023", "--compare-to", "2013")
    ch = out["change"]
    assert CHANGE_KEYS <= set(ch)
    assert abs(ch["x_part"] + ch["y_part"] - (ch["hoover_to"] - ch["hoover_from"])) < 1e-12
    assert ch["hoover_to"] == pytest.approx(out["mismatch"]["hoover"], abs=1e-15)
    assert ch["capital_share_x_to"] == out["capital_region"]["share_x"]
    earlier = _summary(capsys, "--year", "2013")
    assert "change" not in earlier
    assert ch["hoover_from"] == pytest.approx(earlier["mismatch"]["hoover"], abs=1e-15)
    assert ch["capital_share_y_from"] == earlier["capital_region"]["share_y"]
    m = ch["movers"][0]
    assert {"code", "name_ko", "name_en", "sido_name_ko", "delta_share_x", "delta_share_y"} <= set(m)
    assert m["delta_share_x"] == pytest.approx(m["share_x_to"] - m["share_x_from"])


def test_summary_compare_to_refuses_with_the_comparable_years(capsys):
    code = cli.main(["summary", "--level", "sido", "--x", SX, "--y", SY, "--year", "2023", "--compare-to", "2012",
                     "--permutations", "9", "--json"])
    err = capsys.readouterr()
    assert code == 2 and err.out == ""
    assert "years comparable with 2023: 2013" in err.err and "Traceback" not in err.err
    assert cli.main(["summary", "--level", "sido", "--x", SX, "--y", SY, "--year", "2023", "--compare-to", "2013",
                     "--permutations", "9"]) == 0
    text = capsys.readouterr().out
    assert "Change 2013 → 2023" in text and "part due to x / due to y" in text


# ---- one path: the briefing, the deck's trend notes and the CLI say the same change -----------------------------
@pytest.mark.slow
def test_the_briefing_and_the_trend_slide_say_the_change_of_the_summary(capsys):
    from report.briefing import briefing, trend_reading
    from report.deck import Step, step_notes
    from report.readings import change_sentence

    s = bundled()
    b = briefing(s, SX, SY, "sido", 2023, permutations=9)
    first = int(b.trend.index[0])
    direct = hoover_change(s, SX, SY, "sido", 2023, first, permutations=9)
    for key in ("hoover_from", "hoover_to", "x_part", "y_part", "capital_share_x_from", "capital_share_y_to"):
        assert getattr(b.change, key) == getattr(direct, key), key
    out = _summary(capsys, "--year", "2023", "--compare-to", str(first))["change"]
    assert out["x_part"] == pytest.approx(direct.x_part, abs=1e-15) and out["movers"][0]["code"] == direct.movers[0].code
    for lang in ("ko", "en"):
        assert trend_reading(b, lang) == change_sentence(direct, lang)
        assert step_notes(b, Step("trend", "추세", "trend"), lang) == trend_reading(b, lang)
    single = briefing(s, "rd_expenditure_from_share", SY, "sido", 2022, permutations=9)  # one comparable year
    assert single.change is None and trend_reading(single, "ko") == ""
