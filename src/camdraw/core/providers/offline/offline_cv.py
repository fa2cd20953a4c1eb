"""The OpenCV steps both halves of the offline demo use: shrinking a picture for analysis or
painting, and a k-means that gives the same answer for the same picture on any thread."""

from __future__ import annotations

import cv2
import numpy as np

KMEANS_SEED = 20240601


def shrink_to(image: np.ndarray, long_side: int) -> np.ndarray:
    """``image`` with its longer side at most ``long_side`` (INTER_AREA); never enlarged."""
    height, width = image.shape[:2]
    scale = long_side / max(height, width)
    if scale >= 1.0:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def kmeans(samples: np.ndarray, clusters: int, attempts: int) -> tuple[np.ndarray, np.ndarray]:
    """(labels, centres) of ``samples`` (float32 rows). cv2.kmeans draws from OpenCV's
    per-thread generator: seeding it makes the result depend on the picture alone."""
    cv2.setRNGSeed(KMEANS_SEED)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0)
    _compactness, labels, centres = cv2.kmeans(
        samples, clusters, None, criteria, attempts, cv2.KMEANS_PP_CENTERS
    )
    return labels, centres
