"""Issue 14, item 13: local files camdraw reads back — settings, the cache index, round records
and a round's photo — may have been edited by hand or replaced. Deep nesting, a pipe or a
device in their place, or a file far too large each get a clear fallback: never a crash at every
start, never a read that waits or grows for ever."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from camdraw.core import settings as settings_mod
from camdraw.core.errors import StorageError
from camdraw.core.round.session import Session
from camdraw.core.settings import Settings
from camdraw.core.store import cache_index, rounds
from tests.media import scene_frame

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
DEEP = 100_000  # far past Python's recursion limit


def deeply_nested(key: str = "x") -> str:
    return f'{{"{key}": {"[" * DEEP}{"]" * DEEP}}}'


def test_deeply_nested_settings_start_on_defaults_once(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(deeply_nested("custom_styles"), encoding="utf-8")
    loaded, note = settings_mod.load(path)
    assert loaded == Settings()
    assert note and "nested too deeply" in note
    assert list(tmp_path.glob("settings.broken-*.json"))  # kept, moved aside
    assert settings_mod.load(path) == (Settings(), None)  # the next start is a normal one


@posix_only
def test_a_pipe_in_place_of_the_settings_is_not_waited_on(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    os.mkfifo(path)
    loaded, note = settings_mod.load(path)
    assert loaded == Settings() and note and "device or pipe" in note


def test_a_deeply_nested_cache_index_starts_the_cache_empty(tmp_path: Path) -> None:
    folder = tmp_path / "rounds"
    folder.mkdir()
    (folder / cache_index.INDEX_NAME).write_text(deeply_nested("paintings"), encoding="utf-8")
    assert cache_index.read_index(folder / cache_index.INDEX_NAME) == ({}, {}, 0)


def test_round_records_are_read_with_a_cap(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(deeply_nested(), encoding="utf-8")
    with pytest.raises(StorageError, match="cannot be read"):
        rounds.read_sidecar(deep)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(rounds.MAX_RECORD_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(StorageError, match="cannot be read"):
        rounds.read_sidecar(huge)


@posix_only
def test_a_photo_replaced_by_a_link_to_dev_zero_fails_the_round_in_words(
    tmp_path: Path,
) -> None:
    settings = Settings(service_mode="offline", images_dir=str(tmp_path / "images"))
    pipeline = Session().pipeline(settings)
    first = pipeline.run_frame(scene_frame())
    assert first.status == "done"
    photo = first.files.photo
    photo.unlink()
    photo.symlink_to("/dev/zero")
    again = pipeline.repaint(first.files.sidecar, style="")
    assert again.status == "failed"
    assert "cannot be used" in again.errors["photo"] and "device or pipe" in again.errors["photo"]
