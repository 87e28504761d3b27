"""Cell text → numbers: KOSIS missing markers, thousands separators, Korean minus signs, preliminary marks.

:func:`clean_value` reads one cell; :func:`clean_column` a whole column at once (plain numbers parsed by Arrow in
C, ``1,234`` column-wise, and only the other distinct texts one by one). Figures beyond :data:`MAX_ABS` are
refused, as are text and non-finite numbers where a figure is expected.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingest.errors import ImportFileError

__all__ = ["MAX_ABS", "MISSING_MARKERS", "clean_column", "clean_value", "map_unique", "norm", "numeric_share"]

MAX_ABS: float = 1e18
"""Largest magnitude accepted for a figure: beyond it a value is an error or a wrong unit (1e308 overflows the
sums and squares of the mismatch and spatial statistics)."""

MISSING_MARKERS: dict[str, str] = {
    "": "empty cell",
    "-": "'-': no figure (해당 없음)",
    "x": "'X': suppressed for confidentiality (비밀보호)",
    "...": "'…': not available (미상)",
    "..": "'‥': not available (미상)",
    ".": "'.': not available",
}
"""Cell text (after Unicode NFKC, lower case) → why the value is missing. KOSIS conventions."""


_PRELIM = re.compile(r"\s*\(?\s*p\s*\)?\s*$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$", re.IGNORECASE)
_NONFINITE = frozenset({"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})


@dataclass(frozen=True)
class _Cell:
    """One cell read (:func:`_clean`)."""

    value: float  # NaN when missing
    missing: str = ""  # reason when missing
    preliminary: bool = False
    problem: str = ""  # "text" | "nonfinite" when the cell cannot be a number


def norm(text: str) -> str:
    """Text as compared: Unicode NFKC, stripped, case-folded."""
    return unicodedata.normalize("NFKC", str(text)).strip().casefold()


def clean_value(text: str) -> tuple[float, str, bool]:
    """Read one cell: ``(value, missing_reason, preliminary)``.

    ``value`` is NaN when the cell is a missing marker (``missing_reason`` says which) — see
    :data:`MISSING_MARKERS`. Thousands separators (``1,234``), a leading ``△``/``▲`` (minus in Korean
    tables), a trailing ``%`` and a ``(p)``/``p)`` preliminary marker are handled.

    Raises
    ------
    ImportFileError
        When the cell is text or a non-finite number (the caller adds the row and column).

    Examples
    --------
    >>> clean_value("1,234")
    (1234.0, '', False)
    >>> clean_value("X")
    (nan, "'X': suppressed for confidentiality (비밀보호)", False)
    >>> clean_value("56.7 (p)")
    (56.7, '', True)
    """
    c = _clean(text)
    if c.problem:
        kind = {"nonfinite": "is not finite", "overflow": f"is beyond ±{MAX_ABS:.0e}"}.get(
            c.problem, "is text, not a number")
        raise ImportFileError(f"cell {text!r} {kind}")
    return c.value, c.missing, c.preliminary


def _clean(text: str) -> _Cell:
    s = norm(text)
    if s in MISSING_MARKERS:
        return _Cell(math.nan, MISSING_MARKERS[s])
    prelim = False
    if s.endswith("p") or s.endswith("p)"):
        stripped = _PRELIM.sub("", s)
        if stripped != s and stripped:
            prelim, s = True, stripped
    if s.startswith(("△", "▲")):
        s = "-" + s[1:].strip()
    s = s.rstrip("%").strip()
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    if s in _NONFINITE:
        return _Cell(math.nan, problem="nonfinite")
    if not _NUMBER.match(s):
        return _Cell(math.nan, problem="text")
    v = float(s)
    if not math.isfinite(v):
        return _Cell(math.nan, problem="nonfinite")
    if abs(v) > MAX_ABS:
        return _Cell(math.nan, problem="overflow")
    return _Cell(v, "", prelim)


def map_unique(series: pd.Series, fn: Callable[[str], object], check: Callable[[], None] | None = None) -> pd.Series:
    """``series.map(fn)`` computed once per distinct value (a column of 500,000 cells has a few thousand);
    ``check`` (a budget) is called before every 10,000 distinct values."""
    positions, uniques = pd.factorize(series.fillna(""), use_na_sentinel=False)
    out = np.empty(len(uniques), dtype=object)
    out[:] = _each(fn, uniques, check)
    return pd.Series(out[positions], index=series.index, dtype=object)


def _each(fn: Callable[[str], object], items, check: Callable[[], None] | None, block: int = 10_000) -> list:
    """``[fn(x) for x in items]``, calling ``check`` before every ``block`` items."""
    if check is None or len(items) <= block:
        if check is not None:
            check()
        return [fn(u) for u in items]
    out: list = []
    for start in range(0, len(items), block):
        check()
        out += [fn(u) for u in items[start:start + block]]
    return out


def clean_column(cells: pd.Series, check: Callable[[], None] | None = None) -> pd.DataFrame:
    """:func:`_clean` of a whole column, vectorised: plain numbers are parsed column-wise (``pandas.to_numeric``),
    ``1,234`` column-wise too, and only the other distinct texts (markers, ``△12``, ``(p)``, text) one by one.

    Returns ``value`` (float), ``missing`` (reason or ""), ``prelim`` (bool), ``problem`` ("" or why not a
    number), aligned to ``cells``. ``check`` (a budget) is called before every 10,000 distinct texts read one by
    one.
    """
    text = cells if (cells.dtype == "str" and not cells.hasnans) else cells.fillna("").astype("str")
    n = len(text)
    value = _plain_numbers(text)
    with np.errstate(invalid="ignore"):
        fast = value >= -MAX_ABS  # finite and within ±MAX_ABS (NaN compares False)
        fast &= value <= MAX_ABS
    missing = np.zeros(n, dtype="int8")  # codes into missing_cats / problem_cats (a few reasons each)
    prelim = np.zeros(n, dtype=bool)
    problem = np.zeros(n, dtype="int8")
    missing_cats, problem_cats = [""], [""]
    rest = np.flatnonzero(~fast)
    if len(rest):
        sub = text.iloc[rest]
        thousands = sub.str.fullmatch(_THOUSANDS.pattern).fillna(False).to_numpy(dtype=bool)
        if thousands.any():
            v2 = pd.to_numeric(sub[thousands].str.replace(",", "", regex=False), errors="coerce").to_numpy(
                dtype=float, na_value=np.nan)
            with np.errstate(invalid="ignore"):
                ok = np.isfinite(v2) & (np.abs(v2) <= MAX_ABS)
            idx = rest[thousands][ok]
            value[idx] = v2[ok]
            rest = np.setdiff1d(rest, idx, assume_unique=True)
        if len(rest):
            positions, uniques = pd.factorize(text.iloc[rest], use_na_sentinel=False)
            done = _each(_clean, uniques, check)
            value[rest] = np.array([c.value for c in done], dtype=float)[positions]
            prelim[rest] = np.array([c.preliminary for c in done], dtype=bool)[positions]
            for attr, cats, codes_ in (("missing", missing_cats, missing), ("problem", problem_cats, problem)):
                texts = [getattr(c, attr) for c in done]
                cats.extend(t for t in dict.fromkeys(texts) if t not in cats)
                where = {t: i for i, t in enumerate(cats)}
                codes_[rest] = np.array([where[t] for t in texts], dtype="int8")[positions]
    return pd.DataFrame({
        "value": value,
        "missing": pd.Categorical.from_codes(missing, categories=pd.Index(missing_cats, dtype=object)),
        "prelim": prelim,
        "problem": pd.Categorical.from_codes(problem, categories=pd.Index(problem_cats, dtype=object)),
    }, index=cells.index, copy=False)


_PLAIN_NUMBER = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"


def _plain_numbers(text: pd.Series) -> np.ndarray:
    """Cells that are plain decimal numbers, parsed by Arrow in C (NaN elsewhere); a writable float array."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(text.array)
        try:  # a column of numbers only (the usual case): one cast. Arrow reads nothing the pattern rejects as a
            out = pc.cast(arr, pa.float64())  # finite number (inf/nan are re-read one by one, as they are below)
        except pa.ArrowInvalid:
            plain = pc.match_substring_regex(arr, _PLAIN_NUMBER)
            out = pc.cast(pc.if_else(plain, arr, None), pa.float64())
        values = out.to_numpy(zero_copy_only=False)
        return values if values.flags.writeable else values.copy()
    except (ImportError, TypeError, ValueError, ArithmeticError):  # pa.ArrowInvalid is a ValueError
        return np.array(pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan), dtype=float)


def numeric_share(cells: pd.Series, sample: int = 20_000) -> float:
    """Share of the first ``sample`` cells that are figures, among those that are not missing markers."""
    c = clean_column(cells.iloc[:sample])
    vals = c["missing"].eq("")
    if not vals.any():
        return 0.0
    return float((vals & c["problem"].eq("")).sum() / vals.sum())

