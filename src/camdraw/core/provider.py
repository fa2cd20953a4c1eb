"""The AI services behind a small protocol, and the OpenAI implementation of it.

``Provider`` is all the pipeline knows. ``OpenAIProvider`` takes a ready ``openai.OpenAI``
client through its constructor (``client.build_client`` makes the real one), so tests hand in
one aimed at a local server. Retries, back-off and time-outs are the SDK's own options.
"""

from __future__ import annotations

import base64
import binascii
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Protocol

from camdraw.core import logs, models
from camdraw.core.content_check import Moderation, ModerationUnavailableError
from camdraw.core.errors import (
    AuthenticationError,
    BadRequestError,
    BadResponseError,
    CamdrawError,
    ContentRefusedError,
    ModelNotFoundError,
    RateLimitError,
    ServiceUnavailableError,
)
from camdraw.core.imaging import Upload

log = logging.getLogger(__name__)

DOWNLOAD_TIMEOUT_S = 60
MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024


@dataclass
class Description:
    text: str
    model: str
    truncated: bool = False
    usage: dict[str, int] = field(default_factory=dict)


@dataclass
class Painting:
    image: bytes  # as received (PNG, JPEG or WebP); the pipeline stores it as PNG
    model: str
    source: str  # "b64_json" or "url"
    revised_prompt: str | None = None
    usage: dict[str, int] = field(default_factory=dict)
    params: dict[str, object] = field(default_factory=dict)


class Provider(Protocol):
    def describe(
        self,
        upload: Upload,
        *,
        prompt: str,
        model: str,
        detail: str,
        max_tokens: int,
        timeout: float,
    ) -> Description: ...

    def paint(
        self, prompt: str, *, model: str, size: str, quality: str, timeout: float
    ) -> Painting: ...

    def moderate(self, text: str, *, model: str, timeout: float) -> Moderation: ...


def _usage(usage: Any) -> dict[str, int]:
    if usage is None:
        return {}
    data = usage.model_dump() if hasattr(usage, "model_dump") else dict(usage)
    return {k: v for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool)}


class OpenAIProvider:
    def __init__(self, client: Any) -> None:
        self._client = client
        self.moderation_missing = False  # the server answered 404 to /moderations once

    def describe(
        self,
        upload: Upload,
        *,
        prompt: str,
        model: str,
        detail: str,
        max_tokens: int,
        timeout: float,
    ) -> Description:
        messages = [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": prompt},
                    {"type": "image_url", "image_url": {"url": upload.data_url, "detail": detail}},
                ],
            }
        ]
        try:
            response = self._client.with_options(timeout=timeout).chat.completions.create(
                messages=messages, **models.vision_params(model, max_tokens)
            )
            if not getattr(response, "choices", None):
                raise _not_openai(step="describe")
            choice = response.choices[0]
            text = _message_text(choice.message.content)
        except Exception as error:
            raise self._translate(error, step="describe", model=model) from error
        refusal = str(getattr(choice.message, "refusal", None) or "").strip()
        if not text and refusal:
            # OpenAI puts a model's refusal in its own field and leaves the content empty.
            quoted = refusal if len(refusal) <= 120 else refusal[:117].rstrip() + "…"
            raise ContentRefusedError(
                f'The vision model declined to describe this photo ("{quoted}"), so nothing '
                "was painted.",
                hint="Take another photo.",
                step="describe",
            )
        if not text and choice.finish_reason == "length":
            # Reasoning models can spend the whole budget thinking before writing a word.
            raise BadResponseError(
                "The vision model ran out of tokens before it wrote the description.",
                hint="Raise 'Longest description' in Settings, or choose another vision model.",
                step="describe",
            )
        if not text:
            raise BadResponseError(
                "The vision model answered with an empty description.",
                hint="Press Retry; if it happens again, try another vision model in Settings.",
                step="describe",
            )
        return Description(
            text=text,
            model=getattr(response, "model", None) or model,
            truncated=choice.finish_reason == "length",
            usage=_usage(response.usage),
        )

    def paint(
        self, prompt: str, *, model: str, size: str, quality: str, timeout: float
    ) -> Painting:
        params = models.image_params(model, size, quality)
        try:
            response = self._client.with_options(timeout=timeout).images.generate(
                prompt=prompt, **params
            )
            if not getattr(response, "data", None):
                raise _not_openai(step="paint")
            item = response.data[0]
        except Exception as error:
            raise self._translate(error, step="paint", model=model) from error
        if getattr(item, "b64_json", None):
            image = decode_base64_image(item.b64_json)
            source = "b64_json"
        elif getattr(item, "url", None):
            # URLs expire within the hour: fetch at once. Some servers answer with a path.
            url = urllib.parse.urljoin(str(getattr(self._client, "base_url", "")), item.url)
            image = download(url)
            source = "url"
        else:
            raise BadResponseError(
                "The image service answered without a picture.", hint="Press Retry.", step="paint"
            )
        return Painting(
            image=image,
            model=model,
            source=source,
            revised_prompt=getattr(item, "revised_prompt", None),
            usage=_usage(getattr(response, "usage", None)),
            params=params,
        )

    def moderate(self, text: str, *, model: str, timeout: float) -> Moderation:
        """Ask the moderation endpoint about ``text``.

        Raises ModerationUnavailableError when the server has none (404/405), and remembers
        that, so the next rounds skip the call (``moderation_missing``)."""
        try:
            response = self._client.with_options(timeout=timeout).moderations.create(
                model=model, input=text
            )
            results = getattr(response, "results", None)
            if not results:
                raise _not_openai(step="check")
            result = results[0]
        except Exception as error:
            status = getattr(error, "status_code", None)
            if status in (404, 405):
                self.moderation_missing = True
                raise ModerationUnavailableError(
                    "This server has no moderation endpoint, so descriptions are painted without "
                    "that check.",
                    hint="Use a server with /v1/moderations, or turn the check off in Settings.",
                    step="check",
                ) from error
            raise self._translate(error, step="check", model=model) from error
        categories = getattr(result, "categories", None)
        flags = categories.model_dump(by_alias=True) if hasattr(categories, "model_dump") else {}
        if not flags and isinstance(categories, dict):
            flags = categories
        return Moderation(
            flagged=bool(getattr(result, "flagged", False)),
            categories=tuple(sorted(name for name, on in flags.items() if on)),
            model=str(getattr(response, "model", "") or model),
        )

    def available_models(self) -> list[str]:
        """The server's model list, or [] when it cannot be had."""
        try:
            page = self._client.with_options(timeout=10, max_retries=0).models.list()
            return sorted(m.id for m in page.data)
        except Exception:
            return []

    def _translate(self, error: Exception, *, step: str, model: str) -> CamdrawError:
        return translate_error(error, step=step, model=model, models_hint=self.available_models)


_WHAT = {"describe": "vision model", "paint": "image model", "check": "moderation model"}
_SETTING = {"describe": "Vision model", "paint": "Image model", "check": "Moderation model"}


def translate_error(
    error: Exception, *, step: str, model: str, models_hint: Any = None
) -> CamdrawError:
    """Turn an ``openai`` exception into a sentence for people (never including the key)."""
    import openai  # already imported by the client that raised

    what, setting = _WHAT[step], _SETTING[step]
    status = getattr(error, "status_code", None)
    detail = _server_message(error)
    if isinstance(error, openai.AuthenticationError) or status == 401:
        return AuthenticationError(
            "The service refused the API key (401).",
            hint="Check or replace the key in Settings → API key.",
            step=step,
        )
    if isinstance(error, openai.PermissionDeniedError) or status == 403:
        return AuthenticationError(
            f"This API key may not use the {what} '{model}' (403).",
            hint=f"Choose another {what} in Settings, or check the key's project permissions.",
            step=step,
        )
    if isinstance(error, openai.NotFoundError) or status == 404:
        names = models_hint() if callable(models_hint) else []
        offer = (
            f" Models this server offers: {', '.join(names[:12])}."
            if names
            else " If the name is right, check the server address (it usually ends in /v1)."
        )
        return ModelNotFoundError(
            f"The {what} '{model}' is not available on this server.",
            hint=f"Change '{setting}' in Settings.{offer}",
            step=step,
            setting=setting,
        )
    if isinstance(error, openai.RateLimitError) or status == 429:
        return RateLimitError(
            "The service is rate limiting this key or its quota is used up (429).",
            hint="Wait a moment and press Retry; check your plan and billing if it persists.",
            step=step,
        )
    if isinstance(error, openai.BadRequestError) or status in (400, 413, 422):
        code = str(getattr(error, "code", "") or "")
        if code in ("content_policy_violation", "moderation_blocked") or (
            step == "paint" and "safety system" in detail.lower()
        ):
            return ContentRefusedError(
                "The image service refused to paint this description (its content policy). "
                "The photo and the description are saved.",
                hint="Take another photo.",
                step=step,
            )
        return BadRequestError(
            f"The {what} '{model}' rejected the request: {detail}",
            hint=f"Check '{setting}' and its options in Settings.",
            step=step,
        )
    if isinstance(error, openai.APITimeoutError):
        return ServiceUnavailableError(
            f"The {what} did not answer in time.",
            hint="Press Retry, or raise the time-out in Settings.",
            step=step,
        )
    if isinstance(error, openai.APIConnectionError):
        return ServiceUnavailableError(
            "camdraw could not reach the AI service.",
            hint="Check the internet connection and the server address in Settings, then Retry.",
            step=step,
        )
    if isinstance(error, openai.APIStatusError):
        return ServiceUnavailableError(
            f"The AI service had a problem ({status}).", hint="Press Retry in a moment.", step=step
        )
    if isinstance(error, CamdrawError):
        return error
    if isinstance(error, (ValueError, openai.APIResponseValidationError)):
        return _not_openai(step)  # e.g. an HTML page from a proxy or a wrong address
    log.warning("unexpected %s error: %s", step, type(error).__name__)
    return BadResponseError(
        f"The {what} sent an answer camdraw cannot read ({type(error).__name__}).",
        hint="Press Retry; check the server address in Settings if it keeps happening.",
        step=step,
    )


def _not_openai(step: str) -> BadResponseError:
    return BadResponseError(
        "The server's answer is not what an OpenAI-compatible service sends.",
        hint="Check the server address in Settings (it usually ends in /v1), then Retry.",
        step=step,
    )


def _server_message(error: Exception) -> str:
    """The server's own words, the only outside text that reaches a message: servers do quote
    the key they were sent, so it is redacted here, before any message is built."""
    body = getattr(error, "body", None)
    text = str(getattr(error, "message", "") or type(error).__name__)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            text = str(inner["message"])
    return logs.redact(text)[:300]


def _message_text(content: Any) -> str:
    """The reply's text; some compatible servers send a list of parts instead of a string."""
    if isinstance(content, list):
        parts = [
            p.get("text", "") if isinstance(p, dict) else getattr(p, "text", "") for p in content
        ]
        return " ".join(str(p).strip() for p in parts if p).strip()
    return str(content or "").strip()


def decode_base64_image(data: str) -> bytes:
    """Base64 as servers send it: plain, wrapped over lines, or as a data: URL."""
    if data.startswith("data:"):
        data = data.partition(",")[2]
    try:
        return base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise BadResponseError(
            "The image service sent a picture that cannot be decoded.",
            hint="Press Retry.",
            step="paint",
        ) from error


def download(url: str) -> bytes:
    """Fetch a generated image from the URL the service returned."""
    if url.startswith("data:"):
        return decode_base64_image(url)
    if not url.startswith(("https://", "http://")):
        raise BadResponseError(
            "The image service returned an invalid picture address.", step="paint"
        )
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            data = response.read(MAX_DOWNLOAD_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ServiceUnavailableError(
            "The painting was made but could not be downloaded.",
            hint="Press Retry to paint it again.",
            step="paint",
        ) from error
    if len(data) > MAX_DOWNLOAD_BYTES:
        raise BadResponseError("The painting the service sent is too large.", step="paint")
    return data


__all__ = [
    "Description",
    "OpenAIProvider",
    "Painting",
    "Provider",
    "translate_error",
]
