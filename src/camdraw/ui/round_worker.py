"""A round runs on a pool thread; it talks to the window only through its signals object.

Its pipeline comes from a ``PipelineFactory``: the window's (``Session.pipeline``, in
``core/round/session.py``) wires the real one, tests hand in a stand-in with the same few
methods (``RoundPipeline``).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, QRunnable, Signal

from camdraw.core import imaging
from camdraw.core.errors import CamdrawError, StorageError
from camdraw.core.memory import release_free_memory
from camdraw.core.round.pipeline import RoundEvent
from camdraw.core.round.round_steps import Listener
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord

log = logging.getLogger(__name__)


class RoundPipeline(Protocol):
    """What a worker asks of ``core.pipeline.Pipeline`` (tests hand in a stand-in)."""

    listener: Listener

    def capture(
        self, frame: np.ndarray, *, style: str | None = None, likeness: bool | None = None
    ) -> RoundRecord: ...

    def run(self, record: RoundRecord) -> RoundRecord: ...

    def retry(self, sidecar: Path) -> RoundRecord: ...

    def regenerate(self, sidecar: Path) -> RoundRecord: ...

    def repaint(self, sidecar: Path, *, style: str) -> RoundRecord: ...

    def cancel(self) -> None: ...


class PipelineFactory(Protocol):
    def __call__(self, settings: Settings, *, bypass_cache: bool = False) -> RoundPipeline: ...


class RoundSignals(QObject):
    event_received = Signal(object)  # RoundEvent
    painting_loaded = Signal(object)  # BGR np.ndarray, decoded off the GUI thread
    round_failed = Signal(str)  # the round could not even start (photo not saved)
    photo_not_saved = Signal(str)  # the images folder refused the photo (the frame is kept)
    round_finished = Signal(object)  # RoundRecord, or None when it could not start


class RoundWorker(QRunnable):
    """Capture + run a new round from ``frame`` (in ``style``, from the photo if ``likeness``),
    or retry (regenerate without the cache, or repaint in ``repaint_style``) the round saved in
    ``sidecar``."""

    def __init__(
        self,
        pipeline: RoundPipeline,
        *,
        frame: np.ndarray | None = None,
        sidecar: Path | None = None,
        regenerate: bool = False,
        style: str = "",
        likeness: bool = False,
        repaint_style: str | None = None,
    ) -> None:
        super().__init__()
        if (frame is None) == (sidecar is None):
            raise ValueError("give a frame or a sidecar")
        self.signals = RoundSignals()
        self._pipeline = pipeline
        self._frame = frame
        self._sidecar = sidecar
        self._regenerate = regenerate
        self._style = style
        self._likeness = likeness
        self._repaint_style = repaint_style
        pipeline.listener = self._on_event

    @property
    def sidecar(self) -> Path | None:
        """The saved round this worker retries or paints again (None for a new photo)."""
        return self._sidecar

    @property
    def upload(self) -> imaging.Upload | None:
        """The photo as the round sent it to the vision model (questions reuse its bytes)."""
        return getattr(self._pipeline, "last_upload", None)

    def cancel(self) -> None:
        self._pipeline.cancel()

    def run(self) -> None:
        record = None
        try:
            if self._frame is not None:
                try:
                    captured = self._pipeline.capture(
                        self._frame, style=self._style, likeness=self._likeness
                    )
                except StorageError as error:
                    self.signals.photo_not_saved.emit(str(error))
                    return
                record = self._pipeline.run(captured)
            else:
                assert self._sidecar is not None
                if self._repaint_style is not None:
                    record = self._pipeline.repaint(self._sidecar, style=self._repaint_style)
                elif self._regenerate:
                    record = self._pipeline.regenerate(self._sidecar)
                else:
                    record = self._pipeline.retry(self._sidecar)
        except CamdrawError as error:
            self.signals.round_failed.emit(str(error))
        except Exception as error:
            log.exception("round crashed")
            self.signals.round_failed.emit(f"Something went wrong ({type(error).__name__}).")
            if "pytest" in sys.modules:
                raise
        finally:
            release_free_memory()  # a long session's RSS stays flat (see core/memory.py)
            self.signals.round_finished.emit(record)

    def _on_event(self, event: RoundEvent) -> None:
        self.signals.event_received.emit(event)
        if event.step == "paint" and event.status == "image":
            image = imaging.read_picture(Path(event.data))
            if image is not None:
                self.signals.painting_loaded.emit(image)
        elif event.step == "paint" and event.status == "partial":
            # A preview of the painting while it is being made: decoded here, not on the GUI.
            # Size-checked first, like every picture from outside; a bad preview is skipped.
            try:
                image = imaging.decode_photo(bytes(event.data))
            except CamdrawError:
                return
            self.signals.painting_loaded.emit(image)
