"""Reading the image model's answer into a ``Painting``.

The picture comes inline (``b64_json``) or as a link, which is fetched at once because OpenAI's
links expire within the hour; some compatible servers answer with a path on themselves.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from camdraw.core.errors import BadResponseError
from camdraw.core.i18n import _
from camdraw.core.providers.chat_reply import usage_counts
from camdraw.core.providers.image_fetch import decode_base64_image, download
from camdraw.core.providers.provider_errors import not_openai


@dataclass
class Painting:
    image: bytes  # as received (PNG, JPEG or WebP); the pipeline stores it as PNG
    model: str
    source: str  # "b64_json" or "url"
    revised_prompt: str | None = None
    usage: dict[str, int] = field(default_factory=dict)
    params: dict[str, object] = field(default_factory=dict)
    # How it was painted: "text" (from the prompt alone), "likeness" (the photo repainted) or
    # "offline"; "" when the provider does not say (the pipeline then assumes what it asked).
    mode: str = ""
    note: str = ""  # for people: why it was painted otherwise than asked


def read(response: Any, params: dict[str, object], base_url: str) -> Painting:
    """The answer's first picture as a Painting; a link is resolved against ``base_url``."""
    if not getattr(response, "data", None):
        raise not_openai(step="paint")
    item = response.data[0]
    if getattr(item, "b64_json", None):
        image = decode_base64_image(item.b64_json)
        source = "b64_json"
    elif getattr(item, "url", None):
        # URLs expire within the hour: fetch at once. Some servers answer with a path. Only
        # the API's own server or a public https host is fetched from (image_fetch.refusal).
        image = download(urllib.parse.urljoin(base_url, str(item.url)), base_url)
        source = "url"
    else:
        raise BadResponseError(
            _("The image service answered without a picture."), hint=_("Press Retry."), step="paint"
        )
    return Painting(
        image=image,
        model=str(params["model"]),
        source=source,
        revised_prompt=getattr(item, "revised_prompt", None),
        usage=usage_counts(getattr(response, "usage", None)),
        params=params,
    )
