"""Small jobs that touch the disk or the keyring, off the GUI thread, one at a time.

A keyring read can wait on an unlock prompt and a settings write on a slow disk; the window
hands such jobs here and gets the result back as a queued signal on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class JobSignals(QObject):
    finished = Signal(object)  # what the function returned
    failed = Signal(object)  # the exception


def run_job(fn: Callable[[], Any], signals: JobSignals, what: str) -> None:
    """Run ``fn`` (on a pool thread) and report its result or its error through ``signals``.

    An error is logged and reported; under pytest a bug (anything but a CamdrawError, which
    has a ``message``) is raised again as well, so tests see it."""
    try:
        result = fn()
    except Exception as error:
        log.warning("%s failed: %s", what, error)
        signals.failed.emit(error)
        if "pytest" in sys.modules and not hasattr(error, "message"):
            raise
        return
    signals.finished.emit(result)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = JobSignals()

    def run(self) -> None:
        run_job(self.fn, self.signals, "background job")


class BackgroundJobs(QObject):
    """A one-thread queue: jobs run in order, callbacks run on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._jobs: set[_Job] = set()  # keep the signal objects alive until they report

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        job = _Job(fn)
        job.setAutoDelete(False)
        self._jobs.add(job)
        if on_done is not None:
            job.signals.finished.connect(on_done)
        if on_error is not None:
            job.signals.failed.connect(on_error)
        job.signals.finished.connect(lambda _=None, j=job: self._jobs.discard(j))
        job.signals.failed.connect(lambda _=None, j=job: self._jobs.discard(j))
        self._pool.start(job)

    def wait(self) -> None:
        """Block until every queued job has run (shutdown, tests)."""
        self._pool.waitForDone()
