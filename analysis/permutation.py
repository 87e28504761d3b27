"""Permutation inference, vectorised: esda's and inequality's permutation tests, same draws, same p-values.

**Local statistics** (local Moran, bivariate LISA, Getis-Ord Gi*). esda's conditional randomisation
(``esda.crand``) draws one table of permuted neighbour ids and then, without numba, loops over the regions in
Python. :func:`permuted_ids` draws **the same table** and :func:`local_pseudo_p` / :func:`gi_star_pseudo_p`
evaluate the same statistic for all regions of equal cardinality at once, so the pseudo p-values are identical to
esda's (``tests/test_permutation.py`` compares them with esda run in a process where numba is blocked, i.e. esda's
own Python source) at a fraction of the time on eup-myeon-dong data (n ≈ 5,000; see ``bench/results.md``).
Only esda's default ("directed", folded) pseudo p-value is computed, the one ``Moran_Local``, ``Moran_Local_BV``
and ``G_Local`` report.

The table is drawn with NumPy (the algorithm of esda 2.9's ``crand.vec_permutations``: seed NumPy's legacy
generator, then ``choice(n - 1, max_card, replace=False)`` once per permutation), never through numba: with numba
installed (it comes with ``giddy``) esda compiles that function in every process (5–17 s) and its ``fastmath``
kernels move some counts; numba's generator draws the same table, which the tests check as well. Gi* goes
through here too, because esda's own path compiles its numba kernels on the first call of every process.

**Global statistics** (``esda.Moran``, ``esda.Moran_BV``, ``inequality.TheilDSim``). These draw one relabelling
of all regions per permutation from NumPy's global state (``np.random.permutation``). :func:`relabellings`
draws the same relabellings for a seed, once per (n, permutations, seed) — shared by every global test of a
comparison — and :func:`moran_sims`, :func:`moran_bv_sims` and :func:`theil_between_sims` evaluate every
permutation at once with the libraries' own arithmetic in the same order (row sums of C-ordered arrays, esda's
sparse lag), so every simulated statistic is bit-for-bit the library's (tested against the libraries).

The algorithms mirrored are those of esda 2.9.0 and inequality 1.1 (``requirements.txt`` pins esda).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

__all__ = [
    "BLOCK_ELEMENTS",
    "gi_star_pseudo_p",
    "local_pseudo_p",
    "moran_bv_sims",
    "moran_sims",
    "permuted_ids",
    "relabellings",
    "theil_between_sims",
]

#: Cap on the elements of one (regions × permutations × neighbours) block, to bound memory (~32 MB a block).
BLOCK_ELEMENTS = 4_000_000

#: numpy.finfo(float).tiny, the value inequality's Theil adds to a zero share before taking its log.
_SMALL = np.finfo("float").tiny


@lru_cache(maxsize=16)
def permuted_ids(max_card: int, n: int, permutations: int, seed: int) -> np.ndarray:
    """The (permutations × max_card) table of permuted ids esda draws for conditional randomisation.

    esda 2.9's ``crand.vec_permutations``: NumPy's legacy generator seeded with ``seed``, then for each permutation
    ``choice(n - 1, size=max_card, replace=False)``. Drawn from a private ``RandomState``, so NumPy's global
    state is left alone. Cached (read-only), so a LISA and a bivariate LISA on the same weights and seed share
    one draw, as their esda counterparts do.

    Parameters
    ----------
    max_card : int
        Largest number of neighbours of a region (columns of the table).
    n : int
        Number of regions; ids are drawn from ``range(n - 1)`` (every region but the focal one).
    permutations : int
        Rows of the table.
    seed : int
        Seed of the draw.

    Returns
    -------
    numpy.ndarray
        Integer table, read-only.

    Examples
    --------
    >>> permuted_ids(3, 10, 2, 1).tolist()
    [[8, 2, 6], [3, 7, 6]]
    """
    rs = np.random.RandomState(seed)  # esda's legacy generator, drawn in its order
    ids = np.empty((permutations, max_card), dtype=np.int64)
    for k in range(permutations):
        ids[k] = rs.choice(n - 1, size=max_card, replace=False)
    ids.setflags(write=False)
    return ids


@lru_cache(maxsize=4)
def relabellings(n: int, permutations: int, seed: int) -> np.ndarray:
    """The (permutations × n) random relabellings of ``n`` regions that ``np.random.seed(seed)`` gives.

    Row *p* is the *p*-th ``np.random.permutation(n)`` after seeding NumPy's legacy global generator with
    ``seed``: ``esda.Moran``, ``esda.Moran_BV`` and ``inequality.TheilDSim`` permute their values with exactly
    these draws (``np.random.permutation(z)`` equals ``z[row]``). Drawn from a private ``RandomState`` and cached
    (read-only), so the Moran's I of x, y and ln M, the bivariate Moran and the Theil decompositions of one
    comparison share one draw.

    Examples
    --------
    >>> relabellings(4, 2, 7).tolist()
    [[2, 1, 0, 3], [3, 1, 0, 2]]
    """
    rs = np.random.RandomState(seed)  # the libraries' legacy generator, drawn in their order
    table = np.empty((permutations, n), dtype=np.int64)
    for p in range(permutations):
        table[p] = rs.permutation(n)
    table.setflags(write=False)
    return table


def _rows_per_block(n: int) -> int:
    """Relabellings evaluated at once: a block of them holds about :data:`BLOCK_ELEMENTS` values."""
    return max(1, BLOCK_ELEMENTS // max(n, 1))


def moran_sims(z: np.ndarray, weights: sparse.spmatrix | sparse.sparray, scale: float, z2ss: float,
               permutations: int, seed: int) -> np.ndarray:
    """``esda.Moran``'s permuted statistics: for each relabelling *p*, ``scale · Σ z_p (W z_p) / z2ss``.

    Parameters
    ----------
    z : numpy.ndarray
        Deviations from the mean (esda's ``y - y.mean()``), length n.
    weights : scipy.sparse matrix
        The transformed weights esda uses (``Moran.w.sparse``).
    scale : float
        ``n / s0``.
    z2ss : float
        ``Σ z²`` (esda's ``z2ss``).
    permutations, seed : int
        Of :func:`relabellings`.

    Returns
    -------
    numpy.ndarray
        The statistic of every permutation (esda's ``Moran.sim``), bit for bit.
    """
    z = np.asarray(z, dtype=float)
    table = relabellings(len(z), int(permutations), int(seed))
    out = np.empty(len(table))
    step = _rows_per_block(len(z))
    for start in range(0, len(table), step):
        zp = z[table[start:start + step]]
        lag = np.ascontiguousarray((weights @ zp.T).T)  # esda's w.lag(z_p), one column per permutation
        inum = (zp * lag).sum(axis=1)  # row sums of C-ordered arrays: esda's (z * zl).sum(), same order
        out[start:start + len(zp)] = scale * inum / z2ss
    return out


def moran_bv_sims(zx: np.ndarray, zy: np.ndarray, weights: sparse.spmatrix | sparse.sparray, den: float,
                  permutations: int, seed: int) -> np.ndarray:
    """``esda.Moran_BV``'s permuted statistics: for each relabelling *p* of y, ``Σ zx (W zy_p) / den``.

    Parameters
    ----------
    zx, zy : numpy.ndarray
        esda's standardised x and y (``Moran_BV.zx``, ``.zy``).
    weights : scipy.sparse matrix
        The transformed weights (``Moran_BV.w.sparse``).
    den : float
        ``n - 1`` (``Moran_BV.den``).
    permutations, seed : int
        Of :func:`relabellings`.

    Returns
    -------
    numpy.ndarray
        esda's ``Moran_BV.sim``, bit for bit.
    """
    zx, zy = np.asarray(zx, dtype=float), np.asarray(zy, dtype=float)
    table = relabellings(len(zy), int(permutations), int(seed))
    out = np.empty(len(table))
    step = _rows_per_block(len(zy))
    for start in range(0, len(table), step):
        zp = zy[table[start:start + step]]
        lag = np.ascontiguousarray((weights @ zp.T).T)
        out[start:start + len(zp)] = (zx * lag).sum(axis=1) / den
    return out


def theil_between_sims(y: np.ndarray, labels: Sequence, permutations: int, seed: int) -> np.ndarray:
    """``inequality.TheilDSim``'s permuted between-group Theil: ``TheilD(y_p, labels).bg`` for each relabelling.

    The decomposition's arithmetic on a whole block of relabellings at once (group totals and the total as row
    sums of C-ordered arrays, then TheilD's elementwise steps and its sum over the groups), so each value equals
    the library's bit for bit.

    Parameters
    ----------
    y : numpy.ndarray
        Values (one dimension), length n.
    labels : sequence
        Group of each value (the partition), length n.
    permutations, seed : int
        Of :func:`relabellings`.

    Returns
    -------
    numpy.ndarray
        The between-group component of every permutation (``TheilDSim.bg[1:, 0]``).

    Examples
    --------
    >>> y = np.array([5.0, 1.0, 1.0, 3.0])
    >>> sims = theil_between_sims(y, ["a", "a", "b", "b"], 3, 0)
    >>> sims.shape
    (3,)
    """
    y = np.asarray(y, dtype=float)
    labels = np.asarray(labels)
    masks = [labels == gid for gid in np.unique(labels)]
    ng = np.array([sum(mask) for mask in masks])
    factor = y.shape[0] * 1.0 / ng  # TheilD: dot(diag(n / ng), sg) has these on its diagonal only
    table = relabellings(len(y), int(permutations), int(seed))
    out = np.empty(len(table))
    step = _rows_per_block(len(y))
    for start in range(0, len(table), step):
        yp = y[table[start:start + step]]
        ytot = yp.sum(axis=1)
        gtot = np.stack([np.ascontiguousarray(yp[:, mask]).sum(axis=1) for mask in masks], axis=1)
        sg = gtot / (ytot[:, None] * 1.0)
        sg = sg + _SMALL * (sg == 0)
        out[start:start + len(yp)] = np.multiply(sg, np.log(factor[None, :] * sg)).sum(axis=1)
    return out


def local_pseudo_p(
    z_focal: np.ndarray,
    z_draw: np.ndarray,
    observed: np.ndarray,
    weights: sparse.spmatrix | sparse.sparray,
    permutations: int,
    seed: int,
) -> np.ndarray:
    """Folded pseudo p-values of local Moran-type statistics under conditional randomisation.

    For region *i* with neighbours' weights *w_ij* (self-weight *w_ii*), each permutation *p* draws the
    neighbours' values from the other regions, and the statistic is ``z_focal[i] · (Σ_j w_ij · z_draw[π_p(j)]
    + w_ii · z_draw[i]) · (n − 1) / Σ z_focal²`` — esda's ``_moran_local_crand`` (``z_focal = z_draw``) and
    ``_moran_local_bv_crand`` (x against the neighbours' y). The p-value is ``(larger + 1) / (permutations + 1)``
    where ``larger`` counts permuted statistics ≥ the observed one, folded to the smaller tail.

    Parameters
    ----------
    z_focal : numpy.ndarray
        Standardised values of the focal variable (x), length n.
    z_draw : numpy.ndarray
        Standardised values permuted among the neighbours (y; the same array for univariate LISA), length n.
    observed : numpy.ndarray
        Observed local statistics, length n.
    weights : scipy.sparse matrix
        The (transformed) weights esda uses, n × n, rows = focal regions.
    permutations : int
        Number of permutations (> 0).
    seed : int
        Seed of the permuted id table (:func:`permuted_ids`).

    Returns
    -------
    numpy.ndarray
        Pseudo p-values, length n.
    """
    z_focal = np.asarray(z_focal, dtype=float)
    scaling = (len(z_focal) - 1) / (z_focal * z_focal).sum()
    return _pseudo_p(lambda rows, lag: z_focal[rows][:, None] * lag * scaling, z_draw, observed, weights,
                     permutations, seed)


def gi_star_pseudo_p(
    y: np.ndarray,
    observed: np.ndarray,
    weights: sparse.spmatrix | sparse.sparray,
    permutations: int,
    seed: int,
) -> np.ndarray:
    """Folded pseudo p-values of Getis-Ord Gi* under conditional randomisation (esda's ``G_Local(star=True)``).

    Each permutation draws region *i*'s neighbours' values from the other regions, keeps its own value with its
    self-weight, and the statistic is ``(Σ_j w_ij · y[π_p(j)] + w_ii · y_i) / Σ y`` — esda's
    ``_g_local_star_crand``.

    Parameters
    ----------
    y : numpy.ndarray
        The values (not standardised), length n.
    observed : numpy.ndarray
        Observed Gi* (``G_Local.Gs``), length n.
    weights : scipy.sparse matrix
        The transformed weights esda uses (binary with self-weight 1, row-standardised), n × n.
    permutations, seed
        As in :func:`local_pseudo_p`.

    Returns
    -------
    numpy.ndarray
        Pseudo p-values, length n.
    """
    y = np.asarray(y, dtype=float)
    total = y.sum()
    return _pseudo_p(lambda rows, lag: lag / total, y, observed, weights, permutations, seed)


def _pseudo_p(stat, z_draw, observed, weights, permutations: int, seed: int) -> np.ndarray:
    """Shared core: ``stat(rows, lag)`` turns each permutation's weighted sum (self term included) into the
    statistic of the focal ``rows``; counts permuted statistics ≥ observed and folds, as ``esda.crand``."""
    z_draw = np.asarray(z_draw, dtype=float)
    observed = np.asarray(observed, dtype=float)
    n = len(z_draw)
    adj = sparse.csr_matrix(weights, copy=True)
    self_w = adj.diagonal().astype(float)
    adj.setdiag(0)
    adj.eliminate_zeros()
    card = np.diff(adj.indptr)
    ids = permuted_ids(max(int(card.max()), 1), n, int(permutations), int(seed))
    # Region i draws from the other regions: id k stands for region k, or k + 1 once k reaches i.
    below = z_draw[ids]
    above = z_draw[np.minimum(ids + 1, n - 1)]
    fixed = self_w * z_draw  # the self-weighted term is not permuted
    larger = np.empty(n, dtype=np.int64)
    for c in np.unique(card):
        rows = np.flatnonzero(card == c)
        if c == 0:  # an island: esda gives it one neighbour of weight 0, so its lag is the fixed term alone
            island = stat(rows, fixed[rows][:, None])[:, 0]
            larger[rows] = np.where(island >= observed[rows], permutations, 0)
            continue
        ids_c, below_c, above_c = ids[:, :c], below[:, :c], above[:, :c]
        step = max(1, BLOCK_ELEMENTS // (permutations * c))
        for start in range(0, len(rows), step):
            r = rows[start : start + step]
            w = adj.data[adj.indptr[r][:, None] + np.arange(c)]
            drawn = np.where(ids_c[None] >= r[:, None, None], above_c[None], below_c[None])
            # matmul, not einsum: the same summation order as esda's ``zrand @ weights``, so tied data
            # give exactly esda's counts
            lag = np.matmul(drawn, w[:, :, None])[..., 0]
            larger[r] = np.count_nonzero(stat(r, lag + fixed[r][:, None]) >= observed[r][:, None], axis=1)
    folded = (permutations - larger) < larger
    larger[folded] = permutations - larger[folded]
    return (larger + 1.0) / (permutations + 1.0)
