"""The command line: one parser whose --help lists every command, the window as the default."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from camdraw import app, cli, doctor
from camdraw.core import logs
from camdraw.ui import application


def test_help_lists_every_command_with_what_it_does() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "camdraw", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert result.returncode == 0, result.stderr
    listed = re.findall(r"^ {4}(\w+) +(\S.*)$", result.stdout, flags=re.MULTILINE)
    assert [name for name, _ in listed] == ["draw", "ask", "doctor", "key", "frame"]
    assert "without a window" in dict(listed)["draw"]
    assert "--camera" in result.stdout  # the window's options are there too
    assert "camdraw draw [options] PHOTO" in result.stdout
    assert "camdraw key {set,status,remove} [--server NAME]" in result.stdout


def test_help_and_version_import_no_qt_opencv_or_openai() -> None:
    code = (
        "import sys\n"
        "from camdraw import app\n"
        "for argv in (['--help'], ['--version'], ['draw', '--help'], ['ask', '--help'],\n"
        "             ['doctor', '--help'], ['key', '--help'], ['key', 'set', '--help'],\n"
        "             ['key', 'status', '--help']):\n"
        "    try:\n"
        "        app.main(argv)\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code == 0, (argv, exit.code)\n"
        "heavy = ('PySide6', 'cv2', 'openai', 'numpy')\n"
        "print('HEAVY', sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout
    assert "camdraw draw: error" not in result.stderr


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], {"command": None, "camera": None}),
        (["--camera", "1"], {"command": None, "camera": "1"}),  # a value, not a command
        (["--camera", "draw"], {"command": None, "camera": "draw"}),  # a file named draw
        (["--self-test", "--camera", "clip.avi"], {"self_test": True, "camera": "clip.avi"}),
        (["draw", "a.jpg", "--style", "comic"], {"command": "draw", "style": "comic"}),
        (
            ["ask", "last", "Co je na hrnku?", "--no-speech"],
            {"command": "ask", "round": "last", "question": "Co je na hrnku?", "no_speech": True},
        ),
        (["doctor"], {"command": "doctor", "language": "cs"}),
        (["doctor", "--language", "en"], {"command": "doctor", "language": "en"}),
    ],
)
def test_the_window_is_the_default_and_commands_take_their_own_options(
    argv: list[str], expected: dict[str, object]
) -> None:
    options = app.parse(argv)
    assert {key: getattr(options, key) for key in expected} == expected


def test_window_options_before_a_command_are_refused_not_dropped(capsys) -> None:
    # Otherwise 'camdraw --images-dir X draw a.jpg' would save to the settings' folder.
    with pytest.raises(SystemExit) as exit:
        app.parse(["--images-dir", "elsewhere", "draw", "a.jpg"])
    assert exit.value.code == 2
    assert "put the command first: camdraw draw [options]" in capsys.readouterr().err


@pytest.fixture
def runs(monkeypatch) -> list[tuple[str, object]]:
    """What main() started: ('window', options), ('draw', options) or ('doctor', language)."""
    started: list[tuple[str, object]] = []
    monkeypatch.setattr(logs, "setup", lambda **kwargs: None)
    monkeypatch.setattr(application, "run_gui", lambda o: started.append(("window", o)) or 0)
    monkeypatch.setattr(cli, "run", lambda o: started.append(("draw", o)) or 0)
    monkeypatch.setattr(doctor, "run", lambda language: started.append(("doctor", language)) or 0)
    return started


def test_main_starts_what_the_command_line_asks_for(runs: list[tuple[str, object]]) -> None:
    assert app.main(["--camera", "1", "--ui-language", "en"]) == 0
    assert app.main(["draw", "a.jpg", "b.png", "--offline", "--images-dir", "out"]) == 0
    assert app.main(["doctor", "--language", "en"]) == 0
    (window, gui), (draw, photos), (doctor_run, language) = runs
    assert (window, gui.camera, gui.ui_language, gui.self_test) == ("window", "1", "en", False)
    assert isinstance(photos, argparse.Namespace) and draw == "draw"
    assert photos.photos == [Path("a.jpg"), Path("b.png")]
    assert (photos.offline, photos.images_dir, photos.no_speech) == (True, Path("out"), False)
    assert (doctor_run, language) == ("doctor", "en")
