"""Whether a screen reader is running, and who reads the description aloud.

Windows: the ``SPI_GETSCREENREADER`` flag that NVDA, JAWS and Narrator set. Linux: AT-SPI's
``ScreenReaderEnabled`` property (``org.a11y.Status`` on the session bus), which Orca sets, read
with ``gdbus`` and a short timeout. macOS: not detected (False). Asking may take a moment on
Linux: a window asks off its GUI thread (at start and when the settings change).

``reading`` is the decision table of the ``description_reader`` setting: "voice" (camdraw's
voice only), "screen_reader" (announced only), "both", and "auto" (the screen reader when one
is running, else camdraw's voice).
"""

from __future__ import annotations

import ctypes
import logging
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

SPI_GETSCREENREADER = 0x0046
GDBUS_TIMEOUT_S = 2.0
GDBUS_COMMAND = (
    "gdbus",
    "call",
    "--session",
    "--timeout",
    "1",
    "--dest",
    "org.a11y.Bus",
    "--object-path",
    "/org/a11y/bus",
    "--method",
    "org.freedesktop.DBus.Properties.Get",
    "org.a11y.Status",
    "ScreenReaderEnabled",
)


@dataclass(frozen=True)
class Reading:
    """Who reads one description: camdraw's ``voice``, the screen reader (``announce``)."""

    voice: bool
    announce: bool

    @property
    def read_by(self) -> str:
        """The record's "read_by": "voice", "screen_reader" or "both"."""
        if self.voice and self.announce:
            return "both"
        return "voice" if self.voice else "screen_reader"


def reading(mode: str, screen_reader_running: bool) -> Reading:
    """The decision for ``mode`` (an unknown mode counts as "auto")."""
    if mode == "voice":
        return Reading(voice=True, announce=False)
    if mode == "screen_reader":
        return Reading(voice=False, announce=True)
    if mode == "both":
        return Reading(voice=True, announce=True)
    # auto: the screen reader reads it when one runs, so the two never talk over each other;
    # the announcement costs nothing when none listens.
    return Reading(voice=not screen_reader_running, announce=True)


def windows_flag(user32: object | None = None) -> bool:
    """Windows' SPI_GETSCREENREADER flag; ``user32`` stands in for ``ctypes.windll.user32``."""
    if user32 is None:
        user32 = ctypes.windll.user32  # type: ignore[attr-defined]
    flag = ctypes.c_int(0)  # a Win32 BOOL
    ok = user32.SystemParametersInfoW(SPI_GETSCREENREADER, 0, ctypes.byref(flag), 0)  # type: ignore[attr-defined]
    return bool(ok) and bool(flag.value)


def atspi_flag(run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run) -> bool:
    """AT-SPI's ScreenReaderEnabled on the session bus; False when it cannot be asked."""
    try:
        command = list(GDBUS_COMMAND)
        done = run(command, capture_output=True, text=True, timeout=GDBUS_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        log.debug("AT-SPI screen reader flag not read: %s", error)
        return False
    # gdbus prints the variant as "(<true>,)".
    return done.returncode == 0 and "true" in done.stdout.lower()


def running(
    platform: str | None = None,
    *,
    windows: Callable[[], bool] = windows_flag,
    linux: Callable[[], bool] = atspi_flag,
) -> bool:
    """True when a screen reader is running; never raises (False when it cannot be told)."""
    platform = platform or sys.platform
    try:
        if platform == "win32":
            return windows()
        if platform.startswith("linux"):
            return linux()
    except Exception as error:
        log.debug("Screen reader detection failed: %s", error)
    return False  # macOS: VoiceOver is not detected
