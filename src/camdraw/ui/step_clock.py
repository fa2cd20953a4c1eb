"""The running step of a round and its clock, told every ``TICK_MS`` while the round runs (and
whenever asked), so the status line can count the seconds."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from camdraw.ui.round_text import STEP_TEXT

TICK_MS = 200  # how often the running step's clock is told


class StepClock(QObject):
    progressed = Signal(str, float)  # the running step, seconds since it began

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tell)
        self._running = False  # a round runs (its clock may be held: it is being cancelled)
        self._step = ""
        self._began = 0.0

    @property
    def step(self) -> str:
        """The running step ("" before the first round)."""
        return self._step

    def start(self) -> None:
        """A round starts: tick until it ends."""
        self._running = True
        self._timer.start()

    def begin(self, step: str) -> None:
        """``step`` begins now."""
        self._step, self._began = step, time.monotonic()

    def hold(self) -> None:
        """No more ticks (the round is being cancelled: "Cancelling…" stays on show)."""
        self._timer.stop()

    def stop(self) -> None:
        """The round ended."""
        self._running = False
        self._timer.stop()

    @Slot()
    def tell(self) -> None:
        """Emit the running step's clock now (nothing between rounds)."""
        if self._running and self._step in STEP_TEXT:
            self.progressed.emit(self._step, time.monotonic() - self._began)
