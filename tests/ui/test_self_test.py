"""``--self-test`` on the real window: one round from the camera, then a verdict."""

from __future__ import annotations

from pathlib import Path

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.main_window import MainWindow
from camdraw.ui.self_test import SelfTest
from tests.fake_openai import FakeOpenAI
from tests.media import make_test_video

KEY = "sk-canary-selftest-5e6f7a8b"


def start(qtbot, tmp_path: Path, fake: FakeOpenAI, camera: str, timeout_s: float = 60):
    settings = Settings(
        camera=camera, base_url=fake.base_url, images_dir=str(tmp_path / "images"), muted=True
    )
    window = MainWindow(settings, keys=KeyStore({"OPENAI_API_KEY": KEY}))
    qtbot.addWidget(window)
    codes: list[int] = []
    test = SelfTest(window, timeout_s=timeout_s, quit_app=codes.append)
    window.show()
    return window, test, codes


def test_passes_after_one_full_round(qtbot, tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    video = make_test_video(tmp_path / "camera.avi", frames=20)
    window, test, codes = start(qtbot, tmp_path, fake_openai, str(video))
    try:
        qtbot.waitUntil(lambda: codes != [], timeout=30000)
    finally:
        window.shutdown()
    assert codes == [0] and test.exit_code == 0
    assert window.rounds.last_record is not None and window.rounds.last_record.status == "done"
    assert not window.isVisible()  # closed, so the app would quit
    assert len(fake_openai.requests_to("chat")) == 1


def test_fails_when_a_step_fails_and_keeps_the_photo(
    qtbot, tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    fake_openai.fail("images", 401, "Incorrect API key provided", code="invalid_api_key")
    video = make_test_video(tmp_path / "camera.avi", frames=20)
    window, test, codes = start(qtbot, tmp_path, fake_openai, str(video))
    try:
        qtbot.waitUntil(lambda: codes != [], timeout=30000)
    finally:
        window.shutdown()
    assert codes == [1] and test.exit_code == 1
    assert (
        window.rounds.last_record is not None
        and window.rounds.last_record.steps["paint"] == "failed"
    )
    assert list((tmp_path / "images").glob("*_photo.jpg"))


def test_fails_when_the_camera_never_shows_a_picture(
    qtbot, tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    window, test, codes = start(
        qtbot, tmp_path, fake_openai, str(tmp_path / "missing.avi"), timeout_s=1
    )
    try:
        qtbot.waitUntil(lambda: codes != [], timeout=10000)
    finally:
        window.shutdown()
    assert codes == [1] and test.exit_code == 1
    assert window.rounds.last_record is None  # no photo was ever taken
    assert fake_openai.requests_to("chat") == []


def test_a_blocked_round_fails_with_its_reason(
    qtbot, tmp_path: Path, fake_openai: FakeOpenAI, caplog
) -> None:
    fake_openai.moderation_flagged = {"violence"}
    video = make_test_video(tmp_path / "camera.avi", frames=20)
    window, test, codes = start(qtbot, tmp_path, fake_openai, str(video))
    try:
        qtbot.waitUntil(lambda: codes != [], timeout=30000)
    finally:
        window.shutdown()
    assert codes == [1] and test.exit_code == 1
    assert "round blocked: The description was not painted" in caplog.text
