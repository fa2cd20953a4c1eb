"""Space and Esc: the photobooth's countdown or the photo at once, the camera's picture to the
round, and stopping either; and "Choose another folder…" for a photo kept in memory. Whether
Esc has anything to stop is told by ``cancel_available_changed``. The strings keep the
"MainWindow" translation context."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from camdraw.core.settings import Settings
from camdraw.ui.booth import Photobooth
from camdraw.ui.camera_feed import CameraFeed
from camdraw.ui.round_controller import RoundController


class Shutter(QObject):
    cancel_available_changed = Signal(bool)  # a countdown or a round runs that Esc can stop

    def __init__(
        self,
        window: QWidget,
        settings: Callable[[], Settings],
        *,
        rounds: RoundController,
        booth: Photobooth,
        camera: CameraFeed,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._rounds = rounds
        self._booth = booth
        self._camera = camera
        # Replaceable in tests: returns the folder the user picked, or None.
        self.choose_folder: Callable[[], str | None] = self._ask_for_folder

    @Slot()
    def start_photo(self) -> None:
        """Space: the countdown when one is set, else the photo at once."""
        if self._booth.countdown.running or self._rounds.refuse_if_busy():
            return
        countdown_s = self._settings().countdown_s
        if countdown_s > 0 and self._camera.has_picture:
            self._booth.start_countdown(countdown_s)
            self.update_cancel()
            return
        self.take_photo()

    @Slot()
    def take_photo(self) -> None:
        """The camera's picture, now, to the round controller (which may refuse it)."""
        self._rounds.take_photo(self._camera.snapshot())

    @Slot()
    def cancel(self) -> None:
        """Esc: stop the countdown, or the running round at its next safe point (the photo and
        what is done stay)."""
        if self._booth.countdown.running:
            self._booth.countdown.cancel()
        else:
            self._rounds.cancel()

    @Slot()
    def update_cancel(self) -> None:
        """Tell whether Esc has something to cancel: the countdown or a round."""
        running = self._rounds.cancellable or self._booth.countdown.running
        self.cancel_available_changed.emit(running)

    def save_kept_photo_elsewhere(self) -> bool | None:
        """Ask for another images folder and run the round on the photo kept in memory.

        False when it cannot ask now (busy, or a locked photobooth, which shows no file dialog
        to its guests): the banner and its button stay, so the photo can still be saved."""
        if not self._rounds.has_unsaved_photo:
            return None
        if self._booth.locked:
            return False
        return self._rounds.save_unsaved_photo(self.choose_folder)

    def _ask_for_folder(self) -> str | None:
        start = str(self._settings().images_path().parent)
        chosen = QFileDialog.getExistingDirectory(
            self._window,
            QCoreApplication.translate("MainWindow", "Save photos and paintings in…"),
            start,
        )
        return chosen or None
