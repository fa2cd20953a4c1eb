"""The window's Help: the keyboard shortcuts (one dialog for the window's life: its actions,
and so the list, do not change) and About, neither of them for a locked photobooth's guests
(they name the unlock key)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDialog, QMainWindow

from camdraw.ui import gallery, help_dialog


class HelpWindows(QObject):
    def __init__(self, window: QMainWindow, *, locked: Callable[[], bool]) -> None:
        super().__init__(window)
        self._window = window
        self._locked = locked
        self._shortcuts: QDialog | None = None
        self._about: QDialog | None = None

    @property
    def shortcuts_dialog(self) -> QDialog | None:
        """The shortcuts dialog (None until first shown)."""
        return self._shortcuts

    @property
    def about_box(self) -> QDialog | None:
        """The last About box (None until first shown)."""
        return self._about

    @Slot()
    def show_shortcuts(self) -> None:
        if self._locked():
            return
        if self._shortcuts is None:
            self._shortcuts = help_dialog.ShortcutsDialog(
                self._window.menuBar(),
                self._window,
                more=help_dialog.window_key_rows(self._window) + gallery.key_rows(),
            )
            self._shortcuts.setModal(True)
        self._shortcuts.open()  # not exec(): no nested event loop

    @Slot()
    def show_about(self) -> None:
        if self._locked():
            return
        if self._about is not None:
            self._about.done(QDialog.DialogCode.Rejected)
            self._about.deleteLater()
        self._about = help_dialog.show_about(self._window)

    def close(self) -> None:
        """Close whichever is open (the photobooth locks)."""
        close_if_open(self._shortcuts)
        close_if_open(self._about)


def close_if_open(dialog: QDialog | None) -> None:
    if dialog is not None and dialog.isVisible():
        dialog.done(QDialog.DialogCode.Rejected)
