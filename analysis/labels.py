"""Korean and English wording of local-statistic clusters (LISA quadrants, Gi* hot/cold spots).

The wording lives in one data table, ``data/lisa_labels.csv`` (columns ``scheme, key, label_ko, label_en,
description_en``), so planners can change a phrase without touching code. Schemes:

``univariate``
    Local Moran of one variable (High-High cluster, Low-High outlier, ...).
``bivariate``
    Generic bivariate LISA, x against the neighbours' y.
``rnd_production``
    Bivariate LISA of R&D (x) against the neighbours' production (lag y), in planner wording
    (e.g. HL = "R&D hub without a production hinterland").
``workforce_production``, ``services_production``
    The same planner wording for a workforce (e.g. professionals) or services x against the neighbours'
    production (e.g. machine operators, employment in industrial complexes).
``production_rnd``, ``production_workforce``, ``production_services``
    Production (x) against the neighbours' R&D, workforce or services: the other side of each pair
    (the "y here vs neighbours' x" LISA).
``mismatch``
    Local Moran of the log share ratio ln M = ln(share_x / share_y).
``getis_ord``
    Getis-Ord Gi* hot and cold spots.

Keys are ``HH``, ``LH``, ``LL``, ``HL`` (value first, neighbours' lag second) and ``ns`` (not significant);
``getis_ord`` uses ``hot``, ``cold``, ``ns``.

Labels name variables by their role, never by an id prefix: ``{a}`` is the variable whose value the region
has (the first argument of the bivariate LISA; x, the numerator of ln M), ``{b}`` the neighbours' variable
(the lag of the bivariate LISA; y, the denominator of ln M). :func:`labels_for` fills them with the
indicators' own labels in each language, so "Y against neighbours' X" reads "Y high here, neighbours' X
low" with the real names and never swaps them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.errors import DataError

LABELS_CSV = Path(__file__).resolve().parent.parent / "data" / "lisa_labels.csv"

__all__ = ["LABELS_CSV", "Names", "label_table", "labels_for", "role_names", "schemes", "short_label"]

Names = Mapping[str, tuple[str, str]]
"""Role → (Korean, English) name: ``{"a": (ko, en), "b": (ko, en)}``."""

_DEFAULT_NAMES: dict[str, tuple[str, str]] = {"a": ("X", "X"), "b": ("Y", "Y")}


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    table = pd.read_csv(LABELS_CSV, dtype=str, keep_default_na=False)
    return table.set_index(["scheme", "key"]).sort_index()


def label_table() -> pd.DataFrame:
    """The whole wording table, indexed by ``(scheme, key)``.

    Returns
    -------
    pandas.DataFrame
        Columns ``label_ko``, ``label_en``, ``description_en`` (a copy; edit the CSV to change wording).

    Examples
    --------
    >>> label_table().loc[("rnd_production", "HL"), "label_en"]
    'R&D hub here, neighbours produce little'
    """
    return _table().copy()


def schemes() -> list[str]:
    """The wording schemes available (``univariate``, ``bivariate``, ``rnd_production``, ...)."""
    return sorted(_table().index.get_level_values("scheme").unique())


def labels_for(scheme: str, names: Names | None = None) -> pd.DataFrame:
    """Wording of one scheme, indexed by key (``HH``, ``LH``, ``LL``, ``HL``, ``ns`` or ``hot``/``cold``/``ns``).

    Parameters
    ----------
    scheme : str
        One of :func:`schemes`.
    names : mapping, optional
        ``{"a": (ko, en), "b": (ko, en)}``: the names put in place of ``{a}`` (the region's own variable) and
        ``{b}`` (the neighbours' variable, or the denominator of ln M). Missing roles read ``X`` and ``Y``.

    Returns
    -------
    pandas.DataFrame
        Columns ``label_ko``, ``label_en``, ``description_en``.

    Raises
    ------
    DataError
        If ``scheme`` is not in the table; the message lists the valid schemes.

    Examples
    --------
    >>> labels_for("univariate").loc["HH", "label_ko"]
    '고-고 군집 (핫스팟)'
    >>> labels_for("bivariate", {"a": ("인구", "Population"), "b": ("연구개발비", "R&D")}).loc["HL", "label_en"]
    "Population high here, neighbours' R&D low"
    """
    table = _table()
    if scheme not in table.index.get_level_values("scheme"):
        raise DataError(
            f"unknown label scheme {scheme!r}; valid schemes: {', '.join(schemes())}. "
            f"Pick one of these or add rows for it to {LABELS_CSV.name}."
        )
    words = table.xs(scheme, level="scheme").copy()
    roles = {**_DEFAULT_NAMES, **(names or {})}
    for col, i in (("label_ko", 0), ("label_en", 1), ("description_en", 1)):
        fill = {role: str(pair[i]) for role, pair in roles.items()}
        words[col] = [text.format_map(fill) for text in words[col]]
    return words


def short_label(label: str) -> str:
    """A catalogue label without its parenthetical qualifier, for legends, slide headings and headline cards.

    Examples
    --------
    >>> short_label("R&D expenditure (derived: published share × published national total)")
    'R&D expenditure'
    >>> short_label("연구개발비 (비중×전국 총액, 산출)"), short_label("Manufacturing value added, nominal")
    ('연구개발비', 'Manufacturing value added, nominal')
    """
    head = label.split(" (", 1)[0].split(" — ", 1)[0].strip()
    return head or label


def role_names(x: tuple[str, str], y: tuple[str, str]) -> dict[str, tuple[str, str]]:
    """The names put in the roles of a comparison's wording: the short labels, or in a language where the two
    short labels read the same ("R&D expenditure" and "R&D expenditure"), the full ones.

    Parameters
    ----------
    x, y : (str, str)
        Korean and English catalogue labels of the region's own variable (``a``) and the other (``b``).

    Returns
    -------
    dict
        ``{"a": (ko, en), "b": (ko, en)}`` for :func:`labels_for`.

    Examples
    --------
    >>> role_names(("연구개발비 (비중×전국 총액, 산출)", "R&D expenditure (derived)"), ("인구", "Population"))
    {'a': ('연구개발비', 'R&D expenditure'), 'b': ('인구', 'Population')}
    >>> role_names(("연구개발비 (총)", "R&D expenditure (GERD)"), ("연구개발비 (산출)", "R&D expenditure (derived)"))["a"]
    ('연구개발비 (총)', 'R&D expenditure (GERD)')
    """
    out: dict[str, list[str]] = {"a": [], "b": []}
    for i in (0, 1):
        a, b = short_label(x[i]), short_label(y[i])
        if a == b:
            a, b = x[i], y[i]
        out["a"].append(a)
        out["b"].append(b)
    return {k: (v[0], v[1]) for k, v in out.items()}
