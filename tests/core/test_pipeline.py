"""The round's logic with an in-process provider (the real SDK is in tests/integration)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from camdraw.core.errors import ContentRefusedError, ServiceUnavailableError, StorageError
from camdraw.core.imaging import Upload
from camdraw.core.providers.moderation import Moderation, ModerationUnavailableError
from camdraw.core.providers.provider import Description, Painting
from camdraw.core.round.pipeline import Pipeline, RoundEvent
from camdraw.core.settings import Settings
from camdraw.core.store.cache import RoundCache
from camdraw.core.store.record import RoundRecord
from tests.media import png_bytes, scene_frame


class ScriptedProvider:
    def __init__(
        self,
        text: str = "Na obrázku je kočka.",
        *,
        paint_error: Exception | None = None,
        truncated: bool = False,
        flagged: tuple[str, ...] = (),
        moderation_error: Exception | None = None,
    ) -> None:
        self.text = text
        self.truncated = truncated
        self.paint_error = paint_error
        self.flagged = flagged
        self.moderation_error = moderation_error
        self.moderation_missing = False
        self.calls: list[tuple[str, object]] = []

    def describe(self, upload: Upload, **options: object) -> Description:
        self.calls.append(("describe", options))
        return Description(self.text, str(options["model"]), self.truncated, {"total_tokens": 9})

    def moderate(self, text: str, **options: object) -> Moderation:
        self.calls.append(("moderate", text))
        if self.moderation_error is not None:
            if isinstance(self.moderation_error, ModerationUnavailableError):
                self.moderation_missing = True
            raise self.moderation_error
        return Moderation(bool(self.flagged), self.flagged, str(options["model"]))

    def paint(self, prompt: str, **options: object) -> Painting:
        self.calls.append(("paint", prompt))
        if self.paint_error is not None:
            raise self.paint_error
        return Painting(png_bytes(32, 16), str(options["model"]), "b64_json")


class BrokenSpeaker:
    def say(self, text: str, *, save_to: Path | None = None, on_done: object = None) -> None:
        raise RuntimeError("no audio device")


def make(
    tmp_path: Path, provider: object, *, cache: bool = False, **changes: object
) -> tuple[Pipeline, list[RoundEvent]]:
    """A pipeline on ``provider`` saving under ``tmp_path``; ``cache``: with a round cache."""
    settings = Settings(images_dir=str(tmp_path / "images")).replace(**changes)
    events: list[RoundEvent] = []
    pipeline = Pipeline(
        settings,
        provider,  # type: ignore[arg-type]
        listener=events.append,
        cache=RoundCache(tmp_path / "cache") if cache else None,
    )
    return pipeline, events


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
        ("check", "started"),
        ("check", "done"),
        ("paint", "started"),
        ("paint", "image"),
        ("paint", "done"),
        ("round", "done"),
    ]
    assert [name for name, _ in provider.calls] == ["describe", "moderate", "paint"]
    assert record.check["verdict"] == "ok"
    assert record.check["moderated_by"] == "omni-moderation-latest"
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
    prompt = next(arg for name, arg in provider.calls if name == "paint")
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
    # Retry checks the prompt again before it paints: a check read from the record is not trusted.
    calls = [name for name, _ in provider.calls]
    assert calls == ["describe", "moderate", "paint", "moderate", "paint"]


def test_bugs_are_not_disguised_as_service_failures(tmp_path: Path) -> None:
    provider = ScriptedProvider(paint_error=KeyError("bug"))
    pipeline, _ = make(tmp_path, provider)
    with pytest.raises(KeyError):
        pipeline.run_frame(scene_frame())
    (sidecar,) = (tmp_path / "images").glob("*.json")
    assert '"paint": "failed"' in sidecar.read_text(encoding="utf-8")


# -- the content check between describing and painting -------------------------------------


def test_flagged_description_is_not_painted_and_says_why(tmp_path: Path) -> None:
    provider = ScriptedProvider(flagged=("violence", "violence/graphic"))
    pipeline, events = make(tmp_path, provider)
    record = pipeline.run_frame(scene_frame())
    assert [name for name, _ in provider.calls] == ["describe", "moderate"]
    assert record.status == "blocked"
    assert record.steps["check"] == "blocked" and record.steps["paint"] == "skipped"
    assert not record.files.painting.exists()
    last = events[-1]
    assert (last.step, last.status) == ("round", "blocked")
    assert "flagged it for violence, graphic violence" in last.message
    # The photo and the description stay, and the sidecar says what happened.
    saved = RoundRecord.load(record.files.sidecar)
    assert record.files.photo.exists()
    assert saved.description == "Na obrázku je kočka."
    assert saved.status == "blocked"
    assert saved.check["categories"] == ["violence", "violence/graphic"]


@pytest.mark.parametrize(
    ("text", "verdict", "words"),
    [
        ("I'm sorry, but I can't help with that.", "refused", "declined to describe"),
        ("Omlouvám se, ale s tímto nemohu pomoci.", "refused", "declined to describe"),
        ("   ", "empty", "nothing to paint"),
    ],
)
def test_refusals_and_empty_text_are_not_painted_or_moderated(
    tmp_path: Path, text: str, verdict: str, words: str
) -> None:
    provider = ScriptedProvider(text)
    pipeline, events = make(tmp_path, provider)
    record = pipeline.run_frame(scene_frame())
    assert [name for name, _ in provider.calls] == ["describe"]
    assert record.status == "blocked" and record.check["verdict"] == verdict
    assert words in events[-1].message


def test_server_without_moderation_is_noted_once_and_then_skipped(tmp_path: Path) -> None:
    missing = ModerationUnavailableError("This server has no moderation endpoint.", step="check")
    provider = ScriptedProvider(moderation_error=missing)
    pipeline, events = make(tmp_path, provider)
    first = pipeline.run_frame(scene_frame())
    notes = [e.message for e in events if e.status == "note"]
    assert first.status == "done" and first.notes == ["This server has no moderation endpoint."]
    assert notes == ["This server has no moderation endpoint."]
    events.clear()
    second = pipeline.run_frame(scene_frame(shift=4))
    assert second.status == "done" and second.notes == []
    assert [e for e in events if e.status == "note"] == []
    assert [name for name, _ in provider.calls].count("moderate") == 1


def test_moderation_failure_fails_the_check_and_retry_runs_it_again(tmp_path: Path) -> None:
    provider = ScriptedProvider(
        moderation_error=ServiceUnavailableError("The AI service had a problem (503).")
    )
    pipeline, _ = make(tmp_path, provider)
    record = pipeline.run_frame(scene_frame())
    assert record.status == "failed" and record.steps["check"] == "failed"
    assert record.steps["paint"] == "pending"
    provider.moderation_error = None
    again = pipeline.retry(record.files.sidecar)
    assert again.status == "done"
    assert [name for name, _ in provider.calls] == ["describe", "moderate", "moderate", "paint"]


def test_moderation_off_in_settings_still_catches_refusals(tmp_path: Path) -> None:
    provider = ScriptedProvider()
    pipeline, _ = make(tmp_path, provider, moderation_model="")
    assert pipeline.run_frame(scene_frame()).status == "done"
    assert [name for name, _ in provider.calls] == ["describe", "paint"]
    refused = ScriptedProvider("I cannot help with identifying people in images.")
    pipeline, _ = make(tmp_path, refused, moderation_model="")
    assert pipeline.run_frame(scene_frame()).status == "blocked"


def test_image_service_policy_refusal_is_a_refusal_not_a_failure(tmp_path: Path) -> None:
    refusal = ContentRefusedError(
        "The image service refused to paint this description (its content policy).",
        step="paint",
    )
    pipeline, events = make(tmp_path, ScriptedProvider(paint_error=refusal))
    record = pipeline.run_frame(scene_frame())
    assert record.status == "blocked" and record.steps["paint"] == "blocked"
    assert (events[-1].step, events[-1].status) == ("round", "blocked")
    assert "content policy" in events[-1].message
    assert record.files.photo.exists() and record.description


# -- cancel ----------------------------------------------------------------------------------


def test_cancel_keeps_what_is_done_and_retry_finishes_the_rest(tmp_path: Path) -> None:
    provider = ScriptedProvider()
    pipeline, events = make(tmp_path, provider)

    def describe_then_cancel(upload: Upload, **options: object) -> Description:
        pipeline.cancel()  # the user presses Esc while the description is being written
        return ScriptedProvider.describe(provider, upload, **options)

    provider.describe = describe_then_cancel  # type: ignore[method-assign]
    record = pipeline.run_frame(scene_frame())
    assert record.steps["describe"] == "done"
    assert record.steps["check"] == "pending" and record.steps["paint"] == "pending"
    assert record.status == "incomplete" and "Cancelled" in record.errors["round"]
    assert (events[-1].step, events[-1].status) == ("round", "cancelled")
    assert [name for name, _ in provider.calls] == ["describe"]
    fresh, _ = make(tmp_path, ScriptedProvider())
    again = fresh.retry(record.files.sidecar)
    assert again.status == "done" and "round" not in again.errors


def test_each_round_uploads_its_own_photo(tmp_path: Path) -> None:
    uploads: list[bytes] = []
    provider = ScriptedProvider()
    pipeline, _ = make(tmp_path, provider, use_cache=False)

    def describe(upload: Upload, **options: object) -> Description:
        uploads.append(upload.jpeg)
        return ScriptedProvider.describe(provider, upload, **options)

    provider.describe = describe  # type: ignore[method-assign]
    pipeline.run_frame(scene_frame())
    pipeline.run_frame(scene_frame(shift=120))  # the draw command runs a batch like this
    assert len(uploads) == 2 and uploads[0] != uploads[1]
