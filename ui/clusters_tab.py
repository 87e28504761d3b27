"""The Clusters tab: LISA, bivariate LISA, LISA of the mismatch, and Gi* maps with the Moran scatter plot."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import spatial
from analysis.defaults import ALPHA, ALPHAS, PERMUTATION_CHOICES, PERMUTATIONS, SEED, SEED_MAX
from analysis.errors import AtlasError, DataError
from analysis.labels import role_names
from analysis.readings import cluster_reading, moran_reading
from geo import mapkinds, maps
from geo.names import place_names
from lang import attr, col, error_text, heads, t
from lang.numbers import cut_off, number, unit_formatter
from report.readings import cluster_lines, moran_detail, moran_sentence, short_names
from ui import charts, data, glossary, keys, mapview
from ui.choices import (
    DEFAULT_X,
    DEFAULT_Y,
    compare_level,
    extensive_ids,
    first_of,
    label_of,
    labeller,
    pair_picker,
)
from ui.colors import CLUSTER_COLORS
from ui.glossary import help_for
from ui.selection import highlight, selected
from ui.text import md
from ui.widgets import ensure, ensure_int, remember

STATS: tuple[str, ...] = ("lisa", "mismatch", "bv_xy", "bv_yx", "gi")
"""The statistics offered (labels: ``stat_*`` in :mod:`lang`)."""


def stat_title(stat: str, x_label: str, y_label: str, lang: str) -> str:
    """The statistic's name with the indicators in their roles: whose value, whose neighbours'.

    >>> stat_title("bv_yx", "R&D", "Population", "en")
    "Bivariate LISA: Population here vs neighbours' R&D"
    """
    return t(f"stat_title_{stat}", lang, x=x_label, y=y_label)


def scatter_titles(stat: str, x_label: str, y_label: str, lang: str) -> tuple[str, str]:
    """Axis titles of the Moran scatter: whose value is on the horizontal axis, whose neighbours' on the vertical.

    >>> scatter_titles("bv_yx", "R&D", "Population", "en")
    ('Population here (standardised)', "Neighbours' R&D (spatial lag)")
    """
    own, lag = {"lisa": (x_label, x_label), "gi": (x_label, x_label), "mismatch": ("ln M", "ln M"),
                "bv_xy": (x_label, y_label), "bv_yx": (y_label, x_label)}[stat]
    return t("scatter_own", lang, name=own), t("scatter_lag", lang, name=lag)


def _run(stat: str, level: str, x: str, y: str, year: int, permutations: int, seed: int, alpha: float,
         fdr: bool) -> tuple[spatial.LocalResult, spatial.GlobalResult | None]:
    """The statistic from the one comparison (x against y) or, for LISA and Gi* of x alone, its univariate
    counterpart: the same year, completeness, weights and wording rules as the summary and the briefing."""
    kw = {"permutations": permutations, "seed": seed, "alpha": alpha, "fdr": fdr}
    if stat in ("lisa", "gi"):
        u = data.univariate_stats(x, level, year, **kw)
        if u.lisa is None:
            raise DataError(u.notes[0])
        return (u.lisa, u.moran) if stat == "lisa" else (u.getis_ord, None)
    c = data.comparison(x, y, level, year, **kw)
    key = {"mismatch": ("log_ratio", "log_ratio"), "bv_xy": ("x_lag_y", "bivariate_x_lag_y"),
           "bv_yx": ("y_lag_x", "bivariate_y_lag_x")}[stat]
    local = c.lisa[key[0]]
    if local is None:
        raise DataError(" ".join(c.notes) or "this statistic cannot be computed for these indicators")
    return local, c.moran[key[1]]


def render(lang: str) -> None:
    """Draw the Clusters tab."""
    top = st.container()
    c0, c1, c2, c3, c4 = st.columns([0.9, 1.6, 1.6, 1.6, 0.8])
    level = compare_level(lang, c0)
    ids = extensive_ids(level)
    ensure(keys.MX, ids, first_of(DEFAULT_X, ids))
    ensure(keys.MY, ids, first_of(DEFAULT_Y, ids))
    suggested = pair_picker(level, lang, top, keys.MX, keys.MY, "cpair")  # sets x and y, drawn below
    if suggested is not None and suggested.note_en:
        top.caption(md(attr(suggested, "note", lang)))
    ensure(keys.CSTAT, list(STATS), "lisa")
    stat = c1.selectbox(t("statistic", lang), list(STATS), key=keys.CSTAT,
                        format_func=lambda s: t(f"stat_{s}", lang))
    x = c2.selectbox(t("x", lang), ids, key=keys.MX,
                     format_func=labeller(lang))
    needs_y = stat in ("mismatch", "bv_xy", "bv_yx")
    y = c3.selectbox(t("y", lang), ids, key=keys.MY,
                     format_func=labeller(lang), disabled=not needs_y)
    common = data.comparable_years(x, y, level) if needs_y else data.complete_years(x, level)
    if not common:
        st.warning(t("no_complete_year", lang))
        return
    ensure(keys.MYEAR, common, common[-1])
    year = c4.selectbox(t("year", lang), common, key=keys.MYEAR)
    s1, s2, s3, s4 = st.columns(4)
    ensure(keys.ALPHA, list(ALPHAS), ALPHA)
    ensure(keys.FDR, [False, True], False)
    ensure(keys.PERM, list(PERMUTATION_CHOICES), PERMUTATIONS)
    ensure_int(keys.SEED, 0, SEED_MAX, SEED)
    alpha = s1.selectbox(t("alpha", lang), list(ALPHAS), key=keys.ALPHA)
    fdr = s2.toggle(t("fdr", lang), key=keys.FDR)
    perms = s3.selectbox(t("permutations", lang), list(PERMUTATION_CHOICES), key=keys.PERM)
    seed = int(s4.number_input(t("seed", lang), min_value=0, max_value=SEED_MAX, step=1, key=keys.SEED))

    remember(*keys.URL_STATE["clusters"])
    try:
        local, glob = _run(stat, level, x, y if needs_y else "", int(year), int(perms), seed, float(alpha), bool(fdr))
    except AtlasError as exc:
        st.warning(md(error_text(exc, lang, labeller(lang))))
        return
    if local.warning:
        st.warning("⚠️ " + t("small_n", lang, detail=local.warning))
    gdf = data.boundaries_for(level, local.table.index)
    tab = local.table
    label_col = col("label", lang)
    words = tab.drop_duplicates("cluster").set_index("cluster")[label_col]
    crit = cut_off(local.crit_value, fdr, lang)
    names = role_names((label_of(x, lang),) * 2, (label_of(y, lang),) * 2)  # short unless alike
    m = mapkinds.cluster_map(gdf, tab, title=stat_title(stat, names["a"][0], names["b"][0], lang), year=int(year),
                             lang=lang, layer_name=t(f"stat_{stat}", lang), capital=data.sido_outline(),
                             note=f"{crit} · " + t("perm_short", lang, n=local.permutations, seed=local.seed),
                             assets_url=data.STATIC_URL)
    left, right = st.columns([1.15, 1])
    with left:
        mapview.show(m, keys.MAP_CLUSTERS, height=520, overlay=maps.selection_outline(gdf, selected()))
    a, b = _roles(stat, *short_names({"x": (label_of(x, lang),) * 2, "y": (label_of(y, lang),) * 2}, lang))
    with right:
        if glob is not None:
            # Moran's I in words, the statistic in a detail line under it (never a bare "E[I] = …, z = …" header)
            reading = moran_reading(glob, float(alpha))
            st.markdown("**" + moran_sentence(reading, lang, name="ln M" if stat == "mismatch" else a, a=a, b=b)
                        + "**", help=help_for("moran", lang=lang))
            st.caption(moran_detail(reading, lang))
            z = (tab["value"] - tab["value"].mean()) / tab["value"].std(ddof=0)
            sc = pd.DataFrame({"z": z, "lag": tab["lag"], "cluster": tab["cluster"],
                               "name": place_names(gdf, lang).reindex(tab.index)})
            own, lag = scatter_titles(stat, names["a"][0], names["b"][0], lang)
            st.altair_chart(charts.moran_scatter(sc, own, lag, selected(), CLUSTER_COLORS, glob.I,
                                                 words=words.to_dict(), lang=lang),
                            width="stretch")
        st.caption(t("cluster_caption", lang, crit=crit, n=local.permutations, seed=local.seed, n_regions=local.n))
    # what each colour of the map means, with its count and the chance of a fluke (the deck's notes say the same)
    st.markdown("**" + t("rd_cluster_title", lang) + "**", help=help_for("gi" if stat == "gi" else "lisa",
                                                                          lang=lang))
    st.markdown("\n".join(f"- {line}" for line in cluster_lines(cluster_reading(local, level), lang, a, b)))
    shown, formats = _table(tab, gdf, stat, x, y, level, int(year), lang)
    st.dataframe(highlight(shown).format(formats), width="stretch")
    glossary.expander("moran", "lisa", "gi", "lnm", lang=lang)


def _roles(stat: str, x_name: str, y_name: str) -> tuple[str, str]:
    """The names a statistic's classes speak of: the region's own variable first, then the other one (the
    neighbours' for a bivariate LISA; y for ln M)."""
    return (y_name, x_name) if stat == "bv_yx" else (x_name, y_name)


def _table(tab: pd.DataFrame, gdf, stat: str, x: str, y: str, level: str, year: int, lang: str
           ) -> tuple[pd.DataFrame, dict]:
    """The table under the map, for people: each region by the naming rule, its value in its unit (ln M signed),
    its neighbours' mean (Gi*: in the unit; Moran's: of the standardised values, as the scatter plots it), p, and
    its cluster in words (no ``HH``/``ns`` codes)."""
    own, lag = {"bv_yx": (y, x), "bv_xy": (x, y)}.get(stat, (x, x))

    def fmt(indicator: str):
        if stat == "mismatch":
            return lambda v: number("log_ratio", v, lang)
        return unit_formatter(data.view(indicator, level, year, "raw").unit, lang)

    lag_col = "lag" if stat == "gi" else "lag_z"  # esda's Moran lags the z-values; Gi* the values themselves
    shown = pd.DataFrame({"place": place_names(gdf, lang).reindex(tab.index), "value": tab["value"],
                          lag_col: tab["lag"], "p_sim": tab["p_sim"], "label": tab[col("label", lang)]},
                         index=tab.index)
    shown.index.name = "code"
    formats = {"value": fmt(own), lag_col: fmt(lag) if stat == "gi" else (lambda v: number("z", v, lang)),
               "p_sim": lambda v: number("p", v, lang)}
    return heads(shown, lang), {t(f"col_{c}", lang): f for c, f in formats.items()}
