"""The errors of reading people's files, and the base class of every domain error of RIES Atlas.

:class:`AtlasError` sits here, in the lowest layer that raises one, so the readers (this package) and the
analysis above them share it; :mod:`analysis.errors` re-exports both classes beside its own. The UI and the CLI
translate these (and only these) into one clear message; any other exception is a bug.
"""

from __future__ import annotations

__all__ = ["AtlasError", "ImportFileError"]


class AtlasError(ValueError):
    """Base class for input problems a user can fix; the message says what is wrong and how to fix it."""


class ImportFileError(AtlasError):
    """A user's file cannot be read or matched; the message names the file problem and the fix."""
