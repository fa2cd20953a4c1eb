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
from camdraw.core import i18n
from camdraw.core.i18n import N_, _


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
    state = _("usable") if apikey.backend_available() else _("no usable keyring")
    return _("{state}, active {active}; back-ends: {found}").format(
        state=state, active=active.__module__, found="; ".join(found) or "-"
    )


def _key() -> str:
    from camdraw.core.providers.apikey import KeyStore

    found = KeyStore().find()
    return _("not set") if found is None else _(_KEY_SET[found.source])


# Where a key was found, by KeyStore's source names.
_KEY_SET = {
    "keyring": N_("set (from the keyring)"),
    "session": N_("set (from the session)"),
    "environment": N_("set (from the environment)"),
}
_KEY_FROM = {
    "keyring": N_("key from the keyring"),
    "session": N_("key from the session"),
    "environment": N_("key from the environment"),
}


def _servers() -> str:
    """Which servers describe and paint, whether their keys are found, and the mode."""
    from camdraw.core import settings as settings_mod
    from camdraw.core.providers import servers
    from camdraw.core.providers.apikey import KeyStore
    from camdraw.core.providers.client import offline_demo_active

    settings, _note = settings_mod.load()
    keys = KeyStore()

    def one(server: servers.Server) -> str:
        if server.preset.key == "none":
            key = _("no key needed")
        else:
            found = keys.for_server(server).find()
            key = _("key not set") if found is None else _(_KEY_FROM[found.source])
        problem = server.address_problem()
        return f"{servers.describe_for_people(server)}, {key}" + (
            f" ({problem})" if problem else ""
        )

    describing = one(servers.describing_server(settings))
    painting = (
        one(servers.painting_server(settings))
        if servers.paints_separately(settings)
        else _("the same server")
    )
    mode = _("offline demo") if offline_demo_active(settings, keys) else _("online")
    return _("describing: {describing}; painting: {painting}; mode {setting} → {mode}").format(
        describing=describing, painting=painting, setting=settings.service_mode, mode=mode
    )


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
            return _("not working: {error}").format(error=errors[0])
        voice = speaker.current_voice
        voice_text = (
            _("voice {name} ({id})").format(name=voice.name, id=voice.id)
            if voice
            else _("the engine's default voice")
        )
        if not target.is_file() or target.stat().st_size == 0:
            return _("{voice}; the sample file stayed empty").format(voice=voice_text)
        with wave.open(str(target)) as sample:
            seconds = sample.getnframes() / sample.getframerate()
    return _("{voice}; a {seconds} sample was written; {playback}").format(
        voice=voice_text, seconds=i18n.format_seconds(seconds), playback=_playback(language)
    )


def _playback(language: str, make_speaker: Callable[[str], Any] | None = None) -> str:
    """Whether the sample plays on an audio device, said plainly (``make_speaker``: a stand-in
    for ``Speaker``). With CAMDRAW_SPEECH_OUTPUT=memory nothing is played, so nothing is tried."""
    from camdraw.core.speech import pyttsx3_quirks as quirks
    from camdraw.core.speech.speaker import Speaker

    if quirks.output_to_memory():
        return _("playback was not tried ({setting}=memory)").format(setting=quirks.OUTPUT_ENV)
    results: list[Any] = []
    speaker = (make_speaker or Speaker)(language)
    speaker.start()
    try:
        speaker.say("camdraw 1 2 3", on_done=results.append)
        speaker.wait_idle(timeout=60)
    finally:
        speaker.stop()
    if not results:
        return _("playback did not finish within {seconds}").format(seconds="60 s")
    if results[0].error:
        return _("no audio device could play it: {error}").format(error=results[0].error)
    if results[0].spoken:
        return _("the sample played on the audio device")
    return _("playback was cut short")


def _folders() -> str:
    from camdraw.core import paths
    from camdraw.core import settings as settings_mod

    settings, _note = settings_mod.load()
    return _("settings {settings}; images {images}; logs {logs}").format(
        settings=paths.settings_file(), images=settings.images_path(), logs=paths.log_dir()
    )


def report(language: str = "cs") -> list[tuple[str, str]]:
    """(part, finding) pairs; a part that fails to load says why instead of raising."""
    frozen = _("frozen build") if getattr(sys, "frozen", False) else _("from source")
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
            lines.append((part, f"{FAILED}: {type(error).__name__}: {error}"))
    return lines


FAILED = "FAILED"  # the mark scripts look for: never translated


def run(language: str = "cs") -> int:
    from camdraw.core import settings as settings_mod

    settings, _note = settings_mod.load()
    i18n.set_language(i18n.choose(settings.ui_language))  # as the window and draw have it
    lines = report(language)
    for part, finding in lines:
        print(f"{part:>8}: {finding}", flush=True)
    return 1 if any(finding.startswith(FAILED) for _part, finding in lines) else 0
