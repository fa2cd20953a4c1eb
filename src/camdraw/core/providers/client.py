"""Building the OpenAI clients and choosing the provider: the only place that knows about
server addresses and keys.

``openai_client`` builds every client, a round's and the settings' connection test's, behind
the same key and transport rules (``key_to_send``). ``choose_service`` is the one rule for the
offline demo. ``ProviderCache.get`` picks the offline demo, one OpenAI-compatible server, or a
``RoutedProvider`` when painting uses a server of its own.

``openai`` takes ~0.6 s to import, so it is imported here, lazily, when the first round
starts (or by the worker thread that warms it up), never on the start-up path.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from camdraw.core import logs
from camdraw.core.errors import ConfigError
from camdraw.core.i18n import _
from camdraw.core.providers import deadline, image_fetch, servers
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.servers import Server
from camdraw.core.settings import Settings

log = logging.getLogger(__name__)

MAX_RETRIES = 2  # the SDK retries 408/409/429/5xx and connection errors with back-off
NO_KEY = "not-needed"  # the SDK insists on a non-empty key; servers without keys ignore it
# How long an idle connection stays in the pool (the SDK's default is 5 s): the warm-up
# (core.round.warm_up) opens it before the first press and renews it before this runs out.
KEEP_ALIVE_S = 60.0


def is_loopback(host: str | None) -> bool:
    """True for a loopback address, or for ``localhost`` / a ``*.localhost`` name that
    resolves to loopback addresses only. The name alone proves nothing: a resolver (or a
    hosts file) may send ``x.localhost`` to another machine, and plain http to it would carry
    the key across the network."""
    if not host:
        return False
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    name = host.lower().rstrip(".")
    if name != "localhost" and not name.endswith(".localhost"):
        return False
    return _resolves_to_loopback_only(name)


def _resolves_to_loopback_only(name: str) -> bool:
    try:
        found = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False  # unknown name: nothing shows it stays on this machine
    addresses = {str(info[4][0]).partition("%")[0] for info in found}
    try:
        return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)
    except ValueError:
        return False


def check_transport(base_url: str | None, *, allow_insecure: bool) -> None:
    """Refuse to send the key in clear text to another machine unless the user allowed it."""
    if not base_url:
        return  # the SDK's default, https://api.openai.com/v1
    parts = urlsplit(base_url)
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback(parts.hostname)):
        return
    if parts.scheme == "http" and allow_insecure:
        log.warning(
            "sending the API key over unencrypted http to %s (allowed in settings)", parts.hostname
        )
        return
    raise ConfigError(
        _(
            "The server address for {host!r} uses plain http://, so the API key "
            "would cross the network unencrypted. camdraw did not send it."
        ).format(host=parts.hostname or base_url),
        hint=_(
            "Use an https:// address, or, for a server on a network you trust, tick "
            "'Allow unencrypted http' in Settings → Service."
        ),
    )


def server_key(server: Server, keys: KeyStore) -> str | None:
    """The key to send to ``server``: the key of that very server (preset and host), never
    another server's. MissingKeyError when it needs one and there is none; None for an
    optional key not set, and always None for a server that takes none (a local Ollama must
    not see an OpenAI key)."""
    if server.preset.key == "none":
        return None
    store = keys.for_server(server)
    if server.preset.needs_key:
        return store.require()
    found = store.find()
    if found is None:
        return None
    logs.register_secret(found.value)
    return found.value


def key_to_send(server: Server, keys: KeyStore, *, allow_insecure: bool) -> str | None:
    """``server_key``, refusing plain http to another machine when a key would be sent (a
    server sent no key needs no such care)."""
    if server.preset.needs_key:
        # A key will be sent (or none found): checked before it is even looked up.
        check_transport(server.base_url, allow_insecure=allow_insecure)
        return server_key(server, keys)
    key = server_key(server, keys)
    if key is not None:
        check_transport(server.base_url, allow_insecure=allow_insecure)
    return key


def openai_client(
    base_url: str | None, key: str | None, *, timeout: float, max_retries: int = MAX_RETRIES
) -> Any:
    """Every ``openai.OpenAI`` camdraw makes, for a round or for the connection test: give it
    only a key ``key_to_send`` allowed for that address (None: the server takes none)."""
    import openai

    limits = openai.DEFAULT_CONNECTION_LIMITS  # the SDK's HTTP library's Limits
    return openai.OpenAI(
        api_key=key or NO_KEY,
        # Never None: the SDK would read OPENAI_BASE_URL itself, past the key's host binding.
        base_url=base_url or servers.OPENAI.base_url,
        max_retries=max_retries,
        timeout=timeout,
        # The SDK retries on its own; this hook only lets the user see that it is waiting.
        http_client=openai.DefaultHttpxClient(
            # deadline: a step's time-out holds for all its attempts and a trickling answer
            event_hooks={
                "request": [deadline.before_request],
                "response": [image_fetch.refuse_oversized_answer, _notice_retry],
            },
            limits=type(limits)(
                max_connections=limits.max_connections,
                max_keepalive_connections=limits.max_keepalive_connections,
                keepalive_expiry=KEEP_ALIVE_S,
            ),
        ),
    )


# -- "rate limited, retrying in N s" ------------------------------------------------------------

_listeners = threading.local()
RETRIED_STATUSES = {408, 409, 429}


@contextmanager
def retry_notices(callback: Callable[[str], None]) -> Iterator[None]:
    """While the block runs, tell ``callback`` (a sentence) when this thread's request got an
    answer the SDK will retry, and after how long."""
    previous = getattr(_listeners, "callback", None)
    _listeners.callback = callback
    try:
        yield
    finally:
        _listeners.callback = previous


def retry_delay(headers: Any) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` or ``retry-after``)."""
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / divisor)
        except ValueError:
            continue
    return None


def retry_message(status: int, delay: float | None) -> str:
    when = (
        _("in {seconds} s").format(seconds=max(1, round(delay)))
        if delay is not None
        else _("in a moment")
    )
    if status == 429:
        return _("Rate limited by the service (429); retrying {when}…").format(when=when)
    if status in RETRIED_STATUSES:
        return _("The service asked to try again ({status}); retrying {when}…").format(
            status=status, when=when
        )
    return _("The service had a problem ({status}); retrying {when}…").format(
        status=status, when=when
    )


def _notice_retry(response: Any) -> None:
    callback = getattr(_listeners, "callback", None)
    status = getattr(response, "status_code", 200)
    if not (status in RETRIED_STATUSES or status >= 500):
        return
    if deadline.stop_retry(response, retry_delay(response.headers)):
        return  # no retry past the step's deadline: the SDK raises this answer's error
    if callback is None:
        return
    try:
        callback(retry_message(status, retry_delay(response.headers)))
    except Exception:
        log.exception("retry notice failed")


# -- choosing the provider: the offline demo, one server, or two -----------------------------


@dataclass(frozen=True)
class ServiceChoice:
    """Where rounds run and why, as the window shows it."""

    offline: bool  # the offline demo runs the rounds
    reason: str  # "chosen" (in settings), "no key" (automatic mode, none found) or "" (online)
    server: Server  # the describing server
    key_missing: bool | None  # it needs a key and none is found (None: not looked up)


def choose_service(
    settings: Settings, keys: KeyStore, *, look_up_key: bool = True
) -> ServiceChoice:
    """The one rule for the offline demo: chosen in settings, or (automatic mode) the
    describing server needs a key and none is found. Reads the keyring at most once, and only
    when the answer depends on it or ``look_up_key`` asks to know: call it off the GUI thread."""
    server = servers.describing_server(settings)
    mode = settings.service_mode
    if mode == "offline":
        return ServiceChoice(True, "chosen", server, None)
    if not server.preset.needs_key:
        return ServiceChoice(False, "", server, False)
    if mode != "auto" and not look_up_key:
        return ServiceChoice(False, "", server, None)
    missing = keys.for_server(server).find() is None
    offline = mode == "auto" and missing
    return ServiceChoice(offline, "no key" if offline else "", server, missing)


def offline_demo_active(settings: Settings, keys: KeyStore) -> bool:
    """True when rounds run on the offline demo (``choose_service``, without asking the
    keyring when the answer does not depend on it)."""
    return choose_service(settings, keys, look_up_key=False).offline


class RoutedProvider:
    """Describe on one server, paint on another; the pipeline sees one Provider.

    Moderation goes to the painter when it is OpenAI (it has the moderation endpoint and is
    about to paint the text), else to the describer. Anything else the pipeline asks of the
    provider (flags such as ``moderation_missing``) comes from the one that does that work.
    """

    def __init__(self, describer: Any, painter: Any, *, moderate_on_painter: bool) -> None:
        self.describer = describer
        self.painter = painter
        self.moderator = painter if moderate_on_painter else describer

    def describe(self, *args: Any, **kwargs: Any) -> Any:
        return self.describer.describe(*args, **kwargs)

    def paint(self, *args: Any, **kwargs: Any) -> Any:
        return self.painter.paint(*args, **kwargs)

    def moderate(self, *args: Any, **kwargs: Any) -> Any:
        return self.moderator.moderate(*args, **kwargs)

    def ask(self, *args: Any, **kwargs: Any) -> Any:
        return self.describer.ask(*args, **kwargs)  # questions go where the photo was described

    @property
    def moderation_missing(self) -> bool:
        return bool(getattr(self.moderator, "moderation_missing", False))

    def available_models(self) -> list[str]:
        names: set[str] = set()
        for provider in (self.describer, self.painter):
            lister = getattr(provider, "available_models", None)
            if callable(lister):
                names.update(lister())
        return sorted(names)

    def __getattr__(self, name: str) -> Any:
        # Painting-side extras (e.g. whether the server has an image edit endpoint).
        if name in ("describer", "painter", "moderator"):
            raise AttributeError(name)
        return getattr(self.painter, name)


class ProviderCache:
    """The provider for the current settings, reusing clients (and their open connections)
    while each server's address and key stay the same."""

    def __init__(self, keys: KeyStore) -> None:
        self._keys = keys
        self._offline: tuple[str, Any] | None = None  # (language, OfflineProvider)
        self._openai: dict[tuple[object, ...], Any] = {}  # (address, hash(key)) -> provider
        self._lock = threading.Lock()  # the warm-up job and a round may ask at once

    @property
    def keys(self) -> KeyStore:
        return self._keys

    def get(self, settings: Settings) -> Any:
        """The offline demo, an OpenAIProvider, or a RoutedProvider over two of them (raises
        MissingKeyError in "api" mode without a key, ConfigError for an unusable address)."""
        with self._lock:
            if offline_demo_active(settings, self._keys):
                if self._offline is None or self._offline[0] != settings.language:
                    from camdraw.core.providers.offline.provider import OfflineProvider

                    self._offline = (settings.language, OfflineProvider(settings.language))
                return self._offline[1]
            kept: dict[tuple[object, ...], Any] = {}
            describer = self._server_provider(settings, servers.describing_server(settings), kept)
            provider = describer
            if servers.paints_separately(settings):
                paint_server = servers.painting_server(settings)
                painter = self._server_provider(settings, paint_server, kept)
                if painter is not describer:
                    provider = RoutedProvider(
                        describer,
                        painter,
                        moderate_on_painter=paint_server.preset.id == servers.OPENAI.id,
                    )
            self._openai = kept  # only the clients the current settings use stay open
            return provider

    def _server_provider(
        self, settings: Settings, server: Server, kept: dict[tuple[object, ...], Any]
    ) -> Any:
        from camdraw.core.providers.provider import OpenAIProvider

        problem = server.address_problem()
        if problem:
            raise ConfigError(problem)
        key = key_to_send(server, self._keys, allow_insecure=settings.allow_insecure_http)
        # hash(): compare keys without keeping a second copy of one around
        identity = (server.base_url, hash(key))
        provider = kept.get(identity) or self._openai.get(identity)
        if provider is None:
            timeout = max(settings.describe_timeout_s, settings.paint_timeout_s)
            provider = OpenAIProvider(openai_client(server.base_url, key, timeout=timeout), server)
        kept[identity] = provider
        return provider
