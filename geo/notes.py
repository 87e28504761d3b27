"""Notes and refusals for people: English text that also carries its template key and fields.

A :class:`Note` *is* the English sentence (a ``str``: the CLI prints it, JSON writes it, tests compare it as
before); its ``key`` and ``fields`` let the page say the same thing in Korean from its own catalogue
(``note_<key>`` in :mod:`lang`, filled with the same fields). It lives in ``geo/``, the bottom layer, so that
``geo`` (class bounds) and ``analysis`` (how a file was read, why a year is left out, a refused comparison) can
both make one; ``analysis.notes`` re-exports it. Hand-written because a ``str`` that remembers how it was made is
all that is needed; no message-catalogue library is used below the page.

>>> n = Note("empty_rows", "{n} empty row(s) skipped", n=3)
>>> n, n.key, n.fields
('3 empty row(s) skipped', 'empty_rows', {'n': 3})
>>> import pickle
>>> pickle.loads(pickle.dumps(n)).fields
{'n': 3}

A sentence composed of several notes is itself a note: :func:`joined` keeps the parts (the page says each one),
and a field may hold a note (said in the page's language before it is put in its place).

>>> j = joined([n, Note("empty_lines", "{n} empty line(s) skipped", n=1)], "; ")
>>> j, j.key, len(j.fields["parts"])
('3 empty row(s) skipped; 1 empty line(s) skipped', 'joined', 2)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["Note", "joined"]


class Note(str):
    """An English note made from ``template`` with ``fields``; it remembers ``key`` and ``fields``.

    Parameters
    ----------
    key : str
        Stable name of the template (``note_<key>`` in the page's catalogue).
    template : str
        The English sentence with ``{field}`` placeholders.
    **fields
        Values for the placeholders (already formatted as they should read, e.g. ``repr`` of a name).
    """

    key: str
    fields: dict[str, Any]

    def __new__(cls, key: str, template: str, **fields: Any) -> Note:
        note = super().__new__(cls, template.format(**fields))
        note.key = key
        note.fields = dict(fields)
        return note

    def __reduce__(self):
        return _restore, (self.key, str(self), self.fields)


def _restore(key: str, text: str, fields: dict[str, Any]) -> Note:
    note = str.__new__(Note, text)
    note.key = key
    note.fields = dict(fields)
    return note


def joined(parts: Iterable[str], sep: str) -> Note:
    """The ``parts`` (notes or plain text) joined with ``sep``, as a note that keeps them (key ``joined``).

    The English text is ``sep.join(parts)``; the page joins the parts said in its own language with the same
    ``sep``.
    """
    parts = tuple(parts)
    return Note("joined", "{text}", text=sep.join(parts), parts=parts, sep=sep)
