"""The style choice (the toolbar's, and the settings'): "No style", the presets, then the
user's own styles; and a style's name as people read it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QWidget

from camdraw.core.round import styles


def style_name(style_id: str, custom: Sequence[Mapping[str, str]], ui_language: str) -> str:
    """A style's name in ``ui_language`` ("" for none or one no longer there)."""
    found = styles.find(style_id, custom)
    return found.name(ui_language) if found is not None else ""


class StylePicker(QComboBox):
    """Emits ``style_chosen(id)`` ("" for no style) when the user picks another style."""

    style_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Painting style"))
        self.setAccessibleDescription(self.tr("The style the next painting is made in."))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(self._chosen)
        self._filling = False

    def fill(
        self, current: str, custom: Sequence[Mapping[str, str]], ui_language: str = "en"
    ) -> None:
        """List the styles in ``ui_language`` and select ``current`` (no signal)."""
        self._filling = True
        try:
            self.clear()
            self.addItem(self.tr("No style"), "")
            for style in styles.all_styles(custom):
                self.addItem(style.name(ui_language or "en"), style.id)
            found = styles.find(current, custom)
            index = self.findData(found.id) if found is not None else 0
            self.setCurrentIndex(max(index, 0))
        finally:
            self._filling = False

    def current_style(self) -> str:
        return str(self.currentData() or "")

    @Slot(int)
    def _chosen(self, index: int) -> None:
        if not self._filling and index >= 0:
            self.style_chosen.emit(self.current_style())
