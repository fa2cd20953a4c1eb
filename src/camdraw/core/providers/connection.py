"""The settings' "Test connection": ask a server for its models and say in plain words how
that went (never with the key).

It takes the same path as a round: the address check, the key of that very server and the
transport rule (``client.key_to_send``), a client from ``client.openai_client`` (without the
SDK's retries, and with a short time-out of its own), and ``provider_errors.translate_error``
for what went wrong, told for this context (``step=CONNECT``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from camdraw.core import logs
from camdraw.core.errors import ConfigError
from camdraw.core.i18n import _, ngettext
from camdraw.core.providers import servers
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import NO_KEY, key_to_send, openai_client
from camdraw.core.providers.provider_errors import CONNECT, Fault, classify, translate_error
from camdraw.core.providers.servers import Server, ServerPreset

log = logging.getLogger(__name__)

DEFAULT_TEST_TIMEOUT_S = 5.0  # the settings dialog waits for a running test when it closes


@dataclass
class ConnectionReport:
    ok: bool
    message: str
    models: list[str] = field(default_factory=list)
    fault: Fault | None = None  # what went wrong, as a round would classify it


def list_models(base_url: str | None, key: str | None, *, timeout: float) -> list[str]:
    """The model ids at GET {base_url}/models, sorted (raises the SDK's errors, and ValueError
    for an answer that is no model list)."""
    client = openai_client(base_url, key, timeout=timeout, max_retries=0)
    try:
        page = client.models.list()
    except (AttributeError, TypeError) as error:  # the SDK reading a web page as a "page"
        raise ValueError("not a model list") from error
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
    server: ServerPreset | str = servers.CUSTOM,
    timeout: float = DEFAULT_TEST_TIMEOUT_S,
) -> ConnectionReport:
    """Ask the server for its models and say in plain words how that went."""
    chosen = servers.preset(server) if isinstance(server, str) else server
    asked = Server(chosen, base_url)
    if key and key != NO_KEY:
        logs.register_secret(key)
    try:
        names = list_models(base_url, key, timeout=timeout)
    except Exception as error:
        said = translate_error(error, step=CONNECT, server=asked, timeout=timeout)
        message = logs.redact(str(said))
        if key:
            message = message.replace(key, "[redacted]")
        log.info("connection test to %s: %s", asked.where, message)
        return ConnectionReport(False, message, fault=classify(error, step=CONNECT))
    if not names:
        return ConnectionReport(
            True,
            _("Connected to {where}, but the server lists no models.").format(where=asked.where),
        )
    shown = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
    count = ngettext("{n} model", "{n} models", len(names)).format(n=len(names))
    return ConnectionReport(
        True,
        _("Connected to {where}: {count} ({shown}).").format(
            where=asked.where, count=count, shown=shown
        ),
        names,
    )


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def probe_server(
    server: Server,
    keys: KeyStore,
    *,
    allow_insecure: bool,
    timeout: float = DEFAULT_TEST_TIMEOUT_S,
) -> ConnectionReport:
    """The connection test of one server as Settings → Service has it: the same address, key
    and transport rules as a round, then its model list (reads the keyring: call it off the
    GUI thread)."""
    problem = server.address_problem()
    if problem:
        return ConnectionReport(False, problem)
    if server.preset.needs_key and keys.for_server(server).find() is None:
        return ConnectionReport(
            False, _("No key is set for this server yet: add one above, then test again.")
        )
    try:
        key = key_to_send(server, keys, allow_insecure=allow_insecure)
    except ConfigError as error:
        return ConnectionReport(False, str(error))
    return test_connection(server.base_url, key, server=server.preset, timeout=timeout)
