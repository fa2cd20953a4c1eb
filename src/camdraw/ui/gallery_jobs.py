"""The gallery's work off the GUI thread: the folder scan, thumbnails, full pictures, deletes.

Each job is a QRunnable with a signals QObject made on the GUI thread, so its results arrive
there as queued signals. Jobs check a shared stop flag before each piece of work, and
``GalleryWorkers.shutdown`` drops queued jobs and waits for running ones, so nothing runs once
the dialog is gone. What the user asked for (a delete) runs on a pool of its own that shutdown
waits for but never drops. Each kind of job notes the threads it ran on (a test seam: tests
check that none of this work ran on the GUI thread).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from camdraw.core.store import gallery
from camdraw.core.store.thumbnails import ThumbnailCache
from camdraw.ui.background import JobSignals, run_job

SCAN_PRIORITY = 1 << 30  # before any thumbnail


class ScanSignals(QObject):
    counted = Signal(int, int)  # generation, files that may be rounds
    batch_ready = Signal(int, object)  # generation, list[GalleryEntry]
    finished = Signal(int)  # generation


class ThumbnailSignals(QObject):
    ready = Signal(str, QImage)  # key (the picture's path), the image (null if unreadable)


class _Job(QRunnable):
    def __init__(self, workers: GalleryWorkers) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it (and its signals) until it reports
        self.workers = workers
        self.kept = False  # runs even when the gallery shuts down (see GalleryWorkers.call)

    def note_thread(self, kind: str) -> None:
        self.workers.threads.add((kind, threading.get_ident()))


class ScanJob(_Job):
    def __init__(self, workers: GalleryWorkers, folder: Path, generation: int) -> None:
        super().__init__(workers)
        self.folder = folder
        self.generation = generation
        self.signals = ScanSignals()

    def run(self) -> None:
        self.note_thread("scan")
        try:
            if self.workers.stopping.is_set():
                return
            listed = gallery.candidates(self.folder)  # one pass over the folder for both
            self.signals.counted.emit(self.generation, len(listed[0]))
            for batch in gallery.scan_batches(self.folder, listed=listed):
                if self.workers.stopping.is_set():
                    return
                self.signals.batch_ready.emit(self.generation, batch)
        finally:
            self.signals.finished.emit(self.generation)


class ThumbnailJob(_Job):
    def __init__(self, workers: GalleryWorkers, source: Path, cache: ThumbnailCache) -> None:
        super().__init__(workers)
        self.source = source
        self.cache = cache
        self.signals = ThumbnailSignals()

    def run(self) -> None:
        image = QImage()
        try:
            if not self.workers.stopping.is_set():
                self.note_thread("thumbnail")
                path = self.cache.get(self.source)
                if path is not None:
                    image = QImage(str(path))
        finally:
            self.signals.ready.emit(str(self.source), image)


class CallJob(_Job):
    """Any function; its result (or its error) comes back on the GUI thread."""

    def __init__(self, workers: GalleryWorkers, kind: str, fn: Callable[[], Any]) -> None:
        super().__init__(workers)
        self.kind = kind
        self.fn = fn
        self.signals = JobSignals()

    def run(self) -> None:
        self.note_thread(self.kind)
        run_job(self.fn, self.signals, f"gallery {self.kind}")


class GalleryWorkers(QObject):
    """The gallery's thread pool and the jobs it has not yet heard back from."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.kept_pool = QThreadPool(self)  # jobs the user asked for: never dropped
        self.kept_pool.setMaxThreadCount(1)
        self.stopping = threading.Event()
        self.threads: set[tuple[str, int]] = set()  # (job kind, thread ident), added by jobs
        self._jobs: set[_Job] = set()
        self._priority = 0

    def scan(
        self,
        folder: Path,
        generation: int,
        on_counted: Callable[[int, int], None],
        on_batch: Callable[[int, object], None],
        on_finished: Callable[[int], None],
    ) -> None:
        job = ScanJob(self, folder, generation)
        job.signals.counted.connect(on_counted)
        job.signals.batch_ready.connect(on_batch)
        job.signals.finished.connect(on_finished)
        job.signals.finished.connect(lambda _=0, j=job: self._jobs.discard(j))
        self._start(job, SCAN_PRIORITY)

    def thumbnail(
        self, source: Path, cache: ThumbnailCache, on_ready: Callable[[str, QImage], None]
    ) -> None:
        job = ThumbnailJob(self, source, cache)
        job.signals.ready.connect(on_ready)
        job.signals.ready.connect(lambda *_, j=job: self._jobs.discard(j))
        # The latest request first: what is on screen now, not what was scrolled past.
        self._priority = (self._priority + 1) % SCAN_PRIORITY
        self._start(job, self._priority)

    def call(
        self,
        kind: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
        *,
        keep: bool = False,
    ) -> None:
        """Run ``fn`` off the GUI thread; with ``keep`` it runs even if the gallery shuts down
        before it starts, and still reports (a delete the user asked for)."""
        job = CallJob(self, kind, fn)
        job.kept = keep
        job.signals.finished.connect(on_done)
        if on_error is not None:
            job.signals.failed.connect(on_error)
        job.signals.finished.connect(lambda _=None, j=job: self._jobs.discard(j))
        job.signals.failed.connect(lambda _=None, j=job: self._jobs.discard(j))
        self._start(job, SCAN_PRIORITY + 1)  # the user is waiting for this one

    def _start(self, job: _Job, priority: int) -> None:
        self.stopping.clear()
        self._jobs.add(job)
        (self.kept_pool if job.kept else self.pool).start(job, priority)

    @property
    def pending(self) -> int:
        """Jobs started that have not reported back yet."""
        return len(self._jobs)

    def shutdown(self) -> None:
        """Drop queued jobs, let running ones see the stop flag, and wait for them."""
        self.stopping.set()
        self.pool.clear()
        self.pool.waitForDone()
        self.kept_pool.waitForDone()
        # A kept job's report is still on its way to the GUI thread: keep it (and its signals).
        self._jobs = {job for job in self._jobs if job.kept}
