"""Finding a server's API key, in a fixed and documented order.

1. the system keyring (service ``camdraw``), where Settings → Service stores it;
2. a key entered for this session only (offered when the system has no keyring);
3. the ``OPENAI_API_KEY`` environment variable, for the OpenAI preset only (at any address).

A key belongs to a server, not to a role: ``KeyStore.for_server`` gives the store for one.
A key from the keyring (or the session) is sent only to the host it was stored for. The OpenAI
API itself (``https://api.openai.com``, see ``servers.is_openai_home``) keeps the keyring entry
camdraw has always used, so existing users keep their key; every other server that takes a key,
the OpenAI preset at another address included, has an entry named after its preset and host
(``api-key:azure:myres.openai.azure.com``, ``api-key:openai:proxy.example.org``), so changing
an address, in the window or in settings.json, never sends a stored key somewhere new: that
server needs its own key. Describing and painting on the same server share its key. The
environment variable is the OpenAI SDK's convention: it goes to the OpenAI preset at whatever
address the user gave it (``OPENAI_BASE_URL`` included), never to another preset's host.

The painting key of a build that never shipped (``openai-api-key-paint``) is not migrated:
nobody knows which server it was for.

The key is never written to a file by camdraw. A plaintext keyring backend (``keyrings.alt``)
is refused, because it is exactly such a file.

A keyring that fails (a locked Secret Service, Windows' Credential Manager refusing with a win32
error, an I/O error) never crashes camdraw: reading falls through to the session key and the
environment, storing and deleting raise a ``CamdrawError`` saying what failed. The exceptions
that count as such a failure are listed in one place, :func:`keyring_failures`.

A keyring that does not answer never hangs camdraw either. A Secret Service with no collection
yet, or a locked one, asks its prompter to show a "create" or "unlock" dialog and waits for the
answer with no time limit (secretstorage's ``exec_prompt``): on a headless SSH session, a fresh
desktop session or a test bus nobody can answer it. So every call into keyring (reading,
storing, deleting, and finding the backend) runs in a daemon thread named ``camdraw-keyring``
and is given up after ``KEYRING_TIMEOUT_S`` seconds with :class:`KeyringTimeout`, a keyring
failure like the others. The stuck thread cannot be stopped; while it is stuck, every later
call fails at once with the same error instead of starting another thread, and once it has
returned (the dialog answered) the keyring is used again.
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import keyring
import keyring.errors

from camdraw.core import logs
from camdraw.core.errors import ConfigError, KeyringUnavailableError, MissingKeyError
from camdraw.core.i18n import N_, _
from camdraw.core.providers.servers import (
    OPENAI,
    OPENAI_HOST,
    Server,
    describe_for_people,
    is_openai_home,
)

log = logging.getLogger(__name__)

SERVICE = "camdraw"
USERNAME = "openai-api-key"  # the OpenAI preset's key (the only entry before other servers)
ENV_VAR = "OPENAI_API_KEY"

NO_BACKEND_MESSAGE = N_("This system has no secure keyring, so camdraw cannot store the API key.")
NO_BACKEND_HINT = N_(
    "Enter the key for this session only in Settings, or set the OPENAI_API_KEY environment "
    "variable (on Linux you can also install and unlock a Secret Service keyring such as "
    "GNOME Keyring or KeePassXC)."
)
MISSING_KEY_MESSAGE = N_("No OpenAI API key is set.")
MISSING_KEY_HINT = N_(
    "Add one in Settings (Ctrl+,), or set the OPENAI_API_KEY environment variable and "
    "restart camdraw."
)
MISSING_SERVER_KEY_HINT = N_(
    "Add one in Settings → Service (Ctrl+,). The OPENAI_API_KEY environment variable is sent "
    "only to the OpenAI server."
)
OWN_KEY_HINT = N_(
    "Store a key for this server in Settings → Service (Ctrl+,) or with 'camdraw key set', "
    "or set the OPENAI_API_KEY environment variable."
)
LOCKED_HINT = N_(
    "Unlock the keyring (log in to the desktop, or unlock it in its own program such as "
    "Passwords and Keys), or set the OPENAI_API_KEY environment variable for camdraw."
)
TIMEOUT_PROBLEM = N_(
    "the keyring did not answer; it may be waiting for a password or an unlock prompt that "
    "cannot be shown here"
)
TIMEOUT_HINT = N_(
    "Unlock the keyring (or log in to the desktop), set the OPENAI_API_KEY environment "
    "variable for camdraw, or enter the key for this session only in Settings → Service "
    "(Ctrl+,)."
)
UNREADABLE_HINT = N_(
    "Try again later, or enter the key for this session only in Settings → Service (Ctrl+,)."
)

# On Windows, keyring's Credential Manager backend lets the win32 error of whichever binding
# it loaded escape (pywin32-ctypes, or pywin32 as its fallback): neither is a KeyringError
# nor an OSError. Those modules are in sys.modules exactly when that backend is in use.
WIN32_ERROR_MODULES = ("win32ctypes.pywin32.pywintypes", "pywintypes")

KEYRING_TIMEOUT_S = 5.0  # how long one keyring call may take before camdraw gives up on it
THREAD_NAME = "camdraw-keyring"

T = TypeVar("T")


class KeyringTimeout(keyring.errors.KeyringError):
    """The keyring did not answer within ``KEYRING_TIMEOUT_S`` (or an earlier call to it is
    still stuck)."""


class _Worker:
    """The one long-lived daemon thread that makes every keyring call.

    It is started when this module is imported (on the thread importing camdraw), never per
    call: a thread started from a Qt pool thread while Python collects garbage crashed the
    process (seen in the tests, 3 runs in 8)."""

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[tuple[Callable[..., object], tuple[str, ...], _Answer]]
        self._calls = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def submit(
        self, function: Callable[..., object], args: tuple[str, ...], answer: _Answer
    ) -> None:
        self._calls.put((function, args, answer))

    def _serve(self) -> None:
        while True:
            function, args, answer = self._calls.get()
            answer.take(function, *args)


class _Gate:
    """Hands one keyring call at a time to the worker and waits for it a limited time.

    Callers take turns; a call that did not answer in time is remembered as stuck, and while
    it is, calls fail at once (the worker is still in it)."""

    def __init__(self) -> None:
        self._turn = threading.Lock()
        self.stuck: _Answer | None = None

    def call(self, function: Callable[..., T], *args: str) -> T:
        if not self._turn.acquire(timeout=KEYRING_TIMEOUT_S):  # another caller's call hangs
            raise KeyringTimeout(THREAD_NAME)
        try:
            if self.stuck is not None:
                if not self.stuck.given.is_set():
                    raise KeyringTimeout(THREAD_NAME)
                self.stuck = None
                log.info("the keyring answered a call it had been stuck in")
            answer = _Answer()
            _worker.submit(function, args, answer)
            if not answer.given.wait(KEYRING_TIMEOUT_S):
                self.stuck = answer
                log.warning("the keyring did not answer in %s s", KEYRING_TIMEOUT_S)
                raise KeyringTimeout(THREAD_NAME)
        finally:
            self._turn.release()
        if answer.error is not None:
            raise answer.error
        return answer.value  # type: ignore[no-any-return]


class _Answer:
    """What one keyring call returned or raised, set by its thread."""

    def __init__(self) -> None:
        self.given = threading.Event()
        self.value: object = None
        self.error: BaseException | None = None

    def take(self, function: Callable[..., object], *args: str) -> None:
        try:
            self.value = function(*args)
        except BaseException as error:  # raised again in the caller's thread
            self.error = error
        finally:
            self.given.set()


_worker = _Worker()
_gate = _Gate()


def _keyring_call(function: Callable[..., T], *args: str) -> T:
    """``function(*args)`` (a keyring function) within the time limit; KeyringTimeout if not."""
    return _gate.call(function, *args)


def keyring_failures() -> tuple[type[Exception], ...]:
    """The exceptions that mean "the keyring itself failed": keyring's own errors, OSError,
    and the win32 error of the Windows backend when it is loaded. A function rather than a
    constant because keyring loads its backend (and so that error class) on first use."""
    failures: list[type[Exception]] = [keyring.errors.KeyringError, OSError]
    for name in WIN32_ERROR_MODULES:
        error = getattr(sys.modules.get(name), "error", None)
        if isinstance(error, type) and issubclass(error, Exception):
            failures.append(error)
    return tuple(failures)


def describe_failure(error: BaseException, secret: str = "") -> str:
    """What went wrong, for people: "Windows error 1312: A specified logon session does not
    exist", "Permission denied" or the error's class name. Only the system's own error text
    is shown, never a backend's free-form message, and ``secret`` is blanked out of it."""
    if isinstance(error, KeyringTimeout):
        return _(TIMEOUT_PROBLEM)
    if isinstance(error, keyring.errors.KeyringLocked):
        return _("the keyring is locked")
    if isinstance(error, keyring.errors.InitError):
        return _("the keyring could not be opened")
    code = getattr(error, "winerror", None)
    text = getattr(error, "strerror", None)
    text = text.strip().rstrip(".") if isinstance(text, str) else ""
    if isinstance(code, int):
        detail = _("Windows error {code}").format(code=code) + (f": {text}" if text else "")
    else:
        detail = text or type(error).__name__
    if secret:
        detail = detail.replace(secret, "[hidden]")
    return detail


def username_for(server: Server) -> str | None:
    """The keyring entry holding ``server``'s key: None when it takes no key, or when it has
    no address yet to name the entry after."""
    if is_openai_home(server):
        return USERNAME
    if server.preset.key == "none" or not server.host:
        return None
    return f"api-key:{server.preset.id}:{server.host.lower()}"


def server_label(server: Server) -> str:
    """Whose key it is, for people: "OpenAI" or e.g. "Custom at my-vllm.example.org:8000"."""
    if is_openai_home(server):
        return OPENAI.label
    if not server.host:
        return _("{label} (no address yet)").format(label=_(server.preset.label))
    return describe_for_people(server)


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


def failure_hint(error: BaseException, default: str) -> str:
    """How to get past a keyring that failed: unlocking it when it is locked or could not be
    opened (a Secret Service with no unlocked collection), the ways round a keyring that did
    not answer, else ``default``."""
    if isinstance(error, KeyringTimeout):
        return _(TIMEOUT_HINT)
    if isinstance(error, (keyring.errors.KeyringLocked, keyring.errors.InitError)):
        return _(LOCKED_HINT)
    return _(default) if default else default


def backend_name() -> str:
    """The keyring backend that holds the keys, e.g. ``keyring.backends.SecretService.Keyring``
    (for the chainer, its usable children), or that the keyring did not answer."""
    try:
        backend = _keyring_call(keyring.get_keyring)
    except KeyringTimeout:
        return _("unknown ({problem})").format(problem=_(TIMEOUT_PROBLEM))

    def name(item: object) -> str:
        return f"{type(item).__module__}.{type(item).__name__}"

    children = getattr(backend, "backends", None)
    if children is not None:
        usable = [name(child) for child in children if not _is_insecure(child)]
        return ", ".join(usable) or name(backend)
    return name(backend)


def backend_available() -> bool:
    """True when the active keyring backend can hold secrets safely. Also True when finding
    the backend did not answer in time: the keyring call that follows then reports that."""
    try:
        backend = _keyring_call(keyring.get_keyring)
    except KeyringTimeout:
        return True
    children = getattr(backend, "backends", None)
    if children is not None:  # the chainer: usable if any real child is
        return any(not _is_insecure(child) for child in children)
    return not _is_insecure(backend)


def unreadable_note(store: KeyStore) -> str:
    """Why the keyring could not be read for ``store``'s key and what to do about it, as one
    text for a window's note ("" when it could be read)."""
    problem, hint = store.look_up()[1:]
    if not problem:
        return ""
    return _("The system keyring could not be read ({problem}).").format(problem=problem) + (
        f" {hint}" if hint else ""
    )


class KeyStore:
    """The key of one server. ``KeyStore(environ)`` is the OpenAI server's store (what the
    window checks and what a session key given to it is for); ``for_server`` gives the store
    of any server, sharing this one's environment and session keys."""

    def __init__(
        self,
        environ: Mapping[str, str] | None = None,
        *,
        family: KeyStore | None = None,
        username: str | None = USERNAME,
        no_entry: str = "",
        openai_elsewhere: bool = False,
    ) -> None:
        """``family``, ``username``, ``no_entry`` and ``openai_elsewhere`` are for
        ``for_server``: a sibling store shares the family's environment and session keys, and
        only the OpenAI preset's stores (the family's head, the OpenAI API, and
        ``openai_elsewhere``: the preset at another address) fall back to OPENAI_API_KEY."""
        self._environ = family._environ if family else os.environ if environ is None else environ
        self.username = username
        self.label = OPENAI.label
        self._uses_environment = family is None or openai_elsewhere
        self._openai_elsewhere = openai_elsewhere
        self._no_entry = no_entry  # why a store with no keyring entry cannot take a key
        # username -> key, and username -> store: shared by the whole family
        self._sessions: dict[str, str] = family._sessions if family else {}
        self._siblings: dict[str | None, KeyStore] = family._siblings if family else {}
        if family is None:
            self._siblings[USERNAME] = self

    def for_server(self, server: Server) -> KeyStore:
        """The store for ``server``'s key (the same object for the same server identity, so
        a session key set through it is remembered)."""
        username = username_for(server)
        sibling = self._siblings.get(username)
        if sibling is None:
            sibling = KeyStore(
                family=self,
                username=username,
                no_entry=(
                    _("{label} takes no key.").format(label=_(server.preset.label))
                    if server.preset.key == "none"
                    else _("Enter the server's address first: the key is kept for that server.")
                ),
                openai_elsewhere=server.preset.id == OPENAI.id,
            )
            if username is not None:  # a store for "no key" is built afresh each time
                self._siblings[username] = sibling
        sibling.label = server_label(server)
        return sibling

    def find(self) -> FoundKey | None:
        return self._lookup()[0]

    def look_up(self) -> tuple[FoundKey | None, str, str]:
        """The key and where it came from, plus why the keyring could not be read ("" when
        it could) and what to do about it: for ``camdraw key status``."""
        return self._lookup()

    def entry(self) -> str:
        """The keyring entry of this store (ConfigError when the server takes no key or has
        no address yet)."""
        return self._named()

    def _lookup(self) -> tuple[FoundKey | None, str, str]:
        """The key and where it came from, plus why the keyring could not be read ("" when
        it could) and what to do about it."""
        if self.username is None:
            return None, "", ""
        problem, hint = "", UNREADABLE_HINT
        if backend_available():
            try:
                stored = _keyring_call(keyring.get_password, SERVICE, self.username)
            except keyring_failures() as error:
                problem = describe_failure(error)
                hint = failure_hint(error, UNREADABLE_HINT)
                log.warning("the keyring could not be read (%s)", problem)
                stored = None
            if stored:
                return FoundKey(stored, "keyring"), "", ""
        session = self._sessions.get(self.username)
        if session:
            return FoundKey(session, "session"), problem, hint
        if self._uses_environment:
            env = self._environ.get(ENV_VAR, "").strip()
            if env:
                return FoundKey(env, "environment"), problem, hint
        return None, problem, hint

    def require(self) -> str:
        found, problem, hint = self._lookup()
        if found is None:
            if problem:
                raise MissingKeyError(
                    _(
                        "The API key for {label} could not be read from the system keyring "
                        "({problem})."
                    ).format(label=self.label, problem=problem),
                    hint=_(hint),
                )
            if self._openai_elsewhere:
                raise MissingKeyError(
                    _(
                        "No OpenAI API key is set for {server}: this server needs its own key "
                        "(the key stored for OpenAI is sent only to https://{openai_host})."
                    ).format(server=self.label, openai_host=OPENAI_HOST),
                    hint=_(OWN_KEY_HINT),
                )
            if self._uses_environment:
                raise MissingKeyError(_(MISSING_KEY_MESSAGE), hint=_(MISSING_KEY_HINT))
            raise MissingKeyError(
                _("No API key is set for {label}.").format(label=self.label),
                hint=_(MISSING_SERVER_KEY_HINT),
            )
        logs.register_secret(found.value)
        return found.value

    def _named(self) -> str:
        if self.username is None:
            raise ConfigError(self._no_entry)
        return self.username

    def store(self, key: str) -> None:
        """Save the key in the system keyring (raises when there is none)."""
        key = key.strip()
        if not key:
            raise MissingKeyError(_("The API key is empty."))
        username = self._named()
        if not backend_available():
            raise KeyringUnavailableError(_(NO_BACKEND_MESSAGE), hint=_(NO_BACKEND_HINT))
        try:
            _keyring_call(keyring.set_password, SERVICE, username, key)
        except keyring_failures() as error:
            said = (
                _("The key was not stored ({problem}).")
                if isinstance(error, KeyringTimeout)
                else _("The keyring refused to store the key ({problem}).")
            )
            raise KeyringUnavailableError(
                said.format(problem=describe_failure(error, key)),
                hint=failure_hint(error, NO_BACKEND_HINT),
            ) from None

    def use_for_session(self, key: str) -> None:
        """Keep the key in memory only, until camdraw quits."""
        username = self._named()
        key = key.strip()
        if key:
            self._sessions[username] = key
        else:
            self._sessions.pop(username, None)

    def delete(self) -> None:
        """Forget the stored key (keyring and session); the environment is not ours to change."""
        if self.username is None:
            return
        self._sessions.pop(self.username, None)
        if backend_available():
            try:
                _keyring_call(keyring.delete_password, SERVICE, self.username)
            except keyring.errors.PasswordDeleteError:
                pass
            except keyring_failures() as error:
                said = (
                    _("The key was not deleted ({problem}).")
                    if isinstance(error, KeyringTimeout)
                    else _("The keyring refused to delete the key ({problem}).")
                )
                raise KeyringUnavailableError(
                    said.format(problem=describe_failure(error)),
                    hint=failure_hint(error, ""),
                ) from None
