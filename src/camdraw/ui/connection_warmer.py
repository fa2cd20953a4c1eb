"""The window's side of the warm-up (core.round.warm_up): when it runs, on which thread.

It starts once the preview shows its first picture (start-up has drawn the window by then),
runs on a thread of its own (a slow server must not hold up the window's background queue of
settings and keyring jobs), and looks again after a settings or key change and every
``CHECK_MS`` (the core decides whether the connections are idle long enough to renew). The
window stops it and waits for a running warm-up when it closes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Slot

from camdraw.core.round.warm_up import WarmUp
from camdraw.core.settings import Settings

log = logging.getLogger(__name__)

CHECK_MS = 10_000


class _WarmJob(QRunnable):
    def __init__(self, fn: Callable[[], object], done: threading.Event) -> None:
        super().__init__()
        self._fn = fn
        self._done = done

    def run(self) -> None:
        try:
            self._fn()
        except Exception:
            log.exception("warm-up failed")  # the first round will meet the problem itself
        finally:
            self._done.set()


class ConnectionWarmer(QObject):
    """Runs ``warm.run(settings())`` off the GUI thread whenever ``warm.is_due`` says so,
    from ``start`` until ``stop``."""

    def __init__(
        self,
        warm: WarmUp,
        settings: Callable[[], Settings],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._warm = warm
        self._settings = settings
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._idle = threading.Event()
        self._idle.set()
        self._started = False
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)

    @property
    def started(self) -> bool:
        return self._started

    @property
    def idle(self) -> bool:
        """No warm-up is running."""
        return self._idle.is_set()

    @Slot()
    def start(self) -> None:
        """The preview shows: warm up now, and keep it warm (idempotent)."""
        if self._started:
            return
        self._started = True
        self._timer.start()
        self.check()

    def check(self, *_: object) -> None:  # also connected to signals that carry a value
        """Warm up if the core says it is due and none is running (cheap on the GUI thread)."""
        if not self._started or not self._idle.is_set():
            return
        settings = self._settings()
        if not self._warm.is_due(settings):
            return
        self._idle.clear()
        job = _WarmJob(lambda: self._warm.run(settings), self._idle)
        self._pool.start(job)

    @Slot()
    def key_changed(self) -> None:
        """The key changed: the clients built with the old one are no use."""
        self._warm.forget()
        self.check()

    def round_ended(self, *_: object) -> None:
        """A round just used the connections: they are fresh for another while."""
        self._warm.note_used()

    def stop(self) -> None:
        """No more warm-ups; wait for one that is running (idempotent)."""
        self._started = False
        self._timer.stop()
        self._pool.waitForDone()

    def wait(self) -> None:
        """Block until a running warm-up has finished (tests)."""
        self._pool.waitForDone()
