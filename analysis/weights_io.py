"""Shipped queen weights: ``data/weights/{view}.queen.parquet``, built once by ``make weights``.

Each file is the adjacency list of the row-standardised queen graph of one bundled boundary view, island links
included (as :func:`analysis.spatial.build_weights` makes it): columns ``focal, neighbor, weight`` in the
graph's order. The file's metadata records the SHA-256 of the web boundary file it was built from; a file whose
hash differs from the current boundaries is stale and not used (:func:`load` returns ``None`` and the caller
builds the weights instead).

Views: ``sido``, ``sigungu`` (247 drawn units), ``sigungu_autonomous`` (the 229-unit view) and ``emd``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from libpysal.graph import Graph

__all__ = ["VIEWS", "WEIGHTS_DIR", "boundary_hash", "load", "path_for", "save", "view_name"]

WEIGHTS_DIR: Path = Path(__file__).resolve().parents[1] / "data" / "weights"
"""Folder of the shipped weights."""

VIEWS: tuple[tuple[str, bool], ...] = (("sido", False), ("sigungu", False), ("sigungu", True), ("emd", False))
"""(level, autonomous) pairs that have shipped queen weights."""

_HASH_KEY = b"ries_atlas.boundary_sha256"
_SOURCE_KEY = b"ries_atlas.boundary_file"


def view_name(level: str, autonomous: bool = False) -> str:
    """File stem of a view, e.g. ``sigungu_autonomous``."""
    return f"{level}_autonomous" if autonomous else level


def path_for(level: str, autonomous: bool = False) -> Path:
    """Path of the shipped queen weights of a view."""
    return WEIGHTS_DIR / f"{view_name(level, autonomous)}.queen.parquet"


@lru_cache(maxsize=8)
def boundary_hash(level: str) -> str:
    """SHA-256 of ``data/boundaries/{level}.web.geojson`` (the file the weights are built from)."""
    from geo.boundaries import DATA_DIR

    return hashlib.sha256((DATA_DIR / f"{level}.web.geojson").read_bytes()).hexdigest()


def save(graph: Graph, level: str, autonomous: bool = False, directory: Path | None = None) -> Path:
    """Write ``graph``'s adjacency (``focal, neighbor, weight``) with the boundary hash; return the path."""
    path = (directory or WEIGHTS_DIR) / path_for(level, autonomous).name
    path.parent.mkdir(parents=True, exist_ok=True)
    adj = graph.adjacency.reset_index()
    adj["focal"] = adj["focal"].astype(str)
    adj["neighbor"] = adj["neighbor"].astype(str)
    table = pa.Table.from_pandas(adj[["focal", "neighbor", "weight"]], preserve_index=False)
    table = table.replace_schema_metadata({
        _HASH_KEY: boundary_hash(level).encode(),
        _SOURCE_KEY: f"{level}.web.geojson".encode(),
        b"ries_atlas.transformation": graph.transformation.encode(),
    })
    pq.write_table(table, path, compression="zstd")
    return path


def load(level: str, autonomous: bool = False) -> Graph | None:
    """The shipped row-standardised queen graph of a view, or ``None`` if absent or stale.

    Examples
    --------
    >>> g = load("sido")  # doctest: +SKIP
    >>> g.n  # doctest: +SKIP
    17
    """
    path = path_for(level, autonomous)
    if not path.exists():
        return None
    table = pq.read_table(path)
    meta = table.schema.metadata or {}
    if meta.get(_HASH_KEY, b"").decode() != boundary_hash(level):
        return None
    adj = table.to_pandas()
    series = pd.Series(adj["weight"].to_numpy(float),
                       index=pd.MultiIndex.from_arrays([adj["focal"], adj["neighbor"]], names=["focal", "neighbor"]),
                       name="weight")
    return Graph(series, transformation=meta.get(b"ries_atlas.transformation", b"R").decode(), is_sorted=True)
