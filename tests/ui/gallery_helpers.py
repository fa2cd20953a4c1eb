"""Helpers for the gallery dialog's tests (its fixtures, ``images`` and ``make_dialog``, are in
tests/ui/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from camdraw.ui.gallery import GalleryDialog

Factory = Callable[..., GalleryDialog]


def wait_loaded(qtbot, dialog: GalleryDialog, count: int) -> None:
    qtbot.waitUntil(lambda: not dialog.loading and dialog.model.rowCount() == count, timeout=20000)


def open_row(qtbot, dialog: GalleryDialog, row: int) -> None:
    """Select ``row`` and press Enter, as a keyboard user would."""
    dialog.view.setFocus()
    dialog.view.setCurrentIndex(dialog.model.index(row))
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.current_entry() is dialog.model.entry(row)
    qtbot.waitUntil(lambda: dialog.round_view.photo.frame is not None)


def row_of(dialog: GalleryDialog, stem: str) -> int:
    return next(r for r, e in enumerate(dialog.model.entries()) if e.stem == stem)
