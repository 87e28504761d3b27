"""A region's specialisation profile: the one call behind ``analysis profile``, the Specialisation tab and the
scorecard PDF/slides (one path per number).

:func:`region_profile` reads everything from a :class:`~analysis.store.Store` (the bundled one, or one with
uploads: the CLI's ``--data``, the tab's session store) and returns a :class:`RegionProfile` of one **measure**
(:data:`analysis.specialisation.MEASURES`: value added, or at sido the business survey's workers, establishments
and sales): location quotients of every industry (:func:`analysis.specialisation.industry_matrix` of the
store), the structure indices, the
shift-share of growth since the base year (refused across a series break or a territory change), the region's
cluster membership per industry (LISA of the LQ), its mismatch position (share of knowledge services vs share of
manufacturing from :func:`analysis.compare.compare`, the Mismatch tab's call), its peers, and the region's value
of every peer indicator beyond the industry shares (uploads included), and the region's industrial complexes
(:func:`analysis.complexes.region_complexes`, KICOX 2023 Q4 whatever the profile's year). :meth:`RegionProfile.to_dict`
is the CLI's JSON (keys documented there).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis import regions, territory
from analysis import specialisation as sp
from analysis.complexes import RegionComplexes, region_complexes
from analysis.defaults import PERMUTATIONS, SEED, STUDY_LEVELS
from analysis.errors import AtlasError, DataError
from analysis.readings import neighbour_reading
from analysis.store import Store

__all__ = ["MEASURE_PAIRS", "MISMATCH_PAIRS", "PEER_INDICATORS", "SCHEMA", "RegionProfile", "cluster_table",
           "default_base_year", "extra_indicators", "lq_table", "mismatch_pair", "profile_years", "region_profile",
           "same_territory_years"]

SCHEMA = "ries-atlas/profile/1"

#: level → (x = knowledge services, y = manufacturing): the mismatch pair of the scorecard.
MISMATCH_PAIRS: dict[str, tuple[str, str]] = {
    "sigungu": ("gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015"),
    "sido": ("gva_prof_sci_tech_services_nominal_b2020", "gva_manufacturing_nominal_b2020"),
}

#: measure → (x = professional, scientific and technical services M, y = manufacturing C) of the business survey:
#: the scorecard's mismatch pair when the profile's measure is not value added (sido).
MEASURE_PAIRS: dict[str, tuple[str, str]] = {
    "workers": ("workers_bs_m_prof_sci_tech", "workers_bs_c_manufacturing"),
    "establishments": ("establishments_bs_m_prof_sci_tech", "establishments_bs_c_manufacturing"),
    "sales": ("sales_bs_m_prof_sci_tech", "sales_bs_c_manufacturing"),
}


def mismatch_pair(level: str, measure: str = "value_added") -> tuple[str, str]:
    """The (x, y) of the profile's mismatch position: :data:`MISMATCH_PAIRS` for value added, else
    :data:`MEASURE_PAIRS` (the same two sections counted in the profile's measure)."""
    return MISMATCH_PAIRS[level] if measure == "value_added" else MEASURE_PAIRS[measure]


#: level → indicators added to the industry shares in the peer search (weight 1 each unless given).
PEER_INDICATORS: dict[str, tuple[str, ...]] = {
    "sigungu": ("gva_per_capita_b2015",),
    "sido": ("grdp_per_capita_b2020",),
}


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


@dataclass(frozen=True)
class RegionProfile:
    """Everything the scorecard shows about one region (see :func:`region_profile`).

    Attributes
    ----------
    code, level, name_ko, name_en : str
    year : int
    base_year : int or None
        Start year of the shift-share (None when the set has no earlier year).
    set_name, base : str
        Industry set and its base year (e.g. ``sigungu_b2015``, ``"2015"``; ``"none"`` for the business survey).
    measure : str
        Key of :data:`analysis.specialisation.MEASURES` (``value_added``, ``workers``, ``establishments``,
        ``sales``).
    industries : tuple of str
        Indicator ids in the set's order.
    labels : dict
        Indicator id → (label_ko, label_en).
    lq, share, national_share : dict
        Indicator id → value (None where suppressed).
    structure : dict or None
        Structure indices (``krugman``, ``hhi``, ``entropy``, ``unrelated_variety``, ``related_variety``,
        ``n_industries``, ``missing``); None with ``structure_note`` saying why when refused.
    shift_share : dict or None
        ``year0``, ``year1``, ``national_growth``, ``industries`` (id → components), ``totals``; None with
        ``shift_share_note``.
    clusters : dict
        Indicator id → {cluster, label_ko, label_en, p_sim, quadrant, neighbours} of the LISA of that industry's
        LQ; ``neighbours`` is :meth:`analysis.readings.NeighbourReading.to_dict` (the neighbours' LQs: do they share
        the specialisation?).
    mismatch : dict or None
        ``x``, ``y``, ``share_x``, ``share_y``, ``log_ratio`` (ln of the share ratio).
    peers : list of dict
        ``code``, ``name_ko``, ``name_en``, ``distance``, ``reasons``.
    peer_weights : dict
        Variable → weight of the peer search.
    indicators : dict
        Indicator id → the region's ``value``, ``rank`` of ``n``, ``share_of_total_pct`` (extensive ones),
        ``year``, ``unit``, labels, ``uploaded`` and ``source``, for the peer indicators beyond the industry
        shares (:func:`extra_indicators`: the level's own and the store's uploads).
    notes : tuple of str
        Caveats (nominal values, base year, suppressed cells, a mismatch position not shown).
    permutations, seed
        Of the LISA of each industry's LQ.
    store : analysis.store.Store
        The store the profile was read from (the scorecard draws its LQ map from the same one).
    complexes : RegionComplexes or None
        The region's industrial complexes (:func:`analysis.complexes.region_complexes`; 2023 Q4).
    """

    code: str
    level: str
    name_ko: str
    name_en: str
    year: int
    base_year: int | None
    set_name: str
    base: str
    industries: tuple[str, ...]
    labels: Mapping[str, tuple[str, str]]
    lq: Mapping[str, float | None]
    share: Mapping[str, float | None]
    national_share: Mapping[str, float | None]
    structure: Mapping[str, Any] | None
    structure_note: str
    shift_share: Mapping[str, Any] | None
    shift_share_note: str
    clusters: Mapping[str, Mapping[str, Any]]
    mismatch: Mapping[str, Any] | None
    peers: list[Mapping[str, Any]]
    peer_weights: Mapping[str, float]
    peer_excluded: tuple[str, ...] = ()
    indicators: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    notes: tuple[str, ...] = field(default_factory=tuple)
    permutations: int = PERMUTATIONS
    seed: int | None = SEED
    store: Store | None = field(default=None, repr=False, compare=False)
    measure: str = "value_added"
    complexes: RegionComplexes | None = field(default=None, repr=False, compare=False)

    def complex_list(self) -> list[dict[str, Any]]:
        """The ``complexes`` of the JSON: one entry per top-level complex counted in the region (see
        :class:`analysis.complexes.RegionComplexes`), each with its si-gun-gu's names."""
        if self.complexes is None:
            return []
        names = _sigungu_names()
        out = []
        for e in self.complexes.complexes:
            ko, en = names.get(e["sigungu_code"], (e["sigungu_code"], e["sigungu_code"]))
            out.append({**e, "sigungu_name_ko": ko, "sigungu_name_en": en})
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``analysis profile --json`` (schema ``ries-atlas/profile/1``).

        Keys: ``schema, code, level, name_ko, name_en, year, base_year, measure, measure_label`` ({ko, en}),
        ``measure_unit`` ({ko, en}), ``industry_set, value_base_year,
        lq`` (id → LQ or null), ``share``, ``national_share``, ``labels`` (id → {ko, en}), ``structure``,
        ``structure_note``, ``shift_share`` (``year0, year1, national_growth, industries: id → {start, end,
        change, national, industry_mix, competitive}, totals``), ``shift_share_note``, ``clusters``,
        ``mismatch``, ``peers`` (list of {code, name_ko, name_en, distance, reasons}), ``peer_weights``,
        ``peer_excluded``, ``indicators`` (id → {label_ko, label_en, unit, year, value, rank, n,
        share_of_total_pct, uploaded, source}), ``complexes`` (list: :meth:`complex_list`),
        ``complexes_summary`` (:meth:`analysis.complexes.RegionComplexes.summary` plus ``elsewhere``, the
        sub-complexes located here but counted in another region), ``permutations``, ``seed``, ``notes``.
        """
        m = sp.MEASURES[self.measure]
        cx = self.complexes
        return {
            "schema": SCHEMA,
            "code": self.code,
            "level": self.level,
            "name_ko": self.name_ko,
            "name_en": self.name_en,
            "year": self.year,
            "base_year": self.base_year,
            "measure": self.measure,
            "measure_label": {"ko": m.label_ko, "en": m.label_en},
            "measure_unit": {"ko": m.what_ko, "en": m.what_en},
            "industry_set": self.set_name,
            "value_base_year": self.base,
            "lq": dict(self.lq),
            "share": dict(self.share),
            "national_share": dict(self.national_share),
            "labels": {k: {"ko": v[0], "en": v[1]} for k, v in self.labels.items()},
            "structure": dict(self.structure) if self.structure is not None else None,
            "structure_note": self.structure_note,
            "shift_share": self.shift_share,
            "shift_share_note": self.shift_share_note,
            "clusters": {k: dict(v) for k, v in self.clusters.items()},
            "mismatch": dict(self.mismatch) if self.mismatch is not None else None,
            "peers": [dict(p) for p in self.peers],
            "peer_weights": dict(self.peer_weights),
            "peer_excluded": list(self.peer_excluded),
            "indicators": {k: dict(v) for k, v in self.indicators.items()},
            "complexes": self.complex_list(),
            "complexes_summary": None if cx is None else {**cx.summary(), "elsewhere": list(cx.elsewhere)},
            "permutations": self.permutations,
            "seed": self.seed,
            "notes": list(self.notes),
        }


def profile_years(store: Store, level: str, measure: str = "value_added") -> list[int]:
    """Years in which the level's industry set of ``measure`` has its total published for every unit (the
    store's completeness rule).

    Examples
    --------
    >>> from analysis.store import bundled
    >>> profile_years(bundled(), "sido")[:2], profile_years(bundled(), "sido", "workers")
    ([2010, 2011], [2021, 2022, 2023, 2024])
    """
    _check_level(level)
    return store.complete_years(sp.set_for(level, measure=measure).total, level)


def _listed(store: Store, level: str, year: int, measure: str = "value_added") -> pd.Index:
    """Codes with a published total of the level's industry set in ``year``."""
    return store.get(sp.set_for(level, measure=measure).total, level, year).dropna().index.astype(str)


def same_territory_years(store: Store, level: str, year: int, code: str, measure: str = "value_added") -> list[int]:
    """Profile years before ``year`` in which ``code`` covers the same territory as in ``year``
    (:func:`analysis.territory.changed` between the two years' listings: Chungnam before and after Sejong is
    listed are different territories)."""
    now = _listed(store, level, year, measure)
    return [y for y in profile_years(store, level, measure)
            if y < year and str(code) not in territory.changed(level, _listed(store, level, y, measure), now)]


def _series_break(store: Store, level: str, y0: int, y1: int, measure: str = "value_added"):
    """The first series break (``data/indicators/breaks.csv``) of the level's industry set between two years."""
    iset = sp.set_for(level, measure=measure)
    return next((b for i in (iset.total, *iset.industries) if (b := store.break_between(i, y0, y1)) is not None),
                None)


def default_base_year(store: Store, level: str, year: int, code: str | None = None,
                      measure: str = "value_added") -> int | None:
    """The default start year of the shift-share: five years earlier if published, else the earliest year of
    the same base, never across a series break of the industry set or a territory change of ``code``; None if
    there is no such year."""
    yrs = [y for y in profile_years(store, level, measure) if y < year] if code is None else \
        same_territory_years(store, level, year, str(code), measure)
    yrs = [y for y in yrs if _series_break(store, level, y, year, measure) is None]
    if not yrs:
        return None
    return year - 5 if year - 5 in yrs else yrs[0]


def _check_level(level: str) -> None:
    if level not in STUDY_LEVELS:
        raise DataError(f"unknown level {level!r} for a specialisation profile; valid levels: {', '.join(STUDY_LEVELS)}")


def _boundaries(level: str) -> pd.DataFrame:
    """Names and sido of the level's view (the 229-unit view at sigungu), with the capital-region flag of
    :func:`analysis.regions.capital_flags`."""
    gdf = regions.level_boundaries(level, autonomous=level == "sigungu")
    frame = pd.DataFrame(gdf.drop(columns="geometry"))
    frame["capital_region"] = regions.capital_flags(frame.index)
    return frame


def _matrix(store: Store, level: str, year: int, measure: str = "value_added") -> sp.IndustryMatrix:
    name = sp.set_for(level, measure=measure).name
    return store.memo(("industry_matrix", level, int(year), name),
                      lambda: sp.industry_matrix(store, level, int(year), name))


def lq_table(store: Store, level: str, year: int, measure: str = "value_added") -> pd.DataFrame:
    """Location quotients of every region and industry of ``level`` in ``year`` of one measure (cached in the
    store; the tab's map, the scorecard's map and the deck's specialisation slide).

    Examples
    --------
    >>> from analysis.store import bundled
    >>> round(float(lq_table(bundled(), "sido", 2022).at["31", "gva_petro_chemical_mfg_nominal_b2020"]), 2)
    5.56
    >>> round(float(lq_table(bundled(), "sido", 2023, "workers").at["31", "workers_bs_c_manufacturing"]), 2)
    1.9
    """
    return store.memo(("lq", level, int(year), measure),
                      lambda: sp.location_quotients(_matrix(store, level, year, measure)))


def cluster_table(store: Store, level: str, year: int, industry: str, permutations: int = PERMUTATIONS,
                  seed: int = SEED, statistic: str = "lisa"):
    """LISA (or Gi*) of one industry's LQ (cached in the store): the tab's cluster maps and the profile's
    membership. The measure is the one whose industry set holds ``industry``."""
    try:
        measure = sp.measure_of(sp.set_of(industry))
    except DataError:
        measure = "value_added"
    lq = lq_table(store, level, year, measure)
    if industry not in lq.columns:
        raise DataError(f"unknown industry {industry!r}; valid: {', '.join(lq.columns)}")
    key = ("clusters", level, int(year), industry, int(permutations), seed, statistic)
    return store.memo(key, lambda: sp.clustered_specialisation(lq[industry], level, statistic=statistic,
                                                               permutations=permutations, seed=seed))


def _labels(store: Store, ids: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    return {i: (store.label(i, "ko"), store.label(i, "en")) if i in store.catalogue.index else (i, i) for i in ids}


def extra_indicators(store: Store, level: str) -> tuple[str, ...]:
    """The indicators added to the industry shares in the peer search and listed on the scorecard: the level's
    :data:`PEER_INDICATORS` and every uploaded indicator of the store with data at ``level``."""
    avail = store.available(level)
    return tuple(dict.fromkeys([*PEER_INDICATORS.get(level, ()), *(u.id for u in store.user if u.id in avail)]))


def _extras(store: Store, level: str, year: int, code: str
            ) -> tuple[pd.DataFrame | None, dict[str, dict[str, Any]], list[str]]:
    """The peer variables beyond the industry shares and the region's entry for each (value, rank, share)."""
    cols, entries, notes = {}, {}, []
    avail = store.available(level)
    for u in store.user:
        if u.id not in avail:
            levels = sorted(set(store.values.loc[store.values["indicator"] == u.id, "level"]))
            notes.append(f"uploaded indicator {u.id} has no {level} data (it has {', '.join(levels) or 'none'}); "
                         "not in this profile")
    for ind in extra_indicators(store, level):
        try:
            values = store.get(ind, level, year)
        except DataError:
            notes.append(f"peer indicator {ind} has no {level} data in {year}; left out")
            continue
        values.index = values.index.astype(str)
        cols[ind] = values
        row = store.row(ind)
        v = values.get(code)
        share = None
        if row["nature"] == "extensive" and not str(row["unit"]).startswith("% of") and v is not None:
            try:
                share = _num(store.view(ind, level, year, "share").values.get(code))
            except AtlasError:
                share = None
        ranked = values.dropna().rank(ascending=False, method="min")
        entries[ind] = {"label_ko": store.label(ind, "ko"), "label_en": store.label(ind, "en"),
                        "unit": str(row["unit"]), "year": int(year), "value": _num(v),
                        "rank": None if code not in ranked.index else int(ranked[code]), "n": int(len(ranked)),
                        "share_of_total_pct": share, "uploaded": store.is_user(ind),
                        "source": store.source_line(ind, level, year)}
    if not cols:
        return None, entries, notes
    frame = pd.DataFrame(cols)
    frame.index = frame.index.astype(str)
    return frame, entries, notes


def _mismatch(store: Store, level: str, year: int, code: str, permutations: int, seed: int,
              measure: str = "value_added") -> tuple[dict[str, Any] | None, str]:
    """The region's mismatch position from :func:`analysis.compare.compare` (the Mismatch tab's numbers)."""
    from analysis.compare import compare

    x_id, y_id = mismatch_pair(level, measure)
    try:
        c = store.memo(("profile_compare", x_id, y_id, level, int(year), int(permutations), seed),
                       lambda: compare(store, x_id, y_id, level, year, permutations=permutations, seed=seed))
    except AtlasError as exc:
        return None, f"mismatch position not shown: {exc}"
    shares = c.mismatch.shares
    if code not in shares.index:
        why = dict(c.dropped).get(code, "no value")
        return None, f"mismatch position not shown: {code} is left out of the comparison ({why})"
    row = shares.loc[code]
    return {"x": x_id, "y": y_id, "share_x": _num(row["share_x"]), "share_y": _num(row["share_y"]),
            "log_ratio": _num(row["log_ratio"]), "n": c.mismatch.n}, ""


def region_profile(
    store: Store,
    code: str,
    level: str,
    year: int,
    base_year: int | None = None,
    *,
    n_peers: int = 5,
    peer_weights: Mapping[str, float] | None = None,
    exclude_same_sido: bool = False,
    exclude_capital: bool = False,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    measure: str = "value_added",
) -> RegionProfile:
    """The specialisation profile of one region in one measure.

    Every value is read from ``store`` under its rules: years in which the set's total is complete, no
    shift-share across a series break (:meth:`~analysis.store.Store.check_span`) or a territory change
    (:func:`analysis.territory.changed`), the mismatch position from :func:`analysis.compare.compare`. The
    store's uploaded indicators with data at the level join the peer search and are listed under
    ``indicators``.

    Parameters
    ----------
    store : analysis.store.Store
        Where every value is read (the bundled store, or one with uploads).
    code : str
        Region code of the level (sigungu: the 229-unit view, e.g. ``31200`` Ulsan Buk-gu).
    level : {"sido", "sigungu"}
    year : int
    base_year : int, optional
        Start of the shift-share; :func:`default_base_year` by default. A year of another base, after
        ``year``, or across a territory break raises.
    n_peers, peer_weights, exclude_same_sido, exclude_capital
        As in :func:`analysis.specialisation.peers` (weights keyed by industry id or peer indicator id).
    permutations, seed
        Of the LISA of each industry's LQ and of the comparison behind the mismatch position.
    measure : str
        A key of :data:`analysis.specialisation.MEASURES`: ``value_added`` (default; both levels) or, at sido,
        ``workers``, ``establishments``, ``sales`` (the business survey's 19 sections A–S).

    Raises
    ------
    DataError
        Unknown level, measure, region or year; a measure without data at the level; a refused shift-share.
    """
    _check_level(level)
    iset = sp.set_for(level, measure=measure)
    what = sp.MEASURES[measure]
    code = str(code).strip()
    bnd = _boundaries(level)
    if code not in bnd.index:
        from geo.codes import resolve

        hint = ""
        try:
            r = resolve(code, level=level)
            if r.code and r.code in bnd.index:
                hint = f" (did you mean {r.code}, {bnd.at[r.code, 'name_en']}?)"
        except (ValueError, LookupError):
            pass
        raise DataError(f"{code!r} is not a {level} code of the bundled boundaries{hint}; sigungu codes are "
                        "5 digits (e.g. 31200 Ulsan Buk-gu), sido codes 2 (e.g. 31 Ulsan)")
    years = profile_years(store, level, measure)
    if year not in years:
        raise DataError(f"no {what.label_en} by industry at {level} in {year}; years with data: "
                        f"{', '.join(map(str, years))}")
    m = _matrix(store, level, year, measure)
    if code not in m.totals.index:
        raise DataError(f"{code} ({bnd.at[code, 'name_en']}) has no published total {what.label_en} at {level} in "
                        f"{year}: " + territory.reason(level, code, default="no profile"))
    lq = sp.location_quotients(m)
    shares = sp.region_shares(m)
    nat = sp.national_shares(m)
    notes = [
        f"nominal value added (current prices), {iset.base_year} base: shares and LQs within one year; growth "
        "includes price change" if measure == "value_added" else
        f"{what.what_en}, {year}: LQ = the section's share of the region's {what.label_en} over its national "
        "share (the published national row); counts, not value",
    ]
    suppressed = [c for c in m.values.columns if pd.isna(m.values.at[code, c])]
    if suppressed:
        notes.append(f"suppressed (confidential) cells left missing: {', '.join(suppressed)}")
    structure, structure_note = None, ""
    try:
        structure = {k: (_num(v) if k not in ("missing", "negative", "n_industries") else v)
                     for k, v in sp.structure_indices(m).loc[code].items()}
        structure["n_industries"] = int(structure["n_industries"])
        if structure["missing"]:
            structure_note = f"not computed: suppressed cells ({structure['missing']})"
        elif structure["negative"]:
            structure_note = f"not computed: negative value added ({structure['negative']})"
    except DataError as exc:
        structure_note = str(exc)
    # shift-share
    explicit = base_year is not None
    y0 = base_year if explicit else default_base_year(store, level, year, code, measure)
    shift, shift_note = None, ""
    if y0 is None:
        moved = territory.changed(level, _listed(store, level, years[0], measure),
                                  _listed(store, level, year, measure)).get(code)
        broken = _series_break(store, level, years[0], year, measure)
        if broken is not None:
            shift_note = (f"{broken.indicator}'s series breaks in {broken.year} ({broken.reason_en}): no earlier year "
                          "on the same side of the break to compare")
        elif moved is not None and year > years[0]:
            first = min(y for y in years if y <= year and code not in territory.changed(
                level, _listed(store, level, y, measure), _listed(store, level, year, measure)))
            shift_note = (f"{code}'s territory changed in {first} ({moved.name_en}'s creation): no earlier year of "
                          "the same territory to compare")
        else:
            shift_note = f"{year} is the first year of the {iset.base_year}-base series: no earlier year to compare"
    else:
        if y0 not in years:
            raise DataError(f"base year {y0} has no {level} {what.label_en} of the {iset.base_year} base; years of "
                            f"that base: {', '.join(map(str, years))}. Values of different base years are not "
                            "comparable." if measure == "value_added" else
                            f"base year {y0} has no {level} {what.label_en} by industry ({what.what_en}); years "
                            f"of that survey: {', '.join(map(str, years))}")
        for ind in (iset.total, *iset.industries):
            store.check_span(ind, int(y0), int(year))
        ss = sp.shift_share(_matrix(store, level, int(y0), measure), m, regions=[code])
        cells = ss.cells.loc[code]
        shift = {
            "year0": ss.year0, "year1": ss.year1, "national_growth": _num(ss.national_growth),
            "industries": {i: {k: _num(cells.at[i, k]) for k in cells.columns} for i in cells.index},
            "totals": {k: (_num(v) if k != "missing" else v) for k, v in ss.totals.loc[code].items()},
            "exhaustive": ss.exhaustive,
        }
    # clusters
    clusters = {}
    for ind in m.values.columns:
        if pd.isna(lq.at[code, ind]):
            continue
        try:
            res = cluster_table(store, level, year, ind, permutations, seed)
        except DataError:
            continue
        if code in res.table.index:
            row = res.table.loc[code]
            clusters[ind] = {"cluster": str(row["cluster"]), "label_ko": str(row["label_ko"]),
                             "label_en": str(row["label_en"]), "p_sim": _num(row["p_sim"]),
                             "quadrant": str(row["quadrant"]),
                             # do the neighbours share it? their LQs in the LISA's weights (issue 25)
                             "neighbours": neighbour_reading(lq[ind], level, code, row).to_dict()}
    # peers
    extra, indicators, extra_notes = _extras(store, level, year, code)
    notes += extra_notes
    features = sp.peer_features(m, extra)
    pr = sp.peers(features, code, n=n_peers, weights=peer_weights, sido_of=bnd["sido_code"],
                  capital=bnd["capital_region"], exclude_same_sido=exclude_same_sido, exclude_capital=exclude_capital)
    peers = [{"code": p, "name_ko": str(bnd.at[p, "name_ko"]), "name_en": str(bnd.at[p, "name_en"]),
              "sido_code": str(bnd.at[p, "sido_code"]), "sido_name_ko": str(bnd.at[p, "sido_name_ko"]),
              "sido_name_en": str(bnd.at[p, "sido_name_en"]), "distance": _num(r["distance"]),
              "n_variables": int(r["n_variables"]), "reasons": r["reasons"]}
             for p, r in pr.peers.iterrows()]
    if exclude_capital:  # named from data/region_groups.csv, as the flags that left them out
        notes.append(f"peers leave out the capital region ({regions.capital_names()[1]})")
    mismatch, mismatch_note = _mismatch(store, level, year, code, permutations, seed, measure)
    if mismatch_note:
        notes.append(mismatch_note)
    cx = region_complexes(code, level)
    notes.append(f"industrial complexes: KICOX {cx.year} {cx.reference_period} (the only year published), not "
                 f"{year}; employment sums lack the suppressed complexes (at most two operating firms)"
                 if cx.year != year else "industrial complexes: employment sums lack the suppressed complexes "
                 "(at most two operating firms)")
    ids = tuple(m.values.columns)
    return RegionProfile(
        code=code, level=level, name_ko=str(bnd.at[code, "name_ko"]), name_en=str(bnd.at[code, "name_en"]),
        year=int(year), base_year=None if y0 is None else int(y0), set_name=iset.name, base=iset.base_year,
        industries=ids, labels=_labels(store, ids + extra_indicators(store, level)),
        lq={i: _num(lq.at[code, i]) for i in ids}, share={i: _num(shares.at[code, i]) for i in ids},
        national_share={i: _num(nat[i]) for i in ids}, structure=structure, structure_note=structure_note,
        shift_share=shift, shift_share_note=shift_note, clusters=clusters, mismatch=mismatch,
        peers=peers, peer_weights={k: float(v) for k, v in pr.weights.items()}, peer_excluded=pr.excluded,
        indicators=indicators, notes=tuple(notes), permutations=int(permutations), seed=seed, store=store,
        measure=measure, complexes=cx,
    )


@functools.lru_cache(maxsize=1)
def _sigungu_names() -> dict[str, tuple[str, str]]:
    """Si-gun-gu code → (Korean, English) name with its sido (:func:`geo.names.place_names`: "중구 (서울)"), on
    the 229-unit view the complex list uses."""
    from geo.names import place_names

    frame = pd.DataFrame(regions.level_boundaries("sigungu", autonomous=True).drop(columns="geometry"))
    ko, en = place_names(frame, "ko"), place_names(frame, "en")
    return {str(c): (str(ko[c]), str(en[c])) for c in frame.index}
