"""One past round in the gallery: the photo and the painting, the words, and what to do next."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from camdraw.core.round import styles
from camdraw.core.store.gallery import GalleryEntry
from camdraw.ui.preview import ImageView
from camdraw.ui.question_panel import QuestionPanel
from camdraw.ui.readable_text import make_readable, set_text_language
from camdraw.ui.shown_label import ShownTextLabel

# The round's controls with their mnemonics: the view binds these texts and Help lists their keys.
TEXTS: dict[str, str] = {
    "description": QT_TRANSLATE_NOOP("RoundView", "D&escription:"),
    "speak": QT_TRANSLATE_NOOP("RoundView", "&Speak again"),
    "retry": QT_TRANSLATE_NOOP("RoundView", "&Retry failed steps"),
    "style": QT_TRANSLATE_NOOP("RoundView", "Paint again in st&yle:"),
    "repaint": QT_TRANSLATE_NOOP("RoundView", "&Paint again"),
    "folder": QT_TRANSLATE_NOOP("RoundView", "Show in &folder"),
    "delete": QT_TRANSLATE_NOOP("RoundView", "&Delete…"),
    "back": QT_TRANSLATE_NOOP("RoundView", "&Back to all rounds"),
}


def control_text(name: str) -> str:
    """The control ``name``'s text, translated, with its mnemonic."""
    return QCoreApplication.translate("RoundView", TEXTS[name])


class RoundView(QWidget):
    """Shows one GalleryEntry; its buttons say what the user asked for."""

    speak_clicked = Signal()
    retry_clicked = Signal()
    repaint_clicked = Signal(str)  # the style id
    show_folder_clicked = Signal()
    delete_clicked = Signal()
    back_clicked = Signal()

    def __init__(
        self,
        *,
        language: str = "en",
        custom_styles: Sequence[Mapping[str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.entry: GalleryEntry | None = None
        self._details_text = ""
        self.setAccessibleName(self.tr("Round"))

        self.heading = ShownTextLabel(self.tr("Round date, style and status"), parent=self)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.heading.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)

        self.photo = ImageView(self, accessible_name=self.tr("Photo"))
        self.painting = ImageView(self, accessible_name=self.tr("Painting"))
        for view in (self.photo, self.painting):
            view.setMinimumSize(160, 120)
            view.set_placeholder(self.tr("Loading…"))

        self.description = QPlainTextEdit(self)
        make_readable(self.description)
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
        description_label = QLabel(control_text("description"), self)
        description_label.setBuddy(self.description)

        self.questions = QuestionPanel(self)  # its conversation, and more questions

        self.details = ShownTextLabel(self.tr("Round details"), parent=self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.details.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.speak_button = self._button(control_text("speak"), self.tr("Speak again"))
        self.retry_button = self._button(control_text("retry"), self.tr("Retry failed steps"))
        self.style_combo = QComboBox(self)
        self.style_combo.setAccessibleName(self.tr("Style to paint again in"))
        self._custom_styles = list(custom_styles)
        for style in styles.all_styles(custom_styles):
            self.style_combo.addItem(style.name(language), style.id)
        style_label = QLabel(control_text("style"), self)
        style_label.setBuddy(self.style_combo)
        self.repaint_button = self._button(control_text("repaint"), self.tr("Paint again"))
        self.folder_button = self._button(control_text("folder"), self.tr("Show in folder"))
        self.delete_button = self._button(control_text("delete"), self.tr("Delete round"))
        self.back_button = self._button(control_text("back"), self.tr("Back"))

        self.speak_button.clicked.connect(self.speak_clicked)
        self.retry_button.clicked.connect(self.retry_clicked)
        self.repaint_button.clicked.connect(
            lambda: self.repaint_clicked.emit(str(self.style_combo.currentData() or ""))
        )
        self.folder_button.clicked.connect(self.show_folder_clicked)
        self.delete_button.clicked.connect(self.delete_clicked)
        self.back_button.clicked.connect(self.back_clicked)

        pictures = QHBoxLayout()
        pictures.addWidget(self.photo)
        pictures.addWidget(self.painting)
        actions = QGridLayout()
        actions.addWidget(self.speak_button, 0, 0)
        actions.addWidget(self.retry_button, 0, 1)
        actions.addWidget(self.folder_button, 0, 2)
        actions.addWidget(self.delete_button, 0, 3)
        actions.addWidget(style_label, 1, 0)
        actions.addWidget(self.style_combo, 1, 1)
        actions.addWidget(self.repaint_button, 1, 2)
        actions.addWidget(self.back_button, 1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(pictures, 1)
        layout.addWidget(description_label)
        layout.addWidget(self.description)
        layout.addWidget(self.questions)
        layout.addWidget(self.details)
        layout.addLayout(actions)

        order = [
            self.heading,
            self.photo,
            self.painting,
            self.description,
            self.questions.view,
            self.questions.field,
            self.details,
            self.speak_button,
            self.retry_button,
            self.folder_button,
            self.delete_button,
            self.style_combo,
            self.repaint_button,
            self.back_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _button(self, text: str, accessible_name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(accessible_name)
        button.setAutoDefault(False)  # Enter in the dialog must not press one by surprise
        return button

    # -- content -------------------------------------------------------------------------------

    def show_entry(self, entry: GalleryEntry, heading: str, status: str) -> None:
        """Show ``entry``; its pictures come later through ``set_pictures``."""
        self.entry = entry
        self.heading.setText(heading)
        self.description.setPlainText(entry.description)
        set_text_language(self.description, entry.language)
        self.details.setText(self._details(entry, status))
        self.photo.clear()
        self.painting.clear()
        self.photo.set_placeholder(self.tr("Loading…") if entry.photo else self.tr("No photo"))
        self.painting.set_placeholder(
            self.tr("Loading…") if entry.painting else self.tr("No painting")
        )
        self.speak_button.setEnabled(bool(entry.description))
        self.retry_button.setEnabled(entry.failed and entry.photo is not None)
        can_paint = not entry.damaged and entry.photo is not None
        self.style_combo.setEnabled(can_paint)
        self.repaint_button.setEnabled(can_paint)
        self._preselect_other_style(entry.style)
        self.delete_button.setEnabled(True)

    def set_pictures(self, photo: np.ndarray | None, painting: np.ndarray | None) -> None:
        self.photo.set_frame(photo)
        self.painting.set_frame(painting)
        if photo is None:
            self.photo.set_placeholder(self.tr("The photo cannot be shown."))
        if painting is None:
            self.painting.set_placeholder(
                self.tr("The painting cannot be shown.")
                if self.entry is not None and self.entry.painting
                else self.tr("No painting")
            )

    def set_message(self, text: str) -> None:
        """A problem with this round (e.g. it could not be deleted), under the description."""
        self.details.setText(f"{text}\n{self._details_text}".strip())

    def _details(self, entry: GalleryEntry, status: str) -> str:
        lines = [self.tr("Status: {status}").format(status=status)]
        if entry.damaged:
            lines.append(self.tr("The round's record cannot be read; its pictures are kept."))
        if entry.failed_steps:
            lines.append(
                self.tr("Failed steps: {steps}").format(steps=", ".join(entry.failed_steps))
            )
        lines += [f"{step}: {message}" for step, message in entry.errors]
        if entry.offline:
            lines.append(self.tr("Made by the offline demo."))
        if entry.likeness:
            lines.append(self.tr("Painted from the photo (likeness)."))
        if entry.photo is None:
            lines.append(self.tr("The photo file is missing."))
        lines += list(entry.notes)
        self._details_text = "\n".join(lines)
        return self._details_text

    def _preselect_other_style(self, current: str) -> None:
        """Offer a style other than the round's own (recorded by its id)."""
        self.style_combo.setCurrentIndex(0)
        own = styles.find(current, self._custom_styles)
        if own is not None and self.style_combo.findData(own.id) == 0:
            self.style_combo.setCurrentIndex(min(1, self.style_combo.count() - 1))
