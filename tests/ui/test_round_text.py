"""The words the window shows when a round ends (no widgets needed)."""

from __future__ import annotations

from pathlib import Path

from camdraw.core.store.record import RoundRecord
from camdraw.core.store.rounds import RoundFiles
from camdraw.ui.round_text import outcome, style_caption


def record(tmp_path: Path, **steps: str) -> RoundRecord:
    rec = RoundRecord(files=RoundFiles(tmp_path, "2026-11-22_10-00-00"))
    rec.steps.update({"photo": "done", **steps})
    return rec


def test_done_names_time_cost_and_budget(tmp_path: Path) -> None:
    rec = record(tmp_path, describe="done", check="done", paint="done")
    rec.timings_ms["total"] = 4200
    rec.cost = {"usd": 0.061, "parts": {}, "note": ""}
    result = outcome(rec, spent_today=0.31, daily_budget=5)
    assert result.status_line.startswith("Done in 4.2 s, cost $0.061 (today $0.31 of $5.00).")
    assert result.banner == "" and not result.can_retry


def test_failed_offers_retry_with_the_steps_message(tmp_path: Path) -> None:
    rec = record(tmp_path, describe="done", check="done", paint="failed")
    rec.errors["paint"] = "The image model did not answer in time."
    result = outcome(rec)
    assert result.can_retry
    assert result.banner.startswith("The image model did not answer in time. The photo is saved")
    assert result.placeholder == "No painting this time."


def test_a_limit_is_the_message_of_a_round_that_never_started(tmp_path: Path) -> None:
    rec = record(tmp_path)
    rec.errors["round"] = "Wait 2 s between photos (cooldown)."
    result = outcome(rec)
    assert result.banner.startswith("Wait 2 s between photos") and result.can_retry


def test_blocked_explains_without_retry(tmp_path: Path) -> None:
    rec = record(tmp_path, describe="done", check="blocked", paint="skipped")
    rec.check = {"message": "The description was not painted: flagged for violence."}
    result = outcome(rec)
    assert result.banner == "The description was not painted: flagged for violence."
    assert not result.can_retry and result.placeholder.startswith("Not painted")


def test_a_photo_kept_in_memory_is_said_so(tmp_path: Path) -> None:
    assert "kept in memory" in outcome(None, photo_kept_in_memory=True).status_line
    assert outcome(None).status_line == "The photo could not be taken."


def test_an_offline_round_says_offline_demo_and_no_cost(tmp_path: Path) -> None:
    rec = record(tmp_path, describe="done", check="done", paint="done")
    rec.offline = True
    rec.timings_ms["total"] = 900
    result = outcome(rec, spent_today=0.31, daily_budget=5)
    assert result.status_line.startswith("Done in 0.9 s, offline demo. Saved as")
    assert "cost" not in result.status_line

    failed = record(tmp_path, describe="failed")
    failed.offline = True
    failed.errors["describe"] = "The picture could not be analysed."
    assert outcome(failed).banner.endswith("(offline demo)")
    online = record(tmp_path, describe="done", check="done", paint="done")
    assert "offline demo" not in outcome(online).status_line


def test_the_style_caption_names_the_style_and_the_demo() -> None:
    assert style_caption("") == ""
    assert style_caption("Comic") == "Comic"
    assert style_caption("Watercolour", offline=True) == "Watercolour, offline demo"
    assert style_caption("", offline=True) == "offline demo"
