"""Help: the keyboard shortcuts, listed from the window's own actions (so the list cannot go
stale), and About."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenuBar,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from camdraw import __version__
from camdraw.ui.contrast import keep_highlight_readable
from camdraw.ui.menus import menu_actions, plain_text, shortcut_text


class ShortcutsDialog(QDialog):
    """A read-only table: menu, command, keys; one row per action in ``menu_bar``."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        rows = [
            (menu, plain_text(action), shortcut_text(action) or self.tr("(from the menu)"))
            for menu, action in menu_actions(menu_bar)
        ]
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setAccessibleName(self.tr("Shortcuts"))
        self.table.setAccessibleDescription(
            self.tr("Every command of the window, its menu and its keys.")
        )
        self.table.setHorizontalHeaderLabels([self.tr("Menu"), self.tr("Command"), self.tr("Keys")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the Close button
        self.table.verticalHeader().hide()
        keep_highlight_readable(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setAccessibleName(self.tr("Dialog buttons"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(self.table.horizontalHeader().length() + 80, 480)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's text, row by row (for tests and screen readers alike)."""
        table = self.table
        return [
            tuple(table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(table.rowCount())
        ]


def show_about(parent: QWidget) -> QMessageBox:
    """Open About (window-modal, no nested event loop) and return it, so it can be closed."""
    title = QCoreApplication.translate("MainWindow", "About camdraw")
    text = QCoreApplication.translate(
        "MainWindow",
        "camdraw {version}\n\nPoint a webcam at the world and press Space: a vision model "
        "describes the photo, an image model paints the description, and both are saved and "
        "read aloud.\n\nPress F1 for the keyboard shortcuts.",
    ).format(version=__version__)
    box = QMessageBox(QMessageBox.Icon.NoIcon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.open()
    return box
