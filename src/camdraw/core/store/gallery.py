"""Past rounds read back from the images folder, for the history gallery.

The folder is the user's: besides camdraw's sidecars it may hold other JSON files, the
temporary files of an interrupted atomic write, records from a crash (truncated), records
edited by hand (wrong types, another encoding), and rounds whose photo or painting was moved
away. None of that raises here: a foreign file is skipped, a broken record next to a picture
is listed as damaged (so it can be seen and deleted), a missing picture is simply absent.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from camdraw.core import disk
from camdraw.core.errors import StorageError
from camdraw.core.i18n import _
from camdraw.core.store.cache import RoundCache
from camdraw.core.store.record import Exchange, RoundRecord
from camdraw.core.store.rounds import SIDECAR_FORMAT, RoundFiles
from camdraw.core.store.thumbnails import ThumbnailCache

DAMAGED = "damaged"  # the status of a round whose record cannot be read
BATCH_SIZE = 100
MAX_SIDECAR_BYTES = 4 * 1024 * 1024  # a round record is a few kB; bigger is not ours


@dataclass(frozen=True)
class GalleryEntry:
    """What the gallery shows of one round."""

    stem: str
    sidecar: Path
    created: str  # ISO date and time as recorded ("" if unknown)
    timestamp: float  # seconds since the epoch, for sorting (the record's mtime if unknown)
    status: str  # "done", "failed", "blocked", "incomplete" or DAMAGED
    description: str = ""
    style: str = ""  # the style's id as recorded (a custom style's name)
    language: str = ""
    photo: Path | None = None  # None when the file is not there
    painting: Path | None = None
    narration: Path | None = None
    failed_steps: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    errors: tuple[tuple[str, str], ...] = ()  # (step, message), in step order
    offline: bool = False
    likeness: bool = False
    paint_mode: str = ""
    conversation: tuple[Exchange, ...] = ()  # the questions asked about the photo, answered

    @property
    def files(self) -> RoundFiles:
        return RoundFiles.from_sidecar(self.sidecar)

    @property
    def damaged(self) -> bool:
        return self.status == DAMAGED

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def picture(self) -> Path | None:
        """The picture that stands for the round: its painting, else its photo."""
        return self.painting or self.photo


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _timestamp(created: str, fallback: float) -> float:
    try:
        return datetime.fromisoformat(created).timestamp()
    except (ValueError, OverflowError, OSError):
        return fallback


def candidates(folder: Path) -> tuple[list[tuple[Path, float]], set[str]]:
    """The folder's ``*.json`` files (with mtimes), newest name first, and all its file names:
    one pass over the folder, which ``scan_batches`` can be handed (``listed``)."""
    sidecars: list[tuple[Path, float]] = []
    names: set[str] = set()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return [], set()
    for entry in entries:
        name = entry.name
        names.add(name)
        # ".<name>.<random>.tmp" files are atomic writes in progress or left by a crash.
        if name.startswith(".") or not name.lower().endswith(".json"):
            continue
        try:
            if not entry.is_file():
                continue
            stat = entry.stat()
        except OSError:
            continue
        if stat.st_size > MAX_SIDECAR_BYTES:
            continue
        sidecars.append((Path(entry.path), stat.st_mtime))
    # Stems are dates, so this is close to the final order: batches arrive newest first.
    sidecars.sort(key=lambda item: item[0].name, reverse=True)
    return sidecars, names


def _present(path: Path, names: set[str]) -> Path | None:
    return path if path.name in names else None


def read_entry(sidecar: Path, mtime: float, names: set[str]) -> GalleryEntry | None:
    """One round from its sidecar; None for a file that is not a camdraw round."""
    files = RoundFiles.from_sidecar(sidecar)
    photo = _present(files.photo, names)
    painting = _present(files.painting, names)
    narration = _present(files.narration, names)
    try:
        data = json.loads(disk.read_limited(sidecar, MAX_SIDECAR_BYTES).decode("utf-8"))
    except (OSError, StorageError, UnicodeDecodeError, ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
        if data is None and (photo or painting):
            return GalleryEntry(
                files.stem, sidecar, "", mtime, DAMAGED, photo=photo, painting=painting
            )
        return None  # another program's JSON, or a broken record with nothing to show

    record = RoundRecord.from_data(files, data)
    created = _text(data.get("created"))  # not the record's default (now): the file's time
    return GalleryEntry(
        stem=files.stem,
        sidecar=sidecar,
        created=created,
        timestamp=_timestamp(created, mtime),
        status=record.status,
        description=record.description,
        style=record.style,
        language=_text(data.get("language")),
        photo=photo,
        painting=painting,
        narration=narration,
        failed_steps=tuple(record.failed_steps()),
        notes=tuple(record.notes),
        errors=tuple(record.errors.items()),
        offline=record.offline,
        likeness=record.likeness,
        paint_mode=record.paint_mode,
        conversation=tuple(record.conversation),
    )


def sort_key(entry: GalleryEntry) -> tuple[float, str]:
    """Sorting by this, reversed, puts the newest round first."""
    return entry.timestamp, entry.stem


def scan_batches(
    folder: Path,
    batch_size: int = BATCH_SIZE,
    *,
    listed: tuple[list[tuple[Path, float]], set[str]] | None = None,
) -> Iterator[list[GalleryEntry]]:
    """The rounds in ``folder`` in batches, roughly newest first (each batch sorted);
    ``listed``: what ``candidates(folder)`` already found."""
    sidecars, names = listed if listed is not None else candidates(folder)
    batch: list[GalleryEntry] = []
    for sidecar, mtime in sidecars:
        entry = read_entry(sidecar, mtime, names)
        if entry is None:
            continue
        batch.append(entry)
        if len(batch) >= batch_size:
            yield sorted(batch, key=sort_key, reverse=True)
            batch = []
    if batch:
        yield sorted(batch, key=sort_key, reverse=True)


def scan(folder: Path) -> list[GalleryEntry]:
    """Every round in ``folder``, newest first. Never raises for what the folder holds."""
    entries = [entry for batch in scan_batches(folder) for entry in batch]
    entries.sort(key=sort_key, reverse=True)
    return entries


def delete_round(
    entry: GalleryEntry,
    thumbnails: ThumbnailCache | None = None,
    cache: RoundCache | None = None,
) -> list[Path]:
    """Remove the round's photo, painting, narration and sidecar (last), their thumbnails, and
    what the round cache learnt from it (so no later round is answered from a deleted one).

    Returns the files removed. Files already gone are fine; one that cannot be removed raises
    StorageError after the others were tried, and the sidecar is then kept so the round still
    shows and the delete can be tried again.
    """
    files = entry.files
    removed: list[Path] = []
    failures: list[tuple[Path, OSError]] = []
    for path in (files.photo, files.painting, files.narration):
        if thumbnails is not None:
            thumbnails.remove(path)
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
        except OSError as error:
            failures.append((path, error))
    if not failures:
        try:
            files.sidecar.unlink()
            removed.append(files.sidecar)
        except FileNotFoundError:
            pass
        except OSError as error:
            failures.append((files.sidecar, error))
    if cache is not None:
        cache.forget([entry.stem])
    if failures:
        path, error = failures[0]
        raise StorageError(
            _("{name} could not be deleted: {reason}.").format(
                name=path.name, reason=error.strerror or error
            ),
            hint=_(
                "Close any program that has the file open, or check that the images folder "
                "is writable, then try again."
            ),
        )
    return removed
