"""The round: the photo (after the countdown), the worker on the pool thread, its progress
events and result, and the commands around it — retry, paint again, regenerate, cancel, and
saving a photo kept in memory somewhere else.

A mixin of ``MainWindow``: it uses the window's widgets, actions, settings and camera. Its
strings keep the "MainWindow" translation context.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtWidgets import QFileDialog

from camdraw.core.round.pipeline import Pipeline, RoundEvent
from camdraw.core.store.record import RoundRecord
from camdraw.ui import round_text
from camdraw.ui.round_worker import RoundWorker

if TYPE_CHECKING:
    from camdraw.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

STEP_TEXT = {
    "photo": QT_TRANSLATE_NOOP("MainWindow", "Saving the photo"),
    "describe": QT_TRANSLATE_NOOP("MainWindow", "Describing the scene"),
    "check": QT_TRANSLATE_NOOP("MainWindow", "Checking the description"),
    "paint": QT_TRANSLATE_NOOP("MainWindow", "Painting the description"),
}
BUSY_NOTE = QT_TRANSLATE_NOOP(
    "MainWindow", "Still working on the last photo — wait until the painting is ready."
)


class RoundControl(_Base):
    # -- taking the photo ----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    @Slot()
    def start_photo(self) -> None:
        """Space: the countdown when one is set, else the photo at once."""
        if self.countdown.running:
            return
        if self._busy:
            self._busy_note()
            return
        if self.settings.countdown_s > 0 and self.has_camera_picture:
            self.return_timer.stop()
            self.cancel_action.setEnabled(True)
            self.countdown.start(self.settings.countdown_s)
            return
        self.take_photo()

    def _busy_note(self) -> None:
        note = QCoreApplication.translate("MainWindow", BUSY_NOTE)
        self.statusBar().showMessage(note, 4000)
        self.step_label.setText(note)

    @Slot()
    def take_photo(self) -> None:
        if self._busy:
            self._busy_note()
            return
        hit = self.limits.check()
        if hit is not None:
            # No photo is taken, so nothing is waiting: the message says when to try again.
            self.statusBar().showMessage(hit.message, 6000)
            self.step_label.setText(hit.message)
            if hit.limit != "cooldown":
                self.banner.show_message(
                    "round",
                    hit.message,
                    QCoreApplication.translate("MainWindow", "Settings"),
                    self.open_settings,
                )
            return
        frame = self._camera.snapshot() if self._camera is not None else None
        if frame is None:
            text = QCoreApplication.translate(
                "MainWindow",
                "There is no camera picture to take. Check the camera, or choose another one "
                "in Settings (Ctrl+,).",
            )
            self.banner.show_message(
                "camera",
                text,
                QCoreApplication.translate("MainWindow", "Retry camera"),
                self.start_camera,
            )
            self.step_label.setText(text)
            return
        self.status_voice.photo_taken()
        self._start_round(frame)

    def _start_round(self, frame: np.ndarray) -> None:
        self._unsaved_frame = frame  # until the photo is on disk
        self.photo_view.set_frame(frame)
        self.painting_view.set_frame(None)
        self.painting_view.set_placeholder(
            QCoreApplication.translate("MainWindow", "Waiting for the description…")
        )
        self.description.clear()
        style = self.settings.style
        self._set_caption(self.style_name(style))
        self._start_worker(
            RoundWorker(self._pipeline(), frame=frame, style=style, likeness=self.settings.likeness)
        )

    def _set_caption(self, text: str) -> None:
        self.painting_caption.setText(f"({text})" if text else "")
        self.painting_view.setAccessibleDescription(text)

    @Slot(str)
    def _photo_not_saved(self, message: str) -> None:
        self.banner.show_message(
            "round",
            QCoreApplication.translate(
                "MainWindow", "{message} The photo is kept in memory until it can be saved."
            ).format(message=message),
            QCoreApplication.translate("MainWindow", "Choose another folder…"),
            self.save_kept_photo_elsewhere,
        )
        self.painting_view.set_placeholder(
            QCoreApplication.translate(
                "MainWindow", "The photo is not saved yet: see the message above."
            )
        )

    def save_kept_photo_elsewhere(self) -> bool | None:
        """Ask for another images folder and run the round on the photo kept in memory.

        False when it cannot ask now (busy, or a locked photobooth, which shows no file dialog
        to its guests): the banner and its button stay, so the photo can still be saved."""
        if self._unsaved_frame is None:
            return None
        if self.booth.locked:
            return False
        if self._busy:
            self._busy_note()
            return False
        folder = self.choose_folder()
        if not folder:
            # Still kept; the message (and its button) stay until it is saved somewhere.
            self._photo_not_saved(
                QCoreApplication.translate("MainWindow", "The photo is not saved yet.")
            )
            return None
        self._update_settings(images_dir=folder)
        self._start_round(self._unsaved_frame)
        return None

    def _ask_for_folder(self) -> str | None:
        start = str(self.settings.images_path().parent)
        chosen = QFileDialog.getExistingDirectory(
            self, QCoreApplication.translate("MainWindow", "Save photos and paintings in…"), start
        )
        return chosen or None

    # -- retry, paint again, cancel, regenerate ------------------------------------------------

    @Slot()
    def retry(self) -> None:
        if self._busy or self._retry_sidecar is None:
            return
        self.retry_round(self._retry_sidecar)

    def retry_round(self, sidecar: Path) -> bool:
        """Run the unfinished steps of the round saved in ``sidecar``; False while busy."""
        if self._busy:
            self._busy_note()
            return False
        self.painting_view.set_placeholder(
            QCoreApplication.translate("MainWindow", "Trying again…")
        )
        self._start_worker(RoundWorker(self._pipeline(), sidecar=Path(sidecar)))
        return True

    def repaint_round(self, sidecar: Path, style: str) -> bool:
        """Paint the round saved in ``sidecar`` again in ``style``; False while busy."""
        if self._busy:
            self._busy_note()
            return False
        self._set_caption(self.style_name(style))
        self.painting_view.set_frame(None)
        self.painting_view.set_placeholder(
            QCoreApplication.translate("MainWindow", "Painting it again…")
        )
        self._start_worker(
            RoundWorker(self._pipeline(), sidecar=Path(sidecar), repaint_style=style)
        )
        return True

    @Slot()
    def cancel_round(self) -> None:
        """Esc: stop the countdown, or the running round at its next safe point (the photo and
        what is done stay)."""
        if self.countdown.running:
            self.countdown.cancel()
            return
        if not self._busy or self._worker is None:
            return
        self._worker.cancel()
        self.cancel_action.setEnabled(False)
        self._ticker.stop()
        self.step_label.setText(QCoreApplication.translate("MainWindow", "Cancelling…"))

    @Slot()
    def regenerate(self) -> None:
        """Describe and paint the last photo anew, bypassing the cache that answered it."""
        record = self.last_record
        if self._busy or record is None:
            return
        self.painting_view.set_placeholder(
            QCoreApplication.translate("MainWindow", "Painting it anew…")
        )
        self._start_worker(
            RoundWorker(
                self._pipeline(bypass_cache=True), sidecar=record.files.sidecar, regenerate=True
            )
        )

    def round_in_use(self, sidecar: Path) -> bool:
        """Whether the running round reads or writes the round saved in ``sidecar``."""
        if not self._busy:
            return False
        wanted = same_path_key(Path(sidecar))
        return any(same_path_key(path) == wanted for path in self._running_sidecars)

    def forget_result(self) -> None:
        """Clear the last round from the screen and from reach: no Retry, Regenerate or Speak
        again for it (a photobooth's next guest, or a round deleted in the gallery)."""
        self.photo_view.set_frame(None)
        self.painting_view.set_frame(None)
        self.painting_view.set_placeholder(
            QCoreApplication.translate("MainWindow", "Press Space to take a photo and paint it.")
        )
        self.description.clear()
        self._set_caption("")
        self.banner.hide_message("round")
        self.last_record = None
        self._retry_sidecar = None
        self._last_description = ""
        self._result_cleared = True  # Speak again must not repeat what was said for it
        self.retry_action.setEnabled(False)

    # -- the worker and what it reports --------------------------------------------------------

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
        self.return_timer.stop()  # a new round keeps its result on screen
        self.banner.hide_message("round")
        self.retry_action.setEnabled(False)
        worker.signals.event_received.connect(self._on_event)
        worker.signals.painting_loaded.connect(self._on_painting)
        worker.signals.round_failed.connect(self._on_round_failed)
        worker.signals.photo_not_saved.connect(self._photo_not_saved)
        worker.signals.round_finished.connect(self._on_round_finished)
        self._worker = worker  # keeps its signals object alive until the round ends
        # The rounds on disk this one reads or writes: the gallery must not delete them.
        self._running_sidecars = {worker.sidecar} if worker.sidecar is not None else set()
        self._result_cleared = False
        self.cancel_action.setEnabled(True)
        self._step, self._step_started = "photo", time.monotonic()
        self._ticker.start()
        self._tick()
        self._pool.start(worker)

    @Slot(object)
    def _on_event(self, event: RoundEvent) -> None:
        self.status_voice.event(event)
        if event.step == "photo" and event.status == "done" and isinstance(event.data, Path):
            self._running_sidecars.add(event.data.with_name(f"{event.stem}.json"))
        if event.status == "started" and event.step in STEP_TEXT:
            self._step, self._step_started = event.step, time.monotonic()
            self._tick()
            if event.step == "paint":
                self.painting_view.set_placeholder(
                    QCoreApplication.translate("MainWindow", "Painting…")
                )
        elif event.step == "describe" and event.status in ("streaming", "text"):
            self.description.setPlainText(str(event.data))
            if event.status == "text":
                self._last_description = str(event.data)
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
        self._running_sidecars = set()
        self.cancel_action.setEnabled(self.countdown.running)
        self._ticker.stop()
        self.last_record = record
        self._retry_sidecar = None  # set again below if this round can be retried
        if record is not None:
            self._unsaved_frame = None  # it is on disk now
        self._show_round_result(record)
        self.status_voice.round_ended(record)
        if self.settings.return_after_s > 0 and record is not None:
            self.return_timer.start(self.settings.return_after_s * 1000)
        if self.gallery is not None and self.gallery.isVisible():
            # A hidden gallery is refreshed when it is opened again (open_gallery).
            self.gallery.refresh()
        self.round_ended.emit(record)

    def _show_round_result(self, record: RoundRecord | None) -> None:
        result = round_text.outcome(
            record,
            photo_kept_in_memory=self._unsaved_frame is not None,
            spent_today=self.limits.spent_today(),
            daily_budget=self.settings.daily_budget_usd,
        )
        self.step_label.setText(result.status_line)
        if record is not None:
            self._set_caption(
                round_text.style_caption(self.style_name(record.style), record.offline)
            )
        if result.placeholder:
            self.painting_view.set_placeholder(result.placeholder)
        if result.can_retry and record is not None:
            self._retry_sidecar = record.files.sidecar
            self.retry_action.setEnabled(True)
            self.banner.show_message(
                "round",
                result.banner,
                QCoreApplication.translate("MainWindow", "Retry"),
                self.retry,
            )
        elif result.banner:
            self.banner.show_message("round", result.banner)
        if record is not None and record.cache:
            self.banner.show_message(
                "round",
                round_text.cache_note(record),
                QCoreApplication.translate("MainWindow", "Regenerate anyway"),
                self.regenerate,
            )

    def _tick(self) -> None:
        if self._busy and self._step in STEP_TEXT:
            elapsed = time.monotonic() - self._step_started
            self.step_label.setText(
                QCoreApplication.translate("MainWindow", "{step}… {seconds} s").format(
                    step=QCoreApplication.translate("MainWindow", STEP_TEXT[self._step]),
                    seconds=f"{elapsed:.1f}",
                )
            )


def same_path_key(path: Path) -> str:
    """``path`` as a key to compare two spellings of the same file by."""
    with contextlib.suppress(OSError):
        path = path.resolve()
    return os.path.normcase(str(path))
