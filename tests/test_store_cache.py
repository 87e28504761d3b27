"""analysis.store_cache: the bundled store's tables read back from disk are the tables loaded afresh, a changed
input gives a fresh load, and a damaged or unwritable cache is never the user's problem."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import caches, store_cache
from analysis.store import _bundled_frames


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("RIES_STORE_CACHE", raising=False)
    monkeypatch.setattr(caches, "directory", lambda name, *a, **k: tmp_path / name)
    (tmp_path / "store").mkdir()
    return tmp_path / "store"


def _assert_same(a: dict, b: dict) -> None:
    assert list(a) == list(b) or sorted(a) == sorted(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True, check_index_type=True,
                                      check_column_type=True)
        assert type(a[name].index) is type(b[name].index) and a[name].index.name == b[name].index.name


def test_the_cached_tables_are_the_loaded_ones(cache_dir):
    fresh = _bundled_frames()
    calls = []

    def compute():
        calls.append(1)
        return fresh

    first = store_cache.load(compute)
    second = store_cache.load(compute)
    assert len(calls) == 1  # the second process (here: call) reads the cache
    _assert_same(fresh, first)
    _assert_same(fresh, second)
    assert len(list(cache_dir.glob("store-*"))) == 1


def test_a_changed_input_gives_a_fresh_load(cache_dir, tmp_path, monkeypatch):
    extra = tmp_path / "values.csv"
    extra.write_text("code,value\n11,1\n")
    inputs = store_cache._inputs
    monkeypatch.setattr(store_cache, "_inputs", lambda: [*inputs(), extra])
    before = store_cache.key()
    frames = {"values": pd.DataFrame({"v": [1.0]})}
    store_cache.load(lambda: frames)
    extra.write_text("code,value\n11,2\n")  # same size, other content
    assert store_cache.key() != before
    changed = {"values": pd.DataFrame({"v": [2.0]})}
    assert store_cache.load(lambda: changed)["values"]["v"].tolist() == [2.0]


def test_a_damaged_entry_is_rebuilt(cache_dir):
    frames = {"values": pd.DataFrame({"v": [1.0, 2.0]})}
    store_cache.load(lambda: frames)
    (entry,) = cache_dir.glob("store-*")
    (entry / "values.parquet").write_bytes(b"not parquet")
    assert store_cache.load(lambda: frames)["values"]["v"].tolist() == [1.0, 2.0]
    assert store_cache.load(lambda: pytest.fail("read from the rebuilt cache"))["values"]["v"].tolist() == [1.0, 2.0]


def test_without_a_writable_directory_the_store_is_loaded(monkeypatch):
    monkeypatch.setattr(caches, "directory", lambda name, *a, **k: None)
    frames = {"values": pd.DataFrame({"v": [3.0]})}
    assert store_cache.load(lambda: frames)["values"]["v"].tolist() == [3.0]


def test_it_can_be_turned_off(cache_dir, monkeypatch):
    monkeypatch.setenv("RIES_STORE_CACHE", "0")
    store_cache.load(lambda: {"values": pd.DataFrame({"v": [1.0]})})
    assert list(cache_dir.glob("store-*")) == []


def test_old_entries_are_removed(cache_dir, monkeypatch):
    for i in range(store_cache.KEEP + 2):
        monkeypatch.setattr(store_cache, "key", lambda i=i: f"k{i}")
        store_cache.load(lambda i=i: {"values": pd.DataFrame({"v": [float(i)]})})
    assert len(list(cache_dir.glob("store-*"))) == store_cache.KEEP
