"""The main window: camera | photo | painting, the description under them, a status line.

Space, Enter or a click on the camera takes a photo (after a countdown when one is set).
Everything slow happens elsewhere: the camera on its QThread, the round on a pool thread,
speech on the speaker's thread. The round itself lives in ``round_control``, the commands in
``window_actions``, photobooth mode in ``booth``, the spoken status in ``status_voice``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QThreadPool, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices, QIcon
from PySide6.QtWidgets import QMainWindow, QToolBar

from camdraw.core import memory, paths
from camdraw.core import settings as settings_mod
from camdraw.core.camera import parse_source
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import ProviderCache
from camdraw.core.round.limits import Limits
from camdraw.core.settings import Settings
from camdraw.core.speech.speaker import Speaker
from camdraw.core.store.cache import RoundCache
from camdraw.core.store.record import RoundRecord
from camdraw.ui import i18n, style_picker, window_actions, window_layout
from camdraw.ui.background import BackgroundJobs
from camdraw.ui.booth import CountdownOverlay, Photobooth
from camdraw.ui.camera_thread import CameraThread
from camdraw.ui.round_control import BUSY_NOTE, RoundControl
from camdraw.ui.round_worker import RoundWorker
from camdraw.ui.settings_dialog import SettingsDialog
from camdraw.ui.speech_bridge import SpeechBridge
from camdraw.ui.status_voice import StatusVoice
from camdraw.ui.style_picker import StylePicker
from camdraw.ui.window_extras import WindowExtras

log = logging.getLogger(__name__)

__all__ = ["BUSY_NOTE", "MainWindow"]  # BUSY_NOTE: tests compare the status bar to it


class MainWindow(RoundControl, WindowExtras, QMainWindow):
    round_ended = Signal(object)  # the RoundRecord (None when the photo could not be saved)

    # Set by window_actions.build():
    toolbar: QToolBar
    style_picker: StylePicker
    control_keys: window_actions.ControlKeys

    def __init__(
        self,
        settings: Settings,
        *,
        keys: KeyStore | None = None,
        speaker: Speaker | None = None,
        start_camera: bool = True,
    ) -> None:
        super().__init__()
        memory.configure_allocator()  # keeps RSS flat over long sessions (core/memory.py)
        self.settings = settings
        self.keys = keys or KeyStore()
        self._providers = ProviderCache(self.keys)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._camera: CameraThread | None = None
        self._worker: RoundWorker | None = None
        self._busy = False
        self._step = ""
        self._step_started = 0.0
        self.last_record: RoundRecord | None = None
        self._retry_sidecar: Path | None = None
        self._running_sidecars: set[Path] = set()  # the rounds on disk the running one uses
        self._last_description = ""
        self._result_cleared = False  # the last result was cleared: nothing to say again
        self.offline_demo = False
        self._demo_kept = False  # "Keep the demo" hides the offline note for this session
        self.gallery: Any = None  # the GalleryDialog, made on first use
        self.jobs = BackgroundJobs(self)
        self.cache = RoundCache()  # reads its index on first use, in a round's thread
        self.limits = Limits(settings.limit_settings())
        self.jobs.run(self.limits.spent_today)  # reads the usage ledger off the GUI thread
        # Import openai and build the client now, off the GUI thread, so the first round does
        # not pay for it; without a key this quietly does nothing.
        self.jobs.run(lambda: self._providers.get(self.settings), on_error=lambda error: None)
        self._unsaved_frame: np.ndarray | None = None
        # Replaceable in tests: returns the folder the user picked, or None.
        self.choose_folder: Callable[[], str | None] = self._ask_for_folder
        self.speech_bridge = SpeechBridge(self)
        self.speech_bridge.notice_posted.connect(self._speech_notice)
        self.speech_bridge.error_posted.connect(self._speech_notice)
        self.speaker = speaker or self.speech_bridge.create_speaker(
            settings.language, settings.voice
        )
        self.speaker.set_muted(settings.muted)
        self.status_voice = StatusVoice(
            self.speaker, lambda: self.settings.speak_status, lambda: self.settings.language
        )

        self._show_title()
        icon = paths.resource_path("camdraw.png")
        if icon is not None:
            self.setWindowIcon(QIcon(str(icon)))
        self._build()
        self._ticker = QTimer(self)
        self._ticker.setInterval(200)
        self._ticker.timeout.connect(self._tick)
        self.return_timer = QTimer(self)
        self.return_timer.setSingleShot(True)
        self.return_timer.timeout.connect(self.return_to_preview)
        self._fit_to_screen(1400, 760)
        if start_camera:
            self.start_camera()
        self._check_key()

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        window_layout.build(self)
        window_actions.build(self)
        self.style_picker.fill(self.settings.style, self.settings.custom_styles, i18n.current())
        self.style_picker.style_chosen.connect(self.set_style)
        self.countdown = CountdownOverlay(self.preview)
        self.countdown.ticked.connect(self._countdown_ticked)
        self.countdown.finished.connect(self._countdown_finished)
        self.countdown.cancelled.connect(self._countdown_cancelled)
        self.booth = Photobooth(
            self,
            admin=[
                self.settings_action,
                self.folder_action,
                self.gallery_action,
                self.quit_action,
                self.full_screen_action,
                self.booth_action,
                # Choices saved to the settings, and Help (it names the unlock key).
                self.likeness_action,
                self.mute_action,
                self.mirror_action,
                self.shortcuts_action,
                self.about_action,
            ],
            chrome=[self.menuBar(), self.toolbar],
        )
        self.booth.lock_changed.connect(self.unlock_action.setEnabled)
        window_layout.set_focus_order(self)

    def _fit_to_screen(self, width: int, height: int) -> None:
        """The preferred size, or nine tenths of the screen when that is smaller (200 %
        scaling on a laptop screen)."""
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.9))
        self.resize(width, height)

    def style_name(self, style_id: str) -> str:
        """A style's name in the interface language ("" for none or one no longer there)."""
        return style_picker.style_name(style_id, self.settings.custom_styles, i18n.current())

    def _show_title(self) -> None:
        if self.offline_demo:
            self.setWindowTitle(self.tr("camdraw — offline demo"))
        else:
            self.setWindowTitle("camdraw")

    # -- camera ------------------------------------------------------------------------------

    def start_camera(self) -> None:
        self.stop_camera()
        self.preview.set_frame(None)
        self.preview.set_message("")
        self.preview.set_placeholder(self.tr("Starting the camera…"))
        camera = CameraThread(parse_source(self.settings.camera), self)
        camera.frame_ready.connect(self._show_frame)
        # Gone for good or gone for now (the thread keeps trying): the window says the same.
        camera.failed.connect(self._camera_lost)
        camera.reconnecting.connect(self._camera_lost)
        camera.opened.connect(self._camera_opened)
        self._camera = camera
        camera.start()

    def stop_camera(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._camera = None

    @property
    def has_camera_picture(self) -> bool:
        return self._camera is not None and self._camera.has_frame

    @Slot()
    def _show_frame(self) -> None:
        camera = self.sender()
        if camera is not self._camera or camera is None:
            return
        frame = camera.latest_frame()
        if frame is not None:
            self.preview.set_frame(frame)

    @Slot(str)
    def _camera_opened(self, label: str) -> None:
        if self.sender() not in (None, self._camera):
            return  # queued before that camera was stopped
        self.banner.hide_message("camera")
        self.preview.set_message("")
        if not self._busy:
            self.step_label.setText(
                self.tr("Camera: {label}. Press Space to take a photo.").format(label=label)
            )

    @Slot(str)
    def _camera_lost(self, message: str) -> None:
        """No camera picture; Retry tries at once (a reconnecting thread also keeps trying)."""
        if self.sender() not in (None, self._camera):
            return  # queued before that camera was stopped
        self.preview.set_frame(None)
        self.preview.set_message(message)
        self.banner.show_message("camera", message, self.tr("Retry camera"), self.start_camera)
        if not self._busy:
            self.step_label.setText(self.tr("No camera picture: see the message above."))

    # -- speech, mirror, style, folders, settings ----------------------------------------------

    @Slot()
    def speak_again(self) -> None:
        # The description itself, not whatever status word was said last.
        if self._last_description.strip():
            self.speaker.say(self._last_description)
        elif self._result_cleared or not self.speaker.repeat():
            self.statusBar().showMessage(self.tr("Nothing to read aloud yet."), 3000)

    @Slot(bool)
    def set_muted(self, muted: bool) -> None:
        self.speaker.set_muted(muted)
        self._update_settings(muted=muted)

    @Slot(bool)
    def set_mirror(self, mirror: bool) -> None:
        self.preview.set_mirror(mirror)
        self._update_settings(mirror=mirror)

    @Slot(str)
    def set_style(self, style: str) -> None:
        self._update_settings(style=style)

    @Slot(bool)
    def set_likeness(self, likeness: bool) -> None:
        self._update_settings(likeness=likeness)

    @Slot(str)
    def _speech_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    @Slot()
    def open_images_folder(self) -> None:
        if self.booth.locked:
            return
        folder = self.settings.images_path()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @Slot()
    def open_settings(self) -> None:
        if self.booth.locked:
            return
        dialog = SettingsDialog(self.settings, self.keys, self)
        dialog.key_changed.connect(self._check_key)
        if dialog.exec() and dialog.result_settings() is not None:
            self.apply_settings(dialog.result_settings())

    def apply_settings(self, new: Settings) -> None:
        old, self.settings = self.settings, new
        self._save_settings()
        self.preview.set_mirror(new.mirror)
        self.mirror_action.setChecked(new.mirror)
        self.mute_action.setChecked(new.muted)
        self.likeness_action.setChecked(new.likeness)
        self.style_picker.fill(new.style, new.custom_styles, i18n.current())
        self.speaker.set_muted(new.muted)
        if (new.language, new.voice) != (old.language, old.voice):
            self.speaker.set_language(new.language, new.voice)
        if new.camera != old.camera:
            self.start_camera()
        self.limits.update(new.limit_settings())
        self._check_key()
        self._update_gallery()

    def _update_settings(self, **changes: object) -> None:
        # A toolbar toggle saves just that choice: options given on the command line for this
        # run (a test video as the camera, say) must not end up in the settings file.
        self.settings = self.settings.replace(**changes)
        self._update_gallery()

        self.jobs.run(lambda: settings_mod.save_changes(changes), on_error=self._settings_not_saved)

    def _save_settings(self) -> None:
        settings = self.settings
        self.jobs.run(lambda: settings_mod.save(settings), on_error=self._settings_not_saved)

    def _settings_not_saved(self, error: Exception) -> None:
        self.banner.show_message("settings", str(error))

    # -- shutting down -----------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop every thread this window started and wait for them (idempotent)."""
        self.booth.unlock()
        self.countdown.cancel()
        self.return_timer.stop()
        if self.gallery is not None:
            self.gallery.shutdown()
        self.stop_camera()
        if self._worker is not None:
            # At its next safe point (between steps, between streamed pieces): what is done,
            # the photo first of all, stays on disk. Waiting for the whole round would freeze.
            self._worker.cancel()
        self._pool.waitForDone()
        self.jobs.wait()
        self._ticker.stop()
        self.speaker.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.booth.locked:
            # Photobooth: only the unlock shortcut leaves (Alt+F4 and Ctrl+Q do nothing).
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)
