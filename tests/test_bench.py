"""The benchmark runs headless and reports every figure (its timing goals are judged in its own
output, never here: a slow machine must not fail the tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# End-to-end and long: run as their own group (.ci/run runs it; see README).
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

FIGURES = (
    "1. preview frame 720p",
    "1. preview frame 1080p",
    "2. upload per capture, 720p, detail=low",
    "2. upload per capture, 720p, detail=high",
    "3. key press → vision request at server",
    "3. painting last byte → pair on screen",
    "3. painting last byte → painting on disk",
    "3. round wall time",
    "3. app overhead / server time",
    "3f. first round: key press → vision request",
    "3f. first round: app overhead / server time",
    "3f. first round: longest GUI stall",
    "3f. first round: clients built + modules imported",
    "3w. warm round: key press → vision request",
    "3w. warm round: app overhead / server time",
    "4. first description token → text visible",
    "5. longest GUI stall during a round",
    "6. cache hit: 2nd photo of the same scene, round time",
    "6. cache hit: API requests of the 2nd photo",
    "7. cold start → first preview frame painted",
    "8. RSS growth",
    "9. framing sentence, 1280x720",
    "10. first answer token → text visible",
    "10. photo encodings per question",
)


@pytest.mark.timeout(240)
def test_quick_benchmark_prints_every_figure() -> None:
    # cp1252 is what a pipe gets on an English Windows; the table must still come out whole.
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--quick"],
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )
    report = f"stdout:\n{result.stdout}\nstderr (end):\n{result.stderr[-3000:]}"
    assert result.returncode == 0, report
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].split(" | ")[:6] == ["| figure", "value", "baseline", "ratio", "goal", "met?"]
    for figure in FIGURES:
        matching = [row for row in rows if row.startswith(f"| {figure}")]
        assert matching, f"no row for {figure!r}\n{report}"
        for row in matching:
            cells = [cell.strip() for cell in row.strip("|").split("|")]
            assert len(cells) == 7, row
            assert cells[5] in ("yes", "no", "n.a."), row
