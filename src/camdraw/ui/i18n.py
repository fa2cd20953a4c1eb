"""The interface language: Czech or English, through Qt translations.

English is the source language (every ``tr()`` string is written in English), so it needs no
file. For Czech two translators are installed: camdraw's own strings
(``resources/i18n/camdraw_cs.qm``, made by ``scripts/translations.py release``) and Qt's own
dialogs and buttons (``qtbase_cs.qm``, shipped with Qt). The description language
(``Settings.language``) is a separate setting and is not touched here.

The language is chosen once, before any window is built: widgets take their texts when they are
made, so a change in the settings applies at the next start.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from camdraw.core import i18n as core_i18n
from camdraw.core import paths

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
LANGUAGES = ("cs", "en")  # what the interface can be shown in

# Translators installed by install(); kept here so Python does not collect them while Qt uses
# them, and so a second install() replaces them instead of stacking more.
_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE  # the code install() last chose


def choose(ui_language: str, system: QLocale | None = None) -> str:
    """The interface language: the setting when it names one, else the first of the system's
    preferred languages camdraw has, else English."""
    if ui_language in LANGUAGES:
        return ui_language
    locale = system if system is not None else QLocale.system()
    # uiLanguages() is the user's ordered preference: on Linux from LANGUAGE, LC_ALL,
    # LC_MESSAGES and LANG, on Windows and macOS from the system's language list.
    for name in locale.uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def translation_file(code: str) -> Path | None:
    """camdraw's own compiled translation for ``code`` (checkout or bundled app), if any."""
    return paths.resource_path(f"i18n/camdraw_{code}.qm")


def qt_translation_dirs() -> list[Path]:
    """Where Qt's own ``qtbase_*.qm`` may be: where Qt says, then where PyInstaller puts them."""
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    if paths.is_frozen():
        bundle = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
        folders += [bundle / "PySide6" / "Qt" / "translations", bundle / "PySide6" / "translations"]
    return folders


def _load_qt_translator(app: QCoreApplication, code: str) -> QTranslator | None:
    for folder in qt_translation_dirs():
        translator = QTranslator(app)
        if translator.load(f"qtbase_{code}", str(folder)):
            return translator
    log.warning("Qt's own %s translation (qtbase_%s.qm) was not found", code, code)
    return None


def install(app: QCoreApplication, ui_language: str) -> str:
    """Install the translators for the chosen interface language; return its code (also
    what ``current()`` returns from now on)."""
    global _current
    code = choose(ui_language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    own = QTranslator(app)
    file = translation_file(code)
    if file is not None and own.load(str(file)):
        _installed.append(own)  # for English: only the plural forms ("1 round", "5 rounds")
    elif code != SOURCE_LANGUAGE:
        log.warning("camdraw's %s translation was not found; the interface stays English", code)
    if code != SOURCE_LANGUAGE:
        qt_own = _load_qt_translator(app, code)
        if qt_own is not None:
            _installed.append(qt_own)
    if QLocale.system().language() == QLocale.Language.C:
        # No system locale (LANG=C, a bare container): dates and numbers as the language has them.
        QLocale.setDefault(QLocale(code))
    for translator in _installed:
        app.installTranslator(translator)
    log.info("interface language: %s", code)
    core_i18n.set_language(code)  # the core's messages (errors, hints, limits) follow
    _current = code
    return code


def current() -> str:
    """The interface language installed for this run (English before any install): style
    names and the like follow it, not the setting, which applies at the next start."""
    return _current


def installed_files() -> list[str]:
    """The files of the translators in use (for the log and for tests)."""
    return [translator.filePath() for translator in _installed]
