"""Camera-like pictures and videos for the benchmark (generated, nothing is checked in)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from tests.media import scene_frame

# A webcam's grain: without it JPEG and PNG sizes are unrealistically small.
SENSOR_NOISE_SIGMA = 4.0


def camera_frame(width: int, height: int, *, seed: int = 0, shift: int = 0) -> np.ndarray:
    """The tests' scene plus Gaussian sensor noise, as a webcam would deliver it."""
    frame = scene_frame(width, height, shift=shift).astype(np.float32)
    noise = np.random.default_rng(seed).normal(0.0, SENSOR_NOISE_SIGMA, frame.shape)
    return np.clip(frame + noise, 0, 255).astype(np.uint8)


def varied_frame(width: int, height: int, index: int) -> np.ndarray:
    """A scene that differs from every other index (colours, shapes, places), plus noise.

    Every frame of a video made of these is a different picture, so two photos taken at
    different moments are never the same scene (a capture cache must not answer them).
    """
    rng = np.random.default_rng(1000 + index)
    background = tuple(int(c) for c in rng.integers(40, 220, 3))
    frame = np.full((height, width, 3), background, np.uint8)
    for _ in range(4):
        color = tuple(int(c) for c in rng.integers(0, 256, 3))
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        size = int(rng.integers(height // 10, height // 3))
        if rng.random() < 0.5:
            cv2.circle(frame, (x, y), size, color, -1)
        else:
            cv2.rectangle(frame, (x - size, y - size // 2), (x + size, y + size // 2), color, -1)
    cv2.putText(
        frame, f"scene {index}", (40, 80), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (255, 255, 255), 4
    )
    noise = np.random.default_rng(index).normal(0.0, SENSOR_NOISE_SIGMA, frame.shape)
    return np.clip(frame.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def write_video(path: Path, frames: list[np.ndarray], fps: float) -> Path:
    """An MJPG AVI of ``frames`` (the camera thread plays a file at its own frame rate)."""
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write {path}")
    try:
        for frame in frames:
            writer.write(frame)
    finally:
        writer.release()
    return path


def varied_video(path: Path, *, frames: int, width: int = 1280, height: int = 720) -> Path:
    """A 30 fps 720p video whose every frame is a different scene."""
    return write_video(path, [varied_frame(width, height, i) for i in range(frames)], 30.0)


def still_video(path: Path, *, frames: int = 30, width: int = 1280, height: int = 720) -> Path:
    """A 30 fps 720p video of one unchanging scene: two photos of it are the same picture."""
    frame = camera_frame(width, height, seed=7)
    return write_video(path, [frame] * frames, 30.0)
