"""User indicators (uploaded through :mod:`analysis.importer`) next to the bundled catalogue.

Pure functions: the UI keeps a ``dict`` id → :class:`UserIndicator` in its session and passes it in; nothing
here stores anything, and the bundled catalogue and values are never modified (fresh frames are returned).

* :func:`make_user_indicator` — an :class:`ImportResult`'s indicator plus what the user confirmed.
* :func:`merge_catalogue` — the bundled catalogue with one row per user indicator (same columns).
* :func:`user_view` / :func:`user_panel` / :func:`user_years` — the :mod:`analysis.views` counterparts.
* :func:`is_user` — whether an id belongs to a user indicator (ids start with :data:`PREFIX`).
* :func:`to_csv` — the clean long-format CSV offered for download.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analysis import indicators, views
from analysis.cells import safe_frame
from analysis.errors import AggregationError, DataError, ImportFileError

__all__ = [
    "PREFIX",
    "UserIndicator",
    "is_user",
    "make_user_indicator",
    "merge_catalogue",
    "to_csv",
    "user_modes",
    "user_panel",
    "user_view",
    "user_years",
]

PREFIX = "user_"
"""Every user indicator id starts with this (bundled ids never do)."""

_TIDY = ["code", "level", "year", "indicator", "value"]


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
        Empty label, unknown layer or nature, or an indicator that is not in ``values``.
    """
    label = str(label).strip()
    if not label:
        raise ImportFileError("The indicator needs a name: type one in the name field.")
    if layer not in indicators.LAYERS:
        raise ImportFileError(f"unknown layer {layer!r}; choose one of {', '.join(indicators.LAYERS)}")
    if nature not in ("extensive", "intensive"):
        raise ImportFileError(f"unknown nature {nature!r}; choose extensive (counts, amounts) or intensive (rates)")
    part = values[values["indicator"] == indicator]
    if part.empty:
        raise ImportFileError(
            f"indicator {indicator!r} is not in the file; found: {', '.join(map(str, values['indicator'].unique()))}"
        )
    base = PREFIX + _slug(label)
    new_id, k = base, 2
    while new_id in existing:
        new_id, k = f"{base}_{k}", k + 1
    tidy = part[_TIDY].copy().assign(indicator=new_id).reset_index(drop=True)
    return UserIndicator(new_id, label, str(unit).strip(), layer, nature, tidy, str(source))


def merge_catalogue(catalogue: pd.DataFrame, user: Mapping[str, UserIndicator]) -> pd.DataFrame:
    """The bundled catalogue plus one row per user indicator (a new frame; inputs unchanged).

    User rows get ``label_ko = label_en = label``, ``scale`` 1, ``derived`` False, ``source_type`` ``user``,
    ``licence`` ``user data``, ``source_ids`` the file name, and ``notes`` saying where they came from.

    Examples
    --------
    >>> cat = merge_catalogue(indicators.load_catalogue(), {})
    >>> len(cat) == len(indicators.load_catalogue())
    True
    """
    rows = []
    for uid, u in user.items():
        row = {c: "" for c in catalogue.columns}
        row.update({
            "label_ko": u.label, "label_en": u.label, "layer": u.layer, "unit": u.unit or "-",
            "unit_ko": u.unit or "-", "scale": 1.0, "nature": u.nature, "derived": False, "derivation": "",
            "base_year": "none", "source_ids": u.source, "licence": "user data", "source_type": "user",
            "notes": f"uploaded from {u.source} in this session",
        })
        rows.append(pd.DataFrame([{c: row.get(c, "") for c in catalogue.columns}], index=pd.Index([uid], name=catalogue.index.name)))
    if not rows:
        return catalogue.copy()
    return pd.concat([catalogue, *rows])


def user_years(u: UserIndicator, level: str) -> list[int]:
    """Years with values at ``level``, ascending."""
    return sorted(int(y) for y in u.values.loc[u.values["level"] == level, "year"].unique())


def user_modes(u: UserIndicator) -> list[str]:
    """View modes that make sense: share and per capita only for extensive amounts."""
    return ["raw", "share", "per_capita"] if u.nature == "extensive" else ["raw"]


def user_view(u: UserIndicator, level: str, year: int, mode: str = "raw") -> views.IndicatorView:
    """A user indicator as an :class:`analysis.views.IndicatorView`, like a bundled one.

    ``share`` divides by the sum over the file's regions (no published national total exists for user data;
    the label says so); ``per_capita`` divides by the bundled registered population.

    Raises
    ------
    DataError
        No values at that level/year, or no population for per capita.
    AggregationError
        ``share``/``per_capita`` of an intensive indicator.
    """
    if mode not in views.MODES:
        raise DataError(f"unknown view mode {mode!r}; choose one of {list(views.MODES)}")
    if mode not in user_modes(u):
        raise AggregationError(f"{u.label} is intensive: it cannot be shown as {views.MODES[mode][1].lower()}; "
                               "choose 'raw'")
    rows = u.values[(u.values["level"] == level) & (u.values["year"] == int(year))]
    if rows.empty:
        raise DataError(f"{u.label}: no values at {level} level in {year}; years: {user_years(u, level)}")
    raw = pd.Series(rows["value"].to_numpy(float), index=pd.Index(rows["code"].astype(str), name="code"), name=u.id)
    unit = views.unit_format(u.unit, 1.0, u.unit)
    label_ko = label_en = u.label
    nature = u.nature
    if mode == "share":
        values = raw / float(raw.sum()) * 100.0
        unit = views.UnitFormat("percent", 1.0, "", "")
        label_ko, label_en = f"{u.label} — 파일 지역 합계 대비 비중 (%)", f"{u.label} — share of the file's total (%)"
    elif mode == "per_capita":
        pop = indicators.get(views.POPULATION, level=level, year=int(year)).astype(float).reindex(raw.index)
        if pop.isna().all():
            raise DataError(f"no registered population at {level} level in {year}: per capita is not available")
        values = raw / pop
        unit = views.UnitFormat("number", 1.0, f"{u.unit} /명", f"{u.unit} per person")
        nature = "intensive"
        label_ko, label_en = f"{u.label} — 인구 1인당", f"{u.label} — per capita"
    else:
        values = raw
    return views.IndicatorView(indicator=u.id, level=level, year=int(year), mode=mode, values=values.rename(u.id),
                               label_ko=label_ko, label_en=label_en, unit=unit, nature=nature,
                               source=f"user upload: {u.source}")


def user_panel(u: UserIndicator, level: str, mode: str = "raw") -> pd.DataFrame:
    """All years of a user view as regions × years."""
    cols = {y: user_view(u, level, y, mode).values for y in user_years(u, level)}
    if not cols:
        raise DataError(f"{u.label} has no values at {level} level")
    return pd.DataFrame(cols)


def to_csv(u: UserIndicator) -> bytes:
    """The clean long-format CSV (UTF-8 with BOM so Excel reads the Korean): ``code, level, year, indicator,
    label, unit, value``."""
    out = u.values.assign(label=u.label, unit=u.unit)[["code", "level", "year", "indicator", "label", "unit", "value"]]
    out = out.sort_values(["year", "code"], kind="stable")
    return safe_frame(out).to_csv(index=False).encode("utf-8-sig")
