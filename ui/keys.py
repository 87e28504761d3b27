"""Session-state keys and URL parameters, named once.

A widget's key is also its URL parameter (:mod:`ui.widgets`), so the names below are part of every shared link:
rename one and old links lose that setting. :data:`URL_STATE` lists, per tab, the settings a copied link carries.
"""

from __future__ import annotations

# page
LANG = "lang"
TAB = "tab"
REGION = "region"  # the selected region, shared by every map, chart and the profile
PRESENT = "present"  # URL only: presenter mode on ("1")
STEP = "step"  # URL only: the presenter's slide
# the presenter's story: px, py, plevel, pyear, psteps (named in report.story.PARAMS)

# Map tab
LEVEL = "level"
LAYER = "layer"
IND = "ind"
MODE = "mode"
YEAR = "year"
SCHEME = "scheme"
K = "k"
BINS = "bins"
POOLED = "pooled"
TILES = "tiles"
OVERLAY = "overlay"
MAP_MAIN = "map_main"

# Mismatch and Clusters tabs (x, y and year are shared by both)
CLEVEL = "clv"  # the Mismatch and Clusters tabs' level (sido or sigungu)
MX = "mx"
MY = "my"
MYEAR = "myear"
MCMP = "mcmp"  # the Mismatch tab's compare-with-year (0: none)
MAP_MISMATCH = "map_mismatch"
CSTAT = "cstat"
ALPHA = "alpha"
FDR = "fdr"
PERM = "perm"
SEED = "seed"
MAP_CLUSTERS = "map_clusters"

# session data (never in the URL)
USER_INDICATORS = "user_indicators"  # dict id → analysis.userdata.UserIndicator
IMPORT_MEMO = "_import_memo"
LAST_VIEW = "_last_view"  # the Map tab's IndicatorView, for the Data tab's download
STORE_MEMO = "_store"  # this session's store with its uploads (ui.data.store)

URL_STATE: dict[str, tuple[str, ...]] = {
    "page": (LANG, TAB, REGION),
    "map": (LEVEL, LAYER, IND, MODE, YEAR, SCHEME, K, BINS, POOLED, TILES, OVERLAY),
    "mismatch": (CLEVEL, MX, MY, MYEAR, MCMP),
    "clusters": (CLEVEL, CSTAT, MX, MY, MYEAR, ALPHA, FDR, PERM, SEED),
}
"""Settings written to the URL, by where they are set: together they reproduce the view."""
