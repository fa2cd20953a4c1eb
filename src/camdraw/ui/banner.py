"""Inline messages above the pictures, one row per topic (key, camera, round, ...).

Routine trouble is shown here, never in a modal box; each row can offer one action (Retry,
Open settings) and can be dismissed. The action's row goes once its slot has run, unless the
slot returns False (it could not act yet: the message and its button stay) or showed a new
message on the same topic. Several problems at once (no key *and* no camera) each
keep their own row.

A row that appears or changes its text is told through ``message_shown`` (the window announces
it to screen readers, assertively for problems); its accessible name says whether it is a
problem or a note, its description is the message itself, in the interface language. A
problem's row has the alert role (``accessible_roles``): a row that turns from note to problem
or back is replaced, since Qt fixes a widget's role. A row without an action has no action
button at all, rather than a hidden one without a name.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAccessible, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from camdraw.ui.accessible_roles import with_role


class BannerRow(QFrame):
    """A note's row; ``action_triggered`` when its action button (if any) is pressed."""

    action_triggered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerRow")
        # The theme's note colours (tool tips): they keep their contrast in high-contrast and
        # dark themes, where fixed colours would not.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.ToolTipBase))
        palette.setColor(
            QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.ToolTipText)
        )
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._row = layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.label.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can land on it
        self.action_button: QPushButton | None = None
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setAccessibleName(self.tr("Dismiss the message"))
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss_button)

    def set_action(self, text: str) -> None:
        """Offer the action ``text`` ("" removes the button)."""
        button = self.action_button
        if not text:
            if button is not None:
                self.action_button = None
                button.hide()
                button.deleteLater()  # it may be the one being clicked right now
            return
        if button is None:
            button = self.action_button = QPushButton(self)
            button.clicked.connect(self.action_triggered)
            self._row.insertWidget(self._row.indexOf(self.dismiss_button), button)
            # Tab follows the eye: made after Dismiss, it would come after it.
            QWidget.setTabOrder(self.label, button)
            QWidget.setTabOrder(button, self.dismiss_button)
        button.setText(text)


@with_role(QAccessible.Role.AlertMessage)
class ProblemRow(BannerRow):
    """A problem's row: an alert to screen readers."""


class Banner(QWidget):
    message_shown = Signal(str, bool)  # a new or changed message, and whether it is a problem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._rows: dict[str, BannerRow] = {}
        self._slots: dict[str, Callable[[], object] | None] = {}
        self._on_dismiss: dict[str, Callable[[], object] | None] = {}
        self._shown: dict[str, int] = {}  # topic -> how often a message was shown for it
        self._count = 0
        self.hide()

    def show_message(
        self,
        topic: str,
        text: str,
        action: str = "",
        slot: Callable[[], object] | None = None,
        *,
        dismiss: str = "",
        on_dismiss: Callable[[], object] | None = None,
        alert: bool = True,
    ) -> None:
        """Show ``text`` in the row for ``topic``, with a button ``action`` running ``slot``;
        ``dismiss`` renames the button that hides the row ("Keep the demo"), and
        ``on_dismiss`` runs when the user presses it. ``alert``: a problem (False: a note,
        such as where a round came from)."""
        row = self._rows.get(topic)
        changed = row is None or row.label.text() != text
        if row is None or isinstance(row, ProblemRow) != alert:
            row = self._new_row(topic, alert, replacing=row)
        row.label.setText(text)
        row.label.setAccessibleName(text)
        row.setAccessibleName(self.tr("Problem") if alert else self.tr("Note"))
        row.setAccessibleDescription(text)
        row.set_action(action)
        row.dismiss_button.setText(dismiss or self.tr("Dismiss"))
        row.dismiss_button.setAccessibleName(
            dismiss.replace("&", "") or self.tr("Dismiss the message")
        )
        self._slots[topic] = slot
        self._on_dismiss[topic] = on_dismiss
        self._count += 1
        self._shown[topic] = self._count
        row.show()
        self.show()
        if changed:
            self.message_shown.emit(text, alert)

    def _new_row(self, topic: str, alert: bool, replacing: BannerRow | None) -> BannerRow:
        row = ProblemRow(self) if alert else BannerRow(self)
        row.action_triggered.connect(lambda: self._run(topic))
        row.dismiss_button.clicked.connect(lambda: self._dismiss(topic))
        self._rows[topic] = row
        if replacing is None:
            self._layout.addWidget(row)
        else:  # in the same place
            self._layout.insertWidget(self._layout.indexOf(replacing), row)
            replacing.hide()
            replacing.deleteLater()
        return row

    def hide_message(self, topic: str) -> None:
        row = self._rows.pop(topic, None)
        self._slots.pop(topic, None)
        self._on_dismiss.pop(topic, None)
        self._shown.pop(topic, None)
        if row is not None:
            row.hide()
            row.deleteLater()
        if not self._rows:
            self.hide()

    def text(self, topic: str) -> str:
        row = self._rows.get(topic)
        return row.label.text() if row is not None else ""

    def button(self, topic: str) -> QPushButton | None:
        row = self._rows.get(topic)
        return row.action_button if row is not None else None

    def dismiss_button(self, topic: str) -> QPushButton | None:
        row = self._rows.get(topic)
        return row.dismiss_button if row is not None else None

    def topics(self) -> list[str]:
        return list(self._rows)

    def _run(self, topic: str) -> None:
        slot = self._slots.get(topic)
        shown = self._shown.get(topic)
        if callable(slot) and slot() is False:
            return  # the slot could not act yet: the message and its button stay
        if shown is not None and self._shown.get(topic) == shown:
            self.hide_message(topic)  # not replaced by a new message meanwhile

    def _dismiss(self, topic: str) -> None:
        on_dismiss = self._on_dismiss.get(topic)
        self.hide_message(topic)
        if callable(on_dismiss):
            on_dismiss()
