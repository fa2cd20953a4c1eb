"""Help: the keyboard shortcuts, listed from the window's own actions (so the list cannot go
stale), and About."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenuBar,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from camdraw import __version__
from camdraw.ui.contrast import keep_highlight_readable
from camdraw.ui.menus import menu_actions, plain_text, shortcut_text
from camdraw.ui.mnemonics import mnemonic_key, mnemonic_row

KeyRow = tuple[str, str, str]  # keys, what they do, where


class ShortcutsDialog(QDialog):
    """A read-only table: keys, what they do, where; one row per action in ``menu_bar`` and
    one per ``more`` row (the panes' and toolbar's mnemonics, the gallery's keys)."""

    def __init__(
        self,
        menu_bar: QMenuBar,
        parent: QWidget | None = None,
        *,
        more: Sequence[KeyRow] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        rows = [
            (
                shortcut_text(action) or self.tr("(from the menu)"),
                plain_text(action),
                self.tr("{menu} menu").format(menu=menu),
            )
            for menu, action in menu_actions(menu_bar)
        ]
        rows += list(more)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setAccessibleName(self.tr("Shortcuts"))
        self.table.setAccessibleDescription(
            self.tr("Every key of the window and the gallery, what it does and where.")
        )
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Does"), self.tr("Where")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the Close button
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        keep_highlight_readable(self.table)
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        # Keys and place as wide as their text; what they do takes the rest and wraps, so the
        # table never scrolls sideways.
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        keys_width, where_width = header.sectionSize(0), header.sectionSize(2)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setAccessibleName(self.tr("Dialog buttons"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        em = self.fontMetrics().height()
        self.resize(keys_width + where_width + em * 22 + 80, em * 32)

    def rows(self) -> list[KeyRow]:
        """The table's text, row by row (for tests and screen readers alike)."""
        table = self.table
        return [
            tuple(table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(table.rowCount())
        ]

    def showEvent(self, event: QShowEvent) -> None:
        """Each time it opens, the first key is current and the table has the focus."""
        super().showEvent(event)
        if self.table.rowCount():
            self.table.setCurrentCell(0, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


def window_key_rows(window: QWidget) -> list[KeyRow]:
    """The mnemonics of the labels in ``window`` that move to a control (the panes' headings,
    the toolbar's style list), read from the labels' own texts."""
    rows: list[KeyRow] = []
    for label in window.findChildren(QLabel):
        if label.buddy() is None or label.window() is not window or not mnemonic_key(label.text()):
            continue
        inside_toolbar = isinstance(label.parentWidget(), QToolBar)
        where = (
            QCoreApplication.translate("Help", "Toolbar")
            if inside_toolbar
            else QCoreApplication.translate("Help", "Window")
        )
        rows.append(mnemonic_row(label.text(), where, goes_to=True))
    return rows


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
