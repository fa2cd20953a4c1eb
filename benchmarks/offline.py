"""The offline demo's timings: describing and each painting style on a 1280x720 photo.

    python -m benchmarks.offline [--repeats 5]

Run from the repository root with the project's venv. No Qt, no network, no key: it times
``camdraw.core.providers.offline.provider`` on the benchmark's camera-like frame (the
tests' scene plus sensor noise) and prints a markdown table (median of the repeats, after one
warm-up call each); the goal for every row is 1 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from benchmarks.media import camera_frame  # noqa: E402
from benchmarks.table import Row, goal_lines, markdown, median  # noqa: E402
from camdraw.core.imaging import encode_jpeg, prepare_upload  # noqa: E402
from camdraw.core.providers.offline.provider import OfflineProvider, describe_scene, paint_photo  # noqa: E402
from camdraw.core.round import styles  # noqa: E402

WIDTH, HEIGHT = 1280, 720
GOAL_MS = 1000.0
STYLES = ("", *styles.PRESET_IDS)


def _ms(call: Callable[[], object], repeats: int) -> float:
    call()  # warm-up: first calls pay for allocations and lazy set-up
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return median(times) or 0.0


def rows(repeats: int) -> list[Row]:
    frame = camera_frame(WIDTH, HEIGHT)
    size = f"{WIDTH}x{HEIGHT}"
    result = [
        Row(
            f"describe_scene (cs), {size}",
            _ms(lambda: describe_scene(frame, "cs"), repeats),
            "ms",
            goal=GOAL_MS,
            note="faces, k-means colours, brightness, edges",
        )
    ]
    for style in STYLES:
        result.append(
            Row(
                f"paint_photo {style or '(default)'}, {size}",
                _ms(lambda style=style: paint_photo(frame, style), repeats),
                "ms",
                goal=GOAL_MS,
            )
        )
    provider = OfflineProvider("cs")
    upload = prepare_upload(frame, "high")
    jpeg = encode_jpeg(frame)

    def whole() -> None:
        provider.describe(upload, prompt="", model="", detail="high", max_tokens=0, timeout=0)
        provider.paint("", model="", size="", quality="", timeout=0, reference=jpeg)

    result.append(
        Row(
            "provider describe + paint (default), with JPEG/PNG",
            _ms(whole, repeats),
            "ms",
            goal=2 * GOAL_MS,
            note="what a round adds on top of saving the photo",
        )
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.offline", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="timed calls per row (median)")
    args = parser.parse_args(argv)
    table = rows(max(1, args.repeats))
    print(markdown(table))
    print()
    for line in goal_lines(table):
        print(line)
    return 0 if all(row.met == "yes" for row in table) else 1


if __name__ == "__main__":
    sys.exit(main())
