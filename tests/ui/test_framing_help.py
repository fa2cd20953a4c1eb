"""F says what the camera sees, from the live picture, with no request: in the status line, to
the screen reader and in camdraw's voice (as the reader setting says); photobooth can say it
by itself when the countdown starts."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import RecordingSpeaker
from tests.ui.test_help_keys import listed, open_help
from tests.ui.window_helpers import press, wait_for_camera

ASTRONAUT_CS = "Jeden obličej nahoře uprostřed, ve střední vzdálenosti."
ASTRONAUT_EN = "One face at the top, at a medium distance."


@pytest.fixture
def portrait_camera(tmp_path: Path) -> Path:
    """A video of scikit-image's real portrait (a face at the top centre) as the camera."""
    import skimage.data

    face = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
    frame = np.full((480, 640, 3), 90, np.uint8)
    frame[:, 80:560] = cv2.resize(face, (480, 480), interpolation=cv2.INTER_AREA)
    path = tmp_path / "portrait.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 15.0, (640, 480))
    for _ in range(10):
        writer.write(frame)
    writer.release()
    return path


def test_f_says_what_the_camera_sees_in_the_status_line_aloud_and_to_the_reader(
    qtbot, make_window, portrait_camera: Path
) -> None:
    speaker = RecordingSpeaker()
    window = make_window(camera=str(portrait_camera), speaker=speaker)
    wait_for_camera(qtbot, window)
    announced: list[tuple[str, bool]] = []
    window.announcer.announced.connect(lambda text, assertive: announced.append((text, assertive)))
    with qtbot.waitSignal(window.framing.told, timeout=10_000) as told:
        press(qtbot, window, Qt.Key.Key_F)
    assert told.args == [ASTRONAUT_CS]
    assert window.step_label.text() == ASTRONAUT_CS
    assert (ASTRONAUT_CS, False) in announced  # "auto" with no screen reader: both
    assert speaker.said == [ASTRONAUT_CS]
    assert window.rounds.busy is False and not list(window.settings.images_path().glob("*"))

    # Asked again: said again, also to the screen reader, in the description language.
    window.apply_settings(window.settings.replace(language="en"))
    with qtbot.waitSignal(window.framing.told, timeout=10_000) as told:
        press(qtbot, window, Qt.Key.Key_F)
    assert told.args == [ASTRONAUT_EN]
    assert speaker.said == [ASTRONAUT_CS, ASTRONAUT_EN]


def test_while_a_screen_reader_runs_only_the_screen_reader_says_it(
    qtbot, make_window, portrait_camera: Path
) -> None:
    speaker = RecordingSpeaker()
    window = make_window(camera=str(portrait_camera), speaker=speaker, screen_reader=True)
    qtbot.waitUntil(window.reader.running)
    wait_for_camera(qtbot, window)
    with qtbot.waitSignal(window.announcer.announced, timeout=10_000) as announced:
        press(qtbot, window, Qt.Key.Key_F)
    assert announced.args == [ASTRONAUT_CS, False]
    assert speaker.said == []


def test_f_without_a_camera_picture_says_so(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(camera=str(tmp_path / "no-such-video.avi"), speaker=RecordingSpeaker())
    qtbot.waitUntil(lambda: bool(window.panes.preview.message), timeout=10_000)
    with qtbot.waitSignal(window.announcer.announced, timeout=5_000) as announced:
        press(qtbot, window, Qt.Key.Key_F)
    note = "No camera picture yet: there is nothing to look at."
    assert announced.args == [note, True]  # a problem: assertive
    assert window.step_label.message() == note


@pytest.mark.parametrize("setting", [True, False])
def test_the_countdown_starts_with_the_framing_sentence_when_set(
    qtbot, make_window, portrait_camera: Path, setting: bool
) -> None:
    speaker = RecordingSpeaker()
    window = make_window(
        camera=str(portrait_camera),
        speaker=speaker,
        countdown_s=3,
        frame_before_countdown=setting,
    )
    window.booth.countdown.step_ms = 60_000  # the photo is not under test
    wait_for_camera(qtbot, window)
    if setting:
        with qtbot.waitSignal(window.framing.told, timeout=10_000) as told:
            press(qtbot, window, Qt.Key.Key_Space)
        assert told.args == [ASTRONAUT_CS] and speaker.said == [ASTRONAUT_CS]
    else:
        with qtbot.assertNotEmitted(window.framing.told, wait=500):
            press(qtbot, window, Qt.Key.Key_Space)
        assert speaker.said == []
    assert window.booth.countdown.running
    with qtbot.waitSignal(window.booth.countdown.cancelled, timeout=1000):
        press(qtbot, window, Qt.Key.Key_Escape)


def test_f1_lists_the_framing_key(qtbot, make_window) -> None:
    window = make_window()
    dialog = open_help(qtbot, window)
    assert ("F", "What the camera sees") in listed(dialog)
    dialog.close()


def test_the_setting_is_in_the_settings_dialog_and_off_by_default(qtbot) -> None:
    assert Settings().frame_before_countdown is False
    dialog = SettingsDialog(Settings(), KeyStore({}))
    qtbot.addWidget(dialog)
    box = dialog.frame_before_countdown
    assert box.accessibleName() == (
        "Say what the camera sees when the countdown starts (framing help)"
    )
    assert not box.isChecked()
    box.setChecked(True)
    assert dialog.edited_settings().frame_before_countdown is True
