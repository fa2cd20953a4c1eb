"""Issue 14, item 11: a step's time-out is one deadline for the whole step — a server that
trickles its answer a word at a time, or answers too late again and again, ends the step with a
time-out message, not after minutes (the SDK's own time-out is per read and per attempt)."""

from __future__ import annotations

from pathlib import Path

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.chat_reply import MAX_DESCRIPTION_CHARS
from camdraw.core.round.pipeline import Pipeline, RoundEvent
from camdraw.core.round.session import Session
from camdraw.core.settings import Settings
from tests.fake_openai import FakeOpenAI
from tests.media import scene_frame

KEY = "sk-canary-deadline-5e6f7a8b"


def pipeline_for(
    fake: FakeOpenAI, tmp_path: Path, events: list[RoundEvent], timeout: float
) -> Pipeline:
    settings = Settings(
        base_url=fake.base_url,
        images_dir=str(tmp_path / "images"),
        describe_timeout_s=timeout,
        paint_timeout_s=timeout,
    )
    return Session(KeyStore({"OPENAI_API_KEY": KEY})).pipeline(settings, listener=events.append)


def test_a_trickling_description_ends_at_the_step_deadline(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    # 200 words, one every 0.3 s: each read comes well within the time-out, the whole never.
    fake_openai.description = " ".join(["slovo"] * 200) + "."
    fake_openai.describe_delay_s = 200 * 0.3
    events: list[RoundEvent] = []
    record = pipeline_for(fake_openai, tmp_path, events, timeout=1.5).run_frame(scene_frame())
    assert record.status == "failed"
    message = events[-1].message
    assert "did not answer in time" in message and "within 1.5 s" in message, message
    assert record.files.photo.exists()
    streamed = [e for e in events if e.step == "describe" and e.status == "streaming"]
    assert 0 < len(streamed) < 200  # it did trickle in, and was stopped part way


def test_retries_stay_inside_the_step_deadline(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    # Every attempt answers after 3 s; the SDK would try three times (3 x 1 s and back-off).
    fake_openai.fault("timeout", "chat", times=3, delay_s=3)
    events: list[RoundEvent] = []
    record = pipeline_for(fake_openai, tmp_path, events, timeout=1).run_frame(scene_frame())
    assert record.status == "failed"
    assert "within 1.0 s" in events[-1].message, events[-1].message
    assert len(fake_openai.requests_to("chat")) == 1  # no retry started after the deadline


def test_a_description_that_never_stops_is_cut(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    sentence = "Na stole stojí hrnek. "
    fake_openai.description = sentence * (2 * MAX_DESCRIPTION_CHARS // len(sentence))
    fake_openai.describe_delay_s = 0
    events: list[RoundEvent] = []
    record = pipeline_for(fake_openai, tmp_path, events, timeout=30).run_frame(scene_frame())
    assert record.status == "done", record.errors
    assert len(record.description) <= MAX_DESCRIPTION_CHARS
    assert record.description.endswith("hrnek.")  # whole sentences
    assert record.description_truncated


def test_a_retry_the_deadline_has_no_room_for_is_not_waited_for(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    # One 429 asking to come back in 5 s, with 2 s for the whole step: the SDK would sleep 5 s
    # and retry; the step says what the server said instead, at once.
    fake_openai.server.expect_oneshot_request(
        "/v1/chat/completions", method="POST"
    ).respond_with_json(
        {"error": {"message": "Rate limit reached", "type": "requests", "code": None}},
        status=429,
        headers={"retry-after": "5"},
    )
    events: list[RoundEvent] = []
    record = pipeline_for(fake_openai, tmp_path, events, timeout=2).run_frame(scene_frame())
    assert record.status == "failed"
    assert "rate limit" in events[-1].message.lower(), events[-1].message
    assert not [e for e in events if e.status == "retrying"]  # no "retrying in 5 s" either
