"""One usage ledger for every process, and a ledger that cannot crash the limits.

Real processes book costs at the same time (nothing may be lost); two ``Limits`` on one file
see each other's bookings; a ledger nested too deep, dated in year 9999 or written by a clock
that was later set back gets a clear fallback, never an exception at every round.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import types
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import camdraw
from camdraw.core import file_lock
from camdraw.core.round.limits import Limits, LimitSettings

START = datetime(2026, 11, 22, 14, 0, 0)
PROCESSES = 4
BOOKINGS = 40

# Each process starts and costs BOOKINGS rounds of $0.01 on the same ledger, as fast as it can.
BOOKER = """
import sys
from pathlib import Path
from camdraw.core.round.limits import Limits, LimitSettings

limits = Limits(LimitSettings(0, 0, 0), Path(sys.argv[1]))
sys.stdin.readline()  # all processes begin together
for _ in range(int(sys.argv[2])):
    limits.round_started()
    limits.add_cost(0.01)
    limits.check()
"""


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make(ledger: Path, clock: Clock, **settings: float) -> Limits:
    return Limits(LimitSettings(**settings), ledger, clock)  # type: ignore[arg-type]


def test_processes_booking_at_once_lose_nothing(tmp_path: Path) -> None:
    ledger = tmp_path / "usage.json"
    env = {**os.environ, "PYTHONPATH": str(Path(camdraw.__file__).parents[1])}
    bookers = [
        subprocess.Popen(
            [sys.executable, "-c", BOOKER, str(ledger), str(BOOKINGS)],
            stdin=subprocess.PIPE,
            env=env,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    for booker in bookers:
        assert booker.stdin is not None
        booker.stdin.write("go\n")
        booker.stdin.flush()
    for booker in bookers:
        assert booker.wait(timeout=120) == 0
    days = json.loads(ledger.read_text(encoding="utf-8"))["days"].values()
    assert sum(day["rounds"] for day in days) == PROCESSES * BOOKINGS
    assert sum(day["usd"] for day in days) == pytest.approx(PROCESSES * BOOKINGS * 0.01)


def test_two_limits_on_one_ledger_see_each_others_bookings(tmp_path: Path) -> None:
    clock = Clock()
    caps = {"cooldown_s": 0, "max_rounds_per_hour": 2, "daily_budget_usd": 1.0}
    window = make(tmp_path / "usage.json", clock, **caps)
    draw = make(tmp_path / "usage.json", clock, **caps)
    assert window.check() is None and draw.check() is None  # both have read the ledger
    window.round_started()
    window.add_cost(0.4)
    assert draw.spent_today() == pytest.approx(0.4)
    assert draw.try_start() is None
    draw.add_cost(0.7)
    assert window.spent_today() == pytest.approx(1.1)
    hit = window.check()
    assert hit is not None and hit.limit == "budget"
    hit = draw.try_start()
    assert hit is not None  # the budget (and the two rounds of the hour) are used up
    body = json.loads((tmp_path / "usage.json").read_text(encoding="utf-8"))
    assert body["days"]["2026-11-22"] == {"usd": 1.1, "rounds": 2, "unknown": 0}


def test_a_ledger_nested_too_deep_is_ignored_and_replaced(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ledger = tmp_path / "usage.json"
    ledger.write_text('{"version": 1, "days": ' + "[" * 200_000 + "]" * 200_000 + "}")
    limits = make(ledger, Clock(), daily_budget_usd=1.0)
    with caplog.at_level(logging.WARNING, logger="camdraw.core.round.limits"):
        assert limits.check() is None
        assert limits.check() is None
    assert caplog.text.count("usage ledger") == 1  # said once, not at every check
    limits.add_cost(0.25)
    assert json.loads(ledger.read_text(encoding="utf-8"))["days"]["2026-11-22"]["usd"] == 0.25


def test_a_ledger_dated_in_year_9999_does_not_break_the_limits(tmp_path: Path) -> None:
    ledger = tmp_path / "usage.json"
    ledger.write_text(
        json.dumps(
            {
                "version": 1,
                "starts": ["9999-12-31T23:59:59", "9999-12-31T23:59:59+14:00"],
                "days": {"9999-12-31": {"usd": 99.0, "rounds": 1, "unknown": 0}},
            }
        ),
        encoding="utf-8",
    )
    clock = Clock()
    limits = make(ledger, clock, cooldown_s=3, max_rounds_per_hour=2, daily_budget_usd=5.0)
    hit = limits.check()  # no OverflowError
    assert hit is not None and hit.limit == "hourly"
    assert hit.resets_at <= START + timedelta(hours=1)
    limits.add_cost(0.1)  # books, and writes a ledger without the year 9999 in it
    clock.now += timedelta(hours=1, seconds=1)
    assert limits.check() is None
    assert "9999" not in ledger.read_text(encoding="utf-8")


def test_a_clock_set_back_holds_the_hourly_cap_for_an_hour_at_most(tmp_path: Path) -> None:
    clock = Clock(START + timedelta(days=3))
    limits = make(tmp_path / "usage.json", clock, max_rounds_per_hour=2)
    limits.round_started()
    limits.round_started()
    clock.now = START  # set back three days
    hit = limits.check()
    assert hit is not None and hit.limit == "hourly"
    assert hit.resets_at <= START + timedelta(hours=1)
    clock.now = START + timedelta(hours=1, seconds=1)
    assert limits.check() is None  # not three days


def test_the_lock_uses_msvcrt_on_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []

    def locking(fd: int, mode: int, nbytes: int) -> None:
        calls.append((mode, nbytes))
        if calls == [(stand_in.LK_NBLCK, 1)]:  # the first try finds another process holding it
            raise OSError(36, "Resource deadlock avoided")

    stand_in = types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0, locking=locking)
    monkeypatch.setitem(sys.modules, "msvcrt", stand_in)
    monkeypatch.setattr(sys, "platform", "win32")
    with file_lock.locked(tmp_path / "usage.json.lock") as held:
        assert held
        assert calls == [(2, 1), (2, 1)]
    assert calls[-1] == (0, 1)
