"""Which rows of a table are which regions (through :mod:`geo.codes` only).

* :func:`find_region_column` — every column of the first rows is tried with :func:`geo.codes.resolve_many`
  (exact and normalised hits only: codes of MOIS 2/5/8/10 digits and KOSTAT sido codes; names full, short,
  former, spaced, parent-prefixed); the column that resolves the most distinct regions wins. A column of sido
  names to its left gives the parent of a si-gun-gu column (KOSIS ``행정구역별(1)``/``(2)``). The body starts at
  the first region or total row.
* :func:`match_rows` — every body row resolved, the level chosen (the finest with enough rows), each unit
  resolved inside its parent sido (the parent column, or in a single indented column the last sido row above);
  a unit only found outside its parent is unmatched, never guessed. Totals (전국/계/합계, 수도권, 소계), sido rows
  of a si-gun-gu table and general cities above their gu are aggregates.
* :func:`row_roles` — which body rows are data, another level, notes or footnotes.
* :func:`suggestions` — nearest names for the unmatched, bounded in count and time (:class:`ingest.work.Work`).
"""

from __future__ import annotations

import functools
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.notes import Note
from ingest.errors import ImportFileError
from ingest.layout import YEAR_CELL, Layout, header_text
from ingest.numbers import map_unique, numeric_share
from ingest.work import Work

__all__ = ["RESOLVED", "RegionColumn", "RowMatch", "RowRoles", "find_region_column", "match_rows", "row_roles",
           "suggestions"]

RESOLVED = ("matched", "former")
"""Statuses of a row assigned to one bundled unit."""

_FOOTNOTE = re.compile(
    r"^\s*(?:(?:주|주석|註|자료|출처|비고|참고|note|notes|source|sources|remarks?)\s*\d*\s*[:：)]"
    r"|[※*†‡#]|\(?\d{1,2}\)\s|[a-z]\)\s|\[\d{1,2}\])", re.IGNORECASE)


@dataclass(frozen=True)
class RegionColumn:
    """The column that names the regions, and where the table's body starts.

    Attributes
    ----------
    col : int
        The region column.
    res : pandas.DataFrame
        How the column's region-like cells in the first 2,000 rows resolved (:func:`geo.codes.resolve_many`).
    sido_col : int or None
        A column of parent sido to its left.
    regional : pandas.Series
        Per grid row: the region column's cell looks like a region (a name, or a 2/5/8/10-digit code).
    aggregate : pandas.Series
        Per grid row: the total/subtotal kind of the region column's label (``national``, ``capital_region``
        ...), or None.
    start : int
        Position of the first body row (the first region or total row).
    """

    col: int
    res: pd.DataFrame
    sido_col: int | None
    regional: pd.Series
    aggregate: pd.Series
    start: int


@dataclass(frozen=True)
class RowMatch:
    """Every body row resolved inside its parent.

    Attributes
    ----------
    res : pandas.DataFrame
        ``query, code, level, name_ko, status, candidates, reason`` per body row.
    level : str
        The table's level (the caller's, or the finest with enough rows).
    sido_ctx : pandas.Series
        Per body row: the parent sido code (or None).
    aggregate : pandas.Series
        Per body row: the total/subtotal kind of its label, or None.
    parent_rows : frozenset
        Rows of general cities listed above their gu (aggregates of a si-gun-gu table).
    is_aggregate : pandas.Series
        Per body row: a total, subtotal, sido row of a finer table or parent city.
    """

    res: pd.DataFrame
    level: str
    sido_ctx: pd.Series
    aggregate: pd.Series
    parent_rows: frozenset
    is_aggregate: pd.Series


@dataclass(frozen=True)
class RowRoles:
    """What each body row is, once the value columns are known.

    Attributes
    ----------
    has_values : pandas.Series
        Some value cell of the row is filled.
    keep : pandas.Series
        Neither an aggregate nor a note/footnote row.
    is_data : pandas.Series
        Kept and resolved at the table's level.
    other : pandas.Series
        Kept and resolved at another level.
    notes : tuple
        Rows skipped, said once.
    """

    has_values: pd.Series
    keep: pd.Series
    is_data: pd.Series
    other: pd.Series
    notes: tuple


def is_footnote(text: str) -> bool:
    """A KOSIS/ministry footnote line below a table: '주: 1) …', '자료: 통계청', '※ …', '1) …', 'Source: …'."""
    return bool(_FOOTNOTE.match(text))


def looks_regional(text: str) -> bool:
    """A cell that may name a region: any letter, or a 2/5/8/10-digit code."""
    s = str(text).strip().lstrip("'")
    if not s:
        return False
    if s.replace(".0", "").isdigit():
        return len(s.replace(".0", "")) in (2, 5, 8, 10)
    return any(ch.isalpha() for ch in s)


def regional(cells: pd.Series, check: Callable[[], None] | None = None) -> pd.Series:
    """:func:`looks_regional` of a column of (stripped) text cells: cells of ASCII digits by their length, the
    other distinct texts one by one (``check``: a budget, see :func:`ingest.numbers.map_unique`)."""
    digits = cells.str.fullmatch(r"[0-9]+").to_numpy(dtype=bool, na_value=False)
    out = np.zeros(len(cells), dtype=bool)
    if digits.any():
        out[digits] = cells[digits].str.len().isin((2, 5, 8, 10)).to_numpy()
    if not digits.all():
        out[~digits] = map_unique(cells[~digits], looks_regional, check).astype(bool).to_numpy()
    return pd.Series(out, index=cells.index)


def code_index(index: object | None):
    """The code index to resolve with (the bundled one by default)."""
    from geo import codes

    try:
        return index if index is not None else codes.default_index()
    except codes.BoundariesNotBuiltError as exc:  # an installation problem, not the user's file
        raise ImportFileError(Note("boundaries_needed", "Region matching needs the bundled boundaries: {problem}",
                                   problem=str(exc))) from None


def resolve(values: pd.Series, level: str | None, sido: str | None, index: object | None,
            check: Callable[[], None] | None = None) -> pd.DataFrame:
    """Exact/normalised matching only: no fuzzy search here (see :func:`suggestions`); ``check``: a budget."""
    from geo import codes

    return codes.resolve_many(values, level=level, sido=sido, index=code_index(index), suggest=False,
                              check=check)


def suggestions(queries: list[tuple[str, str | None]], level: str | None, index: object | None, limit: int,
                seconds: float) -> tuple[dict, int]:
    """Nearest names of distinct ``(text, sido context)`` pairs, at most ``limit`` of them within ``seconds``.

    Returns ``({(text, sido): candidates}, number of pairs left without suggestions)``.
    """
    idx = code_index(index)
    out: dict[tuple[str, str | None], tuple] = {}
    deadline = time.monotonic() + seconds
    todo = list(dict.fromkeys(q for q in queries if q[0]))
    for i, (text, sido) in enumerate(todo):
        if i >= limit or time.monotonic() > deadline:
            return out, len(todo) - i
        try:
            out[(text, sido)] = idx.suggest(text, level=level, sido=sido).candidates
        except ValueError:
            out[(text, sido)] = ()
    return out, 0


@functools.lru_cache(maxsize=4096)
def aggregate_kind(text: str) -> str | None:
    """The total/subtotal kind of a label (:func:`geo.codes.aggregate_kind`), cached."""
    from geo import codes

    return codes.aggregate_kind(text)


def cands_text(cands: tuple) -> str:
    """Candidates as ``name (code); …``."""
    return "; ".join(f"{c.name_ko} ({c.code})" if c.code else c.name_ko for c in cands)


def ctx_code(v: object) -> str | None:
    """A parent code, or None for a missing one."""
    return None if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else str(v)


def _score(res: pd.DataFrame, filled: int) -> tuple[bool, int, bool, int]:
    """(most filled cells are regions, distinct regions, not all sido, region rows): a value column whose small
    numbers happen to be sido codes (11, 26 ...) or a free-text column with a few place names loses to the real
    one; on a tie a column of finer units beats its parent (Province) column."""
    ok = res[res["status"].isin(RESOLVED + ("merged", "split", "ambiguous"))]
    return (len(ok) >= 0.5 * filled, ok["code"].nunique() + ok.loc[ok["code"].isna(), "query"].nunique(),
            bool(ok["level"].ne("sido").any()), len(ok))


def _best_column(cells: pd.DataFrame, level: str | None, index: object | None, work: Work
                 ) -> tuple[int, pd.DataFrame, int | None]:
    """(region column, its sample's resolution, parent sido column or None)."""
    sample = cells.iloc[:2000]
    tried: list[tuple[int, pd.Series, int]] = []  # (column, region-like cells, filled cells)
    for col in cells.columns:
        work.check()
        colcells = sample[col]
        if any(YEAR_CELL.match(c) for c in colcells.iloc[:8]) and numeric_share(colcells.iloc[8:]) > 0.5:
            continue  # a year-headed value column
        mask = regional(colcells)
        if mask.sum() == 0:
            continue
        tried.append((col, mask, int(colcells.ne("").sum())))

    def scored_of(col: int, mask: pd.Series, filled: int) -> tuple[tuple, int, pd.DataFrame]:
        res = resolve(sample[col][mask], level, None, index, work.check)
        return _score(res, filled), col, res

    # A column scores "most filled cells are regions" only if most of its cells look like regions: resolve those
    # first. When one of them does, no other column can win, and only those to the left of the winner can be its
    # parent column: the value columns to the right are never resolved (a long table's numbers that look like
    # 5-digit codes would cost a resolution each).
    likely = [t for t in tried if t[1].sum() >= 0.5 * t[2]]
    scored = [scored_of(*t) for t in likely]
    top = max(scored, key=lambda t: (t[0], -t[1]), default=None)
    rest = [t for t in tried if t[1].sum() < 0.5 * t[2]]
    if top is not None and top[0][0]:
        rest = [t for t in rest if t[0] < top[1]]
    scored += [scored_of(*t) for t in rest]
    scored.sort(key=lambda t: (t[0], -t[1]), reverse=True)
    if not scored or scored[0][0][3] == 0:
        _refuse_columns(cells, scored, level, index, work)
    best_col = scored[0][1]
    sido_col = None
    for _, col, res in scored[1:]:
        if level not in (None, "sido") and col < best_col:  # a parent column is read at sido level
            res = resolve(sample[col][regional(sample[col])], "sido", None, index, work.check)
        ok = res[res["status"].isin(RESOLVED)]
        if col < best_col and len(ok) and ok["level"].eq("sido").mean() > 0.9:
            best_ok = scored[0][2]
            best_ok = best_ok[best_ok["status"].isin(RESOLVED)]
            if len(best_ok) and best_ok["level"].ne("sido").mean() > 0.5:
                sido_col = col
                break
    return best_col, scored[0][2], sido_col


def _refuse_columns(cells: pd.DataFrame, scored: list, level: str | None, index: object | None, work: Work) -> None:
    """No column resolved a single region: say why, naming the likeliest column."""
    texty = [(int(sum(any(ch.isalpha() for ch in v) for v in r["query"])), c, r) for _s, c, r in scored]
    texty.sort(key=lambda t: (t[0], -t[1]), reverse=True)
    if texty and texty[0][0] >= 2:
        n, c, r = texty[0]
        firsts = [q for q in dict.fromkeys(r["query"]) if any(ch.isalpha() for ch in str(q))][:3]
        near, _left = suggestions([(str(q), None) for q in firsts], level, index, 3, work.suggest_seconds)
        sugg = "; ".join(f"{q!r} → {cands_text(near.get((str(q), None), ()))}" for q in firsts
                         if near.get((str(q), None)))[:300]
        nearest = Note("nearest_names", "; nearest: {names}", names=sugg) if sugg else ""
        raise ImportFileError(Note(
            "no_column_matched", "None of the regions in column {column} ({head}) matched a bundled sido, "
            "sigungu or eup-myeon-dong ({n} names tried{nearest}). Use Korean names (서울특별시, 수원시 장안구) or "
            "MOIS codes, or choose another encoding if the text looks garbled.", column=c + 1,
            head=repr(" / ".join(x for x in cells[c].iloc[:3] if x)[:60]), n=n, nearest=nearest))
    for _s, c, r in scored:
        digits = r[r["query"].astype(str).str.fullmatch(r"\d+")]
        if len(digits) >= 2 and digits["reason"].str.contains("KOSTAT sigungu codes", regex=False).all():
            raise ImportFileError(Note(
                "kostat_sigungu_column", "Column {column} ({head}) holds KOSTAT (통계청) si-gun-gu codes such as "
                "11010 = 종로구. They differ from the MOIS (행정안전부) codes the map uses, and many collide "
                "(KOSTAT 11110 = 노원구, MOIS 11110 = 종로구), so they are not matched. Add a column with the "
                "region names (e.g. 종로구 or 서울특별시 종로구) or use MOIS codes.", column=c + 1,
                head=repr(" / ".join(x for x in cells[c].iloc[:3] if x)[:60])))
    firsts = ", ".join(repr(" / ".join(x for x in cells[c].iloc[:3] if x)[:40]) for c in cells.columns[:4])
    raise ImportFileError(Note(
        "no_region_column", "No column holds region codes or names (checked every column; the first ones start "
        "with {firsts}). Add a column with sido/sigungu names (e.g. 서울특별시, 수원시 장안구) or MOIS codes "
        "(11, 41111), or choose another encoding if the Korean text looks garbled.", firsts=firsts))


def find_region_column(cells: pd.DataFrame, level: str | None, index: object | None, work: Work) -> RegionColumn:
    """The region column of a grid, its parent sido column, and the first body row.

    Raises
    ------
    ImportFileError
        No column resolves a region (with the nearest names of the likeliest column), or the column holds
        KOSTAT si-gun-gu codes.
    """
    col, res0, sido_col = _best_column(cells, level, index, work)
    regional_rows = regional(cells[col], work.check)
    resolved_rows = res0.index[res0["status"].isin(RESOLVED + ("merged", "split", "ambiguous"))]
    agg_all = map_unique(cells[col], aggregate_kind, work.check)
    agg_rows = list(cells.index[agg_all.notna().to_numpy()])
    first = min([*resolved_rows, *agg_rows])
    start = cells.index.get_loc(first)
    return RegionColumn(col, res0, sido_col, regional_rows, agg_all, start)


def match_rows(cells: pd.DataFrame, rc: RegionColumn, level: str | None, index: object | None,
               work: Work) -> RowMatch:
    """Resolve every body row (from ``rc.start``) inside its parent sido, and find the aggregate rows."""
    col = rc.col
    body = cells.iloc[rc.start:]
    regional = rc.regional
    res = resolve(body[col].where(regional.loc[body.index], ""), level, None, index, work.check)
    chosen_level = level or _choose_level(res)
    sido_ctx = pd.Series(None, index=body.index, dtype=object)
    parent_column = None
    if rc.sido_col is not None:
        s_res = resolve(body[rc.sido_col].replace("", np.nan).ffill().fillna(""), "sido", None, index, work.check)
        sido_ctx = s_res["code"].where(s_res["status"].isin(RESOLVED))
        parent_column = header_text(cells, rc.sido_col, rc.start) or f"column {rc.sido_col + 1}"
    elif chosen_level != "sido":
        sido_ctx = _indent_context(body[col], res, chosen_level, index, work)
    if chosen_level != "sido":
        res = _in_parent(body[col], res, sido_ctx, chosen_level, regional.loc[body.index], index, parent_column,
                         work)
    if level is not None:
        # the user fixed the level: re-resolve names that landed elsewhere
        off = res["status"].isin(RESOLVED) & res["level"].ne(level) & res["level"].ne("sido")
        if off.any():
            again = resolve(body.loc[off, col], level, None, index, work.check)
            res.loc[off] = again

    # --- classify rows
    agg_kind = rc.aggregate.loc[body.index]
    sido_sub = res["status"].isin(RESOLVED) & res["level"].eq("sido") & (chosen_level != "sido")
    parent_codes = set()
    if chosen_level == "sigungu":
        tick = work.every(10_000)
        for r in res.index[res["status"].isin(RESOLVED)]:
            tick()
            cands = res.at[r, "candidates"]
            kids = {c.code for c in cands if getattr(c, "relation", "") == "contains"}
            if kids and kids & set(res["code"].dropna()):
                parent_codes.add(r)
    is_agg = agg_kind.notna() | sido_sub | body.index.isin(list(parent_codes))
    return RowMatch(res, chosen_level, sido_ctx, agg_kind, frozenset(parent_codes), is_agg)


def row_roles(cells: pd.DataFrame, rc: RegionColumn, rows: RowMatch, layout: Layout, work: Work) -> RowRoles:
    """Data, other-level, note and footnote rows of the body, once the value columns are known."""
    body = cells.iloc[rc.start:]
    col, res, is_agg = rc.col, rows.res, rows.is_aggregate
    regional = rc.regional.loc[body.index]
    filled = np.zeros(len(body), dtype=bool)
    for v in layout.columns:  # column by column: a row-wise any() over Arrow columns costs several times more
        filled |= body[v.col].ne("").to_numpy(dtype=bool)
    has_values = pd.Series(filled, index=body.index)
    is_note = ~regional & ~is_agg & ~res["status"].isin(RESOLVED) & ~has_values
    is_foot = (map_unique(body[col], is_footnote, work.check).astype(bool) & ~has_values
               & ~res["status"].isin(RESOLVED) & ~is_agg)
    notes: list = []
    if is_note.any():
        notes.append(Note("rows_skipped", "{n} row(s) without a region or values skipped (notes, blank labels)",
                          n=int(is_note.sum())))
    if is_foot.any():
        notes.append(Note("footnotes_skipped", "{n} footnote row(s) skipped (주:, 자료:, ※, 1) …), not regions",
                          n=int(is_foot.sum())))
        is_note = is_note | is_foot
    keep = ~is_agg & ~is_note
    status = res["status"]
    is_data = keep & status.isin(RESOLVED) & res["level"].eq(rows.level)
    other = keep & status.isin(RESOLVED) & res["level"].ne(rows.level)
    return RowRoles(has_values, keep, is_data, other, tuple(notes))


def _indent_context(names: pd.Series, res: pd.DataFrame, level: str, index: object | None, work: Work) -> pd.Series:
    """Sido context of a single region column (KOSIS indented rows): the last sido row above each row. A sido-
    level name that is also a unit of the current sido (Gwangju-si under Gyeonggi-do) does not open a new one."""
    idx = code_index(index)
    is_sido = (res["status"].isin(RESOLVED) & res["level"].eq("sido")).to_numpy()
    ctx: list[object] = [None] * len(res)
    cur = None
    codes = res["code"].to_numpy()
    texts = names.to_numpy()
    tick = work.every(10_000)
    for i in np.flatnonzero(is_sido):
        tick()
        own = codes[i]
        if cur is not None and own != cur:
            inner = idx.resolve(texts[i], level=level, sido=cur, suggest=False)
            if inner.status in RESOLVED:
                continue
        cur = own
        ctx[i] = own
    return pd.Series(ctx, index=res.index, dtype=object).ffill()


def _in_parent(names: pd.Series, res: pd.DataFrame, ctx: pd.Series, level: str, regional: pd.Series,
               index: object | None, parent_col: str | None, work: Work) -> pd.DataFrame:
    """Resolve every row inside its parent sido (``ctx``): the parent settles 중구, Gwangju-si in Gyeonggi,
    Sejong at si-gun-gu level, former names (Incheon Nam-gu) and names without suffix (Seong-dong in Seoul).
    A name that only exists outside its parent is not guessed: it becomes unmatched with the reason, unless a
    recorded change moved that unit from the parent (군위군, 경북 → 대구)."""
    rows = ctx.notna() & regional
    if not rows.any():
        return res
    idx = code_index(index)
    parts = [resolve(names[rows][grp.index], level, str(p), index, work.check)
             for p, grp in ctx[rows].groupby(ctx[rows], sort=False)]
    inner = pd.concat(parts).reindex(res.index[rows.to_numpy()])
    g = res.loc[inner.index]
    p = ctx.loc[inner.index].astype(str)
    inner_ok = inner["status"].isin(RESOLVED + ("merged", "split", "ambiguous"))
    g_ok = g["status"].isin(RESOLVED + ("merged", "split"))
    g_code = g["code"].fillna("").astype(str)
    own_sido = g_ok & g["level"].eq("sido") & g_code.eq(p)
    # a sido row in its own context stays a subtotal unless its only unit is named nowhere else (Sejong/Sejong)
    other_codes = inner.loc[inner_ok & ~own_sido, "code"].dropna()
    lone = own_sido & inner["status"].isin(RESOLVED) & ~inner["code"].isin(set(other_codes))
    take = (inner_ok & ~own_sido) | lone
    out = res.copy()
    out.loc[take[take].index] = inner.loc[take]
    inside = pd.Series([c.startswith(q) for c, q in zip(g_code, p, strict=True)], index=g.index)
    conflict = ~take & g_ok & ~own_sido & ~inside
    tick = work.every(1_000)
    for r in conflict[conflict].index:
        tick()
        code, lv, name_ko = g.at[r, "code"], g.at[r, "level"], g.at[r, "name_ko"]
        where = (Note("parent_column", "sido {sido} (column {column})", sido=p.at[r], column=repr(parent_col))
                 if parent_col else Note("parent_row_above", "sido {sido} (the sido row above)", sido=p.at[r]))
        moved = idx.moved_from(code, p.at[r]) if lv == "sigungu" else None
        if moved:
            out.loc[r, "status"] = "former"
            out.at[r, "reason"] = Note("moved_here", "{text} under {where} is {name} ({code}), which belonged there "
                                       "before [{moved}].", text=repr(names.at[r]), where=where, name=name_ko,
                                       code=code, moved=moved)
            continue
        out.loc[r, ["code", "name_ko", "status"]] = [None, None, "unmatched"]
        out.at[r, "reason"] = Note("outside_parent", "{text} is {name} ({code}), which is not in {where}; not guessed.",
                                   text=repr(names.at[r]), name=name_ko, code=code, where=where)
        out.at[r, "candidates"] = (_candidate(code, name_ko, lv),)
    return out


def _candidate(code: str, name_ko: str, level: str):
    from geo.codes import Candidate

    return Candidate(code, name_ko or "", level, "outside parent")


def _choose_level(res: pd.DataFrame) -> str:
    ok = res[res["status"].isin(RESOLVED + ("merged", "split"))]
    counts = ok["level"].value_counts()
    if counts.empty:
        amb = res.loc[res["status"].eq("ambiguous"), "level"].value_counts()
        return str(amb.index[0]) if len(amb) else "sido"
    order = {"sido": 0, "sigungu": 1, "emd": 2}
    top = counts.max()
    # the finest level with at least half as many rows as the commonest (a sigungu table has sido subtotals)
    return max((lv for lv, n in counts.items() if n >= top / 2 or n >= 3), key=lambda lv: order.get(lv, 0))
