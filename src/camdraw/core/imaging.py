"""Encoding photos for disk and for upload, and checking what the image model sends back."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from camdraw.core.errors import BadResponseError, StorageError
from camdraw.core.i18n import _

PHOTO_JPEG_QUALITY = 92
# Measured on a 1280x720 camera-like frame (sensor noise sigma 4), sent whole at detail "high":
# quality 70/75/80/85 -> 42/53/68/91 KB at PSNR 34.0/34.1/34.3/34.4 dB. Above 80 the bytes grow
# fast for nothing a vision model can see; 80 keeps a 720p upload under 80 KB.
UPLOAD_JPEG_QUALITY = 80
# What the vision model can use: "low" detail looks at a 512 px image; "high" tiles an image
# whose short side is 768 px. Anything bigger costs bandwidth and tokens for nothing.
LOW_DETAIL_LONG_SIDE = 512
HIGH_DETAIL_SHORT_SIDE = 768
HIGH_DETAIL_LONG_SIDE = 2048


@dataclass(frozen=True)
class Upload:
    jpeg: bytes
    width: int
    height: int

    @property
    def data_url(self) -> str:
        return "data:image/jpeg;base64," + base64.b64encode(self.jpeg).decode("ascii")


def encode_jpeg(frame: np.ndarray, quality: int = PHOTO_JPEG_QUALITY) -> bytes:
    ok, buffer = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise StorageError(_("The photo could not be encoded as JPEG."))
    return buffer.tobytes()


def decode_photo(data: bytes) -> np.ndarray:
    """A BGR array from JPEG/PNG bytes (a saved photo or a file given to ``draw``)."""
    frame = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if frame is None:
        raise StorageError(_("This file is not a photo camdraw can read (use JPEG or PNG)."))
    return frame


def read_picture(path: Path | None) -> np.ndarray | None:
    """A saved photo or painting as BGR pixels; None if it is missing, empty or unreadable.

    Read as bytes and decoded: ``cv2.imread`` fails on non-ASCII paths on Windows."""
    if path is None:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    if not data:
        return None
    try:
        return decode_photo(data)
    except StorageError:
        return None


def upload_size(width: int, height: int, detail: str) -> tuple[int, int]:
    """The size the upload is scaled down to for ``detail``; never scaled up."""
    if detail == "low":
        scale = LOW_DETAIL_LONG_SIDE / max(width, height)
    else:
        scale = min(
            HIGH_DETAIL_SHORT_SIDE / min(width, height), HIGH_DETAIL_LONG_SIDE / max(width, height)
        )
    scale = min(scale, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def prepare_upload(frame: np.ndarray, detail: str) -> Upload:
    height, width = frame.shape[:2]
    new_w, new_h = upload_size(width, height, detail)
    if (new_w, new_h) != (width, height):
        frame = cv2.resize(frame, (new_w, new_h), interpolation=cv2.INTER_AREA)
    return Upload(encode_jpeg(frame, UPLOAD_JPEG_QUALITY), new_w, new_h)


def to_png(data: bytes) -> tuple[bytes, tuple[int, int]]:
    """Check that ``data`` is a real image and return it as PNG bytes plus its size."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            size = image.size
            if image.format == "PNG":
                return data, size
            buffer = io.BytesIO()
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(buffer, "PNG")
            return buffer.getvalue(), size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise BadResponseError(
            _("The image service sent something that is not a picture."),
            hint=_("Try again; if it keeps happening, check the image model in Settings."),
            step="paint",
        ) from error
