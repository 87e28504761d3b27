"""The README and the guides point at things that exist: links, pictures, anchors, make targets, bundle files.

A reader follows a guide step by step; a renamed file, heading or make target would leave them at a dead end.
Cheap (text only), so it runs in the fast suite.
"""

from __future__ import annotations

import re
import struct
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ["README.md", "docs/guide.ko.md", "docs/guide.en.md", "docs/development.md", "docs/architecture.md",
        "docs/glossary.md"]
GUIDES = ["docs/guide.ko.md", "docs/guide.en.md"]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
MAKE = re.compile(r"^make ([a-z][\w-]*)", flags=re.M)
IMAGE_MAX_BYTES = 250_000


def _links(doc: str) -> list[str]:
    """Every markdown link or image target in ``doc`` outside code blocks, as written."""
    text = re.sub(r"```.*?```", "", (ROOT / doc).read_text(encoding="utf-8"), flags=re.S)
    return LINK.findall(text)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped (letters of any script kept), spaces → -."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    """The anchors of a markdown file's headings (code blocks skipped)."""
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return {_slug(m) for m in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}


def _code(doc: str) -> str:
    """The code of ``doc``: fenced blocks and inline code spans, one a line."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    fenced = re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    return "\n".join([*fenced, *spans])


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def _targets() -> set[str]:
    """The Makefile's targets."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*):", text, flags=re.M))


def test_slug_matches_github_rules():
    assert _slug("Serving a team on an intranet") == "serving-a-team-on-an-intranet"
    assert _slug("Readings: what the numbers mean") == "readings-what-the-numbers-mean"
    assert _slug("1. Online, from this folder (Debian/Ubuntu)") == "1-online-from-this-folder-debianubuntu"
    assert _slug("내 KOSIS 표 가져오기") == "내-kosis-표-가져오기"


@pytest.mark.parametrize("doc", DOCS)
def test_relative_links_and_anchors_exist(doc):
    missing = []
    for target in _links(doc):
        if re.match(r"[a-z]+:", target):  # http(s), mailto: not followed offline
            continue
        path, _, anchor = target.partition("#")
        file = (ROOT / doc).parent / path if path else ROOT / doc
        if not file.exists():
            missing.append(target)
        elif anchor and file.suffix == ".md" and anchor not in _anchors(file):
            missing.append(target)
    assert not missing, f"{doc} links to what does not exist: {missing}"


@pytest.mark.parametrize("doc", GUIDES)
def test_guide_pictures_are_small_screenshots_in_the_guides_language(doc):
    lang = doc.split(".")[-2]
    pictures = [t for t in _links(doc) if t.endswith(".png")]
    assert len(pictures) >= 7, "a tour of six views plus the importer"
    for target in pictures:
        path = (ROOT / doc).parent / target
        assert path.name.startswith(f"{lang}_"), f"{doc} shows {target}, not a {lang} screenshot"
        assert path.stat().st_size <= IMAGE_MAX_BYTES, f"{target}: {path.stat().st_size} bytes"
        assert _png_size(path) == (1280, 720), f"{target} was not taken at 1280×720"


def test_guides_are_twins():
    """Each guide shows the same views and has as many sections as the other."""
    views = [{t.split("_", 1)[1] for t in _links(doc) if t.endswith(".png")} for doc in GUIDES]
    assert views[0] == views[1]
    heads = [re.findall(r"^#{2,3} ", (ROOT / doc).read_text(encoding="utf-8"), flags=re.M) for doc in GUIDES]
    assert len(heads[0]) == len(heads[1])


def test_guides_link_the_glossary_and_each_other():
    for doc, twin in zip(GUIDES, reversed(GUIDES), strict=True):
        links = _links(doc)
        assert "glossary.md" in links
        assert Path(twin).name in links


@pytest.mark.parametrize("doc", ["README.md", *GUIDES, "docs/development.md"])
def test_every_make_command_names_a_makefile_target(doc):
    named = set(MAKE.findall(_code(doc)))
    assert named, f"{doc} names no make command"
    assert named - _targets() == set(), f"{doc} names make targets the Makefile lacks"


def test_readme_keeps_the_two_commands_and_the_offline_bundle_steps():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make run\b", readme, flags=re.M) and re.search(r"^make test\b", readme, flags=re.M)
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")  # what CI runs is what README says
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    archive = f"ries-atlas-{version}-offline"
    for step in (f"{archive}.zip", f"{archive}/install.sh", rf"{archive}\install.ps1"):
        assert step in readme, f"README lacks the offline step naming {step}"
    for script in ("install.sh", "install.ps1"):
        assert (ROOT / "scripts" / "bundle" / script).exists()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    for command in re.findall(r"(ries-atlas(?:-cli)?)(?:\.exe)?\b", readme):
        assert command in scripts, f"README runs {command}, which pyproject.toml does not install"


@pytest.mark.parametrize("doc", ["README.md", *GUIDES])
def test_offline_bundle_named_with_the_current_version(doc):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    named = set(re.findall(r"ries-atlas-([\w.]+)-offline", (ROOT / doc).read_text(encoding="utf-8")))
    assert named == {version}, f"{doc} names the bundle of version(s) {named}, pyproject.toml says {version}"
