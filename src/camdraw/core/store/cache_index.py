"""The round cache's index file: its entries, and reading, checking and writing them.

``<cache>/rounds/index.json``::

    {"format": "camdraw-cache", "version": 1,
     "paintings": {<paint key>: {"file", "bytes", "source", "last_used"}},
     "captures": [{"jpeg_sha256", "describe_key", "dhash", "description",
                   "paint_key", "source", "last_used"}, ...]}

A file that is not such an index reads as empty; a damaged entry is skipped; both are logged,
never raised: the cache is an optimisation.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from camdraw.core.store.cache_keys import DHASH_SIZE

log = logging.getLogger(__name__)

INDEX_FORMAT = "camdraw-cache"
INDEX_VERSION = 1
INDEX_NAME = "index.json"
PNG_NAME = re.compile(r"[0-9a-f]{64}\.png")  # a painting file: the sha256 of its content
_DHASH_HEX = re.compile(f"[0-9a-f]{{{DHASH_SIZE * DHASH_SIZE // 4}}}")


@dataclass(frozen=True)
class Capture:
    """An upload that was seen: its description and the painting key it led to."""

    jpeg_sha256: str
    describe_key: str
    dhash: str | None
    description: str
    paint_key: str
    source: str
    last_used: float

    @property
    def key(self) -> str:
        return f"{self.jpeg_sha256}:{self.describe_key}"


@dataclass(frozen=True)
class Painting:
    """A stored painting file, named by the sha256 of its content."""

    file: str
    bytes: int
    source: str
    last_used: float


def signature(index: Path) -> object:
    """What changes when any process rewrites the index; None when there is none."""
    try:
        info = os.stat(index)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def read_index(index: Path) -> tuple[dict[str, Capture], dict[str, Painting], int]:
    """Captures by key, paintings by paint key, and the file's size; empty when unreadable."""
    try:
        raw = index.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        log.warning("Round cache: cannot read %s, starting empty: %s", index, error)
        return {}, {}, 0
    if (
        not isinstance(data, dict)
        or data.get("format") != INDEX_FORMAT
        or data.get("version") != INDEX_VERSION
        or not isinstance(data.get("paintings"), dict)
        or not isinstance(data.get("captures"), list)
    ):
        log.warning("Round cache: %s is not a camdraw cache index, starting empty", index)
        return {}, {}, 0
    paintings = dict(_parse(data["paintings"], Painting))
    captures = {c.key: c for _, c in _parse(data["captures"], Capture)}
    return captures, paintings, len(raw)


def serialise(captures: dict[str, Capture], paintings: dict[str, Painting]) -> bytes:
    """The index file's bytes for these entries."""
    body = {
        "format": INDEX_FORMAT,
        "version": INDEX_VERSION,
        "paintings": {k: asdict(p) for k, p in paintings.items()},
        "captures": [asdict(c) for c in captures.values()],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _parse(entries: Any, kind: type) -> Iterable[tuple[str, Any]]:
    """Well-formed entries of the index; damaged ones are skipped with one warning."""
    items = entries.items() if isinstance(entries, dict) else enumerate(entries)
    fields = kind.__dataclass_fields__
    bad = 0
    for key, raw in items:
        try:
            values = {name: raw[name] for name in fields}
            entry = kind(**values)
            _check(entry)
        except (KeyError, TypeError, ValueError):
            bad += 1
            continue
        yield str(key), entry
    if bad:
        log.warning("Round cache: skipped %d damaged %s entries", bad, kind.__name__)


def _check(entry: Capture | Painting) -> None:
    fields = asdict(entry)
    numbers = [fields.pop("last_used"), fields.pop("bytes", 0)]
    dhash = fields.pop("dhash", None)
    ok = (
        all(isinstance(v, str) for v in fields.values())
        and all(isinstance(n, (int, float)) and not isinstance(n, bool) and n >= 0 for n in numbers)
        and (dhash is None or (isinstance(dhash, str) and bool(_DHASH_HEX.fullmatch(dhash))))
        and (isinstance(entry, Capture) or bool(PNG_NAME.fullmatch(entry.file)))
    )
    if not ok:
        raise ValueError("bad cache entry")
