"""One comparison (:func:`analysis.compare.compare`, 999 permutations) on the bundled data, against the
numbers the Mismatch tab computed before it called ``compare`` (shares, Hoover, two concentrations without
permutations): what the tab now pays, once per selection.

``compare`` computes its shares, indices and Moran's I of ln M at once and every other statistic when first
read (issue 28); two rows per case: the comparison as the tab reads it, and with every statistic read (what
``summary --json`` prints: 5 Moran's I, 5 LISA, 4 Theil p-values). Each call is on a fresh store object, so
nothing comes from the store's memo; the weights, permutation tables and boundaries are warm, as after the page's
first view.

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
    import dataclasses

    from analysis.compare import compare
    from analysis.mismatch import concentration, mismatch
    from analysis.store import bundled
    from cli.commands.summary import summarise

    store = bundled()

    def fresh():
        return dataclasses.replace(store, _memo={})

    for level, x, y in CASES:
        c = compare(store, x, y, level, permutations=9)  # warm: weights, boundaries, permutation tables
        summarise(compare(store, x, y, level))

        def former(level=level, x=x, y=y, year=c.year) -> None:
            res = mismatch(store.get(x, level, year), store.get(y, level, year), how="inner")
            concentration(res.shares["x"])
            concentration(res.shares["y"])

        base = timeit(former, repeat=3)
        value = timeit(lambda level=level, x=x, y=y: compare(fresh(), x, y, level), repeat=3)
        report.add(f"{level}: compare() as the Mismatch tab reads it (n={c.n})", value, "s", baseline=base,
                   note="shares, indices, Moran's I of ln M (999 permutations); the rest is computed when read; "
                        "baseline: the tab's former numbers (mismatch + 2 concentrations, no permutations)")
        full = timeit(lambda level=level, x=x, y=y: summarise(compare(fresh(), x, y, level)), repeat=3)
        report.add(f"{level}: compare() with every statistic read, as summary prints it (n={c.n})", full, "s",
                   baseline=base, note="adds 4 Moran's I, 5 LISA (999 permutations), 4 Theil p-values and the "
                                       "5+2 decomposition; same baseline")
