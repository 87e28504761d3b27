"""Domain errors of RIES Atlas.

The UI and the CLI translate these (and only these) into one clear message; any other exception is a bug.
"""

from __future__ import annotations


class AtlasError(ValueError):
    """Base class for input problems a user can fix; the message says what is wrong and how to fix it."""


class DataError(AtlasError):
    """Requested data does not exist (unknown indicator, no data for that level/year) or is invalid."""


class AggregationError(AtlasError):
    """An operation that is meaningless for the indicator (e.g. summing an intensive rate over regions)."""


class ImportFileError(AtlasError):
    """A user's file cannot be read or matched; the message names the file problem and the fix."""
