"""The main window while the camera is missing, unplugged and back: a banner and a preview
message say what is going on, Retry tries at once, and both go away when pictures return."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from pytestqt.qtbot import QtBot

from camdraw.core.camera_source import CameraSource
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui import camera_feed
from camdraw.ui.camera_thread import CameraThread
from camdraw.ui.main_window import MainWindow
from tests.ui.test_camera_thread import FakeCamera

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., MainWindow]]:
    """A window whose camera threads read ``camera`` (a FakeCamera), with short timeouts."""
    windows: list[MainWindow] = []

    def make(camera: FakeCamera, **thread_options: Any) -> MainWindow:
        options = {"stall_timeout": 0.2, "first_frame_timeout": 0.2, **thread_options}

        class StandInCameraThread(CameraThread):
            def __init__(self, source: CameraSource, parent: QObject | None = None) -> None:
                super().__init__(source, parent, frame_source_factory=camera.reader, **options)

        monkeypatch.setattr(camera_feed, "CameraThread", StandInCameraThread)
        window = MainWindow(
            Settings(muted=True),
            keys=KeyStore({"OPENAI_API_KEY": "sk-camera-faults"}),
            start_camera=False,
        )
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.start_camera()
        return window

    yield make
    for window in windows:
        window.shutdown()


def banner_says(window: MainWindow, text: str) -> Callable[[], bool]:
    return lambda: text in window.panes.banner.text("camera")


def showing_pictures(window: MainWindow) -> Callable[[], bool]:
    return lambda: (
        window.panes.preview.frame is not None and "camera" not in window.panes.banner.topics()
    )


def test_banner_while_reconnecting_and_gone_when_pictures_return(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    camera = FakeCamera(present=False)
    window = make_window(camera, reconnect_delays=(0.2,))

    # Not plugged in at start: explained, and the thread keeps trying.
    qtbot.waitUntil(banner_says(window, "Reconnecting in 0.2 s (attempt "), timeout=10_000)
    text = window.panes.banner.text("camera")
    assert text.startswith("No camera found at index 0. Reconnecting in 0.2 s (attempt ")
    assert "Check that the camera is connected" in text
    assert window.panes.preview.message == text
    assert window.panes.preview.displayed_text == text
    assert window.panes.banner.button("camera").text() == "Retry camera"
    assert "No camera picture" in window.step_label.text()

    # Plugged in: pictures, and the message goes away on its own.
    camera.plug_in()
    qtbot.waitUntil(showing_pictures(window), timeout=10_000)
    assert window.panes.preview.message == ""
    assert "Camera: Camera 0" in window.step_label.text()

    # Pulled out mid-stream, then plugged back in.
    said: list[str] = []
    window.camera.thread.reconnecting.connect(said.append)
    camera.unplug()
    qtbot.waitUntil(banner_says(window, "Reconnecting in 0.2 s"), timeout=10_000)
    assert window.panes.preview.frame is None  # no frozen picture under the message
    assert not window.camera.has_picture
    assert said[0].startswith(
        "The camera stopped sending pictures. Reconnecting in 0.2 s (attempt 1)…"
    )
    camera.plug_in()
    qtbot.waitUntil(showing_pictures(window), timeout=10_000)
    assert window.panes.preview.message == ""


def test_retry_camera_tries_again_at_once(qtbot: QtBot, make_window: MakeWindow) -> None:
    camera = FakeCamera(present=False)
    window = make_window(camera, reconnect_delays=(60.0,))
    qtbot.waitUntil(banner_says(window, "Reconnecting in 60 s (attempt 1)…"), timeout=10_000)
    first = window.camera.thread
    camera.plug_in()
    qtbot.mouseClick(window.panes.banner.button("camera"), Qt.LeftButton)
    assert first is not None and first.isFinished()  # its 60 s pause was cut short
    qtbot.waitUntil(showing_pictures(window), timeout=10_000)  # well before 60 s
    assert camera.opens == 2
