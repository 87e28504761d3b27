"""A region's specialisation profile: the one call behind ``analysis profile``, the Specialisation tab and the
scorecard PDF/slides (one path per number).

:func:`region_profile` loads the level's industry matrix (:func:`analysis.specialisation.industry_matrix`) and
returns a :class:`RegionProfile`: location quotients of every industry, the structure indices, the shift-share
of growth since the base year, the region's cluster membership per industry (LISA of the LQ), its mismatch
position (share of knowledge services vs share of manufacturing, as on the Mismatch tab) and its peers.
:meth:`RegionProfile.to_dict` is the CLI's JSON (keys documented there).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis import specialisation as sp
from analysis.errors import DataError
from analysis.readings import neighbour_reading

__all__ = ["MISMATCH_PAIRS", "PEER_INDICATORS", "SCHEMA", "RegionProfile", "default_base_year", "profile_years",
           "region_profile"]

SCHEMA = "ries-atlas/profile/1"

#: level → (x = knowledge services, y = manufacturing): the mismatch pair of the scorecard.
MISMATCH_PAIRS: dict[str, tuple[str, str]] = {
    "sigungu": ("gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015"),
    "sido": ("gva_prof_sci_tech_services_nominal_b2020", "gva_manufacturing_nominal_b2020"),
}

#: level → indicators added to the industry shares in the peer search (weight 1 each unless given).
PEER_INDICATORS: dict[str, tuple[str, ...]] = {
    "sigungu": ("gva_per_capita_b2015",),
    "sido": ("grdp_per_capita_b2020",),
}

LEVELS = ("sido", "sigungu")


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
        Industry set and its base year (e.g. ``sigungu_b2015``, ``"2015"``).
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
    notes : tuple of str
        Caveats (nominal values, base year, suppressed cells).
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
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``analysis profile --json`` (schema ``ries-atlas/profile/1``).

        Keys: ``schema, code, level, name_ko, name_en, year, base_year, industry_set, value_base_year,
        lq`` (id → LQ or null), ``share``, ``national_share``, ``labels`` (id → {ko, en}), ``structure``,
        ``structure_note``, ``shift_share`` (``year0, year1, national_growth, industries: id → {start, end,
        change, national, industry_mix, competitive}, totals``), ``shift_share_note``, ``clusters``,
        ``mismatch``, ``peers`` (list of {code, name_ko, name_en, distance, reasons}), ``peer_weights``,
        ``peer_excluded``, ``notes``.
        """
        return {
            "schema": SCHEMA,
            "code": self.code,
            "level": self.level,
            "name_ko": self.name_ko,
            "name_en": self.name_en,
            "year": self.year,
            "base_year": self.base_year,
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
            "notes": list(self.notes),
        }


def profile_years(level: str) -> list[int]:
    """Years in which the level's industry set has its total published.

    Examples
    --------
    >>> profile_years("sido")[:2]
    [2010, 2011]
    """
    from analysis import indicators

    _check_level(level)
    iset = sp.set_for(level)
    return indicators.years(iset.total, level)


def default_base_year(level: str, year: int, code: str | None = None) -> int | None:
    """The default start year of the shift-share: five years earlier if published, else the earliest year of
    the same base, never across a territory break of ``code``; None if ``year`` is the first year."""
    yrs = [y for y in profile_years(level) if y < year]
    if code is not None:
        first = sp.TERRITORY_BREAKS.get((level, str(code)))
        if first is not None and year >= first:
            yrs = [y for y in yrs if y >= first]
    if not yrs:
        return None
    return year - 5 if year - 5 in yrs else yrs[0]


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise DataError(f"unknown level {level!r} for a specialisation profile; valid levels: {', '.join(LEVELS)}")


@functools.lru_cache(maxsize=8)
def _boundaries(level: str) -> pd.DataFrame:
    from geo.boundaries import load_boundaries

    gdf = load_boundaries(level, resolution="web", autonomous=level == "sigungu")
    frame = pd.DataFrame(gdf.drop(columns="geometry"))
    frame.index = frame.index.astype(str)
    return frame


@functools.lru_cache(maxsize=8)
def _matrix(level: str, year: int, store: object | None = None) -> sp.IndustryMatrix:
    return sp.industry_matrix(level, year, store=store)


@functools.lru_cache(maxsize=8)
def lq_table(level: str, year: int) -> pd.DataFrame:
    """Location quotients of every region and industry of ``level`` in ``year`` (cached; the tab's map)."""
    return sp.location_quotients(_matrix(level, year))


@functools.lru_cache(maxsize=64)
def cluster_table(level: str, year: int, industry: str, permutations: int = 999, seed: int = 12345,
                  statistic: str = "lisa"):
    """LISA (or Gi*) of one industry's LQ (cached): the tab's cluster maps and the profile's membership."""
    lq = lq_table(level, year)
    if industry not in lq.columns:
        raise DataError(f"unknown industry {industry!r}; valid: {', '.join(lq.columns)}")
    return sp.clustered_specialisation(lq[industry], level, statistic=statistic, permutations=permutations,
                                       seed=seed)


def _labels(ids: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    from analysis import indicators

    cat = indicators.load_catalogue()
    return {i: (str(cat.at[i, "label_ko"]), str(cat.at[i, "label_en"])) if i in cat.index else (i, i) for i in ids}


def _peer_extra(level: str, year: int, names: tuple[str, ...]) -> tuple[pd.DataFrame | None, list[str]]:
    from analysis import indicators

    cols, notes = {}, []
    for ind in names:
        try:
            cols[ind] = indicators.get(ind, level, year)
        except DataError:
            notes.append(f"peer indicator {ind} has no {level} data in {year}; left out")
    if not cols:
        return None, notes
    frame = pd.DataFrame(cols)
    frame.index = frame.index.astype(str)
    return frame, notes


def _mismatch(level: str, year: int, code: str) -> dict[str, Any] | None:
    from analysis import indicators
    from analysis.mismatch import mismatch

    x_id, y_id = MISMATCH_PAIRS[level]
    try:
        x = indicators.get(x_id, level, year)
        y = indicators.get(y_id, level, year)
    except DataError:
        return None
    res = mismatch(x, y, how="inner")
    if code not in res.shares.index:
        return None
    row = res.shares.loc[code]
    return {"x": x_id, "y": y_id, "share_x": _num(row["share_x"]), "share_y": _num(row["share_y"]),
            "log_ratio": _num(row["log_ratio"]), "n": res.n}


def region_profile(
    code: str,
    level: str,
    year: int,
    base_year: int | None = None,
    *,
    n_peers: int = 5,
    peer_weights: Mapping[str, float] | None = None,
    exclude_same_sido: bool = False,
    exclude_capital: bool = False,
    permutations: int = 999,
    seed: int = 12345,
    store: object | None = None,
) -> RegionProfile:
    """The specialisation profile of one region.

    Parameters
    ----------
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
        Of the LISA of each industry's LQ.
    store : analysis.store.Store, optional
        Where the industry values are read (``get``; its ``check_span`` refuses a shift-share across a listed
        series break); the bundled indicators by default. Cluster tables always use the bundled data.

    Raises
    ------
    DataError
        Unknown level, region or year; a refused shift-share.
    """
    _check_level(level)
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
    years = profile_years(level)
    if year not in years:
        raise DataError(f"no industry value added at {level} in {year}; years with data: {', '.join(map(str, years))}")
    m = _matrix(level, year, store)
    iset = sp.set_for(level)
    if code not in m.totals.index:
        raise DataError(f"{code} ({bnd.at[code, 'name_en']}) has no published total value added at {level} in "
                        f"{year}: " + ("Sejong's rows in the 2015-base source are 2020-base values and are left out"
                                       if code == "36110" else "no profile"))
    lq = sp.location_quotients(m)
    shares = sp.region_shares(m)
    nat = sp.national_shares(m)
    notes = [
        f"nominal value added (current prices), {iset.base_year} base: shares and LQs within one year; growth "
        "includes price change",
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
    y0 = base_year if explicit else default_base_year(level, year, code)
    shift, shift_note = None, ""
    if y0 is None:
        first = sp.TERRITORY_BREAKS.get((level, code))
        shift_note = (f"{code}'s territory changed in {first} (Sejong's creation): no earlier year of the same "
                      "territory to compare" if first is not None and year >= first and year > years[0] else
                      f"{year} is the first year of the {iset.base_year}-base series: no earlier year to compare")
    else:
        if y0 not in years:
            raise DataError(f"base year {y0} has no {level} value added of the {iset.base_year} base; years of "
                            f"that base: {', '.join(map(str, years))}. Values of different base years are not "
                            "comparable.")
        if store is not None and hasattr(store, "check_span"):
            for ind in (iset.total, *iset.industries):
                store.check_span(ind, int(y0), int(year))
        ss = sp.shift_share(_matrix(level, int(y0), store), m, regions=[code])
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
            res = cluster_table(level, year, ind, permutations, seed)
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
    extra, extra_notes = _peer_extra(level, year, PEER_INDICATORS.get(level, ()))
    notes += extra_notes
    features = sp.peer_features(m, extra)
    pr = sp.peers(features, code, n=n_peers, weights=peer_weights, sido_of=bnd["sido_code"],
                  capital=bnd["capital_region"], exclude_same_sido=exclude_same_sido, exclude_capital=exclude_capital)
    peers = [{"code": p, "name_ko": str(bnd.at[p, "name_ko"]), "name_en": str(bnd.at[p, "name_en"]),
              "sido_code": str(bnd.at[p, "sido_code"]), "sido_name_ko": str(bnd.at[p, "sido_name_ko"]),
              "sido_name_en": str(bnd.at[p, "sido_name_en"]), "distance": _num(r["distance"]),
              "n_variables": int(r["n_variables"]), "reasons": r["reasons"]}
             for p, r in pr.peers.iterrows()]
    ids = tuple(m.values.columns)
    return RegionProfile(
        code=code, level=level, name_ko=str(bnd.at[code, "name_ko"]), name_en=str(bnd.at[code, "name_en"]),
        year=int(year), base_year=None if y0 is None else int(y0), set_name=iset.name, base=iset.base_year,
        industries=ids, labels=_labels(ids + tuple(PEER_INDICATORS.get(level, ()))),
        lq={i: _num(lq.at[code, i]) for i in ids}, share={i: _num(shares.at[code, i]) for i in ids},
        national_share={i: _num(nat[i]) for i in ids}, structure=structure, structure_note=structure_note,
        shift_share=shift, shift_share_note=shift_note, clusters=clusters, mismatch=_mismatch(level, year, code),
        peers=peers, peer_weights={k: float(v) for k, v in pr.weights.items()}, peer_excluded=pr.excluded,
        notes=tuple(notes),
    )
