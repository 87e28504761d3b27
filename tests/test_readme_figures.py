"""The README's headline figures are the CLI's output: every command written next to a figure is in the README as
written, and running it (in-process, ``--json``) gives the figure as the README rounds it. A figure edited without
its command, or a data change that moves one, fails here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import cli

README = Path(__file__).resolve().parents[1] / "README.md"


def _headline() -> str:
    """The README's opening paragraphs (before the quick start), whitespace collapsed."""
    text = README.read_text(encoding="utf-8").split("## Quick start")[0]
    return re.sub(r"\s+", " ", text)


def _pct(v: float) -> str:
    return f"{v * 100:.1f} %"


SUMMARIES = [
    ("python -m analysis summary --level sido --year 2022 --x rd_expenditure_from_share --y "
     "gva_manufacturing_nominal_b2020",
     {"**70.1 %**": ("capital_region", "share_x", _pct), "**41.9 %**": ("capital_region", "share_y", _pct),
      "**0.376**": ("mismatch", "hoover", "{:.3f}".format)}),
    ("python -m analysis summary --level sigungu --year 2020 --x gva_prof_business_services_nominal_b2015 --y "
     "gva_manufacturing_nominal_b2015",
     {"**68.9 %**": ("capital_region", "share_x", _pct), "**42.1 %**": ("capital_region", "share_y", _pct),
      "Hoover 0.526": ("mismatch", "hoover", "Hoover {:.3f}".format),
      "Moran's I 0.36": ("moran", "x", lambda m: f"Moran's I {m['I']:.2f}"),
      "and 0.26, p": ("moran", "y", lambda m: f"and {m['I']:.2f}, p")}),
    ("python -m analysis summary --level sido --year 2024H2 --x employed_occ_professionals --y "
     "employed_occ_machine_operators",
     {"**63.2 %**": ("capital_region", "share_x", _pct), "**41.4 %**": ("capital_region", "share_y", _pct),
      "**0.238**": ("mismatch", "hoover", "{:.3f}".format)}),
    ("python -m analysis summary --level sido --year 2023 --x employed_occ_professionals --y complexes_count",
     {"**16.4 %**": ("capital_region", "share_y", _pct)}),
    ("python -m analysis summary --level sido --year 2023 --x employed_occ_professionals --y complexes_employment",
     {"**39.6 %**": ("capital_region", "share_y", _pct)}),
]


@pytest.mark.slow  # five summaries on the bundled data (si-gun-gu LISA included)
@pytest.mark.parametrize(("command", "figures"), SUMMARIES, ids=[c.split("--x ")[1][:40] for c, _ in SUMMARIES])
def test_readme_summary_figures_equal_the_cli(command, figures, capsys):
    text = _headline()
    assert f"`{command}`" in text, f"README no longer shows the command {command!r}"
    argv = command.split()[3:]  # after "python -m analysis"
    assert cli.main([*argv, "--json", "--permutations", "9"]) == 0  # the figures do not depend on permutations
    doc = json.loads(capsys.readouterr().out)
    for written, (section, key, fmt) in figures.items():
        assert written in text, f"README no longer says {written!r} next to {command!r}"
        assert written.replace("**", "") == fmt(doc[section][key]), (written, doc[section][key])


@pytest.mark.slow
def test_readme_suppressed_complexes_equal_the_cli(tmp_path):
    command = ("python -m analysis map --level sido --indicator complexes_employment_suppressed --year 2023 --out "
               "suppressed.csv")
    text = _headline()
    assert f"`{command}`" in text
    out = tmp_path / "suppressed.csv"
    assert cli.main([*command.split()[3:-1], str(out)]) == 0
    n = int(pd.read_csv(out)["value"].sum())
    assert f"lacks **{n}** complexes" in text
