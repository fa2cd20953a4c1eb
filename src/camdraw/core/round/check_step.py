"""The check step: is the description fit to paint? The local checks, then moderation if asked.

The questions themselves are ``content_check``'s; this step chooses whether the moderation
endpoint is asked (never for the offline demo, which sends nothing anywhere) and keeps the
answer in the record.
"""

from __future__ import annotations

from collections.abc import Callable

from camdraw.core.providers.moderation import Moderation, ModerationUnavailableError
from camdraw.core.providers.provider import Provider
from camdraw.core.round import content_check
from camdraw.core.round.round_steps import Emit, EventStatus
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord, Step, StepState


def check(
    record: RoundRecord, provider: Callable[[], Provider], settings: Settings, emit: Emit
) -> None:
    """Empty text, a refusal, then the moderation endpoint (if the settings ask for it)."""
    s = settings
    # The offline demo sends nothing anywhere: only the local checks run.
    moderator = provider() if s.moderation_model.strip() and not record.offline else None
    moderate = None
    if moderator is not None and not getattr(moderator, "moderation_missing", False):

        def moderate(text: str) -> Moderation:
            return moderator.moderate(
                text, model=s.moderation_model.strip(), timeout=s.describe_timeout_s
            )

    try:
        result = content_check.check_description(record.description, moderate)
    except ModerationUnavailableError as error:
        # Said once (the provider remembers), kept in this round's record.
        record.notes.append(error.message)
        emit(record, Step.CHECK, EventStatus.NOTE, error.message)
        result = content_check.check_text(record.description)
    record.check = result.to_dict()
    if not result.ok:
        record.steps[Step.CHECK] = StepState.BLOCKED
        emit(record, Step.CHECK, EventStatus.BLOCKED, result.message, data=result)
