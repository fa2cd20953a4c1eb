"""``camdraw doctor`` from source: every part reported, the key never shown."""

from __future__ import annotations

from typing import Any

import pytest

from camdraw import doctor
from camdraw.core.speech.speaker import SpeechResult

KEY = "sk-canary-doctor-77aa88bb99"


def test_reports_every_part_and_hides_the_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    assert doctor.run("cs") == 0
    out = capsys.readouterr().out
    parts = [line.split(":", 1)[0].strip() for line in out.splitlines()]
    assert parts == [
        "camdraw", "python", "qt", "opencv", "pillow", "openai", "keyring", "api key",
        "servers", "speech", "folders",
    ]  # fmt: skip
    assert "from source" in out
    assert "api key: set (from the environment)" in out
    assert (
        " servers: describing: OpenAI (the default address), key from the environment; "
        "painting: the same server; mode auto → online"
    ) in out
    assert KEY not in out
    # The in-memory keyring the tests install is a usable one.
    assert "keyring: usable" in out


def test_a_part_that_fails_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> str:
        raise ImportError("libQt6Gui.so.6: cannot open shared object file")

    monkeypatch.setattr(doctor, "_qt", broken)
    assert doctor.run("cs") == 1
    out = capsys.readouterr().out
    assert "qt: FAILED: ImportError: libQt6Gui.so.6" in out
    assert "opencv: " in out  # the other parts were still checked


def test_servers_line_names_each_server_and_the_offline_demo(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from camdraw.core import settings as settings_mod
    from camdraw.core.settings import Settings

    settings_mod.save(
        Settings(describe_server="ollama", paint_server="azure", service_mode="offline")
    )
    finding = doctor._servers()
    assert finding.startswith("describing: Ollama at localhost:11434, no key needed; ")
    assert "painting: Azure OpenAI at YOUR-RESOURCE.openai.azure.com, key not set" in finding
    assert "(Replace YOUR-RESOURCE" in finding
    assert finding.endswith("mode offline → offline demo")


def test_servers_line_never_shows_user_info_nor_sends_the_openai_key_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from camdraw.core import settings as settings_mod
    from camdraw.core.settings import Settings

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    address = "https://someone:canary-doctor-pass-1234@proxy.example.com/v1"
    settings_mod.save(Settings(describe_server="custom", base_url=address, service_mode="api"))
    finding = doctor._servers()
    assert finding.startswith("describing: Custom at proxy.example.com, key not set; ")
    assert "someone" not in finding and "canary-doctor-pass" not in finding


class StandInSpeaker:
    """Plays the sample with the given outcome, as Speaker reports it."""

    def __init__(self, result: SpeechResult | None) -> None:
        self.result = result
        self.stopped = False

    def __call__(self, language: str) -> StandInSpeaker:
        return self

    def start(self) -> None: ...

    def say(self, text: str, *, save_to: object = None, on_done: Any = None) -> None:
        if self.result is not None:
            on_done(self.result)

    def wait_idle(self, timeout: float | None = None) -> bool:
        return True

    def stop(self) -> None:
        self.stopped = True


def test_playback_says_plainly_when_no_audio_device_can_play(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CAMDRAW_SPEECH_OUTPUT", raising=False)
    error = "The description could not be read aloud: no sound device could play it (aplay)."
    player = StandInSpeaker(SpeechResult("camdraw 1 2 3", None, False, error))
    assert doctor._playback("cs", player) == f"no audio device could play it: {error}"
    assert player.stopped
    played = StandInSpeaker(SpeechResult("camdraw 1 2 3", None, True, None))
    assert doctor._playback("cs", played) == "the sample played on the audio device"
    assert doctor._playback("cs", StandInSpeaker(None)) == "playback did not finish within 60 s"


def test_playback_is_not_tried_when_speech_stays_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CAMDRAW_SPEECH_OUTPUT", "memory")

    def never(language: str) -> StandInSpeaker:
        raise AssertionError("no speaker may be made")

    assert doctor._playback("cs", never) == "playback was not tried (CAMDRAW_SPEECH_OUTPUT=memory)"
