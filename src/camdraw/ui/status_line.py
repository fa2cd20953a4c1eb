"""The status line: a label whose text is also its accessible description, so screen readers
hear each change (Qt sends a DescriptionChanged event).

Two kinds of text pass through it besides the permanent one:
- a running step's clock (``show_progress``): the label shows it, its accessible description
  keeps the step's name, so a screen reader is not cut off five times a second;
- a passing note (``flash``: the busy note, a limit, a retry, a speech problem): shown in the
  label itself for a while, then the permanent text comes back. ``QStatusBar.showMessage``
  would hide the label instead, and a hidden label loses the keyboard focus (to the toolbar's
  style list, where the next Space would open the list instead of taking a photo).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget


class StatusLine(QLabel):
    flashed = Signal(str)  # a passing note was shown (the window announces it)

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Status"))
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # keyboard users can land on it
        self._permanent = (text, text)  # (what it shows, what screen readers get)
        self._flash = ""
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._end_flash)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._set_permanent(text, text)

    def show_progress(self, text: str, summary: str) -> None:
        """Show ``text`` (a step with its clock) while screen readers keep ``summary``."""
        self._set_permanent(text, summary)

    def flash(self, text: str, timeout_ms: int) -> None:
        """Show the note ``text`` for ``timeout_ms``, then the permanent text again."""
        self._flash = text
        self._flash_timer.start(max(0, timeout_ms))
        self._display(text, text)
        self.flashed.emit(text)

    def message(self) -> str:
        """The passing note on show ("" when none)."""
        return self._flash

    def _set_permanent(self, text: str, description: str) -> None:
        self._permanent = (text, description)
        if not self._flash:
            self._display(text, description)

    def _end_flash(self) -> None:
        self._flash = ""
        self._display(*self._permanent)

    def _display(self, text: str, description: str) -> None:
        super().setText(text)
        if self.accessibleDescription() != description:
            self.setAccessibleDescription(description)
