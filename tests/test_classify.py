"""Classes for presenting: a skewed share distribution gets a scheme that gives its head a class of its own."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.store import bundled
from geo.classify import SKEW_RATIO, classify, suggest_scheme


def test_skewed_rnd_shares_get_fisher_jenks_and_gyeonggi_alone_on_top():
    """Quantiles put Gyeonggi (51 % of R&D) and Chungnam (3.7 %) in the darkest class; the suggestion doesn't."""
    shares = bundled().view("rd_expenditure_from_share", "sido", 2022, "share").values
    assert shares.max() >= SKEW_RATIO * shares.median()
    quantiles = classify(shares, "quantiles", 5)
    assert quantiles.classes["41"] == quantiles.classes["44"]  # the misleading picture of issue 15
    scheme = suggest_scheme(shares)
    assert scheme == "fisher_jenks"
    classes = classify(shares, scheme, 5)
    top = classes.classes[classes.classes == classes.k - 1].index
    assert list(top) == ["41"]
    assert classes.classes["44"] < classes.classes["11"] < classes.classes["41"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([10.0, 9.0, 8.0, 7.0, 6.0, 5.0], "quantiles"),  # even: top 2× the median
        ([50.0, 4.0, 3.0, 2.0, 1.0], "fisher_jenks"),  # top ≥ 5× the median
        ([5.0, 0.0, 0.0, 0.0, 1.0], "fisher_jenks"),  # median 0, some value not
        ([3.0, 3.0, None, 1.0], "quantiles"),  # fewer than 3 distinct values: nothing to separate
    ],
)
def test_suggest_scheme_rule(values, expected):
    assert suggest_scheme(pd.Series(values, dtype=float)) == expected


def test_suggest_scheme_refuses_an_unknown_default():
    with pytest.raises(ValueError, match="unknown classification scheme"):
        suggest_scheme(pd.Series([1.0, 2.0, 3.0]), default="nope")


def test_cli_map_suggest_separates_gyeonggi_from_chungnam(tmp_path):
    """R&D shares 2022: quantiles put Gyeonggi (51.2 %) and Chungnam (3.7 %) in the same top class;
    ``--scheme suggest`` (Fisher-Jenks, the skew rule) gives Gyeonggi a class Chungnam does not share."""
    from cli import main

    classes = {}
    for scheme in ("quantiles", "suggest"):
        out = tmp_path / f"{scheme}.csv"
        assert main(["map", "--indicator", "rd_expenditure_from_share", "--year", "2022", "--mode", "share",
                     "--scheme", scheme, "--out", str(out)]) == 0
        t = pd.read_csv(out, encoding="utf-8-sig", dtype={"code": str}).set_index("code")
        assert t.at["41", "value"] == pytest.approx(51.2, abs=0.05) and t.at["44", "value"] == pytest.approx(3.7, abs=0.05)
        classes[scheme] = (int(t.at["41", "class"]), int(t.at["44", "class"]))
    assert classes["quantiles"][0] == classes["quantiles"][1]
    assert classes["suggest"][0] > classes["suggest"][1]
