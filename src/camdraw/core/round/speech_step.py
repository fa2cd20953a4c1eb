"""The round's speech step: who reads the description, and how the reading ended.

The description setting ``description_reader`` and whether a screen reader runs decide whether
camdraw's voice reads it (``screen_reader.reading``); the record says who read it
(``read_by``). Speech starts while the painting is still being made and never fails the round.
A narration the user asked for (``save_narration``) is written when the screen reader reads the
description too: camdraw's voice then writes the WAV without playing it.
The step is "queued" while the speaker has it; the speaker's result (on the speech thread)
ends it as done, failed (the reason in ``errors["speech"]``) or skipped (``speech_skipped``:
"muted", or "screen_reader" when the description was left to it), and saves the record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from camdraw.core.i18n import N_, _
from camdraw.core.round import round_steps
from camdraw.core.round.round_steps import EventStatus
from camdraw.core.settings import Settings
from camdraw.core.speech.screen_reader import Reading, reading
from camdraw.core.store.record import RoundRecord, Step, StepState

log = logging.getLogger(__name__)

START_FAILED = N_("Speech could not start.")


class SpokenResult(Protocol):
    """What the speaker reports for one job (``speaker.SpeechResult``)."""

    spoken: bool
    error: str | None


class SpeechSink(Protocol):
    def say(
        self,
        text: str,
        *,
        save_to: Path | None = None,
        on_done: Callable[[Any], None] | None = None,
        play: bool = True,
    ) -> None: ...


Emit = Callable[..., None]


def speak(
    record: RoundRecord,
    speaker: SpeechSink | None,
    settings: Settings,
    screen_reader_running: bool,
    emit: Emit,
) -> None:
    """Hand the description to camdraw's voice, or skip the step, as the setting says."""
    decision = reading(settings.description_reader, screen_reader_running)
    record.read_by = decision.read_by
    record.speech_skipped = ""
    record.errors.pop("speech", None)
    save_to = record.files.narration if settings.save_narration else None
    if not decision.voice and (save_to is None or speaker is None):
        _skip(record, "screen_reader", decision)
        return
    if speaker is None:
        _skip(record, "no_speaker", decision)
        return
    record.narration_requested = save_to is not None
    with round_steps.SAVE_LOCK:  # the result may arrive before say() returns
        record.steps[Step.SPEECH] = StepState.QUEUED
    # Asked only when camdraw's voice stays quiet: speakers without ``play`` still work.
    quiet = {} if decision.voice else {"play": False}
    try:
        speaker.say(
            record.description,
            save_to=save_to,
            on_done=lambda result: finished(record, result, decision, speaker),
            **quiet,
        )
    except Exception as error:
        log.warning("speech could not start: %s", error)
        with round_steps.SAVE_LOCK:
            record.steps[Step.SPEECH] = StepState.FAILED
            record.errors["speech"] = _(START_FAILED)
        return
    emit(record, Step.SPEECH, EventStatus.STARTED, data=save_to)


def finished(
    record: RoundRecord, result: SpokenResult, decision: Reading, speaker: object = None
) -> None:
    """The speaker's result for the description (speech thread): the step's end, saved."""
    with round_steps.SAVE_LOCK:
        if result.error:
            record.steps[Step.SPEECH] = StepState.FAILED
            record.errors["speech"] = result.error
        elif result.spoken:
            record.steps[Step.SPEECH] = StepState.DONE
        elif not decision.voice:  # the narration is written; the screen reader reads it
            _skip(record, "screen_reader", decision)
        else:  # muted before or while it was read (or camdraw closing)
            _skip(record, "muted" if getattr(speaker, "muted", True) else "stopped", decision)
        round_steps.save_quietly(record)


def _skip(record: RoundRecord, why: str, decision: Reading) -> None:
    record.steps[Step.SPEECH] = StepState.SKIPPED
    record.speech_skipped = why
    record.read_by = "screen_reader" if decision.announce else ""
