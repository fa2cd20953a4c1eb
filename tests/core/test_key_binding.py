"""A stored key goes only to the host it was stored for; ``*.localhost`` is loopback only once
resolved (issue 14, items 4 and 5)."""

from __future__ import annotations

import socket
from typing import Any

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from camdraw.core.errors import ConfigError, KeyringUnavailableError, MissingKeyError
from camdraw.core.providers import apikey, client, servers
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import check_transport, is_loopback, key_to_send
from camdraw.core.settings import Settings
from tests.conftest import MemoryKeyring

CANARY = "sk-canary-openai-bound-31415"
PROXY_KEY = "sk-proxy-own-key-27182"


def test_the_openai_key_is_sent_only_to_the_openai_api(memory_keyring: MemoryKeyring) -> None:
    keys = KeyStore({})
    keys.store(CANARY)  # stored for OpenAI, as the settings dialog does
    home = servers.describing_server(Settings())
    assert key_to_send(home, keys, allow_insecure=False) == CANARY
    explicit = servers.describing_server(Settings(base_url="https://api.openai.com/v1"))
    assert key_to_send(explicit, keys, allow_insecure=False) == CANARY
    for address in (
        "https://proxy.example.org/v1",  # another host under the OpenAI preset
        "https://api.openai.com.proxy.example.org/v1",
        "http://127.0.0.1:8080/v1",
        "https://api.openai.com:8443/v1",  # another port is another server
    ):
        moved = servers.describing_server(Settings(base_url=address))
        with pytest.raises(MissingKeyError) as info:
            key_to_send(moved, keys, allow_insecure=False)
        text = str(info.value)
        assert "this server needs its own key" in text and "only to https://api.openai.com" in text
        assert CANARY not in text
    # Its own entry, stored through the same store the settings dialog uses, is sent there.
    proxy = servers.describing_server(Settings(base_url="https://proxy.example.org/v1"))
    keys.for_server(proxy).store(PROXY_KEY)
    assert key_to_send(proxy, keys, allow_insecure=False) == PROXY_KEY
    assert key_to_send(home, keys, allow_insecure=False) == CANARY
    assert memory_keyring.store == {
        ("camdraw", apikey.USERNAME): CANARY,
        ("camdraw", "api-key:openai:proxy.example.org"): PROXY_KEY,
    }


def test_the_environment_key_follows_openai_base_url_as_the_sdk_documents(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "https://gateway.example.org/v1")
    keys = KeyStore({"OPENAI_API_KEY": "sk-env-key-16180"})
    keys.store(CANARY)
    gateway = servers.describing_server(Settings())
    assert gateway.base_url == "https://gateway.example.org/v1"
    assert key_to_send(gateway, keys, allow_insecure=False) == "sk-env-key-16180"


def test_the_client_never_leaves_the_address_to_the_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    # With base_url=None the SDK reads OPENAI_BASE_URL itself, past the host the key was for.
    monkeypatch.setenv("OPENAI_BASE_URL", "https://elsewhere.example.org/v1")
    made = client.openai_client(None, "sk-test-key-1", timeout=5)
    assert str(made.base_url).startswith("https://api.openai.com/v1")
    made.close()


def _resolver(answers: dict[str, list[str]]) -> Any:
    def getaddrinfo(host: str, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0))
            for a in answers[host]
        ]

    return getaddrinfo


def test_a_localhost_name_is_loopback_only_when_it_resolves_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The resolver is the one part standing in: what a hosts file or DNS would answer.
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        _resolver(
            {
                "app.localhost": ["127.0.0.1", "::1"],
                "lan.localhost": ["192.168.1.20"],
                "mixed.localhost": ["127.0.0.1", "203.0.113.9"],
                "localhost": ["127.0.0.1"],
            }
        ),
    )
    assert is_loopback("app.localhost") and is_loopback("APP.localhost.")
    assert is_loopback("localhost") and is_loopback("127.0.0.1") and is_loopback("[::1]")
    for name in ("lan.localhost", "mixed.localhost", "unknown.localhost"):
        assert not is_loopback(name), name
        with pytest.raises(ConfigError, match="plain http"):
            check_transport(f"http://{name}:8080/v1", allow_insecure=False)
    check_transport("http://app.localhost:8080/v1", allow_insecure=False)  # stays here: fine


class LockedKeyring(KeyringBackend):
    """A backend whose collection is locked, as a Secret Service nobody unlocked answers."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")


def test_a_locked_keyring_says_so_and_how_to_get_past_it() -> None:
    keyring.set_keyring(LockedKeyring())  # the autouse fixture puts the memory one back
    keys = KeyStore({})
    with pytest.raises(MissingKeyError) as read:
        keys.require()
    with pytest.raises(KeyringUnavailableError) as stored:
        keys.store(CANARY)
    with pytest.raises(KeyringUnavailableError) as deleted:
        keys.delete()
    for error in (read.value, stored.value, deleted.value):
        assert "the keyring is locked" in str(error)
        assert "Unlock the keyring" in error.hint and "OPENAI_API_KEY" in error.hint
        assert CANARY not in str(error)
