"""The built app, run as a user runs it: ``dist/camdraw/camdraw`` (``camdraw.exe`` on Windows).

Collected only with ``--bundle FOLDER`` (``python bootstrap.py build`` passes it). Nothing here
imports camdraw from the source tree: each check starts the frozen executable against the loopback
OpenAI-compatible server and looks at what it printed and saved.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from PIL import Image

from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import jpeg_file, make_test_video

KEY = "sk-canary-frozen-1a2b3c4d5e"


@pytest.fixture
def app(request: pytest.FixtureRequest) -> Path:
    bundle: Path = request.config.getoption("--bundle")
    exe = bundle / ("camdraw.exe" if sys.platform == "win32" else "camdraw")
    assert exe.is_file(), f"no built app at {exe}: run `python bootstrap.py build`"
    return exe


def run_app(
    app: Path, *args: str, home: Path, fake: FakeOpenAI | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "PYTHON"))}
    env.update({"CAMDRAW_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **extra})
    if fake is not None:
        env.update({"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": KEY})
    return subprocess.run(
        [str(app), *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=180,
        cwd=home.parent,  # not the source tree: the frozen app must find everything itself
    )


def assert_no_key_anywhere(*folders: Path) -> None:
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                assert KEY.encode() not in path.read_bytes(), path


def test_doctor_loads_every_part(app: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    frozen = run_app(app, "doctor", home=home)
    assert frozen.returncode == 0, frozen.stdout + frozen.stderr
    found = dict(line.strip().split(": ", 1) for line in frozen.stdout.splitlines() if ": " in line)
    assert "frozen build" in found["camdraw"]
    for part in ("qt", "opencv", "pillow", "openai", "keyring", "speech"):
        assert not found[part].startswith("FAILED"), (part, found[part])
    assert "FFMPEG" in found["opencv"] or "MSMF" in found["opencv"]
    # The keyring back-ends the build knows are the ones the source install knows.
    source = subprocess.run(
        [sys.executable, "-m", "camdraw", "doctor"],
        env={**os.environ, "CAMDRAW_HOME": str(home)},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    source_keyring = next(
        line.split(": ", 1)[1] for line in source.stdout.splitlines() if "keyring: " in line
    )
    assert found["keyring"] == source_keyring


def test_draw_runs_the_whole_pipeline_frozen(
    app: Path, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    home, out = tmp_path / "home", tmp_path / "out"
    photo = jpeg_file(tmp_path / "kitchen.jpg", 1280, 720)
    result = run_app(
        app, "draw", str(photo), "--images-dir", str(out), "--save-narration",
        home=home, fake=fake_openai,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert CZECH_DESCRIPTION in result.stdout
    sidecar = next(out.glob("*.json"))
    record = json.loads(sidecar.read_text(encoding="utf-8"))
    assert record["status"] == "done"
    stem = sidecar.stem
    with Image.open(out / f"{stem}_painting.png") as painting:
        assert painting.size[0] > 0
    with Image.open(out / f"{stem}_photo.jpg") as saved:
        assert saved.size == (1280, 720)
    # The vision request carried a downscaled JPEG made by the frozen OpenCV/Pillow.
    body = fake_openai.requests_to("chat")[0]["json"]
    image_url = next(
        part["image_url"]["url"]
        for message in body["messages"]
        for part in (message["content"] if isinstance(message["content"], list) else [])
        if part.get("type") == "image_url"
    )
    assert image_url.startswith("data:image/jpeg;base64,")
    if sys.platform.startswith("linux"):
        # espeak-ng through the frozen pyttsx3 wrote the narration of the whole description.
        with wave.open(str(out / f"{stem}_description.wav")) as narration:
            assert narration.getnframes() / narration.getframerate() > 5
    assert_no_key_anywhere(home, out)


def test_window_self_test_takes_one_round_and_exits_0(
    app: Path, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    home, out = tmp_path / "home", tmp_path / "out"
    video = make_test_video(tmp_path / "camera.avi")
    result = run_app(
        app, "--self-test", "--camera", str(video), "--images-dir", str(out),
        home=home, fake=fake_openai,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert [n for n in names if n.endswith(("_photo.jpg", "_painting.png", ".json"))], names
    assert len(fake_openai.requests_to("chat")) == 1
    assert len(fake_openai.requests_to("images")) == 1
    log_text = "".join(p.read_text(encoding="utf-8") for p in home.rglob("*.log"))
    assert "self-test passed" in log_text
    assert_no_key_anywhere(home, out)


def test_window_self_test_exits_1_when_the_round_fails(
    app: Path, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fail("images", 401, "Incorrect API key provided", code="invalid_api_key")
    home, out = tmp_path / "home", tmp_path / "out"
    video = make_test_video(tmp_path / "camera.avi")
    result = run_app(
        app, "--self-test", "--camera", str(video), "--images-dir", str(out),
        home=home, fake=fake_openai,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "self-test FAILED" in result.stderr
    assert list(out.glob("*_photo.jpg")), "the photo must be kept even when painting fails"


def test_offline_demo_runs_frozen_and_finds_a_face(app: Path, tmp_path: Path) -> None:
    """No key, no server: the frozen OpenCV describes a real portrait (its bundled Haar cascade
    finds the face) and paints it with its own filters."""
    import cv2
    import skimage.data

    photo = tmp_path / "astronaut.jpg"
    cv2.imwrite(str(photo), cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR))
    out = tmp_path / "out"
    result = run_app(
        app, "draw", str(photo), "--offline", "--style", "pencil", "--no-speech",
        "--images-dir", str(out), home=tmp_path / "home", fake=None,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "jeden obličej" in result.stdout
    record = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert (record["status"], record["offline"], record["style"]) == ("done", True, "pencil")


def test_trimmed_parts_are_gone_and_needed_ones_are_there(app: Path) -> None:
    internal = app.parent / "_internal"
    files = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    for gone in ("QtNetwork", "libqvnc", "libqgtk3", "libqtiff", "qtbase_de.qm", "PIL/_avif"):
        assert not any(gone in name for name in files), gone
    if sys.platform.startswith("linux"):
        for needed in ("platforms/libqxcb.so", "platforms/libqwayland", "libqoffscreen.so"):
            assert any(needed in name for name in files), needed
    assert "resources/camdraw.png" in files
    assert "resources/i18n/camdraw_cs.qm" in files
    assert "cv2/data/haarcascade_frontalface_default.xml" in files
    dangling = [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []
