"""Revised Romanization of Korean place names (build-time helper).

The syllable-level romanisation, with the sound changes the Revised Romanization (2000) applies inside a
word (종로 → Jongno, 신라 → Silla, 강릉 → Gangneung), comes from the maintained PyPI package ``romaja``
(MIT). This module only adds the place-name conventions of the same system: the administrative-unit suffix
is separated by a hyphen and no sound change is applied across it (종로구 → Jongno-gu, 일산동구 →
Ilsandong-gu), the first letter is capitalised, and numbered ``가`` units keep their number
(남포동3가 → Nampo-dong 3-ga).

It is used by ``python -m geo.build`` only; the app reads the names stored in ``data/boundaries``.
"""

from __future__ import annotations

import re

from romaja import romaja

__all__ = ["romanize_place"]

#: administrative-unit suffixes (longest first) and their Revised Romanization
_SUFFIXES: dict[str, str] = {
    "특별자치시": "si",
    "특별자치도": "do",
    "광역시": "si",
    "특별시": "si",
    "시": "si",
    "군": "gun",
    "구": "gu",
    "읍": "eup",
    "면": "myeon",
    "동": "dong",
    "리": "ri",
    "가": "ga",
    "도": "do",
}

_NUMBERED_GA = re.compile(r"(?P<stem>.+?)(?P<num>\d+)가")


def _stem(text: str) -> str:
    out = romaja(text).replace(" ", "")
    return out[:1].upper() + out[1:]


def _token(token: str) -> str:
    match = _NUMBERED_GA.fullmatch(token)
    if match:
        return f"{_token(match['stem'])} {match['num']}-ga"
    for suffix, roman in _SUFFIXES.items():
        if token.endswith(suffix) and len(token) > len(suffix):
            return f"{_stem(token[: -len(suffix)])}-{roman}"
    return _stem(token)


def romanize_place(name_ko: str) -> str:
    """Romanise a Korean administrative name with the Revised Romanization.

    Parameters
    ----------
    name_ko : str
        Korean name, one or more space-separated units (e.g. ``"수원시 장안구"``).

    Returns
    -------
    str
        The romanised name (e.g. ``"Suwon-si Jangan-gu"``).

    Raises
    ------
    ValueError
        If ``name_ko`` is empty.

    Examples
    --------
    >>> romanize_place("종로구")
    'Jongno-gu'
    >>> romanize_place("수원시 장안구")
    'Suwon-si Jangan-gu'
    >>> romanize_place("남포동3가")
    'Nampo-dong 3-ga'
    """
    if not name_ko or not name_ko.strip():
        raise ValueError("romanize_place: name_ko is empty; pass a Korean place name such as '종로구'.")
    return " ".join(_token(t) for t in name_ko.split())
