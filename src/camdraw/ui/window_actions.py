"""The main window's commands: menus (with mnemonics), the toolbar and every shortcut, built
from one table.

Each command is one QAction in a menu and attached to the window, so its shortcut also works
in photobooth mode with the bars hidden; Help → Keyboard shortcuts lists them from the menus.
Space and Enter take a photo, except on a focused button or combo box (a banner's "Retry
camera", the style picker): there they operate that control, as everywhere else.
The window connects the actions to its slots (``MainWindow._connect_signals``); this module
knows no slot of the window. The strings keep the "MainWindow" translation context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QWidget,
)

from camdraw.core.settings import Settings
from camdraw.ui.inner_names import name_inner_parts
from camdraw.ui.menus import add_action
from camdraw.ui.style_picker import StylePicker

CONTROL_KEYS = {Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter}


class ControlKeys(QObject):
    """Lets a focused button or combo box of ``window`` have Space and Enter before the
    window-wide Take photo shortcut does: Space or Enter presses the button or opens the list.

    An event filter, because the shortcut is matched before the focused widget sees the key.
    It sits only on the button or combo box of this window that has the focus (moved along
    as the focus moves), so no other widget's events, camera frames and paints above all,
    pass through Python.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._watched: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            self._focus_changed(None, app.focusWidget())

    @Slot(QWidget, QWidget)
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = None
        if isinstance(new, (QAbstractButton, QComboBox)) and new.window() is self._window:
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(watched, (QAbstractButton, QComboBox)):
            return False
        assert isinstance(event, QKeyEvent)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() not in CONTROL_KEYS or modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        if not watched.hasFocus() or watched.window() is not self._window:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key goes to the control, not to the Take photo shortcut
            return True
        if event.key() == Qt.Key.Key_Space:
            return False  # buttons and combo boxes handle Space themselves
        # Enter: a button outside a dialog ignores it, a combo box does not open on it.
        if isinstance(watched, QComboBox):
            watched.showPopup()
        else:
            watched.click()
        return True


@dataclass(frozen=True)
class Command:
    name: str  # the key the window connects it by
    text: str  # QT_TRANSLATE_NOOP'd, with the mnemonic
    shortcuts: tuple[str, ...] = ()
    toolbar: bool = False
    checked_by: str = ""  # checkable: the boolean setting it shows
    enabled: bool = True  # at start
    admin: bool = False  # locked in photobooth mode


MENUS: tuple[tuple[str, tuple[Command | None, ...]], ...] = (  # None: a separator
    (
        QT_TRANSLATE_NOOP("MainWindow", "&Round"),
        (
            Command(
                "take",
                QT_TRANSLATE_NOOP("MainWindow", "&Take photo"),
                ("Space", "Return", "Enter"),
                toolbar=True,
            ),
            Command(
                "frame",
                QT_TRANSLATE_NOOP("MainWindow", "What the camera &sees"),
                ("F",),
            ),
            Command(
                "retry",
                QT_TRANSLATE_NOOP("MainWindow", "&Retry"),
                ("Ctrl+R",),
                toolbar=True,
                enabled=False,
            ),
            Command(
                "cancel",
                QT_TRANSLATE_NOOP("MainWindow", "&Cancel"),
                ("Esc",),
                toolbar=True,
                enabled=False,
            ),
            None,
            Command("quit", QT_TRANSLATE_NOOP("MainWindow", "&Quit"), ("Ctrl+Q",), admin=True),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "&View"),
        (
            Command(
                "full_screen",
                QT_TRANSLATE_NOOP("MainWindow", "&Full screen"),
                ("F11",),
                admin=True,
            ),
            Command(
                "booth",
                QT_TRANSLATE_NOOP("MainWindow", "&Photobooth mode"),
                ("Ctrl+Shift+B",),
                admin=True,
            ),
            Command(
                "unlock",
                QT_TRANSLATE_NOOP("MainWindow", "&Unlock photobooth"),
                ("Ctrl+Shift+U",),
                enabled=False,
            ),
            Command(
                "mirror",
                QT_TRANSLATE_NOOP("MainWindow", "M&irror"),
                ("Ctrl+M",),
                toolbar=True,
                checked_by="mirror",
                admin=True,
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "&Tools"),
        (
            Command(
                "likeness",
                QT_TRANSLATE_NOOP("MainWindow", "&Likeness (paint from the photo)"),
                ("Ctrl+L",),
                toolbar=True,
                checked_by="likeness",
                admin=True,
            ),
            Command(
                "gallery",
                QT_TRANSLATE_NOOP("MainWindow", "&Gallery…"),
                ("Ctrl+G",),
                toolbar=True,
                admin=True,
            ),
            None,
            Command(
                "speak",
                QT_TRANSLATE_NOOP("MainWindow", "S&peak again"),
                ("Ctrl+Space",),
                toolbar=True,
            ),
            Command(
                "mute",
                QT_TRANSLATE_NOOP("MainWindow", "&Mute"),
                ("M",),
                toolbar=True,
                checked_by="muted",
                admin=True,
            ),
            None,
            Command(
                "folder",
                QT_TRANSLATE_NOOP("MainWindow", "&Open images folder"),
                ("Ctrl+O",),
                toolbar=True,
                admin=True,
            ),
            Command(
                "settings",
                QT_TRANSLATE_NOOP("MainWindow", "&Settings…"),
                ("Ctrl+,",),
                toolbar=True,
                admin=True,
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "As&k"),  # questions about the photo (ui/questions.py)
        (
            Command("ask", QT_TRANSLATE_NOOP("MainWindow", "&Ask about the photo"), ("Ctrl+K",)),
            None,
            Command(
                "read_text", QT_TRANSLATE_NOOP("MainWindow", "&Read the text"), ("Ctrl+Shift+T",)
            ),
            Command(
                "more_detail",
                QT_TRANSLATE_NOOP("MainWindow", "Describe in more &detail"),
                ("Ctrl+Shift+D",),
            ),
            Command(
                "colours", QT_TRANSLATE_NOOP("MainWindow", "What &colours?"), ("Ctrl+Shift+C",)
            ),
            Command("where", QT_TRANSLATE_NOOP("MainWindow", "&Where is …?"), ("Ctrl+Shift+W",)),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "&Help"),
        (
            Command(
                "shortcuts",
                QT_TRANSLATE_NOOP("MainWindow", "&Keyboard shortcuts"),
                ("F1",),
                admin=True,  # Help names the unlock key
            ),
            Command("about", QT_TRANSLATE_NOOP("MainWindow", "&About camdraw"), admin=True),
        ),
    ),
)
STYLE_AFTER = "mirror"  # the toolbar's style list comes after this command's button


class WindowActions(QObject):
    """The menus, the toolbar (with the style list) and their actions for ``window``, made
    from ``MENUS``; ``actions[name]`` is one of them. The checkable ones start as ``settings``
    say."""

    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        super().__init__(window)
        self._actions: dict[str, QAction] = {}
        self._admin: list[QAction] = []
        bar = window.menuBar()
        bar.setAccessibleName(QCoreApplication.translate("MainWindow", "Menu bar"))
        self.toolbar = QToolBar(QCoreApplication.translate("MainWindow", "Actions"), window)
        self.toolbar.setObjectName("actions")
        self.toolbar.setAccessibleName(QCoreApplication.translate("MainWindow", "Toolbar"))
        self.toolbar.setMovable(False)
        # The toolbar cannot be lost by a right-click.
        self.toolbar.toggleViewAction().setVisible(False)
        window.addToolBar(self.toolbar)
        self.style_picker = StylePicker(self.toolbar)
        for title, commands in MENUS:
            menu = bar.addMenu(QCoreApplication.translate("MainWindow", title))
            for command in commands:
                if command is None:
                    menu.addSeparator()
                else:
                    self._add(window, menu, command, settings)
            menu.setAccessibleName(menu.title().replace("&", ""))
        self["likeness"].setIconText(QCoreApplication.translate("MainWindow", "Likeness"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._control_keys = ControlKeys(window)
        name_inner_parts(self.toolbar)

    def _add(self, window: QMainWindow, menu: QMenu, command: Command, settings: Settings) -> None:
        checked = bool(getattr(settings, command.checked_by)) if command.checked_by else False
        action = add_action(
            window,
            menu,
            QCoreApplication.translate("MainWindow", command.text),
            command.shortcuts,
            toolbar=self.toolbar if command.toolbar else None,
            checkable=bool(command.checked_by),
            checked=checked,
        )
        action.setEnabled(command.enabled)
        self._actions[command.name] = action
        if command.admin:
            self._admin.append(action)
        if command.name == STYLE_AFTER:
            self.toolbar.addSeparator()
            label = QLabel(QCoreApplication.translate("MainWindow", "St&yle:"), self.toolbar)
            label.setBuddy(self.style_picker)
            self.toolbar.addWidget(label)
            self.toolbar.addWidget(self.style_picker)

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def connect(self, slots: Mapping[str, Callable[..., object]]) -> None:
        """Run ``slots[name]`` when the action ``name`` is triggered (checkable ones get their
        new state)."""
        for name, slot in slots.items():
            self._actions[name].triggered.connect(slot)

    @property
    def admin(self) -> list[QAction]:
        """The actions a locked photobooth disables: settings, files, quitting, the choices
        saved to the settings, and Help (it names the unlock key)."""
        return list(self._admin)

    def show_settings(self, settings: Settings) -> None:
        """Check the checkable actions as ``settings`` say."""
        for command in (c for _, commands in MENUS for c in commands if c is not None):
            if command.checked_by:
                self._actions[command.name].setChecked(bool(getattr(settings, command.checked_by)))
