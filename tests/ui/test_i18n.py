"""The interface in Czech or English: choosing the language, loading the translations, and a
translation file that keeps up with the code."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QLabel, QMenu

from camdraw.ui import i18n
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
translations = load_script("translations")


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application, back in English after the test (translators are process-wide)."""
    yield qapp
    i18n.install(qapp, "en")


def czech_messages() -> dict[tuple[str, str], str]:
    return {
        (m.context, m.source): m.translation
        for m in translations.read_ts(translations.ts_file("cs"))
        if m.kind == "" and m.translation != m.source
    }


# -- choosing the language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("cs", "de_DE", "cs"),  # the setting wins over the system
        ("en", "cs_CZ", "en"),
        ("", "cs_CZ", "cs"),  # no setting: follow the system
        ("", "en_GB", "en"),
        ("", "de_DE", "en"),  # a language camdraw does not have: English
        ("", "C", "en"),
    ],
)
def test_choose_takes_the_setting_else_the_system_else_english(
    setting: str, system: str, expected: str
) -> None:
    assert i18n.choose(setting, QLocale(system)) == expected


PROBE = """
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from camdraw import console
from camdraw.ui import i18n
console.prepare()  # as the app does: UTF-8 into the test's pipe, whatever the code page
app = QApplication([])
code = i18n.install(app, {setting!r})
box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
print(code, box.button(QDialogButtonBox.StandardButton.Cancel).text())
"""


from_lang = pytest.mark.skipif(
    sys.platform == "win32", reason="Qt on Windows takes the UI languages from the system, not LANG"
)


@pytest.mark.parametrize(
    ("env", "setting", "expected"),
    [
        pytest.param({"LANG": "cs_CZ.UTF-8"}, "", "cs Zrušit", marks=from_lang),
        pytest.param({"LANG": "de_DE.UTF-8"}, "", "en Cancel", marks=from_lang),
        pytest.param({"LANG": "en_US.UTF-8", "LANGUAGE": "cs"}, "", "cs Zrušit", marks=from_lang),
        pytest.param(  # the first language we have
            {"LANG": "de_DE.UTF-8", "LANGUAGE": "de:cs"}, "", "cs Zrušit", marks=from_lang
        ),
        ({"LANG": "cs_CZ.UTF-8"}, "en", "en Cancel"),  # the override, on every system
        ({"LANG": "en_US.UTF-8"}, "cs", "cs Zrušit"),
    ],
)
def test_a_fresh_process_follows_the_system_language_unless_overridden(
    env: dict[str, str], setting: str, expected: str
) -> None:
    # Qt reads the system locale once per process, so each case gets its own.
    clean = {k: v for k, v in os.environ.items() if k not in ("LANG", "LANGUAGE", "LC_ALL")}
    clean.pop("LC_MESSAGES", None)
    # cp1252: what Python writes a pipe in on an English Windows (the CI runner).
    pipe = {"QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "cp1252"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(setting=setting)],
        env={**clean, **env, **pipe},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


# -- loading the translations ----------------------------------------------------------------


def test_czech_installs_camdraws_and_qts_own_translations(app: QApplication) -> None:
    assert i18n.install(app, "cs") == "cs"
    files = [Path(f).name for f in i18n.installed_files()]
    assert files == ["camdraw_cs.qm", "qtbase_cs.qm"]
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Zrušit"
    (context, source), czech = next(iter(czech_messages().items()))
    assert QCoreApplication.translate(context, source) == czech


def test_english_removes_the_translators_again(app: QApplication) -> None:
    i18n.install(app, "cs")
    i18n.install(app, "cs")  # installing twice does not stack translators
    assert len(i18n.installed_files()) == 2
    assert i18n.install(app, "en") == "en"
    assert [Path(f).name for f in i18n.installed_files()] == ["camdraw_en.qm"]  # plurals only
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    (context, source), _ = next(iter(czech_messages().items()))
    assert QCoreApplication.translate(context, source) == source


def test_the_compiled_translation_is_found_through_the_resources() -> None:
    file = i18n.translation_file("cs")
    assert file is not None and file == ROOT / "resources" / "i18n" / "camdraw_cs.qm"
    assert file == translations.qm_file("cs")  # where scripts/translations.py writes it
    assert i18n.translation_file("xx") is None


# -- the real window -------------------------------------------------------------------------


def texts(window: object) -> dict[str, str]:
    """Every action, menu, label and button text in the window, by object identity."""
    found: dict[str, str] = {}
    for kind in (QAction, QMenu, QLabel, QAbstractButton):
        for child in window.findChildren(kind):  # type: ignore[attr-defined]
            text = child.title() if isinstance(child, QMenu) else child.text()
            if text:
                found[f"{kind.__name__}:{child.objectName()}:{id(child)}"] = text
    return found


def test_the_main_window_speaks_czech_with_cs_and_english_with_en(app, make_window) -> None:
    i18n.install(app, "en")
    english = make_window()
    english_take = english.commands["take"].text()
    i18n.install(app, "cs")
    czech = make_window()
    czech_take = czech.commands["take"].text()
    known = czech_messages()
    assert ("MainWindow", english_take) in known, "the Take photo action is not translated"
    assert czech_take == known[("MainWindow", english_take)] != english_take
    # No string that has a Czech translation is left in English anywhere in the window.
    sources = {source for (_, source) in known}
    leftovers = sorted(text for text in texts(czech).values() if text in sources)
    assert leftovers == []


def test_english_window_shows_the_source_strings(app, make_window) -> None:
    i18n.install(app, "en")
    window = make_window()
    czech = set(czech_messages().values())
    assert [text for text in texts(window).values() if text in czech] == []


def test_czech_menus_have_no_clashing_mnemonics(app, make_window) -> None:
    i18n.install(app, "cs")
    window = make_window()
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    groups = [[a.text() for a in window.menuBar().actions()]]
    groups += [[a.text() for a in menu.actions() if not a.isSeparator()] for menu in menus]
    for group in groups:
        letters = [letter for text in group for letter in translations.mnemonics(text)]
        assert len(letters) == len(set(letters)), f"mnemonics clash in {group}"


# -- the translation file keeps up with the code ---------------------------------------------


def test_every_string_is_translated_and_the_qm_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "check"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_lists_unfinished_strings_and_lost_placeholders(tmp_path: Path) -> None:
    ts = tmp_path / "camdraw_cs.ts"
    ts.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cs" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Take photo</source>
        <translation>&amp;Vyfotit</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {n} rounds</source>
        <translation>Uloženo kol</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Ukončit</translation>
    </message>
    <message>
        <source>Gone</source>
        <translation type="vanished">Pryč</translation>
    </message>
</context>
</TS>
""",
        encoding="utf-8",
    )
    found = translations.problems(translations.read_ts(ts))
    assert found == [
        "not translated: MainWindow: 'Settings'",
        "placeholders differ: MainWindow: 'Saved {n} rounds' -> 'Uloženo kol'",
        "mnemonic (&) missing: MainWindow: '&Quit' -> 'Ukončit'",
    ]
    # A string filed under a context Qt never asks for (a tr() wrapper) would stay English.
    found = translations.problems(translations.read_ts(ts), contexts={"SettingsDialog"})
    assert found[0].startswith("context 'MainWindow' is never looked up at run time: '&Take photo'")
    assert translations.runtime_contexts(ROOT) >= {"MainWindow", "SettingsDialog"}


def test_update_collects_new_tr_strings_and_keeps_translations(tmp_path: Path) -> None:
    ui = tmp_path / "src" / "camdraw" / "ui"
    ui.mkdir(parents=True)
    (tmp_path / "src" / "camdraw" / "app.py").write_text("", encoding="utf-8")
    (ui / "window.py").write_text(
        "from PySide6.QtWidgets import QWidget\n\n\n"
        "class Window(QWidget):\n"
        "    def build(self) -> None:\n"
        '        self.setWindowTitle(self.tr("Gallery"))\n',
        encoding="utf-8",
    )
    ts = tmp_path / "camdraw_cs.ts"
    translations.lupdate(ts, "cs", root=tmp_path)
    assert translations.problems(translations.read_ts(ts)) == ["not translated: Window: 'Gallery'"]
    ts.write_text(
        ts.read_text(encoding="utf-8").replace(
            '<translation type="unfinished"></translation>', "<translation>Galerie</translation>"
        ),
        encoding="utf-8",
    )
    (ui / "window.py").write_text(
        (ui / "window.py").read_text(encoding="utf-8")
        + '        self.setToolTip(self.tr("Open a round"))\n',
        encoding="utf-8",
    )
    translations.lupdate(ts, "cs", root=tmp_path)
    messages = {m.source: (m.translation, m.kind) for m in translations.read_ts(ts)}
    assert messages == {"Gallery": ("Galerie", ""), "Open a round": ("", "unfinished")}
    qm = tmp_path / "camdraw_cs.qm"
    translations.lrelease(ts, qm)
    assert qm.is_file() and qm.stat().st_size > 0


def test_english_plurals_say_round_or_rounds(app: QApplication) -> None:
    i18n.install(app, "en")
    for count, text in ((1, "1 round"), (5, "5 rounds")):
        assert QCoreApplication.translate("GalleryDialog", "%Ln round(s)", "", count) == text
    i18n.install(app, "cs")
    assert QCoreApplication.translate("GalleryDialog", "%Ln round(s)", "", 5) == "5 snímků"
