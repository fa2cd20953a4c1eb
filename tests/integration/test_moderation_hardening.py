"""Moderation checks what is painted, every time: the real SDK against tests/fake_openai.py.

The moderation endpoint gets the words the image model is sent (description, style words,
likeness instruction) right before every paint; a check written in a record is not trusted;
the OpenAI server without its moderation endpoint stops painting, another server notes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import ProviderCache
from camdraw.core.providers.edits import LIKENESS_INSTRUCTION
from camdraw.core.round import check_step
from camdraw.core.round.pipeline import Pipeline
from camdraw.core.settings import Settings
from camdraw.core.store.record import RoundRecord
from tests.fake_openai import CZECH_DESCRIPTION, FakeOpenAI
from tests.media import scene_frame

KEY = "sk-canary-moderation-7d2e"
GORY = "Style: make it a graphic, gory scene."


def settings_for(server: FakeOpenAI, tmp_path: Path, **changes: Any) -> Settings:
    settings = Settings(
        base_url=server.base_url, images_dir=str(tmp_path / "images"), use_cache=False
    )
    return settings.replace(**changes)


def pipeline_for(settings: Settings) -> Pipeline:
    """A pipeline on the provider the app itself builds for ``settings`` (its server known)."""
    return Pipeline(settings, ProviderCache(KeyStore({"OPENAI_API_KEY": KEY})).get(settings))


def moderated(server: FakeOpenAI) -> list[Any]:
    return [request["json"]["input"] for request in server.requests_to("moderations")]


def paths_in_order(server: FakeOpenAI) -> list[str]:
    return [str(request["path"]) for request in server.requests]


def test_the_style_words_are_moderated_with_the_description(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.moderation_flag_words = {"gory": {"violence/graphic"}}
    settings = settings_for(
        fake_openai, tmp_path, custom_styles=[{"name": "Grim", "prompt": GORY}], style="Grim"
    )
    record = pipeline_for(settings).run_frame(scene_frame())
    assert record.status == "blocked"
    assert "graphic violence" in record.check["message"]
    assert fake_openai.requests_to("images") == []  # nothing reached the image model
    assert moderated(fake_openai) == [f"{CZECH_DESCRIPTION}\n\n{GORY}"]


def test_the_likeness_instruction_is_moderated_too(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    record = pipeline_for(settings_for(fake_openai, tmp_path, likeness=True)).run_frame(
        scene_frame()
    )
    assert record.status == "done", record.errors
    assert moderated(fake_openai) == [LIKENESS_INSTRUCTION + CZECH_DESCRIPTION]


def test_retry_checks_a_hand_edited_record_again_before_it_paints(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    settings = settings_for(fake_openai, tmp_path)
    fake_openai.fail("images", 500, "down", times=10)
    pipeline = pipeline_for(settings)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "failed" and record.steps["check"] == "done"
    fake_openai.failures.clear()
    # Someone edits the record: a new description, the check left "done".
    data = json.loads(record.files.sidecar.read_text(encoding="utf-8"))
    data["description"] = "A gory scene full of blood."
    assert data["steps"]["check"] == "done" and data["check"]["verdict"] == "ok"
    record.files.sidecar.write_text(json.dumps(data), encoding="utf-8")
    fake_openai.moderation_flag_words = {"gory": {"violence/graphic"}}
    fake_openai.requests.clear()

    again = pipeline.retry(record.files.sidecar)

    assert moderated(fake_openai) == ["A gory scene full of blood."]
    assert again.status == "blocked"
    assert fake_openai.requests_to("images") == []
    assert RoundRecord.load(record.files.sidecar).check["verdict"] == "flagged"


def test_retry_of_a_clean_record_moderates_before_the_paint(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    settings = settings_for(fake_openai, tmp_path)
    pipeline = pipeline_for(settings)
    fake_openai.fail("images", 500, "down", times=10)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "failed"
    fake_openai.failures.clear()
    fake_openai.requests.clear()
    assert pipeline.retry(record.files.sidecar).status == "done"
    order = [p.rsplit("/", 1)[-1] for p in paths_in_order(fake_openai)]
    assert order == ["moderations", "generations"]


def test_paint_again_in_another_style_moderates_the_new_words(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    settings = settings_for(fake_openai, tmp_path, custom_styles=[{"name": "Grim", "prompt": GORY}])
    pipeline = pipeline_for(settings)
    first = pipeline.run_frame(scene_frame())
    assert first.status == "done"
    fake_openai.moderation_flag_words = {"gory": {"violence/graphic"}}
    fake_openai.requests.clear()
    again = pipeline.repaint(first.files.sidecar, style="Grim")
    assert again.status == "blocked"
    assert moderated(fake_openai) == [f"{CZECH_DESCRIPTION}\n\n{GORY}"]
    assert fake_openai.requests_to("images") == []


def test_openai_without_its_moderation_endpoint_stops_painting(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.moderation_available = False
    settings = settings_for(fake_openai, tmp_path)  # the OpenAI preset, another address
    pipeline = pipeline_for(settings)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "failed"
    assert "omni-moderation-latest" in record.errors["check"]
    assert "Settings → Safety and limits" in record.errors["check"]
    assert fake_openai.requests_to("images") == []
    # Not remembered as "this server has none": the next round asks again, and stops again.
    assert pipeline.run_frame(scene_frame(shift=4)).status == "failed"
    assert len(fake_openai.requests_to("moderations")) == 2
    assert fake_openai.requests_to("images") == []


def test_a_custom_server_without_moderation_notes_it_and_paints(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.moderation_available = False
    settings = settings_for(fake_openai, tmp_path, describe_server="custom")
    pipeline = pipeline_for(settings)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done", record.errors
    assert any("no moderation endpoint" in note for note in record.notes)
    assert len(fake_openai.requests_to("images")) == 1
    assert pipeline.run_frame(scene_frame(shift=4)).status == "done"
    assert len(fake_openai.requests_to("moderations")) == 1  # said once, then skipped


def test_a_saved_style_with_flagged_words_is_refused(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    fake_openai.moderation_flag_words = {"gory": {"violence/graphic"}}
    settings = settings_for(fake_openai, tmp_path)
    provider = ProviderCache(KeyStore({"OPENAI_API_KEY": KEY})).get(settings)
    bad = check_step.check_style(GORY, provider, settings)
    assert not bad.ok and "graphic violence" in bad.message
    assert check_step.check_style("Style: a mosaic of glass tiles.", provider, settings).ok
    assert moderated(fake_openai) == [GORY, "Style: a mosaic of glass tiles."]


def test_the_fix_it_message_is_in_the_interface_language(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    from camdraw.core import i18n

    i18n.set_language("cs")  # the autouse fixture sets English back
    fake_openai.moderation_flag_words = {"gory": {"violence/graphic"}}
    settings = settings_for(
        fake_openai, tmp_path, custom_styles=[{"name": "Grim", "prompt": GORY}], style="Grim"
    )
    record = pipeline_for(settings).run_frame(scene_frame())
    assert record.check["message"].startswith("Nic se nenamalovalo")
    assert "drastické násilí" in record.check["message"]
    fake_openai.moderation_available = False
    record = pipeline_for(settings_for(fake_openai, tmp_path)).run_frame(scene_frame(shift=4))
    assert "moderační model „omni-moderation-latest“" in record.errors["check"]
