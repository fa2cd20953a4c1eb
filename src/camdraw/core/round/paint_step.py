"""The paint step's parts: the round's style, the image prompt, and the image model's painting.

A likeness painting (and the offline demo's) starts from the saved photo; a text painting only
from the words. What the image model answers — the picture, its mode, notes, usage and sizes —
is kept in the record and the painting file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from camdraw.core import disk, imaging, models
from camdraw.core.i18n import _
from camdraw.core.providers import edits
from camdraw.core.providers.provider import Provider
from camdraw.core.round import prompts, styles
from camdraw.core.round.round_steps import Emit, EventStatus
from camdraw.core.round.styles import Style
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord, Step


def settle_style(
    record: RoundRecord, custom_styles: Iterable[Mapping[str, str]], emit: Emit
) -> Style | None:
    """Resolve the round's style; one that no longer exists paints without a style, unless
    the round was painted with it before (a retry): then it keeps the words it had."""
    style = styles.find(record.style, custom_styles)
    if style is None and record.style.strip() and record.style_prompt.strip():
        return Style(record.style, {"en": record.style}, record.style_prompt, custom=True)
    if style is None and record.style.strip():
        note = _("The style '{style}' no longer exists, so this painting has no style.").format(
            style=record.style
        )
        record.notes.append(note)
        emit(record, Step.PAINT, EventStatus.NOTE, note)
    record.style = style.id if style is not None else ""
    record.style_prompt = style.prompt if style is not None else ""
    return style


def image_prompt(record: RoundRecord, image_model: str, from_photo: bool) -> str:
    """The description and style words, cut to what the image model takes (leaving room for
    the likeness instruction when the photo goes along to the API)."""
    reserve = len(edits.LIKENESS_INSTRUCTION) if from_photo and not record.offline else 0
    limit = models.image_family(image_model).prompt_limit
    return prompts.image_prompt(record.description, record.style_prompt, limit, reserve)


def words_sent(record: RoundRecord, from_photo: bool) -> str:
    """What the image model may be sent for ``record.image_prompt``: with the photo, the
    likeness instruction goes in front (the edit endpoint gets it; a server that cannot edit
    gets the prompt alone, which this contains)."""
    if from_photo and not record.offline:
        return edits.LIKENESS_INSTRUCTION + record.image_prompt
    return record.image_prompt


def paint(
    record: RoundRecord,
    provider: Callable[[], Provider],
    settings: Settings,
    style: Style | None,
    reference: bytes | None,
    emit: Emit,
    cancelled: Callable[[], bool],
) -> None:
    """Ask for the painting of ``record.image_prompt`` (from ``reference``, the photo, when
    given) and keep it; previews and notes are emitted as they come."""
    s = settings
    record.models["image"] = s.image_model
    painting = provider().paint(
        record.image_prompt,
        model=s.image_model,
        size=s.image_size,
        quality=s.image_quality,
        timeout=s.paint_timeout_s,
        on_partial=lambda image, index: emit(record, Step.PAINT, EventStatus.PARTIAL, data=image),
        cancelled=cancelled,
        reference=reference,
        style=style.id if style is not None else "",
    )
    if record.offline:
        record.paint_mode = "offline"
        record.models["image"] = painting.model or "offline"
    else:
        record.paint_mode = painting.mode or ("likeness" if reference else "text")
    if painting.note:
        record.notes.append(painting.note)
        emit(record, Step.PAINT, EventStatus.NOTE, painting.note)
    png, size = imaging.to_png(painting.image)
    disk.write_file(record.files.painting, png, "painting")
    record.revised_prompt = painting.revised_prompt
    record.usage["paint"] = painting.usage
    record.sizes["painting"] = list(size)
    record.sizes["painting_request"] = {
        k: v for k, v in painting.params.items() if k in ("size", "quality")
    }
    record.sizes["painting_source"] = painting.source
