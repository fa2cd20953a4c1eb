"""Set up camdraw from a source checkout and run it (or its tests), on Linux, Windows or macOS.

Run ``python bootstrap.py --help`` for its commands (USAGE below).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

# Only the standard library is used here: nothing else is installed yet when this runs.

USAGE = """\
usage:
    python bootstrap.py [APP ARGUMENTS]     install camdraw into .venv and start it: the window,
                                            or a camdraw command (draw PHOTO, doctor)
    python bootstrap.py test [PYTEST ARGS]  install camdraw with its test tools and run the tests
    python bootstrap.py build               build the app folder dist/camdraw/ from camdraw.spec
                                            and check the built app (tests/frozen)
    python bootstrap.py bench               print the speed benchmark's table (benchmarks/)
    python bootstrap.py --help              this help (installs nothing)

Other arguments are passed on to camdraw (python bootstrap.py --camera 1, python bootstrap.py
draw photo.jpg); everything after -- goes to camdraw unchanged, so python bootstrap.py -- --help
shows camdraw's own help and commands.

On Debian/Ubuntu it first installs the system libraries Qt needs and the espeak-ng voice
(with apt-get, as root or through sudo, waiting for another apt to finish). Python packages come
at the versions pinned in requirements/ (app.txt, lock.txt for test/build/bench), each download
checked against its sha256 hash; they are installed again only when pyproject.toml or those
files changed.
"""

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"

# Debian package names; a tuple lists alternatives (newer releases renamed some libraries).
APT_PACKAGES: list[str | tuple[str, ...]] = [
    "espeak-ng",  # the speech voice pyttsx3 drives on Linux (Czech included)
    "alsa-utils",  # aplay, which pyttsx3's espeak driver plays through
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    ("libglib2.0-0t64", "libglib2.0-0"),
    "libdbus-1-3",
    "libx11-xcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-xkb1",
    "libxcb-xinerama0",
]

# Only the tests need these: a virtual display, key presses and an accessibility bus with a
# listener, for the end-to-end screen-reader test (tests/integration/test_screen_reader_bus.py),
# and a real Secret Service for the key commands (tests/integration/test_secret_service.py).
TEST_APT_PACKAGES: list[str | tuple[str, ...]] = [
    "xvfb",
    "xdotool",
    "dbus",
    "at-spi2-core",
    "python3-pyatspi",
    "gnome-keyring",
]

# Wait up to five minutes for another apt or dpkg (unattended upgrades, a second terminal)
# instead of giving up at once with "Could not get lock".
APT_LOCK_WAIT = ["-o", "DPkg::Lock::Timeout=300"]


def say(text: str) -> None:
    print(f"[bootstrap] {text}", flush=True)


def _installed(package: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
    )
    return "install ok installed" in result.stdout


def _available(package: str) -> bool:
    result = subprocess.run(["apt-cache", "show", package], capture_output=True, check=False)
    return result.returncode == 0 and bool(result.stdout.strip())


def install_system_packages(*, testing: bool = False) -> None:
    if not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        return
    packages = APT_PACKAGES + (TEST_APT_PACKAGES if testing else [])
    wanted = [p if isinstance(p, tuple) else (p,) for p in packages]
    missing = [names for names in wanted if not any(_installed(n) for n in names)]
    if not missing:
        return
    if os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo"):
        prefix = ["sudo"]
    else:
        names = " ".join(n[0] for n in missing)
        say(f"please install these system packages, then run me again: apt-get install {names}")
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    say("installing system packages (Qt libraries, espeak-ng) with apt-get ...")
    subprocess.run([*prefix, "apt-get", *APT_LOCK_WAIT, "update", "-qq"], check=False, env=env)
    chosen = [next((n for n in names if _available(n)), names[-1]) for names in missing]
    command = [*prefix, "apt-get", *APT_LOCK_WAIT, "install", "-y", "-qq"]
    command += ["--no-install-recommends", *chosen]
    if subprocess.run(command, check=False, env=env).returncode != 0:
        say("apt-get could not install everything; camdraw will say what is missing.")


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


# Pinned versions with their sha256 hashes (written by scripts/lock.py): the app alone, and the
# app with its test and build tools at the same versions. Every wheel pip fetches is checked.
APP_LOCK = "requirements/app.txt"
FULL_LOCK = "requirements/lock.txt"
# lock.txt holds both extras, so any install with extras gets them all.
FULL_EXTRAS = "test,build"


def lock_file(extra: str) -> Path:
    """The pinned requirements an install with these extras uses."""
    return ROOT / (FULL_LOCK if extra else APP_LOCK)


def _digest(extra: str) -> str:
    """What an install depends on: pyproject.toml, its lock file and the extras."""
    lock = lock_file(extra)
    pinned = lock.read_bytes() if lock.exists() else b""
    project = (ROOT / "pyproject.toml").read_bytes()
    return hashlib.sha256(project + pinned + extra.encode()).hexdigest()


def _installed_before(extra: str) -> bool:
    """Whether a run installed these extras, or more ("test" covers the app), from this very
    pyproject.toml and lock file: each install leaves a stamp named after its extras."""
    wanted = {name for name in extra.split(",") if name}
    for stamp in VENV.glob(".camdraw-installed-*"):
        done = stamp.name.removeprefix(".camdraw-installed-")
        done = "" if done == "app" else done
        extras = {name for name in done.split(",") if name}
        if wanted <= extras and stamp.read_text(encoding="utf-8") == _digest(done):
            return True
    return False


def pip_commands(python: Path, extra: str) -> list[list[str]]:
    """Pip upgraded, then the locked packages (hash-checked, nothing unpinned pulled in), then
    camdraw itself, editable; hash-checking mode cannot take an editable install, so it is a
    command of its own. Without a lock file (a trimmed copy): the ranges in pyproject.toml."""
    pip = [str(python), "-m", "pip", "install", *(["--quiet"] if os.environ.get("CI") else [])]
    commands = [[*pip, "--upgrade", "pip"]]
    lock = lock_file(extra)
    if not lock.exists():
        say(f"{lock.relative_to(ROOT)} is missing: installing the newest allowed versions")
        return [*commands, [*pip, "--editable", f".[{extra}]" if extra else "."]]
    relative = lock.relative_to(ROOT).as_posix()
    commands.append([*pip, "--require-hashes", "--no-deps", "-r", relative])
    commands.append([*pip, "--no-deps", "--editable", "."])
    return commands


def install_camdraw(extra: str) -> Path:
    extra = FULL_EXTRAS if extra else ""
    python = venv_python()
    if not python.exists():
        say(f"creating a virtual environment in {VENV.name}/ ...")
        try:
            venv.create(VENV, with_pip=True, clear=True)
        except Exception as error:
            sys.exit(
                f"[bootstrap] cannot create {VENV}: {error}. On Debian/Ubuntu install "
                "python3-venv and run me again."
            )
    # Reinstall only when the project's requirements or their pins changed since the last run.
    if _installed_before(extra):
        return python
    stamp = VENV / f".camdraw-installed-{extra or 'app'}"
    say("installing camdraw and its Python packages (pinned, hash-checked) ...")
    for command in pip_commands(python, extra):
        if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
            sys.exit("[bootstrap] pip could not install camdraw (see the messages above).")
    stamp.write_text(_digest(extra), encoding="utf-8")
    return python


def build(argv: list[str]) -> int:
    """PyInstaller with camdraw.spec, a size table, then the frozen app's own checks."""
    python = install_camdraw("test,build")
    os.chdir(ROOT)
    bundle = ROOT / "dist" / "camdraw"
    steps = [
        [str(python), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "camdraw.spec"],
        [str(python), str(ROOT / "scripts" / "bundle_report.py"), str(bundle)],
        [str(python), "-m", "pytest", "tests/frozen", "--bundle", str(bundle), *argv],
    ]
    for command in steps:
        say("running: " + " ".join(command[1:]))
        code = subprocess.run(command, check=False).returncode
        if code != 0:
            return code
    suffix = ".exe" if os.name == "nt" else ""
    say(
        f"the app is in {bundle}{os.sep}: start camdraw{suffix} (the window) or, in a terminal, "
        f"camdraw-cli{suffix} (draw, doctor, key); zip that folder to share it"
    )
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):
        print(USAGE.strip())
        return 0
    # After "--" everything is camdraw's, even "--help" or "test".
    verb = argv[0] if argv[:1] in (["test"], ["build"], ["bench"], ["--"]) else ""
    args = argv[1:] if verb else argv
    testing = verb in ("test", "bench")
    install_system_packages(testing=testing or verb == "build")
    if verb == "build":
        return build(args)
    python = install_camdraw("test" if testing else "")
    if verb == "bench":  # needs the tests' loopback server, so the test install
        command = [str(python), "-m", "benchmarks.bench", *args]
    elif testing:
        command = [str(python), "-m", "pytest", *args]
    else:
        command = [str(python), "-m", "camdraw", *args]
    say("running: " + " ".join(command[1:]))
    os.chdir(ROOT)
    if os.name == "posix":
        # Become the app (same process id): signals and window managers see camdraw itself.
        os.execv(command[0], command)
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
