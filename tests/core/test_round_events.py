"""Round events are typed: a step (or the round) and a status from a closed set."""

from __future__ import annotations

from pathlib import Path

import pytest

from camdraw.core.round.round_steps import ROUND, EventStatus, RoundEvent
from camdraw.core.store.record import Step
from tests.core.test_pipeline import ScriptedProvider, make
from tests.media import scene_frame


def test_names_become_members_and_a_misspelt_one_fails_at_once() -> None:
    event = RoundEvent("2026-11-22_14-03-07", "paint", "partial")
    assert event.step is Step.PAINT and event.status is EventStatus.PARTIAL
    assert (event.step, event.status) == ("paint", "partial")  # listeners compare names
    assert RoundEvent("s", ROUND, EventStatus.DONE).step == "round"
    with pytest.raises(ValueError, match="dnoe"):
        RoundEvent("s", "paint", "dnoe")
    with pytest.raises(ValueError, match="upscale"):
        RoundEvent("s", "upscale", "done")


def test_every_event_of_a_round_is_typed(tmp_path: Path) -> None:
    pipeline, events = make(tmp_path, ScriptedProvider())
    pipeline.run_frame(scene_frame())
    assert events and all(type(event.status) is EventStatus for event in events)
    assert {type(event.step) for event in events if event.step != ROUND} == {Step}
