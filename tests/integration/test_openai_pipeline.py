"""The real openai SDK, over real HTTP, against the loopback server in tests/fake_openai.py."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest
from PIL import Image

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import ProviderCache
from camdraw.core.providers.provider import OpenAIProvider
from camdraw.core.round.pipeline import Pipeline, RoundEvent
from camdraw.core.round.session import Session
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord
from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import scene_frame

KEY = "sk-canary-5f1d0c3e9a7b"


class RecordingSpeaker:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Path | None, float]] = []

    def say(self, text: str, *, save_to: Path | None = None, on_done: object = None) -> None:
        self.calls.append((text, save_to, time.monotonic()))


def make_pipeline(
    server: FakeOpenAI, tmp_path: Path, keys: KeyStore | None = None, **changes: object
) -> tuple[Pipeline, list[RoundEvent]]:
    settings = Settings(base_url=server.base_url, images_dir=str(tmp_path / "images"))
    settings = settings.replace(**changes)
    keys = keys or KeyStore({"OPENAI_API_KEY": KEY})
    events: list[RoundEvent] = []
    pipeline = Session(keys, speaker=RecordingSpeaker()).pipeline(settings, listener=events.append)
    return pipeline, events


def assert_no_key_anywhere(folder: Path) -> None:
    for file in folder.rglob("*"):
        if file.is_file():
            assert KEY.encode() not in file.read_bytes(), file


def test_a_round_describes_paints_and_saves_everything(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    pipeline, events = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame(1280, 720))

    assert record.status == "done"
    files = record.files
    assert files.photo.read_bytes()[:3] == b"\xff\xd8\xff"
    with Image.open(files.painting) as painting:
        assert painting.format == "PNG" and painting.size == (256, 256)
    sidecar = json.loads(files.sidecar.read_text(encoding="utf-8"))
    assert sidecar["description"] == CZECH_DESCRIPTION
    assert sidecar["image_prompt"] == CZECH_DESCRIPTION
    assert sidecar["models"] == {"vision": "gpt-6.1-terra", "image": "gpt-image-2.6-flare"}
    assert sidecar["steps"] == {
        "photo": "done",
        "describe": "done",
        "check": "done",
        "paint": "done",
        "speech": "queued",
    }
    # The description went through the moderation endpoint before it became a prompt.
    assert sidecar["check"]["verdict"] == "ok"
    assert sidecar["check"]["moderated_by"]
    assert fake_openai.requests_to("moderations")[0]["json"]["input"] == CZECH_DESCRIPTION
    assert sidecar["usage"]["describe"]["total_tokens"] == 200
    assert sidecar["usage"]["paint"]["output_tokens"] == 4160
    assert sidecar["sizes"]["photo"] == [1280, 720]
    assert sidecar["sizes"]["upload"] == [512, 288]
    assert {"photo", "describe", "paint", "total"} <= set(sidecar["timings_ms"])
    assert sidecar["files"]["painting"] == files.painting.name

    # What camdraw sent: the vision request ...
    (chat,) = fake_openai.requests_to("chat")
    assert chat["headers"]["Authorization"] == f"Bearer {KEY}"
    body = chat["json"]
    assert body["model"] == "gpt-6.1-terra"
    assert body["max_completion_tokens"] > 0 and body["reasoning_effort"] == "low"
    text_part, image_part = body["messages"][0]["content"]
    assert "Na obrázku je" in text_part["text"]
    url = image_part["image_url"]["url"]
    assert url.startswith("data:image/jpeg;base64,")
    assert base64.b64decode(url.split(",", 1)[1])[:3] == b"\xff\xd8\xff"
    assert image_part["image_url"]["detail"] == "low"
    # ... and the image request: no response_format for gpt-image-*.
    (image,) = fake_openai.requests_to("images")
    assert image["json"]["prompt"] == CZECH_DESCRIPTION
    assert image["json"]["model"] == "gpt-image-2.6-flare"
    assert "response_format" not in image["json"]
    assert image["json"]["size"] == "1024x1024"

    steps = [(e.step, e.status) for e in events]
    assert steps.index(("photo", "done")) < steps.index(("describe", "started"))
    assert steps[-1] == ("round", "done")
    assert_no_key_anywhere(tmp_path)


def test_photo_is_on_disk_before_the_first_request(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    pipeline, events = make_pipeline(fake_openai, tmp_path)
    seen: list[bool] = []

    def listener(event: RoundEvent) -> None:
        events.append(event)
        if event.step == "describe" and event.status == "started":
            photos = list((tmp_path / "images").glob("*_photo.jpg"))
            seen.append(len(photos) == 1 and not fake_openai.requests)

    pipeline.listener = listener
    pipeline.run_frame(scene_frame())
    assert seen == [True]


def test_url_answers_are_downloaded_at_once_and_dall_e_gets_its_parameters(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.image_mode = "url"
    pipeline, _ = make_pipeline(
        fake_openai, tmp_path, image_model="dall-e-3", image_size="1792x1024"
    )
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done"
    (image,) = fake_openai.requests_to("images")
    assert image["json"]["response_format"] == "b64_json"
    assert image["json"]["n"] == 1 and image["json"]["size"] == "1792x1024"
    assert any(r["path"] == "/files/painting.png" for r in fake_openai.requests)
    assert record.files.painting.read_bytes() == fake_openai.image
    assert record.revised_prompt == "A painting of a wooden table."
    sidecar = json.loads(record.files.sidecar.read_text(encoding="utf-8"))
    assert sidecar["revised_prompt"] == "A painting of a wooden table."
    assert sidecar["sizes"]["painting_source"] == "url"


def test_truncated_description_is_cut_at_a_sentence_end(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.description = "Na obrázku je červený dům. Před domem stojí velký pes a"
    fake_openai.finish_reason = "length"
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert record.description == "Na obrázku je červený dům."
    assert record.description_truncated
    assert fake_openai.requests_to("images")[0]["json"]["prompt"] == "Na obrázku je červený dům."


def test_speech_starts_before_the_painting_arrives(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.paint_delay_s = 0.5
    pipeline, _events = make_pipeline(fake_openai, tmp_path, save_narration=True)
    record = pipeline.run_frame(scene_frame())
    ((text, save_to, said_at),) = pipeline.speaker.calls  # type: ignore[union-attr]
    assert text == CZECH_DESCRIPTION
    assert save_to == record.files.narration
    image_request_at = fake_openai.requests_to("images")[0]["time"]
    assert said_at <= image_request_at  # spoken before the painting was even requested
    assert json.loads(record.files.sidecar.read_text("utf-8"))["files"]["narration"] == (
        record.files.narration.name
    )


def test_model_not_found_names_the_setting_and_offers_the_servers_models(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fail("chat", 404, "The model `gpt-old` does not exist", code="model_not_found")
    pipeline, events = make_pipeline(fake_openai, tmp_path, vision_model="gpt-old")
    record = pipeline.run_frame(scene_frame())
    assert record.status == "failed"
    message = record.errors["describe"]
    assert "'gpt-old' is not available" in message
    assert "Change 'Vision model' in Settings" in message
    assert "llava-test" in message  # from the server's /v1/models
    assert record.files.photo.exists()
    assert events[-1].step == "round" and events[-1].status == "failed"
    assert not fake_openai.requests_to("images")


def test_retry_reruns_only_the_failed_step_from_the_saved_photo(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fail("images", 500, "server exploded", times=3)  # beats the SDK's 2 retries
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "failed" and record.failed_steps() == ["paint"]
    assert "problem (500)" in record.errors["paint"]
    assert not record.files.painting.exists()
    assert len(fake_openai.requests_to("images")) == 3

    retried = pipeline.retry(record.files.sidecar)
    assert retried.status == "done"
    assert retried.files.painting.exists()
    assert len(fake_openai.requests_to("chat")) == 1  # the description was not asked again
    assert len(fake_openai.requests_to("images")) == 4
    assert RoundRecord.load(record.files.sidecar).status == "done"


def test_describe_failure_then_retry_runs_both_steps(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fail("chat", 400, "Invalid image data")
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert record.failed_steps() == ["describe"]
    assert "rejected the request: Invalid image data" in record.errors["describe"]
    assert pipeline.retry(record.files.sidecar).status == "done"


@pytest.mark.parametrize(
    ("status", "expected"),
    [(401, "refused the API key"), (403, "may not use"), (429, "rate limiting")],
)
def test_service_errors_read_as_sentences_without_the_key(
    fake_openai: FakeOpenAI, tmp_path: Path, status: int, expected: str
) -> None:
    fake_openai.fail("chat", status, f"Incorrect API key provided: {KEY}", times=3)
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert expected in record.errors["describe"]
    assert KEY not in record.errors["describe"]
    assert_no_key_anywhere(tmp_path)


def test_missing_key_fails_describe_without_any_request(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    # "api": the service chosen in Settings (automatic mode would run the offline demo)
    pipeline, _ = make_pipeline(fake_openai, tmp_path, keys=KeyStore({}), service_mode="api")
    record = pipeline.run_frame(scene_frame())
    assert "No OpenAI API key is set" in record.errors["describe"]
    assert record.files.photo.exists()
    assert fake_openai.requests == []


def test_unreadable_answers_become_messages(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.image = b"definitely not a png"
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert "not a picture" in record.errors["paint"]
    assert record.description == CZECH_DESCRIPTION


def test_connection_refused_is_a_plain_message(tmp_path: Path) -> None:
    settings = Settings(base_url="http://127.0.0.1:9/v1", images_dir=str(tmp_path))
    keys = KeyStore({"OPENAI_API_KEY": KEY})
    client = ProviderCache(keys).get(settings).client.with_options(max_retries=0)
    pipeline = Pipeline(settings, OpenAIProvider(client))
    record = pipeline.run_frame(scene_frame())
    assert "could not reach the AI service" in record.errors["describe"]


def test_a_reasoning_model_that_runs_out_of_tokens_gets_a_fix_it_message(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.description = ""
    fake_openai.finish_reason = "length"
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert "ran out of tokens" in record.errors["describe"]
    assert "Longest description" in record.errors["describe"]


def test_a_wrong_server_address_is_suggested_when_there_is_no_model_list(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fail("chat", 404, "Not Found")
    fake_openai.fail("models", 404, "Not Found")
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert "check the server address" in record.errors["describe"]


def test_a_body_that_is_not_json_is_a_readable_message(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fail("chat", 200, raw="<html>proxy login page</html>")
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "failed"
    assert "not what an OpenAI-compatible service sends" in record.errors["describe"]
    assert pipeline.retry(record.files.sidecar).status == "done"


@pytest.mark.parametrize(
    "shape", ["data-url-b64", "wrapped-b64", "relative-url", "data-url-as-url"]
)
def test_image_answers_in_the_shapes_compatible_servers_use(
    fake_openai: FakeOpenAI, tmp_path: Path, shape: str
) -> None:
    encoded = base64.b64encode(fake_openai.image).decode("ascii")
    item = {
        "data-url-b64": {"b64_json": f"data:image/png;base64,{encoded}"},
        "wrapped-b64": {
            "b64_json": "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
        },
        "relative-url": {"url": "/files/painting.png"},
        "data-url-as-url": {"url": f"data:image/png;base64,{encoded}"},
    }[shape]
    fake_openai.image_item = item
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done", record.errors
    assert record.files.painting.read_bytes() == fake_openai.image


def test_a_reply_made_of_content_parts_is_read(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.description = [{"type": "text", "text": "Na obrázku je modré auto."}]
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    assert pipeline.run_frame(scene_frame()).description == "Na obrázku je modré auto."


def test_base64_that_is_not_base64_is_a_readable_message(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.image_item = {"b64_json": "this is *not* base64!"}
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert "cannot be decoded" in record.errors["paint"]


def test_a_server_message_quoting_the_key_is_shown_without_it(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fail("chat", 400, f"Bad header: Authorization: Bearer {KEY} is malformed")
    pipeline, _ = make_pipeline(fake_openai, tmp_path)
    record = pipeline.run_frame(scene_frame())
    assert "Bad header" in record.errors["describe"]
    assert KEY not in record.errors["describe"]
    assert_no_key_anywhere(tmp_path)


def test_a_styled_round_sends_the_style_words_and_keeps_them_in_the_sidecar(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    from camdraw.core.round import styles

    watercolour = styles.find("watercolour")
    assert watercolour is not None
    pipeline, _ = make_pipeline(fake_openai, tmp_path, style="watercolour")
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done"
    [request] = fake_openai.requests_to("images")
    assert request["json"]["prompt"] == f"{CZECH_DESCRIPTION}\n\n{watercolour.prompt}"
    assert fake_openai.requests_to("edits") == []
    sidecar = json.loads(record.files.sidecar.read_text(encoding="utf-8"))
    assert sidecar["style"] == "watercolour" and sidecar["style_prompt"] == watercolour.prompt
    assert sidecar["image_prompt"] == request["json"]["prompt"]
    assert sidecar["paint_mode"] == "text" and sidecar["likeness"] is False

    again = pipeline.repaint(record.files.sidecar, style="pixel", likeness=True)
    assert again.status == "done", again.errors
    assert len(fake_openai.requests_to("chat")) == 1  # the description was reused
    [edit] = fake_openai.requests_to("edits")
    assert edit["files"]["image"]["data"] == record.files.photo.read_bytes()
    assert again.paint_mode == "likeness" and again.style == "pixel"
