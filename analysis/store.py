"""The indicator store: catalogue, values, sources and series breaks in one immutable object.

Every reader (the app's tabs, the CLI, the briefing, the deck, the summary) takes a :class:`Store`.
:func:`bundled` gives the bundled data, loaded and validated once per process (:mod:`analysis.indicators`);
uploaded indicators are added by :meth:`Store.with_user`, which returns a *new* store and never changes the
cached one. A user indicator then works everywhere a bundled one does.

Rules written here once:

* **views** (:meth:`Store.view`): an indicator as its value, a share of the national total or per capita. A
  share divides by the published national total where there is one, else by the sum over the regions, and
  only when the year is complete (:func:`analysis.regions.missing`); never over a subset.
* **complete years** (:meth:`Store.complete_years`): every unit of the level's view has a value (the
  exceptions are the territory table, :mod:`analysis.territory`).
* **series breaks** (``data/indicators/breaks.csv``, optional: ``indicator_id, break_year, reason_ko,
  reason_en, source_id``): comparing an indicator across years ``y0 < break_year <= y1`` is refused with the
  reason (:meth:`Store.check_span`).

Examples
--------
>>> s = bundled()
>>> round(float(s.get("rd_expenditure_share_pct", "sido", 2022).sum()), 1)
100.0
>>> s.complete_years("rd_expenditure_from_share", "sido")
[2022]
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from analysis import indicators, regions
from analysis.errors import AggregationError, DataError
from analysis.userdata import UserIndicator
from analysis.views import MODES, POPULATIONS, IndicatorView, UnitFormat, unit_format
from lang import col, t

__all__ = ["BREAKS_CSV", "Break", "Store", "bundled"]

BREAKS_CSV: Path = indicators.DATA_DIR / "breaks.csv"
"""Series breaks (optional file): comparing across a break is refused."""

T = TypeVar("T")

_BREAK_COLUMNS = ["indicator_id", "break_year", "reason_ko", "reason_en", "source_id"]
_VALUE_COLUMNS = ["code", "level", "year", "indicator", "value", "source_id"]


@dataclass(frozen=True)
class Break:
    """A statistical break in an indicator's series: years before ``year`` and from ``year`` on differ."""

    indicator: str
    year: int
    reason_ko: str
    reason_en: str
    source_id: str


def _read_breaks(path: Path = BREAKS_CSV) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=int if c == "break_year" else str) for c in _BREAK_COLUMNS})
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in _BREAK_COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"{path.name} lacks columns {missing}; expected {', '.join(_BREAK_COLUMNS)}")
    years = pd.to_numeric(df["break_year"], errors="coerce")
    if years.isna().any():
        raise DataError(f"{path.name}: break_year must be a year; got {df.loc[years.isna(), 'break_year'].tolist()}")
    return df[_BREAK_COLUMNS].assign(break_year=years.astype(int))


@dataclass(frozen=True, eq=False)
class Store:
    """Catalogue, values, sources and series breaks; immutable (treat the frames as read-only).

    Attributes
    ----------
    catalogue : pandas.DataFrame
        Indexed by indicator id (columns of :func:`analysis.indicators.load_catalogue`); user rows have
        ``source_type`` ``user``.
    values : pandas.DataFrame
        Long format ``code, level, year, indicator, value, source_id`` (derived indicators included).
    sources : pandas.DataFrame
        Indexed by ``source_id``: ``publisher``, ``table`` … (user files get ``user:<id>`` rows).
    breaks : pandas.DataFrame
        ``indicator_id, break_year, reason_ko, reason_en, source_id`` (empty without ``breaks.csv``).
    user : tuple of UserIndicator
        The uploaded indicators this store adds to the bundled ones.
    key : str
        A fingerprint of the content (``bundled`` for the bundled store), for caches.
    """

    catalogue: pd.DataFrame = field(repr=False)
    values: pd.DataFrame = field(repr=False)
    sources: pd.DataFrame = field(repr=False)
    breaks: pd.DataFrame = field(repr=False)
    user: tuple[UserIndicator, ...] = ()
    key: str = "bundled"
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------------------------- building
    def with_user(self, *users: UserIndicator) -> Store:
        """A new store with these uploaded indicators added (an id already present is replaced).

        Examples
        --------
        >>> s = bundled()
        >>> s.with_user() is not s, len(s.user)
        (True, 0)
        """
        ids = {u.id for u in users}
        clash = sorted(ids & set(self.catalogue.index[self.catalogue["source_type"] != "user"]))
        if clash:
            raise DataError(f"uploaded indicator ids {clash} clash with bundled ids; rename them")
        kept = tuple(u for u in self.user if u.id not in ids) + tuple(users)
        bundled_rows = ~self.values["indicator"].isin([u.id for u in self.user] + list(ids))
        cat = self.catalogue.drop(index=[i for i in self.catalogue.index if i in ids])
        src = self.sources.drop(index=[f"user:{i}" for i in ids if f"user:{i}" in self.sources.index])
        frames, cat_rows, src_rows = [self.values[bundled_rows]], [], []
        for u in users:
            tidy = u.values[["code", "level", "year", "indicator", "value"]].copy()
            tidy = tidy.assign(code=tidy["code"].astype(str), year=tidy["year"].astype(int), indicator=u.id,
                               value=tidy["value"].astype(float), source_id=f"user:{u.id}")
            frames.append(tidy.dropna(subset=["value"])[_VALUE_COLUMNS])
            cat_rows.append(_catalogue_row(u, cat.columns))
            src_rows.append(pd.DataFrame([{c: "" for c in src.columns} | {
                "publisher": t("upload_publisher", "en"), "table": u.source, "source_type": "user",
                "licence": t("upload_licence", "en")}
                | ({"publisher_ko": t("upload_publisher", "ko"), "table_ko": u.source,
                    "licence_ko": t("upload_licence", "ko")} if "publisher_ko" in src.columns else {})],
                index=pd.Index([f"user:{u.id}"], name=src.index.name))[src.columns])
        values = pd.concat(frames, ignore_index=True)
        if src_rows:
            src = pd.concat([src, *src_rows])
        fingerprint = hashlib.sha1()
        for u in kept:
            fingerprint.update(u.id.encode() + u.label.encode() + u.unit.encode() + u.layer.encode()
                               + u.nature.encode() + u.source.encode())
            fingerprint.update(pd.util.hash_pandas_object(u.values, index=False).to_numpy().tobytes())
        key = "bundled" if not kept else f"user:{fingerprint.hexdigest()[:16]}"
        return replace(self, catalogue=pd.concat([cat, *cat_rows]) if cat_rows else cat, values=values,
                       sources=src, user=kept, key=key, _memo={})

    def memo(self, key: tuple, make: Callable[[], T]) -> T:
        """``make()`` computed once per store and ``key`` (results derived from this store's values only).

        Readers cache what they compute from a store here (industry matrices, location quotients, cluster
        tables), so a cached result never outlives its store or mixes a store with uploads and the bundled one.
        """
        key = ("memo", *key)
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    # ------------------------------------------------------------------------------------- catalogue
    def row(self, indicator: str) -> pd.Series:
        """The catalogue row of ``indicator``.

        Raises
        ------
        DataError
            Unknown id (the message says where to find the valid ids).
        """
        if indicator not in self.catalogue.index:
            uploaded = f"; uploaded: {', '.join(u.id for u in self.user)}" if self.user else ""
            raise DataError(f"unknown indicator {indicator!r}; run `python -m analysis indicators` for the valid "
                            f"ids (uploaded indicators start with user_){uploaded}")
        return self.catalogue.loc[indicator]

    def is_user(self, indicator: str) -> bool:
        """True for an uploaded indicator."""
        return indicator in self.catalogue.index and self.catalogue.at[indicator, "source_type"] == "user"

    def label(self, indicator: str, lang: str = "en") -> str:
        """Catalogue label in ``ko`` or ``en``."""
        return str(self.row(indicator)[col("label", lang)])

    def modes(self, indicator: str) -> list[str]:
        """View modes that make sense: share and per capita only for extensive amounts (not already shares)."""
        row = self.row(indicator)
        if row["nature"] != "extensive" or str(row["unit"]).startswith("% of"):
            return ["raw"]
        return ["raw", "share", "per_capita"]

    # ------------------------------------------------------------------------------------- values
    def _rows(self, indicator: str, level: str) -> pd.DataFrame:
        key = ("rows", indicator, level)
        if key not in self._memo:
            self.row(indicator)
            if level not in indicators.VALUE_LEVELS:
                raise DataError(f"unknown level {level!r}; valid levels: {', '.join(indicators.VALUE_LEVELS)}")
            v = self.values
            self._memo[key] = v[(v["indicator"] == indicator) & (v["level"] == level)]
        rows = self._memo[key]
        if rows.empty:
            v = self.values
            levels = sorted(v.loc[v["indicator"] == indicator, "level"].unique())
            raise DataError(f"indicator {indicator!r} has no data at level {level!r}; levels with data: "
                            f"{', '.join(levels) or 'none'}")
        return rows

    def available(self, level: str) -> set[str]:
        """Indicator ids with at least one value at ``level``."""
        key = ("available", level)
        if key not in self._memo:
            self._memo[key] = set(self.values.loc[self.values["level"] == level, "indicator"].unique())
        return set(self._memo[key])

    def years(self, indicator: str, level: str) -> list[int]:
        """Years with at least one value, ascending (raises :class:`DataError` when there is no data)."""
        return sorted(int(y) for y in self._rows(indicator, level)["year"].unique())

    def get(self, indicator: str, level: str, year: int | None = None) -> pd.Series:
        """Values of one indicator, level and year, indexed by code (str), named by the id.

        ``attrs`` carries the catalogue fields. ``year`` defaults to the
        latest year with any value.
        """
        rows = self._rows(indicator, level)
        if year is None:
            year = int(rows["year"].max())
        sel = rows[rows["year"] == int(year)]
        if sel.empty:
            raise DataError(f"indicator {indicator!r} has no {level} data for {year!r}; years with data: "
                            f"{', '.join(map(str, self.years(indicator, level)))}")
        out = pd.Series(sel["value"].to_numpy(dtype=float), index=pd.Index(sel["code"].astype(str), name="code"),
                        name=indicator).sort_index()
        row = self.row(indicator)
        out.attrs = {"indicator": indicator, "level": level, "year": int(year),
                     **{k: row[k] for k in ("label_en", "label_ko", "unit", "unit_ko", "nature", "layer",
                                            "base_year", "source_type")},
                     "scale": float(row["scale"]), "derived": bool(row["derived"])}
        return out

    def series(self, indicator: str, level: str, codes: Iterable[str] | None = None) -> pd.DataFrame:
        """A year × code table (NaN where a region has no value that year); ``codes`` keeps those columns in that
        order (a code that is no unit of the indicator's view of a map level raises :class:`DataError`).

        Examples
        --------
        >>> bundled().series("grdp_nominal_b2020", "sido", codes=["44", "36"]).loc[2012:2013, "36"].isna().tolist()
        [True, False]
        """
        rows = self._rows(indicator, level)
        table = rows.pivot(index="year", columns="code", values="value").sort_index()
        table.index.name, table.columns.name = "year", "code"
        if codes is not None:
            codes = [str(c) for c in codes]
            if level in regions.LEVELS:
                known = set(regions.units(level, self.autonomous(indicator, level))) | set(table.columns)
                bad = [c for c in codes if c not in known]
                if bad:
                    raise DataError(f"unknown {level} codes {bad}; valid codes look like "
                                    f"{', '.join(sorted(known)[:5])} …")
            table = table.reindex(columns=codes)
        return table

    def region_series(self, indicator: str, level: str, code: str) -> pd.Series:
        """Values of one region over the years (index ``year``); empty when it has none."""
        table = self.series(indicator, level)
        return table[code].dropna() if code in table.columns else pd.Series(dtype=float, name=code)

    # ------------------------------------------------------------------------------------- completeness
    def autonomous(self, indicator: str, level: str) -> bool:
        """The sigungu view of an indicator's codes (:func:`analysis.regions.sigungu_view`); False elsewhere."""
        if level != "sigungu":
            return False
        return regions.sigungu_view(self._rows(indicator, level)["code"].unique())

    def missing(self, indicator: str, level: str, year: int) -> list[str]:
        """Units of the level's view without a value in ``year`` (the completeness rule)."""
        codes = self.get(indicator, level, year).dropna().index
        return regions.missing(codes, level, self.autonomous(indicator, level))

    def complete_years(self, indicator: str, level: str) -> list[int]:
        """Years in which every unit of the level's view has a value (the territory table, :mod:`analysis.territory`
        excepted); the only years in which shares of a national total, mismatch and spatial statistics are
        computed.

        Examples
        --------
        >>> bundled().complete_years("gva_manufacturing_nominal_b2020", "sido")[:2]
        [2010, 2011]
        """
        key = ("complete", indicator, level)
        if key not in self._memo:
            self._memo[key] = regions.complete_years(self._rows(indicator, level), level)
        return list(self._memo[key])

    def counts(self, level: str, ids: Iterable[str] | None = None) -> pd.DataFrame:
        """Number of regions with a value per indicator (rows, catalogue order) and year (columns); 0 where none.

        Raises
        ------
        DataError
            Unknown ids, or no data at ``level`` for them.
        """
        v = self.values[self.values["level"] == level]
        if ids is not None:
            ids = list(ids)
            for i in ids:
                self.row(i)
            v = v[v["indicator"].isin(ids)]
        if v.empty:
            raise DataError(f"no data at level {level!r}{f' for {ids}' if ids else ''}; try "
                            "`python -m analysis indicators`")
        table = v.groupby(["indicator", "year"])["code"].nunique().unstack("year", fill_value=0).astype(int)
        return table.loc[[i for i in self.catalogue.index if i in table.index]]

    def coverage(self, level: str) -> pd.DataFrame:
        """Per indicator with data at ``level``: ``label_en, layer, unit, nature, derived, first_year, last_year,
        n_years, max_regions, min_regions, full_years`` (the number of complete years; map levels only); empty
        without data."""
        try:
            cov = self.counts(level)
        except DataError:
            return pd.DataFrame()
        has = cov.gt(0)
        out = self.catalogue.loc[cov.index, ["label_en", "layer", "unit", "nature", "derived"]].copy()
        out["first_year"] = [int(cov.columns[h.to_numpy()].min()) for _, h in has.iterrows()]
        out["last_year"] = [int(cov.columns[h.to_numpy()].max()) for _, h in has.iterrows()]
        out["n_years"] = has.sum(axis=1).astype(int)
        out["max_regions"] = cov.max(axis=1).astype(int)
        out["min_regions"] = cov.where(has).min(axis=1).astype(int)
        if level in regions.LEVELS:  # map levels (group and national rows are kept for checks only)
            out["full_years"] = [len(self.complete_years(i, level)) for i in cov.index]
        return out

    # ------------------------------------------------------------------------------------- breaks
    def break_between(self, indicator: str, y0: int, y1: int) -> Break | None:
        """The first series break of ``indicator`` between two years (``min < break_year <= max``), or None."""
        lo, hi = sorted((int(y0), int(y1)))
        b = self.breaks
        hit = b[(b["indicator_id"] == indicator) & (b["break_year"] > lo) & (b["break_year"] <= hi)]
        if hit.empty:
            return None
        r = hit.sort_values("break_year").iloc[0]
        return Break(indicator, int(r["break_year"]), str(r["reason_ko"]), str(r["reason_en"]), str(r["source_id"]))

    def check_span(self, indicator: str, y0: int, y1: int) -> None:
        """Refuse comparing ``indicator`` between ``y0`` and ``y1`` across a series break.

        Raises
        ------
        DataError
            Naming the break year and its reason.
        """
        br = self.break_between(indicator, y0, y1)
        if br is not None:
            raise DataError(f"{indicator} cannot be compared between {min(y0, y1)} and {max(y0, y1)}: its series "
                            f"breaks in {br.year} ({br.reason_en}); compare years on one side of the break")

    # ------------------------------------------------------------------------------------- sources
    def reference_period(self, indicator: str) -> str:
        """What a year of ``indicator`` stands for: ``""`` (calendar year), ``H2``, ``annual_mean`` or ``Q4``
        (:data:`analysis.indicators.REFERENCE_PERIODS`)."""
        row = self.row(indicator)
        return str(row.get("reference_period", "") or "")

    def sources_for(self, indicator: str, level: str, year: int, lang: str = "en") -> list[str]:
        """Publisher and table (with the year) of every source behind the values, in ``lang`` (``ko``: the
        Korean publisher and table); derived ids list their inputs'; uploads name the file."""
        rows = self._rows(indicator, level)
        rows = rows[rows["year"] == int(year)]
        if rows.empty:
            raise DataError(f"{indicator} has no {level} values in {year}; see `python -m analysis coverage`")
        ids = sorted({p.strip() for ref in rows["source_id"].dropna().astype(str)
                      for p in ref.replace("+", ";").split(";") if p.strip()})
        src = self.sources
        return list(dict.fromkeys(indicators.source_text(src, i, year, lang) for i in ids if i in src.index))

    def source_line(self, indicator: str, level: str, year: int, lang: str = "en") -> str:
        """:meth:`sources_for` joined with `` · `` (``—`` when there is none)."""
        try:
            return " · ".join(self.sources_for(indicator, level, year, lang)) or "—"
        except DataError:
            return "—"

    # ------------------------------------------------------------------------------------- views
    def _national_total(self, indicator: str, level: str, year: int, values: pd.Series) -> float:
        v = self.values
        nat = v[(v["indicator"] == indicator) & (v["level"] == "national") & (v["year"] == int(year))]
        if len(nat) and np.isfinite(float(nat["value"].iloc[0])):
            return float(nat["value"].iloc[0])
        gaps = regions.missing(values.dropna().index, level, self.autonomous(indicator, level))
        if gaps:
            raise DataError(
                f"{indicator} in {year}: no published national total and {len(gaps)} {level} regions have no "
                f"value ({', '.join(gaps[:6])}{' …' if len(gaps) > 6 else ''}), so a share of the national total "
                "cannot be computed; show the value instead"
            )
        return float(values.sum())

    def _population(self, level: str, year: int) -> pd.Series:
        """The first of :data:`analysis.views.POPULATIONS` with data at ``level`` in ``year`` (empty if none)."""
        for ident in POPULATIONS:
            if ident in self.available(level) and int(year) in self.years(ident, level):
                return self.get(ident, level, year)
        return pd.Series(dtype=float)

    def view(self, indicator: str, level: str, year: int, mode: str = "raw") -> IndicatorView:
        """``indicator`` at ``level`` in ``year`` as value, share of the national total or per capita.

        Raises
        ------
        DataError
            Unknown id or mode, no data, no national total for a share of an incomplete year, no population.
        AggregationError
            ``share``/``per_capita`` of an intensive indicator (or one already a share).

        Examples
        --------
        >>> v = bundled().view("population_registered", "sido", 2020, "share")
        >>> round(float(v.values.sum()), 6)
        100.0
        """
        if mode not in MODES:
            raise DataError(f"unknown view mode {mode!r}; choose one of {list(MODES)}")
        row = self.row(indicator)
        if mode not in self.modes(indicator):
            raise AggregationError(
                f"{indicator} is {row['nature']} ({row['unit']}): it cannot be shown as "
                f"{t(f'mode_{mode}', 'en').lower()}; choose 'raw'")
        raw = self.get(indicator, level, year)
        unit = unit_format(str(row["unit"]), float(row["scale"]), str(row.get("unit_ko", "")))
        nature = str(row["nature"])
        if mode == "share":
            values = raw / self._national_total(indicator, level, year, raw) * 100.0
            unit, nature = UnitFormat("percent", 1.0, "", ""), "extensive"
        elif mode == "per_capita":
            pop = self._population(level, year).reindex(raw.index)
            if pop.isna().all():
                raise DataError(f"no population ({', '.join(POPULATIONS)}) at {level} level in {year}: per capita "
                                "is not available")
            values = raw * unit.scale / pop
            if unit.kind == "persons":
                values, unit = values * 100.0, UnitFormat("percent", 1.0, "", "")
            else:
                unit = UnitFormat(unit.kind, 1.0, unit.suffix_ko + t("per_person", "ko"), unit.suffix_en + t("per_person", "en"))
            nature = "intensive"
        else:
            values = raw
        label_ko, label_en = str(row["label_ko"]), str(row["label_en"])
        if mode != "raw":
            label_ko, label_en = (f"{label_ko} — {t(f'mode_{mode}', 'ko')}",
                                  f"{label_en} — {t(f'mode_{mode}', 'en')}")
        values = pd.Series(values.to_numpy(float), index=raw.index, name=indicator)
        source = f"user upload: {self.sources.at[f'user:{indicator}', 'table']}" if self.is_user(indicator) \
            else str(row.get("source_ids", ""))
        return IndicatorView(indicator=indicator, level=level, year=int(year), mode=mode, values=values,
                             label_ko=label_ko, label_en=label_en, unit=unit, nature=nature, source=source)

    def panel(self, indicator: str, level: str, mode: str = "raw") -> pd.DataFrame:
        """All years of a view as regions × years (years whose view cannot be computed are left out)."""
        cols = {}
        for year in self.years(indicator, level):
            try:
                cols[year] = self.view(indicator, level, year, mode).values
            except (DataError, AggregationError):
                continue
        if not cols:
            what = t(f"mode_{mode}", "en").lower() if mode in MODES else mode
            raise DataError(f"{indicator} has no {what} data at {level} level")
        return pd.DataFrame(cols)


def _catalogue_row(u: UserIndicator, columns: pd.Index) -> pd.DataFrame:
    row = {c: "" for c in columns} | {
        "label_ko": u.label, "label_en": u.label, "layer": u.layer, "unit": u.unit or "-", "unit_ko": u.unit or "-",
        "scale": 1.0, "nature": u.nature, "derived": False, "derivation": "", "base_year": "none",
        "source_ids": f"user:{u.id}", "licence": t("upload_licence", "en"), "source_type": "user",
        "notes": t("upload_notes", "en", source=u.source), "notes_ko": t("upload_notes", "ko", source=u.source),
        "licence_ko": t("upload_licence", "ko"),
        "reference_period": "",
    }
    return pd.DataFrame([{c: row[c] for c in columns}], index=pd.Index([u.id], name=columns.name or "id"))


@functools.lru_cache(maxsize=1)
def bundled() -> Store:
    """The bundled store (loaded, validated and derived once per process and kept on disk for the next ones,
    :mod:`analysis.store_cache`; shared, never modified).

    Raises
    ------
    DataError
        A bundled file is missing or fails validation.
    """
    from analysis import store_cache

    frames = store_cache.load(_bundled_frames)  # loaded, validated and derived once per machine and data version
    return Store(catalogue=frames["catalogue"], values=frames["values"], sources=frames["sources"],
                 breaks=frames["breaks"])


def _bundled_frames() -> dict[str, pd.DataFrame]:
    cat = indicators.load_catalogue()
    cat.index.name = "id"
    return {"catalogue": cat, "values": indicators.load_values(), "sources": indicators.load_sources(),
            "breaks": _read_breaks()}
