"""Photobooth mode: full screen, a 3-2-1 countdown over the live preview, settings locked,
and the return to the live preview a while after each round.

The countdown is driven by a QTimer (the GUI thread never sleeps) and drawn by an overlay that
covers the preview and scales its digits with it, in palette colours so it stays readable in
high contrast. The lock disables the admin actions (settings, gallery, quitting) until the
unlock shortcut is pressed. ``Photobooth`` owns both timers; the window listens to its
signals.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QMainWindow, QWidget

STEP_MS = 1000  # one second per number


class CountdownOverlay(QWidget):
    """Counts down over ``target`` (the preview) and says ``finished`` at the end.

    ``started(seconds)`` when it starts; ``ticked(n)`` for each number shown (3, 2, 1);
    ``finished`` after the last one; ``cancelled`` when ``cancel()`` stops it early.
    """

    started = Signal(int)
    ticked = Signal(int)
    finished = Signal()
    cancelled = Signal()

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.step_ms = STEP_MS
        self._remaining = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._step)
        self.setAccessibleName(self.tr("Countdown"))
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        target.installEventFilter(self)
        self.setGeometry(target.rect())
        self.hide()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def remaining(self) -> int:
        """The number on screen (0 when no countdown runs)."""
        return self._remaining

    def start(self, seconds: int) -> None:
        if seconds <= 0 or self.running:
            return
        self._remaining = seconds
        self._timer.start(self.step_ms)
        self.started.emit(seconds)
        self._show_number()

    def cancel(self) -> None:
        if not self.running:
            return
        self._timer.stop()
        self._remaining = 0
        self.hide()
        self.setAccessibleDescription("")
        self.cancelled.emit()

    def _step(self) -> None:
        self._remaining -= 1
        if self._remaining > 0:
            self._show_number()
            return
        self._timer.stop()
        self.hide()
        self.setAccessibleDescription("")
        self.finished.emit()

    def _show_number(self) -> None:
        self.setAccessibleDescription(str(self._remaining))
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self.update()
        self.ticked.emit(self._remaining)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        veil = QColor(palette.color(QPalette.ColorRole.Window))
        veil.setAlpha(170)
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), veil)
            font = QFont(self.font())
            font.setBold(True)
            # The digit fills about half the preview's height, whatever the scaling.
            dpi = max(self.logicalDpiY(), 1)
            font.setPointSizeF(max(self.height() * 0.5 * 72 / dpi, 1.0))
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), str(self._remaining))
        finally:
            painter.end()


class Photobooth(QObject):
    """Full screen, the settings lock, the countdown over ``preview`` and the return to the
    preview for ``window``.

    ``admin`` are the actions disabled while locked; ``chrome`` the bars hidden in the mode.
    ``photo_due`` says the countdown reached zero; ``return_due`` that the last result has been
    on show long enough (``schedule_return``); ``status_changed`` what the status line says.
    """

    lock_changed = Signal(bool)
    photo_due = Signal()
    return_due = Signal()
    status_changed = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        preview: QWidget,
        admin: Iterable[QAction],
        chrome: Iterable[QWidget],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._admin = list(admin)
        self._chrome = list(chrome)
        self._locked = False
        self._was_maximized = False
        self.countdown = CountdownOverlay(preview)
        self.countdown.ticked.connect(self._countdown_ticked)
        self.countdown.finished.connect(self.photo_due)
        self.countdown.cancelled.connect(self._countdown_cancelled)
        self._return_timer = QTimer(self)
        self._return_timer.setSingleShot(True)
        self._return_timer.timeout.connect(self.return_due)

    @property
    def locked(self) -> bool:
        return self._locked

    @property
    def return_pending(self) -> bool:
        """A return to the preview is scheduled."""
        return self._return_timer.isActive()

    def start_countdown(self, seconds: int) -> None:
        """The countdown to the next photo (the result on show stays until the photo)."""
        self.cancel_return()
        self.countdown.start(seconds)

    def _countdown_ticked(self, number: int) -> None:
        self.status_changed.emit(self.tr("Photo in {n}…").format(n=number))

    def _countdown_cancelled(self) -> None:
        self.status_changed.emit(self.tr("Countdown cancelled. Press Space to start again."))

    def schedule_return(self, seconds: int) -> None:
        """Say ``return_due`` in ``seconds`` (0: stay on the result)."""
        if seconds > 0:
            self._return_timer.start(seconds * 1000)

    def cancel_return(self) -> None:
        self._return_timer.stop()

    def shutdown(self) -> None:
        """Unlocked, no countdown, no return pending (idempotent)."""
        self.unlock()
        self.countdown.cancel()
        self.cancel_return()

    def toggle_full_screen(self) -> None:
        if self._locked:
            return
        if self._window.isFullScreen():
            self._leave_full_screen()
        else:
            self._enter_full_screen()

    def enter(self) -> None:
        """Full screen, no bars, admin actions off until ``unlock``."""
        if self._locked:
            return
        self._locked = True
        for action in self._admin:
            action.setEnabled(False)
        for widget in self._chrome:
            widget.hide()
        self._enter_full_screen()
        self.lock_changed.emit(True)
        # Guests read this line: the unlock key is for the operator (Help, README).
        self.status_changed.emit(self.tr("Photobooth: press Space to take a photo."))

    def unlock(self) -> None:
        if not self._locked:
            return
        self._locked = False
        for action in self._admin:
            action.setEnabled(True)
        for widget in self._chrome:
            widget.show()
        self._leave_full_screen()
        self.lock_changed.emit(False)

    def _enter_full_screen(self) -> None:
        if not self._window.isFullScreen():
            self._was_maximized = self._window.isMaximized()
            self._window.showFullScreen()

    def _leave_full_screen(self) -> None:
        if self._window.isFullScreen():
            if self._was_maximized:
                self._window.showMaximized()
            else:
                self._window.showNormal()
