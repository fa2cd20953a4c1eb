"""OpenCV's frontal-face Haar cascade, for everything in camdraw that looks for faces (the
offline demo's description, framing help).

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

log = logging.getLogger(__name__)

FACE_CASCADE = "haarcascade_frontalface_default.xml"


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
