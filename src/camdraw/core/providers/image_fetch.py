"""The painting as the image service sends it: base64 in the answer, or a URL to fetch."""

from __future__ import annotations

import base64
import binascii
import urllib.error
import urllib.request

from camdraw.core.errors import BadResponseError, ServiceUnavailableError
from camdraw.core.i18n import _

DOWNLOAD_TIMEOUT_S = 60
MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024


def decode_base64_image(data: str) -> bytes:
    """Base64 as servers send it: plain, wrapped over lines, or as a data: URL."""
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


def download(url: str) -> bytes:
    """Fetch a generated image from the URL the service returned."""
    if url.startswith("data:"):
        return decode_base64_image(url)
    if not url.startswith(("https://", "http://")):
        raise BadResponseError(
            _("The image service returned an invalid picture address."), step="paint"
        )
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            data = response.read(MAX_DOWNLOAD_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ServiceUnavailableError(
            _("The painting was made but could not be downloaded."),
            hint=_("Press Retry to paint it again."),
            step="paint",
        ) from error
    if len(data) > MAX_DOWNLOAD_BYTES:
        raise BadResponseError(_("The painting the service sent is too large."), step="paint")
    return data
