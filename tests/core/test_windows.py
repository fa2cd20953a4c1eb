"""Windows-only behaviour, checked here with stand-ins (the real thing runs in windows.yml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import pytest

from camdraw.core import camera
from camdraw.core.camera import FrameSource, parse_source
from camdraw.core.errors import CameraError
from tests.media import make_test_video


def test_msmf_hardware_transforms_are_off_before_cv2_is_imported() -> None:
    code = (
        "import os, sys; sys.platform = 'win32'; os.environ.pop("
        "'OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS', None); import camdraw; "
        "print(os.environ.get('OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS'), 'cv2' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0", "False"]


class FakeCapture:
    def __init__(self, opens: bool) -> None:
        self.opens = opens
        self.released = False
        self.props: dict[int, float] = {}

    def isOpened(self) -> bool:  # OpenCV spells it so
        return self.opens

    def set(self, prop: int, value: float) -> bool:
        self.props[prop] = value
        return True

    def release(self) -> None:
        self.released = True


def windows_source(monkeypatch: pytest.MonkeyPatch, working: set[int]) -> tuple[FrameSource, list]:
    monkeypatch.setattr(camera.sys, "platform", "win32")
    calls: list[tuple[Any, ...]] = []
    made: list[FakeCapture] = []

    def factory(*args: Any) -> FakeCapture:
        calls.append(args)
        capture = FakeCapture(len(args) == 2 and args[1] in working)
        made.append(capture)
        return capture

    source = FrameSource(parse_source("0"), capture_factory=factory)
    return source, [calls, made]


def test_webcam_opens_with_directshow_first(monkeypatch: pytest.MonkeyPatch) -> None:
    source, (calls, made) = windows_source(monkeypatch, {cv2.CAP_DSHOW})
    source.open()
    assert calls == [(0, cv2.CAP_DSHOW)]
    assert made[0].props[cv2.CAP_PROP_FRAME_WIDTH] == 1280
    source.close()
    assert made[0].released


def test_media_foundation_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    source, (calls, made) = windows_source(monkeypatch, {cv2.CAP_MSMF})
    source.open()
    assert calls == [(0, cv2.CAP_DSHOW), (0, cv2.CAP_MSMF)]
    assert made[0].released  # the failed DirectShow capture is not left open
    source.close()


def test_no_backend_opens_gives_a_camera_error(monkeypatch: pytest.MonkeyPatch) -> None:
    source, (calls, _) = windows_source(monkeypatch, set())
    with pytest.raises(CameraError, match="No camera found at index 0"):
        source.open()
    assert [args[1] for args in calls] == [cv2.CAP_DSHOW, cv2.CAP_MSMF]


# -- video files under folders with Czech letters ----------------------------------------------


class AsciiOnlyCapture:
    """``cv2.VideoCapture`` as on Windows: a name with letters outside ASCII opens nothing.
    An 8.3 alias from ``aliases`` opens the real file (as Windows resolves it)."""

    def __init__(self, name: str, aliases: dict[str, Path], opened: list[str]) -> None:
        opened.append(name)
        real = aliases.get(name)
        self.capture = cv2.VideoCapture(str(real)) if name.isascii() and real else None

    def isOpened(self) -> bool:  # OpenCV spells it so
        return self.capture is not None and self.capture.isOpened()

    def read(self) -> tuple[bool, Any]:
        assert self.capture is not None
        return self.capture.read()

    def get(self, prop: int) -> float:
        return self.capture.get(prop) if self.capture else 0.0

    def set(self, prop: int, value: float) -> bool:
        return False  # no seeking: the loop reopens the file

    def release(self) -> None:
        if self.capture is not None:
            self.capture.release()


@pytest.fixture
def czech_video(tmp_path: Path) -> Path:
    folder = tmp_path / "Jiří Řehoř" / "Videa"
    folder.mkdir(parents=True)
    return make_test_video(folder / "klip.avi", frames=4, width=64, height=48, fps=10.0)


def windows_file_source(
    monkeypatch: pytest.MonkeyPatch, video: Path, short: str | None
) -> tuple[FrameSource, list[str]]:
    monkeypatch.setattr(camera.sys, "platform", "win32")
    monkeypatch.setattr(camera, "short_path", lambda name: short if name == str(video) else None)
    aliases = {short: video} if short else {}
    opened: list[str] = []
    source = FrameSource(
        str(video), capture_factory=lambda name: AsciiOnlyCapture(name, aliases, opened)
    )
    return source, opened


def test_a_video_under_a_czech_folder_opens_by_its_short_name(
    monkeypatch: pytest.MonkeyPatch, czech_video: Path
) -> None:
    short = r"C:\Users\JIRIRE~1\Videa\klip.avi"
    source, opened = windows_file_source(monkeypatch, czech_video, short)
    source.open()
    try:
        frames = [source.read() for _ in range(10)]  # past the end: reopened, still by alias
    finally:
        source.close()
    assert all(frame is not None and frame.shape == (48, 64, 3) for frame in frames)
    assert set(opened) == {short}


@pytest.mark.parametrize("short", [None, "long path"], ids=["no 8.3 name", "8.3 names off"])
def test_without_a_plain_name_the_error_says_why_and_what_to_do(
    monkeypatch: pytest.MonkeyPatch, czech_video: Path, short: str | None
) -> None:
    source, opened = windows_file_source(
        monkeypatch, czech_video, str(czech_video) if short else None
    )
    with pytest.raises(CameraError) as caught:
        source.open()
    assert caught.value.message == (
        f"Cannot open video file {czech_video}: OpenCV cannot open video files whose path has "
        "letters like 'ř' on Windows."
    )
    assert "C:\\Videos" in caught.value.hint and "only plain letters" in caught.value.hint
    assert "format is not supported" not in str(caught.value)
    assert opened == [str(czech_video)]  # the long name was still tried, in case it works


def test_missing_and_unplayable_files_keep_their_messages_on_windows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(camera.sys, "platform", "win32")
    monkeypatch.setattr(camera, "short_path", lambda name: None)
    missing = tmp_path / "Řehoř" / "nic.avi"
    with pytest.raises(CameraError) as caught:
        FrameSource(str(missing)).open()
    assert caught.value.message == f"Cannot open video file {missing}: file does not exist."
    junk = tmp_path / "junk.avi"
    junk.write_bytes(b"this is not a video")
    with pytest.raises(CameraError) as caught:
        FrameSource(str(junk)).open()
    assert caught.value.message == f"Cannot open video file {junk}: the format is not supported."


def test_plain_paths_and_other_systems_are_handed_over_as_they_are(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(camera, "short_path", lambda name: asked.append(name) or "X~1")
    monkeypatch.setattr(camera.sys, "platform", "win32")
    assert camera.video_file_names(tmp_path / "clip.avi") == [str(tmp_path / "clip.avi")]
    monkeypatch.setattr(camera.sys, "platform", "linux")
    assert camera.video_file_names(tmp_path / "Řehoř.avi") == [str(tmp_path / "Řehoř.avi")]
    assert asked == []
