"""The built app, run as a user runs it: ``dist/camdraw/`` with its two programs, ``camdraw``
(the window) and ``camdraw-cli`` (the command line), ``.exe`` on Windows.

Collected only with ``--bundle FOLDER`` (``python bootstrap.py build`` passes it). Nothing here
imports camdraw from the source tree: each check starts a frozen executable against the loopback
OpenAI-compatible server and looks at what it printed and saved.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import struct
import subprocess
import sys
import wave
from importlib.metadata import version
from pathlib import Path

import pytest
from PIL import Image

from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import jpeg_file, make_test_video

KEY = "sk-canary-frozen-1a2b3c4d5e"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""

# Files the bundle cannot work without, per platform (patterns on paths inside _internal/;
# "*" also crosses folders). Qt's display plugin of the desktop, the offscreen one the checks
# use, a styles plugin, the JPEG image plugin, OpenCV's FFmpeg and, on Windows, the MSVC runtime.
NEEDED: dict[str, tuple[str, ...]] = {
    "linux": (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland*",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "opencv_python_headless.libs/libavcodec-*",
    ),
    "win32": (
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/platforms/qoffscreen.dll",
        # qmodernwindowsstyle.dll since Qt 6.7, qwindowsvistastyle.dll before.
        "PySide6/plugins/styles/q*windows*style.dll",
        "PySide6/plugins/imageformats/qjpeg.dll",
        "vcruntime140.dll",
        "*msvcp140.dll",
        "cv2/opencv_videoio_ffmpeg*.dll",
    ),
    "darwin": (
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/platforms/libqoffscreen.dylib",
        "PySide6/Qt/plugins/imageformats/libqjpeg.dylib",
    ),
}

# comtypes names a type library's wrapper module after its LIBID (SAPI 5's SpeechLib).
SAPI_LIBID = "_C866CA3A_32F7_11D2_9602_00C04F8EE628_"

# Qt's display plugin of each desktop, when the checks run in one.
NATIVE_PLATFORM = {"win32": "windows", "darwin": "cocoa"}


@pytest.fixture
def bundle(request: pytest.FixtureRequest) -> Path:
    folder: Path = request.config.getoption("--bundle")
    return folder.resolve()


def program(bundle: Path, name: str) -> Path:
    exe = bundle / f"{name}{EXE_SUFFIX}"
    assert exe.is_file(), f"no {exe.name} in {bundle}: run `python bootstrap.py build`"
    return exe


@pytest.fixture
def app(bundle: Path) -> Path:
    """The window: what users double-click."""
    return program(bundle, "camdraw")


@pytest.fixture
def cli(bundle: Path) -> Path:
    """The command line: `draw`, `doctor`, `--version`."""
    return program(bundle, "camdraw-cli")


def run_app(
    exe: Path,
    *args: str,
    home: Path,
    fake: FakeOpenAI | None = None,
    platform: str = "offscreen",
    **extra: str,
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "PYTHON", "QT_"))}
    env.update({"CAMDRAW_HOME": str(home), "QT_QPA_PLATFORM": platform, **extra})
    if fake is not None:
        env.update({"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": KEY})
    return subprocess.run(
        [str(exe), *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",  # camdraw writes UTF-8 into pipes, whatever the system's code page
        errors="replace",
        timeout=180,
        cwd=home.parent,  # not the source tree: the frozen app must find everything itself
    )


def muted_home(home: Path) -> Path:
    """A user folder whose settings say "muted": the window never speaks on a CI machine
    (which may have no sound device at all)."""
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.json").write_text('{"muted": true}', encoding="utf-8")
    return home


def logged(home: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in home.rglob("*.log"))


def assert_no_key_anywhere(*folders: Path) -> None:
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                assert KEY.encode() not in path.read_bytes(), path


def windows_subsystem(exe: Path) -> int:
    """The PE header's subsystem: 2 = a window program, 3 = a console program."""
    data = exe.read_bytes()[:4096]
    header = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[header : header + 4] == b"PE\0\0"
    return struct.unpack_from("<H", data, header + 24 + 68)[0]


def frozen_modules(exe: Path) -> set[str]:
    from PyInstaller.archive.readers import pkg_archive_contents

    return set(pkg_archive_contents(str(exe)))


def test_the_window_and_the_command_line_program_are_there(app: Path, cli: Path) -> None:
    assert app.parent == cli.parent  # one folder, one _internal/
    if sys.platform == "win32":
        assert windows_subsystem(app) == 2  # attaches to no console
        assert windows_subsystem(cli) == 3  # cmd and PowerShell wait for it and show its output
    for exe in (app, cli):
        modules = frozen_modules(exe)
        assert {"camdraw.app", "camdraw.console", "camdraw.cli"} <= modules
        if sys.platform == "win32":
            # comtypes' SAPI wrappers are in the bundle, not generated into %TEMP% at first use:
            # the friendly SpeechLib and the wrapper of SAPI's type library it loads.
            assert "comtypes.gen.SpeechLib" in modules, exe.name
            assert any(name.startswith(f"comtypes.gen.{SAPI_LIBID}") for name in modules)


def test_the_frozen_app_knows_its_version(cli: Path, tmp_path: Path) -> None:
    result = run_app(cli, "--version", home=tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"camdraw {version('camdraw')}"
    metadata = list((cli.parent / "_internal").glob("camdraw-*.dist-info/*"))
    assert [p.name for p in metadata] == ["METADATA"]


def test_doctor_loads_every_part(cli: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    frozen = run_app(cli, "doctor", home=home)
    assert frozen.returncode == 0, frozen.stdout + frozen.stderr
    found = dict(line.strip().split(": ", 1) for line in frozen.stdout.splitlines() if ": " in line)
    assert found["camdraw"] == f"{version('camdraw')} (frozen build)"
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
    cli: Path, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    home, out = tmp_path / "home", tmp_path / "out"
    photo = jpeg_file(tmp_path / "kitchen.jpg", 1280, 720)
    result = run_app(
        cli, "draw", str(photo), "--images-dir", str(out), "--save-narration", "--no-speech",
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
    # The frozen speech engine (espeak-ng, SAPI) wrote the narration of the whole description
    # into a file, without speaking it.
    with wave.open(str(out / f"{stem}_description.wav")) as narration:
        assert narration.getnframes() / narration.getframerate() > 5
    assert_no_key_anywhere(home, out)


def test_window_self_test_takes_one_round_and_exits_0(
    app: Path, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    home, out = muted_home(tmp_path / "home"), tmp_path / "out"
    video = make_test_video(tmp_path / "camera.avi")
    result = run_app(
        app, "--self-test", "--camera", str(video), "--images-dir", str(out),
        home=home, fake=fake_openai,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr + logged(home)
    names = sorted(p.name for p in out.iterdir())
    assert [n for n in names if n.endswith(("_photo.jpg", "_painting.png", ".json"))], names
    assert len(fake_openai.requests_to("chat")) == 1
    assert len(fake_openai.requests_to("images")) == 1
    assert "self-test passed" in logged(home)
    assert_no_key_anywhere(home, out)


def test_window_self_test_exits_1_when_the_round_fails(
    app: Path, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fail("images", 401, "Incorrect API key provided", code="invalid_api_key")
    home, out = muted_home(tmp_path / "home"), tmp_path / "out"
    video = make_test_video(tmp_path / "camera.avi")
    result = run_app(
        app, "--self-test", "--camera", str(video), "--images-dir", str(out),
        home=home, fake=fake_openai,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr + logged(home)
    # The window exe has no console to print to on Windows; its log keeps the verdict.
    assert "self-test FAILED" in logged(home)
    assert list(out.glob("*_photo.jpg")), "the photo must be kept even when painting fails"


def native_platform() -> str | None:
    if sys.platform.startswith("linux"):
        if os.environ.get("WAYLAND_DISPLAY"):
            return "wayland"
        return "xcb" if os.environ.get("DISPLAY") else None
    return NATIVE_PLATFORM.get(sys.platform)


def test_the_window_starts_on_the_desktops_own_display_plugin(
    app: Path, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    """The other checks run Qt offscreen; a user's double-click loads the desktop's plugin
    (qwindows.dll on Windows) and its styles. Naming it makes Qt use it or fail to start."""
    platform = native_platform()
    if platform is None:
        pytest.skip("no desktop session here (no DISPLAY or WAYLAND_DISPLAY)")
    home, out = muted_home(tmp_path / "home"), tmp_path / "out"
    video = make_test_video(tmp_path / "camera.avi")
    result = run_app(
        app, "--self-test", "--camera", str(video), "--images-dir", str(out),
        home=home, fake=fake_openai, platform=platform,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr + logged(home)
    assert "self-test passed" in logged(home)


def test_offline_demo_runs_frozen_from_a_czech_folder_and_finds_a_face(
    bundle: Path, tmp_path: Path
) -> None:
    """No key, no server, and the app unpacked under a name with Czech letters (as in the
    Windows user folder of a Jiří): the frozen OpenCV still loads its bundled Haar cascade,
    finds the face in a real portrait, and paints it with its own filters."""
    import cv2
    import skimage.data

    czech = tmp_path / "Jiří Čermák"
    moved = czech / "camdraw"
    shutil.copytree(bundle, moved, symlinks=True)
    photo = czech / "portrét.jpg"
    ok, jpeg = cv2.imencode(".jpg", cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR))
    assert ok
    photo.write_bytes(jpeg.tobytes())
    out = czech / "obrázky"
    result = run_app(
        program(moved, "camdraw-cli"), "draw", str(photo), "--offline", "--style", "pencil",
        "--no-speech", "--images-dir", str(out), home=czech / "domov",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "jeden obličej" in result.stdout
    record = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert (record["status"], record["offline"], record["style"]) == ("done", True, "pencil")


def test_trimmed_parts_are_gone_and_needed_ones_are_there(bundle: Path) -> None:
    internal = bundle / "_internal"
    files = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    for gone in ("QtNetwork", "libqvnc", "libqgtk3", "libqtiff", "qtbase_de.qm", "PIL/_avif"):
        assert not any(gone in name for name in files), gone
    needed = NEEDED.get("linux" if sys.platform.startswith("linux") else sys.platform, ())
    missing = [pattern for pattern in needed if not fnmatch.filter(files, pattern)]
    assert missing == []
    assert "resources/camdraw.png" in files
    assert "resources/i18n/camdraw_cs.qm" in files
    assert "cv2/data/haarcascade_frontalface_default.xml" in files
    dangling = [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []


def test_key_commands_are_in_the_frozen_cli(cli: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    modules = frozen_modules(cli)
    assert "camdraw.cli_key" in modules
    listed = run_app(cli, "key", "--help", home=home)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert all(action in listed.stdout for action in ("set", "status", "remove"))
    # The key from the environment is found and named, never shown.
    status = run_app(cli, "key", "status", home=home, OPENAI_API_KEY=KEY)
    assert status.returncode == 0, status.stdout + status.stderr
    assert "key from the OPENAI_API_KEY environment variable" in status.stdout
    assert KEY not in status.stdout + status.stderr
    assert_no_key_anywhere(home)
