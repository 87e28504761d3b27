"""Conditional permutation inference for local Moran statistics, vectorised over regions.

esda's conditional randomisation (``esda.crand``) draws one table of permuted neighbour ids and then, without
numba, loops over the regions in Python. This module draws **the same table** (``esda.crand.vec_permutations``
with the same seed) and evaluates the same statistic for all regions of equal cardinality at once, so the
pseudo p-values are identical to esda's (the tests compare them to direct esda calls) at a fraction of the
time on eup-myeon-dong data (n ≈ 5,000; see ``bench/results.md``).

Only esda's default ("directed", folded) pseudo p-value is computed, the one ``Moran_Local`` and
``Moran_Local_BV`` report.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from esda.crand import vec_permutations
from scipy import sparse

#: Cap on the elements of one (regions × permutations × neighbours) block, to bound memory (~32 MB a block).
BLOCK_ELEMENTS = 4_000_000


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
    ids = np.asarray(vec_permutations(max_card, n, permutations, seed), dtype=np.int64)
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
    z_draw = np.asarray(z_draw, dtype=float)
    observed = np.asarray(observed, dtype=float)
    n = len(z_draw)
    adj = sparse.csr_matrix(weights, copy=True)
    self_w = adj.diagonal().astype(float)
    adj.setdiag(0)
    adj.eliminate_zeros()
    card = np.diff(adj.indptr)
    scaling = (n - 1) / (z_focal * z_focal).sum()
    ids = permuted_ids(max(int(card.max()), 1), n, int(permutations), int(seed))
    # Region i draws from the other regions: id k stands for region k, or k + 1 once k reaches i.
    below = z_draw[ids]
    above = z_draw[np.minimum(ids + 1, n - 1)]
    fixed = self_w * z_draw  # the self-weighted term is not permuted
    larger = np.empty(n, dtype=np.int64)
    for c in np.unique(card):
        rows = np.flatnonzero(card == c)
        if c == 0:  # an island: esda gives it one neighbour of weight 0, so its lag is the fixed term alone
            stat = z_focal[rows] * fixed[rows] * scaling
            larger[rows] = np.where(stat >= observed[rows], permutations, 0)
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
            stat = z_focal[r][:, None] * (lag + fixed[r][:, None]) * scaling
            larger[r] = np.count_nonzero(stat >= observed[r][:, None], axis=1)
    folded = (permutations - larger) < larger
    larger[folded] = permutations - larger[folded]
    return (larger + 1.0) / (permutations + 1.0)
