"""The bundled store's tables, kept on disk once loaded, validated and derived, so a process starts in a tenth of
the time (``python -m analysis summary``, the page's first run, every test process).

Loading the bundled store reads the CSV files, validates them (pandera; the known-codes check reads the
boundary files), and derives the derived indicators — most of a command's own time. The result depends on
nothing but those files and the code that reads them, so it is written once to the cache directory
(:func:`analysis.caches.directory`) as Parquet files and read back when the **key** matches: the SHA-256 of every
file under ``data/`` the load may read (indicators, region tables, boundaries) and of every module of ``geo/`` and
``analysis/``, with the versions of pandas and pyarrow. Any edit of a data file or of the code gives another
key, hence a fresh load (the old entries are removed, the newest :data:`KEEP` kept). A cache that cannot be read
or written is ignored: the store is then loaded as before. Parquet, not pickle: reading a cache runs no code.
``RIES_STORE_CACHE=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from analysis import caches

__all__ = ["KEEP", "ROOT", "key", "load"]

ROOT = Path(__file__).resolve().parents[1]
"""The repository (its ``data/``, ``analysis/`` and ``geo/`` make the key)."""
KEEP = 3
"""Cache entries kept (other checkouts or versions)."""
_FORMAT = "1"


def _inputs() -> list[Path]:
    """The files a load may read: data tables and boundaries (not the raw downloads or the shipped weights) and
    the code of ``analysis/`` and ``geo/``."""
    data = ROOT / "data"
    files = [p for p in data.rglob("*") if p.is_file() and p.suffix in (".csv", ".parquet", ".geojson")
             and p.relative_to(data).parts[0] not in ("weights",) and "raw" not in p.relative_to(data).parts]
    files += [p for d in ("analysis", "geo") for p in (ROOT / d).rglob("*.py")]
    return sorted(files)


def key() -> str:
    """The SHA-256 of the inputs of the bundled store (data files, code, library versions)."""
    import pyarrow

    h = hashlib.sha256(f"{_FORMAT} pandas {pd.__version__} pyarrow {pyarrow.__version__}".encode())
    for path in _inputs():
        h.update(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _read(folder: Path, names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in names}


def _write(base: Path, entry: str, frames: Mapping[str, pd.DataFrame]) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=f".{entry}.", dir=base))
    try:
        for name, frame in frames.items():
            frame.to_parquet(tmp / f"{name}.parquet")  # a RangeIndex stays one (kept as metadata)
        os.replace(tmp, base / entry)  # atomic: another process reads a whole entry or none
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return
    olds = sorted((p for p in base.glob("store-*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in olds[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def load(compute: Callable[[], Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The frames ``compute()`` gives, read from the cache when its key matches, else computed and cached.

    Parameters
    ----------
    compute : callable
        Loads, validates and derives the bundled tables: ``{"catalogue": …, "values": …, …}``.

    Returns
    -------
    dict of str to pandas.DataFrame
        Equal to ``compute()``'s frames (values, dtypes, index; ``tests/test_store.py``).
    """
    base = None if os.environ.get("RIES_STORE_CACHE") == "0" else caches.directory("store")
    if base is None:
        return dict(compute())
    try:
        entry = f"store-{key()}"
    except OSError:
        return dict(compute())
    folder = base / entry
    if folder.is_dir():
        try:
            return _read(folder, tuple(sorted(p.stem for p in folder.glob("*.parquet"))))
        except Exception:  # a damaged cache is rebuilt, never shown to the user
            shutil.rmtree(folder, ignore_errors=True)
    frames = dict(compute())
    try:
        _write(base, entry, frames)
    except Exception:  # an unwritable cache only costs the next process the load
        pass
    return frames
