"""Console output that works in every build: source, frozen window exe, any code page.

Three cases, decided per stream by :func:`encoding_for`:

- **No stream at all.** The window exe (``camdraw.exe``) is built without a console, so Python
  starts with ``sys.stdout`` and ``sys.stderr`` set to ``None``. It deliberately does not attach
  to the console of a terminal it was started from: the window's logs would spill into that
  terminal, and closing the terminal would kill the window. Writes go nowhere instead of
  failing; the command line has its own exe, ``camdraw-cli.exe``.
- **A pipe or a file** (``camdraw-cli draw photo.jpg > out.txt``, a CI log, a test): UTF-8, as
  Python's UTF-8 mode would write. Windows would otherwise use the ANSI code page (cp1252 on
  an English system), in which Czech letters turn into ``?``; whoever reads the pipe cannot know
  which code page the writer had, but UTF-8 is what tools expect.
- **A real terminal**: its own encoding is kept (changing a Windows console's code page would
  change it for the user's terminal too; Python writes to a Windows console through its
  wide-character API anyway). Letters the terminal cannot show become ``?``, never an error.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from typing import TextIO

PIPE_ENCODING = "utf-8"


def encoding_for(stream: TextIO) -> str:
    """The encoding camdraw writes ``stream`` in: UTF-8 unless it is a terminal."""
    try:
        terminal = stream.isatty()
    except (OSError, ValueError):  # closed, or not a real file
        terminal = False
    return stream.encoding if terminal else PIPE_ENCODING


def prepare() -> bool:
    """Make ``print`` to stdout/stderr safe and readable for the rest of the process.

    Returns False when there was no output stream at all (the window exe), so nothing printed
    will ever be seen."""
    if sys.stdout is None and sys.stderr is None:
        sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        sys.stdout = sys.stderr = sink
        return False
    if sys.stdout is None or sys.stderr is None:
        # The window exe with no console: keep output from raising, send it nowhere.
        sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        sys.stdout = sys.stdout or sink
        sys.stderr = sys.stderr or sink
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding=encoding_for(stream), errors="replace")
    return True


CLI_HINT = (
    "camdraw.exe is the window and prints nothing. For the command line (draw, doctor, key, "
    "--help) use camdraw-cli.exe from the same folder, in cmd or PowerShell."
)


def tell_to_use_the_console_exe(show: Callable[[str], object] | None = None) -> None:
    """The window exe was asked for a command-line answer it cannot print: say where to go.

    On Windows a message box (through user32, no Qt needed); elsewhere there is always a
    terminal or a log, so nothing is shown."""
    if show is None:
        if sys.platform != "win32":
            return
        import ctypes

        def show(text: str) -> object:
            mb_iconinformation = 0x40
            return ctypes.windll.user32.MessageBoxW(  # type: ignore[attr-defined]
                None, text, "camdraw", mb_iconinformation
            )

    show(CLI_HINT)


def say(text: str, *, err: bool = False, end: str = "\n") -> None:
    """Print a line of a command's answer (stderr for the one-line reasons), flushed; nothing
    in a windowed build, which has no stdout or stderr."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    print(text, file=stream, end=end, flush=True)
