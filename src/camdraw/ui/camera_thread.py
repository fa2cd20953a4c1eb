"""The camera loop, off the GUI thread.

One long-lived QThread reads frames as fast as the source delivers them (a video file is paced
at its own frame rate) and keeps only the newest. It emits ``frame_ready`` only when the GUI has
fetched the previous frame, so the GUI's event queue never fills with stale frames however slow
painting is. Stopping is cooperative (a flag, then ``wait()``); the thread is never terminated,
and it always releases the capture on the way out.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal

from camdraw.core.camera import (
    DEVICE_HINT,
    FILE_HINT,
    CameraSource,
    FrameSource,
    LatestFrame,
    parse_source,
)
from camdraw.core.errors import CameraError

THREAD_NAME = "camdraw-camera"
STALL_TIMEOUT = 2.0  # seconds without a frame before a camera counts as gone
RETRY_DELAY = 0.02  # seconds between reads that returned nothing


class FrameReader(Protocol):
    """What the thread needs from a frame source (FrameSource, or a stand-in in tests)."""

    @property
    def fps(self) -> float: ...

    @property
    def is_file(self) -> bool: ...

    def open(self) -> None: ...

    def read(self) -> np.ndarray | None: ...

    def close(self) -> None: ...


class CameraThread(QThread):
    """Reads a camera, file or stream until :meth:`stop`. One run per instance."""

    frame_ready = Signal()  # a new frame is waiting: call latest_frame()
    opened = Signal(str)  # the source's label
    failed = Signal(str)  # a sentence for the user, with what to do about it

    def __init__(
        self,
        source: CameraSource | str | int,
        parent: QObject | None = None,
        *,
        frame_source_factory: Callable[[CameraSource], FrameReader] = FrameSource,
        stall_timeout: float = STALL_TIMEOUT,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(THREAD_NAME)
        self.source = source if isinstance(source, CameraSource) else parse_source(source)
        self._factory = frame_source_factory
        self._stall_timeout = stall_timeout
        self._stopping = threading.Event()
        self._mailbox: LatestFrame[np.ndarray] = LatestFrame()
        self._newest: np.ndarray | None = None

    # -- GUI side ------------------------------------------------------------------------------

    def latest_frame(self) -> np.ndarray | None:
        """The newest frame, and permission for the next ``frame_ready``.

        The thread never writes into an array after handing it over, so the caller may keep
        and read it; it must not modify it (use :meth:`snapshot` for a private copy).
        """
        frame = self._mailbox.take()
        return frame if frame is not None else self._newest

    def snapshot(self) -> np.ndarray | None:
        """A private copy of the newest full-resolution frame (for taking a photo)."""
        frame = self._newest
        return None if frame is None else frame.copy()

    def stop(self) -> None:
        """End the loop and wait until the thread has released the camera."""
        self._stopping.set()
        self.wait()

    # -- camera thread -------------------------------------------------------------------------

    def run(self) -> None:
        reader: FrameReader | None = None
        try:
            reader = self._factory(self.source)
            reader.open()
        except CameraError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug or odd backend must not kill the app silently
            self.failed.emit(f"Cannot open {self.source.label}: {error}")
        else:
            self.opened.emit(self.source.label)
            try:
                self._loop(reader)
            except Exception as error:
                message = CameraError(f"The camera stopped: {error}", hint=DEVICE_HINT)
                self.failed.emit(str(message))
        finally:
            if reader is not None:
                reader.close()

    def _loop(self, reader: FrameReader) -> None:
        interval = 1.0 / reader.fps if reader.is_file and reader.fps > 0 else 0.0
        last_frame_at = time.monotonic()
        next_due = last_frame_at
        while not self._stopping.is_set():
            frame = reader.read()
            now = time.monotonic()
            if frame is None:
                if now - last_frame_at >= self._stall_timeout:
                    self.failed.emit(self._stalled_message(reader))
                    return
                self._stopping.wait(RETRY_DELAY)
                continue
            last_frame_at = now
            self._newest = frame
            if self._mailbox.put(frame):  # the GUI took the previous one: tell it
                self.frame_ready.emit()
            if interval:
                next_due += interval
                delay = next_due - time.monotonic()
                if delay > 0:
                    self._stopping.wait(delay)  # also wakes at once on stop()
                else:
                    next_due = time.monotonic()  # running late: don't try to catch up

    def _stalled_message(self, reader: FrameReader) -> str:
        if reader.is_file:
            error = CameraError(
                f"The video file {self.source.label} cannot be read.", hint=FILE_HINT
            )
        else:
            error = CameraError("The camera stopped sending pictures.", hint=DEVICE_HINT)
        return str(error)
