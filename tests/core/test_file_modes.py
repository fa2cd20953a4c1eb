"""Issue 14, item 16: one rule for a round's files — photos of people are private, so the photo,
painting, record, narration and thumbnails are readable by their owner only (0600), whatever
the umask, on systems where file modes mean that."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from camdraw.core import disk
from camdraw.core.round.session import Session
from camdraw.core.settings import Settings
from camdraw.core.speech.speaker import Speaker
from camdraw.core.store.thumbnails import ThumbnailCache
from tests.media import scene_frame

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask (files 0644 unless camdraw says otherwise)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_of_a_round_is_private(tmp_path: Path, open_umask: None) -> None:
    speaker = Speaker("cs")
    speaker.start()
    try:
        settings = Settings(
            service_mode="offline", save_narration=True, images_dir=str(tmp_path / "images")
        )
        record = Session(speaker=speaker).pipeline(settings).run_frame(scene_frame())
        assert speaker.wait_idle(timeout=60)
    finally:
        speaker.stop()
    assert record.status == "done", record.errors
    files = record.files
    made = [files.photo, files.painting, files.sidecar, files.narration]
    assert all(path.is_file() for path in made), made
    thumbnails = ThumbnailCache(tmp_path / "thumbnails")
    made += [thumbnails.get(files.photo), thumbnails.get(files.painting)]
    assert {path.name: oct(mode(path)) for path in made if path} == {
        path.name: oct(disk.PRIVATE_FILE_MODE) for path in made if path
    }
    assert all(made)
