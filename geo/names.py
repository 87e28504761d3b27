"""Region names as people read them: a si-gun-gu or eup-myeon-dong name carries its sido.

Many si-gun-gu share a name ("중구" is in six sido, "고성군" in Gangwon and Gyeongnam, "동구" in five), so a
tooltip, a legend or a caption that says only "중구" is ambiguous. :func:`place_names` appends the sido's short
name ("중구 (서울)", "Jung-gu (Seoul)") to every unit below the sido level; sido keep their own name. The short
Korean names come from ``data/codes/sido.csv`` (``short_ko``), the English ones are the sido's English names.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"name_ko": ["중구", "서울특별시"], "name_en": ["Jung-gu", "Seoul"],
...                       "sido_code": ["11", "11"]}, index=["11140", "11"])
>>> place_names(frame, "ko").tolist(), place_names(frame, "en").tolist()
(['중구 (서울)', '서울특별시'], ['Jung-gu (Seoul)', 'Seoul'])

A unit named after its sido says it once:

>>> sejong = pd.DataFrame({"name_ko": ["세종시"], "name_en": ["Sejong-si"], "sido_code": ["36"]}, index=["36110"])
>>> place_names(sejong, "ko").tolist(), place_names(sejong, "en").tolist()
(['세종시'], ['Sejong-si'])
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from geo.codes import code_tables

__all__ = ["place_names", "sido_short_names"]


@lru_cache(maxsize=1)
def _short() -> dict[str, tuple[str, str]]:
    sido = code_tables().sido
    return {str(r.mois_code): (str(r.short_ko), str(r.name_en)) for r in sido.itertuples()}


def sido_short_names(lang: str = "ko") -> dict[str, str]:
    """Sido code → short name (``서울``, ``충남`` …) in Korean or the English name (``Seoul``).

    Examples
    --------
    >>> sido_short_names("ko")["44"], sido_short_names("en")["44"]
    ('충남', 'Chungnam')
    """
    i = 0 if lang == "ko" else 1
    return {code: pair[i] for code, pair in _short().items()}


def _bare(name: str) -> str:
    """A unit's name without its "시" / "-si" ending (세종시 → 세종, Sejong-si → Sejong).

    >>> _bare("세종시"), _bare("Sejong-si"), _bare("부산진구")
    ('세종', 'Sejong', '부산진구')
    """
    for end in ("특별자치시", "-si", "시"):
        if name.endswith(end) and len(name) > len(end):
            return name[: -len(end)]
    return name


def place_names(frame: pd.DataFrame, lang: str = "ko") -> pd.Series:
    """Name of every region of ``frame`` in ``lang``, with the sido's short name for units below the sido.

    Parameters
    ----------
    frame : pandas.DataFrame
        Boundaries or a table indexed by region code with ``name_ko``, ``name_en`` and (below the sido level)
        ``sido_code``.
    lang : {"ko", "en"}
        Language of the names.

    Returns
    -------
    pandas.Series
        Indexed like ``frame``. A row whose code is its own ``sido_code`` (a sido) or that has no sido keeps its
        name.
    """
    col = "name_ko" if lang == "ko" else "name_en"
    names = frame[col].astype(str)
    if "sido_code" not in frame.columns:
        return names
    short = sido_short_names(lang)
    sido = frame["sido_code"].astype("string")
    codes = pd.Series(frame.index.astype(str), index=frame.index)
    below = sido.notna() & (sido != codes) & sido.isin(list(short))
    # a unit named after its sido (세종시 in 세종, Sejong-si in Sejong) does not say it twice ("Sejong-si (Sejong)")
    below &= pd.Series([not (s in short and _bare(n) == short[s]) for n, s in zip(names, sido.fillna(""), strict=True)],
                       index=frame.index)
    out = names.copy()
    out[below] = [f"{n} ({short[s]})" for n, s in zip(names[below], sido[below], strict=True)]
    return out
