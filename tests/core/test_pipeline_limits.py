"""Limits and cost inside a round: the cooldown, the hourly cap and the daily budget."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from camdraw.core.providers import pricing
from camdraw.core.providers.provider import Description, Painting
from camdraw.core.round.limits import Limits, LimitSettings
from camdraw.core.round.pipeline import Pipeline, RoundEvent
from camdraw.core.settings import Settings
from tests.core.test_pipeline import ScriptedProvider
from tests.media import png_bytes, scene_frame


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 10, 0, 0)

    def __call__(self) -> datetime:
        return self.now


class PricedProvider(ScriptedProvider):
    """Reports token usage the way the OpenAI API does, so the round has a price."""

    def describe(self, upload: object, **options: object) -> Description:
        self.calls.append(("describe", options))
        usage = {"prompt_tokens": 1000, "completion_tokens": 200, "total_tokens": 1200}
        return Description(self.text, str(options["model"]), False, usage)

    def paint(self, prompt: str, **options: object) -> Painting:
        self.calls.append(("paint", prompt))
        if self.paint_error is not None:
            raise self.paint_error
        usage = {"input_tokens": 100, "output_tokens": 4000, "total_tokens": 4100}
        return Painting(png_bytes(32, 16), str(options["model"]), "b64_json", usage=usage)


def make(tmp_path: Path, limits: Limits, provider: ScriptedProvider | None = None):
    events: list[RoundEvent] = []
    settings = Settings(images_dir=str(tmp_path / "images"))
    pipeline = Pipeline(
        settings, provider or PricedProvider(), listener=events.append, limits=limits
    )
    return pipeline, events


def test_cost_is_in_the_sidecar_and_booked_for_the_day(tmp_path: Path) -> None:
    clock = Clock()
    limits = Limits(LimitSettings(cooldown_s=0), tmp_path / "usage.json", clock)
    pipeline, _ = make(tmp_path, limits)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done"
    saved = json.loads(record.files.sidecar.read_text(encoding="utf-8"))
    usd = saved["cost"]["usd"]
    assert usd is not None and usd > 0
    assert set(saved["cost"]["parts"]) == {"describe", "paint"}
    assert abs(limits.spent_today() - usd) < 1e-9


def test_cooldown_stops_the_next_round_and_says_when(tmp_path: Path) -> None:
    clock = Clock()
    limits = Limits(LimitSettings(cooldown_s=3), tmp_path / "usage.json", clock)
    provider = PricedProvider()
    pipeline, events = make(tmp_path, limits, provider)
    assert pipeline.run_frame(scene_frame()).status == "done"
    clock.now += timedelta(seconds=1)
    second = pipeline.run_frame(scene_frame(shift=3))
    assert second.status == "incomplete" and second.steps["describe"] == "pending"
    assert (events[-1].step, events[-1].status) == ("round", "failed")
    assert "cooldown" in events[-1].message.lower() or "wait" in events[-1].message.lower()
    assert second.files.photo.exists()  # the photo taken is kept
    assert second.errors["round"] == events[-1].message
    assert [n for n, _ in provider.calls].count("describe") == 1
    # Once it lifts, Retry runs the round that was held back.
    clock.now += timedelta(seconds=3)
    again = pipeline.retry(second.files.sidecar)
    assert again.status == "done" and "round" not in again.errors


def test_the_daily_budget_stops_rounds_until_midnight(tmp_path: Path) -> None:
    clock = Clock()
    limits = Limits(
        LimitSettings(cooldown_s=0, daily_budget_usd=0.0001), tmp_path / "usage.json", clock
    )
    pipeline, events = make(tmp_path, limits)
    assert pipeline.run_frame(scene_frame()).status == "done"  # this one goes over budget
    blocked = pipeline.run_frame(scene_frame(shift=2))
    assert blocked.status == "incomplete"
    assert "budget" in events[-1].message.lower() and "midnight" in events[-1].message
    clock.now = datetime(2026, 11, 23, 0, 0, 1)
    assert pipeline.run_frame(scene_frame(shift=4)).status == "done"


def test_the_hourly_cap(tmp_path: Path) -> None:
    clock = Clock()
    limits = Limits(
        LimitSettings(cooldown_s=0, max_rounds_per_hour=2), tmp_path / "usage.json", clock
    )
    pipeline, events = make(tmp_path, limits)
    for shift in (0, 1):
        assert pipeline.run_frame(scene_frame(shift=shift)).status == "done"
        clock.now += timedelta(minutes=1)
    assert pipeline.run_frame(scene_frame(shift=2)).status == "incomplete"
    assert "last hour" in events[-1].message
    clock.now += timedelta(hours=1)
    assert pipeline.run_frame(scene_frame(shift=3)).status == "done"


def test_a_retry_books_only_what_it_spent(tmp_path: Path) -> None:
    from camdraw.core.errors import ServiceUnavailableError

    clock = Clock()
    limits = Limits(LimitSettings(cooldown_s=0), tmp_path / "usage.json", clock)
    provider = PricedProvider(paint_error=ServiceUnavailableError("down", step="paint"))
    pipeline, _ = make(tmp_path, limits, provider)
    first = pipeline.run_frame(scene_frame())
    describe_only = limits.spent_today()
    assert first.status == "failed" and describe_only > 0
    provider.paint_error = None
    again = pipeline.retry(first.files.sidecar)
    assert again.status == "done"
    assert abs(limits.spent_today() - again.cost["usd"]) < 1e-9


def test_regenerate_books_its_whole_cost(tmp_path: Path) -> None:
    """Regenerate asks for everything again: the day's budget counts all of it, not the
    difference to what the first run cost."""
    limits = Limits(LimitSettings(cooldown_s=0), tmp_path / "usage.json", Clock())
    pipeline, _ = make(tmp_path, limits)
    first = pipeline.run_frame(scene_frame())
    once = limits.spent_today()
    again = pipeline.regenerate(first.files.sidecar)
    assert again.status == "done"
    assert abs(limits.spent_today() - 2 * once) < 1e-9
    assert abs(again.cost["usd"] - once) < 1e-9


def test_an_unpriced_painting_is_booked_at_the_dearest_price_and_said(tmp_path: Path) -> None:
    limits = Limits(LimitSettings(cooldown_s=0), tmp_path / "usage.json", Clock())
    events: list[RoundEvent] = []
    settings = Settings(images_dir=str(tmp_path / "images"), image_model="my-azure-painter")
    pipeline = Pipeline(settings, PricedProvider(), listener=events.append, limits=limits)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done"
    known = pricing.describe_cost(settings.vision_model, record.usage["describe"])
    assert known is not None and known > 0
    dearest = pricing.dearest_paint(record.sizes["painting_request"], record.usage["paint"])
    assert limits.spent_today() == pytest.approx(known + dearest)
    saved = json.loads(record.files.sidecar.read_text(encoding="utf-8"))
    assert saved["cost"]["usd"] is None and saved["cost"]["parts"]["describe"] == known
    assert saved["cost"]["booked"] == pytest.approx(known + dearest)
    notes = [e.message for e in events if e.status == "note"]
    assert len(notes) == 1 and "The price of the painting is unknown" in notes[0]
    assert notes[0] in saved["notes"]
    day = json.loads((tmp_path / "usage.json").read_text(encoding="utf-8"))["days"]["2026-11-22"]
    assert day["unknown"] == 1
