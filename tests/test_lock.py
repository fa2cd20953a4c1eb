"""requirements/: the pinned, hashed files bootstrap.py installs from agree with pyproject.toml.

Static checks, no network: every requirement of pyproject.toml is pinned, within its range and
with its hashes, on every platform and Python the files claim to serve.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
APP = ROOT / "requirements" / "app.txt"

# Where camdraw runs: CI (Linux, Python 3.11), the Windows workflow (3.12), and the rest of what
# pyproject.toml's requires-python and the README promise.
PLATFORMS = {
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    "win32": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
    "darwin": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
}
PYTHONS = ["3.10", "3.11", "3.12"]
ENVIRONMENTS = [(platform, python) for platform in PLATFORMS for python in PYTHONS]


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    marker: Marker | None
    hashes: tuple[str, ...]


def environment(platform: str, python: str) -> dict[str, str]:
    return {
        **PLATFORMS[platform],
        "python_version": python,
        "python_full_version": f"{python}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "platform_machine": "x86_64",
        "platform_release": "24.0",
        "extra": "",
    }


def read_pins(path: Path) -> list[Pin]:
    """The entries of a pip requirements file as uv writes it: ``name==1.0 ; marker \\`` then
    one ``--hash=sha256:...`` line per file."""
    pins: list[Pin] = []
    text = path.read_text(encoding="utf-8")
    for entry in re.split(r"\n(?=[^\s#])", text):
        entry = "\n".join(line for line in entry.splitlines() if not line.lstrip().startswith("#"))
        if not entry.strip():
            continue
        head = entry.split("\\", 1)[0].strip()
        requirement = Requirement(head)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", head
        hashes = tuple(re.findall(r"--hash=sha256:([0-9a-f]{64})", entry))
        pins.append(
            Pin(canonicalize_name(requirement.name), specifier.version, requirement.marker, hashes)
        )
    return pins


def pins_for(pins: list[Pin], platform: str, python: str) -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    env = environment(platform, python)
    for pin in pins:
        if pin.marker is None or pin.marker.evaluate(env):
            chosen.setdefault(pin.name, []).append(pin.version)
    return chosen


def project() -> dict:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def requirements(*, extras: bool) -> list[Requirement]:
    data = project()
    found = [Requirement(text) for text in data["dependencies"]]
    if extras:
        for group in data["optional-dependencies"].values():
            found += [Requirement(text) for text in group]
    return [r for r in found if canonicalize_name(r.name) != "camdraw"]  # camdraw[build] itself


@pytest.mark.parametrize(("path", "extras"), [(LOCK, True), (APP, False)])
@pytest.mark.parametrize(("platform", "python"), ENVIRONMENTS)
def test_every_requirement_is_pinned_once_within_its_range(
    path: Path, extras: bool, platform: str, python: str
) -> None:
    pinned = pins_for(read_pins(path), platform, python)
    env = environment(platform, python)
    problems = []
    for requirement in requirements(extras=extras):
        if requirement.marker is not None and not requirement.marker.evaluate(env):
            continue  # comtypes off Windows
        versions = pinned.get(canonicalize_name(requirement.name), [])
        if len(versions) != 1:
            problems.append(f"{requirement.name}: pinned {versions or 'nowhere'}")
        elif not requirement.specifier.contains(versions[0], prereleases=True):
            problems.append(f"{requirement}: pinned {versions[0]}, outside the range")
    # Run `python scripts/lock.py` after changing pyproject.toml's dependencies.
    assert problems == [], f"{path.name} on {platform}, Python {python}: {problems}"


@pytest.mark.parametrize("path", [LOCK, APP])
def test_every_pin_has_sha256_hashes(path: Path) -> None:
    pins = read_pins(path)
    assert len(pins) > 20
    assert [pin.name for pin in pins if not pin.hashes] == []


def test_the_app_gets_the_versions_the_tests_and_the_build_use() -> None:
    lock = {(pin.name, str(pin.marker)): pin.version for pin in read_pins(LOCK)}
    app = {(pin.name, str(pin.marker)): pin.version for pin in read_pins(APP)}
    assert {key: lock.get(key) for key in app} == app
    # ... and nothing of the tools: pytest and PyInstaller stay out of a plain install.
    assert {"pytest", "pyinstaller", "ruff"}.isdisjoint(name for name, _marker in app)


def test_platform_packages_come_only_where_they_are_needed() -> None:
    """One universal file: Windows' speech and key store wrappers, Linux' Secret Service."""
    pins = read_pins(LOCK)
    windows, linux = pins_for(pins, "win32", "3.12"), pins_for(pins, "linux", "3.11")
    for name in ("comtypes", "pywin32-ctypes", "pefile"):
        assert name in windows and name not in linux, name
    for name in ("secretstorage", "jeepney"):
        assert name in linux and name not in windows, name


def test_the_windows_build_and_ci_install_this_lock() -> None:
    """bootstrap's build (the exe) and tests use lock.txt; the Windows workflow's Python is one
    the lock serves, and its pip cache is keyed on the lock."""
    yaml = pytest.importorskip("yaml")
    spec = importlib.util.spec_from_file_location("bootstrap_for_lock", ROOT / "bootstrap.py")
    assert spec is not None and spec.loader is not None
    bootstrap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bootstrap)
    assert bootstrap.lock_file("test,build") == LOCK  # python bootstrap.py build
    assert bootstrap.lock_file("test") == LOCK  # python bootstrap.py test, bench
    assert bootstrap.lock_file("") == APP  # python bootstrap.py
    text = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    steps = yaml.safe_load(text)["jobs"]["windows"]["steps"]
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] in PYTHONS
    assert setup["with"]["cache-dependency-path"] == "requirements/lock.txt"
