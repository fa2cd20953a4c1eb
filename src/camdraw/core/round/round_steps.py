"""The plumbing of a round's steps: their events, their states in the record, saving it.

Each step runs inside ``step(...)``: it is marked running (and the record saved), and ends done,
failed, blocked or — when cancelled — pending again, with its time and a message for people.
Listeners get a ``RoundEvent`` for everything; nothing here knows about widgets. Steps, their
states and the events' statuses are enums whose members are their names, so listeners that
compare with plain strings ("paint", "done") keep working.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, Literal, Protocol

from camdraw.core.errors import (
    CamdrawError,
    ContentRefusedError,
    RoundCancelledError,
    StorageError,
)
from camdraw.core.i18n import _
from camdraw.core.providers.client import retry_notices
from camdraw.core.store.record import RoundRecord, Step, StepState

log = logging.getLogger(__name__)


ROUND: Final = "round"  # the step of an event about the whole round
# Held while a record is saved: the speech thread ends the speech step (and saves) while the
# round's thread may be saving the same record.
SAVE_LOCK = threading.RLock()


class EventStatus(str, Enum):
    STARTED = "started"
    DONE = "done"
    FAILED = "failed"
    BLOCKED = "blocked"  # the service refused, or the check stopped the painting
    CANCELLED = "cancelled"
    NOTE = "note"  # worth saying, not an error
    RETRYING = "retrying"  # the service is asked again
    STREAMING = "streaming"  # the description so far
    TEXT = "text"  # the description, final
    PARTIAL = "partial"  # a preview of the painting
    IMAGE = "image"  # the painting

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class RoundEvent:
    stem: str
    step: Step | Literal["round"]
    status: EventStatus
    message: str = ""  # for people
    data: Any = None  # the photo/painting path, the description text, the record

    def __post_init__(self) -> None:
        # Emitters may name a step and status as plain strings; a misspelt one fails here.
        if self.step != ROUND:
            object.__setattr__(self, "step", Step(self.step))
        object.__setattr__(self, "status", EventStatus(self.status))


Listener = Callable[[RoundEvent], None]


class Emit(Protocol):
    def __call__(
        self, record: RoundRecord, step: str, status: str, message: str = "", data: Any = None
    ) -> None: ...


@contextmanager
def step(
    record: RoundRecord, name: str, emit: Emit, cancelled: Callable[[], bool]
) -> Iterator[None]:
    """Run the body as step ``name`` of ``record``, keeping its state and time honest."""
    if cancelled():
        raise RoundCancelledError()
    which = Step(name)
    started = time.perf_counter()
    record.steps[which] = StepState.RUNNING
    save_quietly(record)
    emit(record, which, EventStatus.STARTED)
    try:
        with retry_notices(lambda text: emit(record, which, EventStatus.RETRYING, text)):
            yield
    except RoundCancelledError:
        record.steps[which] = StepState.PENDING  # not failed: Retry runs it again
        record.timings_ms[which] = ms(started)
        raise
    except CamdrawError as error:
        # A refusal (the service declined) is "blocked", any other problem "failed".
        refused = isinstance(error, ContentRefusedError)
        record.steps[which] = StepState.BLOCKED if refused else StepState.FAILED
        record.errors[which] = str(error)
        record.timings_ms[which] = ms(started)
        emit(record, which, EventStatus.BLOCKED if refused else EventStatus.FAILED, str(error))
        raise
    except Exception as error:
        # A bug, not a service failure: keep the record honest (run() saves it), then let it
        # surface.
        record.steps[which] = StepState.FAILED
        record.errors[which] = _("Internal error ({error}).").format(error=type(error).__name__)
        raise
    record.timings_ms[which] = ms(started)
    if record.steps[which] == StepState.RUNNING:
        record.steps[which] = StepState.DONE
        emit(record, which, EventStatus.DONE)


def save_quietly(record: RoundRecord) -> None:
    try:
        with SAVE_LOCK:
            record.save()
    except StorageError as error:
        log.warning("round record not saved: %s", error)


def send(listener: Listener, event: RoundEvent) -> None:
    try:
        listener(event)
    except Exception:
        # A listener bug must not break a user's round, but tests must see it.
        if "pytest" in sys.modules:
            raise
        log.exception("round listener failed")


def ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
