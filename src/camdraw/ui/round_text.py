"""What the window says about a round: its steps, its messages, and how it ended — plain
data and functions of the round record, no widgets.

Kept apart from the window so each wording is testable on its own and the window only places
the texts. The texts go through Qt's translator (the round's outcome in context "RoundText",
the rest in "MainWindow", where they were first written); the error messages the core wrote
are shown as they are.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from camdraw.core.errors import CANCELLED
from camdraw.core.i18n import _, format_number
from camdraw.core.providers.pricing import format_usd
from camdraw.core.store.record import RoundRecord

STEP_TEXT = {
    "photo": QT_TRANSLATE_NOOP("MainWindow", "Saving the photo"),
    "describe": QT_TRANSLATE_NOOP("MainWindow", "Describing the scene"),
    "check": QT_TRANSLATE_NOOP("MainWindow", "Checking the description"),
    "paint": QT_TRANSLATE_NOOP("MainWindow", "Painting the description"),
}
BUSY_NOTE = QT_TRANSLATE_NOOP(
    "MainWindow", "Still working on the last photo — wait until the painting is ready."
)
TEXT = {  # what the round controller says, by a key of its own
    "busy": BUSY_NOTE,
    "no_picture": QT_TRANSLATE_NOOP(
        "MainWindow",
        "There is no camera picture to take. Check the camera, or choose another one "
        "in Settings (Ctrl+,).",
    ),
    "not_saved_yet": QT_TRANSLATE_NOOP("MainWindow", "The photo is not saved yet."),
    "kept": QT_TRANSLATE_NOOP(
        "MainWindow", "{message} The photo is kept in memory until it can be saved."
    ),
    "kept_placeholder": QT_TRANSLATE_NOOP(
        "MainWindow", "The photo is not saved yet: see the message above."
    ),
    "waiting": QT_TRANSLATE_NOOP("MainWindow", "Waiting for the description…"),
    "painting": QT_TRANSLATE_NOOP("MainWindow", "Painting…"),
    "retrying": QT_TRANSLATE_NOOP("MainWindow", "Trying again…"),
    "repainting": QT_TRANSLATE_NOOP("MainWindow", "Painting it again…"),
    "regenerating": QT_TRANSLATE_NOOP("MainWindow", "Painting it anew…"),
    "cancelling": QT_TRANSLATE_NOOP("MainWindow", "Cancelling…"),
    "empty": QT_TRANSLATE_NOOP("MainWindow", "Press Space to take a photo and paint it."),
    "step": QT_TRANSLATE_NOOP("MainWindow", "{step}… {seconds} s"),
}


class Offer(enum.Enum):
    """What the button next to a round message does; the window knows how to do it."""

    RETRY = "retry"
    REGENERATE = "regenerate"
    CHOOSE_FOLDER = "choose_folder"
    SETTINGS = "settings"
    RETRY_CAMERA = "retry_camera"


def phrase(key: str) -> str:
    """``TEXT[key]`` in the interface language."""
    return QCoreApplication.translate("MainWindow", TEXT[key])


@dataclass(frozen=True)
class RoundMessage:
    topic: str  # the banner row: "round", "camera" or "note"
    text: str
    offer: Offer | None = None
    alert: bool = True  # a problem (screen readers are interrupted for it); False: a note


def step_title(step: str) -> str:
    """The running step without its clock: "Describing the scene…" (what a screen reader
    hears of the status line while the step runs)."""
    return QCoreApplication.translate("MainWindow", STEP_TEXT[step]) + "…"


def step_text(step: str, seconds: float) -> str:
    """The status line while ``step`` runs: "Describing the scene… 1.2 s" ("1,2 s" in
    Czech)."""
    return phrase("step").format(
        step=QCoreApplication.translate("MainWindow", STEP_TEXT[step]),
        seconds=format_number(seconds, 1),
    )


@dataclass(frozen=True)
class RoundOutcome:
    status_line: str
    banner: str = ""  # "" hides the round banner
    placeholder: str = ""  # for the empty painting pane; "" keeps the picture
    can_retry: bool = False


def cost_text(record: RoundRecord, spent_today: float, daily_budget: float) -> str:
    if not record.cost:
        return ""
    text = QCoreApplication.translate("RoundText", ", cost {cost}").format(
        cost=format_usd(record.cost.get("usd"))
    )
    if daily_budget:
        text += QCoreApplication.translate("RoundText", " (today {spent} of {budget})").format(
            spent=format_usd(spent_today), budget=format_usd(daily_budget)
        )
    return text


def cache_note(record: RoundRecord) -> str:
    """Why this round cost nothing: what it reused."""
    cache = record.cache
    if cache.get("capture") == "exact":
        what = QCoreApplication.translate(
            "RoundText", "the same photo was described and painted before"
        )
    elif cache.get("capture") == "similar":
        what = QCoreApplication.translate(
            "RoundText", "a nearly identical photo was described and painted before ({source})"
        ).format(source=cache["source"])
    else:
        what = QCoreApplication.translate("RoundText", "the same description was painted before")
    return QCoreApplication.translate(
        "RoundText", "From cache: {what}, so no request was sent."
    ).format(what=what)


def style_caption(style_name: str, offline: bool = False) -> str:
    """The painting pane's caption: the round's style name, and whether the demo made it."""
    if offline:
        if style_name:
            return QCoreApplication.translate("RoundText", "{style}, offline demo").format(
                style=style_name
            )
        return QCoreApplication.translate("RoundText", "offline demo")
    return style_name


def outcome(
    record: RoundRecord | None,
    *,
    photo_kept_in_memory: bool = False,
    spent_today: float = 0.0,
    daily_budget: float = 0.0,
) -> RoundOutcome:
    if record is None and photo_kept_in_memory:
        return RoundOutcome(
            QCoreApplication.translate(
                "RoundText",
                "The photo could not be saved; it is kept in memory. Choose another folder "
                "(see the message above).",
            )
        )
    if record is None:
        return RoundOutcome(
            QCoreApplication.translate("RoundText", "The photo could not be taken."),
            placeholder=QCoreApplication.translate("RoundText", "Press Space to try again."),
        )
    if record.status == "blocked":
        return RoundOutcome(
            QCoreApplication.translate("RoundText", "Not painted. Press Space for the next photo."),
            banner=record.check.get("message") or record.errors.get("paint", ""),
            placeholder=QCoreApplication.translate(
                "RoundText", "Not painted: see the message above."
            ),
        )
    if record.status == "done":
        total = record.timings_ms.get("total", 0) / 1000
        if record.offline:
            # Made on this computer: nothing was sent, nothing was paid.
            extra = QCoreApplication.translate("RoundText", ", offline demo")
        elif record.cache:
            extra = QCoreApplication.translate("RoundText", ", from cache")
        else:
            extra = cost_text(record, spent_today, daily_budget)
        return RoundOutcome(
            QCoreApplication.translate(
                "RoundText",
                "Done in {seconds} s{extra}. Saved as {stem} in {folder}. "
                "Press Space for the next photo.",
            ).format(
                seconds=format_number(total, 1),
                extra=extra,
                stem=record.stem,
                folder=record.files.folder,
            )
        )
    message = next(
        (record.errors[s] for s in record.failed_steps() if s in record.errors),
        record.errors.get("round") or QCoreApplication.translate("RoundText", "A step failed."),
    )
    # The cancel message already says the photo is kept (in the language it was said in).
    if "photo is saved" not in message and _(CANCELLED) not in message:
        message += QCoreApplication.translate("RoundText", " The photo is saved ({name}).").format(
            name=record.files.photo.name
        )
    if record.offline:
        message += QCoreApplication.translate("RoundText", " (offline demo)")
    return RoundOutcome(
        QCoreApplication.translate(
            "RoundText", "The round stopped: see the message above. Retry, or press Space."
        ),
        banner=message,
        placeholder=QCoreApplication.translate("RoundText", "No painting this time.")
        if record.steps["paint"] != "done"
        else "",
        can_retry=True,
    )
