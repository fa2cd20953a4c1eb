"""Finding the API key, in a fixed and documented order.

1. the system keyring (service ``camdraw``), where Settings → Servers stores it;
2. a key entered for this session only (offered when the system has no keyring);
3. the ``OPENAI_API_KEY`` environment variable.

Each server role has its own key: "describe" (the keyring entry camdraw has always used, so
existing users keep their key) and "paint" (used only when painting has a server of its own).
``KeyStore.for_role`` gives the sibling store for a role; siblings share the environment and
remember their session keys. The environment variable is the last fallback for both.

The key is never written to a file by camdraw. A plaintext keyring backend (``keyrings.alt``)
is refused, because it is exactly such a file.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

import keyring
import keyring.errors

from camdraw.core import logs
from camdraw.core.errors import KeyringUnavailableError, MissingKeyError

log = logging.getLogger(__name__)

SERVICE = "camdraw"
USERNAME = "openai-api-key"  # the describing server's key (and, before roles, the only one)
ROLES = ("describe", "paint")
USERNAMES = {"describe": USERNAME, "paint": "openai-api-key-paint"}
ENV_VAR = "OPENAI_API_KEY"

NO_BACKEND_MESSAGE = "This system has no secure keyring, so camdraw cannot store the API key."
NO_BACKEND_HINT = (
    "Enter the key for this session only in Settings, or set the OPENAI_API_KEY environment "
    "variable (on Linux you can also install and unlock a Secret Service keyring such as "
    "GNOME Keyring or KeePassXC)."
)
MISSING_KEY_MESSAGE = "No OpenAI API key is set."
MISSING_KEY_HINT = (
    "Add one in Settings (Ctrl+,), or set the OPENAI_API_KEY environment variable and "
    "restart camdraw."
)
MISSING_PAINT_KEY_MESSAGE = "No API key is set for the painting server."
MISSING_PAINT_KEY_HINT = (
    "Add one in Settings → Servers → Painting (Ctrl+,), or set the OPENAI_API_KEY environment "
    "variable and restart camdraw."
)


@dataclass(frozen=True)
class FoundKey:
    value: str
    source: str  # "keyring", "session" or "environment"

    def __repr__(self) -> str:  # never show the key itself, even in a debugger or a log
        return f"FoundKey(source={self.source!r}, value=<hidden>)"


def _is_insecure(backend: keyring.backend.KeyringBackend) -> bool:
    name = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    return name.startswith(("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")) or (
        "plaintext" in name
    )


def backend_available() -> bool:
    """True when the active keyring backend can hold secrets safely."""
    backend = keyring.get_keyring()
    children = getattr(backend, "backends", None)
    if children is not None:  # the chainer: usable if any real child is
        return any(not _is_insecure(child) for child in children)
    return not _is_insecure(backend)


class KeyStore:
    def __init__(self, environ: Mapping[str, str] | None = None, *, role: str = "describe") -> None:
        if role not in USERNAMES:
            raise ValueError(f"unknown key role {role!r}")
        self._environ = os.environ if environ is None else environ
        self._session_key: str | None = None
        self.role = role
        self._username = USERNAMES[role]
        self._siblings: dict[str, KeyStore] = {role: self}

    def for_role(self, role: str) -> KeyStore:
        """The store for another server role, sharing this one's environment (and the same
        object each time, so a session key set through it is remembered)."""
        if role not in self._siblings:
            sibling = KeyStore(self._environ, role=role)
            sibling._siblings = self._siblings
            self._siblings[role] = sibling
        return self._siblings[role]

    def find(self) -> FoundKey | None:
        if backend_available():
            try:
                stored = keyring.get_password(SERVICE, self._username)
            except keyring.errors.KeyringError as error:
                log.warning("keyring could not be read: %s", type(error).__name__)
                stored = None
            if stored:
                return FoundKey(stored, "keyring")
        if self._session_key:
            return FoundKey(self._session_key, "session")
        env = self._environ.get(ENV_VAR, "").strip()
        if env:
            return FoundKey(env, "environment")
        return None

    def require(self) -> str:
        found = self.find()
        if found is None:
            if self.role == "paint":
                raise MissingKeyError(MISSING_PAINT_KEY_MESSAGE, hint=MISSING_PAINT_KEY_HINT)
            raise MissingKeyError(MISSING_KEY_MESSAGE, hint=MISSING_KEY_HINT)
        logs.register_secret(found.value)
        return found.value

    def store(self, key: str) -> None:
        """Save the key in the system keyring (raises when there is none)."""
        key = key.strip()
        if not key:
            raise MissingKeyError("The API key is empty.")
        if not backend_available():
            raise KeyringUnavailableError(NO_BACKEND_MESSAGE, hint=NO_BACKEND_HINT)
        try:
            keyring.set_password(SERVICE, self._username, key)
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailableError(
                f"The keyring refused to store the key ({type(error).__name__}).",
                hint=NO_BACKEND_HINT,
            ) from None

    def use_for_session(self, key: str) -> None:
        """Keep the key in memory only, until camdraw quits."""
        self._session_key = key.strip() or None

    def delete(self) -> None:
        """Forget the stored key (keyring and session); the environment is not ours to change."""
        self._session_key = None
        if backend_available():
            try:
                keyring.delete_password(SERVICE, self._username)
            except keyring.errors.PasswordDeleteError:
                pass
            except keyring.errors.KeyringError as error:
                raise KeyringUnavailableError(
                    f"The keyring refused to delete the key ({type(error).__name__})."
                ) from None
