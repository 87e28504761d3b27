"""The page's words: one ko/en catalogue (lang), every key the UI asks for exists, no tab picks a language
itself, Korean texts are Korean, and tabs share code through ui modules rather than through each other."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import lang.catalogue as i18n
from lang import STRINGS, attr, both, col, pick, t

ROOT = Path(__file__).resolve().parents[1]
UI_FILES = sorted((ROOT / "ui").glob("*.py")) + [ROOT / "app.py"]
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
    for path in UI_FILES:
        for arg in _t_calls(path):
            if isinstance(arg, ast.Constant):
                literal.add((path.name, arg.value))
            elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                prefixes.add((path.name, arg.values[0].value))
            elif isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Constant):
                prefixes.add((path.name, arg.left.value))
    assert len(literal) > 50  # the scan sees the UI's calls
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


def test_no_inline_language_checks_outside_the_catalogue():
    pattern = re.compile(r"""lang\s*[!=]=|==\s*["']ko["']|["']ko["']\s*if\b|0 if lang|_ko["']? if """)
    offenders = [f"{p.relative_to(ROOT)}:{i}" for p in UI_FILES if p.name != "catalogue.py"
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []


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
