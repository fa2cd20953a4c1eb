"""CameraThread: frames arrive off the GUI thread, failures are reported, the camera is released."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from camdraw.core.camera import CameraSource
from camdraw.ui.camera_thread import CameraThread
from tests.media import make_test_video

MakeThread = Callable[..., CameraThread]


@pytest.fixture
def make_thread() -> Iterator[MakeThread]:
    """Build CameraThreads that are always stopped and joined, even when a test fails."""
    threads: list[CameraThread] = []

    def make(source: CameraSource | str | int, **kwargs: Any) -> CameraThread:
        thread = CameraThread(source, **kwargs)
        threads.append(thread)
        return thread

    yield make
    for thread in threads:
        thread.stop()
        assert thread.isFinished() or not thread.isRunning()


@pytest.fixture
def video(tmp_path: Path) -> Path:
    return make_test_video(tmp_path / "scene.avi", frames=10, width=320, height=240, fps=30.0)


def test_thread_delivers_frames_from_a_file(
    qtbot: QtBot, make_thread: MakeThread, video: Path
) -> None:
    thread = make_thread(str(video))
    assert thread.objectName() == "camdraw-camera"
    received: list[np.ndarray] = []

    def on_frame() -> None:
        frame = thread.latest_frame()
        if frame is not None:
            received.append(frame)

    thread.frame_ready.connect(on_frame)
    with qtbot.waitSignal(thread.opened, timeout=10_000) as opened:
        thread.start()
    assert opened.args == ["scene.avi"]

    # More frames than the file has: it loops, and frames keep coming.
    qtbot.waitUntil(lambda: len(received) >= 15, timeout=15_000)
    assert all(frame.shape == (240, 320, 3) for frame in received)
    assert len({id(frame) for frame in received}) == len(received)  # never reused

    snapshot = thread.snapshot()
    assert snapshot is not None
    assert snapshot.shape == (240, 320, 3)
    snapshot[:] = 0  # a private copy: the thread's frame is untouched
    newest = thread.latest_frame()
    assert newest is not None
    assert newest is not snapshot
    assert newest.any()

    thread.stop()
    assert thread.isFinished()


def test_frame_ready_waits_for_the_gui(qtbot: QtBot, make_thread: MakeThread, video: Path) -> None:
    """Without latest_frame() calls only one notification is ever sent (no stale queue)."""
    thread = make_thread(str(video))
    count = 0

    def on_frame() -> None:
        nonlocal count
        count += 1

    thread.frame_ready.connect(on_frame)
    thread.start()
    qtbot.waitUntil(lambda: count >= 1, timeout=10_000)
    qtbot.wait(300)  # ~9 more frames are read meanwhile
    assert count == 1
    assert thread.latest_frame() is not None
    qtbot.waitUntil(lambda: count >= 2, timeout=10_000)


def test_missing_file_fails_and_finishes(
    qtbot: QtBot, make_thread: MakeThread, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.avi"
    thread = make_thread(str(missing))
    opened: list[str] = []
    thread.opened.connect(opened.append)
    with qtbot.waitSignal(thread.failed, timeout=10_000) as failed:
        thread.start()
    message = failed.args[0]
    assert f"Cannot open video file {missing}: file does not exist." in message
    assert thread.wait(10_000)
    assert thread.isFinished()
    assert opened == []
    assert thread.latest_frame() is None
    assert thread.snapshot() is None


class FakeReader:
    """A frame source that opens, then delivers ``frames`` frames and nothing more."""

    def __init__(self, source: CameraSource, frames: int = 0, fail_open: bool = False) -> None:
        self.source = source
        self.frames = frames
        self.fail_open = fail_open
        self.closed = 0

    fps = 30.0
    is_file = False

    def open(self) -> None:
        if self.fail_open:
            raise RuntimeError("driver crashed")

    def read(self) -> np.ndarray | None:
        if self.frames <= 0:
            return None
        self.frames -= 1
        return np.zeros((4, 4, 3), np.uint8)

    def close(self) -> None:
        self.closed += 1


def test_camera_that_stops_sending_fails(qtbot: QtBot, make_thread: MakeThread) -> None:
    readers: list[FakeReader] = []

    def factory(source: CameraSource) -> FakeReader:
        readers.append(FakeReader(source, frames=3))
        return readers[-1]

    thread = make_thread(0, frame_source_factory=factory, stall_timeout=0.3)
    with qtbot.waitSignal(thread.failed, timeout=10_000) as failed:
        thread.start()
    assert failed.args[0].startswith("The camera stopped sending pictures.")
    assert "Check that the camera is connected" in failed.args[0]
    assert thread.wait(10_000)
    assert readers[0].closed == 1
    assert thread.snapshot() is not None  # the last good frame is still there


def test_open_crash_is_reported_and_closed(qtbot: QtBot, make_thread: MakeThread) -> None:
    readers: list[FakeReader] = []

    def factory(source: CameraSource) -> FakeReader:
        readers.append(FakeReader(source, fail_open=True))
        return readers[-1]

    thread = make_thread(3, frame_source_factory=factory)
    with qtbot.waitSignal(thread.failed, timeout=10_000) as failed:
        thread.start()
    assert "Camera 3" in failed.args[0]
    assert "driver crashed" in failed.args[0]
    assert thread.wait(10_000)
    assert readers[0].closed == 1


def test_stop_releases_the_source(qtbot: QtBot, make_thread: MakeThread) -> None:
    readers: list[FakeReader] = []

    def factory(source: CameraSource) -> FakeReader:
        readers.append(FakeReader(source, frames=10**9))
        return readers[-1]

    thread = make_thread(0, frame_source_factory=factory)
    with qtbot.waitSignal(thread.frame_ready, timeout=10_000):
        thread.start()
    thread.stop()
    assert thread.isFinished()
    assert readers[0].closed == 1


def test_stop_before_start_is_harmless(make_thread: MakeThread) -> None:
    thread = make_thread(0)
    thread.stop()
    assert not thread.isRunning()
