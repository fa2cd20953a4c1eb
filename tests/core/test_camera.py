"""camdraw.core.camera_source (parsing sources) and camera (reading and looping video, readable
failures)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, ClassVar

import cv2
import numpy as np
import pytest

from camdraw.core.camera import FrameSource, LatestFrame
from camdraw.core.camera_source import CameraSource, list_devices, parse_source
from camdraw.core.errors import CameraError
from tests.media import make_test_video

# -- parse_source -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (0, CameraSource("device", 0, "Camera 0")),
        (2, CameraSource("device", 2, "Camera 2")),
        ("1", CameraSource("device", 1, "Camera 1")),
        (" 3 ", CameraSource("device", 3, "Camera 3")),
        ("", CameraSource("device", 0, "Camera 0")),
        ("   ", CameraSource("device", 0, "Camera 0")),
        (
            "rtsp://192.168.1.20:554/live",
            CameraSource("stream", "rtsp://192.168.1.20:554/live", "rtsp://192.168.1.20:554/live"),
        ),
        (
            "http://cam.local/v.mjpg",
            CameraSource("stream", "http://cam.local/v.mjpg", "http://cam.local/v.mjpg"),
        ),
        (
            "HTTPS://cam.local/x",
            CameraSource("stream", "HTTPS://cam.local/x", "HTTPS://cam.local/x"),
        ),
        ("udp://@:1234", CameraSource("stream", "udp://@:1234", "udp://@:1234")),
    ],
)
def test_parse_source(text: str | int, expected: CameraSource) -> None:
    assert parse_source(text) == expected


def test_parse_source_file_path(tmp_path: Path) -> None:
    path = tmp_path / "clip 1.avi"
    source = parse_source(str(path))
    assert source == CameraSource("file", str(path), "clip 1.avi")


def test_parse_source_expands_home() -> None:
    source = parse_source("~/videos/test.mp4")
    assert source.kind == "file"
    assert source.value == str(Path.home() / "videos" / "test.mp4")
    assert source.label == "test.mp4"


def test_parse_source_file_url(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    source = parse_source(path.as_uri())
    assert source.kind == "file"
    assert Path(str(source.value)) == path


def test_stream_label_hides_password() -> None:
    source = parse_source("rtsp://admin:secret@10.0.0.5:554/stream1")
    assert source.kind == "stream"
    assert source.value == "rtsp://admin:secret@10.0.0.5:554/stream1"
    assert "secret" not in source.label
    assert source.label == "rtsp://admin:***@10.0.0.5:554/stream1"


def test_parse_source_rejects_bool() -> None:
    with pytest.raises(TypeError):
        parse_source(True)  # type: ignore[arg-type]


def test_list_devices_is_cheap_and_sorted() -> None:
    devices = list_devices()
    assert devices == sorted(devices)
    assert all(0 <= index < 5 for index in devices)


# -- FrameSource on a real file -----------------------------------------------------------------


@pytest.fixture
def video(tmp_path: Path) -> Path:
    return make_test_video(tmp_path / "scene.avi", frames=12, width=320, height=240, fps=15.0)


def test_file_opens_and_reads_frames(video: Path) -> None:
    with FrameSource(str(video)) as source:
        assert source.is_file
        assert source.is_open
        assert source.fps == pytest.approx(15.0)
        frame = source.read()
    assert frame is not None
    assert frame.shape == (240, 320, 3)
    assert frame.dtype == np.uint8
    assert not source.is_open


def test_file_loops_past_the_end(video: Path) -> None:
    source = FrameSource(str(video))
    source.open()
    try:
        frames = [source.read() for _ in range(30)]  # the file has 12
    finally:
        source.close()
    assert all(f is not None and f.shape == (240, 320, 3) for f in frames)
    # Each read is a new array: a frame handed over is never overwritten by the next read.
    assert len({id(f) for f in frames}) == len(frames)
    # After the loop the picture starts again: frame 12 looks like frame 0, not like frame 11.
    first, last, again = frames[0], frames[11], frames[12]
    assert first is not None and last is not None and again is not None
    diff_again = np.abs(again.astype(int) - first.astype(int)).mean()
    diff_last = np.abs(last.astype(int) - first.astype(int)).mean()
    assert diff_again < diff_last


def test_file_reopens_when_rewind_fails(video: Path) -> None:
    import cv2

    class NoSeek:
        def __init__(self, *args: Any) -> None:
            self.capture = cv2.VideoCapture(*args)

        def isOpened(self) -> bool:
            return self.capture.isOpened()

        def read(self) -> tuple[bool, Any]:
            return self.capture.read()

        def set(self, prop: int, value: float) -> bool:
            return False

        def get(self, prop: int) -> float:
            return self.capture.get(prop)

        def release(self) -> None:
            self.capture.release()

    source = FrameSource(str(video), capture_factory=NoSeek)
    source.open()
    try:
        frames = [source.read() for _ in range(20)]
    finally:
        source.close()
    assert all(f is not None for f in frames)


def test_missing_file_raises_readable_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.avi"
    with pytest.raises(CameraError) as info:
        FrameSource(str(missing)).open()
    assert info.value.message == f"Cannot open video file {missing}: file does not exist."
    assert info.value.hint
    assert str(missing) in str(info.value)


def test_unreadable_file_raises_readable_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.avi"
    junk.write_bytes(b"this is not a video")
    with pytest.raises(CameraError, match="Cannot open video file"):
        FrameSource(str(junk)).open()


@pytest.mark.timeout(30)  # a stalled backend would hang here; fail instead
def test_missing_device_raises_quickly() -> None:
    with pytest.raises(CameraError) as info:
        FrameSource(7).open()
    assert info.value.message == "No camera found at index 7."
    assert "Check that the camera is connected" in info.value.hint


def test_dead_stream_raises_readable_error() -> None:
    with pytest.raises(CameraError, match="Cannot open the camera stream"):
        FrameSource("rtsp://user:pw@127.0.0.1:9/none").open()


# -- FrameSource with a stand-in capture --------------------------------------------------------


class FakeCapture:
    """A capture that opens (or not) and whose read() fails."""

    instances: ClassVar[list[FakeCapture]] = []

    def __init__(self, *args: Any, opened: bool = True) -> None:
        self.args = args
        self.opened = opened
        self.released = False
        self.settings: dict[int, float] = {}
        FakeCapture.instances.append(self)

    def isOpened(self) -> bool:
        return self.opened

    def read(self) -> tuple[bool, Any]:
        return False, None

    def get(self, prop: int) -> float:
        return 0.0

    def set(self, prop: int, value: float) -> bool:
        self.settings[prop] = value
        return False

    def release(self) -> None:
        self.released = True


def test_failed_read_returns_none() -> None:
    source = FrameSource(0, capture_factory=FakeCapture)
    source.open()
    assert source.read() is None
    assert source.fps == 30.0
    source.close()
    source.close()  # twice is fine
    assert source.read() is None


def test_failed_read_of_file_returns_none(video: Path) -> None:
    source = FrameSource(str(video), capture_factory=FakeCapture)
    source.open()
    try:
        assert source.read() is None
        assert source.fps == 30.0  # the capture reported no rate
    finally:
        source.close()


def test_device_that_does_not_open_is_released() -> None:
    FakeCapture.instances.clear()

    def factory(*args: Any) -> FakeCapture:
        return FakeCapture(*args, opened=False)

    with pytest.raises(CameraError, match="No camera found at index 0"):
        FrameSource(0, capture_factory=factory).open()
    assert FakeCapture.instances
    assert all(capture.released for capture in FakeCapture.instances)


def test_factory_exception_becomes_camera_error() -> None:
    def factory(*args: Any) -> Any:
        raise RuntimeError("backend exploded")

    with pytest.raises(CameraError, match="No camera found at index 1"):
        FrameSource(1, capture_factory=factory).open()


# -- LatestFrame --------------------------------------------------------------------------------


def test_latest_frame_newest_wins() -> None:
    slot: LatestFrame[int] = LatestFrame()
    assert slot.take() is None
    assert slot.put(1) is True  # empty before: the reader should be told
    assert slot.put(2) is False  # still unread: no second notification
    assert slot.peek() == 2
    assert slot.take() == 2
    assert slot.take() is None
    assert slot.put(3) is True
    slot.clear()
    assert slot.peek() is None


def test_latest_frame_across_threads() -> None:
    slot: LatestFrame[int] = LatestFrame()
    seen: list[int] = []

    def produce() -> None:
        for value in range(1, 5001):
            slot.put(value)

    producer = threading.Thread(target=produce, name="camdraw-test-producer")
    producer.start()
    while producer.is_alive():
        item = slot.take()
        if item is not None:
            seen.append(item)
    producer.join()
    final = slot.take()
    if final is not None:
        seen.append(final)
    assert seen == sorted(seen)  # never an older frame after a newer one
    assert seen[-1] == 5000


def test_a_camera_is_asked_for_hd_and_files_are_left_alone(video: Path) -> None:
    camera = FrameSource(0, capture_factory=FakeCapture)
    camera.open()
    capture = FakeCapture.instances[-1]
    assert capture.settings[cv2.CAP_PROP_FRAME_WIDTH] == 1280
    assert capture.settings[cv2.CAP_PROP_FRAME_HEIGHT] == 720
    camera.close()
    clip = FrameSource(str(video), capture_factory=FakeCapture)
    clip.open()
    assert FakeCapture.instances[-1].settings == {}
    clip.close()
