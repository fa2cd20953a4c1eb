"""Console output that works in every build: source, frozen console-less Windows exe, any code page.

The Windows app is built without a console window (double-clicking it must not open one), so
Python starts with ``sys.stdout`` and ``sys.stderr`` set to ``None``. When such an exe is started
from a terminal (``camdraw draw photo.jpg``, ``camdraw --help``), we attach to that terminal's
console so the user sees the answer; when there is none, writes go nowhere instead of failing.
Whatever the stream, Czech text must never raise ``UnicodeEncodeError``.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TextIO

ATTACH_PARENT_PROCESS = -1


def _attach_parent_console() -> tuple[TextIO, TextIO] | None:
    """Windows only: the console of the terminal that started us, or None."""
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    if not kernel32.AttachConsole(ATTACH_PARENT_PROCESS):
        return None
    # Write in the console's own code page (852 or 1250 for Czech Windows, 65001 for UTF-8):
    # changing it would change it for the user's terminal too.
    encoding = f"cp{kernel32.GetConsoleOutputCP() or 65001}"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "utf-8"
    out = open("CONOUT$", "w", encoding=encoding, errors="replace", buffering=1)  # noqa: SIM115
    err = open("CONOUT$", "w", encoding=encoding, errors="replace", buffering=1)  # noqa: SIM115
    return out, err


def prepare() -> None:
    """Make ``print`` to stdout/stderr safe for the rest of the process."""
    if sys.stdout is None or sys.stderr is None:
        attached = _attach_parent_console() if sys.platform == "win32" else None
        if attached is not None:
            sys.stdout, sys.stderr = attached
        else:
            # No console at all (double-clicked): keep output from raising, send it nowhere.
            sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
            sys.stdout = sys.stdout or sink
            sys.stderr = sys.stderr or sink
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            # cp1250, cp852 or ASCII (LC_ALL=C) consoles get '?' instead of a crash.
            stream.reconfigure(errors="replace")
