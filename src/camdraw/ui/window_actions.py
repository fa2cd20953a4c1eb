"""The main window's commands: menus (with mnemonics), the toolbar and every shortcut.

Each command is one QAction in a menu and attached to the window, so its shortcut also works
in photobooth mode with the bars hidden; Help → Keyboard shortcuts lists them from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QToolBar

from camdraw.ui.menus import add_action
from camdraw.ui.style_picker import StylePicker

if TYPE_CHECKING:
    from camdraw.ui.main_window import MainWindow


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
