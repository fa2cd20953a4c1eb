"""camdraw's speech path on Windows: the real Speaker and pyttsx3's real sapi5 driver, on
stand-ins for SAPI's COM objects (see sapi_stand_ins)."""

from __future__ import annotations

import inspect
import threading
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from camdraw.core.speech import pyttsx3_quirks as quirks
from camdraw.core.speech.speaker import Speaker, SpeechResult
from tests.core.sapi_stand_ins import (
    JAKUB,
    SAPI_TOKENS,
    SVSF_PURGE_BEFORE_SPEAK,
    WAV_SECONDS_PER_CHAR,
    ZIRA,
    FakeToken,
    SapiWorld,
    windows_with_sapi,
)

DESCRIPTIONS = (
    "Na obrázku je velký dřevěný stůl hnědé barvy, na kterém stojí bílý hrnek s modrým proužkem.",
    "Vedle hrnku leží červená kniha a malé zelené jablko; kniha je otevřená uprostřed.",
    "V pozadí je okno se světle modrými závěsy a za ním zelený strom ve slunci.",
)
HAZEL = FakeToken(SAPI_TOKENS + "TTS_MS_EN-GB_HAZEL_11.0", "Microsoft Hazel Desktop", "809")


@pytest.fixture
def sapi(monkeypatch: pytest.MonkeyPatch) -> Iterator[SapiWorld]:
    # Events come late (and camdraw never pumps for them anyway).
    with windows_with_sapi(monkeypatch, event_delay_s=0.2) as world:
        yield world


@pytest.fixture
def to_device(monkeypatch: pytest.MonkeyPatch) -> None:
    """Speak to the stand-in's audio device, not into the test session's memory output."""
    monkeypatch.delenv(quirks.OUTPUT_ENV, raising=False)


class Recorder:
    def __init__(self) -> None:
        self.notices: list[str] = []
        self.errors: list[str] = []
        self.results: list[SpeechResult] = []


MakeSpeaker = Callable[..., tuple[Speaker, Recorder]]


@pytest.fixture
def make_speaker(sapi: SapiWorld) -> Iterator[MakeSpeaker]:
    made: list[Speaker] = []

    def make(language: str = "cs", **kwargs: Any) -> tuple[Speaker, Recorder]:
        rec = Recorder()
        # No engine_factory: camdraw's own pyttsx3.init() builds the sapi5 driver.
        speaker = Speaker(
            language,
            on_notice=rec.notices.append,
            on_error=rec.errors.append,
            on_spoken=rec.results.append,
            **kwargs,
        )
        made.append(speaker)
        return speaker, rec

    yield make
    for speaker in made:
        speaker.stop()


def run(speaker: Speaker) -> None:
    assert speaker.wait_idle(timeout=30), "speech did not finish"


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def test_three_descriptions_in_a_row_each_play_in_full_with_the_onecore_czech_voice(
    sapi: SapiWorld, to_device: None, make_speaker: MakeSpeaker, tmp_path: Path
) -> None:
    speaker, rec = make_speaker("cs")
    narration = tmp_path / "narration" / "round-2.wav"
    speaker.say(DESCRIPTIONS[0])
    speaker.say(DESCRIPTIONS[1], save_to=narration)
    speaker.say(DESCRIPTIONS[2])
    run(speaker)

    assert rec.errors == [] and rec.notices == []
    played = sapi.device.utterances
    assert [u.played for u in played] == list(DESCRIPTIONS)  # every character reached the device
    assert all(u.complete for u in played)
    assert {u.voice_id for u in played} == {JAKUB.Id}
    assert [r.spoken for r in rec.results] == [True, True, True]
    assert speaker.current_voice is not None
    assert (speaker.current_voice.source, speaker.current_voice.name) == (
        "onecore",
        "Microsoft Jakub",
    )

    [stream] = sapi.file_streams
    assert stream.closed and [(u.text, u.voice_id) for u in stream.utterances] == [
        (DESCRIPTIONS[1], JAKUB.Id)
    ]
    seconds = wav_seconds(narration)
    assert seconds == pytest.approx(len(DESCRIPTIONS[1]) * WAV_SECONDS_PER_CHAR, abs=0.01)
    assert rec.results[1].saved_to == narration
    assert rec.results[1].duration_s == pytest.approx(seconds)
    assert sorted(p.name for p in narration.parent.iterdir()) == ["round-2.wav"]

    [voice] = sapi.voices
    assert voice.AudioOutputStream is sapi.device
    speaking_threads = {thread for _, _, thread in voice.speak_calls}
    assert len(speaking_threads) == 1 and threading.get_ident() not in speaking_threads


releases_driver_after_run = pytest.mark.skipif(
    "setBusy(False)" not in inspect.getsource(__import__("pyttsx3").Engine.runAndWait),
    reason="this pyttsx3 does not release the driver at the end of runAndWait (2.99 does)",
)


@releases_driver_after_run
def test_pyttsx3_run_loop_cuts_every_description_after_the_first(
    sapi: SapiWorld, to_device: None
) -> None:
    """Why camdraw stopped using pyttsx3's loop on SAPI: nateshmbhat/pyttsx3#419, reproduced
    by pyttsx3's own engine and sapi5 driver on the stand-ins."""
    import pyttsx3

    sapi.device.seconds_per_char = 0.01  # the cut lands within microseconds; leave no doubt
    engine = pyttsx3.init()
    assert quirks.is_sapi5(engine)
    for text in DESCRIPTIONS:
        engine.say(text)
        engine.runAndWait()
    sapi.wait_until_quiet()

    [voice] = sapi.voices
    first, *rest = voice.utterances
    assert first.complete
    assert [u.text for u in rest] == list(DESCRIPTIONS[1:])
    assert all(u.purged and len(u.played) < len(u.text) for u in rest)  # purged as they began
    assert [u.text for u in sapi.device.utterances if u.complete] == [DESCRIPTIONS[0]]


@pytest.mark.parametrize("how", ["mute", "stop"])
def test_mute_or_stop_cuts_the_sounding_description(
    sapi: SapiWorld, to_device: None, make_speaker: MakeSpeaker, how: str
) -> None:
    sapi.device.seconds_per_char = 0.02  # several seconds: time to cut it in the middle
    speaker, rec = make_speaker()
    text = " ".join(DESCRIPTIONS)
    speaker.say(text)
    assert sapi.device.sounding.wait(10)
    if how == "mute":
        speaker.set_muted(True)
        run(speaker)
    else:
        speaker.stop()

    [utterance] = sapi.device.utterances
    assert utterance.purged and 0 < len(utterance.played) < len(text)
    [result] = rec.results
    assert not result.spoken and result.error is None
    [voice] = sapi.voices
    purges = [call for call in voice.speak_calls if call[1] & SVSF_PURGE_BEFORE_SPEAK]
    assert purges and len({thread for _, _, thread in voice.speak_calls}) == 1


def test_memory_output_never_opens_the_audio_device(
    sapi: SapiWorld, make_speaker: MakeSpeaker, tmp_path: Path
) -> None:
    assert quirks.output_to_memory()  # tests/conftest.py sets it for the whole session
    speaker, rec = make_speaker()
    speaker.say(DESCRIPTIONS[0])
    speaker.say(DESCRIPTIONS[1], save_to=tmp_path / "round.wav")
    run(speaker)

    assert sapi.device.utterances == []
    assert [s.GetData().decode() for s in sapi.memory_streams] == list(DESCRIPTIONS[:2])
    assert [r.spoken for r in rec.results] == [True, True] and rec.errors == []
    assert wav_seconds(tmp_path / "round.wav") > 1
    assert sapi.voices[0].AudioOutputStream is sapi.device


def test_voice_and_rate_changes_apply_without_pyttsx3s_loop(
    sapi: SapiWorld, to_device: None, make_speaker: MakeSpeaker
) -> None:
    sapi.tokens = [HAZEL, ZIRA]  # Hazel is SAPI's default voice
    speaker, rec = make_speaker("cs", rate=250)
    speaker.say("Dobrý den.")
    run(speaker)
    speaker.set_language("en-US")
    speaker.say("Good morning.")
    run(speaker)

    czech, english = sapi.device.utterances
    assert (czech.voice_id, english.voice_id) == (JAKUB.Id, ZIRA.Id)
    assert czech.rate == english.rate == 4  # 250 words a minute, converted as pyttsx3 does
    assert czech.complete and english.complete
    assert speaker.current_voice is not None and speaker.current_voice.id == ZIRA.Id
    assert [r.spoken for r in rec.results] == [True, True] and rec.notices == []
