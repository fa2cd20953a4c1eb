import json
import logging
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from camdraw.core import paths
from camdraw.core.round.limits import LimitHit, Limits, LimitSettings, format_wait

START = datetime(2026, 11, 22, 14, 0, 0)


class Clock:
    """A hand-wound clock: tests move time, nothing sleeps."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return tmp_path / "usage.json"


def make(ledger: Path, clock: Clock, **settings: float) -> Limits:
    return Limits(LimitSettings(**settings), ledger, clock)  # type: ignore[arg-type]


def test_nothing_is_hit_below_the_limits(ledger: Path, clock: Clock) -> None:
    limits = make(ledger, clock)
    assert limits.check() is None
    for _ in range(10):
        limits.round_started()
        limits.add_cost(0.05)
        clock.advance(seconds=3)
        assert limits.check() is None
    assert limits.spent_today() == pytest.approx(0.5)


def test_cooldown_counts_from_the_start_of_the_last_round(ledger: Path, clock: Clock) -> None:
    limits = make(ledger, clock, cooldown_s=3.0)
    limits.round_started()
    clock.advance(seconds=1)
    assert limits.check() == LimitHit(
        "cooldown", "Wait 2 s between photos (cooldown).", START + timedelta(seconds=3)
    )
    clock.advance(seconds=2)
    assert limits.check() is None


def test_long_cooldowns_are_said_in_minutes(ledger: Path, clock: Clock) -> None:
    limits = make(ledger, clock, cooldown_s=600)
    limits.round_started()
    clock.advance(seconds=30)
    hit = limits.check()
    assert hit is not None
    assert hit.message == "Wait 10 min between photos (cooldown)."


def test_zero_cooldown_is_off(ledger: Path, clock: Clock) -> None:
    limits = make(ledger, clock, cooldown_s=0)
    limits.round_started()
    assert limits.check() is None


def test_hourly_cap_names_the_limit_and_when_it_lifts(ledger: Path, clock: Clock) -> None:
    limits = make(ledger, clock, cooldown_s=0, max_rounds_per_hour=3)
    for _ in range(3):
        limits.round_started()
        clock.advance(minutes=10)
    clock.advance(minutes=-5)  # 14:25
    hit = limits.check()
    assert hit == LimitHit(
        "hourly",
        "You have taken 3 photos in the last hour, the most allowed (Settings → Limits). "
        "The next one is possible at 15:00 (in 35 min).",
        datetime(2026, 11, 22, 15, 0),
    )
    clock.now = hit.resets_at
    assert limits.check() is None


def test_lowering_the_cap_is_applied_at_once(ledger: Path, clock: Clock) -> None:
    limits = make(ledger, clock, cooldown_s=0, max_rounds_per_hour=60)
    for _ in range(4):
        limits.round_started()
        clock.advance(minutes=1)
    assert limits.check() is None
    limits.update(LimitSettings(cooldown_s=0, max_rounds_per_hour=2))
    hit = limits.check()
    assert hit is not None and hit.limit == "hourly"
    assert "You have taken 4 photos in the last hour; at most 2 are allowed" in hit.message
    # Two of the four must leave the window: the third start (14:02) plus an hour.
    assert hit.resets_at == datetime(2026, 11, 22, 15, 2)
    limits.update(LimitSettings(cooldown_s=0, max_rounds_per_hour=0))  # 0: no cap
    assert limits.check() is None


def test_budget_lasts_until_local_midnight(ledger: Path, clock: Clock) -> None:
    clock.now = datetime(2026, 11, 22, 20, 50)
    limits = make(ledger, clock, daily_budget_usd=5.0)
    limits.round_started()
    limits.add_cost(4.99)
    clock.advance(seconds=10)
    assert limits.check() is None
    limits.add_cost(0.04)
    assert limits.check() == LimitHit(
        "budget",
        "Today's budget of $5.00 is used up ($5.03 spent). It resets at midnight "
        "(in 3 h 10 min), or raise it in Settings → Limits.",
        datetime(2026, 11, 23, 0, 0),
    )
    clock.now = datetime(2026, 11, 23, 0, 0)
    assert limits.check() is None
    assert limits.spent_today() == 0


def test_zero_budget_is_off(ledger: Path, clock: Clock) -> None:
    limits = make(ledger, clock, daily_budget_usd=0)
    limits.add_cost(1000.0)
    assert limits.check() is None


def test_the_limit_that_lifts_last_is_reported(ledger: Path, clock: Clock) -> None:
    limits = make(ledger, clock, cooldown_s=3, daily_budget_usd=1.0)
    limits.round_started()
    limits.add_cost(2.0)
    hit = limits.check()
    assert hit is not None and hit.limit == "budget"


def test_unknown_costs_count_rounds_but_not_money(ledger: Path, clock: Clock) -> None:
    limits = make(ledger, clock, daily_budget_usd=1.0)
    limits.round_started()
    limits.add_cost(None)
    limits.add_cost(float("nan"))
    assert limits.spent_today() == 0
    day = json.loads(ledger.read_text(encoding="utf-8"))["days"]["2026-11-22"]
    assert day == {"usd": 0.0, "rounds": 1, "unknown": 2}


def test_ledger_survives_a_restart(ledger: Path, clock: Clock) -> None:
    first = make(ledger, clock, cooldown_s=3, max_rounds_per_hour=2)
    first.round_started()
    first.add_cost(1.25)
    clock.advance(seconds=5)
    first.round_started()
    first.add_cost(0.5)
    second = make(ledger, clock, cooldown_s=3, max_rounds_per_hour=2)
    assert second.spent_today() == pytest.approx(1.75)
    hit = second.check()
    assert hit is not None
    assert hit.limit == "hourly"  # both starts came back, and the cooldown lifts sooner
    assert hit.resets_at == START + timedelta(hours=1)
    body = json.loads(ledger.read_text(encoding="utf-8"))
    assert body["version"] == 1
    assert len(body["starts"]) == 2
    assert body["days"] == {"2026-11-22": {"usd": 1.75, "rounds": 2, "unknown": 0}}


def test_ledger_keeps_an_hour_of_starts_and_31_days(ledger: Path, clock: Clock) -> None:
    limits = make(ledger, clock)
    for _ in range(40):
        limits.round_started()
        limits.add_cost(0.1)
        clock.advance(days=1)
    body = json.loads(ledger.read_text(encoding="utf-8"))
    assert len(body["starts"]) == 1
    assert len(body["days"]) == 31
    assert min(body["days"]) == "2026-12-01"
    assert max(body["days"]) == "2026-12-31"


@pytest.mark.parametrize(
    "content",
    ["{not json", "[1, 2, 3]", '{"version": 99, "days": {}}', "\xff\xfe garbage"],
    ids=["corrupt", "foreign", "newer", "binary"],
)
def test_a_bad_ledger_is_ignored_and_replaced(
    ledger: Path, clock: Clock, content: str, caplog: pytest.LogCaptureFixture
) -> None:
    ledger.write_bytes(content.encode("latin-1"))
    limits = make(ledger, clock)
    with caplog.at_level(logging.WARNING, logger="camdraw.core.round.limits"):
        assert limits.check() is None  # the ledger is read on first use
    assert "usage ledger" in caplog.text
    assert limits.spent_today() == 0
    limits.add_cost(0.25)
    assert json.loads(ledger.read_text(encoding="utf-8"))["days"]["2026-11-22"]["usd"] == 0.25


def test_damaged_entries_are_skipped_and_the_rest_kept(ledger: Path, clock: Clock) -> None:
    ledger.write_text(
        json.dumps(
            {
                "version": 1,
                "starts": ["yesterday", 5, START.isoformat()],
                "days": {
                    "2026-11-22": {"usd": 2.5, "rounds": 3, "unknown": 0},
                    "2026-11-21": {"usd": "lots"},
                    "not a date": {"usd": 1.0},
                },
            }
        ),
        encoding="utf-8",
    )
    limits = make(ledger, clock, cooldown_s=60)
    assert limits.spent_today() == 2.5
    hit = limits.check()
    assert hit is not None and hit.limit == "cooldown"


def test_an_unwritable_ledger_is_logged_not_raised(
    tmp_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="camdraw.core.round.limits"):
        limits = make(blocker / "usage.json", clock, daily_budget_usd=1.0)
        limits.round_started()
        limits.add_cost(1.5)
    assert "cannot be written" in caplog.text
    # The limits keep working in memory.
    assert limits.spent_today() == 1.5
    hit = limits.check()
    assert hit is not None and hit.limit == "budget"


def test_default_ledger_lives_in_the_cache_dir(clock: Clock) -> None:
    limits = Limits(LimitSettings(), clock=clock)
    limits.add_cost(0.1)
    assert limits.ledger_path == paths.cache_dir() / "usage.json"
    assert limits.ledger_path.is_file()


def test_aware_clocks_get_aware_reset_times(ledger: Path) -> None:
    utc = Clock(datetime(2026, 11, 22, 14, 0, tzinfo=timezone.utc))
    limits = make(ledger, utc, cooldown_s=3)
    limits.round_started()
    hit = limits.check()
    assert hit is not None
    assert hit.resets_at == datetime(2026, 11, 22, 14, 0, 3, tzinfo=timezone.utc)


class SlowCost(float):
    """A cost that is slow to compare, which gives other threads time to interleave."""

    def __gt__(self, other: object) -> bool:
        time.sleep(0.001)
        return float(self) > other  # type: ignore[operator]

    __lt__ = __gt__


def test_calls_from_many_threads_lose_nothing(ledger: Path, clock: Clock) -> None:
    limits = make(ledger, clock, daily_budget_usd=0)

    def book() -> None:
        for _ in range(10):
            limits.add_cost(SlowCost(0.01))
            limits.check()

    threads = [threading.Thread(target=book) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert limits.spent_today() == pytest.approx(0.4)
    assert json.loads(ledger.read_text(encoding="utf-8"))["days"]["2026-11-22"]["usd"] == 0.4


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.2, "1 s"),
        (44.1, "45 s"),
        (60, "1 min"),
        (719, "12 min"),
        (3600, "1 h"),
        (11400, "3 h 10 min"),
    ],
)
def test_format_wait_rounds_up(seconds: float, text: str) -> None:
    assert format_wait(seconds) == text


def test_questions_count_in_the_hourly_cap_but_start_no_cooldown(
    ledger: Path, clock: Clock
) -> None:
    limits = make(ledger, clock, cooldown_s=60.0, max_rounds_per_hour=3)
    limits.round_started()
    assert limits.check().limit == "cooldown"  # type: ignore[union-attr]
    assert limits.check(cooldown=False) is None  # a question about that photo may go now
    limits.question_asked()
    clock.advance(seconds=61)
    assert limits.check() is None  # the question did not restart the cooldown
    limits.question_asked()
    hit = limits.check(cooldown=False)
    assert hit is not None and hit.limit == "hourly"
    assert "taken 1 photos and asked 2 questions" in hit.message
    assert hit.resets_at == START + timedelta(hours=1)
    again = make(ledger, clock, cooldown_s=60.0, max_rounds_per_hour=3)
    assert again.check(cooldown=False) == hit  # the ledger keeps the questions
    clock.advance(hours=1)
    assert again.check() is None
