"""Text a screen-reader user reads: read-only, the caret moving through it by keyboard
(character, word, line) and the keyboard selecting it, marked with its language.

Qt's default for a read-only text box (and for ``QTextBrowser``) is selection by mouse only:
the caret then stays at 0 whatever key is pressed, and a screen reader cannot read a word at a
time. The language goes to the widget's locale (what Qt knows of a widget's language).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit


def make_readable(text: QTextEdit | QPlainTextEdit) -> None:
    """Read-only, caret and selection by keyboard and mouse; Tab leaves it."""
    text.setReadOnly(True)
    text.setTabChangesFocus(True)
    text.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByKeyboard
        | Qt.TextInteractionFlag.TextSelectableByMouse
    )


def set_text_language(text: QTextEdit | QPlainTextEdit, language: str) -> None:
    """Mark ``text`` as written in ``language`` (a code such as "cs" or "en-GB"; "" leaves the
    application's)."""
    if language.strip():
        text.setLocale(QLocale(language.strip().replace("-", "_")))
    else:
        text.unsetLocale()
