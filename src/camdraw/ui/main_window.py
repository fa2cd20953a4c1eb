"""The main window: camera | photo | painting, the description under them, a status line.

Space, Enter or a click on the camera takes a photo. Everything slow happens elsewhere: the
camera on its QThread, the round on a pool thread, speech on the speaker's thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QThreadPool, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from camdraw.core import apikey, memory, paths
from camdraw.core import settings as settings_mod
from camdraw.core.apikey import KeyStore
from camdraw.core.cache import RoundCache
from camdraw.core.camera import parse_source
from camdraw.core.client import ProviderCache
from camdraw.core.limits import Limits
from camdraw.core.pipeline import Pipeline, RoundEvent
from camdraw.core.record import RoundRecord
from camdraw.core.settings import Settings
from camdraw.core.speech import Speaker
from camdraw.ui import round_text
from camdraw.ui.background import BackgroundJobs
from camdraw.ui.banner import Banner
from camdraw.ui.camera_thread import CameraThread
from camdraw.ui.preview import ImageView, PreviewWidget
from camdraw.ui.round_worker import RoundWorker
from camdraw.ui.settings_dialog import SettingsDialog
from camdraw.ui.speech_bridge import SpeechBridge

log = logging.getLogger(__name__)

STEP_TEXT = {
    "photo": "Saving the photo",
    "describe": "Describing the scene",
    "check": "Checking the description",
    "paint": "Painting the description",
}
BUSY_NOTE = "Still working on the last photo — wait until the painting is ready."


class MainWindow(QMainWindow):
    round_ended = Signal(object)  # the RoundRecord (None when the photo could not be saved)

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

        self.setWindowTitle("camdraw")
        icon = paths.resource_path("camdraw.png")
        if icon is not None:
            self.setWindowIcon(QIcon(str(icon)))
        self._build()
        self._ticker = QTimer(self)
        self._ticker.setInterval(200)
        self._ticker.timeout.connect(self._tick)
        self.resize(1400, 760)
        if start_camera:
            self.start_camera()
        self._check_key()

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        self.banner = Banner()
        outer.addWidget(self.banner)
        panes = QHBoxLayout()
        self.preview = PreviewWidget(placeholder="Starting the camera…")
        self.preview.setAccessibleName("Camera preview")
        self.preview.set_mirror(self.settings.mirror)
        self.preview.clicked.connect(self.take_photo)
        self.photo_view = ImageView(placeholder="The photo appears here.")
        self.photo_view.setAccessibleName("Photo")
        self.painting_view = ImageView(placeholder="Press Space to take a photo and paint it.")
        self.painting_view.setAccessibleName("Painting")
        for title, view, stretch in (
            ("Camera", self.preview, 4),
            ("Photo", self.photo_view, 3),
            ("Painting", self.painting_view, 3),
        ):
            column = QVBoxLayout()
            heading = QLabel(f"<b>{title}</b>")
            column.addWidget(heading)
            column.addWidget(view, 1)
            panes.addLayout(column, stretch)
        outer.addLayout(panes, 1)
        self.description = QTextBrowser()
        self.description.setAccessibleName("Description")
        self.description.setPlaceholderText("The description of the photo appears here.")
        self.description.setMaximumHeight(150)
        font = self.description.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.description.setFont(font)
        outer.addWidget(self.description)
        self.setCentralWidget(central)
        self.step_label = QLabel("Ready.")
        self.statusBar().addWidget(self.step_label, 1)
        self._build_actions()

    def _build_actions(self) -> None:
        bar = QToolBar("Actions")
        bar.setMovable(False)
        self.addToolBar(bar)

        def action(
            text: str,
            shortcuts: list[str],
            slot: object,
            *,
            checkable: bool = False,
            checked: bool = False,
        ) -> QAction:
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
            act.setCheckable(checkable)
            act.setChecked(checked)
            act.triggered.connect(slot)
            shown = ", ".join(shortcuts)
            act.setToolTip(f"{text} ({shown})" if shown else text)
            bar.addAction(act)
            return act

        self.take_action = action("Take photo", ["Space", "Return", "Enter"], self.take_photo)
        self.retry_action = action("Retry", ["Ctrl+R"], self.retry)
        self.retry_action.setEnabled(False)
        self.cancel_action = action("Cancel", ["Esc"], self.cancel_round)
        self.cancel_action.setEnabled(False)
        self.speak_action = action("Speak again", ["Ctrl+Space"], self.speak_again)
        self.mute_action = action(
            "Mute", ["M"], self.set_muted, checkable=True, checked=self.settings.muted
        )
        self.mirror_action = action(
            "Mirror", ["Ctrl+M"], self.set_mirror, checkable=True, checked=self.settings.mirror
        )
        self.folder_action = action("Open images folder", ["Ctrl+O"], self.open_images_folder)
        self.settings_action = action("Settings", ["Ctrl+,"], self.open_settings)
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)

    # -- camera ------------------------------------------------------------------------------

    def start_camera(self) -> None:
        self.stop_camera()
        self.preview.set_frame(None)
        self.preview.set_message("")
        self.preview.set_placeholder("Starting the camera…")
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
            self.step_label.setText(f"Camera: {label}. Press Space to take a photo.")

    @Slot(str)
    def _camera_lost(self, message: str) -> None:
        """No camera picture; Retry tries at once (a reconnecting thread also keeps trying)."""
        if self.sender() not in (None, self._camera):
            return  # queued before that camera was stopped
        self.preview.set_frame(None)
        self.preview.set_message(message)
        self.banner.show_message("camera", message, "Retry camera", self.start_camera)
        if not self._busy:
            self.step_label.setText("No camera picture: see the message above.")

    # -- the round ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def has_camera_picture(self) -> bool:
        return self._camera is not None and self._camera.has_frame

    @Slot()
    def take_photo(self) -> None:
        if self._busy:
            self.statusBar().showMessage(BUSY_NOTE, 4000)
            self.step_label.setText(BUSY_NOTE)
            return
        hit = self.limits.check()
        if hit is not None:
            # No photo is taken, so nothing is waiting: the message says when to try again.
            self.statusBar().showMessage(hit.message, 6000)
            self.step_label.setText(hit.message)
            if hit.limit != "cooldown":
                self.banner.show_message("round", hit.message, "Settings", self.open_settings)
            return
        frame = self._camera.snapshot() if self._camera is not None else None
        if frame is None:
            text = (
                "There is no camera picture to take. Check the camera, or choose another one "
                "in Settings (Ctrl+,)."
            )
            self.banner.show_message("camera", text, "Retry camera", self.start_camera)
            self.step_label.setText(text)
            return
        self._start_round(frame)

    def _start_round(self, frame: np.ndarray) -> None:
        self._unsaved_frame = frame  # until the photo is on disk
        self.photo_view.set_frame(frame)
        self.painting_view.set_frame(None)
        self.painting_view.set_placeholder("Waiting for the description…")
        self.description.clear()
        self._start_worker(RoundWorker(self._pipeline(), frame=frame))

    @Slot(str)
    def _photo_not_saved(self, message: str) -> None:
        self.banner.show_message(
            "round",
            f"{message} The photo is kept in memory until it can be saved.",
            "Choose another folder…",
            self.save_kept_photo_elsewhere,
        )
        self.painting_view.set_placeholder("The photo is not saved yet: see the message above.")

    @Slot()
    def save_kept_photo_elsewhere(self) -> None:
        """Ask for another images folder and run the round on the photo kept in memory."""
        if self._busy or self._unsaved_frame is None:
            return
        folder = self.choose_folder()
        if not folder:
            # Still kept; the message (and its button) stay until it is saved somewhere.
            self._photo_not_saved("The photo is not saved yet.")
            return
        self._update_settings(images_dir=folder)
        self._start_round(self._unsaved_frame)

    def _ask_for_folder(self) -> str | None:
        start = str(self.settings.images_path().parent)
        chosen = QFileDialog.getExistingDirectory(self, "Save photos and paintings in…", start)
        return chosen or None

    @Slot()
    def retry(self) -> None:
        if self._busy or self._retry_sidecar is None:
            return
        self.painting_view.set_placeholder("Trying again…")
        self._start_worker(RoundWorker(self._pipeline(), sidecar=self._retry_sidecar))

    @Slot()
    def cancel_round(self) -> None:
        """Stop the running round at its next safe point; the photo and what is done stay."""
        if not self._busy or self._worker is None:
            return
        self._worker.cancel()
        self.cancel_action.setEnabled(False)
        self._ticker.stop()
        self.step_label.setText("Cancelling…")

    @Slot()
    def regenerate(self) -> None:
        """Describe and paint the last photo anew, bypassing the cache that answered it."""
        record = self.last_record
        if self._busy or record is None:
            return
        self.painting_view.set_placeholder("Painting it anew…")
        self._start_worker(
            RoundWorker(
                self._pipeline(bypass_cache=True), sidecar=record.files.sidecar, regenerate=True
            )
        )

    def _pipeline(self, *, bypass_cache: bool = False) -> Pipeline:
        settings = self.settings
        return Pipeline(
            settings,
            lambda: self._providers.get(settings),
            speaker=self.speaker,
            limits=self.limits,
            cache=self.cache,
            bypass_cache=bypass_cache,
        )

    def _start_worker(self, worker: RoundWorker) -> None:
        self._busy = True
        self.banner.hide_message("round")
        self.retry_action.setEnabled(False)
        worker.signals.event_received.connect(self._on_event)
        worker.signals.painting_loaded.connect(self._on_painting)
        worker.signals.round_failed.connect(self._on_round_failed)
        worker.signals.photo_not_saved.connect(self._photo_not_saved)
        worker.signals.round_finished.connect(self._on_round_finished)
        self._worker = worker  # keeps its signals object alive until the round ends
        self.cancel_action.setEnabled(True)
        self._step, self._step_started = "photo", time.monotonic()
        self._ticker.start()
        self._tick()
        self._pool.start(worker)

    @Slot(object)
    def _on_event(self, event: RoundEvent) -> None:
        if event.status == "started" and event.step in STEP_TEXT:
            self._step, self._step_started = event.step, time.monotonic()
            self._tick()
            if event.step == "paint":
                self.painting_view.set_placeholder("Painting…")
        elif event.step == "describe" and event.status in ("streaming", "text"):
            self.description.setPlainText(str(event.data))
        elif event.status == "retrying":
            # The SDK is waiting before it retries (429, 5xx): say so instead of looking stuck.
            self.step_label.setText(event.message)
            self.statusBar().showMessage(event.message, 5000)
        elif event.status == "note":
            self.banner.show_message("note", event.message)

    @Slot(object)
    def _on_painting(self, image: np.ndarray) -> None:
        self.painting_view.set_frame(image)

    @Slot(str)
    def _on_round_failed(self, message: str) -> None:
        self.banner.show_message("round", message)

    @Slot(object)
    def _on_round_finished(self, record: RoundRecord | None) -> None:
        self._busy = False
        self._worker = None
        self.cancel_action.setEnabled(False)
        self._ticker.stop()
        self.last_record = record
        self._retry_sidecar = None  # set again below if this round can be retried
        if record is not None:
            self._unsaved_frame = None  # it is on disk now
        self._show_round_result(record)
        self.round_ended.emit(record)

    def _show_round_result(self, record: RoundRecord | None) -> None:
        result = round_text.outcome(
            record,
            photo_kept_in_memory=self._unsaved_frame is not None,
            spent_today=self.limits.spent_today(),
            daily_budget=self.settings.daily_budget_usd,
        )
        self.step_label.setText(result.status_line)
        if result.placeholder:
            self.painting_view.set_placeholder(result.placeholder)
        if result.can_retry and record is not None:
            self._retry_sidecar = record.files.sidecar
            self.retry_action.setEnabled(True)
            self.banner.show_message("round", result.banner, "Retry", self.retry)
        elif result.banner:
            self.banner.show_message("round", result.banner)
        if record is not None and record.cache:
            self.banner.show_message(
                "round", round_text.cache_note(record), "Regenerate anyway", self.regenerate
            )

    def _tick(self) -> None:
        if self._busy and self._step in STEP_TEXT:
            elapsed = time.monotonic() - self._step_started
            self.step_label.setText(f"{STEP_TEXT[self._step]}… {elapsed:.1f} s")

    # -- speech, mirror, folders, settings ---------------------------------------------------

    @Slot()
    def speak_again(self) -> None:
        if not self.speaker.repeat():
            self.statusBar().showMessage("Nothing to read aloud yet.", 3000)

    @Slot(bool)
    def set_muted(self, muted: bool) -> None:
        self.speaker.set_muted(muted)
        self._update_settings(muted=muted)

    @Slot(bool)
    def set_mirror(self, mirror: bool) -> None:
        self.preview.set_mirror(mirror)
        self._update_settings(mirror=mirror)

    @Slot(str)
    def _speech_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    @Slot()
    def open_images_folder(self) -> None:
        folder = self.settings.images_path()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @Slot()
    def open_settings(self) -> None:
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
        self.speaker.set_muted(new.muted)
        if (new.language, new.voice) != (old.language, old.voice):
            self.speaker.set_language(new.language, new.voice)
        if new.camera != old.camera:
            self.start_camera()
        self.limits.update(new.limit_settings())
        self._check_key()

    def _update_settings(self, **changes: object) -> None:
        # A toolbar toggle saves just that choice: options given on the command line for this
        # run (a test video as the camera, say) must not end up in the settings file.
        self.settings = self.settings.replace(**changes)

        def save_choice() -> None:
            stored, _ = settings_mod.load()
            settings_mod.save(stored.replace(**changes))

        self.jobs.run(save_choice, on_error=self._settings_not_saved)

    def _save_settings(self) -> None:
        settings = self.settings
        self.jobs.run(lambda: settings_mod.save(settings), on_error=self._settings_not_saved)

    def _settings_not_saved(self, error: Exception) -> None:
        self.banner.show_message("settings", str(error))

    def _check_key(self) -> None:
        """Is there a key? Asked off the GUI thread: a keyring may wait on an unlock prompt."""
        keys = self.keys

        def look() -> tuple[bool, bool]:
            return keys.find() is not None, apikey.backend_available()

        self.jobs.run(look, self._show_key_state)

    def _show_key_state(self, state: tuple[bool, bool]) -> None:
        found, has_backend = state
        if found:
            self.banner.hide_message("key")
            return
        text = f"{apikey.MISSING_KEY_MESSAGE} {apikey.MISSING_KEY_HINT}"
        if not has_backend:
            text += f" {apikey.NO_BACKEND_MESSAGE}"
        self.banner.show_message("key", text, "Open settings", self.open_settings)

    # -- shutting down -----------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop every thread this window started and wait for them (idempotent)."""
        self.stop_camera()
        self._pool.waitForDone()
        self.jobs.wait()
        self._ticker.stop()
        self.speaker.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
