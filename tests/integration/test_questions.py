"""Questions about a round's photo: the real SDK against the loopback server."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from camdraw.core import i18n
from camdraw.core.errors import CamdrawError, LimitReachedError
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.round import question_prompts
from camdraw.core.round.conversation import MAX_QUESTION_CHARS, Conversation, QuestionError
from camdraw.core.round.limits import Limits
from camdraw.core.round.pipeline import Pipeline
from camdraw.core.round.session import Session
from camdraw.core.settings import LimitSettings, Settings
from camdraw.core.store.record import RoundRecord
from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import scene_frame

KEY = "sk-canary-ask-3c2b1a"
ANSWER = "Na hrnku je modrý nápis KAVÁRNA. Pod ním je menší nápis ranní směs."


def setup(
    fake: FakeOpenAI, tmp_path: Path, limits: Limits | None = None, **changes: object
) -> tuple[Pipeline, Session, Settings]:
    settings = Settings(base_url=fake.base_url, images_dir=str(tmp_path / "images"))
    settings = settings.replace(describe_timeout_s=1, **changes)
    session = Session(KeyStore({"OPENAI_API_KEY": KEY}), limits=limits)
    return session.pipeline(settings), session, settings


def first_round(fake: FakeOpenAI, tmp_path: Path, **kwargs: object):
    pipeline, session, settings = setup(fake, tmp_path, **kwargs)
    record = pipeline.run_frame(scene_frame(1280, 720))
    assert record.status == "done", record.errors
    return pipeline, session, settings, record


def conversation_of(
    session: Session, settings: Settings, record: RoundRecord, **kw
) -> Conversation:
    return Conversation(record, lambda: session.provider(settings), settings, **kw)


def image_url(request: dict) -> str:
    for message in request["json"]["messages"]:
        if isinstance(message["content"], list):
            for part in message["content"]:
                if part["type"] == "image_url":
                    return part["image_url"]["url"]
    raise AssertionError("no photo in the request")


def test_a_question_goes_with_the_photo_the_description_and_every_earlier_answer(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    pipeline, session, settings, record = first_round(fake_openai, tmp_path)
    conversation = conversation_of(session, settings, record, upload=pipeline.last_upload)
    fake_openai.description = ANSWER
    pieces: list[str] = []
    first = conversation.ask("  Co je napsáno na hrnku?  ", on_text=pieces.append)
    assert first.answer == ANSWER and first.question == "Co je napsáno na hrnku?"
    assert len(pieces) > 3 and pieces[-1] == ANSWER  # it streamed in, word by word
    fake_openai.description = "Hrnek je bílý s modrým proužkem."
    second = conversation.ask(question_prompts.COLOURS.text("cs"))
    assert second.quick == "colours"

    describe, ask_1, ask_2 = fake_openai.requests_to("chat")
    # The same bytes the description was made from, not a new encoding.
    assert image_url(ask_1) == image_url(ask_2) == image_url(describe)
    messages = ask_2["json"]["messages"]
    assert [m["role"] for m in messages] == [
        "system", "user", "assistant", "user", "assistant", "user"
    ]  # fmt: skip
    assert messages[0]["content"] == question_prompts.INSTRUCTIONS["cs"]
    assert messages[1]["content"][0]["text"] == record.describe_prompt
    assert messages[2]["content"] == CZECH_DESCRIPTION
    assert messages[3:] == [
        {"role": "user", "content": "Co je napsáno na hrnku?"},
        {"role": "assistant", "content": ANSWER},
        {"role": "user", "content": question_prompts.COLOURS.prompts["cs"]},
    ]
    assert ask_2["json"]["model"] == record.models["vision"]

    kept = json.loads(record.files.sidecar.read_text("utf-8"))["conversation"]
    assert [(e["question"], e["answer"]) for e in kept] == [
        ("Co je napsáno na hrnku?", ANSWER),
        (question_prompts.COLOURS.prompts["cs"], "Hrnek je bílý s modrým proužkem."),
    ]
    assert kept[0]["model"] == "gpt-6.1-terra"
    assert kept[0]["usage"]["prompt_tokens"] == 120
    assert kept[0]["cost_usd"] > 0
    assert datetime.fromisoformat(kept[0]["time"])
    # The painting was not made again, and answers are never painted.
    assert len(fake_openai.requests_to("images")) == 1
    assert RoundRecord.load(record.files.sidecar).conversation == record.conversation


def test_a_round_from_disk_builds_its_upload_once_and_continues_the_conversation(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    _, session, settings, record = first_round(fake_openai, tmp_path)
    fake_openai.description = ANSWER
    conversation_of(session, settings, record).ask("Co je na hrnku?")
    loaded = RoundRecord.load(record.files.sidecar)
    again = conversation_of(session, settings, loaded)
    upload = again.upload()
    again.ask("A co je vedle hrnku?")
    again.ask("Jakou barvu má kniha?")
    assert again.upload() is upload  # made once from the saved photo, then kept
    requests = fake_openai.requests_to("chat")
    # The description, then three questions. Without the pipeline's upload, the questions'
    # upload is built from the saved photo, the same bytes every time; the description's was
    # made from the frame in memory before the JPEG was written, so it may differ.
    urls = [image_url(r) for r in requests]
    assert len(urls) == 4 and len(set(urls[1:])) == 1
    assert [m["content"] for m in requests[-1]["json"]["messages"][3:]] == [
        "Co je na hrnku?",
        ANSWER,
        "A co je vedle hrnku?",
        ANSWER,
        "Jakou barvu má kniha?",
    ]
    assert len(RoundRecord.load(record.files.sidecar).conversation) == 3


def test_questions_count_in_the_hourly_cap_and_their_cost_in_the_budget(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    limits = Limits(LimitSettings(cooldown_s=600, max_rounds_per_hour=3), tmp_path / "usage.json")
    _, session, settings, record = first_round(fake_openai, tmp_path, limits=limits)
    spent = limits.spent_today()
    conversation = conversation_of(session, settings, record, limits=limits)
    # The ten-minute cooldown is between photos: a question right after the photo is fine.
    entry = conversation.ask("Co je na stole?")
    assert limits.spent_today() == pytest.approx(spent + entry.cost_usd)
    conversation.ask("A za oknem?")
    asked = len(fake_openai.requests_to("chat"))
    with pytest.raises(LimitReachedError, match="asked 2 questions"):
        conversation.ask("A na zemi?")
    assert len(fake_openai.requests_to("chat")) == asked  # refused before it was sent
    assert len(RoundRecord.load(record.files.sidecar).conversation) == 2
    ledger = json.loads((tmp_path / "usage.json").read_text("utf-8"))
    assert len(ledger["questions"]) == 2 and len(ledger["starts"]) == 1


def test_the_daily_budget_stops_questions(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    limits = Limits(LimitSettings(daily_budget_usd=0.01), tmp_path / "usage.json")
    _, session, settings, record = first_round(fake_openai, tmp_path, limits=limits)
    limits.add_cost(0.02)
    with pytest.raises(LimitReachedError, match="budget"):
        conversation_of(session, settings, record, limits=limits).ask("Co je na stole?")
    assert len(fake_openai.requests_to("chat")) == 1


FAULTS = {
    "429": (lambda f: f.fault("rate_limited", "chat", times=3), "rate limiting"),
    "500": (lambda f: f.fault("server_error", "chat", times=3), "had a problem (500)"),
    "time-out": (
        lambda f: f.fault("timeout", "chat", times=3, delay_s=3),
        "did not answer in time",
    ),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_failed_question_is_a_sentence_loses_nothing_and_can_be_asked_again(
    name: str, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    limits = Limits(LimitSettings(), tmp_path / "usage.json")
    _, session, settings, record = first_round(fake_openai, tmp_path, limits=limits)
    conversation = conversation_of(session, settings, record, limits=limits)
    conversation.ask("Co je na stole?")
    before = record.files.sidecar.read_bytes()
    spent = limits.spent_today()
    inject, words = FAULTS[name]
    inject(fake_openai)
    with pytest.raises(CamdrawError) as failure:
        conversation.ask("A za oknem?")
    assert words in str(failure.value)
    assert "Traceback" not in str(failure.value) and KEY not in str(failure.value)
    assert record.files.sidecar.read_bytes() == before
    assert len(record.conversation) == 1 and limits.spent_today() == spent
    fake_openai.clear_faults()
    fake_openai.description = ANSWER
    assert conversation.ask("A za oknem?").answer == ANSWER
    assert [e.question for e in RoundRecord.load(record.files.sidecar).conversation] == [
        "Co je na stole?",
        "A za oknem?",
    ]


def test_a_question_too_long_or_empty_is_refused_before_anything_is_sent(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    _, session, settings, record = first_round(fake_openai, tmp_path)
    conversation = conversation_of(session, settings, record)
    with pytest.raises(QuestionError, match="501 characters long; at most 500"):
        conversation.ask("x" * (MAX_QUESTION_CHARS + 1))
    with pytest.raises(QuestionError, match="Type a question"):
        conversation.ask("   ")
    assert len(fake_openai.requests_to("chat")) == 1
    i18n.set_language("cs")
    with pytest.raises(QuestionError, match=r"Otázka má 501 znaků; povoleno je nejvýš 500\."):
        conversation.ask("x" * (MAX_QUESTION_CHARS + 1))


def test_an_offline_round_or_no_key_says_questions_need_a_vision_model_service(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    _, session, settings, record = first_round(fake_openai, tmp_path)
    no_key = Session(KeyStore({}))
    without = Conversation(record, lambda: no_key.provider(settings), settings)
    with pytest.raises(CamdrawError, match="need a vision model service") as failure:
        without.ask("Co je na stole?")
    assert "OPENAI_API_KEY" in failure.value.hint
    offline = settings.replace(service_mode="offline")  # the offline demo cannot answer
    with pytest.raises(CamdrawError, match="need a vision model service"):
        Conversation(record, lambda: session.provider(offline), offline).ask("Co je na stole?")
    record.offline = True  # a round the offline demo described: the service must not guess
    with pytest.raises(CamdrawError, match="need a vision model service"):
        conversation_of(session, settings, record).ask("Co je na stole?")
    assert len(fake_openai.requests_to("chat")) == 1
    assert RoundRecord.load(record.files.sidecar).conversation == []


def test_two_views_of_one_round_keep_each_others_answers(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    # The window and the gallery each hold the round's record; neither saves over the other.
    _, session, settings, record = first_round(fake_openai, tmp_path)
    window = conversation_of(session, settings, record)
    gallery = conversation_of(session, settings, RoundRecord.load(record.files.sidecar))
    window.ask("Co je na stole?")
    gallery.ask("A za oknem?")
    window.ask("A na zemi?")
    kept = RoundRecord.load(record.files.sidecar).conversation
    assert [e.question for e in kept] == ["Co je na stole?", "A za oknem?", "A na zemi?"]
    history = [m["content"] for m in fake_openai.requests_to("chat")[-1]["json"]["messages"][3:]]
    assert history[::2] == ["Co je na stole?", "A za oknem?", "A na zemi?"]


def test_an_unpriced_model_counts_in_the_budget_at_the_dearest_price(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    limits = Limits(LimitSettings(daily_budget_usd=100), tmp_path / "usage.json")
    _, session, settings, record = first_round(fake_openai, tmp_path, limits=limits)
    spent = limits.spent_today()
    settings = settings.replace(vision_model="llava-test")  # not in the price table
    record.models["vision"] = "llava-test"
    entry = conversation_of(session, settings, record, limits=limits).ask("Co je na stole?")
    assert entry.cost_usd is None  # the record does not pretend to know
    assert limits.spent_today() > spent  # but the budget is not left open
