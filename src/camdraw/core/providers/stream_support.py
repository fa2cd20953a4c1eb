"""Telling whether a server streams: a plain answer to a streaming request, or a refusal.

A server that cannot stream either ignores the flag and answers with plain JSON, or rejects the
request with a 400/422 naming the streaming parameter; ``providers/provider.py`` falls back to
the plain request in both cases and remembers it.
"""

from __future__ import annotations

import re
from typing import Any

from camdraw.core.providers.provider_errors import server_message

_STREAM_PARAM = re.compile(r"\b(stream\w*|partial_images?)\b", re.IGNORECASE)


def is_event_stream(stream: Any) -> bool:
    """False when a streaming request got a plain (JSON) answer from the server."""
    response = getattr(stream, "response", None)
    if response is None:
        return True
    return "text/event-stream" in str(response.headers.get("content-type", "")).lower()


def rejects_streaming(error: Exception) -> bool:
    """A 400/422 that blames the streaming parameters (``stream``, ``stream_options``,
    ``partial_images``), as servers without streaming answer; any other error is real."""
    if getattr(error, "status_code", None) not in (400, 422):
        return False
    param = str(getattr(error, "param", "") or "")
    return bool(_STREAM_PARAM.match(param)) or bool(_STREAM_PARAM.search(server_message(error)))
