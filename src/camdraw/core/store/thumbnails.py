"""Small JPEG thumbnails of round pictures, made once and kept in the cache folder.

A thumbnail's file name is ``<source hash>-<size>-<mtime_ns>-<bytes>.jpg``: the first part
names the picture (so every thumbnail of a picture can be found and removed with it), the
rest says which version of it was shrunk, so an overwritten picture gets a fresh thumbnail
and the stale one is removed. Files sit in 256 sub-folders by the hash's first two digits,
so finding a picture's thumbnails lists a handful of files, not thousands.

Decoding reads a big JPEG at a half, quarter or eighth of its size straight from the file
(libjpeg scales while decoding), then averages down to the thumbnail with INTER_AREA.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from pathlib import Path

import cv2
import numpy as np

from camdraw.core import imaging, paths
from camdraw.core.disk import atomic_write_bytes
from camdraw.core.errors import StorageError

THUMBNAIL_SIZE = 256  # longest side in pixels: sharp at 128 logical pixels on a 200 % screen
THUMBNAIL_QUALITY = 85
SUFFIX = ".jpg"


def default_directory() -> Path:
    return paths.cache_dir() / "thumbnails"


def _source_id(source: Path) -> str:
    """A stable name for a picture, whatever characters its path holds."""
    text = os.path.normcase(str(source.absolute()))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _reduced_flag(width: int, height: int, size: int) -> int:
    """The largest reduced decode that still leaves at least ``size`` pixels on the long side."""
    longest = max(width, height)
    for factor, flag in (
        (8, cv2.IMREAD_REDUCED_COLOR_8),
        (4, cv2.IMREAD_REDUCED_COLOR_4),
        (2, cv2.IMREAD_REDUCED_COLOR_2),
    ):
        if longest // factor >= size:
            return flag
    return cv2.IMREAD_COLOR


def _image_size(data: np.ndarray) -> tuple[int, int] | None:
    """Width and height from the header, without decoding the pixels (JPEG and PNG)."""
    head = data[:4096].tobytes()
    if head.startswith(b"\x89PNG\r\n\x1a\n") and len(head) >= 24:
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(head):
            if head[i] != 0xFF:
                return None
            marker = head[i + 1]
            length = int.from_bytes(head[i + 2 : i + 4], "big")
            # SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return int.from_bytes(head[i + 7 : i + 9], "big"), int.from_bytes(
                    head[i + 5 : i + 7], "big"
                )
            i += 2 + length
    return None


def make_thumbnail(data: bytes | np.ndarray, size: int = THUMBNAIL_SIZE) -> bytes | None:
    """A JPEG at most ``size`` pixels on its longest side; None when the picture is unreadable."""
    buffer = np.frombuffer(data, np.uint8) if isinstance(data, bytes) else data
    if buffer.size == 0:
        return None
    dims = _image_size(buffer)
    if dims is None or dims[0] * dims[1] > imaging.MAX_PIXELS:
        try:
            dims = imaging.picture_size(buffer.tobytes()) if dims is None else dims
        except StorageError:
            return None  # no picture, or a header claiming more than camdraw decodes
        if dims[0] * dims[1] > imaging.MAX_PIXELS:
            return None
    flag = _reduced_flag(*dims, size) if dims else cv2.IMREAD_COLOR
    try:
        image = cv2.imdecode(buffer, flag)
    except cv2.error:
        image = None
    if image is None or image.size == 0:
        return None
    height, width = image.shape[:2]
    scale = min(1.0, size / max(width, height))
    if scale < 1.0:
        target = (max(1, round(width * scale)), max(1, round(height * scale)))
        image = cv2.resize(image, target, interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(SUFFIX, image, [cv2.IMWRITE_JPEG_QUALITY, THUMBNAIL_QUALITY])
    return encoded.tobytes() if ok else None


class ThumbnailCache:
    """Thumbnails of pictures, one file each under ``directory``; safe to use from threads."""

    def __init__(self, directory: Path | None = None, size: int = THUMBNAIL_SIZE) -> None:
        self.directory = directory if directory is not None else default_directory()
        self.size = size
        self._lock = threading.Lock()
        self._made = 0

    @property
    def made(self) -> int:
        """How many thumbnails this cache has made (not found ready) since it was created."""
        with self._lock:
            return self._made

    def _bucket(self, source_id: str) -> Path:
        return self.directory / source_id[:2]

    def path_for(self, source: Path) -> Path | None:
        """Where the thumbnail of ``source`` as it is now lives; None if there is no such file."""
        try:
            stat = source.stat()
        except OSError:
            return None
        source_id = _source_id(source)
        name = f"{source_id}-{self.size}-{stat.st_mtime_ns}-{stat.st_size}{SUFFIX}"
        return self._bucket(source_id) / name

    def get(self, source: Path) -> Path | None:
        """The thumbnail of ``source``, made now if needed; None if the picture is unreadable."""
        target = self.path_for(source)
        if target is None:
            return None
        if target.is_file():
            return target
        try:
            data = np.fromfile(source, np.uint8)  # also where cv2.imread fails (non-ASCII paths)
        except OSError:
            return None
        thumbnail = make_thumbnail(data, self.size)
        if thumbnail is None:
            return None
        try:
            atomic_write_bytes(target, thumbnail)
        except OSError:
            return None
        with self._lock:
            self._made += 1
        self._remove_others(source, keep=target)
        return target

    def remove(self, source: Path) -> int:
        """Remove every thumbnail of ``source`` (any size or version); returns how many."""
        return self._remove_others(source, keep=None)

    def _remove_others(self, source: Path, keep: Path | None) -> int:
        source_id = _source_id(source)
        folder = self._bucket(source_id)
        # Replacing a stale version touches only this size; removing takes every size.
        prefix = f"{source_id}-{self.size}-" if keep is not None else f"{source_id}-"
        removed = 0
        try:
            names = [e.name for e in os.scandir(folder) if e.name.startswith(prefix)]
        except OSError:
            return 0
        for name in names:
            path = folder / name
            if path == keep:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
        return removed
