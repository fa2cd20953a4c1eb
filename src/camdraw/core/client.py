"""Building the OpenAI client: the only place that knows about base URLs and keys.

``openai`` takes ~0.6 s to import, so it is imported here, lazily, when the first round
starts (or by the worker thread that warms it up), never on the start-up path.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from camdraw.core.apikey import KeyStore
from camdraw.core.errors import ConfigError
from camdraw.core.settings import Settings

log = logging.getLogger(__name__)

MAX_RETRIES = 2  # the SDK retries 408/409/429/5xx and connection errors with back-off


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
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
        f"The server address for {parts.hostname or base_url!r} uses plain http://, so the API "
        "key would cross the network unencrypted. camdraw did not send it.",
        hint="Use an https:// address, or, for a server on a network you trust, tick "
        "'Allow unencrypted http' in Settings → Service.",
    )


def build_client(settings: Settings, keys: KeyStore) -> Any:
    """An ``openai.OpenAI`` client for the configured server (raises MissingKeyError, or
    ConfigError for a plain-http address on another machine)."""
    check_transport(settings.effective_base_url(), allow_insecure=settings.allow_insecure_http)
    key = keys.require()
    import openai

    return openai.OpenAI(
        api_key=key,
        base_url=settings.effective_base_url(),
        max_retries=MAX_RETRIES,
        timeout=max(settings.describe_timeout_s, settings.paint_timeout_s),
        # The SDK retries on its own; this hook only lets the user see that it is waiting.
        http_client=openai.DefaultHttpxClient(event_hooks={"response": [_notice_retry]}),
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
    when = f"in {max(1, round(delay))} s" if delay is not None else "in a moment"
    if status == 429:
        return f"Rate limited by the service (429); retrying {when}…"
    if status in RETRIED_STATUSES:
        return f"The service asked to try again ({status}); retrying {when}…"
    return f"The service had a problem ({status}); retrying {when}…"


def _notice_retry(response: Any) -> None:
    callback = getattr(_listeners, "callback", None)
    status = getattr(response, "status_code", 200)
    if callback is None or not (status in RETRIED_STATUSES or status >= 500):
        return
    try:
        callback(retry_message(status, retry_delay(response.headers)))
    except Exception:
        log.exception("retry notice failed")


class ProviderCache:
    """Reuse one client (and its open connection) while the server and key stay the same."""

    def __init__(self, keys: KeyStore) -> None:
        self._keys = keys
        self._identity: tuple[str | None, int] | None = None
        self._provider: Any = None
        self._lock = threading.Lock()  # the warm-up job and a round may ask at once

    def get(self, settings: Settings) -> Any:
        from camdraw.core.provider import OpenAIProvider

        with self._lock:
            key = self._keys.require()
            # hash(): compare keys without keeping a second copy of one around
            identity = (settings.effective_base_url(), hash(key))
            if self._provider is None or identity != self._identity:
                self._provider = OpenAIProvider(build_client(settings, self._keys))
                self._identity = identity
            return self._provider
