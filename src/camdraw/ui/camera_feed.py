"""The live camera in the window: one ``CameraThread`` at a time, its pictures on the preview,
and in signals when it opens and when its pictures stop (gone for good, or gone for now while
the thread keeps trying). The preview is told which camera it shows, for screen readers. The
strings keep the "MainWindow" translation context."""

from __future__ import annotations

from urllib.parse import urlsplit

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from camdraw.core.camera_source import CameraSource, parse_source
from camdraw.ui.camera_thread import CameraThread
from camdraw.ui.preview import PreviewWidget


def camera_name(source: CameraSource) -> str:
    """The camera in a few words: "Camera 0", "Video file clip.avi", or a stream's host (a
    URL's path and query say nothing to a listener, and its password never shows)."""
    if source.kind == "device":
        return QCoreApplication.translate("MainWindow", "Camera {index}").format(index=source.value)
    if source.kind == "file":
        return QCoreApplication.translate("MainWindow", "Video file {name}").format(
            name=source.label
        )
    try:
        parts = urlsplit(str(source.value))
        host = parts.hostname or ""
        if host and parts.port is not None:
            host = f"{host}:{parts.port}"
    except ValueError:
        host = ""
    return QCoreApplication.translate("MainWindow", "Camera stream from {host}").format(
        host=host or source.label
    )


class CameraFeed(QObject):
    opened = Signal(str)  # the camera's label, for people
    lost = Signal(str)  # why there is no picture (and whether it is retried)
    picture_shown = Signal()  # the preview shows its first picture since ``start``

    def __init__(self, preview: PreviewWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preview = preview
        self._thread: CameraThread | None = None
        self._shown = False

    @property
    def thread(self) -> CameraThread | None:
        """The running camera thread (None while stopped)."""
        return self._thread

    @property
    def has_picture(self) -> bool:
        return self._thread is not None and self._thread.has_frame

    def snapshot(self) -> np.ndarray | None:
        """A copy of the newest picture (None without one)."""
        return self._thread.snapshot() if self._thread is not None else None

    def start(self, source: str) -> None:
        """(Re)start on ``source`` (a device index, a video file or a stream URL): at once,
        also while an earlier thread waits to reconnect."""
        self.stop()
        self._preview.set_frame(None)
        self._shown = False
        self._preview.set_message("")
        self._preview.set_placeholder(
            QCoreApplication.translate("MainWindow", "Starting the camera…")
        )
        parsed = parse_source(source)
        self._preview.set_camera(camera_name(parsed))
        thread = CameraThread(parsed, self)
        thread.frame_ready.connect(self._show_frame)
        thread.failed.connect(self._lost)
        thread.reconnecting.connect(self._lost)
        thread.opened.connect(self._opened)
        self._thread = thread
        thread.start()

    def stop(self) -> None:
        """Stop the thread and wait for it (idempotent)."""
        if self._thread is not None:
            self._thread.stop()
            self._thread = None

    def _current(self) -> bool:
        # A signal queued before its thread was stopped no longer speaks for the camera.
        return self.sender() in (None, self._thread)

    @Slot()
    def _show_frame(self) -> None:
        thread = self._thread
        if thread is None or self.sender() is not thread:
            return
        frame = thread.latest_frame()
        if frame is not None:
            self._preview.set_frame(frame)
            if not self._shown:
                self._shown = True
                self.picture_shown.emit()

    @Slot(str)
    def _opened(self, label: str) -> None:
        if self._current():
            self._preview.set_message("")
            self.opened.emit(label)

    @Slot(str)
    def _lost(self, message: str) -> None:
        if self._current():
            self._preview.set_frame(None)
            self._preview.set_message(message)
            self.lost.emit(message)
