"""Property tests of ingest.importer on generated messy tables (hypothesis; all data SYNTHETIC).

* any input → an ImportResult or an ImportFileError, never another exception;
* every value imported for a matched region equals the number written in the file;
* a table with nothing to refuse imports all its numbers (so the test fails if every table errors);
* nothing already loaded changes (bundled values and catalogue; the session's dict: tests/test_app.py).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import indicators
from analysis.errors import ImportFileError
from ingest.importer import clean_value, import_file, read_grid

# real sido names/codes in several spellings → MOIS code of the bundled vintage
SIDO_FORMS: dict[str, list[str]] = {
    "11": ["서울특별시", "서울", "서울시", "11", "Seoul"],
    "26": ["부산광역시", "부산", "26"],
    "27": ["대구광역시", "대구"],
    "28": ["인천광역시", "인천"],
    "29": ["광주광역시", "광주"],
    "30": ["대전광역시", "대전"],
    "31": ["울산광역시", "울산"],
    "36": ["세종특별자치시", "세종"],
    "41": ["경기도", "경기", "41"],
    "43": ["충청북도", "충북"],
    "44": ["충청남도", "충남"],
    "46": ["전라남도", "전남"],
    "47": ["경상북도", "경북"],
    "48": ["경상남도", "경남"],
    "50": ["제주특별자치도", "제주", "제주도"],
    "51": ["강원특별자치도", "강원도", "강원", "42"],
    "52": ["전북특별자치도", "전라북도", "전북", "45"],
}
JUNK = ["", "주: 합성 자료", "자료: 통계청", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "가나다",
        "중구", "전국", "계", "수도권", "=1+1", "\u200b", "NaN"]
MARKERS = ["-", "X", "…", "...", ""]
def _settings(n: int) -> settings:
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _fmt(v: float, style: int) -> str:
    if style == 0:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"
    if style == 1:
        return repr(float(v)) if not float(v).is_integer() else str(int(v))
    if style == 2:
        return f"{v:g}" if abs(v) < 1e5 else str(int(v)) if float(v).is_integer() else repr(float(v))
    return (str(int(v)) if float(v).is_integer() else repr(float(v))) + " (p)"


values = st.one_of(st.integers(0, 10**9).map(float),
                   st.floats(0, 1e9, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 3)))


@st.composite
def tables(draw):
    codes = draw(st.lists(st.sampled_from(sorted(SIDO_FORMS)), min_size=1, max_size=17, unique=True))
    years = draw(st.lists(st.integers(1995, 2030), min_size=1, max_size=4, unique=True))
    year_style = draw(st.sampled_from(["{y}", "{y} 년", "{y}년", " {y} "]))
    rows: list[list[str]] = [["행정구역별", *[year_style.format(y=y) for y in years]]]
    expected: dict[tuple[str, int], float] = {}
    names: dict[str, str] = {}  # code → how the table writes it
    for code in codes:
        name = names[code] = draw(st.sampled_from(SIDO_FORMS[code]))
        cells = []
        for y in years:
            kind = draw(st.integers(0, 9))
            if kind == 0:
                cells.append(draw(st.sampled_from(MARKERS)))
            else:
                v = draw(values)
                cells.append(_fmt(v, draw(st.integers(0, 3))))
                expected[(code, y)] = float(cells[-1].replace(",", "").replace(" (p)", ""))
        rows.append([name, *cells])
    clean = True  # no cell a careful importer must refuse: such a table has to import
    for _ in range(draw(st.integers(0, 3))):  # junk rows anywhere
        pos = draw(st.integers(1, len(rows)))
        cells = [draw(st.sampled_from(["", "1", "-", "abc", "-3", "inf"])) for _ in years]
        clean = clean and all(c in ("", "-") for c in cells)
        rows.insert(pos, [draw(st.sampled_from(JUNK)), *cells])
    if draw(st.booleans()):
        rows.insert(0, ["합성 자료 표 (SYNTHETIC)"])
    if draw(st.integers(0, 9)) == 0:  # occasionally a hostile cell in a region row
        r = draw(st.integers(1, len(rows) - 1))
        if len(rows[r]) > 1:
            rows[r][1] = draw(st.sampled_from(["abc", "-5", "nan", "1e999", "<b>1</b>"]))
            clean = False
    sep = draw(st.sampled_from([",", "\t", ";"]))
    enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp949"]))

    def q(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if (sep in c or '"' in c or "\n" in c) else c

    text = "\n".join(sep.join(q(c) for c in r) for r in rows) + "\n"
    return text.encode(enc, errors="replace"), expected, clean, names


@pytest.fixture(scope="module")
def loaded():
    return indicators.load_values().copy(), indicators.load_catalogue().copy()


@pytest.mark.slow
@_settings(250)
@given(tables())
def test_messy_tables(loaded, table):
    """A table without refusable cells imports every value written in it; any other errors clearly or imports
    only numbers that are in the file; nothing bundled changes either way."""
    data, expected, clean, names = table
    # a bare code such as "26" may be ambiguous (MOIS Busan, KOSTAT Ulsan): reported, not imported
    by_name = {k for k in expected if not names[k[0]].isdigit()}
    try:
        res = import_file(data, "messy.csv")
    except ImportFileError as exc:
        assert str(exc)
        # a clean table with a number for a named region must import (the test passed before when every table
        # failed)
        assert not (clean and by_name), f"a clean table was refused: {exc}"
    else:
        got = res.values.set_index(["code", "year"])["value"]
        assert res.values["level"].eq("sido").all()
        for key, v in got.items():
            assert key in expected, key
            assert v == expected[key]
        assert set(res.values["code"]) <= set(res.report.matched["code"])
        if clean:  # nothing written in the file is lost silently: imported, or reported as not matched
            reported = set(res.report.ambiguous["input"].astype(str)) | set(res.report.unmatched["input"].astype(str))
            lost = {names[code] for code, _ in set(expected) - set(got.index)}
            assert lost <= reported, lost - reported
    values, cat = loaded
    pd.testing.assert_frame_equal(values, indicators.load_values())
    pd.testing.assert_frame_equal(cat, indicators.load_catalogue())


@pytest.mark.slow
@_settings(500)
@given(st.binary(max_size=2048), st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a.xls"]))
def test_random_bytes_never_crash(data, name):
    try:
        import_file(data, name)
    except ImportFileError as exc:
        assert str(exc)


@pytest.mark.slow
@_settings(200)
@given(st.text(max_size=300))
def test_random_text_never_crash(text):
    for enc in ("utf-8", "cp949"):
        try:
            read_grid(text.encode(enc, errors="replace"), "t.csv")
            import_file(text.encode(enc, errors="replace"), "t.csv")
        except ImportFileError as exc:
            assert str(exc)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
@_settings(1500)
@given(values, st.integers(0, 3))
def test_clean_value_round_trips(v, style):
    text = _fmt(v, style)
    got, reason, prelim = clean_value(text)
    assert reason == "" and prelim == (style == 3)
    assert got == float(text.replace(",", "").replace(" (p)", ""))
    assert math.isfinite(got)


@_settings(1500)
@given(st.text(max_size=30))
def test_clean_value_only_raises_import_error(text):
    try:
        v, reason, _ = clean_value(text)
    except ImportFileError:
        return
    assert (math.isnan(v) and reason) or (math.isfinite(v) and not reason)


def _sigungu_units() -> list[tuple[str, str, str, str]]:
    from geo import codes

    idx = codes.default_index()
    sido = {c: (u.name_ko, u.name_en) for c, u in idx.units["sido"].items()}
    return [(c, u.name_ko, u.name_en, sido[u.sido_code][0]) for c, u in sorted(idx.units["sigungu"].items())
            if u.sido_code in sido]


@st.composite
def sigungu_tables(draw):
    units = _sigungu_units()
    picks = draw(st.lists(st.integers(0, len(units) - 1), min_size=3, max_size=30, unique=True))
    english = draw(st.booleans())
    rows = [(units[i][2] if english else units[i][1], units[i][3], 1000 + k) for k, i in enumerate(picks)]
    order = draw(st.permutations(list(range(len(rows)))))
    return rows, order


def _codes_by_value(rows, with_parent: bool) -> dict[int, str] | None:
    head = "Province,District,2020" if with_parent else "District,2020"
    body = [(f'"{p}","{n}",{v}' if with_parent else f'"{n}",{v}') for n, p, v in rows]
    try:
        res = import_file(("\n".join([head, *body]) + "\n").encode(), "t.csv", level="sigungu")
    except ImportFileError:
        return None
    v = res.values.set_index("code")["value"]
    return {int(val): code for code, val in v.items()}


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
@_settings(25)
@given(sigungu_tables())
def test_row_order_and_parent_column_never_change_a_matched_code(table):
    """SYNTHETIC figures: every matched code is the same whatever the row order, and a Province column only adds
    matches (ambiguous names settled), never moves one."""
    rows, order = table
    base = _codes_by_value(rows, with_parent=False)
    shuffled = _codes_by_value([rows[i] for i in order], with_parent=False)
    assert base == shuffled
    parent = _codes_by_value([rows[i] for i in order], with_parent=True)
    assert parent is not None and len(parent) == len(rows)  # with its parent every bundled unit resolves
    for value, code in (base or {}).items():
        assert parent.get(value) == code
