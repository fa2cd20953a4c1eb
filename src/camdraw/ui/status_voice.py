"""Spoken status: "taking photo", "describing", "painting", "done" (or "failed"), said in the
description language through the window's speaker, as the round controller's signals say.

The speaker plays one job after another, so a status word queued after the description waits
for it instead of cutting it off, and status words are never saved to the narration file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from camdraw.core.store.record import RoundRecord

WORDS: dict[str, dict[str, str]] = {
    "cs": {
        "photo": "fotím",
        "describe": "popisuji",
        "paint": "maluji",
        "done": "hotovo",
        "failed": "nepovedlo se",
    },
    "en": {
        "photo": "taking photo",
        "describe": "describing",
        "paint": "painting",
        "done": "done",
        "failed": "failed",
    },
}


def word(key: str, language: str) -> str:
    """The status word for ``key`` in ``language`` (Czech for cs*, English otherwise)."""
    code = language.split("-")[0].split("_")[0].lower()
    return WORDS.get(code, WORDS["en"])[key]


class Sayer(Protocol):
    def say(self, text: str) -> None: ...


class StatusVoice:
    """Says the round's steps when ``enabled()`` is true (read at each step, so a settings
    change applies at once)."""

    def __init__(
        self, speaker: Sayer, enabled: Callable[[], bool], language: Callable[[], str]
    ) -> None:
        self._speaker = speaker
        self._enabled = enabled
        self._language = language

    def say(self, key: str) -> None:
        if self._enabled():
            self._speaker.say(word(key, self._language()))

    def photo_taken(self) -> None:
        self.say("photo")

    def step_started(self, step: str) -> None:
        if step in ("describe", "paint"):
            self.say(step)

    def round_ended(self, record: RoundRecord | None) -> None:
        self.say("done" if record is not None and record.status == "done" else "failed")
