"""The round's logic with an in-process provider (the real SDK is in tests/integration)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from camdraw.core.errors import ServiceUnavailableError, StorageError
from camdraw.core.imaging import Upload
from camdraw.core.pipeline import Pipeline, RoundEvent
from camdraw.core.provider import Description, Painting
from camdraw.core.settings import Settings
from tests.media import png_bytes, scene_frame


class ScriptedProvider:
    def __init__(
        self,
        text: str = "Na obrázku je kočka.",
        *,
        paint_error: Exception | None = None,
        truncated: bool = False,
    ) -> None:
        self.text = text
        self.truncated = truncated
        self.paint_error = paint_error
        self.calls: list[tuple[str, object]] = []

    def describe(self, upload: Upload, **options: object) -> Description:
        self.calls.append(("describe", options))
        return Description(self.text, str(options["model"]), self.truncated, {"total_tokens": 9})

    def paint(self, prompt: str, **options: object) -> Painting:
        self.calls.append(("paint", prompt))
        if self.paint_error is not None:
            raise self.paint_error
        return Painting(png_bytes(32, 16), str(options["model"]), "b64_json")


class BrokenSpeaker:
    def say(self, text: str, *, save_to: Path | None = None) -> None:
        raise RuntimeError("no audio device")


def make(tmp_path: Path, provider: object, **changes: object) -> tuple[Pipeline, list[RoundEvent]]:
    settings = Settings(images_dir=str(tmp_path / "images")).replace(**changes)
    events: list[RoundEvent] = []
    return Pipeline(settings, provider, listener=events.append), events  # type: ignore[arg-type]


def test_steps_run_in_product_order(tmp_path: Path) -> None:
    provider = ScriptedProvider()
    pipeline, events = make(tmp_path, provider)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done"
    assert [(e.step, e.status) for e in events] == [
        ("photo", "started"),
        ("photo", "done"),
        ("describe", "started"),
        ("describe", "text"),
        ("describe", "done"),
        ("paint", "started"),
        ("paint", "image"),
        ("paint", "done"),
        ("round", "done"),
    ]
    assert [name for name, _ in provider.calls] == ["describe", "paint"]
    assert provider.calls[0][1]["detail"] == "low"
    assert record.steps["speech"] == "skipped"
    assert record.sizes["painting"] == [32, 16]


def test_speech_failure_never_breaks_the_round(tmp_path: Path) -> None:
    pipeline, _ = make(tmp_path, ScriptedProvider())
    pipeline.speaker = BrokenSpeaker()
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done"
    assert record.steps["speech"] == "failed"
    assert record.files.painting.exists()


def test_provider_is_built_lazily_and_not_at_all_when_the_photo_cannot_be_saved(
    tmp_path: Path,
) -> None:
    built: list[int] = []

    def factory() -> ScriptedProvider:
        built.append(1)
        return ScriptedProvider()

    blocked = tmp_path / "images"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    pipeline, _ = make(tmp_path, factory)
    with pytest.raises(StorageError, match="cannot be created"):
        pipeline.run_frame(scene_frame())
    assert built == []
    os.remove(blocked)
    assert pipeline.run_frame(scene_frame()).status == "done"
    assert pipeline.run_frame(scene_frame()).status == "done"
    assert built == [1]  # one provider for the whole session


def test_the_image_prompt_is_clipped_to_the_model_family_limit(tmp_path: Path) -> None:
    long_text = "Na obrázku je velká zahrada plná květin. " * 200  # ~8,000 characters
    provider = ScriptedProvider(long_text)
    pipeline, _ = make(tmp_path, provider, image_model="dall-e-3")
    record = pipeline.run_frame(scene_frame())
    prompt = provider.calls[1][1]
    assert isinstance(prompt, str) and len(prompt) <= 4000 and prompt.endswith(".")
    assert record.image_prompt == prompt
    assert record.description == long_text  # the description itself is kept whole


def test_a_failed_paint_keeps_the_description_and_retry_finishes(tmp_path: Path) -> None:
    provider = ScriptedProvider(paint_error=ServiceUnavailableError("down", step="paint"))
    pipeline, events = make(tmp_path, provider)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "failed" and record.errors == {"paint": "down"}
    assert events[-1].status == "failed" and events[-1].message == "down"
    provider.paint_error = None
    again = pipeline.retry(record.files.sidecar)
    assert again.status == "done" and again.errors == {}
    assert [name for name, _ in provider.calls] == ["describe", "paint", "paint"]


def test_bugs_are_not_disguised_as_service_failures(tmp_path: Path) -> None:
    provider = ScriptedProvider(paint_error=KeyError("bug"))
    pipeline, _ = make(tmp_path, provider)
    with pytest.raises(KeyError):
        pipeline.run_frame(scene_frame())
    (sidecar,) = (tmp_path / "images").glob("*.json")
    assert '"paint": "failed"' in sidecar.read_text(encoding="utf-8")
