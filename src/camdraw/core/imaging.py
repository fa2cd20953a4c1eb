"""Encoding photos for disk and for upload, and checking what the image model sends back."""

from __future__ import annotations

import base64
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from camdraw.core import disk
from camdraw.core.errors import BadResponseError, CamdrawError, StorageError
from camdraw.core.i18n import _

# What camdraw decodes at all: a picture's header is read first, and one that claims more pixels
# (a 100000x100000 PNG is a few hundred bytes and 30 GB to decode) is refused before decoding.
MAX_PIXELS = 50_000_000
# A photo file or a painting answer larger than this is refused before it is read whole.
MAX_PICTURE_BYTES = 64 * 1024 * 1024
# Pillow warns from 89 MP and refuses from 179 MP; camdraw refuses above MAX_PIXELS itself, so
# its warning would only be noise on the command line.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

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


def shrink_to(image: np.ndarray, long_side: int) -> np.ndarray:
    """``image`` with its longer side at most ``long_side`` (INTER_AREA); never enlarged."""
    height, width = image.shape[:2]
    scale = long_side / max(height, width)
    if scale >= 1.0:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def encode_jpeg(frame: np.ndarray, quality: int = PHOTO_JPEG_QUALITY) -> bytes:
    ok, buffer = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise StorageError(_("The photo could not be encoded as JPEG."))
    return buffer.tobytes()


def picture_size(data: bytes) -> tuple[int, int]:
    """Width and height from the picture's header, without decoding its pixels; StorageError
    for an empty file, one that is no picture, or one over ``MAX_PIXELS``."""
    if not data:
        raise StorageError(_("The file is empty, so there is no photo in it."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
    except Image.DecompressionBombError as error:
        raise _too_large() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _not_a_photo() from error
    if width * height > MAX_PIXELS:
        raise _too_large(width, height)
    return width, height


def _not_a_photo() -> StorageError:
    return StorageError(_("This file is not a photo camdraw can read (use JPEG or PNG)."))


def _too_large(width: int = 0, height: int = 0) -> StorageError:
    limit = _("camdraw takes pictures of up to {megapixels} megapixels.").format(
        megapixels=MAX_PIXELS // 1_000_000
    )
    if width and height:
        said = _("This picture is {width}×{height} pixels, too large to open.").format(
            width=width, height=height
        )
    else:
        said = _("This picture is too large to open.")
    return StorageError(said, hint=limit)


def decode_photo(data: bytes) -> np.ndarray:
    """A BGR array from JPEG/PNG bytes (a saved photo or a file given to ``draw``); its size is
    checked in the header first, and OpenCV's own failures become a StorageError too."""
    picture_size(data)
    try:
        frame = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    except cv2.error as error:
        raise _not_a_photo() from error
    if frame is None:
        raise _not_a_photo()
    return frame


def read_photo_file(path: Path) -> bytes:
    """A photo file's bytes: a regular file (symlinks followed) of at most MAX_PICTURE_BYTES;
    a folder, device or pipe, or a larger file, is a StorageError and is never read whole."""
    return disk.read_limited(path, MAX_PICTURE_BYTES)


def load_photo(path: Path) -> np.ndarray:
    """``read_photo_file`` then ``decode_photo``: a photo file as BGR pixels, a StorageError
    that says in words what is wrong with it, or the OSError of a file that cannot be opened."""
    return decode_photo(read_photo_file(path))


def read_picture(path: Path | None) -> np.ndarray | None:
    """A saved photo or painting as BGR pixels; None if it is missing, empty or unreadable.

    Read as bytes and decoded: ``cv2.imread`` fails on non-ASCII paths on Windows."""
    if path is None:
        return None
    try:
        return load_photo(Path(path))
    except (OSError, CamdrawError):
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
    """Check that ``data`` is a real picture of a sane size and return it as PNG bytes made
    from its decoded pixels (never the bytes as they came: anything after the picture's end is
    dropped), plus its size."""
    if len(data) > MAX_PICTURE_BYTES:
        raise painting_too_large()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            size = image.size
            if size[0] * size[1] > MAX_PIXELS:
                raise painting_too_large()
            image.load()
            buffer = io.BytesIO()
            keep = image if image.mode in ("RGB", "RGBA", "L", "LA", "P", "1") else None
            if keep is None or image.format != "PNG":
                keep = image.convert("RGBA" if "A" in image.getbands() else "RGB")
            keep.save(buffer, "PNG")
            return buffer.getvalue(), size
    except Image.DecompressionBombError as error:
        raise painting_too_large() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise BadResponseError(
            _("The image service sent something that is not a picture."),
            hint=_("Try again; if it keeps happening, check the image model in Settings."),
            step="paint",
        ) from error


def painting_too_large() -> BadResponseError:
    """The image service's answer is over MAX_PICTURE_BYTES or MAX_PIXELS: refused unread."""
    return BadResponseError(
        _("The image service sent a picture too large to use."),
        hint=_("Choose a smaller painting size in Settings, then press Retry."),
        step="paint",
    )
