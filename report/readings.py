"""The readings as sentences: one function per reading, called by the tabs, the briefing PDF and the deck alike, so
a number means the same thing wherever it is shown (issue 25).

The numbers and the choice of sentence come from :mod:`analysis.readings` and :mod:`analysis.change`; the words are
the ``rd_*`` templates of :mod:`lang` (``lang/readings.py``). Names of indicators are their short labels in their
roles (:func:`analysis.labels.role_names`), regions are named with their sido (:func:`geo.names.place_names`).

Examples
--------
>>> from analysis.spatial import GlobalResult
>>> from analysis.readings import moran_reading
>>> r = moran_reading(GlobalResult("moran", "x", "", 0.41, -0.0625, -0.06, 4.1, 0.001, 0.0, 999, 12345, 17, None))
>>> moran_sentence(r, "en", name="R&D")
'R&D: clustered — similar values sit next to each other.'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from analysis.change import HooverChange
from analysis.labels import role_names
from analysis.readings import ClusterReading, DifferenceReading, MoranReading, NeighbourReading
from lang import pick, t
from report.scorecard import short_text

__all__ = [
    "change_lines",
    "change_sentence",
    "chance",
    "cluster_lines",
    "difference_sentence",
    "moran_detail",
    "moran_sentence",
    "neighbour_lines",
    "neighbour_sentence",
    "short_names",
]

_SCHEME_MEANING = {"univariate": "univariate", "bivariate": "bivariate", "rnd_production": "bivariate",
                   "workforce_production": "bivariate", "services_production": "bivariate",
                   "production_rnd": "bivariate", "production_workforce": "bivariate",
                   "production_services": "bivariate", "mismatch": "mismatch", "getis_ord": "getis_ord"}
"""Wording scheme of a local statistic → the family of its class meanings (``rd_meaning_<family>_<class>``)."""


def short_names(labels: Mapping[str, tuple[str, str]], lang: str) -> tuple[str, str]:
    """x's and y's short labels in ``lang``: without their base year and "value added, nominal"
    (:func:`report.scorecard.short_text`) unless the two then read the same."""
    pair = role_names(labels["x"], labels["y"])
    x, y = pick(pair["a"], lang), pick(pair["b"], lang)
    sx, sy = short_text(x), short_text(y)  # "제조업", "Manufacturing": without "value added, nominal"
    return (sx, sy) if sx != sy else (x, y)


# ---------------------------------------------------------------------------------------------------------
# the change of the Hoover index
# ---------------------------------------------------------------------------------------------------------
def change_lines(ch: HooverChange, lang: str) -> list[str]:
    """The change of the mismatch explained, sentence by sentence: how the Hoover index moved, the capital
    region's shares, which side's move made most of it, where that side moved most, the biggest mover.

    Parameters
    ----------
    ch : HooverChange
        From :func:`analysis.change.hoover_change` (or :func:`analysis.change.change_between`).
    lang : {"ko", "en"}
    """
    x, y = short_names(ch.labels, lang)
    out = [t(f"rd_change_head_{ch.direction}", lang, y0=ch.year_from, y1=ch.year_to, x=x, y=y, h0=ch.hoover_from,
             h1=ch.hoover_to, d=ch.hoover_change),
           t("rd_change_capital", lang, x=x, y=y, cx0=ch.capital_share_x_from * 100,
             cx1=ch.capital_share_x_to * 100, cy0=ch.capital_share_y_from * 100, cy1=ch.capital_share_y_to * 100)]
    if ch.opposing:
        out.append(t("rd_change_parts_opposing", lang, x=x, y=y, xp=ch.x_part, yp=ch.y_part))
    elif ch.direction != "flat":
        out.append(t(f"rd_change_parts_{ch.dominant}", lang, x=x, y=y, xp=ch.x_part, yp=ch.y_part))
    side = ch.dominant
    up, down = ch.extreme(side, True), ch.extreme(side, False)
    if up is not None and down is not None:
        out.append(t("rd_change_where", lang, name=x if side == "x" else y, up_place=ch.place(up[0], lang),
                     up=up[1] * 100, down_place=ch.place(down[0], lang), down=down[1] * 100))
    if ch.movers:
        m = ch.movers[0]
        out.append(t("rd_change_mover", lang, place=m.place(lang), x=x, y=y, dx=m.delta_x * 100,
                     dy=m.delta_y * 100))
    return out


def change_sentence(ch: HooverChange, lang: str) -> str:
    """:func:`change_lines` as one paragraph: the sentence of the Mismatch tab, the briefing and the story's
    trend slide.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.change import HooverChange
    >>> shares = pd.DataFrame({"delta_x": [0.1, -0.1], "delta_y": [0.0, 0.0]}, index=["a", "b"])
    >>> ch = HooverChange("x", "y", "sido", 2015, 2020, 2, {"x": ("연구", "R&D"), "y": ("생산", "Output")},
    ...                   0.3, 0.2, -0.1, 0.0, 0.5, 0.4, 0.5, 0.5, shares=shares,
    ...                   places={"a": ("가", "A"), "b": ("나", "B")})
    >>> change_sentence(ch, "en")  # doctest: +NORMALIZE_WHITESPACE
    "From 2015 to 2020 the mismatch of R&D against Output (Hoover index) fell: 0.300 → 0.200 (-0.100).
     Capital region's share: R&D 50.0% → 40.0%, Output 50.0% → 50.0%. Most of it (-0.100) comes from where R&D
     went; the shift of Output accounts for +0.000. R&D's share rose most in A (+10.00 pp) and fell most in B
     (-10.00 pp)."
    """
    return " ".join(change_lines(ch, lang))


# ---------------------------------------------------------------------------------------------------------
# cluster maps and global Moran's I
# ---------------------------------------------------------------------------------------------------------
def chance(crit_value: float, fdr: bool = False) -> str:
    """The p-value cut-off as the chance of a fluke, in percent: ``5%``, ``1%``, ``0.35% (FDR)``.

    >>> chance(0.05), chance(0.0034567, True)
    ('5%', '0.346% (FDR)')
    """
    return f"{crit_value * 100:.3g}%" + (" (FDR)" if fdr else "")


def cluster_lines(r: ClusterReading, lang: str, a: str, b: str = "") -> list[str]:
    """One line per class the map shows: its colour, what it means, how many units, the chance of a fluke
    ("빨강 = 이 시군구·이웃 모두 제조업 높은 곳 — 228곳 중 8곳, 우연일 확률 5% 이하").

    Parameters
    ----------
    r : ClusterReading
    lang : {"ko", "en"}
    a, b : str
        The names the classes speak of: the region's own variable and (bivariate, ln M) the other one.
    """
    unit = t(f"rd_unit_{r.level}", lang) if f"rd_unit_{r.level}" in _keys() else r.level
    family = _SCHEME_MEANING.get(r.scheme, "univariate")
    p = chance(r.crit_value, r.fdr)
    out = []
    for c in r.classes:
        colour = t(f"rd_colour_{c.key}", lang)
        if c.key == "ns":
            out.append(t("rd_cluster_line_ns", lang, colour=colour, n=r.n, count=c.count))
            continue
        meaning = t(f"rd_meaning_{family}_{c.key}", lang, unit=unit, a=a, b=b)
        out.append(t("rd_cluster_line", lang, colour=colour, meaning=meaning, n=r.n, count=c.count, chance=p))
    if r.n_significant == 0:
        out.append(t("rd_cluster_none", lang, chance=p))
    return out


def moran_sentence(r: MoranReading, lang: str, name: str = "", a: str = "", b: str = "") -> str:
    """Global Moran's I in words: clustered, dispersed or no clear pattern (``name`` for one variable; ``a`` and
    ``b`` for the bivariate form, the region's own and the neighbours'); the statistic goes in
    :func:`moran_detail`."""
    text = t(f"rd_moran_{r.statistic}_{r.verdict}", lang, **_fields(r.statistic, name, a, b))
    if r.small_n:
        text += " " + t("rd_moran_small_n", lang, n=r.n)
    return text


def _fields(statistic: str, name: str, a: str, b: str) -> dict[str, str]:
    if statistic == "moran_bv":
        return {"a": a, "b": b}
    if statistic == "moran_diff":
        return {}
    return {"name": name}


def moran_detail(r: MoranReading, lang: str) -> str:
    """The statistic behind :func:`moran_sentence`: I, its expectation, z, p, permutations, seed, regions."""
    return t("rd_moran_detail", lang, I=r.I, EI=r.EI, z=r.z_sim, p=r.p_sim, perms=r.permutations,
             seed="-" if r.seed is None else r.seed, n=r.n)


# ---------------------------------------------------------------------------------------------------------
# the scorecard's neighbours
# ---------------------------------------------------------------------------------------------------------
def neighbour_sentence(r: NeighbourReading, lang: str, industry: str) -> str:
    """Whether the neighbours share one specialisation, then the LISA class and p (significant or not)."""
    head = t(f"rd_neighbours_{r.verdict}", lang, industry=industry, lq=r.lq, n=len(r.neighbours), low=r.low,
             high=r.high, mean=r.mean, k=r.n_specialised) if r.verdict != "alone" else \
        t("rd_neighbours_alone", lang, industry=industry, lq=r.lq)
    if not r.quadrant or not math.isfinite(r.p_sim):
        return head
    key = "rd_lisa_significant" if r.significant else "rd_lisa_not_significant"
    quadrant = t(f"rd_quadrant_{r.quadrant}", lang) if r.quadrant in ("HH", "LL", "LH", "HL") else r.quadrant
    return head + " " + t(key, lang, quadrant=quadrant, p=r.p_sim) + "."


def neighbour_lines(readings: tuple[NeighbourReading, ...], lang: str, label: Any) -> list[str]:
    """:func:`neighbour_sentence` of each reading; ``label(industry id, lang)`` names the industry."""
    return [neighbour_sentence(r, lang, label(r.industry, lang)) for r in readings]


# ---------------------------------------------------------------------------------------------------------
# the Change tab
# ---------------------------------------------------------------------------------------------------------
def difference_sentence(r: DifferenceReading, lang: str, names: Mapping[str, str]) -> str:
    """How many units rose and fell, where most, and whether the change clusters (``names``: code → name)."""
    unit = "%p" if r.how == "share" else ""
    parts = [t("rd_diff_head", lang, before=r.before, after=r.after, up=r.n_up, down=r.n_down)]
    if r.gains and r.losses:
        (gc, gv), (lc, lv) = r.gains[0], r.losses[0]
        parts.append(t("rd_diff_extremes", lang, gain=names.get(gc, gc), gv=gv, loss=names.get(lc, lc), lv=lv,
                       unit=unit))
    if r.moran is not None:
        parts.append(moran_sentence(r.moran, lang))
    return " ".join(parts)


def _keys() -> Any:
    from lang import STRINGS

    return STRINGS
