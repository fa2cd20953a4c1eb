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


def test_a_second_install_with_nothing_changed_runs_no_pip(tmp_path: Path, monkeypatch) -> None:
    bootstrap = load_bootstrap()
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("", encoding="utf-8")  # an existing venv: nothing to create
    monkeypatch.setattr(bootstrap, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(bootstrap, "venv_python", lambda: python)
    commands: list[list[str]] = []

    def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        commands.append(list(command))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(bootstrap.subprocess, "run", run)
    assert bootstrap.install_camdraw("test") == python
    assert [c[2:4] for c in commands] == [["pip", "install"], ["pip", "install"]]
    commands.clear()
    assert bootstrap.install_camdraw("test") == python
    assert commands == []
