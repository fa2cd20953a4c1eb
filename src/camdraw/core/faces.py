"""OpenCV's frontal-face Haar cascade, for everything in camdraw that looks for faces (the
offline demo's description, framing help), and blurring the faces it finds out of what a round
sends (``blur_faces``, the "blur faces" setting).

The cascade ships with OpenCV in ``cv2.data.haarcascades`` (``camdraw.spec`` bundles the file
into the built app at the same place) and is read from memory so that any folder works.
OpenCV 5 no longer has ``CascadeClassifier`` nor the cascade files in the main package; there
``face_detector`` is None and callers leave faces out.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np

from camdraw.core.imaging import shrink_to

log = logging.getLogger(__name__)

FACE_CASCADE = "haarcascade_frontalface_default.xml"
# Blurring looks harder than counting: more neighbours-agreeing windows are not required, and
# a box too many (a blurred patch of wall) costs nothing, a face missed costs privacy.
BLUR_DETECT_LONG_SIDE = 800
BLUR_MIN_NEIGHBOURS = 3
# The box is widened around the face (hair, ears, chin) before blurring.
BLUR_MARGIN = 0.35
BLUR_PASSES = 4
PIXEL_BLOCKS = 6  # a face becomes at most this many blocks across: no features survive


class FaceDetector(Protocol):
    def detectMultiScale(self, image: np.ndarray, *args: Any, **kwargs: Any) -> Any: ...


@functools.lru_cache(maxsize=1)
def face_detector() -> FaceDetector | None:
    """The frontal-face Haar cascade OpenCV ships, or None where this OpenCV has none."""
    if getattr(cv2, "CascadeClassifier", None) is None:
        log.info("no Haar face cascade in this OpenCV (%s): faces are not counted", cv2.__version__)
        return None
    folder = getattr(getattr(cv2, "data", None), "haarcascades", "")
    if not folder:
        log.warning("OpenCV's cascade folder is missing (cv2.data): faces are not counted")
        return None
    return load_cascade(Path(folder) / FACE_CASCADE)


def load_cascade(path: Path) -> FaceDetector | None:
    r"""The Haar cascade in ``path``, or None (with a warning) when it cannot be loaded.

    Python reads the file and OpenCV gets its text. OpenCV's own file functions get the path as
    UTF-8 bytes and on Windows open them as a path in the ANSI code page, so with the app
    unpacked under ``C:\Users\Jiří\…`` they find no file and the detector stays empty."""
    try:
        text = path.read_text(encoding="utf-8")
        storage = cv2.FileStorage(text, cv2.FILE_STORAGE_READ | cv2.FILE_STORAGE_MEMORY)
        detector = cv2.CascadeClassifier()
        loaded = detector.read(storage.getFirstTopLevelNode())
    # cv2.FileStorage reports text it cannot parse as a SystemError wrapping its cv2.error.
    except (OSError, ValueError, cv2.error, SystemError) as error:
        log.warning(
            "the face cascade %s could not be loaded (%s): faces are not counted", path, error
        )
        return None
    if not loaded or detector.empty():
        log.warning("the face cascade %s holds no usable cascade: faces are not counted", path)
        return None
    return detector  # type: ignore[no-any-return]


def face_boxes(
    bgr: np.ndarray,
    detector: FaceDetector,
    *,
    long_side: int = BLUR_DETECT_LONG_SIDE,
    min_neighbours: int = BLUR_MIN_NEIGHBOURS,
) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of each face in ``bgr``'s own pixels."""
    height, width = bgr.shape[:2]
    scale = min(1.0, long_side / max(height, width))
    small = shrink_to(bgr, long_side)
    gray = cv2.equalizeHist(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY))
    found = detector.detectMultiScale(
        gray, scaleFactor=1.1, minNeighbors=min_neighbours, minSize=(20, 20)
    )
    return [
        (round(x / scale), round(y / scale), round(w / scale), round(h / scale))
        for x, y, w, h in np.asarray(found).reshape(-1, 4)
    ]


def _enlarged(box: tuple[int, int, int, int], width: int, height: int) -> tuple[int, ...]:
    x, y, w, h = box
    dx, dy = round(w * BLUR_MARGIN), round(h * BLUR_MARGIN)
    return max(0, x - dx), max(0, y - dy), min(width, x + w + dx), min(height, y + h + dy)


def blur_faces(bgr: np.ndarray, detector: FaceDetector | None = None) -> tuple[np.ndarray, int]:
    """A copy of ``bgr`` with every face found pixelated and blurred beyond recognition, and
    how many boxes were blurred. Without a detector (OpenCV 5) the picture comes back unchanged."""
    detector = detector if detector is not None else face_detector()
    if detector is None:
        return bgr, 0
    out, count = bgr, 0
    # Blurring one face changes what the detector sees around it: look again, until nothing
    # more is found (a pass or two in practice).
    for _ in range(BLUR_PASSES):
        boxes = face_boxes(out, detector)
        if not boxes:
            break
        out = _blur_boxes(out if count else out.copy(), boxes)
        count += len(boxes)
    return out, count


def _blur_boxes(out: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    height, width = out.shape[:2]
    for box in boxes:
        left, top, right, bottom = _enlarged(box, width, height)
        patch = out[top:bottom, left:right]
        ph, pw = patch.shape[:2]
        if ph < 2 or pw < 2:
            continue
        blocks = (max(1, min(PIXEL_BLOCKS, pw)), max(1, min(PIXEL_BLOCKS, ph)))
        coarse = cv2.resize(patch, blocks, interpolation=cv2.INTER_AREA)
        blocky = cv2.resize(coarse, (pw, ph), interpolation=cv2.INTER_NEAREST)
        kernel = max(3, (min(pw, ph) // 4) | 1)  # odd, a quarter of the box
        out[top:bottom, left:right] = cv2.GaussianBlur(blocky, (kernel, kernel), 0)
    return out
