"""Under the description: the conversation about the photo and the question field.

The conversation view is read-only and caret-navigable like the description (``readable_text``),
marked with the description's language; the answer streams into it. The question field sends
on Enter and gives the focus back to the description on Esc; Space, Enter and Esc there belong
to the field, not to the window's Take photo and Cancel keys. Its strings are in the
"QuestionPanel" translation context (the quick questions' names in "MainWindow", with the menu).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextBrowser, QVBoxLayout, QWidget

from camdraw.core.store.record import Exchange
from camdraw.ui.inner_names import name_inner_parts
from camdraw.ui.readable_text import make_readable, set_text_language

# The labels with their mnemonics: the panel binds these and Help lists their keys (the window's
# from the labels themselves, the gallery's through ``gallery.key_rows``).
TEXTS: dict[str, str] = {
    "conversation": QT_TRANSLATE_NOOP("QuestionPanel", "Co&nversation"),
    "question": QT_TRANSLATE_NOOP("QuestionPanel", "&Question:"),
}
_FIELD_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape}


def control_text(name: str) -> str:
    return QCoreApplication.translate("QuestionPanel", TEXTS[name])


def quick_label(quick_id: str) -> str:
    """A quick question's short name in the interface language ("" for a typed question)."""
    names = {
        "read_text": QCoreApplication.translate("MainWindow", "Read the text"),
        "more_detail": QCoreApplication.translate("MainWindow", "Describe in more detail"),
        "colours": QCoreApplication.translate("MainWindow", "What colours?"),
    }
    return names.get(quick_id, "")


class QuestionField(QLineEdit):
    """Enter sends (``submitted``), Esc leaves (``left``); both before any window shortcut."""

    submitted = Signal(str)
    left = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.key() in _FIELD_KEYS:
                event.accept()  # the key is the field's, not Take photo's or Cancel's
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.text().strip():
                self.submitted.emit(self.text())
            else:
                self.submitted.emit("")  # said why nothing was sent
            return
        if event.key() == Qt.Key.Key_Escape:
            self.left.emit()
            return
        super().keyPressEvent(event)


class QuestionPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(control_text("conversation"))
        layout.addWidget(heading)
        self.view = QTextBrowser()
        self.view.setAccessibleName(self.tr("Conversation"))
        self.view.setPlaceholderText(
            self.tr("Questions about the photo and their answers appear here.")
        )
        make_readable(self.view)
        heading.setBuddy(self.view)
        self.view.setMaximumHeight(150 * max(1, round(self.logicalDpiY() / 96)))
        # Small where room is short (the gallery): three lines can still be read through.
        self.view.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        layout.addWidget(self.view)
        label = QLabel(control_text("question"))
        row = QHBoxLayout()
        row.addWidget(label)
        layout.addLayout(row)
        self.field = QuestionField()
        self.field.setAccessibleName(self.tr("Question about the photo"))
        self.field.setAccessibleDescription(
            self.tr("Enter asks, Esc goes back to the description. Ctrl+K comes back here.")
        )
        self.field.setPlaceholderText(self.tr("Ask about the photo (Ctrl+K), then press Enter"))
        label.setBuddy(self.field)
        row.addWidget(self.field, 1)
        self.setAccessibleName(self.tr("Questions about the photo"))
        name_inner_parts(self)
        self._entries: list[Exchange] = []
        self._pending = ""  # the question waiting for its answer
        self._partial = ""

    # -- what the questions show --------------------------------------------------------------

    def set_language(self, language: str) -> None:
        set_text_language(self.view, language)

    @Slot(object)
    def show_conversation(self, entries: Sequence[Exchange]) -> None:
        self._entries = list(entries)
        self._pending = self._partial = ""
        self._render()

    @Slot(str)
    def question_sent(self, question: str) -> None:
        self._pending, self._partial = question, ""
        self.field.clear()
        self._render()

    @Slot(str)
    def answer_streamed(self, text: str) -> None:
        self._partial = text
        self._render()

    @Slot(str)
    def fill_field(self, words: str) -> None:
        """Put ``words`` in the field, the caret after them, and go there."""
        self.field.setText(words)
        self.field.setCursorPosition(len(words))
        self.focus_field()

    @Slot()
    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def text(self) -> str:
        return self.view.toPlainText()

    def _render(self) -> None:
        lines: list[str] = []
        for entry in self._entries:
            lines += self._exchange(entry.question, entry.answer, entry.quick)
        if self._pending:
            lines += self._exchange(
                self._pending, self._partial or self.tr("(waiting for the answer)")
            )
        caret = self.view.textCursor().position()
        self.view.setPlainText("\n".join(lines).strip())
        # Streaming text must not throw a screen reader's caret back to the start.
        cursor = self.view.textCursor()
        cursor.setPosition(min(caret, len(self.view.toPlainText())))
        cursor.movePosition(QTextCursor.MoveOperation.NoMove)
        self.view.setTextCursor(cursor)

    def _exchange(self, question: str, answer: str, quick: str = "") -> list[str]:
        shown = quick_label(quick) or question
        return [
            self.tr("Question: {question}").format(question=shown),
            self.tr("Answer: {answer}").format(answer=answer),
            "",
        ]
