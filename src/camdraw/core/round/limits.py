"""Limits on how often and how expensively camdraw may call the AI service.

Three limits, each switched off by 0: a cooldown between photos (measured from the start of
the last round), a cap on rounds per hour, and a daily spend budget in US dollars. The ledger
that backs them survives restarts (``usage.json`` in the cache folder)::

    {"version": 1,
     "starts": ["2026-11-22T14:03:07+01:00", ...],            # round starts, the last hour
     "questions": ["2026-11-22T14:05:10+01:00", ...],         # answered questions, the same
     "days": {"2026-11-22": {"usd": 0.42, "rounds": 9, "unknown": 1}}}   # the last 31 days

Days are local-time days. One ledger serves every process (the window, ``camdraw draw`` runs):
each check, start and cost re-reads it and writes it back under a lock file beside it
(``usage.json.lock``, ``core/file_lock.py``), so nothing one process books is lost or unseen by
another. A missing, damaged, foreign, oversized or absurdly nested ledger is ignored with a
warning and replaced on the next write; an entry that cannot be used (a date in year 9999) is
skipped; a round start in the future (the clock was set back) counts as starting now. A ledger
that cannot be written is logged, never raised: the limits keep working in memory. Limits
only report (``check``, ``try_start``); refusing a round is the caller's job.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, with_config
from typing_extensions import NotRequired, TypedDict

from camdraw.core import disk, file_lock, paths
from camdraw.core.i18n import _, ngettext
from camdraw.core.providers.pricing import format_usd
from camdraw.core.settings import LimitSettings

log = logging.getLogger(__name__)

LEDGER_VERSION: Final = 1
LEDGER_DAYS = 31
LEDGER_MAX_BYTES = 1024 * 1024  # a real one is a few kilobytes
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
    try:
        tomorrow = moment.astimezone().date() + timedelta(days=1)
        return datetime.combine(tomorrow, time()).astimezone()
    except (OverflowError, ValueError):  # a clock at the end of year 9999
        return moment + timedelta(days=1) if moment.year < 9999 else moment


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
        self._warned: object = None  # the ledger content last warned about

    @property
    def ledger_path(self) -> Path:
        return self._path

    def update(self, settings: LimitSettings) -> None:
        with self._lock:
            self._settings = settings

    @contextmanager
    def _ledger(self) -> Iterator[datetime]:
        """The ledger as every process left it, held for the body; yields the clock's
        reading, the ledger already pruned to it."""
        with self._lock, file_lock.locked(self._path.with_name(self._path.name + ".lock")):
            raw = self._clock()
            self._reload()
            if self._prune(_aware(raw)):
                self._save()  # so that the next reading starts its hour from now, not later
            yield raw

    def check(self, *, cooldown: bool = True) -> LimitHit | None:
        """The limit that stops a round starting now, or None. When several do, the one that
        lifts last is reported: waiting out the others would not help. ``cooldown=False``
        for a question about a photo: the cooldown is between photos."""
        with self._ledger() as raw:
            return self._hit(raw, cooldown=cooldown)

    def try_start(self) -> LimitHit | None:
        """``check`` and, when nothing stops it, ``round_started`` in one step: two processes
        starting at once cannot both take the last round of the hour."""
        with self._ledger() as raw:
            hit = self._hit(raw)
            if hit is None:
                self._start(_aware(raw))
            return hit

    def round_started(self) -> None:
        with self._ledger() as raw:
            self._start(_aware(raw))

    def question_asked(self) -> None:
        """An answered question about a photo: it counts in the hourly cap (its cost is
        booked with ``add_cost``), but starts no cooldown."""
        with self._ledger() as raw:
            self._questions.append(_aware(raw))
            self._save()

    def add_cost(self, usd: float | None, *, unknown: bool = False) -> None:
        """Book a round's cost; ``unknown``: some of its price is not known (``usd`` then
        counts those parts at the dearest known price). None books nothing but counts the
        round as unknown."""
        with self._ledger() as raw:
            day = self._today(_aware(raw))
            if usd is None or not math.isfinite(usd):
                day.unknown += 1
                usd = 0.0
            elif unknown:
                day.unknown += 1
            day.usd += max(0.0, usd)
            self._save()

    def spent_today(self) -> float:
        with self._ledger() as raw:
            day = self._days.get(_day_key(_aware(raw)))
            return day.usd if day else 0.0

    def _start(self, now: datetime) -> None:
        self._starts.append(now)
        self._today(now).rounds += 1
        self._save()

    def _hit(self, raw: datetime, *, cooldown: bool = True) -> LimitHit | None:
        now = _aware(raw)
        waits = self._cooldown(now) if cooldown else None
        found = [hit for hit in (waits, self._hourly(now), self._budget(now)) if hit is not None]
        if not found:
            return None
        limit, message, resets_at = max(found, key=lambda hit: hit[2])
        return LimitHit(limit, message, _like(resets_at, raw))

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
        return "cooldown", _("Wait {wait} between photos (cooldown).").format(wait=wait), resets_at

    def _hourly(self, now: datetime) -> tuple[str, str, datetime] | None:
        cap = self._settings.max_rounds_per_hour
        photos = [t for t in self._starts if t > now - HOUR]
        questions = [t for t in self._questions if t > now - HOUR]
        recent = sorted(photos + questions)
        if cap <= 0 or len(recent) < cap:
            return None
        # The round that has to drop out of the window before one more fits under the cap.
        resets_at = min(recent[len(recent) - cap] + HOUR, now + HOUR)
        if questions:
            at = resets_at.astimezone().strftime("%H:%M")
            wait = format_wait((resets_at - now).total_seconds())
            message = _(
                "In the last hour you have taken {photos} photos and asked {questions} "
                "questions about them; together at most {cap} are allowed (Settings → Limits). "
                "The next one is possible at {at} (in {wait})."
            ).format(photos=len(photos), questions=len(questions), cap=cap, at=at, wait=wait)
            return "hourly", message, resets_at
        count = len(recent)
        if count == cap:
            taken = ngettext(
                "You have taken {count} photo in the last hour, the most allowed "
                "(Settings → Limits).",
                "You have taken {count} photos in the last hour, the most allowed "
                "(Settings → Limits).",
                count,
            )
        else:
            taken = ngettext(
                "You have taken {count} photo in the last hour; at most {cap} are allowed "
                "(Settings → Limits).",
                "You have taken {count} photos in the last hour; at most {cap} are allowed "
                "(Settings → Limits).",
                count,
            )
        at = resets_at.astimezone().strftime("%H:%M")
        wait = format_wait((resets_at - now).total_seconds())
        message = _("{taken} The next one is possible at {at} (in {wait}).").format(
            taken=taken.format(count=count, cap=cap), at=at, wait=wait
        )
        return "hourly", message, resets_at

    def _budget(self, now: datetime) -> tuple[str, str, datetime] | None:
        budget = self._settings.daily_budget_usd
        day = self._days.get(_day_key(now))
        spent = day.usd if day else 0.0
        if budget <= 0 or spent < budget:
            return None
        resets_at = _next_midnight(now)
        wait = format_wait((resets_at - now).total_seconds())
        message = _(
            "Today's budget of {budget} is used up ({spent} spent). "
            "It resets at midnight (in {wait}), or raise it in Settings → Limits."
        ).format(budget=format_usd(budget), spent=format_usd(spent), wait=wait)
        return "budget", message, resets_at

    # -- the ledger --------------------------------------------------------------------------

    def _today(self, now: datetime) -> _Day:
        return self._days.setdefault(_day_key(now), _Day())

    def _prune(self, now: datetime) -> bool:
        """Drop what no longer counts; True when a start in the future was moved to now."""
        # A start in the future means the clock was set back: it counts as starting now, so
        # the hourly cap holds for an hour at most, not for the whole gap.
        moved = any(t > now for t in self._starts)
        starts = [min(t, now) for t in self._starts]
        # Starts older than an hour no longer count, unless the cooldown is even longer.
        keep = max(HOUR, timedelta(seconds=max(0.0, self._settings.cooldown_s)))
        self._starts = [t for t in starts if t > now - keep]
        self._questions = [min(t, now) for t in self._questions if t > now - HOUR]
        try:
            today = now.astimezone().date()
            oldest = (today - timedelta(days=LEDGER_DAYS - 1)).isoformat()
            newest = (today + timedelta(days=1)).isoformat()  # a day ahead: time zones
        except (OverflowError, ValueError):  # a clock at the very start or end of the calendar
            return moved
        # Days after tomorrow were booked by a clock set wrong: they would count on that day.
        self._days = {key: day for key, day in self._days.items() if oldest <= key <= newest}
        return moved

    def _reload(self) -> None:
        """Take the ledger as it is on disk now (every process writes it). While this one
        cannot write it, what it holds in memory stays (the file has not got it)."""
        if self._write_failed:
            return
        self._starts, self._questions, self._days = [], [], {}
        try:
            with self._path.open("rb") as handle:
                raw = handle.read(LEDGER_MAX_BYTES + 1)
        except FileNotFoundError:
            return
        except OSError as error:
            self._warn(str(error), "Ignoring the usage ledger %s, it cannot be read: %s", error)
            return
        if len(raw) > LEDGER_MAX_BYTES:
            self._warn(len(raw), "Ignoring the usage ledger %s: it is too large (%s).", "> 1 MB")
            return
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as error:  # RecursionError: nested too deep
            self._warn(raw, "Ignoring the usage ledger %s, it cannot be read: %s", error)
            return
        try:
            ledger = _LEDGER.validate_python(data)
        except (ValidationError, RecursionError):
            self._warn(raw, "Ignoring %s: it is not a camdraw usage ledger.%s", "")
            return
        damaged = 0
        for item in ledger.get("starts", []):
            try:
                self._starts.append(_aware(_START.validate_strings(item, strict=True)))
            except (ValidationError, OverflowError, ValueError, TypeError):
                damaged += 1
        for item in ledger.get("questions", []):
            try:
                self._questions.append(_aware(_START.validate_strings(item, strict=True)))
            except (ValidationError, OverflowError, ValueError, TypeError):
                damaged += 1
        for key, value in ledger.get("days", {}).items():
            try:
                _DAY_KEY.validate_strings(key, strict=True)
                self._days[key] = _Day.model_validate(value)
            except (ValidationError, RecursionError, TypeError):
                damaged += 1
        if damaged:
            self._warn(raw, "Skipping damaged entries in the usage ledger %s (%s).", damaged)
        else:
            self._warned = None

    def _warn(self, content: object, message: str, detail: object) -> None:
        """Log a ledger problem once, not at every check while the file stays as it is."""
        if content != self._warned:
            self._warned = content
            log.warning(message, self._path, detail)

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
