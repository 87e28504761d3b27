"""How a place is named to a person: the one naming rule of every table, tooltip, slide, file and CLI line.

A si-gun-gu name repeats across Korea ("중구" is in six sido, "북구" in five, "고성군" in two), so a unit below the
sido is always named with the larger units it lies in, largest first in Korean and last in English:
"울산 북구" / "Buk-gu, Ulsan", "경기 수원시 장안구" / "Suwon-si Jangan-gu, Gyeonggi", "서울 종로구 청운동" /
"Cheongun-dong, Jongno-gu, Seoul". Always, not only where a name repeats today: the same unit then reads the
same in every table and on every slide whatever other units are shown beside it, and a planner in another
province learns where it is. A larger unit that the name is, but for its suffix, is not repeated ("세종시", not
"세종 세종시"; "제주시" / "Jeju-si", not "제주 제주시"; but "부산 부산진구"). Sido keep their own name. The data behind it (each unit's sido short
name, its si-gun-gu) is looked up by :mod:`geo.names`.

Examples
--------
>>> place("북구", "울산", lang="ko"), place("Buk-gu", "Ulsan", lang="en")
('울산 북구', 'Buk-gu, Ulsan')
>>> place("반곡동", "세종", "세종시", lang="ko"), place("Banggok-dong", "Sejong", "Sejong-si", lang="en")
('세종시 반곡동', 'Banggok-dong, Sejong-si')
>>> place("부산진구", "부산", lang="ko"), place("Busanjin-gu", "Busan", lang="en")
('부산 부산진구', 'Busanjin-gu, Busan')
"""

from __future__ import annotations

import re

from lang.catalogue import pick

__all__ = ["both_names", "listing", "place"]

_SUFFIX = re.compile(r"(?<=.)[시군구읍면동도]$|-(si|gun|gu|eup|myeon|dong|do)$")


def place(name: str, *within: str, lang: str) -> str:
    """``name`` with the units it lies in (``within``: largest first, e.g. the sido's short name, then the
    si-gun-gu), each left out where the unit inside it is the same name with an administrative suffix (시, 군,
    구 …; -si, -gun, -gu …); empty ones are skipped."""
    parts = [str(name)]
    inner = str(name)
    for outer in reversed([str(w) for w in within if w]):
        if _SUFFIX.sub("", inner) != outer:
            parts.insert(0, outer)
        inner = outer
    return pick((" ".join(parts), ", ".join(reversed(parts))), lang)


def listing(names: list[str] | tuple[str, ...], lang: str) -> str:
    """A few short names run together: "서울·인천·경기" / "Seoul, Incheon, Gyeonggi"."""
    return pick(("·", ", "), lang).join(str(n) for n in names)


def both_names(ko: str, en: str, lang: str) -> str:
    """A place in both languages, the page's first: "울산 북구 · Buk-gu, Ulsan" / "Buk-gu, Ulsan · 울산 북구"."""
    return pick((f"{ko} · {en}", f"{en} · {ko}"), lang)
