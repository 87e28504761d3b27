"""lang.numbers: every unit kind and kind of statistic in both languages, at its thresholds, with known answers worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from lang.numbers import UNIT_KINDS, format_value, unit_kind


@pytest.mark.parametrize(
    ("value", "kind", "scale", "lang", "expected"),
    [
        # won: 조원 from 1e12 (three significant figures), 억원 from 1e8 (one decimal below 100억), 만원, 원
        (2_345_678, "krw", 1e6, "ko", "2.35조원"),
        (12.5, "krw", 1e12, "ko", "12.5조원"),
        (1.5e8, "krw", 1.0, "ko", "1.5억원"),
        (3e10, "krw", 1.0, "ko", "300억원"),
        (5e4, "krw", 1.0, "ko", "5만원"),
        (999, "krw", 1.0, "ko", "999원"),
        (-2e12, "krw", 1.0, "ko", "-2.00조원"),
        (0, "krw", 1.0, "ko", "0원"),
        # won in English: tn / bn / m
        (2_345_678, "krw", 1e6, "en", "KRW 2.35 tn"),
        (2.5e9, "krw", 1.0, "en", "KRW 2.50 bn"),
        (1.5e6, "krw", 1.0, "en", "KRW 1.50 m"),
        (999, "krw", 1.0, "en", "KRW 999"),
        # persons: 만 명 from 10,000; English k from 10,000 and M from a million
        (2_773, "persons", 1e3, "ko", "277만 명"),
        (12_345, "persons", 1.0, "ko", "1.23만 명"),
        (999, "persons", 1.0, "ko", "999명"),
        (2.5e6, "persons", 1.0, "en", "2.50 M persons"),
        (12_345, "persons", 1.0, "en", "12 k persons"),
        (9_999, "persons", 1.0, "en", "9,999 persons"),
        # percent: two decimals below 1 %, one above; same in both languages
        (0.5, "percent", 1.0, "ko", "0.50%"),
        (12.34, "percent", 1.0, "en", "12.3%"),
        (-0.5, "percent", 1.0, "en", "-0.50%"),
        # plain numbers keep about three significant figures
        (123.4, "number", 1.0, "ko", "123"),
        (12.34, "number", 1.0, "ko", "12.3"),
        (1.234, "number", 1.0, "en", "1.23"),
        (1_234_567, "number", 1.0, "en", "1,234,567"),
    ],
)
def test_known_answers(value, kind, scale, lang, expected):
    assert format_value(value, kind, scale, lang) == expected


def test_suffix_follows_after_a_space_and_numpy_scalars_work():
    assert format_value(np.float64(1.234), "number", suffix="개") == "1.23 개"
    assert format_value(np.int64(5), "number", lang="en", suffix="sites") == "5.00 sites"
    assert format_value(3.0, "number", suffix="") == "3.00"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, np.float64("nan")])
def test_missing_is_said_never_zero(missing):
    assert format_value(missing, "krw", 1e6, "ko") == "자료 없음"
    assert format_value(missing, "persons", lang="en") == "no data"
    assert format_value(0.0, "krw") == "0원"  # zero is a value


def test_unknown_kind_names_the_choices():
    with pytest.raises(ValueError, match=r"unknown unit kind 'yen'.*krw"):
        format_value(1.0, "yen")
    with pytest.raises(ValueError, match="persons"):
        unit_kind("people")


def test_every_kind_formats_in_both_languages_with_a_base_name():
    for name, kind in UNIT_KINDS.items():
        assert unit_kind(name) is kind
        for fmt in (kind.ko, kind.en):
            text = fmt(1234.5)
            assert "1" in text and "nan" not in text.lower()
        assert isinstance(kind.base_ko, str) and isinstance(kind.base_en, str)


# --- statistics: one reading per kind, for the tabs, the briefing, the slides and the CLI text ---------------------

@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("share", 0.70149, "70.1%"),  # the capital region's share (the metric card, the headline, the CLI)
        ("share_fine", 0.000523, "0.05%"),  # a si-gun-gu's share of a national total
        ("index", 0.52649, "0.526"),  # Hoover 0.526 (issue 25's example)
        ("change", -0.0509, "-0.051"),
        ("change", 0.012, "+0.012"),
        ("log_ratio", 1.2345, "+1.23"),
        ("log_ratio", -2.48, "-2.48"),
        ("p", 0.0012, "0.001"),
        ("lq", 2.7, "2.70"),
        ("count", 12345, "12,345"),
        ("points", 0.125, "+0.12%p"),
        ("index", float("nan"), "—"),
        ("share", None, "—"),
        ("index", float("inf"), "—"),
    ],
)
def test_number_kinds(kind, value, expected):
    from lang.numbers import number

    assert number(kind, value) == expected


def test_an_unknown_number_kind_is_refused():
    from lang.numbers import number

    with pytest.raises(ValueError, match="unknown number kind"):
        number("percentish", 1.0)


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (3_371_763, "ko", "33,718억원"),  # KRW million → 억원: the shift-share, never "3371763.000000"
    (3_371_763, "en", "KRW 3,371.8 bn"),
    (-59_220.4, "ko", "-592억원"),
    (None, "ko", "—"),
])
def test_money_in_eok(value, lang, expected):
    from lang.numbers import money_eok, money_unit

    assert money_eok(value, lang) == expected
    assert money_unit("ko") == (100.0, "억원")


def test_a_signed_unit_formatter_marks_gains():
    from types import SimpleNamespace

    from lang.numbers import unit_formatter

    unit = SimpleNamespace(kind="persons", scale=1.0, suffix_ko="", suffix_en="")
    fmt = unit_formatter(unit, "ko", signed=True)
    assert (fmt(12_345), fmt(-500), fmt(0), fmt(None)) == ("+1.23만 명", "-500명", "0명", "자료 없음")


def test_rank_texts_say_both_denominators_and_share_ties():
    import pandas as pd

    from lang.numbers import rank_texts

    ranks = rank_texts(pd.Series({"a": 5.0, "b": 5.0, "c": 1.0, "d": None}), 17, "ko")
    assert ranks.tolist() == ["1위 / 3 (17개 중 3개 공표)", "1위 / 3 (17개 중 3개 공표)", "3위 / 3 (17개 중 3개 공표)",
                              "—"]
