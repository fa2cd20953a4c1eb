"""Fixtures shared by every test: isolated user dirs, an in-memory keyring, no leaked threads."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from camdraw.core import i18n
from camdraw.core.providers import apikey  # noqa: F401 - its keyring worker starts before any test

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Synthesise speech but never play it (SAPI renders into memory, espeak skips aplay): test machines
# may have no audio device, and a hung one would stop the run. Subprocesses inherit it.
os.environ["CAMDRAW_SPEECH_OUTPUT"] = "memory"


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in memory (never on disk)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


@pytest.fixture(autouse=True)
def camdraw_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user dirs and no inherited OpenAI settings."""
    home = tmp_path / "camdraw-home"
    monkeypatch.setenv("CAMDRAW_HOME", str(home))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(autouse=True)
def no_leftover_log_handlers() -> Iterator[None]:
    """A command run in-process (draw, key, ask) sets up logging for good: its console and
    file handlers would print later tests' logged tracebacks and write into a deleted home."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


@pytest.fixture(autouse=True)
def core_language() -> Iterator[None]:
    """Core messages start English in every test (a Czech window test sets them to Czech)."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Fail a test that leaves a camdraw thread running (it would abort later tests)."""
    before = set(threading.enumerate())
    yield
    leaked = [
        t
        for t in threading.enumerate()
        if t not in before and t.is_alive() and t.name.startswith("camdraw")
    ]
    for thread in leaked:
        thread.join(timeout=5)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"threads left running: {still}"


@pytest.fixture
def fake_openai() -> Iterator[object]:
    """A running OpenAI-compatible server on 127.0.0.1 (see tests/fake_openai.py)."""
    from tests.fake_openai import FakeOpenAI

    server = FakeOpenAI().start()
    yield server
    server.stop()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--bundle",
        type=Path,
        help="a built app folder (dist/camdraw): run the checks in tests/frozen against it",
    )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # tests/frozen checks a built app; `python bootstrap.py build` builds one and runs them.
    if collection_path.name == "frozen" and config.getoption("--bundle") is None:
        return True
    return None
