"""Shipped queen weights (data/weights/): loading them gives the graph that building gives."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from analysis import spatial, weights_io

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("level", "autonomous"), weights_io.VIEWS)
def test_loaded_equals_built(level, autonomous):
    loaded = weights_io.load(level, autonomous)
    assert loaded is not None, "shipped weights missing or stale: run `make weights`"
    built = spatial.weights_for_level(level, autonomous=autonomous, shipped=False)
    assert loaded.transformation == built.transformation == "R"
    assert list(loaded.unique_ids) == list(built.unique_ids)
    pd.testing.assert_series_equal(loaded.adjacency, built.adjacency)
    assert loaded.n_components == 1


def test_weights_for_level_uses_the_shipped_file():
    spatial.weights_for_level.cache_clear()
    g = spatial.weights_for_level("sigungu", autonomous=True)
    assert g.n == 229
    pd.testing.assert_series_equal(g.adjacency, weights_io.load("sigungu", True).adjacency)


def test_stale_file_is_ignored(monkeypatch):
    monkeypatch.setattr(weights_io, "boundary_hash", lambda level: "0" * 64)
    assert weights_io.load("sido") is None


@pytest.mark.slow
def test_weights_rebuild_byte_identical(tmp_path):
    spec = importlib.util.spec_from_file_location("build_weights", ROOT / "scripts" / "build_weights.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.build(tmp_path)
    for level, autonomous in weights_io.VIEWS:
        name = weights_io.path_for(level, autonomous).name
        assert (hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
                == hashlib.sha256(weights_io.path_for(level, autonomous).read_bytes()).hexdigest()), name
