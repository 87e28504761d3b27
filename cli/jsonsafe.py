"""JSON-safe values for the ``--json`` output of the commands: NaN/inf → null, numpy scalars → Python."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["frame_rows", "jsonable"]


def jsonable(v: Any) -> Any:
    """``v`` with every mapping, sequence and scalar made JSON-safe (non-finite floats become ``None``).

    Examples
    --------
    >>> jsonable({"a": np.float64("nan"), "b": [np.int64(2), 0.5]})
    {'a': None, 'b': [2, 0.5]}
    """
    if isinstance(v, Mapping):
        return {str(k): jsonable(val) for k, val in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(val) for val in v]
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return f if math.isfinite(f) else None
    return v


def frame_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """A frame's values as a list of rows (JSON-safe)."""
    return jsonable(frame.to_numpy().tolist())
