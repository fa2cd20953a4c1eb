"""The painting as the image service sends it: base64 in the answer, or a URL to fetch.

Both are capped at ``imaging.MAX_PICTURE_BYTES`` before anything is decoded or read whole.
A URL is fetched only from the API's own server (scheme, host and port as in its address), or
over https from a host whose every address is public; never ``file:``, never another service
on this computer or the local network. Redirects are followed here, one by one, under the same
rule, so a redirect cannot lead where a URL may not.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from camdraw.core import imaging
from camdraw.core.errors import BadResponseError, ServiceUnavailableError
from camdraw.core.i18n import _
from camdraw.core.providers import deadline

DOWNLOAD_TIMEOUT_S = 60
MAX_DOWNLOAD_BYTES = imaging.MAX_PICTURE_BYTES
# Base64 takes 4 characters per 3 bytes; line breaks and a data: prefix add a little.
MAX_BASE64_CHARS = MAX_DOWNLOAD_BYTES * 4 // 3 + 1024 * 1024
# A whole answer from the API (JSON around at most one inline picture): one that says it is
# larger is refused from its headers, before the SDK reads it whole (a streamed, chunked answer
# says no length; its picture is still capped by MAX_BASE64_CHARS).
MAX_ANSWER_BYTES = MAX_BASE64_CHARS + 1024 * 1024
MAX_REDIRECTS = 5
_CHUNK = 1024 * 1024


def decode_base64_image(data: str) -> bytes:
    """Base64 as servers send it: plain, wrapped over lines, or as a data: URL; refused unread
    when it would decode to more than MAX_DOWNLOAD_BYTES."""
    if len(data) > MAX_BASE64_CHARS:
        raise imaging.painting_too_large()
    if data.startswith("data:"):
        data = data.partition(",")[2]
    try:
        return base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise BadResponseError(
            _("The image service sent a picture that cannot be decoded."),
            hint=_("Press Retry."),
            step="paint",
        ) from error


def refuse_oversized_answer(response: Any) -> None:
    """The API client's ``response`` hook: an answer whose Content-Length is over
    MAX_ANSWER_BYTES is refused before its body is read (the client closes it)."""
    length = str(response.headers.get("content-length") or "")
    if length.isdigit() and int(length) > MAX_ANSWER_BYTES:
        raise BadResponseError(
            _("The service sent an answer too large to read ({megabytes} MB).").format(
                megabytes=int(length) // (1024 * 1024)
            ),
            hint=_("Press Retry; if it happens again, check the server address in Settings."),
        )


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def _public(host: str, port: int | None) -> bool:
    """Every address ``host`` resolves to is a public one (not loopback, private, link-local,
    multicast or reserved); False when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    addresses = {info[4][0] for info in infos}
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%")[0])
        mapped = getattr(ip, "ipv4_mapped", None)
        if not (mapped or ip).is_global:
            return False
    return bool(addresses)


def refusal(url: str, api_base: str) -> str | None:
    """Why camdraw will not fetch ``url`` for the server at ``api_base``; None when it may."""
    try:
        scheme, host, port = _origin(url)
    except ValueError:
        return _("The image service returned an invalid picture address.")
    if scheme not in ("http", "https") or not host:
        return _("The image service returned a picture address camdraw does not fetch.")
    if api_base and (scheme, host, port) == _origin(api_base):
        return None  # the API's own server
    if scheme != "https":
        return _("The image service sent a plain http:// link to another server: not fetched.")
    if not _public(host, port):
        return _(
            "The image service sent a link to a private or local address ({host}): not fetched."
        ).format(host=host)
    return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers: ``download`` checks each before following it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _refused(why: str) -> BadResponseError:
    return BadResponseError(why, hint=_("Press Retry to paint it again."), step="paint")


def _failed(error: BaseException | None = None) -> ServiceUnavailableError:
    failure = ServiceUnavailableError(
        _("The painting was made but could not be downloaded."),
        hint=_("Press Retry to paint it again."),
        step="paint",
    )
    failure.__cause__ = error
    return failure


def download(url: str, api_base: str = "") -> bytes:
    """Fetch a generated image from the URL the service returned (``refusal`` says which URLs
    may be fetched), following redirects under the same rule, at most MAX_DOWNLOAD_BYTES."""
    if url.startswith("data:"):
        return decode_base64_image(url)
    for _hop in range(MAX_REDIRECTS + 1):
        why = refusal(url, api_base)
        if why:
            raise _refused(why)
        limit = deadline.current()  # the paint step's deadline holds for the download too
        wait = DOWNLOAD_TIMEOUT_S if limit is None else min(DOWNLOAD_TIMEOUT_S, limit.remaining())
        if wait <= 0:
            deadline.raise_if_passed()
        try:
            with _OPENER.open(url, timeout=wait) as response:
                return _read_capped(response)
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location") if 300 <= error.code < 400 else None
            error.close()
            if not location:
                raise _failed(error) from error
            url = urllib.parse.urljoin(url, location)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise _failed(error) from error
    raise _failed()


def _read_capped(response: Any) -> bytes:
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > MAX_DOWNLOAD_BYTES:
        raise imaging.painting_too_large()
    chunks: list[bytes] = []
    total = 0
    while chunk := response.read(_CHUNK):
        total += len(chunk)
        if total > MAX_DOWNLOAD_BYTES:
            raise imaging.painting_too_large()
        chunks.append(chunk)
    return b"".join(chunks)
