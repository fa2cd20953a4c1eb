"""Blurring faces on real photographs (scikit-image's), with OpenCV's own cascade."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import skimage.data

from camdraw.core import faces


def astronaut() -> np.ndarray:
    return cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)


def test_the_face_is_blurred_beyond_detection_and_the_input_is_untouched() -> None:
    photo = astronaut()
    before = photo.copy()
    detector = faces.face_detector()
    assert detector is not None
    [(x, y, w, h)] = faces.face_boxes(photo, detector, min_neighbours=5)

    blurred, count = faces.blur_faces(photo)

    assert count >= 1
    assert np.array_equal(photo, before)  # a copy was blurred, not the photo
    assert faces.face_boxes(blurred, detector, min_neighbours=5) == []
    face = blurred[y : y + h, x : x + w].astype(np.float32)
    # Beyond recognition: almost no fine detail is left where the face was.
    assert (
        cv2.Laplacian(face, cv2.CV_32F).var()
        < 0.05 * cv2.Laplacian(before[y : y + h, x : x + w].astype(np.float32), cv2.CV_32F).var()
    )
    untouched = (slice(photo.shape[0] - 60, None), slice(0, 60))  # far from the face
    assert np.array_equal(blurred[untouched], photo[untouched])


def test_a_picture_without_faces_comes_back_as_it_is() -> None:
    wall = np.full((480, 640, 3), 120, np.uint8)
    blurred, count = faces.blur_faces(wall)
    assert count == 0 and blurred is wall


def test_without_a_detector_nothing_is_blurred(monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenCV 5 has no Haar cascades: the photo goes as it is (the setting cannot promise)."""
    monkeypatch.setattr(faces, "face_detector", lambda: None)
    photo = astronaut()
    blurred, count = faces.blur_faces(photo)
    assert count == 0 and blurred is photo
