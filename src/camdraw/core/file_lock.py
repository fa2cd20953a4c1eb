"""An exclusive lock shared by every camdraw process on this computer: a lock file beside the
data it guards (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows).

The lock file itself is never replaced, so it outlives atomic rewrites of the data. Holding is
short (read, change, write a small file); a holder that does not let go within ``timeout_s``
(a process stopped in a debugger) is logged and the caller goes on without the lock rather
than hang the window. When the lock file cannot be made (a read-only folder) the caller goes on
unlocked too: that folder cannot be written by anyone anyway.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

POLL_S = 0.005  # between tries while another process holds the lock


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # the first byte (it may lie past the end)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def locked(path: Path, timeout_s: float = 10.0) -> Iterator[bool]:
    """Hold the lock ``path`` for the body; yields whether it is held (see the module notes
    for when it is not)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        log.debug("cannot open the lock file %s: %s", path, error)
        yield False
        return
    try:
        deadline = time.monotonic() + timeout_s
        held = _try_lock(fd)
        while not held and time.monotonic() < deadline:
            time.sleep(POLL_S)
            held = _try_lock(fd)
        if not held:
            log.warning("%s is still locked after %.0f s: going on without it", path, timeout_s)
        try:
            yield held
        finally:
            if held:
                _unlock(fd)
    finally:
        os.close(fd)
