"""What the tabs offer to pick: indicators per level and layer, their labels, the default picks and the
suggested pairs (:mod:`analysis.pairs`, in the planner's words).

Shared by the Map, Mismatch and Clusters tabs, the presenter's story builder and the profile panel (which used to
import these from each other). Reads this session's catalogue through :mod:`ui.data`, so uploaded indicators are
offered like bundled ones.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis import pairs as suggested
from analysis.defaults import STUDY_LEVELS
from analysis.indicators import LAYERS
from lang import col
from ui import data

__all__ = [
    "DEFAULT_X",
    "DEFAULT_Y",
    "LAYERS",
    "compare_level",
    "default_indicator",
    "default_year",
    "extensive_ids",
    "first_of",
    "indicator_options",
    "label_of",
    "labeller",
    "pair_picker",
]

DEFAULT_X: tuple[str, ...] = (
    "rd_expenditure_from_share", "rd_expenditure_share_pct", "gva_prof_sci_tech_services_nominal_b2020",
    "gva_prof_business_services_nominal_b2015")
"""Preferred x of the Mismatch and Clusters tabs (R&D at sido; professional and business services at
si-gun-gu, where no R&D figure exists), first available wins."""

DEFAULT_Y: tuple[str, ...] = ("gva_manufacturing_nominal_b2020", "gva_mining_manufacturing_nominal_b2020",
                              "gva_manufacturing_nominal_b2015")
"""Preferred y of the Mismatch and Clusters tabs (manufacturing value added of the same base), first available
wins."""

def compare_level(lang: str, slot) -> str:
    """The comparison level, chosen in ``slot`` (a column) and shared by the Mismatch and Clusters tabs.

    Only levels with at least two extensive indicators are offered; sido first.
    """
    from lang import t
    from ui import keys
    from ui.widgets import carry_level, ensure, level_chosen, remember

    levels = [lv for lv in STUDY_LEVELS if len(extensive_ids(lv)) >= 2] or ["sido"]
    carry_level(keys.CLEVEL, levels)
    ensure(keys.CLEVEL, levels, levels[0])
    level = slot.selectbox(t("level", lang), levels, key=keys.CLEVEL, format_func=lambda x: t(f"level_{x}", lang),
                           on_change=level_chosen, args=(keys.CLEVEL,))
    remember(keys.CLEVEL)
    return level


def first_of(candidates: tuple[str, ...], options: list[str]) -> str:
    """The first of ``candidates`` that is among ``options`` (else the first option).

    >>> first_of(("b", "c"), ["a", "c"])
    'c'
    >>> first_of(("z",), ["a", "c"])
    'a'
    """
    return next((c for c in candidates if c in options), options[0])


def indicator_options(level: str, layer: str | None = None) -> list[str]:
    """Indicator ids with data at ``level`` (optionally of one layer), in catalogue order."""
    cat = data.catalogue()
    avail = data.available(level)
    ids = [i for i in cat.index if i in avail]
    if layer is not None:
        ids = [i for i in ids if cat.at[i, "layer"] == layer]
    return ids


def extensive_ids(level: str) -> list[str]:
    """Extensive indicators (amounts that sum over regions) with data at ``level``."""
    cat = data.catalogue()
    avail = data.available(level)
    return [i for i in cat.index if i in avail and cat.at[i, "nature"] == "extensive"]


def label_of(indicator: str, lang: str) -> str:
    """Catalogue label of an indicator in ``lang``."""
    return str(data.catalogue().at[indicator, col("label", lang)])


def labeller(lang: str) -> Callable[[str], str]:
    """A ``format_func`` for indicator widgets, bound to this session's catalogue (uploads included)."""
    labels = data.catalogue()[col("label", lang)].astype(str).to_dict()
    return lambda i: labels.get(i, str(i))


def default_indicator(ids: list[str], level: str) -> str:
    """The first indicator of ``ids`` with every region covered in some year (else the first)."""
    cov = data.coverage(level)
    full = [i for i in ids if i in cov.index and cov.at[i, "full_years"] > 0]
    return full[0] if full else ids[0]


def default_year(indicator: str, level: str, years: list[int]) -> int:
    """The latest year in which every region of ``level`` has a value (else the latest year)."""
    full = data.full_years(indicator, level)
    return full[-1] if full else years[-1]


def pair_picker(level: str, lang: str, slot, x_key: str, y_key: str, key: str):
    """The suggested pairs of ``level`` (:func:`analysis.pairs.pairs_for`) as one select box in ``slot``: picking
    one sets the x and y widgets (``x_key``, ``y_key``, drawn after it); the box shows the pair the current x and y
    make, or "your own pair". A pair without a comparable year is offered with its reason (said, not hidden).

    Returns
    -------
    analysis.pairs.Pair or None
        The pair of the current x and y, if they make one (its note is the tab's caption).
    """
    import streamlit as st

    from lang import attr, t

    ps = suggested.pairs_for(level)
    if not ps:
        return None
    current = suggested.pair_of(level, str(st.session_state.get(x_key)), str(st.session_state.get(y_key)))
    st.session_state[key] = current.key if current else ""
    store = data.store()
    words = {"": t("pair_own", lang)}
    for p in ps:
        title = str(attr(p, "title", lang))
        words[p.key] = title if suggested.comparable(store, p) else t("pair_no_year", lang, title=title)

    def apply() -> None:
        chosen = st.session_state.get(key)
        if chosen:
            p = suggested.pair(level, chosen)
            st.session_state[x_key], st.session_state[y_key] = p.x, p.y

    slot.selectbox(t("pair", lang), ["", *(p.key for p in ps)], key=key, on_change=apply,
                   format_func=lambda k: words.get(k, k), help=t("pair_help", lang))
    return current
