"""What the window says when a round ends: plain functions of the round record, no widgets.

Kept apart from the window so each wording is testable on its own and the window only places
the texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from camdraw.core.pricing import format_usd
from camdraw.core.record import RoundRecord


@dataclass(frozen=True)
class RoundOutcome:
    status_line: str
    banner: str = ""  # "" hides the round banner
    placeholder: str = ""  # for the empty painting pane; "" keeps the picture
    can_retry: bool = False


def cost_text(record: RoundRecord, spent_today: float, daily_budget: float) -> str:
    if not record.cost:
        return ""
    text = f", cost {format_usd(record.cost.get('usd'))}"
    if daily_budget:
        text += f" (today {format_usd(spent_today)} of {format_usd(daily_budget)})"
    return text


def cache_note(record: RoundRecord) -> str:
    """Why this round cost nothing: what it reused."""
    cache = record.cache
    if cache.get("capture") == "exact":
        what = "the same photo was described and painted before"
    elif cache.get("capture") == "similar":
        what = f"a nearly identical photo was described and painted before ({cache['source']})"
    else:
        what = "the same description was painted before"
    return f"From cache: {what}, so no request was sent."


def outcome(
    record: RoundRecord | None,
    *,
    photo_kept_in_memory: bool = False,
    spent_today: float = 0.0,
    daily_budget: float = 0.0,
) -> RoundOutcome:
    if record is None and photo_kept_in_memory:
        return RoundOutcome(
            "The photo could not be saved; it is kept in memory. Choose another folder "
            "(see the message above)."
        )
    if record is None:
        return RoundOutcome(
            "The photo could not be taken.", placeholder="Press Space to try again."
        )
    if record.status == "blocked":
        return RoundOutcome(
            "Not painted. Press Space for the next photo.",
            banner=record.check.get("message") or record.errors.get("paint", ""),
            placeholder="Not painted: see the message above.",
        )
    if record.status == "done":
        total = record.timings_ms.get("total", 0) / 1000
        cost = ", from cache" if record.cache else cost_text(record, spent_today, daily_budget)
        return RoundOutcome(
            f"Done in {total:.1f} s{cost}. Saved as {record.stem} in {record.files.folder}. "
            "Press Space for the next photo."
        )
    message = next(
        (record.errors[s] for s in record.failed_steps() if s in record.errors),
        record.errors.get("round", "A step failed."),
    )
    if "photo is saved" not in message:
        message = f"{message} The photo is saved ({record.files.photo.name})."
    return RoundOutcome(
        "The round stopped: see the message above. Retry, or press Space.",
        banner=message,
        placeholder="No painting this time." if record.steps["paint"] != "done" else "",
        can_retry=True,
    )
