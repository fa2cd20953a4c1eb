"""The rounds on disk a running round reads or writes (the gallery must not delete them), and
telling two spellings of the same file apart from two files."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


class RoundsInUse:
    """The sidecars of the rounds the running round uses (two spellings of one file match)."""

    def __init__(self) -> None:
        self._sidecars: set[Path] = set()

    def reset(self, sidecar: Path | None = None) -> None:
        """A round starts on ``sidecar`` (None: a new photo, whose round is not on disk yet),
        or ends (None)."""
        self._sidecars = {sidecar} if sidecar is not None else set()

    def add(self, sidecar: Path) -> None:
        self._sidecars.add(sidecar)

    def __contains__(self, sidecar: object) -> bool:
        wanted = same_path_key(Path(str(sidecar)))
        return any(same_path_key(path) == wanted for path in self._sidecars)


def same_path_key(path: Path) -> str:
    """``path`` as a key to compare two spellings of the same file by."""
    with contextlib.suppress(OSError):
        path = path.resolve()
    return os.path.normcase(str(path))
