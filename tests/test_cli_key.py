"""``camdraw key set|status|remove`` with a real keyring backend kept in memory (the real
Secret Service run is tests/integration/test_secret_service.py)."""

from __future__ import annotations

import io
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from camdraw import app, cli_key
from camdraw.core import i18n
from camdraw.core import settings as settings_mod
from camdraw.core.providers import apikey, servers
from camdraw.core.settings import Settings
from tests.conftest import MemoryKeyring

KEY = "sk-canary-cli-key-6a7b8c9d"


class Terminal(io.StringIO):
    """Standard input that is a terminal: the key must be asked for, not read."""

    def isatty(self) -> bool:
        return True


def key(*argv: str, stdin: str | io.StringIO = "", monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(
        "sys.stdin", stdin if isinstance(stdin, io.StringIO) else io.StringIO(stdin)
    )
    return cli_key.run(app.parse(["key", *argv]))


def test_set_status_remove_round_trip(
    memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    assert key("status", monkeypatch=monkeypatch) == 1  # no key for the describing server
    said = capsys.readouterr()
    assert "describing server: OpenAI: no key" in said.out
    assert "camdraw key set" in said.err

    assert key("set", stdin=f"  {KEY}\n", monkeypatch=monkeypatch) == 0
    assert memory_keyring.store == {("camdraw", apikey.USERNAME): KEY}  # the dialog's entry
    said = capsys.readouterr()
    assert "Stored the key for OpenAI in the system keyring (tests.conftest.MemoryKeyring)" in (
        said.out
    )

    assert key("status", monkeypatch=monkeypatch) == 0
    said = capsys.readouterr()
    assert "keyring: tests.conftest.MemoryKeyring" in said.out
    assert "describing server: OpenAI: key in the system keyring" in said.out
    assert KEY not in said.out + said.err

    assert key("remove", monkeypatch=monkeypatch) == 0
    assert memory_keyring.store == {}
    assert "Removed the key for OpenAI" in capsys.readouterr().out
    assert key("remove", monkeypatch=monkeypatch) == 0
    assert "No key for OpenAI was stored" in capsys.readouterr().out


def test_a_terminal_is_asked_without_echo(
    memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    prompts: list[str] = []

    def getpass(prompt: str = "") -> str:  # the terminal's side of getpass: no echo
        prompts.append(prompt)
        return KEY

    monkeypatch.setattr(cli_key.getpass, "getpass", getpass)
    assert key("set", stdin=Terminal(), monkeypatch=monkeypatch) == 0
    assert prompts == ["API key for OpenAI (not shown): "]
    assert memory_keyring.store == {("camdraw", apikey.USERNAME): KEY}


def test_keys_are_stored_for_the_server_and_its_host(
    memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    settings_mod.save(
        Settings(
            describe_server="ollama",
            paint_server="custom",
            paint_base_url="https://paint.example.org:8443/v1",
        )
    )
    assert key("set", "--server", "paint", stdin=KEY, monkeypatch=monkeypatch) == 0
    assert memory_keyring.store == {("camdraw", "api-key:custom:paint.example.org:8443"): KEY}
    assert key("set", "--server", "openai", stdin="sk-openai-2", monkeypatch=monkeypatch) == 0
    assert memory_keyring.store[("camdraw", apikey.USERNAME)] == "sk-openai-2"
    capsys.readouterr()
    assert key("status", monkeypatch=monkeypatch) == 0  # Ollama takes none
    said = capsys.readouterr().out
    assert "describing server: Ollama at localhost:11434: takes no key" in said
    assert "painting server: Custom at paint.example.org:8443: key in the system keyring" in said
    assert key("set", "--server", "describe", stdin=KEY, monkeypatch=monkeypatch) == 1
    assert "Ollama takes no key." in capsys.readouterr().err
    assert key("set", "--server", "nope", stdin=KEY, monkeypatch=monkeypatch) == 1
    assert "There is no server 'nope'" in capsys.readouterr().err
    assert key("remove", "--server", "paint", monkeypatch=monkeypatch) == 0
    assert ("camdraw", "api-key:custom:paint.example.org:8443") not in memory_keyring.store


def test_status_names_the_environment_and_a_bad_key_is_refused(
    memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    assert key("status", monkeypatch=monkeypatch) == 0
    said = capsys.readouterr()
    assert "key from the OPENAI_API_KEY environment variable" in said.out
    assert KEY not in said.out + said.err
    for given in ("", "\n", "sk-one\nsk-two\n", "two words"):
        assert key("set", stdin=given, monkeypatch=monkeypatch) == 1
    assert memory_keyring.store == {}
    assert "Traceback" not in capsys.readouterr().err


def test_a_plaintext_or_missing_keyring_is_refused_as_the_window_does(
    capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse fixture puts the memory one back
    assert key("set", stdin=KEY, monkeypatch=monkeypatch) == 1
    said = capsys.readouterr()
    assert said.err.strip() == f"camdraw: {apikey.NO_BACKEND_MESSAGE} {apikey.NO_BACKEND_HINT}"
    assert key("status", monkeypatch=monkeypatch) == 1
    assert "keyring: none usable (keyring.backends.fail.Keyring)" in capsys.readouterr().out


def test_the_help_lists_every_server_name() -> None:
    assert (*cli_key.ROLES, *(preset.id for preset in servers.PRESETS)) == app.KEY_SERVERS


def test_nothing_is_written_under_the_camdraw_folder(
    camdraw_home: Path, memory_keyring: MemoryKeyring, monkeypatch
) -> None:
    assert key("set", stdin=KEY, monkeypatch=monkeypatch) == 0
    assert key("status", monkeypatch=monkeypatch) == 0
    files = [p for p in camdraw_home.rglob("*") if p.is_file()] if camdraw_home.exists() else []
    assert all(KEY.encode() not in p.read_bytes() for p in files)


def test_the_key_messages_have_czech(
    memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    sources = [Path(cli_key.__file__), Path(apikey.__file__)]
    missing = [m for m in i18n.messages_in(sources) if m not in i18n.catalogue("cs")]
    assert missing == []
    settings_mod.save(Settings(ui_language="cs"))
    assert key("status", monkeypatch=monkeypatch) == 1
    said = capsys.readouterr()
    assert "server pro popis: OpenAI: žádný klíč" in said.out
    assert "Server pro popis nemá klíč" in said.err


def test_a_missing_keyring_is_refused_in_czech_too(
    capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse fixture puts the memory one back
    settings_mod.save(Settings(ui_language="cs"))
    assert key("set", stdin=KEY, monkeypatch=monkeypatch) == 1
    assert "Tento systém nemá žádnou zabezpečenou klíčenku" in capsys.readouterr().err
    assert key("status", monkeypatch=monkeypatch) == 1
    assert "Tento systém nemá žádnou zabezpečenou klíčenku" in capsys.readouterr().err
