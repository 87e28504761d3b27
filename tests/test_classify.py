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


# --- the atlas's fixed classifications and their colours live in geo.classify, once ----------------------------


def test_lq_classes_put_a_bound_in_the_class_above_and_colour_each_class():
    from geo.classify import LQ_BREAKS, LQ_COLORS, lq_classification

    lq = pd.Series([0.49, 0.5, 0.8, 1.0, 1.25, 1.99, 2.0, 7.0, None], index=list("abcdefghi"))
    c = lq_classification(lq)
    assert c.classes.tolist()[:8] == [0, 1, 2, 2, 3, 3, 4, 4] and pd.isna(c.classes["i"])
    assert c.counts == (1, 1, 2, 2, 2) and c.n_missing == 1 and c.bins[: len(LQ_BREAKS)] == LQ_BREAKS
    assert c.fills().tolist() == [LQ_COLORS[i] for i in (0, 1, 2, 2, 3, 3, 4, 4)] + [None]


def test_fills_are_the_class_colours_and_none_without_a_value():
    c = classify(pd.Series([1.0, 5.0, None, 9.0], index=list("abcd")), "equal_interval", k=3)
    fills = c.fills()
    assert fills["a"] == c.colors[0] and fills["d"] == c.colors[-1] and fills["c"] is None


@pytest.mark.parametrize(("rule", "cmap"), [("mismatch_classes", "PuOr_r"), ("difference_classes", "RdBu")])
def test_diverging_rules_centre_at_zero_and_refuse_nothing_finite(rule, cmap):
    from geo import classify as cl

    make = getattr(cl, rule)
    c = make(pd.Series([-0.5, 0.25, 2.0], index=list("abc")))
    assert c.lower == -2.0 and c.bins[-1] == 2.0 and c.colors == cl.palette(cmap, 6)
    with pytest.raises(cl.ClassificationError) as err:
        make(pd.Series([float("inf"), float("nan")], index=list("ab")))
    assert err.value.args[0].key in ("no_log_ratio", "no_change")  # a Note: the page says it in Korean


def test_cluster_colours_refuse_an_unknown_code():
    from geo.classify import CLUSTER_COLORS, ClassificationError, cluster_fills

    assert cluster_fills(pd.Series(["HL", "cold"])).tolist() == [CLUSTER_COLORS["HL"], CLUSTER_COLORS["cold"]]
    with pytest.raises(ClassificationError, match="unknown cluster codes"):
        cluster_fills(pd.Series(["H-H"]))


def test_no_module_writes_its_own_class_to_colour_rule():
    """The class → colour lambda had six copies; the palettes of the fixed classes lived in report/ and were
    imported by the page. Every layer asks geo.classify now."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    rule = re.compile(r"colors\[int\(|LQ_COLORS\s*[:=]|CLUSTER_COLORS\s*[:=]|\"(PuOr_r|RdBu)\"")
    offenders = [f"{p.relative_to(root)}:{i}" for layer in ("geo", "analysis", "report", "ui", "cli")
                 for p in sorted((root / layer).rglob("*.py")) if p.name != "classify.py"
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if rule.search(line)]
    assert offenders == []
    page_asks_files = re.compile(r"exports\.\w*classif|from report\.exports import .*classif")
    assert not any(page_asks_files.search(p.read_text(encoding="utf-8")) for p in (root / "ui").glob("*.py"))
