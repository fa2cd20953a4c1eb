"""The round cache: exact and similar photos, identical prompts, eviction, damage, sharing."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from camdraw.core import paths
from camdraw.core.imaging import prepare_upload
from camdraw.core.store.cache import RoundCache
from camdraw.core.store.cache_index import INDEX_NAME
from camdraw.core.store.cache_keys import (
    DEFAULT_MAX_DISTANCE,
    CacheContext,
    hash_distance,
    perceptual_hash,
)
from tests.media import scene_frame

CONTEXT = CacheContext(
    vision_model="gpt-4o-mini",
    language="cs",
    describe_prompt="Popiš, co vidíš na fotografii.",
    detail="low",
    image_model="gpt-image-1",
    image_size="1024x1024",
    image_quality="low",
    style="",
)


class Clock:
    """A hand-wound clock: every reading is one second later, so uses are ordered."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def upload(frame: np.ndarray) -> bytes:
    return prepare_upload(frame, "low").jpeg


def camera_jitter(frame: np.ndarray, dx: int, dy: int, sigma: float, seed: int) -> np.ndarray:
    """The same scene a moment later: the camera nudged by a pixel or two, new sensor noise."""
    matrix = np.float32([[1, 0, dx], [0, 1, dy]])
    moved = cv2.warpAffine(
        frame, matrix, (frame.shape[1], frame.shape[0]), borderMode=cv2.BORDER_REPLICATE
    )
    noise = np.random.default_rng(seed).normal(0.0, sigma, frame.shape)
    return np.clip(moved + noise, 0, 255).astype(np.uint8)


def other_scene(width: int = 640, height: int = 480) -> np.ndarray:
    frame = np.full((height, width, 3), (90, 120, 60), np.uint8)
    cv2.circle(frame, (width // 4, height // 3), height // 5, (220, 220, 240), -1)
    cv2.rectangle(frame, (width // 2, height // 2), (width - 30, height - 20), (150, 40, 120), -1)
    cv2.line(frame, (0, height - 1), (width - 1, 0), (10, 10, 10), 6)
    return frame


def painting(seed: int, side: int = 96) -> bytes:
    """A real PNG that does not compress away (so its size is predictable)."""
    pixels = np.random.default_rng(seed).integers(0, 256, (side, side, 3), np.uint8)
    ok, buffer = cv2.imencode(".png", pixels)
    assert ok
    return buffer.tobytes()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "rounds"


@pytest.fixture
def cache(folder: Path) -> RoundCache:
    return RoundCache(folder, clock=Clock())


SCENE = upload(scene_frame())
JITTERED = [upload(camera_jitter(scene_frame(), d, -d, sigma, seed)) for d, sigma, seed in
            [(1, 4.0, 1), (2, 8.0, 2), (1, 12.0, 3), (2, 12.0, 4)]]  # fmt: skip
OTHER = upload(other_scene())


# -- hashing ---------------------------------------------------------------------------------


def test_perceptual_hash_is_a_64_bit_hex_dhash() -> None:
    value = perceptual_hash(SCENE)
    assert len(value) == 16
    int(value, 16)
    assert perceptual_hash(SCENE) == value
    assert hash_distance("00ff", "00fe") == 1
    assert hash_distance("ffff", "0000") == 16
    assert hash_distance(value, value) == 0
    with pytest.raises(ValueError):
        hash_distance("00", "0000")


def test_noise_and_a_nudge_stay_under_the_default_threshold_a_new_scene_does_not() -> None:
    base = perceptual_hash(SCENE)
    near = [hash_distance(base, perceptual_hash(jpeg)) for jpeg in JITTERED]
    far = hash_distance(base, perceptual_hash(OTHER))
    assert all(jpeg != SCENE for jpeg in JITTERED)
    assert max(near) <= DEFAULT_MAX_DISTANCE, near
    assert far >= 3 * DEFAULT_MAX_DISTANCE, far


def test_hashing_needs_neither_scipy_nor_pywt() -> None:
    # camdraw.spec leaves both out of the app; imagehash only imports them for phash/whash.
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('scipy', 'pywt'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from camdraw.core.store.cache_keys import perceptual_hash\n"
        f"print(perceptual_hash({SCENE!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == perceptual_hash(SCENE)


def test_context_keys_split_the_vision_and_the_image_side() -> None:
    assert len(CONTEXT.describe_key()) == 64 and int(CONTEXT.describe_key(), 16) >= 0
    other_image = dataclasses.replace(CONTEXT, image_model="dall-e-3", style="akvarel")
    assert other_image.describe_key() == CONTEXT.describe_key()
    assert other_image.paint_key("a") != CONTEXT.paint_key("a")
    other_vision = dataclasses.replace(CONTEXT, language="en")
    assert other_vision.describe_key() != CONTEXT.describe_key()
    assert other_vision.paint_key("a") == CONTEXT.paint_key("a")
    assert CONTEXT.paint_key("a") != CONTEXT.paint_key("b")


# -- capture level ---------------------------------------------------------------------------


def test_the_same_upload_is_an_exact_hit(cache: RoundCache) -> None:
    png = painting(1)
    assert cache.find_capture(SCENE, CONTEXT, DEFAULT_MAX_DISTANCE) is None
    cache.store(SCENE, CONTEXT, "Červený obdélník a zelený kruh.", png, "2026-11-22_14-03-07")
    hit = cache.find_capture(SCENE, CONTEXT, None)
    assert hit is not None
    assert (hit.kind, hit.distance, hit.source) == ("exact", 0, "2026-11-22_14-03-07")
    assert hit.description == "Červený obdélník a zelený kruh."
    assert hit.painting_png == png
    assert len(cache) == 1


def test_a_near_duplicate_is_a_similar_hit_a_different_scene_is_not(cache: RoundCache) -> None:
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    for jpeg in JITTERED:
        hit = cache.find_capture(jpeg, CONTEXT, DEFAULT_MAX_DISTANCE)
        assert hit is not None
        assert hit.kind == "similar"
        assert hit.distance == hash_distance(perceptual_hash(SCENE), perceptual_hash(jpeg))
        assert (hit.description, hit.source) == ("scene", "round-1")
    assert cache.find_capture(OTHER, CONTEXT, DEFAULT_MAX_DISTANCE) is None


def test_the_nearest_similar_entry_wins(cache: RoundCache) -> None:
    cache.store(OTHER, CONTEXT, "other", painting(2), "round-other")
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-scene")
    hit = cache.find_capture(JITTERED[1], CONTEXT, 64)
    assert hit is not None and hit.description == "scene"
    hit = cache.find_capture(upload(camera_jitter(other_scene(), 1, 1, 6.0, 9)), CONTEXT, 64)
    assert hit is not None and hit.description == "other"


def test_no_threshold_means_exact_matches_only(cache: RoundCache) -> None:
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    assert cache.find_capture(JITTERED[0], CONTEXT, None) is None
    assert cache.find_capture(JITTERED[0], CONTEXT, 64) is not None
    assert cache.find_capture(SCENE, CONTEXT, None) is not None


@pytest.mark.parametrize(
    "change",
    [
        {"vision_model": "gpt-4o"},
        {"language": "en"},
        {"describe_prompt": "Describe the photo."},
        {"detail": "high"},
        {"image_model": "dall-e-3"},
        {"image_size": "1536x1024"},
        {"image_quality": "high"},
        {"style": "watercolour"},
        {"paint_mode": "likeness"},
    ],
)
def test_other_settings_miss(cache: RoundCache, change: dict[str, str]) -> None:
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    other = dataclasses.replace(CONTEXT, **change)
    assert cache.find_capture(SCENE, other, 64) is None
    assert cache.find_capture(SCENE, CONTEXT, None) is not None


# -- prompt level ----------------------------------------------------------------------------


def test_an_identical_prompt_gets_the_painting(cache: RoundCache) -> None:
    png = painting(1)
    cache.store(SCENE, CONTEXT, "Kočka na okně.", png, "round-1")
    assert cache.find_painting("Kočka na okně.", CONTEXT) == png
    # The vision side does not matter to the image model.
    assert cache.find_painting("Kočka na okně.", dataclasses.replace(CONTEXT, language="en"))
    assert cache.find_painting("Kočka na okně", CONTEXT) is None
    assert cache.find_painting("Kočka na okně.", dataclasses.replace(CONTEXT, style="olej")) is None
    other_size = dataclasses.replace(CONTEXT, image_size="1024x1536")
    assert cache.find_painting("Kočka na okně.", other_size) is None


def test_a_description_seen_with_another_image_setting_misses_the_capture(
    cache: RoundCache,
) -> None:
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    watercolour = dataclasses.replace(CONTEXT, style="watercolour")
    assert cache.find_capture(SCENE, watercolour, None) is None
    cache.store(JITTERED[0], watercolour, "scene", painting(2), "round-2")
    hit = cache.find_capture(SCENE, watercolour, None)
    assert hit is not None and hit.painting_png == painting(2) and hit.source == "round-1"


def test_likeness_and_text_paintings_have_their_own_keys(cache: RoundCache) -> None:
    likeness = dataclasses.replace(CONTEXT, paint_mode="likeness")
    assert likeness.paint_key("scene") != CONTEXT.paint_key("scene")
    cache.store(SCENE, likeness, "scene", painting(3), "round-3")
    assert cache.find_painting("scene", CONTEXT) is None
    assert cache.find_painting("scene", likeness) == painting(3)


def test_text_keys_did_not_change_with_the_paint_mode_field() -> None:
    # Caches written before likeness mode keep hitting: "text" adds nothing to the key.
    # (The key the cache computed for CONTEXT before the field existed.)
    before = "0faae480ca1ebc7d251a289b81b983531a9875d25ae131e45040e3876b35f3af"
    assert CONTEXT.paint_key("scene") == before


def test_styled_paintings_cached_before_the_prompt_was_moderated_are_not_reused() -> None:
    # Until the whole prompt was moderated only the description was, so a styled painting
    # cached then may come from unchecked style words. (The key it had then.)
    styled = dataclasses.replace(CONTEXT, style="grim\nStyle: grim.")
    before = "e562bd66b23ce7ba59286cfd42fe6dda82424c862e4e0e2f1f3c1c03281fedce"
    assert styled.paint_key("scene") != before
    assert styled.paint_key("scene") == styled.paint_key("scene")


# -- eviction --------------------------------------------------------------------------------


def test_the_least_recently_used_goes_first(folder: Path) -> None:
    pngs = [painting(seed) for seed in range(4)]
    scenes = [SCENE, OTHER, upload(scene_frame(shift=120)), upload(cv2.flip(other_scene(), 0))]
    cache = RoundCache(folder, max_bytes=int(3.5 * max(map(len, pngs))), clock=Clock())
    for n in range(3):
        cache.store(scenes[n], CONTEXT, f"scene {n}", pngs[n], f"round-{n}")
    assert len(cache) == 3
    assert cache.find_capture(scenes[0], CONTEXT, None) is not None  # the oldest, used again
    cache.store(scenes[3], CONTEXT, "scene 3", pngs[3], "round-3")
    assert cache.size_bytes() <= 3.5 * max(map(len, pngs))
    assert len(cache) == 3
    assert cache.find_capture(scenes[1], CONTEXT, None) is None
    assert cache.find_painting("scene 1", CONTEXT) is None
    for n in (0, 2, 3):
        assert cache.find_capture(scenes[n], CONTEXT, None) is not None, n
    assert sorted(p.name for p in folder.glob("*.png")) == sorted(
        f"{hashlib.sha256(pngs[n]).hexdigest()}.png" for n in (0, 2, 3)
    )


def test_a_painting_bigger_than_the_cache_is_not_kept(folder: Path) -> None:
    cache = RoundCache(folder, max_bytes=1000, clock=Clock())
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    assert len(cache) == 0
    assert cache.find_capture(SCENE, CONTEXT, None) is None
    assert list(folder.glob("*.png")) == []


# -- on disk ---------------------------------------------------------------------------------


def test_the_default_folder_is_in_the_cache_dir() -> None:
    assert RoundCache().folder == paths.cache_dir() / "rounds"
    RoundCache().store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    assert (paths.cache_dir() / "rounds" / INDEX_NAME).is_file()


def test_entries_survive_a_restart(cache: RoundCache, folder: Path) -> None:
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    later = RoundCache(folder)
    assert len(later) == 1
    assert later.size_bytes() == cache.size_bytes() > len(painting(1))
    hit = later.find_capture(JITTERED[0], CONTEXT, DEFAULT_MAX_DISTANCE)
    assert hit is not None and hit.kind == "similar" and hit.painting_png == painting(1)
    assert later.find_painting("scene", CONTEXT) == painting(1)
    index = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    assert (index["format"], index["version"]) == ("camdraw-cache", 1)


@pytest.mark.parametrize(
    "content",
    [
        b"{ not json",
        b"\xff\xfe garbage",
        b'{"format": "something-else", "version": 1}',
        b'{"format": "camdraw-cache", "version": 99, "captures": [], "paintings": {}}',
        b'{"format": "camdraw-cache", "version": 1, "captures": 5, "paintings": "x"}',
        b"[]",
    ],
)
def test_a_damaged_or_foreign_index_is_a_miss_and_is_rewritten(
    folder: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    RoundCache(folder).store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    (folder / INDEX_NAME).write_bytes(content)
    cache = RoundCache(folder)
    with caplog.at_level(logging.WARNING, logger="camdraw.core.store.cache_index"):
        assert cache.find_capture(SCENE, CONTEXT, 64) is None
        assert cache.find_painting("scene", CONTEXT) is None
    assert "Round cache" in caplog.text
    cache.store(OTHER, CONTEXT, "other", painting(2), "round-2")
    index = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    assert index["format"] == "camdraw-cache" and len(index["captures"]) == 1
    assert RoundCache(folder).find_capture(OTHER, CONTEXT, None) is not None


def test_damaged_entries_are_skipped_the_rest_is_used(
    cache: RoundCache, folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    index = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    index["captures"].append({"jpeg_sha256": 7})
    index["captures"].append("nonsense")
    index["paintings"]["x"] = {"file": "../../etc/passwd", "bytes": 1, "source": "", "last_used": 0}
    (folder / INDEX_NAME).write_text(json.dumps(index), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="camdraw.core.store.cache_index"):
        later = RoundCache(folder)
        assert len(later) == 1
    assert "damaged" in caplog.text
    assert later.find_capture(SCENE, CONTEXT, None) is not None


@pytest.mark.parametrize("damage", ["delete", "overwrite"])
def test_a_missing_or_damaged_painting_is_a_miss_and_the_entry_goes(
    cache: RoundCache, folder: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    cache.store(OTHER, CONTEXT, "other", painting(2), "round-2")
    (png,) = [p for p in folder.glob("*.png") if p.read_bytes() == painting(1)]
    if damage == "delete":
        png.unlink()
    else:
        png.write_bytes(painting(1)[:100])
    later = RoundCache(folder)
    with caplog.at_level(logging.WARNING, logger="camdraw.core.store.cache"):
        assert later.find_capture(SCENE, CONTEXT, DEFAULT_MAX_DISTANCE) is None
    assert "painting" in caplog.text
    assert later.find_painting("scene", CONTEXT) is None
    assert later.find_capture(OTHER, CONTEXT, None) is not None
    index = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    assert [c["source"] for c in index["captures"]] == ["round-2"]
    # The next store of the same painting brings it back.
    later.store(SCENE, CONTEXT, "scene", painting(1), "round-3")
    assert RoundCache(folder).find_capture(SCENE, CONTEXT, None) is not None


def test_painting_files_no_index_lists_are_swept_once_they_are_old(folder: Path) -> None:
    folder.mkdir(parents=True)
    old, fresh = folder / f"{'a' * 64}.png", folder / f"{'b' * 64}.png"
    for orphan in (old, fresh):
        orphan.write_bytes(painting(7))
    (folder / "notes.png").write_bytes(b"not ours")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    RoundCache(folder).store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    assert not old.exists()
    assert fresh.exists()  # maybe another process is just storing it
    assert (folder / "notes.png").exists()


def test_an_unwritable_folder_never_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = RoundCache(blocker / "rounds")
    with caplog.at_level(logging.WARNING, logger="camdraw.core.store.cache"):
        cache.store(SCENE, CONTEXT, "scene", painting(1), "round-1")
        assert cache.find_capture(SCENE, CONTEXT, DEFAULT_MAX_DISTANCE) is None
        assert cache.find_painting("scene", CONTEXT) is None
        assert len(cache) == 0
        assert cache.size_bytes() == 0
        cache.clear()
    assert "cannot save a painting" in caplog.text


def test_an_index_that_cannot_be_written_keeps_the_entry_in_memory(
    cache: RoundCache, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from camdraw.core import disk

    real = disk.atomic_write_bytes

    def no_index(path: Path, data: bytes) -> None:
        if path.name == INDEX_NAME:
            raise PermissionError(13, "Permission denied")
        real(path, data)

    monkeypatch.setattr(disk, "atomic_write_bytes", no_index)
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    assert cache.find_capture(SCENE, CONTEXT, None) is not None
    monkeypatch.setattr(disk, "atomic_write_bytes", real)
    cache.store(OTHER, CONTEXT, "other", painting(2), "round-2")
    assert len(RoundCache(folder)) == 2


def test_clear_forgets_everything_everywhere(cache: RoundCache, folder: Path) -> None:
    other = RoundCache(folder)
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-1")
    assert len(other) == 1
    cache.clear()
    assert len(cache) == 0 and len(other) == 0
    assert other.find_capture(SCENE, CONTEXT, 64) is None
    assert list(folder.glob("*.png")) == []


# -- sharing ---------------------------------------------------------------------------------


def test_two_instances_on_one_folder_keep_both_entries(folder: Path) -> None:
    window, command = RoundCache(folder, clock=Clock()), RoundCache(folder, clock=Clock())
    assert len(window) == 0 and len(command) == 0  # both have read the (empty) folder
    window.store(SCENE, CONTEXT, "scene", painting(1), "round-window")
    command.store(OTHER, CONTEXT, "other", painting(2), "round-command")
    window.find_painting("scene", CONTEXT)  # a write from the now stale window
    assert RoundCache(folder).find_capture(SCENE, CONTEXT, None) is not None
    assert RoundCache(folder).find_capture(OTHER, CONTEXT, None) is not None
    assert len(RoundCache(folder)) == 2
    hit = window.find_capture(OTHER, CONTEXT, None)
    assert hit is not None and hit.source == "round-command"


def test_an_entry_whose_index_write_failed_is_merged_into_a_newer_index(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from camdraw.core import disk

    window, command = RoundCache(folder, clock=Clock()), RoundCache(folder, clock=Clock())
    real = disk.atomic_write_bytes

    def no_index(path: Path, data: bytes) -> None:
        if path.name == INDEX_NAME:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(disk, "atomic_write_bytes", no_index)
    window.store(SCENE, CONTEXT, "scene", painting(1), "round-window")  # only in memory
    monkeypatch.setattr(disk, "atomic_write_bytes", real)
    command.store(OTHER, CONTEXT, "other", painting(2), "round-command")
    window.find_painting("scene", CONTEXT)  # the window writes again, after the command
    fresh = RoundCache(folder)
    assert fresh.find_capture(SCENE, CONTEXT, None) is not None
    assert fresh.find_capture(OTHER, CONTEXT, None) is not None


def test_an_eviction_by_one_instance_is_not_undone_by_another(folder: Path) -> None:
    pngs = [painting(seed) for seed in range(3)]
    roomy = RoundCache(folder, clock=Clock())
    roomy.store(SCENE, CONTEXT, "scene", pngs[0], "round-0")
    tight = RoundCache(folder, max_bytes=int(1.5 * max(map(len, pngs))), clock=Clock())
    tight.store(OTHER, CONTEXT, "other", pngs[1], "round-1")  # evicts round-0
    roomy.store(upload(scene_frame(shift=120)), CONTEXT, "third", pngs[2], "round-2")
    fresh = RoundCache(folder)
    assert len(fresh) == 2
    assert fresh.find_capture(SCENE, CONTEXT, None) is None
    assert not (folder / f"{hashlib.sha256(pngs[0]).hexdigest()}.png").exists()


def test_one_instance_can_be_used_from_many_threads(cache: RoundCache, folder: Path) -> None:
    scenes = [upload(scene_frame(shift=s)) for s in range(0, 160, 20)]
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            cache.store(scenes[n], CONTEXT, f"scene {n}", painting(n), f"round-{n}")
            assert cache.find_capture(scenes[n], CONTEXT, None) is not None
            cache.find_capture(JITTERED[0], CONTEXT, DEFAULT_MAX_DISTANCE)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(scenes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(RoundCache(folder)) == len(scenes)


def test_a_similar_lookup_among_2000_entries_is_fast(folder: Path) -> None:
    # Written straight into the index (storing 2,000 rounds one by one would take a while).
    cache = RoundCache(folder)
    cache.store(SCENE, CONTEXT, "scene", painting(1), "round-scene")
    index = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    (real,) = index["captures"]
    rng = np.random.default_rng(0)
    base = int(real["dhash"], 16)
    for n in range(2000):
        far = base ^ (int(rng.integers(0, 2**63)) | 0xFFFF << 24)  # 16+ bits away
        index["captures"].append(
            {**real, "jpeg_sha256": f"{n:064x}", "dhash": f"{far:016x}", "source": f"r{n}"}
        )
    (folder / INDEX_NAME).write_text(json.dumps(index), encoding="utf-8")
    cache = RoundCache(folder)
    assert len(cache) == 2001
    started = time.perf_counter()
    hit = cache.find_capture(JITTERED[1], CONTEXT, DEFAULT_MAX_DISTANCE)
    elapsed = time.perf_counter() - started
    assert hit is not None and hit.source == "round-scene"
    assert elapsed < 1.0  # typically a few ms; a disk read per entry would blow this
