"""Photobooth mode: full screen, the settings lock, the countdown and the return to the
preview, all from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.fake_openai import FakeOpenAI
from tests.ui.window_helpers import (
    keep_a_photo,
    photos,
    round_ends,
    take_round,
    wait_for_camera,
)


def test_f11_toggles_full_screen(qtbot, make_window) -> None:
    window = make_window()
    assert not window.isFullScreen()
    qtbot.keyClick(window, Qt.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_photobooth_locks_settings_and_quitting_until_the_unlock_shortcut(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window()
    assert not window.commands["unlock"].isEnabled()
    qtbot.keyClick(window, Qt.Key_B, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(window.isFullScreen)
    assert window.booth.locked
    assert not window.commands["settings"].isEnabled()
    assert not window.commands["gallery"].isEnabled()
    assert not window.commands["quit"].isEnabled()
    assert not window.menuBar().isVisible() and not window.commands.toolbar.isVisible()
    assert window.commands["unlock"].isEnabled()
    # Neither the quit shortcut, F11 nor a close request from the window manager get out.
    qtbot.keyClick(window, Qt.Key_Q, Qt.ControlModifier)
    qtbot.keyClick(window, Qt.Key_F11)
    assert not window.close()
    assert window.isVisible() and window.isFullScreen()
    # Space still takes photos in the mode (shortcuts work with the bars hidden).
    take_round(qtbot, window)
    assert window.rounds.last_record.status == "done"

    qtbot.keyClick(window, Qt.Key_U, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.booth.locked
    assert window.commands["settings"].isEnabled() and window.commands["quit"].isEnabled()
    assert window.menuBar().isVisible() and window.commands.toolbar.isVisible()
    assert not window.commands["unlock"].isEnabled()


def test_countdown_shows_3_2_1_then_takes_exactly_one_photo(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(countdown_s=3)
    window.booth.countdown.step_ms = 30  # the numbers, not the seconds, are under test
    shown: list[int] = []
    window.booth.countdown.ticked.connect(shown.append)
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    countdown = window.booth.countdown
    assert countdown.running and countdown.isVisible()
    assert countdown.remaining == 3
    assert countdown.geometry() == window.panes.preview.rect()  # covers the whole preview
    assert window.step_label.text() == "Photo in 3…"
    assert not window.rounds.busy and photos(window) == []
    qtbot.keyClick(window, Qt.Key_Space)  # a second press does not start a second countdown
    with qtbot.waitSignal(window.rounds.round_ended, timeout=30000):
        pass
    assert shown == [3, 2, 1]
    assert not window.booth.countdown.isVisible()
    assert len(photos(window)) == 1
    assert len(fake_openai.requests_to("chat")) == 1


def test_escape_cancels_the_countdown_and_no_photo_is_taken(qtbot, make_window) -> None:
    window = make_window(countdown_s=3)
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    assert window.booth.countdown.running and window.commands["cancel"].isEnabled()
    with qtbot.waitSignal(window.booth.countdown.cancelled, timeout=1000):
        qtbot.keyClick(window, Qt.Key_Escape)
    assert not window.booth.countdown.running and not window.booth.countdown.isVisible()
    assert not window.commands["cancel"].isEnabled()
    assert "cancelled" in window.step_label.text()
    with qtbot.assertNotEmitted(window.booth.countdown.finished, wait=200):
        pass
    assert not window.rounds.busy and photos(window) == []


def test_the_window_returns_to_the_live_preview_after_n_seconds(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(return_after_s=1, muted=True)
    take_round(qtbot, window)
    record = window.rounds.last_record
    assert window.panes.painting_view.frame is not None and window.panes.description.toPlainText()
    assert window.booth.return_pending
    qtbot.waitUntil(lambda: window.panes.painting_view.frame is None, timeout=5000)
    assert window.panes.photo_view.frame is None
    assert window.panes.description.toPlainText() == ""
    assert window.panes.preview.frame is not None  # the live picture is all there is to see
    assert record.files.painting.exists()  # only the screen was cleared...
    assert window.rounds.last_record is None  # ...and out of the next guest's reach


def test_a_new_round_stops_the_return_timer(qtbot, make_window, fake_openai: FakeOpenAI) -> None:
    fake_openai.paint_delay_s = 0.5
    window = make_window(return_after_s=60, muted=True, use_cache=False)
    take_round(qtbot, window)
    assert window.booth.return_pending
    with round_ends(qtbot, window):
        qtbot.keyClick(window, Qt.Key_Space)
        assert window.rounds.busy and not window.booth.return_pending
    assert window.booth.return_pending  # started again for the new result


def test_a_locked_photobooth_opens_no_dialog_even_from_a_banner_button(
    qtbot, make_window, monkeypatch
) -> None:
    window = make_window(key=None)  # the offline-demo note offers "Add key…"
    qtbot.waitUntil(lambda: "demo" in window.panes.banner.topics(), timeout=5000)
    keep_a_photo(qtbot, window, monkeypatch)  # its banner offers "Choose another folder…"
    opened: list[str] = []
    monkeypatch.setattr("camdraw.ui.main_window.SettingsDialog", lambda *a: opened.append("s"))
    monkeypatch.setattr(
        "camdraw.ui.main_window.QDesktopServices.openUrl", lambda url: opened.append("folder")
    )
    window.shutter.choose_folder = lambda: opened.append("file dialog")  # type: ignore[method-assign]
    window.booth.enter()
    qtbot.mouseClick(window.panes.banner.button("demo"), Qt.LeftButton)  # "Add key…"
    window.open_images_folder()
    window.open_gallery()
    qtbot.mouseClick(window.panes.banner.button("round"), Qt.LeftButton)  # another folder
    assert window.shutter.save_kept_photo_elsewhere() is False
    assert opened == [] and window.gallery.dialog is None
    assert window.panes.banner.button("round") is not None  # still offered
    window.booth.unlock()
    window.open_images_folder()
    assert opened == ["folder"]


def test_photobooth_rounds_take_exact_cache_matches_only(qtbot, make_window) -> None:
    window = make_window()
    assert not window.session.pipeline(window.settings).exact_cache_only
    window.booth.enter()
    assert window.session.pipeline(window.settings).exact_cache_only
    window.booth.unlock()
    assert not window.session.pipeline(window.settings).exact_cache_only
