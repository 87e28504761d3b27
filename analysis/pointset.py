"""A point file in the compact form counting needs: positions, summable and category columns as arrays.

:func:`ingest.points.read_points` gives the rows as read (text cells, a GeoDataFrame). Counting per unit needs
far less: each row's longitude/latitude (two floats) or the reason it has none (one byte), each summable column
as floats with the reason a cell is left out (one byte), each category column as a ``pandas.Categorical`` (one
or two bytes a row). :func:`compact` turns a table (or one block of it) into that :class:`PointSet`; the page
keeps only the point set of an upload (7 million rows of a 49 MB CSV: 119 MB, the rows as read 260 MB), and
:mod:`analysis.aggregate` counts every block, on either engine, from one.

The rules of the cells are written here once:

* **Values** (sums): a number, ``1,234.5`` with thousands commas and spaces accepted. Left out of a sum, and
  listed: an empty cell, text that is not a number, and a number beyond ±:data:`MAX_VALUE` (the importer's
  limit; larger "figures" are errors or a wrong unit) — so a sum of a whole file stays far inside the float
  range whatever the file holds.
* **Categories** (counts per value): the cell's text, trimmed; an empty cell is ``(missing)``. A category
  longer than :data:`MAX_CATEGORY_CHARS` characters is refused (a text column, not a code), and a column with
  more than :data:`MAX_CATEGORIES` values is not a category column.
* **Listings**: rows without a position, outside every unit, and left out of a sum are counted exactly; the
  rows themselves are kept for the first ``listed`` of each (all of them when ``listed`` is None, as the
  command line's ``--report`` needs).

Examples
--------
>>> from ingest.points import read_points
>>> ps = compact(read_points(b"lon,lat,emp,kind\\n127,37.5,10,a\\n,37,5,b\\n", "p.csv"))
>>> ps.n, ps.value_columns, ps.category_columns, ps.reason.tolist()
(2, ['emp'], ['kind'], [0, 1])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.errors import ImportFileError
from analysis.notes import Note
from ingest.points import BAD_REASONS, CoordinateSpec, PointTable, _numbers, locate, raw_cells

__all__ = [
    "MAX_CATEGORIES",
    "MAX_CATEGORY_CHARS",
    "MAX_VALUE",
    "MISSING_CATEGORY",
    "REASONS",
    "VALUE_PROBLEMS",
    "PointSet",
    "compact",
]

MAX_VALUE: float = 1e18
"""Largest magnitude summed (equal to the importer's ``MAX_ABS``); larger cells are listed as too large."""

MAX_CATEGORIES = 50
"""Most distinct values of a category column (one output column each)."""

MAX_CATEGORY_CHARS = 100
"""Longest category text (an industry code or name); a longer one means a free-text column."""

MISSING_CATEGORY = "(missing)"

CHUNK = 1_000_000
"""Rows parsed at once (positions, values): bounds the text copies that parsing makes."""

REASONS: tuple[str, ...] = ("", *BAD_REASONS)
"""Position problem code → reason key (0 = a usable position)."""

VALUE_PROBLEMS: tuple[str, ...] = ("", "empty", "not a number", "too large")
"""Value problem code → reason (0 = summed)."""


@dataclass(frozen=True, eq=False)
class PointSet:
    """Positions and the columns counting needs, one array entry per row of the file.

    Attributes
    ----------
    name, kind : str
        File name and format (as in :class:`ingest.points.PointTable`).
    coords : CoordinateSpec
    first_row : int
        Row number of the first record as a person counts it.
    notes : tuple of str
    lon, lat : numpy.ndarray
        EPSG:4326 position (float64; NaN without one).
    reason : numpy.ndarray
        uint8 code into :data:`REASONS`.
    bad_cells : pandas.DataFrame
        ``pos, x, y``: the coordinate cells of the rows without a position (the first ``listed`` of them).
    values : dict
        Column → float64 array (NaN where not summed).
    problems : dict
        Column → uint8 array, code into :data:`VALUE_PROBLEMS`.
    problem_cells : dict
        Column → ``pos, input`` of its problem cells (the first ``listed``).
    categories : dict
        Column → ``pandas.Categorical`` (:data:`MISSING_CATEGORY` for empty cells).
    left_out : tuple of Note
        Why a column is not offered as a category (too many values, too long).
    listed : int or None
        Most rows kept per listing (None: all).
    """

    name: str
    kind: str
    coords: CoordinateSpec
    first_row: int
    notes: tuple
    lon: np.ndarray
    lat: np.ndarray
    reason: np.ndarray
    bad_cells: pd.DataFrame
    values: dict[str, np.ndarray]
    problems: dict[str, np.ndarray]
    problem_cells: dict[str, pd.DataFrame]
    categories: dict[str, pd.Categorical]
    left_out: tuple = ()
    listed: int | None = None
    assigned: dict = field(default_factory=dict, repr=False)
    """Level → unit position of each row (filled by :func:`analysis.aggregate.assign`)."""

    @property
    def n(self) -> int:
        """Rows."""
        return len(self.lon)

    def __len__(self) -> int:
        return self.n

    @property
    def value_columns(self) -> list[str]:
        """Columns that can be summed."""
        return list(self.values)

    @property
    def category_columns(self) -> list[str]:
        """Columns that can be counted per value."""
        return list(self.categories)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (bytes), the unit positions of every level assigned so far included."""
        total = self.lon.nbytes + self.lat.nbytes + self.reason.nbytes
        total += sum(v.nbytes for v in self.values.values()) + sum(p.nbytes for p in self.problems.values())
        total += sum(c.codes.nbytes for c in self.categories.values())
        total += sum(a.nbytes for a in self.assigned.values())
        frames = [self.bad_cells, *self.problem_cells.values()]
        return int(total + sum(f.memory_usage(deep=True).sum() for f in frames))

    def positions(self) -> tuple[np.ndarray, np.ndarray]:
        """Longitude and latitude of the rows with a usable position."""
        ok = self.reason == 0
        return self.lon[ok], self.lat[ok]


def _first(pos: np.ndarray, listed: int | None) -> np.ndarray:
    return pos if listed is None else pos[:listed]


def _reason_codes(reason: np.ndarray) -> np.ndarray:
    codes = np.zeros(len(reason), dtype=np.uint8)
    for i, key in enumerate(REASONS[1:], start=1):
        codes[reason == key] = i
    return codes


def _value_column(s: pd.Series, listed: int | None) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Floats, problem codes and the listed problem cells of one summable column."""
    with np.errstate(invalid="ignore", over="ignore"):
        values = _numbers(s).to_numpy(dtype=float, na_value=np.nan)
    problem = np.zeros(len(values), dtype=np.uint8)
    finite = np.isfinite(values)
    big = ~np.isnan(values) & (~finite | (np.abs(np.where(finite, values, 0.0)) > MAX_VALUE))
    if pd.api.types.is_numeric_dtype(s):
        empty = s.isna().to_numpy()
    else:
        empty = ~big & s.astype("string").fillna("").str.strip().eq("").to_numpy(dtype=bool)
    problem[np.isnan(values)] = 2
    problem[empty] = 1
    problem[big] = 3
    values = np.where(problem == 0, values, np.nan)
    pos = _first(np.flatnonzero(problem), listed)
    cells = s.iloc[pos]
    text = (cells.astype(str) if pd.api.types.is_numeric_dtype(s) else cells.astype("string").fillna("").str.strip())
    return values, problem, pd.DataFrame({"pos": pos, "input": text.to_numpy(object)})


def _category(s: pd.Series, column: str, explicit: bool) -> pd.Categorical | Note:
    """The column as categories, or why it is none (raised when the column was asked for by name)."""
    cat = s if isinstance(s.dtype, pd.CategoricalDtype) else s.astype("string").astype("category")
    labels = pd.Index(cat.cat.categories).astype("string").str.strip()
    values = pd.Series(labels.to_numpy(object), dtype=object).replace("", MISSING_CATEGORY)
    longest = int(values.str.len().max()) if len(values) else 0
    if longest > MAX_CATEGORY_CHARS:
        note = Note("category_too_long", "column {column} has values of up to {n} characters; a category is at most "
                    "{most} (a code or a short name): make a column with a short code and count by it.",
                    column=repr(column), n=f"{longest:,}", most=MAX_CATEGORY_CHARS)
        if explicit:
            raise ImportFileError(note)
        return note
    # trimmed labels can coincide (" A" and "A"): each old code goes to its trimmed label's code
    categories = pd.Index(values).unique()
    codes = cat.cat.codes.to_numpy().astype(np.int64)
    if len(values):
        remap = categories.get_indexer(values)
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
    if (codes < 0).any():  # missing cells
        if MISSING_CATEGORY not in categories:
            categories = categories.append(pd.Index([MISSING_CATEGORY]))
        codes = np.where(codes < 0, categories.get_loc(MISSING_CATEGORY), codes)
    used = np.unique(codes)
    if not explicit and len(used) > MAX_CATEGORIES:
        return Note("category_too_many", "column {column} has {n} different values; at most {most} can be counted "
                    "one by one.", column=repr(column), n=f"{len(used):,}", most=MAX_CATEGORIES)
    return pd.Categorical.from_codes(codes, categories=categories)  # int8 codes up to 127 categories


def _is_summable(s: pd.Series) -> bool:
    """Mostly numbers (≥ 90 % of the first 2,000 non-empty cells)."""
    if pd.api.types.is_bool_dtype(s) or isinstance(s.dtype, pd.CategoricalDtype):
        return False
    if pd.api.types.is_numeric_dtype(s):
        return True
    if not (s.dtype == object or pd.api.types.is_string_dtype(s)):
        return False
    sample = s.head(2000).astype("string").fillna("").str.strip()
    filled = sample.ne("")
    if not filled.any():
        return False
    return bool(_numbers(sample[filled]).notna().mean() >= 0.9)


def compact(
    table: PointTable | pd.DataFrame,
    spec: CoordinateSpec | None = None,
    *,
    sum_columns: Sequence[str] | None = None,
    by: str | None = None,
    listed: int | None = None,
) -> PointSet:
    """The compact point set of a table (a whole :class:`PointTable`, or one block of rows with ``spec``).

    Parameters
    ----------
    table : PointTable or pandas.DataFrame
    spec : CoordinateSpec, optional
        Needed with a plain DataFrame (a block of a Parquet source).
    sum_columns : sequence of str, optional
        The columns to sum (their problems listed); None keeps every column that is mostly numbers.
    by : str, optional
        The category column; with ``sum_columns=None`` and no ``by``, every text column with at most
        :data:`MAX_CATEGORIES` values (others are named in ``left_out``).
    listed : int, optional
        Keep the cells of the first ``listed`` rows of each problem (None: all).

    Raises
    ------
    ImportFileError
        ``by`` holds values longer than :data:`MAX_CATEGORY_CHARS`.
    """
    if isinstance(table, PointTable):
        frame, spec, meta = table.frame, table.coords, (table.name, table.kind, table.first_row, tuple(table.notes))
    else:
        frame, meta = table, ("block", "block", 1, ())
    assert spec is not None, "a block of rows needs its CoordinateSpec"
    # positions a million rows at a time: the text copies parsing makes stay a million rows long
    parts = [locate(frame.iloc[a:a + CHUNK], spec, raw=False) for a in range(0, max(len(frame), 1), CHUNK)]
    lon = np.concatenate([p.lon for p in parts])
    lat = np.concatenate([p.lat for p in parts])
    reason = np.concatenate([_reason_codes(p.reason) for p in parts])
    del parts
    bad_pos = _first(np.flatnonzero(reason), listed)
    bx, by_ = raw_cells(frame, spec, bad_pos)
    bad_cells = pd.DataFrame({"pos": bad_pos, "x": bx, "y": by_})
    skip = {spec.x, spec.y, spec.geometry, "geometry"}
    explicit = sum_columns is not None or by is not None
    sums = list(sum_columns) if sum_columns is not None else [
        str(c) for c in frame.columns if c not in skip and _is_summable(frame[c])]
    values, problems, problem_cells = {}, {}, {}
    for c in sums:
        chunks = [_value_column(frame[c].iloc[a:a + CHUNK], None if listed is None else listed)
                  for a in range(0, max(len(frame), 1), CHUNK)]
        values[c] = np.concatenate([v for v, _, _ in chunks])
        problems[c] = np.concatenate([q for _, q, _ in chunks])
        cells = pd.concat([d.assign(pos=d["pos"] + i * CHUNK) for i, (_, _, d) in enumerate(chunks)],
                          ignore_index=True)
        problem_cells[c] = cells if listed is None else cells.head(listed)
    categories: dict[str, pd.Categorical] = {}
    left_out: list[Note] = []
    candidates = [by] if by is not None else [] if explicit else [
        str(c) for c in frame.columns if c not in skip and c not in values]
    for c in candidates:
        s = frame[c]
        if not explicit and (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)):
            continue
        made = _category(s, c, explicit)
        if isinstance(made, Note):
            left_out.append(made)
        else:
            categories[c] = made
    name, kind, first_row, notes = meta
    return PointSet(name=name, kind=kind, coords=spec, first_row=first_row, notes=notes, lon=lon, lat=lat,
                    reason=reason, bad_cells=bad_cells, values=values, problems=problems,
                    problem_cells=problem_cells, categories=categories, left_out=tuple(left_out), listed=listed)
