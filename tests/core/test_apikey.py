import errno
import logging
import sys
import types
from collections.abc import Callable

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from camdraw.core import logs
from camdraw.core.errors import KeyringUnavailableError, MissingKeyError
from camdraw.core.providers import apikey
from camdraw.core.providers.apikey import KeyStore
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


# -- a keyring that fails -------------------------------------------------------------------


def pywintypes_error() -> type[Exception]:
    """The error class of pywin32-ctypes' ``pywintypes`` that keyring's Windows backend lets
    escape: the real one where it can be imported, else a stand-in built like it (a plain
    Exception subclass named ``error`` with winerror, funcname, strerror), put in
    sys.modules under the real module name as keyring's backend would have loaded it."""
    try:
        from win32ctypes.pywin32 import pywintypes  # type: ignore[import-not-found]
    except ImportError:
        pass
    else:
        return pywintypes.error  # type: ignore[no-any-return]

    class error(Exception):  # named as in pywin32-ctypes
        def __init__(self, *args: object) -> None:
            self.winerror = args[0] if args else None
            self.funcname = args[1] if len(args) > 1 else None
            self.strerror = args[2] if len(args) > 2 else None
            super().__init__(*args)

    return error


@pytest.fixture
def win32_error(monkeypatch: pytest.MonkeyPatch) -> type[Exception]:
    cls = pywintypes_error()
    if cls.__module__ != "win32ctypes.pywin32.pywintypes":  # the stand-in
        for name in ("win32ctypes", "win32ctypes.pywin32", "win32ctypes.pywin32.pywintypes"):
            monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
        sys.modules["win32ctypes.pywin32.pywintypes"].error = cls  # type: ignore[attr-defined]
    assert not issubclass(cls, (keyring.errors.KeyringError, OSError))  # what made it escape
    return cls


class FailingKeyring(KeyringBackend):
    """A backend whose every call fails with ``make(password)`` (password: "" when reading)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, make: Callable[[str], Exception]) -> None:
        super().__init__()
        self.make = make

    def get_password(self, service: str, username: str) -> str | None:
        raise self.make("")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.make(password)

    def delete_password(self, service: str, username: str) -> None:
        raise self.make("")


KEY = "sk-credential-manager-0123456789"
NO_LOGON_SESSION = "A specified logon session does not exist. It may already have been terminated."


def failures(win32: type[Exception]) -> list[tuple[Callable[[str], Exception], str]]:
    """Ways to fail, each with the words camdraw should show for it. The backends' messages
    carry the key being stored, as a careless backend might: it must not be shown."""
    return [
        (lambda key: win32(1312, "CredWrite", NO_LOGON_SESSION + key), "Windows error 1312"),
        (lambda key: OSError(errno.EIO, f"Input/output error {key}".strip()), "Input/output"),
    ]


def test_a_failing_credential_store_is_reported_in_words_and_never_crashes(
    win32_error: type[Exception], caplog: pytest.LogCaptureFixture
) -> None:
    for make, words in failures(win32_error):
        keyring.set_keyring(FailingKeyring(make))
        store = KeyStore({})
        with pytest.raises(KeyringUnavailableError, match="refused to store the key") as stored:
            store.store(KEY)
        with pytest.raises(KeyringUnavailableError, match="refused to delete the key") as deleted:
            store.delete()
        with caplog.at_level(logging.WARNING, logger="camdraw"):
            assert store.find() is None
        with pytest.raises(MissingKeyError, match="read from the system keyring") as read:
            store.require()
        for error in (stored.value, deleted.value, read.value):
            assert words in str(error), (words, str(error))
            assert KEY not in str(error) and "sk-credential" not in str(error)
            assert error.__cause__ is None  # no trace of the backend's own message
            assert error.__context__ is None or error.__suppress_context__
        assert "the keyring could not be read" in caplog.text and KEY not in caplog.text
        caplog.clear()


def test_a_failing_keyring_still_lets_the_session_and_environment_keys_through(
    win32_error: type[Exception],
) -> None:
    keyring.set_keyring(FailingKeyring(lambda _: win32_error(1312, "CredRead", NO_LOGON_SESSION)))
    store = KeyStore({"OPENAI_API_KEY": "sk-from-env-000000"})
    found = store.find()
    assert found is not None and found.source == "environment"
    store.use_for_session("sk-session-111111")
    assert store.require() == "sk-session-111111"


def test_the_windows_error_counts_as_a_keyring_failure_only_once_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in apikey.WIN32_ERROR_MODULES:
        monkeypatch.delitem(sys.modules, name, raising=False)
    assert set(apikey.keyring_failures()) == {keyring.errors.KeyringError, OSError}
    stand_in = type("error", (Exception,), {})
    module = types.ModuleType("pywintypes")
    module.error = stand_in  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pywintypes", module)  # pywin32, keyring's fallback
    assert stand_in in apikey.keyring_failures()
