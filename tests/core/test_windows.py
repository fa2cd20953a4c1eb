"""Windows-only behaviour, checked here with stand-ins (the real thing runs in windows.yml)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import cv2
import pytest

from camdraw.core import camera
from camdraw.core.camera import FrameSource, parse_source
from camdraw.core.errors import CameraError


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
