"""Rounds kept only as long as wanted: with ``keep_days`` set, older rounds are deleted.

A round goes whole: photo, painting, narration, record, the thumbnails of its pictures and
what the round cache learnt from it (``gallery.delete_round``). Its age is the time it was
taken (the record's, else the record file's). A round being shown or run (``keep``) stays
whatever its age. The window runs this at start and once a day, ``draw`` at its start; the
photobooth deletes each visitor's round with ``delete_rounds``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from camdraw.core.errors import StorageError
from camdraw.core.store import gallery
from camdraw.core.store.cache import RoundCache
from camdraw.core.store.gallery import GalleryEntry
from camdraw.core.store.thumbnails import ThumbnailCache

log = logging.getLogger(__name__)

DAY_S = 24 * 60 * 60


@dataclass
class Cleanup:
    """What a clean-up did: the rounds deleted, and those that could not be (with why)."""

    deleted: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def expired(
    folder: Path, keep_days: int, *, keep: Collection[str] = (), now: float | None = None
) -> list[GalleryEntry]:
    """The rounds in ``folder`` taken more than ``keep_days`` days ago, except those in
    ``keep`` (stems); none when ``keep_days`` is 0 (keep for ever)."""
    if keep_days <= 0:
        return []
    cutoff = (time.time() if now is None else now) - keep_days * DAY_S
    return [e for e in gallery.scan(folder) if e.timestamp < cutoff and e.stem not in keep]


def delete_rounds(
    entries: Iterable[GalleryEntry],
    *,
    cache: RoundCache | None = None,
    thumbnails: ThumbnailCache | None = None,
) -> Cleanup:
    """Delete ``entries`` with everything made from them; one that cannot be deleted (a file
    held open) is reported and left for the next clean-up."""
    cache = cache if cache is not None else RoundCache()
    thumbnails = thumbnails if thumbnails is not None else ThumbnailCache()
    result = Cleanup()
    for entry in entries:
        try:
            gallery.delete_round(entry, thumbnails, cache)
        except StorageError as error:
            result.failed.append((entry.stem, str(error)))
            continue
        result.deleted.append(entry.stem)
    if result.deleted or result.failed:
        # Counts only: the rounds' names and words are what is being removed.
        log.info("retention: %d round(s) deleted, %d left", len(result.deleted), len(result.failed))
    return result


def remove_expired(
    folder: Path,
    keep_days: int,
    *,
    keep: Collection[str] = (),
    cache: RoundCache | None = None,
    thumbnails: ThumbnailCache | None = None,
    now: float | None = None,
) -> Cleanup:
    """Delete the rounds in ``folder`` older than ``keep_days`` days (see ``expired``)."""
    old = expired(folder, keep_days, keep=keep, now=now)
    return delete_rounds(old, cache=cache, thumbnails=thumbnails) if old else Cleanup()
