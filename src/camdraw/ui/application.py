"""Creating the QApplication and the main window from the command-line options."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from camdraw.core import crash_log, paths
from camdraw.core import i18n as core_i18n
from camdraw.core import settings as settings_mod
from camdraw.core.errors import CamdrawError
from camdraw.ui import error_report, i18n
from camdraw.ui.main_window import MainWindow

NO_DISPLAY_MESSAGE = (
    "camdraw: no display found, so the window cannot open. Start camdraw from a desktop "
    "session, or run it without a window: python -m camdraw draw PHOTO.jpg"
)


def has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(options: argparse.Namespace) -> int:
    if not has_display():
        # Qt would abort the process with a core dump; a sentence is kinder.
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # Exceptions in slots and threads, and Qt's warnings, go to the log file from here on.
    reporter = error_report.ErrorReporter()
    uninstall = error_report.install(reporter)
    try:
        return _run(app, options, reporter)
    except Exception as error:  # start-up or shut-down: the windowed build has no stderr
        crash_log.log_exception(type(error), error, error.__traceback__, "MainThread")
        raise
    finally:
        uninstall()


def _run(
    app: QApplication, options: argparse.Namespace, reporter: error_report.ErrorReporter
) -> int:
    app.setApplicationName("camdraw")
    app.setOrganizationName("camdraw")
    icon = paths.resource_path("camdraw.png")
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    # A note about an unreadable settings file comes before the settings name a language: it
    # is said in the language the window gets without them.
    core_i18n.set_language(i18n.choose(options.ui_language or ""))
    settings, note = settings_mod.load()
    # Translators go in before the first widget is made: widgets take their texts then.
    i18n.install(app, options.ui_language or settings.ui_language)
    changes: dict[str, object] = {}
    if options.camera is not None:
        changes["camera"] = options.camera
    if options.images_dir:
        changes["images_dir"] = str(Path(options.images_dir).expanduser().resolve())
    if options.save_narration:
        changes["save_narration"] = True
    if options.language:
        changes["language"] = options.language
    try:
        # Command-line choices apply to this run; they are saved only if the user saves settings.
        settings = settings.replace(**changes)
    except CamdrawError as error:
        print(f"camdraw: {error}", file=sys.stderr)
        return 2
    window = MainWindow(settings)
    reporter.reported.connect(lambda text: window.banner.show_message("error", text))
    if note:
        window.panes.banner.show_message("settings", note)
    self_test = None
    if options.self_test:
        from camdraw.ui.self_test import SelfTest

        self_test = SelfTest(window, timeout_s=options.self_test_timeout)
    window.show()
    code = app.exec()
    window.shutdown()  # idempotent: the threads are joined whichever way the loop ended
    if self_test is not None:
        return 1 if self_test.exit_code is None else self_test.exit_code
    return code
