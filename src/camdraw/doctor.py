"""``camdraw doctor``: what camdraw finds on this machine, one line per part.

For users ("why is there no voice?") and for checking a frozen build: every line comes from
actually loading the part (Qt, OpenCV and its video back-ends, Pillow's codecs, the openai SDK,
the keyring back-ends, the servers and whose key each uses, the speech engine speaking into a
file and then on the audio device, saying plainly when none can play). The API key is never
shown, only where it would come from.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

from camdraw import __version__


def _qt() -> str:
    import PySide6
    from PySide6 import QtCore

    return f"PySide6 {PySide6.__version__}, Qt {QtCore.qVersion()}"


def _opencv() -> str:
    import cv2

    registry = cv2.videoio_registry
    cameras = [registry.getBackendName(b) for b in registry.getCameraBackends()]
    files = [registry.getBackendName(b) for b in registry.getStreamBackends()]
    return f"{cv2.__version__}; cameras via {', '.join(cameras)}; files via {', '.join(files)}"


def _pillow() -> str:
    import PIL
    from PIL import features

    codecs = [name for name in ("jpg", "zlib") if features.check_codec(name)]
    return f"{PIL.__version__}; codecs {', '.join(codecs)}"


def _openai() -> str:
    import openai

    return openai.__version__


def _keyring() -> str:
    import keyring
    import keyring.backend

    from camdraw.core.providers import apikey

    keyring.backend.get_all_keyring()  # loads every back-end module the build contains
    found = []
    for cls in sorted(keyring.backend.KeyringBackend._classes, key=lambda c: c.__module__):
        short = cls.__module__.rsplit(".", 1)[-1]
        if short in ("chainer", "fail", "null"):
            continue
        try:
            cls.priority  # noqa: B018 - raises with the reason when unusable here
            found.append(f"{short} ok")
        except Exception as error:
            found.append(f"{short} ({str(error).strip() or type(error).__name__})")
    active = type(keyring.get_keyring())
    state = "usable" if apikey.backend_available() else "no usable keyring"
    return f"{state}, active {active.__module__}; back-ends: {'; '.join(found) or '-'}"


def _key() -> str:
    from camdraw.core.providers.apikey import KeyStore

    found = KeyStore().find()
    return "not set" if found is None else f"set (from the {found.source})"


def _servers() -> str:
    """Which servers describe and paint, whether their keys are found, and the mode."""
    from camdraw.core import settings as settings_mod
    from camdraw.core.providers import servers
    from camdraw.core.providers.apikey import KeyStore
    from camdraw.core.providers.client import offline_demo_active

    settings, _ = settings_mod.load()
    keys = KeyStore()

    def one(server: servers.Server) -> str:
        if server.preset.key == "none":
            key = "no key needed"
        else:
            found = keys.for_server(server).find()
            key = "key not set" if found is None else f"key from the {found.source}"
        problem = server.address_problem()
        return f"{servers.describe_for_people(server)}, {key}" + (
            f" ({problem})" if problem else ""
        )

    describing = one(servers.describing_server(settings))
    painting = (
        one(servers.painting_server(settings))
        if servers.paints_separately(settings)
        else "the same server"
    )
    mode = "offline demo" if offline_demo_active(settings, keys) else "online"
    return f"describing: {describing}; painting: {painting}; mode {settings.service_mode} → {mode}"


def _speech(language: str) -> str:
    from camdraw.core.speech.speaker import Speaker

    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="camdraw-doctor-") as folder:
        target = Path(folder) / "sample.wav"
        speaker = Speaker(language, on_error=errors.append)
        speaker.set_muted(True)  # save the sample, play nothing
        speaker.start()
        try:
            speaker.say("camdraw 1 2 3", save_to=target)
            speaker.wait_idle(timeout=60)
        finally:
            speaker.stop()
        if errors:
            return f"not working: {errors[0]}"
        voice = speaker.current_voice
        voice_text = f"voice {voice.name} ({voice.id})" if voice else "the engine's default voice"
        if not target.is_file() or target.stat().st_size == 0:
            return f"{voice_text}; the sample file stayed empty"
        with wave.open(str(target)) as sample:
            seconds = sample.getnframes() / sample.getframerate()
    return f"{voice_text}; a {seconds:.1f} s sample was written; {_playback(language)}"


def _playback(language: str, make_speaker: Callable[[str], Any] | None = None) -> str:
    """Whether the sample plays on an audio device, said plainly (``make_speaker``: a stand-in
    for ``Speaker``). With CAMDRAW_SPEECH_OUTPUT=memory nothing is played, so nothing is tried."""
    from camdraw.core.speech import pyttsx3_quirks as quirks
    from camdraw.core.speech.speaker import Speaker

    if quirks.output_to_memory():
        return f"playback was not tried ({quirks.OUTPUT_ENV}=memory)"
    results: list[Any] = []
    speaker = (make_speaker or Speaker)(language)
    speaker.start()
    try:
        speaker.say("camdraw 1 2 3", on_done=results.append)
        speaker.wait_idle(timeout=60)
    finally:
        speaker.stop()
    if not results:
        return "playback did not finish within 60 s"
    if results[0].error:
        return f"no audio device could play it: {results[0].error}"
    if results[0].spoken:
        return "the sample played on the audio device"
    return "playback was cut short"


def _folders() -> str:
    from camdraw.core import paths
    from camdraw.core import settings as settings_mod

    settings, _ = settings_mod.load()
    return (
        f"settings {paths.settings_file()}; images {settings.images_path()}; logs {paths.log_dir()}"
    )


def report(language: str = "cs") -> list[tuple[str, str]]:
    """(part, finding) pairs; a part that fails to load says why instead of raising."""
    frozen = "frozen build" if getattr(sys, "frozen", False) else "from source"
    checks: list[tuple[str, Callable[[], str]]] = [
        ("qt", _qt),
        ("opencv", _opencv),
        ("pillow", _pillow),
        ("openai", _openai),
        ("keyring", _keyring),
        ("api key", _key),
        ("servers", _servers),
        ("speech", lambda: _speech(language)),
        ("folders", _folders),
    ]
    lines = [
        ("camdraw", f"{__version__} ({frozen})"),
        ("python", f"{platform.python_version()} on {platform.platform()}"),
    ]
    for part, check in checks:
        try:
            lines.append((part, check()))
        except Exception as error:  # the point is to report it
            lines.append((part, f"FAILED: {type(error).__name__}: {error}"))
    return lines


def run(language: str = "cs") -> int:
    lines = report(language)
    for part, finding in lines:
        print(f"{part:>8}: {finding}", flush=True)
    return 1 if any(finding.startswith("FAILED") for _, finding in lines) else 0
