"""scripts/screenshots.py makes the README pictures from the running app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from camdraw.core.round.styles import PRESET_IDS
from tests.scripts import SCRIPTS, load_script

# End-to-end and long: run as their own group (.ci/run runs it; see README).
pytestmark = pytest.mark.slow

SCRIPT = SCRIPTS / "screenshots.py"
screenshots = load_script("screenshots")


def assert_picture(path: Path, size: tuple[int, int]) -> None:
    assert path.is_file(), f"{path.name} was not written"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == size
        pixels = np.asarray(image.convert("RGB"), dtype=np.float32)
    # Not blank: a real window has text, pictures and frames, so its pixels vary a lot.
    assert pixels.std() > 20, f"{path.name} looks blank (std {pixels.std():.1f})"
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 500


@pytest.mark.parametrize("service", ["loopback", "offline"])
def test_the_script_writes_the_readme_pictures(tmp_path: Path, service: str) -> None:
    out = tmp_path / "shots"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--rounds", "3", "--service", service],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert_picture(out / "main-window.png", screenshots.WINDOW_SIZE)
    assert_picture(out / "gallery.png", screenshots.GALLERY_SIZE)
    expected = ["gallery.png", "main-window.png"]
    if service == "loopback":  # a conversation needs a server that answers questions
        assert_picture(out / "conversation.png", screenshots.WINDOW_SIZE)
        expected.insert(0, "conversation.png")
    # The script works in its own home: nothing lands in the test's (or the user's) folders.
    assert sorted(p.name for p in out.iterdir()) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shots"]


def test_the_scene_moves_and_the_loopback_painting_differs_by_style() -> None:
    first, later = screenshots.still_life(t=0.0), screenshots.still_life(t=1.5)
    assert first.shape == (720, 960, 3)
    assert np.abs(first.astype(int) - later.astype(int)).mean() > 5  # the camera sees change
    paintings = {style: screenshots.loopback_painting(first, style) for style in PRESET_IDS}
    assert len(set(paintings.values())) == len(PRESET_IDS)
    assert all(png.startswith(b"\x89PNG") for png in paintings.values())
