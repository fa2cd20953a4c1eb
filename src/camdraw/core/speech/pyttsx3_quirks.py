"""Living with pyttsx3's drivers: every call that touches pyttsx3 internals is here.

Each workaround is guarded, so a newer pyttsx3 without the quirk (or without the attribute)
simply skips it. Measured with pyttsx3 2.99:

- espeak (Linux) runs asynchronously: ``runAndWait`` returns before a text longer than about
  100 characters is synthesised, so ``save_to_file`` writes nothing; ``say`` is cut short too.
- espeak never forgets a ``save_to_file`` target: later ``say`` calls overwrite that file.
- sapi5 (Windows) does not list OneCore voices such as "Microsoft Jakub"; SAPI can still speak
  with their tokens, and COM must be initialised on the thread that uses it.
- sapi5's run loop cuts every text after the first (2.99) and trips over late events, so camdraw
  never runs it: pyttsx3 creates the SpVoice, ``sapi_voice`` speaks with it. pyttsx3 queues
  ``setProperty`` until that loop runs, so properties go straight to the driver instead.

``CAMDRAW_SPEECH_OUTPUT=memory`` keeps speech off every audio device (tests, CI machines).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from camdraw.core.speech import voices as voice_lookup
from camdraw.core.speech.voices import VoiceInfo

log = logging.getLogger(__name__)


OUTPUT_ENV = "CAMDRAW_SPEECH_OUTPUT"


def output_to_memory() -> bool:
    """True when speech must be synthesised but never played (``CAMDRAW_SPEECH_OUTPUT=memory``)."""
    return os.environ.get(OUTPUT_ENV, "").strip().lower() == "memory"


def default_engine() -> Any:
    import pyttsx3

    return pyttsx3.init()


_espeak_quieted = False
# espeak can be initialised only once per process, and a discarded espeak driver unregisters
# the synthesis callback of whichever driver is live when it is garbage-collected. Keeping our
# espeak engines alive avoids that silent breakage; pyttsx3.init() then reuses the same one, so
# its original voice is remembered here too (a later Speaker would see the last one set).
_kept_engines: dict[int, tuple[Any, Any]] = {}
# Let them go before interpreter shutdown tears down the modules their __del__ needs.
atexit.register(_kept_engines.clear)


_playback_failures: list[str] = []


_APLAY = re.compile(r"^aplay (?P<path>.+) -q$", re.DOTALL)


def playback_arguments(command: str) -> list[str]:
    """The driver's playback command as an argument list. It writes ``aplay {path} -q`` with
    the temporary WAV's path unquoted, so a temp folder with a space (or a shell character)
    in its name would break a shell; the path is taken whole instead."""
    match = _APLAY.match(command)
    if match:
        return ["aplay", "-q", match["path"]]
    return shlex.split(command)


def play_command(command: str) -> int:
    """Run the driver's playback command quietly, without a shell; remember why it failed,
    if it did."""
    try:
        arguments = playback_arguments(command)
    except ValueError as error:  # unbalanced quotes: not a command camdraw runs
        _playback_failures.append(str(error))
        return 1
    if not arguments:
        return 0
    try:
        result = subprocess.run(
            arguments,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            check=False,
        )
    except OSError as error:  # no aplay on this machine
        _playback_failures.append(f"{arguments[0]}: {error.strerror or error}")
        return 127
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        _playback_failures.append(lines[-1] if lines else f"exit status {result.returncode}")
    return result.returncode


def take_playback_failure() -> str | None:
    """The reason the last playback failed (and forget it), or None."""
    failure = _playback_failures[-1] if _playback_failures else None
    _playback_failures.clear()
    return failure


class _PlaybackOs:
    """``os`` for pyttsx3's espeak driver, with ``system`` (only used to play) made quiet."""

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    @staticmethod
    def system(command: str) -> int:
        if output_to_memory():
            return 0  # synthesised into the driver's temporary WAV: that is all
        return play_command(command)


def driver_of(engine: Any) -> Any:
    return getattr(getattr(engine, "proxy", None), "_driver", None)


def is_espeak(engine: Any) -> bool:
    return type(driver_of(engine)).__module__ == "pyttsx3.drivers.espeak"


def is_sapi5(engine: Any) -> bool:
    return type(driver_of(engine)).__module__ == "pyttsx3.drivers.sapi5"


def prepare_engine(engine: Any) -> Any:
    """Returns the id of the engine's own default voice (None if it cannot tell)."""
    global _espeak_quieted
    try:
        default_voice = engine.getProperty("voice")
    except Exception:
        default_voice = None
    if not is_espeak(engine):
        return default_voice
    default_voice = _kept_engines.setdefault(id(engine), (engine, default_voice))[1]
    if not _espeak_quieted:
        # The driver print()s "Audio saved to ..." to stdout; a module-level name shadows the
        # builtin for that module only.
        module = sys.modules.get("pyttsx3.drivers.espeak")
        if module is not None:
            module.print = lambda *args, **kwargs: None  # type: ignore[attr-defined]
            # It also plays with os.system("aplay ..."), ignoring failure and letting ALSA
            # write to the console; route that one call through play_command instead.
            module.os = _PlaybackOs()  # type: ignore[attr-defined]
        _espeak_quieted = True
    return default_voice


def run_and_wait(engine: Any) -> None:
    """``engine.runAndWait()`` that returns only when the work is really done."""
    try:
        engine.runAndWait()
    finally:
        if is_espeak(engine):
            _finish_espeak_run(engine)


def _finish_espeak_run(engine: Any) -> None:
    # espeak runs in asynchronous (retrieval) mode: runAndWait returns while longer texts are
    # still being synthesised, so a WAV would be missing or cut. Wait for the synthesis.
    with contextlib.suppress(Exception):
        from pyttsx3.drivers import _espeak

        _espeak.Synchronize()
    # The driver never forgets a save target: later say() calls would overwrite that file.
    driver = driver_of(engine)
    if hasattr(driver, "_save_file"):
        driver._save_file = None


def engine_voices(engine: Any) -> list[VoiceInfo]:
    try:
        return [voice_lookup.voice_info(v) for v in engine.getProperty("voices") or ()]
    except Exception as error:
        log.warning("Could not list voices: %s", error)
    if is_sapi5(engine):
        # pyttsx3's sapi5 driver fails on any voice without a Language attribute; read the
        # tokens ourselves so the other voices stay usable.
        with contextlib.suppress(Exception):
            tokens = driver_of(engine)._tts.GetVoices()
            return [info for info, _ in voice_lookup.voices_from_tokens(tokens, "sapi")]
    return []


def use_token(engine: Any, token: Any) -> None:
    """Speak with a raw SAPI token (OneCore voices, which pyttsx3 cannot select by id)."""
    driver = driver_of(engine)
    driver._tts.Voice = token


def sapi_voice(engine: Any) -> Any:
    """The SAPI.SpVoice COM object behind a sapi5 engine."""
    return driver_of(engine)._tts


def set_property(engine: Any, name: str, value: Any) -> None:
    """``engine.setProperty`` that takes effect now.

    pyttsx3 queues property changes until its run loop runs; camdraw never runs the sapi5 loop,
    so there the driver (same conversions: words per minute to SAPI's -10..10 rate, voice id to
    token) is called directly.
    """
    if is_sapi5(engine):
        driver_of(engine).setProperty(name, value)
    else:
        engine.setProperty(name, value)


def com_initialize() -> Callable[[], None]:
    """COM must be initialised on every thread that uses SAPI; returns the matching cleanup."""
    if sys.platform != "win32":
        return lambda: None
    for module_name in ("pythoncom", "comtypes"):
        try:
            module = __import__(module_name)
            module.CoInitialize()
            return module.CoUninitialize
        except Exception:  # try the next COM library
            continue
    return lambda: None
