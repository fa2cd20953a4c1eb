"""Figure 8: resident memory after N rounds minus after the first ten.

Next to VmRSS, glibc's own books (``mallinfo2``) say what the growth is: memory malloc hands
out and is still in use, or memory freed back to malloc that it keeps. glibc raises its mmap
threshold each time a large block is freed, so later multi-megabyte frames come from the heap,
whose freed pages stay resident: RSS can grow in steps without any leak.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.rounds import varied
from benchmarks.server import TimedServer
from benchmarks.table import Row
from benchmarks.window import close_window, open_window, play_round

GOAL_MB = 10.0
BASELINE_ROUNDS = 10
MB = 1024 * 1024


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def malloc_mb() -> tuple[float, float] | None:
    """(in use incl. mmapped blocks, free but kept) in MB, from glibc; None elsewhere."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallinfo2 = libc.mallinfo2
    except (OSError, AttributeError):
        return None
    mallinfo2.restype = _MallInfo2
    info = mallinfo2()
    return (info.uordblks + info.hblkhd) / MB, info.fordblks / MB


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


@dataclass
class RssLoop:
    rounds: int
    baseline_mb: float
    final_mb: float
    seconds: float
    calling: int  # rounds that called the server (a cache may answer some)
    objects: int  # Python objects alive at the end minus at the baseline
    malloc_before: tuple[float, float] | None
    malloc_after: tuple[float, float] | None

    @property
    def growth_mb(self) -> float:
        return self.final_mb - self.baseline_mb


def rss_loop(server: TimedServer, workdir: Path, rounds: int) -> RssLoop:
    server.script(0, 0)
    server.forget()
    window = open_window(server.fake.base_url, varied(workdir), workdir / "rss-images")
    baseline = 0.0
    objects = calling = 0
    malloc_before = None
    started = time.monotonic()
    try:
        for n in range(1, rounds + 1):
            server.new_description()
            pressed = play_round(window)
            calling += any(s.endpoint == "chat" for s in server.served(pressed, time.monotonic()))
            server.forget()  # the fake keeps every request: its memory, not the app's
            if n == BASELINE_ROUNDS:
                gc.collect()
                baseline = rss_mb()
                objects = len(gc.get_objects())
                malloc_before = malloc_mb()
        gc.collect()
        final = rss_mb()
        objects = len(gc.get_objects()) - objects
        malloc_after = malloc_mb()
    finally:
        close_window(window)
    seconds = time.monotonic() - started
    return RssLoop(rounds, baseline, final, seconds, calling, objects, malloc_before, malloc_after)


def rss_rows(result: RssLoop) -> list[Row]:
    figure = f"8. RSS growth, round {BASELINE_ROUNDS} → {result.rounds}"
    rows = [
        Row(
            figure,
            result.growth_mb,
            "MB",
            goal=GOAL_MB,
            note=f"VmRSS {result.baseline_mb:.1f} → {result.final_mb:.1f} MB; "
            f"Python objects {result.objects:+d}; {result.rounds} rounds in "
            f"{result.seconds:.1f} s, {result.calling} called the server (the others: "
            "capture cache); no scripted delays",
        )
    ]
    diagnostic = f"{figure}: malloc memory in use (diagnostic)"
    before, after = result.malloc_before, result.malloc_after
    if before is None or after is None:
        rows.append(Row(diagnostic, None, "MB", missing="n.a. (no glibc mallinfo2)"))
    else:
        rows.append(
            Row(
                diagnostic,
                after[0] - before[0],
                "MB",
                note=f"glibc mallinfo2, same rounds: in use {before[0]:.1f} → {after[0]:.1f} "
                f"MB; freed but kept by malloc {before[1]:.1f} → {after[1]:.1f} MB "
                f"({after[1] - before[1]:+.1f})",
            )
        )
    return rows
