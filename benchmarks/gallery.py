"""The history gallery with 1,000 rounds: how soon it shows, lists and shows thumbnails.

    python -m benchmarks.gallery [--rounds 1000] [--runs 3]

Run from the repository root with the project's venv. Headless (Qt's offscreen platform) in
a temporary CAMDRAW_HOME. The rounds are generated like the pipeline leaves them: a 1280x720
JPEG photo, a 1024x1024 PNG painting and a sidecar; every ninth round failed to paint and is
shown by its photo. Each figure is the median of ``--runs`` dialogs, timed from the
constructor call:

- shown: the window is exposed (painted on screen);
- all rows listed: the worker scan has delivered the last batch to the model;
- first screen of thumbnails: every row on screen shows its thumbnail, with an empty
  thumbnail cache (cold) and with the cache the previous dialog filled (warm). The pictures
  themselves are in the OS file cache in both cases (they were just written);
- GUI stall: the longest gap between ticks of a 5 ms timer on the GUI thread from the
  constructor to the first screen of thumbnails (cold), i.e. how long the window could not
  react to input.

Nothing sleeps on the GUI thread: waits run a nested event loop (benchmarks.window).
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Only modules that import neither Qt nor camdraw: the environment must be set before those.
from benchmarks.bench import prepare_environment
from benchmarks.table import Row, goal_lines, markdown, median


@dataclass
class Run:
    shown_ms: float
    listed_ms: float
    screen_ms: float
    stall_ms: float
    made: int
    on_screen: int


def _pictures() -> tuple[bytes, bytes]:
    import cv2
    import numpy as np
    from tests.media import scene_frame

    photo = scene_frame(1280, 720)
    rng = np.random.default_rng(6)
    # Sensor-like noise so the JPEG has a realistic size; a painting with soft texture.
    noisy = np.clip(photo.astype(np.int16) + rng.integers(-12, 13, photo.shape), 0, 255)
    painting = cv2.resize(scene_frame(1024, 1024, shift=40), (1024, 1024))
    texture = rng.integers(-6, 7, painting.shape)
    painted = np.clip(painting.astype(np.int16) + texture, 0, 255).astype(np.uint8)
    return (
        cv2.imencode(".jpg", noisy.astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes(),
        cv2.imencode(".png", painted)[1].tobytes(),
    )


def _open(images: Path, thumbs: Path) -> Run:
    from PySide6.QtCore import QTimer

    from benchmarks.window import wait_until
    from camdraw.core.store.thumbnails import ThumbnailCache
    from camdraw.ui.gallery import GalleryDialog

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    cache = ThumbnailCache(thumbs)
    timer.start()
    start = time.perf_counter()
    ticks.append(start)
    dialog = GalleryDialog(images, thumbnails=cache)
    dialog.show()
    handle = dialog.windowHandle()
    wait_until(lambda: handle is not None and handle.isExposed(), 10, poll_ms=1)
    shown = time.perf_counter()
    listed: list[float] = []
    dialog.loaded.connect(lambda _n: listed.append(time.perf_counter()))
    if not wait_until(dialog.screen_ready, 60, poll_ms=1):
        raise RuntimeError("the first screen of thumbnails never came")
    screen = time.perf_counter()
    ticks.append(screen)
    wait_until(lambda: bool(listed), 60, poll_ms=1)
    timer.stop()
    on_screen = len(dialog.visible_rows())
    dialog.shutdown()
    dialog.close()
    dialog.deleteLater()
    gaps = [b - a for a, b in itertools.pairwise(ticks) if a <= screen]
    return Run(
        shown_ms=(shown - start) * 1000,
        listed_ms=((listed[0] if listed else screen) - start) * 1000,
        screen_ms=(screen - start) * 1000,
        stall_ms=max(gaps) * 1000,
        made=cache.made,
        on_screen=on_screen,
    )


def measure(rounds: int, runs: int, workdir: Path) -> list[Row]:
    from PySide6.QtWidgets import QApplication
    from tests.rounds import make_rounds

    from camdraw.core.store import gallery

    app = QApplication.instance() or QApplication([])
    images, thumbs = workdir / "images", workdir / "thumbs"
    photo, painting = _pictures()
    print(
        f"generating {rounds} rounds (photo {len(photo) // 1024} kB, "
        f"painting {len(painting) // 1024} kB)…",
        file=sys.stderr,
    )
    make_rounds(images, rounds, photo=photo, painting=painting, failed_every=9)

    scans = []
    for _ in range(5):
        start = time.perf_counter()
        count = len(gallery.scan(images))
        scans.append((time.perf_counter() - start) * 1000)
    assert count == rounds

    cold, warm = [], []
    for i in range(runs):
        print(f"run {i + 1}/{runs}…", file=sys.stderr)
        shutil.rmtree(thumbs, ignore_errors=True)
        cold.append(_open(images, thumbs))
        warm.append(_open(images, thumbs))
        app.processEvents()

    note = f"{rounds} rounds, median of {runs}"
    made_cold = cold[-1].made
    return [
        Row("gallery: core scan (all sidecars, no Qt)", median(scans), "ms", goal=250.0, note=note),
        Row("gallery: constructor → shown", median([r.shown_ms for r in cold]), "ms", goal=100.0),
        Row(
            "gallery: constructor → all rows listed",
            median([r.listed_ms for r in cold]),
            "ms",
            goal=1000.0,
            note="scan on a worker, batches of 100",
        ),
        Row(
            "gallery: constructor → first screen of thumbnails (cold cache)",
            median([r.screen_ms for r in cold]),
            "ms",
            goal=1500.0,
            note=f"{made_cold} thumbnails made for {cold[-1].on_screen} rows on screen",
        ),
        Row(
            "gallery: constructor → first screen of thumbnails (warm cache)",
            median([r.screen_ms for r in warm]),
            "ms",
            baseline=median([r.screen_ms for r in cold]),
            goal=500.0,
            note=f"{warm[-1].made} thumbnails made",
        ),
        Row(
            "gallery: longest GUI-thread stall while loading (cold)",
            median([r.stall_ms for r in cold]),
            "ms",
            goal=50.0,
            note="gap between 5 ms timer ticks",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gallery", description=__doc__)
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="camdraw-gallery-bench-") as tmp:
        workdir = Path(tmp)
        prepare_environment(workdir / "home")
        rows = measure(args.rounds, args.runs, workdir)
        print(markdown(rows))
        print()
        for line in goal_lines(rows):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
