"""The real main window, offscreen: a generated video as the camera, the loopback server as
OpenAI, the real speech engine writing narration to disk."""

from __future__ import annotations

import json
import wave
from pathlib import Path

from PySide6.QtCore import Qt

from camdraw.ui.main_window import BUSY_NOTE, MainWindow
from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import make_test_video

KEY = "sk-canary-ui-0a1b2c3d4e"


def wait_for_camera(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.preview.frame is not None, timeout=10000)


def wait_for_round(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.busy and window.last_record is not None, timeout=30000)


def photos(window: MainWindow) -> list[Path]:
    """The photos saved in the window's images folder, oldest first."""
    return sorted(window.settings.images_path().glob("*_photo.jpg"))


def test_space_takes_a_photo_and_shows_the_pair_saved_and_spoken(
    qtbot, make_window, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    window = make_window(save_narration=True)
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    assert window.busy
    wait_for_round(qtbot, window)

    record = window.last_record
    assert record.status == "done"
    assert window.photo_view.frame is not None
    assert window.painting_view.frame is not None
    assert window.painting_view.frame.shape[:2] == (256, 256)
    assert window.description.toPlainText() == CZECH_DESCRIPTION
    assert "Done in" in window.step_label.text()
    assert record.files.photo.exists() and record.files.painting.exists()
    assert json.loads(record.files.sidecar.read_text("utf-8"))["status"] == "done"
    # The narration is written by the real espeak-ng voice on the speech thread.
    assert window.speaker.wait_idle(timeout=60)
    with wave.open(str(record.files.narration)) as narration:
        assert narration.getnframes() / narration.getframerate() > 5
    assert len(fake_openai.requests_to("chat")) == 1


def test_enter_and_click_also_take_photos(qtbot, make_window, fake_openai: FakeOpenAI) -> None:
    window = make_window(use_cache=False)  # two similar frames must both reach the server
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Return)
    wait_for_round(qtbot, window)
    window.last_record = None
    qtbot.mouseClick(window.preview, Qt.LeftButton)
    wait_for_round(qtbot, window)
    assert len(fake_openai.requests_to("images")) == 2
    assert len(list(window.settings.images_path().glob("*_painting.png"))) == 2


def test_a_press_while_busy_is_refused_with_a_visible_note(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    fake_openai.paint_delay_s = 1.0
    window = make_window()
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    qtbot.keyClick(window, Qt.Key_Space)
    assert window.statusBar().currentMessage() == BUSY_NOTE
    wait_for_round(qtbot, window)
    assert len(fake_openai.requests_to("chat")) == 1
    assert len(list(window.settings.images_path().glob("*_photo.jpg"))) == 1


def test_a_failing_server_shows_a_message_keeps_the_photo_and_retry_works(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    fake_openai.fail("images", 503, "overloaded", times=3)
    window = make_window()
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    wait_for_round(qtbot, window)

    record = window.last_record
    assert record.status == "failed"
    assert window.banner.isVisible()
    message = window.banner.text("round")
    assert "The AI service had a problem (503)" in message
    assert record.files.photo.name in message
    assert "Traceback" not in message
    assert record.files.photo.exists() and not record.files.painting.exists()
    assert window.retry_action.isEnabled()
    assert window.description.toPlainText() == CZECH_DESCRIPTION

    window.last_record = None
    qtbot.mouseClick(window.banner.button("round"), Qt.LeftButton)
    wait_for_round(qtbot, window)
    assert window.last_record.status == "done"
    assert window.last_record.stem == record.stem
    assert window.painting_view.frame is not None
    assert not window.banner.isVisible()
    assert len(fake_openai.requests_to("chat")) == 1

    window.last_record = None  # and the next round works as usual
    qtbot.keyClick(window, Qt.Key_Space)
    wait_for_round(qtbot, window)
    assert window.last_record.status == "done"


def test_no_camera_still_opens_explains_and_offers_a_retry(
    qtbot, make_window, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-camera.avi"
    window = make_window(camera=str(missing))
    qtbot.waitUntil(lambda: "camera" in window.banner.topics(), timeout=10000)
    assert "does not exist" in window.preview.message
    assert "does not exist" in window.banner.text("camera")
    assert window.banner.button("camera").text() == "Retry camera"
    assert "No camera picture" in window.step_label.text()
    qtbot.keyClick(window, Qt.Key_Space)
    assert "no camera picture" in window.step_label.text()
    assert not window.busy
    assert not list(tmp_path.glob("images/*"))
    # The camera appears (is plugged in); Retry camera brings the preview back.
    make_test_video(missing, frames=10)
    qtbot.mouseClick(window.banner.button("camera"), Qt.LeftButton)
    qtbot.waitUntil(lambda: window.preview.frame is not None, timeout=10000)
    assert "camera" not in window.banner.topics()


def test_no_key_starts_and_explains_what_to_do(qtbot, make_window, fake_openai: FakeOpenAI) -> None:
    window = make_window(key=None, service_mode="api")
    # The keyring is asked off the GUI thread; the answer arrives a moment later.
    qtbot.waitUntil(lambda: "key" in window.banner.topics(), timeout=5000)
    assert window.banner.isVisible()
    assert "No OpenAI API key is set" in window.banner.text("key")
    assert window.banner.button("key").text() == "Open settings"
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    wait_for_round(qtbot, window)
    assert "No OpenAI API key is set" in window.banner.text("round")
    assert "key" in window.banner.topics()
    assert window.last_record.files.photo.exists()
    assert fake_openai.requests == []


def test_the_missing_key_is_named_for_its_server(qtbot, make_window) -> None:
    """OPENAI_API_KEY is set, but the describing server is Azure: its own key is missing."""
    window = make_window(service_mode="api", describe_server="azure")
    qtbot.waitUntil(lambda: "key" in window.banner.topics(), timeout=5000)
    assert "No API key is set for Azure OpenAI at 127.0.0.1:" in window.banner.text("key")


def test_no_key_and_no_camera_are_both_explained(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(key=None, service_mode="api", camera=str(tmp_path / "absent.avi"))
    qtbot.waitUntil(lambda: "camera" in window.banner.topics(), timeout=10000)
    qtbot.waitUntil(lambda: "key" in window.banner.topics(), timeout=5000)
    assert "No OpenAI API key is set" in window.banner.text("key")
    assert "does not exist" in window.banner.text("camera")


def test_mute_and_mirror_toggles_are_remembered(qtbot, make_window) -> None:
    window = make_window()
    window.mute_action.trigger()
    assert window.speaker.muted
    window.mirror_action.trigger()
    assert not window.preview.mirror
    from camdraw.core import settings as settings_mod

    window.jobs.wait()  # the choice is written off the GUI thread
    stored, _ = settings_mod.load()
    assert stored.muted and not stored.mirror
    assert stored.camera == "0"  # the command-line camera was not saved with them


def test_speak_again_repeats_the_last_description(qtbot, make_window) -> None:
    window = make_window()
    window.speak_action.trigger()
    assert window.statusBar().currentMessage() == "Nothing to read aloud yet."
    spoken: list[str] = []
    window.speech_bridge.text_spoken.connect(lambda result: spoken.append(result.text))
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    wait_for_round(qtbot, window)
    qtbot.waitUntil(lambda: len(spoken) == 1, timeout=60000)
    qtbot.keyClick(window, Qt.Key_Space, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(spoken) == 2, timeout=60000)
    assert spoken == [CZECH_DESCRIPTION, CZECH_DESCRIPTION]
    assert len(list(window.settings.images_path().glob("*_photo.jpg"))) == 1  # no new round
