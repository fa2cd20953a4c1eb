"""A step's total deadline: the describe or paint step ends within its time-out, all in.

The SDK's ``timeout`` bounds each network read, not the whole answer: a server that trickles a
word every second keeps a streamed description going for ever, and the SDK's retries multiply a
step's time (three attempts of the full time-out). Here the step's time-out is one deadline for
everything the step sends, retries included:

* before each request (the first and every retry) the HTTP client's ``request`` hook clamps the
  request's time-outs to the time left, and refuses to start once none is left;
* an answer the SDK would retry after a wait the deadline has no room for is marked not to be
  retried (``x-should-retry: false``, which the SDK obeys), so its real error is said;
* between the pieces of a stream, the provider asks ``passed()``.

The deadline belongs to the thread that runs the step (``step_deadline``), so the window's and
``draw``'s rounds, the warm-up and the connection test never see each other's.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from camdraw.core.errors import RoundCancelledError, ServiceUnavailableError
from camdraw.core.i18n import N_, _, format_seconds

_local = threading.local()


class StepTimeoutError(Exception):
    """The step's deadline passed (raised in the HTTP client's hooks, outside the SDK's
    retries); the provider says it in words."""


@dataclass
class Deadline:
    ends: float  # time.monotonic() when the step must be done
    seconds: float  # the step's time-out, for the message

    def remaining(self) -> float:
        return self.ends - time.monotonic()


@contextmanager
def step_deadline(seconds: float) -> Iterator[Deadline]:
    """Everything this thread sends inside the block ends within ``seconds``."""
    previous = getattr(_local, "deadline", None)
    deadline = Deadline(time.monotonic() + seconds, seconds)
    _local.deadline = deadline
    try:
        yield deadline
    finally:
        _local.deadline = previous


def current() -> Deadline | None:
    return getattr(_local, "deadline", None)


def passed() -> bool:
    """True when this thread's step has a deadline and it has passed."""
    deadline = current()
    return deadline is not None and deadline.remaining() <= 0


def before_request(request: Any) -> None:
    """The HTTP client's ``request`` hook: clamp this attempt's time-outs to the time left."""
    deadline = current()
    if deadline is None:
        return
    left = deadline.remaining()
    if left <= 0:
        raise StepTimeoutError("the step's deadline passed")
    timeouts = request.extensions.get("timeout")
    if isinstance(timeouts, dict):
        request.extensions["timeout"] = {
            name: left if value is None else min(float(value), left)
            for name, value in timeouts.items()
        }


def stop_retry(response: Any, wait: float | None) -> bool:
    """Called for an answer the SDK would retry after ``wait`` seconds: when the step's
    deadline would pass before the retry could start, tell the SDK not to retry (its own
    ``x-should-retry: false``), so it raises the answer's real error now. True if stopped."""
    deadline = current()
    if deadline is None or deadline.remaining() > (wait if wait is not None else 0.5):
        return False
    response.headers["x-should-retry"] = "false"
    return True


def raise_if_passed() -> None:
    """StepTimeoutError when this thread's step deadline has passed (between stream pieces)."""
    if passed():
        raise StepTimeoutError("the step's deadline passed")


_WHAT = {
    "describe": N_(
        "The vision model did not answer in time: its whole answer must come within {seconds}."
    ),
    "paint": N_("The image model did not answer in time: the painting must come within {seconds}."),
}


def timed_out(step: str, seconds: float) -> ServiceUnavailableError:
    """The step's deadline passed, in words."""
    return ServiceUnavailableError(
        _(_WHAT[step]).format(seconds=format_seconds(seconds)),
        hint=_("Press Retry, or raise the time-out in Settings."),
        step=step,
    )


F = TypeVar("F", bound=Callable[..., Any])


def one_deadline(step: str) -> Callable[[F], F]:
    """Run a provider's ``describe`` or ``paint`` under one deadline of its ``timeout``
    argument; a request stopped by it is a ``timed_out`` error, whatever the SDK made of it."""

    def wrap(method: F) -> F:
        @functools.wraps(method)
        def run(*args: Any, **kwargs: Any) -> Any:
            with step_deadline(float(kwargs["timeout"])) as limit:
                try:
                    return method(*args, **kwargs)
                except RoundCancelledError:
                    raise
                except Exception as error:
                    if _stopped_by_deadline(error):
                        raise timed_out(step, limit.seconds) from error
                    raise

        return run  # type: ignore[return-value]

    return wrap


def _stopped_by_deadline(error: BaseException | None) -> bool:
    """``error`` is, or was caused by, a StepTimeoutError (an SDK may wrap what a hook raised)."""
    seen = 0
    while error is not None and seen < 20:
        if isinstance(error, StepTimeoutError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False
