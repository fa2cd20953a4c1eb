"""The images folder failing under a round: not writable, disk full, odd files in it."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest

from camdraw.core import disk
from camdraw.core.errors import StorageError
from camdraw.core.round.pipeline import Pipeline
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord
from tests.core.test_pipeline import ScriptedProvider
from tests.media import scene_frame


def pipeline_for(folder: Path, provider: ScriptedProvider) -> Pipeline:
    return Pipeline(Settings(images_dir=str(folder)), provider)


def test_a_folder_that_cannot_be_created_says_so_before_any_request(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    provider = ScriptedProvider()
    pipeline = pipeline_for(blocker / "images", provider)
    with pytest.raises(StorageError, match="cannot be created") as caught:
        pipeline.capture(scene_frame())
    assert "another images folder" in str(caught.value)
    assert provider.calls == []


class FullDisk:
    """A file object that fails the way a full disk does."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_named_and_leaves_no_half_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "images"
    real_fdopen = disk.os.fdopen
    monkeypatch.setattr(disk.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    provider = ScriptedProvider()
    pipeline = pipeline_for(folder, provider)
    with pytest.raises(StorageError, match="No space left on device"):
        pipeline.capture(scene_frame())
    assert list(folder.iterdir()) == []  # no photo, no temp file
    assert provider.calls == []
    # Space freed: the next photo works.
    monkeypatch.setattr(disk.os, "fdopen", real_fdopen)
    assert pipeline.run_frame(scene_frame()).status == "done"


def test_a_full_disk_while_painting_keeps_the_photo_and_retry_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "images"
    provider = ScriptedProvider()
    pipeline = pipeline_for(folder, provider)
    record = pipeline.capture(scene_frame())
    real_write = disk.write_file

    def failing_write(path: Path, data: bytes, what: str) -> None:
        if what == "painting":
            raise StorageError(f"The {what} could not be saved to {path.parent}: disk full.")
        real_write(path, data, what)

    monkeypatch.setattr(disk, "write_file", failing_write)
    record = pipeline.run(record)
    assert record.status == "failed" and "disk full" in record.errors["paint"]
    assert record.files.photo.exists() and record.description
    monkeypatch.setattr(disk, "write_file", real_write)
    assert pipeline.retry(record.files.sidecar).status == "done"


def test_odd_files_in_the_images_folder_do_not_disturb_rounds(tmp_path: Path) -> None:
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "broken.json").write_text("{ not json", encoding="utf-8")
    (folder / "foreign.json").write_text(json.dumps({"hello": "world"}), encoding="utf-8")
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / ".2026-11-22_10-00-00.json.abc.tmp").write_bytes(b"half written")
    pipeline = pipeline_for(folder, ScriptedProvider())
    assert pipeline.run_frame(scene_frame()).status == "done"
    for name, words in (
        ("broken.json", "cannot be read"),
        ("binary.json", "cannot be read"),
        ("foreign.json", "is not a camdraw round record"),
    ):
        with pytest.raises(StorageError, match=words):
            RoundRecord.load(folder / name)
        with pytest.raises(StorageError, match=words):
            pipeline.retry(folder / name)
