"""``python -m camdraw ask ROUND "QUESTION"`` as a user runs it: a subprocess, the real SDK."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.round import question_prompts
from camdraw.core.round.session import Session
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord
from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import scene_frame

KEY = "sk-canary-cli-ask-7a6b5c"
ANSWER = "Na hrnku je modrý nápis KAVÁRNA."


def make_round(fake: FakeOpenAI, images: Path, **changes: object) -> RoundRecord:
    settings = Settings(base_url=fake.base_url, images_dir=str(images)).replace(**changes)
    record = Session(KeyStore({"OPENAI_API_KEY": KEY})).pipeline(settings).run_frame(scene_frame())
    assert record.status == "done", record.errors
    return record


def run_ask(fake: FakeOpenAI, *args: str, key: str | None = KEY) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environ.pop("QT_QPA_PLATFORM", None)
    environ["OPENAI_BASE_URL"] = fake.base_url
    if key:
        environ["OPENAI_API_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "camdraw", "ask", *args, "--no-speech"],
        env=environ,
        capture_output=True,
        timeout=120,
    )


def camdraw_lines(result: subprocess.CompletedProcess) -> list[str]:
    text = result.stderr.decode("utf-8")
    assert "Traceback" not in text, text
    return [line for line in text.splitlines() if line.startswith("camdraw:")]


def test_ask_prints_the_answer_and_the_next_ask_continues_the_conversation(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    images = tmp_path / "images"
    record = make_round(fake_openai, images)
    fake_openai.description = ANSWER
    first = run_ask(fake_openai, "last", "Co je na hrnku?", "--images-dir", str(images))
    assert first.returncode == 0, first.stderr.decode("utf-8", "replace")
    assert first.stdout.decode("utf-8").strip() == ANSWER
    assert "PySide6" not in first.stderr.decode("utf-8", "replace")

    fake_openai.description = "Vedle hrnku leží červená kniha."
    second = run_ask(fake_openai, str(record.files.sidecar), "A vedle něj?")
    assert second.returncode == 0, second.stderr.decode("utf-8", "replace")
    assert second.stdout.decode("utf-8").strip() == "Vedle hrnku leží červená kniha."

    asked = fake_openai.requests_to("chat")[-1]["json"]["messages"]
    assert asked[2] == {"role": "assistant", "content": CZECH_DESCRIPTION}
    assert [m["content"] for m in asked[3:]] == ["Co je na hrnku?", ANSWER, "A vedle něj?"]
    fake_openai.description = "A red book."
    english = run_ask(
        fake_openai, "last", "What is next to it?", "--images-dir", str(images), "--language", "en"
    )
    assert english.returncode == 0 and english.stdout.decode("utf-8").strip() == "A red book."
    instructions = fake_openai.requests_to("chat")[-1]["json"]["messages"][0]["content"]
    assert instructions == question_prompts.INSTRUCTIONS["en"]

    data = json.loads(record.files.sidecar.read_text("utf-8"))
    assert [e["answer"] for e in data["conversation"]] == [
        ANSWER,
        "Vedle hrnku leží červená kniha.",
        "A red book.",
    ]
    assert data["language"] == "cs"  # the description's language stays as it was
    assert all(KEY.encode() not in p.read_bytes() for p in images.iterdir())


def test_a_failed_ask_is_one_line_a_non_zero_exit_and_changes_nothing(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    record = make_round(fake_openai, tmp_path / "images")
    before = record.files.sidecar.read_bytes()
    fake_openai.fault("server_error", "chat", times=3)
    failed = run_ask(fake_openai, str(record.files.sidecar), "Co je na hrnku?")
    assert failed.returncode == 1
    assert len(camdraw_lines(failed)) == 1
    assert "had a problem (500)" in camdraw_lines(failed)[0]
    assert record.files.sidecar.read_bytes() == before

    too_long = run_ask(fake_openai, str(record.files.sidecar), "x" * 501)
    assert too_long.returncode == 1
    assert camdraw_lines(too_long) == [
        "camdraw: The question is 501 characters long; at most 500 are allowed. "
        "Ask it shorter, or in two questions."
    ]
    missing = run_ask(fake_openai, str(tmp_path / "nothing.json"), "Co?")
    assert missing.returncode == 1 and "There is no round record" in camdraw_lines(missing)[0]
    empty = run_ask(fake_openai, "last", "Co?", "--images-dir", str(tmp_path / "empty"))
    assert empty.returncode == 1 and "There is no round in" in camdraw_lines(empty)[0]
    assert record.files.sidecar.read_bytes() == before


def test_without_a_key_or_on_an_offline_round_ask_says_how_to_get_answers(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    record = make_round(fake_openai, tmp_path / "images")
    no_key = run_ask(fake_openai, str(record.files.sidecar), "Co je na hrnku?", key=None)
    offline = make_round(fake_openai, tmp_path / "offline", service_mode="offline")
    demo = run_ask(fake_openai, str(offline.files.sidecar), "Co je na hrnku?")
    for result in (no_key, demo):
        assert result.returncode == 1
        (line,) = camdraw_lines(result)
        assert "Questions about a photo need a vision model service" in line
        assert "OPENAI_API_KEY" in line and "Settings → Service" in line
    assert len(fake_openai.requests_to("chat")) == 1  # only the first round's description
