"""Where a round's photo goes, in words people read: the notice shown before the first photo
goes to a server (and again when the server changes), and the line saying where a round was
described and painted.

A server on this computer (localhost, Ollama, LM Studio) and the offline demo are "this
computer": nothing leaves the machine, so no notice. Every other server is named: "OpenAI",
"Azure OpenAI (<host>)", or the address of a custom one (never its user name or password).
The user confirms each server once; the confirmed ones are kept in the settings
(``confirmed_servers``, by ``Destination.key``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from camdraw.core.i18n import _, ngettext
from camdraw.core.providers import servers
from camdraw.core.providers.servers import Server
from camdraw.core.settings import Settings

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
OPENAI_HOST = "api.openai.com"
AZURE_SUFFIX = ".openai.azure.com"


@dataclass(frozen=True)
class Destination:
    """A place a round's data goes: ``key`` is what a confirmation remembers ("" for this
    computer), ``label`` the server's name as people read it ("" for this computer)."""

    key: str = ""
    label: str = ""

    @property
    def local(self) -> bool:
        return not self.key

    def name(self) -> str:
        return self.label or _("this computer")


THIS_COMPUTER = Destination()


def _is_local(host: str) -> bool:
    if host.lower() in LOCAL_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def destination_of(server: Server) -> Destination:
    """Where ``server`` is, as a ``Destination``."""
    address = server.base_url or servers.OPENAI.base_url
    try:
        parts = urlsplit(address)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    if host and _is_local(host):
        return THIS_COMPUTER
    if host == OPENAI_HOST:
        return Destination("openai", "OpenAI")
    if server.preset.id == servers.AZURE.id or host.endswith(AZURE_SUFFIX):
        return Destination(f"azure:{host}", f"Azure OpenAI ({host})")
    if parts is None or not host:
        return Destination(f"custom:{server.where}", server.where)
    port = f":{parts.port}" if parts.port else ""
    shown = f"{parts.scheme}://{host}{port}{parts.path}".rstrip("/")
    return Destination(f"custom:{shown}", shown)


@dataclass(frozen=True)
class Route:
    """Where this round's photo and description go, and how."""

    describe: Destination
    paint: Destination
    likeness: bool  # the photo itself goes to the painter
    blurred: bool  # faces are blurred in what is sent

    def servers(self) -> list[Destination]:
        """The distinct servers off this computer, describing first."""
        found: list[Destination] = []
        for place in (self.describe, self.paint):
            if not place.local and place not in found:
                found.append(place)
        return found


def route(settings: Settings, offline: bool) -> Route:
    if offline:
        return Route(THIS_COMPUTER, THIS_COMPUTER, settings.likeness, settings.blur_faces)
    describe = destination_of(servers.describing_server(settings))
    paint = destination_of(servers.painting_server(settings))
    return Route(describe, paint, settings.likeness, settings.blur_faces)


def unconfirmed(settings: Settings, offline: bool) -> list[Destination]:
    """The servers this round would send to that the user has not confirmed yet."""
    confirmed = set(settings.confirmed_servers)
    return [place for place in route(settings, offline).servers() if place.key not in confirmed]


def with_confirmed(settings: Settings, places: list[Destination]) -> list[str]:
    """``confirmed_servers`` with ``places`` added."""
    kept = list(settings.confirmed_servers)
    return kept + [p.key for p in places if p.key not in kept]


def notice(settings: Settings, offline: bool) -> str:
    """What the notice says: who gets what, and what stays on this computer."""
    r = route(settings, offline)
    photo = (
        _("a smaller copy of the photo with the faces blurred")
        if r.blurred
        else _("a smaller copy of the photo")
    )
    lines = [
        _("{server} receives {photo} and describes it.").format(
            server=r.describe.name(), photo=photo
        )
        if not r.describe.local
        else _("The photo is described on this computer.")
    ]
    if r.paint.local:
        lines.append(_("The painting is made on this computer."))
    elif r.likeness:
        itself = (
            _("the photo itself with the faces blurred") if r.blurred else _("the photo itself")
        )
        lines.append(
            _("{server} receives the description and {photo} and paints it.").format(
                server=r.paint.name(), photo=itself
            )
        )
    else:
        lines.append(
            _("{server} receives the description and paints it.").format(server=r.paint.name())
        )
    lines.append(
        _(
            "Kept on this computer: the photo, the painting, the description and the round's "
            "record, in {folder}."
        ).format(folder=settings.images_path())
    )
    lines.append(
        _("Rounds are kept until you delete them (Gallery).")
        if settings.keep_days <= 0
        else ngettext(
            "Rounds are deleted after {days} day.",
            "Rounds are deleted after {days} days.",
            settings.keep_days,
        ).format(days=settings.keep_days)
    )
    return "\n".join(lines)


def visitor_notice(settings: Settings, offline: bool) -> str:
    """The photobooth's short line for visitors, before the countdown."""
    places = route(settings, offline).servers()
    if not places:
        return _("Your photo stays on this computer.")
    names = ", ".join(p.name() for p in places)
    return _("Your photo is sent to {server} to be described and painted.").format(server=names)


def places_line(
    privacy: dict[str, object], *, described_ok: bool = True, painted_ok: bool = True
) -> str:
    """Where a round was described and painted, from its record's ``privacy`` (the server
    labels it keeps, "" for this computer); "" when neither step ran (a cached round).
    A step that was sent but did not finish (``described_ok``/``painted_ok`` False) is said
    as sent, never as done."""
    described, painted = privacy.get("described_at"), privacy.get("painted_at")
    if isinstance(described, str) and not described_ok:
        return _("The photo was sent to {place}; no description came back.").format(
            place=described or _("this computer")
        )
    if isinstance(painted, str) and not painted_ok:
        if isinstance(described, str):
            return _("Described by {described}; sent to {painted}, no painting came back.").format(
                described=described or _("this computer"), painted=painted or _("this computer")
            )
        return _("Sent to {place} to be painted; no painting came back.").format(
            place=painted or _("this computer")
        )
    if not isinstance(described, str) and not isinstance(painted, str):
        return ""
    if described == painted == "":
        return _("Described and painted on this computer.")
    if isinstance(described, str) and isinstance(painted, str):
        if described == painted:
            return _("Described and painted by {place}.").format(place=described)
        return _("Described by {described}, painted by {painted}.").format(
            described=described or _("this computer"), painted=painted or _("this computer")
        )
    if isinstance(described, str):
        return _("Described by {place}.").format(place=described or _("this computer"))
    return _("Painted by {place}.").format(place=painted or _("this computer"))
