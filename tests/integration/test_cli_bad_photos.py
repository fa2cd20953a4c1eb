"""Issue 14, item 9: ``camdraw draw`` given bad files among good ones says one ``camdraw:`` line
per bad file, paints the rest, and ends non-zero."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.fake_openai import FakeOpenAI
from tests.integration.test_cli import run_draw
from tests.media import jpeg_file, png_claiming


def test_draw_goes_on_past_bad_files_and_ends_non_zero(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    text = tmp_path / "notes.jpg"
    text.write_text("not a photo at all", encoding="utf-8")
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_claiming(100_000, 100_000))
    bad = [empty, text, bomb]
    if sys.platform != "win32":
        fifo = tmp_path / "pipe.jpg"
        os.mkfifo(fifo)
        bad.append(fifo)
    good = jpeg_file(tmp_path / "good.jpg", 320, 240)
    out = tmp_path / "out"
    result = run_draw(fake_openai, *map(str, [*bad, good]), "--no-speech", "--images-dir", str(out))
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith("camdraw:")]
    for path in bad:
        assert sum(str(path) in line for line in lines) == 1, (path, lines)
    assert len(lines) == len(bad), lines
    assert len(list(out.glob("*_painting.png"))) == 1  # the good photo after them was painted
