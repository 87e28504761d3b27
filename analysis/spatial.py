"""Spatial weights and spatial autocorrelation for regional indicators.

Weights are row-standardised :class:`libpysal.graph.Graph` objects built from a boundary GeoDataFrame indexed by
region code (:func:`build_weights`), or cached per bundled level (:func:`weights_for_level`). Contiguity on
islands (Jeju, Ulleung, Ongjin, Shinan ...) would leave isolates, so the island links shipped in
``data/boundaries/island_links.csv`` (ferry/bridge connections) are added by default.

Statistics wrap esda 2.9, which accepts a ``Graph`` directly:

==========================  =======================================  ============================
function                    esda class                               result
==========================  =======================================  ============================
:func:`moran`               ``esda.Moran``                           :class:`GlobalResult`
:func:`bivariate_moran`     ``esda.Moran_BV``                        :class:`GlobalResult`
:func:`differential_moran`  ``esda.Moran`` of ``y_t1 − y_t0``        :class:`GlobalResult`
:func:`local_moran`         ``esda.Moran_Local``                     :class:`LocalResult`
:func:`bivariate_local_moran` ``esda.Moran_Local_BV``                :class:`LocalResult`
:func:`getis_ord`           ``esda.G_Local(star=True)``              :class:`LocalResult`
==========================  =======================================  ============================

Randomness. Every permutation test draws exactly what esda draws for ``seed`` and is evaluated for all
permutations at once (:mod:`analysis.permutation`), so the pseudo p-values equal esda's:

* local Moran, bivariate LISA and Gi*: esda's observed statistics, then esda's table of permuted neighbour ids for
  ``seed`` (``esda.crand``'s conditional randomisation);
* ``esda.Moran`` and ``esda.Moran_BV`` take no seed and relabel the regions with NumPy's global state: the
  same relabellings are drawn for ``seed`` (:func:`analysis.permutation.relabellings`), so the results equal a
  direct esda call preceded by ``np.random.seed(seed)``; with ``seed=None`` esda itself runs on the caller's
  global state. Their observed statistics are esda's expressions written out on row-standardised weights kept
  per graph (esda rebuilds them and a full graph summary at every call); all equal esda's bit for bit
  (``tests/test_permutation.py``).

With a seed, NumPy's global state is left as the caller had it (nothing is drawn from it).

Small samples. With fewer than :data:`SMALL_N` regions (17 sido) permutation inference is weak; results carry
a ``warning`` saying so.
"""

from __future__ import annotations

import threading
import warnings
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
from libpysal.graph import Graph
from scipy import stats

from analysis.defaults import ALPHA, PERMUTATIONS, SEED
from analysis.errors import DataError
from analysis.labels import Names, labels_for
from analysis.permutation import gi_star_pseudo_p, local_pseudo_p, moran_bv_sims, moran_sims

__all__ = [
    "ISLAND_LINKS_CSV",
    "QUADRANTS",
    "SMALL_N",
    "WEIGHT_KINDS",
    "GlobalResult",
    "LocalResult",
    "WeightsReport",
    "bivariate_local_moran",
    "bivariate_moran",
    "build_weights",
    "differential_moran",
    "getis_ord",
    "load_island_links",
    "local_moran",
    "moran",
    "small_n_warning",
    "weights_for_level",
    "weights_for_regions",
    "weights_report",
]

ISLAND_LINKS_CSV = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "island_links.csv"

#: Below this many regions, permutation inference is flagged as weak.
SMALL_N = 30

#: esda quadrant numbers (``geoda_quads=False``) → key: value first, neighbours' lag second.
QUADRANTS: dict[int, str] = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}

#: Metric CRS for centroids of knn / distance weights (Korea 2000 / Unified CS, UTM-K).
_METRIC_CRS = "EPSG:5179"


# ---------------------------------------------------------------------------------------------------------
# weights
# ---------------------------------------------------------------------------------------------------------


def _points(boundaries: gpd.GeoDataFrame) -> gpd.GeoSeries:
    geom = boundaries.geometry
    if geom.crs is not None and geom.crs.is_geographic:
        geom = geom.to_crs(_METRIC_CRS)
    return geom.representative_point()


def _queen(boundaries: gpd.GeoDataFrame, **_: object) -> Graph:
    return Graph.build_contiguity(boundaries.geometry, rook=False, strict=False)


def _rook(boundaries: gpd.GeoDataFrame, **_: object) -> Graph:
    return Graph.build_contiguity(boundaries.geometry, rook=True, strict=False)


def _knn(boundaries: gpd.GeoDataFrame, k: int | None = None, **_: object) -> Graph:
    if k is None or k < 1 or k >= len(boundaries):
        raise DataError(f"kind='knn' needs k between 1 and {len(boundaries) - 1} (got k={k}); pass k=...")
    return Graph.build_knn(_points(boundaries), k=int(k))


def _distance(boundaries: gpd.GeoDataFrame, threshold: float | None = None, **_: object) -> Graph:
    if threshold is None or not threshold > 0:
        raise DataError(
            f"kind='distance' needs a positive threshold in metres (got {threshold}); pass threshold=..."
        )
    return Graph.build_distance_band(_points(boundaries), threshold=float(threshold), binary=True)


#: kind → builder. Contiguity kinds take island links; knn never leaves isolates and ignores them.
WEIGHT_KINDS: dict[str, Callable[..., Graph]] = {
    "queen": _queen,
    "rook": _rook,
    "knn": _knn,
    "distance": _distance,
}
_LINKABLE = {"queen", "rook", "distance"}


def load_island_links(path: Path | str = ISLAND_LINKS_CSV) -> pd.DataFrame:
    """The island links table (``level, code, name_ko, linked_code, linked_name_ko, link, reason``).

    Raises
    ------
    DataError
        If the file is missing (build the boundaries first, or pass ``island_links=False``).
    """
    path = Path(path)
    if not path.exists():
        raise DataError(
            f"island links file {path} not found; build the boundaries (make boundaries) or pass "
            f"island_links=False and handle isolates yourself."
        )
    return pd.read_csv(path, dtype={"code": str, "linked_code": str, "level": str})


def _add_links(graph: Graph, order: pd.Index, links: pd.DataFrame) -> Graph:
    ids = set(order)
    mask = links["code"].isin(ids) & links["linked_code"].isin(ids)
    lk = links.loc[mask, ["code", "linked_code"]]
    if lk.empty:
        return graph
    both = pd.DataFrame(
        {
            "focal": np.concatenate([lk["code"].to_numpy(), lk["linked_code"].to_numpy()]),
            "neighbor": np.concatenate([lk["linked_code"].to_numpy(), lk["code"].to_numpy()]),
            "weight": 1.0,
        }
    )
    edges = graph.adjacency.reset_index()
    linked = set(both["focal"])
    # an isolate is stored as a zero self-loop; drop it where a link now connects the unit
    edges = edges[~((edges["focal"] == edges["neighbor"]) & (edges["weight"] == 0) & edges["focal"].isin(linked))]
    edges = pd.concat([edges, both], ignore_index=True).drop_duplicates(["focal", "neighbor"])
    pos = pd.Series(np.arange(len(order)), index=order)
    edges = edges.assign(_o=pos.loc[edges["focal"]].to_numpy()).sort_values("_o", kind="stable")
    return Graph.from_arrays(
        edges["focal"].to_numpy(), edges["neighbor"].to_numpy(), edges["weight"].to_numpy(float)
    )


def build_weights(
    boundaries: gpd.GeoDataFrame,
    kind: str = "queen",
    k: int | None = None,
    threshold: float | None = None,
    island_links: bool | pd.DataFrame = True,
    link_code_map: Mapping[str, str] | None = None,
) -> Graph:
    """Row-standardised spatial weights for the regions of ``boundaries``.

    Parameters
    ----------
    boundaries : geopandas.GeoDataFrame
        Polygons indexed by region code (as from ``geo.boundaries.load_boundaries``). Contiguity assumes a
        clean coverage (neighbours share vertices), which the bundled files are.
    kind : {"queen", "rook", "knn", "distance"}
        Queen/rook contiguity, k nearest neighbours, or a binary distance band; see :data:`WEIGHT_KINDS`.
    k : int, optional
        Neighbours for ``kind="knn"``.
    threshold : float, optional
        Distance band in metres for ``kind="distance"`` (centroids in EPSG:5179 for geographic input).
    island_links : bool or pandas.DataFrame
        ``True`` adds the links of ``data/boundaries/island_links.csv`` whose two codes are both in
        ``boundaries``; a DataFrame with ``code`` and ``linked_code`` columns adds those; ``False`` adds none
        (check :func:`weights_report` for isolates). Ignored for ``knn``.
    link_code_map : mapping of str to str, optional
        Recode link endpoints before matching them to ``boundaries`` (e.g. non-autonomous gu → their city for
        the 229-unit sigungu view, as :func:`weights_for_level` does). Links that become self-links are dropped.

    Returns
    -------
    libpysal.graph.Graph
        Row-standardised (``transformation == "R"``), ids in the order of ``boundaries.index``.

    Raises
    ------
    DataError
        Unknown kind, missing ``k``/``threshold``, duplicate codes, or a missing island links file.

    Examples
    --------
    >>> from geo.boundaries import load_boundaries  # doctest: +SKIP
    >>> g = build_weights(load_boundaries("sido"))  # doctest: +SKIP
    >>> weights_report(g).isolates  # doctest: +SKIP
    ()
    """
    if kind not in WEIGHT_KINDS:
        raise DataError(f"unknown weights kind {kind!r}; valid kinds: {', '.join(WEIGHT_KINDS)}.")
    if not isinstance(boundaries, gpd.GeoDataFrame):
        raise DataError(f"boundaries must be a GeoDataFrame indexed by region code, got {type(boundaries).__name__}.")
    if boundaries.index.has_duplicates:
        dup = sorted(map(str, boundaries.index[boundaries.index.duplicated()].unique()))[:10]
        raise DataError(f"boundaries have duplicate codes {dup}; pass one row per region (dissolve first).")
    if len(boundaries) < 2:
        raise DataError(f"boundaries have {len(boundaries)} region(s); weights need at least 2.")
    bnd = boundaries.copy()
    bnd.index = bnd.index.astype(str)
    graph = WEIGHT_KINDS[kind](bnd, k=k, threshold=threshold)
    if kind in _LINKABLE and island_links is not False:
        links = load_island_links() if island_links is True else island_links
        missing = {"code", "linked_code"} - set(links.columns)
        if missing:
            raise DataError(f"island_links lacks columns {sorted(missing)}; it needs code and linked_code.")
        links = links.astype({"code": str, "linked_code": str})
        if link_code_map:
            links = links.assign(
                code=links["code"].replace(dict(link_code_map)),
                linked_code=links["linked_code"].replace(dict(link_code_map)),
            )
            links = links[links["code"] != links["linked_code"]]
        graph = _add_links(graph, bnd.index, links)
    return graph.transform("r")


@dataclass(frozen=True)
class WeightsReport:
    """Connectivity of a weights graph.

    Attributes
    ----------
    n : int
        Regions.
    n_edges : int
        Directed links (self-loops of isolates excluded).
    mean_neighbors : float
        Mean cardinality.
    n_components : int
        Connected components (1 = every region reachable).
    component_sizes : tuple of int
        Size of each component, largest first.
    isolates : tuple of str
        Codes with no neighbour.
    """

    n: int
    n_edges: int
    mean_neighbors: float
    n_components: int
    component_sizes: tuple[int, ...]
    isolates: tuple[str, ...]


def weights_report(graph: Graph) -> WeightsReport:
    """Components and isolates of ``graph`` (use it when island links are off).

    Examples
    --------
    >>> from geo.boundaries import load_boundaries  # doctest: +SKIP
    >>> weights_report(build_weights(load_boundaries("sigungu"), island_links=False)).isolates  # doctest: +SKIP
    """
    sizes = graph.component_labels.value_counts().sort_values(ascending=False)
    return WeightsReport(
        n=int(graph.n),
        n_edges=int(graph.n_edges),
        mean_neighbors=float(graph.cardinalities.mean()),
        n_components=int(graph.n_components),
        component_sizes=tuple(int(s) for s in sizes),
        isolates=tuple(str(c) for c in graph.isolates),
    )


@lru_cache(maxsize=32)
def weights_for_level(
    level: str,
    kind: str = "queen",
    k: int | None = None,
    threshold: float | None = None,
    island_links: bool = True,
    autonomous: bool = False,
    shipped: bool = True,
) -> Graph:
    """Cached weights for a bundled boundary level (``sido``, ``sigungu``, ``emd``).

    Queen weights with island links (the defaults) are read from the file shipped in ``data/weights/``
    (:mod:`analysis.weights_io`, built by ``make weights``) when it exists and matches the current boundaries;
    otherwise, and for other kinds, they are built from ``geo.boundaries.load_boundaries(level, "web",
    autonomous)``. Either way the graph is kept for the process (a ``Graph`` is immutable, so sharing it is
    safe). ``weights_for_level.cache_clear()`` empties the cache.

    Parameters
    ----------
    level : str
        Boundary level.
    kind, k, threshold, island_links
        As in :func:`build_weights`.
    autonomous : bool
        Sigungu only: the 229-unit view (non-autonomous gu dissolved into their city).
    shipped : bool, default True
        Use the shipped queen weights when they apply; ``False`` always builds (the weights build uses it).

    Returns
    -------
    libpysal.graph.Graph

    Examples
    --------
    >>> g = weights_for_level("sido")  # doctest: +SKIP
    >>> g.n  # doctest: +SKIP
    17
    """
    from geo.boundaries import load_boundaries  # geo is optional until the boundaries land

    if shipped and kind == "queen" and island_links is True and k is None and threshold is None:
        from analysis import weights_io

        graph = weights_io.load(level, autonomous)
        if graph is not None:
            return graph

    bnd = load_boundaries(level, resolution="web", autonomous=autonomous)
    return build_weights(
        bnd, kind=kind, k=k, threshold=threshold, island_links=island_links,
        link_code_map=_link_code_map(level, autonomous),
    )


def _link_code_map(level: str, autonomous: bool) -> dict[str, str] | None:
    """Island links name the gu; the 229-unit sigungu view has their city instead."""
    if not autonomous:
        return None
    from geo.boundaries import load_boundaries

    full = load_boundaries(level, resolution="web")
    if "parent_code" not in full.columns:
        return None
    parents = full["parent_code"].dropna()
    return dict(zip(parents.index.astype(str), parents.astype(str), strict=True))


def weights_for_regions(level: str, codes: Iterable[str], *, autonomous: bool = False) -> Graph:
    """Queen weights (with island links) on some regions of a bundled level.

    The cached :func:`weights_for_level` graph when ``codes`` are all the regions of the level, else a graph
    built on those regions alone (a region whose neighbours all lack data becomes an isolate; kept for the
    process, the 16 most recent sets of codes).
    :func:`analysis.compare.compare` (hence the tabs, the summary, the briefing and the deck) chooses its
    weights this way.

    Parameters
    ----------
    level : str
        Boundary level.
    codes : iterable of str
        Region codes of the data (all of them in the level's boundaries).
    autonomous : bool
        Sigungu only: the 229-unit view.

    Returns
    -------
    libpysal.graph.Graph
    """
    from analysis import regions  # the level's units, loaded once per process

    units = regions.units(level, autonomous)
    wanted = pd.Index([str(c) for c in codes])
    unknown = wanted.difference(units)
    if len(unknown):
        raise DataError(f"{len(unknown)} codes are not {level} regions ({sorted(unknown)[:5]}).")
    if set(wanted) == set(units):
        return weights_for_level(level, autonomous=autonomous)
    return _weights_on(level, autonomous, tuple(wanted))


@lru_cache(maxsize=16)
def _weights_on(level: str, autonomous: bool, codes: tuple[str, ...]) -> Graph:
    """Queen weights on some regions of a level: the level's graph (binary, island links included) restricted
    to ``codes``, in their order, row-standardised again. The same graph as :func:`build_weights` on those
    regions' boundaries — contiguity between two regions does not depend on the others, and a link counts when
    both its ends are kept (``tests/test_spatial.py`` compares them) — in a tenth of the time. Kept for the
    process (the years of a trend, the tab's reruns)."""
    return weights_for_level(level, autonomous=autonomous).transform("b").subgraph(list(codes)).transform("r")


# ---------------------------------------------------------------------------------------------------------
# statistics
# ---------------------------------------------------------------------------------------------------------


def small_n_warning(n: int) -> str | None:
    """The caution attached to results on fewer than :data:`SMALL_N` regions, else ``None``."""
    if n >= SMALL_N:
        return None
    return (
        f"only {n} regions: permutation inference on so few units is weak and one region can swing the "
        f"result; read p-values as descriptive and confirm at a finer level (sigungu)."
    )


def _align(values: pd.Series, graph: Graph, name: str) -> np.ndarray:
    if not isinstance(values, pd.Series):
        raise DataError(f"{name} must be a pandas Series indexed by region code, got {type(values).__name__}.")
    v = values.copy()
    v.index = v.index.astype(str)
    if v.index.has_duplicates:
        raise DataError(f"{name} has duplicate region codes; pass one value per region.")
    ids = pd.Index(graph.unique_ids.astype(str))
    missing = ids.difference(v.index)
    extra = v.index.difference(ids)
    if len(missing) or len(extra):
        raise DataError(
            f"{name} does not match the weights: no value for {sorted(missing)[:10]}"
            f"{' ...' if len(missing) > 10 else ''}, not in the weights {sorted(extra)[:10]}"
            f"{' ...' if len(extra) > 10 else ''}. Pass one value per region of the weights, or build the "
            f"weights on the regions you have (graph.subgraph(codes) or build_weights(boundaries.loc[codes]))."
        )
    arr = pd.to_numeric(v.loc[ids], errors="coerce").to_numpy(float)
    bad = ids[~np.isfinite(arr)]
    if len(bad):
        raise DataError(
            f"{name} has missing or infinite values at {sorted(bad)[:10]}; drop those regions (and build the "
            f"weights without them) or fill them."
        )
    with np.errstate(over="ignore", invalid="ignore"):
        # esda standardises with the variance and takes the kurtosis (fourth powers of the deviations)
        spread = float(np.sum((arr - arr.mean()) ** 4))
    if not np.isfinite(spread):
        raise DataError(f"{name} is too large to compute with: the fourth powers of its deviations (esda's "
                        f"kurtosis) exceed the largest floating-point number ({np.finfo(float).max:.3g}). "
                        "Express it in a larger unit.")
    if np.ptp(arr) == 0:
        raise DataError(f"{name} is constant across regions; spatial autocorrelation is undefined for it.")
    return arr


def _check_perm(permutations: int) -> int:
    if permutations < 0:
        raise DataError(f"permutations must be ≥ 0 (got {permutations}); 999 is the usual choice.")
    return int(permutations)


@dataclass(frozen=True)
class GlobalResult:
    """A global spatial autocorrelation statistic.

    Attributes
    ----------
    statistic : str
        ``moran``, ``moran_bv`` or ``moran_diff``.
    x, y : str
        Variable names (``y`` empty for univariate statistics; for ``moran_bv`` x is correlated with the
        neighbours' y).
    I : float
        Moran's I (bivariate: x against the spatial lag of y).
    EI : float
        Expected I under the null, ``−1/(n−1)``.
    EI_sim, z_sim, p_sim : float
        Mean of the permuted I, pseudo z-score and pseudo p-value (one-sided, folded, as esda); NaN when
        ``permutations == 0``.
    p_norm : float
        Two-sided p-value under normality (NaN for ``moran_bv``, which esda does not derive).
    permutations : int
        Random permutations.
    seed : int or None
        Seed of the permutations.
    n : int
        Regions.
    warning : str or None
        Set when ``n`` is small (see :func:`small_n_warning`).
    """

    statistic: str
    x: str
    y: str
    I: float  # noqa: E741 - esda's name
    EI: float
    EI_sim: float
    z_sim: float
    p_sim: float
    p_norm: float
    permutations: int
    seed: int | None
    n: int
    warning: str | None


def _global(stat: str, obj: object, x: str, y: str, permutations: int, seed: int | None, n: int) -> GlobalResult:
    nan = float("nan")
    return GlobalResult(
        statistic=stat,
        x=x,
        y=y,
        I=float(obj.I),
        EI=-1.0 / (n - 1),
        EI_sim=float(obj.EI_sim) if permutations else nan,
        z_sim=float(obj.z_sim) if permutations else nan,
        p_sim=float(obj.p_sim) if permutations else nan,
        p_norm=float(getattr(obj, "p_norm", nan)),
        permutations=permutations,
        seed=seed,
        n=n,
        warning=small_n_warning(n),
    )


class _Esda:
    """The attributes of an esda global statistic that :func:`_global` reads."""


@dataclass(frozen=True)
class _RowStandardised:
    """What esda's Moran and Moran_BV take from their row-standardised copy of a graph (``w.transform("r")``):
    the sparse matrix and GraphSummary's ``s0``, ``s1``, ``s2``, computed by the same expressions."""

    sparse: object
    n: int
    s0: float
    s1: float
    s2: float


_STANDARDISED: dict[int, tuple[weakref.ref, _RowStandardised]] = {}
"""id(graph) → (a weak reference to the graph, its standardised weights); an entry goes with its graph (graphs
compare by content and are not hashable)."""
_STANDARDISED_LOCK = threading.RLock()  # re-entrant: a collected graph's callback may run under it


def _standardised(graph: Graph) -> _RowStandardised:
    """The row-standardised weights of ``graph``, once per graph object (esda makes a transformed copy and a
    full ``GraphSummary`` — components, quartiles, traces — at every call: 40 ms at sido, for three numbers)."""
    key = id(graph)
    with _STANDARDISED_LOCK:
        found = _STANDARDISED.get(key)
    if found is not None and found[0]() is graph:
        return found[1]
    w = graph.transform("r")
    sp = w.sparse
    t = sp.transpose()
    t = t + sp
    t2 = t * t  # libpysal GraphSummary._s1
    out = _RowStandardised(sparse=sp, n=int(w.n), s0=w._adjacency.sum(), s1=t2.sum() / 2.0,
                           s2=(np.array(sp.sum(1) + sp.sum(0).transpose()) ** 2).sum())
    def forget(_ref: weakref.ref, key: int = key) -> None:
        with _STANDARDISED_LOCK:
            if key in _STANDARDISED and _STANDARDISED[key][0] is _ref:
                del _STANDARDISED[key]

    with _STANDARDISED_LOCK:
        _STANDARDISED[key] = (weakref.ref(graph, forget), out)
    return out


def _esda_moran(y: np.ndarray, graph: Graph) -> _Esda:
    """``esda.Moran(y, graph, transformation="r", permutations=0)``'s I and normal p-value, step for step
    (``Moran.__init__``, ``__moments``, ``__calc``), on the graph's cached standardised weights."""
    w = _standardised(graph)
    m = _Esda()
    y = np.asarray(y).flatten()
    n = len(y)
    m.n, m.y = n, y
    z = y - y.mean()
    m.z2ss = (z * z).sum()
    m.EI = -1.0 / (n - 1)
    n2 = n * n
    s02 = w.s0 * w.s0
    v_num = n2 * w.s1 - n * w.s2 + 3 * s02
    v_den = (n - 1) * (n + 1) * s02
    m.seI_norm = (v_num / v_den - (1.0 / (n - 1)) ** 2) ** (1 / 2.0)
    zl = w.sparse @ z  # libpysal Graph.lag
    m.I = n / w.s0 * (z * zl).sum() / m.z2ss
    m.z_norm = (m.I - m.EI) / m.seI_norm
    m.p_norm = stats.norm.sf(m.z_norm) if m.z_norm > 0 else stats.norm.cdf(m.z_norm)
    m.p_norm *= 2.0
    m.z, m.w = z, w
    return m


def _esda_moran_bv(x: np.ndarray, y: np.ndarray, graph: Graph) -> _Esda:
    """``esda.Moran_BV(x, y, graph, transformation="r", permutations=0)``'s I, step for step."""
    w = _standardised(graph)
    m = _Esda()
    x, y = np.asarray(x).flatten(), np.asarray(y).flatten()
    m.zy = (y - y.mean()) / y.std(ddof=1)
    m.zx = (x - x.mean()) / x.std(ddof=1)
    m.den = x.shape[0] - 1.0
    m.I = (m.zx * (w.sparse @ m.zy)).sum() / m.den
    m.w = w
    return m


def _simulated(obj: object, sim: np.ndarray, permutations: int) -> None:
    """Set esda's inference attributes of a global statistic from its permuted statistics (esda's own formulas:
    ``esda.Moran.__init__``, ``esda.Moran_BV.__init__``)."""
    obj.sim = sim
    above = sim >= obj.I
    larger = above.sum()
    if (permutations - larger) < larger:
        larger = permutations - larger
    obj.p_sim = (larger + 1.0) / (permutations + 1.0)
    obj.EI_sim = sim.sum() / permutations
    obj.seI_sim = np.array(sim).std()
    with np.errstate(divide="ignore"):
        obj.z_sim = (obj.I - obj.EI_sim) / obj.seI_sim


def moran(values: pd.Series, graph: Graph, permutations: int = PERMUTATIONS, seed: int | None = SEED) -> GlobalResult:
    """Global Moran's I of one variable (``esda.Moran``).

    Parameters
    ----------
    values : pandas.Series
        Values indexed by region code, one per region of ``graph`` (any order).
    graph : libpysal.graph.Graph
        Weights from :func:`build_weights`; row-standardised by esda in any case.
    permutations : int
        Random permutations for ``p_sim`` (0 = analytical only).
    seed : int or None
        Seed of the relabellings (as if NumPy's global state were seeded with it; the global state is not
        touched); ``None`` lets esda draw from the global state.

    Returns
    -------
    GlobalResult

    Examples
    --------
    >>> moran(values, weights_for_level("sigungu")).I  # doctest: +SKIP
    """
    permutations = _check_perm(permutations)
    y = _align(values, graph, str(values.name or "values"))
    if seed is None:  # esda draws from the caller's global state
        m = esda.Moran(y, graph, transformation="r", permutations=permutations)
    else:
        m = _esda_moran(y, graph)
        if permutations:  # esda's relabellings for the seed, all at once (analysis.permutation)
            _simulated(m, moran_sims(m.z, m.w.sparse, m.n / m.w.s0, m.z2ss, permutations, seed), permutations)
    return _global("moran", m, str(values.name or "values"), "", permutations, seed, len(y))


def bivariate_moran(
    x: pd.Series, y: pd.Series, graph: Graph, permutations: int = PERMUTATIONS, seed: int | None = SEED
) -> GlobalResult:
    """Bivariate Moran's I of x against the neighbours' y (``esda.Moran_BV``).

    Parameters
    ----------
    x, y : pandas.Series
        Values indexed by region code, one per region of ``graph``.
    graph : libpysal.graph.Graph
        Weights.
    permutations, seed
        As in :func:`moran`.

    Returns
    -------
    GlobalResult
    """
    permutations = _check_perm(permutations)
    xa = _align(x, graph, str(x.name or "x"))
    ya = _align(y, graph, str(y.name or "y"))
    if seed is None:
        m = esda.Moran_BV(xa, ya, graph, transformation="r", permutations=permutations)
    else:
        m = _esda_moran_bv(xa, ya, graph)
        if permutations:
            _simulated(m, moran_bv_sims(m.zx, m.zy, m.w.sparse, m.den, permutations, seed), permutations)
    return _global("moran_bv", m, str(x.name or "x"), str(y.name or "y"), permutations, seed, len(xa))


def differential_moran(
    before: pd.Series, after: pd.Series, graph: Graph, permutations: int = PERMUTATIONS, seed: int | None = SEED
) -> GlobalResult:
    """Differential Moran's I: Moran's I of the change ``after − before`` between two years.

    As GeoDa's differential Moran, it asks whether regions that grew (or shrank) cluster, removing
    time-invariant regional levels.

    Parameters
    ----------
    before, after : pandas.Series
        The same indicator in two years, indexed by region code.
    graph : libpysal.graph.Graph
        Weights.
    permutations, seed
        As in :func:`moran`.

    Returns
    -------
    GlobalResult
        ``statistic="moran_diff"``, ``x`` names the after variable, ``y`` the before variable.
    """
    b = pd.Series(_align(before, graph, "before"), index=graph.unique_ids.astype(str))
    a = pd.Series(_align(after, graph, "after"), index=graph.unique_ids.astype(str))
    res = moran((a - b).rename("change"), graph, permutations=permutations, seed=seed)
    return GlobalResult(**{**res.__dict__, "statistic": "moran_diff", "x": str(after.name or "after"),
                           "y": str(before.name or "before")})


@dataclass(frozen=True)
class LocalResult:
    """A local statistic (LISA or Gi*) per region.

    Attributes
    ----------
    statistic : str
        ``moran_local``, ``moran_local_bv`` or ``getis_ord``.
    x, y : str
        Variable names (``y`` empty for univariate statistics).
    table : pandas.DataFrame
        Indexed by region code, in the order of the weights. Columns: ``value`` (x), ``lag`` (spatial lag of
        the standardised x, or of y for bivariate; raw lag for Gi*), ``statistic`` (local I or Gi*),
        ``quadrant`` (``HH``/``LH``/``LL``/``HL``; ``hot``/``cold`` for Gi*), ``p_sim``, ``significant``
        (bool), ``cluster`` (the quadrant if significant, else ``ns``), ``label_ko``, ``label_en``.
    alpha : float
        Significance level.
    fdr : bool
        Whether the cut-off is the false-discovery-rate bound (``esda.fdr``).
    crit_value : float
        The p-value cut-off used (``alpha``, or the FDR bound).
    labels : str
        Wording scheme of ``label_ko``/``label_en`` (see :mod:`analysis.labels`).
    permutations, seed, n, warning
        As in :class:`GlobalResult`.
    """

    statistic: str
    x: str
    y: str
    table: pd.DataFrame
    alpha: float
    fdr: bool
    crit_value: float
    labels: str
    permutations: int
    seed: int | None
    n: int
    warning: str | None

    def counts(self) -> pd.Series:
        """Number of regions per cluster (``HH``, ``LH``, ``LL``, ``HL``, ``ns``)."""
        return self.table["cluster"].value_counts().rename("regions")


def _crand_seed(seed: int | None) -> int:
    """The seed esda's conditional randomisation uses: ``seed``, or one drawn from NumPy's global state."""
    return int(np.random.randint(12345, 12345000)) if seed is None else int(seed)  # noqa: NPY002 - as esda


def _check_local(permutations: int, alpha: float) -> int:
    permutations = _check_perm(permutations)
    if permutations == 0:
        raise DataError("local statistics need permutations > 0 for their p-values; 999 is the usual choice.")
    if not 0 < alpha < 1:
        raise DataError(f"alpha must be between 0 and 1 (got {alpha}); 0.05 is the usual choice.")
    return permutations


def _local_table(
    ids: pd.Index,
    value: np.ndarray,
    lag: np.ndarray,
    stat: np.ndarray,
    quadrant: np.ndarray,
    p_sim: np.ndarray,
    alpha: float,
    fdr: bool,
    scheme: str,
    names: Names | None = None,
) -> tuple[pd.DataFrame, float]:
    crit = float(esda.fdr(p_sim, alpha)) if fdr else float(alpha)
    significant = p_sim <= crit
    cluster = np.where(significant, quadrant, "ns")
    words = labels_for(scheme, names)
    table = pd.DataFrame(
        {
            "value": value,
            "lag": lag,
            "statistic": stat,
            "quadrant": quadrant,
            "p_sim": p_sim,
            "significant": significant,
            "cluster": cluster,
            "label_ko": words["label_ko"].reindex(cluster).to_numpy(),
            "label_en": words["label_en"].reindex(cluster).to_numpy(),
        },
        index=pd.Index(ids, name="code"),
    )
    return table, crit


def local_moran(
    values: pd.Series,
    graph: Graph,
    permutations: int = PERMUTATIONS,
    seed: int | None = SEED,
    alpha: float = ALPHA,
    fdr: bool = False,
    labels: str = "univariate",
    names: Names | None = None,
) -> LocalResult:
    """Local Moran's I (LISA) with quadrants, significance and wording (``esda.Moran_Local``).

    Parameters
    ----------
    values : pandas.Series
        Values indexed by region code, one per region of ``graph``.
    graph : libpysal.graph.Graph
        Weights.
    permutations : int
        Conditional permutations (> 0).
    seed : int or None
        Seed of esda's permuted id table (``None``: one drawn from NumPy's global state, as esda does).
    alpha : float
        Significance level.
    fdr : bool
        Use the false-discovery-rate cut-off ``esda.fdr(p_sim, alpha)`` instead of ``alpha``.
    labels : str
        Wording scheme (``univariate`` or ``mismatch`` for log share ratios).
    names : mapping, optional
        ``{"a": (ko, en), "b": (ko, en)}`` names in the wording (for ``mismatch``: a = x, the numerator of
        ln M, b = y); see :func:`analysis.labels.labels_for`.

    Returns
    -------
    LocalResult
    """
    permutations = _check_local(permutations, alpha)
    name = str(values.name or "values")
    y = _align(values, graph, name)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", DeprecationWarning)  # esda's notice about a future default
        lm = esda.Moran_Local(y, graph, transformation="r", permutations=0)
        p_sim = local_pseudo_p(lm.z, lm.z, lm.Is, lm.w.sparse, permutations, _crand_seed(seed))
    quad = np.array([QUADRANTS[int(q)] for q in lm.q])
    lag = np.asarray(lm.w.lag(lm.z))
    table, crit = _local_table(graph.unique_ids, y, lag, lm.Is, quad, p_sim, alpha, fdr, labels, names)
    return LocalResult(
        "moran_local", name, "", table, alpha, fdr, crit, labels, permutations, seed, len(y), small_n_warning(len(y))
    )


def bivariate_local_moran(
    x: pd.Series,
    y: pd.Series,
    graph: Graph,
    permutations: int = PERMUTATIONS,
    seed: int | None = SEED,
    alpha: float = ALPHA,
    fdr: bool = False,
    labels: str = "bivariate",
    names: Names | None = None,
) -> LocalResult:
    """Bivariate LISA of x against the neighbours' y (``esda.Moran_Local_BV``).

    For the other direction (y against the neighbours' x) swap the arguments (and the names). With x = R&D
    and y = production, ``labels="rnd_production"`` gives the planner wording (HL = "R&D hub here,
    neighbours produce little", LH = "Little R&D here, producing neighbours").

    Parameters
    ----------
    x, y : pandas.Series
        Values indexed by region code, one per region of ``graph``.
    graph : libpysal.graph.Graph
        Weights.
    permutations, seed, alpha, fdr
        As in :func:`local_moran`.
    labels : str
        Wording scheme (``bivariate`` or ``rnd_production``).
    names : mapping, optional
        ``{"a": (ko, en), "b": (ko, en)}``: a names the region's own variable (the ``x`` argument), b the
        neighbours' (``y``). Default: the Series names in both languages.

    Returns
    -------
    LocalResult
        ``value`` is x, ``lag`` the spatial lag of standardised y.
    """
    permutations = _check_local(permutations, alpha)
    nx, ny = str(x.name or "x"), str(y.name or "y")
    xa = _align(x, graph, nx)
    ya = _align(y, graph, ny)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", DeprecationWarning)
        lm = esda.Moran_Local_BV(xa, ya, graph, transformation="r", permutations=0)
        p_sim = local_pseudo_p(lm.zx, lm.zy, lm.Is, lm.w.sparse, permutations, _crand_seed(seed))
    quad = np.array([QUADRANTS[int(q)] for q in lm.q])
    lag = np.asarray(lm.w.lag(lm.zy))
    names = names or {"a": (nx, nx), "b": (ny, ny)}
    table, crit = _local_table(graph.unique_ids, xa, lag, lm.Is, quad, p_sim, alpha, fdr, labels, names)
    return LocalResult(
        "moran_local_bv", nx, ny, table, alpha, fdr, crit, labels, permutations, seed, len(xa), small_n_warning(len(xa))
    )


def getis_ord(
    values: pd.Series,
    graph: Graph,
    permutations: int = PERMUTATIONS,
    seed: int | None = SEED,
    alpha: float = ALPHA,
    fdr: bool = False,
) -> LocalResult:
    """Getis-Ord Gi* hot and cold spots (``esda.G_Local(star=True)``).

    The region itself is included with weight 1 in its binary neighbourhood, then rows are standardised.

    Parameters
    ----------
    values : pandas.Series
        Non-negative values indexed by region code, one per region of ``graph``.
    graph : libpysal.graph.Graph
        Weights.
    permutations, seed, alpha, fdr
        As in :func:`local_moran`.

    Returns
    -------
    LocalResult
        ``statistic`` is Gi*, ``quadrant`` is ``hot`` (Gi* above its expectation) or ``cold``, ``lag`` the
        row-standardised local mean including the region.
    """
    permutations = _check_local(permutations, alpha)
    name = str(values.name or "values")
    y = _align(values, graph, name)
    binary = graph.transform("b").assign_self_weight(1.0)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", DeprecationWarning)
        g = esda.G_Local(y, binary, transform="R", permutations=0, star=True, n_jobs=1)
        # esda's conditional randomisation, vectorised (analysis.permutation): same ids, same p-values
        p_sim = gi_star_pseudo_p(g.y, g.Gs, g.w.sparse, permutations, _crand_seed(seed))
    quad = np.where(np.asarray(g.Zs) > 0, "hot", "cold")
    lag = np.asarray(binary.transform("r").lag(y))
    table, crit = _local_table(graph.unique_ids, y, lag, g.Gs, quad, p_sim, alpha, fdr, "getis_ord")
    return LocalResult(
        "getis_ord", name, "", table, alpha, fdr, crit, "getis_ord", permutations, seed, len(y), small_n_warning(len(y))
    )
