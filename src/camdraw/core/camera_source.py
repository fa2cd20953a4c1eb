"""What a camera setting names: a webcam by number, a video file or a network stream.

``parse_source`` reads the setting (a number, a path, a ``file://`` or stream URL) into a
``CameraSource``, whose label never shows a stream's password. ``list_cameras`` finds the
webcams there probably are without opening any: ``/dev/videoN`` on Linux, Media Foundation's
names on Windows, numbered as OpenCV's Media Foundation backend numbers them.
"""

from __future__ import annotations

import ctypes
import glob
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit
from urllib.request import url2pathname

from camdraw.core import windows_cameras
from camdraw.core.i18n import _

log = logging.getLogger(__name__)

SourceKind = Literal["device", "file", "stream"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")


@dataclass(frozen=True)
class CameraSource:
    """What to open: ``value`` is a device index, a file path or a stream URL."""

    kind: SourceKind
    value: str | int
    label: str


def _redact(url: str) -> str:
    """The URL without a password, for labels and messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username}:***@{host}" if parts.username else host
    return urlunsplit(parts._replace(netloc=netloc))


def _device(index: int) -> CameraSource:
    return CameraSource("device", index, _("Camera {index}").format(index=index))


def _file(path: Path) -> CameraSource:
    path = path.expanduser()
    return CameraSource("file", str(path), path.name or str(path))


def parse_source(text: str | int) -> CameraSource:
    """Read a camera setting: ``0``/"1" → device, "rtsp://…" → stream, anything else → file."""
    if isinstance(text, bool):
        raise TypeError("a camera source cannot be a bool")
    if isinstance(text, int):
        return _device(text)
    value = str(text).strip()
    if not value:
        return _device(0)
    if value.isascii() and value.isdigit():
        return _device(int(value))
    match = _SCHEME.match(value)
    if match:
        if match.group(1).lower() == "file":
            return _file(Path(url2pathname(urlsplit(value).path)))
        return CameraSource("stream", value, _redact(value))
    return _file(Path(value))


def list_cameras(max_index: int = 5) -> list[CameraSource]:
    """The cameras below index ``max_index`` that probably exist, without opening any.

    Linux: the ``/dev/videoN`` nodes, as "Camera N" (one webcam often has two: picture and
    metadata). Windows: Media Foundation's video capture devices by name, numbered as OpenCV's
    Media Foundation backend numbers them. Elsewhere, or when listing fails: none, and the
    user types an index.
    """
    if sys.platform == "win32":
        try:
            names = windows_cameras.camera_names()
        except (OSError, ctypes.ArgumentError) as error:
            log.info("the cameras could not be listed: %s", error)
            return []
        return [CameraSource("device", i, name) for i, name in enumerate(names[:max_index])]
    if not sys.platform.startswith("linux"):
        return []
    found: set[int] = set()
    for node in glob.glob("/dev/video*"):
        match = re.fullmatch(r"/dev/video(\d+)", node)
        if match and int(match.group(1)) < max_index:
            found.add(int(match.group(1)))
    return [_device(index) for index in sorted(found)]


def list_devices(max_index: int = 5) -> list[int]:
    """The indices of :func:`list_cameras`."""
    return [int(camera.value) for camera in list_cameras(max_index)]
