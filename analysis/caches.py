"""Where the atlas keeps what it can rebuild: a writable cache directory, for numba's kernels and for the
bundled store's loaded tables.

**numba.** numba comes with giddy (through quantecon), and libraries compile kernels with it: quantecon's are
marked ``cache=True``, so numba writes them next to the library's source, or — where the installation is
read-only, as on a managed Windows machine or a system-wide install — into a user directory, and raises (a
traceback at import) when it finds none. :func:`configure_numba` sets ``NUMBA_CACHE_DIR`` to the first writable
directory of:

1. ``NUMBA_CACHE_DIR`` as the user set it;
2. the user's cache directory (``%LOCALAPPDATA%`` on Windows, ``~/Library/Caches`` on macOS, ``$XDG_CACHE_HOME``
   or ``~/.cache`` elsewhere), in ``ries-atlas/numba``;
3. the system's temporary directory, in ``ries-atlas-numba-<user>``;
4. the home directory itself, in ``.ries-atlas/numba`` (when the cache and temporary directories point somewhere
   unwritable: libpysal needs a writable home anyway).

With none writable it turns numba's compiler off (``NUMBA_DISABLE_JIT``: the same Python functions, run without
compiling). That is the last resort only: in a fresh installation quantecon's ``guvectorize`` kernels cannot be
built with the compiler off (an ``AttributeError`` at import, measured with numba 0.68), so a writable home keeps
the compiler on. The entry points call it before anything imports numba:
``python -m analysis`` (before a command runs), the page (the ``ui`` package: ``app.py``, ``python -m ui.serve``),
``python -m bench`` and the tests (``tests/conftest.py``).

**Other caches** (:func:`directory`): the same places, without the user's numba setting. Standard library only.

Examples
--------
>>> env = {"NUMBA_CACHE_DIR": "/dev/null/nowhere", "XDG_CACHE_HOME": "/dev/null/none", "HOME": "/dev/null/x",
...        "TMPDIR": "/dev/null/tmp"}
>>> configure_numba(env, temp_dirs=()) is None, env.get("NUMBA_DISABLE_JIT")
(True, '1')
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, MutableMapping
from pathlib import Path

__all__ = ["APP_DIR", "candidates", "configure_numba", "directory", "writable"]

APP_DIR = "ries-atlas"
"""Folder of the atlas inside the user's cache directory."""


def writable(path: Path) -> bool:
    """Whether ``path`` exists or can be made, and a file can be created in it (numba's own test)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=path).close()
    except OSError:
        return False
    return True


def _user_cache(environ: MutableMapping[str, str]) -> Path | None:
    home = environ.get("USERPROFILE" if sys.platform == "win32" else "HOME")
    if sys.platform == "win32":
        base = environ.get("LOCALAPPDATA") or (home and str(Path(home) / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = home and str(Path(home) / "Library" / "Caches")
    else:
        base = environ.get("XDG_CACHE_HOME") or (home and str(Path(home) / ".cache"))
    return Path(base) / APP_DIR if base else None


def _temp_dirs(temp_dirs: Iterable[str] | None) -> list[str]:
    if temp_dirs is not None:
        return list(temp_dirs)
    try:
        return [tempfile.gettempdir()]
    except (OSError, FileNotFoundError):  # no usable temporary directory at all
        return []


def candidates(environ: MutableMapping[str, str] = os.environ, temp_dirs: Iterable[str] | None = None,
               name: str = "numba") -> list[Path]:
    """The cache directories tried for ``name``, in order (see the module docstring).

    ``temp_dirs`` are the temporary directories to try (default: the system's, ``tempfile.gettempdir()``).
    """
    out = []
    if name == "numba" and environ.get("NUMBA_CACHE_DIR"):
        out.append(Path(environ["NUMBA_CACHE_DIR"]))
    user = _user_cache(environ)
    if user is not None:
        out.append(user / name)
    user_name = environ.get("USER") or environ.get("USERNAME") or str(getattr(os, "getuid", lambda: "")())
    out += [Path(t) / f"{APP_DIR}-{name}-{user_name}" for t in _temp_dirs(temp_dirs)]
    home = environ.get("USERPROFILE" if sys.platform == "win32" else "HOME")
    if home:
        out.append(Path(home) / f".{APP_DIR}" / name)
    return out


def directory(name: str, environ: MutableMapping[str, str] = os.environ,
              temp_dirs: Iterable[str] | None = None) -> Path | None:
    """The first writable cache directory for ``name`` (e.g. ``"store"``), or None when there is none."""
    return next((p for p in candidates(environ, temp_dirs, name) if writable(p)), None)


def configure_numba(environ: MutableMapping[str, str] = os.environ,
                    temp_dirs: Iterable[str] | None = None) -> Path | None:
    """Point numba's cache at the first writable candidate directory; with none, turn its compiler off.

    Call before numba is imported (if it already is, its configuration is updated too).

    Parameters
    ----------
    environ : mapping
        The environment to read and set (default: this process's).
    temp_dirs : iterable of str, optional
        Temporary directories to try last (default: the system's).

    Returns
    -------
    pathlib.Path or None
        The cache directory, or None when none is writable (``NUMBA_DISABLE_JIT=1`` is then set).
    """
    for path in candidates(environ, temp_dirs, "numba"):
        if writable(path):
            environ["NUMBA_CACHE_DIR"] = str(path)
            _update_loaded_numba(environ)
            return path
    environ.pop("NUMBA_CACHE_DIR", None)
    environ["NUMBA_DISABLE_JIT"] = "1"
    _update_loaded_numba(environ)
    return None


def _update_loaded_numba(environ: MutableMapping[str, str]) -> None:
    numba = sys.modules.get("numba")
    if numba is None or environ is not os.environ:
        return
    config = getattr(numba, "config", None)
    if config is not None:
        config.CACHE_DIR = environ.get("NUMBA_CACHE_DIR", "")
        config.DISABLE_JIT = environ.get("NUMBA_DISABLE_JIT") == "1"
