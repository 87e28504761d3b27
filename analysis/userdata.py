"""User indicators (uploaded through :mod:`ingest.importer`): what the user confirmed about a file's values.

Pure functions: the UI keeps a ``dict`` id → :class:`UserIndicator` in its session; a store with them is
:meth:`analysis.store.Store.with_user` (views, shares, years and comparisons then work as for bundled ids).

* :func:`make_user_indicator` — an :class:`ImportResult`'s indicator plus what the user confirmed.
* :func:`from_file` — every indicator of a file (a tidy CSV or a raw table) as user indicators (the CLI's
  ``--data``).
* :func:`is_user` — whether an id belongs to a user indicator (ids start with :data:`PREFIX`).
* :func:`to_csv` — the clean long-format CSV offered for download.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import indicators
from analysis.cells import safe_frame
from analysis.errors import ImportFileError
from analysis.notes import Note

__all__ = ["MAX_LABEL", "MAX_UNIT", "PREFIX", "UserIndicator", "from_file", "is_user", "make_user_indicator",
           "to_csv"]

PREFIX = "user_"
"""Every user indicator id starts with this (bundled ids never do)."""

MAX_LABEL = 120
"""Longest indicator name accepted (characters), the length of the upload form's name field."""

MAX_UNIT = 40
"""Longest unit accepted (characters)."""

_TIDY = ["code", "level", "year", "indicator", "value"]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _clean(text: object, what: str, limit: int) -> str:
    """One line of user text: control characters dropped, spaces collapsed, at most ``limit`` characters."""
    s = " ".join(_CONTROL.sub(" ", str(text)).split())
    if len(s) > limit:
        raise ImportFileError(Note("text_too_long", "The {what} is {n} characters long; at most {limit} are "
                                   "accepted. Shorten it.", what=what, n=f"{len(s):,}", limit=limit))
    return s


@dataclass(frozen=True)
class UserIndicator:
    """An uploaded indicator with the metadata the user confirmed.

    Attributes
    ----------
    id : str
        ``user_<slug>``, unique in the session.
    label : str
        Name shown in menus (the user's text; escape it wherever HTML is built).
    unit : str
    layer : str
        One of :data:`analysis.indicators.LAYERS`.
    nature : str
        ``extensive`` (counts, amounts: sums and shares make sense) or ``intensive`` (rates, per capita).
    values : pandas.DataFrame
        Tidy ``code, level, year, indicator, value`` (``indicator`` = ``id``).
    source : str
        File name the values came from.
    """

    id: str
    label: str
    unit: str
    layer: str
    nature: str
    values: pd.DataFrame
    source: str


def is_user(indicator: str) -> bool:
    """True for ids of user indicators."""
    return str(indicator).startswith(PREFIX)


def _slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    return s[:40] or "indicator"


def make_user_indicator(
    values: pd.DataFrame,
    indicator: str,
    *,
    label: str,
    unit: str,
    layer: str,
    nature: str,
    source: str,
    existing: Mapping[str, object] = (),
) -> UserIndicator:
    """Build a :class:`UserIndicator` from an import's tidy values.

    Parameters
    ----------
    values : pandas.DataFrame
        ``ImportResult.values``.
    indicator : str
        Which of its indicators (``values["indicator"]``) to take.
    label, unit, layer, nature, source : str
        What the user confirmed; ``layer`` in :data:`analysis.indicators.LAYERS`, ``nature`` extensive or
        intensive.
    existing : mapping
        Ids already used in the session (a new id never overwrites one).

    Raises
    ------
    ImportFileError
        Empty label, a label longer than :data:`MAX_LABEL` or unit longer than :data:`MAX_UNIT` characters,
        unknown layer or nature, an indicator that is not in ``values``, or a value that is not a finite number.
    """
    label = _clean(label, Note("what_indicator_name", "indicator name"), MAX_LABEL)
    unit = _clean(unit, Note("what_unit", "unit"), MAX_UNIT)
    if not label:
        raise ImportFileError(Note("indicator_needs_name", "The indicator needs a name: type one in the name field."))
    if layer not in indicators.LAYERS:
        raise ImportFileError(f"unknown layer {layer!r}; choose one of {', '.join(indicators.LAYERS)}")
    if nature not in ("extensive", "intensive"):
        raise ImportFileError(f"unknown nature {nature!r}; choose extensive (counts, amounts) or intensive (rates)")
    part = values[values["indicator"] == indicator]
    if part.empty:
        raise ImportFileError(
            f"indicator {indicator!r} is not in the file; found: {', '.join(map(str, values['indicator'].unique()))}"
        )
    vals = pd.to_numeric(part["value"], errors="coerce")
    bad = part.loc[~np.isfinite(vals.to_numpy(dtype=float)) & vals.notna(), "code"]
    if len(bad):
        raise ImportFileError(Note("infinite_values", "{label}: values at {codes} are infinite; every value must be "
                                   "a finite number. Correct the file (an empty cell means no value).", label=label,
                                   codes=", ".join(map(str, bad.iloc[:5]))))
    base = PREFIX + _slug(label)
    new_id, k = base, 2
    while new_id in existing:
        new_id, k = f"{base}_{k}", k + 1
    tidy = part[_TIDY].copy().assign(indicator=new_id).reset_index(drop=True)
    return UserIndicator(new_id, label, unit, layer, nature, tidy, str(source))


def to_csv(u: UserIndicator) -> bytes:
    """The clean long-format CSV (UTF-8 with BOM so Excel reads the Korean): ``code, level, year, indicator,
    label, unit, value``."""
    out = u.values.assign(label=u.label, unit=u.unit)[["code", "level", "year", "indicator", "label", "unit", "value"]]
    out = out.sort_values(["year", "code"], kind="stable")
    return safe_frame(out).to_csv(index=False).encode("utf-8-sig")


def from_file(data: bytes, name: str, *, layer: str = "context", nature: str = "extensive",
              existing: Mapping[str, object] = ()) -> list[UserIndicator]:
    """Every indicator of a file as a :class:`UserIndicator` (read by :func:`ingest.importer.import_file`).

    The file may be the tidy CSV this module writes (:func:`to_csv`), a KOSIS export or any table the importer
    reads. Each indicator is labelled with its name in the file (unit from its header, if any) and gets the id
    ``user_<slug of the name>``.

    Parameters
    ----------
    data : bytes
        File content.
    name : str
        File name (format and messages).
    layer, nature : str
        What the values are (the same for every indicator of the file).
    existing : mapping
        Ids already used (a new id never overwrites one).

    Raises
    ------
    ImportFileError
        The file cannot be read or matched (the message names the problem and the fix).
    """
    from ingest.importer import import_file

    res = import_file(data, name, nature=nature)
    out: list[UserIndicator] = []
    used = dict.fromkeys(existing)
    for ind in res.indicators:
        # names from the file are cut to the field lengths (a person typed none of them)
        u = make_user_indicator(res.values, ind, label=str(ind)[:MAX_LABEL],
                                unit=str(res.units.get(ind, ""))[:MAX_UNIT], layer=layer,
                                nature=nature, source=Path(name).name, existing=used)
        used[u.id] = None
        out.append(u)
    return out
