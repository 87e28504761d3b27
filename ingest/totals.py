"""Totals and subtotals of a table, checked against the sum of the regions they cover.

A national row (전국/계/합계) sums every matched unit; a capital-region row (수도권/비수도권) the units of the sido
flagged ``capital_region`` in ``data/region_groups.csv`` as it is now (:func:`geo.boundaries.capital_sido_codes`,
or the others); a subtotal (소계) or a sido row of a
finer table the units of its sido; a general city listed above its gu those gu. A sum within the rounding of
the printed figures (or 0.1 %) is ``ok``; a sum with a missing unit is ``incomplete``; an intensive indicator's
rows are ``skipped`` (a sum of rates means nothing).
"""

from __future__ import annotations

import functools
import math
import re

import numpy as np
import pandas as pd

from geo.boundaries import capital_sido_codes
from ingest.matching import RowMatch
from ingest.numbers import norm
from ingest.values import Records
from ingest.work import Work

__all__ = ["cross_check"]

_KINDS: frozenset[str] = frozenset({"national", "total", "capital_region", "non_capital_region", "subtotal",
                                    "sido_subtotal"})
"""Aggregate kinds whose sum is checked (besides ``parent_city``): see :func:`_member_mask` for what each sums."""


def cross_check(records: Records, aggregates: pd.DataFrame, rows: RowMatch, kept: pd.DataFrame,
                nature: str | None, work: Work) -> pd.DataFrame:
    """Each total/subtotal row against the sum of its matched regions.

    Parameters
    ----------
    records : Records
        Every value record: the aggregate rows' figures and their text.
    aggregates : pandas.DataFrame
        ``row, input, kind`` of the match report.
    rows : RowMatch
        The body rows' resolution and parents.
    kept : pandas.DataFrame
        The matched records with their ``code`` (:attr:`ingest.values.Tidy.kept`).
    nature : {"extensive", "intensive"} or None
    work : Work
        The import's budget (checked for every 100 aggregate rows).

    Returns
    -------
    pandas.DataFrame
        ``row, total, indicator, year, reported, computed, difference, regions, status``.
    """
    res, sido_ctx, parent_rows = rows.res, rows.sido_ctx, rows.parent_rows
    cols = ["row", "total", "indicator", "year", "reported", "computed", "difference", "regions", "status"]
    out = []
    kinds_known = _KINDS | {"parent_city"}
    if aggregates.empty:
        return pd.DataFrame(out, columns=cols)
    parts = dict(tuple(kept.groupby(["indicator", "year"], sort=False)))
    empty = kept.iloc[:0]
    is_agg = rows.is_aggregate.to_numpy()[records.frame["pos"].to_numpy()]
    agg_rec = dict(tuple(records.with_text(is_agg).groupby("row", sort=False)))
    tick = work.every(100)
    for a in aggregates.itertuples():
        tick()
        kind = a.kind
        if kind not in kinds_known:
            kind = {"nation": "national"}.get(kind, kind)
        if a.row in parent_rows:
            kind = "parent_city"
            kids = {c.code for c in res.at[a.row, "candidates"] if c.relation == "contains"}
            member = functools.partial(_member_mask, "parent_city", None, frozenset(kids))
        elif kind == "sido_subtotal":
            member = functools.partial(_member_mask, "sido_subtotal", res.at[a.row, "code"], frozenset())
        elif kind in _KINDS:
            ctx = sido_ctx.get(a.row) if kind in ("subtotal", "total") else None
            ctx = None if (ctx is None or (isinstance(ctx, float) and math.isnan(ctx))) else str(ctx)
            if kind == "subtotal" and ctx is None:
                continue
            member = functools.partial(_member_mask, kind, ctx, frozenset())
        else:
            continue
        own = agg_rec.get(a.row)
        if own is None:
            continue
        for (ind, yr), grp in own.groupby(["indicator", "year"], sort=False):
            reported = grp["value"].iloc[0]
            if math.isnan(reported):
                continue
            part = parts.get((ind, yr), empty)
            part = part[member(part["code"])]
            n = len(part)
            if nature == "intensive":
                status, computed = "skipped", math.nan
            elif n == 0:
                continue
            elif part["value"].isna().any():
                status, computed = "incomplete", float(part["value"].sum())
            else:
                computed = float(part["value"].sum())
                tol = max(abs(reported) * 1e-3, 0.5 * n * _resolution(grp["input"].iloc[0]))
                status = "ok" if abs(computed - reported) <= tol else "differs"
            out.append((a.row, a.input, ind, int(yr), float(reported), computed,
                        computed - reported if math.isfinite(computed) else math.nan, n, status))
    return pd.DataFrame(out, columns=cols)


def _member_mask(kind: str, ctx: str | None, kids: frozenset, codes: pd.Series) -> np.ndarray:
    """Which matched codes an aggregate row sums, for a whole column of codes at once: a national row (or a total
    without a parent) every unit, a capital-region row the capital's (or the other) units, a parent city its
    ``kids``, a subtotal or sido row the units whose code starts with its sido's (``ctx``)."""
    codes = codes.astype(str)
    if kind == "parent_city":
        return codes.isin(kids).to_numpy()
    if kind == "national" or (kind == "total" and ctx is None):
        return np.ones(len(codes), dtype=bool)
    if kind in ("capital_region", "non_capital_region"):
        cap = codes.str[:2].isin(capital_sido_codes()).to_numpy()
        return cap if kind == "capital_region" else ~cap
    if ctx is None:
        return np.zeros(len(codes), dtype=bool)
    return codes.str.startswith(ctx).to_numpy(dtype=bool)


def _resolution(text: str) -> float:
    """Rounding unit of a printed number (``12.3`` → 0.1, ``1,234`` → 1)."""
    s = norm(text)
    if "." in s:
        decimals = len(re.sub(r"\D", "", s.split(".", 1)[1]))
        return 10.0 ** -decimals
    return 1.0
