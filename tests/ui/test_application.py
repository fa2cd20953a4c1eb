import argparse
import subprocess
import sys

from camdraw.ui import application


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
    for option in ("--camera", "--images-dir", "--save-narration", "draw PHOTO"):
        assert option in result.stdout
