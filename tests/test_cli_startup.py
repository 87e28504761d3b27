"""The command line starts light: ``--help`` and argument errors load no numerical or drawing library, every
vocabulary the parser reads from the libraries' source equals the imported one, and numba's cache falls back to a
writable directory (or off) instead of a traceback. Speed itself is measured in ``bench/bench_cli.py``."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import caches
from cli import vocab

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "pandas", "geopandas", "shapely", "scipy", "esda", "libpysal", "numba", "mapclassify",
         "matplotlib", "folium", "pyarrow", "sklearn", "pandera", "streamlit", "pptx")

_PROBE = """
import runpy, sys
sys.argv = ["analysis", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("analysis", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(%r))
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
print("CODE:" + str(code), file=sys.stderr)
"""


def _probe(*args: str, env: dict | None = None) -> tuple[list[str], str, str]:
    """(heavy libraries imported, exit code, stderr) of ``python -m analysis ARGS`` in a fresh process."""
    out = subprocess.run([sys.executable, "-c", _PROBE % (HEAVY,), *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=600, env=env)
    lines = out.stderr.splitlines()
    heavy = next(x for x in lines if x.startswith("HEAVY:")).removeprefix("HEAVY:")
    code = next(x for x in lines if x.startswith("CODE:")).removeprefix("CODE:")
    return [h for h in heavy.split(",") if h], code, out.stderr


COMMANDS = ["aggregate", "brief", "coverage", "import", "indicators", "map", "markov", "profile", "summary", "trend"]


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ["--help"],
    [],  # no command: usage and exit 2
    ["nonsense"],
    *[[c, "--help"] for c in COMMANDS],
    ["summary", "--level", "nowhere", "--x", "a", "--y", "b"],
    ["trend", "--x", "a"],  # --y missing
    ["map", "--scheme", "nowhere", "--indicator", "a", "--year", "2020", "--out", "x.png"],
    ["map", "--dpi", "5000", "--indicator", "a", "--year", "2020", "--out", "x.png"],
    ["aggregate", "f.csv", "--level", "sido", "--engine", "nowhere", "--out", "o.csv"],
    ["summary", "--permutations", "0", "--x", "a", "--y", "b"],
    ["indicators", "--data-layer", "nowhere"],
])
def test_help_and_argument_errors_load_no_numerical_library(args):
    heavy, code, err = _probe(*args)
    assert heavy == [], (args, heavy)
    assert code in ("0", "2"), (args, code, err[-500:])
    assert "Traceback" not in err


def test_the_parser_lists_every_command():
    """The top-level help still names every command and its one-line help (read without running them)."""
    import contextlib
    import io

    from cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), pytest.raises(SystemExit):
        main(["--help"])
    for command in COMMANDS:
        assert command in buf.getvalue()


# every constant the parser reads through cli.vocab, with the module it lives in
VOCABULARY = [("analysis.indicators", "LAYERS"), ("ingest.grid", "ENCODINGS"), ("analysis.aggregate", "ENGINES"),
              ("analysis.aggregate", "SCHEDULER_ENV"), ("analysis.views", "MODES"), ("geo.classify", "SCHEMES"),
              ("report.static_map", "MAX_DPI"), ("report.static_map", "MIN_PNG_DPI"),
              ("analysis.specialisation", "MEASURE_NAMES")]


@pytest.mark.parametrize("module, name", VOCABULARY)
def test_vocabulary_read_from_source_equals_the_imported_one(module, name, monkeypatch):
    real = getattr(importlib.import_module(module), name)
    monkeypatch.delitem(sys.modules, module)  # as in a fresh process: read from the source
    # written there as a literal (a constant moved or re-exported elsewhere would import its library instead)
    assert vocab._literal(module, name) == (True, real)
    assert vocab.constant(module, name) == real


def test_vocabulary_reads_every_constant_the_commands_use():
    """The list above is complete: every ``constant(...)``/``read(...)`` call in cli/ names one of its entries."""
    import re

    used = set()
    for path in (ROOT / "cli").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for mod, names in re.findall(r"(?:constant|read)\(\s*[\"']([\w.]+)[\"']((?:\s*,\s*[\"']\w+[\"'])+)\)", text):
            used |= {(mod, n) for n in re.findall(r"[\"'](\w+)[\"']", names)}
    assert used and used <= set(VOCABULARY), used - set(VOCABULARY)


def test_a_computed_constant_is_read_by_importing(tmp_path, monkeypatch):
    (tmp_path / "vocab_probe.py").write_text("A = (1, 2)\nB: dict[str, int] = {\n    'x': 1,\n}\nC = tuple(A)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert vocab.constant("vocab_probe", "A") == (1, 2) and "vocab_probe" not in sys.modules
    assert vocab.constant("vocab_probe", "B") == {"x": 1} and "vocab_probe" not in sys.modules
    assert vocab.constant("vocab_probe", "C") == (1, 2) and "vocab_probe" in sys.modules  # not a literal: imported
    monkeypatch.delitem(sys.modules, "vocab_probe")


# ---------------------------------------------------------------------------------------------------------
# numba's cache directory
# ---------------------------------------------------------------------------------------------------------
NOWHERE = "/dev/null/ries-atlas"  # cannot be created, even by root


def test_a_writable_cache_directory_is_kept(tmp_path):
    env = {"NUMBA_CACHE_DIR": str(tmp_path / "numba")}
    assert caches.configure_numba(env, temp_dirs=()) == tmp_path / "numba"
    assert env["NUMBA_CACHE_DIR"] == str(tmp_path / "numba") and "NUMBA_DISABLE_JIT" not in env


def test_an_unwritable_cache_directory_falls_back_to_the_users(tmp_path):
    env = {"NUMBA_CACHE_DIR": NOWHERE, "XDG_CACHE_HOME": str(tmp_path), "HOME": NOWHERE}
    if sys.platform == "win32":
        env["LOCALAPPDATA"] = str(tmp_path)
    expected = caches.candidates(env, temp_dirs=())[1]
    assert caches.configure_numba(env, temp_dirs=()) == expected and expected.is_dir()
    assert env["NUMBA_CACHE_DIR"] == str(expected)


def test_then_to_the_temporary_directory(tmp_path):
    env = {"NUMBA_CACHE_DIR": NOWHERE, "XDG_CACHE_HOME": NOWHERE, "HOME": NOWHERE, "LOCALAPPDATA": NOWHERE,
           "USER": "tester"}
    path = caches.configure_numba(env, temp_dirs=[str(tmp_path)])
    assert path == tmp_path / "ries-atlas-numba-tester" and env["NUMBA_CACHE_DIR"] == str(path)


def test_no_writable_directory_turns_the_compiler_off():
    env = {"NUMBA_CACHE_DIR": NOWHERE, "XDG_CACHE_HOME": NOWHERE, "HOME": NOWHERE, "LOCALAPPDATA": NOWHERE}
    assert caches.configure_numba(env, temp_dirs=[NOWHERE]) is None
    assert "NUMBA_CACHE_DIR" not in env and env["NUMBA_DISABLE_JIT"] == "1"


@pytest.mark.slow
def test_a_command_runs_without_a_traceback_when_nothing_is_writable(tmp_path):
    """Every cache location unwritable (the user's setting, the user's cache directory, the temporary directory)
    but the home directory (libpysal itself cannot be imported without a writable one): numba's kernels are cached
    in the home directory and the markov command, whose libraries (giddy → quantecon) define numba kernels marked
    ``cache=True``, answers — with the same numbers. (Turning the compiler off instead failed at quantecon's import
    in a fresh installation: its ``guvectorize`` kernels cannot be built without it.)"""
    env = {**os.environ, "NUMBA_CACHE_DIR": NOWHERE, "XDG_CACHE_HOME": NOWHERE, "HOME": str(tmp_path),
           "LOCALAPPDATA": NOWHERE, "MPLCONFIGDIR": str(tmp_path)}
    code = (f"import os, sys, tempfile; tempfile.tempdir = {NOWHERE!r}; sys.argv = ['analysis'] + sys.argv[1:]\n"
            "import runpy\ntry:\n    runpy.run_module('analysis', run_name='__main__', alter_sys=True)\n"
            "finally:\n    print('JIT:' + os.environ.get('NUMBA_DISABLE_JIT', ''), file=sys.stderr)\n"
            "    print('CACHE:' + os.environ.get('NUMBA_CACHE_DIR', ''), file=sys.stderr)")
    args = ["markov", "--indicator", "employed_persons", "--permutations", "9", "--json"]
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, env=env,
                         timeout=1800)
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
    assert out.returncode == 0 and "JIT:1" not in out.stderr
    assert f"CACHE:{tmp_path / '.ries-atlas' / 'numba'}" in out.stderr
    usual = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True,
                           timeout=900)
    assert out.stdout == usual.stdout
