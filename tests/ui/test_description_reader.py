"""Who reads the description in the window (camdraw's voice, heard through a RecordingSpeaker;
the screen reader, heard through the announcer), and a speech failure shown until the next
round and announced, again when Speak again fails again."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from camdraw.core.speech.speaker import SpeechResult
from camdraw.ui.main_window import MainWindow
from tests.ui.conftest import RecordingSpeaker
from tests.ui.test_screen_reader import Heard
from tests.ui.window_helpers import take_round, wait_for_camera

NO_DEVICE = "The description could not be read aloud: no sound device could play it."


def ready(qtbot, make_window, **changes: object) -> tuple[MainWindow, RecordingSpeaker, Heard]:
    speaker = RecordingSpeaker()
    window = make_window(key=None, speaker=speaker, **changes)
    wait_for_camera(qtbot, window)
    window.jobs.wait()  # the screen reader question (and the key check)
    QCoreApplication.processEvents()
    return window, speaker, Heard(window.announcer)


def announced(heard: Heard) -> list[str]:
    return [text for text, _ in heard.said]


def test_auto_with_a_screen_reader_announces_and_keeps_the_voice_quiet(qtbot, make_window) -> None:
    window, speaker, heard = ready(qtbot, make_window, screen_reader=True)
    record = take_round(qtbot, window)
    assert record.description in announced(heard)
    assert record.description not in speaker.said
    assert record.read_by == "screen_reader"


def test_auto_without_a_screen_reader_speaks_and_announces(qtbot, make_window) -> None:
    window, speaker, heard = ready(qtbot, make_window)
    record = take_round(qtbot, window)
    assert record.description in speaker.said
    assert record.description in announced(heard)
    assert record.read_by == "both"


def test_voice_only_speaks_and_does_not_announce_the_description(qtbot, make_window) -> None:
    window, speaker, heard = ready(
        qtbot, make_window, screen_reader=True, description_reader="voice"
    )
    record = take_round(qtbot, window)
    assert record.description in speaker.said
    assert record.description not in announced(heard)
    assert announced(heard)  # the round's start and its painting still are


def test_status_words_stay_quiet_while_a_screen_reader_reads(qtbot, make_window) -> None:
    window, speaker, _ = ready(qtbot, make_window, screen_reader=True, speak_status=True)
    take_round(qtbot, window)
    assert speaker.said == []


def test_a_speech_failure_stays_until_the_next_round_and_is_announced(qtbot, make_window) -> None:
    window, speaker, heard = ready(qtbot, make_window)
    take_round(qtbot, window)
    banner = window.panes.banner
    window.speech_bridge.text_spoken.emit(SpeechResult("a cat", None, False, NO_DEVICE))
    QCoreApplication.processEvents()
    assert (NO_DEVICE, True) in heard.said
    assert banner.text("speech") == NO_DEVICE
    # The round's end (and its "Done in …" status) does not take it away.
    window.rounds.status_changed.emit("Done in 0,8 s.")
    QCoreApplication.processEvents()
    assert banner.text("speech") == NO_DEVICE

    # Speak again fails again at once: the problem is said again, not swallowed as a repeat.
    heard.clear()
    window.speak_again()
    assert speaker.said[-1] == window.rounds.last_description
    window.speech_bridge.text_spoken.emit(SpeechResult("a cat", None, False, NO_DEVICE))
    QCoreApplication.processEvents()
    assert heard.said == [(NO_DEVICE, True)]

    # The next round starts: the failure goes.
    take_round(qtbot, window)
    assert banner.text("speech") == ""


def test_a_spoken_result_shows_nothing(qtbot, make_window) -> None:
    window, _, heard = ready(qtbot, make_window)
    window.speech_bridge.text_spoken.emit(SpeechResult("a cat", None, True, None))
    QCoreApplication.processEvents()
    assert window.panes.banner.text("speech") == ""
    assert heard.said == []


def test_a_first_failure_told_by_both_speaker_signals_is_announced_once(qtbot, make_window) -> None:
    window, _, heard = ready(qtbot, make_window)
    window.speech_bridge.error_posted.emit(NO_DEVICE)  # the speaker tells a new trouble once
    window.speech_bridge.text_spoken.emit(SpeechResult("a cat", None, False, NO_DEVICE))
    QCoreApplication.processEvents()
    assert heard.said == [(NO_DEVICE, True)]
    assert window.panes.banner.text("speech") == NO_DEVICE
