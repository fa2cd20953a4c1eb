"""Driving a real MainWindow in tests: its camera's first picture, and rounds awaited by the
round controller's ``round_ended`` signal (never by sleeping)."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot, SignalBlocker

from camdraw.core import disk
from camdraw.core.store.record import RoundRecord
from camdraw.ui.main_window import MainWindow

ROUND_TIMEOUT_MS = 30_000


def wait_for_camera(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.panes.preview.frame is not None, timeout=10_000)


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    """``key`` as the user presses it in the window: with the window active (a dialog it
    opened may have taken the focus), so the window's shortcut is the one that fires."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, key)


@contextmanager
def round_ends(
    qtbot: QtBot, window: MainWindow, timeout: int = ROUND_TIMEOUT_MS
) -> Iterator[SignalBlocker]:
    """Run the body (which starts a round), then wait until that round has ended."""
    with qtbot.waitSignal(window.rounds.round_ended, timeout=timeout) as blocker:
        yield blocker


def take_round(qtbot: QtBot, window: MainWindow, key: Qt.Key = Qt.Key.Key_Space) -> RoundRecord:
    """Press ``key`` once the camera shows a picture; the record of the round it ran."""
    wait_for_camera(qtbot, window)
    with round_ends(qtbot, window):
        press(qtbot, window, key)
    record = window.rounds.last_record
    assert record is not None, window.step_label.text()
    return record


def photos(window: MainWindow) -> list[Path]:
    """The photos saved in the window's images folder, oldest first."""
    return sorted(window.settings.images_path().glob("*_photo.jpg"))


def keep_a_photo(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Take a photo the images folder refuses (a full disk), so the window keeps it in memory
    and offers another folder."""
    real_write = disk.atomic_write_bytes

    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(disk, "atomic_write_bytes", full_disk)
    try:
        wait_for_camera(qtbot, window)
        with round_ends(qtbot, window):
            press(qtbot, window, Qt.Key.Key_Space)
    finally:
        monkeypatch.setattr(disk, "atomic_write_bytes", real_write)
    assert window.rounds.has_unsaved_photo
    assert window.panes.banner.button("round") is not None  # "Choose another folder…"
