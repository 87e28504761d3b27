"""Choropleth classification with mapclassify: schemes by name, pooled classes across years, colours.

Examples
--------
>>> import pandas as pd
>>> c = classify(pd.Series([1.0, 2.0, 3.0, 4.0, None], index=list("abcde")), "equal_interval", k=3)
>>> c.counts, c.n_missing
((2, 1, 1), 1)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import mapclassify
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex

from geo.notes import Note

__all__ = ["CLUSTER_COLORS", "CLUSTER_LINE", "CLUSTER_ORDER", "DIFFERENCE_CMAP", "LQ_BREAKS", "LQ_COLORS", "MAX_USER_BINS",
           "MISMATCH_CMAP", "SCHEMES", "SKEW_RATIO", "Classification", "ClassificationError", "check_bins", "classify",
           "cluster_fills", "difference_classes", "diverging", "lq_classification", "mismatch_classes", "palette",
           "parse_bins", "suggest_scheme"]

SCHEMES: dict[str, str] = {
    "quantiles": "Quantiles",
    "fisher_jenks": "FisherJenks",
    "equal_interval": "EqualInterval",
    "box_plot": "BoxPlot",
    "std_mean": "StdMean",
    "user_defined": "UserDefined",
}
"""UI option → mapclassify classifier name."""

_FIXED_K = {"box_plot", "std_mean"}

MAX_USER_BINS = 12
"""Most user-defined class bounds accepted (a legend of more classes cannot be read)."""


class ClassificationError(ValueError):
    """A classification request that cannot be met (unknown scheme, no data, bad user bins)."""


@dataclass(frozen=True)
class Classification:
    """Classes of a choropleth.

    Attributes
    ----------
    scheme : str
        Key of :data:`SCHEMES`.
    bins : tuple of float
        Upper bounds of the classes (mapclassify's ``bins``).
    lower : float
        Lower bound of the first class (the smallest classified value).
    counts : tuple of int
        Number of regions (of the classified values) in each class.
    classes : pandas.Series
        Class index per region (``Int64``; ``<NA>`` where the value is missing).
    colors : tuple of str
        One hex colour per class.
    n_missing : int
        Regions with no value (drawn grey and listed as "no data", never as zero).
    pooled : bool
        Whether ``bins`` were computed over all years (mapclassify ``Pooled``).
    """

    scheme: str
    bins: tuple[float, ...]
    lower: float
    counts: tuple[int, ...]
    classes: pd.Series
    colors: tuple[str, ...]
    n_missing: int
    pooled: bool

    @property
    def k(self) -> int:
        """Number of classes."""
        return len(self.bins)

    def fills(self) -> pd.Series:
        """Fill colour (hex) of every region, ``None`` where it has no value: the one class → colour rule of the
        interactive maps, the static maps and the slides.

        Examples
        --------
        >>> classify(pd.Series([1.0, 2.0, None], index=list("abc")), "equal_interval", k=2).fills().tolist()
        ['#f1faba', '#13266f', None]
        """
        return pd.Series([None if pd.isna(c) else self.colors[int(c)] for c in self.classes],
                         index=self.classes.index, dtype=object)


def palette(name: str, k: int) -> tuple[str, ...]:
    """``k`` evenly spaced hex colours from the matplotlib colormap ``name`` (light → dark).

    Examples
    --------
    >>> palette("YlGnBu", 3)
    ('#f1faba', '#3aaec3', '#13266f')
    """
    if k < 1:
        raise ClassificationError(f"k must be at least 1, got {k}")
    cmap = colormaps[name]
    pos = np.linspace(0.1, 0.95, k) if k > 1 else np.array([0.6])
    return tuple(to_hex(cmap(p)) for p in pos)


def check_bins(bins: list[float] | tuple[float, ...] | None) -> list[float]:
    """User-defined class bounds, checked: finite, distinct, at most :data:`MAX_USER_BINS`; sorted ascending.

    Raises
    ------
    ClassificationError
        No bounds, a non-finite bound (``nan``, ``inf``), a repeated bound or too many bounds.

    Examples
    --------
    >>> check_bins([50, 10, 20])
    [10.0, 20.0, 50.0]
    """
    if not bins:
        raise ClassificationError(Note("bins_none", "user-defined classes need bins: give ascending upper bounds, "
                                       "e.g. 10, 20, 50"))
    try:
        ub = [float(b) for b in bins]
    except (TypeError, ValueError):
        raise ClassificationError(Note("bins_not_numbers", "class bounds must be numbers, e.g. 10, 20, 50")) from None
    bad = [b for b in ub if not np.isfinite(b)]
    if bad:
        raise ClassificationError(Note("bins_not_finite", "class bounds must be finite numbers; {bound} is not. Give "
                                       "upper bounds such as 10, 20, 50 (the largest value closes the last class by "
                                       "itself).", bound=repr(bad[0])))
    if len(ub) > MAX_USER_BINS:
        raise ClassificationError(Note("bins_too_many", "{n} class bounds given; at most {most} classes can be "
                                       "read on a map. Give fewer bounds.", n=len(ub), most=MAX_USER_BINS))
    if len(set(ub)) < len(ub):
        dup = sorted({b for b in ub if ub.count(b) > 1})
        raise ClassificationError(Note("bins_repeated", "class bound {bound} is given twice; each bound must differ.",
                                       bound=f"{dup[0]:g}"))
    return sorted(ub)


def parse_bins(text: str) -> list[float]:
    """Class bounds typed as text (``"10, 20, 50"``), checked by :func:`check_bins`.

    Raises
    ------
    ClassificationError
        Text that is not a comma-separated list of finite numbers (the message quotes at most 40 characters).

    Examples
    --------
    >>> parse_bins(" 10, 20,50 ")
    [10.0, 20.0, 50.0]
    """
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        shown = str(text) if len(str(text)) <= 40 else str(text)[:40] + "…"
        raise ClassificationError(Note("bins_text", "class bounds must be numbers separated by commas, e.g. 10, 20, "
                                       "50; got {text}", text=repr(shown))) from None
    return check_bins(values)


def _classifier(values: np.ndarray, scheme: str, k: int, bins: list[float] | None):
    name = SCHEMES[scheme]
    kwargs: dict = {}
    if scheme == "user_defined":
        ub = check_bins(bins)
        if ub[-1] < values.max():
            ub.append(float(values.max()))  # mapclassify does this too; keep it explicit
        kwargs["bins"] = ub
    elif scheme not in _FIXED_K:
        kwargs["k"] = k
    return name, kwargs


def classify(
    values: pd.Series,
    scheme: str = "quantiles",
    k: int = 5,
    *,
    bins: list[float] | None = None,
    pooled_with: pd.DataFrame | None = None,
    cmap: str = "YlGnBu",
) -> Classification:
    """Classify ``values`` for a choropleth.

    Parameters
    ----------
    values : pandas.Series
        One value per region (index = region code); NaN means no data.
    scheme : str
        A key of :data:`SCHEMES`.
    k : int
        Number of classes (ignored by ``box_plot`` and ``std_mean``, which have fixed classes).
    bins : list of float, optional
        Upper bounds for ``user_defined``.
    pooled_with : pandas.DataFrame, optional
        Values of every year (regions × years), the shown year among them. When given, the class bounds are
        computed once over these values alone (mapclassify ``Pooled``), so they are identical for every year
        and moving the year slider does not change the legend; a value above the top bound (a year outside
        the pool) falls in the top class.
    cmap : str
        A matplotlib colormap name.

    Returns
    -------
    Classification

    Raises
    ------
    ClassificationError
        Unknown scheme, no finite value, or bad user bins.
    """
    if scheme not in SCHEMES:
        raise ClassificationError(f"unknown classification scheme {scheme!r}; choose one of {list(SCHEMES)}")
    vals = pd.to_numeric(values, errors="coerce").astype(float)
    finite = vals[np.isfinite(vals)]
    if finite.empty:
        raise ClassificationError(Note("nothing_to_classify",
                                       "no region has a value for this selection: nothing to classify"))
    if pooled_with is not None:
        # the pool is the panel alone: the shown year is one of its columns, so counting it again would weight
        # it twice and move the bounds with the slider (issue 15)
        pool = pd.to_numeric(pooled_with.stack(), errors="coerce").to_numpy(dtype=float)
        pool = pool[np.isfinite(pool)]
        if pool.size == 0:
            raise ClassificationError(Note("nothing_to_pool", "the years to pool have no value: nothing to classify"))
        k = int(max(1, min(k, np.unique(pool).size)))
        name, kwargs = _classifier(pool, scheme, k, bins)
        # Pooled classifies the stacked values of all columns with one global classifier.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Numba not installed", UserWarning)  # numba left out by measure
            pooled = mapclassify.Pooled(pool.reshape(-1, 1), classifier=name, **kwargs)
        ub = np.asarray(pooled.global_classifier.bins, dtype=float)
        lower = float(pool.min())
    else:
        k = int(max(1, min(k, finite.nunique())))
        name, kwargs = _classifier(finite.to_numpy(), scheme, k, bins)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Numba not installed", UserWarning)  # see bench/results.md
            fitted = mapclassify.classify(finite.to_numpy(), name, **kwargs)
        ub = np.asarray(fitted.bins, dtype=float)
        lower = float(finite.min())
    ub = np.maximum.accumulate(ub)
    idx = np.searchsorted(ub, finite.to_numpy(), side="left")
    idx = np.minimum(idx, len(ub) - 1)
    classes = pd.Series(pd.NA, index=vals.index, dtype="Int64")
    classes.loc[finite.index] = idx
    counts = tuple(int((idx == i).sum()) for i in range(len(ub)))
    return Classification(
        scheme=scheme,
        bins=tuple(float(b) for b in ub),
        lower=lower if pooled_with is not None else min(lower, float(finite.min())),
        counts=counts,
        classes=classes,
        colors=palette(cmap, len(ub)),
        n_missing=int(len(vals) - len(finite)),
        pooled=pooled_with is not None,
    )


SKEW_RATIO = 5.0
"""A distribution whose top value is at least this many times its median is *skewed* (:func:`suggest_scheme`)."""


def suggest_scheme(values: pd.Series, default: str = "quantiles", *, ratio: float = SKEW_RATIO) -> str:
    """The classification scheme for presenting ``values``: Fisher-Jenks when the head dwarfs the rest.

    Quantile classes put equally many regions in each class, so a head that dwarfs the rest (Gyeonggi's 51 %
    of R&D next to Chungnam's 3.7 %) shares the darkest class with the tail's top. When the largest value is at
    least ``ratio`` times the median of the finite values (or the median is 0 and some value is not), Fisher-Jenks
    natural breaks (mapclassify ``FisherJenks``), which minimise the spread within classes, is suggested
    instead: it gives the head a class of its own. This is the one rule for it; the briefing, the deck and
    the presenter call it.

    Parameters
    ----------
    values : pandas.Series
        One value per region; NaN and infinite values are ignored.
    default : str
        The scheme for a distribution that is not skewed (a key of :data:`SCHEMES`).
    ratio : float
        Top-to-median ratio from which a distribution is skewed.

    Returns
    -------
    str
        ``"fisher_jenks"`` or ``default``.

    Examples
    --------
    >>> suggest_scheme(pd.Series([51.2, 20.0, 3.7, 3.0, 2.5, 2.0, 1.0]))
    'fisher_jenks'
    >>> suggest_scheme(pd.Series([9.0, 8.0, 7.0, 6.0, 5.0]))
    'quantiles'
    """
    if default not in SCHEMES:
        raise ClassificationError(f"unknown classification scheme {default!r}; choose one of {list(SCHEMES)}")
    vals = pd.to_numeric(values, errors="coerce").astype(float)
    finite = vals[np.isfinite(vals)].abs()
    if finite.nunique() < 3:
        return default
    top, median = float(finite.max()), float(finite.median())
    skewed = top > 0 and (median == 0 or top >= ratio * median)
    return "fisher_jenks" if skewed else default


# ---------------------------------------------------------------------------------------------------------
# the atlas's fixed classifications and their colours: the mismatch ln M, a change between years, LQ classes,
# LISA / Gi* clusters (every map, slide and table that colours one of these asks here)
# ---------------------------------------------------------------------------------------------------------

MISMATCH_CMAP = "PuOr_r"
"""Colours of the log share ratio ln M: orange where x's share exceeds y's (ln M > 0), purple where y's does."""

DIFFERENCE_CMAP = "RdBu"
"""Colours of a change between two years: blue up, red down."""


def _finite(values: pd.Series, empty: str) -> tuple[pd.Series, pd.Series]:
    """``values`` with infinities as missing, and its finite values; refuses with ``empty`` when there are none."""
    finite = values.replace([np.inf, -np.inf], np.nan)
    v = finite.dropna()
    if v.empty:
        raise ClassificationError(empty)
    return finite, v


def diverging(values: pd.Series, cmap: str, *, empty: str = "no region has a finite value",
              top: float | None = None) -> Classification:
    """Diverging classes centred at 0: 6 equal classes over ±max|value| (infinite values count as missing).

    Parameters
    ----------
    values : pandas.Series
        One value per region; NaN and ±inf are drawn as "no data".
    cmap : str
        A diverging matplotlib colormap.
    empty : str
        The refusal when no value is finite (a :class:`geo.notes.Note`, so the page says it in its language).
    top : float, optional
        A fixed extent instead (e.g. max|value| over two years compared, so both years share their classes); the
        classes still cover every value.

    Raises
    ------
    ClassificationError
        No finite value.

    Examples
    --------
    >>> c = diverging(pd.Series([-1.0, 0.5, 2.0], index=list("abc")), "RdBu")
    >>> c.lower, c.bins[-1], c.k
    (-2.0, 2.0, 6)
    """
    finite, v = _finite(values, empty)
    top = max(float(np.abs(v).max()), float(top or 0.0)) or 1.0
    bounds = list(np.linspace(-top, top, 7)[1:])
    # the scale is symmetric: the lowest class starts at -max|value|, not at the smallest value (a legend row
    # "-1.19 – -1.26" when every value was above -1.26)
    return replace(classify(finite, "user_defined", bins=bounds, cmap=cmap), lower=-top)


def mismatch_classes(log_ratio: pd.Series, top: float | None = None) -> Classification:
    """Classes of the log share ratio ln M: :func:`diverging` in :data:`MISMATCH_CMAP` (the Mismatch tab, the
    briefing, the deck and the static map); ``top``: a fixed extent (max|ln M| over the years compared).

    Examples
    --------
    >>> mismatch_classes(pd.Series([-1.0, 1.0], index=["a", "b"])).colors[0]
    '#532687'
    """
    return diverging(log_ratio, MISMATCH_CMAP, top=top, empty=Note(
        "no_log_ratio", "no region has a finite log share ratio: both indicators are zero everywhere"))


def spread_diverging(values: pd.Series, cmap: str, *,
                     empty: str = "no region has a finite value") -> Classification:
    """Diverging classes centred at 0 that spread the units: 3 classes below 0 and 3 above, split at the tertiles
    of the falls and of the rises (infinite values count as missing).

    Equal classes over ±max|value| (:func:`diverging`) put 225 of 228 si-gun-gu in the two middle classes when
    one unit moved far (a change map of GRDP shares 2015→2020); here each side's units fill its three classes
    about evenly. A side with too few distinct values keeps equal classes over its range.

    Raises
    ------
    ClassificationError
        No finite value.

    Examples
    --------
    >>> c = spread_diverging(pd.Series([-9.0, -2, -1, -0.5, 0.1, 0.2, 0.3, 4.0]), "RdBu")
    >>> list(c.counts), sum(c.counts)
    ([2, 1, 1, 2, 1, 1], 8)
    """
    finite, v = _finite(values, empty)
    top = float(np.abs(v).max()) or 1.0

    def cuts(side: pd.Series) -> list[float]:  # two inner bounds of one side (magnitudes), increasing
        q = [float(x) for x in np.quantile(side, [1 / 3, 2 / 3])] if len(side) else []
        if len(side) < 3 or not 0 < q[0] < q[1] < top:
            return [top / 3, 2 * top / 3]
        return q

    down, up = cuts(-v[v < 0]), cuts(v[v > 0])
    bounds = [-down[1], -down[0], 0.0, up[0], up[1], top]
    return replace(classify(finite, "user_defined", bins=bounds, cmap=cmap), lower=-top)


def difference_classes(change: pd.Series) -> Classification:
    """Classes of a change between two years: :func:`spread_diverging` in :data:`DIFFERENCE_CMAP` (the Change
    tab): the falls and the rises each in three classes that hold about a third of their units."""
    return spread_diverging(change, DIFFERENCE_CMAP, empty=Note("no_change", "no region has a finite change"))


LQ_BREAKS: tuple[float, ...] = (0.5, 0.8, 1.25, 2.0)
"""Upper bounds of the LQ classes of maps and bars (the last class is open, a bound belongs to the class above it):
under-represented below 0.8, about the national share 0.8–1.25 (a ±25 % band, symmetric on a log scale),
specialised above 1.25."""

LQ_COLORS: tuple[str, ...] = ("#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b")
"""Fill of the five LQ classes (diverging: below / national level / above)."""


def lq_classification(lq: pd.Series) -> Classification:
    """The fixed LQ classes of :data:`LQ_BREAKS` in :data:`LQ_COLORS` (NaN: no data).

    Examples
    --------
    >>> c = lq_classification(pd.Series([0.2, 1.0, 1.25, 3.0, None], index=list("abcde")))
    >>> c.classes.tolist(), c.counts, c.n_missing
    ([0, 2, 3, 4, <NA>], (1, 0, 1, 1, 1), 1)
    """
    vals = pd.to_numeric(lq, errors="coerce").astype(float)
    ok = np.isfinite(vals.to_numpy())
    idx = np.searchsorted(np.asarray(LQ_BREAKS), vals.to_numpy()[ok], side="right")
    classes = pd.Series(pd.NA, index=vals.index, dtype="Int64")
    classes[ok] = idx
    top = float(vals[ok].max()) if ok.any() else LQ_BREAKS[-1]
    return Classification(
        scheme="lq", bins=(*LQ_BREAKS, max(top, LQ_BREAKS[-1])), lower=min(0.0, float(vals[ok].min()) if ok.any()
                                                                           else 0.0),
        counts=tuple(int((idx == i).sum()) for i in range(len(LQ_COLORS))), classes=classes, colors=LQ_COLORS,
        n_missing=int((~ok).sum()), pooled=False)


CLUSTER_COLORS: dict[str, str] = {
    "HH": "#ff0000",
    "LL": "#0000ff",
    "LH": "#a7adf9",
    "HL": "#f4ada8",
    "hot": "#ff0000",
    "cold": "#0000ff",
    "ns": "#eeeeee",
}
"""GeoDa's conventional LISA cluster colours (and Gi* hot/cold spots)."""

CLUSTER_ORDER: tuple[str, ...] = ("HH", "LL", "LH", "HL", "hot", "cold", "ns")
"""Order of cluster rows in legends."""

CLUSTER_LINE = "#777777"
"""Region borders on a cluster map (grey, so the saturated cluster fills stay readable)."""


def cluster_fills(clusters: pd.Series) -> pd.Series:
    """Fill colour of each region's cluster code (:data:`CLUSTER_COLORS`; ``None`` where it has none).

    Raises
    ------
    ClassificationError
        A code that is not a cluster of :data:`CLUSTER_ORDER`.

    Examples
    --------
    >>> cluster_fills(pd.Series(["HH", "ns", None], index=list("abc"))).tolist()
    ['#ff0000', '#eeeeee', None]
    """
    unknown = set(clusters.dropna()) - set(CLUSTER_COLORS)
    if unknown:
        raise ClassificationError(f"unknown cluster codes {sorted(unknown)}; expected some of {list(CLUSTER_ORDER)}")
    return pd.Series([None if pd.isna(c) else CLUSTER_COLORS[c] for c in clusters], index=clusters.index,
                     dtype=object)
