"""What a screen reader is told and can read: the announcements of a round and of its problems
(heard through the announcer's ``announced`` signal), banners with meaningful names, a status
line that keeps its focus and its accessible text through passing notes and the step clock,
and a description the caret moves through by keyboard."""

from __future__ import annotations

from datetime import datetime

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QPushButton, QWidget

from camdraw.core.camera_source import parse_source
from camdraw.core.round.limits import LimitHit
from camdraw.ui import i18n
from camdraw.ui.announcer import Announcer
from camdraw.ui.banner import Banner
from camdraw.ui.camera_feed import camera_name
from camdraw.ui.main_window import BUSY_NOTE, MainWindow
from camdraw.ui.panes import PanesWidget
from camdraw.ui.round_text import RoundMessage
from tests.rounds import make_rounds
from tests.ui.gallery_helpers import open_row, wait_loaded
from tests.ui.window_helpers import press, take_round, wait_for_camera


class Heard:
    """Every announcement of ``announcer``: (text, assertive)."""

    def __init__(self, announcer: Announcer) -> None:
        self.said: list[tuple[str, bool]] = []
        announcer.announced.connect(lambda text, assertive: self.said.append((text, assertive)))

    def clear(self) -> None:
        self.said.clear()


def quiet_window(qtbot, make_window, **changes: object) -> tuple[MainWindow, Heard]:
    """An offline-demo window with its camera running, what it said on opening forgotten."""
    window = make_window(key=None, **changes)
    wait_for_camera(qtbot, window)
    window.jobs.wait()  # the key check, and the offline-demo note it shows
    QCoreApplication.processEvents()
    heard = Heard(window.announcer)
    return window, heard


# -- the announcer ------------------------------------------------------------------------------


def test_the_same_sentence_is_announced_once_and_blank_never(qtbot) -> None:
    source = QObject()
    announcer = Announcer(source)
    heard = Heard(announcer)
    announcer.announce("Today's budget is spent.", assertive=True)
    announcer.announce("Today's budget is spent.", assertive=True)  # the banner says it too
    announcer.announce("  ")
    announcer.announce("Round  started.\n")
    assert heard.said == [("Today's budget is spent.", True), ("Round started.", False)]


# -- a round --------------------------------------------------------------------------------


def test_a_round_announces_its_start_its_description_and_its_painting(qtbot, make_window) -> None:
    window, heard = quiet_window(qtbot, make_window)
    record = take_round(qtbot, window)
    assert record.status == "done" and record.description
    assert heard.said == [
        ("Round started.", False),
        (record.description, False),
        (f"Painting done. Saved as {record.stem} in {record.files.folder}.", False),
    ]


def test_the_step_clock_is_seen_but_neither_announced_nor_told_as_a_change(
    qtbot, make_window
) -> None:
    window, heard = quiet_window(qtbot, make_window)
    label = window.step_label
    window.rounds.status_changed.emit("Painting the description…")
    shown: list[str] = []
    for tenth in range(1, 11):
        window.rounds.step_progressed.emit("paint", tenth / 5)
        shown.append(label.text())
        assert label.accessibleDescription() == "Painting the description…"
    assert shown[-1] == "Painting the description… 2.0 s"
    assert len(set(shown)) == 10
    assert heard.said == []


# -- problems -------------------------------------------------------------------------------


def test_a_round_problem_is_announced_assertively(qtbot, make_window) -> None:
    window, heard = quiet_window(qtbot, make_window)
    window.rounds.message_posted.emit(RoundMessage("round", "The painting failed."))
    window.rounds.message_posted.emit(RoundMessage("note", "No moderation here.", alert=False))
    assert heard.said == [("The painting failed.", True), ("No moderation here.", False)]


def test_a_limit_is_announced_once_though_shown_twice(qtbot, make_window, monkeypatch) -> None:
    window, heard = quiet_window(qtbot, make_window)
    hit = LimitHit("budget", "Today's budget of $1.00 is spent.", resets_at=datetime.now())
    monkeypatch.setattr(window.limits, "check", lambda: hit)
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.panes.banner.text("round") == hit.message  # banner and status line
    assert window.step_label.message() == hit.message
    assert heard.said == [(hit.message, True)]


def test_busy_note_retries_and_speech_problems_are_announced(qtbot, make_window) -> None:
    window, heard = quiet_window(qtbot, make_window)
    retrying = "The AI service is busy; trying again in 2 s…"
    window.rounds.status_flashed.emit(BUSY_NOTE, 4000)
    window.rounds.status_flashed.emit(retrying, 5000)
    window.speech_bridge.error_posted.emit("Speech is not available: no audio device.")
    assert heard.said == [
        (BUSY_NOTE, True),
        (retrying, True),
        ("Speech is not available: no audio device.", True),
    ]


def test_the_camera_lost_and_back_is_announced(qtbot, make_window) -> None:
    window, heard = quiet_window(qtbot, make_window)
    window.camera.opened.emit("Camera 0")  # opened without a loss before: nothing to tell
    lost = "The camera stopped sending pictures. Reconnecting in 2 s (attempt 1)…"
    window.camera.lost.emit(lost)
    window.camera.opened.emit("Camera 0")
    assert heard.said == [(lost, True), ("The camera is back: Camera 0.", False)]


# -- banners --------------------------------------------------------------------------------


def test_a_banner_row_is_named_for_people_and_told_when_it_appears_or_changes(qtbot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    shown: list[tuple[str, bool]] = []
    banner.message_shown.connect(lambda text, alert: shown.append((text, alert)))
    banner.show_message("demo", "The offline demo runs.", alert=False)
    banner.show_message("round", "The painting failed.")
    banner.show_message("round", "The painting failed.")  # again, unchanged: not told again
    banner.show_message("round", "The description failed.")
    assert shown == [
        ("The offline demo runs.", False),
        ("The painting failed.", True),
        ("The description failed.", True),
    ]
    rows = {row.label.text(): row for row in banner.findChildren(QWidget, "bannerRow")}
    note, problem = rows["The offline demo runs."], rows["The description failed."]
    assert (note.accessibleName(), note.accessibleDescription()) == (
        "Note",
        "The offline demo runs.",
    )
    assert (problem.accessibleName(), problem.accessibleDescription()) == (
        "Problem",
        "The description failed.",
    )


# -- the status line ------------------------------------------------------------------------


def test_a_passing_note_keeps_the_status_line_and_its_focus(qtbot, make_window) -> None:
    window, _ = quiet_window(qtbot, make_window)
    label = window.step_label
    label.setFocus()
    qtbot.waitUntil(label.hasFocus)
    window.rounds.status_flashed.emit(BUSY_NOTE, 4000)
    assert label.isVisible() and label.hasFocus()
    assert not window.commands.style_picker.isAncestorOf(window.focusWidget())
    assert (label.text(), label.accessibleDescription()) == (BUSY_NOTE, BUSY_NOTE)
    window.rounds.status_changed.emit("Ready.")  # the permanent text waits under the note
    assert label.text() == BUSY_NOTE
    label.flash("", 0)  # a note that ends at once: the permanent text is back
    qtbot.waitUntil(lambda: label.text() == "Ready.")
    assert label.accessibleDescription() == "Ready." and label.hasFocus()


# -- the description ------------------------------------------------------------------------


def read_by_keyboard(qtbot, text: QWidget) -> None:
    """The caret moves by character, word and line, and Shift selects."""
    text.setFocus()
    qtbot.waitUntil(text.hasFocus)
    qtbot.keyClick(text, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(text, Qt.Key.Key_Right)
    qtbot.keyClick(text, Qt.Key.Key_Right)
    assert text.textCursor().position() == 2
    qtbot.keyClick(text, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(text, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    words = text.toPlainText()
    assert text.textCursor().position() == words.index(" ") + 1  # the next word
    qtbot.keyClick(text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert text.textCursor().selectedText() == words[words.index(" ") + 1]
    qtbot.keyClick(text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert text.textCursor().position() == len(words)
    assert text.isReadOnly()


def test_the_description_is_read_word_by_word_in_its_language(qtbot, make_window) -> None:
    window, _ = quiet_window(qtbot, make_window, language="cs")
    description = window.panes.description
    window.panes.set_description("Na stole leží červené jablko a vedle něj modrý hrnek.")
    read_by_keyboard(qtbot, description)
    assert description.locale().name() == "cs_CZ"
    # Alt+D, the heading's mnemonic, reaches it.
    window.panes.preview.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(description.hasFocus)


def test_the_gallery_description_is_read_word_by_word(qtbot, make_dialog, images) -> None:
    make_rounds(images, 2)
    dialog = make_dialog()
    wait_loaded(qtbot, dialog, 2)
    open_row(qtbot, dialog, 0)
    read_by_keyboard(qtbot, dialog.round_view.description)


# -- what the pictures and banners are to a screen reader -----------------------------------


def role_of(widget: QWidget) -> QAccessible.Role:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.role()


def test_the_picture_panes_are_images(make_window) -> None:
    window = make_window()
    panes = window.panes
    for view in (panes.preview, panes.photo_view, panes.painting_view):
        assert role_of(view) == QAccessible.Role.Graphic, view.accessibleName()
    assert role_of(panes.description) != QAccessible.Role.Graphic  # only the pictures


def test_the_toolbars_separator_is_a_separator_not_a_nameless_filler(make_window) -> None:
    window = make_window()
    separators = [
        widget
        for widget in window.commands.toolbar.findChildren(QWidget)
        if widget.metaObject().className() == "QToolBarSeparator"
    ]
    assert separators
    assert {role_of(separator) for separator in separators} == {QAccessible.Role.Separator}


def test_after_a_round_the_photo_carries_the_description_and_the_painting_says_what_it_paints(
    qtbot, make_window
) -> None:
    window, _ = quiet_window(qtbot, make_window)
    panes = window.panes
    assert panes.photo_view.accessibleDescription() == "The photo appears here."
    record = take_round(qtbot, window)
    assert panes.photo_view.accessibleDescription() == record.description
    assert panes.painting_view.accessibleDescription() == (
        f"Painting of: {record.description} (offline demo)"
    )
    # The next round: nothing of the last description stays, none is told while it streams.
    panes.show_photo(panes.photo_view.frame)
    panes.set_description("")
    panes.show_painting(None)
    assert panes.photo_view.accessibleDescription() == ""
    panes.set_description("Na stole leží")
    assert panes.photo_view.accessibleDescription() == ""
    panes.set_caption("Akvarel")
    panes.set_description("Na stole leží jablko.")
    panes.set_scene("Na stole leží jablko.")
    assert panes.photo_view.accessibleDescription() == "Na stole leží jablko."
    assert panes.painting_view.accessibleDescription() == panes.painting_view.displayed_text
    panes.show_painting(panes.photo_view.frame)
    assert panes.painting_view.accessibleDescription() == (
        "Painting of: Na stole leží jablko. (Akvarel)"
    )


def test_the_pictures_are_described_in_the_interface_language(qtbot, qapp) -> None:
    i18n.install(qapp, "cs")
    try:
        panes = PanesWidget()
        qtbot.addWidget(panes)
        panes.show_painting(np.zeros((8, 8, 3), np.uint8))
        panes.set_caption("Akvarel")
        panes.set_scene("Na stole leží jablko.")
        assert panes.painting_view.accessibleDescription() == (
            "Malba: Na stole leží jablko. (Akvarel)"
        )
        panes.preview.set_camera(camera_name(parse_source("0")))
        assert panes.preview.accessibleDescription() == "Kamera 0, žádný obraz: Spouštím kameru…"
    finally:
        i18n.install(qapp, "en")


def test_the_camera_pane_says_which_camera_and_whether_it_shows_a_picture(
    qtbot, make_window, video
) -> None:
    window = make_window()
    preview = window.panes.preview
    wait_for_camera(qtbot, window)
    assert preview.accessibleDescription() == f"Video file {video.name}, showing a live picture"
    window.camera.stop()
    lost = "The camera stopped sending pictures. Reconnecting in 2 s (attempt 1)…"
    preview.set_frame(None)
    preview.set_message(lost)
    assert preview.accessibleDescription() == f"Video file {video.name}, no picture: {lost}"


def test_a_camera_is_named_in_a_few_words_without_a_password() -> None:
    assert camera_name(parse_source("2")) == "Camera 2"
    assert camera_name(parse_source("/videos/desk.avi")) == "Video file desk.avi"
    stream = parse_source("rtsp://anna:secret@192.168.1.20:8554/live/stream?token=abc")
    assert camera_name(stream) == "Camera stream from 192.168.1.20:8554"


def test_a_problem_is_an_alert_and_a_note_is_not(qtbot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show_message("demo", "The offline demo runs.", alert=False)
    banner.show_message("round", "The painting failed.")
    rows = {row.label.text(): row for row in banner.findChildren(QWidget, "bannerRow")}
    assert role_of(rows["The painting failed."]) == QAccessible.Role.AlertMessage
    assert role_of(rows["The offline demo runs."]) != QAccessible.Role.AlertMessage
    # A note on a problem's topic (a cached round) is not an alert, and keeps its place.
    banner.show_message("round", "From cache: no request was sent.", alert=False)
    qtbot.waitUntil(lambda: len(banner.findChildren(QWidget, "bannerRow")) == 2)
    rows = {row.label.text(): row for row in banner.findChildren(QWidget, "bannerRow")}
    assert role_of(rows["From cache: no request was sent."]) != QAccessible.Role.AlertMessage
    assert banner.topics() == ["demo", "round"]
    layout = banner.layout()
    assert layout.itemAt(1).widget() is rows["From cache: no request was sent."]


def test_a_banner_row_has_no_unnamed_button(qtbot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show()

    def unnamed() -> list[str]:
        interface = QAccessible.queryAccessibleInterface(banner)
        found, todo = [], [interface]
        while todo:
            node = todo.pop()
            todo.extend(node.child(i) for i in range(node.childCount()))
            if node.role() == QAccessible.Role.PushButton and not node.text(QAccessible.Text.Name):
                found.append(repr(node.object()))
        return found

    banner.show_message("speech", "No sound device could play it.")
    assert banner.button("speech") is None
    assert unnamed() == []
    banner.show_message("round", "The painting failed.", "Retry", lambda: None)
    retry = banner.button("round")
    assert retry is not None and not unnamed()
    row = retry.parentWidget()
    assert row.label.nextInFocusChain() is retry  # Tab goes as the eye: the text, Retry, Dismiss
    assert retry.nextInFocusChain() is banner.dismiss_button("round")
    banner.show_message("round", "The description failed.")  # no action any more
    assert banner.button("round") is None
    qtbot.waitUntil(lambda: len(banner.findChildren(QPushButton)) == 2)  # the Dismiss buttons
    assert not unnamed()
