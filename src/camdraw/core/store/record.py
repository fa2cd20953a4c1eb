"""What one round knows about itself: the content of its JSON sidecar."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from camdraw.core.store import rounds
from camdraw.core.store.rounds import RoundFiles

STEPS = ("photo", "describe", "check", "paint", "speech")
# Step states: "pending", "running", "done", "failed", "skipped", "queued" (speech only),
# "blocked" (describe: the vision model declined; check: the description must not be painted;
# paint: the image service refused).


@dataclass
class RoundRecord:
    files: RoundFiles
    created: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    language: str = "cs"
    steps: dict[str, str] = field(default_factory=lambda: dict.fromkeys(STEPS, "pending"))
    description: str = ""
    description_truncated: bool = False
    describe_prompt: str = ""
    image_prompt: str = ""
    revised_prompt: str | None = None
    models: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, Any] = field(default_factory=dict)
    timings_ms: dict[str, int] = field(default_factory=dict)
    usage: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    narration_requested: bool = False
    check: dict[str, Any] = field(default_factory=dict)  # content_check.CheckResult.to_dict()
    notes: list[str] = field(default_factory=list)  # things worth saying that are not errors
    cost: dict[str, Any] = field(default_factory=dict)  # {"usd": float|None, "parts", "note"}
    # Where a reused result came from: {"capture": "exact"|"similar", "distance", "source"}
    # and/or {"painting": "prompt"}; empty when everything was made for this round.
    cache: dict[str, Any] = field(default_factory=dict)
    style: str = ""  # the style's id (a custom style's name); empty: none
    style_prompt: str = ""  # the words the style added to the image prompt
    likeness: bool = False  # painting from the photo was asked for
    # How the painting was (or will be) made: "text", "likeness" (image edit with the photo)
    # or "offline" (the offline demo's OpenCV filters); empty before painting.
    paint_mode: str = ""
    offline: bool = False  # the whole round ran in the offline demo

    @property
    def stem(self) -> str:
        return self.files.stem

    @property
    def status(self) -> str:
        if any(self.steps[s] == "failed" for s in ("photo", "describe", "check", "paint")):
            return "failed"
        if any(self.steps[s] == "blocked" for s in ("describe", "check", "paint")):
            return "blocked"
        if all(self.steps[s] == "done" for s in ("photo", "describe", "paint")):
            return "done"
        return "incomplete"

    def failed_steps(self) -> list[str]:
        return [s for s in STEPS if self.steps.get(s) == "failed"]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["files"]
        data["stem"] = self.stem
        data["status"] = self.status
        data["files"] = {"photo": self.files.photo.name, "sidecar": self.files.sidecar.name}
        if self.steps["paint"] == "done":
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
        null) keeps the default of any field of the wrong kind, instead of handing retry,
        repaint or the gallery a value they cannot use."""
        record = cls(files=files)
        defaults = cls(files=files)
        for f in fields(cls):
            if f.name in ("files", "steps") or f.name not in data:
                continue
            value = data[f.name]
            if f.name == "revised_prompt":
                if value is None or isinstance(value, str):
                    record.revised_prompt = value
            elif type(value) is type(getattr(defaults, f.name)):
                setattr(record, f.name, value)
        record.notes = [note for note in record.notes if isinstance(note, str)]
        record.errors = {k: v for k, v in record.errors.items() if isinstance(v, str)}
        steps = data.get("steps", {})
        if isinstance(steps, dict):
            record.steps.update(
                {k: v for k, v in steps.items() if k in STEPS and isinstance(v, str)}
            )
        # A round interrupted mid-step (crash, power cut) can be retried like a failed one.
        for step, state in record.steps.items():
            if state == "running":
                record.steps[step] = "failed"
        return record
