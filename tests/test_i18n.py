"""The page's words: one ko/en catalogue (lang), every key the UI asks for exists, no tab picks a language
itself, Korean texts are Korean, and tabs share code through ui modules rather than through each other."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import lang.catalogue as i18n
from lang import STRINGS, attr, both, col, pick, t, word

ROOT = Path(__file__).resolve().parents[1]
UI_FILES = sorted((ROOT / "ui").glob("*.py")) + [ROOT / "app.py"]
# every other module that prints words: the files (report/), the command line, the map builders, the formatters
WORD_FILES = (sorted((ROOT / "report").glob("*.py")) + sorted((ROOT / "cli").rglob("*.py"))
              + [ROOT / "geo" / n for n in ("maps.py", "mapkinds.py", "names.py", "classify.py")])
LANG_HELPERS = [ROOT / "lang" / n for n in ("numbers.py", "names.py")]  # the catalogue's own: units in words
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _t_calls(path: Path) -> list[ast.expr]:
    """First arguments of every ``t(...)`` call in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.args[0] for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "t" and n.args]


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_entry_has_both_languages_and_the_korean_one_is_korean(key):
    ko, en = STRINGS[key]
    assert ko.strip() and en.strip()
    joined = ko == "{parts}"  # a joined note (geo.notes.joined): its parts are said in Korean one by one
    assert HANGUL.search(ko) or joined, f"{key}: the Korean UI would show {ko!r}"
    if en != "{detail}":  # English: the library's own sentence (small-n caution, why a region is left out)
        assert _fields(ko) == _fields(en), key


def test_every_key_the_ui_asks_for_exists():
    literal, prefixes = set(), set()
    for path in UI_FILES + WORD_FILES:
        for arg in _t_calls(path):
            if isinstance(arg, ast.Constant):
                literal.add((path.name, arg.value))
            elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                prefixes.add((path.name, arg.values[0].value))
            elif isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Constant):
                prefixes.add((path.name, arg.left.value))
    assert len(literal) > 50  # the scan sees the UI's calls
    assert {f for f, _ in literal} >= {"briefing.py", "deck.py", "scorecard.py", "exports.py", "mapkinds.py"}
    assert {(f, k) for f, k in literal if k not in STRINGS} == set()
    assert {(f, p) for f, p in prefixes if not any(k.startswith(p) for k in STRINGS)} == set()


def test_registries_have_a_label_for_every_option():
    from analysis.defaults import LEVELS
    from analysis.indicators import LAYERS
    from ui import clusters_tab

    for level in LEVELS:
        assert t(f"level_{level}", "ko") != t(f"level_{level}", "en")
    for layer in LAYERS:
        assert HANGUL.search(t(f"layer_{layer}", "ko"))
    for stat in clusters_tab.STATS:
        assert t(f"stat_{stat}", "en")
    for k in ("matched", "former", "ambiguous", "unmatched", "changed", "duplicates", "aggregates",
              "other_level", "checks", "missing", "extensive", "intensive", "auto"):
        assert f"import_{k}" in STRINGS


INLINE = re.compile(r"""lang\s*[!=]=|==\s*["']ko["']|["']ko["']\s*if\b|0 if lang|_ko["']? if |\bi == 0\b|"""
                    r"""\bif ko\b|\bko else\b|\bko = """)
"""A language picked by hand (``if lang == "ko"``, ``x_ko if i == 0 else x_en``, ``ko = lang == "ko"``)."""


@pytest.mark.parametrize("path", UI_FILES + WORD_FILES + LANG_HELPERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_language_checks_outside_the_catalogue(path):
    """report/ held 65 of them; the page, the files, the CLI and the map builders pick a side through lang."""
    offenders = [f"{path.relative_to(ROOT)}:{i}: {line.strip()}"
                 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if INLINE.search(line)]
    assert offenders == []


def _hangul_literals(path: Path) -> list[str]:
    """Korean text written in a module's code: string constants other than docstrings and regular expressions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # a docstring (of a module, a function, an attribute)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "compile":
            skip.update(id(a) for a in node.args)  # a pattern that reads labels, not words said
    return [f"{path.name}:{n.lineno}: {n.value[:40]}" for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and HANGUL.search(n.value)
            and id(n) not in skip]


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_files_and_the_cli_take_their_words_from_the_catalogue(path):
    """No Korean sentence written in report/, cli/ or the map builders: every word is a catalogue entry
    (labels carry keys and fields), so a Korean file says what the Korean page says."""
    assert _hangul_literals(path) == []


ANALYSIS_FILES = sorted((ROOT / "analysis").rglob("*.py"))
KOREAN_EXAMPLE = {"mismatch.py"}  # an English error that names the Korean unit a table is kept in (억원)


@pytest.mark.parametrize("path", ANALYSIS_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_numbers_layer_says_its_words_through_the_catalogue(path):
    """analysis/ picks no language by hand and writes no Korean sentence: the Change tab's Markov reading, the
    view modes, the reference periods, the change kinds and an upload's catalogue rows are catalogue entries
    (one copy: the modes and the change kinds were written in analysis/ and in the catalogue)."""
    inline = [f"{path.name}:{i}" for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if INLINE.search(line)]
    assert inline == []
    if path.name not in KOREAN_EXAMPLE:
        assert _hangul_literals(path) == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_markov_reading_is_said_from_the_catalogue(lang):
    """Every sentence of the Change tab's reading is a filled catalogue template (rd_markov_*), in both languages."""
    from analysis.store import bundled
    from analysis.transitions import reading, transitions

    tr = transitions("employed_persons", "sido", permutations=0, store=bundled())
    sentences = reading(tr, lang)
    g = tr.markov.global_
    assert sentences[0] == t("rd_markov_moves", lang, span=f"{tr.panel.years[0]}–{tr.panel.years[-1]}",
                             n=tr.panel.n, steps=g.n, stay=g.up_down_stay()["stay"] / g.n,
                             up=g.up_down_stay()["up"] / g.n, down=g.up_down_stay()["down"] / g.n)
    templates = [re.escape(pick(v, lang)) for k, v in STRINGS.items() if k.startswith("rd_markov_")]
    fill = re.compile(r"\\\{[^}]*\\\}")
    patterns = [re.compile(fill.sub(".+?", p) + "$") for p in templates]
    assert len(sentences) >= 3 and all(any(p.match(s) for p in patterns) for s in sentences)
    assert all(HANGUL.search(s) for s in sentences) == (lang == "ko")


def test_one_word_per_mode_period_and_change_kind():
    """The view modes, reference periods and change kinds are keys below the page; their words are the
    catalogue's, so the Map tab's mode, the PDF subtitle, the Data tab and the CLI say the same."""
    from analysis.difference import HOW
    from analysis.indicators import REFERENCE_PERIODS
    from analysis.store import bundled
    from analysis.views import MODES

    assert all(isinstance(k, str) for k in (*MODES, *HOW, *REFERENCE_PERIODS))
    for lang in ("ko", "en"):
        assert all(f"mode_{m}" in STRINGS for m in MODES) and all(f"chg_how_{h}" in STRINGS for h in HOW)
        assert all(word("reference_period", p or "year", lang) != (p or "year") for p in REFERENCE_PERIODS)
    v = bundled().view("population_registered", "sido", 2020, "share")
    assert v.label_ko.endswith(t("mode_share", "ko")) and v.label_en.endswith(t("mode_share", "en"))


def test_no_data_is_written_once():
    """"자료 없음" was written in six places; the catalogue's no_data is the one."""
    hits = [f"{p.relative_to(ROOT)}" for layer in ("geo", "ingest", "analysis", "report", "ui", "cli")
            for p in sorted((ROOT / layer).rglob("*.py")) if "자료 없음" in "".join(
                c.value for c in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                if isinstance(c, ast.Constant) and isinstance(c.value, str) and not c.value.startswith("\n"))]
    assert hits == []


def test_helpers_pick_the_side_of_the_language():
    class View:
        label_ko, label_en = "제조업", "Manufacturing"

    assert t("rank_of", "en", rank=2, n=17) == "#2/17"
    assert t("small_n", "en", detail="only 17 regions") == "only 17 regions"
    assert pick(("가", "A"), "en") == "A"
    assert col("name", "ko") == "name_ko"
    assert attr(View(), "label", "en") == "Manufacturing"
    assert both("서울특별시", "Seoul", "ko") == "서울특별시 (Seoul)"
    with pytest.raises(ValueError, match="unknown language 'fr'.*ko, en"):
        t("title", "fr")
    with pytest.raises(ValueError, match="unknown language"):
        col("label", "label_ko; drop")
    assert i18n.LANGS == tuple(i18n.LANG_NAMES)


def _ui_imports(path: Path) -> set[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ui"):
            out.update((node.module, a.name) for a in node.names)
    return out


def test_tabs_share_code_through_ui_modules_not_through_each_other():
    tabs = {p.stem for p in (ROOT / "ui").glob("*_tab.py")}
    for path in (ROOT / "ui").glob("*.py"):
        for module, name in _ui_imports(path):
            other = module.split(".")[-1] if module != "ui" else name
            assert other not in tabs or other == path.stem, f"{path.name} imports the tab {other}"
            assert not name.startswith("_"), f"{path.name} imports the private {module}.{name}"
