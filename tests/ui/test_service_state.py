"""What the window's "is there a key?" check sees, per describing server."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from camdraw.core.providers import client, servers
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings
from camdraw.ui import service_state
from camdraw.ui.background import BackgroundJobs
from camdraw.ui.banner import Banner
from tests.core.test_keyring_timeout import prompting_keyring


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


def test_the_window_shows_the_cores_choice_and_decides_nothing_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever ``client.choose_service`` (the rule the rounds follow) answers is what the
    window shows, even an answer no settings would give here."""
    settings = Settings(service_mode="api")  # with a key: online, by any rule of its own
    keys = KeyStore({"OPENAI_API_KEY": "sk-canary-env-0a1b2c"})
    azure = servers.make_server("azure", "https://r.openai.azure.com/openai/v1/")
    asked: list[tuple[Settings, KeyStore]] = []

    def choice(*args: object, **kwargs: object) -> client.ServiceChoice:
        asked.append(args)  # type: ignore[arg-type]
        return client.ServiceChoice(True, "no key", azure, True)

    monkeypatch.setattr(client, "choose_service", choice)
    state = service_state.look(settings, keys)
    assert asked == [(settings, keys)]
    assert state.offline and not state.key_found
    assert state.server == "Azure OpenAI at r.openai.azure.com"


def test_a_keyring_that_does_not_answer_is_explained_in_the_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Secret Service waiting for a prompt nobody can answer: the check still answers (the
    offline demo, no key) and the note says why the keyring gave no key and the way out."""
    banner = Banner()
    qtbot.addWidget(banner)
    jobs = BackgroundJobs()
    with prompting_keyring(monkeypatch):
        watch = service_state.ServiceWatch(KeyStore({}), Settings, jobs)
        with qtbot.waitSignal(watch.changed, timeout=30_000) as answer:
            watch.check()
        jobs.wait()
        state = answer.args[0]
        assert state.offline and not state.key_found
        watch.show_notes(banner, state, lambda: None)
        note = banner.text("demo")
        assert note.startswith(service_state.offline_note())
        assert "The system keyring could not be read (the keyring did not answer" in note
        assert "OPENAI_API_KEY" in note and "for this session only" in note

        # The same for a server that needs a key and has none (no offline demo).
        api = Settings(service_mode="api")
        watch = service_state.ServiceWatch(KeyStore({}), lambda: api, jobs)
        with qtbot.waitSignal(watch.changed, timeout=30_000) as answer:
            watch.check()
        jobs.wait()
        watch.show_notes(banner, answer.args[0], lambda: None)
        assert "the keyring did not answer" in banner.text("key")
