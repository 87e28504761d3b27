"""A region's rank among the regions with published data, said with both denominators.

A rank over the published values alone ("2위/3") reads as if there were three regions; the level has 17 (or
229/250). :class:`Rank` keeps the rank, the number of regions ranked (published values) and the number of
units of the level, and :meth:`Rank.text` says "2위 / 3 (17개 중 3개 공표)" / "#2 of 3 published (of 17)" when
some are missing.

Examples
--------
>>> import pandas as pd

from lang.numbers import rank_text
>>> r = rank_in(pd.Series({"11": 5.0, "26": 9.0, "27": None}), "11", units=17)
>>> r.text("en"), r.text("ko")
('#2 of 2 published (of 17)', '2위 / 2 (17개 중 2개 공표)')
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lang.numbers import rank_text

__all__ = ["Rank", "rank_in"]


@dataclass(frozen=True)
class Rank:
    """Rank of one region (1 = largest value).

    Attributes
    ----------
    rank : int
        Position among the published values (ties share the best position).
    published : int
        Regions with a value.
    units : int
        Regions of the level (the denominator a reader expects).
    """

    rank: int
    published: int
    units: int

    def text(self, lang: str = "ko") -> str:
        """The rank with its denominators, in Korean or English (:func:`lang.numbers.rank_text`)."""
        return rank_text(self.rank, self.published, self.units, lang)


def rank_in(values: pd.Series, code: str, units: int) -> Rank | None:
    """Rank of ``code`` by ``values`` (descending; ties share the best position), or None without a value.

    Parameters
    ----------
    values : pandas.Series
        One value per region code; NaN = not published.
    code : str
        The region ranked.
    units : int
        Number of regions of the level; never below the number of published values.
    """
    published = values.dropna()
    if code not in published.index:
        return None
    rank = int(published.rank(ascending=False, method="min")[code])
    return Rank(rank, len(published), max(int(units), len(published)))
