"""What a moderation endpoint answers, as every provider hands it to the round's check."""

from __future__ import annotations

from dataclasses import dataclass

from camdraw.core.errors import BadRequestError, ConfigError
from camdraw.core.i18n import _


@dataclass(frozen=True)
class Moderation:
    flagged: bool
    categories: tuple[str, ...] = ()
    model: str = ""


class ModerationUnavailableError(BadRequestError):
    """The server has no moderation endpoint (404/405): skip the check, say so once."""


class ModerationMissingError(ConfigError):
    """The OpenAI server answered 404/405 to ``/moderations``: it has that endpoint, so the
    address or the moderation model is wrong. Painting stops until it is fixed (fail closed)."""

    def __init__(self, model: str) -> None:
        self.step = "check"
        super().__init__(
            _(
                "Nothing was painted: the moderation check could not run, because the OpenAI "
                "server did not find the moderation model '{model}' or its /moderations "
                "endpoint."
            ).format(model=model),
            hint=_(
                "Check the address in Settings → Service and the moderation model in "
                "Settings → Safety and limits (the default is omni-moderation-latest), then "
                "press Retry."
            ),
        )


def unavailable() -> ModerationUnavailableError:
    """What a server without moderation (Ollama, LM Studio, a custom one) is told, once."""
    return ModerationUnavailableError(
        _("This server has no moderation endpoint, so paintings are made without that check."),
        hint=_("Use a server with /v1/moderations, or turn the check off in Settings."),
        step="check",
    )
