"""Uncaught exceptions (main thread and other threads) are logged, key-free, and reported."""

from __future__ import annotations

import io
import logging
import sys
import threading
from collections.abc import Iterator

import pytest

from camdraw.core import crash_log, logs

KEY = "sk-canary-crash-1a2b3c4d5e6f"


@pytest.fixture
def log_text() -> Iterator[io.StringIO]:
    """What a camdraw log handler (with its redacting filter) writes for the crash logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RedactingFilter())
    logger = logging.getLogger("camdraw.crash")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


def broken_step() -> None:
    raise ValueError(f"the request with key {KEY} broke.\nSecond line of details")


def test_an_uncaught_exception_is_logged_with_its_traceback_then_passed_on(
    log_text: io.StringIO, monkeypatch
) -> None:
    earlier: list[BaseException] = []  # the hook that was there (pytest-qt's, in a test run)

    def previous(exc_type: type, error: BaseException, tb: object) -> None:
        earlier.append(error)

    monkeypatch.setattr(sys, "excepthook", previous)
    reported: list[str] = []
    uninstall = crash_log.install(reported.append)
    try:
        broken_step()
    except ValueError:
        sys.excepthook(*sys.exc_info())
    finally:
        uninstall()
    text = log_text.getvalue()
    assert "Uncaught exception in thread MainThread" in text
    assert "Traceback (most recent call last)" in text and "in broken_step" in text
    assert "Second line of details" in text
    assert KEY not in text and "[redacted]" in text
    assert reported == ["ValueError: the request with key [redacted] broke"]
    assert [type(error) for error in earlier] == [ValueError]  # not swallowed
    assert sys.excepthook is previous  # put back


def test_an_exception_in_a_thread_is_logged_and_reported(
    log_text: io.StringIO, monkeypatch
) -> None:
    earlier: list[str] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: earlier.append(args.thread.name))
    reported: list[str] = []
    uninstall = crash_log.install(reported.append)
    try:
        worker = threading.Thread(target=broken_step, name="camdraw-broken-worker")
        worker.start()
        worker.join(timeout=10)
    finally:
        uninstall()
    text = log_text.getvalue()
    assert "Uncaught exception in thread camdraw-broken-worker" in text
    assert "in broken_step" in text and KEY not in text
    assert reported == ["ValueError: the request with key [redacted] broke"]
    assert earlier == ["camdraw-broken-worker"]


def test_pythons_own_printers_are_not_called_twice(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    monkeypatch.setattr(threading, "excepthook", threading.__excepthook__)
    uninstall = crash_log.install(lambda line: None)
    try:
        try:
            broken_step()
        except ValueError:
            sys.excepthook(*sys.exc_info())
        worker = threading.Thread(target=broken_step, name="camdraw-printed-worker")
        worker.start()
        worker.join(timeout=10)
    finally:
        uninstall()
    err = capsys.readouterr().err
    assert "Traceback" not in err, err  # the log's console handler prints it


def test_ctrl_c_and_a_thread_that_exits_are_not_crashes(monkeypatch) -> None:
    earlier: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, error, tb: earlier.append(t))
    reported: list[str] = []
    uninstall = crash_log.install(reported.append)
    try:
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
        worker = threading.Thread(target=sys.exit, name="camdraw-exiting-worker")
        worker.start()
        worker.join(timeout=10)
    finally:
        uninstall()
    assert reported == [] and earlier == [KeyboardInterrupt]


def test_a_reporter_that_fails_does_not_hide_the_exception(
    log_text: io.StringIO, monkeypatch
) -> None:
    earlier: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, error, tb: earlier.append(error))

    def report(line: str) -> None:
        raise RuntimeError("the window is gone")

    uninstall = crash_log.install(report)
    try:
        sys.excepthook(ValueError, ValueError("first problem"), None)
    finally:
        uninstall()
    assert "ValueError: first problem" in log_text.getvalue()
    assert "Could not report an uncaught exception: RuntimeError" in log_text.getvalue()
    assert len(earlier) == 1


def test_uninstall_keeps_a_hook_installed_after_ours(monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    uninstall = crash_log.install(lambda line: None)

    def later(*args: object) -> None:
        pass

    sys.excepthook = later
    uninstall()
    assert sys.excepthook is later


def test_the_summary_is_one_short_key_free_line() -> None:
    assert crash_log.summary(KeyError("photo")) == "KeyError: 'photo'"
    assert crash_log.summary(RuntimeError()) == "RuntimeError"
    long = crash_log.summary(OSError("x" * 500))
    assert len(long) == crash_log.SUMMARY_LIMIT and long.endswith("…")
    assert crash_log.summary(OSError(f"Bearer {KEY}")) == "OSError: Bearer [redacted]"
