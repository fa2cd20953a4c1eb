import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from camdraw import app as app_module
from camdraw.core import logs, paths
from camdraw.core.settings import Settings
from camdraw.ui import application, i18n


def test_without_a_display_the_app_explains_instead_of_crashing(monkeypatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert not application.has_display()
    options = argparse.Namespace(camera=None, images_dir=None, save_narration=False, language=None)
    assert application.run_gui(options) == 2


def test_help_lists_the_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "camdraw", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    for option in ("--camera", "--images-dir", "--save-narration", "--ui-language", "draw PHOTO"):
        assert option in result.stdout


def write_settings(text: str) -> Path:
    file = paths.settings_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


class WindowMade(Exception):
    """Raised by the stand-in window: run_gui stops there, before any event loop."""


@pytest.fixture
def made(qapp, monkeypatch) -> Iterator[list[tuple[list[str], str, Settings]]]:
    """What run_gui had installed when it made the window: (translation files, interface
    language, the settings the window got)."""
    seen: list[tuple[list[str], str, Settings]] = []

    def window(settings: Settings, **kwargs: object) -> None:
        seen.append(([Path(f).name for f in i18n.installed_files()], i18n.current(), settings))
        raise WindowMade

    monkeypatch.setattr(application, "MainWindow", window)
    monkeypatch.setattr(logs, "setup", lambda **kwargs: None)
    name, organization, icon = qapp.applicationName(), qapp.organizationName(), qapp.windowIcon()
    try:
        yield seen
    finally:
        i18n.install(qapp, "en")
        qapp.setApplicationName(name)
        qapp.setOrganizationName(organization)
        qapp.setWindowIcon(icon)


@pytest.mark.parametrize(
    ("saved", "argv", "expected"),
    [
        ({"ui_language": "cs"}, [], ["camdraw_cs.qm", "qtbase_cs.qm"]),
        ({"ui_language": "en"}, [], ["camdraw_en.qm"]),  # English: its plural forms only
        ({"ui_language": "cs"}, ["--ui-language", "en"], ["camdraw_en.qm"]),  # this run only
        ({"ui_language": "en"}, ["--ui-language", "cs"], ["camdraw_cs.qm", "qtbase_cs.qm"]),
    ],
)
def test_the_interface_language_is_installed_before_the_window_is_made(
    made, saved: dict, argv: list[str], expected: list[str]
) -> None:
    write_settings(json.dumps(saved))
    with pytest.raises(WindowMade):
        app_module.main(argv)
    assert [files for files, _, _ in made] == [expected]
    assert made[0][2].ui_language == saved["ui_language"]  # --ui-language is not saved


def test_a_damaged_settings_file_leaves_the_interface_language_to_the_system(made) -> None:
    system = i18n.choose("")
    for damaged in ("{not json", "[1, 2]", '{"ui_language": "klingon"}', '{"ui_language": 3}'):
        made.clear()
        file = write_settings(damaged)
        with pytest.raises(WindowMade):
            app_module.main([])
        [(_, language, settings)] = made
        assert (language, settings.ui_language) == (system, "")
        assert not file.exists()  # settings.load backed it up (run_gui shows its note)
        backups = list(file.parent.glob("settings.broken-*.json"))
        assert [p.read_text(encoding="utf-8") for p in backups] == [damaged]
        for backup in backups:
            backup.unlink()
