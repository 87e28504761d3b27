"""Notes for people (:class:`geo.notes.Note`), re-exported for the analysis layer's modules."""

from __future__ import annotations

from geo.notes import Note, joined

__all__ = ["Note", "joined"]
