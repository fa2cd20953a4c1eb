""" "Paint again in another style": a new round that starts from an old round's photo and words.

The new round gets a copy of the photo and the old description, so only the painting is made
(no vision request, nothing spoken again). The check is made again before it paints (the new
style's words are part of what is painted); only a description the check blocked stays
blocked. The old round is never changed.
"""

from __future__ import annotations

import copy
from pathlib import Path

from camdraw.core import disk
from camdraw.core.errors import CamdrawError
from camdraw.core.i18n import _
from camdraw.core.round import round_files
from camdraw.core.round.round_steps import ROUND, Emit, EventStatus
from camdraw.core.store import rounds
from camdraw.core.store.record import RoundRecord, Step, StepState
from camdraw.core.store.rounds import RoundFiles


def start_repaint(sidecar: Path, *, style: str, likeness: bool | None, emit: Emit) -> RoundRecord:
    """The new round, its photo copied and its record saved, ready to run; or, when it cannot
    be started, a failed round that is not saved. Never raises CamdrawError."""
    folder = sidecar.parent
    files = RoundFiles(folder, f"{sidecar.stem}-repaint")  # until one is reserved
    try:
        old = RoundRecord.load(sidecar)
        photo = round_files.read_photo(old)
        files = rounds.new_round(folder)
        record = repainted_round(
            old, files, style=style, likeness=old.likeness if likeness is None else likeness
        )
        emit(record, Step.PHOTO, EventStatus.STARTED)
        disk.write_file(files.photo, photo, "photo")
        record.save()
    except CamdrawError as error:
        record = RoundRecord(files=files, style=style, likeness=bool(likeness))
        record.steps[Step.PHOTO] = StepState.FAILED
        record.errors["photo"] = str(error)
        emit(record, ROUND, EventStatus.FAILED, str(error), data=record)
        return record
    emit(record, Step.PHOTO, EventStatus.DONE, data=files.photo)
    return record


def repainted_round(
    old: RoundRecord, files: RoundFiles, *, style: str, likeness: bool
) -> RoundRecord:
    """The new round's record (its photo must be copied to ``files.photo`` by the caller):
    photo and description carried over where the old round finished them, and a check that
    blocked the description (a passed check is made again, with the new style's words)."""
    record = RoundRecord(files=files, language=old.language, style=style, likeness=likeness)
    record.steps[Step.PHOTO] = StepState.DONE
    for name in ("photo", "upload", "upload_bytes"):
        if name in old.sizes:
            record.sizes[name] = copy.deepcopy(old.sizes[name])
    if old.steps.get(Step.DESCRIBE) == StepState.DONE and old.description.strip():
        record.description = old.description
        record.description_truncated = old.description_truncated
        record.describe_prompt = old.describe_prompt
        record.steps[Step.DESCRIBE] = StepState.DONE
        record.steps[Step.SPEECH] = StepState.SKIPPED  # it was read aloud in the old round
        if "vision" in old.models:
            record.models["vision"] = old.models["vision"]
        if old.steps.get(Step.CHECK) == StepState.BLOCKED:
            record.steps[Step.CHECK] = StepState.BLOCKED
            record.check = copy.deepcopy(old.check)
    record.notes.append(_("Repainted from round {round}.").format(round=old.stem))
    return record
