"""Uncaught exceptions, from any thread, go to the log file and to whoever shows them.

Without this an exception in a Qt slot or a worker thread is printed to stderr and nowhere
else, and the windowed Windows build has no stderr. ``install`` puts a hook into
``sys.excepthook`` (PySide calls it for exceptions in slots and overridden methods) and one
into ``threading.excepthook``. Each writes the traceback to the log through ``logging`` (so the
redacting filter keeps API keys out of the file), hands a one-line summary to ``report``, and
then passes the exception on to the hook that was there before, unless that is Python's own
printer (the log's console handler has printed it already). Under pytest the previous hooks
are pytest-qt's and pytest's, which fail the test: an exception is never swallowed.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from camdraw.core import logs

log = logging.getLogger("camdraw.crash")

# Receives the one-line summary; may be called from any thread.
Report = Callable[[str], object]

SUMMARY_LIMIT = 200


def summary(error: BaseException) -> str:
    """``ValueError: the first line of its message``, without keys, short enough for a window."""
    lines = str(error).strip().splitlines()
    text = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    text = logs.redact(text).rstrip(". ")
    if len(text) > SUMMARY_LIMIT:
        text = text[: SUMMARY_LIMIT - 1] + "…"
    return text


def log_exception(
    exc_type: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
    thread_name: str,
) -> str:
    """Log the full traceback (keys removed) and return the exception's summary."""
    details = "".join(traceback.format_exception(exc_type, error, tb)).rstrip()
    # Redacted here as well as by the log's filter: logging may not be set up yet, and then
    # Python's last-resort handler prints the record unfiltered.
    log.error("Uncaught exception in thread %s:\n%s", thread_name, logs.redact(details))
    return summary(error)


def _handle(
    exc_type: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
    thread_name: str,
    report: Report,
) -> None:
    try:
        report(log_exception(exc_type, error, tb, thread_name))
    except Exception as failure:  # a hook that raises would hide the first problem
        log.error("Could not report an uncaught exception: %s", summary(failure))


def install(report: Report) -> Callable[[], None]:
    """Hook ``sys.excepthook`` and ``threading.excepthook``; returns the function that puts the
    previous hooks back (it leaves alone a hook someone else installed after these)."""
    previous_sys = sys.excepthook
    previous_thread = threading.excepthook

    def sys_hook(
        exc_type: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in a terminal is no crash
            previous_sys(exc_type, error, tb)
            return
        _handle(exc_type, error, tb, threading.current_thread().name, report)
        if previous_sys is not sys.__excepthook__:
            previous_sys(exc_type, error, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):  # how a thread ends itself, as by default
            return
        name = "<unknown>" if args.thread is None else args.thread.name
        error = args.exc_value if args.exc_value is not None else args.exc_type()
        _handle(args.exc_type, error, args.exc_traceback, name, report)
        if previous_thread is not threading.__excepthook__:
            previous_thread(args)

    sys.excepthook = sys_hook
    threading.excepthook = thread_hook

    def uninstall() -> None:
        if sys.excepthook is sys_hook:
            sys.excepthook = previous_sys
        if threading.excepthook is thread_hook:
            threading.excepthook = previous_thread

    return uninstall
