"""The window warms the way to the server once its preview shows, and waits for it at close."""

from __future__ import annotations

from pathlib import Path

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.main_window import MainWindow
from tests.fake_openai import FakeOpenAI

PAID = ("chat", "images", "edits", "moderations")


def _paid(server: FakeOpenAI) -> list[str]:
    return [endpoint for endpoint in PAID if server.requests_to(endpoint)]


def test_the_warm_up_starts_with_the_first_picture_and_asks_only_for_models(
    qtbot, tmp_path: Path, video: Path, fake_openai: FakeOpenAI
) -> None:
    settings = Settings(
        camera=str(video), base_url=fake_openai.base_url, images_dir=str(tmp_path / "images")
    )
    window = MainWindow(
        settings, keys=KeyStore({"OPENAI_API_KEY": "sk-test-1234"}), start_camera=False
    )
    qtbot.addWidget(window)
    try:
        window.show()
        window.jobs.wait()
        qtbot.wait(50)
        assert not window.warmer.started  # no picture yet: start-up is not slowed down
        assert fake_openai.requests == []
        window.start_camera()
        qtbot.waitUntil(lambda: window.warmer.started, timeout=20_000)
        qtbot.waitUntil(lambda: len(fake_openai.requests_to("models")) == 1, timeout=20_000)
        window.warmer.wait()
        window.warmer.check()  # the same settings, fresh connections: nothing more
        window.warmer.wait()
        assert len(fake_openai.requests_to("models")) == 1
        assert _paid(fake_openai) == []

        other = FakeOpenAI().start()
        try:
            window.apply_settings(window.settings.replace(base_url=other.base_url))
            qtbot.waitUntil(lambda: len(other.requests_to("models")) == 1, timeout=20_000)
            window.warmer.wait()
            assert _paid(other) == []
        finally:
            window.shutdown()
            other.stop()
    finally:
        window.shutdown()


def test_closing_waits_for_a_running_warm_up(
    qtbot, tmp_path: Path, video: Path, fake_openai: FakeOpenAI
) -> None:
    fake_openai.fault("timeout", endpoint="models", delay_s=1.0)  # a slow model list
    settings = Settings(
        camera=str(video), base_url=fake_openai.base_url, images_dir=str(tmp_path / "images")
    )
    window = MainWindow(settings, keys=KeyStore({"OPENAI_API_KEY": "sk-test-1234"}))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(fake_openai.requests_to("models")) == 1, timeout=20_000)
    window.close()  # the warm-up is still waiting for its answer
    assert not window.warmer.started
    assert window.warmer.idle  # joined: no warm-up thread outlives the window
    window.warmer.check()  # stopped: no more warm-ups
    assert window.warmer.idle
