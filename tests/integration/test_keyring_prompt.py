"""A real Secret Service that waits for a prompt nobody answers never hangs camdraw.

The state of a fresh desktop session, or of a display nobody sits at: a session bus whose
Secret Service (gnome-keyring-daemon, started by D-Bus on the first request) has no keyring
collection yet, and a display (Xvfb) on which its prompter (gcr-prompter) opens a "choose a
password for the new keyring" dialog. secretstorage waits for that dialog's answer with no
time limit; camdraw must give up on it and say what to do. Needs the Debian packages xvfb,
dbus and gnome-keyring; skipped, saying which is missing, without them.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from camdraw.core import settings as settings_mod
from camdraw.core.settings import Settings
from tests.fake_openai import FakeOpenAI
from tests.integration.test_secret_service import CANARY, assert_key_nowhere, read, session_env
from tests.media import jpeg_file

PROMPTER = "/usr/libexec/gcr-prompter"

# Each step as "NAME COMMAND...", its output, errors and exit status into $OUT/NAME.{out,err,rc};
# `timeout` only so that a hang ends the session (status 124) instead of the whole test run.
SESSION_SCRIPT = r"""
set -u
step() {
    name=$1; shift
    timeout 60 "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" </dev/null
    echo $? >"$OUT/$name.rc"
}
step status "$PY" -m camdraw key status
step draw "$PY" -m camdraw draw "$PHOTO" --images-dir "$IMAGES" --no-speech --no-cache
printf '%s\n' "$CANARY" | timeout 60 "$PY" -m camdraw key set >"$OUT/set.out" 2>"$OUT/set.err"
echo $? >"$OUT/set.rc"
step remove "$PY" -m camdraw key remove
"""


def missing_tools() -> list[str]:
    missing = [t for t in ("Xvfb", "dbus-run-session", "gnome-keyring-daemon", "timeout")]
    missing = [t for t in missing if shutil.which(t) is None]
    if not os.access(PROMPTER, os.X_OK):
        missing.append("gcr (gcr-prompter)")
    return missing


def test_a_keyring_waiting_for_a_prompt_gives_the_way_out(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    missing = missing_tools()
    if missing:
        pytest.skip("needs " + ", ".join(missing))
    out, images, home = tmp_path / "out", tmp_path / "images", tmp_path / "camdraw-home"
    out.mkdir()
    photo = jpeg_file(tmp_path / "kitchen.jpg")
    settings_mod.save(Settings(base_url=fake_openai.base_url), home / "config" / "settings.json")
    script = tmp_path / "session.sh"
    script.write_text(SESSION_SCRIPT, encoding="utf-8")
    env = session_env(tmp_path, OUT=str(out), IMAGES=str(images), PHOTO=str(photo), CANARY=CANARY)

    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as display:
            env["DISPLAY"] = ":" + display.readline().strip()
        session = subprocess.run(
            ["dbus-run-session", "--", "sh", str(script)],
            env=env,
            capture_output=True,
            timeout=240,
            check=False,
        )
    finally:
        os.killpg(xvfb.pid, signal.SIGTERM)
        xvfb.wait(10)
    assert session.returncode == 0, session.stderr.decode("utf-8", "replace")[-2000:]
    log = session.stderr.decode("utf-8", "replace")
    # The state is the one that hangs: the daemon asked its prompter to show a dialog.
    assert "org.gnome.keyring.SystemPrompter" in log, log[-2000:]

    for step in ("status", "draw", "set", "remove"):
        assert read(out, f"{step}.rc").strip() == "1", (step, read(out, f"{step}.err"))
        errors = read(out, f"{step}.err")
        assert "Traceback" not in errors, errors
        shown = read(out, f"{step}.out") + errors
        assert "the keyring did not answer" in shown, (step, shown)
        assert "an unlock prompt that cannot be shown here" in shown, (step, shown)
        assert "Unlock the keyring" in errors and "OPENAI_API_KEY" in errors, (step, errors)
    assert "describing server: OpenAI at" in read(out, "status.out")
    assert "The key was not deleted" in read(out, "remove.err")
    assert fake_openai.requests == []  # no key, nothing sent
    assert not images.exists() or not list(images.glob("*_painting.png"))
    assert CANARY.encode() not in session.stdout + session.stderr
    assert_key_nowhere(out, home)
