"""Terminal-safe output: control characters in user text are printed as ``\\u001b``, never sent raw.

A cell, file name or sheet name can hold terminal escape codes (``ESC[2J`` clears the screen, ``ESC]8;;`` makes
links, ``\\r`` overwrites the line). The CLI prints such text — match reports, notes, error lines — so
:func:`cli.main` routes stdout and stderr through :class:`PrintableStream` while a command runs: every control
character except newline and tab is written as its ``\\uXXXX`` escape (also valid inside a JSON string).
"""

from __future__ import annotations

import re
from typing import TextIO

__all__ = ["PrintableStream", "printable"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters (C0 except newline and tab, DEL, C1, bidi overrides) as ``\\uXXXX``.

    Examples
    --------
    >>> printable("a\\x1b[31mb\\tc")
    'a\\\\u001b[31mb\\tc'
    """
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class PrintableStream:
    """A text stream that writes :func:`printable` text to ``stream`` (other attributes are the stream's)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters escaped; return ``len(text)`` as streams do."""
        self._stream.write(printable(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
