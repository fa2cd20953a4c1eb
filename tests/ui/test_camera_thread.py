"""CameraThread: frames arrive off the GUI thread, faults are explained and a camera that goes
away is reopened with growing pauses, a bad video file fails for good, the camera is released."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from camdraw.core.camera import DEVICE_HINT
from camdraw.core.camera_source import CameraSource
from camdraw.core.errors import CameraError
from camdraw.ui.camera_thread import RECONNECT_DELAYS, CameraThread
from tests.media import make_test_video

MakeThread = Callable[..., CameraThread]

LIVE = -1  # a script step: open, then send frames for as long as the camera is plugged in
CRASH = -2  # a script step: open() raises something that is not a CameraError
FAST = {"stall_timeout": 0.1, "first_frame_timeout": 0.1, "reconnect_delays": (0.01, 0.02, 0.04)}


class FakeCamera:
    """A stand-in camera that fails on cue; every reader the thread makes shares it.

    Each ``open()`` takes the next step of ``script``: None = no camera there (CameraError),
    n >= 0 = opens and sends n frames, then nothing (0 = busy: opens but silent; n > 0 =
    unplugged after n frames), LIVE, CRASH. When the script has run out, ``present`` decides:
    absent, or LIVE. A LIVE reader stops sending as soon as ``present`` turns False.
    """

    def __init__(self, script: Sequence[int | None] = (), *, present: bool = True) -> None:
        self.script = list(script)
        self.present = present
        self.readers: list[FakeReader] = []
        self._lock = threading.Lock()

    def reader(self, source: CameraSource) -> FakeReader:
        with self._lock:
            self.readers.append(FakeReader(self, len(self.readers)))
            return self.readers[-1]

    def next_step(self) -> int | None:
        with self._lock:
            if self.script:
                return self.script.pop(0)
        return LIVE if self.present else None

    @property
    def opens(self) -> int:
        return len(self.readers)

    def plug_in(self) -> None:
        self.present = True

    def unplug(self) -> None:
        self.present = False


class FakeReader:
    fps = 30.0
    is_file = False

    def __init__(self, camera: FakeCamera, number: int) -> None:
        self.camera = camera
        self.number = number  # every frame is filled with it, to tell the sessions apart
        self.frames_left = 0
        self.closed = 0

    def open(self) -> None:
        step = self.camera.next_step()
        if step is None:
            raise CameraError("No camera found at index 0.", hint=DEVICE_HINT)
        if step == CRASH:
            raise RuntimeError("driver crashed")
        self.frames_left = step

    def read(self) -> np.ndarray | None:
        if self.frames_left == LIVE:
            if not self.camera.present:
                return None
        elif self.frames_left > 0:
            self.frames_left -= 1
        else:
            return None
        time.sleep(0.002)  # a camera's pace, not a busy loop (this runs on the camera thread)
        return np.full((4, 4, 3), self.number, np.uint8)

    def close(self) -> None:
        self.closed += 1


class Recorder:
    """Everything a thread says, in order, as the GUI thread receives it."""

    def __init__(self, thread: CameraThread) -> None:
        self.thread = thread
        self.events: list[tuple[str, str]] = []
        self.frames: list[np.ndarray] = []
        thread.opened.connect(lambda label: self.events.append(("opened", label)))
        thread.reconnecting.connect(lambda text: self.events.append(("reconnecting", text)))
        thread.failed.connect(lambda text: self.events.append(("failed", text)))
        thread.frame_ready.connect(self._frame)

    def _frame(self) -> None:
        frame = self.thread.latest_frame()
        if frame is not None:
            self.frames.append(frame)

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]

    def messages(self, kind: str = "reconnecting") -> list[str]:
        return [text for k, text in self.events if k == kind]


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


def reconnecting(headline: str, delay: str, attempt: int) -> str:
    return f"{headline} Reconnecting in {delay} s (attempt {attempt})… {DEVICE_HINT}"


NO_CAMERA = "No camera found at index 0."
STOPPED = "The camera stopped sending pictures."
SILENT = "Camera 0 opened but sends no pictures; another app may be using it."

# -- pictures ---------------------------------------------------------------------------------


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


# -- a video file: its faults are permanent ----------------------------------------------------


def test_missing_file_fails_without_reconnecting(
    qtbot: QtBot, make_thread: MakeThread, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.avi"
    thread = make_thread(str(missing), reconnect_delays=(0.01,))
    record = Recorder(thread)
    with qtbot.waitSignal(thread.failed, timeout=10_000) as failed:
        thread.start()
    message = failed.args[0]
    assert f"Cannot open video file {missing}: file does not exist." in message
    assert thread.wait(10_000)
    assert thread.isFinished()
    assert record.kinds() == ["failed"]
    assert thread.latest_frame() is None
    assert thread.snapshot() is None


def test_unreadable_file_fails_without_reconnecting(
    qtbot: QtBot, make_thread: MakeThread, tmp_path: Path
) -> None:
    garbage = tmp_path / "notes.avi"
    garbage.write_bytes(b"this is not a video\n" * 50)
    thread = make_thread(str(garbage), reconnect_delays=(0.01,))
    record = Recorder(thread)
    with qtbot.waitSignal(thread.failed, timeout=10_000) as failed:
        thread.start()
    assert failed.args[0].startswith(f"Cannot open video file {garbage}")
    assert "Choose another video file" in failed.args[0]
    assert thread.wait(10_000)
    assert record.kinds() == ["failed"]


def test_file_that_stops_reading_fails_without_reconnecting(
    qtbot: QtBot, make_thread: MakeThread, tmp_path: Path
) -> None:
    camera = FakeCamera([3])

    def factory(source: CameraSource) -> FakeReader:
        reader = camera.reader(source)
        reader.is_file = True
        return reader

    thread = make_thread(str(tmp_path / "clip.avi"), frame_source_factory=factory, **FAST)
    record = Recorder(thread)
    with qtbot.waitSignal(thread.failed, timeout=10_000) as failed:
        thread.start()
    assert failed.args[0] == (
        "The video file clip.avi cannot be read. Choose another video file or a camera in Settings."
    )
    assert thread.wait(10_000)
    assert record.kinds() == ["opened", "failed"]
    assert camera.opens == 1
    assert camera.readers[0].closed == 1
    assert thread.snapshot() is not None  # the last good frame is still there


# -- a camera: faults are explained, and it is opened again ----------------------------------


def test_reconnect_delays_grow_to_ten_seconds() -> None:
    thread = CameraThread(0)  # never started
    assert [thread.reconnect_delay(n) for n in range(1, 10)] == [
        0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0, 10.0
    ]  # fmt: skip
    assert RECONNECT_DELAYS[-1] == 10.0


def test_absent_camera_keeps_trying_with_growing_delays(
    qtbot: QtBot, make_thread: MakeThread
) -> None:
    camera = FakeCamera([None] * 5)
    thread = make_thread(0, frame_source_factory=camera.reader, **FAST)
    record = Recorder(thread)
    thread.start()
    qtbot.waitUntil(lambda: len(record.frames) >= 3, timeout=10_000)

    assert record.messages() == [
        reconnecting(NO_CAMERA, "0.01", 1),
        reconnecting(NO_CAMERA, "0.02", 2),
        reconnecting(NO_CAMERA, "0.04", 3),
        reconnecting(NO_CAMERA, "0.04", 4),  # the last delay repeats
        reconnecting(NO_CAMERA, "0.04", 5),
    ]
    assert record.kinds()[-1] == "opened"
    assert record.messages("opened") == ["Camera 0"]
    assert camera.opens == 6
    assert [reader.closed for reader in camera.readers[:5]] == [1] * 5  # each attempt released
    assert all(frame[0, 0, 0] == 5 for frame in record.frames)
    thread.stop()
    assert camera.readers[5].closed == 1


def test_unplugged_camera_reconnects_and_frames_resume(
    qtbot: QtBot, make_thread: MakeThread
) -> None:
    # 3 frames, pulled out (no frames, then not found twice), plugged back in.
    camera = FakeCamera([3, None, None])
    thread = make_thread(0, frame_source_factory=camera.reader, **FAST)
    record = Recorder(thread)
    thread.start()
    qtbot.waitUntil(lambda: any(frame[0, 0, 0] == 3 for frame in record.frames), timeout=10_000)

    assert record.events == [
        ("opened", "Camera 0"),
        ("reconnecting", reconnecting(STOPPED, "0.01", 1)),
        ("reconnecting", reconnecting(NO_CAMERA, "0.02", 2)),
        ("reconnecting", reconnecting(NO_CAMERA, "0.04", 3)),
        ("opened", "Camera 0"),
    ]
    assert {int(frame[0, 0, 0]) for frame in record.frames} <= {0, 3}
    assert [reader.closed for reader in camera.readers[:3]] == [1, 1, 1]
    count = len(record.frames)
    qtbot.waitUntil(lambda: len(record.frames) >= count + 3, timeout=10_000)  # and they keep coming


def test_delays_start_over_once_pictures_return(qtbot: QtBot, make_thread: MakeThread) -> None:
    camera = FakeCamera([2, None, 2, None])
    thread = make_thread(0, frame_source_factory=camera.reader, **FAST)
    record = Recorder(thread)
    thread.start()
    qtbot.waitUntil(lambda: record.kinds().count("opened") == 3, timeout=10_000)
    assert record.events == [
        ("opened", "Camera 0"),
        ("reconnecting", reconnecting(STOPPED, "0.01", 1)),
        ("reconnecting", reconnecting(NO_CAMERA, "0.02", 2)),
        ("opened", "Camera 0"),
        ("reconnecting", reconnecting(STOPPED, "0.01", 1)),
        ("reconnecting", reconnecting(NO_CAMERA, "0.02", 2)),
        ("opened", "Camera 0"),
    ]


def test_busy_camera_that_sends_nothing_keeps_trying(qtbot: QtBot, make_thread: MakeThread) -> None:
    camera = FakeCamera([0, 0])  # opens, but another app has the pictures
    thread = make_thread(0, frame_source_factory=camera.reader, **FAST)
    record = Recorder(thread)
    thread.start()
    qtbot.waitUntil(lambda: len(record.frames) >= 1, timeout=10_000)
    assert record.events == [
        ("reconnecting", reconnecting(SILENT, "0.01", 1)),
        ("reconnecting", reconnecting(SILENT, "0.02", 2)),
        ("opened", "Camera 0"),  # only once pictures come
    ]
    assert [reader.closed for reader in camera.readers[:2]] == [1, 1]


def test_no_stale_picture_while_reconnecting(qtbot: QtBot, make_thread: MakeThread) -> None:
    camera = FakeCamera([2], present=False)
    thread = make_thread(
        0, frame_source_factory=camera.reader, **{**FAST, "reconnect_delays": (60,)}
    )
    record = Recorder(thread)
    with qtbot.waitSignal(thread.reconnecting, timeout=10_000):
        thread.start()
    assert record.kinds() == ["opened", "reconnecting"]
    assert thread.snapshot() is None  # nothing to take a photo of
    assert thread.latest_frame() is None


@pytest.mark.parametrize(
    ("source", "headline", "hint"),
    [
        (7, "No camera found at index 7.", "Check that the camera is connected"),
        (
            "rtsp://127.0.0.1:9/none",
            "Cannot open the camera stream rtsp://127.0.0.1:9/none.",
            "Check the address and the network connection",
        ),
    ],
)
def test_real_absent_device_or_stream_keeps_trying(
    qtbot: QtBot, make_thread: MakeThread, source: int | str, headline: str, hint: str
) -> None:
    thread = make_thread(source, reconnect_delays=(0.01, 0.02))
    record = Recorder(thread)
    thread.start()
    qtbot.waitUntil(lambda: len(record.messages()) >= 3, timeout=30_000)
    thread.stop()
    first, second, third = record.messages()[:3]
    assert first.startswith(f"{headline} Reconnecting in 0.01 s (attempt 1)… {hint}")
    assert second.startswith(f"{headline} Reconnecting in 0.02 s (attempt 2)…")
    assert third.startswith(f"{headline} Reconnecting in 0.02 s (attempt 3)…")
    assert "opened" not in record.kinds() and "failed" not in record.kinds()


def test_stop_during_a_reconnect_wait_returns_at_once(
    qtbot: QtBot, make_thread: MakeThread
) -> None:
    camera = FakeCamera(present=False)
    thread = make_thread(0, frame_source_factory=camera.reader, reconnect_delays=(60.0,))
    with qtbot.waitSignal(thread.reconnecting, timeout=10_000) as waiting:
        thread.start()
    assert waiting.args == [reconnecting(NO_CAMERA, "60", 1)]
    started = time.monotonic()
    thread.stop()
    assert time.monotonic() - started < 5  # not the 60 s pause
    assert thread.isFinished()
    assert camera.opens == 1
    assert camera.readers[0].closed == 1


def test_open_crash_is_reported_and_not_retried(qtbot: QtBot, make_thread: MakeThread) -> None:
    camera = FakeCamera([CRASH])
    thread = make_thread(3, frame_source_factory=camera.reader, **FAST)
    record = Recorder(thread)
    with qtbot.waitSignal(thread.failed, timeout=10_000) as failed:
        thread.start()
    assert "Camera 3" in failed.args[0]
    assert "driver crashed" in failed.args[0]
    assert thread.wait(10_000)
    assert record.kinds() == ["failed"]
    assert camera.opens == 1
    assert camera.readers[0].closed == 1


def test_stop_releases_the_source(qtbot: QtBot, make_thread: MakeThread) -> None:
    camera = FakeCamera()
    thread = make_thread(0, frame_source_factory=camera.reader)
    with qtbot.waitSignal(thread.frame_ready, timeout=10_000):
        thread.start()
    thread.stop()
    assert thread.isFinished()
    assert camera.opens == 1
    assert camera.readers[0].closed == 1


def test_stop_before_start_is_harmless(make_thread: MakeThread) -> None:
    thread = make_thread(0)
    thread.stop()
    assert not thread.isRunning()
