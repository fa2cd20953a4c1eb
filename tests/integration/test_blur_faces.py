"""Blur faces: over real HTTP, the faces are gone from what the fake server receives (the
describe upload and the likeness photo), and the photo kept on disk is the one taken."""

from __future__ import annotations

import base64
from pathlib import Path

import cv2
import numpy as np
import pytest

from camdraw.core import faces, imaging
from camdraw.core.providers.apikey import KeyStore
from camdraw.core.providers.client import ProviderCache
from camdraw.core.round.pipeline import Pipeline
from camdraw.core.settings import Settings
from tests.fake_openai import FakeOpenAI

KEY = "sk-canary-blur-5e4d3c"


def portraits() -> dict[str, np.ndarray]:
    """Real photographs: NASA's astronaut portrait (scikit-image), and it twice side by side,
    once mirrored, as a two-person picture."""
    import skimage.data

    astronaut = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
    return {"astronaut": astronaut, "pair": np.hstack([astronaut, cv2.flip(astronaut, 1)])}


def found_faces(jpeg: bytes, min_neighbours: int = 5) -> list[tuple[int, int, int, int]]:
    """Faces the detector finds, as strict as the offline demo counts them by default."""
    detector = faces.face_detector()
    assert detector is not None
    return faces.face_boxes(imaging.decode_photo(jpeg), detector, min_neighbours=min_neighbours)


def overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def assert_no_face(jpeg: bytes, taken: list[tuple[int, int, int, int]]) -> None:
    """No face at all; and even the most eager detector (any single window) finds nothing
    where a face was (it may still 'see' one in a patch of wall)."""
    assert found_faces(jpeg) == []
    eager = found_faces(jpeg, min_neighbours=1)
    assert not [box for box in eager for face in taken if overlaps(box, face)], eager


def uploaded_jpeg(server: FakeOpenAI) -> bytes:
    [request] = server.requests_to("chat")
    content = request["json"]["messages"][-1]["content"]
    [image] = [part for part in content if part.get("type") == "image_url"]
    url = image["image_url"]["url"]
    assert url.startswith("data:image/jpeg;base64,")
    return base64.b64decode(url.split(",", 1)[1])


def pipeline_for(server: FakeOpenAI, tmp_path: Path, **changes: object) -> Pipeline:
    settings = Settings(
        base_url=server.base_url, images_dir=str(tmp_path / "images"), use_cache=False
    ).replace(**changes)
    return Pipeline(settings, ProviderCache(KeyStore({"OPENAI_API_KEY": KEY})).get(settings))


@pytest.mark.parametrize("name", ["astronaut", "pair"])
def test_no_face_can_be_found_in_the_upload_and_the_saved_photo_is_as_taken(
    fake_openai: FakeOpenAI, tmp_path: Path, name: str
) -> None:
    photo = portraits()[name]
    pipeline = pipeline_for(fake_openai, tmp_path, blur_faces=True, likeness=True)
    record = pipeline.capture(photo)
    taken = record.files.photo.read_bytes()
    taken_faces = found_faces(taken)
    assert len(taken_faces) >= (2 if name == "pair" else 1)  # as taken, the faces are seen

    record = pipeline.run(record)

    assert record.status == "done", record.errors
    upload = uploaded_jpeg(fake_openai)
    scale = imaging.decode_photo(upload).shape[1] / photo.shape[1]
    assert_no_face(upload, [tuple(round(v * scale) for v in face) for face in taken_faces])
    [edit] = fake_openai.requests_to("edits")
    sent_photo = edit["files"].get("image") or edit["files"]["image[]"]
    assert_no_face(sent_photo["data"], taken_faces)
    assert record.files.photo.read_bytes() == taken  # the saved photo is unchanged
    assert record.privacy["faces_blurred"] >= (2 if name == "pair" else 1)


def test_without_the_setting_the_face_is_sent_as_it_is(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    """The check above can fail: the same upload without blurring still shows the face."""
    pipeline = pipeline_for(fake_openai, tmp_path)
    record = pipeline.run(pipeline.capture(portraits()["astronaut"]))
    assert record.status == "done", record.errors
    assert found_faces(uploaded_jpeg(fake_openai))
    assert "faces_blurred" not in record.privacy


def test_without_a_face_detector_nothing_is_sent(
    fake_openai: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OpenCV without its cascade cannot blur: the round says so instead of sending faces."""
    monkeypatch.setattr(faces, "face_detector", lambda: None)
    pipeline = pipeline_for(fake_openai, tmp_path, blur_faces=True)
    record = pipeline.run(pipeline.capture(portraits()["astronaut"]))

    assert record.status == "failed"
    assert "Faces cannot be blurred" in record.errors["describe"]
    assert fake_openai.requests == []
    assert record.files.photo.exists()  # kept: Retry works once blurring is off
