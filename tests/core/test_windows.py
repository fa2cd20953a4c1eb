"""Windows-only behaviour, checked here with stand-ins (the real thing runs in windows.yml)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import pytest

from camdraw.core import camera, camera_source, windows_cameras
from camdraw.core.camera import FrameSource
from camdraw.core.camera_source import CameraSource, parse_source
from camdraw.core.errors import CameraError
from tests.core import media_foundation_stand_in as stand_in
from tests.core.media_foundation_stand_in import FakeMediaFoundation
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


def test_webcam_opens_with_media_foundation_first(monkeypatch: pytest.MonkeyPatch) -> None:
    source, (calls, made) = windows_source(monkeypatch, {cv2.CAP_MSMF, cv2.CAP_DSHOW})
    source.open()
    assert calls == [(0, cv2.CAP_MSMF)]  # a DirectShow-only virtual camera never gets a say
    assert made[0].props[cv2.CAP_PROP_FRAME_WIDTH] == 1280
    source.close()
    assert made[0].released


def test_directshow_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    source, (calls, made) = windows_source(monkeypatch, {cv2.CAP_DSHOW})
    source.open()
    assert calls == [(0, cv2.CAP_MSMF), (0, cv2.CAP_DSHOW)]
    assert made[0].released  # the failed Media Foundation capture is not left open
    source.close()


def test_no_backend_opens_gives_a_camera_error_naming_the_privacy_switch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source, (calls, _) = windows_source(monkeypatch, set())
    with pytest.raises(CameraError, match="No camera found at index 0") as caught:
        source.open()
    assert [args[1] for args in calls] == [cv2.CAP_MSMF, cv2.CAP_DSHOW]
    assert PRIVACY_SWITCH in caught.value.hint
    assert caught.value.hint.startswith("Check that the camera is connected")


# -- the camera hint -----------------------------------------------------------------------------

PRIVACY_SWITCH = "Privacy & security → Camera → Let desktop apps access your camera"


def test_the_busy_camera_hint_names_windows_privacy_switch_only_on_windows() -> None:
    assert PRIVACY_SWITCH in camera.device_hint("win32")
    for platform in ("linux", "darwin"):
        hint = camera.device_hint(platform)
        assert "Privacy" not in hint and "Check that the camera is connected" in hint
    assert camera.device_hint() == camera.DEVICE_HINT  # what the camera thread shows


# -- listing cameras ------------------------------------------------------------------------------


def test_cameras_are_listed_by_name_in_media_foundations_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(camera.sys, "platform", "win32")
    names = ["Integrated Camera", "Logi C920", "OBS Virtual Camera", "A", "B", "C"]
    monkeypatch.setattr(camera_source.windows_cameras, "camera_names", lambda: names)
    assert camera_source.list_cameras(max_index=5) == [
        CameraSource("device", i, name) for i, name in enumerate(names[:5])
    ]
    assert camera_source.list_devices(max_index=2) == [0, 1]


def test_a_failed_listing_is_an_empty_list(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(camera.sys, "platform", "win32")

    def no_media_foundation() -> list[str]:
        raise OSError("mf.dll not found")  # Windows N without the Media Feature Pack

    monkeypatch.setattr(camera_source.windows_cameras, "camera_names", no_media_foundation)
    with caplog.at_level(logging.INFO, logger="camdraw"):
        assert camera_source.list_cameras() == [] and camera_source.list_devices() == []
    assert "mf.dll not found" in caplog.text


def test_media_foundation_names_are_read_and_everything_is_given_back() -> None:
    fake = FakeMediaFoundation(["Integrated Camera", None, "Kamera Jiří"])
    names = windows_cameras.camera_names(fake.api())
    assert names == ["Integrated Camera", "Camera 1", "Kamera Jiří"]
    assert fake.leaks() == []
    assert fake.calls == [
        "CoInitializeEx(0x2)",
        "MFStartup",
        "MFEnumDeviceSources",
        "MFShutdown",
        "CoUninitialize",
    ]
    assert fake.startup == (0x00020070, 1)  # MF_VERSION, MFSTARTUP_LITE
    (asked,) = fake.attributes.values()
    assert asked == {stand_in.SOURCE_TYPE: stand_in.VIDCAP}  # video capture devices only


def test_no_cameras_is_an_empty_list() -> None:
    fake = FakeMediaFoundation([])
    assert windows_cameras.camera_names(fake.api()) == []
    assert fake.leaks() == []


def test_a_failing_enumeration_raises_and_still_cleans_up() -> None:
    fake = FakeMediaFoundation(["Integrated Camera"], enum_hr=stand_in.E_FAIL)
    with pytest.raises(OSError, match=r"MFEnumDeviceSources failed .*0x80004005"):
        windows_cameras.camera_names(fake.api())
    assert fake.leaks() == []
    assert fake.calls[-2:] == ["MFShutdown", "CoUninitialize"]


def test_com_set_up_differently_on_the_thread_is_used_as_it_is() -> None:
    fake = FakeMediaFoundation(["Integrated Camera"], com_hr=windows_cameras.RPC_E_CHANGED_MODE)
    assert windows_cameras.camera_names(fake.api()) == ["Integrated Camera"]
    assert "CoUninitialize" not in fake.calls  # not ours to undo
    assert fake.leaks() == []


def test_listing_on_this_machine_never_fails() -> None:
    """Off Windows the real loader refuses cleanly (and list_cameras never calls it)."""
    if sys.platform != "win32":
        with pytest.raises(OSError):
            windows_cameras.load()
    assert all(isinstance(index, int) for index in camera_source.list_devices())


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
