"""Finished rounds on disk, as the pipeline leaves them (for the gallery's tests and benchmark)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import cv2
import numpy as np

from camdraw.core.store.record import STEPS, RoundRecord
from camdraw.core.store.rounds import RoundFiles
from tests.media import png_bytes

START = datetime(2026, 11, 22, 14, 0, 0)


def tiny_jpeg(
    width: int = 64, height: int = 48, color: tuple[int, int, int] = (40, 90, 200)
) -> bytes:
    frame = np.full((height, width, 3), color, np.uint8)
    return cv2.imencode(".jpg", frame)[1].tobytes()


def make_rounds(
    folder: Path,
    count: int,
    *,
    photo: bytes | None = None,
    painting: bytes | None = None,
    failed_every: int = 0,
    start: datetime = START,
) -> list[RoundFiles]:
    """``count`` finished rounds, one a minute from ``start``, as the pipeline would leave them.

    Every ``failed_every``-th round (if set) failed to paint and has no painting.
    """
    folder.mkdir(parents=True, exist_ok=True)
    photo = photo if photo is not None else tiny_jpeg()
    painting = painting if painting is not None else png_bytes()
    made = []
    for i in range(count):
        when = start + timedelta(minutes=i)
        files = RoundFiles(folder, when.strftime("%Y-%m-%d_%H-%M-%S"))
        record = RoundRecord(files=files, created=when.isoformat(timespec="seconds"))
        record.steps = dict.fromkeys(STEPS, "done")
        record.description = f"Round {i}: a red box and a green ball on a table."
        record.style = "watercolour" if i % 2 else ""  # the id, as the pipeline stores it
        record.paint_mode = "text"
        failed = failed_every and i % failed_every == 0
        if failed:
            record.steps["paint"] = "failed"
            record.errors = {"paint": "The image service did not answer."}
        files.photo.write_bytes(photo)
        if not failed:
            files.painting.write_bytes(painting)
        record.save()
        made.append(files)
    return made


def sidecar(record: RoundRecord) -> dict:
    """The round's sidecar as saved on disk, parsed."""
    return json.loads(record.files.sidecar.read_text("utf-8"))
