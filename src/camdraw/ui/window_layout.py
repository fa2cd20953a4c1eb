"""The main window's layout: messages, camera | photo | painting with their headings (Alt +
the underlined letter moves to a picture), the description, and the status bar.

Every widget gets an accessible name; colours come from the palette; sizes follow the font.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizeGrip, QTextBrowser, QVBoxLayout, QWidget

from camdraw.ui.banner import Banner
from camdraw.ui.preview import ImageView, PreviewWidget
from camdraw.ui.status_line import StatusLine

if TYPE_CHECKING:
    from camdraw.ui.main_window import MainWindow


def build(window: MainWindow) -> None:
    central = QWidget()
    central.setAccessibleName(QCoreApplication.translate("MainWindow", "camdraw"))
    outer = QVBoxLayout(central)
    window.banner = Banner()
    window.banner.setAccessibleName(QCoreApplication.translate("MainWindow", "Messages"))
    outer.addWidget(window.banner)
    panes = QHBoxLayout()
    window.preview = PreviewWidget(
        placeholder=QCoreApplication.translate("MainWindow", "Starting the camera…")
    )
    window.preview.setAccessibleName(QCoreApplication.translate("MainWindow", "Camera preview"))
    window.preview.set_mirror(window.settings.mirror)
    window.preview.clicked.connect(window.start_photo)
    window.photo_view = ImageView(
        placeholder=QCoreApplication.translate("MainWindow", "The photo appears here.")
    )
    window.photo_view.setAccessibleName(QCoreApplication.translate("MainWindow", "Photo"))
    window.painting_view = ImageView(
        placeholder=QCoreApplication.translate(
            "MainWindow", "Press Space to take a photo and paint it."
        )
    )
    window.painting_view.setAccessibleName(QCoreApplication.translate("MainWindow", "Painting"))
    window.painting_caption = QLabel()
    window.painting_caption.setAccessibleName(
        QCoreApplication.translate("MainWindow", "Painting style")
    )
    window.headings: list[QLabel] = []
    for title, view, stretch in (
        (QCoreApplication.translate("MainWindow", "C&amera"), window.preview, 4),
        (QCoreApplication.translate("MainWindow", "Ph&oto"), window.photo_view, 3),
        (QCoreApplication.translate("MainWindow", "&Painting"), window.painting_view, 3),
    ):
        column = QVBoxLayout()
        heading = QLabel(title)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setBuddy(view)  # Alt + the underlined letter moves to the picture
        window.headings.append(heading)
        row = QHBoxLayout()
        row.addWidget(heading)
        if view is window.painting_view:
            row.addWidget(window.painting_caption, 1)
        else:
            row.addStretch(1)
        column.addLayout(row)
        column.addWidget(view, 1)
        panes.addLayout(column, stretch)
    outer.addLayout(panes, 1)
    description_heading = QLabel(QCoreApplication.translate("MainWindow", "&Description"))
    outer.addWidget(description_heading)
    window.description = QTextBrowser()
    window.description.setAccessibleName(QCoreApplication.translate("MainWindow", "Description"))
    window.description.setPlaceholderText(
        QCoreApplication.translate("MainWindow", "The description of the photo appears here.")
    )
    description_heading.setBuddy(window.description)
    window.description.setMaximumHeight(150 * max(1, round(window.logicalDpiY() / 96)))
    font = window.description.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    window.description.setFont(font)
    outer.addWidget(window.description)
    window.setCentralWidget(central)
    window.step_label = StatusLine(QCoreApplication.translate("MainWindow", "Ready."))
    window.statusBar().setAccessibleName(QCoreApplication.translate("MainWindow", "Status bar"))
    for grip in window.statusBar().findChildren(QSizeGrip):
        grip.setAccessibleName(QCoreApplication.translate("MainWindow", "Resize the window"))
    window.statusBar().addWidget(window.step_label, 1)
    window.mode_label = QLabel(QCoreApplication.translate("MainWindow", "Offline demo"))
    window.mode_label.setAccessibleName(QCoreApplication.translate("MainWindow", "Service"))
    window.mode_label.setAccessibleDescription(
        QCoreApplication.translate("MainWindow", "The offline demo runs: nothing is sent anywhere.")
    )
    window.statusBar().addPermanentWidget(window.mode_label)
    window.mode_label.hide()


def set_focus_order(window: MainWindow) -> None:
    """Keyboard order follows the eye: the pictures, the description, then the status."""
    chain = [
        window.preview,
        window.photo_view,
        window.painting_view,
        window.description,
        window.step_label,
    ]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
