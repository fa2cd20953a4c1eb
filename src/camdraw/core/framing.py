"""Framing help: one sentence that says what the camera sees, before the photo is taken.

For a blind user aiming the camera: how many faces and where (left, centre or right; top or
bottom; near or far by the face's size), whether the picture is too dark, too bright or
blurred, or whether there is nothing distinct in it. Offline and instant: OpenCV's face
cascade (``camdraw.core.faces``) and a few measurements on a small copy of the frame, no model,
no network, in about the time of one camera frame at 720p (the benchmark's figure 9).

The sentence is in the description language (the one camdraw speaks and describes in: Czech by
default, English for every other language), not the interface language, so it is worded from
the tables below rather than through the interface's translations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from camdraw.core.faces import FaceDetector, face_detector
from camdraw.core.imaging import shrink_to

ANALYSIS_LONG_SIDE = 480  # faces, light and sharpness are measured on a copy this size
# At 480 px Haar's own 24 px window is a face of 64 px in a 720p frame (a person about 2.5 m
# from a webcam). The smallest sizes cost the most time, but a 26 px minimum already lost the
# tests' far face. Measured on scikit-image's portrait at several sizes and places in a 720p
# frame: every face found, none in photos without one; histogram equalisation (as the offline
# demo does at 640 px) lost most of the small faces, a scale step of 1.2 some middle ones.
FACE_MIN_PX = 24
FACE_SCALE_STEP = 1.15
FACE_NEIGHBOURS = 4
DARK_MEAN = 50  # mean grey level (0-255) below which the picture is too dark
BRIGHT_MEAN = 215  # above which it is too bright...
BRIGHT_CLIPPED = 0.3  # ...or when this share of the pixels is burnt out (>= 250)
FLAT_STD = 12.0  # a grey-level spread below this is a plain surface: nothing distinct
# Variance of the Laplacian at 480 px: sharp photos and webcam scenes measure 150 and more,
# out-of-focus ones (Gaussian sigma 4 at 1000 px) 2-35 with a webcam's sensor noise.
BLURRED_LAPLACIAN = 40.0
NEAR_SHARE = 0.35  # a face taller than this share of the frame is near (about 0.6 m)...
FAR_SHARE = 0.15  # ...shorter than this, far (about 1.5 m and more)

Across = Literal["left", "centre", "right"]
Height = Literal["top", "middle", "bottom"]
Distance = Literal["near", "middle", "far"]
Light = Literal["dark", "bright", "good"]


@dataclass(frozen=True)
class Face:
    across: Across
    height: Height
    distance: Distance


@dataclass(frozen=True)
class View:
    """What the camera sees, measured."""

    faces: tuple[Face, ...] | None  # left to right; None: no face detector on this machine
    light: Light
    blurred: bool
    distinct: bool  # False: a plain surface, nothing to make out


def look(bgr: np.ndarray, detector: FaceDetector | Literal["default"] | None = "default") -> View:
    """Measure ``bgr`` (a BGR frame of any size). ``detector``: OpenCV's face cascade by
    default; None leaves faces uncounted."""
    if bgr.ndim != 3 or bgr.shape[2] != 3 or bgr.size == 0:
        raise ValueError("expected a BGR picture")
    gray = shrink_to(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), ANALYSIS_LONG_SIDE)
    mean = float(gray.mean())
    clipped = float(np.count_nonzero(gray >= 250)) / gray.size
    light: Light = "good"
    if mean < DARK_MEAN:
        light = "dark"
    elif mean > BRIGHT_MEAN or clipped > BRIGHT_CLIPPED:
        light = "bright"
    distinct = float(gray.std()) >= FLAT_STD
    # Sharpness only means something in a lit picture with something in it.
    blurred = (
        light == "good"
        and distinct
        and float(cv2.Laplacian(gray, cv2.CV_32F).var()) < BLURRED_LAPLACIAN
    )
    chosen = face_detector() if detector == "default" else detector
    faces = None if chosen is None else _faces(gray, chosen, stretch=light == "dark")
    return View(faces=faces, light=light, blurred=blurred, distinct=distinct or bool(faces))


def _faces(gray: np.ndarray, detector: FaceDetector, *, stretch: bool) -> tuple[Face, ...]:
    if stretch:  # a dark frame still shows where a face is once its levels are stretched
        gray = cv2.normalize(gray, None, 0, 255, cv2.NORM_MINMAX)
    found = detector.detectMultiScale(
        gray,
        scaleFactor=FACE_SCALE_STEP,
        minNeighbors=FACE_NEIGHBOURS,
        minSize=(FACE_MIN_PX, FACE_MIN_PX),
    )
    height, width = gray.shape
    boxes = sorted(tuple(int(v) for v in box) for box in np.asarray(found).reshape(-1, 4))
    return tuple(_face(x, y, w, h, width, height) for x, y, w, h in boxes)


def _face(x: int, y: int, w: int, h: int, width: int, height: int) -> Face:
    centre_x, centre_y, share = (x + w / 2) / width, (y + h / 2) / height, h / height
    across: Across = "left" if centre_x < 1 / 3 else "centre" if centre_x < 2 / 3 else "right"
    row: Height = "top" if centre_y < 1 / 3 else "middle" if centre_y < 2 / 3 else "bottom"
    distance: Distance = "near" if share > NEAR_SHARE else "far" if share < FAR_SHARE else "middle"
    return Face(across, row, distance)


# -- the sentence -----------------------------------------------------------------------------

PLACES: dict[str, dict[tuple[str, str], str]] = {
    "en": {
        ("left", "top"): "at the top left",
        ("centre", "top"): "at the top",
        ("right", "top"): "at the top right",
        ("left", "middle"): "on the left",
        ("centre", "middle"): "in the centre",
        ("right", "middle"): "on the right",
        ("left", "bottom"): "at the bottom left",
        ("centre", "bottom"): "at the bottom",
        ("right", "bottom"): "at the bottom right",
    },
    "cs": {
        ("left", "top"): "vlevo nahoře",
        ("centre", "top"): "nahoře uprostřed",
        ("right", "top"): "vpravo nahoře",
        ("left", "middle"): "vlevo",
        ("centre", "middle"): "uprostřed",
        ("right", "middle"): "vpravo",
        ("left", "bottom"): "vlevo dole",
        ("centre", "bottom"): "dole uprostřed",
        ("right", "bottom"): "vpravo dole",
    },
}
DISTANCES: dict[str, dict[str, str]] = {
    "en": {"near": "close to the camera", "middle": "at a medium distance", "far": "far away"},
    "cs": {"near": "blízko kamery", "middle": "ve střední vzdálenosti", "far": "daleko"},
}
# How many faces, with the noun in the form the number takes; more than four are only counted.
COUNTS: dict[str, dict[int, str]] = {
    "en": {1: "one face", 2: "two faces", 3: "three faces", 4: "four faces"},
    "cs": {1: "jeden obličej", 2: "dva obličeje", 3: "tři obličeje", 4: "čtyři obličeje"},
}
MANY: dict[str, str] = {"en": "{n} faces", "cs": "{n} obličejů"}
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "dark": "too dark",
        "bright": "too bright",
        "blurred": "blurred",
        "no face": "no face in view",
        "nothing": "nothing distinct in view",
        "no detector": "sharp and well lit (faces cannot be detected on this computer)",
    },
    "cs": {
        "dark": "příliš tmavý obraz",
        "bright": "příliš světlý obraz",
        "blurred": "rozmazaný obraz",
        "no face": "v záběru není žádný obličej",
        "nothing": "v záběru není nic zřetelného",
        "no detector": "ostrý a dobře osvětlený obraz (obličeje tu nelze rozpoznat)",
    },
}


def sentence_language(language: str) -> str:
    """ "cs" for Czech (cs, cs-CZ, cz), "en" for every other description language."""
    code = language.strip().replace("_", "-").split("-")[0].lower()
    return "cs" if code in ("cs", "cz") else "en"


def sentence(view: View, language: str) -> str:
    """``view`` in one sentence in ``language``, e.g. "One face in the centre, close to the
    camera." or "Příliš tmavý obraz; v záběru není žádný obličej." """
    lang = sentence_language(language)
    words = PHRASES[lang]
    problem = words[view.light] if view.light != "good" else ""
    if view.blurred:
        problem = words["blurred"]
    if view.faces:
        what = _faces_phrase(view.faces, lang)
    elif view.faces is None:
        what = "" if problem else words["no detector"] if view.distinct else words["nothing"]
    elif not view.distinct and view.light == "good":
        what = words["nothing"]
    else:
        what = words["no face"]
    parts = [part for part in (problem, what) if part]
    return _capitalise("; ".join(parts)) + "."


def _faces_phrase(faces: Sequence[Face], lang: str) -> str:
    if len(faces) > len(COUNTS[lang]):
        return MANY[lang].format(n=len(faces))
    places = [
        f"{PLACES[lang][(face.across, face.height)]}, {DISTANCES[lang][face.distance]}"
        for face in faces
    ]
    count = COUNTS[lang][len(faces)]
    return f"{count} {places[0]}" if len(faces) == 1 else f"{count}: {'; '.join(places)}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def framing_sentence(bgr: np.ndarray, language: str) -> str:
    """What the camera sees in ``bgr``, in one sentence in ``language`` (cs or en)."""
    return sentence(look(bgr), language)
