"""OpenAI SDK errors turned into sentences for people, in one place (never with the key).

``classify`` names what went wrong (a ``Fault``) the same way for a round and for the
settings' "Test connection"; ``translate_error`` says it for its context. A round's step
("describe", "paint", "check") names the model and points to Settings and Retry; the
connection test (``step=CONNECT``) names the server at its address, its time-out and the
preset's "is it running?" hint, since the user is looking at that server's settings.
"""

from __future__ import annotations

import enum
import logging
import ssl
from collections.abc import Callable
from typing import TYPE_CHECKING

from camdraw.core import logs
from camdraw.core.errors import (
    AuthenticationError,
    BadRequestError,
    BadResponseError,
    CamdrawError,
    ConfigError,
    ContentRefusedError,
    ModelNotFoundError,
    RateLimitError,
    ServiceUnavailableError,
)
from camdraw.core.i18n import N_, _, format_number

if TYPE_CHECKING:
    from camdraw.core.providers.servers import Server

log = logging.getLogger(__name__)

CONNECT = "connect"  # the step of the settings' connection test (GET /models)
# The error codes of an image service refusing a prompt or picture under its content policy.
POLICY_CODES = ("content_policy_violation", "moderation_blocked")
_WHAT = {
    "describe": N_("vision model"),
    "paint": N_("image model"),
    "check": N_("moderation model"),
}
_SETTING = {
    "describe": N_("Vision model"),
    "paint": N_("Image model"),
    "check": N_("Moderation model"),
}
_NO_HOST = ("Name or service not known", "getaddrinfo", "nodename nor servname")


class Fault(enum.Enum):
    TIMEOUT = "timeout"
    TLS = "tls"  # the secure connection failed (a certificate that cannot be checked)
    UNKNOWN_HOST = "unknown host"  # the name does not resolve
    UNREACHABLE = "unreachable"  # nothing answers at the address
    KEY_REFUSED = "key refused"  # 401
    FORBIDDEN = "forbidden"  # 403
    NOT_FOUND = "not found"  # 404/405: what was asked for is not at that address
    RATE_LIMITED = "rate limited"  # 429
    POLICY = "content policy"  # a 400 refusing the prompt or picture
    BAD_REQUEST = "bad request"  # 400, 413, 422
    STATUS = "status"  # any other HTTP error
    NOT_OPENAI = "not openai"  # an answer no OpenAI-compatible server sends (a web page, …)
    OURS = "ours"  # already a CamdrawError
    UNEXPECTED = "unexpected"


def classify(error: Exception, *, step: str = CONNECT) -> Fault:
    """What went wrong, whatever was asked (``step`` only tells a painting's safety refusal)."""
    import openai  # already imported by the client that raised

    status = getattr(error, "status_code", None)
    if isinstance(error, openai.APITimeoutError):
        return Fault.TIMEOUT
    if isinstance(error, openai.APIConnectionError):
        chain = _causes(error)
        text = " ".join(str(item) for item in chain)
        if any(isinstance(item, ssl.SSLError) for item in chain) or "CERTIFICATE" in text.upper():
            return Fault.TLS
        if any(words in text for words in _NO_HOST) or "name resolution" in text.lower():
            return Fault.UNKNOWN_HOST
        return Fault.UNREACHABLE
    if isinstance(error, openai.AuthenticationError) or status == 401:
        return Fault.KEY_REFUSED
    if isinstance(error, openai.PermissionDeniedError) or status == 403:
        return Fault.FORBIDDEN
    if isinstance(error, openai.NotFoundError) or status in (404, 405):
        return Fault.NOT_FOUND
    if isinstance(error, openai.RateLimitError) or status == 429:
        return Fault.RATE_LIMITED
    if isinstance(error, openai.BadRequestError) or status in (400, 413, 422):
        code = str(getattr(error, "code", "") or "")
        detail = server_message(error).lower()
        if code in POLICY_CODES or (step == "paint" and "safety system" in detail):
            return Fault.POLICY
        return Fault.BAD_REQUEST
    if isinstance(error, openai.APIStatusError):
        return Fault.STATUS
    if isinstance(error, CamdrawError):
        return Fault.OURS
    if isinstance(error, (ValueError, openai.APIResponseValidationError)):
        return Fault.NOT_OPENAI  # e.g. an HTML page from a proxy or a wrong address
    return Fault.UNEXPECTED


def translate_error(
    error: Exception,
    *,
    step: str,
    model: str = "",
    models_hint: Callable[[], list[str]] | None = None,
    server: Server | None = None,
    timeout: float | None = None,
) -> CamdrawError:
    """Turn an ``openai`` exception into a sentence for people (never including the key).

    ``server``: the server that was asked (its address and preset), when known; ``timeout``:
    the connection test's own; ``models_hint`` lists the server's models when a round's model
    is not there. Each fault below is said once, with the connection test's words first where
    its context makes them differ."""
    if isinstance(error, CamdrawError):
        return error
    fault = classify(error, step=step)
    testing = step == CONNECT
    status = getattr(error, "status_code", None)
    where = server.where if server is not None else ""  # the connection test always knows
    # Whole sentences per case, so each translates as a whole; only "the server (at …)" and
    # the model's kind are filled in.
    at = _("The server at {where}").format(where=where) if where else _("The server")
    what = _(_WHAT.get(step, N_("model")))
    setting = _(_SETTING[step]) if step in _SETTING else ""
    if fault is Fault.TIMEOUT:
        if testing:
            if timeout is not None:
                message = _("{at} did not answer within {seconds}.").format(
                    at=at, seconds=_seconds(timeout)
                )
            else:
                message = _("{at} did not answer in time.").format(at=at)
            hint = _("Check the address, or try again when the network is less busy.")
        else:
            message = _("The {what} did not answer in time.").format(what=what)
            hint = _("Press Retry, or raise the time-out in Settings.")
        return ServiceUnavailableError(message, hint=hint, step=step)
    if fault is Fault.TLS:
        if testing:
            message = _(
                "The secure (TLS) connection to {where} failed: its certificate could not "
                "be checked."
            ).format(where=where)
            hint = _("Check the address; a company proxy may be in the way.")
        else:
            message = (
                _(
                    "camdraw could not reach the AI service: the secure (TLS) connection to "
                    "{where} failed."
                ).format(where=where)
                if where
                else _(
                    "camdraw could not reach the AI service: the secure (TLS) connection failed."
                )
            )
            hint = _(
                "Its certificate could not be checked. Check the server address in Settings; "
                "a company proxy may be in the way."
            )
        return ServiceUnavailableError(message, hint=hint, step=step)
    if fault is Fault.UNKNOWN_HOST:
        if testing:
            message = (
                _("The address {where} could not be found.").format(where=where)
                if where
                else _("The address could not be found.")
            )
            hint = _("Check its spelling.")
        else:
            message = (
                _(
                    "camdraw could not reach the AI service: its address {where} could not "
                    "be found."
                ).format(where=where)
                if where
                else _("camdraw could not reach the AI service: its address could not be found.")
            )
            hint = _("Check its spelling in Settings → Service.")
        return ServiceUnavailableError(message, hint=hint, step=step)
    if fault is Fault.UNREACHABLE:
        not_running = _(server.preset.not_running) if server and server.preset.not_running else ""
        if testing:
            message = _("No server answers at {where}.").format(where=where)
            hint = not_running
        else:
            message = _("camdraw could not reach the AI service.")
            hint = _(
                "Check the internet connection and the server address in Settings, then Retry."
            )
            if not_running:
                hint = _("{not_running} Then press Retry.").format(not_running=not_running)
        return ServiceUnavailableError(message, hint=hint, step=step)
    if fault in (Fault.KEY_REFUSED, Fault.FORBIDDEN):
        if server is not None and server.preset.key == "none":  # it was sent no key at all
            if testing:
                message = _("{at} asks for a key ({status}); choose Custom and set one.").format(
                    at=at, status=status
                )
                hint = ""
            else:
                message = _("{at} asks for a key ({status}).").format(at=at, status=status)
                hint = _("Choose Custom in Settings → Service and set one, then Retry.")
        elif testing:
            message = _("{at} refused the key ({status}).").format(at=at, status=status)
            hint = _("Check or replace the key.")
        elif fault is Fault.KEY_REFUSED:
            message = _("The service refused the API key (401).")
            hint = _("Check or replace the key in Settings → Service.")
        else:  # a round knows which model the key may not use
            message = _("This API key may not use the {what} '{model}' (403).").format(
                what=what, model=model
            )
            hint = _(
                "Choose another {what} in Settings, or check the key's project permissions."
            ).format(what=what)
        return AuthenticationError(message, hint=hint, step=step)
    if fault is Fault.NOT_FOUND:
        if testing:  # what was asked for is the model list: no OpenAI-compatible API there
            return BadResponseError(
                _(
                    "Something answers at {where}, but not like an OpenAI-compatible server "
                    "(no model list there)."
                ).format(where=where),
                hint=_("Check the address; it usually ends in /v1."),
                step=step,
            )
        names = models_hint() if callable(models_hint) else []
        offer = (
            _("Models this server offers: {names}.").format(names=", ".join(names[:12]))
            if names
            else _("If the name is right, check the server address (it usually ends in /v1).")
        )
        return ModelNotFoundError(
            _("The {what} '{model}' is not available on this server.").format(
                what=what, model=model
            ),
            hint=_("Change '{setting}' in Settings. {offer}").format(setting=setting, offer=offer),
            step=step,
            setting=_SETTING.get(step, ""),
        )
    if fault is Fault.RATE_LIMITED:
        if testing:
            message = _("{at} is rate limiting this key or its quota is used up (429).").format(
                at=at
            )
            hint = _("Try again later; check your plan and billing if it persists.")
        else:
            message = _("The service is rate limiting this key or its quota is used up (429).")
            hint = _("Wait a moment and press Retry; check your plan and billing if it persists.")
        return RateLimitError(message, hint=hint, step=step)
    if fault is Fault.POLICY:
        return ContentRefusedError(
            _(
                "The image service refused to paint this description (its content policy). "
                "The photo and the description are saved."
            ),
            hint=_("Take another photo."),
            step=step,
        )
    if fault is Fault.BAD_REQUEST and not testing:  # a round's request names its model
        return BadRequestError(
            _("The {what} '{model}' rejected the request: {detail}").format(
                what=what, model=model, detail=server_message(error)
            ),
            hint=_("Check '{setting}' and its options in Settings.").format(setting=setting),
            step=step,
        )
    if fault in (Fault.BAD_REQUEST, Fault.STATUS):
        if testing:
            message = _("{at} answered with an error ({status}).").format(at=at, status=status)
            hint = _("Try again later.")
        else:
            message = _("The AI service had a problem ({status}).").format(status=status)
            hint = _("Press Retry in a moment.")
        return ServiceUnavailableError(message, hint=hint, step=step)
    if fault is Fault.NOT_OPENAI:
        if not testing:
            return not_openai(step)
        return BadResponseError(
            _(
                "Something answers at {where}, but not like an OpenAI-compatible server (it "
                "sent a web page or something else instead of a model list)."
            ).format(where=where),
            hint=_("Check the address; it usually ends in /v1."),
            step=step,
        )
    log.warning("unexpected %s error: %s", step, type(error).__name__)
    if testing:
        return BadResponseError(
            _("The connection test to {where} failed ({error}).").format(
                where=where, error=type(error).__name__
            ),
            step=step,
        )
    return BadResponseError(
        _("The {what} sent an answer camdraw cannot read ({error}).").format(
            what=what, error=type(error).__name__
        ),
        hint=_("Press Retry; check the server address in Settings if it keeps happening."),
        step=step,
    )


def not_openai(step: str) -> BadResponseError:
    return BadResponseError(
        _("The server's answer is not what an OpenAI-compatible service sends."),
        hint=_("Check the server address in Settings (it usually ends in /v1), then Retry."),
        step=step,
    )


def _seconds(value: float) -> str:
    """A time-out as set: "5 s", "0.5 s" (with the language's decimal mark)."""
    return f"{format_number(value, None)} s"


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


def _causes(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def questions_need_service() -> ConfigError:
    """Why a question cannot be asked in the offline demo (or with no key), and the way out."""
    return ConfigError(
        _(
            "Questions about a photo need a vision model service: the offline demo on this "
            "computer cannot answer them."
        ),
        hint=_(
            "Add an OpenAI API key in Settings → Service (Ctrl+,), or set the OPENAI_API_KEY "
            "environment variable, then ask again about a photo taken with the service."
        ),
    )
