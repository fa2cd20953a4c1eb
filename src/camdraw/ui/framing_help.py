"""F: what the camera sees now, in one sentence, before the photo (``camdraw.core.framing``).

The newest preview frame is looked at on a thread of its own (face detection takes a couple of
camera frames' time, too long for the GUI thread), with no API call. The sentence, in the
description language, goes to the status line (``told``) and to whoever reads descriptions
(the setting, as ``DescriptionReader`` decides): announced to the screen reader, spoken by
camdraw's voice, or both. A second press while one is being worked out is ignored.

In photobooth use the sentence can also be said by itself when the countdown starts
(Settings → Photobooth and interface), so a guest can still move before the photo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from camdraw.core.framing import framing_sentence
from camdraw.core.settings import Settings
from camdraw.core.speech.screen_reader import Reading
from camdraw.ui.announcer import Announcer
from camdraw.ui.background import BackgroundJobs


class Sayer(Protocol):
    def say(self, text: str) -> None: ...


class FramingHelp(QObject):
    told = Signal(str)  # the framing sentence (for the status line)
    refused = Signal(str)  # why there is nothing to look at (a passing note)

    def __init__(
        self,
        snapshot: Callable[[], np.ndarray | None],
        settings: Callable[[], Settings],
        reading: Callable[[], Reading],
        speaker: Sayer,
        announcer: Announcer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._snapshot = snapshot
        self._settings = settings
        self._reading = reading
        self._speaker = speaker
        self._announcer = announcer
        self._jobs = BackgroundJobs(self)  # its own thread: never queued behind a keyring prompt
        self._busy = False

    @property
    def busy(self) -> bool:
        """A sentence is being worked out."""
        return self._busy

    @Slot()
    def tell(self) -> None:
        """Say what the camera sees now."""
        if self._busy:
            return
        frame = self._snapshot()
        if frame is None:
            self.refused.emit(self.tr("No camera picture yet: there is nothing to look at."))
            return
        self._busy = True
        language = self._settings().language
        self._jobs.run(
            lambda: framing_sentence(frame, language), on_done=self._done, on_error=self._failed
        )

    @Slot(int)
    def countdown_started(self, seconds: int) -> None:
        """Photobooth: the sentence as the countdown starts, when the setting asks for it."""
        if self._settings().frame_before_countdown:
            self.tell()

    def shutdown(self) -> None:
        """Wait for a sentence being worked out (idempotent)."""
        self._jobs.wait()

    def _done(self, text: object) -> None:
        self._busy = False
        sentence = str(text)
        self.told.emit(sentence)
        reading = self._reading()
        if reading.announce:
            self._announcer.announce(sentence, again=True)  # asked for: said even if unchanged
        if reading.voice:
            self._speaker.say(sentence)

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self.refused.emit(
            self.tr("Could not look at the camera picture: {error}").format(error=error)
        )
