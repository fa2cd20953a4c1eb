"""A check of the Qt binding's reference counting, which the benchmark needs to survive.

PySide6 6.12.0 on CPython 3.11 (where None, True and False are not yet immortal) drops a
reference to None with every void Qt method called from Python, and to True/False with some
others. When one of them reaches zero the interpreter aborts ("none_dealloc" / "bool_dealloc"),
in a long session or at exit. The benchmark measures how fast the app loses them, then pins
extra references so that it can finish and report; nothing is hidden: the header says so.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

PIN_COUNT = 200_000  # extra references to each of None, True, False (1.6 MB of list slots)
_pins: list[object] = []


def refs() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


@dataclass
class BindingCheck:
    lost_per_1000_calls: int
    pinned: bool

    @property
    def leaks(self) -> bool:
        return self.lost_per_1000_calls > 500


def check_and_pin() -> BindingCheck:
    """Call a void Qt method 1000 times and count the references to None that vanish."""
    from PySide6.QtCore import QTimer

    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(1000):
        timer.stop()
    lost = before - sys.getrefcount(None)
    check = BindingCheck(lost, pinned=False)
    if check.leaks:
        _pins.extend([None, True, False] * PIN_COUNT)
        check.pinned = True
    return check


@dataclass
class Drift:
    """References lost per second while something ran (negative: gained)."""

    seconds: float
    none_per_s: float
    true_per_s: float
    false_per_s: float
    none_refs: int  # how many references None had at the start (pins not counted)
    true_refs: int

    def describe(self) -> str:
        return (
            f"None −{self.none_per_s:.0f}/s, True −{self.true_per_s:.0f}/s, "
            f"False −{self.false_per_s:.0f}/s over {self.seconds:.0f} s"
        )

    def minutes_left(self) -> float | None:
        """At these rates, how long until None or True (unpinned) would reach zero."""
        left = [
            refs / rate / 60
            for refs, rate in ((self.none_refs, self.none_per_s), (self.true_refs, self.true_per_s))
            if rate > 0
        ]
        return min(left) if left else None


def drift(before: tuple[int, int, int], after: tuple[int, int, int], seconds: float) -> Drift:
    pinned = PIN_COUNT if _pins else 0
    rates = [(b - a) / seconds if seconds > 0 else 0.0 for b, a in zip(before, after, strict=True)]
    return Drift(seconds, *rates, none_refs=before[0] - pinned, true_refs=before[1] - pinned)
