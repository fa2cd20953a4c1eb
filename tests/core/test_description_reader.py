"""Who reads the description (the setting × a running screen reader), how the speech step
ends in the record, and how a running screen reader is detected (with stand-ins)."""

from __future__ import annotations

import ctypes
import json
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from camdraw.core.round.pipeline import Pipeline
from camdraw.core.settings import Settings
from camdraw.core.speech import pyttsx3_quirks, screen_reader
from camdraw.core.speech.screen_reader import Reading, reading
from camdraw.core.speech.speaker import Speaker, SpeechResult
from tests.core.test_pipeline import ScriptedProvider, scene_frame


@pytest.mark.parametrize(
    ("mode", "running", "voice", "announce", "read_by"),
    [
        ("auto", True, False, True, "screen_reader"),
        ("auto", False, True, True, "both"),
        ("voice", True, True, False, "voice"),
        ("voice", False, True, False, "voice"),
        ("screen_reader", False, False, True, "screen_reader"),
        ("screen_reader", True, False, True, "screen_reader"),
        ("both", True, True, True, "both"),
        ("both", False, True, True, "both"),
    ],
)
def test_who_reads_the_description(
    mode: str, running: bool, voice: bool, announce: bool, read_by: str
) -> None:
    decision = reading(mode, running)
    assert decision == Reading(voice=voice, announce=announce)
    assert decision.read_by == read_by


def test_the_setting_defaults_to_auto_and_refuses_other_values() -> None:
    assert Settings().description_reader == "auto"
    with pytest.raises(ValueError):
        Settings(description_reader="orca")  # type: ignore[arg-type]


class HeldSpeaker:
    """Keeps each job's result callback, so a test decides how the reading ended."""

    def __init__(self, muted: bool = False) -> None:
        self.said: list[str] = []
        self.on_done: list[Callable[[Any], None]] = []
        self.muted = muted

    def say(self, text: str, *, save_to: Path | None = None, on_done: Any = None) -> None:
        self.said.append(text)
        self.on_done.append(on_done)


def run_round(
    tmp_path: Path, speaker: HeldSpeaker, *, mode: str = "auto", reader: bool = False
) -> Any:
    settings = Settings(images_dir=str(tmp_path / "images"), description_reader=mode)
    pipeline = Pipeline(
        settings,
        ScriptedProvider(),  # type: ignore[arg-type]
        speaker=speaker,
        screen_reader_running=lambda: reader,
    )
    return pipeline.run_frame(scene_frame())


def saved(record: Any) -> dict[str, Any]:
    return json.loads(record.files.sidecar.read_text(encoding="utf-8"))


def test_spoken_description_ends_the_step_done_in_the_saved_record(tmp_path: Path) -> None:
    speaker = HeldSpeaker()
    record = run_round(tmp_path, speaker)
    assert saved(record)["steps"]["speech"] == "queued"  # the speaker still has it
    speaker.on_done[0](SpeechResult(record.description, None, True, None))
    data = saved(record)
    assert data["steps"]["speech"] == "done"
    assert data["read_by"] == "both"  # auto without a screen reader: voice, and announced


def test_failed_reading_is_saved_with_its_reason(tmp_path: Path) -> None:
    speaker = HeldSpeaker()
    record = run_round(tmp_path, speaker, mode="voice")
    reason = "The description could not be read aloud: no sound device could play it."
    speaker.on_done[0](SpeechResult(record.description, None, False, reason))
    data = saved(record)
    assert data["steps"]["speech"] == "failed"
    assert data["errors"]["speech"] == reason
    assert data["read_by"] == "voice"


def test_muted_reading_is_skipped_as_muted(tmp_path: Path) -> None:
    speaker = HeldSpeaker(muted=True)
    record = run_round(tmp_path, speaker, mode="voice")
    speaker.on_done[0](SpeechResult(record.description, None, False, None))
    data = saved(record)
    assert (data["steps"]["speech"], data["speech_skipped"]) == ("skipped", "muted")
    assert data["read_by"] == ""  # nobody read it


def test_with_a_screen_reader_the_narration_asked_for_is_still_written(tmp_path: Path) -> None:
    """The screen reader reads the description; camdraw's voice writes the narration WAV the
    user asked for without playing it (the real speaker and engine, playback counted)."""
    played: list[str] = []
    settings = Settings(
        images_dir=str(tmp_path / "images"), description_reader="auto", save_narration=True
    )
    speaker = Speaker("cs")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv(pyttsx3_quirks.OUTPUT_ENV)  # play for real, were it asked to
            patch.setattr(
                pyttsx3_quirks, "play_command", lambda command: played.append(command) or 0
            )
            pipeline = Pipeline(
                settings,
                ScriptedProvider(),  # type: ignore[arg-type]
                speaker=speaker,
                screen_reader_running=lambda: True,
            )
            record = pipeline.run_frame(scene_frame())
            assert speaker.wait_idle(timeout=30)
    finally:
        speaker.stop()
    assert played == []
    data = saved(record)
    assert (data["steps"]["speech"], data["speech_skipped"]) == ("skipped", "screen_reader")
    assert data["read_by"] == "screen_reader"
    assert data["files"]["narration"] == record.files.narration.name
    with wave.open(str(record.files.narration), "rb") as narration:
        assert narration.getnframes() > 0


def test_with_a_screen_reader_auto_leaves_the_description_to_it(tmp_path: Path) -> None:
    speaker = HeldSpeaker()
    record = run_round(tmp_path, speaker, reader=True)
    assert speaker.said == []  # camdraw's voice stays quiet
    data = saved(record)
    assert (data["steps"]["speech"], data["speech_skipped"]) == ("skipped", "screen_reader")
    assert data["read_by"] == "screen_reader"


# -- detection --------------------------------------------------------------------------------


class FakeUser32:
    def __init__(self, flag: int, ok: int = 1) -> None:
        self.flag, self.ok = flag, ok
        self.calls: list[int] = []

    def SystemParametersInfoW(self, action: int, param: int, pointer: Any, win_ini: int) -> int:
        self.calls.append(action)
        ctypes.cast(pointer, ctypes.POINTER(ctypes.c_int)).contents.value = self.flag
        return self.ok


def test_windows_reads_the_screen_reader_flag() -> None:
    user32 = FakeUser32(1)
    assert screen_reader.windows_flag(user32) is True
    assert user32.calls == [screen_reader.SPI_GETSCREENREADER]
    assert screen_reader.windows_flag(FakeUser32(0)) is False
    assert screen_reader.windows_flag(FakeUser32(1, ok=0)) is False  # the call failed


def gdbus_answering(stdout: str, returncode: int = 0) -> Callable[..., Any]:
    def run(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
        assert command[-2:] == ["org.a11y.Status", "ScreenReaderEnabled"]
        assert options["timeout"] <= 5
        return subprocess.CompletedProcess(command, returncode, stdout, "")

    return run


def test_linux_reads_atspi_screen_reader_enabled() -> None:
    assert screen_reader.atspi_flag(gdbus_answering("(<true>,)\n")) is True
    assert screen_reader.atspi_flag(gdbus_answering("(<false>,)\n")) is False
    assert screen_reader.atspi_flag(gdbus_answering("", returncode=1)) is False


def test_linux_without_gdbus_or_bus_says_no_screen_reader() -> None:
    def missing(command: list[str], **options: Any) -> Any:
        raise FileNotFoundError("gdbus")

    def hangs(command: list[str], **options: Any) -> Any:
        raise subprocess.TimeoutExpired(command, options["timeout"])

    assert screen_reader.atspi_flag(missing) is False
    assert screen_reader.atspi_flag(hangs) is False


def test_running_asks_the_platform_s_own_source() -> None:
    assert screen_reader.running("win32", windows=lambda: True, linux=lambda: False) is True
    assert screen_reader.running("linux", windows=lambda: False, linux=lambda: True) is True
    assert screen_reader.running("darwin", windows=lambda: True, linux=lambda: True) is False

    def broken() -> bool:
        raise OSError("no user32")

    assert screen_reader.running("win32", windows=broken) is False
