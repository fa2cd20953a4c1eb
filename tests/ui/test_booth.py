"""Photobooth mode: full screen, the settings lock, the countdown and the return to the
preview, all from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.fake_openai import FakeOpenAI
from tests.ui.test_main_window import photos, wait_for_camera, wait_for_round


def test_f11_toggles_full_screen(qtbot, make_window) -> None:
    window = make_window()
    assert not window.isFullScreen()
    qtbot.keyClick(window, Qt.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_photobooth_locks_settings_and_quitting_until_the_unlock_shortcut(
    qtbot, make_window
) -> None:
    window = make_window()
    assert not window.unlock_action.isEnabled()
    qtbot.keyClick(window, Qt.Key_B, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(window.isFullScreen)
    assert window.booth.locked
    assert not window.settings_action.isEnabled()
    assert not window.gallery_action.isEnabled()
    assert not window.quit_action.isEnabled()
    assert not window.menuBar().isVisible() and not window.toolbar.isVisible()
    assert window.unlock_action.isEnabled()
    # Neither the quit shortcut, F11 nor a close request from the window manager get out.
    qtbot.keyClick(window, Qt.Key_Q, Qt.ControlModifier)
    qtbot.keyClick(window, Qt.Key_F11)
    assert not window.close()
    assert window.isVisible() and window.isFullScreen()
    # Space still takes photos in the mode (shortcuts work with the bars hidden).
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    wait_for_round(qtbot, window)
    assert window.last_record.status == "done"

    qtbot.keyClick(window, Qt.Key_U, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.booth.locked
    assert window.settings_action.isEnabled() and window.quit_action.isEnabled()
    assert window.menuBar().isVisible() and window.toolbar.isVisible()
    assert not window.unlock_action.isEnabled()


def test_countdown_shows_3_2_1_then_takes_exactly_one_photo(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(countdown_s=3)
    window.countdown.step_ms = 30  # the numbers, not the seconds, are under test
    shown: list[int] = []
    window.countdown.ticked.connect(shown.append)
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    assert window.countdown.running and window.countdown.isVisible()
    assert window.countdown.remaining == 3
    assert window.countdown.geometry() == window.preview.rect()  # covers the whole preview
    assert window.step_label.text() == "Photo in 3…"
    assert not window.busy and photos(window) == []
    qtbot.keyClick(window, Qt.Key_Space)  # a second press does not start a second countdown
    with qtbot.waitSignal(window.round_ended, timeout=30000):
        pass
    assert shown == [3, 2, 1]
    assert not window.countdown.isVisible()
    assert len(photos(window)) == 1
    assert len(fake_openai.requests_to("chat")) == 1


def test_escape_cancels_the_countdown_and_no_photo_is_taken(qtbot, make_window) -> None:
    window = make_window(countdown_s=3)
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    assert window.countdown.running and window.cancel_action.isEnabled()
    with qtbot.waitSignal(window.countdown.cancelled, timeout=1000):
        qtbot.keyClick(window, Qt.Key_Escape)
    assert not window.countdown.running and not window.countdown.isVisible()
    assert not window.cancel_action.isEnabled()
    assert "cancelled" in window.step_label.text()
    with qtbot.assertNotEmitted(window.countdown.finished, wait=200):
        pass
    assert not window.busy and photos(window) == []


def test_the_window_returns_to_the_live_preview_after_n_seconds(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(return_after_s=1, muted=True)
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    wait_for_round(qtbot, window)
    record = window.last_record
    assert window.painting_view.frame is not None and window.description.toPlainText()
    assert window.return_timer.isActive()
    qtbot.waitUntil(lambda: window.painting_view.frame is None, timeout=5000)
    assert window.photo_view.frame is None
    assert window.description.toPlainText() == ""
    assert window.preview.frame is not None  # the live picture is all there is to see
    assert record.files.painting.exists()  # only the screen was cleared...
    assert window.last_record is None  # ...and the guest's round is out of the next one's reach


def test_a_new_round_stops_the_return_timer(qtbot, make_window, fake_openai: FakeOpenAI) -> None:
    fake_openai.paint_delay_s = 0.5
    window = make_window(return_after_s=60, muted=True, use_cache=False)
    wait_for_camera(qtbot, window)
    qtbot.keyClick(window, Qt.Key_Space)
    wait_for_round(qtbot, window)
    assert window.return_timer.isActive()
    window.last_record = None
    qtbot.keyClick(window, Qt.Key_Space)
    assert window.busy and not window.return_timer.isActive()
    wait_for_round(qtbot, window)
    assert window.return_timer.isActive()  # started again for the new result


def test_a_locked_photobooth_opens_no_dialog_even_from_a_banner_button(
    qtbot, make_window, monkeypatch
) -> None:
    window = make_window(key=None)  # the offline-demo note offers "Add key…"
    qtbot.waitUntil(lambda: "demo" in window.banner.topics(), timeout=5000)
    opened: list[str] = []
    monkeypatch.setattr("camdraw.ui.main_window.SettingsDialog", lambda *a: opened.append("s"))
    monkeypatch.setattr(
        "camdraw.ui.main_window.QDesktopServices.openUrl", lambda url: opened.append("folder")
    )
    window.choose_folder = lambda: opened.append("file dialog")  # type: ignore[method-assign]
    window.enter_photobooth()
    qtbot.mouseClick(window.banner.button("demo"), Qt.LeftButton)  # "Add key…"
    window.open_images_folder()
    window.open_gallery()
    window._unsaved_frame = object()  # as if a photo could not be saved
    window.save_kept_photo_elsewhere()
    assert opened == [] and window.gallery is None
    window.leave_photobooth()
    window.open_images_folder()
    assert opened == ["folder"]
    window._unsaved_frame = None
