"""One round, top to bottom: photo → save → upload → describe → speak → check → paint → save.

Each step is a call into its own module (``describe_step``, ``check_step``, ``paint_step``; the
cache in ``round_cache``, the picture files in ``round_files``, a round started from an old one
in ``repaint``) and reports a ``RoundEvent``; nothing here knows about widgets. The photo is on
disk before any network call, so a failed step loses nothing and ``retry`` re-runs just the
steps that failed, from the saved photo.

Each round carries its style and likeness choice in its record (so Retry keeps them). With the
offline demo (a provider with ``offline = True``) the same steps run locally: no limits, no
cost, no cache and no moderation request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import numpy as np

from camdraw.core import disk, imaging
from camdraw.core.errors import (
    CamdrawError,
    ContentRefusedError,
    LimitReachedError,
    RoundCancelledError,
)
from camdraw.core.providers import destinations, pricing
from camdraw.core.providers.provider import Provider
from camdraw.core.round import (
    check_step,
    describe_step,
    outgoing,
    paint_step,
    repaint,
    round_cache,
    round_files,
    round_steps,
    speech_step,
)
from camdraw.core.round.limits import Limits
from camdraw.core.round.round_steps import ROUND, EventStatus, Listener, RoundEvent
from camdraw.core.round.speech_step import SpeechSink
from camdraw.core.round.styles import Style
from camdraw.core.settings import Settings
from camdraw.core.store import rounds
from camdraw.core.store.cache import RoundCache
from camdraw.core.store.record import RoundRecord, Step, StepState

log = logging.getLogger(__name__)
_AFTER_THE_PHOTO = (Step.DESCRIBE, Step.CHECK, Step.PAINT)  # what a new run of a photo redoes


class Pipeline:
    def __init__(
        self,
        settings: Settings,
        provider: Provider | Callable[[], Provider],
        *,
        speaker: SpeechSink | None = None,
        listener: Listener | None = None,
        limits: Limits | None = None,
        cache: RoundCache | None = None,
        bypass_cache: bool = False,
        screen_reader_running: Callable[[], bool] | None = None,
        exact_cache_only: bool = False,
    ) -> None:
        self.settings = settings
        # Whether a screen reader is running (the window asks it off its GUI thread).
        self.screen_reader_running = screen_reader_running or (lambda: False)
        self._provider = provider
        self.speaker = speaker
        self.listener = listener or (lambda event: None)
        self.limits = limits
        # The cache is an optimisation: off in the settings, or "regenerate anyway", skips it.
        self.cache = cache if settings.use_cache and not bypass_cache else None
        # Photobooth mode: only an identical photo reuses a round (round_cache.find).
        self.exact_cache_only = exact_cache_only
        self._upload: imaging.Upload | None = None
        # The frame just saved as a photo: its upload is made from it, not from the file read
        # back and decoded (~10 ms on the way from the key press to the vision request).
        self._captured: tuple[Path, np.ndarray] | None = None
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop the running round at the next safe point (between steps, or between streamed
        chunks); what is done is kept and the rest stays pending for Retry."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def provider(self) -> Provider:
        # A factory defers building the client (and importing openai) to the first real call,
        # and lets a missing key fail the describe step instead of the photo.
        if callable(self._provider) and not hasattr(self._provider, "describe"):
            self._provider = self._provider()
        return self._provider  # type: ignore[return-value]

    # -- the round ---------------------------------------------------------------------------

    def capture(
        self,
        frame: np.ndarray,
        folder: Path | None = None,
        *,
        style: str | None = None,
        likeness: bool | None = None,
    ) -> RoundRecord:
        """Save the photo and a sidecar; raises StorageError if the photo cannot be kept.

        ``style`` (a style id, "" for none) and ``likeness`` are this round's choice; None takes
        the settings'. Both are stored in the record, so Retry paints the same way."""
        started = time.perf_counter()
        files = rounds.new_round(folder or self.settings.images_path())
        record = RoundRecord(
            files=files,
            language=self.settings.language,
            style=self.settings.style if style is None else style,
            likeness=self.settings.likeness if likeness is None else likeness,
        )
        self._emit(record, Step.PHOTO, EventStatus.STARTED)
        disk.write_file(files.photo, imaging.encode_jpeg(frame), "photo")
        self._captured = (files.photo, frame)
        height, width = frame.shape[:2]
        record.sizes["photo"] = [width, height]
        record.steps[Step.PHOTO] = StepState.DONE
        record.timings_ms["photo"] = round_steps.ms(started)
        record.save()
        self._emit(record, Step.PHOTO, EventStatus.DONE, data=files.photo)
        return record

    def run(self, record: RoundRecord) -> RoundRecord:
        """Run every step of ``record`` that is not done yet; never raises CamdrawError."""
        started = time.perf_counter()
        # What the budget already counts for this record (a retry adds only what it spends).
        spent_before = record.cost.get("booked", record.cost.get("usd")) or 0.0
        usage_before = {step: dict(usage) for step, usage in record.usage.items()}
        self._upload = None  # made from this record's photo; one pipeline runs many rounds
        try:
            offline = self._offline()
            record.offline = offline
            if not offline and self._from_cache(record):
                self._emit(record, ROUND, EventStatus.DONE, data=record)
                return record
            # Cooldown, hourly cap and budget are about paid API use: the offline demo is free.
            self._start_within_limits(record, offline)
            if record.steps[Step.DESCRIBE] != StepState.DONE:
                with self._step(record, Step.DESCRIBE):
                    self._describe(record)
                self._speak(record)
            if record.steps[Step.PAINT] != StepState.DONE:
                # A "done" check read from the record is never trusted (the file may have been
                # edited): what is about to be painted is checked now. A "blocked" one stands.
                if record.steps[Step.CHECK] != StepState.BLOCKED:
                    with self._step(record, Step.CHECK):
                        style, from_photo = self._check(record)
                if record.steps[Step.CHECK] == StepState.BLOCKED:
                    return self._blocked(record, record.check.get("message", ""))
                with self._step(record, Step.PAINT):
                    self._paint(record, style, from_photo)
                round_cache.remember(self.cache, self._upload, record, self.settings)
        except ContentRefusedError as error:
            return self._blocked(record, str(error))
        except RoundCancelledError as error:
            record.errors["round"] = str(error)
            self._emit(record, ROUND, EventStatus.CANCELLED, str(error), data=record)
            return record
        except CamdrawError as error:
            self._emit(record, ROUND, EventStatus.FAILED, str(error), data=record)
            return record
        finally:
            record.timings_ms["total"] = record.timings_ms.get("photo", 0) + round_steps.ms(started)
            if record.usage != usage_before and not record.offline:
                self._account(record, spent_before)
            self._save_quietly(record)
        self._emit(record, ROUND, EventStatus.DONE, data=record)
        return record

    def _start_within_limits(self, record: RoundRecord, offline: bool = False) -> None:
        """Cooldown, hourly cap and daily budget apply to every round that calls the API."""
        record.errors.pop("round", None)
        if self.limits is None or offline:
            return
        # Checked and booked in one step: another process may be starting a round too.
        hit = self.limits.try_start()
        if hit is not None:
            # The steps stay pending: Retry after the limit lifts runs them.
            record.errors["round"] = hit.message
            raise LimitReachedError(hit.message)

    def _account(self, record: RoundRecord, spent_before: float) -> None:
        """The round's cost from its token usage and the price table, in its record and in
        the day's budget (a retry adds only what it spent itself)."""
        cost = pricing.round_cost(
            record.models, record.usage, record.sizes.get("painting_request", {})
        )
        record.cost = {"usd": cost.usd, "parts": cost.parts, "note": cost.note}
        if self.limits is None:
            return
        if cost.usd is None:
            # The known parts and the unknown ones at the dearest known price: said, and kept.
            record.cost["booked"] = cost.booked
            if cost.unknown_note and cost.unknown_note not in record.notes:
                record.notes.append(cost.unknown_note)
                self._emit(record, ROUND, EventStatus.NOTE, cost.unknown_note)
        self.limits.add_cost(cost.booked - spent_before, unknown=cost.usd is None)

    def _blocked(self, record: RoundRecord, message: str) -> RoundRecord:
        """The description is not to be painted: a result with a reason, not a failure."""
        if record.steps[Step.PAINT] in (StepState.PENDING, StepState.FAILED):
            record.steps[Step.PAINT] = StepState.SKIPPED  # "blocked" when the image service refused
        self._save_quietly(record)
        self._emit(record, ROUND, EventStatus.BLOCKED, message, data=record)
        return record

    def run_frame(self, frame: np.ndarray) -> RoundRecord:
        return self.run(self.capture(frame))

    def regenerate(self, sidecar: Path) -> RoundRecord:
        """Describe and paint the saved photo again, as if for the first time."""
        record = RoundRecord.load(sidecar)
        for step in _AFTER_THE_PHOTO:
            record.steps[step] = StepState.PENDING
            record.errors.pop(step, None)
        record.cache, record.check = {}, {}
        # A new, paid run: its cost and usage are its own, so the day's budget counts them in
        # full (run() adds only what a retry spends on top of what the record already holds).
        record.cost, record.usage = {}, {}
        return self.run(record)

    def retry(self, sidecar: Path) -> RoundRecord:
        record = RoundRecord.load(sidecar)
        for step in record.failed_steps():
            record.steps[step] = StepState.PENDING
            record.errors.pop(step, None)
        return self.run(record)

    def repaint(self, sidecar: Path, *, style: str, likeness: bool | None = None) -> RoundRecord:
        """Paint an old round again in ``style``, as a new round in the same folder: a copy of
        its photo, its description and check (no vision request, not spoken again). The old
        round stays as it was. ``likeness`` None keeps the old round's. Never raises
        CamdrawError: a round that cannot be started comes back failed (and is not saved)."""
        record = repaint.start_repaint(sidecar, style=style, likeness=likeness, emit=self._emit)
        return record if record.steps[Step.PHOTO] == StepState.FAILED else self.run(record)

    # -- the steps ---------------------------------------------------------------------------

    def _upload_of(self, record: RoundRecord) -> imaging.Upload:
        """The downscaled JPEG the vision model gets (made once per run; faces blurred when
        the settings say so)."""
        if self._upload is None:
            captured, self._captured = self._captured, None
            if captured is not None and captured[0] == record.files.photo:
                frame = captured[1]
            else:  # a retry, a repaint: the saved photo
                frame = imaging.decode_photo(round_files.read_photo(record))
            frame = outgoing.frame_to_send(frame, record, self.settings)
            self._upload = imaging.prepare_upload(frame, self.settings.detail)
        return self._upload

    def _place(self, role: str, offline: bool) -> str:
        """The server a step sends to, as its record keeps it ("" for this computer)."""
        where = destinations.route(self.settings, offline)
        return (where.describe if role == "describe" else where.paint).label

    @property
    def last_upload(self) -> imaging.Upload | None:
        """The upload the last run made (questions about that round reuse its bytes)."""
        return self._upload

    def _offline(self) -> bool:
        """Whether this pipeline paints with the offline demo (its provider says so)."""
        try:
            return bool(getattr(self.provider(), "offline", False))
        except CamdrawError:
            return False  # no provider yet (e.g. no key): the describe step will say why

    def _from_cache(self, record: RoundRecord) -> bool:
        """A new round of the same (or a near-identical) photo reuses the description and the
        painting: no API call, no cost. The new photo is still saved."""
        if self.cache is None or any(
            record.steps[step] != StepState.PENDING for step in _AFTER_THE_PHOTO
        ):
            return False
        try:
            upload = self._upload_of(record)
        except CamdrawError:
            return False  # the describe step will say so
        hit = round_cache.find(
            self.cache, upload, record, self.settings, exact_only=self.exact_cache_only
        )
        if hit is None:
            return False
        round_cache.take_description(record, hit, upload, self.settings)
        self._emit(record, Step.DESCRIBE, EventStatus.TEXT, data=hit.description)
        self._speak(record)
        round_files.save_painting(record, hit.painting_png)
        paint_step.settle_style(record, self.settings.custom_styles, self._emit)
        record.paint_mode = "likeness" if record.likeness else "text"
        record.steps[Step.PAINT] = StepState.DONE
        self._emit(record, Step.PAINT, EventStatus.IMAGE, data=record.files.painting)
        log.info("round %s from cache (%s, distance %d)", record.stem, hit.kind, hit.distance)
        return True

    def _describe(self, record: RoundRecord) -> None:
        upload = self._upload_of(record)
        record.privacy["described_at"] = self._place("describe", record.offline)
        describe_step.describe(
            record, upload, self.provider, self.settings, self._emit, self._cancel.is_set
        )

    def _check(self, record: RoundRecord) -> tuple[Style | None, bool]:
        """Settle the style and the image prompt, then check exactly those words; the paint
        step that follows sends them as they are."""
        style = paint_step.settle_style(record, self.settings.custom_styles, self._emit)
        # Likeness (and the offline demo) paint from the photo: the saved file, byte for byte.
        from_photo = record.offline or record.likeness
        record.image_prompt = paint_step.image_prompt(record, self.settings.image_model, from_photo)
        sent = paint_step.words_sent(record, from_photo)
        check_step.check(record, self.provider, self.settings, self._emit, sent)
        return style, from_photo

    def _speak(self, record: RoundRecord) -> None:
        speech_step.speak(
            record, self.speaker, self.settings, self.screen_reader_running(), self._emit
        )

    def _paint(self, record: RoundRecord, style: Style | None, from_photo: bool) -> None:
        """Paint ``record.image_prompt`` as the check step just settled and checked it."""
        cached = (
            # A likeness painting depends on the photo too: only the capture cache has it.
            self.cache.find_painting(
                record.description, round_cache.context_for(self.settings, record)
            )
            if self.cache is not None and not from_photo
            else None
        )
        if cached is not None:
            # The same words were painted before with these settings: reuse, no API call.
            round_files.save_painting(record, cached)
            record.cache["painting"] = "prompt"
            record.paint_mode = "text"
        else:
            reference = outgoing.reference_photo(record, self.settings) if from_photo else None
            record.privacy["painted_at"] = self._place("paint", record.offline)
            paint_step.paint(
                record,
                self.provider,
                self.settings,
                style,
                reference,
                self._emit,
                self._cancel.is_set,
            )
        self._emit(record, Step.PAINT, EventStatus.IMAGE, data=record.files.painting)

    # -- plumbing (round/round_steps.py) ------------------------------------------------------

    def _step(self, record: RoundRecord, step: str) -> AbstractContextManager[None]:
        return round_steps.step(record, step, self._emit, self._cancel.is_set)

    def _save_quietly(self, record: RoundRecord) -> None:
        round_steps.save_quietly(record)

    def _emit(
        self, record: RoundRecord, step: str, status: str, message: str = "", data: Any = None
    ) -> None:
        round_steps.send(self.listener, RoundEvent(record.stem, step, status, message, data))
