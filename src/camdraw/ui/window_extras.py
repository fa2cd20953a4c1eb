"""The main window's extra modes, kept apart from the round itself: the countdown and the
return to the preview, photobooth and full screen, Help, the gallery, and which service
(API or offline demo) the window says it uses.

A mixin of ``MainWindow``: it uses the window's widgets, actions and round methods.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot
from PySide6.QtWidgets import QDialog

from camdraw.ui import help_dialog, i18n, service_state
from camdraw.ui.round_control import same_path_key
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
    _gallery_made_for: tuple[Any, ...] | None = None
    shortcuts_dialog: QDialog | None = None
    about_box: QDialog | None = None

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
        # Off the screen and out of reach: the next guest cannot retry, regenerate or hear
        # the previous guest's round.
        self.forget_result()
        self.step_label.setText(self.tr("Ready. Press Space to take a photo."))

    # -- photobooth, help ----------------------------------------------------------------------

    @Slot()
    def toggle_full_screen(self) -> None:
        self.booth.toggle_full_screen()

    @Slot()
    def enter_photobooth(self) -> None:
        self.booth.enter()
        if not self.booth.locked:
            return
        # Nothing the operator left open stays usable for the guests: the gallery (delete,
        # show in folder) and Help (it names the unlock key) close.
        for dialog in (self.gallery, self.shortcuts_dialog, self.about_box):
            if dialog is not None and dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)
        self.preview.setFocus()
        # Guests read this line: the unlock key is for the operator (Help, README).
        self.step_label.setText(self.tr("Photobooth: press Space to take a photo."))

    @Slot()
    def leave_photobooth(self) -> None:
        self.booth.unlock()

    @Slot()
    def show_shortcuts(self) -> None:
        if self.booth.locked:
            return
        if self.shortcuts_dialog is None:
            # One for the window's life: its actions, and so the list, do not change.
            self.shortcuts_dialog = help_dialog.ShortcutsDialog(self.menuBar(), self)
            self.shortcuts_dialog.setModal(True)
        self.shortcuts_dialog.open()  # not exec(): no nested event loop

    @Slot()
    def show_about(self) -> None:
        if self.booth.locked:
            return
        if self.about_box is not None:
            self.about_box.done(QDialog.DialogCode.Rejected)
            self.about_box.deleteLater()
        self.about_box = help_dialog.show_about(self)

    # -- the gallery ---------------------------------------------------------------------------

    @Slot()
    def open_gallery(self) -> None:
        if self.booth.locked:
            return
        if self.gallery is None:
            from camdraw.ui.gallery import GalleryDialog  # Qt widgets only needed on first use

            gallery = GalleryDialog(
                self.settings.images_path(),
                language=i18n.current(),
                custom_styles=self.settings.custom_styles,
                style_name=self.style_name,
                parent=self,
                locked=lambda: self.booth.locked,
                in_use=self.round_in_use,
            )
            gallery.round_deleted.connect(self._round_deleted)
            gallery.speak_requested.connect(self._speak_text)
            gallery.retry_requested.connect(lambda sidecar: self.retry_round(Path(sidecar)))
            gallery.repaint_requested.connect(
                lambda sidecar, style: self.repaint_round(Path(sidecar), style)
            )
            self.gallery = gallery
            self._gallery_made_for = self._gallery_settings()
        else:
            self.gallery.refresh()
        self.gallery.show()
        self.gallery.activateWindow()

    def _gallery_settings(self) -> tuple[Any, ...]:
        settings = self.settings
        return (settings.images_path(), list(settings.custom_styles))

    def _update_gallery(self) -> None:
        """After the images folder or the styles changed: a gallery made for the old ones is
        dropped (its workers stopped) and, if it was open, made anew. (The interface language
        changes only at the next start.)"""
        gallery = self.gallery
        if gallery is None or self._gallery_made_for == self._gallery_settings():
            return
        was_open = gallery.isVisible()
        gallery.shutdown()
        gallery.hide()
        gallery.deleteLater()
        self.gallery = None
        self._gallery_made_for = None
        if was_open:
            self.open_gallery()

    @Slot(str)
    def _round_deleted(self, sidecar: str) -> None:
        """The gallery removed a round's files: if it is the one the window shows (or would
        retry), it goes from the screen and from Retry and Regenerate."""
        gone = same_path_key(Path(sidecar))
        shown = [self._retry_sidecar]
        if self.last_record is not None:
            shown.append(self.last_record.files.sidecar)
        if any(path is not None and same_path_key(path) == gone for path in shown):
            self.forget_result()

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
                    on_dismiss=self._keep_demo,
                )
            return
        self.banner.hide_message("demo")
        if state.key_found:
            self.banner.hide_message("key")
            return
        if state.server == "OpenAI":
            text = self.tr(
                "No OpenAI API key is set. Add one in Settings (Ctrl+,), or set the "
                "OPENAI_API_KEY environment variable and restart camdraw."
            )
        else:
            text = self.tr("No API key is set for {server}. Add one in Settings (Ctrl+,).")
            text = text.format(server=state.server)
        if not state.has_backend:
            text += " " + self.tr(
                "This system has no secure keyring: enter the key for this session only."
            )
        self.banner.show_message("key", text, self.tr("Open settings"), self.open_settings)

    @Slot()
    def _keep_demo(self) -> None:
        self._demo_kept = True
