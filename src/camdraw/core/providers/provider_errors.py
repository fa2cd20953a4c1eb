"""OpenAI SDK errors turned into sentences for people, in one place (never with the key)."""

from __future__ import annotations

import logging
from typing import Any

from camdraw.core import logs
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

log = logging.getLogger(__name__)


# The error codes of an image service refusing a prompt or picture under its content policy.
POLICY_CODES = ("content_policy_violation", "moderation_blocked")
_WHAT = {"describe": "vision model", "paint": "image model", "check": "moderation model"}
_SETTING = {"describe": "Vision model", "paint": "Image model", "check": "Moderation model"}


def translate_error(
    error: Exception, *, step: str, model: str, models_hint: Any = None
) -> CamdrawError:
    """Turn an ``openai`` exception into a sentence for people (never including the key)."""
    import openai  # already imported by the client that raised

    what, setting = _WHAT[step], _SETTING[step]
    status = getattr(error, "status_code", None)
    detail = server_message(error)
    if isinstance(error, openai.AuthenticationError) or status == 401:
        return AuthenticationError(
            "The service refused the API key (401).",
            hint="Check or replace the key in Settings → Service.",
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
        if code in POLICY_CODES or (step == "paint" and "safety system" in detail.lower()):
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
        return not_openai(step)  # e.g. an HTML page from a proxy or a wrong address
    log.warning("unexpected %s error: %s", step, type(error).__name__)
    return BadResponseError(
        f"The {what} sent an answer camdraw cannot read ({type(error).__name__}).",
        hint="Press Retry; check the server address in Settings if it keeps happening.",
        step=step,
    )


def not_openai(step: str) -> BadResponseError:
    return BadResponseError(
        "The server's answer is not what an OpenAI-compatible service sends.",
        hint="Check the server address in Settings (it usually ends in /v1), then Retry.",
        step=step,
    )


def server_message(error: Exception) -> str:
    """The server's own words, the only outside text that reaches a message: servers do quote
    the key they were sent, so it is redacted here, before any message is built."""
    body = getattr(error, "body", None)
    text = str(getattr(error, "message", "") or type(error).__name__)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            text = str(inner["message"])
    return logs.redact(text)[:300]
