"""The figures of a table: one record per value cell, checked, then the tidy long values.

* :func:`read_values` — one record (``row, indicator, year, input, column``) per value cell of the body, built
  column-wise (years from the header or the year column, indicators from the header or the item column), its
  text parsed (:func:`ingest.numbers.clean_column`). Text, non-finite or too large figures and (unless allowed)
  negative ones in a data or total row are refused with the rows named.
* :func:`tidy` — the matched rows' records as ``code, level, year, indicator, value``: repeated rows with the same
  figures kept once (reported), with different figures refused; missing and preliminary cells listed.
* :func:`units` — each indicator's unit (the column header, the unit column, the title's unit line).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.notes import Note, joined
from ingest.errors import ImportFileError
from ingest.layout import YEAR_CELL, Layout, header_text, strip_unit
from ingest.numbers import MAX_ABS, clean_column, map_unique

__all__ = ["Records", "Tidy", "read_values", "tidy", "units"]


@dataclass(frozen=True)
class Records:
    """One record per value cell of the body.

    Attributes
    ----------
    frame : pandas.DataFrame
        ``row`` (int32), ``indicator`` (categorical), ``year`` (int16), ``input`` (the cell's text), ``column``
        (categorical header), ``value`` (float, NaN when missing), ``missing`` (reason or ""), ``prelim`` (bool),
        ``problem`` ("" or why not a number).
    relevant : pandas.Series
        Records of rows that count: data and aggregate rows (not notes).
    """

    frame: pd.DataFrame
    relevant: pd.Series


@dataclass(frozen=True)
class Tidy:
    """The figures of the matched rows.

    Attributes
    ----------
    values : pandas.DataFrame
        ``code, level, year, indicator, value`` (missing cells dropped, repeated rows kept once).
    kept : pandas.DataFrame
        The matched records (``row, indicator, year, value, code``) before missing cells are dropped — what the
        totals are checked against.
    duplicates, missing, preliminary : pandas.DataFrame
        As in :class:`ingest.importer.ImportResult` and :class:`ingest.importer.MatchReport`.
    """

    values: pd.DataFrame
    kept: pd.DataFrame
    duplicates: pd.DataFrame
    missing: pd.DataFrame
    preliminary: pd.DataFrame


def row_label(rows: list[int], limit: int = 6) -> str:
    """Row numbers for a message: the first ``limit``, and how many more."""
    s = ", ".join(str(r) for r in rows[:limit])
    return Note("rows_and_more", "{rows} and {n} more", rows=s, n=len(rows) - limit) if len(rows) > limit else s


def _cell_example(r: object) -> Note:
    """One cell shown in a refusal: its row, column header and text (``r``: a record with row, column, input)."""
    return Note("cell_example", "row {row}, {column}: {input}", row=r.row, column=repr(r.column),
                input=repr(r.input))


def _records(cells: pd.DataFrame, start: int, layout: Layout, indicator: str | None) -> pd.DataFrame:
    """``row, indicator, year, input, column`` for every value cell of the body (blank long-layout rows left out).

    Raises
    ------
    ImportFileError
        A long layout's year cell that is not a year.
    """
    body = cells.iloc[start:]
    year_col, item_col = layout.year_col, layout.item_col
    years_long = None
    if layout.kind == "long":
        ytext = body[year_col]
        years_long = map_unique(ytext, lambda t: int(m.group(1)) if (m := YEAR_CELL.match(t)) else -1)
        years_long = years_long.astype("int64")
    item_ind = None
    if item_col is not None:
        item_ind = map_unique(body[item_col], lambda t: (indicator or strip_unit(t)) if t else "")
    row_parts, year_parts, input_parts, ind_parts, col_parts = [], [], [], [], []
    labels: list[str] = []
    ind_names: list[str] = []  # indicator id -> name (codes, not 5 million strings)
    item_codes = item_uniques = None
    if item_ind is not None:
        item_codes, item_uniques = pd.factorize(item_ind.astype(object), use_na_sentinel=False)
        item_codes = item_codes.astype("int32")
    for v in layout.columns:
        label = header_text(cells, v.col, start) or f"column {v.col + 1}"
        raw = body[v.col]
        k = np.ones(len(body), dtype=bool)
        if years_long is not None:
            bad = years_long.lt(0)
            blank = bad & ytext.eq("") & raw.eq("")
            wrong = bad & ~blank
            if wrong.any():
                r = wrong.index[wrong.to_numpy()][0]
                raise ImportFileError(Note(
                    "not_a_year", "row {row}: year {text} in column {column} is not a year like 2020. Fix or remove "
                    "the row.", row=r, text=repr(ytext.at[r]), column=repr(header_text(cells, year_col, start))))
            k = ~blank.to_numpy()
        n = int(k.sum())
        row_parts.append(body.index.to_numpy().astype("int32")[k])
        year_parts.append(years_long.to_numpy().astype("int16")[k] if years_long is not None
                          else np.full(n, int(v.year), "int16"))
        input_parts.append(raw[k] if n < len(raw) else raw)
        if v.indicator not in ind_names:
            ind_names.append(v.indicator)
        own = ind_names.index(v.indicator)
        if item_codes is None:
            ind_parts.append(np.full(n, own, dtype="int32"))
        else:  # the item column names the indicator of each row; an empty item keeps the column's
            ids = np.array([ind_names.index(u) if u in ind_names else (ind_names.append(u) or len(ind_names) - 1)
                            if u else own for u in item_uniques], dtype="int32")
            ind_parts.append(ids[item_codes][k])
        labels.append(label)
        col_parts.append(np.full(n, len(labels) - 1, dtype="int32"))
    if not row_parts:
        return pd.DataFrame({"row": pd.Series(dtype="int64"), "indicator": pd.Series(dtype=object),
                             "year": pd.Series(dtype="int64"), "input": pd.Series(dtype="str"),
                             "column": pd.Series(dtype=object)})
    ind_all = np.concatenate(ind_parts)
    used = np.unique(ind_all)
    remap = np.full(len(ind_names), -1, dtype="int32")
    remap[used] = np.arange(len(used), dtype="int32")
    label_cat = pd.Categorical(labels)
    return pd.DataFrame({
        "row": np.concatenate(row_parts),
        "indicator": pd.Categorical.from_codes(remap[ind_all],
                                               categories=pd.Index([ind_names[i] for i in used], dtype=object)),
        "year": np.concatenate(year_parts),
        "input": pd.concat(input_parts, ignore_index=True).astype("str"),
        "column": pd.Categorical.from_codes(label_cat.codes[np.concatenate(col_parts)],
                                            categories=label_cat.categories),
    })


def read_values(cells: pd.DataFrame, start: int, layout: Layout, indicator: str | None, counted: pd.Series,
                allow_negative: bool) -> Records:
    """Every value cell of the body (from position ``start``) as a parsed record, checked.

    ``counted`` marks the body rows whose cells must be figures (data and aggregate rows).

    Raises
    ------
    ImportFileError
        A year that is not one; text, a non-finite number or one beyond :data:`~ingest.numbers.MAX_ABS` in a
        counted row; a negative number unless ``allow_negative``.
    """
    rec = _records(cells, start, layout, indicator)
    cleaned = clean_column(rec["input"])
    for c in ("value", "missing", "prelim", "problem"):
        rec[c] = cleaned[c].to_numpy() if c in ("value", "prelim") else cleaned[c].array
    del cleaned
    col_prelim = {(header_text(cells, v.col, start) or f"column {v.col + 1}") for v in layout.columns
                  if v.preliminary}
    rec["prelim"] |= rec["column"].isin(col_prelim)
    body = cells.iloc[start:]
    relevant = rec["row"].isin(body.index[counted])
    for prob, what, fix in (
        ("text", "text where a number is expected", "replace it with a number or a KOSIS marker ('-', 'X', '…')"),
        ("nonfinite", "a non-finite number (NaN/inf)", "replace it with a number or leave the cell empty"),
        ("overflow", f"a number beyond ±{MAX_ABS:.0e} (an error or a wrong unit)",
         "check the cells and give the figures in a unit that keeps them below that"),
    ):
        bad = rec[relevant & rec["problem"].eq(prob)]
        if len(bad):
            ex = joined([_cell_example(r) for r in bad.head(3).itertuples()], "; ")
            raise ImportFileError(Note(
                f"bad_cells_{prob}", "{n} cell(s) hold {what} (rows {rows}; e.g. {examples}). Fix: {fix}.",
                n=len(bad), what=what, rows=row_label(sorted(set(bad["row"]))), examples=ex, fix=fix,
                most=f"{MAX_ABS:.0e}"))
    if not allow_negative:
        neg = rec[relevant & (rec["value"] < 0)]
        if len(neg):
            ex = joined([_cell_example(r) for r in neg.head(3).itertuples()], "; ")
            raise ImportFileError(Note(
                "negative_values", "{n} negative number(s) in rows {rows} (e.g. {examples}). Amounts and counts "
                "cannot be negative: fix the cells, or allow negative values if the indicator is a change or "
                "balance.", n=len(neg), rows=row_label(sorted(set(neg["row"]))), examples=ex))
    return Records(rec, relevant)


def tidy(records: Records, res: pd.DataFrame, matched_rows: pd.Series, body: pd.DataFrame, col: int, level: str,
         name: str) -> Tidy:
    """The matched rows' figures in the long format, repeated rows kept once.

    Parameters
    ----------
    records : Records
    res : pandas.DataFrame
        The body rows' resolution (``code``, ``name_ko`` per row).
    matched_rows : pandas.Series
        Rows (numbers) matched at the table's level (``MatchReport.matched["row"]``).
    body : pandas.DataFrame
        The body's cells (for the names of repeated rows); ``col`` its region column.
    level, name : str
        The table's level; the file's name (messages).

    Raises
    ------
    ImportFileError
        One region, year and indicator with different figures in two rows; no figure at all.
    """
    rec, relevant = records.frame, records.relevant
    code_of = res["code"]
    in_data = rec["row"].isin(matched_rows).to_numpy()
    narrow = rec[["row", "indicator", "year", "value"]]  # no copy (copy-on-write); the text stays in rec
    data_rec = narrow.copy(deep=False) if in_data.all() else narrow[in_data]
    code_ids, code_uniques = pd.factorize(code_of.astype(object))  # ids per body row; -1 where unresolved
    data_rec["code"] = pd.Categorical.from_codes(code_ids[code_of.index.get_indexer(data_rec["row"])],
                                                 categories=pd.Index(code_uniques, dtype=object))
    dup_key = ["code", "year", "indicator"]
    # one int64 key per record (code id, year, indicator id): a single hash table instead of three factorizations
    n_ind = max(len(data_rec["indicator"].cat.categories), 1)
    key = ((data_rec["code"].cat.codes.to_numpy().astype("int64") * 65_536
            + data_rec["year"].to_numpy().astype("int64")) * n_ind
           + data_rec["indicator"].cat.codes.to_numpy().astype("int64"))
    ordered = np.sort(key)  # sort-based: a hash table of 5 million keys is several times slower
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    is_dup = np.isin(key, repeated) if len(repeated) else np.zeros(len(key), dtype=bool)
    del key, ordered
    dups = data_rec[is_dup]
    duplicates = pd.DataFrame([], columns=["code", "name_ko", "rows", "inputs"])
    if len(dups):
        conflict = dups.groupby(dup_key, sort=False)["value"].agg(lambda s: s.fillna(-np.inf).nunique() > 1)
        if conflict.any():
            code, yr, ind = conflict[conflict].index[0]
            rows = sorted(set(dups.loc[(dups["code"] == code), "row"]))
            names = sorted(set(body.loc[rows, col]))
            raise ImportFileError(Note(
                "conflicting_rows", "Region {region} ({code}) appears in rows {rows} (as {inputs}) with different "
                "figures for {indicator} {year} ({n} such conflict(s)). Keep one row per region and year, or sum "
                "them first.", region=res.loc[rows[0], "name_ko"], code=code, rows=row_label(rows),
                inputs=", ".join(map(repr, names)), indicator=repr(ind), year=yr, n=conflict.sum()))
        g = dups.groupby("code", sort=False)["row"].agg(lambda s: sorted(set(s)))
        duplicates = pd.DataFrame({
            "code": g.index, "name_ko": [res.loc[rows[0], "name_ko"] for rows in g],
            "rows": [", ".join(map(str, rows)) for rows in g],
            "inputs": [", ".join(dict.fromkeys(body.loc[rows, col])) for rows in g]})
        first = ~pd.Series(data_rec["code"].cat.codes.to_numpy().astype("int64") * 65_536 * n_ind
                           + data_rec["year"].to_numpy().astype("int64") * n_ind
                           + data_rec["indicator"].cat.codes.to_numpy().astype("int64")).duplicated().to_numpy()
        data_rec = data_rec[first]
    missing = rec.loc[relevant & rec["missing"].ne(""), ["row", "column", "input", "missing"]].rename(
        columns={"missing": "reason"}).reset_index(drop=True).astype(
        {"column": object, "input": object, "reason": object})
    preliminary = rec.loc[relevant & rec["prelim"], ["row", "column", "input"]].reset_index(drop=True).astype(
        {"column": object, "input": object})
    has_value = data_rec["value"].notna().to_numpy()
    out = data_rec if has_value.all() else data_rec[has_value]
    n_out = len(out)
    ind_cat = pd.Categorical(out["indicator"])
    values = pd.DataFrame({
        "code": pd.Series(out["code"].cat.categories.astype("str")).take(out["code"].cat.codes).reset_index(
            drop=True).array if n_out else pd.array([], dtype="str"),
        "level": pd.Series([level], dtype="str").repeat(n_out).reset_index(drop=True).array,
        "year": out["year"].astype("int64").to_numpy(),
        "indicator": pd.Series(ind_cat.categories.astype("str")).take(ind_cat.codes).reset_index(drop=True).array
        if n_out else pd.array([], dtype="str"),
        "value": out["value"].astype(float).to_numpy(),
    })
    if values.empty:
        raise ImportFileError(Note("no_figures", "{name}: the matched regions have no figures (every value cell is "
                                   "empty or a '-', 'X', '…' marker).", name=name))
    return Tidy(values, data_rec, duplicates, missing, preliminary)


def units(layout: Layout, records: Records, body: pd.DataFrame, values: pd.DataFrame,
          title_unit: str) -> dict[str, str]:
    """Indicator → unit: the value column's header, else the unit column, else the title's ``단위:`` line."""
    rec = records.frame
    out: dict[str, str] = {}
    for v in layout.columns:
        out.setdefault(v.indicator, v.unit)
    if layout.unit_col is not None:
        pairs = pd.DataFrame({"indicator": rec["indicator"].to_numpy(),
                              "unit": body.loc[rec["row"], layout.unit_col].to_numpy()})
        for ind, u in pairs[pairs["unit"].ne("")].drop_duplicates("indicator").itertuples(index=False):
            if not out.get(ind):
                out[ind] = u
    for ind in values["indicator"].unique():
        out.setdefault(ind, title_unit)
    return out
