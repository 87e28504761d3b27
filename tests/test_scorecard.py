"""The region scorecard export: the PDF page and the slides carry the CLI's numbers (one path per number)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import date

import pytest

import cli
from analysis.errors import DataError
from analysis.region_profile import region_profile
from analysis.store import bundled
from geo.names import place_name
from report.scorecard import key_numbers, scorecard_pdf, scorecard_pptx

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
ON = date(2026, 1, 2)


@pytest.fixture(scope="module")
def prof():
    return region_profile(bundled(), "31200", "sigungu", 2020)


@pytest.fixture(scope="module")
def cli_json(prof):
    import contextlib

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli.main(["profile", "31200", "--level", "sigungu", "--year", "2020", "--json"]) == 0
    return json.loads(buf.getvalue())


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "scorecard.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _expected(d: dict, lang: str = "en") -> list[str]:
    """The CLI JSON's numbers, formatted as the scorecard promises: indices to 3 decimals, the shift-share (KRW
    million) in 억원 / KRW billion with thousands separators, ln M signed to 2 decimals (written out here by hand)."""
    s, t = d["structure"], d["shift_share"]["totals"]
    money = (lambda v: f"{v / 100:,.0f}억원") if lang == "ko" else (lambda v: f"KRW {v / 1000:,.1f} bn")
    return ([f"{s[k]:.3f}" for k in ("krugman", "hhi", "entropy", "related_variety", "unrelated_variety")]
            + [money(t[k]) for k in ("change", "national", "industry_mix", "competitive")]
            + [f"{d['mismatch']['log_ratio']:+.2f}"])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_key_numbers_are_the_cli_numbers(prof, cli_json, lang):
    assert [v for _, v in key_numbers(prof, lang)] == _expected(cli_json, lang)
    assert "억원" in key_numbers(prof, "ko")[5][1]  # the shift-share in 억원, never "1,763,860" (KRW million)


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
@needs_poppler
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pdf_is_one_page_with_the_cli_numbers_and_names(prof, cli_json, lang, tmp_path, artifacts):
    data = scorecard_pdf(prof, lang, ON)
    (artifacts / f"scorecard_{lang}.pdf").write_bytes(data)
    assert data[:4] == b"%PDF"
    info = subprocess.run(["pdfinfo", str(artifacts / f"scorecard_{lang}.pdf")], capture_output=True, text=True)
    pages = [line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")]
    assert pages == ["1"]
    text = _pdf_text(data, tmp_path)
    for number in _expected(cli_json, lang):
        assert number in text, number
    for lq in (cli_json["lq"]["gva_manufacturing_nominal_b2015"],):
        assert f"{lq:.2f}" in text
    flat = " ".join(text.split())
    for p in cli_json["peers"]:  # each peer by the naming rule ("울산 울주군" / "Ulju-gun, Ulsan"), no "(31710)"
        assert place_name(p["code"], lang) in flat and f"({p['code']})" not in flat
    assert ("울산 북구" if lang == "ko" else "Buk-gu, Ulsan") in flat
    assert ("결측" if lang == "ko" else "missing, never zero") in text


def test_slides_carry_the_same_numbers(prof, cli_json):
    from pptx import Presentation

    prs = Presentation(io.BytesIO(scorecard_pptx(prof, "en", ON)))
    assert len(prs.slides) == 2
    text = "\n".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    for number in _expected(cli_json):
        assert number in text
    assert all(place_name(p["code"], "en") in text for p in cli_json["peers"])
    pics = [sh for sh in prs.slides[1].shapes if sh.shape_type == 13]
    assert len(pics) == 1


def test_unknown_language_is_a_clear_error(prof):
    with pytest.raises(DataError, match="choose 'ko' or 'en'"):
        scorecard_pdf(prof, "fr")


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_cli_writes_the_scorecard(tmp_path):
    out = tmp_path / "card.pptx"
    assert cli.main(["profile", "11680", "--level", "sigungu", "--year", "2020", "--out", str(out), "--lang", "en",
                     "--permutations", "99"]) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert cli.main(["profile", "11680", "--level", "sigungu", "--year", "2020", "--out", str(tmp_path / "x.txt"),
                     "--permutations", "9"]) == 2


@pytest.mark.slow  # > 0.6 s in make check (pytest --durations, quiet 2-core machine)
def test_scorecard_slides_join_the_briefing_deck(prof, cli_json):
    from pptx import Presentation

    from report.briefing import briefing
    from report.deck import Step, deck_pptx

    args = ("gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015", "sigungu", 2020)
    try:  # store13 (analysis.store) makes the store briefing()'s first argument; until it lands, there is none
        from analysis.store import bundled
    except ImportError:
        b = briefing(*args, permutations=99)
    else:
        b = briefing(bundled(), *args, permutations=99)
    one = (Step("mismatch", "불일치", "Mismatch"),)
    prs = Presentation(io.BytesIO(deck_pptx(b, "en", ON, steps=one, scorecards=(prof,))))
    assert len(prs.slides) == 1 + 1 + 2
    text = "\n".join(sh.text_frame.text for sh in prs.slides[2].shapes if sh.has_text_frame)
    assert all(n in text for n in _expected(cli_json))  # English deck: KRW billion
