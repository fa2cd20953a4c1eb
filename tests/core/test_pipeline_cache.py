"""The round cache inside the pipeline: same or similar photos, same words, regenerate anyway."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from camdraw.core.errors import ServiceUnavailableError
from camdraw.core.round.pipeline import Pipeline, RoundEvent
from camdraw.core.round.session import Session
from camdraw.core.settings import Settings
from camdraw.core.store.cache import RoundCache
from tests.core.test_pipeline import ScriptedProvider
from tests.media import scene_frame


def make(
    tmp_path: Path, provider: ScriptedProvider, *, bypass: bool = False, **changes: object
) -> tuple[Pipeline, list[RoundEvent]]:
    settings = Settings(images_dir=str(tmp_path / "images")).replace(**changes)
    events: list[RoundEvent] = []
    cache = RoundCache(tmp_path / "cache")
    pipeline = Pipeline(
        settings, provider, listener=events.append, cache=cache, bypass_cache=bypass
    )
    return pipeline, events


def noisy(frame: np.ndarray, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    shifted = np.roll(frame, 1, axis=1)
    return np.clip(shifted + rng.normal(0, 4, frame.shape), 0, 255).astype(np.uint8)


def names(provider: ScriptedProvider) -> list[str]:
    return [name for name, _ in provider.calls]


def test_the_same_photo_again_makes_no_request_and_says_from_cache(tmp_path: Path) -> None:
    provider = ScriptedProvider()
    pipeline, events = make(tmp_path, provider)
    first = pipeline.run_frame(scene_frame(1280, 720))
    assert first.status == "done" and first.cache == {}
    calls_after_first = len(provider.calls)
    events.clear()
    second = make(tmp_path, provider)[0].run_frame(scene_frame(1280, 720))
    assert len(provider.calls) == calls_after_first  # 0 API calls
    assert second.status == "done"
    assert second.cache["capture"] == "exact" and second.cache["source"] == first.stem
    assert second.description == first.description
    assert second.files.photo.exists() and second.files.painting.exists()
    assert second.files.photo != first.files.photo  # the new photo is still saved
    saved = json.loads(second.files.sidecar.read_text(encoding="utf-8"))
    assert saved["cache"]["capture"] == "exact" and saved["cost"] == {}


def test_a_near_duplicate_hits_unless_similar_search_is_off(tmp_path: Path) -> None:
    provider = ScriptedProvider()
    pipeline, _ = make(tmp_path, provider)
    pipeline.run_frame(scene_frame(1280, 720))
    before = len(provider.calls)
    similar = make(tmp_path, provider)[0].run_frame(noisy(scene_frame(1280, 720), 1))
    assert similar.cache.get("capture") == "similar" and len(provider.calls) == before
    exact_only = make(tmp_path, provider, cache_distance=-1)[0]
    missed = exact_only.run_frame(noisy(scene_frame(1280, 720), 2))
    assert missed.cache.get("capture") is None  # described again...
    assert names(provider)[before:] == ["describe", "moderate"]
    assert missed.cache.get("painting") == "prompt"  # ...but the same words reuse the painting


def test_another_scene_is_described_but_the_same_words_reuse_the_painting(
    tmp_path: Path,
) -> None:
    provider = ScriptedProvider()  # answers every photo with the same description
    pipeline, _ = make(tmp_path, provider)
    pipeline.run_frame(scene_frame(1280, 720))
    other = make(tmp_path, provider)[0].run_frame(scene_frame(1280, 720, shift=300)[::-1].copy())
    assert other.cache.get("capture") is None
    assert other.cache.get("painting") == "prompt"
    assert names(provider) == ["describe", "moderate", "paint", "describe", "moderate"]


def test_regenerate_anyway_and_cache_off_call_the_service(tmp_path: Path) -> None:
    provider = ScriptedProvider()
    make(tmp_path, provider)[0].run_frame(scene_frame(1280, 720))
    again = make(tmp_path, provider, bypass=True)[0].run_frame(scene_frame(1280, 720))
    assert again.cache == {}
    off = make(tmp_path, provider, use_cache=False)[0].run_frame(scene_frame(1280, 720))
    assert off.cache == {}
    assert names(provider).count("paint") == 3


def test_a_failed_round_is_not_remembered(tmp_path: Path) -> None:
    provider = ScriptedProvider(paint_error=ServiceUnavailableError("down", step="paint"))
    pipeline, _ = make(tmp_path, provider)
    assert pipeline.run_frame(scene_frame(1280, 720)).status == "failed"
    provider.paint_error = None
    second = make(tmp_path, provider)[0].run_frame(scene_frame(1280, 720))
    assert second.cache == {} and second.status == "done"


def test_photobooth_rounds_reuse_exact_matches_only(tmp_path: Path) -> None:
    provider = ScriptedProvider()
    make(tmp_path, provider)[0].run_frame(scene_frame(1280, 720))
    before = len(provider.calls)
    booth, _ = make(tmp_path, provider)
    booth.exact_cache_only = True
    # The next visitor on the same spot looks alike to the hash: described anew, not handed
    # the last visitor's round.
    other = booth.run_frame(noisy(scene_frame(1280, 720), 1))
    assert other.cache.get("capture") is None
    assert names(provider)[before : before + 2] == ["describe", "moderate"]
    # An identical photo (the same frame) is still an exact hit.
    during = len(provider.calls)
    same = booth.run_frame(scene_frame(1280, 720))
    assert same.cache.get("capture") == "exact" and len(provider.calls) == during


def test_the_session_asks_whether_photobooth_mode_is_on(tmp_path: Path) -> None:
    session = Session(cache=RoundCache(tmp_path / "cache"))
    settings = Settings(images_dir=str(tmp_path / "images"))
    assert not session.pipeline(settings).exact_cache_only
    session.photobooth = lambda: True
    assert session.pipeline(settings).exact_cache_only
