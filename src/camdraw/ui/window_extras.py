"""The main window's extra modes, kept apart from the round itself: the countdown and the
return to the preview, photobooth and full screen, Help, the gallery, and which service
(API or offline demo) the window says it uses.

A mixin of ``MainWindow``: it uses the window's widgets, actions and round methods.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot

from camdraw.core import apikey
from camdraw.ui import help_dialog, service_state
from camdraw.ui.service_state import ServiceState

if TYPE_CHECKING:
    from camdraw.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

OFFLINE_NOTE = QT_TRANSLATE_NOOP(
    "MainWindow",
    "No API key: camdraw runs the offline demo — descriptions and paintings made on this "
    "computer by OpenCV, nothing is sent anywhere. Add a key in Settings to use the online "
    "service.",
)


class WindowExtras(_Base):
    gallery: Any
    offline_demo: bool
    _demo_kept: bool

    # -- countdown and the return to the preview -------------------------------------------

    @Slot(int)
    def _countdown_ticked(self, number: int) -> None:
        self.step_label.setText(self.tr("Photo in {n}…").format(n=number))

    @Slot()
    def _countdown_finished(self) -> None:
        self.cancel_action.setEnabled(self._busy)
        self.take_photo()

    @Slot()
    def _countdown_cancelled(self) -> None:
        self.cancel_action.setEnabled(self._busy)
        self.step_label.setText(self.tr("Countdown cancelled. Press Space to start again."))

    @Slot()
    def return_to_preview(self) -> None:
        """Photobooth: clear the last result so the live preview is all there is to see."""
        if self._busy:
            return
        self.photo_view.set_frame(None)
        self.painting_view.set_frame(None)
        self.painting_view.set_placeholder(self.tr("Press Space to take a photo and paint it."))
        self.description.clear()
        self._set_caption("")
        self.banner.hide_message("round")
        self.step_label.setText(self.tr("Ready. Press Space to take a photo."))

    # -- photobooth, help ----------------------------------------------------------------------

    @Slot()
    def toggle_full_screen(self) -> None:
        self.booth.toggle_full_screen()

    @Slot()
    def enter_photobooth(self) -> None:
        self.booth.enter()
        self.preview.setFocus()
        self.step_label.setText(
            self.tr("Photobooth: press Space to take a photo. Ctrl+Shift+U unlocks.")
        )

    @Slot()
    def leave_photobooth(self) -> None:
        self.booth.unlock()

    @Slot()
    def show_shortcuts(self) -> None:
        dialog = help_dialog.ShortcutsDialog(self.menuBar(), self)
        dialog.setModal(True)
        dialog.open()  # not exec(): no nested event loop
        self.shortcuts_dialog = dialog

    @Slot()
    def show_about(self) -> None:
        help_dialog.show_about(self)

    # -- the gallery ---------------------------------------------------------------------------

    @Slot()
    def open_gallery(self) -> None:
        if self.booth.locked:
            return
        if self.gallery is None:
            from camdraw.ui.gallery import GalleryDialog  # Qt widgets only needed on first use

            gallery = GalleryDialog(
                self.settings.images_path(),
                language=self._ui_language(),
                custom_styles=self.settings.custom_styles,
                parent=self,
            )
            gallery.speak_requested.connect(self._speak_text)
            gallery.retry_requested.connect(lambda sidecar: self.retry_round(Path(sidecar)))
            gallery.repaint_requested.connect(
                lambda sidecar, style: self.repaint_round(Path(sidecar), style)
            )
            self.gallery = gallery
        else:
            self.gallery.refresh()
        self.gallery.show()
        self.gallery.activateWindow()

    @Slot(str)
    def _speak_text(self, text: str) -> None:
        self.speaker.say(text)

    def _check_key(self) -> None:
        """Key or offline demo? Asked off the GUI thread: a keyring may wait on an unlock
        prompt."""
        keys, settings = self.keys, self.settings
        self.jobs.run(lambda: service_state.look(settings, keys), self._show_service_state)

    def _show_service_state(self, state: ServiceState) -> None:
        self.offline_demo = state.offline
        self._show_title()
        self.mode_label.setVisible(state.offline)
        if state.offline:
            self.banner.hide_message("key")
            if self.settings.service_mode == "auto" and not self._demo_kept:
                self.banner.show_message(
                    "demo",
                    self.tr(OFFLINE_NOTE),
                    self.tr("Add key…"),
                    self.open_settings,
                    dismiss=self.tr("Keep the demo"),
                )
                button = self.banner.dismiss_button("demo")
                if button is not None:
                    button.clicked.connect(self._keep_demo)
            return
        self.banner.hide_message("demo")
        if state.key_found:
            self.banner.hide_message("key")
            return
        text = f"{apikey.MISSING_KEY_MESSAGE} {apikey.MISSING_KEY_HINT}"
        if not state.has_backend:
            text += f" {apikey.NO_BACKEND_MESSAGE}"
        self.banner.show_message("key", text, self.tr("Open settings"), self.open_settings)

    @Slot()
    def _keep_demo(self) -> None:
        self._demo_kept = True
