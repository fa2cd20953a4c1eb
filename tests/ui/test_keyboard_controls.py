"""Space and Enter operate a focused button or combo box (a banner's action, the style picker);
everywhere else in the window they take a photo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.fake_openai import FakeOpenAI
from tests.ui.window_helpers import round_ends, wait_for_camera


def photos(window) -> list:
    return sorted(window.settings.images_path().glob("*_photo.jpg"))


def focus(qtbot, widget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def test_space_and_enter_press_a_focused_banner_button(qtbot, make_window) -> None:
    window = make_window(muted=True)
    wait_for_camera(qtbot, window)
    pressed: list[str] = []
    window.panes.banner.show_message(
        "camera", "No camera.", "Retry camera", lambda: pressed.append("x")
    )

    def refuse() -> bool:
        pressed.append("r")
        return False  # the message stays, so each key can be tried on it

    window.panes.banner.show_message("round", "Cached.", "Regenerate anyway", refuse)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
        button = window.panes.banner.button("round")
        assert button is not None
        focus(qtbot, button)
        qtbot.keyClick(button, key)
    assert pressed == ["r", "r", "r"]
    dismiss = window.panes.banner.dismiss_button("camera")
    focus(qtbot, dismiss)
    qtbot.keyClick(dismiss, Qt.Key.Key_Space)
    assert "camera" not in window.panes.banner.topics()
    assert not window.rounds.busy and photos(window) == []


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: popups cannot grab
def test_space_and_enter_open_the_focused_style_picker(qtbot, make_window) -> None:
    window = make_window(muted=True)
    wait_for_camera(qtbot, window)
    picker = window.commands.style_picker
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return):
        focus(qtbot, picker)
        qtbot.keyClick(picker, key)
        qtbot.waitUntil(picker.view().isVisible)
        picker.hidePopup()
        qtbot.waitUntil(lambda: not picker.view().isVisible())
    assert not window.rounds.busy and photos(window) == []


def test_space_still_takes_a_photo_from_the_pictures_and_the_description(
    qtbot, make_window, fake_openai: FakeOpenAI
) -> None:
    window = make_window(muted=True)
    wait_for_camera(qtbot, window)
    for widget in (window.panes.preview, window.panes.description):
        focus(qtbot, widget)
        with round_ends(qtbot, window):
            qtbot.keyClick(widget, Qt.Key.Key_Space)
            assert window.rounds.busy
    assert len(photos(window)) == 2
