"""Same or similar requests cost 0 API calls: a cache of finished rounds.

Two levels, both keyed by the settings that change the result (``CacheContext``):

* **capture** — the upload JPEG that the vision model would see. An identical upload (same
  sha256) is an exact hit; otherwise the nearest upload by perceptual hash (imagehash's dhash,
  64 bits) within ``max_distance`` bits is a similar hit. A hit returns the stored description
  and painting, so the round needs neither the vision nor the image model.
* **painting** — the description text plus the image side (model, size, quality, style, paint
  mode): an identical prompt gets the stored painting without calling the image model. A
  likeness painting (the photo repainted) is found only through its capture.

On disk, in ``<cache>/rounds/``: ``index.json`` (the entries, read and written by
``cache_index``) and the paintings, each named by the sha256 of its content. The keys and the
perceptual hash are ``cache_keys``'s.

Photos are not kept, only their sha256 and dhash. The folder is capped at ``max_bytes``
(paintings + index): the least recently *used* painting goes first, with its captures. The cache
is an optimisation: a damaged index or a missing painting is a logged miss, a failed write is
logged, nothing raises into a round. Instances may share the folder (window and ``draw``
command): each re-reads the index when its mtime changed, merges its own changes in and writes
atomically. Two processes writing in the same instant can lose one entry (no cross-process
lock); that costs a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camdraw.core import disk, paths
from camdraw.core.store import cache_index
from camdraw.core.store.cache_index import INDEX_NAME, PNG_NAME, Capture, Painting
from camdraw.core.store.cache_keys import CacheContext, perceptual_hash

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
# Keeps the similar search a scan over a few thousand integers, whatever the byte cap.
MAX_CAPTURES = 5000
# A painting file nobody lists is left alone this long: another process may be storing it.
ORPHAN_AGE_S = 3600.0


@dataclass(frozen=True)
class CaptureHit:
    description: str
    painting_png: bytes
    kind: str  # "exact" or "similar"
    distance: int  # dhash bits; 0 for "exact"
    source: str  # the round that made the cached entry


class RoundCache:
    """Finished rounds by photo and by prompt; safe to call from any thread."""

    def __init__(
        self,
        folder: Path | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._folder = folder if folder is not None else paths.cache_dir() / "rounds"
        self._index = self._folder / INDEX_NAME
        self._max_bytes = max_bytes
        self._clock = clock
        self._lock = threading.Lock()
        self._captures: dict[str, Capture] = {}
        self._paintings: dict[str, Painting] = {}
        self._hashes: dict[str, int] = {}  # capture key -> dhash as an int, for the scan
        # Entries changed since this instance last wrote the index: merged into a newer one.
        self._dirty: set[str] = set()
        self._seen: object = ()  # the index file's signature when last read; () = never read
        self._index_bytes = 0
        self._swept = False

    @property
    def folder(self) -> Path:
        return self._folder

    # -- lookups --------------------------------------------------------------------------

    def find_capture(
        self, jpeg: bytes, context: CacheContext, max_distance: int | None
    ) -> CaptureHit | None:
        """The stored round for this upload (exact) or for the nearest similar one."""
        sha = hashlib.sha256(jpeg).hexdigest()
        describe_key = context.describe_key()
        with self._lock:
            self._sync()
            exact = self._captures.get(f"{sha}:{describe_key}")
            if exact is not None:
                hit = self._hit(exact, context, "exact", 0)
                if hit is not None:
                    return hit
            if max_distance is None:
                return None
        dhash = self._dhash_hex(jpeg)  # decoding outside the lock
        if dhash is None:
            return None
        wanted = int(dhash, 16)
        with self._lock:
            self._sync()
            near = sorted(
                (distance, -capture.last_used, key)
                for key, capture in self._captures.items()
                if capture.describe_key == describe_key
                and key in self._hashes
                and (distance := (self._hashes[key] ^ wanted).bit_count()) <= max_distance
            )
            for distance, _, key in near:
                capture = self._captures.get(key)  # a miss just now may have dropped it
                hit = self._hit(capture, context, "similar", distance) if capture else None
                if hit is not None:
                    return hit
        return None

    def find_painting(self, description: str, context: CacheContext) -> bytes | None:
        """The stored painting for this exact prompt (description + image settings)."""
        paint_key = context.paint_key(description)
        with self._lock:
            self._sync()
            png = self._read_painting(paint_key)
            if png is not None:
                self._touch(paint_key)
                self._save()
            return png

    def _hit(
        self, capture: Capture, context: CacheContext, kind: str, distance: int
    ) -> CaptureHit | None:
        paint_key = context.paint_key(capture.description)
        png = self._read_painting(paint_key)
        if png is None:
            return None
        self._touch(paint_key)
        self._touch(capture.key)
        self._save()
        return CaptureHit(capture.description, png, kind, distance, capture.source)

    # -- storing ----------------------------------------------------------------------------

    def store(
        self,
        jpeg: bytes,
        context: CacheContext,
        description: str,
        painting_png: bytes,
        source: str,
    ) -> None:
        """Remember a finished round at both levels. Never raises for a disk problem."""
        sha, describe_key = hashlib.sha256(jpeg).hexdigest(), context.describe_key()
        dhash = self._dhash_hex(jpeg)
        png_sha = hashlib.sha256(painting_png).hexdigest()
        paint_key = context.paint_key(description)
        with self._lock:
            self._sync()
            now = self._clock()
            painting = Painting(
                file=f"{png_sha}.png", bytes=len(painting_png), source=source, last_used=now
            )
            try:
                disk.atomic_write_bytes(self._folder / painting.file, painting_png)
            except OSError as error:
                log.warning("Round cache: cannot save a painting in %s: %s", self._folder, error)
                return
            capture = Capture(
                jpeg_sha256=sha,
                describe_key=describe_key,
                dhash=dhash,
                description=description,
                paint_key=paint_key,
                source=source,
                last_used=now,
            )
            self._put(paint_key, painting)
            self._put(capture.key, capture)
            self._save()

    def clear(self) -> None:
        """Forget everything (an empty index is written so other instances forget too)."""
        with self._lock:
            self._sync()
            files = {p.file for p in self._paintings.values()}
            self._captures.clear()
            self._paintings.clear()
            self._hashes.clear()
            self._dirty.clear()
            if self._save():
                self._delete_files(files | set(self._orphans(min_age=0.0)))

    def forget(self, sources: Iterable[str]) -> int:
        """Forget every entry the rounds ``sources`` (their stems) made, and the painting files
        nothing else lists: a deleted round's description and painting are never answered
        again. Returns how many entries went."""
        wanted = set(sources)
        if not wanted:
            return 0
        with self._lock:
            self._sync()
            files = {p.file for p in self._paintings.values()}
            captures = [k for k, c in self._captures.items() if c.source in wanted]
            paintings = [k for k, p in self._paintings.items() if p.source in wanted]
            for key in captures:
                self._drop_capture(key)
            for key in paintings:
                self._drop_painting(key)
            if not captures and not paintings:
                return 0
            if self._save():
                self._delete_files(files - {p.file for p in self._paintings.values()})
            return len(captures) + len(paintings)

    def size_bytes(self) -> int:
        """Paintings plus index, as counted against ``max_bytes``."""
        with self._lock:
            self._sync()
            return self._painting_bytes() + self._index_bytes

    def __len__(self) -> int:
        """How many captures (uploads with their round) are stored."""
        with self._lock:
            self._sync()
            return len(self._captures)

    # -- in-memory state ----------------------------------------------------------------------

    def _put(self, key: str, entry: Capture | Painting) -> None:
        self._dirty.add(key)
        if isinstance(entry, Painting):
            self._paintings[key] = entry
            return
        self._captures[key] = entry
        self._hashes.pop(key, None)
        if entry.dhash is not None:
            self._hashes[key] = int(entry.dhash, 16)

    def _touch(self, key: str) -> None:
        """Mark an entry as used now (eviction takes the least recently used first)."""
        entry = self._captures.get(key) or self._paintings[key]
        self._put(key, entry.model_copy(update={"last_used": self._clock()}))

    def _drop_painting(self, paint_key: str) -> None:
        """Forget a painting and every capture that leads to it."""
        self._paintings.pop(paint_key, None)
        self._dirty.discard(paint_key)
        for key in [k for k, c in self._captures.items() if c.paint_key == paint_key]:
            self._drop_capture(key)

    def _drop_capture(self, key: str) -> None:
        self._captures.pop(key, None)
        self._hashes.pop(key, None)
        self._dirty.discard(key)

    def _read_painting(self, paint_key: str) -> bytes | None:
        painting = self._paintings.get(paint_key)
        if painting is None:
            return None
        try:
            data = (self._folder / painting.file).read_bytes()
        except OSError as error:
            log.warning("Round cache: painting %s is gone (%s)", painting.file, error)
            data = None
        if data is not None and f"{hashlib.sha256(data).hexdigest()}.png" != painting.file:
            log.warning("Round cache: painting %s is damaged", painting.file)
            data = None
        if data is None:
            self._drop_painting(paint_key)
            self._save()
        return data

    def _over_cap(self, total_bytes: int) -> bool:
        return total_bytes > self._max_bytes or len(self._captures) > MAX_CAPTURES

    def _painting_bytes(self) -> int:
        return sum({p.file: p.bytes for p in self._paintings.values()}.values())

    def _evict(self, index_bytes: int) -> set[str]:
        """Drop least recently used paintings (at least one) until under the caps; the files
        nothing lists any more."""
        by_age = sorted(self._paintings, key=lambda k: self._paintings[k].last_used)
        total = self._painting_bytes() + index_bytes
        gone: set[str] = set()
        for n, paint_key in enumerate(by_age):
            if n and not self._over_cap(total):
                break
            painting = self._paintings[paint_key]
            # Estimate what leaves the index; the caller measures the real size afterwards.
            leaving = [c for c in self._captures.values() if c.paint_key == paint_key]
            total -= sum(len(json.dumps(c.model_dump(), ensure_ascii=False)) for c in leaving)
            total -= len(json.dumps(painting.model_dump())) + 70
            self._drop_painting(paint_key)
            if all(p.file != painting.file for p in self._paintings.values()):
                total -= painting.bytes
                gone.add(painting.file)
        return gone

    # -- the index file ---------------------------------------------------------------------

    def _sync(self) -> None:
        """Take in what other instances wrote since this one last read or wrote the index."""
        signature = cache_index.signature(self._index)
        if signature == self._seen:
            return
        self._seen = signature
        captures, paintings, size = (
            cache_index.read_index(self._index) if signature else ({}, {}, 0)
        )
        self._index_bytes = size
        for key in self._dirty:
            mine = self._captures.get(key) or self._paintings.get(key)
            table: dict[str, Any] = captures if isinstance(mine, Capture) else paintings
            theirs = table.get(key)
            if mine is not None and (theirs is None or theirs.last_used <= mine.last_used):
                table[key] = mine
        self._captures, self._paintings = captures, paintings
        self._hashes = {k: int(c.dhash, 16) for k, c in captures.items() if c.dhash is not None}

    def _save(self) -> bool:
        """Evict, then write the index atomically; False (logged) when the disk says no."""
        for key in [k for k, c in self._captures.items() if c.paint_key not in self._paintings]:
            self._drop_capture(key)  # its painting went (another instance evicted it)
        data = cache_index.serialise(self._captures, self._paintings)
        gone: set[str] = set()
        while self._paintings and self._over_cap(self._painting_bytes() + len(data)):
            gone |= self._evict(len(data))
            data = cache_index.serialise(self._captures, self._paintings)
        try:
            disk.atomic_write_bytes(self._index, data)
        except OSError as error:
            log.warning("Round cache: cannot write %s: %s", self._index, error)
            return False
        self._seen = cache_index.signature(self._index)
        self._index_bytes = len(data)
        self._dirty.clear()
        if not self._swept:
            self._swept = True
            gone |= set(self._orphans(min_age=ORPHAN_AGE_S))
        self._delete_files(gone)
        return True

    def _orphans(self, min_age: float) -> Iterable[str]:
        """Painting files the index does not list (left by a crash or a damaged index)."""
        listed = {p.file for p in self._paintings.values()}
        now = time.time()  # file times are wall-clock times, whatever clock was handed in
        try:
            entries = list(os.scandir(self._folder))
        except OSError:
            return
        for entry in entries:
            if entry.name not in listed and PNG_NAME.fullmatch(entry.name):
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime >= min_age:
                        yield entry.name

    def _delete_files(self, names: Iterable[str]) -> None:
        for name in names:
            try:
                (self._folder / name).unlink(missing_ok=True)
            except OSError as error:
                log.warning("Round cache: cannot delete %s: %s", name, error)

    # -- hashing ----------------------------------------------------------------------------

    @staticmethod
    def _dhash_hex(jpeg: bytes) -> str | None:
        try:
            return perceptual_hash(jpeg)
        except (OSError, ValueError) as error:  # not an image PIL can read: exact matches only
            log.warning("Round cache: cannot hash the upload: %s", error)
            return None
