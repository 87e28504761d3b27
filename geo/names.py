"""Region names as people read them: the naming rule (:mod:`lang.names`) applied to the bundled units.

Many si-gun-gu share a name ("중구" is in six sido, "고성군" in Gangwon and Gyeongnam, "북구" in five), so a
tooltip, a table, a slide or a CLI line that says only "북구" — or "북구 (31200)" — is ambiguous. Every unit below
the sido is named with its sido's short name (``data/codes/sido.csv``: ``short_ko``; the English names are the
sido's English names), an eup-myeon-dong with its si-gun-gu too: "울산 북구" / "Buk-gu, Ulsan", "서울 종로구
청운동" / "Cheongun-dong, Jongno-gu, Seoul" (:func:`lang.names.place`). Sido keep their own name.

:func:`place_names` names the rows of a frame (boundaries, a table with ``name_ko``/``name_en``/``sido_code``);
:func:`place_name` names one bundled unit by its code (a profile's peers, a CLI line).

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"name_ko": ["중구", "서울특별시"], "name_en": ["Jung-gu", "Seoul"],
...                       "sido_code": ["11", "11"]}, index=["11140", "11"])
>>> place_names(frame, "ko").tolist(), place_names(frame, "en").tolist()
(['서울 중구', '서울특별시'], ['Jung-gu, Seoul', 'Seoul'])
>>> place_name("31200", "ko"), place_name("31200", "en"), place_name("31", "ko")
('울산 북구', 'Buk-gu, Ulsan', '울산광역시')
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from geo.codes import code_tables
from lang import col, pick
from lang.names import both_names, place

__all__ = ["both_place_names", "place_name", "place_names", "sido_short_names"]


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
    return {code: pick(pair, lang) for code, pair in _short().items()}


def place_names(frame: pd.DataFrame, lang: str = "ko") -> pd.Series:
    """Name of every region of ``frame`` in ``lang`` by the naming rule (:func:`lang.names.place`).

    Parameters
    ----------
    frame : pandas.DataFrame
        Boundaries or a table indexed by region code with ``name_ko``, ``name_en`` and (below the sido level)
        ``sido_code``; eup-myeon-dong also ``sigungu_name_ko``/``sigungu_name_en``.
    lang : {"ko", "en"}
        Language of the names.

    Returns
    -------
    pandas.Series
        Indexed like ``frame``. A row whose code is its own ``sido_code`` (a sido) or that has no sido keeps its
        name.
    """
    names = frame[col("name", lang)].astype(str)
    if "sido_code" not in frame.columns:
        return names
    short = sido_short_names(lang)
    sido = frame["sido_code"].astype("string")
    codes = pd.Series(frame.index.astype(str), index=frame.index)
    below = sido.notna() & (sido != codes) & sido.isin(list(short))
    sgg_col = col("sigungu_name", lang)
    sgg = frame[sgg_col].astype("string").fillna("") if sgg_col in frame.columns else pd.Series("", index=frame.index)
    out = names.copy()
    out[below] = [place(n, short[s], g, lang=lang) for n, s, g in zip(names[below], sido[below], sgg[below],
                                                                       strict=True)]
    return out


def both_place_names(frame: pd.DataFrame, lang: str = "ko") -> pd.Series:
    """Every region of ``frame`` named in both languages, the page's first ("울산 북구 · Buk-gu, Ulsan"): the
    title of a map tooltip."""
    ko, en = place_names(frame, "ko"), place_names(frame, "en")
    return pd.Series([both_names(k, e, lang) for k, e in zip(ko, en, strict=True)], index=frame.index)


@lru_cache(maxsize=2)
def _lookup(with_emd: bool) -> pd.DataFrame:
    """Names of every bundled unit by code: sido, the 247 si-gun-gu, the general cities of the 229-unit view
    (their gu dissolved), and the eup-myeon-dong when asked."""
    from geo.boundaries import load_boundaries

    keep = ["name_ko", "name_en", "sido_code"]
    sgg = load_boundaries("sigungu")
    cities = (sgg.dropna(subset=["parent_code"]).drop_duplicates("parent_code")
              .set_index("parent_code")[["parent_name_ko", "parent_name_en", "sido_code"]]
              .set_axis(keep, axis=1))
    frames = [load_boundaries("sido")[keep], sgg[keep], cities]
    if with_emd:
        frames.append(load_boundaries("emd")[[*keep, "sigungu_name_ko", "sigungu_name_en"]])
    out = pd.concat(frames)
    out.index = out.index.astype(str)
    return out[~out.index.duplicated()]


def place_name(code: str, lang: str = "ko") -> str:
    """The name of one bundled unit (any level) by the naming rule; an unknown code comes back as it is.

    Examples
    --------
    >>> place_name("41110", "ko"), place_name("41111", "en"), place_name("99999", "ko")
    ('경기 수원시', 'Suwon-si Jangan-gu, Gyeonggi', '99999')
    """
    code = str(code)
    table = _lookup(len(code) > 5)
    if code not in table.index:
        return code
    return str(place_names(table.loc[[code]], lang).iloc[0])
