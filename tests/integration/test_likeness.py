"""Likeness mode over real HTTP: the photo goes to /v1/images/edits, or the round says why not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from camdraw.core.providers import edits
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import ProviderCache
from camdraw.core.providers.provider import OpenAIProvider
from camdraw.core.round.pipeline import Pipeline, RoundEvent
from camdraw.core.settings import Settings
from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import scene_frame
from tests.rounds import sidecar

KEY = "sk-canary-likeness-3c2b1a"


def make(
    server: FakeOpenAI, tmp_path: Path, **changes: object
) -> tuple[Pipeline, OpenAIProvider, list[RoundEvent]]:
    settings = Settings(base_url=server.base_url, images_dir=str(tmp_path / "images"))
    settings = settings.replace(**changes)
    provider = ProviderCache(KeyStore({"OPENAI_API_KEY": KEY})).get(settings)
    events: list[RoundEvent] = []
    return Pipeline(settings, provider, listener=events.append), provider, events


def test_likeness_sends_exactly_the_saved_photo_to_the_edit_endpoint(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    pipeline, _, events = make(fake_openai, tmp_path, likeness=True, style="comic")
    record = pipeline.run(pipeline.capture(scene_frame(1280, 720)))

    assert record.status == "done", record.errors
    assert fake_openai.requests_to("images") == []  # no text-only painting
    [request] = fake_openai.requests_to("edits")
    photo = request["files"].get("image") or request["files"]["image[]"]
    assert photo["data"] == record.files.photo.read_bytes()
    assert photo["content_type"] == "image/jpeg"
    form = request["form"]
    assert form["model"] == "gpt-image-2.6-flare"
    assert form["prompt"].startswith(edits.LIKENESS_INSTRUCTION)
    assert CZECH_DESCRIPTION in form["prompt"]
    assert form["prompt"].endswith("halftone shading.")  # the comic style's words, last
    assert "input_fidelity" not in form  # gpt-image-2 and later: not to be sent
    assert KEY not in json.dumps(form)
    data = sidecar(record)
    assert data["paint_mode"] == "likeness" and data["likeness"] is True
    assert data["style"] == "comic" and "halftone" in data["style_prompt"]
    assert record.files.painting.read_bytes()[:4] == b"\x89PNG"
    assert not [e for e in events if e.status == "note"]


def test_gpt_image_1_asks_for_high_input_fidelity(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    pipeline, _, _ = make(fake_openai, tmp_path, likeness=True, image_model="gpt-image-1.5")
    assert pipeline.run(pipeline.capture(scene_frame())).status == "done"
    assert fake_openai.requests_to("edits")[0]["form"]["input_fidelity"] == "high"


def test_a_server_without_edits_paints_from_the_description_and_remembers(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.edits_available = False
    pipeline, provider, events = make(fake_openai, tmp_path, likeness=True)
    first = pipeline.run(pipeline.capture(scene_frame()))

    assert first.status == "done", first.errors
    assert first.paint_mode == "text" and first.likeness is True
    assert edits.NO_EDITS_NOTE in first.notes
    assert ("paint", "note", edits.NO_EDITS_NOTE) in [(e.step, e.status, e.message) for e in events]
    assert provider.edits is False
    [painted] = fake_openai.requests_to("images")
    assert painted["json"]["prompt"] == CZECH_DESCRIPTION  # no repaint instruction
    assert sidecar(first)["paint_mode"] == "text"

    second = pipeline.run(pipeline.capture(scene_frame(shift=40)))
    assert second.status == "done"
    assert len(fake_openai.requests_to("edits")) == 1  # not asked again
    assert edits.NO_EDITS_NOTE in second.notes


def test_a_400_saying_the_model_cannot_edit_falls_back(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fail("edits", 400, "Image editing is not supported for model 'x'.")
    pipeline, provider, _ = make(fake_openai, tmp_path, likeness=True)
    record = pipeline.run(pipeline.capture(scene_frame()))
    assert record.status == "done" and record.paint_mode == "text"
    assert provider.no_edit_models == {pipeline.settings.image_model}
    assert provider.edits is True  # another model on this server may still edit
    assert len(fake_openai.requests_to("images")) == 1


def test_a_400_about_another_parameter_is_an_error_not_a_fallback(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fail("edits", 400, "Invalid value: 'max'. Quality is not supported for this model.")
    pipeline, provider, _ = make(fake_openai, tmp_path, likeness=True)
    record = pipeline.run(pipeline.capture(scene_frame()))
    assert record.steps["paint"] == "failed"
    assert "Quality is not supported" in record.errors["paint"]
    assert fake_openai.requests_to("images") == []  # not quietly painted from the text
    assert provider.edits is True and provider.no_edit_models == set()


@pytest.mark.parametrize("model", ["dall-e-3", "paint-test"])
def test_models_that_cannot_edit_paint_from_the_description(
    fake_openai: FakeOpenAI, tmp_path: Path, model: str
) -> None:
    pipeline, provider, events = make(fake_openai, tmp_path, likeness=True, image_model=model)
    record = pipeline.run(pipeline.capture(scene_frame()))
    assert record.status == "done", record.errors
    assert fake_openai.requests_to("edits") == []
    assert record.paint_mode == "text"
    assert edits.model_note(model) in record.notes
    assert any(e.status == "note" and model in e.message for e in events)
    assert provider.edits is True  # the server was not asked: nothing learnt about it


def test_a_content_policy_block_on_an_edit_is_not_a_fallback(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fault("policy", "edits")
    pipeline, provider, _ = make(fake_openai, tmp_path, likeness=True)
    record = pipeline.run(pipeline.capture(scene_frame()))
    assert record.steps["paint"] == "blocked"
    assert fake_openai.requests_to("images") == []
    assert provider.edits is True


def test_a_missing_model_on_the_edit_endpoint_is_reported_not_hidden(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.fail("edits", 404, "The model does not exist", code="model_not_found")
    pipeline, provider, _ = make(fake_openai, tmp_path, likeness=True)
    record = pipeline.run(pipeline.capture(scene_frame()))
    assert record.steps["paint"] == "failed"
    assert "not available on this server" in record.errors["paint"]
    assert provider.edits is True


def test_retry_keeps_likeness_and_style(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.fault("server_error", "edits", times=3)  # the SDK's retries use them up
    pipeline, _, _ = make(fake_openai, tmp_path, likeness=True, style="pencil")
    record = pipeline.run(pipeline.capture(scene_frame()))
    assert record.steps["paint"] == "failed"

    again = pipeline.retry(record.files.sidecar)
    assert again.status == "done", again.errors
    assert again.paint_mode == "likeness" and again.style == "pencil"
    last = fake_openai.requests_to("edits")[-1]
    assert last["form"]["prompt"].endswith(
        "Style: a graphite pencil sketch on white paper, with hatching and light shading."
    )
