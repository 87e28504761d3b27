"""The match report of an import: which rows matched which unit, and which did not and why.

:func:`build_report` sorts the body rows into matched (a bundled unit, possibly by a former name), ambiguous,
unmatched (with nearest-name suggestions for the region column's distinct unmatched names, bounded in count and
time), changed (merged or split since), aggregates (totals and subtotals, checked against sums later) and rows of
another level. A table with no matched row is refused.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.notes import Note
from ingest.errors import ImportFileError
from ingest.matching import RESOLVED, RegionColumn, RowMatch, RowRoles, cands_text, ctx_code, suggestions
from ingest.work import Work

__all__ = ["MatchReport", "build_report"]


@dataclass(frozen=True)
class MatchReport:
    """How the region column of a file matched the bundled vintage.

    Attributes
    ----------
    column : str
        Header (or letter) of the region column.
    level : str
        Level of the matched regions (``sido``, ``sigungu`` or ``emd``).
    matched : pandas.DataFrame
        ``row, input, code, name_ko, status, reason``: rows assigned to one bundled unit (``status`` is
        ``matched`` or ``former`` — a former name or code of that same unit, e.g. 강원도/42 → 51).
    ambiguous : pandas.DataFrame
        ``row, input, candidates``: names shared by several units (e.g. 중구); not imported.
    unmatched : pandas.DataFrame
        ``row, input, suggestions, reason``: not found; nearest names suggested. Not imported.
    changed : pandas.DataFrame
        ``row, input, status, candidates, reason``: regions that later merged into or split across bundled
        units (``merged``/``split``); their figures describe another territory and are not imported.
    duplicates : pandas.DataFrame
        ``code, name_ko, rows, inputs``: several rows for one region with identical figures (kept once).
    aggregates : pandas.DataFrame
        ``row, input, kind``: total and subtotal rows recognised and dropped (used in the cross-checks).
    other_level : pandas.DataFrame
        ``row, input, code, level``: regions of another level than the table's (not imported).
    """

    column: str
    level: str
    matched: pd.DataFrame
    ambiguous: pd.DataFrame
    unmatched: pd.DataFrame
    changed: pd.DataFrame
    duplicates: pd.DataFrame
    aggregates: pd.DataFrame
    other_level: pd.DataFrame

    def summary(self) -> dict[str, int]:
        """Number of rows in each category."""
        return {
            "matched": int((self.matched["status"] == "matched").sum()),
            "former": int((self.matched["status"] == "former").sum()),
            "ambiguous": len(self.ambiguous),
            "unmatched": len(self.unmatched),
            "changed": len(self.changed),
            "duplicates": len(self.duplicates),
            "aggregates": len(self.aggregates),
            "other_level": len(self.other_level),
        }

    def to_dict(self) -> dict:
        """Plain JSON-ready dict (records per category)."""
        def rec(df: pd.DataFrame) -> list[dict]:
            return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                    for r in df.astype(object).to_dict("records")]

        return {
            "column": self.column,
            "level": self.level,
            "summary": self.summary(),
            **{name: rec(getattr(self, name)) for name in
               ("matched", "ambiguous", "unmatched", "changed", "duplicates", "aggregates", "other_level")},
        }


def _former_in_year(reason: str, year: int) -> str:
    """Say when the table's year predates the change that retired a former name (Incheon Nam-gu in 2014)."""
    dates = [int(d) for d in re.findall(r"\b((?:19|20)\d{2})-\d{2}-\d{2}", reason)]
    if dates and year < min(dates):
        return Note("former_in_use", "{reason} In {year}, the table's year, this was the name in use.",
                    reason=reason, year=year)
    if dates:
        return Note("former_outdated", "{reason} The table's year {year} is after the change: the file uses an "
                    "outdated name.", reason=reason, year=year)
    return reason


def build_report(cells: pd.DataFrame, rc: RegionColumn, rows: RowMatch, roles: RowRoles, years: np.ndarray,
                 column_name: str, name: str, index: object | None, work: Work) -> tuple[MatchReport, tuple]:
    """The match report of the body rows (``duplicates`` left empty: :func:`ingest.values.tidy` finds them).

    ``years`` are the distinct years of the table's records (a single year dates the former names). Returns the
    report and its notes (suggestions skipped for the time/count budget).

    Raises
    ------
    ImportFileError
        No row matched a unit of the table's level (the nearest names of the first unmatched are given).
    """
    body = cells.iloc[rc.start:]
    col, res, regional = rc.col, rows.res, rc.regional.loc[body.index]
    keep, status = roles.keep, res["status"]
    notes: list = []

    def rows_of(mask: pd.Series) -> pd.Index:
        return body.index[mask.to_numpy()]

    r_matched = rows_of(roles.is_data)
    pos = res.index.get_indexer(r_matched)
    matched = pd.DataFrame({"row": np.asarray(r_matched)})
    matched["input"] = pd.Series(body[col].to_numpy()[pos], dtype=object)
    for f in ("code", "name_ko", "status", "reason"):  # object columns: no text conversion of 500,000 cells
        matched[f] = pd.Series(res[f].to_numpy()[pos], dtype=object)
    if len(years) == 1 and (matched["status"] == "former").any():
        y = int(years[0])
        matched["reason"] = pd.Series([_former_in_year(t, y) if st == "former" else t  # Notes kept
                                       for t, st in zip(matched["reason"], matched["status"], strict=True)],
                                      index=matched.index, dtype=object)
    r_amb = rows_of(keep & status.eq("ambiguous"))
    ambiguous = pd.DataFrame({"row": r_amb, "input": body.loc[r_amb, col].to_numpy(),
                              "candidates": [cands_text(c) for c in res.loc[r_amb, "candidates"]]})
    r_un = rows_of(keep & status.eq("unmatched") & regional)
    r_un = r_un.union(rows_of(keep & ~regional & ~status.isin(RESOLVED) & roles.has_values))
    # fuzzy suggestions: only the chosen column, only its unmatched distinct names, bounded in count and time
    un_keys = [(str(body.at[r, col]), ctx_code(rows.sido_ctx.get(r))) for r in r_un]
    known = [res.at[r, "candidates"] or () for r in r_un]  # e.g. the unit outside its parent, nearest codes
    work.tell("suggesting", 0.7)
    near, left = suggestions([k for k, c in zip(un_keys, known, strict=True) if not c], rows.level, index,
                             work.suggested, work.suggest_seconds)
    if left:
        notes.append(Note("suggestions_skipped",
                          "nearest-name suggestions skipped for {n} unmatched name(s) (time/count budget)", n=left))
    unmatched = pd.DataFrame({"row": r_un, "input": body.loc[r_un, col].to_numpy(),
                              "suggestions": [cands_text(c or near.get(k, ()))
                                              for k, c in zip(un_keys, known, strict=True)],
                              "reason": pd.Series(res.loc[r_un, "reason"].to_numpy(), dtype=object)})  # Notes kept
    r_ch = rows_of(keep & status.isin(("merged", "split")))
    changed = pd.DataFrame({"row": r_ch, "input": body.loc[r_ch, col].to_numpy(),
                            "status": res.loc[r_ch, "status"].to_numpy(),
                            "candidates": [cands_text(c) for c in res.loc[r_ch, "candidates"]],
                            "reason": pd.Series(res.loc[r_ch, "reason"].to_numpy(), dtype=object)})
    r_ag = rows_of(rows.is_aggregate)
    agg_kind = rows.aggregate
    aggregates = pd.DataFrame({"row": r_ag, "input": body.loc[r_ag, col].to_numpy(),
                               "kind": [agg_kind.at[r] or ("parent_city" if r in rows.parent_rows
                                                           else "sido_subtotal")
                                        for r in r_ag]})
    r_ot = rows_of(roles.other)
    other_level = pd.DataFrame({"row": r_ot, "input": body.loc[r_ot, col].to_numpy(),
                                "code": res.loc[r_ot, "code"].to_numpy(), "level": res.loc[r_ot, "level"].to_numpy()})

    if matched.empty:
        sugg = "; ".join(f"{u.input!r} → {u.suggestions}" for u in unmatched.head(3).itertuples() if u.suggestions)
        nearest = Note("nearest_names", "; nearest: {names}", names=sugg) if sugg else ""
        raise ImportFileError(Note(
            "none_matched", "None of the regions in column {column} of {name} matched the bundled {level} units "
            "({n_unmatched} unmatched, {n_ambiguous} ambiguous{nearest}). Check that the column holds Korean region "
            "names or MOIS codes, the level, and the encoding.", column=repr(column_name), name=name,
            level=rows.level, n_unmatched=len(unmatched), n_ambiguous=len(ambiguous), nearest=nearest))
    empty = pd.DataFrame([], columns=["code", "name_ko", "rows", "inputs"])
    report = MatchReport(column_name, rows.level, matched, ambiguous, unmatched, changed, empty, aggregates,
                         other_level)
    return report, tuple(notes)
