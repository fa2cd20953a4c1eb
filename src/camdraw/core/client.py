"""Building the OpenAI client: the only place that knows about base URLs and keys.

``openai`` takes ~0.6 s to import, so it is imported here, lazily, when the first round
starts (or by the worker thread that warms it up), never on the start-up path.
"""

from __future__ import annotations

from typing import Any

from camdraw.core.apikey import KeyStore
from camdraw.core.settings import Settings

MAX_RETRIES = 2  # the SDK retries 408/409/429/5xx and connection errors with back-off


def build_client(settings: Settings, keys: KeyStore) -> Any:
    """An ``openai.OpenAI`` client for the configured server (raises MissingKeyError)."""
    key = keys.require()
    import openai

    return openai.OpenAI(
        api_key=key,
        base_url=settings.effective_base_url(),
        max_retries=MAX_RETRIES,
        timeout=max(settings.describe_timeout_s, settings.paint_timeout_s),
    )


class ProviderCache:
    """Reuse one client (and its open connection) while the server and key stay the same."""

    def __init__(self, keys: KeyStore) -> None:
        self._keys = keys
        self._identity: tuple[str | None, int] | None = None
        self._provider: Any = None

    def get(self, settings: Settings) -> Any:
        from camdraw.core.provider import OpenAIProvider

        key = self._keys.require()
        # hash(): compare keys without keeping a second copy of one around
        identity = (settings.effective_base_url(), hash(key))
        if self._provider is None or identity != self._identity:
            self._provider = OpenAIProvider(build_client(settings, self._keys))
            self._identity = identity
        return self._provider
