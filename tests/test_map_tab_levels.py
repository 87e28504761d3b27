"""The Map tab at si-gun-gu and eup-myeon-dong offers the layers the bundled figures have (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_sigungu_offers_production_and_knowledge_services():
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["level"] = "sigungu"
    at.run()
    _ok(at)
    assert {"생산(제조업)", "지식서비스", "인구·경제 기반"} <= set(at.selectbox(key="layer").options)  # labels
    at.selectbox(key="layer").set_value("production").run()
    _ok(at)
    at.selectbox(key="ind").set_value("gva_manufacturing_nominal_b2015").run()
    _ok(at)
    assert at.selectbox(key="ind").value == "gva_manufacturing_nominal_b2015"
    at.selectbox(key="layer").set_value("services").run()
    _ok(at)
    at.selectbox(key="ind").set_value("gva_prof_business_services_nominal_b2015").run()
    _ok(at)
    assert at.selectbox(key="ind").value == "gva_prof_business_services_nominal_b2015"


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_emd_offers_establishments():
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["level"] = "emd"
    at.run()
    _ok(at)
    assert at.selectbox(key="level").value == "emd"
    assert at.selectbox(key="layer").options == ["인구·경제 기반"]
    at.selectbox(key="ind").set_value("establishments_economic_census").run()
    _ok(at)
    assert at.selectbox(key="ind").value == "establishments_economic_census"
