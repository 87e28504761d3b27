"""Files named on the command line, checked before the work starts.

``type=output_file`` and ``type=input_file`` are argparse types: a folder given as ``--out``, an output folder
where no file can be created (``/proc``, a read-only disk), a missing or unreadable input are refused while the
arguments are read, with one ``error:`` line and exit 2 — never after minutes of work, never as a traceback. A
missing output folder is created when the file is written (:func:`write_bytes`), as every command always did.

Examples
--------
>>> import argparse, tempfile
>>> p = argparse.ArgumentParser()
>>> _ = p.add_argument("--out", type=output_file)
>>> folder = tempfile.mkdtemp()
>>> p.parse_args(["--out", folder + "/new/t.csv"]).out.name
't.csv'
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

__all__ = ["input_file", "input_path", "output_file", "write_bytes"]


def _problem(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def output_file(text: str) -> Path:
    """An argparse type: a file that can be created or replaced (its folder may be created later).

    Refused: an empty name, an existing folder, a path below a file, a folder where a file cannot be created
    (tested by creating and removing a temporary file there).
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("give a file name")
    path = Path(text).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder; give a file name inside it")
    if path.exists() and not os.access(path, os.W_OK):
        raise argparse.ArgumentTypeError(f"{text} cannot be replaced (no permission to write it)")
    folder = path.absolute().parent
    while not folder.exists():  # created when the file is written: test the nearest folder that exists
        folder = folder.parent
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: {folder} is a file, not a folder")
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".ries-write-test-")
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"cannot write in {folder} ({_problem(exc)})") from None
    os.close(fd)
    os.unlink(probe)
    return path


def input_path(text: str, *, folder_ok: bool = False) -> Path:
    """``text`` as an existing, readable file (or folder when ``folder_ok``); argparse's refusal otherwise."""
    path = Path(text).expanduser()
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{text}: file not found")
    if path.is_dir():
        if not folder_ok:
            raise argparse.ArgumentTypeError(f"{text} is a folder; give a file")
        if not os.access(path, os.R_OK | os.X_OK):
            raise argparse.ArgumentTypeError(f"{text}: the folder cannot be read (no permission)")
        return path
    if not path.is_file():  # a device or a pipe: /dev/zero never ends, a FIFO blocks the first read
        raise argparse.ArgumentTypeError(f"{text} is not a regular file")
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"{text} cannot be read ({_problem(exc)})") from None
    return path


def input_file(text: str) -> Path:
    """An argparse type: an existing file that can be read."""
    return input_path(text)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, creating its folder (an :class:`OSError` ends the command in one line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
