import logging

import keyring
import pytest
from keyring.backends import fail

from camdraw.core import apikey, logs
from camdraw.core.apikey import KeyStore
from camdraw.core.errors import KeyringUnavailableError, MissingKeyError
from tests.conftest import MemoryKeyring


def test_lookup_order_keyring_then_session_then_environment(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore({"OPENAI_API_KEY": "sk-from-env-000000"})
    assert store.find().source == "environment"
    store.use_for_session("sk-session-111111")
    assert store.find().source == "session"
    store.store("sk-keyring-222222")
    found = store.find()
    assert (found.source, found.value) == ("keyring", "sk-keyring-222222")
    assert memory_keyring.store[("camdraw", apikey.USERNAME)] == "sk-keyring-222222"
    assert "sk-keyring" not in repr(found)


def test_replace_and_delete(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore({})
    store.store("sk-first-0000000")
    store.store("sk-second-000000")
    assert store.require() == "sk-second-000000"
    store.delete()
    assert store.find() is None
    store.delete()  # deleting twice is fine


def test_missing_key_message_says_how_to_fix_it() -> None:
    with pytest.raises(MissingKeyError) as info:
        KeyStore({}).require()
    assert "Settings" in str(info.value) and "OPENAI_API_KEY" in str(info.value)


def test_no_backend_is_reported_and_session_key_is_the_way_out() -> None:
    keyring.set_keyring(fail.Keyring())
    assert not apikey.backend_available()
    store = KeyStore({})
    with pytest.raises(KeyringUnavailableError, match="no secure keyring") as info:
        store.store("sk-nowhere-000000")
    assert "session" in info.value.hint
    assert store.find() is None
    store.use_for_session("sk-session-333333")
    assert store.require() == "sk-session-333333"


def test_plaintext_backends_are_refused() -> None:
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    keyring.set_keyring(PlaintextKeyring())
    assert not apikey.backend_available()
    with pytest.raises(KeyringUnavailableError):
        KeyStore({}).store("sk-plain-0000000")


def test_key_is_redacted_from_logs(caplog: pytest.LogCaptureFixture) -> None:
    store = KeyStore({"OPENAI_API_KEY": "canary-not-shaped-like-a-key"})
    key = store.require()
    logger = logging.getLogger("camdraw.test")
    caplog.handler.addFilter(logs.RedactingFilter())
    with caplog.at_level(logging.INFO):
        logger.info("using %s and sk-abcdefghijklmnop", key)
    assert "canary-not-shaped" not in caplog.text
    assert "sk-abcdefghijklmnop" not in caplog.text
    assert caplog.text.count("[redacted]") == 2
