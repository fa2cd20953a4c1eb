"""Issue 14, items 9 and 13: what comes in as a photo file is checked before it is read whole
or decoded — empty and text files, folders, devices, pipes, and headers that claim more pixels
than camdraw decodes — and each is a sentence, never a traceback or a wait for ever."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from camdraw.core import disk, imaging
from camdraw.core.errors import StorageError
from camdraw.core.store.thumbnails import make_thumbnail
from tests.media import jpeg_file, png_claiming

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")


def test_a_good_photo_file_loads(tmp_path: Path) -> None:
    frame = imaging.load_photo(jpeg_file(tmp_path / "ok.jpg", 320, 240))
    assert frame.shape == (240, 320, 3)


def test_an_empty_file_is_said_to_be_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    with pytest.raises(StorageError, match="empty"):
        imaging.load_photo(empty)


def test_a_text_file_is_not_a_photo(tmp_path: Path) -> None:
    notes = tmp_path / "notes.jpg"
    notes.write_text("shopping: milk, bread\n", encoding="utf-8")
    with pytest.raises(StorageError, match="not a photo camdraw can read"):
        imaging.load_photo(notes)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.jpg"
    folder.mkdir()
    with pytest.raises((StorageError, IsADirectoryError, PermissionError)):
        imaging.load_photo(folder)


@posix_only
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    # Without the check, open() waits for a writer that never comes (the test would hang).
    with pytest.raises(StorageError, match="device or pipe"):
        imaging.load_photo(fifo)


@posix_only
def test_a_photo_linked_to_dev_zero_is_not_read_for_ever(tmp_path: Path) -> None:
    link = tmp_path / "photo.jpg"
    link.symlink_to("/dev/zero")
    with pytest.raises(StorageError, match="device or pipe"):
        imaging.load_photo(link)


def test_a_file_over_the_cap_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:
        handle.truncate(2 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(StorageError, match="larger than 1 MB"):
        disk.read_limited(big, 1024 * 1024)
    assert len(disk.read_limited(big, 2 * 1024 * 1024)) == 2 * 1024 * 1024


@pytest.mark.parametrize(
    ("width", "height", "said"),
    [
        (100_000, 100_000, "too large to open"),  # Pillow's own bomb limit is hit first
        (10_000, 6_000, "10000×6000 pixels, too large"),  # 60 MP: under Pillow's, over ours
    ],
)
def test_a_header_claiming_too_many_pixels_is_refused_before_decoding(
    tmp_path: Path, width: int, height: int, said: str
) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_claiming(width, height))
    with pytest.raises(StorageError, match=said) as caught:
        imaging.load_photo(bomb)
    assert "50 megapixels" in str(caught.value)
    assert make_thumbnail(bomb.read_bytes()) is None


def test_read_picture_gives_none_for_every_bad_file(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_claiming(100_000, 100_000))
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    assert imaging.read_picture(bomb) is None
    assert imaging.read_picture(empty) is None
    assert imaging.read_picture(tmp_path / "missing.png") is None
