"""Shipped queen weights and the full si-gun-gu analysis on real data (issue 14).

* load of the shipped weights (:func:`analysis.weights_io.load`, a parquet adjacency list) against building
  them (:func:`analysis.spatial.build_weights`, queen contiguity + island links) for the 229-unit si-gun-gu
  view and the emd layer;
* shipped weights + LISA against pygeoda's weights + LISA (like for like), and
* the full si-gun-gu analysis on bundled figures — shipped weights + global Moran + LISA + bivariate LISA +
  Gi*, 999 permutations — against pygeoda's queen weights + LISA (GeoDa's C++ engine, 1 thread), measured in
  the same run on the same data and boundaries. Ratios > 1: we are faster than the baseline.
"""

from __future__ import annotations

import importlib.util

from analysis.defaults import PERMUTATIONS, SEED
from bench.harness import Report, timeit

X, Y, YEAR = "establishments_economic_census", "income_tax_base_labour", 2020


def run(report: Report) -> None:
    """Time weights load vs build, and our full analysis vs pygeoda weights + LISA; see the module docstring."""
    from analysis import spatial, weights_io
    from analysis.store import bundled
    from geo.boundaries import load_boundaries

    for level, autonomous in (("sigungu", True), ("emd", False)):
        bnd = load_boundaries(level, autonomous=autonomous)
        name = weights_io.view_name(level, autonomous)
        t_build = timeit(lambda bnd=bnd, level=level, autonomous=autonomous: spatial.build_weights(
            bnd, link_code_map=spatial._link_code_map(level, autonomous)), repeat=3, warmup=0)

        def load(level=level, autonomous=autonomous):
            weights_io.boundary_hash.cache_clear()  # the load includes hashing the boundary file
            return weights_io.load(level, autonomous)

        t_load = timeit(load, repeat=5)
        report.add(f"{name}: shipped queen weights loaded (n={len(bnd)})", t_load, "s", baseline=t_build,
                   note="baseline = queen contiguity + island links built from the web boundaries; the load "
                   "includes checking the boundary file's SHA-256")

    bnd = load_boundaries("sigungu", autonomous=True)
    x = bundled().get(X, "sigungu", YEAR).reindex(bnd.index.astype(str))
    y = bundled().get(Y, "sigungu", YEAR).reindex(bnd.index.astype(str))

    def full() -> None:
        spatial.weights_for_level.cache_clear()
        g = spatial.weights_for_level("sigungu", autonomous=True)
        spatial.moran(x, g, PERMUTATIONS, SEED)
        spatial.local_moran(x, g, PERMUTATIONS, SEED)
        spatial.bivariate_local_moran(x, y, g, PERMUTATIONS, SEED)
        spatial.getis_ord(x, g, PERMUTATIONS, SEED)

    def weights_lisa() -> None:
        spatial.weights_for_level.cache_clear()
        spatial.local_moran(x, spatial.weights_for_level("sigungu", autonomous=True), PERMUTATIONS, SEED)

    t_full = timeit(full, repeat=5)
    t_wl = timeit(weights_lisa, repeat=5)
    baseline = None
    note = "pygeoda not installed: no baseline"
    if importlib.util.find_spec("pygeoda") is not None:
        import pygeoda

        gda = pygeoda.open(bnd.reset_index(drop=True)[["code", "geometry"]])
        vals = x.tolist()

        def geoda() -> None:
            w = pygeoda.queen_weights(gda)
            pygeoda.local_moran(w, vals, permutations=PERMUTATIONS, cpu_threads=1, seed=SEED)

        baseline = timeit(geoda, repeat=5)
        note = ("baseline = pygeoda queen weights + LISA only (999 permutations, 1 thread), same data; ours also "
                "runs Moran, bivariate LISA and Gi*")
    report.add("sigungu (229): shipped weights + LISA (like for like)", t_wl, "s", baseline=baseline,
               note="baseline = pygeoda queen weights + LISA (999 permutations, 1 thread), same data")
    report.add(f"sigungu (229): full analysis, shipped weights + Moran + LISA + BV-LISA + Gi* ({X} × {Y} {YEAR})",
               t_full, "s", baseline=baseline, note=note)
