"""Which service the window uses: the API (is there a key?) or the offline demo.

``look`` may read the keyring, so the window runs it on its background queue. The decision is
the core's (``client.choose_service``, the same rule the rounds follow); this only words it.
"""

from __future__ import annotations

from dataclasses import dataclass

from camdraw.core.providers import apikey, client
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.settings import Settings


@dataclass(frozen=True)
class ServiceState:
    key_found: bool
    has_backend: bool  # a usable keyring
    offline: bool  # the offline demo runs the rounds
    server: str = "OpenAI"  # whose key it is, for people ("Custom at host:8000")


def look(settings: Settings, keys: KeyStore) -> ServiceState:
    """``key_found``: the describing server has the key it needs (Ollama and LM Studio need
    none; OPENAI_API_KEY counts only for OpenAI); not asked when the demo was chosen."""
    choice = client.choose_service(settings, keys)
    return ServiceState(
        choice.key_missing is not True,
        apikey.backend_available(),
        choice.offline,
        apikey.server_label(choice.server),
    )
