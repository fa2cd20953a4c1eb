"""Fixtures for the window tests: a generated video as the camera, windows on the loopback
server, shut down (threads joined) at the end of each test; gallery dialogs likewise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.core.store.thumbnails import ThumbnailCache
from camdraw.ui.gallery import GalleryDialog
from camdraw.ui.main_window import MainWindow
from tests.media import make_test_video
from tests.ui.gallery_helpers import Factory

KEY = "sk-canary-ui-0a1b2c3d4e"
NOWHERE = "http://127.0.0.1:9/v1"  # the discard port: nothing listens, a request is refused


class RecordingSpeaker:
    """Stands in for the Speaker where only the order of what is said matters."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.saved_to: list[Path | None] = []
        self.on_done: list[object] = []
        self.muted = False

    def say(self, text: str, *, save_to: Path | None = None, on_done: object = None) -> None:
        self.said.append(text)
        self.saved_to.append(save_to)
        self.on_done.append(on_done)  # a test may hand a job its result

    def repeat(self) -> bool:
        if not self.said:
            return False
        self.said.append(self.said[-1])
        self.saved_to.append(None)
        return True

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def set_language(self, language: str, voice: str = "") -> None:
        pass

    def wait_idle(self, timeout: float | None = None) -> bool:
        return True

    def stop(self, timeout: float = 10) -> None:
        pass


@pytest.fixture
def video(tmp_path: Path) -> Path:
    return make_test_video(tmp_path / "camera.avi", frames=20)


@pytest.fixture
def make_window(qtbot, tmp_path: Path, video: Path, request: pytest.FixtureRequest) -> Iterator:
    """Windows with the generated video as their camera. A test whose windows run rounds
    asks for ``fake_openai`` too and they use it; the others get an address where nothing
    listens, and no server is started (and stopped) for them."""
    windows: list[MainWindow] = []
    if "fake_openai" in request.fixturenames:
        base_url = request.getfixturevalue("fake_openai").base_url
    else:
        base_url = NOWHERE

    def factory(
        *,
        key: str | None = KEY,
        speaker: object | None = None,
        screen_reader: bool = False,
        **changes: object,
    ) -> MainWindow:
        settings = Settings(
            camera=str(video),
            base_url=base_url,
            images_dir=str(tmp_path / "images"),
            cooldown_s=0,  # rounds back to back; the cooldown has its own test
        ).replace(**changes)
        window = MainWindow(
            settings,
            keys=KeyStore({"OPENAI_API_KEY": key} if key else {}),
            speaker=speaker,  # type: ignore[arg-type]
            screen_reader_running=lambda: screen_reader,  # never the machine's own
        )
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # shortcuts only reach the active window
        return window

    yield factory
    for window in windows:
        window.shutdown()


@pytest.fixture
def images(tmp_path: Path) -> Path:
    """The gallery dialog's images folder."""
    return tmp_path / "images"


@pytest.fixture
def make_dialog(qtbot, tmp_path: Path, images: Path) -> Iterator[Factory]:
    """Gallery dialogs on ``images``, shut down (threads joined) at the end of the test."""
    dialogs: list[GalleryDialog] = []

    def factory(*, show: bool = True, **kwargs: object) -> GalleryDialog:
        kwargs.setdefault("thumbnails", ThumbnailCache(tmp_path / "thumbs"))
        dialog = GalleryDialog(images, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        if show:
            dialog.show()
            qtbot.waitExposed(dialog)
            dialog.activateWindow()
        return dialog

    yield factory
    for dialog in dialogs:
        dialog.shutdown()
