"""Figures 1 and 2: preview conversion per frame, and upload bytes per capture.

Needs a QGuiApplication (QPixmap does); no window and no server.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

from benchmarks.media import camera_frame
from benchmarks.table import Row, median
from camdraw.core.imaging import prepare_upload
from camdraw.ui import frames

PREVIEW_BOX = (640, 360)  # the preview pane of a 1400x760 window, roughly
UPLOAD_GOAL_KB = 80.0
DISTINCT_FRAMES = 4  # cycled, so no step sees the same buffer twice in a row


def naive_pixmap(frame: np.ndarray, width: int, height: int) -> QPixmap:
    """What a first attempt does: convert at full size, let Qt scale it smoothly."""
    rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0], QImage.Format_RGB888)
    pixmap = QPixmap.fromImage(image)
    return pixmap.scaled(
        width,
        height,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def fast_pixmap(frame: np.ndarray, width: int, height: int) -> QPixmap:
    return frames.scaled_pixmap(frame, width, height, smooth=False)  # what the preview does


def _ms_per_frame(
    convert: Callable[[np.ndarray, int, int], QPixmap],
    pool: list[np.ndarray],
    count: int,
    box: tuple[int, int],
) -> float:
    width, height = box
    for frame in pool:  # warm-up: first calls pay for allocations and lazy set-up
        convert(frame, width, height)
    times = []
    for i in range(count):
        frame = pool[i % len(pool)]
        started = time.perf_counter()
        pixmap = convert(frame, width, height)
        times.append((time.perf_counter() - started) * 1000)
        if pixmap.isNull():
            raise RuntimeError("a conversion gave an empty pixmap")
    return median(times) or 0.0


def preview_rows(count: int, pane: tuple[int, int] | None) -> list[Row]:
    """Fast vs naive path at ~640x360 and, when known, at the default window's camera pane
    (whose scale factor is not a whole number, which OpenCV's INTER_AREA finds much harder)."""
    boxes = [(PREVIEW_BOX, "")]
    if pane is not None and pane != PREVIEW_BOX:
        boxes.append((pane, " (camera pane of the default window)"))
    rows = []
    for label, (width, height) in (("720p", (1280, 720)), ("1080p", (1920, 1080))):
        pool = [camera_frame(width, height, seed=i, shift=8 * i) for i in range(DISTINCT_FRAMES)]
        for box, where in boxes:
            fast = _ms_per_frame(fast_pixmap, pool, count, box)
            naive = _ms_per_frame(naive_pixmap, pool, count, box)
            rows.append(
                Row(
                    f"1. preview frame {label} → {box[0]}x{box[1]} box{where}",
                    fast,
                    "ms",
                    baseline=naive,
                    digits=2,
                    note=f"median of {count}; value: frames.scaled_pixmap as the live preview "
                    "calls it; baseline: cvtColor "
                    "+ RGB888 + QPixmap.scaled(Smooth)",
                )
            )
    return rows


def upload_rows() -> list[Row]:
    frame = camera_frame(1280, 720, seed=1)
    ok, png = cv2.imencode(".png", frame)
    if not ok:
        raise RuntimeError("OpenCV cannot encode PNG")
    png_kb = png.nbytes / 1024
    rows = []
    for detail in ("low", "high"):
        upload = prepare_upload(frame, detail)
        rows.append(
            Row(
                f"2. upload per capture, 720p, detail={detail}",
                len(upload.jpeg) / 1024,
                "KB",
                baseline=png_kb,
                goal=UPLOAD_GOAL_KB,
                note=f"{upload.width}x{upload.height} JPEG; baseline: full frame as PNG; "
                "scene + sensor noise σ=4",
            )
        )
    return rows
