"""A session's large objects (a point file's arrays), held beside its state and freed when they are no longer used.

Streamlit keeps a closed tab's session state for a reconnection (``server.disconnectedSessionTTL``) and frees it
only when its session storage is next written to — on a quiet server, never (issue 31: 3.6 GB still held 28
minutes after the last session closed). So a session's large objects live here, keyed by its session id, never in
``st.session_state``:

* :func:`get` / :func:`put` (which frees the object it replaces) / :func:`drop` (a removed upload, a new file);
* a janitor thread, started with the first :func:`put`, frees everything of a session that has not been active
  (connected) for :data:`GRACE` seconds and has Streamlit shut that session down (its state and its uploads'
  bytes, which a closed tab's session otherwise keeps until it expires, and then without a shutdown); a tab that
  comes back later starts afresh, as after a reload;
* :func:`trim` hands the freed memory back to the system (glibc's ``malloc_trim``, Arrow's memory pool), or the
  server's RSS would stay at its peak although the objects are gone.

Nothing here knows what a point file is: the page decides what is worth holding (``ui/points_panel.py``).
"""

from __future__ import annotations

import ctypes
import gc
import threading
import time
from typing import Any

__all__ = ["GRACE", "drop", "get", "held_sessions", "put", "release_inactive", "trim"]

GRACE = 30.0
"""Seconds a disconnected session keeps its large objects (a brief network drop keeps them)."""

_PERIOD = 10.0
_LOCK = threading.Lock()
_HELD: dict[str, dict[str, Any]] = {}
_LAST_ACTIVE: dict[str, float] = {}
_JANITOR: threading.Thread | None = None


def _session() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "no-session"


def get(name: str, default: Any = None) -> Any:
    """This session's object ``name`` (``default`` when it holds none)."""
    sid = _session()
    with _LOCK:
        _LAST_ACTIVE[sid] = time.monotonic()
        return _HELD.get(sid, {}).get(name, default)


def put(name: str, value: Any) -> None:
    """Hold ``value`` as this session's ``name``; the object it replaces is freed."""
    sid = _session()
    with _LOCK:
        old = _HELD.setdefault(sid, {}).pop(name, None)
        _HELD[sid][name] = value
        _LAST_ACTIVE[sid] = time.monotonic()
    _start_janitor()
    if old is not None and old is not value:
        del old
        trim()


def drop(*names: str) -> bool:
    """Free this session's objects ``names`` (all of them when none is named); True when one was held."""
    sid = _session()
    with _LOCK:
        held = _HELD.get(sid, {})
        gone = [held.pop(n) for n in (names or list(held)) if n in held]
        if not held:
            _HELD.pop(sid, None)
    if gone:
        del gone
        trim()
        return True
    return False


def held_sessions() -> list[str]:
    """Ids of the sessions holding objects (for tests and the benchmark)."""
    with _LOCK:
        return list(_HELD)


def _active(sid: str) -> bool:
    try:
        from streamlit import runtime

        return bool(runtime.exists() and runtime.get_instance().is_active_session(sid))
    except Exception:  # a runtime shutting down: treat as gone
        return False


def release_inactive(now: float | None = None, grace: float = GRACE) -> list[str]:
    """Free the objects of every session not active for ``grace`` seconds; return their ids."""
    now = time.monotonic() if now is None else now
    gone: list[Any] = []
    released = []
    for sid in held_sessions():
        if _active(sid):
            with _LOCK:
                _LAST_ACTIVE[sid] = now
            continue
        with _LOCK:
            if now - _LAST_ACTIVE.get(sid, now) < grace:
                continue
            gone.append(_HELD.pop(sid, None))
            _LAST_ACTIVE.pop(sid, None)
        released.append(sid)
        _close_gone(sid)
    if released:
        del gone
        trim()
    return released


def _close_gone(sid: str) -> None:
    """Shut a gone session down in Streamlit too: its state and the bytes of its uploads (the 49 MB file stays in
    its uploader's value and in Streamlit's upload store) are freed only when Streamlit shuts a session down, and a
    closed tab's session waits in its reconnection storage until it expires and is then dropped without a
    shutdown. ``Runtime.clear_user_info_for_session`` is the public, thread-safe call that marks a stored session
    as not resumable and closes it on the event loop (the atlas has no log-in: there is no user info to lose). A
    tab that comes back after :data:`GRACE` seconds starts a new session, as a reload does."""
    try:
        from streamlit import runtime

        if runtime.exists():
            rt = runtime.get_instance()
            rt.uploaded_file_mgr.remove_session_files(sid)
            rt.clear_user_info_for_session(sid)
    except Exception:  # a runtime shutting down, an older Streamlit: the objects held here are freed all the same
        pass


def _janitor() -> None:
    while True:
        time.sleep(_PERIOD)
        try:
            release_inactive()
        except Exception:  # never let the janitor die; the next round tries again
            pass


def _start_janitor() -> None:
    global _JANITOR
    with _LOCK:
        if _JANITOR is None or not _JANITOR.is_alive():
            _JANITOR = threading.Thread(target=_janitor, name="ries-memory-janitor", daemon=True)
            _JANITOR.start()


def trim() -> None:
    """Collect garbage and return free memory to the system (glibc heaps, Arrow's pool)."""
    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # an optional step
        pass
    if _malloc_trim is not None:
        _malloc_trim(0)


def _find_malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc (Linux); the symbols of the running process
    except (OSError, AttributeError, TypeError):  # Windows, macOS, musl: nothing to hand back this way
        return None


_malloc_trim = _find_malloc_trim()
