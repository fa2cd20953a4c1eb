"""The describe step: the vision model puts the photo into words, streamed as they arrive."""

from __future__ import annotations

from collections.abc import Callable

from camdraw.core import imaging
from camdraw.core.providers.provider import Provider
from camdraw.core.round import prompts
from camdraw.core.round.round_steps import Emit, EventStatus
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord, Step


def describe(
    record: RoundRecord,
    upload: imaging.Upload,
    provider: Callable[[], Provider],
    settings: Settings,
    emit: Emit,
    cancelled: Callable[[], bool],
) -> None:
    """Describe ``upload`` into ``record`` (text, model, usage); emits the final text."""
    s = settings
    record.sizes["upload"] = [upload.width, upload.height]
    record.sizes["upload_bytes"] = len(upload.jpeg)
    record.describe_prompt = prompts.describe_prompt(s.language, s.describe_prompt)
    record.models["vision"] = s.vision_model
    result = provider().describe(
        upload,
        prompt=record.describe_prompt,
        model=s.vision_model,
        detail=s.detail,
        max_tokens=s.max_description_tokens,
        timeout=s.describe_timeout_s,
        # Tokens reach the window as they arrive; servers without streaming fall back.
        on_text=lambda text: emit(record, Step.DESCRIBE, EventStatus.STREAMING, data=text),
        cancelled=cancelled,
    )
    text = prompts.trim_to_sentence(result.text) if result.truncated else result.text
    record.description = text
    if record.offline:
        record.models["vision"] = result.model or "offline"
    record.description_truncated = result.truncated
    record.usage["describe"] = result.usage
    emit(record, Step.DESCRIBE, EventStatus.TEXT, data=text)
