"""What a screen reader receives from the real window, over a real accessibility bus.

The window runs on a virtual display (Xvfb) with a session bus of its own and the AT-SPI bus
on it, as under Orca; a listener in the system python3 (pyatspi) records what Orca would get.
Space takes a photo with the offline demo (no key, a generated video as the camera): the
description must be announced whole, the photo and the painting reach the screen reader as
images that say what they show; camdraw's voice tries to read the description and fails (an
ALSA configuration without any device: the same failure with or without a sound card), which
must be announced assertively, shown as an alert, and recorded in the round's record. Then
Alt+D, Ctrl+Home, Right, Right must move the caret in the description to offset 2. Needs the
Debian packages xvfb, xdotool, dbus, at-spi2-core and python3-pyatspi; skipped, saying which
is missing, without them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

from tests.media import make_test_video

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LISTENER = Path(__file__).with_name("atspi_listener.py")
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
TIMEOUT_S = 60.0


def missing_tools() -> list[str]:
    missing = [tool for tool in ("Xvfb", "xdotool", "dbus-daemon") if shutil.which(tool) is None]
    if not os.access(BUS_LAUNCHER, os.X_OK):
        missing.append("at-spi2-core")
    probe = (
        subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False)
        if os.access(SYSTEM_PYTHON, os.X_OK)
        else None
    )
    if probe is None or probe.returncode != 0:
        missing.append("python3-pyatspi")
    return missing


class Session:
    """The processes of one run, each in its own process group, all stopped at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",)}
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: list[IO[bytes]] = []

    def start(self, name: str, args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 (closed in stop)
        self.logs.append(log)
        process = subprocess.Popen(
            args,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,  # type: ignore[arg-type]
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.processes):  # the app first, the display last
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(10)
            # What it started itself (the bus launcher's bus and registry) goes too.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        for log in self.logs:
            log.close()


def wait_for(what: str, check: Callable[[], object], timeout: float = TIMEOUT_S) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    missing = missing_tools()
    if missing:
        pytest.skip("needs the Debian packages " + ", ".join(missing))
    session = Session(tmp_path)
    try:
        # A display number Xvfb picks itself: no collision with another run.
        read_fd, write_fd = os.pipe()
        session.start(
            "xvfb",
            [
                "Xvfb",
                "-displayfd",
                str(write_fd),
                "-screen",
                "0",
                "1400x900x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_fd,),
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as display:
            session.env["DISPLAY"] = ":" + display.readline().strip()
        bus = session.start(
            "dbus",
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        )
        address = wait_for("the session bus", lambda: (tmp_path / "dbus.log").read_text().strip())
        assert bus.poll() is None
        session.env["DBUS_SESSION_BUS_ADDRESS"] = str(address).splitlines()[0]
        session.start("atspi", [BUS_LAUNCHER, "--launch-immediately"])
        yield session
    finally:
        session.stop()


def events(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip().endswith("}")]


def test_a_round_is_announced_and_its_description_read_by_caret(
    session: Session, tmp_path: Path
) -> None:
    heard = tmp_path / "heard.jsonl"
    session.start("listener", [SYSTEM_PYTHON, str(LISTENER), str(heard)])
    wait_for("the listener", lambda: events(heard))

    video = make_test_video(tmp_path / "camera.avi", frames=60)
    images = tmp_path / "images"
    session.env.pop("OPENAI_API_KEY", None)  # the offline demo
    # Real playback (the suite's CAMDRAW_SPEECH_OUTPUT=memory would skip it) through an ALSA
    # configuration that defines no device: aplay cannot open one, on any machine.
    session.env.pop("CAMDRAW_SPEECH_OUTPUT", None)
    no_devices = tmp_path / "alsa.conf"
    no_devices.write_text("", encoding="utf-8")
    session.env.update(
        {
            "CAMDRAW_HOME": str(tmp_path / "home"),
            "PYTHONPATH": str(ROOT / "src"),
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "QT_ACCESSIBILITY": "1",
            "ALSA_CONFIG_PATH": str(no_devices),
            # No key stored anywhere. The bus may start a keyring daemon (gnome-keyring) with
            # no collection: camdraw gives up on it after apikey.KEYRING_TIMEOUT_S (see
            # test_keyring_prompt.py), but its prompter opens a "new keyring" dialog on this
            # display, over the window, and the keys xdotool types below go to that dialog.
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        }
    )
    app = session.start(
        "app",
        [
            sys.executable,
            "-m",
            "camdraw",
            "--camera",
            str(video),
            "--images-dir",
            str(images),
            "--ui-language",
            "en",
            "--language",
            "cs",
        ],
    )

    def xdotool(*args: str) -> str:
        result = subprocess.run(
            ["xdotool", *args], env=session.env, capture_output=True, text=True, timeout=30
        )
        return result.stdout.strip()

    window = wait_for(
        "the window",
        lambda: (
            app.poll() is None
            and xdotool("search", "--onlyvisible", "--pid", str(app.pid)).split("\n")[0]
        ),
    )
    # The camera shows pictures: the status line says Space takes a photo.
    wait_for(
        "the camera",
        lambda: any("Press Space" in str(e.get("text")) for e in events(heard)),
    )
    # Without a key the offline demo's note is announced once the service check (a background
    # job) answers, which may come after the camera: wait for it, so it is not taken for a
    # round's announcement.
    wait_for(
        "the offline demo's note",
        lambda: any(
            e.get("type") == "object:announcement" and str(e.get("text")).startswith("No API key")
            for e in events(heard)
        ),
    )
    xdotool("windowactivate", "--sync", str(window))
    xdotool("windowfocus", "--sync", str(window))
    start = len(events(heard))
    xdotool("key", "space")

    def announcements(assertive: bool | None = None) -> list[str]:
        return [
            str(e["text"])
            for e in events(heard)[start:]
            if e.get("type") == "object:announcement"
            and (assertive is None or (e["detail1"] == 2) == assertive)
        ]

    wait_for(
        "the painting announced",
        lambda: any(a.startswith("Painting done") for a in announcements()),
    )
    failed = "The description could not be read aloud:"
    wait_for(
        "the speech failure announced",
        lambda: any(a.startswith(failed) for a in announcements(assertive=True)),
    )
    sidecar = next(images.rglob("*.json"))

    def speech_ended() -> dict[str, object] | None:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
        return record if record["steps"].get("speech") not in (None, "queued") else None

    record = wait_for("the speech step ended in the record", speech_ended)
    assert isinstance(record, dict)
    description = record["description"]
    said = announcements(assertive=False)
    assert description and said[0] == "Round started."
    assert said.count(description) == 1
    assert said[-1] == f"Painting done. Saved as {record['stem']} in {images}."
    assert not any(a.endswith(" s") for a in announcements())  # no step clock ("… 1.2 s")

    # The failed speech: announced once, shown as an alert, recorded with its reason.
    problems = [a for a in announcements(assertive=True) if a.startswith(failed)]
    assert len(problems) == 1 and "no sound device" in problems[0]
    assert record["steps"]["speech"] == "failed"
    assert record["errors"]["speech"] == problems[0]
    assert any(
        e.get("type") == "object:state-changed:showing"
        and e["detail1"] == 1
        and (e.get("role"), e.get("name")) == ("alert", "Problem")
        for e in events(heard)[start:]
    )

    # The pictures are images that say what they show.
    def last_description(name: str) -> str:
        told = [
            str(e["text"])
            for e in events(heard)[start:]
            if e.get("type") == "object:property-change:accessible-description"
            and (e.get("role"), e.get("name")) == ("image", name)
        ]
        return told[-1] if told else ""

    assert last_description("Photo") == description
    assert last_description("Painting") == f"Painting of: {description} (offline demo)"

    # Read the description by caret: Alt+D reaches it, Ctrl+Home, Right, Right: offset 2.
    start = len(events(heard))
    xdotool("key", "alt+d")
    wait_for(
        "the description focused",
        lambda: any(
            e.get("type") == "object:state-changed:focused"
            and e["detail1"] == 1
            and e.get("name") == "Description"
            for e in events(heard)[start:]
        ),
    )
    xdotool("key", "ctrl+Home", "Right", "Right")

    def caret() -> list[int]:
        return [
            int(e["detail1"])
            for e in events(heard)[start:]  # type: ignore[call-overload]
            if e.get("type") == "object:text-caret-moved" and e.get("name") == "Description"
        ]

    wait_for("the caret at offset 2", lambda: 2 in caret())
    assert caret()[-1] == 2
