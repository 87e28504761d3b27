"""Korean fonts for matplotlib: find a Hangul-capable font, register it, and refuse clearly when there is none.

matplotlib's default font (DejaVu Sans) has no Hangul, so Korean labels come out as empty boxes. Static maps and
the briefing PDF therefore ask :func:`korean_font` for a font file and draw with it. Fonts are looked for, in
order, in the folders of :data:`FONT_DIRS`: Debian's ``fonts-nanum`` package, then the Nanum fonts bundled with
the ``koreanize-matplotlib`` wheel (found without importing it, because importing it changes matplotlib's
global settings), then the ``RIES_KOREAN_FONT_DIR`` environment variable.

Examples
--------
>>> f = korean_font()  # doctest: +SKIP
>>> f.family  # doctest: +SKIP
'NanumGothic'
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager

__all__ = ["FONT_DIRS", "FONT_FAMILIES", "KoreanFont", "KoreanFontError", "korean_font", "rc_params"]


class KoreanFontError(ValueError):
    """No font with Hangul glyphs was found, so Korean text cannot be drawn."""


def _debian_dir() -> Path | None:
    return Path("/usr/share/fonts/truetype/nanum")


def _koreanize_dir() -> Path | None:
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


def _env_dir() -> Path | None:
    value = os.environ.get("RIES_KOREAN_FONT_DIR", "").strip()
    return Path(value) if value else None


FONT_DIRS: dict[str, Callable[[], Path | None]] = {
    "env": _env_dir,
    "fonts-nanum": _debian_dir,
    "koreanize-matplotlib": _koreanize_dir,
}
"""Where Korean fonts are looked for (first match wins): name → function giving the folder (or None)."""

FONT_FAMILIES: dict[str, tuple[str, str]] = {
    "NanumGothic": ("NanumGothic.ttf", "NanumGothicBold.ttf"),
    "NanumBarunGothic": ("NanumBarunGothic.ttf", "NanumBarunGothicBold.ttf"),
    "NanumSquare": ("NanumSquareR.ttf", "NanumSquareB.ttf"),
}
"""Accepted families, in order of preference: family → (regular file, bold file)."""


@dataclass(frozen=True)
class KoreanFont:
    """A registered Korean font.

    Attributes
    ----------
    family : str
        Family name to give matplotlib (``font.family``).
    regular, bold : Path
        Font files (``bold`` equals ``regular`` when the family has no bold file there).
    origin : str
        Key of :data:`FONT_DIRS` it came from.
    bold_weight : int
        matplotlib weight of the bold file (Nanum's bold registers as 600): use it as ``fontweight``.
    """

    family: str
    regular: Path
    bold: Path
    origin: str
    bold_weight: int = 700


def _search() -> KoreanFont | None:
    for origin, where in FONT_DIRS.items():
        folder = where()
        if folder is None or not folder.is_dir():
            continue
        for family, (reg, bold) in FONT_FAMILIES.items():
            r, b = folder / reg, folder / bold
            if r.is_file():
                return KoreanFont(family, r, b if b.is_file() else r, origin)
    return None


@lru_cache(maxsize=1)
def korean_font() -> KoreanFont:
    """Find a Korean font and register it with matplotlib (once per process).

    Returns
    -------
    KoreanFont

    Raises
    ------
    KoreanFontError
        When no folder of :data:`FONT_DIRS` holds one of :data:`FONT_FAMILIES`; the message says how to install
        one.
    """
    found = _search()
    if found is None:
        tried = ", ".join(f"{k} ({(f() or '—')})" for k, f in FONT_DIRS.items())
        raise KoreanFontError(
            f"no Korean font found (looked in: {tried}; families {list(FONT_FAMILIES)}). Hangul would be drawn "
            "as empty boxes. Install one: `apt-get install fonts-nanum`, or `pip install koreanize-matplotlib`, "
            "or set RIES_KOREAN_FONT_DIR to a folder holding NanumGothic.ttf."
        )
    for path in {found.regular, found.bold}:
        font_manager.fontManager.addfont(str(path))
    weight = font_manager.ttfFontProperty(font_manager.get_font(str(found.bold))).weight
    return KoreanFont(found.family, found.regular, found.bold, found.origin, int(weight))


def rc_params(font: KoreanFont | None = None) -> dict[str, object]:
    """matplotlib settings for drawing Korean text and embedding it in PDF/SVG exports.

    Use as ``with matplotlib.rc_context(rc_params()): ...`` so the global settings stay untouched.
    TrueType (type 42) embedding keeps PDF text searchable and copyable; SVG text is drawn as paths so the
    file shows Hangul on machines without the font. Text is never read as mathtext or TeX: labels come from
    users, and ``$…$`` in a label is shown as written (it raised a ParseException, so uploads could not be
    exported).
    """
    font = font or korean_font()
    return {
        "font.family": [font.family],
        "axes.unicode_minus": False,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "text.parse_math": False,
        "text.usetex": False,
    }
