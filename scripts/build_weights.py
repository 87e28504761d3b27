"""Build the shipped queen weights (``data/weights/*.queen.parquet``) from the bundled boundaries.

Run from the repository root after ``make boundaries``::

    .venv/bin/python scripts/build_weights.py

Each file is :func:`analysis.spatial.weights_for_level` built afresh (queen contiguity of the web boundaries
plus the island links, row-standardised), written by :func:`analysis.weights_io.save` with the SHA-256 of the
boundary file it came from. Deterministic: the same boundaries give the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import weights_io  # noqa: E402
from analysis.spatial import weights_for_level, weights_report  # noqa: E402


def build(directory: Path | None = None) -> dict[str, str]:
    """Write every view of :data:`analysis.weights_io.VIEWS`; return a line of connectivity per view."""
    out = {}
    for level, autonomous in weights_io.VIEWS:
        graph = weights_for_level(level, autonomous=autonomous, shipped=False)
        path = weights_io.save(graph, level, autonomous, directory)
        rep = weights_report(graph)
        out[path.name] = (f"{rep.n} units, {rep.n_edges} links, {rep.n_components} component(s), "
                          f"{path.stat().st_size:,} bytes")
    return out


if __name__ == "__main__":
    for name, line in build().items():
        print(f"{name}: {line}")
