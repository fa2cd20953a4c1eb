"""SapiVoice alone, over the SpVoice stand-in: speak, save, cut, give up."""

from __future__ import annotations

import threading
import wave
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from camdraw.core.speech.sapi_voice import SapiVoice
from tests.core.sapi_stand_ins import (
    SRSE_DONE,
    SVSF_PURGE_BEFORE_SPEAK,
    WAV_SECONDS_PER_CHAR,
    FakeVoice,
    SapiWorld,
)

TEXT = "Na obrázku je velký dřevěný stůl hnědé barvy, na kterém stojí bílý hrnek."


@pytest.fixture
def world() -> Iterator[SapiWorld]:
    world = SapiWorld()
    yield world
    world.close()


def make(world: SapiWorld, **options: Any) -> tuple[SapiVoice, FakeVoice]:
    voice = world.create_object("SAPI.SpVoice")
    return SapiVoice(voice, create=world.create_object, **options), voice


def test_speak_returns_when_every_character_has_played_and_needs_no_events(
    world: SapiWorld,
) -> None:
    delivered: list[str] = []
    sink = SimpleNamespace(_ISpeechVoiceEvents_EndStream=lambda *args: delivered.append("end"))
    voice = world.create_object("SAPI.SpVoice")
    voice.EventInterests = 33790  # what pyttsx3's driver asks for
    world.get_events(voice, sink)
    sapi = SapiVoice(voice, create=world.create_object)

    assert sapi.speak(TEXT)
    [utterance] = world.device.utterances
    assert utterance.complete  # already when speak() returned, not some time later
    assert voice.Status.RunningState == SRSE_DONE
    world.pump_waiting_messages()
    assert delivered == []  # events are off: none wait in this thread's message queue


def test_save_writes_a_wav_and_gives_the_device_back(world: SapiWorld, tmp_path: Path) -> None:
    sapi, voice = make(world)
    target = tmp_path / "vyprávění.wav"
    sapi.save(TEXT, target)

    [stream] = world.file_streams
    assert stream.closed and [u.text for u in stream.utterances] == [TEXT]
    with wave.open(str(target), "rb") as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert seconds == pytest.approx(len(TEXT) * WAV_SECONDS_PER_CHAR, abs=0.01)
    assert voice.AudioOutputStream is world.device
    assert world.device.utterances == []

    assert sapi.speak("A teď nahlas.")
    assert [u.text for u in world.device.utterances] == ["A teď nahlas."]


def test_failed_save_still_gives_the_device_back_and_closes_the_file(
    world: SapiWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sapi, voice = make(world)

    def broken(text: str, flags: int = 0) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(voice, "Speak", broken)
    with pytest.raises(OSError, match="disk full"):
        sapi.save(TEXT, tmp_path / "broken.wav")
    assert voice.AudioOutputStream is world.device
    assert world.file_streams[0].closed


def test_memory_output_renders_into_a_memory_stream(world: SapiWorld) -> None:
    sapi, voice = make(world)
    assert sapi.speak(TEXT, memory=True)
    assert world.device.utterances == []
    assert [s.GetData().decode() for s in world.memory_streams] == [TEXT]
    assert voice.AudioOutputStream is world.device


def test_text_that_starts_with_a_bracket_is_read_as_text(world: SapiWorld) -> None:
    sapi, _ = make(world)
    text = "<b>Pes</b> leží na louce."
    assert sapi.speak(text)
    assert world.device.utterances[0].played == text


def test_cancel_purges_from_the_speaking_thread(world: SapiWorld) -> None:
    world.device.seconds_per_char = 0.05  # long enough to cancel in the middle
    sapi, voice = make(world, poll_ms=10)

    assert not sapi.speak(TEXT, cancelled=world.device.sounding.is_set)
    [utterance] = world.device.utterances
    assert utterance.purged and 0 < len(utterance.played) < len(TEXT)
    purges = [call for call in voice.speak_calls if call[1] & SVSF_PURGE_BEFORE_SPEAK]
    assert purges and {thread for _, _, thread in voice.speak_calls} == {threading.get_ident()}


def test_a_voice_that_never_finishes_is_purged_after_the_deadline(world: SapiWorld) -> None:
    world.device.seconds_per_char = 3600  # a hung audio device
    sapi, _ = make(world, poll_ms=10, min_wait_s=0.1, wait_per_char_s=0)

    with pytest.raises(TimeoutError, match="did not finish"):
        sapi.speak(TEXT)
    [utterance] = world.device.utterances
    assert utterance.purged and utterance.finished
