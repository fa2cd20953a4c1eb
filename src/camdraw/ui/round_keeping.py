"""Rounds kept only as long as wanted, in the window: the clean-up by age at start and once a
day, and the photobooth's deleting of each visitor's round once it has been shown.

The deleting runs on the window's background queue (``core.store.retention``); which rounds
may go is decided on the GUI thread just before, so the round on show and the one running
are never among them. ``rounds_deleted`` carries the sidecars of the rounds that went.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from camdraw.core.settings import Settings
from camdraw.core.store import gallery, retention
from camdraw.core.store.gallery import GalleryEntry
from camdraw.core.store.record import RoundRecord
from camdraw.ui.background import BackgroundJobs
from camdraw.ui.round_files import same_path_key

DAY_MS = 24 * 60 * 60 * 1000
VISITOR_CHECK_MS = 60 * 1000  # how often a visitor's round past its minutes is looked for


class RoundKeeping(QObject):
    rounds_deleted = Signal(list)  # the sidecars (str) of the rounds deleted

    def __init__(
        self,
        settings: Callable[[], Settings],
        jobs: BackgroundJobs,
        *,
        in_use: Callable[[Path], bool],
        shown: Callable[[], RoundRecord | None],
        booth_locked: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._jobs = jobs
        self._in_use = in_use
        self._shown = shown
        self._booth_locked = booth_locked
        self._visitors: dict[str, tuple[Path, float]] = {}  # sidecar key -> (sidecar, due at)
        self.clock: Callable[[], float] = time.monotonic
        self.daily_timer = QTimer(self)
        self.daily_timer.setInterval(DAY_MS)
        self.daily_timer.timeout.connect(self.clean_up)
        self._visitor_timer = QTimer(self)
        self._visitor_timer.setInterval(VISITOR_CHECK_MS)
        self._visitor_timer.timeout.connect(self.delete_visitor_rounds)

    def start(self) -> None:
        """The clean-up now, and once a day while the window is open."""
        self.clean_up()
        self.daily_timer.start()

    def stop(self) -> None:
        self.daily_timer.stop()
        self._visitor_timer.stop()

    # -- by age ------------------------------------------------------------------------------

    def clean_up(self) -> None:
        """Delete the rounds older than the settings keep (nothing when they keep all)."""
        s = self._settings()
        if s.keep_days <= 0:
            return
        folder, days = s.images_path(), s.keep_days
        self._jobs.run(lambda: retention.expired(folder, days), self._delete)

    # -- the photobooth's visitors -------------------------------------------------------------

    def round_shown(self, record: RoundRecord | None) -> None:
        """A round ended on screen: in the locked photobooth with "delete each visitor's round"
        on, it is deleted once it has left the screen and its minutes are up."""
        s = self._settings()
        if record is None or not (s.booth_delete_rounds and self._booth_locked()):
            return
        due = self.clock() + s.booth_delete_after_min * 60
        self._visitors[same_path_key(record.files.sidecar)] = (record.files.sidecar, due)
        self._visitor_timer.start()

    def delete_visitor_rounds(self) -> None:
        """Delete the visitors' rounds whose time is up and that are no longer on show."""
        now = self.clock()
        due = [key for key, (_, at) in self._visitors.items() if at <= now]
        entries: list[GalleryEntry] = []
        for key in due:
            sidecar, _ = self._visitors[key]
            if self._protected(sidecar):
                continue
            del self._visitors[key]
            entry = gallery.read_entry(sidecar, 0.0, _names(sidecar.parent))
            if entry is not None:
                entries.append(entry)
        if not self._visitors:
            self._visitor_timer.stop()
        if entries:
            self._delete(entries)

    # -- both ------------------------------------------------------------------------------

    def _protected(self, sidecar: Path) -> bool:
        shown = self._shown()
        on_show = shown is not None and same_path_key(shown.files.sidecar) == same_path_key(sidecar)
        return on_show or self._in_use(sidecar)

    def _delete(self, entries: list[GalleryEntry]) -> None:
        """Delete ``entries`` off the GUI thread, leaving out the round on show or running."""
        chosen = {e.stem: e.sidecar for e in entries if not self._protected(e.sidecar)}
        if chosen:
            picked = [e for e in entries if e.stem in chosen]
            self._jobs.run(
                lambda: retention.delete_rounds(picked),
                lambda cleanup: self._deleted(cleanup, chosen),
            )

    def _deleted(self, cleanup: retention.Cleanup, sidecars: dict[str, Path]) -> None:
        if cleanup.deleted:
            self.rounds_deleted.emit([str(sidecars[stem]) for stem in cleanup.deleted])


def _names(folder: Path) -> set[str]:
    try:
        return {p.name for p in folder.iterdir()}
    except OSError:
        return set()
