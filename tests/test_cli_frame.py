"""``camdraw frame PHOTO ...``: one framing sentence per photo, offline, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from camdraw import app
from camdraw.core import logs


def photo_file(folder: Path, name: str, suffix: str = ".png") -> Path:
    import skimage.data

    path = folder / f"{name}{suffix}"
    cv2.imwrite(str(path), cv2.cvtColor(getattr(skimage.data, name)(), cv2.COLOR_RGB2BGR))
    return path


def run_frame(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "LANGUAGE")}
    environ.update({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "LANG": "C.UTF-8", **env})
    return subprocess.run(
        [sys.executable, "-m", "camdraw", "frame", *args],
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_one_sentence_per_photo_in_czech_by_default(tmp_path: Path) -> None:
    astronaut = photo_file(tmp_path, "astronaut")
    coffee = photo_file(tmp_path, "coffee", ".jpg")
    result = run_frame(str(astronaut), str(coffee))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{astronaut}: Jeden obličej nahoře uprostřed, ve střední vzdálenosti.",
        f"{coffee}: V záběru není žádný obličej.",
    ]
    assert result.stderr == ""


def test_an_unreadable_file_is_one_line_and_the_rest_still_framed(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jpg"
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a photo", encoding="utf-8")
    astronaut = photo_file(tmp_path, "astronaut")
    result = run_frame(str(missing), str(notes), str(astronaut), "--language", "en")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{astronaut}: One face at the top, at a medium distance."
    ]
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and all(line.startswith("camdraw: ") for line in errors)
    assert errors[0].startswith(f"camdraw: {missing}: cannot read the file (")
    assert (
        errors[1]
        == f"camdraw: {notes}: This file is not a photo camdraw can read (use JPEG or PNG)."
    )


def test_its_own_message_follows_the_interface_language(tmp_path: Path) -> None:
    result = run_frame(str(tmp_path / "chybí.jpg"), LANGUAGE="cs")
    assert result.returncode == 1
    assert result.stderr.startswith(f"camdraw: {tmp_path / 'chybí.jpg'}: soubor nelze přečíst (")


def test_help_imports_no_qt_opencv_or_openai() -> None:
    code = (
        "import sys\n"
        "from camdraw import app\n"
        "try:\n"
        "    app.main(['frame', '--help'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "heavy = ('PySide6', 'cv2', 'openai', 'numpy')\n"
        "print('HEAVY', sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "--language {cs,en}" in result.stdout and "PHOTO" in result.stdout
    assert "HEAVY []" in result.stdout


def test_main_runs_it_with_its_own_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "setup", lambda **kwargs: None)
    chelsea = photo_file(tmp_path, "chelsea")
    assert app.main(["frame", str(chelsea), "--language", "en"]) == 0
    assert capsys.readouterr().out == f"{chelsea}: No face in view.\n"
    with pytest.raises(SystemExit):
        app.parse(["frame", str(chelsea), "--language", "de"])  # only cs and en are worded
