"""A keyring that never answers (a Secret Service waiting for an unlock or "create keyring"
prompt nobody can see) gives a clear message instead of hanging camdraw."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import keyring
import pytest

from camdraw.core.errors import KeyringUnavailableError, MissingKeyError
from camdraw.core.providers import apikey
from camdraw.core.providers.apikey import KeyStore
from tests.conftest import MemoryKeyring

STORED = "sk-stored-behind-a-prompt-0000"


class PromptingKeyring(MemoryKeyring):
    """Every call waits, like secretstorage's ``exec_prompt``, until ``answered`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.answered = threading.Event()
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        self.answered.wait()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        self.answered.wait()
        super().set_password(service, username, password)


def keyring_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == apikey.THREAD_NAME and t.is_alive()]


def wait_until_answered() -> None:
    """Wait until the keyring worker has finished the call it was stuck in (it stays alive:
    one worker serves every call)."""
    stuck = apikey._gate.stuck
    if stuck is not None:
        assert stuck.given.wait(5)


@contextlib.contextmanager
def prompting_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[PromptingKeyring]:
    """A PromptingKeyring holding a stored OpenAI key, with a short time limit; at the end
    its prompt is answered, so that the stuck thread ends."""
    monkeypatch.setattr(apikey, "KEYRING_TIMEOUT_S", 0.3)
    monkeypatch.setattr(apikey, "_gate", apikey._Gate())  # no stuck call from another test
    backend = PromptingKeyring()
    backend.store[(apikey.SERVICE, apikey.USERNAME)] = STORED
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        backend.answered.set()  # the worker returns from the stuck call
        wait_until_answered()


@pytest.fixture
def prompting(monkeypatch: pytest.MonkeyPatch) -> Iterator[PromptingKeyring]:
    with prompting_keyring(monkeypatch) as backend:
        yield backend


def test_a_keyring_that_does_not_answer_gives_the_way_out(prompting: PromptingKeyring) -> None:
    store = KeyStore({})
    found, problem, hint = store.look_up()
    assert found is None
    assert "did not answer" in problem and "unlock prompt" in problem
    assert "Unlock the keyring" in hint and "OPENAI_API_KEY" in hint and "Settings" in hint
    assert len(keyring_threads()) == 1  # the stuck call, still waiting

    # While it is stuck, later calls fail at once with the same message: no second thread,
    # no second call into the backend.
    with pytest.raises(MissingKeyError) as info:
        store.require()
    assert "could not be read from the system keyring" in str(info.value)
    assert problem in str(info.value)
    assert info.value.hint == hint
    with pytest.raises(KeyringUnavailableError) as refused:
        store.store("sk-new-key-111111")
    assert str(refused.value).startswith(f"The key was not stored ({problem})")
    with pytest.raises(KeyringUnavailableError) as refused:
        store.delete()
    assert str(refused.value).startswith(f"The key was not deleted ({problem})")
    assert apikey.backend_available()
    assert prompting.calls == 1
    assert len(keyring_threads()) == 1

    # The environment and a session key still work meanwhile.
    with_env = KeyStore({"OPENAI_API_KEY": "sk-from-env-222222"})
    assert with_env.look_up()[0] == apikey.FoundKey("sk-from-env-222222", "environment")

    # Once the prompt is answered, the keyring is used again.
    prompting.answered.set()
    wait_until_answered()
    assert store.look_up() == (apikey.FoundKey(STORED, "keyring"), "", "")
    assert len(keyring_threads()) == 1  # the same worker serves every call: no thread per call


def test_a_keyring_that_answers_raises_its_own_error_through_the_thread(
    prompting: PromptingKeyring,
) -> None:
    prompting.answered.set()
    store = KeyStore({})

    def locked(service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    prompting.get_password = locked  # type: ignore[method-assign]
    found, problem, hint = store.look_up()
    assert (found, problem) == (None, "the keyring is locked")
    assert hint == apikey.LOCKED_HINT
