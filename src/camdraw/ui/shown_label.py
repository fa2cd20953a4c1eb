"""A label that screen readers read as what it shows.

A label whose accessible name is a fixed purpose ("Problem", "Gallery status") hides its text
from assistive technology: the screen reader says the purpose, never the problem. This label
keeps its accessible name equal to the text it shows (the purpose while it shows nothing) and
gives the purpose as its accessible description.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class ShownTextLabel(QLabel):
    """A QLabel whose accessible name follows its text; ``purpose`` is its description."""

    def __init__(self, purpose: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._purpose = purpose
        self.setAccessibleDescription(purpose)
        self.setText(text)

    @property
    def purpose(self) -> str:
        return self._purpose

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setAccessibleName(text or self._purpose)

    def clear(self) -> None:
        self.setText("")
