"""The check step: is this fit to paint? The local checks, then moderation if asked.

The questions themselves are ``content_check``'s; this step chooses whether the moderation
endpoint is asked (never for the offline demo, which sends nothing anywhere) and keeps the
answer in the record. The moderation endpoint is sent exactly the words the image model will
get (the description, the style's words, the likeness instruction), right before every paint:
a check result read from a record is never trusted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from camdraw.core.errors import CamdrawError
from camdraw.core.providers.moderation import Moderation, ModerationUnavailableError
from camdraw.core.providers.provider import Provider
from camdraw.core.round import content_check
from camdraw.core.round.content_check import CheckResult
from camdraw.core.round.round_steps import Emit, EventStatus
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord, Step, StepState

log = logging.getLogger(__name__)

Moderate = Callable[[str], Moderation]


def moderator(provider: Provider, settings: Settings) -> Moderate | None:
    """The moderation call the settings ask for, or None (turned off, or a server that said
    it has no moderation endpoint)."""
    model = settings.moderation_model.strip()
    if not model or getattr(provider, "moderation_missing", False):
        return None

    def moderate(text: str) -> Moderation:
        return provider.moderate(text, model=model, timeout=settings.describe_timeout_s)

    return moderate


def check(
    record: RoundRecord,
    provider: Callable[[], Provider],
    settings: Settings,
    emit: Emit,
    prompt: str = "",
) -> None:
    """Empty text, a refusal, then the moderation endpoint (if the settings ask for it) on
    ``prompt``, the words the image model is about to be sent."""
    # The offline demo sends nothing anywhere: only the local checks run.
    asked = settings.moderation_model.strip() and not record.offline
    moderate = moderator(provider(), settings) if asked else None
    try:
        result = content_check.check_description(record.description, moderate, prompt)
    except ModerationUnavailableError as error:
        # Said once (the provider remembers), kept in this round's record.
        record.notes.append(error.message)
        emit(record, Step.CHECK, EventStatus.NOTE, error.message)
        result = content_check.check_text(record.description)
    record.check = result.to_dict()
    if not result.ok:
        record.steps[Step.CHECK] = StepState.BLOCKED
        emit(record, Step.CHECK, EventStatus.BLOCKED, result.message, data=result)


def check_style(words: str, provider: Provider, settings: Settings) -> CheckResult:
    """A custom style's words, checked when the style is saved: flagged or ok. A server
    without moderation (or the check turned off) lets it pass: the words are checked again,
    with the description, before every painting where a check is possible. Errors (the
    OpenAI server without its moderation endpoint, no connection) propagate."""
    moderate = None if getattr(provider, "offline", False) else moderator(provider, settings)
    if moderate is None:
        return CheckResult("ok")
    try:
        return content_check.check_style_words(words, moderate)
    except ModerationUnavailableError:
        return CheckResult("ok")


def style_problem(words: str, provider: Callable[[], Provider], settings: Settings) -> str:
    """Why a custom style with these words must not be saved, or "" (what the settings'
    styles editor asks when a style is added; call it off the GUI thread). A check that
    cannot run now is no reason to refuse: the words are checked again before every paint."""
    if not words.strip() or not settings.moderation_model.strip():
        return ""
    try:
        result = check_style(words, provider(), settings)
    except CamdrawError as error:
        log.info("a style's words could not be checked now: %s", error)
        return ""
    return "" if result.ok else result.message
