"""What the window's "is there a key?" check sees, per describing server."""

from __future__ import annotations

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui import service_state


def test_a_keyless_local_server_needs_no_key_and_is_not_the_offline_demo() -> None:
    state = service_state.look(Settings(describe_server="ollama"), KeyStore({}))
    assert state.key_found and not state.offline


def test_the_environment_key_counts_for_openai_only() -> None:
    keys = KeyStore({"OPENAI_API_KEY": "sk-canary-env-0a1b2c"})
    assert service_state.look(Settings(), keys).key_found
    azure = Settings(
        describe_server="azure",
        base_url="https://contoso.openai.azure.com/openai/v1/",
        service_mode="api",
    )
    assert not service_state.look(azure, keys).key_found
    assert service_state.look(azure.replace(service_mode="auto"), keys).offline


def test_the_window_and_the_rounds_agree_on_the_offline_demo() -> None:
    """The window derives "offline" from its one keyring read; the rounds ask the client."""
    from camdraw.core.providers.client import offline_demo_active

    for mode in ("auto", "api", "offline"):
        for server in ("openai", "ollama"):
            for environ in ({}, {"OPENAI_API_KEY": "sk-canary-env-0a1b2c"}):
                settings = Settings(service_mode=mode, describe_server=server)
                keys = KeyStore(environ)
                assert service_state.look(settings, keys).offline == offline_demo_active(
                    settings, keys
                ), (mode, server, environ)
