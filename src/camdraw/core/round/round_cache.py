"""The round cache inside a round: what a round is keyed by, a hit taken in, a round remembered.

A new round of the same (or a near-identical) photo reuses the description and the painting: no
API call, no cost. The offline demo never uses the cache (its rounds are free anyway).
"""

from __future__ import annotations

from camdraw.core import imaging
from camdraw.core.round import prompts, styles
from camdraw.core.settings import Settings
from camdraw.core.store.cache import CaptureHit, RoundCache
from camdraw.core.store.cache_keys import CacheContext
from camdraw.core.store.record import RoundRecord, Step, StepState


def context_for(
    settings: Settings, record: RoundRecord, paint_mode: str | None = None
) -> CacheContext:
    """The settings that shape this round's result, including its style and paint mode."""
    s = settings
    style = styles.find(record.style, s.custom_styles)
    if paint_mode is None:
        paint_mode = "likeness" if record.likeness else "text"
    return CacheContext(
        vision_model=s.vision_model,
        language=s.language,
        describe_prompt=prompts.describe_prompt(s.language, s.describe_prompt),
        detail=s.detail,
        image_model=s.image_model,
        image_size=s.image_size,
        image_quality=s.image_quality,
        style=f"{style.id}\n{style.prompt}" if style is not None else "",
        paint_mode=paint_mode,
    )


def find(
    cache: RoundCache,
    upload: imaging.Upload,
    record: RoundRecord,
    settings: Settings,
    *,
    exact_only: bool = False,
) -> CaptureHit | None:
    """The stored round for this upload, exact or (unless the distance is off, or
    ``exact_only``) similar. A photobooth asks for exact matches only: two visitors on the
    same spot look alike to a 64-bit hash, and one must never get the other's round."""
    distance = None if exact_only or settings.cache_distance < 0 else settings.cache_distance
    return cache.find_capture(upload.jpeg, context_for(settings, record), distance)


def take_description(
    record: RoundRecord, hit: CaptureHit, upload: imaging.Upload, settings: Settings
) -> None:
    """The hit's description becomes this round's, described and checked as it was then."""
    record.sizes["upload"] = [upload.width, upload.height]
    record.sizes["upload_bytes"] = len(upload.jpeg)
    record.describe_prompt = prompts.describe_prompt(settings.language, settings.describe_prompt)
    record.errors.pop("round", None)
    record.description = hit.description
    record.cache = {"capture": hit.kind, "distance": hit.distance, "source": hit.source}
    record.steps[Step.DESCRIBE] = record.steps[Step.CHECK] = StepState.DONE
    record.check = {"verdict": "ok", "message": "", "categories": [], "moderated_by": ""}


def remember(
    cache: RoundCache | None,
    upload: imaging.Upload | None,
    record: RoundRecord,
    settings: Settings,
) -> None:
    """Store a finished paid round at both levels (photo and prompt) for the next one."""
    if cache is None or upload is None or record.status != "done" or record.offline:
        return
    try:
        png = record.files.painting.read_bytes()
    except OSError:
        return
    context = context_for(settings, record, record.paint_mode or "text")
    cache.store(upload.jpeg, context, record.description, png, record.stem)
