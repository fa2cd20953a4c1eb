"""Inline messages above the pictures, one row per topic (key, camera, round, ...).

Routine trouble is shown here, never in a modal box; each row can offer one action (Retry,
Open settings) and can be dismissed. Several problems at once (no key *and* no camera) each
keep their own row.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class BannerRow(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerRow")
        self.setStyleSheet(
            "#bannerRow { background: #fff4ce; border: 1px solid #e0c060; }"
            "#bannerRow QLabel { color: #3a2f00; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.action_button = QPushButton()
        self.dismiss_button = QPushButton("Dismiss")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.dismiss_button)


class Banner(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._rows: dict[str, BannerRow] = {}
        self._slots: dict[str, Callable[[], object] | None] = {}
        self.hide()

    def show_message(
        self, topic: str, text: str, action: str = "", slot: Callable[[], object] | None = None
    ) -> None:
        row = self._rows.get(topic)
        if row is None:
            row = BannerRow(self)
            row.setAccessibleName(f"{topic} message")
            row.action_button.clicked.connect(lambda: self._run(topic))
            row.dismiss_button.clicked.connect(lambda: self.hide_message(topic))
            self._rows[topic] = row
            self._layout.addWidget(row)
        row.label.setText(text)
        row.action_button.setText(action)
        row.action_button.setVisible(bool(action))
        self._slots[topic] = slot
        row.show()
        self.show()

    def hide_message(self, topic: str) -> None:
        row = self._rows.pop(topic, None)
        self._slots.pop(topic, None)
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
        return row.action_button if row is not None and row.action_button.isVisibleTo(row) else None

    def topics(self) -> list[str]:
        return list(self._rows)

    def _run(self, topic: str) -> None:
        slot = self._slots.get(topic)
        self.hide_message(topic)
        if callable(slot):
            slot()
