"""Styles, likeness, "paint again in another style" and the offline demo inside the pipeline."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from camdraw.core import models
from camdraw.core.imaging import Upload
from camdraw.core.providers import edits
from camdraw.core.providers.moderation import Moderation
from camdraw.core.providers.provider import Description, Painting
from camdraw.core.round import styles
from camdraw.core.round.limits import Limits, LimitSettings
from camdraw.core.round.pipeline import Pipeline
from camdraw.core.settings import Settings
from camdraw.core.store.cache import RoundCache
from tests.core.test_pipeline import ScriptedProvider, make
from tests.media import png_bytes, scene_frame
from tests.rounds import sidecar

COMIC = styles.find("comic")
PENCIL = styles.find("pencil")
assert COMIC is not None and PENCIL is not None


class PaintRecorder(ScriptedProvider):
    """Keeps every paint call's options (reference, style ...) and answers with one colour per
    call, so a painting served from the cache is told apart from a new one."""

    def __init__(
        self, text: str = "Na obrázku je kočka.", *, mode: str = "", note: str = ""
    ) -> None:
        super().__init__(text)
        self.paints: list[dict[str, object]] = []
        self.mode, self.note = mode, note

    def paint(self, prompt: str, **options: object) -> Painting:
        self.calls.append(("paint", prompt))
        self.paints.append({"prompt": prompt, **options})
        colour = (10 * len(self.paints), 80, 160)
        return Painting(
            png_bytes(32, 16, colour),
            str(options["model"]),
            "b64_json",
            mode=self.mode,
            note=self.note,
        )


class OfflineStandIn(PaintRecorder):
    """What the pipeline sees of the offline demo: ``offline = True``, no usage, no network."""

    offline = True

    def describe(self, upload: Upload, **options: object) -> Description:
        self.calls.append(("describe", options))
        return Description(self.text, "offline-opencv", False, {})

    def moderate(self, text: str, **options: object) -> Moderation:
        raise AssertionError("the offline demo must not ask a moderation endpoint")

    def paint(self, prompt: str, **options: object) -> Painting:
        painting = super().paint(prompt, **options)
        painting.model = "offline-opencv"
        return painting


def test_the_style_words_end_the_image_prompt_and_are_in_the_sidecar(tmp_path: Path) -> None:
    provider = PaintRecorder()
    pipeline, _ = make(tmp_path, provider, style="comic")
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done"
    expected = f"Na obrázku je kočka.\n\n{COMIC.prompt}"
    assert provider.paints[0]["prompt"] == expected
    assert provider.paints[0]["style"] == "comic"
    assert provider.paints[0]["reference"] is None
    data = sidecar(record)
    assert data["style"] == "comic" and data["style_prompt"] == COMIC.prompt
    assert data["image_prompt"] == expected
    assert data["paint_mode"] == "text" and data["offline"] is False


def test_no_style_leaves_the_description_alone(tmp_path: Path) -> None:
    provider = PaintRecorder()
    record = make(tmp_path, provider)[0].run_frame(scene_frame())
    assert provider.paints[0]["prompt"] == "Na obrázku je kočka."
    assert provider.paints[0]["style"] == ""
    assert record.style == "" and record.style_prompt == ""


def test_a_custom_style_by_name(tmp_path: Path) -> None:
    provider = PaintRecorder()
    custom = [{"name": "Neon", "prompt": "Style: glowing neon signs at night."}]
    pipeline, _ = make(tmp_path, provider, style="neon", custom_styles=custom)
    record = pipeline.run_frame(scene_frame())
    assert record.style == "Neon"
    assert str(provider.paints[0]["prompt"]).endswith("\n\nStyle: glowing neon signs at night.")


def test_the_style_survives_clipping_a_long_description(tmp_path: Path) -> None:
    sentence = "Na stole je hrnek. "
    provider = PaintRecorder(sentence * 400)  # ~7,600 characters
    pipeline, _ = make(tmp_path, provider, style="pencil", image_model="dall-e-3")
    pipeline.run_frame(scene_frame())
    prompt = str(provider.paints[0]["prompt"])
    assert len(prompt) <= models.image_family("dall-e-3").prompt_limit
    assert prompt.endswith("\n\n" + PENCIL.prompt)
    assert prompt.startswith(sentence)


def test_a_style_that_no_longer_exists_paints_without_one_and_says_so(tmp_path: Path) -> None:
    provider = PaintRecorder()
    pipeline, events = make(tmp_path, provider, style="Gone")
    record = pipeline.run_frame(scene_frame())
    assert record.status == "done"
    assert provider.paints[0]["prompt"] == "Na obrázku je kočka."
    assert record.style == "" and record.style_prompt == ""
    assert any("'Gone' no longer exists" in note for note in record.notes)
    assert any(e.status == "note" and "Gone" in e.message for e in events)


def test_the_round_choice_overrides_the_settings(tmp_path: Path) -> None:
    provider = PaintRecorder()
    pipeline, _ = make(tmp_path, provider, style="comic", likeness=False)
    record = pipeline.run(pipeline.capture(scene_frame(), style="pencil", likeness=True))
    assert record.style == "pencil" and record.likeness is True
    assert str(provider.paints[0]["prompt"]).endswith(PENCIL.prompt)
    assert provider.paints[0]["reference"] == record.files.photo.read_bytes()
    plain = pipeline.run(pipeline.capture(scene_frame(), style=""))
    assert plain.style == "" and provider.paints[1]["prompt"] == "Na obrázku je kočka."
    assert provider.paints[1]["reference"] is None


def test_likeness_passes_the_saved_photo_and_leaves_room_for_the_instruction(
    tmp_path: Path,
) -> None:
    provider = PaintRecorder("Na stole je hrnek. " * 2000)
    pipeline, _ = make(tmp_path, provider, likeness=True, style="oil")
    record = pipeline.run_frame(scene_frame())
    assert record.paint_mode == "likeness"
    assert provider.paints[0]["reference"] == record.files.photo.read_bytes()
    limit = models.image_family(pipeline.settings.image_model).prompt_limit
    assert len(edits.LIKENESS_INSTRUCTION) + len(str(provider.paints[0]["prompt"])) <= limit


def test_a_provider_that_fell_back_sets_text_mode_and_the_note(tmp_path: Path) -> None:
    provider = PaintRecorder(mode="text", note="This server cannot paint from the photo.")
    pipeline, events = make(tmp_path, provider, likeness=True)
    record = pipeline.run_frame(scene_frame())
    assert record.paint_mode == "text" and record.likeness is True
    assert record.notes == ["This server cannot paint from the photo."]
    assert ("paint", "note") in [(e.step, e.status) for e in events]


def test_retry_keeps_the_rounds_style_even_when_the_settings_changed(tmp_path: Path) -> None:
    provider = PaintRecorder()
    provider.paint_error = None
    pipeline, _ = make(tmp_path, provider, style="comic", likeness=True)
    record = pipeline.capture(scene_frame())
    other, _ = make(tmp_path, provider, style="pixel", likeness=False)
    again = other.retry(record.files.sidecar)
    assert again.style == "comic" and again.paint_mode == "likeness"
    assert str(provider.paints[0]["prompt"]).endswith(COMIC.prompt)


def test_the_cache_never_serves_a_painting_in_another_style(tmp_path: Path) -> None:
    provider = PaintRecorder()
    comic, _ = make(tmp_path, provider, cache=True, style="comic")
    first = comic.run_frame(scene_frame())
    again = comic.run_frame(scene_frame())
    assert again.cache.get("capture") == "exact" and len(provider.paints) == 1

    pencil, _ = make(tmp_path, provider, cache=True, style="pencil")
    other = pencil.run_frame(scene_frame())
    assert not other.cache.get("painting")
    assert len(provider.paints) == 2  # painted anew, in pencil
    assert other.files.painting.read_bytes() != first.files.painting.read_bytes()
    assert other.style == "pencil"
    # And back: the comic painting is still there for the comic style.
    back = comic.run_frame(scene_frame())
    assert back.cache.get("capture") == "exact" and len(provider.paints) == 2
    assert back.files.painting.read_bytes() == first.files.painting.read_bytes()
    assert back.style == "comic" and back.style_prompt == COMIC.prompt


def test_the_cache_keeps_likeness_and_text_paintings_apart(tmp_path: Path) -> None:
    provider = PaintRecorder()
    text, _ = make(tmp_path, provider, cache=True)
    text.run_frame(scene_frame())
    likeness, _ = make(tmp_path, provider, cache=True, likeness=True)
    record = likeness.run_frame(scene_frame())
    assert record.cache == {} and len(provider.paints) == 2
    assert record.paint_mode == "likeness"
    # Another photo with the same description: the words match, but a likeness painting is of
    # that photo, so it is painted again.
    likeness.run_frame(scene_frame(shift=200))
    assert len(provider.paints) == 3


def test_repaint_makes_a_new_round_and_leaves_the_old_one_alone(tmp_path: Path) -> None:
    provider = PaintRecorder()
    pipeline, events = make(tmp_path, provider, style="comic")
    old = pipeline.run_frame(scene_frame())
    before = {p.name: p.read_bytes() for p in old.files.folder.iterdir()}
    describes = [name for name, _ in provider.calls].count("describe")
    events.clear()

    new = pipeline.repaint(old.files.sidecar, style="pencil")

    assert new.status == "done", new.errors
    assert new.stem != old.stem and new.files.folder == old.files.folder
    assert {
        p.name: p.read_bytes() for p in old.files.folder.iterdir() if p.name in before
    } == before
    assert new.files.photo.read_bytes() == old.files.photo.read_bytes()
    assert [name for name, _ in provider.calls].count("describe") == describes  # no new request
    assert new.description == old.description
    assert new.steps == {
        "photo": "done",
        "describe": "done",
        "check": "done",
        "paint": "done",
        "speech": "skipped",
    }
    assert new.style == "pencil" and str(provider.paints[-1]["prompt"]).endswith(PENCIL.prompt)
    assert f"Repainted from round {old.stem}." in new.notes
    assert sidecar(new)["style"] == "pencil"
    assert [e.step for e in events][:2] == ["photo", "photo"]


def test_repaint_keeps_a_blocked_check_blocked(tmp_path: Path) -> None:
    provider = PaintRecorder()
    provider.flagged = ("violence",)
    pipeline, _ = make(tmp_path, provider, moderation_model="omni-moderation-latest")
    old = pipeline.run_frame(scene_frame())
    assert old.steps["check"] == "blocked"
    new = pipeline.repaint(old.files.sidecar, style="comic")
    assert new.status == "blocked" and provider.paints == []


def test_repaint_of_an_unreadable_round_returns_a_failed_record(tmp_path: Path) -> None:
    pipeline, events = make(tmp_path, PaintRecorder())
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    record = pipeline.repaint(folder / "broken.json", style="comic")
    assert record.status == "failed" and "cannot be read" in record.errors["photo"]
    assert events[-1].step == "round" and events[-1].status == "failed"
    assert sorted(p.name for p in folder.iterdir()) == ["broken.json"]  # nothing left behind


def test_the_offline_demo_skips_limits_cost_cache_and_moderation(tmp_path: Path) -> None:
    provider = OfflineStandIn()
    now = datetime(2026, 11, 22, 10, 0, 0)
    limits = Limits(
        LimitSettings(cooldown_s=600, max_rounds_per_hour=1, daily_budget_usd=0.01),
        tmp_path / "ledger.json",
        clock=lambda: now,
    )
    settings = Settings(
        images_dir=str(tmp_path / "images"), moderation_model="omni-moderation-latest"
    ).replace(style="pencil")
    cache = RoundCache(tmp_path / "cache")
    pipeline = Pipeline(settings, provider, limits=limits, cache=cache)  # type: ignore[arg-type]
    records = [pipeline.run_frame(scene_frame()) for _ in range(3)]  # cooldown would stop #2

    assert [r.status for r in records] == ["done"] * 3
    assert len(provider.paints) == 3 and len(cache) == 0  # never from or into the cache
    first = records[0]
    assert first.offline and first.paint_mode == "offline"
    assert provider.paints[0]["reference"] == first.files.photo.read_bytes()
    assert provider.paints[0]["style"] == "pencil"
    assert first.cost == {} and first.check["moderated_by"] == ""
    assert first.models == {"vision": "offline-opencv", "image": "offline-opencv"}
    assert limits.check() is None  # no round was counted against the limits
    data = sidecar(first)
    assert data["offline"] is True and data["paint_mode"] == "offline"


def test_retry_keeps_a_custom_style_that_was_deleted_since(tmp_path: Path) -> None:
    """The round was painted in "Linoryt" once (the painting failed); the style was deleted
    before Retry: the retry keeps the words the round had, instead of quietly dropping them."""
    linocut = {"name": "Linoryt", "prompt": "Style: a linocut print."}
    provider = PaintRecorder()
    pipeline, _ = make(tmp_path, provider, style="Linoryt", custom_styles=[linocut])
    record = pipeline.capture(scene_frame())
    first = pipeline.run(record)
    assert first.style_prompt == "Style: a linocut print."
    first.steps["paint"] = "failed"  # as if the painting had failed
    first.save()
    other, events = make(tmp_path, provider, style="", custom_styles=[])
    again = other.retry(record.files.sidecar)
    assert (again.style, again.style_prompt) == ("Linoryt", "Style: a linocut print.")
    assert str(provider.paints[-1]["prompt"]).endswith("Style: a linocut print.")
    assert not any(e.status == "note" and "no longer exists" in e.message for e in events)


def test_a_hand_edited_record_with_wrong_kinds_can_still_be_repainted(tmp_path: Path) -> None:
    """The gallery lists any record; one edited by hand ("models": null, a number for the
    style) must not crash Retry or Paint again."""
    provider = PaintRecorder()
    pipeline, _ = make(tmp_path, provider)
    record = pipeline.run(pipeline.capture(scene_frame()))
    data = sidecar(record)
    data.update(models=None, usage=[], notes="x", style=7, likeness="yes", revised_prompt=3)
    record.files.sidecar.write_text(json.dumps(data), encoding="utf-8")

    again = pipeline.repaint(record.files.sidecar, style="comic")
    assert again.status == "done", again.errors
    assert again.style == "comic" and again.description == record.description
