"""Media the tests generate themselves (nothing binary is checked in)."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import cv2
import numpy as np
from PIL import Image


def scene_frame(width: int = 640, height: int = 480, shift: int = 0) -> np.ndarray:
    """A BGR frame with recognisable shapes and colours (a 'scene' to describe)."""
    frame = np.full((height, width, 3), (200, 180, 150), np.uint8)
    cv2.rectangle(frame, (40 + shift, 60), (width // 2, height - 60), (30, 30, 200), -1)
    cv2.circle(
        frame, (width * 3 // 4 - shift, height // 2), min(width, height) // 6, (40, 180, 40), -1
    )
    cv2.putText(frame, "camdraw", (50, 40), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    return frame


def make_test_video(
    path: Path, *, frames: int = 30, width: int = 640, height: int = 480, fps: float = 15.0
) -> Path:
    """Write a short MJPG AVI whose frames move, so a camera reading it sees change."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write {path}")
    try:
        for i in range(frames):
            writer.write(scene_frame(width, height, shift=i * 4))
    finally:
        writer.release()
    return path


def png_bytes(
    width: int = 64, height: int = 64, color: tuple[int, int, int] = (255, 128, 0)
) -> bytes:
    """Real PNG bytes, as an image model would return them."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_file(path: Path, width: int = 800, height: int = 600) -> Path:
    """A real photo-like JPEG on disk (for the headless ``draw`` command)."""
    cv2.imwrite(str(path), scene_frame(width, height))
    return path


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header (IHDR, with a correct CRC) claims ``width`` x ``height`` pixels:
    what a decompression bomb looks like before anything is decoded (its one IDAT is empty)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
