"""Framing help on real photographs (scikit-image ships them): faces and where they are, light,
blur, nothing distinct, said in Czech and English."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import pytest

from camdraw.core import framing
from camdraw.core.framing import Face, View, framing_sentence, look, sentence


def photo(name: str) -> np.ndarray:
    import skimage.data

    return cv2.cvtColor(getattr(skimage.data, name)(), cv2.COLOR_RGB2BGR)


def in_720p(picture: np.ndarray, height: int, x: int) -> np.ndarray:
    """``picture`` scaled to ``height`` and set on a grey 1280x720 frame at ``x``, at the bottom."""
    frame = np.full((720, 1280, 3), 90, np.uint8)
    scaled = cv2.resize(picture, (height * picture.shape[1] // picture.shape[0], height))
    frame[720 - height :, x : x + scaled.shape[1]] = scaled
    return frame


def test_the_astronaut_is_one_face_at_the_top_centre() -> None:
    view = look(photo("astronaut"))
    assert view == View(
        faces=(Face("centre", "top", "middle"),), light="good", blurred=False, distinct=True
    )
    assert sentence(view, "cs") == "Jeden obličej nahoře uprostřed, ve střední vzdálenosti."
    assert sentence(view, "en") == "One face at the top, at a medium distance."


def test_where_the_face_is_across_the_frame_and_how_near() -> None:
    astronaut = photo("astronaut")
    assert look(in_720p(astronaut, 720, 1280 - 720)).faces == (Face("right", "top", "middle"),)
    assert look(in_720p(astronaut, 720, 0)).faces == (Face("left", "top", "middle"),)
    head_low = in_720p(astronaut[:300], 300, 400)  # the top of the portrait, at the bottom
    assert look(head_low).faces == (Face("centre", "bottom", "middle"),)
    close_up = astronaut[40:240, 140:340]  # the face fills nearly half the height
    view = look(close_up)
    assert view.faces == (Face("centre", "middle", "near"),)
    assert framing_sentence(close_up, "en") == "One face in the centre, close to the camera."
    assert framing_sentence(close_up, "cs") == "Jeden obličej uprostřed, blízko kamery."


def test_two_faces_are_listed_left_to_right() -> None:
    astronaut = photo("astronaut")
    frame = np.full((720, 1280, 3), 90, np.uint8)
    frame[200:, :520] = cv2.resize(astronaut, (520, 520))
    frame[300:, 860:] = cv2.resize(astronaut, (420, 420))
    view = look(frame)
    assert view.faces == (Face("left", "middle", "middle"), Face("right", "middle", "far"))
    assert sentence(view, "en") == (
        "Two faces: on the left, at a medium distance; on the right, far away."
    )
    assert sentence(view, "cs") == "Dva obličeje: vlevo, ve střední vzdálenosti; vpravo, daleko."


@pytest.mark.parametrize("name", ["coffee", "chelsea", "rocket"])
def test_photos_without_people_have_no_face(name: str) -> None:
    view = look(photo(name))
    assert view == View(faces=(), light="good", blurred=False, distinct=True)
    assert sentence(view, "en") == "No face in view."
    assert sentence(view, "cs") == "V záběru není žádný obličej."


def test_a_darkened_photo_is_too_dark_and_its_face_still_found() -> None:
    dark = (photo("astronaut") * 0.1).astype(np.uint8)
    view = look(dark)
    assert view.light == "dark"
    assert view.faces == (Face("centre", "top", "middle"),)  # its levels are stretched first
    assert sentence(view, "en") == "Too dark; one face at the top, at a medium distance."
    assert sentence(view, "cs").startswith("Příliš tmavý obraz; jeden obličej nahoře uprostřed")
    dark_coffee = (photo("coffee") * 0.1).astype(np.uint8)
    assert framing_sentence(dark_coffee, "cs") == (
        "Příliš tmavý obraz; v záběru není žádný obličej."
    )


def test_an_overexposed_photo_is_too_bright() -> None:
    for name in ("astronaut", "coffee"):
        bright = cv2.convertScaleAbs(photo(name), alpha=2.0, beta=100)
        view = look(bright)
        assert view.light == "bright", name
        assert sentence(view, "en").startswith("Too bright; ")
        assert sentence(view, "cs").startswith("Příliš světlý obraz; ")


@pytest.mark.parametrize("name", ["astronaut", "coffee", "rocket"])
def test_a_blurred_photo_is_blurred_also_with_a_webcams_noise(name: str) -> None:
    sharp = cv2.resize(photo(name), None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    assert not look(sharp).blurred
    blurred = cv2.GaussianBlur(sharp, (0, 0), 5)
    noise = np.random.default_rng(1).normal(0, 4, blurred.shape)
    noisy = np.clip(blurred + noise, 0, 255).astype(np.uint8)
    for picture in (blurred, noisy):
        view = look(picture)
        assert view.blurred and view.light == "good"
        assert sentence(view, "en").startswith("Blurred; ")
        assert sentence(view, "cs").startswith("Rozmazaný obraz; ")


def test_a_plain_surface_is_nothing_distinct_not_blurred() -> None:
    wall = np.full((720, 1280, 3), (150, 160, 170), np.uint8)
    noise = np.random.default_rng(2).normal(0, 4, wall.shape)
    for picture in (wall, np.clip(wall + noise, 0, 255).astype(np.uint8)):
        view = look(picture)
        assert view == View(faces=(), light="good", blurred=False, distinct=False)
        assert sentence(view, "en") == "Nothing distinct in view."
        assert sentence(view, "cs") == "V záběru není nic zřetelného."


class Boxes:
    """A detector that 'finds' fixed boxes, to count more faces than a test photo has."""

    def __init__(self, boxes: list[tuple[int, int, int, int]]) -> None:
        self.boxes = boxes

    def detectMultiScale(self, image: np.ndarray, *args: Any, **kwargs: Any) -> Any:
        return np.array(self.boxes)


def test_more_than_four_faces_are_counted_not_placed() -> None:
    boxes = [(10 + 70 * i, 100, 40, 40) for i in range(6)]
    view = look(photo("coffee"), detector=Boxes(boxes))
    assert view.faces is not None and len(view.faces) == 6
    assert sentence(view, "en") == "6 faces."
    assert sentence(view, "cs") == "6 obličejů."


def test_without_a_face_detector_faces_are_left_out() -> None:
    view = look(photo("astronaut"), detector=None)
    assert view.faces is None
    assert sentence(view, "en") == (
        "Sharp and well lit (faces cannot be detected on this computer)."
    )
    dark = look((photo("astronaut") * 0.1).astype(np.uint8), detector=None)
    assert sentence(dark, "cs") == "Příliš tmavý obraz."


def test_the_description_language_chooses_the_words() -> None:
    view = View(faces=(Face("left", "bottom", "far"),), light="good", blurred=False, distinct=True)
    assert sentence(view, "cs-CZ") == "Jeden obličej vlevo dole, daleko."
    assert sentence(view, "de") == "One face at the bottom left, far away."  # others: English
    for lang in ("cs", "en"):
        assert set(framing.PLACES[lang]) == set(framing.PLACES["en"])


def test_a_frame_that_is_not_a_colour_picture_is_refused() -> None:
    with pytest.raises(ValueError, match="BGR"):
        look(np.zeros((10, 10), np.uint8))
