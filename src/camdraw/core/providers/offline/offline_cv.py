"""The OpenCV step both halves of the offline demo use (shrinking is ``imaging.shrink_to``):
a k-means that gives the same answer for the same picture on any thread."""

from __future__ import annotations

import cv2
import numpy as np

KMEANS_SEED = 20240601


def kmeans(samples: np.ndarray, clusters: int, attempts: int) -> tuple[np.ndarray, np.ndarray]:
    """(labels, centres) of ``samples`` (float32 rows). cv2.kmeans draws from OpenCV's
    per-thread generator: seeding it makes the result depend on the picture alone."""
    cv2.setRNGSeed(KMEANS_SEED)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0)
    _compactness, labels, centres = cv2.kmeans(
        samples, clusters, None, criteria, attempts, cv2.KMEANS_PP_CENTERS
    )
    return labels, centres
