"""The gallery's view of the images folder: scanning, tolerance, deleting, thumbnails."""

from __future__ import annotations

import json
import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from camdraw.core import paths
from camdraw.core.errors import StorageError
from camdraw.core.store import gallery
from camdraw.core.store.rounds import RoundFiles
from camdraw.core.store.thumbnails import ThumbnailCache, make_thumbnail
from tests.media import png_bytes
from tests.rounds import make_rounds, tiny_jpeg

# -- scanning ------------------------------------------------------------------------------------


def test_scan_lists_every_round_newest_first(tmp_path: Path) -> None:
    made = make_rounds(tmp_path, 1000, failed_every=10)

    entries = gallery.scan(tmp_path)

    assert [e.stem for e in entries] == [f.stem for f in reversed(made)]
    newest = entries[0]
    assert newest.description.startswith("Round 999:")
    assert newest.style == "watercolour"
    assert newest.status == "done"
    assert newest.photo == made[-1].photo
    assert newest.painting == made[-1].painting
    assert newest.picture == made[-1].painting
    failed = [e for e in entries if e.failed]
    assert len(failed) == 100
    assert failed[0].failed_steps == ("paint",)
    assert failed[0].painting is None
    assert failed[0].picture == failed[0].photo
    assert failed[0].errors == (("paint", "The image service did not answer."),)


def test_scan_batches_come_newest_first_and_cover_everything(tmp_path: Path) -> None:
    made = make_rounds(tmp_path, 250)

    batches = list(gallery.scan_batches(tmp_path, batch_size=100))

    assert [len(b) for b in batches] == [100, 100, 50]
    assert [e.stem for b in batches for e in b] == [f.stem for f in reversed(made)]
    assert len(gallery.candidates(tmp_path)[0]) == 250


def test_scan_of_a_missing_or_empty_folder_is_empty(tmp_path: Path) -> None:
    assert gallery.scan(tmp_path / "nowhere") == []
    assert gallery.scan(tmp_path) == []
    assert len(gallery.candidates(tmp_path / "nowhere")[0]) == 0


def test_scan_tolerates_what_else_the_folder_holds(tmp_path: Path) -> None:
    good, truncated, no_pictures, typed, bad_utf8, sixth = make_rounds(tmp_path, 6)
    # A record cut off mid-write, next to its photo: listed as damaged.
    text = truncated.sidecar.read_text(encoding="utf-8")
    truncated.sidecar.write_text(text[: len(text) // 2], encoding="utf-8")
    # A record whose photo and painting were moved away: still listed, without pictures.
    no_pictures.photo.unlink()
    no_pictures.painting.unlink()
    # Hand-edited: wrong types everywhere.
    body = json.loads(typed.sidecar.read_text(encoding="utf-8"))
    body.update(
        description=42,
        style=["comic"],
        created=17,
        steps=["done"],
        notes="not a list",
        errors={"paint": 3},
        offline="yes",
        likeness=1,
    )
    typed.sidecar.write_text(json.dumps(body), encoding="utf-8")
    # Another encoding, and no pictures: nothing to show, so skipped.
    bad_utf8.sidecar.write_bytes(b'{"format": "camdraw-round", "description": "\xe9\xe8"}')
    bad_utf8.photo.unlink()
    bad_utf8.painting.unlink()
    # Foreign files: other JSON, a JSON list, a temporary file of an atomic write, a folder,
    # a broken JSON with no pictures, an empty file, a huge file.
    (tmp_path / "package.json").write_text('{"name": "x"}', encoding="utf-8")
    (tmp_path / "list.json").write_text("[1, 2, 3]", encoding="utf-8")
    (tmp_path / f".{good.sidecar.name}.abc123.tmp").write_text("{", encoding="utf-8")
    (tmp_path / ".hidden.json").write_text("{", encoding="utf-8")
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "broken.json").write_text('{"format": "camdraw-r', encoding="utf-8")
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")

    entries = {e.stem: e for e in gallery.scan(tmp_path)}

    assert set(entries) == {good.stem, truncated.stem, no_pictures.stem, typed.stem, sixth.stem}
    assert bad_utf8.stem not in entries
    assert not {"package", "list", "folder", "broken", "empty", "deep"} & set(entries)
    assert entries[good.stem].status == "done"
    damaged = entries[truncated.stem]
    assert damaged.damaged and damaged.photo == truncated.photo and damaged.description == ""
    assert entries[no_pictures.stem].photo is None
    assert entries[no_pictures.stem].picture is None
    assert entries[no_pictures.stem].description.startswith("Round 2:")
    odd = entries[typed.stem]
    assert (odd.description, odd.style, odd.created) == ("", "", "")
    assert odd.notes == () and odd.errors == () and not odd.offline and not odd.likeness
    assert odd.status == "incomplete"  # steps unreadable: nothing is known to be done


def test_scan_reads_the_new_fields_and_an_interrupted_step(tmp_path: Path) -> None:
    (files,) = make_rounds(tmp_path, 1)
    body = json.loads(files.sidecar.read_text(encoding="utf-8"))
    body["steps"]["paint"] = "running"  # the app died while painting
    body.update(offline=True, likeness=True, paint_mode="offline", notes=["Reused", 5])
    files.sidecar.write_text(json.dumps(body), encoding="utf-8")

    (entry,) = gallery.scan(tmp_path)

    assert entry.failed and entry.failed_steps == ("paint",)
    assert entry.offline and entry.likeness and entry.paint_mode == "offline"
    assert entry.notes == ("Reused",)


def test_rounds_without_a_readable_date_sort_by_file_time(tmp_path: Path) -> None:
    old, new = make_rounds(tmp_path, 2)
    for files, stamp in ((old, 2_000_000_000), (new, 1_000_000_000)):
        body = json.loads(files.sidecar.read_text(encoding="utf-8"))
        body["created"] = "yesterday"
        files.sidecar.write_text(json.dumps(body), encoding="utf-8")
        os.utime(files.sidecar, (stamp, stamp))

    assert [e.stem for e in gallery.scan(tmp_path)] == [old.stem, new.stem]


# -- deleting ------------------------------------------------------------------------------------


def test_delete_removes_every_file_of_the_round_and_its_thumbnails(tmp_path: Path) -> None:
    images = tmp_path / "images"
    first, second = make_rounds(images, 2)
    first.narration.write_bytes(b"RIFF")
    # A round whose stem starts with the first one's must survive.
    neighbour = RoundFiles(images, f"{first.stem}-2")
    neighbour.photo.write_bytes(tiny_jpeg())
    cache = ThumbnailCache(tmp_path / "thumbs")
    entry = next(e for e in gallery.scan(images) if e.stem == first.stem)
    assert cache.get(first.photo) and cache.get(first.painting) and cache.get(second.photo)

    removed = gallery.delete_round(entry, cache)

    assert set(removed) == {first.photo, first.painting, first.narration, first.sidecar}
    assert sorted(p.name for p in images.iterdir()) == sorted(
        [second.photo.name, second.painting.name, second.sidecar.name, neighbour.photo.name]
    )
    remaining = [p for p in (tmp_path / "thumbs").rglob("*.jpg")]
    assert remaining == [cache.path_for(second.photo)]
    assert [e.stem for e in gallery.scan(images)] == [second.stem]


def test_delete_of_a_round_already_gone_is_quiet(tmp_path: Path) -> None:
    make_rounds(tmp_path, 1)
    (entry,) = gallery.scan(tmp_path)
    for path in tmp_path.iterdir():
        path.unlink()

    assert gallery.delete_round(entry) == []


def test_delete_that_fails_keeps_the_record_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (files,) = make_rounds(tmp_path, 1)
    (entry,) = gallery.scan(tmp_path)
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == files.painting:
            raise PermissionError(13, "Permission denied")
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)

    with pytest.raises(StorageError, match="could not be deleted: Permission denied"):
        gallery.delete_round(entry)
    assert files.sidecar.exists() and files.painting.exists()
    assert not files.photo.exists()


# -- thumbnails ----------------------------------------------------------------------------------


def test_thumbnails_are_made_once_and_found_again(tmp_path: Path) -> None:
    big = tiny_jpeg(1600, 1200)
    make_rounds(tmp_path / "images", 30, photo=big, painting=png_bytes(1024, 1024))
    entries = gallery.scan(tmp_path / "images")

    first = ThumbnailCache(tmp_path / "thumbs")
    made = [first.get(e.picture) for e in entries if e.picture]
    second = ThumbnailCache(tmp_path / "thumbs")
    found = [second.get(e.picture) for e in entries if e.picture]

    assert first.made == 30 and second.made == 0
    assert made == found and all(made)
    image = cv2.imread(str(made[0]))
    assert max(image.shape[:2]) == first.size


def test_a_changed_picture_gets_a_new_thumbnail_and_the_old_one_goes(tmp_path: Path) -> None:
    picture = tmp_path / "p.png"
    picture.write_bytes(png_bytes(300, 200))
    cache = ThumbnailCache(tmp_path / "thumbs")
    old = cache.get(picture)
    picture.write_bytes(png_bytes(400, 100, color=(0, 255, 0)))
    os.utime(picture, ns=(1, 1))

    new = cache.get(picture)

    assert old and new and old != new
    assert not old.exists() and new.exists()
    assert cv2.imread(str(new)).shape[:2] == (64, 256)
    assert cache.made == 2


def test_the_default_cache_lives_under_camdraw_home(camdraw_home: Path, tmp_path: Path) -> None:
    picture = tmp_path / "p.jpg"
    picture.write_bytes(tiny_jpeg())

    thumbnail = ThumbnailCache().get(picture)

    assert thumbnail is not None
    assert thumbnail.is_relative_to(paths.cache_dir())
    assert paths.cache_dir().is_relative_to(camdraw_home)


def test_unreadable_or_missing_pictures_have_no_thumbnail(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path / "thumbs")
    broken = tmp_path / "broken.png"
    broken.write_bytes(png_bytes()[:40])
    text = tmp_path / "text.jpg"
    text.write_text("not a picture", encoding="utf-8")

    assert cache.get(broken) is None
    assert cache.get(text) is None
    assert cache.get(tmp_path / "missing.jpg") is None
    assert cache.made == 0
    assert make_thumbnail(b"") is None


def test_small_pictures_are_not_enlarged(tmp_path: Path) -> None:
    data = make_thumbnail(png_bytes(40, 20))
    assert data is not None
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape[:2] == (20, 40)


def test_thumbnail_of_a_non_ascii_path(tmp_path: Path) -> None:
    folder = tmp_path / "obrázky žluťoučký"
    folder.mkdir()
    picture = folder / "kůň.jpg"
    picture.write_bytes(tiny_jpeg(800, 600))

    thumbnail = ThumbnailCache(tmp_path / "thumbs").get(picture)

    assert thumbnail is not None and cv2.imread(str(thumbnail)).shape[:2] == (192, 256)
