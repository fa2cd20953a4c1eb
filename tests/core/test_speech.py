"""The speech thread, mostly against the real pyttsx3 + espeak-ng engine."""

from __future__ import annotations

import json
import os
import shlex
import sys
import threading
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from camdraw.core.speech import pyttsx3_quirks
from camdraw.core.speech.speaker import Speaker, SpeechResult

CZECH = (
    "Na obrázku je velký dřevěný stůl hnědé barvy, na kterém stojí bílý hrnek s modrým "
    "proužkem. Vedle hrnku leží červená kniha a malé zelené jablko. V pozadí je okno se světle "
    "modrými závěsy a za ním zelený strom."
)

needs_espeak = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the real-engine tests use espeak-ng on Linux"
)


class Recorder:
    """Collects everything a Speaker reports."""

    def __init__(self) -> None:
        self.notices: list[str] = []
        self.errors: list[str] = []
        self.results: list[SpeechResult] = []

    def kwargs(self) -> dict[str, Any]:
        return {
            "on_notice": self.notices.append,
            "on_error": self.errors.append,
            "on_spoken": self.results.append,
        }


MakeSpeaker = Callable[..., tuple[Speaker, Recorder]]


@pytest.fixture
def make_speaker() -> Iterator[MakeSpeaker]:
    made: list[Speaker] = []

    def make(language: str = "cs", **kwargs: Any) -> tuple[Speaker, Recorder]:
        recorder = Recorder()
        speaker = Speaker(language, **recorder.kwargs(), **kwargs)
        made.append(speaker)
        return speaker, recorder

    yield make
    for speaker in made:
        speaker.stop()


@pytest.fixture
def playback(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Commands the espeak driver runs to play audio (it shells out to aplay)."""
    monkeypatch.delenv(pyttsx3_quirks.OUTPUT_ENV)  # play, rather than the session's memory output
    commands: list[str] = []

    def fake_system(command: str) -> int:
        commands.append(command)
        return 0

    monkeypatch.setattr(pyttsx3_quirks, "play_command", fake_system)
    return commands


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        assert wav.getnframes() > 0
        return wav.getnframes() / wav.getframerate()


def run(speaker: Speaker) -> None:
    assert speaker.wait_idle(timeout=20), "speech did not finish"


@needs_espeak
def test_saves_czech_description_as_wav(
    make_speaker: MakeSpeaker, tmp_path: Path, playback: list[str], capfd: pytest.CaptureFixture
) -> None:
    speaker, rec = make_speaker()
    speaker.set_muted(True)
    target = tmp_path / "narration" / "round-1.wav"
    speaker.say(CZECH, save_to=target)
    run(speaker)

    assert rec.errors == [] and rec.notices == []
    duration = wav_duration(target)
    assert duration > 5
    [result] = rec.results
    assert result.saved_to == target and result.error is None and not result.spoken
    assert result.duration_s == pytest.approx(duration)
    assert sorted(p.name for p in target.parent.iterdir()) == ["round-1.wav"]  # no temp left
    assert "Audio saved" not in capfd.readouterr().out


@needs_espeak
def test_longer_text_gives_longer_wav_and_short_text_works(
    make_speaker: MakeSpeaker, tmp_path: Path, playback: list[str]
) -> None:
    speaker, rec = make_speaker()
    speaker.set_muted(True)
    speaker.say(CZECH, save_to=tmp_path / "one.wav")
    speaker.say(f"{CZECH} {CZECH}", save_to=tmp_path / "two.wav")
    speaker.say("Ahoj.", save_to=tmp_path / "short.wav")
    run(speaker)

    assert rec.errors == []
    one, two = wav_duration(tmp_path / "one.wav"), wav_duration(tmp_path / "two.wav")
    assert two > 1.7 * one
    assert 0 < wav_duration(tmp_path / "short.wav") < 3


@needs_espeak
def test_czech_voice_is_chosen(make_speaker: MakeSpeaker, playback: list[str]) -> None:
    speaker, rec = make_speaker("cs-CZ")
    speaker.say("Dobrý den.")
    run(speaker)
    assert speaker.current_voice is not None
    assert speaker.current_voice.id == "zlw/cs"
    assert speaker.current_voice.languages == ("cs",)
    assert rec.notices == [] and rec.errors == []
    assert speaker.available


@needs_espeak
def test_later_say_does_not_overwrite_saved_file(
    make_speaker: MakeSpeaker, tmp_path: Path, playback: list[str]
) -> None:
    speaker, rec = make_speaker()
    target = tmp_path / "saved.wav"
    speaker.say(CZECH, save_to=target)
    run(speaker)
    before = target.stat()

    speaker.say("Úplně jiný a mnohem kratší text.")
    run(speaker)
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert [r.spoken for r in rec.results] == [True, True]
    assert len(playback) == 2  # both jobs were played (through the driver's aplay call)
    assert rec.errors == []


@needs_espeak
def test_muted_saves_but_plays_nothing(
    make_speaker: MakeSpeaker, tmp_path: Path, playback: list[str]
) -> None:
    speaker, rec = make_speaker()
    speaker.set_muted(True)
    assert speaker.muted
    speaker.say(CZECH, save_to=tmp_path / "muted.wav")
    speaker.say("Tohle nikdo neuslyší.")
    run(speaker)
    assert playback == []
    assert [r.spoken for r in rec.results] == [False, False]
    assert wav_duration(tmp_path / "muted.wav") > 5

    speaker.set_muted(False)
    assert speaker.repeat()
    run(speaker)
    assert len(playback) == 1
    assert rec.results[-1] == SpeechResult("Tohle nikdo neuslyší.", None, True, None)


@needs_espeak
def test_unknown_language_notice_once_and_default_voice(
    make_speaker: MakeSpeaker, playback: list[str]
) -> None:
    speaker, rec = make_speaker("xx")
    speaker.say("one")
    speaker.say("two")
    speaker.set_language("xx")
    speaker.say("three")
    run(speaker)
    assert len(rec.notices) == 1
    assert rec.notices[0].startswith("No xx voice is installed; using the default voice.")
    assert "Add voices" in rec.notices[0] and "espeak-ng" in rec.notices[0]
    assert speaker.current_voice is None
    assert all(r.spoken and r.error is None for r in rec.results)

    speaker.set_language("sk")
    speaker.say("Dobrý deň.")
    run(speaker)
    assert speaker.current_voice is not None and speaker.current_voice.id == "zlw/sk"
    assert len(rec.notices) == 1


def test_missing_czech_voice_notice_names_the_language(make_speaker: MakeSpeaker) -> None:
    engine = FakeEngine(voices=[SimpleNamespace(id="en", name="English", languages=["en"])])
    speaker, rec = make_speaker(engine_factory=lambda: engine)
    speaker.say("Ahoj.")
    run(speaker)
    assert rec.notices[0].startswith("No Czech voice is installed; using the default voice.")
    assert "(Czech)" in rec.notices[0]
    assert engine.properties["voice"] == "fake-default"


def test_engine_failure_is_reported_once_and_never_raises(
    make_speaker: MakeSpeaker, tmp_path: Path
) -> None:
    def broken() -> Any:
        raise RuntimeError("no audio driver")

    speaker, rec = make_speaker(engine_factory=broken)
    speaker.say("Ahoj.")
    speaker.say("Ještě jednou.", save_to=tmp_path / "never.wav")
    run(speaker)
    assert rec.errors == [
        "Speech is not available: no audio driver. The description is still shown as text."
    ]
    assert not speaker.available
    assert [r.error for r in rec.results] == [rec.errors[0]] * 2
    assert not any(r.spoken or r.saved_to for r in rec.results)
    assert not (tmp_path / "never.wav").exists()

    speaker.stop(timeout=5)
    assert not any(t.name == "camdraw-speech" and t.is_alive() for t in threading.enumerate())


class FakeEngine:
    """A pyttsx3-shaped engine for failure paths the real one cannot be made to take."""

    def __init__(self, voices: list[Any] | None = None, failing_saves: int = 0) -> None:
        self.voices = voices if voices is not None else []
        self.failing_saves = failing_saves
        self.properties: dict[str, Any] = {}
        self.said: list[str] = []

    def getProperty(self, name: str) -> Any:
        return self.voices if name == "voices" else "fake-default"

    def setProperty(self, name: str, value: Any) -> None:
        self.properties[name] = value

    def save_to_file(self, text: str, filename: str) -> None:
        if self.failing_saves:
            self.failing_saves -= 1
            raise RuntimeError("disk on fire")
        Path(filename).write_bytes(b"")  # an engine that "succeeds" without audio

    def say(self, text: str) -> None:
        self.said.append(text)

    def runAndWait(self) -> None:
        pass


def test_failing_job_does_not_stop_the_thread(make_speaker: MakeSpeaker, tmp_path: Path) -> None:
    czech = SimpleNamespace(id="fake/cs", name="Fake", languages=[b"\x05cs"])
    engine = FakeEngine(voices=[czech], failing_saves=1)
    speaker, rec = make_speaker(engine_factory=lambda: engine, rate=150)
    speaker.say("první", save_to=tmp_path / "a.wav")
    speaker.say("druhý", save_to=tmp_path / "b.wav")
    speaker.say("třetí")
    run(speaker)

    first, second, third = rec.results
    assert first.error == "Narration could not be saved: disk on fire."
    assert first.spoken and first.saved_to is None
    assert second.error == "Narration could not be saved: the speech engine wrote no audio."
    assert third == SpeechResult("třetí", None, True, None)
    assert rec.errors == [first.error, second.error]
    assert engine.said == ["první", "druhý", "třetí"]
    assert engine.properties == {"rate": 150, "voice": "fake/cs"}
    assert list(tmp_path.iterdir()) == []  # failed saves leave no temp files
    assert speaker.current_voice is not None and speaker.current_voice.id == "fake/cs"


def test_callback_errors_do_not_stop_the_thread(make_speaker: MakeSpeaker) -> None:
    engine = FakeEngine()
    spoken: list[str] = []

    def explode(result: SpeechResult) -> None:
        spoken.append(result.text)
        raise ValueError("bug in the UI")

    speaker = Speaker("cs", on_spoken=explode, on_notice=explode, engine_factory=lambda: engine)
    try:
        speaker.say("a")
        speaker.say("b")
        run(speaker)
    finally:
        speaker.stop()
    assert engine.said == ["a", "b"]


def test_repeat_stop_and_lazy_start(make_speaker: MakeSpeaker) -> None:
    engine = FakeEngine()
    speaker, rec = make_speaker(engine_factory=lambda: engine)
    assert not speaker.repeat()  # nothing said yet, and no thread started for it
    assert speaker.wait_idle(timeout=0)
    speaker.say("   ")  # blank: a job, but nothing to speak
    speaker.say("Znovu.")
    assert speaker.repeat()
    run(speaker)
    assert engine.said == ["Znovu.", "Znovu."]
    assert [r.spoken for r in rec.results] == [False, True, True]

    speaker.stop()
    speaker.stop()  # idempotent
    speaker.say("after stop")  # dropped, no exception, no new thread
    assert not speaker.repeat()
    assert speaker.wait_idle(timeout=1)
    assert engine.said == ["Znovu.", "Znovu."]


def test_stop_before_start_and_jobs_queued_at_stop_are_saved_not_spoken(
    make_speaker: MakeSpeaker, tmp_path: Path
) -> None:
    idle, _ = make_speaker()
    idle.stop()  # never started: nothing to join

    entered, gate = threading.Event(), threading.Event()

    class SlowEngine(FakeEngine):
        def runAndWait(self) -> None:
            entered.set()
            gate.wait(5)

    engine = SlowEngine()
    speaker, rec = make_speaker(engine_factory=lambda: engine)
    speaker.say("first")
    speaker.say("second", save_to=tmp_path / "second.wav")
    assert entered.wait(5)
    stopper = threading.Thread(target=speaker.stop)
    stopper.start()
    deadline = time.monotonic() + 5
    while not speaker._stopping and time.monotonic() < deadline:  # stop() has begun
        time.sleep(0.01)
    gate.set()
    stopper.join(5)
    assert not stopper.is_alive()
    assert [r.text for r in rec.results] == ["first", "second"]
    assert engine.said == ["first"]  # "second" was only dequeued after stop() began
    # ... but its narration was still attempted (this fake writes no audio).
    assert rec.results[1].error == "Narration could not be saved: the speech engine wrote no audio."


def test_failing_playback_is_reported_and_next_job_runs(make_speaker: MakeSpeaker) -> None:
    class FlakyEngine(FakeEngine):
        failures = 1

        def runAndWait(self) -> None:
            if self.failures:
                self.failures -= 1
                raise OSError("audio device busy")

    speaker, rec = make_speaker(engine_factory=FlakyEngine)
    speaker.say("jedna")
    speaker.say("dva")
    run(speaker)
    assert [(r.spoken, r.error) for r in rec.results] == [
        (False, "The description could not be read aloud: audio device busy."),
        (True, None),
    ]


def failing_command(message: str) -> str:
    """A command line that writes ``message`` to stderr and fails, as aplay does."""
    code = f"import sys; sys.stderr.write({message!r}); sys.exit(1)"
    return shlex.join([sys.executable, "-c", code])


def test_play_command_is_quiet_and_remembers_why_it_failed(capfd: pytest.CaptureFixture) -> None:
    assert pyttsx3_quirks.play_command(failing_command("ALSA: cannot find card 0")) == 1
    assert capfd.readouterr().err == ""  # nothing spilled onto the console
    assert pyttsx3_quirks.take_playback_failure() == "ALSA: cannot find card 0"
    assert pyttsx3_quirks.take_playback_failure() is None
    assert pyttsx3_quirks.play_command(shlex.join([sys.executable, "-c", "pass"])) == 0
    assert pyttsx3_quirks.take_playback_failure() is None


@pytest.mark.skipif(sys.platform == "win32", reason="the espeak driver plays with aplay on Linux")
def test_playback_takes_a_temp_path_with_spaces_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in aplay that writes down the arguments it got.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    seen = tmp_path / "seen.json"
    aplay = bin_dir / "aplay"
    aplay.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(seen)!r}, 'w').write(json.dumps(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    aplay.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    wav = tmp_path / "Temp folder; with $pace" / "tmp x.wav"
    # What pyttsx3's espeak driver runs: the path unquoted.
    assert pyttsx3_quirks.play_command(f"aplay {wav} -q") == 0
    assert json.loads(seen.read_text(encoding="utf-8")) == ["-q", str(wav)]


@needs_espeak
def test_no_sound_device_is_reported_once_not_every_round(
    make_speaker: MakeSpeaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(pyttsx3_quirks.OUTPUT_ENV)
    real = pyttsx3_quirks.play_command
    # The driver's aplay call, replaced by one that fails the way aplay does with no sound card.
    monkeypatch.setattr(
        pyttsx3_quirks,
        "play_command",
        lambda command: real(failing_command("aplay: audio open error")),
    )
    speaker, rec = make_speaker()
    speaker.say("Na obrázku je pes.")
    speaker.say("Na obrázku je kočka.")
    run(speaker)
    assert [r.spoken for r in rec.results] == [False, False]
    assert all("no sound device" in (r.error or "") for r in rec.results)
    assert len(rec.errors) == 1 and "aplay: audio open error" in rec.errors[0]


@needs_espeak
def test_memory_output_synthesises_but_never_plays(
    make_speaker: MakeSpeaker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert pyttsx3_quirks.output_to_memory()  # tests/conftest.py sets it for the whole session
    commands: list[str] = []
    monkeypatch.setattr(pyttsx3_quirks, "play_command", lambda c: commands.append(c) or 0)
    speaker, rec = make_speaker()
    speaker.say("Na obrázku je pes.")
    speaker.say(CZECH, save_to=tmp_path / "round.wav")
    run(speaker)
    assert commands == []
    assert [r.spoken for r in rec.results] == [True, True] and rec.errors == []
    assert wav_duration(tmp_path / "round.wav") > 5


def test_each_job_reports_its_own_result_to_whoever_queued_it(make_speaker: MakeSpeaker) -> None:
    engine = FakeEngine()
    speaker, rec = make_speaker(engine_factory=lambda: engine)
    mine: list[SpeechResult] = []
    speaker.say("hotovo")  # a status word: nobody waits for it
    speaker.say("Kočka na stole.", on_done=mine.append)
    speaker.repeat()  # Speak again: not the round's job
    run(speaker)
    assert mine == [SpeechResult("Kočka na stole.", None, True, None)]
    assert len(rec.results) == 3


@needs_espeak
def test_a_narration_alone_is_written_but_never_played(
    make_speaker: MakeSpeaker, tmp_path: Path, playback: list[str]
) -> None:
    """A screen reader reads the description: the narration asked for is still written."""
    speaker, rec = make_speaker()
    assert not speaker.muted
    speaker.say(CZECH, save_to=tmp_path / "narration.wav", play=False)
    run(speaker)
    assert playback == []
    [result] = rec.results
    assert (result.saved_to, result.spoken, result.error) == (
        tmp_path / "narration.wav",
        False,
        None,
    )
    assert wav_duration(tmp_path / "narration.wav") > 5
    speaker.say("Tohle zazní.")  # the next job plays as before
    run(speaker)
    assert len(playback) == 1
