"""Keeping rounds only as long as wanted: real rounds (the real SDK against the loopback
server, the real round cache and thumbnails) are deleted whole once old enough."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import ProviderCache
from camdraw.core.round.pipeline import Pipeline
from camdraw.core.settings import Settings
from camdraw.core.store import gallery, retention
from camdraw.core.store.cache import RoundCache
from camdraw.core.store.record import RoundRecord
from camdraw.core.store.thumbnails import ThumbnailCache
from tests.fake_openai import FakeOpenAI
from tests.media import png_bytes, scene_frame

KEY = "sk-canary-retention-7f6e5d"


class World:
    def __init__(self, server: FakeOpenAI, tmp_path: Path) -> None:
        self.server = server
        self.folder = tmp_path / "images"
        self.cache = RoundCache(tmp_path / "cache")
        self.thumbnails = ThumbnailCache(tmp_path / "thumbnails")
        self.settings = Settings(
            base_url=server.base_url, images_dir=str(self.folder), save_narration=False
        )
        provider = ProviderCache(KeyStore({"OPENAI_API_KEY": KEY})).get(self.settings)
        self.pipeline = Pipeline(self.settings, provider, cache=self.cache)

    def round(self, shift: int, words: str, colour: tuple[int, int, int], days_ago: int = 0):
        """A finished round of its own photo, description and painting, ``days_ago`` old,
        with the thumbnails the gallery made of it."""
        self.server.description = words
        self.server.image = png_bytes(256, 256, colour)
        record = self.pipeline.run(self.pipeline.capture(scene_frame(shift=shift)))
        assert record.status == "done", record.errors
        record.files.narration.write_bytes(b"RIFF narration")  # as if it was saved
        if days_ago:
            record.created = (datetime.now() - timedelta(days=days_ago)).isoformat("T", "seconds")
            record.save()
        for picture in (record.files.photo, record.files.painting):
            assert self.thumbnails.get(picture) is not None
        return record


def thumbnails_of(thumbnails: ThumbnailCache, record: RoundRecord) -> list[Path]:
    return [
        p
        for picture in (record.files.photo, record.files.painting)
        if (p := thumbnails.path_for(picture)) is not None and p.exists()
    ]


def files_of(record: RoundRecord) -> list[Path]:
    f = record.files
    return [f.photo, f.painting, f.narration, f.sidecar]


def test_only_the_old_rounds_go_with_everything_made_from_them(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    world = World(fake_openai, tmp_path)
    old = world.round(0, "Stará scéna s modrým hrnkem.", (200, 30, 30), days_ago=40)
    recent = world.round(90, "Nová scéna se zelenou lampou.", (30, 200, 30), days_ago=10)
    today = world.round(180, "Dnešní scéna s žlutou židlí.", (30, 30, 200))
    old_thumbnails = [p for r in (old,) for p in thumbnails_of(world.thumbnails, r)]
    assert len(old_thumbnails) == 2 and len(world.cache) == 3
    cached_before = set(os.listdir(world.cache.folder))

    cleanup = retention.remove_expired(
        world.folder, 30, cache=RoundCache(world.cache.folder), thumbnails=world.thumbnails
    )

    assert cleanup.deleted == [old.stem] and cleanup.failed == []
    assert not [p for p in files_of(old) if p.exists()]
    assert not [p for p in old_thumbnails if p.exists()]
    for kept in (recent, today):
        assert all(p.exists() for p in files_of(kept))
        assert len(thumbnails_of(world.thumbnails, kept)) == 2
    assert [e.stem for e in gallery.scan(world.folder)] == [today.stem, recent.stem]
    # The cache forgot the old round (its painting file too) and kept the others'.
    assert len(world.cache) == 2
    assert len(cached_before - set(os.listdir(world.cache.folder))) == 1
    assert retention.remove_expired(world.folder, 30).deleted == []  # nothing more is old


def test_the_cache_never_answers_from_a_deleted_round(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    world = World(fake_openai, tmp_path)
    old = world.round(0, "Stará scéna s modrým hrnkem.", (200, 30, 30), days_ago=40)
    again = world.pipeline.run(world.pipeline.capture(scene_frame(shift=0)))
    assert again.cache.get("capture") == "exact"  # before: the same photo is answered from it
    retention.remove_expired(world.folder, 30, cache=world.cache, thumbnails=world.thumbnails)
    assert not old.files.sidecar.exists()

    fake_openai.forget()
    fake_openai.description = "Úplně nový popis."
    third = world.pipeline.run(world.pipeline.capture(scene_frame(shift=0)))

    assert third.cache == {}
    assert third.description == "Úplně nový popis."
    assert len(fake_openai.requests_to("chat")) == 1


def test_nothing_is_deleted_when_kept_for_ever_or_being_shown(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    world = World(fake_openai, tmp_path)
    old = world.round(0, "Stará scéna.", (200, 30, 30), days_ago=400)
    assert retention.remove_expired(world.folder, 0).deleted == []  # 0: keep for ever
    shown = retention.remove_expired(world.folder, 1, keep={old.stem})
    assert shown.deleted == [] and all(p.exists() for p in files_of(old))


def test_gallery_delete_also_forgets_the_cache_entries_and_thumbnails(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    world = World(fake_openai, tmp_path)
    record = world.round(0, "Scéna ke smazání.", (200, 30, 30))
    made = thumbnails_of(world.thumbnails, record)
    [entry] = gallery.scan(world.folder)

    gallery.delete_round(entry, world.thumbnails, world.cache)

    assert not [p for p in [*files_of(record), *made] if p.exists()]
    assert len(world.cache) == 0
    assert not [n for n in os.listdir(world.cache.folder) if n.endswith(".png")]
