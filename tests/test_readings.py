"""The readings under each view (issue 25 item 2): hand-made cases where each sentence must flip, the scorecard's
neighbour line for a non-significant specialisation, Korean sentences without English or raw ids, the glossary."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.change import HooverChange
from analysis.readings import (
    ClusterReading,
    DifferenceReading,
    NeighbourReading,
    cluster_reading,
    difference_reading,
    moran_reading,
    neighbour_lqs,
    neighbour_reading,
    specialisation_readings,
    top_specialisations,
)
from analysis.spatial import GlobalResult, LocalResult
from lang import STRINGS
from lang.readings import GLOSSARY, READINGS, glossary_markdown
from report.readings import (
    chance,
    change_lines,
    change_sentence,
    cluster_lines,
    difference_sentence,
    moran_detail,
    moran_sentence,
    neighbour_sentence,
)
from tests.helpers import findings

ROOT = Path(__file__).resolve().parents[1]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _glob(i: float, p: float, statistic: str = "moran", n: int = 228, ei: float = -0.004) -> GlobalResult:
    return GlobalResult(statistic, "x", "y" if statistic == "moran_bv" else "", i, ei, ei, (i - ei) / 0.05, p,
                        float("nan"), 999, 12345, n, "few regions" if n < 30 else None)


# ---- global Moran's I in words --------------------------------------------------------------------------------
@pytest.mark.parametrize(("i", "p", "verdict"), [(0.4, 0.001, "clustered"), (-0.3, 0.01, "dispersed"),
                                                 (0.4, 0.2, "none"), (-0.3, 0.3, "none"), (0.02, 0.05, "clustered")])
def test_moran_verdict_flips_with_the_sign_and_the_p_value(i, p, verdict):
    assert moran_reading(_glob(i, p)).verdict == verdict


def test_moran_sentences_say_the_verdict_and_keep_the_statistic_for_the_detail_line():
    texts = {v: moran_sentence(moran_reading(_glob(i, p)), "en", name="R&D")
             for v, (i, p) in {"clustered": (0.4, 0.001), "dispersed": (-0.3, 0.01), "none": (0.1, 0.4)}.items()}
    assert "clustered" in texts["clustered"] and "dispersed" in texts["dispersed"] and "no clear" in texts["none"]
    assert len(set(texts.values())) == 3
    assert not any(re.search(r"E\[I\]|z =|\d\.\d{3}", s) for s in texts.values())  # no statistic in the sentence
    detail = moran_detail(moran_reading(_glob(0.4, 0.001)), "en")
    assert "Moran's I = 0.400" in detail and "p = 0.001" in detail and "999 permutations" in detail
    small = moran_sentence(moran_reading(_glob(0.4, 0.001, n=17, ei=-0.0625)), "ko", name="연구개발")
    assert "17곳" in small  # few regions: read as indicative
    bv = moran_sentence(moran_reading(_glob(-0.2, 0.01, "moran_bv")), "en", a="R&D", b="output")
    assert bv == "Regions with high R&D tend to have neighbours with low output."
    assert "gains sit next to losses" in moran_sentence(moran_reading(_glob(-0.2, 0.01, "moran_diff")), "en")


def test_without_permutations_the_normal_p_value_decides():
    g = GlobalResult("moran", "x", "", 0.4, -0.05, float("nan"), float("nan"), float("nan"), 0.001, 0, None, 21,
                     None)
    assert moran_reading(g).verdict == "clustered"


# ---- cluster maps ------------------------------------------------------------------------------------------------
def _local(clusters: list[str], scheme: str = "univariate", statistic: str = "moran_local", crit: float = 0.05,
           fdr: bool = False) -> LocalResult:
    tab = pd.DataFrame({"cluster": clusters}, index=[f"{11 + k:05d}" for k in range(len(clusters))])
    return LocalResult(statistic, "x", "", tab, 0.05, fdr, crit, scheme, 999, 12345, len(clusters), None)


def test_each_class_is_read_with_its_colour_meaning_count_and_chance():
    r = cluster_reading(_local(["HH"] * 8 + ["LL"] * 2 + ["ns"] * 218), "sigungu")
    assert (r.count("HH"), r.count("LL"), r.count("HL"), r.n_significant) == (8, 2, 0, 10)
    lines = cluster_lines(r, "ko", "제조업")
    assert lines[0] == "빨강 = 이 시군구·이웃 모두 제조업 높은 곳 — 228곳 중 8곳, 우연일 확률 5% 이하"
    assert lines[1].startswith("파랑 = 이 시군구·이웃 모두 제조업 낮은 곳 — 228곳 중 2곳")
    assert lines[2] == "회색 = 뚜렷한 패턴 없음 — 228곳 중 218곳"
    en = cluster_lines(r, "en", "Manufacturing")
    assert en[0] == ("Red = Manufacturing high in this si-gun-gu and in its neighbours: 8 of 228, at most 5% likely "
                     "by chance")


def test_cluster_lines_flip_with_the_classes_the_scheme_and_the_cut_off():
    none = cluster_lines(cluster_reading(_local(["ns"] * 17), "sido"), "en", "R&D")
    assert none[-1].startswith("No significant cluster") and len(none) == 2
    outlier = cluster_lines(cluster_reading(_local(["HL", "LH", "ns"]), "sido"), "en", "R&D")
    assert outlier[0].startswith("Light blue = R&D low in this province, high in its neighbours")  # legend order
    assert outlier[1].startswith("Pink = R&D high in this province, low in its neighbours")
    mm = cluster_lines(cluster_reading(_local(["HH", "LL"], "mismatch"), "sigungu"), "en", "R&D", "output")
    assert "R&D's share above output's" in mm[0] and "output's share above R&D's" in mm[1]
    bv = cluster_lines(cluster_reading(_local(["HL"], "rnd_production", "moran_local_bv"), "sido"), "en", "R&D",
                       "output")
    assert bv[0].startswith("Pink = R&D high in this province, output low in its neighbours")
    gi = cluster_lines(cluster_reading(_local(["hot", "cold", "ns"], "getis_ord", "getis_ord"), "sido"), "ko", "인구")
    assert gi[0].startswith("빨강 = 인구 높은 값이") and gi[1].startswith("파랑 = 인구 낮은 값이")
    fdr = cluster_lines(cluster_reading(_local(["HH", "ns"], crit=0.0123, fdr=True), "sido"), "en", "R&D")
    assert "at most 1.23% (FDR) likely" in fdr[0]
    assert chance(0.01) == "1%" and chance(0.1) == "10%"


def test_cluster_colour_words_match_the_map_colours():
    """The reading names the colour the map draws: one word per colour of geo.classify.CLUSTER_COLORS."""
    from geo.classify import CLUSTER_COLORS

    by_colour: dict[str, set[str]] = {}
    for key, colour in CLUSTER_COLORS.items():
        by_colour.setdefault(colour, set()).add(STRINGS[f"rd_colour_{key}"])
    assert all(len(words) == 1 for words in by_colour.values())
    assert len({next(iter(w)) for w in by_colour.values()}) == len(by_colour)


# ---- do the neighbours share it? ------------------------------------------------------------------------------
def _nb(lq: float, nbs: tuple[float, ...], cluster: str = "ns", quadrant: str = "HH", p: float = 0.33):
    return NeighbourReading("47190", "mfg", lq, tuple(f"n{k}" for k in range(len(nbs))), nbs, quadrant, cluster, p)


@pytest.mark.parametrize(("nbs", "verdict"), [((1.4, 1.2, 0.9), "shared"), ((0.39, 0.4, 0.7, 1.41, 1.51), "partly"),
                                              ((0.4, 0.6), "not_shared"), ((), "alone")])
def test_the_neighbour_verdict_flips_with_the_neighbours_lqs(nbs, verdict):
    r = _nb(2.7, nbs)
    assert r.verdict == verdict
    text = neighbour_sentence(r, "en", "Manufacturing")
    assert text.startswith("Manufacturing LQ 2.70")
    words = {"shared": "the neighbours share this specialisation", "partly": "mostly do not share it",
             "not_shared": "no neighbour is specialised", "alone": "no neighbour to compare with"}
    assert words[verdict] in text


def test_the_neighbour_line_says_the_lisa_class_and_whether_it_is_significant():
    r = _nb(2.7, (0.39, 0.4, 0.7, 1.41, 1.51))
    text = neighbour_sentence(r, "en", "Manufacturing")
    assert "0.39–1.51 (mean 0.88)" in text and "only 2 of them" in text
    assert "not significant (p = 0.33)" in text and "above the all-region average here and around" in text
    sig = neighbour_sentence(_nb(2.7, (1.4, 1.2), cluster="HH", p=0.002), "ko", "제조업")
    assert "유의함" in sig and "p = 0.002" in sig and "유의하지 않음" not in sig


def test_top_specialisations_include_the_non_significant_and_fall_back_to_the_highest():
    assert top_specialisations({"a": 2.7, "b": 1.2, "c": 1.05, "d": 1.01, "e": 0.3}) == ["a", "b", "c"]
    assert top_specialisations({"a": 0.8, "b": 0.9}) == ["b"]
    profile = {"code": "1", "lq": {"a": 2.7, "b": 0.5},
               "clusters": {"a": {"cluster": "ns", "quadrant": "HL", "p_sim": 0.4,
                                  "neighbours": {"neighbours": ["2", "3"], "neighbour_lq": [0.2, 0.3]}}}}
    (r,) = specialisation_readings(profile)
    assert (r.industry, r.cluster, r.verdict, r.p_sim) == ("a", "ns", "not_shared", 0.4)


def test_neighbours_are_the_lisa_s_queen_neighbours_among_the_regions_with_a_value():
    """SYNTHETIC LQs on the 17 sido: Seoul's queen neighbours are Incheon and Gyeonggi; a region without a value
    is no neighbour, and changing the neighbours' LQs flips the reading."""
    from analysis.regions import units

    codes = list(units("sido"))
    lq = pd.Series(0.5, index=codes, name="mfg")
    lq["11"] = 2.0
    assert set(neighbour_lqs(lq, "sido", "11").index) == {"28", "41"}
    row = {"quadrant": "HL", "cluster": "ns", "p_sim": 0.2}
    assert neighbour_reading(lq, "sido", "11", row).verdict == "not_shared"
    lq["41"] = 1.6
    assert neighbour_reading(lq, "sido", "11", row).verdict == "shared"  # mean (0.5 + 1.6) / 2 ≥ 1
    lq["41"] = np.nan
    assert neighbour_lqs(lq, "sido", "11").index.tolist() == ["28"]


@pytest.mark.slow
def test_gumi_s_non_significant_manufacturing_is_read_with_its_neighbours(tmp_path):
    """Gumi (47190), si-gun-gu 2020: manufacturing, its top specialisation, is not a significant cluster; the
    profile, the tab's lines and the scorecard PDF still say whether its neighbours share it, with the neighbours'
    LQs recomputed here from the LQ table and the LISA's weights."""
    from analysis import region_profile as rp
    from analysis.spatial import weights_for_regions
    from analysis.store import bundled
    from report.readings import neighbour_lines
    from report.scorecard import scorecard_pdf, short_label

    prof = rp.region_profile(bundled(), "47190", "sigungu", 2020)
    mfg = "gva_manufacturing_nominal_b2015"
    lq = rp.lq_table(bundled(), "sigungu", 2020)[mfg].dropna()
    graph = weights_for_regions("sigungu", lq.index, autonomous=True)
    want = lq.reindex([str(c) for c in graph["47190"].index])
    readings = specialisation_readings(prof)
    r = next(x for x in readings if x.industry == mfg)
    assert r.cluster == "ns" and r.p_sim == prof.clusters[mfg]["p_sim"] and r.p_sim > 0.05
    assert set(r.neighbours) == set(want.index)
    assert (r.low, r.high, r.mean) == pytest.approx((want.min(), want.max(), want.mean()))
    lines = neighbour_lines(readings, "ko", lambda i, lg: short_label(prof, i, lg))
    first = lines[0]
    assert first.startswith(f"제조업 입지계수 {prof.lq[mfg]:.2f}") and f"{want.min():.2f}–{want.max():.2f}" in first
    assert "유의하지 않음" in first
    if shutil.which("pdftotext"):
        path = tmp_path / "s.pdf"
        path.write_bytes(scorecard_pdf(prof, "en"))
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        assert f"Manufacturing LQ {prof.lq[mfg]:.2f}" in flat and "not significant" in flat


# ---- the change explained --------------------------------------------------------------------------------------
def _change(x_part: float, y_part: float, dx=(0.03, -0.03), dy=(0.0, 0.0)) -> HooverChange:
    shares = pd.DataFrame({"delta_x": list(dx), "delta_y": list(dy)}, index=["41590", "41110"])
    return HooverChange("bx", "by", "sigungu", 2015, 2020, 2, {"x": ("사업서비스업 부가가치", "Business services value added"),
                                                               "y": ("제조업 부가가치", "Manufacturing value added")},
                        0.577, 0.577 + x_part + y_part, x_part, y_part, 0.681, 0.689, 0.375, 0.421, shares=shares,
                        places={"41590": ("화성시 (경기)", "Hwaseong-si (Gyeonggi)"),
                                "41110": ("수원시 (경기)", "Suwon-si (Gyeonggi)")})


def test_the_change_sentence_flips_with_the_direction_and_the_side_that_moved():
    fell_x = change_lines(_change(-0.041, -0.010), "en")
    assert "fell: 0.577 → 0.526 (-0.051)" in fell_x[0]
    assert fell_x[1] == "Capital region's share: Business services 68.1% → 68.9%, Manufacturing 37.5% → 42.1%."
    assert fell_x[2].startswith("Most of it (-0.041) comes from where Business services went")
    assert fell_x[3] == ("Business services's share rose most in Hwaseong-si (Gyeonggi) (+3.00 pp) and fell most in "
                         "Suwon-si (Gyeonggi) (-3.00 pp).")
    fell_y = change_lines(_change(-0.010, -0.041, dx=(0.0, 0.0), dy=(-0.02, 0.02)), "en")
    assert fell_y[2].startswith("Most of it (-0.041) comes from where Manufacturing went")
    assert "Manufacturing's share rose most in Suwon-si" in fell_y[3]
    rose = change_sentence(_change(0.03, 0.01), "ko")
    assert "커졌습니다" in rose and "줄었습니다:" not in rose
    opposing = change_lines(_change(-0.04, 0.03), "en")
    assert opposing[2].startswith("The two shifts pulled in opposite directions")
    flat = change_lines(_change(0.0001, 0.0), "en")
    assert "barely changed" in flat[0] and not any(s.startswith(("Most", "The two")) for s in flat)


def test_the_difference_reading_flips_with_the_changes():
    class D:  # the fields of analysis.difference.Difference the reading uses
        indicator, level, how, before, after = "emp", "sido", "share", 2017, 2024
        change = pd.Series([2.05, -0.98, 0.2, 0.0], index=["41", "11", "28", "26"])
        moran = _glob(-0.12, 0.27, "moran_diff", n=17, ei=-0.0625)

    r = difference_reading(D)
    assert (r.n_up, r.n_down, r.n_same) == (2, 1, 1) and r.gains[0] == ("41", 2.05) and r.losses[0] == ("11", -0.98)
    text = difference_sentence(r, "en", {"41": "Gyeonggi", "11": "Seoul"})
    assert text.startswith("2017→2024: up in 2 regions, down in 1.")
    assert "Largest rise: Gyeonggi (+2.05%p); largest fall: Seoul (-0.98%p)." in text
    assert "No clear spatial pattern" in text
    D.moran = _glob(0.5, 0.001, "moran_diff", n=17, ei=-0.0625)
    assert "The change is clustered" in difference_sentence(difference_reading(D), "en", {})
    D.moran = None
    assert "pattern" not in difference_sentence(difference_reading(D), "en", {})


# ---- Korean, words, glossary -----------------------------------------------------------------------------------
def test_korean_readings_have_no_english_words_or_raw_ids():
    texts = [change_sentence(_change(*parts), "ko") for parts in ((-0.04, -0.01), (-0.01, 0.03), (0.0, 0.0))]
    texts += cluster_lines(cluster_reading(_local(["HH", "LL", "LH", "HL", "ns"]), "sigungu"), "ko", "제조업")
    texts += cluster_lines(cluster_reading(_local(["HH", "LL", "LH", "HL"], "mismatch"), "sido"), "ko", "연구", "생산")
    texts += cluster_lines(cluster_reading(_local(["hot", "cold", "ns"], "getis_ord", "getis_ord"), "emd"), "ko", "인구")
    texts += [moran_sentence(moran_reading(_glob(i, p, s)), "ko", name="제조업", a="연구", b="생산")
              for s in ("moran", "moran_bv", "moran_diff") for i, p in ((0.3, 0.001), (-0.3, 0.001), (0.1, 0.5))]
    texts += [moran_detail(moran_reading(_glob(0.3, 0.001)), "ko")]
    texts += [neighbour_sentence(_nb(2.7, nbs, c, q, p), "ko", "제조업") for nbs in ((1.4, 1.2), (0.4, 1.5), (0.4,), ())
              for c, q, p in (("ns", "HH", 0.33), ("HL", "HL", 0.01))]
    r = DifferenceReading("emp", "sido", "share", 2017, 2024, 3, 2, 0, (("41", 1.0),), (("11", -1.0),), None)
    texts.append(difference_sentence(r, "ko", {"41": "경기도", "11": "서울특별시"}))
    found = [f for text in texts for f in findings(text)]
    assert found == [], found
    assert all(HANGUL.search(text) for text in texts)


def test_every_reading_key_is_in_the_catalogue_in_both_languages():
    assert set(READINGS) <= set(STRINGS)
    assert all(STRINGS[k] == v for k, v in READINGS.items())


def test_the_glossary_covers_the_issue_s_terms_in_both_languages_and_docs_say_the_same():
    assert {"hoover", "theil", "lnm", "lisa", "gi", "lq", "shift_share", "markov"} <= set(GLOSSARY)
    for ko, en, text_ko, text_en in GLOSSARY.values():
        assert HANGUL.search(ko + text_ko) and not HANGUL.search(en + text_en)
        assert findings(text_ko) == []
    assert (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8").strip() == glossary_markdown().strip()


def test_the_cluster_reading_of_a_real_lisa_counts_its_table():
    from analysis.compare import univariate
    from analysis.store import bundled

    u = univariate(bundled(), "gva_manufacturing_nominal_b2020", "sido", permutations=99)
    r = cluster_reading(u.lisa, "sido")
    assert isinstance(r, ClusterReading)
    assert {c.key: c.count for c in r.classes} == u.lisa.counts().to_dict()
    assert sum(c.count for c in r.classes) == r.n == 17
