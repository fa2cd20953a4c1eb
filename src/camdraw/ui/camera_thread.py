"""The camera loop, off the GUI thread.

One long-lived QThread reads frames as fast as the source delivers them (a video file is paced
at its own frame rate) and keeps only the newest. It emits ``frame_ready`` only when the GUI has
fetched the previous frame, so the GUI's event queue never fills with stale frames however slow
painting is. Stopping is cooperative (a flag, then ``wait()``); the thread is never terminated,
and it always releases the capture on the way out.

A camera or stream that is missing, busy, unplugged or silent is not the end: the thread says
so (``reconnecting``) and opens it again after a growing pause, until it works or is stopped.
A video file that cannot be read will not get better by waiting, so that ends with ``failed``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal

from camdraw.core.camera import DEVICE_HINT, FILE_HINT, STREAM_HINT, FrameSource, LatestFrame
from camdraw.core.camera_source import CameraSource, parse_source
from camdraw.core.errors import CameraError
from camdraw.core.i18n import _, format_number

THREAD_NAME = "camdraw-camera"
STALL_TIMEOUT = 2.0  # seconds without a frame before a camera counts as gone
FIRST_FRAME_TIMEOUT = 5.0  # seconds a freshly opened camera may take to send its first frame
RETRY_DELAY = 0.02  # seconds between reads that returned nothing
# Pauses before reopening a camera, one per attempt in a row; the last repeats until stopped.
RECONNECT_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0, 10.0)


class FrameReader(Protocol):
    """What the thread needs from a frame source (FrameSource, or a stand-in in tests)."""

    @property
    def fps(self) -> float: ...

    @property
    def is_file(self) -> bool: ...

    def open(self) -> None: ...

    def read(self) -> np.ndarray | None: ...

    def close(self) -> None: ...


class _Broken(Exception):
    """An unexpected failure (a bug or an odd backend): reported once, not retried."""


def reconnect_message(fault: CameraError, delay: float, attempt: int) -> str:
    """``"<what went wrong> Reconnecting in 4 s (attempt 3)… <what to do>"``."""
    seconds = f"{format_number(delay, None)} s"
    return (
        _("{message} Reconnecting in {seconds} (attempt {attempt})… {hint}")
        .format(message=fault.message, seconds=seconds, attempt=attempt, hint=fault.hint)
        .strip()
    )


class CameraThread(QThread):
    """Reads a camera, file or stream until :meth:`stop`. One run per instance."""

    frame_ready = Signal()  # a new frame is waiting: call latest_frame()
    opened = Signal(str)  # the source's label, when its first frame (after each reconnect) arrives
    reconnecting = Signal(str)  # the camera is gone for now: a sentence for the user
    failed = Signal(str)  # gone for good (until retried): a sentence with what to do about it

    def __init__(
        self,
        source: CameraSource | str | int,
        parent: QObject | None = None,
        *,
        frame_source_factory: Callable[[CameraSource], FrameReader] = FrameSource,
        stall_timeout: float = STALL_TIMEOUT,
        first_frame_timeout: float = FIRST_FRAME_TIMEOUT,
        reconnect_delays: Sequence[float] = RECONNECT_DELAYS,
    ) -> None:
        super().__init__(parent)
        if not reconnect_delays:
            raise ValueError("reconnect_delays needs at least one delay")
        self.setObjectName(THREAD_NAME)
        self.source = source if isinstance(source, CameraSource) else parse_source(source)
        self._factory = frame_source_factory
        self._stall_timeout = stall_timeout
        self._first_frame_timeout = first_frame_timeout
        self._delays = tuple(reconnect_delays)
        self._stopping = threading.Event()
        self._mailbox: LatestFrame[np.ndarray] = LatestFrame()
        self._newest: np.ndarray | None = None

    # -- GUI side ------------------------------------------------------------------------------

    @property
    def has_frame(self) -> bool:
        """A picture is there to take (unlike latest_frame, this hands nothing over)."""
        return self._newest is not None

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
        """End the loop and wait until the thread has released the camera.

        A pause between reconnect attempts ends at once; a read or open already under way
        in the backend is waited for (streams time out after a few seconds).
        """
        self._stopping.set()
        self.wait()

    def reconnect_delay(self, attempt: int) -> float:
        """The pause before reconnect ``attempt`` (1 = the first after a fault)."""
        return self._delays[min(attempt, len(self._delays)) - 1]

    # -- camera thread -------------------------------------------------------------------------

    def run(self) -> None:
        attempt = 0  # reconnect attempts since the last frame
        while not self._stopping.is_set():
            try:
                fault, delivered = self._connect()
            except _Broken as error:
                self.failed.emit(str(error))
                return
            if fault is None:  # stopped
                return
            if self.source.kind == "file":
                self.failed.emit(str(fault))
                return
            # The last picture is stale now; don't let it be taken as a photo.
            self._newest = None
            self._mailbox.clear()
            attempt = 1 if delivered else attempt + 1
            delay = self.reconnect_delay(attempt)
            self.reconnecting.emit(reconnect_message(fault, delay, attempt))
            if self._stopping.wait(delay):  # wakes at once on stop()
                return

    def _connect(self) -> tuple[CameraError | None, bool]:
        """Open the source once and read it until stopped (no fault) or until it fails.

        Returns the fault (None when stopped) and whether any frame arrived; the reader is
        always closed.
        """
        reader: FrameReader | None = None
        try:
            try:
                reader = self._factory(self.source)
                reader.open()
            except CameraError as error:
                return error, False
            except Exception as error:
                raise _Broken(
                    _("Cannot open {label}: {error}").format(label=self.source.label, error=error)
                ) from error
            try:
                return self._loop(reader)
            except Exception as error:
                message = CameraError(
                    _("The camera stopped: {error}").format(error=error), hint=_(DEVICE_HINT)
                )
                raise _Broken(str(message)) from error
        finally:
            if reader is not None:
                reader.close()

    def _loop(self, reader: FrameReader) -> tuple[CameraError | None, bool]:
        interval = 1.0 / reader.fps if reader.is_file and reader.fps > 0 else 0.0
        opened_at = time.monotonic()
        last_frame_at: float | None = None
        next_due = opened_at
        while not self._stopping.is_set():
            try:
                frame = reader.read()
            except CameraError as error:
                return error, last_frame_at is not None
            now = time.monotonic()
            if frame is None:
                if last_frame_at is None:
                    if now - opened_at >= self._first_frame_timeout:
                        return self._silent_error(reader), False
                elif now - last_frame_at >= self._stall_timeout:
                    return self._stalled_error(reader), True
                self._stopping.wait(RETRY_DELAY)
                continue
            if last_frame_at is None:  # pictures are coming: now it counts as open
                self.opened.emit(self.source.label)
                next_due = now
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
        return None, last_frame_at is not None

    def _silent_error(self, reader: FrameReader) -> CameraError:
        """Opened, but not one frame came: usually another app has the camera."""
        label = self.source.label
        if reader.is_file:
            return CameraError(
                _("The video file {label} cannot be read.").format(label=label), hint=_(FILE_HINT)
            )
        if self.source.kind == "stream":
            return CameraError(
                _("The camera stream {label} opened but sends no pictures.").format(label=label),
                hint=_(STREAM_HINT),
            )
        return CameraError(
            _("{label} opened but sends no pictures; another app may be using it.").format(
                label=label
            ),
            hint=_(DEVICE_HINT),
        )

    def _stalled_error(self, reader: FrameReader) -> CameraError:
        """Frames came, then stopped: unplugged, or the network went away."""
        if reader.is_file:
            return CameraError(
                _("The video file {label} cannot be read.").format(label=self.source.label),
                hint=_(FILE_HINT),
            )
        if self.source.kind == "stream":
            return CameraError(
                _("The camera stream stopped sending pictures."), hint=_(STREAM_HINT)
            )
        return CameraError(_("The camera stopped sending pictures."), hint=_(DEVICE_HINT))
