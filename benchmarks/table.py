"""One row per figure, printed as a markdown table, then one line per goal."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

DASH = "—"


@dataclass
class Row:
    figure: str
    value: float | None
    unit: str
    baseline: float | None = None  # measured in the same run
    goal: float | None = None  # met when value <= goal
    note: str = ""
    missing: str = ""  # why there is no value, e.g. "n.a. (server not streaming)"
    digits: int = 1

    @property
    def met(self) -> str:
        if self.value is None or self.goal is None:
            return "n.a."
        return "yes" if self.value <= self.goal else "no"

    def amount(self, number: float | None) -> str:
        if number is None:
            return DASH
        text = f"{number:.{self.digits}f}"
        return f"{text} {self.unit}" if self.unit else text

    def cells(self) -> list[str]:
        value = self.amount(self.value) if self.value is not None else (self.missing or "n.a.")
        if self.baseline is not None:
            baseline, reference = self.amount(self.baseline), self.baseline
        elif self.goal is not None:
            baseline, reference = f"{self.amount(self.goal)} (goal)", self.goal
        else:
            baseline, reference = DASH, None
        ratio = DASH if self.value is None or not reference else f"{self.value / reference:.2f}"
        goal = f"≤ {self.amount(self.goal)}" if self.goal is not None else DASH
        return [self.figure, value, baseline, ratio, goal, self.met, self.note]


HEADINGS = ["figure", "value", "baseline", "ratio", "goal", "met?", "notes"]


def markdown(rows: Sequence[Row]) -> str:
    lines = [_line(HEADINGS), _line(["---"] * len(HEADINGS))]
    lines += [_line(row.cells()) for row in rows]
    return "\n".join(lines)


def goal_lines(rows: Sequence[Row]) -> list[str]:
    lines = []
    for row in rows:
        if row.goal is None:
            continue
        if row.value is None:
            verdict = f"not measured: {row.missing or 'n.a.'}"
        else:
            verdict = "met" if row.met == "yes" else "not met"
        lines.append(f"{row.figure} (≤ {row.amount(row.goal)}): {verdict}")
    return lines


def _line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |"


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None
