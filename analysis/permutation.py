"""Conditional permutation inference for local Moran statistics and Getis-Ord Gi*, vectorised over regions.

esda's conditional randomisation (``esda.crand``) draws one table of permuted neighbour ids and then, without
numba, loops over the regions in Python. This module draws **the same table** (``esda.crand.vec_permutations``
with the same seed) and evaluates the same statistic for all regions of equal cardinality at once, so the
pseudo p-values are identical to esda's (the tests compare them to direct esda calls) at a fraction of the
time on eup-myeon-dong data (n ≈ 5,000; see ``bench/results.md``).

Only esda's default ("directed", folded) pseudo p-value is computed, the one ``Moran_Local``,
``Moran_Local_BV`` and ``G_Local`` report.

Gi* goes through here too because esda's own path (``crand`` with numba kernels) compiles them on the first call
of every process — 15–60 s on this project's 2-core machines — and numba is installed with ``giddy`` (through
``quantecon``); esda without numba loops over regions in Python instead.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from esda.crand import vec_permutations
from scipy import sparse

#: Cap on the elements of one (regions × permutations × neighbours) block, to bound memory (~32 MB a block).
BLOCK_ELEMENTS = 4_000_000


@lru_cache(maxsize=1)
def _vec_permutations():
    """esda's id-table generator, compiled once per machine rather than once per process.

    With numba installed (it comes with ``giddy``), esda's ``vec_permutations`` is a numba function whose
    draws come from numba's generator; compiling it takes 5–17 s at every process start. The same Python
    function compiled with ``cache=True`` draws the same table (same code, same generator) and loads from
    numba's on-disk cache afterwards. Without numba it is esda's plain NumPy function.
    """
    py_func = getattr(vec_permutations, "py_func", None)
    if py_func is None:
        return vec_permutations
    import numba

    return numba.njit(fastmath=True, cache=True)(py_func)


@lru_cache(maxsize=16)
def permuted_ids(max_card: int, n: int, permutations: int, seed: int) -> np.ndarray:
    """The (permutations × max_card) table of permuted ids esda draws for conditional randomisation.

    Cached (read-only), so a LISA and a bivariate LISA on the same weights and seed share one draw, as their
    esda counterparts do. Like esda, drawing reseeds NumPy's global generator with ``seed``.

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
    """
    ids = np.asarray(_vec_permutations()(max_card, n, permutations, seed), dtype=np.int64)
    ids.setflags(write=False)
    return ids


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
