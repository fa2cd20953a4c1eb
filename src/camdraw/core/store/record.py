"""What one round knows about itself: the content of its JSON sidecar."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_serializer

from camdraw.core.i18n import _
from camdraw.core.store import rounds
from camdraw.core.store.rounds import RoundFiles


class Step(str, Enum):
    """A round's steps in order. Members are their names (``Step.PAINT == "paint"``), so a
    record's JSON and code that compares with plain strings stay as they were."""

    PHOTO = "photo"
    DESCRIBE = "describe"
    CHECK = "check"
    PAINT = "paint"
    SPEECH = "speech"

    def __str__(self) -> str:
        return self.value


class StepState(str, Enum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"
    QUEUED = "queued"  # speech only: handed to the speaker
    # describe: the vision model declined; check: the description must not be painted;
    # paint: the image service refused.
    BLOCKED = "blocked"

    def __str__(self) -> str:
        return self.value


STEPS = tuple(Step)
_STEP_NAMES = {step.value for step in Step}
_STATE_NAMES = {state.value for state in StepState}
_MADE_STEPS = (Step.PHOTO, Step.DESCRIBE, Step.CHECK, Step.PAINT)  # failing one fails the round
_REFUSABLE_STEPS = (Step.DESCRIBE, Step.CHECK, Step.PAINT)  # the ones that can be "blocked"
_NEEDED_STEPS = (Step.PHOTO, Step.DESCRIBE, Step.PAINT)  # a round is done when these are
# Written into the sidecar from other fields, never read back as fields of their own.
_DERIVED = {"format", "version", "stem", "status", "files"}


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _pending() -> dict[Step, StepState]:
    return dict.fromkeys(Step, StepState.PENDING)


class Exchange(BaseModel):
    """One question about the round's photo and its answer (``core/round/conversation.py``)."""

    model_config = ConfigDict(strict=True, extra="allow")

    question: str  # as it was sent (a quick question's full wording)
    answer: str
    quick: str = ""  # the quick question's id ("read_text", ...); empty: typed by the user
    model: str = ""
    usage: dict[str, int] = Field(default_factory=dict)
    cost_usd: float | None = None  # None: the price or the usage is unknown
    time: str = Field(default_factory=_now)  # when the answer came
    ms: int = 0  # from sending the question to the whole answer


class RoundRecord(BaseModel):
    """The round's record. Strict about kinds (a bool is no number); fields a newer camdraw
    wrote are kept (``model_extra``) and saved again with the rest."""

    model_config = ConfigDict(strict=True, extra="allow")

    files: RoundFiles = Field(exclude=True)
    created: str = Field(default_factory=_now)
    language: str = "cs"
    steps: dict[Step, StepState] = Field(default_factory=_pending)
    description: str = ""
    description_truncated: bool = False
    describe_prompt: str = ""
    image_prompt: str = ""
    revised_prompt: str | None = None
    models: dict[str, str] = Field(default_factory=dict)
    sizes: dict[str, Any] = Field(default_factory=dict)
    timings_ms: dict[str, int] = Field(default_factory=dict)
    usage: dict[str, dict[str, int]] = Field(default_factory=dict)
    errors: dict[str, str] = Field(default_factory=dict)
    narration_requested: bool = False
    check: dict[str, Any] = Field(default_factory=dict)  # content_check.CheckResult.to_dict()
    notes: list[str] = Field(default_factory=list)  # things worth saying that are not errors
    cost: dict[str, Any] = Field(default_factory=dict)  # {"usd": float|None, "parts", "note"}
    # Where a reused result came from: {"capture": "exact"|"similar", "distance", "source"}
    # and/or {"painting": "prompt"}; empty when everything was made for this round.
    cache: dict[str, Any] = Field(default_factory=dict)
    style: str = ""  # the style's id (a custom style's name); empty: none
    style_prompt: str = ""  # the words the style added to the image prompt
    likeness: bool = False  # painting from the photo was asked for
    # How the painting was (or will be) made: "text", "likeness" (image edit with the photo)
    # or "offline" (the offline demo's OpenCV filters); empty before painting.
    paint_mode: str = ""
    offline: bool = False  # the whole round ran in the offline demo
    # Who read the description: "voice" (camdraw's), "screen_reader", "both"; empty: nobody.
    read_by: str = ""
    # Why the speech step was skipped: "muted", "screen_reader" (left to it), "no_speaker".
    speech_skipped: str = ""
    # What left the machine: {"faces_blurred": n} when faces were blurred before sending;
    # "described_at" / "painted_at": where the description and the painting were made.
    privacy: dict[str, Any] = Field(default_factory=dict)
    # Questions about the photo and their answers, oldest first (never painted).
    conversation: list[Exchange] = Field(default_factory=list)

    @property
    def stem(self) -> str:
        return self.files.stem

    @property
    def status(self) -> str:
        if any(self.steps[s] == StepState.FAILED for s in _MADE_STEPS):
            return "failed"
        if any(self.steps[s] == StepState.BLOCKED for s in _REFUSABLE_STEPS):
            return "blocked"
        if all(self.steps[s] == StepState.DONE for s in _NEEDED_STEPS):
            return "done"
        return "incomplete"

    @field_serializer("steps")
    def _steps_by_name(self, steps: dict[Step, StepState]) -> dict[str, str]:
        # Code may set a state as a plain string ("done"); the file holds names either way.
        return {str(step): str(state) for step, state in steps.items()}

    def failed_steps(self) -> list[str]:
        return [str(s) for s in Step if self.steps.get(s) == StepState.FAILED]

    def to_dict(self) -> dict[str, Any]:
        data = self.model_dump()
        data["stem"] = self.stem
        data["status"] = self.status
        data["files"] = {"photo": self.files.photo.name, "sidecar": self.files.sidecar.name}
        if self.steps[Step.PAINT] == StepState.DONE:
            data["files"]["painting"] = self.files.painting.name
        if self.narration_requested:
            data["files"]["narration"] = self.files.narration.name
        return data

    def save(self) -> None:
        rounds.write_sidecar(self.files, self.to_dict())

    @classmethod
    def load(cls, sidecar: Path) -> RoundRecord:
        return cls.from_data(RoundFiles.from_sidecar(sidecar), rounds.read_sidecar(sidecar))

    @classmethod
    def from_data(cls, files: RoundFiles, data: dict[str, Any]) -> RoundRecord:
        """The record a parsed sidecar describes. A hand-edited or foreign record ("models":
        null) keeps the default of any field of the wrong kind, and drops the entries of the
        wrong kind from a list or mapping, instead of handing retry, repaint or the gallery a
        value they cannot use."""
        values = {k: v for k, v in data.items() if k not in _DERIVED}
        values.update(files=files, steps=_read_steps(data.get("steps")))
        while True:  # each pass removes what was wrong, so this ends
            try:
                return cls.model_validate(values)
            except ValidationError as error:
                values = _without_problems(values, error)


def _read_steps(raw: object) -> dict[Step, StepState]:
    """The steps' states as stored; a step missing, unknown or in an unknown state is pending.
    A round interrupted mid-step (crash, power cut) can be retried like a failed one."""
    steps = _pending()
    for name, state in raw.items() if isinstance(raw, dict) else ():
        if name in _STEP_NAMES and isinstance(state, str) and state in _STATE_NAMES:
            steps[Step(name)] = StepState(state)
    return {
        step: StepState.FAILED if state == StepState.RUNNING else state
        for step, state in steps.items()
    }


def _without_problems(values: dict[str, Any], error: ValidationError) -> dict[str, Any]:
    """``values`` without the fields (or the entries of a list or mapping) ``error`` names."""
    bad: dict[str, set[Any]] = {}
    for problem in error.errors():
        name, *inside = problem["loc"] or ("",)
        bad.setdefault(str(name), set()).add(inside[0] if inside else None)
    kept = dict(values)
    for name, entries in bad.items():
        value = kept.get(name)
        if None in entries or not isinstance(value, (list, dict)):
            kept.pop(name, None)  # the field's default
        elif isinstance(value, list):
            kept[name] = [item for i, item in enumerate(value) if i not in entries]
        else:
            kept[name] = {k: v for k, v in value.items() if k not in entries}
    if kept == values:  # nothing left to remove: not a problem of the record's content
        raise ValueError(_("A round record cannot be read: {error}").format(error=error)) from error
    return kept
