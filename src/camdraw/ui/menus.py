"""Actions in menus: every command of the window lives in a real menu bar (with mnemonics),
is also attached to the window itself so its shortcut works when the bars are hidden
(photobooth), and can be listed with its shortcut for the Help dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QToolBar


def add_action(
    window: QMainWindow,
    menu: QMenu,
    text: str,
    shortcuts: Sequence[str],
    slot: Callable[..., object] | None = None,
    *,
    toolbar: QToolBar | None = None,
    checkable: bool = False,
    checked: bool = False,
) -> QAction:
    """An action in ``menu`` (and on ``toolbar``), triggered by ``shortcuts`` anywhere in the
    window, even while the menu bar and toolbar are hidden."""
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.setCheckable(checkable)
    action.setChecked(checked)
    if slot is not None:
        action.triggered.connect(slot)
    shown = shortcut_text(action)
    plain = plain_text(action)
    action.setToolTip(f"{plain} ({shown})" if shown else plain)
    action.setStatusTip(action.toolTip())
    menu.addAction(action)
    window.addAction(action)
    if toolbar is not None:
        toolbar.addAction(action)
    return action


def plain_text(action: QAction) -> str:
    """The action's text without mnemonic ampersands or a trailing ellipsis."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").rstrip(".").strip()


def shortcut_text(action: QAction) -> str:
    """Every shortcut of ``action`` as the user's platform writes it, comma-separated."""
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())


def menu_actions(bar: QMenuBar) -> list[tuple[str, QAction]]:
    """(menu title, action) for every action in every menu of ``bar``, in menu order."""
    rows: list[tuple[str, QAction]] = []
    for top in bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        title = plain_text(top)
        rows.extend((title, a) for a in menu.actions() if not a.isSeparator())
    return rows
