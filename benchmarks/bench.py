"""camdraw's performance figures, measured in one run and printed as one markdown table.

    python -m benchmarks.bench [--quick] [--rounds-rss 200]

Run from the repository root with the project's venv. Headless and self-contained: Qt's
offscreen platform, a temporary CAMDRAW_HOME, no keyring, speech muted, and the tests'
loopback OpenAI server (tests/fake_openai.py) with scripted latency: 1.5 s to describe,
4 s to paint. Each row gives the value, a baseline measured in the same run (or the goal when
there is none), their ratio, the goal and whether it is met. Progress goes to stderr; the
table to stdout. A figure that cannot be measured says why instead of showing a number.

Figures 3f and 3w (benchmarks/first_round.py) run the app as its own process under Xvfb with
Space pressed by xdotool, against the same server scripted at 1.5 s and 3 s: the first round
after start, and the warm rounds after it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

# Only modules that import neither Qt nor camdraw: the environment must be set before those.
from benchmarks.binding import BindingCheck, Drift
from benchmarks.table import Row, goal_lines, markdown

ROOT = Path(__file__).resolve().parents[1]


def prepare_environment(home: Path) -> None:
    """Before Qt or camdraw is imported: headless, isolated, no real key or keyring (also
    used by the other benchmarks)."""
    for path in (ROOT / "src", ROOT):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["CAMDRAW_HOME"] = str(home)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        os.environ.pop(name, None)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="fewer repetitions and rounds (for the test)"
    )
    parser.add_argument(
        "--rounds-rss",
        type=int,
        default=None,
        help="rounds for the memory figure (default 200, 30 with --quick; at least 11)",
    )
    args = parser.parse_args(argv)
    if args.rounds_rss is None:
        args.rounds_rss = 30 if args.quick else 200
    if args.rounds_rss <= 10:
        parser.error("--rounds-rss must be above 10 (the baseline is taken after round 10)")
    return args


def _progress(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    workdir = Path(tempfile.mkdtemp(prefix="camdraw-bench-"))
    prepare_environment(workdir / "home")
    from camdraw import console

    console.prepare()  # the table's arrows in a Windows pipe (cp1252) would raise
    try:
        return _run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _never_the_users_keyring() -> None:
    import keyring
    from keyring.backends.null import Keyring as NullKeyring

    keyring.set_keyring(NullKeyring())  # KeyStore asks the keyring first


class _Report:
    """The rows measured so far; a step that raises leaves rows that say why."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.failures: list[str] = []

    def measure(self, name: str, figures: list[str], step: Callable[[], list[Row]]) -> None:
        _progress(f"{name} …")
        began = time.monotonic()
        try:
            self.rows.extend(step())
        except Exception as error:
            self.failures.append(name)
            traceback.print_exc(file=sys.stderr)
            reason = f"n.a. (error: {type(error).__name__}: {error})"
            self.rows.extend(Row(figure, None, "", missing=reason) for figure in figures)
        _progress(f"{name} done in {time.monotonic() - began:.1f} s")


def _run(args: argparse.Namespace, workdir: Path) -> int:
    _never_the_users_keyring()
    from benchmarks.cold_start import cold_start_rows
    from benchmarks.rounds import varied

    started = time.monotonic()
    report = _Report()
    video = varied(workdir)
    # The cold start first, while this process is still idle.
    report.measure(
        "cold start",
        ["7. cold start → first preview frame painted"],
        lambda: cold_start_rows(video, 1 if args.quick else 3),
    )

    from benchmarks.first_round import figure_names, first_round_rows

    # The first round as a user meets it: the app in its own process under Xvfb, Space
    # pressed with xdotool (before this process starts Qt, so it competes with nothing).
    report.measure(
        "first and warm rounds in the app's own process",
        figure_names(),
        lambda: first_round_rows(video, 1 if args.quick else 3, ROOT / "src"),
    )

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["camdraw-bench"])
    from benchmarks import binding, memory, micro, rounds
    from benchmarks.server import TimedServer
    from benchmarks.window import DiskWatch, preview_pane_size

    check = binding.check_and_pin()

    def preview() -> list[Row]:
        pane = preview_pane_size(workdir / "pane-images")
        return micro.preview_rows(20 if args.quick else 100, pane)

    report.measure("preview", ["1. preview frame"], preview)
    report.measure("upload", ["2. upload per capture"], micro.upload_rows)
    from benchmarks.framing import framing_rows

    report.measure(
        "framing", ["9. framing sentence, 720p"], lambda: framing_rows(10 if args.quick else 50)
    )

    server = TimedServer()
    disk = DiskWatch()
    latency: list[rounds.Latency] = []
    try:

        def measure_latency() -> list[Row]:
            latency.append(rounds.latency_rows(server, disk, workdir, 1 if args.quick else 3))
            return latency[0].rows

        report.measure(
            "rounds with scripted latency",
            [
                "3. key press → vision request at server",
                "3. painting last byte → pair on screen",
                "3. painting last byte → painting on disk",
                "3. app overhead / server time",
                "4. first description token → text visible",
                "5. longest GUI stall during a round",
            ],
            measure_latency,
        )
        uncached = latency[0].uncached_ms if latency else None
        report.measure(
            "cache",
            ["6. cache hit: API requests of the 2nd photo"],
            lambda: rounds.cache_rows(server, disk, workdir, uncached),
        )

        from benchmarks.questions import question_rows

        report.measure(
            "questions",
            ["10. first answer token → text visible", "10. photo encodings per question"],
            lambda: question_rows(server, workdir, 2 if args.quick else 5),
        )
        report.measure(
            "memory",
            [f"8. RSS growth, round 10 → {args.rounds_rss}"],
            lambda: memory.rss_rows(memory.rss_loop(server, workdir, args.rounds_rss)),
        )
        streams = server.streams_chat
        has_log = server.has_stream_log
    finally:
        server.stop()
    app.processEvents()

    _print_report(args, report, check, latency[0].idle_drift if latency else None, streams, has_log)
    print(f"total time {time.monotonic() - started:.1f} s")
    if report.failures:
        print(f"could not measure: {', '.join(report.failures)} (see stderr)")
        return 1
    return 0


def _print_report(
    args: argparse.Namespace,
    report: _Report,
    check: BindingCheck,
    drift: Drift | None,
    streams: bool,
    has_log: bool,
) -> None:
    import cv2
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from benchmarks import rounds

    rows = sorted(report.rows, key=lambda row: row.figure.split(".")[0])
    print("# camdraw benchmark" + (" (--quick)" if args.quick else ""))
    print()
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()} "
        f"{platform.machine()}; Python {platform.python_version()}; Qt {qVersion()} "
        f"(PySide6 {pyside_version}); OpenCV {cv2.__version__}"
    )
    print(
        "server: tests.fake_openai on 127.0.0.1 in this process; scripted describe "
        f"{rounds.DESCRIBE_S:g} s, paint {rounds.PAINT_S:g} s; streaming: "
        f"{'yes' if streams else 'no (the fake cannot stream yet)'}; "
        f"stream_log: {'yes' if has_log else 'no'}"
    )
    if check.leaks:
        rates = ""
        if drift is not None:
            rates = f"; a window idling with its camera preview loses {drift.describe()}"
            minutes = drift.minutes_left()
            if minutes is not None:
                rates += f", which would abort this process in ≈{minutes:.0f} min"
        print(
            "WARNING Qt binding: void Qt calls from Python (update(), sender() → None, ...) drop "
            f"a reference to None ({check.lost_per_1000_calls} per 1000 calls){rates}. The "
            "interpreter aborts (none_dealloc/bool_dealloc) when one reaches zero; the benchmark "
            "pins extra references so it can finish, the app has no such pins."
        )
    print()
    print(markdown(rows))
    print()
    for line in goal_lines(rows):
        print(line)
    print()


if __name__ == "__main__":
    raise SystemExit(main())
