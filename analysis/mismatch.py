"""Mismatch and concentration metrics for two regional indicators (e.g. R&D vs production).

Every function takes plain inputs — ``pandas.Series`` of values indexed by region code — so it works in a
notebook on any data, and returns a frozen dataclass or a named Series/DataFrame indexed by code.

Definitions (``x``, ``y`` extensive indicators, e.g. R&D expenditure and manufacturing output):

* shares ``s_x,i = x_i / Σx`` and ``s_y,i = y_i / Σy``;
* share ratio ``M_i = s_x,i / s_y,i`` (a location quotient of x with y as base) and ``log M_i``;
* Hoover / dissimilarity index ``H = ½ Σ |s_x,i − s_y,i|``: the share of x that would have to move for x to
  be distributed like y (0 = same distribution, 1 = disjoint);
* Theil / Kullback-Leibler mismatch ``KL = Σ s_x,i · ln(s_x,i / s_y,i)`` (0 = same distribution).

Zeros, stated once:

* ``s_y,i = 0`` and ``s_x,i > 0``: ``M_i = +inf``, ``log M_i = +inf`` and ``KL = +inf`` (x sits where y is
  absent; the divergence is infinite by definition). ``s_x,i = s_y,i = 0``: ``M_i`` and ``log M_i`` are NaN.
* ``s_x,i = 0`` and ``s_y,i > 0``: ``M_i = 0``, ``log M_i = -inf``; the KL term is 0 (the limit of
  ``s ln s``). Spatial statistics refuse non-finite values, so drop or recode such regions first.
* Hoover, Gini and the shares are defined with zeros; negative values raise :class:`DataError`.

Concentration of one indicator is ``inequality``'s (PySAL) Gini, Theil and between/within decomposition, its
arithmetic written out here step for step (:func:`_gini`, :func:`_theil`, :func:`_theil_d`; equal bit for bit,
``tests/test_mismatch.py``) because importing the package loads ``matplotlib.pyplot`` for an unrelated module
(``inequality.schutz``), half a second in every command that compares two indicators. The
permutation p-value of the between-group Theil is ``inequality.TheilDSim``'s, computed when first read: the
relabellings ``TheilDSim`` draws from NumPy's global state after ``np.random.seed(seed)``, evaluated all at once
(:func:`analysis.permutation.theil_between_sims`, bit for bit the library's), without touching the global state.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from analysis.defaults import SEED
from analysis.errors import AggregationError, DataError
from analysis.permutation import theil_between_sims

__all__ = [
    "ConcentrationResult",
    "Intensity",
    "MismatchResult",
    "concentration",
    "global_seed",
    "hoover",
    "intensity",
    "location_quotient",
    "mismatch",
    "shares",
    "theil_kl",
]


_RNG_LOCK = threading.RLock()


@contextmanager
def global_seed(seed: int | None) -> Iterator[None]:
    """Seed NumPy's global random state for the duration of a block, then restore it.

    Some well-kept implementations (``inequality.theil.TheilDSim``, ``esda.Moran``, ``esda.Moran_BV``) draw
    from ``np.random`` directly and take no seed. This context manager makes them reproducible without
    leaving the caller's global state changed. It holds a module lock, so our own calls never interleave.

    Parameters
    ----------
    seed : int or None
        Seed for ``np.random.seed``; ``None`` leaves the global state as it is (not reproducible).

    Examples
    --------
    >>> with global_seed(12345):
    ...     a = np.random.random()
    >>> with global_seed(12345):
    ...     b = np.random.random()
    >>> a == b
    True
    """
    with _RNG_LOCK:
        if seed is None:
            yield
            return
        # deliberate legacy API: the libraries we seed draw from np.random's global state
        state = np.random.get_state()  # noqa: NPY002
        np.random.seed(seed)  # noqa: NPY002
        try:
            yield
        finally:
            np.random.set_state(state)  # noqa: NPY002


# ---------------------------------------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------------------------------------


def _name(s: pd.Series, default: str) -> str:
    return str(s.name) if s.name is not None else default


def _check_values(s: pd.Series, name: str, *, extensive: bool = True) -> pd.Series:
    if not isinstance(s, pd.Series):
        raise DataError(f"{name} must be a pandas Series indexed by region code, got {type(s).__name__}.")
    if extensive and s.attrs.get("nature") == "intensive":
        raise AggregationError(
            f"{name} is an intensive indicator (a rate or per-unit value); shares of a national total are "
            f"meaningless for it. Use an extensive indicator (a count or amount), or compare rates with "
            f"location_quotient(numerator, denominator)."
        )
    if s.index.has_duplicates:
        dup = sorted(map(str, s.index[s.index.duplicated()].unique()))[:10]
        raise DataError(f"{name} has duplicate region codes {dup}; pass one value per region.")
    out = pd.to_numeric(s, errors="coerce").astype(float)
    bad = out.index[out.isna() & s.notna()]
    if len(bad):
        raise DataError(f"{name} has non-numeric values at {sorted(map(str, bad))[:10]}; pass numbers.")
    out.index = out.index.astype(str)
    infinite = out.index[np.isinf(out.to_numpy())]
    if len(infinite):
        raise DataError(f"{name} has infinite values at {sorted(infinite)[:10]}; pass finite numbers "
                        "(a missing value is NaN, not infinity).")
    return out


def _check_nonnegative(s: pd.Series, name: str) -> None:
    neg = s.index[s < 0]
    if len(neg):
        raise DataError(
            f"{name} has negative values at {sorted(neg)[:10]}; shares, Hoover, Theil and Gini need "
            f"non-negative amounts. Check the indicator or pass only non-negative values."
        )


def _total(s: pd.Series, name: str) -> float:
    with np.errstate(over="ignore"):
        total = float(s.sum())
        # Theil and Gini multiply totals by the number of regions: that product must be a float too
        overflow = not np.isfinite(total * max(len(s), 1))
    if overflow:
        raise DataError(f"{name} is too large to compute with: its total (times the number of regions) is beyond "
                        f"the largest floating-point number ({np.finfo(float).max:.3g}). Express it in a larger "
                        "unit (e.g. 억원 instead of 원) so the total is an ordinary number.")
    if not total > 0:
        raise DataError(f"{name} sums to {total:g}; shares need a positive national total.")
    return total


def _align_strict(x: pd.Series, y: pd.Series, nx: str, ny: str) -> tuple[pd.Series, pd.Series, tuple, tuple]:
    only_x = x.index.difference(y.index)
    only_y = y.index.difference(x.index)
    if len(only_x) or len(only_y):
        raise DataError(
            f"{nx} and {ny} cover different regions: only in {nx} {sorted(only_x)[:10]}, only in {ny} "
            f"{sorted(only_y)[:10]}. Pass both for the same regions, or use how='inner' to keep the "
            f"regions both have (the dropped codes are reported in the result)."
        )
    return x, y.loc[x.index], (), ()


def _align_inner(x: pd.Series, y: pd.Series, nx: str, ny: str) -> tuple[pd.Series, pd.Series, tuple, tuple]:
    common = x.index.intersection(y.index, sort=False)
    if len(common) == 0:
        raise DataError(f"{nx} and {ny} share no region code; check that both are at the same level.")
    dropped_x = tuple(sorted(x.index.difference(common)))
    dropped_y = tuple(sorted(y.index.difference(common)))
    return x.loc[common], y.loc[common], dropped_x, dropped_y


_ALIGN = {"strict": _align_strict, "inner": _align_inner}


def _align(x: pd.Series, y: pd.Series, how: str) -> tuple[pd.Series, pd.Series, tuple, tuple]:
    nx, ny = _name(x, "x"), _name(y, "y")
    if how not in _ALIGN:
        raise DataError(f"unknown how={how!r}; valid options: {', '.join(_ALIGN)}.")
    x = _check_values(x, nx)
    y = _check_values(y, ny)
    # a missing value is a missing region
    nan_x, nan_y = tuple(sorted(x.index[x.isna()])), tuple(sorted(y.index[y.isna()]))
    if how == "strict" and (nan_x or nan_y):
        raise DataError(
            f"missing values: {nx} at {list(nan_x)[:10]}, {ny} at {list(nan_y)[:10]}. Fill them, or use "
            f"how='inner' to drop those regions (reported in the result)."
        )
    xa, ya, dx, dy = _ALIGN[how](x.dropna(), y.dropna(), nx, ny)
    return xa, ya, tuple(sorted(set(dx) | set(nan_x))), tuple(sorted(set(dy) | set(nan_y)))


# ---------------------------------------------------------------------------------------------------------
# shares and the pairwise mismatch
# ---------------------------------------------------------------------------------------------------------


def shares(values: pd.Series) -> pd.Series:
    """Each region's share of the national total (sum over the regions given).

    Parameters
    ----------
    values : pandas.Series
        Non-negative extensive values indexed by region code.

    Returns
    -------
    pandas.Series
        Shares summing to 1, same index, named ``share_<name>``.

    Examples
    --------
    >>> shares(pd.Series([1.0, 3.0], index=["11", "26"], name="rnd")).tolist()
    [0.25, 0.75]
    """
    name = _name(values, "values")
    v = _check_values(values, name).dropna()
    _check_nonnegative(v, name)
    return (v / _total(v, name)).rename(f"share_{name}")


def hoover(share_x: pd.Series, share_y: pd.Series) -> float:
    """Hoover / dissimilarity index ``½ Σ |s_x − s_y|`` of two aligned share vectors.

    Examples
    --------
    >>> hoover(pd.Series([0.5, 0.5]), pd.Series([1.0, 0.0]))
    0.5
    """
    return float(0.5 * np.abs(share_x.to_numpy(float) - share_y.to_numpy(float)).sum())


def theil_kl(share_x: pd.Series, share_y: pd.Series) -> float:
    """Theil / Kullback-Leibler mismatch ``Σ s_x ln(s_x / s_y)`` of two aligned share vectors.

    Terms with ``s_x = 0`` contribute 0; a term with ``s_x > 0`` and ``s_y = 0`` makes the result ``inf``.

    Examples
    --------
    >>> round(theil_kl(pd.Series([0.5, 0.5]), pd.Series([0.25, 0.75])), 6)
    0.143841
    """
    sx = share_x.to_numpy(float)
    sy = share_y.to_numpy(float)
    pos = sx > 0
    if np.any(pos & (sy == 0)):
        return float("inf")
    return float(np.sum(sx[pos] * np.log(sx[pos] / sy[pos])))


@dataclass(frozen=True)
class MismatchResult:
    """Spatial mismatch of indicator x against indicator y.

    Attributes
    ----------
    x, y : str
        Names of the two indicators.
    shares : pandas.DataFrame
        Indexed by region code; columns ``x``, ``y`` (values), ``share_x``, ``share_y``, ``ratio``
        (``M = share_x / share_y``), ``log_ratio`` (``ln M``), ``share_gap`` (``share_x − share_y``).
    hoover : float
        ``½ Σ |share_x − share_y|``, in [0, 1].
    theil_kl : float
        ``Σ share_x ln(share_x / share_y)``, ≥ 0 (``inf`` if x sits where y is zero).
    n : int
        Number of regions compared.
    dropped_x, dropped_y : tuple of str
        Codes of x (of y) left out because the other indicator (or the value itself) was missing.
    """

    x: str
    y: str
    shares: pd.DataFrame
    hoover: float
    theil_kl: float
    n: int
    dropped_x: tuple[str, ...] = ()
    dropped_y: tuple[str, ...] = ()


def mismatch(x: pd.Series, y: pd.Series, how: str = "strict") -> MismatchResult:
    """Shares, share ratio, Hoover and Theil/KL mismatch of x against y.

    Parameters
    ----------
    x, y : pandas.Series
        Non-negative extensive values (amounts or counts, not rates) indexed by region code, one year and
        level. A Series whose ``attrs["nature"]`` is ``"intensive"`` is refused.
    how : {"strict", "inner"}
        ``"strict"`` (default) raises if x and y do not cover the same regions or have missing values;
        ``"inner"`` keeps the regions both have and reports the others in ``dropped_x`` / ``dropped_y``.

    Returns
    -------
    MismatchResult

    Raises
    ------
    DataError
        Misaligned regions (strict), negative values, a zero total, or a non-numeric value.
    AggregationError
        If either Series is marked intensive.

    Examples
    --------
    >>> rnd = pd.Series([6.0, 2.0, 2.0], index=["11", "26", "47"], name="rnd")
    >>> out = pd.Series([2.0, 3.0, 5.0], index=["11", "26", "47"], name="output")
    >>> res = mismatch(rnd, out)
    >>> round(res.hoover, 2), round(float(res.shares.loc["11", "ratio"]), 6)
    (0.4, 3.0)
    """
    xa, ya, dx, dy = _align(x, y, how)
    nx, ny = _name(x, "x"), _name(y, "y")
    _check_nonnegative(xa, nx)
    _check_nonnegative(ya, ny)
    sx = xa / _total(xa, nx)
    sy = ya / _total(ya, ny)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = sx / sy
        log_ratio = np.log(ratio)
    table = pd.DataFrame(
        {
            "x": xa,
            "y": ya,
            "share_x": sx,
            "share_y": sy,
            "ratio": ratio,
            "log_ratio": log_ratio,
            "share_gap": sx - sy,
        }
    )
    table.index.name = "code"
    return MismatchResult(
        x=nx,
        y=ny,
        shares=table,
        hoover=hoover(sx, sy),
        theil_kl=theil_kl(sx, sy),
        n=len(table),
        dropped_x=dx,
        dropped_y=dy,
    )


# ---------------------------------------------------------------------------------------------------------
# concentration of one indicator
# ---------------------------------------------------------------------------------------------------------


# inequality 1.1's arithmetic (gini._gini, theil.Theil, theil.TheilD), the same operations in the same order
_SMALL = np.finfo("float").tiny
"""What inequality's Theil adds to a zero share before taking its log."""


def _gini(x: np.ndarray) -> float:
    """``inequality.gini.Gini(x).g``."""
    n = len(x)
    x_sum = x.sum()
    n_x_sum = n * x_sum
    x = x.ravel()
    r_x = (2.0 * np.arange(1, len(x) + 1) * x[np.argsort(x)]).sum()
    return (r_x - n_x_sum - x_sum) / n_x_sum


def _theil(y: np.ndarray) -> np.floating:
    """``inequality.theil.Theil(y).T`` of one-dimensional ``y``."""
    n = len(y)
    y = y + _SMALL * (y == 0)  # can't have 0 values
    yt = y.sum(axis=0)
    s = y / (yt * 1.0)
    lns = np.log(n * s)
    slns = s * lns
    return sum(slns)  # Python's sum, as the library's: left to right


def _theil_d(y: np.ndarray, partition: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(bg, wg)`` of ``inequality.theil.TheilD(y, partition)`` for one-dimensional ``y``."""
    groups = np.unique(partition)
    t = _theil(y)
    ytot = y.sum(axis=0)
    gtot = np.array([y[partition == gid].sum(axis=0) for gid in groups])
    sg = gtot / (ytot * 1.0)
    sg.shape = (sg.size, 1)
    ng = np.array([sum(partition == gid) for gid in groups])
    ng.shape = (ng.size,)
    n = y.shape[0]
    sg = sg + _SMALL * (sg == 0)
    bg = np.multiply(sg, np.log(np.dot(np.diag(n * 1.0 / ng), sg))).sum(axis=0)
    return bg, t - bg


@dataclass(frozen=True)
class ConcentrationResult:
    """How concentrated one indicator is across regions.

    Attributes
    ----------
    indicator : str
        Name of the indicator.
    n : int
        Number of regions.
    gini : float
        Gini coefficient (``inequality.gini.Gini``), 0 = even, → 1 = all in one region.
    theil : float
        Theil T across regions (``inequality.theil.Theil``), 0 = even, max ``ln n``.
    theil_between, theil_within : float
        Decomposition of ``theil`` for ``partition`` (``inequality.theil.TheilD``); NaN without a partition.
    between_share : float
        ``theil_between / theil``.
    permutations : int
        Permutations of :attr:`between_p_sim` (0 = not computed).
    seed : int or None
        Seed of the permutations (as NumPy's global seed of ``TheilDSim``).
    capital_share : float
        Share of the national total in the capital region (NaN if no capital flag was given).
    group_shares : pandas.Series
        Share of the total in each group of ``partition`` (empty without a partition).
    """

    indicator: str
    n: int
    gini: float
    theil: float
    theil_between: float
    theil_within: float
    between_share: float
    permutations: int
    seed: int | None
    capital_share: float
    group_shares: pd.Series
    _values: np.ndarray | None = field(default=None, repr=False, compare=False)
    _labels: np.ndarray | None = field(default=None, repr=False, compare=False)

    @cached_property
    def between_p_sim(self) -> float:
        """Permutation p-value of ``theil_between``: ``TheilDSim``'s share of random relabellings with a
        between-group component at least as large, the observed one included; NaN when not computed.
        Computed when first read (the ``permutations`` relabellings for ``seed``), then kept."""
        if not self.permutations or self._values is None:
            return float("nan")
        sims = theil_between_sims(self._values, self._labels, self.permutations, self.seed)
        observed = np.asarray(self.theil_between)
        # TheilDSim: the observed value counts once, then each relabelling at least as large
        count = 1.0 + float(np.sum(1.0 * sims >= observed))
        return float(count / (self.permutations * 1.0 + 1))


def concentration(
    values: pd.Series,
    partition: pd.Series | None = None,
    capital: pd.Series | None = None,
    permutations: int = 0,
    seed: int | None = SEED,
) -> ConcentrationResult:
    """Gini, Theil (with a between/within decomposition) and the capital region's share of one indicator.

    Parameters
    ----------
    values : pandas.Series
        Non-negative extensive values indexed by region code.
    partition : pandas.Series, optional
        Group label per region code (e.g. capital/non-capital or the 5+2 economic regions), covering every
        code in ``values``. Without it the decomposition fields are NaN.
    capital : pandas.Series of bool, optional
        Capital-region flag per code; defaults to :func:`analysis.regions.capital_flags` of the codes.
    permutations : int
        Random relabellings for the p-value of the between-group Theil (``TheilDSim``); 0 skips it. The p-value
        is computed when :attr:`ConcentrationResult.between_p_sim` is first read.
    seed : int or None
        Seed of the relabellings (``TheilDSim``'s after ``np.random.seed(seed)``; NumPy's global state is not
        touched); ``None`` runs ``TheilDSim`` at once on the caller's global state.

    Returns
    -------
    ConcentrationResult

    Examples
    --------
    >>> v = pd.Series([8.0, 1.0, 1.0], index=["11", "26", "47"], name="rnd")
    >>> round(concentration(v).capital_share, 2)
    0.8
    """
    name = _name(values, "values")
    v = _check_values(values, name)
    if v.isna().any():
        raise DataError(f"{name} has missing values at {sorted(v.index[v.isna()])[:10]}; drop or fill them.")
    _check_nonnegative(v, name)
    total = _total(v, name)
    arr = v.to_numpy(float)
    if capital is None:
        from analysis.regions import capital_flags

        capital = capital_flags(v.index)
    cap = _cover(capital, v.index, "capital").astype(bool)
    capital_share = float(v[cap.to_numpy()].sum() / total)

    theil = float(np.asarray(_theil(arr)).ravel()[0])
    between = within = between_share = float("nan")
    group_shares = pd.Series(dtype=float, name="share")
    if partition is not None:
        part = _cover(partition, v.index, "partition")
        labels = part.astype(str).to_numpy()
        bg, wg = _theil_d(arr, labels)
        between = float(np.asarray(bg).ravel()[0])
        within = float(np.asarray(wg).ravel()[0])
        between_share = between / theil if theil > 0 else float("nan")
        group_shares = (v.groupby(labels).sum() / total).rename("share")
        group_shares.index.name = "group"
    tested = bool(permutations) and partition is not None
    result = ConcentrationResult(
        indicator=name,
        n=len(v),
        gini=float(_gini(arr)),
        theil=theil,
        theil_between=between,
        theil_within=within,
        between_share=between_share,
        permutations=int(permutations) if partition is not None else 0,
        seed=seed if tested else None,
        capital_share=capital_share,
        group_shares=group_shares,
        _values=arr if tested and seed is not None else None,
        _labels=labels if tested and seed is not None else None,
    )
    if tested and seed is None:  # not reproducible anyway: the library on the caller's global state, now
        from inequality.theil import TheilDSim

        sim = TheilDSim(arr, labels, permutations=permutations)
        result.__dict__["between_p_sim"] = float(np.asarray(sim.bg_pvalue).ravel()[0])  # the cached property
    return result


def _cover(labels: pd.Series, index: pd.Index, what: str) -> pd.Series:
    lab = labels.copy()
    lab.index = lab.index.astype(str)
    missing = index.difference(lab.index)
    if len(missing):
        raise DataError(
            f"{what} has no entry for {sorted(missing)[:10]}; give a group for every region in the values."
        )
    return lab.loc[index]


# ---------------------------------------------------------------------------------------------------------
# intensive comparisons
# ---------------------------------------------------------------------------------------------------------


def location_quotient(numerator: pd.Series, denominator: pd.Series, how: str = "strict") -> pd.Series:
    """Location quotient ``(a_i / b_i) / (Σa / Σb)`` of a rate against the national rate.

    For example R&D researchers per worker relative to the national researchers per worker. Both inputs
    are extensive amounts (the rate is formed here, so the national rate is a true ratio of totals).

    Parameters
    ----------
    numerator, denominator : pandas.Series
        Non-negative amounts indexed by region code.
    how : {"strict", "inner"}
        Alignment, as in :func:`mismatch`.

    Returns
    -------
    pandas.Series
        Named ``lq``, indexed by code; 1 = national rate, NaN where the denominator is 0.

    Examples
    --------
    >>> a = pd.Series([3.0, 1.0], index=["11", "26"])
    >>> b = pd.Series([10.0, 10.0], index=["11", "26"])
    >>> location_quotient(a, b).round(6).tolist()
    [1.5, 0.5]
    """
    a, b, _, _ = _align(numerator, denominator, how)
    _check_nonnegative(a, _name(numerator, "numerator"))
    _check_nonnegative(b, _name(denominator, "denominator"))
    national = _total(a, "numerator") / _total(b, "denominator")
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (a / b.where(b > 0)) / national
    lq.index.name = "code"
    return lq.rename("lq")


@dataclass(frozen=True)
class Intensity:
    """A regional rate such as R&D intensity (R&D / GRDP).

    Attributes
    ----------
    values : pandas.Series
        ``scale · a_i / b_i`` per region code (NaN where ``b_i`` is 0).
    national : float
        ``scale · Σa / Σb``.
    scale : float
        Multiplier applied (100 gives percent).
    """

    values: pd.Series
    national: float
    scale: float


def intensity(numerator: pd.Series, denominator: pd.Series, scale: float = 100.0, how: str = "strict") -> Intensity:
    """A rate per region and nationally, e.g. R&D intensity = R&D expenditure / GRDP × 100 (%).

    Both inputs must be in the same currency unit; convert first if one is in million won and the other in
    billion won.

    Parameters
    ----------
    numerator, denominator : pandas.Series
        Non-negative amounts indexed by region code.
    scale : float
        Multiplier (100 → percent).
    how : {"strict", "inner"}
        Alignment, as in :func:`mismatch`.

    Returns
    -------
    Intensity

    Examples
    --------
    >>> rnd = pd.Series([4.0, 1.0], index=["11", "26"])
    >>> grdp = pd.Series([100.0, 100.0], index=["11", "26"])
    >>> r = intensity(rnd, grdp)
    >>> r.values.tolist(), r.national
    ([4.0, 1.0], 2.5)
    """
    a, b, _, _ = _align(numerator, denominator, how)
    _check_nonnegative(a, _name(numerator, "numerator"))
    _check_nonnegative(b, _name(denominator, "denominator"))
    national = scale * float(a.sum()) / _total(b, "denominator")
    vals = scale * a / b.where(b > 0)
    vals.index.name = "code"
    return Intensity(values=vals.rename("intensity"), national=national, scale=scale)
