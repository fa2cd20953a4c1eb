"""The round: a photo (or a saved round) through the pipeline on a pool thread, and what the
window should show of it.

``RoundController`` owns everything about the running and the last round — busy, the worker,
the step clock, the photo kept in memory when it could not be saved, what Retry would retry —
and tells the rest of the window only through its signals. It touches no widget: the window
connects the signals to its panes, status line, banner and actions (``MainWindow.
_connect_signals``), and the tests drive it with a stand-in pipeline and ``qtbot.waitSignal``.
Its strings keep the "MainWindow" translation context they were written in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from camdraw.core.imaging import Upload
from camdraw.core.round.limits import LimitHit
from camdraw.core.round.pipeline import RoundEvent
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord
from camdraw.ui import i18n, round_text, style_picker
from camdraw.ui.round_files import RoundsInUse, same_path_key
from camdraw.ui.round_text import STEP_TEXT, Offer, RoundMessage, phrase, step_title
from camdraw.ui.round_worker import PipelineFactory, RoundWorker
from camdraw.ui.step_clock import StepClock


class RoundLimits(Protocol):
    def check(self) -> LimitHit | None: ...

    def spent_today(self) -> float: ...


class RoundController(QObject):
    """One round at a time, in signals.

    ``settings`` is read at each round (the toolbar's style, say, applies to the next photo);
    ``make_pipeline`` builds the pipeline each round runs in (the window's wires the keys,
    the cache, the limits and the speaker); ``limits`` is asked before a photo is taken.
    """

    busy_changed = Signal(bool)
    photo_taken = Signal()  # a new photo starts a round (not a retry)
    step_started = Signal(str)  # "photo", "describe", "check" or "paint"
    step_progressed = Signal(str, float)  # the running step, seconds since it started
    status_changed = Signal(str)  # the status line (once per step: the clock is step_progressed)
    status_flashed = Signal(str, int)  # a passing note for the status bar, for milliseconds
    description_changed = Signal(str)  # as it streams in, then the final text
    description_completed = Signal(str)  # the whole description, once, when it is complete
    photo_shown = Signal(object)  # the photo (a BGR array), None to clear
    painting_shown = Signal(object)  # a preview or the painting (BGR array), None to clear
    painting_placeholder_changed = Signal(str)  # what the empty painting pane says
    caption_changed = Signal(str)  # the painting's style caption ("" for none)
    message_posted = Signal(object)  # RoundMessage
    message_cleared = Signal(str)  # the topic whose message goes
    retry_available_changed = Signal(bool)
    cancel_available_changed = Signal(bool)
    images_folder_chosen = Signal(str)  # the kept photo goes to this folder from now on
    round_ended = Signal(object)  # the RoundRecord (None when the photo could not be saved)

    def __init__(
        self,
        settings: Callable[[], Settings],
        make_pipeline: PipelineFactory,
        limits: RoundLimits,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._make_pipeline = make_pipeline
        self._limits = limits
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._clock = StepClock(self)
        self._clock.progressed.connect(self.step_progressed)
        self._worker: RoundWorker | None = None
        self._busy = False
        self._cancellable = False
        self._last_record: RoundRecord | None = None
        self._retry_sidecar: Path | None = None
        self._in_use = RoundsInUse()  # the rounds on disk the running one reads or writes
        self._unsaved_frame: np.ndarray | None = None  # until the photo is on disk
        self._last_description = ""
        self._result_cleared = False  # the last result was cleared: nothing to say again
        self._last_upload: Upload | None = None  # the last round's photo as it was sent

    # -- what the window may ask --------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def step(self) -> str:
        """The running step ("" before the first round)."""
        return self._clock.step

    @property
    def last_record(self) -> RoundRecord | None:
        return self._last_record

    @property
    def last_upload(self) -> Upload | None:
        """The last round's photo as the vision model got it (None: not made this session)."""
        return self._last_upload

    @property
    def last_description(self) -> str:
        """The last round's description, for Speak again ("" once forgotten)."""
        return self._last_description

    @property
    def result_cleared(self) -> bool:
        """The last result was cleared: Speak again must not repeat what was said for it."""
        return self._result_cleared

    @property
    def has_unsaved_photo(self) -> bool:
        return self._unsaved_frame is not None

    @property
    def cancellable(self) -> bool:
        """A round runs and has not been asked to stop yet."""
        return self._cancellable

    @property
    def can_retry(self) -> bool:
        return not self._busy and self._retry_sidecar is not None

    def round_in_use(self, sidecar: Path) -> bool:
        """Whether the running round reads or writes the round saved in ``sidecar``."""
        return self._busy and Path(sidecar) in self._in_use

    def refuse_if_busy(self) -> bool:
        """True (and a note saying why) while a round runs."""
        if self._busy:
            note = phrase("busy")
            self.status_flashed.emit(note, 4000)
            self.status_changed.emit(note)
        return self._busy

    def style_name(self, style_id: str) -> str:
        """A style's name in the interface language ("" for none or one no longer there)."""
        custom = self._settings().custom_styles
        return style_picker.style_name(style_id, custom, i18n.current())

    # -- starting rounds ----------------------------------------------------------------------

    @Slot(object)
    def take_photo(self, frame: np.ndarray | None) -> bool:
        """Start a round on ``frame``, the camera's picture (None: it shows none). False when
        refused: busy, a limit reached (no photo is taken, so nothing waits), no picture."""
        if self.refuse_if_busy():
            return False
        hit = self._limits.check()
        if hit is not None:
            self.status_flashed.emit(hit.message, 6000)
            self.status_changed.emit(hit.message)
            if hit.limit != "cooldown":
                self.message_posted.emit(RoundMessage("round", hit.message, Offer.SETTINGS))
            return False
        if frame is None:
            note = phrase("no_picture")
            self.message_posted.emit(RoundMessage("camera", note, Offer.RETRY_CAMERA))
            self.status_changed.emit(note)
            return False
        self.photo_taken.emit()
        self._start_round(frame, self._settings())
        return True

    def save_unsaved_photo(self, choose_folder: Callable[[], str | None]) -> bool | None:
        """Run the round on the photo kept in memory, in the folder ``choose_folder`` returns.

        False while busy (the message and its button stay, so it can be saved later); None
        when nothing is kept or no folder was chosen (it stays kept, and offered)."""
        frame = self._unsaved_frame
        if frame is None:
            return None
        if self.refuse_if_busy():
            return False
        folder = choose_folder()
        if not folder:
            self.photo_not_saved(phrase("not_saved_yet"))
            return None
        self.images_folder_chosen.emit(folder)
        self._start_round(frame, self._settings().replace(images_dir=folder))
        return None

    @Slot()
    def retry(self) -> None:
        """Run the failed steps of the last round again."""
        if self.can_retry:
            assert self._retry_sidecar is not None
            self.retry_round(self._retry_sidecar)

    def retry_round(self, sidecar: Path | str) -> bool:
        """Run the unfinished steps of the round saved in ``sidecar``; False while busy."""
        if self.refuse_if_busy():
            return False
        self.painting_placeholder_changed.emit(phrase("retrying"))
        pipeline = self._make_pipeline(self._settings())
        self._start_worker(RoundWorker(pipeline, sidecar=Path(sidecar)))
        return True

    def repaint_round(self, sidecar: Path | str, style: str) -> bool:
        """Paint the round saved in ``sidecar`` again in ``style``; False while busy."""
        if self.refuse_if_busy():
            return False
        self.caption_changed.emit(self.style_name(style))
        self.painting_shown.emit(None)
        self.painting_placeholder_changed.emit(phrase("repainting"))
        pipeline = self._make_pipeline(self._settings())
        self._start_worker(RoundWorker(pipeline, sidecar=Path(sidecar), repaint_style=style))
        return True

    @Slot()
    def regenerate(self) -> None:
        """Describe and paint the last photo anew, bypassing the cache that answered it."""
        record = self._last_record
        if self._busy or record is None:
            return
        self.painting_placeholder_changed.emit(phrase("regenerating"))
        pipeline = self._make_pipeline(self._settings(), bypass_cache=True)
        self._start_worker(RoundWorker(pipeline, sidecar=record.files.sidecar, regenerate=True))

    # -- stopping and forgetting --------------------------------------------------------------

    @Slot()
    def cancel(self) -> None:
        """Stop the running round at its next safe point (the photo and what is done stay)."""
        if not self._busy or self._worker is None:
            return
        self._worker.cancel()
        self._set_cancellable(False)
        self._clock.hold()
        self.status_changed.emit(phrase("cancelling"))

    @Slot()
    def forget_result(self) -> None:
        """Clear the last round from the screen and from reach: no Retry, Regenerate or Speak
        again for it (a photobooth's next guest, or a round deleted in the gallery)."""
        self.photo_shown.emit(None)
        self.painting_shown.emit(None)
        self.painting_placeholder_changed.emit(phrase("empty"))
        self.description_changed.emit("")
        self.caption_changed.emit("")
        self.message_cleared.emit("round")
        self._last_record = None
        self._retry_sidecar = None
        self._last_description = ""
        self._result_cleared = True
        self.retry_available_changed.emit(False)

    @Slot(str)
    def round_deleted(self, sidecar: str) -> None:
        """A round's files were removed: if it is the one on show (or the one Retry would
        retry), it goes from the screen and from Retry and Regenerate."""
        gone = same_path_key(Path(sidecar))
        shown = [self._retry_sidecar]
        if self._last_record is not None:
            shown.append(self._last_record.files.sidecar)
        if any(path is not None and same_path_key(path) == gone for path in shown):
            self.forget_result()

    @Slot(str)
    def photo_not_saved(self, message: str) -> None:
        """The images folder refused the photo: it is kept, and another folder offered."""
        kept = phrase("kept").format(message=message)
        self.message_posted.emit(RoundMessage("round", kept, Offer.CHOOSE_FOLDER))
        self.painting_placeholder_changed.emit(phrase("kept_placeholder"))

    def shutdown(self) -> None:
        """Cancel the running round at its next safe point and wait for its thread."""
        if self._worker is not None:
            # Between steps or streamed pieces: what is done, the photo first of all, stays on
            # disk. Waiting for the whole round would freeze the window.
            self._worker.cancel()
        self._pool.waitForDone()
        self._clock.hold()

    # -- the worker and what it reports -------------------------------------------------------

    def _start_round(self, frame: np.ndarray, settings: Settings) -> None:
        self._unsaved_frame = frame
        self.photo_shown.emit(frame)
        self.painting_shown.emit(None)
        self.painting_placeholder_changed.emit(phrase("waiting"))
        self.description_changed.emit("")
        style = settings.style
        self.caption_changed.emit(self.style_name(style))
        pipeline = self._make_pipeline(settings)
        self._start_worker(
            RoundWorker(pipeline, frame=frame, style=style, likeness=settings.likeness)
        )

    def _start_worker(self, worker: RoundWorker) -> None:
        self._busy = True
        self.busy_changed.emit(True)
        self.message_cleared.emit("round")
        self.retry_available_changed.emit(False)
        worker.signals.event_received.connect(self._on_event)
        worker.signals.painting_loaded.connect(self.painting_shown)
        worker.signals.round_failed.connect(self._on_round_failed)
        worker.signals.photo_not_saved.connect(self.photo_not_saved)
        worker.signals.round_finished.connect(self._on_round_finished)
        self._worker = worker  # keeps its signals object alive until the round ends
        self._in_use.reset(worker.sidecar)
        self._result_cleared = False
        self._set_cancellable(True)
        self._clock.start()
        self._begin_step("photo")
        self._pool.start(worker)

    def _set_cancellable(self, cancellable: bool) -> None:
        self._cancellable = cancellable
        self.cancel_available_changed.emit(cancellable)

    def _begin_step(self, step: str) -> None:
        self._clock.begin(step)
        self.step_started.emit(step)
        self.status_changed.emit(step_title(step))
        self._clock.tell()

    @Slot(object)
    def _on_event(self, event: RoundEvent) -> None:
        if event.step == "photo" and event.status == "done" and isinstance(event.data, Path):
            self._in_use.add(event.data.with_name(f"{event.stem}.json"))
        if event.status == "started" and event.step in STEP_TEXT:
            self._begin_step(event.step)
            if event.step == "paint":
                self.painting_placeholder_changed.emit(phrase("painting"))
        elif event.step == "describe" and event.status in ("streaming", "text"):
            self.description_changed.emit(str(event.data))
            if event.status == "text":
                self._last_description = str(event.data)
                self.description_completed.emit(self._last_description)
        elif event.status == "retrying":
            # The SDK is waiting before it retries (429, 5xx): say so instead of looking stuck.
            self.status_changed.emit(event.message)
            self.status_flashed.emit(event.message, 5000)
        elif event.status == "note":
            self.message_posted.emit(RoundMessage("note", event.message, alert=False))

    @Slot(str)
    def _on_round_failed(self, message: str) -> None:
        self.message_posted.emit(RoundMessage("round", message))

    @Slot(object)
    def _on_round_finished(self, record: RoundRecord | None) -> None:
        self._last_upload = self._worker.upload if self._worker is not None else None
        self._busy = False
        self._worker = None
        self._in_use.reset()
        self._set_cancellable(False)
        self._clock.stop()
        self._last_record = record
        self._retry_sidecar = None  # set again below if this round can be retried
        if record is not None:
            self._unsaved_frame = None  # it is on disk now
        self.busy_changed.emit(False)
        self._show_result(record)
        self.round_ended.emit(record)

    def _show_result(self, record: RoundRecord | None) -> None:
        settings = self._settings()
        result = round_text.outcome(
            record,
            photo_kept_in_memory=self._unsaved_frame is not None,
            spent_today=self._limits.spent_today(),
            daily_budget=settings.daily_budget_usd,
        )
        self.status_changed.emit(result.status_line)
        if record is not None:
            name = self.style_name(record.style)
            self.caption_changed.emit(round_text.style_caption(name, record.offline))
        if result.placeholder:
            self.painting_placeholder_changed.emit(result.placeholder)
        if result.can_retry and record is not None:
            self._retry_sidecar = record.files.sidecar
            self.retry_available_changed.emit(True)
            self.message_posted.emit(RoundMessage("round", result.banner, Offer.RETRY))
        elif result.banner:
            self.message_posted.emit(RoundMessage("round", result.banner))
        if record is not None and record.cache:
            note = round_text.cache_note(record)
            self.message_posted.emit(RoundMessage("round", note, Offer.REGENERATE, alert=False))
