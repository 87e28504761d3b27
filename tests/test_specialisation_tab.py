"""The Specialisation tab with AppTest: LQ and cluster maps, the scorecard of a selected region, URL state."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.region_profile import region_profile
from analysis.store import bundled
from lang import t

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    for k, v in {"tab": "specialisation", **query}.items():
        at.query_params[k] = v
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _metrics(at: AppTest) -> dict[str, str]:
    """The cells of the scorecard's one-row tables (structure indices, shift-share totals)."""
    out: dict[str, str] = {}
    for d in at.dataframe:
        if len(d.value) == 1:
            out.update({str(k): str(v) for k, v in d.value.iloc[0].items()})
    return out


def _peers(at: AppTest) -> list[str]:
    heads = {t("col_code", lang) for lang in ("ko", "en")}  # the peers table's code column, headed in either language
    return next(list(d.value[c]) for d in at.dataframe for c in d.value.columns if c in heads)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_scorecard_numbers_are_the_profile_numbers():
    at = _app(region="41590", lang="en")
    _ok(at)
    assert at.selectbox(key="slevel").value == "sigungu"
    assert any("Hwaseong" in m.value for m in at.markdown)
    prof = region_profile(bundled(), "41590", "sigungu", 2020).to_dict()
    got = _metrics(at)
    assert got["Krugman dissimilarity"] == f"{prof['structure']['krugman']:.3f}"
    assert got["Related variety"] == f"{prof['structure']['related_variety']:.3f}"
    # the shift-share (KRW million) in KRW billion on the English page, as the scorecard's files say it
    assert got["Regional competitiveness"] == f"KRW {prof['shift_share']['totals']['competitive'] / 1000:,.1f} bn"
    assert _peers(at) == [p["code"] for p in prof["peers"]]


def test_without_a_region_the_tab_asks_for_a_click():
    at = _app(lang="en")
    _ok(at)
    assert any("Click a region" in i.value for i in at.info)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_cluster_view_industries_and_sido_level():
    at = _app(region="11680", sview="clusters", sind="gva_information_communication_nominal_b2015")
    _ok(at)
    assert at.radio(key="sview").value == "clusters"
    at.selectbox(key="sind").set_value("gva_mining_quarrying_nominal_b2015").run()  # suppressed cells: missing
    _ok(at)
    at.radio(key="sview").set_value("hotspots").run()  # Gi*
    _ok(at)
    at.selectbox(key="syear").set_value(2015).run()  # 2015: one unit publishes negative mining value added
    _ok(at)
    at.selectbox(key="slevel").set_value("sido").run()
    _ok(at)
    assert any("click a region" in i.value.lower() or "클릭" in i.value for i in at.info)  # 11680 is no sido
    at.session_state["region"] = "31"
    at.run()
    _ok(at)
    assert at.caption and any("exhaust" in c.value for c in at.caption)  # sido has no partition: said, not hidden


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_peer_exclusions_change_the_peers_and_stay_in_the_url():
    at = _app(region="41590")
    before = _peers(at)
    at.toggle(key="s_excl_sido").set_value(True).run()
    _ok(at)
    after = _peers(at)
    assert before != after and not any(c.startswith("41") for c in after)
    assert at.query_params["s_excl_sido"] == ["True"] or at.query_params["s_excl_sido"] == "True"


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
@pytest.mark.parametrize("bad", [{"syear": "1990"}, {"sind": "<script>"}, {"slevel": "emd"}])
def test_bad_url_values_fall_back(bad):
    at = _app(**bad)
    _ok(at)


@pytest.mark.slow
def test_an_upload_reaches_the_scorecard_and_its_peer_search():
    """The tab reads the session's store: an uploaded indicator is listed on the scorecard and weighs in the peer
    search, with the profile's numbers. SYNTHETIC upload: one unit per 1,000 residents."""
    import pandas as pd

    from analysis.userdata import UserIndicator
    from ui import keys

    pop = bundled().get("population_registered", "sido", 2022)
    tidy = pd.DataFrame({"code": pop.index, "level": "sido", "year": 2022, "indicator": "startups",
                         "value": (pop / 1000).round().to_numpy()})
    u = UserIndicator("user_startups", "Startups", "firms", "context", "extensive", tidy, "startups.csv")
    at = AppTest.from_file(APP, default_timeout=300)
    for k, v in {"tab": "specialisation", "lang": "en", "slevel": "sido", "syear": "2022", "region": "31"}.items():
        at.query_params[k] = v
    at.session_state[keys.USER_INDICATORS] = {u.id: u}
    at.run()
    _ok(at)
    prof = region_profile(bundled().with_user(u), "31", "sido", 2022).to_dict()
    table = next(d.value for d in at.dataframe if "Startups (uploaded)" in set(d.value.iloc[:, 0]))
    row = table[table.iloc[:, 0] == "Startups (uploaded)"].iloc[0]
    e = prof["indicators"]["user_startups"]
    # the rank and the value as lang.numbers says them (the value in the upload's unit, "firms")
    from lang.numbers import format_value, rank_text

    assert row["Rank"] == rank_text(e["rank"], e["n"], e["n"], "en") == f"#{e['rank']} of {e['n']}"
    assert row["Value"] == format_value(e["value"], "number", 1.0, "en") + " firms"
    assert _peers(at) == [p["code"] for p in prof["peers"]]
    assert any("Startups 1" in c.value for c in at.caption)  # the peer weights name the upload


@pytest.mark.slow  # several AppTest runs with profiles
def test_measure_switch_shows_employment_specialisation_and_complexes():
    """Value added → workers at sido: the industries become the business survey's 19 sections, the diversity
    indices appear (a complete breakdown), the numbers are the profile's, the complexes are listed; the measure
    lives in the URL and the other level offers value added only."""
    at = _app(region="47", slevel="sido", lang="en")
    _ok(at)
    assert at.selectbox(key="smeasure").options == ["Value added", "Workers", "Establishments", "Sales"]
    assert any("exhaust" in c.value for c in at.caption)  # value added at sido: the indices are refused
    at.selectbox(key="smeasure").set_value("workers").run()
    _ok(at)
    assert at.selectbox(key="sind").value == "workers_bs_c_manufacturing"
    assert len(at.selectbox(key="sind").options) == 19
    assert at.query_params["smeasure"] in ("workers", ["workers"])
    year = at.selectbox(key="syear").value
    prof = region_profile(bundled(), "47", "sido", year, measure="workers").to_dict()
    got = _metrics(at)
    assert got["Krugman dissimilarity"] == f"{prof['structure']['krugman']:.3f}"
    assert got["Related variety"] == f"{prof['structure']['related_variety']:.3f}"
    assert _peers(at) == [p["code"] for p in prof["peers"]]
    table = next(d.value for d in at.dataframe if "Complex" in d.value.columns)
    assert list(table["Complex"]) == [c["name_ko"] for c in prof["complexes"]]
    assert len(table) == prof["complexes_summary"]["totals"]["count"]
    assert any(f"{prof['complexes_summary']['totals']['count']} complexes" in m.value for m in at.markdown)
    at.selectbox(key="slevel").set_value("sigungu").run()
    _ok(at)
    assert at.selectbox(key="smeasure").options == ["Value added"]


@pytest.mark.slow
def test_a_suppressed_complex_reads_suppressed_in_korean():
    at = _app(region="46910", lang="ko")  # 신안군: its one complex is suppressed
    _ok(at)
    table = next(d.value for d in at.dataframe if t("col_complex", "ko") in d.value.columns)
    assert list(table[t("col_employment", "ko")]) == ["비공개"]
    assert any("2023년 4분기 한 시점만" in c.value for c in at.caption)
