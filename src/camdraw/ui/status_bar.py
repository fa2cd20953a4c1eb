"""The window's status bar: the status line (what the round, the camera and the photobooth
say, and the running step's clock) and, at its right, "Offline demo" while the demo runs.
The strings keep the "MainWindow" translation context."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QLabel, QSizeGrip, QStatusBar, QWidget

from camdraw.ui.round_text import step_text, step_title
from camdraw.ui.status_line import StatusLine


class WindowStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step_label = StatusLine(QCoreApplication.translate("MainWindow", "Ready."))
        self.mode_label = QLabel(QCoreApplication.translate("MainWindow", "Offline demo"))
        self.setAccessibleName(QCoreApplication.translate("MainWindow", "Status bar"))
        for grip in self.findChildren(QSizeGrip):
            grip.setAccessibleName(QCoreApplication.translate("MainWindow", "Resize the window"))
        self.addWidget(self.step_label, 1)
        self.mode_label.setAccessibleName(QCoreApplication.translate("MainWindow", "Service"))
        self.mode_label.setAccessibleDescription(
            QCoreApplication.translate(
                "MainWindow", "The offline demo runs: nothing is sent anywhere."
            )
        )
        self.addPermanentWidget(self.mode_label)
        self.mode_label.hide()

    @Slot(str, float)
    def show_step_clock(self, step: str, seconds: float) -> None:
        """The running step's clock is seen, not heard: screen readers keep the step's name."""
        self.step_label.show_progress(step_text(step, seconds), step_title(step))

    @Slot(bool)
    def show_offline(self, offline: bool) -> None:
        self.mode_label.setVisible(offline)
