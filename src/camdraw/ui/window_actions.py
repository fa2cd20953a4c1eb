"""The main window's commands: menus (with mnemonics), the toolbar and every shortcut.

Each command is one QAction in a menu and attached to the window, so its shortcut also works
in photobooth mode with the bars hidden; Help → Keyboard shortcuts lists them from here.
Space and Enter take a photo, except on a focused button or combo box (a banner's "Retry
camera", the style picker): there they operate that control, as everywhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QToolBar, QWidget

from camdraw.ui.menus import add_action
from camdraw.ui.style_picker import StylePicker

if TYPE_CHECKING:
    from camdraw.ui.main_window import MainWindow


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


def build(window: MainWindow) -> None:
    """Create the menus, the toolbar and their actions as attributes of ``window``."""
    bar = window.menuBar()
    bar.setAccessibleName(QCoreApplication.translate("MainWindow", "Menu bar"))
    toolbar = QToolBar(QCoreApplication.translate("MainWindow", "Actions"), window)
    toolbar.setObjectName("actions")
    toolbar.setAccessibleName(QCoreApplication.translate("MainWindow", "Toolbar"))
    toolbar.setMovable(False)
    toolbar.toggleViewAction().setVisible(False)  # the toolbar cannot be lost by a right-click
    window.addToolBar(toolbar)
    window.toolbar = toolbar
    settings = window.settings

    round_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Round"))
    window.take_action = add_action(
        window,
        round_menu,
        QCoreApplication.translate("MainWindow", "&Take photo"),
        ["Space", "Return", "Enter"],
        window.start_photo,
        toolbar=toolbar,
    )
    window.retry_action = add_action(
        window,
        round_menu,
        QCoreApplication.translate("MainWindow", "&Retry"),
        ["Ctrl+R"],
        window.retry,
        toolbar=toolbar,
    )
    window.retry_action.setEnabled(False)
    window.cancel_action = add_action(
        window,
        round_menu,
        QCoreApplication.translate("MainWindow", "&Cancel"),
        ["Esc"],
        window.cancel_round,
        toolbar=toolbar,
    )
    window.cancel_action.setEnabled(False)
    round_menu.addSeparator()
    window.quit_action = add_action(
        window,
        round_menu,
        QCoreApplication.translate("MainWindow", "&Quit"),
        ["Ctrl+Q"],
        window.close,
    )

    view_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&View"))
    window.full_screen_action = add_action(
        window,
        view_menu,
        QCoreApplication.translate("MainWindow", "&Full screen"),
        ["F11"],
        window.toggle_full_screen,
    )
    window.booth_action = add_action(
        window,
        view_menu,
        QCoreApplication.translate("MainWindow", "&Photobooth mode"),
        ["Ctrl+Shift+B"],
        window.enter_photobooth,
    )
    window.unlock_action = add_action(
        window,
        view_menu,
        QCoreApplication.translate("MainWindow", "&Unlock photobooth"),
        ["Ctrl+Shift+U"],
        window.leave_photobooth,
    )
    window.unlock_action.setEnabled(False)
    window.mirror_action = add_action(
        window,
        view_menu,
        QCoreApplication.translate("MainWindow", "M&irror"),
        ["Ctrl+M"],
        window.set_mirror,
        toolbar=toolbar,
        checkable=True,
        checked=settings.mirror,
    )

    tools = bar.addMenu(QCoreApplication.translate("MainWindow", "&Tools"))
    toolbar.addSeparator()
    style_label = QLabel(QCoreApplication.translate("MainWindow", "St&yle:"), toolbar)
    window.style_picker = StylePicker(toolbar)
    style_label.setBuddy(window.style_picker)
    toolbar.addWidget(style_label)
    toolbar.addWidget(window.style_picker)
    window.likeness_action = add_action(
        window,
        tools,
        QCoreApplication.translate("MainWindow", "&Likeness (paint from the photo)"),
        ["Ctrl+L"],
        window.set_likeness,
        toolbar=toolbar,
        checkable=True,
        checked=settings.likeness,
    )
    window.likeness_action.setIconText(QCoreApplication.translate("MainWindow", "Likeness"))
    window.gallery_action = add_action(
        window,
        tools,
        QCoreApplication.translate("MainWindow", "&Gallery…"),
        ["Ctrl+G"],
        window.open_gallery,
        toolbar=toolbar,
    )
    tools.addSeparator()
    window.speak_action = add_action(
        window,
        tools,
        QCoreApplication.translate("MainWindow", "S&peak again"),
        ["Ctrl+Space"],
        window.speak_again,
        toolbar=toolbar,
    )
    window.mute_action = add_action(
        window,
        tools,
        QCoreApplication.translate("MainWindow", "&Mute"),
        ["M"],
        window.set_muted,
        toolbar=toolbar,
        checkable=True,
        checked=settings.muted,
    )
    tools.addSeparator()
    window.folder_action = add_action(
        window,
        tools,
        QCoreApplication.translate("MainWindow", "&Open images folder"),
        ["Ctrl+O"],
        window.open_images_folder,
        toolbar=toolbar,
    )
    window.settings_action = add_action(
        window,
        tools,
        QCoreApplication.translate("MainWindow", "&Settings…"),
        ["Ctrl+,"],
        window.open_settings,
        toolbar=toolbar,
    )

    help_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    window.shortcuts_action = add_action(
        window,
        help_menu,
        QCoreApplication.translate("MainWindow", "&Keyboard shortcuts"),
        ["F1"],
        window.show_shortcuts,
    )
    window.about_action = add_action(
        window,
        help_menu,
        QCoreApplication.translate("MainWindow", "&About camdraw"),
        [],
        window.show_about,
    )
    for menu in (round_menu, view_menu, tools, help_menu):
        menu.setAccessibleName(menu.title().replace("&", ""))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    window.control_keys = ControlKeys(window)
