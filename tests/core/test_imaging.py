import io

import numpy as np
import pytest
from PIL import Image

from camdraw.core import imaging
from camdraw.core.errors import BadResponseError, StorageError
from tests.media import png_bytes, scene_frame


@pytest.mark.parametrize(
    ("size", "detail", "expected"),
    [
        ((1280, 720), "low", (512, 288)),
        ((1920, 1080), "high", (1365, 768)),
        ((640, 480), "high", (640, 480)),  # never scaled up
        ((4000, 1000), "high", (2048, 512)),
    ],
)
def test_upload_size(size: tuple[int, int], detail: str, expected: tuple[int, int]) -> None:
    assert imaging.upload_size(*size, detail) == expected


def test_prepare_upload_is_a_small_jpeg_of_the_right_size() -> None:
    upload = imaging.prepare_upload(scene_frame(1280, 720), "low")
    assert upload.jpeg[:3] == b"\xff\xd8\xff"
    assert (upload.width, upload.height) == (512, 288)
    with Image.open(io.BytesIO(upload.jpeg)) as image:
        assert image.size == (512, 288)
    assert upload.data_url.startswith("data:image/jpeg;base64,/9j/")


def test_to_png_converts_jpeg_and_rejects_garbage() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (1, 2, 3)).save(buffer, "JPEG")
    png, size = imaging.to_png(buffer.getvalue())
    assert png.startswith(b"\x89PNG") and size == (30, 20)
    original = png_bytes(8, 8)
    assert imaging.to_png(original) == (original, (8, 8))
    with pytest.raises(BadResponseError, match="not a picture"):
        imaging.to_png(b"this is not an image")


def test_decode_photo_round_trip_and_bad_file() -> None:
    frame = imaging.decode_photo(imaging.encode_jpeg(scene_frame(320, 240)))
    assert frame.shape == (240, 320, 3) and frame.dtype == np.uint8
    with pytest.raises(StorageError, match="not a photo"):
        imaging.decode_photo(b"nope")


def test_exif_orientation_of_a_given_photo_is_respected() -> None:
    image = Image.new("RGB", (400, 200), (255, 0, 0))
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display", as phones write it
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    assert imaging.decode_photo(buffer.getvalue()).shape[:2] == (400, 200)
