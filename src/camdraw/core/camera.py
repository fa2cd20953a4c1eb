r"""Reading pictures from a camera source: a webcam, a video file (looped) or a network stream.

What a camera setting names is ``camera_source``'s; here it is opened and read, with failures
told in words. Qt-free on purpose: the UI wraps :class:`FrameSource` in a thread, the command
line and the tests use it directly.

Windows: webcams open through Media Foundation first (OpenCV's own default order; camera
numbers then match the names ``camera_source.list_cameras`` gets from Media Foundation, and a
virtual camera that registers only with DirectShow no longer takes index 0), DirectShow second
for machines or drivers Media Foundation cannot serve. OpenCV opens files by a UTF-8 path that
Windows reads in the ANSI code page, so a video under ``C:\Users\Jiří`` is opened through its
8.3 short name, or refused with a message that says why.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import math
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, TypeVar

# OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS is set in camdraw/__init__.py, before any cv2 import.
import cv2
import numpy as np

from camdraw.core.camera_source import CameraSource, parse_source
from camdraw.core.errors import CameraError
from camdraw.core.i18n import N_, _

log = logging.getLogger(__name__)


# The hints in English, translated where they are shown: _(FILE_HINT).
WINDOWS_DEVICE_HINT = N_(
    "Check that the camera is connected and not used by another app, and that Windows "
    "lets apps use it (Windows Settings → Privacy & security → Camera → Let desktop "
    "apps access your camera), or choose another camera in Settings."
)
OTHER_DEVICE_HINT = N_(
    "Check that the camera is connected and not used by another app, "
    "or choose another camera in Settings."
)


def device_hint(platform: str | None = None) -> str:
    """What to check when a camera is missing or busy (in English; translate with ``_``); on
    Windows that includes the privacy switch that silently keeps desktop apps away from every
    camera."""
    return WINDOWS_DEVICE_HINT if (platform or sys.platform) == "win32" else OTHER_DEVICE_HINT


DEVICE_HINT = device_hint()
FILE_HINT = N_("Choose another video file or a camera in Settings.")
NARROW_PATH_HINT = N_(
    "Move or rename it so that its path has only plain letters (for example "
    "C:\\Videos\\clip.mp4), then choose it again in Settings."
)
STREAM_HINT = N_(
    "Check the address and the network connection, or choose another camera in Settings."
)

DEFAULT_FPS = 30.0
DEVICE_SIZE = (1280, 720)
MIN_FPS = 1.0
MAX_FPS = 60.0
STREAM_TIMEOUT_MS = 5000


def short_path(path: str) -> str | None:
    r"""Windows' 8.3 alias of the existing ``path`` (``C:\Users\JI~1\...``), or None where
    there is none. A volume with short names turned off gives back the long path."""
    try:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        get = kernel32.GetShortPathNameW
    except (AttributeError, OSError):
        return None
    get.argtypes = (ctypes.c_wchar_p, ctypes.c_wchar_p, ctypes.c_uint32)
    get.restype = ctypes.c_uint32
    size = get(path, None, 0)  # the length it needs, with the terminating NUL
    if not size:
        return None
    buffer = ctypes.create_unicode_buffer(size)
    written = get(path, buffer, size)
    return buffer.value if 0 < written < size else None


def video_file_names(path: Path) -> list[str]:
    """The names to hand OpenCV for ``path``, best first. On Windows a path with letters
    outside ASCII gets its 8.3 short name first, when that is plain ASCII."""
    name = str(path)
    if sys.platform != "win32" or name.isascii():
        return [name]
    short = short_path(name)
    return [short, name] if short and short.isascii() and short != name else [name]


class FrameSource:
    """A ``cv2.VideoCapture`` with readable errors; a video file plays in a loop.

    Every :meth:`read` returns a new array, so a frame handed to another thread is never
    overwritten. Not thread-safe: use one instance from one thread.
    """

    def __init__(
        self,
        source: CameraSource | str | int,
        *,
        capture_factory: Callable[..., Any] = cv2.VideoCapture,
    ) -> None:
        self.source = source if isinstance(source, CameraSource) else parse_source(source)
        self._factory = capture_factory
        self._capture: Any = None
        self._fps = DEFAULT_FPS
        self._file_name = str(self.source.value)  # the name that opened the file

    @property
    def is_file(self) -> bool:
        return self.source.kind == "file"

    @property
    def is_open(self) -> bool:
        return self._capture is not None

    @property
    def fps(self) -> float:
        """Frames per second to play a file at (1..60); 30 for cameras and streams."""
        return self._fps

    def open(self) -> None:
        """Open the source or raise :class:`CameraError` with a message for the user."""
        if self._capture is not None:
            return
        kind = self.source.kind
        if kind == "device":
            self._capture = self._open_device(int(self.source.value))
        elif kind == "file":
            self._capture = self._open_file(Path(str(self.source.value)))
            self._fps = self._file_fps(self._capture)
        else:
            self._capture = self._open_stream(str(self.source.value))

    def read(self) -> np.ndarray | None:
        """The next BGR frame, or None when there is none (yet)."""
        if self._capture is None:
            return None
        frame = self._grab(self._capture)
        if frame is not None or not self.is_file:
            return frame
        # End of the file: rewind; some backends cannot seek, so reopen if that fails.
        try:
            rewound = bool(self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0))
        except cv2.error:
            rewound = False
        if rewound:
            frame = self._grab(self._capture)
            if frame is not None:
                return frame
        self._release()
        capture = self._try(self._file_name)
        if capture is None:
            return None
        self._capture = capture
        return self._grab(capture)

    def close(self) -> None:
        """Release the capture. Safe to call more than once."""
        self._release()

    def __enter__(self) -> FrameSource:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- helpers -------------------------------------------------------------------------------

    def _release(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            with contextlib.suppress(cv2.error):
                capture.release()

    def _try(self, *args: Any) -> Any:
        """A capture that opened, or None (a half-open capture is released)."""
        try:
            capture = self._factory(*args)
        except Exception:  # whatever the backend throws, the user gets a CameraError
            return None
        if capture is not None and capture.isOpened():
            return capture
        if capture is not None:
            capture.release()
        return None

    def _open_device(self, index: int) -> Any:
        if sys.platform == "win32":
            # Media Foundation first, as OpenCV's own order has it: its numbering is the one
            # list_cameras names, and DirectShow-only virtual cameras do not push the webcam
            # off index 0. Its slow start came from hardware transforms, which camdraw turns
            # off before cv2 is imported. DirectShow serves what Media Foundation cannot
            # (Windows N without the Media Feature Pack, old drivers).
            attempts: list[tuple[Any, ...]] = [(index, cv2.CAP_MSMF), (index, cv2.CAP_DSHOW)]
        else:
            attempts = [(index,)]
        for args in attempts:
            capture = self._try(*args)
            if capture is not None:
                self._request_size(capture)
                return capture
        raise CameraError(
            _("No camera found at index {index}.").format(index=index), hint=_(device_hint())
        )

    @staticmethod
    def _request_size(capture: Any) -> None:
        """Ask for HD: most webcams start at 640x480 otherwise. The driver picks the nearest
        size it has; MJPG keeps the frame rate up at that size over USB 2."""
        with contextlib.suppress(cv2.error, TypeError):
            capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*"MJPG"))
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, DEVICE_SIZE[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, DEVICE_SIZE[1])

    def _open_file(self, path: Path) -> Any:
        if not path.exists():
            raise CameraError(
                _("Cannot open video file {path}: file does not exist.").format(path=path),
                hint=_(FILE_HINT),
            )
        if path.is_dir():
            raise CameraError(
                _("Cannot open video file {path}: it is a folder.").format(path=path),
                hint=_(FILE_HINT),
            )
        for name in video_file_names(path):
            capture = self._try(name)
            if capture is not None:
                self._file_name = name
                return capture
        letters = [c for c in str(path) if not c.isascii()]
        if sys.platform == "win32" and letters:
            raise CameraError(
                _(
                    "Cannot open video file {path}: OpenCV cannot open video files whose path "
                    "has letters like '{letter}' on Windows."
                ).format(path=path, letter=letters[0]),
                hint=_(NARROW_PATH_HINT),
            )
        raise CameraError(
            _("Cannot open video file {path}: the format is not supported.").format(path=path),
            hint=_(FILE_HINT),
        )

    def _open_stream(self, url: str) -> Any:
        # Time-outs, so a dead stream fails in seconds instead of hanging the camera thread.
        params = [
            cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
            STREAM_TIMEOUT_MS,
            cv2.CAP_PROP_READ_TIMEOUT_MSEC,
            STREAM_TIMEOUT_MS,
        ]
        capture = self._try(url, cv2.CAP_FFMPEG, params)
        if capture is None:  # an OpenCV build without FFmpeg may still open it another way
            capture = self._try(url)
        if capture is None:
            raise CameraError(
                _("Cannot open the camera stream {label}.").format(label=self.source.label),
                hint=_(STREAM_HINT),
            )
        return capture

    @staticmethod
    def _file_fps(capture: Any) -> float:
        try:
            fps = float(capture.get(cv2.CAP_PROP_FPS))
        except (cv2.error, TypeError, ValueError):
            return DEFAULT_FPS
        if not math.isfinite(fps) or fps <= 0:
            return DEFAULT_FPS
        return min(MAX_FPS, max(MIN_FPS, fps))

    @staticmethod
    def _grab(capture: Any) -> np.ndarray | None:
        try:
            ok, frame = capture.read()
        except cv2.error:
            return None
        if not ok or frame is None or frame.size == 0:
            return None
        return frame


T = TypeVar("T")


class LatestFrame(Generic[T]):
    """A one-frame mailbox between threads: the newest frame wins, stale ones are dropped."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._item: T | None = None

    def put(self, item: T) -> bool:
        """Store ``item``, replacing any unread one. True if the slot was empty (notify)."""
        with self._lock:
            was_empty = self._item is None
            self._item = item
            return was_empty

    def take(self) -> T | None:
        """The newest item, emptying the slot (None if nothing new arrived)."""
        with self._lock:
            item, self._item = self._item, None
            return item

    def peek(self) -> T | None:
        """The newest item, leaving it in the slot."""
        with self._lock:
            return self._item

    def clear(self) -> None:
        with self._lock:
            self._item = None
