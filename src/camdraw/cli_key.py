"""``camdraw key set|status|remove``: a server's API key in the system keyring, from a terminal.

Like ``gh auth login --with-token`` and ``llm keys set``: ``key set`` reads the key from standard
input when it is not a terminal (``… | camdraw key set``), else asks for it without echo. It
stores the key in the same keyring entry the settings dialog uses, bound to the server's host
(``apikey.username_for``), and refuses a plaintext keyring as the window does. The key is never
printed, logged or written under the camdraw folders.

``--server`` names ``describe`` (the default), ``paint``, or a preset (``openai``, ``azure``, …):
a preset the settings use gets its address from them, any other its own default address.
Its options are declared with the other commands' in ``camdraw.app``; no Qt, OpenCV or openai
is imported.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from camdraw import console
from camdraw.core import i18n, logs
from camdraw.core import settings as settings_mod
from camdraw.core.errors import CamdrawError, ConfigError, KeyringUnavailableError
from camdraw.core.i18n import _
from camdraw.core.providers import apikey, servers
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.servers import Server
from camdraw.core.settings import Settings

ROLES = ("describe", "paint")


_print = console.say  # one line of the answer; err=True for the reasons


def run(args: argparse.Namespace, *, keys: KeyStore | None = None) -> int:
    console.prepare()
    settings, note = settings_mod.load()
    i18n.set_language(i18n.choose(settings.ui_language))
    if note:
        _print(f"camdraw: {note}", err=True)
    keys = keys or KeyStore()
    try:
        if args.key_command == "status":
            return status(settings, keys)
        server = chosen_server(settings, args.server)
        if args.key_command == "set":
            return set_key(server, keys, sys.stdin)
        return remove_key(server, keys)
    except CamdrawError as error:
        _print(f"camdraw: {error}", err=True)
        return 1
    except (KeyboardInterrupt, EOFError):
        _print("", err=True)
        _print(_("camdraw: nothing was stored."), err=True)
        return 1


def chosen_server(settings: Settings, name: str | None) -> Server:
    """The server ``--server NAME`` means (see the module's docstring)."""
    name = (name or "describe").strip().lower()
    if name == "describe":
        return servers.describing_server(settings)
    if name == "paint":
        return servers.painting_server(settings)
    ids = [preset.id for preset in servers.PRESETS]
    if name not in ids:
        raise ConfigError(
            _("There is no server '{name}'. Choose one of: {names}.").format(
                name=name, names=", ".join([*ROLES, *ids])
            )
        )
    for server in (servers.describing_server(settings), servers.painting_server(settings)):
        if server.preset.id == name:
            return server
    return servers.make_server(name, "")


def read_key(stream: TextIO | None, label: str) -> str:
    """The key from ``stream`` when it is not a terminal (a pipe, a file), else asked for
    without echo. Registered as a secret at once, so no log line can carry it."""
    if stream is not None and not stream.isatty():
        key = stream.read().strip()
    else:
        key = getpass.getpass(_("API key for {server} (not shown): ").format(server=label)).strip()
    if key:
        logs.register_secret(key)
    if not key:
        raise ConfigError(_("No key was given: nothing was stored."))
    if any(character.isspace() for character in key):
        raise ConfigError(_("An API key is one word with no spaces or line breaks."))
    return key


def set_key(server: Server, keys: KeyStore, stream: TextIO | None) -> int:
    problem = server.address_problem()
    if problem:
        raise ConfigError(problem)
    store = keys.for_server(server)
    store.entry()  # a server that takes no key, or has no address, is refused before asking
    if not apikey.backend_available():
        raise KeyringUnavailableError(_(apikey.NO_BACKEND_MESSAGE), hint=_(apikey.NO_BACKEND_HINT))
    unreadable, hint = store.look_up()[1:]
    if unreadable:  # a locked keyring: say so before asking for the key, not after
        raise KeyringUnavailableError(
            _("The system keyring cannot be used ({problem}).").format(problem=unreadable),
            hint=hint,
        )
    store.store(read_key(stream, store.label))
    _print(
        _("Stored the key for {server} in the system keyring ({backend}).").format(
            server=store.label, backend=apikey.backend_name()
        )
    )
    return 0


def remove_key(server: Server, keys: KeyStore) -> int:
    store = keys.for_server(server)
    store.entry()
    found = store.look_up()[0]
    store.delete()
    if found is not None and found.source == "keyring":
        _print(
            _("Removed the key for {server} from the system keyring.").format(server=store.label)
        )
    else:
        _print(
            _("No key for {server} was stored in the system keyring.").format(server=store.label)
        )
    left = store.find()
    if left is not None and left.source == "environment":
        _print(_("The OPENAI_API_KEY environment variable is still set; camdraw uses it."))
    return 0


def _where(server: Server, keys: KeyStore) -> tuple[str, bool, str]:
    """Where ``server``'s key comes from, for people, whether it has one (or needs none),
    and what to do when the keyring could not be read ("" when it could)."""
    if server.preset.key == "none":
        return _("takes no key"), True, ""
    problem = server.address_problem()
    if problem:
        return problem, False, ""
    found, unreadable, hint = keys.for_server(server).look_up()
    sources = {
        "keyring": _("key in the system keyring"),
        "session": _("key for this session only"),
        "environment": _("key from the OPENAI_API_KEY environment variable"),
    }
    text = sources[found.source] if found is not None else _("no key")
    if unreadable:
        text += " " + _("(the keyring could not be read: {problem})").format(problem=unreadable)
    return text, found is not None, hint if unreadable else ""


def status(settings: Settings, keys: KeyStore) -> int:
    """One line per configured server; exit status 0 when the describing server has a key
    (or takes none), 1 when it has none."""
    usable = apikey.backend_available()
    backend = apikey.backend_name()
    _print(
        _("keyring: {backend}").format(backend=backend)
        if usable
        else _("keyring: none usable ({backend})").format(backend=backend)
    )
    describer = servers.describing_server(settings)
    where, has_key, unreadable_hint = _where(describer, keys)
    _print(
        _("describing server: {server}: {where}").format(
            server=apikey.server_label(describer), where=where
        )
    )
    if servers.paints_separately(settings):
        painter = servers.painting_server(settings)
        paint_where = _where(painter, keys)[0]
        _print(
            _("painting server: {server}: {where}").format(
                server=apikey.server_label(painter), where=paint_where
            )
        )
    else:
        _print(_("painting server: the describing server, with its key"))
    if not has_key:
        _print(
            "camdraw: "
            + _(
                "No key for the describing server. Store one with 'camdraw key set', or set "
                "the OPENAI_API_KEY environment variable (OpenAI only)."
            ),
            err=True,
        )
        if unreadable_hint:
            _print(f"camdraw: {unreadable_hint}", err=True)
        if not usable:
            _print(f"camdraw: {_(apikey.NO_BACKEND_MESSAGE)} {_(apikey.NO_BACKEND_HINT)}", err=True)
    return 0 if has_key else 1
