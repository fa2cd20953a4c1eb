"""Every control a screen reader can land on has a name, including the parts Qt builds inside
controls (a combo box's list, scroll bars, the toolbar's overflow button), and a label's name is
the text it shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractItemView, QScrollBar, QWidget

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui.inner_names import OVERFLOW_BUTTON
from camdraw.ui.settings_dialog import SettingsDialog
from camdraw.ui.shown_label import ShownTextLabel


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def unnamed_controls(root: QWidget) -> list[str]:
    """Focusable widgets, item views and scroll bars under ``root`` (visible or not: a combo's
    list and the overflow button show only sometimes) without an accessible name."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        reachable = widget.focusPolicy() != Qt.FocusPolicy.NoFocus or isinstance(
            widget, (QAbstractItemView, QScrollBar)
        )
        if widget.objectName() == OVERFLOW_BUTTON:
            reachable = True
        if reachable and not accessible_name(widget).strip():
            found.append(
                f"{widget.metaObject().className()} {widget.objectName()!r}"
                f" in {widget.parent().metaObject().className() if widget.parent() else None}"
            )
    return found


def test_every_control_of_the_main_window_is_named(make_window) -> None:
    window = make_window()
    assert window.findChild(QWidget, OVERFLOW_BUTTON) is not None
    assert not unnamed_controls(window)


def test_every_control_of_the_settings_dialog_is_named(qtbot) -> None:
    dialog = SettingsDialog(Settings(), KeyStore({}))
    qtbot.addWidget(dialog)
    assert not unnamed_controls(dialog)


def test_every_control_of_the_gallery_is_named(make_dialog) -> None:
    dialog = make_dialog()
    assert not unnamed_controls(dialog)


def test_a_label_is_named_by_the_text_it_shows(qtbot) -> None:
    dialog = SettingsDialog(Settings(), KeyStore({}))
    qtbot.addWidget(dialog)
    dialog._show_error("The address must start with http:// or https://.")
    assert accessible_name(dialog._error) == "The address must start with http:// or https://."
    assert dialog._error.accessibleDescription() == "Problem"
    dialog.describe_panel.test_result.setText("Connected: 12 models.")
    assert accessible_name(dialog.describe_panel.test_result) == "Connected: 12 models."
    hint = dialog.describe_panel.hint
    assert hint.text() and accessible_name(hint) == hint.text()
    label = ShownTextLabel("Gallery status")
    assert accessible_name(label) == "Gallery status"  # nothing shown: its purpose
    label.setText("3 rounds")
    assert (accessible_name(label), label.accessibleDescription()) == ("3 rounds", "Gallery status")
