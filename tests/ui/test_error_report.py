"""Exceptions in slots and threads, and Qt's warnings, reach the log file and the window."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, qWarning

from camdraw.core import logs, paths
from camdraw.core.settings import Settings
from camdraw.ui import application, error_report, i18n

KEY = "sk-canary-crash-7f6e5d4c3b2a"

# A real application, with the hooks run_gui installs, and no pytest-qt in the process.
SCRIPT = r"""
import json, sys, threading
from PySide6.QtCore import QObject, QThread, QTimer, Signal, qWarning
from PySide6.QtWidgets import QApplication
from camdraw.core import logs
from camdraw.ui import error_report

KEY = sys.argv[1]
logs.setup()
app = QApplication([])
reporter = error_report.ErrorReporter()
error_report.install(reporter)
shown = []

def show(text):
    shown.append([text, QThread.currentThread() is app.thread()])
    if len(shown) == 2:
        app.quit()

reporter.reported.connect(show)

class Camera(QObject):
    frame_ready = Signal()

def broken_slot():
    raise RuntimeError(f"the slot broke with key {KEY}")

def broken_worker():
    raise OSError("the worker broke")

def start_worker():
    threading.Thread(target=broken_worker, name="camdraw-broken-worker").start()

camera = Camera()
camera.frame_ready.connect(broken_slot)
QTimer.singleShot(0, lambda: qWarning(f"a Qt warning quoting {KEY}"))
QTimer.singleShot(0, camera.frame_ready.emit)
QTimer.singleShot(50, start_worker)
QTimer.singleShot(20000, app.quit)
app.exec()
print("SHOWN", json.dumps(shown))
"""


def test_a_slot_and_a_thread_exception_are_logged_key_free_and_shown() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, KEY], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.split("SHOWN ", 1)[1])
    log_file = paths.log_dir() / "camdraw.log"
    details = f"Details are in the log file {log_file}."
    assert shown == [
        [
            f"Something went wrong: RuntimeError: the slot broke with key [redacted]. {details}",
            True,
        ],
        [f"Something went wrong: OSError: the worker broke. {details}", True],  # on the GUI thread
    ]
    text = log_file.read_text(encoding="utf-8")
    assert KEY not in text and KEY not in result.stderr
    slot = text.split("Uncaught exception in thread MainThread:", 1)[1]
    assert "Traceback (most recent call last)" in slot and "in broken_slot" in slot
    assert "RuntimeError: the slot broke with key [redacted]" in slot
    worker = text.split("Uncaught exception in thread camdraw-broken-worker:", 1)[1]
    assert "in broken_worker" in worker and "OSError: the worker broke" in worker
    assert "WARNING qt: a Qt warning quoting [redacted]" in text


class Banner:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def show_message(self, topic: str, text: str) -> None:
        self.shown.append((topic, text))


def test_run_gui_shows_an_exception_in_the_banner_and_tests_still_see_it(
    qapp, qtbot, monkeypatch
) -> None:
    banner = Banner()

    def broken_slot() -> None:
        raise RuntimeError("the preview broke")

    class Window:
        def __init__(self, settings: Settings, **kwargs: object) -> None:
            self.banner = banner

        def show(self) -> None:
            QTimer.singleShot(0, broken_slot)
            QTimer.singleShot(0, qapp.quit)

        def shutdown(self) -> None:
            pass

    monkeypatch.setattr(application, "MainWindow", Window)
    name, organization, icon = qapp.applicationName(), qapp.organizationName(), qapp.windowIcon()
    thread_hook = threading.excepthook
    options = argparse.Namespace(
        camera=None, images_dir=None, save_narration=False, language=None, ui_language="en"
    )
    options.self_test = False
    try:
        with qtbot.capture_exceptions() as exceptions:
            hook = sys.excepthook
            assert application.run_gui(options) == 0
            assert sys.excepthook is hook  # run_gui took its hooks out again
    finally:
        i18n.install(qapp, "en")
        qapp.setApplicationName(name)
        qapp.setOrganizationName(organization)
        qapp.setWindowIcon(icon)
    assert [str(error) for _, error, _ in exceptions] == ["the preview broke"]  # not swallowed
    assert threading.excepthook is thread_hook
    [(topic, text)] = banner.shown
    assert topic == "error"
    assert text.startswith("Something went wrong: RuntimeError: the preview broke.")
    assert ("Details are in the log file" in text) == (logs.log_file() is not None)


@pytest.mark.qt_log_ignore("camdraw test warning")
def test_qt_warnings_go_to_the_log_and_still_reach_pytest_qt(qtlog, caplog) -> None:
    undo = error_report.install_message_handler()
    try:
        qWarning("camdraw test warning: logged")
    finally:
        undo()
    qWarning("camdraw test warning: after")
    logged = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "qt"]
    assert logged == [("WARNING", "camdraw test warning: logged")]
    seen = [r.message for r in qtlog.records if r.message.startswith("camdraw test warning")]
    assert seen == ["camdraw test warning: logged", "camdraw test warning: after"]


def test_the_message_names_the_log_file_when_there_is_one(qapp, monkeypatch) -> None:
    reporter = error_report.ErrorReporter()
    texts: list[str] = []
    reporter.reported.connect(texts.append)
    monkeypatch.setattr(logs, "log_file", lambda: Path("logs") / "camdraw.log")
    reporter.report("ValueError: bad")
    monkeypatch.setattr(logs, "log_file", lambda: None)
    reporter.report("ValueError: bad")
    log = Path("logs") / "camdraw.log"
    assert texts == [
        f"Something went wrong: ValueError: bad. Details are in the log file {log}.",
        "Something went wrong: ValueError: bad.",
    ]
