"""Which OpenAI-compatible server describes and which paints, and what each one offers.

Presets cover OpenAI, Azure OpenAI (its v1 API, which the plain ``openai`` client speaks),
Ollama, LM Studio and any other address. Painting may use another server than describing.
A key belongs to a server (preset and host), not to a role: see ``apikey.KeyStore.for_server``.

``list_models`` and ``test_connection`` ask a server's ``/models``; ``test_connection`` turns
every outcome into a sentence for people, never containing the key.
"""

from __future__ import annotations

import logging
import os
import ssl
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from camdraw.core import logs
from camdraw.core.settings import Settings

log = logging.getLogger(__name__)

NO_KEY = "not-needed"  # the SDK insists on a non-empty key; servers without keys ignore it
DEFAULT_TEST_TIMEOUT_S = 5.0  # the settings dialog waits for a running test when it closes


@dataclass(frozen=True)
class ServerPreset:
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
    "The OpenAI API. Needs an API key from platform.openai.com. Leave the address empty to "
    "use OPENAI_BASE_URL when it is set, else the OpenAI API.",
)
AZURE = ServerPreset(
    "azure",
    "Azure OpenAI",
    "https://YOUR-RESOURCE.openai.azure.com/openai/v1/",
    "required",
    "Azure OpenAI's v1 API: replace YOUR-RESOURCE with your resource's name and use its key. "
    "The model names are your deployment names.",
)
OLLAMA = ServerPreset(
    "ollama",
    "Ollama",
    "http://localhost:11434/v1",
    "none",
    "Ollama on this computer (or another one: change the address). No key is needed; the "
    "models are the ones you pulled, e.g. 'ollama pull llava'.",
    "Is Ollama running? Start it with 'ollama serve'.",
)
LM_STUDIO = ServerPreset(
    "lmstudio",
    "LM Studio",
    "http://localhost:1234/v1",
    "none",
    "LM Studio's local server (Developer tab → Start server). No key is needed; load a "
    "vision model in LM Studio first.",
    "Is LM Studio's local server started (Developer tab → Start server)?",
)
CUSTOM = ServerPreset(
    "custom",
    "Custom",
    "",
    "optional",
    "Any OpenAI-compatible server: enter its address (it usually ends in /v1). A key is sent "
    "only when one is set for this server.",
)
PRESETS: tuple[ServerPreset, ...] = (OPENAI, AZURE, OLLAMA, LM_STUDIO, CUSTOM)
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
        return self.host or (self.base_url or "no address").rpartition("@")[2]

    def address_problem(self) -> str | None:
        """A sentence when the address cannot be used as it is (not yet filled in)."""
        if self.base_url is None and self.preset.id not in (OPENAI.id,):
            return f"Enter the address of the {self.preset.label} server in Settings → Service."
        if self.base_url and "YOUR-RESOURCE" in self.base_url:
            return (
                "Replace YOUR-RESOURCE in the Azure OpenAI address with your resource's name "
                "(Settings → Service)."
            )
        return None


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


def server_for(settings: Settings, role: str) -> Server:
    return painting_server(settings) if role == "paint" else describing_server(settings)


# -- asking a server what it offers ----------------------------------------------------------


@dataclass
class ConnectionReport:
    ok: bool
    message: str
    models: list[str] = field(default_factory=list)


def list_models(base_url: str | None, key: str | None, *, timeout: float) -> list[str]:
    """The model ids at GET {base_url}/models, sorted (raises the SDK's errors)."""
    import openai

    client = openai.OpenAI(
        api_key=key or NO_KEY, base_url=base_url or None, max_retries=0, timeout=timeout
    )
    page = client.models.list()
    data = getattr(page, "data", None)
    if not isinstance(data, list):
        raise ValueError("not a model list")
    ids = [getattr(item, "id", None) for item in data]
    if not all(isinstance(i, str) for i in ids):
        raise ValueError("not a model list")
    return sorted(ids)  # type: ignore[arg-type]


def test_connection(
    base_url: str | None,
    key: str | None,
    *,
    server: ServerPreset | str = CUSTOM,
    timeout: float = DEFAULT_TEST_TIMEOUT_S,
) -> ConnectionReport:
    """Ask the server for its models and say in plain words how that went."""
    chosen = preset(server) if isinstance(server, str) else server
    where = Server(chosen, base_url).where
    if key and key != NO_KEY:
        logs.register_secret(key)
    try:
        names = list_models(base_url, key, timeout=timeout)
    except Exception as error:
        message = logs.redact(_failure_message(error, chosen, where, timeout))
        if key:
            message = message.replace(key, "[redacted]")
        log.info("connection test to %s: %s", where, message)
        return ConnectionReport(False, message)
    if not names:
        return ConnectionReport(True, f"Connected to {where}, but the server lists no models.")
    shown = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
    count = f"{len(names)} model" + ("" if len(names) == 1 else "s")
    return ConnectionReport(True, f"Connected to {where}: {count} ({shown}).", names)


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def _causes(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _failure_message(error: Exception, server: ServerPreset, where: str, timeout: float) -> str:
    import openai

    status = getattr(error, "status_code", None)
    if isinstance(error, openai.APITimeoutError):
        return (
            f"The server at {where} did not answer within {timeout:g} s. Check the address, "
            "or try again when the network is less busy."
        )
    if isinstance(error, openai.APIConnectionError):
        chain = _causes(error)
        text = " ".join(str(item) for item in chain)
        if any(isinstance(item, ssl.SSLError) for item in chain) or "CERTIFICATE" in text.upper():
            return (
                f"The secure (TLS) connection to {where} failed: its certificate could not be "
                "checked. Check the address; a company proxy may be in the way."
            )
        if any(
            words in text
            for words in ("Name or service not known", "getaddrinfo", "nodename nor servname")
        ) or ("name resolution" in text.lower()):
            return f"The address {where} could not be found. Check its spelling."
        message = f"No server answers at {where}."
        return f"{message} {server.not_running}" if server.not_running else message
    if status in (401, 403) or isinstance(
        error, (openai.AuthenticationError, openai.PermissionDeniedError)
    ):
        if server.key == "none":
            return f"The server at {where} asks for a key ({status}); choose Custom and set one."
        return f"The server at {where} refused the key ({status}). Check or replace the key."
    if status in (404, 405):
        return (
            f"Something answers at {where}, but not like an OpenAI-compatible server (no model "
            "list there). Check the address; it usually ends in /v1."
        )
    if isinstance(error, openai.APIStatusError):
        return f"The server at {where} answered with an error ({status}). Try again later."
    if isinstance(
        error, (ValueError, TypeError, AttributeError, openai.APIResponseValidationError)
    ):
        return (
            f"Something answers at {where}, but not like an OpenAI-compatible server (it sent "
            "a web page or something else instead of a model list). Check the address; it "
            "usually ends in /v1."
        )
    log.warning("connection test: unexpected %s", type(error).__name__)
    return f"The connection test to {where} failed ({type(error).__name__})."


def describe_for_people(server: Server) -> str:
    """E.g. 'Ollama at localhost:11434' (for doctor and status lines)."""
    if server.base_url is None and server.preset.id == OPENAI.id:
        return "OpenAI (the default address)"
    return f"{server.preset.label} at {server.where}"
