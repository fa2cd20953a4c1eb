"""Figure 9: framing help (the F key, ``camdraw frame``) per 720p camera frame.

No Qt, no server: ``camdraw.core.framing.framing_sentence`` on a real portrait (scikit-image's
astronaut, a face to find) and on the benchmark's camera-like scene (no face), each a 1280x720
frame; the median of ``count`` calls after one warm-up call each. The value is the wall-clock
time; the note gives the processor time of all of OpenCV's threads together, which does not
depend on how busy the machine is.
"""

from __future__ import annotations

import time

import cv2
import numpy as np

from benchmarks.media import camera_frame
from benchmarks.table import Row, median
from camdraw.core.framing import framing_sentence

WIDTH, HEIGHT = 1280, 720
GOAL_MS = 30.0  # instant: the sentence is ready within one frame of a 30 fps camera


def portrait_frame() -> np.ndarray:
    """scikit-image's astronaut, scaled to the frame's height, centred on grey."""
    import skimage.data

    face = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
    frame = np.full((HEIGHT, WIDTH, 3), 90, np.uint8)
    left = (WIDTH - HEIGHT) // 2
    frame[:, left : left + HEIGHT] = cv2.resize(face, (HEIGHT, HEIGHT))
    return frame


def _ms(frame: np.ndarray, count: int) -> tuple[float, float]:
    """Median (wall, processor) milliseconds per call."""
    framing_sentence(frame, "cs")  # warm-up: the cascade is loaded on the first call
    wall, cpu = [], []
    for _ in range(count):
        started, used = time.perf_counter(), time.process_time()
        framing_sentence(frame, "cs")
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return median(wall) or 0.0, median(cpu) or 0.0


def framing_rows(count: int) -> list[Row]:
    rows = []
    for what, frame, note in (
        ("portrait", portrait_frame(), "one face found (scikit-image's astronaut)"),
        ("scene", camera_frame(WIDTH, HEIGHT), "no face; the benchmark's camera scene"),
    ):
        wall, cpu = _ms(frame, count)
        rows.append(
            Row(
                f"9. framing sentence, {WIDTH}x{HEIGHT} {what}",
                wall,
                "ms",
                goal=GOAL_MS,
                note=f"{note}; processor time {cpu:.1f} ms on {cv2.getNumThreads()} threads",
            )
        )
    return rows
