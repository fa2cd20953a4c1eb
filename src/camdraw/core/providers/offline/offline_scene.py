"""The offline demo's eyes: what OpenCV can measure in a photo, as a ``Scene``.

``analyse`` measures faces (where they are), the dominant colours and how vivid they are, the
brightness and contrast, how much detail there is and where, and which part is lighter. No model
is involved and the result is deterministic: the same photo always gives the same ``Scene``.

Faces come from the Haar cascade OpenCV ships (``camdraw.core.faces``). OpenCV 5 no longer has
``CascadeClassifier`` nor the cascade files in the main package; there the scene simply has no
face count (``Scene.faces is None``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from camdraw.core.faces import FaceDetector, face_detector
from camdraw.core.imaging import shrink_to
from camdraw.core.providers.offline.offline_cv import kmeans

ANALYSIS_LONG_SIDE = 320  # brightness, edges and faces are measured on a copy this size
FACE_LONG_SIDE = 640  # faces need more pixels than edges
COLOUR_LONG_SIDE = 64  # k-means runs on ~2,300 pixels: enough for the main colours
COLOUR_CLUSTERS = 6
COLOUR_MIN_SHARE = 0.08  # a colour covering less than this is not "dominant"
MAX_COLOURS = 3
Position = str  # "left", "middle" or "right"
POSITIONS: tuple[Position, ...] = ("left", "middle", "right")


@dataclass(frozen=True)
class Scene:
    faces: tuple[Position, ...] | None  # None: no detector on this machine
    colours: tuple[str, ...]  # colour ids (see colour_name), most common first
    brightness: str  # "dark", "dim", "medium" or "bright"
    detail: str  # "calm", "moderate" or "busy"
    detail_at: Position | None  # where most of the detail is; None when spread out
    lighter: str | None  # "top", "bottom", "left", "right"; None when the light is even
    contrast: str  # "low", "medium" or "high"
    saturation: str | None = None  # "vivid" or "muted"; None for greys or in between


def position_of(centre_x: float, width: float) -> Position:
    """Left, middle or right third of the picture."""
    third = width / 3
    if centre_x < third:
        return "left"
    return "middle" if centre_x < 2 * third else "right"


def find_faces(bgr: np.ndarray, detector: FaceDetector | None) -> tuple[Position, ...] | None:
    """Where the faces are, left to right; None without a detector."""
    if detector is None:
        return None
    gray = cv2.equalizeHist(cv2.cvtColor(shrink_to(bgr, FACE_LONG_SIDE), cv2.COLOR_BGR2GRAY))
    width = gray.shape[1]
    found = detector.detectMultiScale(
        gray, scaleFactor=1.1, minNeighbors=5, minSize=(max(24, width // 20),) * 2
    )
    boxes = sorted((int(x), int(w)) for x, _y, w, _h in np.asarray(found).reshape(-1, 4))
    return tuple(position_of(x + w / 2, width) for x, w in boxes)


def colour_name(bgr: Sequence[float]) -> str:
    """A colour id for one BGR colour (hue, saturation and value decide)."""
    pixel = np.uint8([[[round(c) for c in bgr]]])
    hue, sat, val = (int(v) for v in cv2.cvtColor(pixel, cv2.COLOR_BGR2HSV)[0, 0])
    degrees = hue * 2
    if val < 50:
        return "black"
    if sat < 40 or (sat < 60 and val < 90):
        if val > 200:
            return "white"
        return "grey"
    if 15 <= degrees < 50 and val < 150:
        return "brown"
    if degrees < 15 or degrees >= 345:
        name = "pink" if sat < 150 and val > 180 else "red"
    elif degrees < 40:
        name = "orange"
    elif degrees < 70:
        name = "yellow"
    elif degrees < 160:
        name = "green"
    elif degrees < 195:
        name = "turquoise"
    elif degrees < 255:
        name = "blue"
    elif degrees < 290:
        name = "purple"
    else:
        name = "pink"
    if val < 110 and name not in ("brown",):
        return "dark " + name
    if sat < 110 and val > 200 and name not in ("pink", "yellow"):
        return "light " + name
    return name


def dominant_colours(bgr: np.ndarray) -> tuple[str, ...]:
    """The main colours by k-means on a small copy, named, merged, most common first."""
    small = shrink_to(bgr, COLOUR_LONG_SIDE)
    samples = small.reshape(-1, 3).astype(np.float32)
    clusters = min(COLOUR_CLUSTERS, len(samples))
    labels, centres = kmeans(samples, clusters, attempts=2)  # the same colours every time
    counts = np.bincount(labels.ravel(), minlength=clusters)
    shares: dict[str, float] = {}
    for centre, count in zip(centres, counts, strict=True):
        name = colour_name(centre.tolist())
        shares[name] = shares.get(name, 0.0) + count / len(samples)
    ranked = sorted(shares.items(), key=lambda item: (-item[1], item[0]))
    chosen = [name for name, share in ranked if share >= COLOUR_MIN_SHARE][:MAX_COLOURS]
    return tuple(chosen or [ranked[0][0]])


def analyse(
    bgr: np.ndarray, detector: FaceDetector | Literal["default"] | None = "default"
) -> Scene:
    """Measure the photo. ``detector``: OpenCV's face cascade where there is one by default;
    None leaves faces uncounted."""
    if bgr.ndim != 3 or bgr.shape[2] != 3 or bgr.size == 0:
        raise ValueError("expected a BGR picture")
    gray = cv2.cvtColor(shrink_to(bgr, ANALYSIS_LONG_SIDE), cv2.COLOR_BGR2GRAY)
    height, width = gray.shape
    mean = float(gray.mean())
    brightness = (
        "dark" if mean < 50 else "dim" if mean < 100 else "medium" if mean < 170 else "bright"
    )
    deviation = float(gray.std())
    contrast = "low" if deviation < 30 else "medium" if deviation < 60 else "high"

    edges = cv2.Canny(cv2.GaussianBlur(gray, (3, 3), 0), 60, 160) > 0
    density = float(edges.mean())
    detail = "calm" if density < 0.02 else "moderate" if density < 0.07 else "busy"
    detail_at = None
    if detail != "calm":
        thirds = [float(part.mean()) for part in np.array_split(edges, 3, axis=1)]
        strongest = int(np.argmax(thirds))
        if thirds[strongest] > 1.5 * (sum(thirds) / 3):
            detail_at = POSITIONS[strongest]

    halves = {
        "top": float(gray[: height // 2].mean()),
        "bottom": float(gray[height - height // 2 :].mean()),
        "left": float(gray[:, : width // 2].mean()),
        "right": float(gray[:, width - width // 2 :].mean()),
    }
    vertical = halves["top"] - halves["bottom"]
    horizontal = halves["left"] - halves["right"]
    lighter = None
    if max(abs(vertical), abs(horizontal)) >= 25:
        if abs(vertical) >= abs(horizontal):
            lighter = "top" if vertical > 0 else "bottom"
        else:
            lighter = "left" if horizontal > 0 else "right"

    hsv = cv2.cvtColor(shrink_to(bgr, COLOUR_LONG_SIDE), cv2.COLOR_BGR2HSV)
    lit = hsv[..., 1][hsv[..., 2] >= 50]
    mean_sat = float(lit.mean()) if lit.size else 0.0
    saturation = "vivid" if mean_sat >= 130 else "muted" if 25 <= mean_sat < 60 else None

    return Scene(
        faces=find_faces(bgr, face_detector() if detector == "default" else detector),
        colours=dominant_colours(bgr),
        brightness=brightness,
        detail=detail,
        detail_at=detail_at,
        lighter=lighter,
        contrast=contrast,
        saturation=saturation,
    )
