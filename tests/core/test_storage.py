import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from camdraw.core import disk
from camdraw.core.errors import StorageError
from camdraw.core.store import rounds
from camdraw.core.store.record import RoundRecord


def test_round_names_are_windows_safe_and_unique(tmp_path: Path) -> None:
    when = datetime(2026, 11, 22, 14, 3, 7)
    first = rounds.new_round(tmp_path, when)
    assert first.stem == "2026-11-22_14-03-07"
    assert first.photo.name == "2026-11-22_14-03-07_photo.jpg"
    assert first.painting.name == "2026-11-22_14-03-07_painting.png"
    assert first.sidecar.name == "2026-11-22_14-03-07.json"
    assert first.narration.name == "2026-11-22_14-03-07_description.wav"
    first.photo.write_bytes(b"x")
    second = rounds.new_round(tmp_path, when)
    assert second.stem == "2026-11-22_14-03-07-2"
    for name in (first.photo.name, second.sidecar.name):
        assert not set(name) & set('<>:"/\\|?*')


@pytest.mark.parametrize(
    ("raw", "safe"),
    [("a:b*c?", "a_b_c_"), ("CON", "_CON"), ("nul.txt", "_nul.txt"), (" x. ", "x"), ("", "_")],
)
def test_safe_name(raw: str, safe: str) -> None:
    assert disk.safe_name(raw) == safe


def test_atomic_write_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.bin"
    disk.atomic_write_bytes(target, b"one")
    disk.atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["file.bin"]


def test_failed_write_keeps_the_old_file_and_says_what_to_do(tmp_path: Path) -> None:
    target = tmp_path / "photo.jpg"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        disk.atomic_write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["photo.jpg"]
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    with pytest.raises(StorageError, match="could not be saved") as info:
        disk.write_file(blocked / "photo.jpg", b"data", "photo")
    assert "another folder" in info.value.hint


def test_sidecar_round_trip_is_utf8_and_strict(tmp_path: Path) -> None:
    files = rounds.new_round(tmp_path)
    record = RoundRecord(files=files, description="Na obrázku je žlutý kůň.")
    record.steps.update(photo="done", describe="done", paint="failed")
    record.errors["paint"] = "The image service is down."
    record.save()
    raw = files.sidecar.read_text(encoding="utf-8")
    assert "žlutý kůň" in raw  # readable, not \u escapes
    data = json.loads(raw)
    assert data["format"] == "camdraw-round" and data["status"] == "failed"
    loaded = RoundRecord.load(files.sidecar)
    assert loaded.description == record.description
    assert loaded.failed_steps() == ["paint"]
    foreign = tmp_path / "other.json"
    foreign.write_text('{"name": "not ours"}', encoding="utf-8")
    with pytest.raises(StorageError, match="not a camdraw round"):
        RoundRecord.load(foreign)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "camdraw-round", ', encoding="utf-8")
    with pytest.raises(StorageError, match="cannot be read"):
        RoundRecord.load(broken)


def test_interrupted_steps_load_as_failed(tmp_path: Path) -> None:
    files = rounds.new_round(tmp_path)
    record = RoundRecord(files=files)
    record.steps.update(photo="done", describe="running")
    record.save()
    assert RoundRecord.load(files.sidecar).failed_steps() == ["describe"]
