"""Which OpenAI-compatible server describes and which paints: the presets and their addresses.

Presets cover OpenAI, Azure OpenAI (its v1 API, which the plain ``openai`` client speaks),
Ollama, LM Studio and any other address. Painting may use another server than describing.
A key belongs to a server (preset and host), not to a role: see ``apikey.KeyStore.for_server``.
The settings' "Test connection" is ``connection.py``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from camdraw.core import logs
from camdraw.core.i18n import N_, _
from camdraw.core.settings import Settings


@dataclass(frozen=True)
class ServerPreset:
    """A kind of server. ``label``, ``hint`` and ``not_running`` are in English (marked with
    ``N_``): translate them where they are shown, ``_(preset.hint)``."""

    id: str
    label: str
    base_url: str  # the address to use when the settings hold none ("" = the SDK default)
    key: str  # "required", "optional" (used when one is set) or "none" (never sent)
    hint: str
    not_running: str = ""  # said when nothing answers at the address

    @property
    def needs_key(self) -> bool:
        return self.key == "required"


OPENAI = ServerPreset(
    "openai",
    "OpenAI",
    "https://api.openai.com/v1",
    "required",
    N_(
        "The OpenAI API. Needs an API key from platform.openai.com. Leave the address empty to "
        "use OPENAI_BASE_URL when it is set, else the OpenAI API."
    ),
)
AZURE = ServerPreset(
    "azure",
    "Azure OpenAI",
    "https://YOUR-RESOURCE.openai.azure.com/openai/v1/",
    "required",
    N_(
        "Azure OpenAI's v1 API: replace YOUR-RESOURCE with your resource's name and use its key. "
        "The model names are your deployment names."
    ),
)
OLLAMA = ServerPreset(
    "ollama",
    "Ollama",
    "http://localhost:11434/v1",
    "none",
    N_(
        "Ollama on this computer (or another one: change the address). No key is needed; the "
        "models are the ones you pulled, e.g. 'ollama pull llava'."
    ),
    N_("Is Ollama running? Start it with 'ollama serve'."),
)
LM_STUDIO = ServerPreset(
    "lmstudio",
    "LM Studio",
    "http://localhost:1234/v1",
    "none",
    N_(
        "LM Studio's local server (Developer tab → Start server). No key is needed; load a "
        "vision model in LM Studio first."
    ),
    N_("Is LM Studio's local server started (Developer tab → Start server)?"),
)
CUSTOM = ServerPreset(
    "custom",
    N_("Custom"),
    "",
    "optional",
    N_(
        "Any OpenAI-compatible server: enter its address (it usually ends in /v1). A key is sent "
        "only when one is set for this server."
    ),
)
PRESETS: tuple[ServerPreset, ...] = (OPENAI, AZURE, OLLAMA, LM_STUDIO, CUSTOM)
OPENAI_HOST = "api.openai.com"  # the only host the key stored for OpenAI is sent to
SAME = "same"  # Settings.paint_server: paint on the describing server, with its key


def preset(preset_id: str) -> ServerPreset:
    """The preset with this id; an unknown id (a newer settings file) counts as custom."""
    for item in PRESETS:
        if item.id == preset_id:
            return item
    return CUSTOM


@dataclass(frozen=True)
class Server:
    """A resolved server: its preset and address (None: the SDK default)."""

    preset: ServerPreset
    base_url: str | None

    def __post_init__(self) -> None:
        # A password in the address (https://user:token@proxy/v1) is a secret like a key.
        try:
            password = urlsplit(self.base_url or "").password
        except ValueError:
            password = None
        if password:
            logs.register_secret(password)

    @property
    def host(self) -> str:
        """host[:port] as entered, without any user name or password ("" when none)."""
        if self.base_url is None and self.preset.id != OPENAI.id:
            return ""
        return urlsplit(self.base_url or OPENAI.base_url).netloc.rpartition("@")[2]

    @property
    def where(self) -> str:
        """The address as people read it (host and port, never the user info)."""
        return self.host or (self.base_url or _("no address")).rpartition("@")[2]

    def address_problem(self) -> str | None:
        """A sentence when the address cannot be used as it is (not yet filled in)."""
        if self.base_url is None and self.preset.id not in (OPENAI.id,):
            return _("Enter the address of the {label} server in Settings → Service.").format(
                label=_(self.preset.label)
            )
        if self.base_url and "YOUR-RESOURCE" in self.base_url:
            return _(
                "Replace YOUR-RESOURCE in the Azure OpenAI address with your resource's name "
                "(Settings → Service)."
            )
        return None


def is_openai_home(server: Server) -> bool:
    """True when ``server`` is the OpenAI API itself: the OpenAI preset at the SDK's default
    address or at ``https://api.openai.com`` (port 443). The key stored for OpenAI goes there
    only; the OpenAI preset at any other address is another server with a key of its own."""
    if server.preset.id != OPENAI.id:
        return False
    if server.base_url is None:
        return True
    parts = urlsplit(server.base_url)
    try:
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme.lower() == "https"
        and parts.hostname == OPENAI_HOST
        and port in (None, 443)
        and not parts.username
        and not parts.password
    )


def _address(server: ServerPreset, configured: str) -> str | None:
    configured = configured.strip()
    if configured:
        return configured
    if server.id == OPENAI.id:
        # Kept from before presets: OPENAI_BASE_URL, else the SDK's default.
        return os.environ.get("OPENAI_BASE_URL", "").strip() or None
    return server.base_url or None


def make_server(preset_id: str, address: str) -> Server:
    """A server from a preset id and the address as entered ("" for the preset's own)."""
    chosen = preset(preset_id)
    return Server(chosen, _address(chosen, address))


def describing_server(settings: Settings) -> Server:
    return make_server(settings.describe_server, settings.base_url)


def paints_separately(settings: Settings) -> bool:
    return settings.paint_server.strip() != SAME


def painting_server(settings: Settings) -> Server:
    """The describing server unless painting has a server of its own."""
    if not paints_separately(settings):
        return describing_server(settings)
    return make_server(settings.paint_server, settings.paint_base_url)


def describe_for_people(server: Server) -> str:
    """E.g. 'Ollama at localhost:11434' (for doctor and status lines)."""
    if server.base_url is None and server.preset.id == OPENAI.id:
        return _("OpenAI (the default address)")
    return _("{label} at {where}").format(label=_(server.preset.label), where=server.where)
