"""Speaker callbacks arrive on the speech thread; this re-emits them as Qt signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from camdraw.core.speech.speaker import Speaker


class SpeechBridge(QObject):
    notice_posted = Signal(str)
    error_posted = Signal(str)
    text_spoken = Signal(object)  # SpeechResult, after each job

    def create_speaker(self, language: str, voice: str = "") -> Speaker:
        # Signal.emit is thread-safe; connections to GUI objects are queued automatically.
        return Speaker(
            language,
            voice=voice,
            on_notice=self.notice_posted.emit,
            on_error=self.error_posted.emit,
            on_spoken=self.text_spoken.emit,
        )
