"""Speaking and saving through a Windows SAPI voice (SpVoice) without pyttsx3's run loop.

pyttsx3's sapi5 driver speaks asynchronously and learns that a text is done from SAPI events
that arrive only while its loop pumps messages. That breaks in two ways: pyttsx3 2.99 releases
the driver at the end of ``runAndWait``, so the next ``say`` starts outside the loop and the
queued end-of-loop ``stop()`` purges it (only the first description is heard,
nateshmbhat/pyttsx3#419); and events that arrive late or in the wrong run (a file's end of
stream during the next ``say``) end a loop early or never. So camdraw talks to the SpVoice
itself and depends on no event and no message pump:

- **Speaking** ``Speak(text, SVSFlagsAsync | SVSFIsNotXML)`` queues the text and returns; the
  speech thread then calls ``WaitUntilDone(poll_ms)`` in a loop (documented on ISpeechVoice: it
  blocks until the voice is done or the time is up, and needs no events). Between polls it asks
  ``cancelled()``; when the user mutes or camdraw stops, it purges what is sounding with
  ``Speak("", SVSFPurgeBeforeSpeak | SVSFlagsAsync)``. A synchronous ``Speak(text, 0)`` could
  not be interrupted at all, and purging from another thread would call the voice from outside
  the COM apartment that created it; this way every call stays on the speech thread and a mute
  takes effect within ``poll_ms``. A voice that never finishes is purged after a generous
  deadline instead of hanging the thread.
- **Saving** An ``SAPI.SpFileStream`` opened with ``SSFMCreateForWrite`` is swapped in as the
  voice's ``AudioOutputStream``, the text is spoken synchronously (rendering to a file is faster
  than real time and has no device to wait for), the previous output is put back and the
  stream closed, also when speaking fails.
- **Memory** With ``memory=True`` (``CAMDRAW_SPEECH_OUTPUT=memory``, set by the test suite) the
  text is rendered into a fresh ``SAPI.SpMemoryStream`` the same way, so no audio device is
  ever opened.

The voice's events are switched off (``EventInterests = 0``): nothing reads them, and unread
they would pile up in the speech thread's message queue. ``SVSFIsNotXML`` makes SAPI read a
description that happens to start with "<" as text instead of parsing it as markup.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from camdraw.core.i18n import _

log = logging.getLogger(__name__)

# SpeechVoiceSpeakFlags and SpeechStreamFileMode, as the SAPI automation documentation lists them.
SVSF_DEFAULT = 0
SVSF_ASYNC = 1
SVSF_PURGE_BEFORE_SPEAK = 2
SVSF_IS_NOT_XML = 16
SSFM_CREATE_FOR_WRITE = 3


def _create_object(progid: str) -> Any:
    import comtypes.client

    return comtypes.client.CreateObject(progid)


def _never() -> bool:
    return False


class SapiVoice:
    """Speaks, saves and purges through one SpVoice; use it only on the thread that made it."""

    def __init__(
        self,
        voice: Any,
        *,
        create: Callable[[str], Any] = _create_object,
        poll_ms: int = 50,
        min_wait_s: float = 30.0,
        wait_per_char_s: float = 0.5,
    ) -> None:
        self._voice = voice
        self._create = create
        self._poll_ms = poll_ms
        # Even the slowest rate (-10) speaks several characters a second; past this, the audio
        # device has hung and the thread must move on.
        self._min_wait_s = min_wait_s
        self._wait_per_char_s = wait_per_char_s
        try:
            voice.EventInterests = 0
        except Exception as error:  # only a tidiness measure
            log.debug("Could not switch off SAPI events: %s", error)

    def speak(
        self, text: str, *, cancelled: Callable[[], bool] = _never, memory: bool = False
    ) -> bool:
        """Speak ``text``; True when it was played in full, False when ``cancelled`` cut it."""
        if memory:
            self._render_into(self._create("SAPI.SpMemoryStream"), text)
            return True
        self._voice.Speak(text, SVSF_ASYNC | SVSF_IS_NOT_XML)
        deadline = time.monotonic() + self._min_wait_s + self._wait_per_char_s * len(text)
        while not self._voice.WaitUntilDone(self._poll_ms):
            if cancelled():
                self.purge()
                return False
            if time.monotonic() > deadline:
                self.purge()
                raise TimeoutError(_("the voice did not finish speaking"))
        return True

    def save(self, text: str, path: Path) -> None:
        """Write ``text`` as a WAV file to ``path`` (synchronously)."""
        stream = self._create("SAPI.SpFileStream")
        stream.Open(str(path), SSFM_CREATE_FOR_WRITE, False)
        try:
            self._render_into(stream, text)
        finally:
            stream.Close()

    def purge(self) -> None:
        """Cut what is sounding and drop what is queued."""
        self._voice.Speak("", SVSF_PURGE_BEFORE_SPEAK | SVSF_ASYNC)
        self._voice.WaitUntilDone(self._poll_ms)

    def _render_into(self, stream: Any, text: str) -> None:
        previous = self._voice.AudioOutputStream
        self._voice.AudioOutputStream = stream
        try:
            self._voice.Speak(text, SVSF_DEFAULT | SVSF_IS_NOT_XML)  # returns when written
        finally:
            self._voice.AudioOutputStream = previous
