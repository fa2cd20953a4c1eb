"""Reading descriptions aloud on a background thread.

pyttsx3 hands out one cached engine per process and its drivers are not thread-safe, so a single
thread ("camdraw-speech") creates the engine and does every call on it. Callers only enqueue.
Speech is never fatal: failures become a user-facing message and the text stays on screen.

On Windows (SAPI) pyttsx3 only creates the voice and selects it; speaking and saving go straight
to the SpVoice through ``sapi_voice.SapiVoice``, and muting or stopping cuts the text that is
sounding. Set ``CAMDRAW_SPEECH_OUTPUT=memory`` to synthesise without ever opening an audio
device (the test suite does): SAPI renders into memory, espeak skips its ``aplay``.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sys
import threading
import time
import uuid
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camdraw.core import disk
from camdraw.core.disk import replace_with_retry
from camdraw.core.i18n import _
from camdraw.core.speech import pyttsx3_quirks as quirks
from camdraw.core.speech import voices as voice_lookup
from camdraw.core.speech.sapi_voice import SapiVoice
from camdraw.core.speech.voices import VoiceInfo

log = logging.getLogger(__name__)

_WAV_HEADER_BYTES = 44
_STOP = object()


@dataclass
class SpeechResult:
    """What happened to one ``say`` job (delivered through ``on_spoken``)."""

    text: str
    saved_to: Path | None
    spoken: bool
    error: str | None
    duration_s: float | None = None


@dataclass(frozen=True)
class _Job:
    text: str
    save_to: Path | None
    on_done: Callable[[SpeechResult], None] | None = None  # this job's result, after on_spoken
    play: bool = True  # False: only written to save_to (a screen reader reads it aloud)


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text.rstrip(".")[:160]


class Speaker:
    """One thread owns the pyttsx3 engine and speaks texts from a queue.

    The callbacks run on that thread (a Qt UI must hand them over to its own thread). Use one
    Speaker per process: pyttsx3 shares its engine.
    """

    def __init__(
        self,
        language: str = "cs",
        *,
        voice: str = "",
        rate: int | None = None,
        on_notice: Callable[[str], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_spoken: Callable[[SpeechResult], None] | None = None,
        engine_factory: Callable[[], Any] | None = None,
    ) -> None:
        self._language = language
        self._preferred = voice
        self._rate = rate
        self._on_notice = on_notice
        self._on_error = on_error
        self._on_spoken = on_spoken
        self._engine_factory = engine_factory or quirks.default_engine
        self._queue: queue.Queue[object] = queue.Queue()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._pending = 0
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._muted = False
        self._last_text = ""
        self._last_error = ""
        self._available = True
        self._unavailable_message = ""
        self._voice_dirty = True
        self._current_voice: VoiceInfo | None = None
        self._noticed_languages: set[str] = set()
        self._engine: Any = None
        self._sapi: SapiVoice | None = None  # set when the engine is SAPI: see sapi_voice
        self._default_voice_id: Any = None

    # --- called from any thread ---

    @property
    def available(self) -> bool:
        return self._available

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def current_voice(self) -> VoiceInfo | None:
        """The voice in use; None means the engine's default voice."""
        return self._current_voice

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)

    def set_language(self, language: str, voice: str = "") -> None:
        with self._lock:
            self._language, self._preferred = language, voice
            self._voice_dirty = True

    def start(self) -> None:
        with self._lock:
            self._start_locked()

    def say(
        self,
        text: str,
        *,
        save_to: Path | None = None,
        on_done: Callable[[SpeechResult], None] | None = None,
        play: bool = True,
    ) -> None:
        """Queue ``text``; also write it as a WAV to ``save_to``; ``on_done`` gets this job's
        result on the speech thread; ``play=False`` only writes the WAV. Never blocks or
        raises."""
        try:
            target = Path(save_to) if save_to is not None else None
            self._enqueue(_Job(text, target, on_done, play))
        except Exception:
            log.exception("Could not queue a speech request")

    def repeat(self) -> bool:
        """Speak the last text again (without saving); False when there is none."""
        try:
            return self._enqueue(None)
        except Exception:
            log.exception("Could not queue a speech request")
            return False

    def wait_idle(self, timeout: float | None = None) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def stop(self, timeout: float = 10) -> None:
        with self._lock:
            first = not self._stopping
            # Queued jobs still get saved, but are no longer spoken; SAPI cuts the current one.
            self._stopping = True
            thread = self._thread
        if thread is None:
            return
        if first:
            self._queue.put(_STOP)
        thread.join(timeout)
        if thread.is_alive():
            log.warning("The speech thread did not finish within %.0f s", timeout)

    def _enqueue(self, job: _Job | None) -> bool:
        # One lock around check, count and put: stop() can never slip its sentinel in between.
        with self._lock:
            if self._stopping:
                log.debug("Speaker stopped; dropping a speech request")
                return False
            if job is None:
                if not self._last_text.strip():
                    return False
                job = _Job(self._last_text, None)
            self._last_text = job.text
            self._start_locked()
            self._pending += 1
            self._queue.put(job)
            return True

    def _start_locked(self) -> None:
        if self._thread is None and not self._stopping:
            self._thread = threading.Thread(target=self._run, name="camdraw-speech", daemon=True)
            self._thread.start()

    # --- the speech thread ---

    def _run(self) -> None:
        com_cleanup = quirks.com_initialize()
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    break
                assert isinstance(item, _Job)
                try:
                    result = self._process(item)
                except Exception as error:  # a bug here must not end the thread
                    log.exception("Speech job failed")
                    result = SpeechResult(item.text, None, False, _reason(error))
                self._emit(self._on_spoken, result)
                self._emit(item.on_done, result)
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()
        finally:
            self._engine = self._sapi = None  # released on the thread that made them
            with contextlib.suppress(Exception):
                com_cleanup()

    def _emit(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        if callback is None:
            return
        try:
            callback(value)
        except Exception:
            log.exception("A speech callback failed")

    def _ensure_engine(self) -> Any:
        if self._engine is None and self._available:
            try:
                engine = self._engine_factory()
                self._default_voice_id = quirks.prepare_engine(engine)
                if quirks.is_sapi5(engine):
                    self._sapi = SapiVoice(quirks.sapi_voice(engine))
                self._engine = engine
                if self._rate is not None:
                    quirks.set_property(engine, "rate", self._rate)
            except Exception as error:
                log.warning("Text-to-speech engine failed to start: %s", error, exc_info=True)
                self._available = False
                self._unavailable_message = _(
                    "Speech is not available: {reason}. The description is still shown as text."
                ).format(reason=_reason(error))
                self._emit(self._on_error, self._unavailable_message)
        return self._engine

    def _process(self, job: _Job) -> SpeechResult:
        if not job.text.strip():
            return SpeechResult(job.text, None, False, None)
        engine = self._ensure_engine()
        if engine is None:
            return SpeechResult(job.text, None, False, self._unavailable_message)
        with self._lock:
            dirty, self._voice_dirty = self._voice_dirty, False
            language, preferred = self._language, self._preferred
        if dirty:
            self._apply_voice(engine, language, preferred)
        # Lengths, never the words or the round's file: the log outlives deleted rounds.
        log.debug("Speaking %d characters (saving: %s)", len(job.text), job.save_to is not None)
        result = SpeechResult(job.text, None, False, None)
        errors: list[str] = []
        if job.save_to is not None:
            try:
                result.duration_s = self._save(engine, job.text, job.save_to)
                result.saved_to = job.save_to
            except Exception as error:
                log.warning("Saving narration failed: %s", type(error).__name__)
                errors.append(
                    _("Narration could not be saved: {reason}.").format(reason=_reason(error))
                )
        if job.play and not self._muted and not self._stopping:
            try:
                started = time.monotonic()
                result.spoken = self._speak(engine, job.text)
                took = time.monotonic() - started
                if result.spoken:
                    log.info("Spoke %d characters in %.1f s", len(job.text), took)
                else:
                    log.info("Speech cut short after %.1f s (muted or stopping)", took)
            except Exception as error:
                log.warning("Speaking failed: %s", error, exc_info=True)
                errors.append(
                    _("The description could not be read aloud: {reason}.").format(
                        reason=_reason(error)
                    )
                )
        if errors:
            result.error = " ".join(errors)
            # The same trouble every round (no sound device, say) is worth telling once.
            if result.error != self._last_error:
                self._emit(self._on_error, result.error)
            self._last_error = result.error
        else:
            self._last_error = ""
        return result

    def _speak(self, engine: Any, text: str) -> bool:
        """True when ``text`` was played in full; False when a mute or stop cut it."""
        if self._sapi is not None:
            return self._sapi.speak(
                text, cancelled=self._cut_short, memory=quirks.output_to_memory()
            )
        engine.say(text)
        quirks.run_and_wait(engine)
        failure = quirks.take_playback_failure()
        if failure is not None:
            raise OSError(_("no sound device could play it ({failure})").format(failure=failure))
        return True

    def _cut_short(self) -> bool:
        return self._muted or self._stopping

    def _save(self, engine: Any, text: str, target: Path) -> float:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Synthesise next to the target and rename, so nobody ever sees a half-written WAV.
        temp = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.tmp.wav")
        try:
            disk.create_private(temp)  # a round's files are private (disk.PRIVATE_FILE_MODE)
            if self._sapi is not None:
                self._sapi.save(text, temp)
            else:
                engine.save_to_file(text, str(temp))
                quirks.run_and_wait(engine)
            if not temp.is_file() or temp.stat().st_size <= _WAV_HEADER_BYTES:
                raise OSError(_("the speech engine wrote no audio"))
            with wave.open(str(temp), "rb") as wav:
                duration = wav.getnframes() / float(wav.getframerate() or 1)
            disk.make_private(temp)  # in case the engine made the file anew
            replace_with_retry(temp, target)
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
        log.info("Saved narration (%.1f s)", duration)
        return duration

    def _apply_voice(self, engine: Any, language: str, preferred: str) -> None:
        installed = quirks.engine_voices(engine)
        tokens: dict[str, Any] = {}
        if sys.platform == "win32" and quirks.is_sapi5(engine):
            for info, token in voice_lookup.onecore_voices():
                installed.append(info)
                tokens[info.id] = token
        chosen = voice_lookup.choose_voice(installed, language, preferred)
        try:
            if chosen is not None and chosen.source == "onecore":
                quirks.use_token(engine, tokens[chosen.id])
            elif chosen is not None:
                quirks.set_property(engine, "voice", chosen.id)
            elif self._default_voice_id:
                quirks.set_property(engine, "voice", self._default_voice_id)
        except Exception as error:
            log.warning("Could not switch to voice %s: %s", chosen, error)
            chosen = None
        self._current_voice = chosen
        log.info("Speech voice for %r: %s", language, chosen.id if chosen else "engine default")
        if chosen is None and language not in self._noticed_languages:
            self._noticed_languages.add(language)
            name = voice_lookup.language_display_name(language)
            self._emit(
                self._on_notice,
                _(
                    "No {name} voice is installed; using the default voice. To add one: "
                    "Windows Settings → Time & language → Speech → Add voices ({name}); "
                    "on Linux install espeak-ng."
                ).format(name=name),
            )
