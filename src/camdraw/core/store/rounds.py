"""Round files on disk: the names a round owns and its JSON sidecar.

A round named ``2026-11-22_14-03-07`` owns ``<stem>_photo.jpg``, ``<stem>_painting.png``,
``<stem>_description.wav`` (optional) and ``<stem>.json``. Every write goes through
:mod:`camdraw.core.disk`, so a crash never leaves half a file behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from camdraw.core import disk
from camdraw.core.errors import StorageError
from camdraw.core.i18n import _

SIDECAR_FORMAT = "camdraw-round"
SIDECAR_VERSION = 1
MAX_RECORD_BYTES = 4 * 1024 * 1024  # a round record is a few kB; a larger file is not read


@dataclass(frozen=True)
class RoundFiles:
    folder: Path
    stem: str

    @property
    def photo(self) -> Path:
        return self.folder / f"{self.stem}_photo.jpg"

    @property
    def painting(self) -> Path:
        return self.folder / f"{self.stem}_painting.png"

    @property
    def narration(self) -> Path:
        return self.folder / f"{self.stem}_description.wav"

    @property
    def sidecar(self) -> Path:
        return self.folder / f"{self.stem}.json"

    @classmethod
    def from_sidecar(cls, sidecar: Path) -> RoundFiles:
        return cls(sidecar.parent, sidecar.stem)


def new_round(folder: Path, now: datetime | None = None) -> RoundFiles:
    """Reserve a fresh, unique, Windows-safe stem in ``folder`` (created if needed)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(
            _("The images folder {folder} cannot be created: {reason}.").format(
                folder=folder, reason=error.strerror
            ),
            hint=_("Choose another images folder in Settings."),
        ) from error
    base = disk.safe_name((now or datetime.now()).strftime("%Y-%m-%d_%H-%M-%S"))
    stem, n = base, 1
    while any(folder.glob(f"{disk.glob_escape(stem)}[._]*")):
        n += 1
        stem = f"{base}-{n}"
    return RoundFiles(folder, stem)


def write_sidecar(files: RoundFiles, record: dict[str, Any]) -> None:
    body = {"format": SIDECAR_FORMAT, "version": SIDECAR_VERSION, **record}
    text = json.dumps(body, indent=2, ensure_ascii=False, default=str)
    disk.write_file(files.sidecar, (text + "\n").encode("utf-8"), "round record")


def read_sidecar(path: Path) -> dict[str, Any]:
    """Read a round's sidecar; foreign or damaged JSON raises StorageError, and so does a file
    that is not a regular one or larger than MAX_RECORD_BYTES (never read whole)."""
    try:
        data = json.loads(disk.read_limited(path, MAX_RECORD_BYTES).decode("utf-8"))
    except (OSError, StorageError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise StorageError(
            _("The round record {name} cannot be read.").format(name=path.name)
        ) from error
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
        raise StorageError(_("{name} is not a camdraw round record.").format(name=path.name))
    return data
