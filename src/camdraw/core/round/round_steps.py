"""The plumbing of a round's steps: their events, their states in the record, saving it.

Each step runs inside ``step(...)``: it is marked running (and the record saved), and ends done,
failed, blocked or — when cancelled — pending again, with its time and a message for people.
Listeners get a ``RoundEvent`` for everything; nothing here knows about widgets.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from camdraw.core.errors import (
    CamdrawError,
    ContentRefusedError,
    RoundCancelledError,
    StorageError,
)
from camdraw.core.providers.client import retry_notices
from camdraw.core.store.record import RoundRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoundEvent:
    stem: str
    step: str  # "photo", "describe", "speech", "check", "paint" or "round"
    status: str  # "started", "done", "failed", "skipped", "blocked", "note", "retrying",
    # "streaming" (text so far), "text" (final text), "partial" (a preview image), "image"
    message: str = ""  # for people
    data: Any = None  # the photo/painting path, the description text, the record


Listener = Callable[[RoundEvent], None]
Emit = Callable[..., None]  # emit(record, step, status, message="", data=None)


@contextmanager
def step(
    record: RoundRecord, name: str, emit: Emit, cancelled: Callable[[], bool]
) -> Iterator[None]:
    """Run the body as step ``name`` of ``record``, keeping its state and time honest."""
    if cancelled():
        raise RoundCancelledError()
    started = time.perf_counter()
    record.steps[name] = "running"
    save_quietly(record)
    emit(record, name, "started")
    try:
        with retry_notices(lambda text: emit(record, name, "retrying", text)):
            yield
    except RoundCancelledError:
        record.steps[name] = "pending"  # not failed: Retry runs it again
        record.timings_ms[name] = ms(started)
        raise
    except CamdrawError as error:
        # A refusal (the service declined) is "blocked", any other problem "failed".
        status = "blocked" if isinstance(error, ContentRefusedError) else "failed"
        record.steps[name] = status
        record.errors[name] = str(error)
        record.timings_ms[name] = ms(started)
        emit(record, name, status, str(error))
        raise
    except Exception as error:
        # A bug, not a service failure: keep the record honest (run() saves it), then let it
        # surface.
        record.steps[name] = "failed"
        record.errors[name] = f"Internal error ({type(error).__name__})."
        raise
    record.timings_ms[name] = ms(started)
    if record.steps[name] == "running":
        record.steps[name] = "done"
        emit(record, name, "done")


def save_quietly(record: RoundRecord) -> None:
    try:
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
