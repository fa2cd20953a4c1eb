"""Errors written for people.

Every exception camdraw raises on purpose derives from CamdrawError and its ``str()`` is a
sentence a user can act on. The UI and the command line show ``str(error)`` and nothing else;
they never show a traceback for these.
"""

from __future__ import annotations

from camdraw.core.i18n import N_, _

CANCELLED = N_("Cancelled. The photo is saved; Retry finishes the round.")


class CamdrawError(Exception):
    """Base class: the message is user-facing, the optional hint says what to do."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message} {hint}".strip())


class ConfigError(CamdrawError):
    """A setting is missing or invalid."""


class MissingKeyError(ConfigError):
    """No API key could be found."""


class KeyringUnavailableError(ConfigError):
    """The system has no secure keyring backend."""


class ServiceError(CamdrawError):
    """The AI service failed. ``step`` is "describe" or "paint"."""

    def __init__(self, message: str, *, hint: str = "", step: str = "") -> None:
        self.step = step
        super().__init__(message, hint=hint)


class AuthenticationError(ServiceError):
    """The key was refused (401/403)."""


class ModelNotFoundError(ServiceError):
    """The configured model does not exist on the server."""

    def __init__(self, message: str, *, hint: str = "", step: str = "", setting: str = "") -> None:
        self.setting = setting
        super().__init__(message, hint=hint, step=step)


class RateLimitError(ServiceError):
    """Too many requests or no quota left (429)."""


class ServiceUnavailableError(ServiceError):
    """Server error, time-out or no connection: worth retrying later."""


class BadRequestError(ServiceError):
    """The server rejected the request (400)."""


class ContentRefusedError(BadRequestError):
    """The service will not make this picture (content policy): retrying will not help."""


class BadResponseError(ServiceError):
    """The server answered with something camdraw cannot use."""


class RoundCancelledError(CamdrawError):
    """The user cancelled the round; the steps not done stay pending for Retry."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _(CANCELLED))


class LimitReachedError(CamdrawError):
    """A cooldown, the hourly cap or the daily budget stops this round for now."""


class StorageError(CamdrawError):
    """A file could not be written or read."""


class CameraError(CamdrawError):
    """The camera could not be opened or stopped delivering frames."""


class SpeechError(CamdrawError):
    """Text-to-speech failed (never fatal for a round)."""
