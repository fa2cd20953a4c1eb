"""The window's side of crash logging: Qt's own messages to the log, and a sentence to show.

``install`` hooks uncaught exceptions (``camdraw.core.crash_log``) and Qt's message handler
into the log file. The ``ErrorReporter`` turns each exception into one readable sentence and
emits it; it holds no widget, so whatever shows it (the window's banner) is connected by the
application, and the hooks may call it from any thread (the signal is queued to the window's).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QMessageLogContext, QObject, QtMsgType, Signal, qInstallMessageHandler

from camdraw.core import crash_log, logs

qt_log = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class ErrorReporter(QObject):
    reported = Signal(str)  # "Something went wrong: ... Details are in the log file ..."

    def report(self, summary: str) -> None:
        file = logs.log_file()
        if file is None:
            text = self.tr("Something went wrong: {problem}.").format(problem=summary)
        else:
            text = self.tr(
                "Something went wrong: {problem}. Details are in the log file {file}."
            ).format(problem=summary, file=file)
        self.reported.emit(text)


def install_message_handler() -> Callable[[], None]:
    """Send Qt's warnings (and the rest) to the log, then on to the handler that was there
    (under pytest that is pytest-qt's, which fails a test on a warning); returns the undo."""
    previous: Callable[[QtMsgType, QMessageLogContext, str], object] | None = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        qt_log.log(_LEVELS.get(mode, logging.WARNING), "%s", message)
        if previous is not None:
            previous(mode, context, message)

    previous = qInstallMessageHandler(handler)

    def uninstall() -> None:
        current = qInstallMessageHandler(previous)
        if current is not handler:  # installed after ours: that one stays
            qInstallMessageHandler(current)

    return uninstall


def install(reporter: ErrorReporter) -> Callable[[], None]:
    """Log uncaught exceptions (reported through ``reporter``) and Qt's messages; returns the
    function that puts the previous hooks and handler back."""
    undo_hooks = crash_log.install(reporter.report)
    undo_messages = install_message_handler()

    def uninstall() -> None:
        undo_messages()
        undo_hooks()

    return uninstall
