"""Defaults written once (analysis.defaults): the CLI and the app take the same seed range, permutations and
alpha, so a seed given to the command line can be put in an app link and reproduces the same numbers."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from analysis.defaults import ALPHA, PERMUTATIONS, SEED, SEED_MAX
from tests.helpers import MISSION, ROOT


def _summary(*extra: str) -> tuple[int, str]:
    from cli import main

    x, y, level, year = MISSION
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["summary", "--level", level, "--year", str(year), "--x", x, "--y", y, "--json", *extra])
    return code, out.getvalue() or err.getvalue()


def test_the_cli_takes_the_seed_range_and_defaults():
    import argparse

    from cli.args import add_permutation_options

    p = argparse.ArgumentParser()
    add_permutation_options(p)
    a = p.parse_args([])
    assert (a.permutations, a.seed) == (PERMUTATIONS, SEED)
    assert p.parse_args(["--seed", str(SEED_MAX)]).seed == SEED_MAX
    with pytest.raises(SystemExit):
        p.parse_args(["--seed", str(SEED_MAX + 1)])


def test_the_app_link_takes_the_same_seed_range():
    from ui.widgets import MISSING, int_from_text

    assert int_from_text(str(SEED_MAX), 0, SEED_MAX) == SEED_MAX
    assert int_from_text(str(SEED_MAX + 1), 0, SEED_MAX) is MISSING
    src = (ROOT / "ui" / "clusters_tab.py").read_text(encoding="utf-8")
    assert "max_value=SEED_MAX" in src and "2**31" not in src  # the seed box's bound is the shared one


def test_no_default_is_written_out_twice():
    """The literal defaults appear in analysis/defaults.py only (a docstring example aside)."""
    hits = []
    for package in ("analysis", "report", "ui", "cli", "geo"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "defaults.py":
                continue
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#")[0]
                if code.lstrip().startswith((">>>", "...")):  # a doctest's example call
                    continue
                if ("12345" in code and "global_seed(12345)" not in code and "randint(12345" not in code) \
                        or "= 999," in code or "= 999)" in code or "default=999" in code:
                    hits.append(f"{path.relative_to(ROOT)}:{i}")
                if ('LEVELS = ("sido"' in code or "LEVELS: tuple[str, ...] = (\"sido\"" in code) \
                        and path.name != "levels.py":
                    hits.append(f"{path.relative_to(ROOT)}:{i}")
    assert hits == []
    assert ALPHA == 0.05


@pytest.mark.slow
def test_a_cli_seed_at_the_top_of_the_range_is_reproduced_by_an_app_link():
    from streamlit.testing.v1 import AppTest

    from lang import t

    code, out = _summary("--seed", str(SEED_MAX), "--permutations", "99")
    assert code == 0, out
    doc = json.loads(out)
    x, y, level, year = MISSION
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    for k, v in {"tab": "clusters", "lang": "en", "clv": level, "mx": x, "my": y, "myear": str(year),
                 "seed": str(SEED_MAX), "perm": "99", "cstat": "lisa"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="seed").value == SEED_MAX == doc["seed"]
    table = at.dataframe[-1].value  # place, value, neighbours' mean, p, cluster in words per region (LISA of x)
    shown = dict(zip(table.index.astype(str), table[t("col_p_sim", "en")], strict=True))
    assert shown == {r["code"]: r["lisa"]["x"]["p_sim"] for r in doc["regions"]}
