"""What the round cache is keyed by: the settings that change a round, and the photo's likeness.

``CacheContext`` turns the settings into two sha256 keys (the vision side and the image side);
``perceptual_hash`` turns an upload into a 64-bit dhash whose Hamming distance to another says
how alike two photos are.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass

import imagehash
from PIL import Image

from camdraw.core import models

DHASH_SIZE = 8
# Bits (of 64) two uploads may differ in and still count as the same scene. Measured on the test
# scene: sensor noise (σ 4–15) plus a camera nudged by 1–2 px moved dhash by 0–6 bits, objects
# moved by 40 px by 8, a different scene by 37.
DEFAULT_MAX_DISTANCE = models.DEFAULT_CACHE_DISTANCE  # defaults live in core/models.py
_KEY_VERSION = 1


def perceptual_hash(jpeg: bytes) -> str:
    """imagehash's dhash (8×8, 64 bits) of an encoded image, as 16 hex digits."""
    with Image.open(io.BytesIO(jpeg)) as image:
        # dhash looks at 9×8 grey pixels: let the JPEG decoder scale down and skip colour.
        image.draft("L", (DHASH_SIZE * 8, DHASH_SIZE * 8))
        return str(imagehash.dhash(image, hash_size=DHASH_SIZE))


def hash_distance(a: str, b: str) -> int:
    """How many bits two ``perceptual_hash`` values differ in (Hamming distance)."""
    if len(a) != len(b):
        raise ValueError(f"hashes of different sizes: {a!r}, {b!r}")
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _digest(kind: str, fields: dict[str, str]) -> str:
    """sha256 of canonical JSON: the same settings give the same key on every machine."""
    value = {"key": kind, "v": _KEY_VERSION, **fields}
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CacheContext:
    """The settings that change what a round produces."""

    vision_model: str
    language: str
    describe_prompt: str  # the resolved prompt text, not a preset's name
    detail: str
    image_model: str
    image_size: str
    image_quality: str
    style: str = ""  # the style's id and words; "" none
    # "text" (from the words) or "likeness" (the photo repainted): never served for each other.
    paint_mode: str = "text"

    def describe_key(self) -> str:
        """The vision side: same key and same photo give the same description."""
        names = ("vision_model", "language", "describe_prompt", "detail")
        return _digest("describe", {name: getattr(self, name) for name in names})

    def paint_key(self, description: str) -> str:
        """The image side plus the description: same key, same painting."""
        names = ("image_model", "image_size", "image_quality", "style")
        fields = {name: getattr(self, name) for name in names}
        if self.paint_mode != "text":  # text keys stay as they were: existing caches still hit
            fields["paint_mode"] = self.paint_mode
        if self.style:
            # Styled paintings cached before the whole prompt was moderated (only the
            # description was) must not be reused: their style's words were never checked.
            fields["checked"] = "prompt"
        return _digest("paint", {**fields, "description": description})
