"""What a screen reader is told, through Qt's accessibility announcements.

Qt ≥ 6.8 passes a ``QAccessibleAnnouncementEvent`` to UI Automation notifications on Windows
(NVDA, JAWS and Narrator speak them) and to AT-SPI announcements on Linux (Orca speaks them).
This module is the only one that announces: the window connects the round's, the camera's,
the banner's and the status line's signals to the slots below, and tests listen to
``announced``.

What is announced: a round started; the whole description once it is complete (never while it
streams in); the painting done and where it was saved; every problem, assertively (round errors,
limits, retries, the busy note, the camera lost; the camera back, politely). Never a progress
tick; a sentence said a moment ago is not said again (a limit reaches both the status line and
the banner).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

from camdraw.core.store.record import RoundRecord

REPEAT_S = 2.0  # the same sentence within this many seconds is said once


class Announcer(QObject):
    """Announces on behalf of ``source`` (the window: screen readers tie the announcement to
    the application it comes from)."""

    announced = Signal(str, bool)  # the text, and whether it was assertive

    def __init__(self, source: QObject) -> None:
        super().__init__(source)
        self._source = source
        self._last: tuple[str, float] = ("", -REPEAT_S)
        self._camera_lost = False

    def announce(self, text: str, *, assertive: bool = False, again: bool = False) -> None:
        """Tell the screen reader ``text``; ``assertive`` interrupts what it is saying (for
        problems), polite waits for it; ``again``: even when it was just said (the user asked
        for it once more)."""
        text = " ".join(text.split())
        now = time.monotonic()
        last_text, last_time = self._last
        recent = text == last_text and now - last_time < REPEAT_S
        if not text or (recent and not again):
            return
        self._last = (text, now)
        event = QAccessibleAnnouncementEvent(self._source, text)
        event.setPoliteness(
            QAccessible.AnnouncementPoliteness.Assertive
            if assertive
            else QAccessible.AnnouncementPoliteness.Polite
        )
        QAccessible.updateAccessibility(event)
        self.announced.emit(text, assertive)

    # -- the round ----------------------------------------------------------------------------

    @Slot(bool)
    def busy_changed(self, busy: bool) -> None:
        if busy:
            self.announce(self.tr("Round started."))

    @Slot(str)
    def description_completed(self, text: str) -> None:
        self.announce(text)

    @Slot(object)
    def round_ended(self, record: RoundRecord | None) -> None:
        """The painting done and where it is; a failed round's problem reaches the banner,
        which announces it."""
        if record is not None and record.status == "done":
            self.announce(
                self.tr("Painting done. Saved as {stem} in {folder}.").format(
                    stem=record.stem, folder=record.files.folder
                )
            )

    # -- problems -----------------------------------------------------------------------------

    @Slot(str)
    def problem(self, text: str) -> None:
        self.announce(text, assertive=True)

    @Slot(str, bool)
    def message_shown(self, text: str, alert: bool) -> None:
        """A banner row appeared or changed: problems interrupt, notes wait."""
        self.announce(text, assertive=alert)

    # -- the camera ---------------------------------------------------------------------------

    @Slot(str)
    def camera_lost(self, message: str) -> None:
        """The banner says why (and announces it); remembered so its return is told."""
        self._camera_lost = True

    @Slot(str)
    def camera_opened(self, label: str) -> None:
        if self._camera_lost:
            self._camera_lost = False
            self.announce(self.tr("The camera is back: {label}.").format(label=label))
