"""bootstrap.py: its own --help, apt that waits for the lock, no pip when nothing changed."""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("apt-get", "apt-cache", "dpkg-query", "sudo")


def load_bootstrap(root: Path = ROOT) -> ModuleType:
    spec = importlib.util.spec_from_file_location("bootstrap_under_test", root / "bootstrap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def recording_tools(folder: Path, calls: Path) -> dict[str, str]:
    """apt-get, apt-cache, dpkg-query and sudo that only write down that they ran; returns the
    environment that finds them first."""
    folder.mkdir()
    for name in TOOLS:
        tool = folder / name
        tool.write_text(f'#!/bin/sh\necho "{name} $*" >> "{calls}"\n', encoding="utf-8")
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_its_own_commands_and_installs_nothing(tmp_path: Path, flag: str) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    shutil.copy(ROOT / "bootstrap.py", checkout)
    shutil.copy(ROOT / "pyproject.toml", checkout)
    calls = tmp_path / "calls.txt"
    env = recording_tools(tmp_path / "bin", calls)
    result = subprocess.run(
        [sys.executable, str(checkout / "bootstrap.py"), flag],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for command in ("bootstrap.py test", "bootstrap.py build", "bootstrap.py bench"):
        assert command in result.stdout
    assert "passed on to camdraw" in result.stdout
    assert "python bootstrap.py -- --help" in result.stdout  # how to see the app's own help
    assert "[bootstrap] running" not in result.stdout
    assert not (checkout / ".venv").exists()
    assert not calls.exists(), calls.read_text(encoding="utf-8")  # no apt, dpkg or sudo


def test_apt_waits_for_the_lock_on_update_and_install(monkeypatch) -> None:
    bootstrap = load_bootstrap()
    commands: list[list[str]] = []

    def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        commands.append(list(command))
        if command[0] == "dpkg-query":  # nothing installed yet
            return subprocess.CompletedProcess(command, 1, stdout="", stderr="")
        if command[0] == "apt-cache":
            return subprocess.CompletedProcess(command, 0, stdout="Package: x\n", stderr="")
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.setattr(bootstrap.sys, "platform", "linux")
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 1000, raising=False)  # through sudo
    monkeypatch.setattr(bootstrap.subprocess, "run", run)
    bootstrap.install_system_packages()
    apt = [command for command in commands if "apt-get" in command[:2]]
    assert [command[:5] for command in apt] == [
        ["sudo", "apt-get", "-o", "DPkg::Lock::Timeout=300", "update"],
        ["sudo", "apt-get", "-o", "DPkg::Lock::Timeout=300", "install"],
    ]
    assert "espeak-ng" in apt[1] and "libxcb-cursor0" in apt[1]
    # The screen-reader test's bus and display come only with the tests.
    assert "at-spi2-core" not in apt[1]
    commands.clear()
    bootstrap.install_system_packages(testing=True)
    install = next(command for command in commands if "install" in command[:5])
    assert {"xvfb", "xdotool", "dbus", "at-spi2-core", "python3-pyatspi"} <= set(install)
    assert "gnome-keyring" in install  # the real Secret Service of test_secret_service.py


@pytest.fixture
def pip_runs(tmp_path: Path, monkeypatch) -> tuple[ModuleType, list[list[str]]]:
    """bootstrap with an existing .venv in tmp_path and the pip commands it would run."""
    bootstrap = load_bootstrap()
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    shutil.copy(ROOT / "pyproject.toml", checkout)
    shutil.copytree(ROOT / "requirements", checkout / "requirements")
    python = checkout / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("", encoding="utf-8")  # an existing venv: nothing to create
    monkeypatch.setattr(bootstrap, "ROOT", checkout)
    monkeypatch.setattr(bootstrap, "VENV", checkout / ".venv")
    monkeypatch.setattr(bootstrap, "venv_python", lambda: python)
    commands: list[list[str]] = []

    def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        commands.append(list(command))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(bootstrap.subprocess, "run", run)
    return bootstrap, commands


def pip_installs(commands: list[list[str]]) -> list[list[str]]:
    """The pip installs after pip's own upgrade, without the interpreter, "-m pip install" and
    the --quiet that CI adds."""
    installs = [
        [a for a in c[4:] if a != "--quiet"] for c in commands if c[2:4] == ["pip", "install"]
    ]
    return [c for c in installs if c[-2:] != ["--upgrade", "pip"]]


LOCKED_TEST = [
    ["--require-hashes", "--no-deps", "-r", "requirements/lock.txt"],
    ["--no-deps", "--editable", "."],
]
LOCKED_APP = [
    ["--require-hashes", "--no-deps", "-r", "requirements/app.txt"],
    ["--no-deps", "--editable", "."],
]


def test_pip_installs_the_pinned_hashed_files_then_camdraw_alone(pip_runs) -> None:
    bootstrap, commands = pip_runs
    bootstrap.install_camdraw("test")
    # Every wheel checked against the lock's hashes, nothing unpinned pulled in (--no-deps),
    # then camdraw itself, which hash-checking mode cannot take as an editable install.
    assert pip_installs(commands) == LOCKED_TEST
    assert commands[0][-2:] == ["--upgrade", "pip"]
    commands.clear()
    (bootstrap.VENV / ".camdraw-installed-test,build").unlink()
    bootstrap.install_camdraw("")  # the app alone: the same versions, without the tools
    assert pip_installs(commands) == LOCKED_APP


def test_pip_runs_once_for_what_is_not_installed_yet(pip_runs) -> None:
    bootstrap, commands = pip_runs
    bootstrap.install_camdraw("test")
    bootstrap.install_camdraw("test")  # nothing changed
    bootstrap.install_camdraw("")  # the app: the test install has it already
    bootstrap.install_camdraw("test,build")  # lock.txt holds the build tools too
    assert pip_installs(commands) == LOCKED_TEST
    pyproject = bootstrap.ROOT / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "\n# changed\n", "utf-8")
    commands.clear()
    bootstrap.install_camdraw("")  # the requirements changed: install again
    bootstrap.install_camdraw("")
    assert pip_installs(commands) == LOCKED_APP


def test_pip_runs_again_when_the_pins_change(pip_runs) -> None:
    bootstrap, commands = pip_runs
    bootstrap.install_camdraw("test")
    lock = bootstrap.ROOT / "requirements" / "lock.txt"
    lock.write_text(lock.read_text(encoding="utf-8").replace("==", "===", 1), "utf-8")
    bootstrap.install_camdraw("test")  # a package moved to another version: install again
    bootstrap.install_camdraw("test")
    assert pip_installs(commands) == LOCKED_TEST * 2
    commands.clear()
    app = bootstrap.ROOT / "requirements" / "app.txt"
    app.write_text(app.read_text(encoding="utf-8") + "\n", "utf-8")
    bootstrap.install_camdraw("")  # the test install still covers the app: its pins are its own
    assert pip_installs(commands) == []


def test_without_the_lock_files_pip_takes_pyprojects_ranges(pip_runs) -> None:
    bootstrap, commands = pip_runs
    shutil.rmtree(bootstrap.ROOT / "requirements")
    bootstrap.install_camdraw("test")
    assert [c[-1] for c in pip_installs(commands)] == [".[test,build]"]
