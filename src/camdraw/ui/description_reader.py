"""Who reads the description in the window, and what a speech failure shows.

``DescriptionReader`` knows whether a screen reader is running (asked off the GUI thread with
``core.speech.screen_reader.running``: at start and when the settings change) and hands the
complete description to the announcer unless the setting is camdraw's voice alone; the round's
pipeline asks it too, so camdraw's voice stays quiet while a screen reader reads ("auto").

``SpeechOutcome`` shows a failed reading in the banner until the next round starts, and
announces it assertively; a failure again (Speak again, Ctrl+Space) is announced again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot

from camdraw.core.settings import Settings
from camdraw.core.speech import screen_reader
from camdraw.core.speech.speaker import SpeechResult
from camdraw.ui.announcer import Announcer
from camdraw.ui.background import BackgroundJobs
from camdraw.ui.banner import Banner

TOPIC = "speech"  # the banner row of a speech failure


class DescriptionReader(QObject):
    def __init__(
        self,
        settings: Callable[[], Settings],
        announcer: Announcer,
        jobs: BackgroundJobs,
        detect: Callable[[], bool] | None = None,  # None: screen_reader.running
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._announcer = announcer
        self._jobs = jobs
        self._detect = detect or screen_reader.running
        self._running = False  # read by the round's thread: a plain bool, replaced whole

    def running(self) -> bool:
        """Whether a screen reader was running when last asked."""
        return self._running

    def refresh(self) -> None:
        """Ask again, off the GUI thread (a failed question counts as none running)."""
        self._jobs.run(self._detect, on_done=self._found, on_error=lambda error: None)

    def _found(self, running: object) -> None:
        self._running = bool(running)

    def reading(self) -> screen_reader.Reading:
        return screen_reader.reading(self._settings().description_reader, self._running)

    def voice_reads(self) -> bool:
        """camdraw's voice speaks (status words follow the description's reader)."""
        return self.reading().voice

    @Slot(str)
    def description_completed(self, text: str) -> None:
        if self.reading().announce:
            self._announcer.description_completed(text)


class SpeechOutcome(QObject):
    def __init__(self, banner: Banner, announcer: Announcer, parent: QObject | None = None):
        super().__init__(parent)
        self._banner = banner
        self._announcer = announcer
        self._shown = ""

    @Slot(object)
    def spoken(self, result: SpeechResult) -> None:
        if not result.error:
            return
        if result.error == self._shown:  # the banner shows it: only the announcement again
            self._announcer.announce(result.error, assertive=True, again=True)
            return
        self._shown = result.error
        self._banner.show_message(TOPIC, result.error)  # announced assertively by the banner

    @Slot(bool)
    def busy_changed(self, busy: bool) -> None:
        """A new round: the last round's speech failure goes."""
        if busy:
            self._shown = ""
            self._banner.hide_message(TOPIC)
