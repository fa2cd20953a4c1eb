"""Reading the vision model's chat answer into a ``Description``.

The answer comes whole (a chat completion) or in chunks (a stream); either way it is first
gathered into a ``Reply`` and then judged by ``description``: a refusal, an empty answer or one
cut off before its first word raise an error written for people.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from camdraw.core.errors import BadResponseError, ContentRefusedError
from camdraw.core.i18n import _
from camdraw.core.providers.provider_errors import not_openai

log = logging.getLogger(__name__)

# A description is a paragraph; a server that sends more (or never stops) is cut here, and the
# describe step keeps the whole sentences of it.
MAX_DESCRIPTION_CHARS = 20_000


@dataclass
class Description:
    text: str
    model: str
    truncated: bool = False
    usage: dict[str, int] = field(default_factory=dict)


@dataclass
class Reply:
    """What describe needs from a chat answer, whether it came whole or in chunks."""

    text: str
    refusal: str
    finish_reason: str | None
    model: str
    usage: dict[str, int]


def usage_counts(usage: Any) -> dict[str, int]:
    """The token counts of an answer (chat or image) as plain ints; {} when it has none."""
    if usage is None:
        return {}
    data = usage.model_dump() if hasattr(usage, "model_dump") else dict(usage)
    return {k: v for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool)}


def read(response: Any) -> Reply:
    """A whole chat completion as a Reply; one without choices is not an OpenAI answer."""
    if not getattr(response, "choices", None):
        raise not_openai(step="describe")
    choice = response.choices[0]
    return Reply(
        text=message_text(choice.message.content),
        refusal=str(getattr(choice.message, "refusal", None) or "").strip(),
        finish_reason=choice.finish_reason,
        model=str(getattr(response, "model", None) or ""),
        usage=usage_counts(getattr(response, "usage", None)),
    )


def read_stream(chunks: Iterable[Any], model: str, on_text: Callable[[str], None]) -> Reply:
    """The streamed chunks gathered into a Reply; ``on_text`` gets the text so far after every
    piece. A stream that ends without a finish reason is taken as cut off."""
    content: list[str] = []
    refusal: list[str] = []
    length = 0
    reply = Reply("", "", None, model, {})
    for chunk in chunks:
        if length > MAX_DESCRIPTION_CHARS:
            # Long enough: stop reading (the stream is closed) and use it as cut off.
            log.warning("the description passed %d characters: stopped reading", length)
            reply.finish_reason = "length"
            break
        reply.model = getattr(chunk, "model", None) or reply.model
        if getattr(chunk, "usage", None) is not None:
            reply.usage = usage_counts(chunk.usage)
        for choice in getattr(chunk, "choices", None) or ():
            if getattr(choice, "finish_reason", None):
                reply.finish_reason = choice.finish_reason
            delta = getattr(choice, "delta", None)
            if delta is None:
                continue
            if getattr(delta, "refusal", None):
                refusal.append(str(delta.refusal))
            if getattr(delta, "content", None):
                content.append(str(delta.content))
                length += len(content[-1])
                on_text("".join(content)[:MAX_DESCRIPTION_CHARS])
    reply.text = "".join(content).strip()
    reply.refusal = "".join(refusal).strip()[:MAX_DESCRIPTION_CHARS]
    if reply.finish_reason is None and reply.text:
        # It ended without saying why: take it as cut off, so only whole sentences are used.
        log.warning("the description stream ended without a finish reason")
        reply.finish_reason = "length"
    return reply


def description(reply: Reply, model: str) -> Description:
    """The reply as a Description; a refusal, an empty or a cut-off empty reply raise."""
    text = reply.text
    if not text and reply.refusal:
        # OpenAI puts a model's refusal in its own field and leaves the content empty.
        refusal = reply.refusal
        quoted = refusal if len(refusal) <= 120 else refusal[:117].rstrip() + "…"
        raise ContentRefusedError(
            _(
                'The vision model declined to describe this photo ("{quoted}"), so '
                "nothing was painted."
            ).format(quoted=quoted),
            hint=_("Take another photo."),
            step="describe",
        )
    if not text and reply.finish_reason == "length":
        # Reasoning models can spend the whole budget thinking before writing a word.
        raise BadResponseError(
            _("The vision model ran out of tokens before it wrote the description."),
            hint=_("Raise 'Longest description' in Settings, or choose another vision model."),
            step="describe",
        )
    if not text:
        raise BadResponseError(
            _("The vision model answered with an empty description."),
            hint=_("Press Retry; if it happens again, try another vision model in Settings."),
            step="describe",
        )
    truncated = reply.finish_reason == "length"
    if len(text) > MAX_DESCRIPTION_CHARS:
        text, truncated = text[:MAX_DESCRIPTION_CHARS], True  # the step keeps whole sentences
    return Description(
        text=text,
        model=reply.model or model,
        truncated=truncated,
        usage=reply.usage,
    )


def answer(reply: Reply, model: str) -> Description:
    """The reply to a question about the photo; a refusal or an empty reply raise, with words
    about the question (the description and the painting are not concerned)."""
    if not reply.text and reply.refusal:
        refusal = reply.refusal if len(reply.refusal) <= 120 else reply.refusal[:117] + "…"
        raise ContentRefusedError(
            _('The vision model declined to answer this question ("{refusal}").').format(
                refusal=refusal
            ),
            hint=_("Ask in other words, or ask something else."),
            step="describe",
        )
    if not reply.text:
        raise BadResponseError(
            _("The vision model answered with nothing."),
            hint=_("Ask again; if it happens again, try another vision model in Settings."),
            step="describe",
        )
    return Description(
        text=reply.text,
        model=reply.model or model,
        truncated=reply.finish_reason == "length",
        usage=reply.usage,
    )


def message_text(content: Any) -> str:
    """The reply's text; some compatible servers send a list of parts instead of a string."""
    if isinstance(content, list):
        parts = [
            p.get("text", "") if isinstance(p, dict) else getattr(p, "text", "") for p in content
        ]
        return " ".join(str(p).strip() for p in parts if p).strip()
    return str(content or "").strip()
