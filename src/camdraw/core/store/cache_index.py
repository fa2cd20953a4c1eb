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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, Final, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict  # pydantic reads typing's only from Python 3.12

from camdraw.core.disk import read_limited
from camdraw.core.errors import StorageError
from camdraw.core.store.cache_keys import DHASH_SIZE

log = logging.getLogger(__name__)

INDEX_FORMAT: Final = "camdraw-cache"
INDEX_VERSION: Final = 1
INDEX_NAME = "index.json"
MAX_INDEX_BYTES = 64 * 1024 * 1024  # entries are ~200 bytes; a larger file is not ours
PNG_NAME = re.compile(r"[0-9a-f]{64}\.png")  # a painting file: the sha256 of its content
_DHASH_HEX = f"^[0-9a-f]{{{DHASH_SIZE * DHASH_SIZE // 4}}}$"

Seconds = Annotated[float, Field(ge=0, allow_inf_nan=False)]  # a clock reading


class _Entry(BaseModel):
    # strict: a number is no string, a bool no number; keys a newer index adds are ignored.
    model_config = ConfigDict(frozen=True, strict=True, extra="ignore")


class Capture(_Entry):
    """An upload that was seen: its description and the painting key it led to."""

    jpeg_sha256: str
    describe_key: str
    dhash: Annotated[str, Field(pattern=_DHASH_HEX)] | None
    description: str
    paint_key: str
    source: str
    last_used: Seconds

    @property
    def key(self) -> str:
        return f"{self.jpeg_sha256}:{self.describe_key}"


class Painting(_Entry):
    """A stored painting file, named by the sha256 of its content."""

    file: Annotated[str, Field(pattern=f"^{PNG_NAME.pattern}$")]  # never a path elsewhere
    bytes: Annotated[int, Field(ge=0)]
    source: str
    last_used: Seconds


@with_config(ConfigDict(strict=True))
class _Index(TypedDict):
    """The file around the entries; the entries are read one by one (``_entries``)."""

    format: Literal[INDEX_FORMAT]
    version: Literal[INDEX_VERSION]
    paintings: dict[str, Any]
    captures: list[Any]


_INDEX = TypeAdapter(_Index)
_Kind = TypeVar("_Kind", Capture, Painting)


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
        raw = read_limited(index, MAX_INDEX_BYTES)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, StorageError, UnicodeDecodeError, ValueError, RecursionError) as error:
        # RecursionError: JSON nested thousands deep. Starting empty rewrites the index, so
        # the next start does not meet it again.
        log.warning(
            "Round cache: cannot read %s, starting empty: %s", index, str(error) or type(error)
        )
        return {}, {}, 0
    try:
        body = _INDEX.validate_python(data)
    except (ValidationError, RecursionError):
        log.warning("Round cache: %s is not a camdraw cache index, starting empty", index)
        return {}, {}, 0
    paintings = dict(_entries(body["paintings"].items(), Painting))
    captures = {c.key: c for _, c in _entries(enumerate(body["captures"]), Capture)}
    return captures, paintings, len(raw)


def serialise(captures: dict[str, Capture], paintings: dict[str, Painting]) -> bytes:
    """The index file's bytes for these entries."""
    body = {
        "format": INDEX_FORMAT,
        "version": INDEX_VERSION,
        "paintings": {k: p.model_dump() for k, p in paintings.items()},
        "captures": [c.model_dump() for c in captures.values()],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _entries(items: Iterable[tuple[Any, Any]], kind: type[_Kind]) -> Iterator[tuple[str, _Kind]]:
    """Well-formed entries of the index; damaged ones are skipped with one warning."""
    bad = 0
    for key, raw in items:
        try:
            entry = kind.model_validate(raw)
        except ValidationError:
            bad += 1
            continue
        yield str(key), entry
    if bad:
        log.warning("Round cache: skipped %d damaged %s entries", bad, kind.__name__)
