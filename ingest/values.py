"""The figures of a table: one record per value cell, checked, then the tidy long values.

* :func:`read_values` — one record (``row, indicator, year, input, column``) per value cell of the body, built
  column-wise (years from the header or the year column, indicators from the header or the item column), its
  text parsed (:func:`ingest.numbers.clean_column`). Text, non-finite or too large figures and (unless allowed)
  negative ones in a data or total row are refused with the rows named.
* :func:`tidy` — the matched rows' records: repeated rows with the same figures kept once (reported), with
  different figures refused; missing and preliminary cells listed. :func:`long_values` turns them into the
  tidy ``code, level, year, indicator, value``.
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
from ingest.work import Work

__all__ = ["Records", "Tidy", "indicators_of", "long_values", "read_values", "tidy", "units"]


@dataclass(frozen=True)
class Records:
    """One record per value cell of the body.

    Attributes
    ----------
    frame : pandas.DataFrame
        ``row`` (int32, the file's row number), ``pos`` (int32, the row's position in the body), ``indicator``
        (categorical), ``year`` (int16), ``column`` (categorical header), ``vcol`` (int16, which value column),
        ``value`` (float, NaN when missing), ``missing`` (reason or ""), ``prelim`` (bool), ``problem`` ("" or
        why not a number). The cells' text is not copied: :meth:`with_text` looks it up.
    relevant : pandas.Series
        Records of rows that count: data and aggregate rows (not notes).
    sources : tuple of pandas.Series
        The body's text of each value column (views of the grid), in the order of ``vcol``.
    """

    frame: pd.DataFrame
    relevant: pd.Series
    sources: tuple[pd.Series, ...] = ()

    def with_text(self, mask: pd.Series | np.ndarray) -> pd.DataFrame:
        """The records under ``mask`` with their cell's text as an ``input`` column (``str``)."""
        sub = self.frame.loc[mask]
        text = np.empty(len(sub), dtype=object)
        vcol, pos = sub["vcol"].to_numpy(), sub["pos"].to_numpy()
        for j in np.unique(vcol):
            here = vcol == j
            text[here] = self.sources[j].iloc[pos[here]].to_numpy(dtype=object)
        return sub.assign(input=pd.array(text, dtype="str"))


@dataclass(frozen=True)
class Tidy:
    """The figures of the matched rows.

    Attributes
    ----------
    kept : pandas.DataFrame
        The matched records (``row, indicator, year, value, code``), repeated rows kept once, missing cells
        included — what the totals are checked against and :func:`long_values` turns into the tidy values.
    duplicates, missing, preliminary : pandas.DataFrame
        As in :class:`ingest.importer.ImportResult` and :class:`ingest.importer.MatchReport`.
    """

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


def _records(cells: pd.DataFrame, start: int, layout: Layout, indicator: str | None, work: Work) -> pd.DataFrame:
    """``row, pos, indicator, year, input, column, vcol`` for every value cell of the body (blank long-layout rows
    left out).

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
        years_long = map_unique(ytext, lambda t: int(m.group(1)) if (m := YEAR_CELL.match(t)) else -1, work.check)
        years_long = years_long.astype("int64")
    item_ind = None
    if item_col is not None:
        item_ind = map_unique(body[item_col], lambda t: (indicator or strip_unit(t)) if t else "", work.check)
    labels: list[str] = []
    ind_names: list[str] = []  # indicator id -> name (codes, not 5 million strings)
    item_codes = item_uniques = None
    if item_ind is not None:
        item_codes, item_uniques = pd.factorize(item_ind.astype(object), use_na_sentinel=False)
        item_codes = item_codes.astype("int32")
    keeps: list[np.ndarray | None] = []  # per value column: the body rows it gives a record (None: every row)
    for v in layout.columns:
        work.check()
        k = None
        if years_long is not None:
            raw = body[v.col]
            bad = years_long.lt(0)
            blank = bad & ytext.eq("") & raw.eq("")
            wrong = bad & ~blank
            if wrong.any():
                r = wrong.index[wrong.to_numpy()][0]
                raise ImportFileError(Note(
                    "not_a_year", "row {row}: year {text} in column {column} is not a year like 2020. Fix or remove "
                    "the row.", row=r, text=repr(ytext.at[r]), column=repr(header_text(cells, year_col, start))))
            k = None if not blank.any() else ~blank.to_numpy()
        keeps.append(k)
    if not layout.columns:
        return pd.DataFrame({"row": pd.Series(dtype="int64"), "pos": pd.Series(dtype="int32"),
                             "indicator": pd.Series(dtype=object), "year": pd.Series(dtype="int64"),
                             "input": pd.Series(dtype="str"), "column": pd.Series(dtype=object),
                             "vcol": pd.Series(dtype="int16")})
    # the record arrays are allocated once and filled column by column (no per-column parts to concatenate)
    sizes = [len(body) if k is None else int(k.sum()) for k in keeps]
    total = sum(sizes)
    pos = np.empty(total, dtype="int32")
    year = np.empty(total, dtype="int16")
    ind = np.empty(total, dtype="int32")
    vcol = np.empty(total, dtype="int16")
    every = np.arange(len(body), dtype="int32")
    years_all = years_long.to_numpy().astype("int16") if years_long is not None else None
    input_parts = []
    at = 0
    for j, (v, k, n) in enumerate(zip(layout.columns, keeps, sizes, strict=True)):
        here = slice(at, at + n)
        raw = body[v.col]
        pos[here] = every if k is None else every[k]
        year[here] = (years_all if k is None else years_all[k]) if years_all is not None else int(v.year)
        input_parts.append(raw if k is None else raw[k])
        if v.indicator not in ind_names:
            ind_names.append(v.indicator)
        own = ind_names.index(v.indicator)
        if item_codes is None:
            ind[here] = own
        else:  # the item column names the indicator of each row; an empty item keeps the column's
            ids = np.array([ind_names.index(u) if u in ind_names else (ind_names.append(u) or len(ind_names) - 1)
                            if u else own for u in item_uniques], dtype="int32")
            ind[here] = ids[item_codes] if k is None else ids[item_codes][k]
        labels.append(header_text(cells, v.col, start) or f"column {v.col + 1}")
        vcol[here] = j
        at += n
    used = np.unique(ind)
    remap = np.full(len(ind_names), -1, dtype="int32")
    remap[used] = np.arange(len(used), dtype="int32")
    label_cat = pd.Categorical(labels)
    return pd.DataFrame({
        "row": body.index.to_numpy().astype("int32")[pos],
        "pos": pos,
        "indicator": pd.Categorical.from_codes(remap[ind],
                                               categories=pd.Index([ind_names[i] for i in used], dtype=object)),
        "year": year,
        "input": pd.concat(input_parts, ignore_index=True).astype("str"),
        "column": pd.Categorical.from_codes(label_cat.codes[vcol], categories=label_cat.categories),
        "vcol": vcol,
    }, copy=False)


def read_values(cells: pd.DataFrame, start: int, layout: Layout, indicator: str | None, counted: pd.Series,
                allow_negative: bool, work: Work) -> Records:
    """Every value cell of the body (from position ``start``) as a parsed record, checked.

    ``counted`` marks the body rows whose cells must be figures (data and aggregate rows).

    Raises
    ------
    ImportFileError
        A year that is not one; text, a non-finite number or one beyond :data:`~ingest.numbers.MAX_ABS` in a
        counted row; a negative number unless ``allow_negative``.
    """
    rec = _records(cells, start, layout, indicator, work)
    cleaned = clean_column(rec["input"], work.check)
    for c in ("value", "missing", "prelim", "problem"):
        rec[c] = cleaned[c].to_numpy() if c in ("value", "prelim") else cleaned[c].array
    del cleaned
    col_prelim = {(header_text(cells, v.col, start) or f"column {v.col + 1}") for v in layout.columns
                  if v.preliminary}
    rec["prelim"] |= rec["column"].isin(col_prelim)
    del rec["input"]  # the text stays in the grid: Records.with_text looks it up for the few records shown
    body = cells.iloc[start:]
    records = Records(rec, pd.Series(np.asarray(counted)[rec["pos"].to_numpy()], index=rec.index),
                      tuple(body[v.col] for v in layout.columns))
    relevant = records.relevant
    for prob, what, fix in (
        ("text", "text where a number is expected", "replace it with a number or a KOSIS marker ('-', 'X', '…')"),
        ("nonfinite", "a non-finite number (NaN/inf)", "replace it with a number or leave the cell empty"),
        ("overflow", f"a number beyond ±{MAX_ABS:.0e} (an error or a wrong unit)",
         "check the cells and give the figures in a unit that keeps them below that"),
    ):
        bad = rec[relevant & rec["problem"].eq(prob)]
        if len(bad):
            ex = joined([_cell_example(r) for r in records.with_text(bad.index[:3]).itertuples()], "; ")
            raise ImportFileError(Note(
                f"bad_cells_{prob}", "{n} cell(s) hold {what} (rows {rows}; e.g. {examples}). Fix: {fix}.",
                n=len(bad), what=what, rows=row_label(sorted(set(bad["row"]))), examples=ex, fix=fix,
                most=f"{MAX_ABS:.0e}"))
    if not allow_negative:
        neg = rec[relevant & (rec["value"] < 0)]
        if len(neg):
            ex = joined([_cell_example(r) for r in records.with_text(neg.index[:3]).itertuples()], "; ")
            raise ImportFileError(Note(
                "negative_values", "{n} negative number(s) in rows {rows} (e.g. {examples}). Amounts and counts "
                "cannot be negative: fix the cells, or allow negative values if the indicator is a change or "
                "balance.", n=len(neg), rows=row_label(sorted(set(neg["row"]))), examples=ex))
    return records


def tidy(records: Records, res: pd.DataFrame, is_data: pd.Series, body: pd.DataFrame, col: int, layout: Layout,
         level: str, name: str, work: Work) -> Tidy:
    """The matched rows' figures in the long format, repeated rows kept once.

    Parameters
    ----------
    records : Records
    res : pandas.DataFrame
        The body rows' resolution (``code``, ``name_ko`` per row).
    is_data : pandas.Series
        Per body row: matched at the table's level.
    body : pandas.DataFrame
        The body's cells (for the names of repeated rows); ``col`` its region column.
    layout : Layout
        The value columns (which records of one row can share a key).
    level, name : str
        The table's level; the file's name (messages).

    Raises
    ------
    ImportFileError
        One region, year and indicator with different figures in two rows; no figure at all.
    """
    rec, relevant = records.frame, records.relevant
    pos = rec["pos"].to_numpy()
    in_data = is_data.to_numpy()[pos]
    narrow = rec[["row", "indicator", "year", "value"]]  # no copy (copy-on-write)
    data_rec = narrow.copy(deep=False) if in_data.all() else narrow[in_data]
    data_pos = pos if in_data.all() else pos[in_data]
    code_ids, code_uniques = pd.factorize(res["code"].astype(object))  # ids per body row; -1 where unresolved
    code_ids = code_ids.astype("int32")
    data_rec["code"] = pd.Categorical.from_codes(code_ids[data_pos], categories=pd.Index(code_uniques, dtype=object))
    dup_key = ["code", "year", "indicator"]
    n_ind = max(len(data_rec["indicator"].cat.categories), 1)
    if _no_repeats(data_rec, data_pos, code_ids, is_data.to_numpy(), layout):
        is_dup = np.zeros(len(data_rec), dtype=bool)
    else:
        # one int64 key per record (code id, year, indicator id): a single hash table instead of three
        # factorizations; sort-based (a hash table of 5 million keys is several times slower); stable = timsort,
        # which merges the ascending runs of a table sorted by region and year in close to linear time
        key = _record_keys(data_rec, n_ind)
        ordered = np.sort(key, kind="stable")
        repeated = ordered[1:][ordered[1:] == ordered[:-1]]
        is_dup = np.isin(key, repeated) if len(repeated) else np.zeros(len(key), dtype=bool)
        del key, ordered
    dups = data_rec[is_dup]
    duplicates = pd.DataFrame([], columns=["code", "name_ko", "rows", "inputs"])
    if len(dups):
        work.check()
        # different figures for one key (a missing cell counts as a figure of its own)
        conflict = dups.assign(value=dups["value"].fillna(-np.inf)).groupby(dup_key, sort=False)["value"].nunique() > 1
        if conflict.any():
            code, yr, ind = conflict[conflict].index[0]
            rows = sorted(set(dups.loc[(dups["code"] == code), "row"]))
            names = sorted(set(body.loc[rows, col]))
            raise ImportFileError(Note(
                "conflicting_rows", "Region {region} ({code}) appears in rows {rows} (as {inputs}) with different "
                "figures for {indicator} {year} ({n} such conflict(s)). Keep one row per region and year, or sum "
                "them first.", region=res.loc[rows[0], "name_ko"], code=code, rows=row_label(rows),
                inputs=", ".join(map(repr, names)), indicator=repr(ind), year=yr, n=conflict.sum()))
        work.check()
        g = dups.groupby("code", sort=False)["row"].agg(lambda s: sorted(set(s)))  # one group per unit, ≤ 5,300
        duplicates = pd.DataFrame({
            "code": g.index, "name_ko": [res.loc[rows[0], "name_ko"] for rows in g],
            "rows": [", ".join(map(str, rows)) for rows in g],
            "inputs": [", ".join(dict.fromkeys(body.loc[rows, col])) for rows in g]})
        first = ~pd.Series(_record_keys(data_rec, n_ind)).duplicated().to_numpy()
        data_rec = data_rec[first]
    missing = records.with_text(relevant & rec["missing"].ne(""))[["row", "column", "input", "missing"]].rename(
        columns={"missing": "reason"}).reset_index(drop=True).astype(
        {"column": object, "input": object, "reason": object})
    preliminary = records.with_text(relevant & rec["prelim"])[["row", "column", "input"]].reset_index(
        drop=True).astype({"column": object, "input": object})
    if not data_rec["value"].notna().any():
        raise ImportFileError(Note("no_figures", "{name}: the matched regions have no figures (every value cell is "
                                   "empty or a '-', 'X', '…' marker).", name=name))
    return Tidy(data_rec, duplicates, missing, preliminary)


def long_values(kept: pd.DataFrame, level: str) -> pd.DataFrame:
    """The tidy ``code, level, year, indicator, value`` of the kept records (missing cells dropped).

    Built last, when the records are no longer held: its text columns are the largest part of an import's result.
    """
    has_value = kept["value"].notna().to_numpy()
    out = kept if has_value.all() else kept[has_value]
    n_out = len(out)
    return pd.DataFrame({
        "code": _text_of(out["code"]) if n_out else pd.array([], dtype="str"),
        "level": _text_of(pd.Categorical.from_codes(np.zeros(n_out, dtype="int8"), categories=[level])),
        "year": out["year"].astype("int64").to_numpy(),
        "indicator": _text_of(out["indicator"]) if n_out else pd.array([], dtype="str"),
        "value": out["value"].astype(float).to_numpy(),
    }, copy=False)


def indicators_of(kept: pd.DataFrame) -> list[str]:
    """The indicators that have a figure, in the order of their first record (those of :func:`long_values`)."""
    return [str(i) for i in kept.loc[kept["value"].notna().to_numpy(), "indicator"].unique()]


def _no_repeats(data_rec: pd.DataFrame, data_pos: np.ndarray, code_ids: np.ndarray, is_data: np.ndarray,
                layout: Layout) -> bool:
    """True when no two records can share (code, year, indicator), shown from the rows instead of the records.

    Without an item column, the records of one row have distinct keys when no two value columns share a year and
    indicator (wide) or an indicator (long: the row has one year). Records of two rows then share a key only if
    the rows share the region (wide) or the region and year (long): checked on the data rows, ten times fewer
    than records. False (sort every record's key) when either check fails.
    """
    if layout.item_col is not None:
        return False
    keys = [(v.year, v.indicator) if layout.kind == "wide" else v.indicator for v in layout.columns]
    if len(set(keys)) < len(keys):
        return False
    row_key = code_ids.astype("int64")
    if layout.kind == "long":
        year = np.full(len(code_ids), -1, dtype="int64")
        year[data_pos] = data_rec["year"].to_numpy()
        row_key = row_key * 65_536 + year
    return not pd.Series(row_key[is_data]).duplicated().any()


def _text_of(cat: pd.Series | pd.Categorical) -> pd.api.extensions.ExtensionArray:
    """A categorical's values as a ``str`` array (Arrow strings), built by one Arrow take of its categories."""
    import pyarrow as pa
    import pyarrow.compute as pc

    cat = pd.Categorical(cat)
    names = pa.array([str(c) for c in cat.categories], type=pa.large_string())
    return pd.arrays.ArrowStringArray(pc.take(names, pa.array(cat.codes)), dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def _record_keys(records: pd.DataFrame, n_ind: int) -> np.ndarray:
    """One int64 per record, equal for equal (code, year, indicator): ``(code id × 65,536 + year) × n_ind +
    indicator id``, computed in place."""
    key = records["code"].cat.codes.to_numpy().astype("int64")
    key *= 65_536
    key += records["year"].to_numpy()
    key *= n_ind
    key += records["indicator"].cat.codes.to_numpy()
    return key


def units(layout: Layout, records: Records, body: pd.DataFrame, indicators: list[str],
          title_unit: str) -> dict[str, str]:
    """Indicator → unit: the value column's header, else the unit column, else the title's ``단위:`` line."""
    rec = records.frame
    out: dict[str, str] = {}
    for v in layout.columns:
        out.setdefault(v.indicator, v.unit)
    if layout.unit_col is not None:
        pairs = pd.DataFrame({"indicator": rec["indicator"].to_numpy(),
                              "unit": body[layout.unit_col].iloc[rec["pos"].to_numpy()].to_numpy()})
        for ind, u in pairs[pairs["unit"].ne("")].drop_duplicates("indicator").itertuples(index=False):
            if not out.get(ind):
                out[ind] = u
    for ind in indicators:
        out.setdefault(ind, title_unit)
    return out
