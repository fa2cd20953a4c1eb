"""Which service the window uses: the API (is there a key?) or the offline demo.

``look`` may read the keyring, so the window runs it on its background queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from camdraw.core.providers import apikey, servers
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
    none; OPENAI_API_KEY counts only for OpenAI). The offline demo follows from it, as
    ``client.offline_demo_active`` has it, without asking the keyring twice."""
    server = servers.describing_server(settings)
    key_found = not server.preset.needs_key or keys.for_server(server).find() is not None
    mode = settings.service_mode
    offline = mode == "offline" or (mode == "auto" and not key_found)
    return ServiceState(key_found, apikey.backend_available(), offline, apikey.server_label(server))
