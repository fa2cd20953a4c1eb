"""The real main window, offscreen: a generated video as the camera, the loopback server as
OpenAI, the real speech engine writing narration to disk. (The round's own logic is tested
without a window in test_round_controller.py.)"""

from __future__ import annotations

import json
import wave
from pathlib import Path

from PySide6.QtCore import Qt

from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import make_test_video
from tests.ui.window_helpers import photos, round_ends, take_round, wait_for_camera


def test_space_takes_a_photo_and_shows_the_pair_saved_and_spoken(
    qtbot, make_window, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    window = make_window(save_narration=True)
    wait_for_camera(qtbot, window)
    with round_ends(qtbot, window):
        qtbot.keyClick(window, Qt.Key_Space)
        assert window.rounds.busy

    record = window.rounds.last_record
    assert record.status == "done"
    assert window.panes.photo_view.frame is not None
    assert window.panes.painting_view.frame is not None
    assert window.panes.painting_view.frame.shape[:2] == (256, 256)
    assert window.panes.description.toPlainText() == CZECH_DESCRIPTION
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
    take_round(qtbot, window, Qt.Key_Return)
    with round_ends(qtbot, window):
        qtbot.mouseClick(window.panes.preview, Qt.LeftButton)
    assert len(fake_openai.requests_to("images")) == 2
    assert len(list(window.settings.images_path().glob("*_painting.png"))) == 2


def test_a_failing_server_shows_a_message_keeps_the_photo_and_retry_works(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    fake_openai.fail("images", 503, "overloaded", times=3)
    window = make_window()
    record = take_round(qtbot, window)
    assert record.status == "failed"
    assert window.panes.banner.isVisible()
    message = window.panes.banner.text("round")
    assert "The AI service had a problem (503)" in message
    assert record.files.photo.name in message
    assert "Traceback" not in message
    assert record.files.photo.exists() and not record.files.painting.exists()
    assert window.commands["retry"].isEnabled()
    assert window.panes.description.toPlainText() == CZECH_DESCRIPTION

    with round_ends(qtbot, window):
        qtbot.mouseClick(window.panes.banner.button("round"), Qt.LeftButton)
    assert window.rounds.last_record.status == "done"
    assert window.rounds.last_record.stem == record.stem
    assert window.panes.painting_view.frame is not None
    assert not window.panes.banner.isVisible()
    assert len(fake_openai.requests_to("chat")) == 1

    assert take_round(qtbot, window).status == "done"  # and the next round works as usual


def test_no_camera_still_opens_explains_and_offers_a_retry(
    qtbot, make_window, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-camera.avi"
    window = make_window(camera=str(missing))
    qtbot.waitUntil(lambda: "camera" in window.panes.banner.topics(), timeout=10000)
    assert "does not exist" in window.panes.preview.message
    assert "does not exist" in window.panes.banner.text("camera")
    assert window.panes.banner.button("camera").text() == "Retry camera"
    assert "No camera picture" in window.step_label.text()
    qtbot.keyClick(window, Qt.Key_Space)
    assert "no camera picture" in window.step_label.text()
    assert not window.rounds.busy
    assert not list(tmp_path.glob("images/*"))
    # The camera appears (is plugged in); Retry camera brings the preview back.
    make_test_video(missing, frames=10)
    qtbot.mouseClick(window.panes.banner.button("camera"), Qt.LeftButton)
    qtbot.waitUntil(lambda: window.panes.preview.frame is not None, timeout=10000)
    assert "camera" not in window.panes.banner.topics()


def test_no_key_starts_and_explains_what_to_do(qtbot, make_window, fake_openai: FakeOpenAI) -> None:
    window = make_window(key=None, service_mode="api")
    # The keyring is asked off the GUI thread; the answer arrives a moment later.
    qtbot.waitUntil(lambda: "key" in window.panes.banner.topics(), timeout=5000)
    assert window.panes.banner.isVisible()
    assert "No OpenAI API key is set" in window.panes.banner.text("key")
    assert window.panes.banner.button("key").text() == "Open settings"
    record = take_round(qtbot, window)
    assert "No OpenAI API key is set" in window.panes.banner.text("round")
    assert "key" in window.panes.banner.topics()
    assert record.files.photo.exists()
    assert fake_openai.requests == []


def test_the_missing_key_is_named_for_its_server(qtbot, make_window) -> None:
    """OPENAI_API_KEY is set, but the describing server is Azure: its own key is missing."""
    window = make_window(service_mode="api", describe_server="azure")
    qtbot.waitUntil(lambda: "key" in window.panes.banner.topics(), timeout=5000)
    assert "No API key is set for Azure OpenAI at 127.0.0.1:" in window.panes.banner.text("key")


def test_no_key_and_no_camera_are_both_explained(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(key=None, service_mode="api", camera=str(tmp_path / "absent.avi"))
    qtbot.waitUntil(lambda: "camera" in window.panes.banner.topics(), timeout=10000)
    qtbot.waitUntil(lambda: "key" in window.panes.banner.topics(), timeout=5000)
    assert "No OpenAI API key is set" in window.panes.banner.text("key")
    assert "does not exist" in window.panes.banner.text("camera")


def test_mute_and_mirror_toggles_are_remembered(qtbot, make_window) -> None:
    window = make_window()
    window.commands["mute"].trigger()
    assert window.speaker.muted
    window.commands["mirror"].trigger()
    assert not window.panes.preview.mirror
    from camdraw.core import settings as settings_mod

    window.jobs.wait()  # the choice is written off the GUI thread
    stored, _ = settings_mod.load()
    assert stored.muted and not stored.mirror
    assert stored.camera == "0"  # the command-line camera was not saved with them


def test_speak_again_repeats_the_last_description(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window()
    window.commands["speak"].trigger()
    assert window.step_label.message() == "Nothing to read aloud yet."
    spoken: list[str] = []
    window.speech_bridge.text_spoken.connect(lambda result: spoken.append(result.text))
    take_round(qtbot, window)
    qtbot.waitUntil(lambda: len(spoken) == 1, timeout=60000)
    qtbot.keyClick(window, Qt.Key_Space, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(spoken) == 2, timeout=60000)
    assert spoken == [CZECH_DESCRIPTION, CZECH_DESCRIPTION]
    assert len(photos(window)) == 1  # no new round
