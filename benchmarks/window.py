"""Driving a real MainWindow from the benchmark: waiting without sleeping, and watching.

Nothing here sleeps on the GUI thread (that would be the stall being measured): waits run a
nested event loop until a signal or a condition, with a time limit.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from camdraw.core import disk
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.main_window import MainWindow

KEY = "sk-bench-loopback-1234"  # only ever sent to the loopback server


def wait_until(condition: Callable[[], bool], timeout_s: float, poll_ms: int = 2) -> bool:
    if condition():
        return True
    loop = QEventLoop()
    poll, limit = QTimer(), QTimer()
    poll.setInterval(poll_ms)
    poll.timeout.connect(lambda: condition() and loop.quit())
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    poll.start()
    limit.start(int(timeout_s * 1000))
    loop.exec()
    poll.stop()
    limit.stop()
    return condition()


def run_for(seconds: float) -> None:
    """Let the event loop run for ``seconds`` (no polling: nothing else on the GUI thread)."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(int(seconds * 1000))
    loop.exec()


def wait_for_signal(signal: Any, timeout_s: float) -> bool:
    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_: object) -> None:
        fired.append(True)
        loop.quit()

    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    signal.connect(done)
    limit.start(int(timeout_s * 1000))
    loop.exec()
    limit.stop()
    signal.disconnect(done)
    return bool(fired)


def open_window(base_url: str, camera: Path, images_dir: Path) -> MainWindow:
    """A window as tests/ui/conftest.py builds one: a video as the camera, no cooldown, muted."""
    settings = Settings(
        camera=str(camera),
        base_url=base_url,
        images_dir=str(images_dir),
        cooldown_s=0,
        max_rounds_per_hour=0,
        daily_budget_usd=0,
        muted=True,
    )
    window = MainWindow(settings, keys=KeyStore({"OPENAI_API_KEY": KEY}))
    window.show()
    if not wait_until(lambda: window.camera.has_picture, 20):
        close_window(window)
        raise RuntimeError(f"the camera {camera.name} showed no picture within 20 s")
    window.jobs.wait()  # the client is built off the GUI thread; a real user waits longer
    warmer = getattr(window, "warmer", None)
    if warmer is not None:
        warmer.wait()  # the warm-up, started by the first picture
    wait_until(lambda: window.panes.preview.frame is not None, 5)
    return window


def preview_pane_size(images_dir: Path) -> tuple[int, int]:
    """The camera pane's size in a default window (offscreen), for the preview figure."""
    window = MainWindow(
        Settings(images_dir=str(images_dir), muted=True),
        keys=KeyStore({"OPENAI_API_KEY": KEY}),
        start_camera=False,
    )
    window.show()
    run_for(0.2)  # let the layout settle
    size = window.panes.preview.size()
    close_window(window)
    return size.width(), size.height()


def idle_stall_ms(seconds: float) -> float:
    """The longest stall while nothing but the event loop (and the camera preview) runs."""
    heartbeat = Heartbeat()
    heartbeat.start()
    run_for(seconds)
    return heartbeat.stop()


def close_window(window: MainWindow) -> None:
    window.shutdown()
    window.close()
    window.deleteLater()
    QApplication.processEvents()


def play_round(window: MainWindow, timeout_s: float = 60) -> float:
    """Take a photo and wait for the round to end; returns when it was taken (monotonic)."""
    pressed = time.monotonic()
    window.take_photo()
    if not window.rounds.busy:
        raise RuntimeError(f"no round started: {window.step_label.text()}")
    if not wait_for_signal(window.rounds.round_ended, timeout_s):
        raise RuntimeError(f"the round did not end within {timeout_s:g} s")
    return pressed


class Heartbeat(QObject):
    """A 1 ms precise timer on the GUI thread: the longest gap between beats is the stall."""

    INTERVAL_MS = 1

    def __init__(self) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._beat)
        self._last = 0.0
        self.worst_s = 0.0
        self.worst_at = 0.0  # time.monotonic() when the longest gap ended
        self.gaps: list[tuple[float, float]] = []  # (ended at, seconds) of gaps over 8 ms

    def start(self) -> None:
        self.worst_s = 0.0
        self.worst_at = 0.0
        self.gaps = []
        self._last = time.monotonic()
        self._timer.start()

    def _beat(self) -> None:
        now = time.monotonic()
        gap = now - self._last
        if gap > self.worst_s:
            self.worst_s, self.worst_at = gap, now
        if gap > 0.008:
            self.gaps.append((now, gap))
        self._last = now

    def stop(self) -> float:
        """Stop; the longest stall in ms (the longest gap minus the interval)."""
        if self._timer.isActive():
            self._beat()
            self._timer.stop()
        return max(0.0, self.worst_s * 1000 - self.INTERVAL_MS)


class Probe(QObject):
    """Watches one window: painting shown and painted, description text, round end."""

    def __init__(self, window: MainWindow, heartbeat: Heartbeat | None = None) -> None:
        super().__init__()
        self.window = window
        self.heartbeat = heartbeat
        self.frames_set: list[tuple[float, bool]] = []
        self.painted: list[float] = []
        self.text_at: float | None = None
        self.ended_at: float | None = None
        self.stall_ms = 0.0
        self._armed = False
        view = window.panes.painting_view
        original = view.set_frame

        def set_frame(frame: Any) -> None:  # the window calls it through the instance
            original(frame)
            if self._armed:
                self.frames_set.append((time.monotonic(), frame is not None))

        view.set_frame = set_frame
        view.installEventFilter(self)
        window.panes.description.textChanged.connect(self._text_changed)
        window.rounds.round_ended.connect(self._ended)

    def arm(self) -> None:
        self.frames_set.clear()
        self.painted.clear()
        self.text_at = self.ended_at = None
        self.stall_ms = 0.0
        self._armed = True
        if self.heartbeat is not None:
            self.heartbeat.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() == QEvent.Type.Paint:
            # Stamped when control is back in the event loop: the paint is done by then.
            QTimer.singleShot(0, self._stamp_paint)
        return False

    def _stamp_paint(self) -> None:
        self.painted.append(time.monotonic())

    def _text_changed(self) -> None:
        if self._armed and self.text_at is None and self.window.panes.description.toPlainText():
            self.text_at = time.monotonic()

    def _ended(self, record: object) -> None:
        if not self._armed or self.ended_at is not None:
            return
        self.ended_at = time.monotonic()
        if self.heartbeat is not None:
            self.stall_ms = self.heartbeat.stop()

    def final_frame_at(self) -> float | None:
        """When the painting (the last frame set before the round ended) was handed over."""
        end = self.ended_at or float("inf")
        shown = [t for t, has_frame in self.frames_set if has_frame and t <= end]
        return shown[-1] if shown else None

    def painted_after(self, moment: float) -> float | None:
        later = [t for t in self.painted if t >= moment]
        return later[0] if later else None

    def disarm(self) -> None:
        self._armed = False
        if self.heartbeat is not None:
            self.heartbeat.stop()


class DiskWatch:
    """Stamps each painting as ``disk.write_file`` finishes it (atomic: then it exists)."""

    def __init__(self) -> None:
        self.paintings: dict[str, float] = {}
        original = disk.write_file

        def write_file(path: Path, data: bytes, what: str) -> None:
            original(path, data, what)
            if what == "painting":
                self.paintings[str(path)] = time.monotonic()

        disk.write_file = write_file

    def painting_at(self, path: Path | None) -> tuple[float | None, str]:
        if path is None:
            return None, ""
        if str(path) in self.paintings:
            return self.paintings[str(path)], "write_file"
        try:  # the pipeline saved it some other way: its modification time, less exact
            mtime = os.stat(path).st_mtime
        except OSError:
            return None, ""
        return mtime - time.time() + time.monotonic(), "file mtime"
