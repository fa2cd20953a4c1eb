"""Writing files safely on every platform: Windows-safe names, atomic writes, and waiting out
another program (a viewer, Defender, OneDrive) that holds a file for a moment on Windows."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from camdraw.core.errors import StorageError
from camdraw.core.i18n import N_, _

# Characters Windows refuses in file names, plus control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def safe_name(text: str, max_length: int = 80) -> str:
    """A file name that is valid on Windows, macOS and Linux."""
    name = _UNSAFE.sub("_", text).strip(" .")
    if name.split(".")[0].upper() in _RESERVED:
        name = f"_{name}"
    return name[:max_length] or "_"


# Pauses between attempts while another program holds a file: about a second in all.
HELD_FILE_DELAYS: tuple[float, ...] = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.3)
# ERROR_ACCESS_DENIED (also what a rename onto a file open without FILE_SHARE_DELETE or
# pending deletion gives) and ERROR_SHARING_VIOLATION.
HELD_FILE_WINERRORS = frozenset({5, 32})

T = TypeVar("T")


def held_by_another_program(error: OSError) -> bool:
    """True for the Windows errors that mean "someone else has this file open right now"."""
    return sys.platform == "win32" and getattr(error, "winerror", None) in HELD_FILE_WINERRORS


def retry_while_held(action: Callable[[], T], *, sleep: Callable[[float], None] = time.sleep) -> T:
    """``action()``; on Windows, tried again with growing pauses (:data:`HELD_FILE_DELAYS`)
    while it fails because another program holds the file. Any other error, or the same one
    after the last try, is raised as it is."""
    for delay in HELD_FILE_DELAYS:
        try:
            return action()
        except PermissionError as error:
            if not held_by_another_program(error):
                raise
        sleep(delay)
    return action()


def replace_with_retry(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """``os.replace(src, dst)``, waiting out (about a second) another program holding ``dst``."""
    retry_while_held(lambda: os.replace(src, dst), sleep=sleep)


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (a symlink is followed), read only when it
    holds at most ``limit`` bytes. A folder, device or pipe (``/dev/zero``, a FIFO that would
    wait for ever for a writer) or a larger file is a StorageError; OSError as opening raises it.

    Checked before it is opened (opening a FIFO waits), and again on the open handle, so what
    is read is a regular file; never more than ``limit`` + 1 bytes are read."""
    path = Path(path)
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise _not_a_file(path)
    if info.st_size > limit:
        raise _too_big(path, limit)
    with path.open("rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _not_a_file(path)  # replaced between the check and the opening
        data = handle.read(limit + 1)  # the file may have grown since
    if len(data) > limit:
        raise _too_big(path, limit)
    return data


def _not_a_file(path: Path) -> StorageError:
    return StorageError(
        _("{name} is not a file camdraw reads (a folder, device or pipe).").format(name=path.name)
    )


def _too_big(path: Path, limit: int) -> StorageError:
    return StorageError(
        _("{name} is larger than {megabytes} MB, so camdraw does not read it.").format(
            name=path.name, megabytes=max(1, limit // (1024 * 1024))
        )
    )


# One rule for every file camdraw writes for a round (photo, painting, record, narration,
# thumbnails, the cache's copies) and for its settings and ledger: photos of people are private,
# so the files are readable and writable by their owner only. (On Windows the user's own
# folders are private by their ACLs; the mode only matters on macOS and Linux.)
PRIVATE_FILE_MODE = 0o600


def make_private(path: Path | str) -> None:
    """Give ``path`` the PRIVATE_FILE_MODE (a no-op on Windows, where modes mean read-only)."""
    if sys.platform != "win32":
        os.chmod(path, PRIVATE_FILE_MODE)


def create_private(path: Path) -> None:
    """Create ``path`` empty and private before another program (a speech engine) writes it:
    a file opened for writing keeps its mode, so it is never readable by others, not even
    while it is being written."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        make_private(tmp)  # mkstemp makes it 0600 already; said here, where the rule lives
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        replace_with_retry(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


# One sentence per kind of file, so each can be translated whole.
_NOT_SAVED = {
    "photo": N_("The photo could not be saved to {folder}: {reason}."),
    "painting": N_("The painting could not be saved to {folder}: {reason}."),
    "round record": N_("The round record could not be saved to {folder}: {reason}."),
}


def write_file(path: Path, data: bytes, what: str) -> None:
    """Write ``data`` to ``path`` atomically; ``what`` is "photo", "painting" or "round
    record" (the words of the message when it fails)."""
    try:
        atomic_write_bytes(path, data)
    except OSError as error:
        message = _NOT_SAVED.get(what, N_("The file could not be saved to {folder}: {reason}."))
        raise StorageError(
            _(message).format(folder=path.parent, reason=error.strerror or error),
            hint=_(
                "Check that the images folder is writable and the disk is not full, "
                "or choose another folder in Settings."
            ),
        ) from error
