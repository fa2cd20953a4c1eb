"""Figure 7: a new process, from Popen to the first camera frame painted in the preview.

The app has no hook for "first frame shown", and src/ is not changed for the benchmark: a
launcher run with ``python -c`` wraps ``PreviewWidget.paintEvent`` so that the first paint with a
frame prints ``time.monotonic()`` and ends the process, then calls ``camdraw.app.main`` as
``python -m camdraw`` would. CLOCK_MONOTONIC is system-wide on Linux, so the parent's stamp
before Popen and the child's stamp compare directly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.table import Row, median

GOAL_S = 1.5
MARKER = "BENCH_FIRST_FRAME"
LAUNCHER = f"""
import os, sys, time
from camdraw.ui import preview

_paint = preview.PreviewWidget.paintEvent

def _paint_and_report(self, event):
    _paint(self, event)
    if self.frame is not None:
        os.write(1, ("{MARKER} %.6f\\n" % time.monotonic()).encode())
        os._exit(0)

preview.PreviewWidget.paintEvent = _paint_and_report
import camdraw.app
sys.exit(camdraw.app.main(sys.argv[1:]))
"""


def _child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        CAMDRAW_HOME=str(home),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",  # never the real keyring
    )
    return env


def start_once(video: Path, timeout_s: float = 30) -> tuple[float | None, str]:
    """Seconds from Popen to the first painted frame, or None and why not."""
    with tempfile.TemporaryDirectory(prefix="camdraw-bench-cold-") as tmp:
        home = Path(tmp) / "home"
        config = home / "config"
        config.mkdir(parents=True)
        # Muted (no sound card here); everything else as a first start.
        (config / "settings.json").write_text(json.dumps({"muted": True}), encoding="utf-8")
        command = [
            sys.executable,
            "-c",
            LAUNCHER,
            "--camera",
            str(video),
            "--images-dir",
            str(Path(tmp) / "images"),
        ]
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            env=_child_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            out, err = process.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            return None, f"no frame within {timeout_s:g} s"
    for line in out.splitlines():
        if line.startswith(MARKER):
            return float(line.split()[1]) - started, ""
    tail = (err.strip().splitlines() or ["no output"])[-1]
    return None, f"exit {process.returncode}: {tail}"


def cold_start_rows(video: Path, runs: int) -> list[Row]:
    times: list[float] = []
    problems: list[str] = []
    for _ in range(runs):
        seconds, problem = start_once(video)
        if seconds is None:
            problems.append(problem)
        else:
            times.append(seconds)
    spread = ", ".join(f"{t:.2f}" for t in times)
    note = f"median of {len(times)} ({spread} s); python -c launcher → camdraw.app.main"
    if problems:
        note += f"; failed: {'; '.join(problems)}"
    return [
        Row(
            "7. cold start → first preview frame painted",
            median(times),
            "s",
            goal=GOAL_S,
            digits=2,
            note=note,
            missing="n.a. (no frame)",
        )
    ]
