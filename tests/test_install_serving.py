"""Serving a team: the app under a URL prefix on a chosen address and port, and a server log with no deprecation.

A reverse proxy on an intranet forwards ``https://intranet/team/atlas/...`` to Streamlit started with
``--server.baseUrlPath /team/atlas``; every URL the page asks for (Streamlit's own, the map component's frame, the
Leaflet files served from ``static/``) must then carry the prefix. And the next Streamlit release must not break
the page: a walk through every tab and presenter mode leaves no deprecation warning in the server's log.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.helpers import free_port, map_paths, serve, server_args, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "/team/atlas"


def test_app_under_a_url_prefix_draws_its_map_from_local_leaflet(browser, artifacts):
    """Every request the page makes stays under the prefix (the proxy forwards nothing else), the map is drawn."""
    port = free_port()
    command = [sys.executable, "-m", "ui.serve", *server_args(port, PREFIX)]
    with serve(command, port=port, log=artifacts / "server-prefix.log", cwd=ROOT, prefix=PREFIX) as url:
        assert url == f"http://127.0.0.1:{port}{PREFIX}"
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        requested: list[str] = []
        failed: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        try:
            page.goto(f"{url}/", wait_until="domcontentloaded")
            assert map_paths(page) == 17  # one path per sido: Leaflet loaded and ran in the map's frame
            page.goto(f"{url}/?tab=clusters&lang=en", wait_until="domcontentloaded")
            assert map_paths(page) == 17
            settle(page)
            page.screenshot(path=str(artifacts / "prefix_clusters.png"))
        finally:
            context.close()
    http = [u for u in requested if u.startswith("http")]
    outside = [u for u in http if not urlparse(u).path.startswith(PREFIX + "/")]
    assert outside == [], f"asked for URLs outside {PREFIX}: {outside[:5]}"
    assert any(urlparse(u).path == f"{PREFIX}/app/static/leaflet/leaflet.js" for u in http)
    assert failed == []
    assert errors == []


def test_a_chosen_address_and_port_are_used(tmp_path):
    """``ries-atlas``'s options are ``streamlit run``'s: the server listens where it is told and nowhere else."""
    port = free_port()
    command = [sys.executable, "-m", "ui.serve", *server_args(port)]
    with serve(command, port=port, log=tmp_path / "server.log", cwd=ROOT) as url:
        import urllib.request

        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
            assert r.status == 200
        log = (tmp_path / "server.log").read_text()
    assert f"127.0.0.1:{port}" in log
    assert "0.0.0.0" not in log


# ---- no deprecated calls ---------------------------------------------------------------------------------------

WALK = {
    "map": "tab=map",
    "map_profile": "tab=map&region=11",
    "map_sigungu": "tab=map&level=sigungu&ind=population_registered&region=11110",
    "map_emd": "tab=map&level=emd",
    "mismatch": "tab=mismatch",
    "mismatch_sigungu": "tab=mismatch&clv=sigungu",
    "clusters": "tab=clusters",
    "clusters_gi": "tab=clusters&clv=sigungu&cstat=gi",
    "specialisation": "tab=specialisation&region=11110",
    "change": "tab=change",
    "change_sigungu": "tab=change&clevel=sigungu",
    "import": "tab=import",
    "data": "tab=data",
    "present": "present=1",
    "present_map": "present=1&step=2",
    "present_story": ("present=1&plevel=sigungu&px=gva_prof_business_services_nominal_b2015"
                      "&py=gva_manufacturing_nominal_b2015&step=1"),
}
"""Every tab and the presenter mode (its title, map and story slides), as links a user opens."""

WALK_EN = ("map", "mismatch", "clusters", "change", "present", "present_story")

DEPRECATION = re.compile(r"deprecat|will be removed|FutureWarning|PendingDeprecation", re.IGNORECASE)


def test_walk_through_every_tab_and_presenter_mode_logs_no_deprecation(browser, artifacts):
    log = artifacts / "server-walk.log"
    port = free_port()
    command = [sys.executable, "-m", "ui.serve", *server_args(port)]
    with serve(command, port=port, log=log, cwd=ROOT) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            # every view in Korean; in English the views whose wording takes other code paths (charts' labels,
            # the presenter's slides)
            walk = [("ko", name) for name in WALK] + [("en", name) for name in WALK_EN]
            for lang, name in walk:
                page.goto(f"{url}/?lang={lang}&{WALK[name]}", wait_until="domcontentloaded")
                settle(page, 1500)
                assert not page.locator("[data-testid=stException]").count(), f"{name} ({lang})"
                page.screenshot(path=str(artifacts / f"walk_{lang}_{name}.png"))
            page.goto(f"{url}/?lang=ko&present=1", wait_until="domcontentloaded")
            settle(page)
            page.get_by_role("button", name="⚙").click()  # the presenter's settings (story builder)
            settle(page)
        finally:
            context.close()
    text = log.read_text(errors="replace")
    found = [line for line in text.splitlines() if DEPRECATION.search(line)]
    assert found == [], f"{len(found)} deprecation lines in {log}, e.g.:\n" + "\n".join(found[:10])
    assert errors == []
