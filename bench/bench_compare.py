"""One comparison (:func:`analysis.compare.compare`, 999 permutations) on the bundled data, against the
numbers the Mismatch tab computed before it called ``compare`` (shares, Hoover, two concentrations without
permutations): what the tab now pays, once per selection (the page caches it per store, x, y, year, settings).

Measured on the bundled store (warm: data, boundaries and weights already loaded):

* sido, rd_expenditure_from_share vs gva_manufacturing_nominal_b2020 (17 regions);
* sigungu (229 autonomous units), population_registered vs population_share_of_national.
"""

from __future__ import annotations

from bench.harness import Report, timeit

CASES = (
    ("sido", "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020"),
    ("sigungu", "population_registered", "population_share_of_national"),
)


def run(report: Report) -> None:
    """Time compare() against the tab's former mismatch-only numbers; see the module docstring."""
    from analysis.compare import compare
    from analysis.mismatch import concentration, mismatch
    from analysis.store import bundled

    store = bundled()
    for level, x, y in CASES:
        c = compare(store, x, y, level, permutations=9)  # warm: weights, boundaries, permutation tables

        def former(level=level, x=x, y=y, year=c.year) -> None:
            res = mismatch(store.get(x, level, year), store.get(y, level, year), how="inner")
            concentration(res.shares["x"])
            concentration(res.shares["y"])

        base = timeit(former, repeat=3)
        value = timeit(lambda level=level, x=x, y=y: compare(store, x, y, level), repeat=3)
        report.add(f"{level}: compare() with 999 permutations (n={c.n})", value, "s", baseline=base,
                   note="baseline: the Mismatch tab's former numbers (mismatch + 2 concentrations, no "
                        "permutations); compare adds Theil p-values, 5 Moran's I and 5 LISA")
