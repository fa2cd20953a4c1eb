"""Fixtures for the window tests: a generated video as the camera, windows on the loopback
server, shut down (threads joined) at the end of each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from camdraw.core.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.main_window import MainWindow
from tests.fake_openai import FakeOpenAI
from tests.media import make_test_video

KEY = "sk-canary-ui-0a1b2c3d4e"


@pytest.fixture
def video(tmp_path: Path) -> Path:
    return make_test_video(tmp_path / "camera.avi", frames=20)


@pytest.fixture
def make_window(qtbot, tmp_path: Path, video: Path, fake_openai: FakeOpenAI) -> Iterator:
    windows: list[MainWindow] = []

    def factory(*, key: str | None = KEY, **changes: object) -> MainWindow:
        settings = Settings(
            camera=str(video),
            base_url=fake_openai.base_url,
            images_dir=str(tmp_path / "images"),
            cooldown_s=0,  # rounds back to back; the cooldown has its own test
        ).replace(**changes)
        window = MainWindow(settings, keys=KeyStore({"OPENAI_API_KEY": key} if key else {}))
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        return window

    yield factory
    for window in windows:
        window.shutdown()
