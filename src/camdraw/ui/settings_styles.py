"""The painting style in the settings: a combo of presets and the user's own styles, and a
small editor for those (a name and the words added to the image prompt)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from camdraw.core.round import styles
from camdraw.core.settings import STYLE_NAME_MAX, STYLE_PROMPT_MAX
from camdraw.ui.style_picker import StylePicker


class StylesEditor(QWidget):
    """``style`` (the combo) and ``custom`` (the list) as settings values.

    ``check_words(words, report)`` starts the moderation check of a new style's words and later
    calls ``report(problem)`` ("" when they may be used); a flagged style is taken out again
    and ``style_refused`` says why."""

    style_refused = Signal(str)

    def __init__(
        self,
        current: str,
        custom: list[dict[str, str]],
        language: str,
        parent: QWidget | None = None,
        check_words: Callable[[str, Callable[[str], None]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._language = language
        self._check_words = check_words
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.style = StylePicker()
        self.style.setAccessibleName(self.tr("Painting style"))
        form.addRow(self.tr("St&yle"), self.style)

        self.custom_list = QListWidget()
        self.custom_list.setAccessibleName(self.tr("Your own styles"))
        form.addRow(self.tr("Y&our own styles"), self.custom_list)
        for item in custom:
            self._add_item(item["name"], item["prompt"])
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName(self.tr("New style name"))
        self.new_name.setMaxLength(STYLE_NAME_MAX)
        form.addRow(self.tr("New style &name"), self.new_name)
        self.new_prompt = QLineEdit()
        self.new_prompt.setAccessibleName(self.tr("Words for the painter"))
        self.new_prompt.setMaxLength(STYLE_PROMPT_MAX)
        self.new_prompt.setPlaceholderText(self.tr("e.g. Style: a mosaic of small glass tiles."))
        form.addRow(self.tr("&Words for the painter"), self.new_prompt)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add sty&le"))
        self.add_button.setAccessibleName(self.tr("Add style"))
        self.add_button.clicked.connect(self.add_style)
        self.remove_button = QPushButton(self.tr("&Remove style"))
        self.remove_button.setAccessibleName(self.tr("Remove style"))
        self.remove_button.clicked.connect(self.remove_style)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        form.addRow(row)
        self.custom_list.currentRowChanged.connect(self._update_buttons)
        self.new_name.textChanged.connect(self._update_buttons)
        self._fill_combo(current)
        self._update_buttons()

    def _add_item(self, name: str, prompt: str) -> None:
        item = QListWidgetItem(f"{name} — {prompt}" if prompt else name)
        item.setData(Qt.ItemDataRole.UserRole, {"name": name, "prompt": prompt})
        self.custom_list.addItem(item)

    def _fill_combo(self, current: str) -> None:
        self.style.fill(current, self.custom_styles(), self._language)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.custom_list.currentRow() >= 0)
        name = self.new_name.text().strip()
        taken = {s.id.casefold() for s in styles.all_styles(self.custom_styles())}
        self.add_button.setEnabled(bool(name) and name.casefold() not in taken)

    def add_style(self) -> None:
        name, prompt = self.new_name.text().strip(), self.new_prompt.text().strip()
        if not name:
            return
        self._add_item(name, prompt)
        self.new_name.clear()
        self.new_prompt.clear()
        self._fill_combo(self.style_id())
        self._update_buttons()
        if self._check_words is not None and prompt:
            self._check_words(prompt, lambda problem, n=name: self._refuse(n, problem))

    def _refuse(self, name: str, problem: str) -> None:
        rows = [i for i, item in enumerate(self.custom_styles()) if item["name"] == name]
        if not problem or not rows:
            return
        self.custom_list.takeItem(rows[0])
        self._fill_combo(self.style_id())
        self._update_buttons()
        self.style_refused.emit(problem)

    def remove_style(self) -> None:
        row = self.custom_list.currentRow()
        if row < 0:
            return
        self.custom_list.takeItem(row)
        self._fill_combo(self.style_id())
        self._update_buttons()

    def style_id(self) -> str:
        return self.style.current_style()

    def custom_styles(self) -> list[dict[str, str]]:
        return [
            dict(self.custom_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.custom_list.count())
        ]
