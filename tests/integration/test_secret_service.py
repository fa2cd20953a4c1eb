"""The key commands and one ``draw`` round against a real Secret Service (issue 17, part 5).

Each test starts its own session bus (``dbus-run-session``) with ``gnome-keyring-daemon`` in it,
unlocked with a test password, its data, home and camdraw folders in the test's temporary
directory; the camdraw commands run as a user runs them, as child processes inside that session,
through keyring's SecretService backend (secretstorage and jeepney). Needs the Debian package
gnome-keyring (``python bootstrap.py test`` installs it); skipped, saying so, without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from camdraw.core import settings as settings_mod
from camdraw.core.providers import apikey
from camdraw.core.settings import Settings
from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import jpeg_file

CANARY = "sk-canary-secret-service-4d5e6f7a8b"
PASSWORD = "camdraw-test-keyring-password"
TOOLS = ("dbus-run-session", "gnome-keyring-daemon")

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="needs dbus-run-session and gnome-keyring-daemon (apt-get install dbus gnome-keyring)",
)

# Run inside the session: unlock a fresh login keyring, then each step as "NAME COMMAND...",
# each one's output, errors and exit status into $OUT/NAME.{out,err,rc}.
SESSION_SCRIPT = r"""
set -u
eval "$(printf '%s' "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)" \
    >/dev/null
step() {
    name=$1; shift
    "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" </dev/null
    echo $? >"$OUT/$name.rc"
}
stored() {  # how many camdraw entries the Secret Service holds (never their secrets)
    "$PY" -c "import secretstorage
c = secretstorage.get_default_collection(secretstorage.dbus_init())
print(len(list(c.search_items({'service': 'camdraw'}))))"
}
printf '%s\n' "$CANARY" | "$PY" -m camdraw key set >"$OUT/set.out" 2>"$OUT/set.err"
echo $? >"$OUT/set.rc"
stored >"$OUT/stored_after_set.out"
step status "$PY" -m camdraw key status
step draw "$PY" -m camdraw draw "$PHOTO" --images-dir "$IMAGES" --no-speech
step remove "$PY" -m camdraw key remove
stored >"$OUT/stored_after_remove.out"
step status_after_remove "$PY" -m camdraw key status
# A locked keyring: stored again, then locked (as after a screen lock or a fresh login).
printf '%s\n' "$CANARY" | "$PY" -m camdraw key set >"$OUT/set_again.out" 2>&1
"$PY" -c "import secretstorage
secretstorage.get_default_collection(secretstorage.dbus_init()).lock()"
step locked_status "$PY" -m camdraw key status
step locked_draw "$PY" -m camdraw draw "$PHOTO" --images-dir "$IMAGES" --no-speech --no-cache
step locked_set "$PY" -m camdraw key set  # refused before it asks for the key
"""


def session_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The children's environment: every folder in tmp_path, no display (no unlock prompt can
    appear), no inherited key, keyring backend or bus."""
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    dropped = ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in dropped and not k.startswith(("OPENAI_", "QT_", "XDG_"))
    }
    env.update(
        HOME=str(tmp_path / "user"),
        XDG_DATA_HOME=str(tmp_path / "user" / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "user" / "config"),
        XDG_RUNTIME_DIR=str(runtime),
        CAMDRAW_HOME=str(tmp_path / "camdraw-home"),
        PY=sys.executable,
        **extra,
    )
    return env


def read(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def assert_key_nowhere(*folders: Path) -> None:
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                assert CANARY.encode() not in path.read_bytes(), path


def test_key_commands_and_a_round_with_a_real_secret_service(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    out, images, home = tmp_path / "out", tmp_path / "images", tmp_path / "camdraw-home"
    out.mkdir()
    photo = jpeg_file(tmp_path / "kitchen.jpg")
    # The OpenAI preset at the loopback server: `key set` stores a key for that host.
    settings_mod.save(Settings(base_url=fake_openai.base_url), home / "config" / "settings.json")
    script = tmp_path / "session.sh"
    script.write_text(SESSION_SCRIPT, encoding="utf-8")
    env = session_env(
        tmp_path,
        OUT=str(out),
        IMAGES=str(images),
        PHOTO=str(photo),
        CANARY=CANARY,
        KEYRING_PASSWORD=PASSWORD,
    )
    session = subprocess.run(
        ["dbus-run-session", "--", "sh", str(script)],
        env=env,
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert session.returncode == 0, session.stderr.decode("utf-8", "replace")[-2000:]
    host = fake_openai.base_url.split("//")[1].split("/")[0]

    assert read(out, "set.rc").strip() == "0", read(out, "set.err")
    assert read(out, "set.out").strip() == (
        f"Stored the key for OpenAI at {host} in the system keyring "
        "(keyring.backends.SecretService.Keyring)."
    )
    assert read(out, "stored_after_set.out").strip() == "1"
    assert read(out, "status.rc").strip() == "0", read(out, "status.err")
    assert read(out, "status.out").splitlines()[:2] == [
        "keyring: keyring.backends.SecretService.Keyring",
        f"describing server: OpenAI at {host}: key in the system keyring",
    ]
    # The round used the key from the Secret Service, and only that key.
    assert read(out, "draw.rc").strip() == "0", read(out, "draw.err")
    assert f"description: {CZECH_DESCRIPTION}" in read(out, "draw.out")
    sent = {r["headers"].get("Authorization") for r in fake_openai.requests}
    assert (sent == {f"Bearer {CANARY}"}) is True  # compared, never printed
    assert len(list(images.glob("*_painting.png"))) == 1

    assert read(out, "remove.rc").strip() == "0"
    assert "Removed the key for OpenAI at" in read(out, "remove.out")
    assert read(out, "stored_after_remove.out").strip() == "0"
    assert read(out, "status_after_remove.rc").strip() == "1"
    assert "no key" in read(out, "status_after_remove.out")

    # Locked: a clear message and the way out, never a traceback; nothing sent.
    requests_before = len(fake_openai.requests)
    for step in ("locked_status", "locked_draw", "locked_set"):
        assert read(out, f"{step}.rc").strip() == "1", step
        errors = read(out, f"{step}.err")
        assert "Traceback" not in errors, errors
        assert "the keyring is locked" in errors + read(out, f"{step}.out"), step
        assert "Unlock the keyring" in errors and "OPENAI_API_KEY" in errors, step
    assert len(fake_openai.requests) == requests_before

    assert CANARY.encode() not in session.stdout + session.stderr
    assert_key_nowhere(out, images, home, tmp_path / "user" / "config")
    assert_key_nowhere(tmp_path / "user" / "data")  # the keyring file holds it encrypted


def test_no_secret_service_on_the_bus_gives_the_way_out(tmp_path: Path) -> None:
    """No session bus at all: keyring finds no usable backend."""
    env = session_env(tmp_path)
    for argv, stdin in ((["key", "set"], CANARY + "\n"), (["key", "status"], "")):
        result = subprocess.run(
            [sys.executable, "-m", "camdraw", *argv],
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 1, argv
        assert "Traceback" not in result.stderr
        assert apikey.NO_BACKEND_MESSAGE in result.stderr
        assert "OPENAI_API_KEY" in result.stderr
        assert CANARY not in result.stdout + result.stderr
