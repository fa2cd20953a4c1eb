"""Limits on how often and how expensively camdraw may call the AI service.

Three limits, each switched off by 0: a cooldown between photos (measured from the start of
the last round), a cap on rounds per hour, and a daily spend budget in US dollars. The ledger
that backs them survives restarts (``usage.json`` in the cache folder)::

    {"version": 1,
     "starts": ["2026-11-22T14:03:07+01:00", ...],            # round starts, the last hour
     "questions": ["2026-11-22T14:05:10+01:00", ...],         # answered questions, the same
     "days": {"2026-11-22": {"usd": 0.42, "rounds": 9, "unknown": 1}}}   # the last 31 days

Days are local-time days. A missing, damaged or foreign ledger is ignored with a warning and
replaced on the next write; a ledger that cannot be written is logged, never raised: the limits
keep working in memory. Limits only report (``check``); refusing a round is the caller's job.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, with_config
from typing_extensions import NotRequired, TypedDict

from camdraw.core import disk, paths
from camdraw.core.i18n import _
from camdraw.core.providers.pricing import format_usd
from camdraw.core.settings import LimitSettings

log = logging.getLogger(__name__)

LEDGER_VERSION: Final = 1
LEDGER_DAYS = 31
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class LimitHit:
    """A limit that stops the next round: which one, what to tell people, when it lifts."""

    limit: str  # "cooldown", "hourly" or "budget"
    message: str
    resets_at: datetime


class _Day(BaseModel):
    """One local day in the ledger: what was spent, in how many rounds, how many unpriced."""

    model_config = ConfigDict(strict=True)  # not frozen: the day's sums grow

    usd: float = Field(0.0, ge=0, allow_inf_nan=False)
    rounds: int = Field(0, ge=0)
    unknown: int = Field(0, ge=0)


@with_config(ConfigDict(strict=True))
class _Ledger(TypedDict):
    """The file around the entries; the entries are read one by one, so that a damaged one
    costs only itself."""

    version: Literal[LEDGER_VERSION]
    starts: NotRequired[list[Any]]
    questions: NotRequired[list[Any]]  # when questions about photos were answered, last hour
    days: NotRequired[dict[str, Any]]


_LEDGER = TypeAdapter(_Ledger)
_START = TypeAdapter(datetime)  # as isoformat() wrote it
_DAY_KEY = TypeAdapter(date)


def _aware(moment: datetime) -> datetime:
    """Naive datetimes are local wall-clock time; aware ones make hour arithmetic DST-proof."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def _like(moment: datetime, example: datetime) -> datetime:
    """``moment`` in the same flavour (naive local or aware) as the clock's ``example``."""
    if example.tzinfo is None:
        return moment.astimezone().replace(tzinfo=None)
    return moment.astimezone(example.tzinfo)


def _day_key(moment: datetime) -> str:
    return moment.astimezone().date().isoformat()


def _next_midnight(moment: datetime) -> datetime:
    tomorrow = moment.astimezone().date() + timedelta(days=1)
    return datetime.combine(tomorrow, time()).astimezone()


def format_wait(seconds: float) -> str:
    """``45 s``, ``12 min``, ``3 h 10 min``: always rounded up, so waiting that long is enough."""
    if seconds < 60:
        return f"{max(1, math.ceil(seconds))} s"
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


class Limits:
    """Cooldown, hourly cap and daily budget; safe to call from any thread."""

    def __init__(
        self,
        settings: LimitSettings,
        ledger_path: Path | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._settings = settings
        self._path = ledger_path if ledger_path is not None else paths.cache_dir() / "usage.json"
        self._clock = clock
        self._lock = threading.Lock()
        self._starts: list[datetime] = []
        self._questions: list[datetime] = []  # answered questions count in the hourly cap
        self._days: dict[str, _Day] = {}
        self._write_failed = False
        # Read on first use, not here: the window creates this on the GUI thread and warms it
        # up from a background job.
        self._loaded = False

    @property
    def ledger_path(self) -> Path:
        return self._path

    def update(self, settings: LimitSettings) -> None:
        with self._lock:
            self._ensure_loaded()
            self._settings = settings

    def check(self, *, cooldown: bool = True) -> LimitHit | None:
        """The limit that stops a round starting now, or None. When several do, the one that
        lifts last is reported: waiting out the others would not help. ``cooldown=False``
        for a question about a photo: the cooldown is between photos."""
        with self._lock:
            self._ensure_loaded()
            raw = self._clock()
            now = _aware(raw)
            waits = self._cooldown(now) if cooldown else None
            found = [
                hit for hit in (waits, self._hourly(now), self._budget(now)) if hit is not None
            ]
        if not found:
            return None
        limit, message, resets_at = max(found, key=lambda hit: hit[2])
        return LimitHit(limit, message, _like(resets_at, raw))

    def round_started(self) -> None:
        with self._lock:
            self._ensure_loaded()
            now = _aware(self._clock())
            self._starts.append(now)
            self._today(now).rounds += 1
            self._prune(now)
            self._save()

    def question_asked(self) -> None:
        """An answered question about a photo: it counts in the hourly cap (its cost is
        booked with ``add_cost``), but starts no cooldown."""
        with self._lock:
            self._ensure_loaded()
            now = _aware(self._clock())
            self._questions.append(now)
            self._prune(now)
            self._save()

    def add_cost(self, usd: float | None) -> None:
        """Book a round's cost; None (price unknown) books nothing but counts the round."""
        with self._lock:
            self._ensure_loaded()
            now = _aware(self._clock())
            day = self._today(now)
            if usd is None or not math.isfinite(usd):
                day.unknown += 1
            else:
                day.usd += max(0.0, usd)
            self._prune(now)
            self._save()

    def spent_today(self) -> float:
        with self._lock:
            self._ensure_loaded()
            day = self._days.get(_day_key(_aware(self._clock())))
            return day.usd if day else 0.0

    # -- the three limits: (name, message, resets_at) or None -------------------------------

    def _cooldown(self, now: datetime) -> tuple[str, str, datetime] | None:
        cooldown = timedelta(seconds=max(0.0, self._settings.cooldown_s))
        if not cooldown or not self._starts:
            return None
        # min(): a clock set back must not block for longer than one cooldown.
        resets_at = min(max(self._starts) + cooldown, now + cooldown)
        if resets_at <= now:
            return None
        wait = format_wait((resets_at - now).total_seconds())
        return "cooldown", f"Wait {wait} between photos (cooldown).", resets_at

    def _hourly(self, now: datetime) -> tuple[str, str, datetime] | None:
        cap = self._settings.max_rounds_per_hour
        photos = [t for t in self._starts if t > now - HOUR]
        questions = [t for t in self._questions if t > now - HOUR]
        recent = sorted(photos + questions)
        if cap <= 0 or len(recent) < cap:
            return None
        # The round that has to drop out of the window before one more fits under the cap.
        resets_at = min(recent[len(recent) - cap] + HOUR, now + HOUR)
        at = resets_at.astimezone().strftime("%H:%M")
        wait = format_wait((resets_at - now).total_seconds())
        if questions:
            message = _(
                "In the last hour you have taken {photos} photos and asked {questions} "
                "questions about them; together at most {cap} are allowed (Settings → Limits). "
                "The next one is possible at {at} (in {wait})."
            ).format(photos=len(photos), questions=len(questions), cap=cap, at=at, wait=wait)
            return "hourly", message, resets_at
        taken = f"You have taken {len(recent)} photos in the last hour"
        if len(recent) == cap:
            taken += ", the most allowed (Settings → Limits)."
        else:
            taken += f"; at most {cap} are allowed (Settings → Limits)."
        return "hourly", f"{taken} The next one is possible at {at} (in {wait}).", resets_at

    def _budget(self, now: datetime) -> tuple[str, str, datetime] | None:
        budget = self._settings.daily_budget_usd
        day = self._days.get(_day_key(now))
        spent = day.usd if day else 0.0
        if budget <= 0 or spent < budget:
            return None
        resets_at = _next_midnight(now)
        wait = format_wait((resets_at - now).total_seconds())
        message = (
            f"Today's budget of {format_usd(budget)} is used up ({format_usd(spent)} spent). "
            f"It resets at midnight (in {wait}), or raise it in Settings → Limits."
        )
        return "budget", message, resets_at

    # -- the ledger --------------------------------------------------------------------------

    def _today(self, now: datetime) -> _Day:
        return self._days.setdefault(_day_key(now), _Day())

    def _prune(self, now: datetime) -> None:
        # Starts older than an hour no longer count, unless the cooldown is even longer.
        keep = max(HOUR, timedelta(seconds=max(0.0, self._settings.cooldown_s)))
        self._starts = [t for t in self._starts if t > now - keep]
        self._questions = [t for t in self._questions if t > now - HOUR]
        oldest = (now.astimezone().date() - timedelta(days=LEDGER_DAYS - 1)).isoformat()
        self._days = {key: day for key, day in self._days.items() if key >= oldest}

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            log.warning("Ignoring the usage ledger %s, it cannot be read: %s", self._path, error)
            return
        try:
            ledger = _LEDGER.validate_python(data)
        except ValidationError:
            log.warning("Ignoring %s: it is not a camdraw usage ledger.", self._path)
            return
        for item in ledger.get("starts", []):
            try:
                self._starts.append(_aware(_START.validate_strings(item, strict=True)))
            except ValidationError:
                log.warning("Skipping a damaged round start in %s: %r", self._path, item)
        for item in ledger.get("questions", []):
            try:
                self._questions.append(_aware(_START.validate_strings(item, strict=True)))
            except ValidationError:
                log.warning("Skipping a damaged question time in %s: %r", self._path, item)
        for key, value in ledger.get("days", {}).items():
            try:
                _DAY_KEY.validate_strings(key, strict=True)
                self._days[key] = _Day.model_validate(value)
            except ValidationError:
                log.warning("Skipping a damaged day in %s: %r", self._path, key)

    def _save(self) -> None:
        body = {
            "version": LEDGER_VERSION,
            "starts": [t.isoformat() for t in sorted(self._starts)],
            "questions": [t.isoformat() for t in sorted(self._questions)],
            "days": {
                key: {"usd": round(day.usd, 6), "rounds": day.rounds, "unknown": day.unknown}
                for key, day in sorted(self._days.items())
            },
        }
        try:
            disk.atomic_write_text(self._path, json.dumps(body, indent=1) + "\n")
        except OSError as error:
            # Once per failure streak: the limits still work in memory for this session.
            level = logging.DEBUG if self._write_failed else logging.WARNING
            log.log(level, "The usage ledger %s cannot be written: %s", self._path, error)
            self._write_failed = True
        else:
            self._write_failed = False
