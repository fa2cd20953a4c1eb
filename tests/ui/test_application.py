import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from camdraw import app as app_module
from camdraw.core import logs, paths
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
    qapp, monkeypatch, saved: dict, argv: list[str], expected: list[str]
) -> None:
    write_settings(json.dumps(saved))
    seen: list[list[str]] = []

    def run_gui(options: argparse.Namespace) -> int:
        seen.append([Path(f).name for f in i18n.installed_files()])
        return 0

    monkeypatch.setattr(application, "run_gui", run_gui)
    monkeypatch.setattr(logs, "setup", lambda **kwargs: None)
    try:
        assert app_module.main(argv) == 0
    finally:
        i18n.install(qapp, "en")
    assert seen == [expected]


def test_the_saved_interface_language_is_read_without_touching_the_file() -> None:
    assert app_module.saved_ui_language() == ""  # no settings file yet
    file = write_settings('{"ui_language": "cs", "language": "en"}')
    assert app_module.saved_ui_language() == "cs"
    for damaged in ("{not json", "[1, 2]", '{"ui_language": "klingon"}', '{"ui_language": 3}'):
        write_settings(damaged)
        assert app_module.saved_ui_language() == ""
        assert file.read_text(encoding="utf-8") == damaged  # the window reports and backs up
    assert sorted(p.name for p in file.parent.iterdir()) == ["settings.json"]
