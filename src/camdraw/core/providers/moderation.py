"""What a moderation endpoint answers, as every provider hands it to the round's check."""

from __future__ import annotations

from dataclasses import dataclass

from camdraw.core.errors import BadRequestError


@dataclass(frozen=True)
class Moderation:
    flagged: bool
    categories: tuple[str, ...] = ()
    model: str = ""


class ModerationUnavailableError(BadRequestError):
    """The server has no moderation endpoint (404/405): skip the check, say so once."""
