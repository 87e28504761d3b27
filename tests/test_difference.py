"""analysis.difference: change between two years in shares or values, differential Moran, and refusals
(bundled real data)."""

from __future__ import annotations

import esda
import numpy as np
import pytest

from analysis.difference import difference
from analysis.errors import AggregationError, DataError
from analysis.mismatch import global_seed
from analysis.spatial import weights_for_level
from analysis.store import bundled


def test_share_change_and_differential_moran_equal_the_library():
    s = bundled()
    d = difference(s, "employed_persons", "sido", 2017, 2024, permutations=99, seed=4)
    v0, v1 = s.get("employed_persons", "sido", 2017), s.get("employed_persons", "sido", 2024)
    expected = (v1 / v1.sum() - v0 / v0.sum()) * 100
    np.testing.assert_allclose(d.change.loc[expected.index].to_numpy(), expected.to_numpy(), atol=1e-12)
    assert d.change.sum() == pytest.approx(0.0, abs=1e-9)  # shares move, their sum does not
    g = weights_for_level("sido")
    ids = list(g.unique_ids)
    with global_seed(4):
        ref = esda.Moran(d.change.loc[ids].to_numpy(), g, permutations=99)
    assert d.moran.I == pytest.approx(ref.I) and d.moran.statistic == "moran_diff"


def test_value_change_on_the_2015_base_sigungu():
    s = bundled()
    d = difference(s, "gva_manufacturing_nominal_b2015", "sigungu", 2015, 2020, "raw", permutations=0)
    v0 = s.get("gva_manufacturing_nominal_b2015", "sigungu", 2015)
    v1 = s.get("gva_manufacturing_nominal_b2015", "sigungu", 2020)
    assert d.autonomous and len(d.change) == len(v0)
    np.testing.assert_allclose(d.change.to_numpy(), (v1 - v0).loc[d.change.index].to_numpy())


@pytest.mark.parametrize(("args", "error", "match"), [
    (("establishments_economic_census", "sigungu", 2015, 2020), DataError, "register-based"),
    (("employed_persons", "sido", 2010, 2020), DataError, "other units"),
    (("employment_rate_15plus", "sido", 2017, 2020), AggregationError, "intensive"),
    (("employed_persons", "sido", 2020, 2017), DataError, "must come before"),
    (("gva_manufacturing_nominal_b2015", "sigungu", 2015, 2019), DataError, "not complete"),
])
def test_refusals(args, error, match):
    with pytest.raises(error, match=match):
        difference(bundled(), *args, permutations=0)
