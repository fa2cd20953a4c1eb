"""F1 lists every key of the window and the gallery, read from the same texts and actions the
keys are bound by, with the key first, no sideways scrolling, and the first key focused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from camdraw.ui.mnemonics import mnemonic_key, without_mnemonic
from tests.ui.test_accessibility import window_actions


def open_help(qtbot, window):
    qtbot.keyClick(window, Qt.Key_F1)
    qtbot.waitUntil(lambda: window.help.shortcuts_dialog is not None)
    dialog = window.help.shortcuts_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # the offscreen platform does not always activate a reopened dialog
    return dialog


def mnemonics(top: QWidget) -> set[tuple[str, str]]:
    """(key, name) for every label and button in ``top``'s own window with a mnemonic."""
    found: set[tuple[str, str]] = set()
    for widget in top.findChildren(QLabel) + top.findChildren(QAbstractButton):
        if widget.window() is top and mnemonic_key(widget.text()):
            found.add((mnemonic_key(widget.text()), without_mnemonic(widget.text())))
    return found


def listed(dialog) -> set[tuple[str, str]]:
    """(key, what it does) for every listed key, a comma-separated list split up; "Go to X"
    counted as X."""
    pairs: set[tuple[str, str]] = set()
    for keys, does, _ in dialog.rows():
        for key in keys.split(", "):
            pairs.add((key, does.removeprefix("Go to ")))
    return pairs


def test_help_lists_every_key_of_menus_panes_and_toolbar(qtbot, make_window) -> None:
    window = make_window()
    dialog = open_help(qtbot, window)
    rows = listed(dialog)
    shortcuts = {
        (sequence.toString(QKeySequence.SequenceFormat.NativeText), without_mnemonic(a.text()))
        for a in window_actions(window)
        for sequence in a.shortcuts()
    }
    assert shortcuts and shortcuts <= rows
    labels = mnemonics(window)
    # The panes' headings and the toolbar's style list, from their own texts.
    assert {("Alt+A", "Camera"), ("Alt+O", "Photo"), ("Alt+P", "Painting")} <= labels
    assert {("Alt+D", "Description"), ("Alt+Y", "Style")} <= labels
    assert labels <= rows
    dialog.close()


def test_help_lists_every_key_of_the_gallery(qtbot, make_window, make_dialog) -> None:
    window = make_window()
    dialog = open_help(qtbot, window)
    rows = listed(dialog)
    gallery = make_dialog()
    keys = mnemonics(gallery)
    assert {("Alt+S", "Speak again"), ("Alt+R", "Retry failed steps")} <= keys
    assert {("Alt+Y", "Paint again in style"), ("Alt+P", "Paint again")} <= keys
    assert {("Alt+F", "Show in folder"), ("Alt+D", "Delete")} <= keys
    assert keys <= rows
    bound = {
        s.key().toString(QKeySequence.SequenceFormat.NativeText)
        for s in gallery.findChildren(QShortcut)
    }
    assert bound and bound <= {key for key, _ in rows}
    by_place = {(keys, where) for keys, _, where in dialog.rows()}
    assert ("Return, Enter", "Gallery") in by_place
    assert ("Esc", "Gallery") in by_place and ("Esc", "Gallery, one round") in by_place
    dialog.close()


def test_help_puts_the_key_first_focuses_it_and_needs_no_sideways_scrolling(
    qtbot, make_window
) -> None:
    window = make_window()
    dialog = open_help(qtbot, window)
    table = dialog.table
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == ["Keys", "Does", "Where"]
    assert dialog.rows()[0][0] == "Space, Return, Enter"
    qtbot.waitUntil(table.hasFocus)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (0, 0)
    scroll = table.horizontalScrollBar()
    assert scroll.maximum() == 0 or not scroll.isVisible()
    # What a key does wraps instead: even a narrow dialog needs no sideways scrolling.
    narrow = dialog.fontMetrics().height() * 30
    dialog.resize(narrow, dialog.height())
    QApplication.processEvents()
    assert dialog.width() == narrow
    assert scroll.maximum() == 0 or not scroll.isVisible()
    # Moved away and reopened, it starts on the first key again.
    table.setCurrentCell(5, 1)
    dialog.close()
    window.help.show_shortcuts()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(table.hasFocus)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (0, 0)
    dialog.close()
