"""Windows: another program (the gallery's viewer, Defender, OneDrive) holding a file for a
moment. Stand-ins: ``sys.platform`` set to "win32" and an ``os.replace`` or a read that fails
the way Windows does (PermissionError carrying winerror 32 or 5)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from camdraw.core import disk, paths, settings
from camdraw.core.errors import StorageError
from camdraw.core.settings import Settings
from camdraw.core.store import rounds

REAL_OPEN = Path.open
SHARING_VIOLATION = 32
ACCESS_DENIED = 5


def held_open(winerror: int = SHARING_VIOLATION) -> PermissionError:
    """The error Windows gives for a file another program has open (winerror is only filled
    in by Python on Windows, so it is set by hand here)."""
    error = PermissionError(13, "The process cannot access the file because it is being used")
    error.winerror = winerror  # type: ignore[attr-defined]
    return error


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")


@pytest.fixture
def no_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(disk, "HELD_FILE_DELAYS", (0.0,) * len(disk.HELD_FILE_DELAYS))


def failing_replace(
    monkeypatch: pytest.MonkeyPatch, failures: int | None, winerror: int = SHARING_VIOLATION
) -> list[tuple[str, str]]:
    """``os.replace`` failing ``failures`` times (None: always), then doing the real rename."""
    calls: list[tuple[str, str]] = []
    real = os.replace

    def replace(src: str, dst: str) -> None:
        calls.append((str(src), str(dst)))
        if failures is None or len(calls) <= failures:
            raise held_open(winerror)
        real(src, dst)

    monkeypatch.setattr(disk.os, "replace", replace)
    return calls


def sidecar_in(folder: Path) -> rounds.RoundFiles:
    return rounds.RoundFiles(folder, "2026-11-22_14-03-07")


@pytest.mark.usefixtures("windows", "no_pauses")
@pytest.mark.parametrize("winerror", [SHARING_VIOLATION, ACCESS_DENIED])
def test_a_record_is_written_once_the_other_program_lets_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, winerror: int
) -> None:
    files = sidecar_in(tmp_path)
    calls = failing_replace(monkeypatch, failures=2, winerror=winerror)
    rounds.write_sidecar(files, {"description": "Kočka na okně."})
    assert len(calls) == 3
    assert rounds.read_sidecar(files.sidecar)["description"] == "Kočka na okně."
    assert [p.name for p in tmp_path.iterdir()] == [files.sidecar.name]  # no temp file left


@pytest.mark.usefixtures("windows", "no_pauses")
def test_a_file_held_for_good_fails_as_before_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sidecar_in(tmp_path)
    calls = failing_replace(monkeypatch, failures=None)
    with pytest.raises(StorageError, match="round record could not be saved") as caught:
        rounds.write_sidecar(files, {"description": "x"})
    assert "being used" in str(caught.value)
    assert len(calls) == len(disk.HELD_FILE_DELAYS) + 1
    assert list(tmp_path.iterdir()) == []


def test_the_wait_grows_and_lasts_about_a_second(windows: None) -> None:
    slept: list[float] = []
    attempts: list[int] = []

    def always_held() -> None:
        attempts.append(1)
        raise held_open()

    with pytest.raises(PermissionError):
        disk.retry_while_held(always_held, sleep=slept.append)
    assert len(attempts) == len(slept) + 1
    assert slept == sorted(slept) and slept[0] < 0.05
    assert 0.8 <= sum(slept) <= 1.2


@pytest.mark.parametrize(
    ("platform", "error"),
    [
        ("linux", held_open()),  # EACCES on Linux is a real refusal, not a passing lock
        ("win32", PermissionError(13, "Access is denied")),  # no winerror: not a held file
        ("win32", held_open(winerror=1224)),  # a mapped section: not one of the two
    ],
)
def test_other_permission_errors_are_not_waited_on(
    monkeypatch: pytest.MonkeyPatch, platform: str, error: PermissionError
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    slept: list[float] = []
    action = _raising(error)
    with pytest.raises(PermissionError):
        disk.retry_while_held(action, sleep=slept.append)
    assert slept == []


def _raising(error: Exception) -> Callable[[], None]:
    def action() -> None:
        raise error

    return action


def test_replace_with_retry_moves_the_file(windows: None, tmp_path: Path) -> None:
    source, target = tmp_path / "a.tmp", tmp_path / "a.json"
    source.write_text("new", encoding="utf-8")
    target.write_text("old", encoding="utf-8")
    disk.replace_with_retry(source, target, sleep=lambda _: None)
    assert target.read_text(encoding="utf-8") == "new" and not source.exists()


# -- settings --------------------------------------------------------------------------------


def unreadable_settings(monkeypatch: pytest.MonkeyPatch, error: OSError, times: int | None) -> Path:
    """A valid settings file whose opening fails ``times`` times (None: always)."""
    file = paths.settings_file()
    settings.save(Settings().replace(language="en", mirror=False))
    failed: list[int] = []

    def open_(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == file and (times is None or len(failed) < times):
            failed.append(1)
            raise error
        return REAL_OPEN(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    return file


def test_an_unreadable_settings_file_is_kept_and_defaults_used_for_now(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = unreadable_settings(monkeypatch, PermissionError(13, "Permission denied"), None)
    loaded, note = settings.load()
    assert loaded == Settings()
    assert note is not None
    assert "could not be read (Permission denied)" in note and "left the file" in note
    assert "damaged" not in note
    monkeypatch.setattr(Path, "open", REAL_OPEN)  # the other program is gone
    assert sorted(p.name for p in file.parent.iterdir()) == ["settings.json"]  # not moved aside
    assert settings.load() == (Settings().replace(language="en", mirror=False), None)  # intact


@pytest.mark.usefixtures("windows", "no_pauses")
def test_a_settings_file_held_for_a_moment_is_read_after_the_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unreadable_settings(monkeypatch, held_open(), times=2)
    assert settings.load() == (Settings().replace(language="en", mirror=False), None)


@pytest.mark.usefixtures("windows", "no_pauses")
def test_a_damaged_settings_file_is_moved_aside_even_while_briefly_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = paths.settings_file()
    file.parent.mkdir(parents=True)
    file.write_text("{not json", encoding="utf-8")
    calls = failing_replace(monkeypatch, failures=1)
    loaded, note = settings.load()
    assert loaded == Settings() and note is not None and "damaged" in note
    assert len(calls) == 2
    backups = list(file.parent.glob("settings.broken-*.json"))
    assert len(backups) == 1 and not file.exists()
    assert backups[0].name in note


def test_a_choice_is_not_saved_over_a_settings_file_that_cannot_be_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = unreadable_settings(monkeypatch, PermissionError(13, "Permission denied"), None)
    with pytest.raises(StorageError, match=r"not saved.*could not be read"):
        settings.save_changes({"muted": True})
    monkeypatch.setattr(Path, "open", REAL_OPEN)
    # The user's own settings survive; defaults were not written over them.
    assert settings.load() == (Settings().replace(language="en", mirror=False), None)
    assert file.exists()


def test_a_choice_is_saved_into_what_is_stored() -> None:
    settings.save(Settings().replace(language="en"))
    settings.save_changes({"muted": True})
    assert settings.load() == (Settings().replace(language="en", muted=True), None)


@pytest.mark.usefixtures("windows", "no_pauses")
def test_a_saved_narration_waits_for_a_player_holding_the_old_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from camdraw.core.speech.speaker import Speaker

    class Engine:  # writes a tiny real WAV where the speech engine would
        def save_to_file(self, text: str, path: str) -> None:
            import wave

            with wave.open(path, "wb") as wav:
                wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(8000)
                wav.writeframes(b"\0\0" * 8000)

        def runAndWait(self) -> None:  # pyttsx3 spells it so
            pass

    calls = failing_replace(monkeypatch, failures=2)
    target = tmp_path / "narration.wav"
    duration = Speaker()._save(Engine(), "Ahoj.", target)
    assert duration == pytest.approx(1.0)
    assert target.is_file() and len(calls) == 3
