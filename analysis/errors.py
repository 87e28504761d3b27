"""Domain errors of RIES Atlas.

The UI and the CLI translate these (and only these) into one clear message; any other exception is a bug.
:class:`AtlasError` and :class:`ImportFileError` are defined in :mod:`ingest.errors` (the readers of people's
files sit below analysis) and re-exported here, so ``from analysis.errors import …`` names every domain error.
"""

from __future__ import annotations

from ingest.errors import AtlasError, ImportFileError

__all__ = ["AggregationError", "AtlasError", "DataError", "ImportFileError"]


class DataError(AtlasError):
    """Requested data does not exist (unknown indicator, no data for that level/year) or is invalid."""


class AggregationError(AtlasError):
    """An operation that is meaningless for the indicator (e.g. summing an intensive rate over regions)."""
